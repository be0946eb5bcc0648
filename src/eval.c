/* eval: evaluating expressions, variables and the built-in functions. */
#include "eval.h"
#include "pattern.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum var_state { VAR_NEW, VAR_BUSY, VAR_DONE, VAR_FAILED };

struct var {
	const struct assign *assign;
	struct value *value;
	enum var_state state;
};

void eval_init(struct eval *ev, struct diag *d, const struct ast *ast, struct arena *arena)
{
	*ev = (struct eval){.diag = d, .ast = ast, .arena = arena};
	for (size_t i = 0; i < ast->nvars; i++) {
		const struct assign *a = &ast->vars[i];
		bool found;
		void **slot = strmap_slot(&ev->vars, a->name, strlen(a->name), &found);
		if (found) {
			const struct var *first = *slot;
			diag_error(d, a->pos, "variable '%s' is defined twice", a->name);
			diag_note(d, first->assign->pos, "first defined here");
			continue;
		}
		struct var *v = arena_alloc(arena, sizeof(*v));
		*v = (struct var){.assign = a};
		*slot = v;
	}
}

/* Keep cand in *best when it is closer to name than *best was (for "did you mean"). */
static void closer(const char *name, const char *cand, const char **best, size_t *bestd)
{
	size_t dd = edit_distance(name, cand, *bestd);
	if (dd <= *bestd && dd < strlen(name)) {
		*best = cand;
		*bestd = dd ? dd - 1 : 0;
	}
}

/* The name of a variable close to name, for "did you mean", or NULL. */
static const char *similar_var(const struct eval *ev, const char *name)
{
	const char *best = NULL;
	size_t bestd = strlen(name) / 3 + 1;
	for (size_t i = 0; i < ev->ast->nvars && !(best && strcmp(best, name) == 0); i++)
		closer(name, ev->ast->vars[i].name, &best, &bestd);
	return best;
}

static struct value *var_value(struct eval *ev, const char *name, struct pos use)
{
	struct var *v = strmap_get(&ev->vars, name, strlen(name));
	if (!v) {
		const char *sim = similar_var(ev, name);
		if (sim)
			diag_error(ev->diag, use, "undefined variable '%s' (did you mean '%s'?)", name, sim);
		else
			diag_error(ev->diag, use, "undefined variable '%s'", name);
		return NULL;
	}
	switch (v->state) {
	case VAR_DONE:
		return v->value;
	case VAR_FAILED:
		return NULL;
	case VAR_BUSY:
		diag_error(ev->diag, use, "variable '%s' refers to itself", name);
		return NULL;
	case VAR_NEW:
		break;
	}
	v->state = VAR_BUSY;
	v->value = eval_expr(ev, v->assign->value);
	v->state = v->value ? VAR_DONE : VAR_FAILED;
	return v->value;
}

void eval_all(struct eval *ev)
{
	for (size_t i = 0; i < ev->ast->nvars; i++)
		var_value(ev, ev->ast->vars[i].name, ev->ast->vars[i].pos);
}

/* A built-in function: evaluates the call, or reports an error and returns NULL. */
typedef struct value *builtin_fn(struct eval *ev, const struct expr *call);

struct builtin {
	const char *name;
	builtin_fn *fn;
	int kind;        /* the kind of value it makes, known without calling it; -1: unknown */
};

static const struct builtin *builtin_find(const char *name);

/* The kind of value e has, found without evaluating it (so that no variable's value is
 * computed before every override is in place); -1 when only evaluating can tell, that
 * is when e is in error. */
static int static_kind(struct eval *ev, const struct expr *e, int depth)
{
	switch (e->kind) {
	case EXPR_STR: return VAL_STR;
	case EXPR_INT: return VAL_INT;
	case EXPR_LIST: return VAL_LIST;
	case EXPR_CALL: {
		const struct builtin *b = builtin_find(e->str);
		return b ? b->kind : -1;
	}
	case EXPR_NAME: {
		const struct var *v = strmap_get(&ev->vars, e->str, strlen(e->str));
		if (!v || depth > (int)ev->ast->nvars)
			return -1;
		if (v->state == VAR_DONE)
			return (int)v->value->kind;
		return static_kind(ev, v->assign->value, depth + 1);
	}
	}
	return -1;
}

