/* json_out: the reports as JSON, written with jansson. */
#include "json_out.h"
#include "cmd.h"
#include "plan.h"
#include "report.h"
#include "sig.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The stable names of enum reason_kind, in its order. */
static const char *const reason_kinds[] = {
	[R_TARGET] = "target",
	[R_FORCED] = "forced",
	[R_INTERRUPTED] = "interrupted",
	[R_FAILED] = "failed",
	[R_MISSING_OUTPUT] = "missing-output",
	[R_NO_RECORD] = "no-record",
	[R_NO_RECORD_UPSTREAM] = "no-record-upstream",
	[R_UPSTREAM] = "upstream",
	[R_UNREADABLE] = "unreadable",
	[R_DAMAGED] = "damaged",
	[R_INPUT] = "input",
	[R_COMMAND] = "command",
	[R_PARAM] = "param",
	[R_ENV] = "env",
	[R_IMAGE] = "image",
	[R_OUTPUTS_DECLARED] = "outputs-declared",
	[R_OUTPUT_EDITED] = "output-edited",
	[R_EXPORTED] = "exported",
};

/* The bytes s[0..n) as a JSON string, each byte that is not part of valid UTF-8 (a path
 * may hold any) replaced by U+FFFD, as jansson takes only UTF-8. */
static json_t *textn(const char *s, size_t n)
{
	json_t *t = json_stringn(s, n);
	if (t)
		return t;
	struct buf b = {0};
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		json_t *one = len && i + len <= n && c ? json_stringn(s + i, len) : NULL;
		if (one) {
			buf_put(&b, s + i, len);
			json_decref(one);
			i += len;
		} else {
			buf_puts(&b, "\xef\xbf\xbd");
			i++;
		}
	}
	t = json_stringn(buf_str(&b), b.len);
	buf_free(&b);
	return t;
}

static json_t *text(const char *s)
{
	return textn(s, strlen(s));
}

/* A string, or null for NULL. */
static json_t *str_or_null(const char *s)
{
	return s ? text(s) : json_null();
}

/* Write doc (a {"schema": NAME, "version": 1, ...} object, stolen) to fp. */
static void emit(FILE *fp, json_t *doc)
{
	json_dumpf(doc, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	fputc('\n', fp);
	fflush(fp);
	json_decref(doc);
}

static json_t *document(const char *schema)
{
	return json_pack("{s:s, s:i}", "schema", schema, "version", 1);
}

static json_t *reason_json(const struct reason *r)
{
	struct buf b = {0};
	reason_text(&b, r);
	json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o}", "kind", reason_kinds[r->kind], "subject",
			      str_or_null(r->subject), "was", str_or_null(r->was), "now", str_or_null(r->now),
			      "text", text(buf_str(&b)));
	buf_free(&b);
	return o;
}

static json_t *wildcards_json(const struct job *j)
{
	json_t *o = json_object();
	for (size_t i = 0; j->wc && i < j->rule->nwc; i++)
		json_object_set_new(o, j->rule->wcs[i].name, text(j->wc[i]));
	return o;
}

static json_t *paths_json(struct file *const *files, uint32_t n)
{
	json_t *a = json_array();
	for (uint32_t i = 0; i < n; i++)
		json_array_append_new(a, text(files[i]->path));
	return a;
}

/* The state of j in a plan: run, maybe, adopt or up-to-date. */
static const char *plan_state(const struct job *j)
{
	if (j->state == JOB_PENDING)
		return "run";
	if (j->state == JOB_MAYBE)
		return "maybe";
	return j->adopted ? "adopt" : "up-to-date";
}

