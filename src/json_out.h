/* json_out: what -n, --why, --summary, --list and --provenance show, as JSON for scripts
 * (--json). One document per run on fp; the schema is in flow(1), section JSON OUTPUT. */
#ifndef FLOW_JSON_OUT_H
#define FLOW_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "graph.h"
#include "store.h"

/* The plan: the jobs that would run, may run or would be adopted (with all, every job),
 * each with its reasons; print_cmds adds each job's command. */
void json_plan(FILE *fp, const struct graph *g, bool all, bool print_cmds);
/* Every output of the graph with its state. */
void json_summary(FILE *fp, const struct graph *g);
/* The rules of rs. */
void json_list(FILE *fp, const struct ruleset *rs);
/* How each of paths was made (recursively back to the sources when recursive). A path flow
 * has no record of is left out, with a message on err; returns 0, or -1 when one was. */
int json_provenance(FILE *fp, FILE *err, const struct graph *g, struct store *st, char **paths, size_t n,
		    bool recursive);

#endif
