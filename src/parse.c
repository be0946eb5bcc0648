/* parse: recursive descent from tokens to struct ast. The grammar is grammar/Flowfile.ebnf;
 * each function below parses the rule in its comment. A function that meets a syntax
 * error reports it and returns NULL/false up to file(), which resynchronises. */
#include "parse.h"
#include "lex.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Nesting allowed for lists and calls, so that hostile input cannot exhaust the stack. */
#define MAX_DEPTH 200
/* Nesting allowed for includes. */
#define MAX_INCLUDES 64

/* A file being parsed, for include paths and cycles. */
struct incfile {
	char *shown;   /* as shown in messages */
	char *dir;     /* directory to open its includes from ("" for the current one) */
	char *showndir;
	bool has_id;
	dev_t dev;
	ino_t ino;
};

struct parser {
	struct diag *d;
	struct ast *ast;
	struct lexer *lx;
	struct strmap rules; /* rule name -> index in ast->rules, plus 1 */
	struct incfile *files;
	size_t nfiles, capfiles;
	size_t stmt_start;   /* where the current statement began */
	int depth;           /* nesting of lists and calls */
};

/* A growable array of arguments, copied into the arena when complete. */
struct argvec {
	struct arg *v;
	size_t n, cap;
};

static const struct token *tok(const struct parser *p)
{
	return &p->lx->tok;
}

static bool at(const struct parser *p, enum tok kind)
{
	return p->lx->tok.kind == kind;
}

static void next(struct parser *p)
{
	lex_next(p->lx);
}

/* Consume the current token when it is of the given kind. */
static bool testnext(struct parser *p, enum tok kind)
{
	if (!at(p, kind))
		return false;
	next(p);
	return true;
}

/* Report "MSG, got TOKEN" at the current token (unless the lexer reported it already);
 * returns false for the caller to pass up. */
static bool __attribute__((format(printf, 2, 3))) expected(struct parser *p, const char *fmt, ...)
{
	if (at(p, TOK_ERROR))
		return false;
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_puts(&b, ", got ");
	tok_describe(&b, p->lx, tok(p));
	diag_error(p->d, tok(p)->pos, "%s", buf_str(&b));
	buf_free(&b);
	return false;
}

static void argvec_push(struct argvec *v, struct arg a)
{
	VEC_PUSH(v->v, v->n, v->cap, a);
}

/* Move the arguments into the arena; *n receives their number. */
static struct arg *argvec_done(struct parser *p, struct argvec *v, size_t *n)
{
	struct arg *a = NULL;
	if (v->n) {
		a = arena_alloc(&p->ast->arena, v->n * sizeof(*a));
		memcpy(a, v->v, v->n * sizeof(*a));
	}
	*n = v->n;
	free(v->v);
	*v = (struct argvec){0};
	return a;
}

static struct expr *mkexpr(struct parser *p, enum expr_kind kind, struct pos pos)
{
	struct expr *e = arena_alloc(&p->ast->arena, sizeof(*e));
	*e = (struct expr){.kind = kind, .pos = pos};
	return e;
}

static struct expr *expr(struct parser *p);
static bool entry(struct parser *p, struct argvec *v);

/* Enter a list or call; false (with an error) when nested too deeply. */
static bool enter(struct parser *p)
{
	if (++p->depth <= MAX_DEPTH)
		return true;
	diag_error(p->d, tok(p)->pos, "expression nested too deeply (more than %d levels)", MAX_DEPTH);
	return false;
}

/* list -> '[' [ expr { ',' expr } [ ',' ] ] ']' */
static struct expr *list(struct parser *p)
{
	struct expr *e = mkexpr(p, EXPR_LIST, tok(p)->pos);
	struct argvec v = {0};
	if (!enter(p))
		goto fail;
	next(p);
	while (!at(p, TOK_RBRACKET)) {
		struct expr *item = expr(p);
		if (!item)
			goto fail;
		argvec_push(&v, (struct arg){.name_pos = item->pos, .value = item});
		if (!testnext(p, TOK_COMMA) && !at(p, TOK_RBRACKET)) {
			expected(p, "expected ',' or ']' to close '[' at line %d", e->pos.line);
			goto fail;
		}
	}
	next(p);
	p->depth--;
	e->args = argvec_done(p, &v, &e->nargs);
	return e;
fail:
	p->depth--;
	free(v.v);
	return NULL;
}

