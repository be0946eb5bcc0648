/* progress: the plain view, flow's lines as they have always been. */
#include "progress.h"
#include "flowdir.h"
#include "graph.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct progress {
	FILE *out, *err;
	bool quiet, print_cmds;
	struct buf label;
};

struct progress *progress_plain(FILE *out, FILE *err, bool quiet, bool print_cmds)
{
	struct progress *p = xcalloc(1, sizeof(*p));
	*p = (struct progress){.out = out, .err = err, .quiet = quiet, .print_cmds = print_cmds};
	return p;
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	buf_free(&p->label);
	free(p);
}

static const char *label_of(struct progress *p, const struct job *j)
{
	buf_reset(&p->label);
	job_label(&p->label, j);
	return p->label.s;
}

void progress_job_started(struct progress *p, const struct job *j, const char *cmd)
{
	(void)j;
	if (p && p->print_cmds)
		fprintf(p->out, "%s\n", cmd);
}

void progress_job_done(struct progress *p, const struct job *j, size_t done, size_t total, double secs)
{
	if (!p || p->quiet)
		return;
	fprintf(p->out, "[%zu/%zu] %s (%.1fs)\n", done, total, label_of(p, j), secs);
	fflush(p->out);
}

/* Print the last lines of a job's log, indented. */
static void show_log_tail(FILE *fp, const char *path, int lines)
{
	int fd = flowdir_open(path, O_RDONLY, 0);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
	if (!f) {
		if (fd >= 0)
			close(fd);
		return;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	long from = size > 16384 ? size - 16384 : 0;
	fseek(f, from, SEEK_SET);
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	size_t end = b.len;
	while (end && b.s[end - 1] == '\n')
		end--;
	size_t start = end;
	for (int l = 0; start > 0; start--)
		if (b.s[start - 1] == '\n' && ++l == lines)
			break;
	if (end > start) {
		const char *s = b.s + start, *e = b.s + end;
		while (s < e) {
			const char *nl = memchr(s, '\n', (size_t)(e - s));
			size_t len = nl ? (size_t)(nl - s) : (size_t)(e - s);
			fprintf(fp, "    | %.*s\n", (int)len, s);
			s += len + 1;
		}
	}
	buf_free(&b);
}

void progress_job_failed(struct progress *p, const struct job *j, const char *why, const char *log)
{
	if (!p)
		return;
	fprintf(p->err, "flow: error: job '%s' failed: %s\n", label_of(p, j), why);
	if (log) {
		show_log_tail(p->err, log, 10);
		fprintf(p->err, "    log: %s\n", log);
	}
	fflush(p->err);
}

void progress_error(struct progress *p, const char *fmt, ...)
{
	if (!p)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsay(p->err, "error", fmt, ap);
	va_end(ap);
}

void progress_warning(struct progress *p, const char *fmt, ...)
{
	if (!p)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsay(p->err, "warning", fmt, ap);
	va_end(ap);
}

void progress_interrupted(struct progress *p, int sig, size_t nrunning)
{
	if (p)
		fprintf(p->err, "flow: %s: stopping %zu running job%s\n", strsignal(sig), nrunning,
			nrunning == 1 ? "" : "s");
}

void progress_up_to_date(struct progress *p, size_t njobs)
{
	if (p && !p->quiet)
		fprintf(p->out, "flow: nothing to do: %s %zu job%s up to date\n", njobs == 1 ? "the" : "all", njobs,
			njobs == 1 ? " is" : "s are");
}

void progress_finished(struct progress *p, const struct run_totals *t)
{
	if (!p)
		return;
	if (!t->interrupted && !t->failed && t->stuck)
		fprintf(p->err, "flow: error: %zu job%s could not be started (the first: '%s'): it needs more "
			"than -j or --resources allow\n", t->stuck, t->stuck == 1 ? "" : "s",
			label_of(p, t->first_stuck));
	else if (t->interrupted)
		fprintf(p->err, "flow: interrupted; the outputs of the stopped jobs were removed\n");
	else if (t->failed)
		fprintf(p->err, "flow: %zu of %zu jobs failed, %zu not run because of it%s (%.1fs)\n", t->failed,
			t->total, t->not_run, t->keep_going ? "" : "; -k keeps going with independent jobs", t->secs);
	else if (!p->quiet && t->cutoff)
		fprintf(p->out, "flow: %zu job%s done, %zu skipped because their inputs came out unchanged (%.1fs)\n",
			t->total, t->total == 1 ? "" : "s", t->cutoff, t->secs);
	else if (!p->quiet)
		fprintf(p->out, "flow: %zu job%s done (%.1fs)\n", t->total, t->total == 1 ? "" : "s", t->secs);
	fflush(p->out);
}
