/* complete: the words a shell completes after `flow` (flow --complete=WHAT PREFIX), one a
 * line: the options (with their values where these are a fixed set), the rule names, or the
 * targets (the output files the graph knows, then the rule names that are targets). */
#ifndef FLOW_COMPLETE_H
#define FLOW_COMPLETE_H

#include <stdio.h>

struct ruleset;
struct graph;

/* Whether what is one of options, rules, targets. */
int complete_known(const char *what);
/* The options (--name, --name= for one that takes a value; --name=VALUE after --name=). */
void complete_options(FILE *fp, const char *prefix);
/* Rule names starting with prefix; only those without wildcards when targets_only. */
void complete_rules(FILE *fp, const struct ruleset *rs, const char *prefix, int targets_only);
/* The outputs of g's jobs (g may be NULL), then the rule names without wildcards. */
void complete_targets(FILE *fp, const struct graph *g, const struct ruleset *rs, const char *prefix);

#endif
