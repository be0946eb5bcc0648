/* pattern: file patterns with wildcards ("work/{sample,[a-z]+}.txt"), compiled to PCRE2. */
#ifndef FLOW_PATTERN_H
#define FLOW_PATTERN_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"
#include "value.h"

/* A compiled regex and the match data it fills (PCRE2's, private to pattern.c). */
struct pattern_re;
struct pattern_md;

/* The most capture groups a compiled pattern may have (the match data's size). */
#define PATTERN_MAX_GROUPS 256

/* The default constraint of a wildcard: it does not cross a directory boundary. */
#define WILDCARD_DEFAULT_REGEX "[^/]+"

/* A piece of a pattern: literal text, or a wildcard. */
struct pat_seg {
	const char *text;   /* literal text (braces unescaped), or the wildcard's name */
	size_t len;
	bool wildcard;
	const char *regex;  /* the wildcard's constraint as written, or NULL */
	size_t off;         /* offset of the piece in the pattern's source text */
	int wc;             /* for a wildcard: index into the rule's wildcards (set by the rule) */
};

struct pattern {
	const char *text;            /* the pattern as written */
	const struct value *origin;  /* where it was written, for messages */
	struct pat_seg *segs;
	size_t nsegs;
	struct pattern_re *re;       /* compiled by pattern_compile, or NULL */
	uint32_t *groups;            /* capture group number of each rule wildcard (0: absent) */
	const char *prefix, *suffix; /* literal text at the start and end ("" when none) */
	size_t prefix_len, suffix_len;
};

/* Split text (from origin) into literal and wildcard pieces, allocated in a. Reports
 * malformed braces; constraints are accepted only when allow_regex. 0, or -1 on error. */
int pattern_parse(struct pattern *p, const char *text, const struct value *origin, bool allow_regex,
		  struct diag *d, struct arena *a);
/* The source position of the piece at index i. */
struct pos pattern_seg_pos(const struct pattern *p, size_t i);
/* Compile p to an anchored PCRE2 regex; regexes[k] is the constraint of rule wildcard k.
 * Repeated wildcards must match the same text. 0, or -1 after reporting an error. */
int pattern_compile(struct pattern *p, const char *const *regexes, size_t nwc, struct diag *d);
/* Match path against compiled p; on success fill vals[k] (start) and lens[k] for each
 * wildcard k the pattern uses and return true. md must come from pattern_match_data. */
bool pattern_match(const struct pattern *p, const char *path, size_t len, struct pattern_md *md,
		   const char **vals, size_t *lens);
/* Match data large enough for any pattern (free with pattern_match_data_free). */
struct pattern_md *pattern_match_data(void);
void pattern_match_data_free(struct pattern_md *md);
/* Append p to b with wildcard k replaced by vals[k]. */
void pattern_subst(struct buf *b, const struct pattern *p, const char *const *vals);
/* Whether p has no wildcards. */
bool pattern_is_literal(const struct pattern *p);
/* The edit cost of the closest match of path to p, where a wildcard matches any text
 * without '/' for free; used for "did you mean". */
size_t pattern_distance(const struct pattern *p, const char *path);
/* Free p's compiled regex. */
void pattern_free(struct pattern *p);

#endif
