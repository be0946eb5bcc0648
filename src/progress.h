/* progress: what a run tells whoever shows it. The scheduler reports events (a job
 * started, finished or failed, the run was interrupted, how it ended) and never prints;
 * a view decides what the user sees. progress_plain is today's lines; a live terminal
 * block, an HTML report or a server are further views behind the same calls. Every call
 * is a no-op on NULL. */
#ifndef FLOW_PROGRESS_H
#define FLOW_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct job;
struct progress;

/* How a run ended, for its last word. */
struct run_totals {
	size_t total;              /* jobs the run set out to run */
	size_t failed;
	size_t not_run;            /* blocked by a failure, or never started */
	size_t cutoff;             /* settled unrun: their inputs came out unchanged */
	size_t stuck;              /* left unstarted though nothing failed ... */
	const struct job *first_stuck; /* ... the first of them */
	bool interrupted;
	bool keep_going;           /* -k: say nothing about it */
	double secs;
};

/* The plain view: a "[done/total] job (secs)" line per finished job and the closing line on
 * out, failures on err. quiet (-q) keeps out silent but for failures' lines on err;
 * print_cmds (-p) shows each command as its job starts. Free with progress_free. */
struct progress *progress_plain(FILE *out, FILE *err, bool quiet, bool print_cmds);
void progress_free(struct progress *p);

/* Job j starts running cmd (its command, or the container's argv quoted as a shell would). */
void progress_job_started(struct progress *p, const struct job *j, const char *cmd);
/* Job j succeeded after secs seconds; it is the done-th of total. */
void progress_job_done(struct progress *p, const struct job *j, size_t done, size_t total, double secs);
/* Job j failed because of why; log is its log file (whose tail is shown), or NULL when it
 * never started. */
void progress_job_failed(struct progress *p, const struct job *j, const char *why, const char *log);
/* Something beside the jobs went wrong: "flow: error: MSG" or "flow: warning: MSG", a
 * format ending in ':' adding strerror(errno) (as error() and warning() in util.h). */
void progress_error(struct progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void progress_warning(struct progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Signal sig stops the run; nrunning jobs are being stopped. */
void progress_interrupted(struct progress *p, int sig, size_t nrunning);
/* Nothing needs to run: all njobs jobs are up to date. */
void progress_up_to_date(struct progress *p, size_t njobs);
/* The run is over: the last word. */
void progress_finished(struct progress *p, const struct run_totals *t);

#endif