/* call -> NAME '(' [ arg { ',' arg } [ ',' ] ] ')' */
static struct expr *call(struct parser *p)
{
	struct expr *e = mkexpr(p, EXPR_CALL, tok(p)->pos);
	e->str = tok(p)->s;
	e->len = tok(p)->len;
	struct argvec v = {0};
	if (!enter(p))
		goto fail;
	next(p);
	int line = tok(p)->pos.line;
	next(p);
	while (!at(p, TOK_RPAREN)) {
		if (!entry(p, &v))
			goto fail;
		if (!testnext(p, TOK_COMMA) && !at(p, TOK_RPAREN)) {
			expected(p, "expected ',' or ')' to close '(' at line %d", line);
			goto fail;
		}
	}
	next(p);
	p->depth--;
	e->args = argvec_done(p, &v, &e->nargs);
	return e;
fail:
	p->depth--;
	free(v.v);
	return NULL;
}

/* expr -> STRING | INT | NAME | call | list */
static struct expr *expr(struct parser *p)
{
	const struct token *t = tok(p);
	struct expr *e;
	switch (t->kind) {
	case TOK_STRING:
		e = mkexpr(p, EXPR_STR, t->pos);
		e->str = t->s;
		e->len = t->len;
		e->triple = t->triple;
		e->dedent = t->dedent;
		e->skip_first = t->skip_first;
		next(p);
		return e;
	case TOK_INT: {
		bool neg = t->neg;
		unsigned long long n = t->num;
		if (!neg && n > INT64_MAX) {
			diag_error(p->d, t->pos, "integer literal '%llu' is out of range", n);
			return NULL;
		}
		e = mkexpr(p, EXPR_INT, t->pos);
		e->num = !neg ? (long long)n : n > INT64_MAX ? INT64_MIN : -(long long)n;
		next(p);
		return e;
	}
	case TOK_NAME:
		if (lex_peek(p->lx)->kind == TOK_LPAREN)
			return call(p);
		e = mkexpr(p, EXPR_NAME, t->pos);
		e->str = t->s;
		e->len = t->len;
		next(p);
		return e;
	case TOK_LBRACKET:
		return list(p);
	default:
		return expected(p, "expected a value"), NULL;
	}
}

/* entry -> [ NAME '=' ] expr      (also the rule 'arg' of calls) */
static bool entry(struct parser *p, struct argvec *v)
{
	struct arg a = {0};
	if (at(p, TOK_NAME) && lex_peek(p->lx)->kind == TOK_EQUALS) {
		a.name = tok(p)->s;
		a.name_pos = tok(p)->pos;
		next(p);
		next(p);
	}
	a.value = expr(p);
	if (!a.value)
		return false;
	if (!a.name)
		a.name_pos = a.value->pos;
	argvec_push(v, a);
	return true;
}

/* entries -> entry { ',' entry } [ ',' ]      (followed by NEWLINE) */
static bool entries(struct parser *p, struct argvec *v, const char *key)
{
	for (;;) {
		if (!entry(p, v))
			return false;
		if (!testnext(p, TOK_COMMA) || at(p, TOK_NEWLINE))
			break;
	}
	if (testnext(p, TOK_NEWLINE))
		return true;
	return expected(p, "expected ',' or end of line after value of '%s'", key);
}

static void unknown_key(struct parser *p, const char *name, struct pos pos, const char *rule)
{
	const char *best = rule_key_similar(name);
	if (best) {
		diag_error(p->d, pos, "unknown key '%s' in rule '%s' (did you mean '%s'?)", name, rule, best);
		return;
	}
	diag_error(p->d, pos, "unknown key '%s' in rule '%s'", name, rule);
	struct buf b = {0};
	rule_key_list(&b);
	diag_hint(p->d, "the keys are %s", buf_str(&b));
	buf_free(&b);
}