int eval_override(struct eval *ev, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	char *name = xstrndup(assignment, (size_t)(eq - assignment));
	const char *text = eq + 1;
	struct var *v = strmap_get(&ev->vars, name, strlen(name));
	int rc = -1;
	if (!v) {
		const char *sim = similar_var(ev, name);
		diag_plain(ev->diag, "no variable '%s' in the Flowfile to set from the command line%s%s%s",
			   name, sim ? " (did you mean '" : "", sim ? sim : "", sim ? "'?)" : "");
		goto out;
	}
	int kind = v->state == VAR_DONE ? (int)v->value->kind : static_kind(ev, v->assign->value, 0);
	if (kind < 0) {
		/* Evaluating reports the error in the Flowfile's value. */
		struct value *old = var_value(ev, name, v->assign->pos);
		if (!old)
			goto out;
		kind = (int)old->kind;
	}
	struct pos pos = {0};
	struct value *nv;
	if (kind == VAL_LIST) {
		nv = value_new(ev->arena, VAL_LIST, pos);
		size_t cap = 0;
		for (const char *s = text; *s;) {
			size_t n = strcspn(s, ",");
			char *item = xstrndup(s, n);
			value_push(ev->arena, nv, &cap, value_str(ev->arena, pos, item));
			free(item);
			if (!s[n])
				break;
			s += n + 1;
		}
	} else if (kind == VAL_INT) {
		char *end;
		errno = 0;
		long long n = strtoll(text, &end, 10);
		if (!*text || *end || errno) {
			diag_plain(ev->diag, "variable '%s' is an integer; '%s' is not", name, text);
			goto out;
		}
		nv = value_new(ev->arena, VAL_INT, pos);
		nv->n = n;
	} else {
		nv = value_str(ev->arena, pos, text);
	}
	value_mark_data(nv);
	v->value = nv;
	v->state = VAR_DONE;
	rc = 0;
out:
	free(name);
	return rc;
}

static struct value *call_arg(struct eval *ev, const struct expr *call, size_t i)
{
	return eval_expr(ev, call->args[i].value);
}

struct expand_arg {
	const char *name;
	struct pos pos;
	const char **vals;
	size_t nvals;
	bool used;
};

/* Collect an expand() argument's values as strings. */
static int expand_values(struct eval *ev, struct value *v, struct expand_arg *out)
{
	size_t n = v->kind == VAL_LIST ? v->nitems : 1;
	out->vals = arena_alloc(ev->arena, (n ? n : 1) * sizeof(*out->vals));
	out->nvals = n;
	for (size_t i = 0; i < n; i++) {
		const struct value *item = v->kind == VAL_LIST ? v->items[i] : v;
		if (item->kind == VAL_LIST) {
			diag_error(ev->diag, item->pos, "expand() values must be strings or integers");
			return -1;
		}
		if (item->kind == VAL_STR) {
			out->vals[i] = item->s;
		} else {
			char num[32];
			snprintf(num, sizeof(num), "%lld", item->n);
			out->vals[i] = arena_strdup(ev->arena, num);
		}
	}
	return 0;
}

/* Fill the pattern for one combination of values. */
static void expand_one(struct buf *b, const struct pattern *p, struct expand_arg *args, size_t nargs,
		       const size_t *idx)
{
	for (size_t i = 0; i < p->nsegs; i++) {
		const struct pat_seg *s = &p->segs[i];
		if (!s->wildcard) {
			/* {{ and }} of the pattern become { and }: the result is a pattern
			 * again, in which they make a wildcard (as in Snakemake). */
			buf_put(b, s->text, s->len);
			continue;
		}
		for (size_t a = 0; a < nargs; a++)
			if (strcmp(args[a].name, s->text) == 0)
				/* The result is a pattern again: braces in a value are literal. */
				for (const char *v = args[a].vals[idx[a]]; *v; v++) {
					if (*v == '{' || *v == '}')
						buf_putc(b, *v);
					buf_putc(b, *v);
				}
	}
}

