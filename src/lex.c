/* lex: the Flowfile scanner. */
#include "lex.h"

#include <string.h>

/* The largest magnitude an integer literal may have: 2^63, for -9223372036854775808. */
#define INT_LIMIT 9223372036854775808ULL

static int cur(const struct lexer *lx)
{
	return lx->p < lx->file->len ? (unsigned char)lx->file->text[lx->p] : -1;
}

static int peekc(const struct lexer *lx, size_t k)
{
	size_t i = lx->p + k;
	return i < lx->file->len ? (unsigned char)lx->file->text[i] : -1;
}

static struct pos here(const struct lexer *lx)
{
	return (struct pos){lx->file, lx->line, (int)(lx->p - lx->linestart) + 1};
}

/* Step over the '\n' at p. */
static void newline(struct lexer *lx)
{
	lx->p++;
	lx->line++;
	lx->linestart = lx->p;
}

/* Start t at the current position. */
static void begin(struct lexer *lx, struct token *t, enum tok kind)
{
	*t = (struct token){.kind = kind, .pos = here(lx), .start = lx->p, .s = "", .len = 0};
}

/* End t at the current position. */
static void finish(struct lexer *lx, struct token *t)
{
	t->end = lx->p;
	t->end_line = lx->line;
	if (t->kind != TOK_NEWLINE && t->kind != TOK_INDENT && t->kind != TOK_DEDENT && t->kind != TOK_EOF)
		lx->content = true;
}

static void error_token(struct lexer *lx, struct token *t, struct pos at, const char *msg, int c)
{
	t->kind = TOK_ERROR;
	if (c < 0)
		diag_error(lx->diag, at, "%s", msg);
	else if (c >= 0x20 && c < 0x7f)
		diag_error(lx->diag, at, "%s '%c'", msg, c);
	else
		diag_error(lx->diag, at, "%s 0x%02x", msg, (unsigned)c);
}

/* Skip a comment from its '#' to the end of the line; a NUL byte in it is an error. */
static void comment(struct lexer *lx)
{
	int c;
	while ((c = cur(lx)) != '\n' && c != -1) {
		if (c == '\0')
			diag_error(lx->diag, here(lx), "NUL byte in comment");
		lx->p++;
	}
}

/* Measure the indentation of a new logical line, skipping blank and comment lines:
 * the column of its first token, on the physical line that holds it (a line join
 * before it moves to the next physical line). Returns false when it produced a token
 * into t (INDENT, DEDENT or an error). */
static bool indentation(struct lexer *lx, struct token *t)
{
	int col, alt, c;
	for (;;) {
		col = alt = 0;
		while ((c = cur(lx)) == ' ' || c == '\t') {
			col = c == ' ' ? col + 1 : (col / 8 + 1) * 8;
			alt++;
			lx->p++;
		}
		if (c == '\\' && peekc(lx, 1) == '\n') {
			lx->p++;
			newline(lx);
			continue;
		}
		if (c == '#') {
			comment(lx);
			c = cur(lx);
		}
		if (c == -1)
			return true; /* the end of file produces the rest */
		if (c != '\n')
			break;
		newline(lx);
	}
	lx->bol = false;
	int n = lx->nindent;
	if (col == lx->indent[n - 1]) {
		if (alt == lx->altindent[n - 1])
			return true;
		begin(lx, t, TOK_ERROR);
		error_token(lx, t, t->pos, "inconsistent use of tabs and spaces in indentation", -1);
	} else if (col > lx->indent[n - 1]) {
		begin(lx, t, TOK_INDENT);
		if (alt <= lx->altindent[n - 1]) {
			error_token(lx, t, t->pos, "inconsistent use of tabs and spaces in indentation", -1);
		} else if (n == LEX_MAXINDENT) {
			error_token(lx, t, t->pos, "too many levels of indentation", -1);
		} else {
			lx->indent[n] = col;
			lx->altindent[n] = alt;
			lx->nindent++;
		}
	} else {
		begin(lx, t, TOK_DEDENT);
		while (lx->nindent > 1 && col < lx->indent[lx->nindent - 1]) {
			lx->nindent--;
			lx->npending++;
		}
		lx->npending--; /* this token is the first */
		if (col != lx->indent[lx->nindent - 1]) {
			lx->npending = 0;
			error_token(lx, t, t->pos, "unindent does not match any outer indentation level", -1);
		} else if (alt != lx->altindent[lx->nindent - 1]) {
			lx->npending = 0;
			error_token(lx, t, t->pos, "inconsistent use of tabs and spaces in indentation", -1);
		}
	}
	finish(lx, t);
	return false;
}

