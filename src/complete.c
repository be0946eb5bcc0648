/* complete: the words of flow --complete (see complete.h). */
#include "complete.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "flowdir.h"
#include "graph.h"
#include "rule.h"
#include "util.h"

/* The cache's first line; a new format is a new number. */
#define CACHE_MAGIC "flow-complete 1\n"


/* The options whose values are a fixed set, and those values. */
static const struct {
	const char *option;
	const char *values[9];
} option_values[] = {
	{"--containers=", {"auto", "podman", "docker", "apptainer", "off", NULL}},
	{"--dag=", {"dot", "mermaid", NULL}},
	{"--rerun-triggers=", {"all", "input", "command", "params", "env", "image", "output", NULL}},
	{"--export=", {"argo,pvc=", NULL}},
};

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int complete_known(const char *what)
{
	return strcmp(what, "options") == 0 || strcmp(what, "rules") == 0 || strcmp(what, "targets") == 0;
}

/* --rerun-triggers takes a list: complete the item after the last comma. */
static void complete_values(FILE *fp, const char *option, const char *const *values, const char *prefix)
{
	const char *rest = prefix + strlen(option);
	const char *comma = strcmp(option, "--rerun-triggers=") == 0 ? strrchr(rest, ',') : NULL;
	const char *item = comma ? comma + 1 : rest;
	int head = (int)(item - prefix);
	for (size_t v = 0; values[v]; v++)
		if (starts(values[v], item))
			fprintf(fp, "%.*s%s\n", head, prefix, values[v]);
}

/* Print word when it starts with prefix. */
static void offer(FILE *fp, const char *word, const char *prefix)
{
	if (starts(word, prefix))
		fprintf(fp, "%s\n", word);
}

void complete_options(FILE *fp, const struct option *longopts, const char *shortopts, const char *prefix)
{
	for (size_t i = 0; i < sizeof(option_values) / sizeof(option_values[0]); i++)
		if (starts(prefix, option_values[i].option)) {
			complete_values(fp, option_values[i].option, option_values[i].values, prefix);
			return;
		}
	char word[64];
	for (const struct option *o = longopts; o->name; o++) {
		if (strcmp(o->name, "complete") == 0)
			continue;
		if (o->has_arg != required_argument) {
			snprintf(word, sizeof(word), "--%s", o->name);
			offer(fp, word, prefix);
		}
		if (o->has_arg != no_argument) {
			snprintf(word, sizeof(word), "--%s=", o->name);
			offer(fp, word, prefix);
		}
	}
	for (const char *c = shortopts; *c; c++)
		if (*c != ':') {
			snprintf(word, sizeof(word), "-%c", *c);
			offer(fp, word, prefix);
		}
}

void complete_rules(FILE *fp, const struct ruleset *rs, const char *prefix, int targets_only)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		if ((!targets_only || r->nwc == 0) && starts(r->name, prefix))
			fprintf(fp, "%s\n", r->name);
	}
}

char **complete_roots(const struct ruleset *rs, size_t *n)
{
	char **names = xmalloc((rs->nrules + 1) * sizeof(*names));
	*n = 0;
	for (size_t i = 0; i < rs->nrules; i++)
		if (rs->rules[i].nwc == 0)
			names[(*n)++] = (char *)rs->rules[i].name;
	return names;
}

void complete_targets(FILE *fp, const struct graph *g, const struct ruleset *rs, const char *prefix)
{
	size_t n = strlen(prefix);
	for (size_t i = 0; g && i < g->nfiles; i++) {
		const struct file *f = g->files_all[i];
		if (f->producer && !f->producer->rule->target_only && strncmp(f->path, prefix, n) == 0)
			fprintf(fp, "%s\n", f->path);
	}
	complete_rules(fp, rs, prefix, 1);
}

/* "dev ino size sec nsec" of path, or "" when it cannot be statted. */
static void identity(char *out, size_t size, const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		*out = '\0';
		return;
	}
	snprintf(out, size, "%llu %llu %lld %lld %ld", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
		 st.st_mtim.tv_nsec);
}

