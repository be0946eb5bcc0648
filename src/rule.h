/* rule: rules compiled from the syntax tree — patterns, wildcards, shell templates — and
 * the index that finds which rules can make a file. */
#ifndef FLOW_RULE_H
#define FLOW_RULE_H

#include <stdbool.h>

#include "diag.h"
#include "pattern.h"
#include "util.h"

struct ast;
struct eval;

struct wildcard {
	const char *name;
	const char *regex;   /* the constraint (WILDCARD_DEFAULT_REGEX when none was given) */
};

/* A rule's input, output or log files: patterns in order, grouped by entry. An entry
 * may be named and may hold several files (a named expand()). */
struct fgroup {
	const char *name;    /* NULL for an unnamed entry */
	size_t first, count; /* its patterns: pats[first .. first+count) */
};
struct fileset {
	struct pattern *pats;
	size_t npats;
	struct fgroup *groups;
	size_t ngroups;
};

/* One value of a param: text whose wildcards are filled in per job. A raw item, written
 * raw("...") in the Flowfile, is shell code; any other is data, quoted where it goes. */
struct pitem {
	struct pattern pat;
	bool raw;
};

struct param {
	const char *name;
	struct pitem *items; /* a string or integer: one; a list: one per element, flattened */
	size_t nitems;
};

struct resource {
	const char *name;
	const char *text;    /* as written, for {resources.NAME} */
	long long amount;    /* what the scheduler counts (bytes for sizes) */
	struct pos pos;
};

/* A bind mount into a rule's container: "SOURCE:TARGET[:ro|:rw]". */
struct mountspec {
	const char *source, *target;
	bool readonly;
};

struct envvar {
	const char *name;
	const char *value;
};

enum ph_kind { PH_INPUT, PH_OUTPUT, PH_LOG, PH_WILDCARD, PH_PARAM, PH_THREADS, PH_RESOURCE };

/* Where a placeholder stands in the shell text, which decides how a value is quoted there
 * (see cmd_quote_contexts). */
enum qctx { QC_PLAIN, QC_SINGLE, QC_DOUBLE, QC_ANSI, QC_COMMENT };

/* A piece of a shell template: literal text or a placeholder. */
struct tseg {
	const char *text;  /* literal text (braces unescaped) */
	size_t len;
	bool placeholder;
	enum ph_kind kind;
	int sel;           /* group, wildcard, param or resource index; -1 for the whole set */
	long index;        /* {input[I]}: I; else -1 */
	enum qctx quote;   /* a placeholder's quoting context */
	size_t off;        /* a placeholder's offset in the shell text, for messages */
};

struct rule {
	const char *name;
	struct pos pos;
	size_t index;            /* position among the rules */
	bool target_only;        /* only inputs: a named set of targets, runs nothing */
	struct wildcard *wcs;
	size_t nwc;
	struct fileset in, out, log;
	struct param *params;
	size_t nparams;
	struct resource *res;
	size_t nres;
	struct envvar *env;
	size_t nenv;
	int threads;
	long long priority;
	const char *shell;       /* as written */
	struct tseg *tmpl;
	size_t ntmpl;
	const char *container;   /* image, or NULL to run on the host */
	struct mountspec *mounts;
	size_t nmounts;
	bool network_off;        /* network: off */
	long long gpus;          /* resources: gpu = N */
};

/* An index over the rules' output patterns keyed by their literal suffix (a trie of the
 * suffixes read backwards), so that a file is matched only against rules that can make it. */
struct rindex;

struct ruleset {
	struct rule *rules;
	size_t nrules;
	struct arena arena;
	struct rindex *index;
};

/* Compile the rules of ast (evaluated through ev). Errors go to d; returns 0 or -1. */
int ruleset_build(struct ruleset *rs, const struct ast *ast, struct eval *ev, struct diag *d);
/* The rule named name, or NULL. */
struct rule *ruleset_find(const struct ruleset *rs, const char *name);

/* A candidate producer of a path: the rule and which output pattern matched. */
struct rmatch {
	struct rule *rule;
	size_t out;
};
/* Append to *out (an array of *n with capacity *cap) the (rule, output) pairs whose literal
 * prefix and suffix fit path; the caller still runs the regex. */
void ruleset_candidates(const struct ruleset *rs, const char *path, size_t len, struct rmatch **out,
			size_t *n, size_t *cap);
void ruleset_free(struct ruleset *rs);

/* Parse a size such as "8G" or "512M" (powers of 1024) or a plain number; -1 if invalid. */
long long parse_size(const char *s);
/* The amount of resource name that text asks for: a size or count as parse_size reads it,
 * except that a plain number of "mem" means MiB (as Snakemake's mem_mb). -1 if invalid. */
long long resource_amount(const char *name, const char *text);

#endif