static struct value *fn_expand(struct eval *ev, const struct expr *call)
{
	if (call->nargs < 1 || call->args[0].name) {
		diag_error(ev->diag, call->pos, "expand() needs a pattern as its first argument");
		return NULL;
	}
	struct value *pv = call_arg(ev, call, 0);
	if (!pv)
		return NULL;
	if (pv->kind != VAL_STR) {
		diag_error(ev->diag, pv->pos, "the pattern of expand() must be a string");
		return NULL;
	}
	size_t nargs = call->nargs - 1;
	struct expand_arg *args = arena_alloc(ev->arena, (nargs + 1) * sizeof(*args));
	int errors = 0;
	for (size_t i = 0; i < nargs; i++) {
		const struct arg *a = &call->args[i + 1];
		args[i] = (struct expand_arg){.name = a->name, .pos = a->name_pos};
		if (!a->name) {
			diag_error(ev->diag, a->name_pos, "expand() takes named lists after the pattern: name = [...]");
			errors++;
			continue;
		}
		struct value *v = eval_expr(ev, a->value);
		if (!v || expand_values(ev, v, &args[i]) < 0)
			errors++;
	}
	struct pattern p;
	if (pattern_parse(&p, pv->s, pv, false, ev->diag, ev->arena) < 0 || errors)
		return NULL;
	for (size_t i = 0; i < p.nsegs; i++) {
		if (!p.segs[i].wildcard)
			continue;
		bool found = false;
		for (size_t a = 0; a < nargs; a++)
			if (strcmp(args[a].name, p.segs[i].text) == 0)
				found = args[a].used = true;
		if (!found) {
			diag_error(ev->diag, pattern_seg_pos(&p, i), "expand() has no values for '{%s}'",
				   p.segs[i].text);
			diag_hint(ev->diag, "give them as %s = [...], or write {{%s}} to keep it a wildcard",
				  p.segs[i].text, p.segs[i].text);
			errors++;
		}
	}
	for (size_t a = 0; a < nargs; a++)
		if (!args[a].used) {
			diag_error(ev->diag, args[a].pos, "expand() argument '%s' is not used in the pattern '%s'",
				   args[a].name, pv->s);
			errors++;
		}
	if (errors)
		return NULL;
	struct value *list = value_new(ev->arena, VAL_LIST, call->pos);
	size_t cap = 0;
	size_t *idx = xcalloc(nargs + 1, sizeof(*idx));
	bool empty = false;
	for (size_t a = 0; a < nargs; a++)
		empty |= args[a].nvals == 0;
	struct buf b = {0};
	while (!empty) {
		buf_reset(&b);
		expand_one(&b, &p, args, nargs, idx);
		value_push(ev->arena, list, &cap, value_str(ev->arena, call->pos, buf_str(&b)));
		size_t a = nargs;
		while (a > 0 && ++idx[a - 1] == args[a - 1].nvals)
			idx[--a] = 0;
		if (a == 0)
			break;
	}
	buf_free(&b);
	free(idx);
	return list;
}

struct glob {
	struct eval *ev;
	struct pattern *p;
	struct pattern_md *md;
	int want;              /* index of the wildcard whose values are collected */
	int maxdepth;          /* -1: unlimited */
	struct strmap seen;
	char **found;
	size_t nfound, capfound;
};

