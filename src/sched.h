/* sched: runs the planned jobs in dependency order within -j slots and resource caps. */
#ifndef FLOW_SCHED_H
#define FLOW_SCHED_H

#include <stdio.h>

#include "container.h"
#include "graph.h"
#include "plan.h"
#include "rec.h"

struct executor;
struct progress;

struct cap {
	const char *name;
	long long amount;
	const char *text;     /* as given on the command line */
};

struct sched_opts {
	int jobs;             /* slots; a job takes as many as its threads */
	bool keep_going;      /* -k: go on with independent jobs after a failure */
	bool quiet;           /* -q: no status line per job (read by the views) */
	bool print_cmds;      /* -p: print each command as it starts (read by the views) */
	struct cap *caps;     /* --resources NAME=N */
	size_t ncaps;
	double grace;         /* seconds between SIGTERM and SIGKILL on interrupt */
	struct progress *progress; /* is told what happens; shows it (progress.h) */
	struct planner *plan; /* decides jobs whose inputs were remade (early cutoff) */
	struct recorder *rec; /* records starts and results */
	struct ctr *ctr;      /* wraps the commands of rules with an image */
	struct executor *exec; /* starts the jobs; NULL: the local executor */
};

/* Check that every job to run fits the caps (graph_build capped its threads at -j); it
 * changes nothing. Reports errors to d; returns 0 or -1. */
int sched_check(const struct graph *g, const struct sched_opts *o, struct diag *d);
/* Run every JOB_PENDING job of g, and every JOB_MAYBE job that the planner finds out of
 * date once its inputs are final. Returns the exit status for flow: 0 when all
 * succeeded, 1 when a job failed (or could not start), 130 when interrupted by SIGINT,
 * SIGTERM or SIGHUP. */
int sched_run(struct graph *g, const struct sched_opts *o);

#endif