static json_t *job_json(const struct job *j, bool print_cmds)
{
	struct buf b = {0};
	job_label(&b, j);
	json_t *reasons = json_array();
	for (uint32_t i = 0; i < j->nreasons; i++)
		json_array_append_new(reasons, reason_json(&j->reasons[i]));
	json_t *o = json_pack("{s:o, s:s, s:o, s:s, s:o, s:o, s:o}", "label", text(b.s), "rule", j->rule->name,
			      "wildcards", wildcards_json(j), "state", plan_state(j), "inputs",
			      paths_json(j->in, j->nin), "outputs", paths_json(j->out, j->nout), "reasons", reasons);
	if (print_cmds && (j->state == JOB_PENDING || j->state == JOB_MAYBE)) {
		buf_reset(&b);
		cmd_build(&b, j);
		json_object_set_new(o, "command", text(b.s));
	}
	buf_free(&b);
	return o;
}

void json_plan(FILE *fp, const struct graph *g, bool all, bool print_cmds)
{
	json_t *jobs = json_array();
	size_t run = 0, maybe = 0, adopt = 0, total = 0;
	for (size_t i = 0; i < g->njobs; i++) {
		const struct job *j = g->order[i];
		if (j->rule->target_only)
			continue;
		total++;
		run += j->state == JOB_PENDING;
		maybe += j->state == JOB_MAYBE;
		adopt += j->state != JOB_PENDING && j->state != JOB_MAYBE && j->adopted;
		if (all || j->state == JOB_PENDING || j->state == JOB_MAYBE || j->adopted)
			json_array_append_new(jobs, job_json(j, print_cmds));
	}
	json_t *doc = document("flow-plan");
	json_object_set_new(doc, "jobs", jobs);
	json_object_set_new(doc, "counts",
			    json_pack("{s:I, s:I, s:I, s:I}", "total", (json_int_t)total, "run", (json_int_t)run,
				      "maybe", (json_int_t)maybe, "adopt", (json_int_t)adopt));
	emit(fp, doc);
}

void json_summary(FILE *fp, const struct graph *g)
{
	json_t *outs = json_array();
	struct buf b = {0};
	for (size_t i = 0; i < g->njobs; i++) {
		const struct job *j = g->order[i];
		buf_reset(&b);
		job_label(&b, j);
		for (uint32_t k = 0; k < j->nout; k++) {
			const char *words;
			const char *state = report_output_state(j, j->out[k], &words);
			json_array_append_new(outs, json_pack("{s:o, s:s, s:s, s:o, s:s}", "path", text(j->out[k]->path),
							      "state", state, "text", words, "job", text(b.s), "rule",
							      j->rule->name));
		}
	}
	buf_free(&b);
	json_t *doc = document("flow-summary");
	json_object_set_new(doc, "outputs", outs);
	emit(fp, doc);
}

static json_t *patterns_json(const struct fileset *fs)
{
	json_t *a = json_array();
	for (size_t k = 0; k < fs->npats; k++)
		json_array_append_new(a, text(fs->pats[k].text));
	return a;
}

void json_list(FILE *fp, const struct ruleset *rs)
{
	json_t *rules = json_array();
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		json_t *wcs = json_array();
		for (size_t k = 0; k < r->nwc; k++)
			json_array_append_new(wcs, text(r->wcs[k].name));
		json_array_append_new(rules, json_pack("{s:s, s:b, s:o, s:o, s:o, s:o}", "name", r->name,
						       "target_only", r->target_only, "wildcards", wcs, "inputs",
						       patterns_json(&r->in), "outputs", patterns_json(&r->out),
						       "logs", patterns_json(&r->log)));
	}
	json_t *doc = document("flow-list");
	json_object_set_new(doc, "rules", rules);
	emit(fp, doc);
}

/* "name=value" pairs after the rule name in a record's key, as an object. */
static json_t *key_wildcards(const char *key)
{
	json_t *o = json_object();
	for (const char *w = strchr(key, '\t'); w; w = strchr(w + 1, '\t')) {
		const char *end = strchr(w + 1, '\t');
		size_t len = end ? (size_t)(end - w - 1) : strlen(w + 1);
		const char *eq = memchr(w + 1, '=', len);
		if (!eq)
			continue;
		char *name = xstrndup(w + 1, (size_t)(eq - w - 1));
		json_object_set_new(o, name, textn(eq + 1, len - (size_t)(eq - w)));
		free(name);
	}
	return o;
}