static void glob_dir(struct glob *g, struct buf *path, int depth)
{
	DIR *dir = opendir(path->len ? path->s : ".");
	if (!dir)
		return;
	size_t base = path->len;
	for (struct dirent *e; (e = readdir(dir));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (base == 0 && strcmp(e->d_name, ".flow") == 0))
			continue;
		path->len = base;
		buf_puts(path, e->d_name);
		const char *vals[64];
		size_t lens[64];
		if (pattern_match(g->p, path->s, path->len, g->md, vals, lens)) {
			bool found;
			char *v = xstrndup(vals[g->want], lens[g->want]);
			void **slot = strmap_slot(&g->seen, v, strlen(v), &found);
			if (!found) {
				*slot = v;
				VEC_PUSH(g->found, g->nfound, g->capfound, v);
			} else {
				free(v);
			}
		}
		struct stat st;
		if ((g->maxdepth < 0 || depth < g->maxdepth) && stat(path->s, &st) == 0 && S_ISDIR(st.st_mode)) {
			buf_putc(path, '/');
			glob_dir(g, path, depth + 1);
		}
	}
	path->len = base;
	path->s[base] = '\0';
	closedir(dir);
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct value *fn_glob_wildcards(struct eval *ev, const struct expr *call)
{
	if (call->nargs < 1 || call->nargs > 2 || call->args[0].name) {
		diag_error(ev->diag, call->pos, "glob_wildcards() takes a pattern and, optionally, a wildcard name");
		return NULL;
	}
	struct value *pv = call_arg(ev, call, 0);
	struct value *nv = call->nargs == 2 ? call_arg(ev, call, 1) : NULL;
	if (!pv || (call->nargs == 2 && !nv))
		return NULL;
	if (pv->kind != VAL_STR || (nv && nv->kind != VAL_STR)) {
		diag_error(ev->diag, call->pos, "glob_wildcards() arguments must be strings");
		return NULL;
	}
	struct pattern p;
	if (pattern_parse(&p, pv->s, pv, true, ev->diag, ev->arena) < 0)
		return NULL;
	/* Number the distinct wildcards. */
	const char *names[64];
	const char *regexes[64];
	size_t nwc = 0;
	bool crosses = false;
	for (size_t i = 0; i < p.nsegs; i++) {
		struct pat_seg *s = &p.segs[i];
		if (!s->wildcard)
			continue;
		size_t k;
		for (k = 0; k < nwc && strcmp(names[k], s->text) != 0; k++)
			;
		if (k == nwc) {
			if (nwc == LEN(names)) {
				diag_error(ev->diag, pv->pos, "too many wildcards in pattern");
				return NULL;
			}
			names[nwc] = s->text;
			regexes[nwc++] = s->regex ? s->regex : WILDCARD_DEFAULT_REGEX;
		}
		if (s->regex)
			crosses = true;
		s->wc = (int)k;
	}
	int want = 0;
	if (nwc == 0) {
		diag_error(ev->diag, pv->pos, "glob_wildcards() pattern '%s' has no wildcard", pv->s);
		return NULL;
	}
	if (nv) {
		for (want = 0; (size_t)want < nwc && strcmp(names[want], nv->s) != 0; want++)
			;
		if ((size_t)want == nwc) {
			diag_error(ev->diag, nv->pos, "pattern '%s' has no wildcard '%s'", pv->s, nv->s);
			return NULL;
		}
	} else if (nwc > 1) {
		diag_error(ev->diag, call->pos,
			   "pattern '%s' has %zu wildcards: name the one to collect, e.g. glob_wildcards(\"%s\", \"%s\")",
			   pv->s, nwc, pv->s, names[0]);
		return NULL;
	}
	if (pattern_compile(&p, regexes, nwc, ev->diag) < 0)
		return NULL;
	/* Walk from the deepest directory that is literal text. */
	struct buf path = {0};
	if (p.prefix_len) {
		const char *slash = NULL;
		for (size_t i = 0; i < p.prefix_len; i++)
			if (p.prefix[i] == '/')
				slash = p.prefix + i;
		if (slash)
			buf_put(&path, p.prefix, (size_t)(slash - p.prefix) + 1);
	}
	int depth = 0;
	for (const char *s = p.text + path.len; *s; s++)
		depth += *s == '/';
	struct glob g = {.ev = ev, .p = &p, .md = pattern_match_data(), .want = want,
			 .maxdepth = crosses ? -1 : depth};
	glob_dir(&g, &path, 0);
	if (g.nfound)
		qsort(g.found, g.nfound, sizeof(*g.found), cmpstr);
	struct value *list = value_new(ev->arena, VAL_LIST, call->pos);
	size_t cap = 0;
	for (size_t i = 0; i < g.nfound; i++) {
		/* Parts of file names: data, like an override. */
		value_push(ev->arena, list, &cap, value_str(ev->arena, call->pos, g.found[i]));
		list->items[list->nitems - 1]->data = true;
		free(g.found[i]);
	}
	free(g.found);
	strmap_free(&g.seen);
	pattern_match_data_free(g.md);
	pattern_free(&p);
	buf_free(&path);
	return list;
}

