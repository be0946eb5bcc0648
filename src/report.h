/* report: what flow shows about the graph and the state store without running anything —
 * the dry run and its reasons, the summary of outputs, and the provenance of files. */
#ifndef FLOW_REPORT_H
#define FLOW_REPORT_H

#include <stdio.h>

#include "graph.h"
#include "store.h"

/* Print the jobs that would run, may run or would be adopted, each with its reasons; with
 * all, also the jobs that are up to date. print_cmds adds each job's command. */
void report_dry_run(FILE *fp, const struct graph *g, bool all, bool print_cmds, bool quiet);
/* Print every output of the graph with its state: up to date, missing, changed, ... */
void report_summary(FILE *fp, struct graph *g);
/* The state of output f of job j as a stable word (up-to-date, missing, would-adopt,
 * changed-outside, no-record, out-of-date, maybe-out-of-date); in words in *text if not NULL. */
const char *report_output_state(const struct job *j, struct file *f, const char **text);
/* The record of the successful run of the job that made path, found through the graph; NULL
 * when there is none (a source, or a failed or interrupted job). */
const struct jrec *report_record_for(const struct graph *g, struct store *st, const char *path);
/* Print how path was made, from the store: rule, wildcards, command, inputs with their
 * hashes, image, git commit, times; recursively back to the sources when recursive.
 * Returns 0, or -1 when flow has no record of path (message on err). */
int report_provenance(FILE *fp, FILE *err, const struct graph *g, struct store *st, const char *path,
		      bool recursive);

#endif
