/* complete: the words a shell completes after `flow` (flow --complete=WHAT PREFIX), one a
 * line: the options (with their values where these are a fixed set), the rule names, or the
 * targets (the output files the graph knows, then the rule names that are targets). */
#ifndef FLOW_COMPLETE_H
#define FLOW_COMPLETE_H

#include <stdio.h>

struct option;

struct ruleset;
struct graph;
struct diag;

/* Whether what is one of options, rules, targets. */
int complete_known(const char *what);
/* The options of getopt_long's longopts and shortopts (--name, --name= for one that takes a value;
 * --name=VALUE after --name=), so that completion offers exactly what flow parses. */
void complete_options(FILE *fp, const struct option *longopts, const char *shortopts, const char *prefix);
/* Rule names starting with prefix; only those without wildcards when targets_only. */
void complete_rules(FILE *fp, const struct ruleset *rs, const char *prefix, int targets_only);
/* The names of the rules without wildcards (an array to free, of n names): the targets
 * whose graph holds every concrete output the Flowfile knows. */
char **complete_roots(const struct ruleset *rs, size_t *n);
/* The outputs of g's jobs (g may be NULL), then the rule names without wildcards. */
void complete_targets(FILE *fp, const struct graph *g, const struct ruleset *rs, const char *prefix);

/* The cache .flow/complete of the project in dir (NULL: here): the words of rules and
 * targets with the identities (device, inode, size, mtime) of the Flowfile and its
 * includes, read without parsing anything. complete_cached prints what's words for prefix
 * and returns 0, or -1 when there is no cache, it was written for another Flowfile than
 * top (its name in dir), or a file it names has changed. */
int complete_cached(FILE *fp, const char *dir, const char *top, const char *what, const char *prefix);
/* Write the cache in .flow/ of the current directory (the project's; only when .flow is
 * there), through a temporary file and a rename, taking no lock. shown_dir: the directory
 * part of the Flowfile's name as given (NULL: none), stripped from d's file names. */
void complete_write_cache(const struct diag *d, const char *shown_dir, const struct graph *g,
			  const struct ruleset *rs);

#endif