/* An "F identity<TAB>path" line still true (path relative to dir unless absolute)? */
static int file_unchanged(const char *line, const char *dir)
{
	const char *tab = strchr(line, '\t');
	if (!tab)
		return 0;
	char *path = tab[1] == '/' || !dir ? xstrdup(tab + 1) : NULL;
	if (!path) {
		struct buf b = {0};
		buf_printf(&b, "%s/%s", dir, tab + 1);
		path = b.s;
	}
	char id[128];
	identity(id, sizeof(id), path);
	free(path);
	return *id && strlen(id) == (size_t)(tab - line - 2) && strncmp(id, line + 2, strlen(id)) == 0;
}

int complete_cached(FILE *fp, const char *dir, const char *top, const char *what, const char *prefix)
{
	int dirfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : AT_FDCWD;
	int fd = dir && dirfd < 0 ? -1 : flowdir_openat(dirfd, ".flow/complete", O_RDONLY, 0);
	if (dir && dirfd >= 0)
		close(dirfd);
	FILE *in = fd < 0 ? NULL : fdopen(fd, "r");
	if (!in) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char kind = strcmp(what, "rules") == 0 ? 'R' : 'T';
	size_t n = strlen(prefix);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = -1, checked = 0, nfiles = 0;
	if ((len = getline(&line, &cap, in)) > 0 && strcmp(line, CACHE_MAGIC) == 0)
		rc = 0;
	while (rc == 0 && (len = getline(&line, &cap, in)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == 'F' && !checked) {
			/* The first file is the Flowfile that was read (-f). */
			const char *tab = strchr(line, '\t');
			if (!nfiles++ && (!tab || strcmp(tab + 1, top) != 0))
				rc = -1;
			else if (!file_unchanged(line, dir))
				rc = -1;
			continue;
		}
		if (!checked) {
			/* Every file checked: only now may anything be printed. */
			checked = 1;
			if (ferror(fp))
				rc = -1;
		}
		if (line[0] == kind && line[1] == ' ' && strncmp(line + 2, prefix, n) == 0)
			fprintf(fp, "%s\n", line + 2);
	}
	free(line);
	fclose(in);
	return checked ? rc : -1;
}

/* Add the lines of the cache to b. */
static void cache_text(struct buf *b, const struct diag *d, const char *shown_dir,
		       const struct graph *g, const struct ruleset *rs)
{
	size_t strip = shown_dir ? strlen(shown_dir) : 0;
	buf_printf(b, "%s", CACHE_MAGIC);
	/* d lists the files last read first: the Flowfile goes first. */
	size_t nfiles = 0;
	for (const struct srcfile *f = d->files; f; f = f->next)
		nfiles++;
	const struct srcfile **files = xmalloc((nfiles + 1) * sizeof(*files));
	nfiles = 0;
	for (const struct srcfile *f = d->files; f; f = f->next)
		files[nfiles++] = f;
	while (nfiles--) {
		const char *path = files[nfiles]->path;
		if (strip && strncmp(path, shown_dir, strip) == 0 && path[strip] == '/')
			path += strip + 1;
		char id[128];
		identity(id, sizeof(id), path);
		buf_printf(b, "F %s\t%s\n", id, path);
	}
	free(files);
	for (size_t i = 0; i < g->nfiles; i++) {
		const struct file *f = g->files_all[i];
		if (f->producer && !f->producer->rule->target_only)
			buf_printf(b, "T %s\n", f->path);
	}
	for (size_t i = 0; i < rs->nrules; i++)
		if (rs->rules[i].nwc == 0)
			buf_printf(b, "T %s\n", rs->rules[i].name);
	for (size_t i = 0; i < rs->nrules; i++)
		buf_printf(b, "R %s\n", rs->rules[i].name);
}

void complete_write_cache(const struct diag *d, const char *shown_dir, const struct graph *g,
			  const struct ruleset *rs)
{
	int dirfd = flowdir_dir(".flow");
	if (dirfd < 0)
		return;
	close(dirfd);
	struct buf b = {0};
	cache_text(&b, d, shown_dir, g, rs);
	char tmp[] = ".flow/tmp/complete.XXXXXX";
	int fd = flowdir_mkstemp(tmp);
	if (fd >= 0) {
		size_t done = 0;
		ssize_t w = 0;
		while (done < b.len && (w = write(fd, b.s + done, b.len - done)) > 0)
			done += (size_t)w;
		if (close(fd) < 0 || done < b.len || rename(tmp, ".flow/complete") < 0)
			unlink(tmp);
	}
	buf_free(&b);
}
