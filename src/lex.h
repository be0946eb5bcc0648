/* lex: the Flowfile scanner. Python-like lines and indentation, one token of lookahead. */
#ifndef FLOW_LEX_H
#define FLOW_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "util.h"

/* Indentation levels a file may nest (as in Python). */
#define LEX_MAXINDENT 100

enum tok {
	TOK_EOF,
	TOK_NEWLINE,  /* end of a logical line */
	TOK_INDENT,   /* a line indented more than the previous one */
	TOK_DEDENT,   /* one per indentation level closed */
	TOK_NAME,
	TOK_INT,
	TOK_STRING,
	TOK_COLON,
	TOK_EQUALS,
	TOK_COMMA,
	TOK_LBRACKET,
	TOK_RBRACKET,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_ERROR,    /* a lexical error, already reported through the diag */
};

struct token {
	enum tok kind;
	struct pos pos;         /* first character; INDENT/DEDENT: the first token of the line */
	const char *s;          /* NAME: the identifier; STRING: the decoded text. NUL-terminated, in the arena */
	size_t len;             /* length of s */
	unsigned long long num; /* INT: the magnitude, at most 2^63 (the parser checks the sign) */
	bool neg;               /* INT: written with '-' right before the digits */
	bool triple;            /* STRING: """...""" */
	bool skip_first;        /* STRING: the blank first line of a """ string was dropped */
	int dedent;             /* STRING: bytes of margin removed from each line of a """ string */
	size_t start, end;      /* the token's bytes in the source text */
	int end_line;           /* the line at end */
};

/* The scanner's state; all of it lives here. Fields are private to lex.c. */
struct lexer {
	struct diag *diag;
	const struct srcfile *file;
	struct arena *arena;
	size_t p;         /* next byte to read */
	int line;         /* line of p */
	size_t linestart; /* offset of that line's first byte */
	bool bol;         /* at the start of a logical line: indentation still to measure */
	bool content;     /* the current logical line has produced a token */
	int depth;        /* open brackets and parentheses */
	int npending;     /* DEDENT tokens still to produce */
	int nindent;
	int indent[LEX_MAXINDENT];    /* indentation stack, tabs to multiples of 8 */
	int altindent[LEX_MAXINDENT]; /* the same with tabs counted as 1, to catch mixing */
	struct token tok;   /* the current token */
	struct token ahead; /* the next one, when has_ahead */
	bool has_ahead;
};

/* Start scanning f; errors go to d, NAME and STRING texts into a (which must outlive the
 * tokens). Reads the first token into lx->tok. Nothing to free afterwards. */
void lex_init(struct lexer *lx, struct diag *d, const struct srcfile *f, struct arena *a);
/* Advance: lx->tok becomes the next token (TOK_EOF forever at the end). */
void lex_next(struct lexer *lx);
/* The token after lx->tok, without advancing. */
const struct token *lex_peek(struct lexer *lx);
/* Recover after a syntax error at lx->tok: go on at lx->tok itself when keep is true
 * (the caller ensures it starts a line in column 1), else at the next line that starts
 * in column 1. Indentation and bracket state are reset. */
void lex_resync(struct lexer *lx, bool keep);
/* A description of a token kind for messages: "':'", "end of line", "name", ... */
const char *tok_kind_name(enum tok k);
/* Append a description of t for "expected X, got Y" messages: "'foo'", "end of line",
 * "string \"abc\"", ... */
void tok_describe(struct buf *b, const struct lexer *lx, const struct token *t);

#endif
