/* eval: values of Flowfile expressions — variables, overrides, expand() and glob_wildcards(). */
#ifndef FLOW_EVAL_H
#define FLOW_EVAL_H

#include "ast.h"
#include "diag.h"
#include "util.h"
#include "value.h"

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
void eval_free(struct eval *ev);

#endif