/* keyval -> KEY ':' ( entries NEWLINE | NEWLINE INDENT entries NEWLINE { entries NEWLINE } DEDENT ) */
static bool keyval(struct parser *p, struct rule_ast *r)
{
	if (!at(p, TOK_NAME))
		return expected(p, "expected a key in rule '%s'", r->name);
	const char *name = tok(p)->s;
	struct pos pos = tok(p)->pos;
	next(p);
	if (!testnext(p, TOK_COLON))
		return expected(p, "expected ':' after key '%s'", name);
	int k = rule_key_lookup(name);
	if (k < 0) {
		unknown_key(p, name, pos, r->name);
	} else if (r->keys[k]) {
		diag_error(p->d, pos, "duplicate key '%s' in rule '%s'", name, r->name);
		diag_note(p->d, r->keys[k]->pos, "'%s' first given here", name);
		k = -1;
	}
	struct argvec v = {0};
	if (testnext(p, TOK_NEWLINE)) {
		if (!testnext(p, TOK_INDENT)) {
			expected(p, "expected an indented block of values after '%s:'", name);
			return false;
		}
		do {
			if (!entries(p, &v, name))
				goto fail;
		} while (!at(p, TOK_DEDENT) && !at(p, TOK_EOF));
		next(p);
	} else if (!entries(p, &v, name)) {
		goto fail;
	}
	if (k < 0) {
		free(v.v);
		return true;
	}
	if (rule_keys[k].single && v.n > 1) {
		diag_error(p->d, v.v[1].name_pos, "'%s' takes a single value, got %zu", name, v.n);
		v.n = 1;
	}
	struct keyval *kv = arena_alloc(&p->ast->arena, sizeof(*kv));
	*kv = (struct keyval){.key = k, .pos = pos};
	kv->items = argvec_done(p, &v, &kv->nitems);
	r->keys[k] = kv;
	return true;
fail:
	free(v.v);
	return false;
}

/* rule -> 'rule' NAME ':' NEWLINE INDENT keyval { keyval } DEDENT */
static bool rule(struct parser *p)
{
	next(p);
	if (!at(p, TOK_NAME))
		return expected(p, "expected a rule name after 'rule'");
	struct rule_ast r = {.name = tok(p)->s, .pos = tok(p)->pos};
	next(p);
	if (!testnext(p, TOK_COLON))
		return expected(p, "expected ':' after rule name '%s'", r.name);
	if (!testnext(p, TOK_NEWLINE))
		return expected(p, "expected end of line after 'rule %s:'", r.name);
	bool ok = testnext(p, TOK_INDENT);
	if (!ok)
		expected(p, "expected an indented block of keys after 'rule %s:'", r.name);
	while (ok && !at(p, TOK_DEDENT) && !at(p, TOK_EOF))
		ok = keyval(p, &r);
	if (ok)
		next(p);

	bool found;
	void **slot = strmap_slot(&p->rules, r.name, strlen(r.name), &found);
	if (found) {
		const struct rule_ast *first = &p->ast->rules[(uintptr_t)*slot - 1];
		diag_error(p->d, r.pos, "duplicate rule name '%s'", r.name);
		diag_note(p->d, first->pos, "rule '%s' first defined here", r.name);
	} else {
		struct ast *a = p->ast;
		VEC_PUSH(a->rules, a->nrules, a->caprules, r);
		*slot = (void *)(uintptr_t)a->nrules;
	}
	return ok;
}

