/* report: dry runs, summaries, provenance. */
#include "report.h"
#include "cmd.h"
#include "plan.h"
#include "sig.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Print j's reasons: the first line after the label, the rest indented below it. */
static void print_reasons(FILE *fp, const struct job *j)
{
	struct buf b = {0};
	for (uint32_t i = 0; i < j->nreasons; i++) {
		if (i)
			buf_putc(&b, '\n');
		reason_text(&b, &j->reasons[i]);
	}
	const char *reason = buf_str(&b);
	const char *nl = strchr(reason, '\n');
	fprintf(fp, "%.*s\n", nl ? (int)(nl - reason) : (int)strlen(reason), reason);
	while (nl) {
		const char *line = nl + 1;
		nl = strchr(line, '\n');
		fprintf(fp, "    %.*s\n", nl ? (int)(nl - line) : (int)strlen(line), line);
	}
	buf_free(&b);
}

void report_dry_run(FILE *fp, const struct graph *g, bool all, bool print_cmds, bool quiet)
{
	struct buf b = {0};
	size_t run = 0, maybe = 0, adopt = 0, total = 0;
	for (size_t i = 0; i < g->njobs; i++) {
		const struct job *j = g->order[i];
		if (j->rule->target_only)
			continue;
		total++;
		buf_reset(&b);
		job_label(&b, j);
		const char *verb = NULL;
		if (j->state == JOB_PENDING)
			verb = "would run", run++;
		else if (j->state == JOB_MAYBE)
			verb = "may run", maybe++;
		else if (j->adopted)
			verb = "would adopt", adopt++;
		else if (all)
			verb = "up to date";
		if (!verb || quiet)
			continue;
		fprintf(fp, "%s %s: ", verb, b.s);
		if (j->adopted)
			fputs("outputs exist with no record and are newer than its inputs\n", fp);
		else if (j->nreasons)
			print_reasons(fp, j);
		else
			fputs("signature and outputs unchanged\n", fp);
		if (print_cmds && (j->state == JOB_PENDING || j->state == JOB_MAYBE)) {
			buf_reset(&b);
			cmd_build(&b, j);
			fprintf(fp, "    $ %s\n", b.s);
		}
	}
	fprintf(fp, "flow: %zu of %zu jobs would run", run, total);
	if (maybe)
		fprintf(fp, ", %zu may run (if their inputs change)", maybe);
	if (adopt)
		fprintf(fp, ", %zu would be adopted", adopt);
	fputc('\n', fp);
	buf_free(&b);
}

const char *report_output_state(const struct job *j, struct file *f, const char **text)
{
	static const char *const words[][2] = {
		{"up-to-date", "up to date"},
		{"missing", "missing"},
		{"would-adopt", "no record (would be adopted)"},
		{"changed-outside", "changed outside flow"},
		{"no-record", "no record"},
		{"out-of-date", "out of date"},
		{"maybe-out-of-date", "may be out of date (upstream)"},
	};
	size_t w = 0;
	if (!graph_stat(f))
		w = 1;
	else if (j->adopted)
		w = 2;
	else if (j->state == JOB_PENDING)
		w = job_has_reason(j, R_OUTPUT_EDITED) ? 3
		  : job_has_reason(j, R_NO_RECORD) || job_has_reason(j, R_NO_RECORD_UPSTREAM) ? 4
											    : 5;
	else if (j->state == JOB_MAYBE)
		w = 6;
	if (text)
		*text = words[w][1];
	return words[w][0];
}

void report_summary(FILE *fp, struct graph *g)
{
	struct buf b = {0};
	for (size_t i = 0; i < g->njobs; i++) {
		const struct job *j = g->order[i];
		buf_reset(&b);
		job_label(&b, j);
		for (uint32_t k = 0; k < j->nout; k++) {
			const char *state;
			report_output_state(j, j->out[k], &state);
			fprintf(fp, "%-32s %-30s %s\n", j->out[k]->path, state, b.s);
		}
	}
	buf_free(&b);
}

static void print_time(FILE *fp, const char *what, double t)
{
	char stamp[64] = "unknown";
	time_t secs = (time_t)t;
	if (t > 0)
		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", localtime(&secs));
	fprintf(fp, "  %-9s %s\n", what, stamp);
}