static json_t *named_json(const struct kv *v, uint32_t n)
{
	json_t *o = json_object();
	for (uint32_t i = 0; i < n; i++)
		json_object_set_new(o, v[i].name, text(v[i].value));
	return o;
}

static json_t *hashed_json(const struct pathhash *v, uint32_t n)
{
	json_t *a = json_array();
	struct buf h = {0};
	for (uint32_t i = 0; i < n; i++) {
		buf_reset(&h);
		sig_hex(&h, v[i].hash, 32); /* the whole xxh3-128 */
		json_array_append_new(a, json_pack("{s:o, s:s}", "path", text(v[i].path), "hash", h.s));
	}
	buf_free(&h);
	return a;
}

static json_t *time_json(double t)
{
	return t > 0 ? json_real(t) : json_null();
}

static json_t *record_json(const char *path, const struct jrec *r)
{
	json_t *git = *r->git_commit ? json_pack("{s:s, s:b}", "commit", r->git_commit, "dirty", r->git_dirty)
				     : json_null();
	return json_pack("{s:o, s:b, s:s, s:o, s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "path",
			 text(path), "source", 0, "rule", r->rule, "wildcards", key_wildcards(r->key), "command",
			 text(r->command), "status", r->status, "params", named_json(r->params, r->nparams), "env",
			 named_json(r->env, r->nenv), "inputs", hashed_json(r->inputs, r->ninputs), "outputs",
			 hashed_json(r->outputs, r->noutputs), "image", *r->image ? text(r->image) : json_null(),
			 "git", git, "host", text(r->host), "started", time_json(r->start), "finished",
			 time_json(r->start > 0 ? r->end : 0));
}

/* The paths seen so far by json_provenance, each once, in the order they were met. */
struct walk {
	struct strmap seen;
	char **paths;
	size_t n, cap;
};

/* Add path to w unless it was seen: true when it is new. */
static bool walk_add(struct walk *w, const char *path)
{
	if (strmap_get(&w->seen, path, strlen(path)))
		return false;
	bool found;
	char *copy = xstrdup(path);
	*strmap_slot(&w->seen, copy, strlen(copy), &found) = copy;
	VEC_PUSH(w->paths, w->n, w->cap, copy);
	return true;
}

/* Append to files the records of the paths of w from the first on; with recursive, those of
 * their inputs too, each path once. */
static void walk_records(json_t *files, struct walk *w, size_t first, const struct graph *g, struct store *st,
			 bool recursive)
{
	for (size_t i = first; i < w->n; i++) {
		const struct jrec *rec = report_record_for(g, st, w->paths[i]);
		if (!rec) {
			json_array_append_new(files, json_pack("{s:o, s:b}", "path", text(w->paths[i]), "source", 1));
			continue;
		}
		json_array_append_new(files, record_json(w->paths[i], rec));
		for (uint32_t k = 0; recursive && k < rec->ninputs; k++)
			walk_add(w, rec->inputs[k].path);
	}
}

int json_provenance(FILE *fp, FILE *err, const struct graph *g, struct store *st, char **paths, size_t n,
		    bool recursive)
{
	json_t *files = json_array();
	struct walk w = {0};
	struct buf norm = {0};
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		buf_reset(&norm);
		path_normalise(&norm, paths[i], strlen(paths[i]));
		if (!report_record_for(g, st, norm.s)) {
			const struct file *f = strmap_get(&g->files, norm.s, norm.len);
			fprintf(err, f && !f->producer ? "flow: '%s' is a source: no rule makes it\n"
						       : "flow: no record of how '%s' was made\n",
				norm.s);
			rc = -1;
			continue;
		}
		size_t first = w.n;
		if (walk_add(&w, norm.s))
			walk_records(files, &w, first, g, st, recursive);
	}
	for (size_t i = 0; i < w.n; i++)
		free(w.paths[i]);
	free(w.paths);
	strmap_free(&w.seen);
	buf_free(&norm);
	json_t *doc = document("flow-provenance");
	json_object_set_new(doc, "files", files);
	emit(fp, doc);
	return rc;
}
