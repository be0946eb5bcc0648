/* ast: the syntax tree of a Flowfile, as the parser builds it (before evaluation), the table
 * of rule keys, and the helpers that read a tree (ast.c). */
#ifndef FLOW_AST_H
#define FLOW_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "util.h"

enum expr_kind {
	EXPR_STR,  /* "..." or """...""": str holds the decoded text */
	EXPR_INT,  /* 42 or -3: num */
	EXPR_LIST, /* [a, b, ...]: args (names NULL) */
	EXPR_NAME, /* a variable reference: str holds the name */
	EXPR_CALL, /* f(a, k = v): str holds the function name, args the arguments */
};

struct expr;

/* An item of a list, an argument of a call, or an entry of a rule key: "[name =] value". */
struct arg {
	const char *name;    /* NULL when positional */
	struct pos name_pos; /* position of name (or of value when unnamed) */
	struct expr *value;
};

struct expr {
	enum expr_kind kind;
	struct pos pos;    /* first character of the expression (the opening quote for strings) */
	const char *str;   /* EXPR_STR text, EXPR_NAME/EXPR_CALL identifier */
	size_t len;        /* length of str (a string may hold NUL via "\0"? no: escapes cannot make NUL) */
	long long num;     /* EXPR_INT */
	struct arg *args;  /* EXPR_LIST items, EXPR_CALL arguments */
	size_t nargs;
	/* For EXPR_STR, what expr_str_pos needs to map an offset in str back to the source. */
	bool triple;       /* """...""": raw text with its common indentation removed */
	int dedent;        /* columns removed from each line of a triple-quoted string */
	bool skip_first;   /* the text after the opening """ was empty and dropped */
};

/* The keys a rule body may hold. */
enum rule_key {
	KEY_INPUT,
	KEY_OUTPUT,
	KEY_LOG,
	KEY_PARAMS,
	KEY_THREADS,
	KEY_RESOURCES,
	KEY_SHELL,
	KEY_PRIORITY,
	KEY_CONTAINER,
	KEY_MOUNTS,
	KEY_ENV,
	KEY_NETWORK,
	KEY__COUNT
};

/* What the parser and the rule compiler know of a key; one row per key, in rule_keys. */
struct rule_key_def {
	const char *name;  /* its spelling: "input", ... */
	bool single;       /* takes one entry (threads, shell, ...); else a list of them */
};
/* The keys, indexed by enum rule_key. */
extern const struct rule_key_def rule_keys[KEY__COUNT];

/* The spelling of a key ("input", ...). */
const char *rule_key_name(enum rule_key k);
/* The key spelled name, or -1. */
int rule_key_lookup(const char *name);
/* The key spelled most like name (a typo of it), for "did you mean"; NULL when none is close. */
const char *rule_key_similar(const char *name);
/* Append every key's name to b, separated by ", ". */
void rule_key_list(struct buf *b);

/* "key: entries" in a rule body. */
struct keyval {
	enum rule_key key;
	struct pos pos; /* position of the key word */
	struct arg *items;
	size_t nitems;
};

struct rule_ast {
	const char *name;
	struct pos pos;                   /* position of the rule's name */
	struct keyval *keys[KEY__COUNT];  /* NULL when the key is absent */
};

/* NAME = expr at top level. */
struct assign {
	const char *name;
	struct pos pos;
	struct expr *value;
};

/* A parsed Flowfile with its includes spliced in, in source order. */
struct ast {
	struct arena arena;     /* owns every node and string above */
	struct assign *vars;
	size_t nvars, capvars;
	struct rule_ast *rules;
	size_t nrules, caprules;
};

/* The source position of byte offset off of the string expression e's decoded text.
 * For a normal string it accounts for escapes; for a triple-quoted one for the dedent. */
struct pos expr_str_pos(const struct expr *e, size_t off);

/* Free the tree. */
void ast_free(struct ast *a);

#endif