/* assign -> NAME '=' expr NEWLINE */
static bool assign(struct parser *p)
{
	struct assign a = {.name = tok(p)->s, .pos = tok(p)->pos};
	next(p);
	if (!testnext(p, TOK_EQUALS)) {
		bool typo = at(p, TOK_NAME) && edit_distance(a.name, "rule", 2) <= 2;
		expected(p, "expected '=' after '%s'", a.name);
		if (typo && !at(p, TOK_ERROR))
			diag_hint(p->d, "a rule starts with 'rule NAME:'");
		return false;
	}
	a.value = expr(p);
	if (!a.value)
		return false;
	if (!testnext(p, TOK_NEWLINE))
		return expected(p, "expected end of line after the value of '%s'", a.name);
	struct ast *t = p->ast;
	VEC_PUSH(t->vars, t->nvars, t->capvars, a);
	return true;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup("");
	return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

static char *join(const char *dir, const char *path)
{
	if (path[0] == '/' || !dir[0])
		return xstrdup(path);
	return xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", path);
}

static void parse_source(struct parser *p, const struct srcfile *f, struct incfile inc);

/* Parse the file an include names, unless it is unreadable or already open. */
static void include_file(struct parser *p, const char *path, struct pos pos)
{
	const struct incfile *cur = &p->files[p->nfiles - 1];
	struct incfile inc = {.shown = join(cur->showndir, path), .has_id = true};
	char *open = join(cur->dir, path);
	struct stat st;
	const struct srcfile *f = NULL;
	if (stat(open, &st) < 0) {
		diag_error(p->d, pos, "cannot read '%s': %s", inc.shown, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(p->d, pos, "cannot read '%s': %s", inc.shown,
			   S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
		goto out;
	}
	for (size_t i = 0; i < p->nfiles; i++) {
		if (!p->files[i].has_id || p->files[i].dev != st.st_dev || p->files[i].ino != st.st_ino)
			continue;
		struct buf b = {0};
		for (size_t j = i; j < p->nfiles; j++)
			buf_printf(&b, "'%s' -> ", p->files[j].shown);
		diag_error(p->d, pos, "include cycle: %s'%s'", buf_str(&b), p->files[i].shown);
		buf_free(&b);
		goto out;
	}
	if (p->nfiles >= MAX_INCLUDES) {
		diag_error(p->d, pos, "includes nested too deeply (more than %d levels)", MAX_INCLUDES);
		goto out;
	}
	if (!(f = diag_load(p->d, open, inc.shown))) {
		diag_error(p->d, pos, "cannot read '%s': %s", inc.shown, strerror(errno));
		goto out;
	}
	inc.dev = st.st_dev;
	inc.ino = st.st_ino;
	inc.dir = dir_of(open);
	inc.showndir = dir_of(inc.shown);
	parse_source(p, f, inc);
	free(inc.dir);
	free(inc.showndir);
out:
	free(inc.shown);
	free(open);
}

/* include -> 'include' STRING NEWLINE */
static bool include(struct parser *p)
{
	next(p);
	if (!at(p, TOK_STRING))
		return expected(p, "expected a file name string after 'include'");
	const char *path = tok(p)->s;
	size_t len = tok(p)->len;
	struct pos pos = tok(p)->pos;
	next(p);
	if (!testnext(p, TOK_NEWLINE))
		return expected(p, "expected end of line after the included file name");
	if (strlen(path) != len || !len) {
		diag_error(p->d, pos, "invalid file name in include");
		return true;
	}
	include_file(p, path, pos);
	return true;
}

/* statement -> assign | include | rule */
static bool statement(struct parser *p)
{
	if (at(p, TOK_INDENT)) {
		diag_error(p->d, tok(p)->pos, "unexpected indentation");
		return false;
	}
	if (!at(p, TOK_NAME))
		return expected(p, "expected a rule, an include or an assignment");
	if (strcmp(tok(p)->s, "rule") == 0)
		return rule(p);
	if (strcmp(tok(p)->s, "include") == 0)
		return include(p);
	return assign(p);
}

/* After an error: go on at the next line that starts in column 1 (or at the token in
 * error itself when it starts such a line past the statement's first token). */
static void recover(struct parser *p)
{
	const struct token *t = tok(p);
	bool keep = t->pos.col == 1 && t->kind != TOK_ERROR && t->kind != TOK_EOF &&
		    t->start != p->stmt_start;
	lex_resync(p->lx, keep);
	p->depth = 0;
}

/* file -> { NEWLINE | statement } EOF */
static void file(struct parser *p)
{
	while (!at(p, TOK_EOF)) {
		if (testnext(p, TOK_NEWLINE))
			continue;
		p->stmt_start = tok(p)->start;
		if (!statement(p))
			recover(p);
	}
}

static void parse_source(struct parser *p, const struct srcfile *f, struct incfile inc)
{
	struct lexer lx, *saved = p->lx;
	size_t saved_start = p->stmt_start;
	VEC_PUSH(p->files, p->nfiles, p->capfiles, inc);
	p->lx = &lx;
	lex_init(&lx, p->d, f, &p->ast->arena);
	file(p);
	p->nfiles--;
	p->lx = saved;
	p->stmt_start = saved_start;
}

/* Parse f, the top-level file, into a new tree. */
static struct ast *parse_top(struct diag *d, const struct srcfile *f, struct incfile inc)
{
	struct ast *a = xcalloc(1, sizeof(*a));
	struct parser p = {.d = d, .ast = a};
	if (f)
		parse_source(&p, f, inc);
	strmap_free(&p.rules);
	free(p.files);
	return a;
}

struct ast *parse_file(struct diag *d, const char *path, const char *shown)
{
	struct incfile inc = {.shown = (char *)shown, .dir = dir_of(path), .showndir = dir_of(shown)};
	struct stat st;
	if (stat(path, &st) == 0) {
		inc.has_id = true;
		inc.dev = st.st_dev;
		inc.ino = st.st_ino;
	}
	const struct srcfile *f = diag_load(d, path, shown);
	if (!f)
		diag_plain(d, "cannot read '%s': %s", shown, strerror(errno));
	struct ast *a = parse_top(d, f, inc);
	free(inc.dir);
	free(inc.showndir);
	return a;
}

struct ast *parse_string(struct diag *d, const char *name, const char *text, size_t len)
{
	const struct srcfile *f = diag_add_source(d, name, text, len);
	struct incfile inc = {.shown = (char *)name, .dir = "", .showndir = ""};
	return parse_top(d, f, inc);
}
