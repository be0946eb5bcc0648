/* value: what an expression evaluates to (and, later, what a config file or a sample sheet
 * holds), with where it was written and whether it is data from outside the Flowfile. */
#ifndef FLOW_VALUE_H
#define FLOW_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "util.h"

struct expr;

enum val_kind { VAL_STR, VAL_INT, VAL_LIST };

/* A value. Strings that come straight from a string literal keep it in src, so that later
 * stages can point at a byte inside them.
 *
 * Every value reaches a command as data, quoted for where it stands, except shell_code.
 * A value marked data came from outside the Flowfile: it can never be shell code, and its
 * braces are text, never wildcards. */
struct value {
	enum val_kind kind;
	struct pos pos;          /* where the value was written (or the call that made it) */
	const struct expr *src;  /* the string literal it is, or NULL */
	const char *s;           /* VAL_STR */
	long long n;             /* VAL_INT */
	struct value **items;    /* VAL_LIST */
	size_t nitems;
	bool shell_code;         /* raw("..."): shell code written in the Flowfile, not quoted */
	bool data;               /* from outside the Flowfile: an override, a part of a file name */
};

/* A new value of kind written at pos, zero otherwise, allocated in a. */
struct value *value_new(struct arena *a, enum val_kind kind, struct pos pos);
/* A new string value holding a copy of s. */
struct value *value_str(struct arena *a, struct pos pos, const char *s);
/* Append item to list; *cap is the list's capacity (0 for a new list). */
void value_push(struct arena *a, struct value *list, size_t *cap, struct value *item);
/* Mark v, and a list's items, as data from outside the Flowfile. */
void value_mark_data(struct value *v);
/* The source position of byte off inside a string value (the value's pos when not a literal;
 * no position for NULL). */
struct pos value_pos_at(const struct value *v, size_t off);
/* Append v as text to b: a list's items separated by spaces. */
void value_text(struct buf *b, const struct value *v);

#endif
