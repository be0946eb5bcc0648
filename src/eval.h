/* eval: values of Flowfile expressions — variables, overrides, expand() and glob_wildcards(). */
#ifndef FLOW_EVAL_H
#define FLOW_EVAL_H

#include "ast.h"
#include "diag.h"
#include "util.h"

enum val_kind { VAL_STR, VAL_INT, VAL_LIST };

/* An evaluated value. Strings that come straight from a string literal keep it in src,
 * so that later stages can point at a byte inside them. */
struct value {
	enum val_kind kind;
	struct pos pos;          /* where the value was written (or the call that made it) */
	const struct expr *src;  /* the string literal it is, or NULL */
	const char *s;           /* VAL_STR */
	long long n;             /* VAL_INT */
	struct value **items;    /* VAL_LIST */
	size_t nitems;
	bool raw;                /* raw("..."): shell code written in the Flowfile */
	bool external;           /* data from outside the Flowfile: an override, a file name's part */
};

/* Evaluation state for one Flowfile: variables by name, evaluated on demand. */
struct eval {
	struct diag *diag;
	const struct ast *ast;
	struct arena *arena;     /* owns the values made (not owned by the eval) */
	struct strmap vars;      /* name -> struct var */
};

/* Prepare evaluation of ast; values are allocated in arena. Duplicate variables are errors. */
void eval_init(struct eval *ev, struct diag *d, const struct ast *ast, struct arena *arena);
/* Apply "NAME=value" from the command line; 0, or -1 after a message (unknown name, bad value). */
int eval_override(struct eval *ev, const char *assignment);
/* The value of expression e, or NULL after an error was reported. */
struct value *eval_expr(struct eval *ev, const struct expr *e);
/* Evaluate every top-level variable (so that errors in unused ones are reported too). */
void eval_all(struct eval *ev);
/* The source position of byte off inside a string value (the value's pos when not a literal). */
struct pos value_pos_at(const struct value *v, size_t off);
/* Append v as text to b: a list's items separated by spaces. */
void value_text(struct buf *b, const struct value *v);
void eval_free(struct eval *ev);

#endif
