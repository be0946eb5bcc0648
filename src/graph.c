/* graph: backward inference of jobs from targets, with cycle and ambiguity checks. */
#include "graph.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How often one rule may stand on the current chain of jobs before the chain is taken
 * for an endless recursion (a rule that keeps needing its own output). */
#define MAX_RULE_DEPTH 100

struct frame {
	struct job *job;
	uint32_t next;  /* next input to visit */
};

/* Traversal state of one graph_build. */
struct walk {
	struct graph *g;
	struct frame *stack;
	size_t n, cap;
	uint32_t *rule_depth;
	struct rmatch *cands;
	size_t ncands, capcands;
	struct buf path;
	int errors;
	const char *root;         /* g->root */
	struct strmap dirs;       /* output directory -> its verdict (see confine_dir) */
	const struct file *target; /* the target being resolved, for messages */
	int max_threads;          /* -j: no job takes more threads; 0: no cap */
};

void path_normalise(struct buf *b, const char *p, size_t n)
{
	size_t start = b->len;
	bool abs = n && p[0] == '/';
	if (abs)
		buf_putc(b, '/');
	for (size_t i = 0; i < n;) {
		while (i < n && p[i] == '/')
			i++;
		size_t j = i;
		while (j < n && p[j] != '/')
			j++;
		if (j > i && !(j - i == 1 && p[i] == '.')) {
			if (b->len > start + abs)
				buf_putc(b, '/');
			buf_put(b, p + i, j - i);
		}
		i = j;
	}
	if (b->len == start)
		buf_putc(b, '.');
}

void graph_path(const struct graph *g, struct buf *b, const char *path)
{
	size_t n = g->root ? strlen(g->root) : 0;
	if (n > 1 && strncmp(path, g->root, n) == 0 && path[n] == '/')
		path += n + 1;
	path_normalise(b, path, strlen(path));
}

static struct file *file_get(struct graph *g, const char *path, size_t len)
{
	bool found;
	void **slot = strmap_slot(&g->files, path, len, &found);
	if (found)
		return *slot;
	struct file *f = arena_alloc(&g->arena, sizeof(*f));
	*f = (struct file){.path = arena_strndup(&g->arena, path, len), .len = len};
	strmap_rekey(slot, f->path);
	*slot = f;
	VEC_PUSH(g->files_all, g->nfiles, g->capfiles, f);
	return f;
}

