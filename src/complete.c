/* complete: the words of flow --complete (see complete.h). */
#include "complete.h"

#include <string.h>

#include "graph.h"
#include "rule.h"

/* Every long option, "=" ending those that take a value; then the short ones. */
static const char *const option_words[] = {
	"--jobs=", "--keep-going", "--dry-run", "--print-commands", "--quiet", "--file=",
	"--directory=", "--resources=", "--dag", "--dag=", "--list", "--help", "--version", "--why",
	"--summary", "--provenance", "--recursive", "--force", "--forceall", "--touch",
	"--rerun-triggers=", "--containers=", "--export=",
	"-j", "-k", "-n", "-p", "-q", "-f", "-C", "-h", NULL,
};

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

void complete_options(FILE *fp, const char *prefix)
{
	for (size_t i = 0; i < sizeof(option_values) / sizeof(option_values[0]); i++)
		if (starts(prefix, option_values[i].option)) {
			complete_values(fp, option_values[i].option, option_values[i].values, prefix);
			return;
		}
	for (size_t i = 0; option_words[i]; i++)
		if (starts(option_words[i], prefix))
			fprintf(fp, "%s\n", option_words[i]);
}

void complete_rules(FILE *fp, const struct ruleset *rs, const char *prefix, int targets_only)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		if ((!targets_only || r->nwc == 0) && starts(r->name, prefix))
			fprintf(fp, "%s\n", r->name);
	}
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