const struct jrec *report_record_for(const struct graph *g, struct store *st, const char *path)
{
	const struct file *f = strmap_get(&g->files, path, strlen(path));
	if (!f || !f->producer)
		return NULL;
	struct buf key = {0};
	sig_job_key(&key, f->producer);
	const struct jrec *r = store_job_full(st, key.s);
	buf_free(&key);
	/* A failed or interrupted job's result is no record of how its outputs were made. */
	return r && r->finished && r->status == 0 ? r : NULL;
}

static void print_record(FILE *fp, const char *path, const struct jrec *r)
{
	struct buf h = {0};
	fprintf(fp, "%s\n  rule      %s\n", path, r->rule);
	const char *tab = strchr(r->key, '\t');
	if (tab) {
		fputs("  wildcards", fp);
		for (const char *w = tab; w; w = strchr(w + 1, '\t')) {
			const char *end = strchr(w + 1, '\t');
			fprintf(fp, " %.*s", end ? (int)(end - w - 1) : (int)strlen(w + 1), w + 1);
		}
		fputc('\n', fp);
	}
	fputs("  command   ", fp);
	for (const char *c = r->command; *c; c++) {
		fputc(*c, fp);
		if (*c == '\n')
			fputs("            ", fp);
	}
	fputc('\n', fp);
	if (r->status)
		fprintf(fp, "  status    %d\n", r->status);
	for (uint32_t i = 0; i < r->nparams; i++)
		fprintf(fp, "  param     %s = %s\n", r->params[i].name, r->params[i].value);
	for (uint32_t i = 0; i < r->nenv; i++)
		fprintf(fp, "  env       %s = %s\n", r->env[i].name, r->env[i].value);
	for (uint32_t i = 0; i < r->ninputs; i++) {
		buf_reset(&h);
		sig_hex(&h, r->inputs[i].hash, 16);
		fprintf(fp, "  input     %s  %s\n", h.s, r->inputs[i].path);
	}
	for (uint32_t i = 0; i < r->noutputs; i++) {
		buf_reset(&h);
		sig_hex(&h, r->outputs[i].hash, 16);
		fprintf(fp, "  output    %s  %s\n", h.s, r->outputs[i].path);
	}
	fprintf(fp, "  image     %s\n", *r->image ? r->image : "none (ran on the host)");
	if (*r->git_commit)
		fprintf(fp, "  git       %s%s\n", r->git_commit, r->git_dirty ? " (with uncommitted changes)" : "");
	else
		fputs("  git       none (not in a git repository)\n", fp);
	fprintf(fp, "  host      %s\n", r->host);
	if (r->start > 0) {
		print_time(fp, "started", r->start);
		print_time(fp, "finished", r->end);
	} else {
		fputs("  recorded  without running (adopted or --touch)\n", fp);
	}
	buf_free(&h);
}

int report_provenance(FILE *fp, FILE *err, const struct graph *g, struct store *st, const char *path,
		      bool recursive)
{
	struct buf norm = {0};
	path_normalise(&norm, path, strlen(path));
	const struct jrec *r = report_record_for(g, st, norm.s);
	if (!r) {
		const struct file *f = strmap_get(&g->files, norm.s, norm.len);
		if (f && !f->producer)
			fprintf(err, "flow: '%s' is a source: no rule makes it\n", norm.s);
		else
			fprintf(err, "flow: no record of how '%s' was made\n", norm.s);
		buf_free(&norm);
		return -1;
	}
	/* Walk back breadth-first, each file once. */
	struct strmap seen = {0};
	const char **queue = NULL;
	size_t n = 0, cap = 0;
	bool found;
	const char *first = xstrdup(norm.s);
	VEC_PUSH(queue, n, cap, first);
	*strmap_slot(&seen, first, strlen(first), &found) = (void *)first;
	for (size_t i = 0; i < n; i++) {
		const struct jrec *rec = report_record_for(g, st, queue[i]);
		if (!rec) {
			fprintf(fp, "%s\n  source\n", queue[i]);
			continue;
		}
		print_record(fp, queue[i], rec);
		if (!recursive)
			break;
		for (uint32_t k = 0; k < rec->ninputs; k++) {
			const char *in = rec->inputs[k].path;
			if (strmap_get(&seen, in, strlen(in)))
				continue;
			const char *copy = xstrdup(in);
			*strmap_slot(&seen, copy, strlen(copy), &found) = (void *)copy;
			VEC_PUSH(queue, n, cap, copy);
		}
	}
	for (size_t i = 0; i < n; i++)
		free((char *)queue[i]);
	free(queue);
	strmap_free(&seen);
	buf_free(&norm);
	return 0;
}