/* raw("...") marks a param as shell code. Only a string literal: text written in the
 * Flowfile, never a variable that an override or a file could set. */
static struct value *fn_raw(struct eval *ev, const struct expr *call)
{
	if (call->nargs != 1 || call->args[0].name || call->args[0].value->kind != EXPR_STR) {
		diag_error(ev->diag, call->pos, "raw() takes one string literal, the shell code itself");
		diag_hint(ev->diag, "a variable cannot be raw: its value may come from the command line");
		return NULL;
	}
	struct value *v = eval_expr(ev, call->args[0].value);
	v->shell_code = true;
	return v;
}

/* The built-in functions, in the order the hint lists them. */
static const struct builtin builtins[] = {
	{"expand", fn_expand, VAL_LIST},
	{"glob_wildcards", fn_glob_wildcards, VAL_LIST},
	{"raw", fn_raw, -1},
};

static const struct builtin *builtin_find(const char *name)
{
	for (size_t i = 0; i < LEN(builtins); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}

/* "unknown function", with the closest built-in's name or else the list of them. */
static void unknown_function(struct eval *ev, const struct expr *call)
{
	const char *best = NULL;
	size_t bestd = strlen(call->str) / 3 + 1;
	for (size_t i = 0; i < LEN(builtins); i++)
		closer(call->str, builtins[i].name, &best, &bestd);
	if (best) {
		diag_error(ev->diag, call->pos, "unknown function '%s' (did you mean '%s'?)", call->str, best);
		return;
	}
	diag_error(ev->diag, call->pos, "unknown function '%s'", call->str);
	struct buf b = {0};
	for (size_t i = 0; i < LEN(builtins); i++)
		buf_printf(&b, "%s%s()", i == 0 ? "" : i + 1 < LEN(builtins) ? ", " : " and ", builtins[i].name);
	diag_hint(ev->diag, "the functions are %s", buf_str(&b));
	buf_free(&b);
}

static struct value *call_builtin(struct eval *ev, const struct expr *call)
{
	const struct builtin *b = builtin_find(call->str);
	if (!b) {
		unknown_function(ev, call);
		return NULL;
	}
	return b->fn(ev, call);
}

struct value *eval_expr(struct eval *ev, const struct expr *e)
{
	struct value *v;
	switch (e->kind) {
	case EXPR_STR:
		v = value_new(ev->arena, VAL_STR, e->pos);
		v->s = e->str;
		v->src = e;
		return v;
	case EXPR_INT:
		v = value_new(ev->arena, VAL_INT, e->pos);
		v->n = e->num;
		return v;
	case EXPR_LIST: {
		v = value_new(ev->arena, VAL_LIST, e->pos);
		size_t cap = 0;
		bool ok = true;
		for (size_t i = 0; i < e->nargs; i++) {
			struct value *item = eval_expr(ev, e->args[i].value);
			if (item)
				value_push(ev->arena, v, &cap, item);
			ok &= item != NULL;
		}
		return ok ? v : NULL;
	}
	case EXPR_NAME:
		return var_value(ev, e->str, e->pos);
	case EXPR_CALL:
		return call_builtin(ev, e);
	}
	return NULL;
}

void eval_free(struct eval *ev)
{
	strmap_free(&ev->vars);
}