bool graph_stat(struct file *f)
{
	if (f->statted)
		return f->exists;
	struct stat st;
	f->statted = true;
	f->exists = stat(f->path, &st) == 0;
	f->mode = f->exists ? (unsigned)st.st_mode : 0;
	f->mtime_ns = f->exists ? (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec : 0;
	struct fstat_id id = {0};
	if (f->exists)
		id = (struct fstat_id){(uint64_t)st.st_dev, (uint64_t)st.st_ino, (uint64_t)st.st_size, f->mtime_ns,
				       (int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec};
	if (memcmp(&id, &f->id, sizeof(id)) != 0)
		f->hashed = false;
	f->id = id;
	return f->exists;
}

const char *file_odd_kind(unsigned mode)
{
	if (S_ISREG(mode) || S_ISDIR(mode))
		return NULL;
	return S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a character device" : S_ISBLK(mode) ? "a block device"
	       : S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

void graph_unstat(struct file *f)
{
	f->statted = false;
	f->hashed = false;
}

void job_words(struct buf *b, const struct job *j, char sep)
{
	buf_puts(b, j->rule->name);
	for (size_t k = 0; k < j->rule->nwc; k++) {
		buf_putc(b, sep);
		buf_puts(b, j->rule->wcs[k].name);
		buf_putc(b, '=');
		buf_puts(b, j->wc[k]);
	}
}

void job_label(struct buf *b, const struct job *j)
{
	job_words(b, j, ' ');
}

static void add_consumer(struct file *f, struct job *j)
{
	if (f->nconsumers == f->capconsumers) {
		f->capconsumers = f->capconsumers ? f->capconsumers * 2 : 1;
		f->consumers = xrealloc(f->consumers, f->capconsumers * sizeof(*f->consumers));
	}
	f->consumers[f->nconsumers++] = j;
}

/* Instantiate a file set of rule r with wildcard values wc. */
static struct file **instantiate(struct walk *w, const struct fileset *fs, const char **wc, uint32_t *n,
				 size_t known_idx, struct file *known)
{
	struct graph *g = w->g;
	struct file **files = arena_alloc(&g->arena, (fs->npats + 1) * sizeof(*files));
	struct buf raw = {0};
	for (size_t i = 0; i < fs->npats; i++) {
		if (known && i == known_idx) {
			/* The file this pattern was matched against: no need to build its path. */
			files[i] = known;
			continue;
		}
		buf_reset(&raw);
		pattern_subst(&raw, &fs->pats[i], wc);
		buf_reset(&w->path);
		path_normalise(&w->path, raw.s ? raw.s : "", raw.len);
		files[i] = file_get(g, w->path.s, w->path.len);
	}
	buf_free(&raw);
	*n = (uint32_t)fs->npats;
	return files;
}

static void report_ambiguity(struct walk *w, const struct file *f, const struct rule *a, const struct rule *b)
{
	diag_error(w->g->diag, b->pos, "rules '%s' and '%s' can both make '%s'", a->name, b->name, f->path);
	diag_note(w->g->diag, a->pos, "rule '%s' is here", a->name);
	diag_hint(w->g->diag, "give one of them a higher priority, or constrain its wildcards");
	w->errors++;
}

/* Append path to b with "." and ".." pieces taken out lexically; false when a relative
 * path climbs above its start. */
static bool path_collapse(struct buf *b, const char *path)
{
	bool abs = path[0] == '/';
	size_t start = b->len;
	if (abs)
		buf_putc(b, '/');
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (b->len == start + abs) {
				if (!abs)
					return false;
			} else {
				while (b->len > start + abs && b->s[b->len - 1] != '/')
					b->len--;
				if (b->len > start + abs)
					b->len--;
				b->s[b->len] = '\0';
			}
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (b->len > start + abs)
				buf_putc(b, '/');
			buf_put(b, p, n);
		}
		p += n;
	}
	if (b->len == start)
		buf_putc(b, '.');
	return true;
}

static bool under_root(const struct walk *w, const char *real)
{
	size_t n = strlen(w->root);
	if (n == 1)
		return true; /* the project is "/" */
	return strncmp(real, w->root, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

/* Where directory dir (collapsed: lexical, without "..") really is: the real path of its
 * nearest existing ancestor. NULL when that cannot be told. */
static char *real_dir(const char *dir, const char *collapsed)
{
	char *real = realpath(dir, NULL);
	if (real || (errno != ENOENT && errno != ENOTDIR))
		return real;
	/* It does not exist yet: it will be made below its nearest existing ancestor. */
	char *d = xstrdup(collapsed);
	while (!(real = realpath(*d ? d : "/", NULL)) && (errno == ENOENT || errno == ENOTDIR)) {
		char *slash = strrchr(d, '/');
		if (!slash) {
			real = realpath(".", NULL);
			break;
		}
		*slash = '\0';
	}
	free(d);
	return real;
}

/* NULL when output path stays inside the project, else why not (a static string, or
 * where its directory leads, in *real, to be freed). */
static const char *confine_check(struct walk *w, const char *path, char **real)
{
	*real = NULL;
	struct buf col = {0};
	bool ok = path_collapse(&col, path) && (path[0] != '/' || under_root(w, col.s));
	const char *why = NULL;
	if (!ok) {
		why = "is outside the project directory";
	} else if (strchr(path, '/')) {
		char *dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
		char *cslash = strrchr(col.s, '/');
		if (cslash)
			*cslash = '\0';
		else
			buf_reset(&col);
		char *r = real_dir(*dir ? dir : "/", cslash ? col.s : ".");
		if (r && !under_root(w, r)) {
			why = "leads outside the project directory";
			*real = r;
		} else {
			free(r);
		}
		free(dir);
	}
	buf_free(&col);
	return why;
}

/* Refuse file f, output or log idx of fs in job j of rule r, when it resolves outside
 * the project: flow writes and deletes only what is inside it. */
static void confine(struct walk *w, const struct rule *r, const struct fileset *fs, size_t idx,
		    const struct file *f, const char *what)
{
	const char *slash = strrchr(f->path, '/');
	size_t dlen = slash ? (size_t)(slash - f->path) : 0;
	bool found;
	/* One verdict per directory and name's lexical form: cache only plain paths. */
	bool plain = f->path[0] != '/' && !strstr(f->path, "..");
	void **slot = plain ? strmap_slot(&w->dirs, f->path, dlen, &found) : NULL;
	if (slot && found && *slot == (void *)w)
		return;
	char *real;
	const char *why = confine_check(w, f->path, &real);
	if (!why) {
		if (slot) {
			strmap_rekey(slot, arena_strndup(&w->g->arena, f->path, dlen));
			*slot = (void *)w;
		}
		return;
	}
	if (slot && !found) {
		strmap_rekey(slot, arena_strndup(&w->g->arena, f->path, dlen));
		*slot = NULL;
	}
	struct buf how = {0};
	if (real)
		buf_printf(&how, ": its directory is '%s', through a symbolic link", real);
	if (w->target == f)
		diag_plain(w->g->diag, "target '%s' %s '%s'%s; flow makes files only inside it", f->path, why,
			   w->root, how.len ? how.s : "");
	else
		diag_error(w->g->diag, fs->pats[idx].origin ? fs->pats[idx].origin->pos : r->pos,
			   "%s '%s' of rule '%s' %s '%s'%s", what, f->path, r->name, why, w->root,
			   how.len ? how.s : "");
	diag_hint(w->g->diag, "flow writes and deletes only files inside the directory of the Flowfile");
	buf_free(&how);
	free(real);
	w->errors++;
}

/* The job of rule r for wildcard values vals (lens long each); known, when not NULL, is
 * the file its output known_idx names. */
static struct job *job_get(struct walk *w, struct rule *r, const char **vals, const size_t *lens,
			   size_t known_idx, struct file *known)
{
	struct graph *g = w->g;
	const char **wc = arena_alloc(&g->arena, (r->nwc + 1) * sizeof(*wc));
	for (size_t k = 0; k < r->nwc; k++)
		wc[k] = arena_strndup(&g->arena, vals[k], lens[k]);
	uint32_t nout;
	struct file **out = instantiate(w, &r->out, wc, &nout, known_idx, known);
	void **slot = NULL;
	if (nout) {
		/* A job is found through its first output: making a job resolves all of its
		 * outputs, so no map of jobs is needed. */
		if (out[0]->producer && out[0]->producer->rule == r)
			return out[0]->producer;
	} else {
		/* A rule that only names targets is found by its name and wildcards. */
		struct buf key = {0};
		uint32_t idx = (uint32_t)r->index;
		buf_put(&key, (const char *)&idx, sizeof(idx));
		for (size_t k = 0; k < r->nwc; k++) {
			buf_put(&key, vals[k], lens[k]);
			buf_putc(&key, '\0');
		}
		bool found;
		slot = strmap_slot(&g->jobs, key.s, key.len, &found);
		if (found) {
			buf_free(&key);
			return *slot;
		}
		char *stable = arena_alloc(&g->arena, key.len);
		memcpy(stable, key.s, key.len);
		strmap_rekey(slot, stable);
		buf_free(&key);
	}
	struct job *j = arena_alloc(&g->arena, sizeof(*j));
	/* Settled here, before the command is signed: {threads} is the capped count. */
	int threads = w->max_threads && r->threads > w->max_threads ? w->max_threads : r->threads;
	*j = (struct job){.rule = r, .threads = threads, .wc = wc, .out = out, .nout = nout};
	if (slot)
		*slot = j;
	j->in = instantiate(w, &r->in, j->wc, &j->nin, 0, NULL);
	j->log = instantiate(w, &r->log, j->wc, &j->nlog, 0, NULL);
	for (uint32_t i = 0; i < j->nout; i++)
		confine(w, r, &r->out, i, j->out[i], "output");
	for (uint32_t i = 0; i < j->nlog; i++)
		confine(w, r, &r->log, i, j->log[i], "log");
	for (uint32_t i = 0; i < j->nout; i++) {
		struct file *f = j->out[i];
		if (f->resolved && f->producer && f->producer != j)
			report_ambiguity(w, f, f->producer->rule, r);
		f->resolved = true;
		f->producer = j;
	}
	for (uint32_t i = 0; i < j->nin; i++)
		add_consumer(j->in[i], j);
	return j;
}

/* The best "did you mean" for a missing path: a near-identical existing file in the same
 * directory, or an output pattern that nearly matches. Appends to b; false when none. */
static bool suggest(const struct graph *g, const char *path, struct buf *b)
{
	size_t len = strlen(path), limit = len < 6 ? 1 : 2;
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup("");
	char *best = NULL;
	size_t bestd = limit + 1;
	DIR *dp = opendir(*dir ? dir : ".");
	struct buf cand = {0};
	for (struct dirent *e; dp && (e = readdir(dp));) {
		if (e->d_name[0] == '.')
			continue;
		buf_reset(&cand);
		buf_puts(&cand, dir);
		buf_puts(&cand, e->d_name);
		size_t dd = edit_distance(path, cand.s, bestd - 1 < limit ? bestd - 1 : limit);
		if (dd < bestd) {
			free(best);
			best = xstrdup(cand.s);
			bestd = dd;
		}
	}
	if (dp)
		closedir(dp);
	buf_free(&cand);
	free(dir);
	const struct rule *brule = NULL;
	const struct pattern *bpat = NULL;
	size_t pd = bestd;
	for (size_t i = 0; i < g->rs->nrules; i++)
		for (size_t o = 0; o < g->rs->rules[i].out.npats; o++) {
			const struct pattern *p = &g->rs->rules[i].out.pats[o];
			size_t dd = pattern_distance(p, path);
			if (dd > 0 && dd <= limit && dd < pd) {
				pd = dd;
				brule = &g->rs->rules[i];
				bpat = p;
			}
		}
	bool any = true;
	if (bpat)
		buf_printf(b, "did you mean a file like '%s', made by rule '%s'?", bpat->text, brule->name);
	else if (best)
		buf_printf(b, "did you mean '%s'?", best);
	else
		any = false;
	free(best);
	return any;
}

/* The position of input i of rule r as written, or of the rule when unknown. */
static struct pos input_pos(const struct rule *r, uint32_t i)
{
	const struct value *v = i < r->in.npats ? r->in.pats[i].origin : NULL;
	return v ? v->pos : r->pos;
}

/* Describe f in b when it is a symbolic link that leads nowhere: "a broken symbolic link
 * to 'T'" or "a symbolic link that loops ('T')". False when f is no link. */
static bool describe_bad_link(const struct file *f, struct buf *b)
{
	struct stat st;
	if (lstat(f->path, &st) < 0 || !S_ISLNK(st.st_mode))
		return false;
	bool loops = stat(f->path, &st) < 0 && errno == ELOOP;
	char target[4096];
	ssize_t n = readlink(f->path, target, sizeof(target) - 1);
	target[n < 0 ? 0 : n] = '\0';
	if (loops)
		buf_printf(b, "a symbolic link that loops (it points to '%s')", target);
	else
		buf_printf(b, "a broken symbolic link: it points to '%s', which does not exist", target);
	return true;
}

/* A needed file that is a link leading nowhere: say so, rather than "no rule". */
static bool report_bad_link(struct walk *w, const struct file *f, const struct job *consumer, uint32_t idx)
{
	struct graph *g = w->g;
	struct buf what = {0};
	if (!describe_bad_link(f, &what))
		return false;
	if (consumer && consumer->nout)
		diag_error(g->diag, input_pos(consumer->rule, idx), "'%s', needed by rule %s for '%s', is %s", f->path,
			   consumer->rule->name, consumer->out[0]->path, what.s);
	else if (consumer)
		diag_error(g->diag, input_pos(consumer->rule, idx), "'%s', needed by rule %s, is %s", f->path,
			   consumer->rule->name, what.s);
	else
		diag_plain(g->diag, "target '%s' is %s", f->path, what.s);
	diag_hint(g->diag, "make the link point to an existing file, or remove it so that a rule makes the file");
	buf_free(&what);
	w->errors++;
	return true;
}

static void report_missing(struct walk *w, const struct file *f, const struct job *consumer, uint32_t idx)
{
	struct graph *g = w->g;
	if (report_bad_link(w, f, consumer, idx))
		return;
	struct buf hint = {0};
	bool has_hint = suggest(g, f->path, &hint);
	if (consumer && consumer->nout) {
		diag_error(g->diag, input_pos(consumer->rule, idx), "no rule to make '%s', needed by rule %s for '%s'",
			   f->path, consumer->rule->name, consumer->out[0]->path);
	} else if (consumer) {
		diag_error(g->diag, input_pos(consumer->rule, idx), "no rule to make '%s', needed by rule %s", f->path,
			   consumer->rule->name);
	} else {
		diag_plain(g->diag, "no rule to make target '%s', and no such file", f->path);
	}
	if (has_hint)
		diag_hint(g->diag, "%s", hint.s);
	buf_free(&hint);
	w->errors++;
}

/* A source that is neither a regular file nor a directory: reading it could block for
 * ever (a FIFO) or never end (/dev/zero). */
static void report_odd(struct walk *w, const struct file *f, const struct job *consumer, uint32_t idx)
{
	struct graph *g = w->g;
	const char *kind = file_odd_kind(f->mode);
	struct stat st;
	bool link = lstat(f->path, &st) == 0 && S_ISLNK(st.st_mode);
	char target[4096];
	ssize_t n = link ? readlink(f->path, target, sizeof(target) - 1) : -1;
	target[n < 0 ? 0 : n] = '\0';
	struct buf via = {0};
	if (n > 0)
		buf_printf(&via, " (through the symbolic link to '%s')", target);
	if (consumer)
		diag_error(g->diag, input_pos(consumer->rule, idx), "input '%s' of rule %s is %s%s", f->path,
			   consumer->rule->name, kind, via.len ? via.s : "");
	else
		diag_plain(g->diag, "target '%s' is %s%s", f->path, kind, via.len ? via.s : "");
	diag_hint(g->diag, "flow reads only regular files and directories, whose content it can hash");
	buf_free(&via);
	w->errors++;
}

/* The job that makes f, or NULL for a source; consumer (or NULL for a target) is who
 * needs it, for messages. */
static struct job *resolve(struct walk *w, struct file *f, const struct job *consumer, uint32_t idx)
{
	if (f->resolved)
		return f->producer;
	struct graph *g = w->g;
	f->resolved = true;
	w->ncands = 0;
	ruleset_candidates(g->rs, f->path, f->len, &w->cands, &w->ncands, &w->capcands);
	struct rule *best = NULL;
	const char *bvals[64], *vals[64];
	size_t blens[64], lens[64];
	bool tie = false;
	const struct rule *tied = NULL;
	size_t bout = 0;
	for (size_t i = 0; i < w->ncands; i++) {
		struct rule *r = w->cands[i].rule;
		const struct pattern *p = &r->out.pats[w->cands[i].out];
		if (r->nwc > LEN(vals) || !pattern_match(p, f->path, f->len, g->md, vals, lens))
			continue;
		if (best == r)
			continue;
		if (!best || r->priority > best->priority) {
			best = r;
			bout = w->cands[i].out;
			tie = false;
			memcpy(bvals, vals, r->nwc * sizeof(*vals));
			memcpy(blens, lens, r->nwc * sizeof(*lens));
		} else if (r->priority == best->priority) {
			tie = true;
			tied = r;
		}
	}
	if (tie) {
		/* Report in rule order, so the message does not depend on the index. */
		const struct rule *a = best->index < tied->index ? best : tied;
		const struct rule *b = a == best ? tied : best;
		report_ambiguity(w, f, a, b);
	}
	if (!best) {
		if (!graph_stat(f))
			report_missing(w, f, consumer, idx);
		else if (file_odd_kind(f->mode))
			report_odd(w, f, consumer, idx);
		return NULL;
	}
	struct job *j = job_get(w, best, bvals, blens, bout, f);
	f->producer = j;
	return j;
}

static void push(struct walk *w, struct job *j)
{
	struct frame fr = {j, 0};
	VEC_PUSH(w->stack, w->n, w->cap, fr);
	j->mark = MARK_STACK;
	w->rule_depth[j->rule->index]++;
}

static void report_cycle(struct walk *w, const struct job *closing, const struct file *f)
{
	struct buf b = {0};
	size_t i = w->n;
	while (i > 0 && w->stack[i - 1].job != closing)
		i--;
	buf_printf(&b, "%s", f->path);
	for (size_t k = i - 1; k < w->n; k++) {
		const struct frame *fr = &w->stack[k];
		buf_printf(&b, " → rule %s → %s", fr->job->rule->name, fr->job->in[fr->next - 1]->path);
	}
	diag_error(w->g->diag, closing->rule->pos, "cycle in the job graph: %s", b.s);
	diag_hint(w->g->diag, "read it as: each file is made by the rule after it, from the file after that");
	buf_free(&b);
	w->errors++;
}

/* Depth-first walk from j: every job reachable backward is created, and jobs are appended
 * to g->order after all the jobs they depend on. */
static void visit(struct walk *w, struct job *j)
{
	struct graph *g = w->g;
	if (j->mark != MARK_NEW)
		return;
	push(w, j);
	while (w->n) {
		struct frame *top = &w->stack[w->n - 1];
		struct job *cur = top->job;
		if (top->next == cur->nin) {
			cur->mark = MARK_DONE;
			cur->id = g->njobs;
			VEC_PUSH(g->order, g->njobs, g->capjobs, cur);
			w->rule_depth[cur->rule->index]--;
			w->n--;
			continue;
		}
		uint32_t idx = top->next++;
		struct file *f = cur->in[idx];
		struct job *p = resolve(w, f, cur, idx);
		if (!p || p->mark == MARK_DONE)
			continue;
		if (p->mark == MARK_STACK) {
			report_cycle(w, p, f);
			continue;
		}
		if (w->rule_depth[p->rule->index] >= MAX_RULE_DEPTH) {
			diag_error(g->diag, p->rule->pos,
				   "rule '%s' keeps needing its own output (%d levels deep, at '%s')", p->rule->name,
				   MAX_RULE_DEPTH, f->path);
			diag_hint(g->diag, "constrain its wildcards so that its inputs cannot match its outputs");
			w->errors++;
			/* Unwind everything: the rest of the graph is not trustworthy. */
			while (w->n)
				w->stack[--w->n].job->mark = MARK_DONE;
			return;
		}
		push(w, p);
	}
}

static struct job *target_job(struct walk *w, const char *t)
{
	struct graph *g = w->g;
	struct rule *r = ruleset_find(g->rs, t);
	if (r) {
		if (r->nwc) {
			diag_plain(g->diag, "rule '%s' has wildcards ({%s}): name a file it makes instead", r->name,
				   r->wcs[0].name);
			w->errors++;
			return NULL;
		}
		return job_get(w, r, NULL, NULL, 0, NULL);
	}
	buf_reset(&w->path);
	graph_path(g, &w->path, t);
	struct file *f = file_get(g, w->path.s, w->path.len);
	w->target = f;
	struct job *j = resolve(w, f, NULL, 0);
	w->target = NULL;
	return j;
}

int graph_build(struct graph *g, struct ruleset *rs, struct diag *d, char **targets, size_t ntargets,
		const struct graph_opts *o)
{
	*g = (struct graph){.rs = rs, .diag = d, .md = pattern_match_data(), .root = getcwd(NULL, 0)};
	if (!g->root)
		g->root = xstrdup("/");
	strmap_reserve(&g->files, o->hint * 2);
	struct walk w = {.g = g, .rule_depth = xcalloc(rs->nrules + 1, sizeof(*w.rule_depth)), .root = g->root,
			 .max_threads = o->max_threads};
	if (ntargets == 0 && rs->nrules == 0) {
		diag_plain(d, "the Flowfile has no rules, so there is nothing to make");
		w.errors++;
	}
	for (size_t i = 0; i < (ntargets ? ntargets : (rs->nrules ? 1 : 0)); i++) {
		struct job *j = ntargets ? target_job(&w, targets[i]) : target_job(&w, rs->rules[0].name);
		if (!j)
			continue;
		VEC_PUSH(g->targets, g->ntargets, g->captargets, j);
		visit(&w, j);
	}
	free(w.stack);
	free(w.rule_depth);
	free(w.cands);
	strmap_free(&w.dirs);
	buf_free(&w.path);
	return w.errors ? -1 : 0;
}

static void dag_id(FILE *fp, const struct job *j)
{
	fprintf(fp, "j%zu", j->id);
}

/* The DOT attributes that show what a job will do: red, it runs; orange and dashed, it
 * may run (decided when its inputs are made); grey, a target-only rule (it runs nothing);
 * none, up to date. */
static const char *dag_style(const struct job *j)
{
	if (j->rule->target_only)
		return ", color=grey, fontcolor=grey";
	if (j->state == JOB_MAYBE)
		return ", color=orange, style=\"rounded,dashed\"";
	return j->state == JOB_PENDING ? ", color=red" : "";
}

void graph_write_dag(const struct graph *g, FILE *fp, bool mermaid)
{
	struct buf label = {0};
	fputs(mermaid ? "flowchart LR\n" : "digraph flow {\n\trankdir=LR;\n\tnode [shape=box, style=rounded];\n", fp);
	for (size_t i = 0; i < g->njobs; i++) {
		const struct job *j = g->order[i];
		buf_reset(&label);
		job_label(&label, j);
		for (char *c = label.s; *c; c++)
			if (*c == '"')
				*c = '\'';
		fputs(mermaid ? "    " : "\t", fp);
		dag_id(fp, j);
		if (mermaid)
			fprintf(fp, "[\"%s\"]\n", label.s);
		else
			fprintf(fp, " [label=\"%s\"%s];\n", label.s, dag_style(j));
	}
	struct strmap seen = {0};
	for (size_t i = 0; i < g->njobs; i++) {
		const struct job *j = g->order[i];
		strmap_free(&seen);
		for (uint32_t k = 0; k < j->nin; k++) {
			const struct job *p = j->in[k]->producer;
			bool dup = false;
			if (p)
				strmap_slot(&seen, (const char *)&j->in[k]->producer, sizeof(p), &dup);
			if (!p || dup)
				continue;
			fputs(mermaid ? "    " : "\t", fp);
			dag_id(fp, p);
			fputs(mermaid ? " --> " : " -> ", fp);
			dag_id(fp, j);
			fputs(mermaid ? "\n" : ";\n", fp);
		}
	}
	strmap_free(&seen);
	if (!mermaid)
		fputs("}\n", fp);
	buf_free(&label);
}

void graph_free(struct graph *g)
{
	for (size_t i = 0; i < g->nfiles; i++)
		free(g->files_all[i]->consumers);
	free(g->files_all);
	free(g->order);
	free(g->targets);
	strmap_free(&g->files);
	strmap_free(&g->jobs);
	pattern_match_data_free(g->md);
	free(g->root);
	arena_free(&g->arena);
}