/* Skip spaces, comments, backslash-newline joins, and newlines inside brackets. */
static void skip_space(struct lexer *lx)
{
	for (;;) {
		int c = cur(lx);
		if (c == ' ' || c == '\t') {
			lx->p++;
		} else if (c == '#') {
			comment(lx);
		} else if (c == '\\' && peekc(lx, 1) == '\n') {
			lx->p++;
			newline(lx);
		} else if (c == '\n' && lx->depth > 0) {
			newline(lx);
		} else {
			return;
		}
	}
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A "..." string: escapes \n \t \" \\; an unknown escape is reported and kept. */
static void string(struct lexer *lx, struct token *t)
{
	const char *text = lx->file->text;
	size_t q = lx->p + 1, end = lx->file->len;
	while (q < end && text[q] != '"' && text[q] != '\n')
		q += text[q] == '\\' && q + 1 < end && text[q + 1] != '\n' ? 2 : 1;
	if (q >= end || text[q] != '"') {
		lx->p = q;
		error_token(lx, t, t->pos, "unterminated string", -1);
		if (t->start >= 3 && memcmp(text + t->start - 3, "\"\"\"", 3) == 0)
			diag_hint(lx->diag, "a \"\"\" string ends at the first \"\"\" in it, so this '\"' starts a new string");
		return;
	}
	char *out = arena_alloc(lx->arena, q - lx->p);
	size_t n = 0;
	for (lx->p++; lx->p < q; lx->p++) {
		char c = text[lx->p];
		if (c == '\0') {
			diag_error(lx->diag, here(lx), "NUL byte in string");
			continue;
		}
		if (c != '\\') {
			out[n++] = c;
			continue;
		}
		char e = text[lx->p + 1];
		if (e == 'n' || e == 't' || e == '"' || e == '\\') {
			out[n++] = e == 'n' ? '\n' : e == 't' ? '\t' : e;
			lx->p++;
		} else {
			if (e >= 0x20 && e < 0x7f)
				diag_error(lx->diag, here(lx), "invalid escape '\\%c' in string", e);
			else
				diag_error(lx->diag, here(lx), "invalid escape in string");
			diag_hint(lx->diag, "the escapes are \\n \\t \\\" \\\\; a \"\"\"triple-quoted\"\"\" string takes backslashes as they are");
			out[n++] = c;
		}
	}
	lx->p++;
	out[n] = '\0';
	t->s = out;
	t->len = n;
}

/* The text of a """ string: drop a blank first line and a blank last line, then the
 * common margin of the non-blank lines, as Python's textwrap.dedent. */
static void dedent(struct lexer *lx, struct token *t, const char *s, const char *e)
{
	const char *q = s;
	while (q < e && is_blank(*q))
		q++;
	if (q < e && *q == '\n') {
		s = q + 1;
		t->skip_first = true;
	}
	q = e;
	while (q > s && is_blank(q[-1]))
		q--;
	if (q == s)
		e = s;
	else if (q[-1] == '\n')
		e = q - 1;
	const char *margin = NULL;
	size_t mlen = 0;
	for (const char *line = s;;) {
		const char *nl = memchr(line, '\n', (size_t)(e - line));
		if (!nl)
			nl = e;
		const char *ws = line;
		while (ws < nl && is_blank(*ws))
			ws++;
		if (ws < nl) {
			size_t k = 0;
			if (!margin)
				margin = line, k = mlen = (size_t)(ws - line);
			while (k < mlen && k < (size_t)(ws - line) && line[k] == margin[k])
				k++;
			mlen = k;
		}
		if (nl == e)
			break;
		line = nl + 1;
	}
	char *out = arena_alloc(lx->arena, (size_t)(e - s) + 1);
	size_t n = 0;
	for (const char *line = s;;) {
		const char *nl = memchr(line, '\n', (size_t)(e - line));
		if (!nl)
			nl = e;
		const char *ws = line;
		while (ws < nl && is_blank(*ws))
			ws++;
		for (const char *c = line + mlen; ws < nl && c < nl; c++)
			if (*c != '\0') /* reported by triple() */
				out[n++] = *c;
		if (nl == e)
			break;
		out[n++] = '\n';
		line = nl + 1;
	}
	out[n] = '\0';
	t->s = out;
	t->len = n;
	t->dedent = (int)mlen;
}

/* A """ string: no escapes; it may span lines. */
static void triple(struct lexer *lx, struct token *t)
{
	const char *text = lx->file->text;
	size_t end = lx->file->len, s = lx->p + 3, q = s;
	while (q + 2 < end && !(text[q] == '"' && text[q + 1] == '"' && text[q + 2] == '"'))
		q++;
	t->triple = true;
	bool closed = q + 2 < end;
	for (lx->p = s; lx->p < (closed ? q : end);) {
		if (text[lx->p] == '\n') {
			newline(lx);
			continue;
		}
		if (text[lx->p] == '\0')
			diag_error(lx->diag, here(lx), "NUL byte in string");
		lx->p++;
	}
	if (!closed) {
		error_token(lx, t, t->pos, "unterminated triple-quoted string", -1);
		return;
	}
	lx->p = q + 3;
	dedent(lx, t, text + s, text + q);
}

static void number(struct lexer *lx, struct token *t)
{
	unsigned long long v = 0;
	bool overflow = false;
	int c;
	while (is_digit(c = cur(lx))) {
		unsigned d = (unsigned)(c - '0');
		if (v > (INT_LIMIT - d) / 10)
			overflow = true;
		else
			v = v * 10 + d;
		lx->p++;
	}
	t->num = v;
	if (overflow) {
		size_t n = lx->p - t->start;
		diag_error(lx->diag, t->pos, "integer literal '%.*s%s' is out of range",
			   n > 40 ? 40 : (int)n, lx->file->text + t->start, n > 40 ? "..." : "");
		t->kind = TOK_ERROR;
	}
}

/* Produce the token at the end of the file: NEWLINE, DEDENTs, then EOF. */
static void at_eof(struct lexer *lx, struct token *t)
{
	if (lx->content && lx->depth == 0) {
		begin(lx, t, TOK_NEWLINE);
		lx->content = false;
		lx->bol = true;
	} else if (lx->nindent > 1 && lx->depth == 0) {
		begin(lx, t, TOK_DEDENT);
		lx->npending = lx->nindent - 2;
		lx->nindent = 1;
	} else {
		begin(lx, t, TOK_EOF);
	}
}

static void scan(struct lexer *lx, struct token *t)
{
	if (lx->npending > 0) {
		lx->npending--;
		begin(lx, t, TOK_DEDENT);
		finish(lx, t);
		return;
	}
	int c;
	for (;;) {
		if (lx->bol && lx->depth == 0 && !indentation(lx, t))
			return;
		skip_space(lx);
		c = cur(lx);
		if (c != '\n' || lx->content || lx->depth > 0)
			break;
		/* A line holding only a backslash join: nothing to end. */
		newline(lx);
		lx->bol = true;
	}
	begin(lx, t, TOK_ERROR);
	switch (c) {
	case -1:
		at_eof(lx, t);
		break;
	case '\n':
		t->kind = TOK_NEWLINE;
		newline(lx);
		lx->bol = true;
		lx->content = false;
		t->end = lx->p;
		t->end_line = lx->line;
		return;
	case ':': t->kind = TOK_COLON; lx->p++; break;
	case '=': t->kind = TOK_EQUALS; lx->p++; break;
	case ',': t->kind = TOK_COMMA; lx->p++; break;
	case '-':
		lx->p++;
		if (is_digit(cur(lx))) {
			t->kind = TOK_INT;
			t->neg = true;
			number(lx, t);
		} else {
			error_token(lx, t, t->pos, "unexpected character", c);
			diag_hint(lx->diag, "a negative integer is written with '-' right before its digits, as in -1");
		}
		break;
	case '[': t->kind = TOK_LBRACKET; lx->p++; lx->depth++; break;
	case '(': t->kind = TOK_LPAREN; lx->p++; lx->depth++; break;
	case ']':
	case ')':
		t->kind = c == ']' ? TOK_RBRACKET : TOK_RPAREN;
		lx->p++;
		if (lx->depth > 0)
			lx->depth--;
		break;
	case '"':
		t->kind = TOK_STRING;
		if (peekc(lx, 1) == '"' && peekc(lx, 2) == '"')
			triple(lx, t);
		else
			string(lx, t);
		break;
	default:
		if (is_alpha(c)) {
			t->kind = TOK_NAME;
			while (is_alpha(cur(lx)) || is_digit(cur(lx)))
				lx->p++;
			t->len = lx->p - t->start;
			t->s = arena_strndup(lx->arena, lx->file->text + t->start, t->len);
		} else if (is_digit(c)) {
			t->kind = TOK_INT;
			number(lx, t);
		} else {
			lx->p++;
			error_token(lx, t, t->pos, c == '\0' ? "unexpected NUL byte" :
				    c >= 0x80 ? "unexpected byte" : "unexpected character",
				    c == '\0' ? -1 : c);
			if (c == '\\')
				diag_hint(lx->diag, "a backslash outside strings must end the line");
		}
	}
	finish(lx, t);
}

void lex_init(struct lexer *lx, struct diag *d, const struct srcfile *f, struct arena *a)
{
	*lx = (struct lexer){.diag = d, .file = f, .arena = a, .line = 1, .bol = true, .nindent = 1};
	lex_next(lx);
}

void lex_next(struct lexer *lx)
{
	if (lx->has_ahead) {
		lx->tok = lx->ahead;
		lx->has_ahead = false;
	} else {
		scan(lx, &lx->tok);
	}
}

const struct token *lex_peek(struct lexer *lx)
{
	if (!lx->has_ahead) {
		scan(lx, &lx->ahead);
		lx->has_ahead = true;
	}
	return &lx->ahead;
}

void lex_resync(struct lexer *lx, bool keep)
{
	const struct token *t = &lx->tok;
	const char *text = lx->file->text;
	size_t len = lx->file->len;
	if (keep) {
		lx->p = t->start;
		lx->line = t->pos.line;
	} else {
		lx->p = t->end;
		lx->line = t->end_line;
		/* Leave the token's line, unless the token ended it already. */
		bool bol = lx->p == 0 || text[lx->p - 1] == '\n';
		if (!bol || (t->start == t->end && lx->p < len)) {
			while (lx->p < len && text[lx->p] != '\n')
				lx->p++;
			if (lx->p < len)
				newline(lx);
		}
		/* Skip indented and empty lines. */
		while (lx->p < len && strchr(" \t\r\n", text[lx->p]) && text[lx->p] != '\0') {
			while (lx->p < len && text[lx->p] != '\n')
				lx->p++;
			if (lx->p < len)
				newline(lx);
		}
	}
	size_t ls = lx->p;
	while (ls > 0 && text[ls - 1] != '\n')
		ls--;
	lx->linestart = ls;
	lx->bol = true;
	lx->content = false;
	lx->depth = 0;
	lx->npending = 0;
	lx->nindent = 1;
	lx->has_ahead = false;
	lex_next(lx);
}

const char *tok_kind_name(enum tok k)
{
	switch (k) {
	case TOK_EOF: return "end of file";
	case TOK_NEWLINE: return "end of line";
	case TOK_INDENT: return "indentation";
	case TOK_DEDENT: return "end of indented block";
	case TOK_NAME: return "name";
	case TOK_INT: return "integer";
	case TOK_STRING: return "string";
	case TOK_COLON: return "':'";
	case TOK_EQUALS: return "'='";
	case TOK_COMMA: return "','";
	case TOK_LBRACKET: return "'['";
	case TOK_RBRACKET: return "']'";
	case TOK_LPAREN: return "'('";
	case TOK_RPAREN: return "')'";
	case TOK_ERROR: return "invalid token";
	}
	return "?";
}

void tok_describe(struct buf *b, const struct lexer *lx, const struct token *t)
{
	const char *src = lx->file->text + t->start;
	size_t n = t->end - t->start;
	switch (t->kind) {
	case TOK_NAME:
	case TOK_INT:
		if (n > 40)
			buf_printf(b, "'%.40s...'", src);
		else
			buf_printf(b, "'%.*s'", (int)n, src);
		break;
	case TOK_STRING: {
		size_t k = 0;
		while (k < n && k < 30 && src[k] != '\n' && src[k] != '\0')
			k++;
		buf_printf(b, "string %.*s%s", (int)k, src, k < n ? "..." : "");
		break;
	}
	default:
		buf_puts(b, tok_kind_name(t->kind));
	}
}
