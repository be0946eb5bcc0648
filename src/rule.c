/* rule: compiling rules and indexing their outputs. */
#include "rule.h"
#include "cmd.h"
#include "eval.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* State while compiling one rule. */
struct rc {
	struct ruleset *rs;
	struct eval *ev;
	struct diag *d;
	const struct rule_ast *ast;
	struct rule *r;
	int errors;
};

static struct arena *A(struct rc *c)
{
	return &c->rs->arena;
}

long long parse_size(const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno || v < 0)
		return -1;
	while (*end == ' ')
		end++;
	double mul = 1;
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': mul = 1024.0; break;
	case 'M': mul = 1024.0 * 1024; break;
	case 'G': mul = 1024.0 * 1024 * 1024; break;
	case 'T': mul = 1024.0 * 1024 * 1024 * 1024; break;
	default: return -1;
	}
	if (*end) {
		end++;
		if (toupper((unsigned char)*end) == 'I')
			end++;
		if (toupper((unsigned char)*end) == 'B')
			end++;
	}
	if (*end || v * mul > 9e18)
		return -1;
	return (long long)(v * mul);
}

long long resource_amount(const char *name, const char *text)
{
	long long n = parse_size(text);
	size_t len = strlen(text);
	bool suffix = len && !(text[len - 1] >= '0' && text[len - 1] <= '9');
	if (n >= 0 && !suffix && strcmp(name, "mem") == 0)
		n = n > (1LL << 42) ? -1 : n * 1024 * 1024;
	return n;
}

/* The values of a key's entries, with lists flattened one level; NULL entries on error. */
static struct value *entry_value(struct rc *c, const struct arg *a)
{
	struct value *v = eval_expr(c->ev, a->value);
	if (!v)
		c->errors++;
	return v;
}

/* The wildcard index of name in the rule, or -1. */
static int wc_index(const struct rule *r, const char *name)
{
	for (size_t k = 0; k < r->nwc; k++)
		if (strcmp(r->wcs[k].name, name) == 0)
			return (int)k;
	return -1;
}

/* Add one file pattern from a string value to fs. */
static void add_pattern(struct rc *c, struct fileset *fs, size_t *cap, const struct value *v, bool output)
{
	if (v->kind != VAL_STR) {
		diag_error(c->d, v->pos, "a file name must be a string");
		c->errors++;
		return;
	}
	struct pattern p;
	if (pattern_parse(&p, v->s, v, output, c->d, A(c)) < 0) {
		c->errors++;
		return;
	}
	if (!*v->s) {
		diag_error(c->d, v->pos, "empty file name");
		c->errors++;
		return;
	}
	VEC_PUSH(fs->pats, fs->npats, *cap, p);
}

/* Build a file set from a key's entries. */
static void build_fileset(struct rc *c, struct fileset *fs, const struct keyval *kv, bool output)
{
	*fs = (struct fileset){0};
	if (!kv)
		return;
	size_t capp = 0, capg = 0;
	for (size_t i = 0; i < kv->nitems; i++) {
		const struct arg *a = &kv->items[i];
		struct value *v = entry_value(c, a);
		if (!v)
			continue;
		for (size_t g = 0; a->name && g < fs->ngroups; g++)
			if (fs->groups[g].name && strcmp(fs->groups[g].name, a->name) == 0) {
				diag_error(c->d, a->name_pos, "duplicate name '%s' in %s of rule '%s'", a->name,
					   rule_key_name(kv->key), c->r->name);
				c->errors++;
			}
		struct fgroup grp = {.name = a->name, .first = fs->npats};
		if (v->kind == VAL_LIST) {
			for (size_t k = 0; k < v->nitems; k++)
				add_pattern(c, fs, &capp, v->items[k], output);
		} else {
			add_pattern(c, fs, &capp, v, output);
		}
		grp.count = fs->npats - grp.first;
		VEC_PUSH(fs->groups, fs->ngroups, capg, grp);
	}
}

/* Move a malloc'd array into the arena so the rule owns everything through one arena. */
static void *to_arena(struct rc *c, void *p, size_t n, size_t sz)
{
	void *q = arena_alloc(A(c), n * sz + 1);
	if (n)
		memcpy(q, p, n * sz);
	free(p);
	return q;
}

static void settle_fileset(struct rc *c, struct fileset *fs)
{
	fs->pats = to_arena(c, fs->pats, fs->npats, sizeof(*fs->pats));
	fs->groups = to_arena(c, fs->groups, fs->ngroups, sizeof(*fs->groups));
}

/* The rule's wildcards are those of its outputs; all outputs must use the same set. */
static void collect_wildcards(struct rc *c)
{
	struct rule *r = c->r;
	size_t cap = 0;
	for (size_t i = 0; i < r->out.npats; i++) {
		struct pattern *p = &r->out.pats[i];
		for (size_t s = 0; s < p->nsegs; s++) {
			struct pat_seg *seg = &p->segs[s];
			if (!seg->wildcard)
				continue;
			int k = wc_index(r, seg->text);
			if (k < 0 && i > 0) {
				diag_error(c->d, pattern_seg_pos(p, s),
					   "wildcard '{%s}' is not in the first output of rule '%s'", seg->text, r->name);
				diag_hint(c->d, "all outputs of a rule must use the same wildcards");
				c->errors++;
				continue;
			}
			if (k < 0) {
				struct wildcard w = {seg->text, NULL};
				VEC_PUSH(r->wcs, r->nwc, cap, w);
				k = (int)r->nwc - 1;
			}
			seg->wc = k;
			if (!seg->regex)
				continue;
			if (r->wcs[k].regex && strcmp(r->wcs[k].regex, seg->regex) != 0) {
				diag_error(c->d, pattern_seg_pos(p, s),
					   "wildcard '%s' of rule '%s' has two different constraints", seg->text, r->name);
				c->errors++;
			}
			r->wcs[k].regex = seg->regex;
		}
	}
	/* Every output must use every wildcard (or no rule could fill it from another). */
	for (size_t i = 1; i < r->out.npats; i++) {
		struct pattern *p = &r->out.pats[i];
		for (size_t k = 0; k < r->nwc; k++) {
			bool used = false;
			for (size_t s = 0; s < p->nsegs; s++)
				used |= p->segs[s].wildcard && p->segs[s].wc == (int)k;
			if (!used) {
				diag_error(c->d, p->origin->pos, "output '%s' of rule '%s' lacks wildcard '{%s}'",
					   p->text, r->name, r->wcs[k].name);
				diag_hint(c->d, "all outputs of a rule must use the same wildcards");
				c->errors++;
			}
		}
	}
	r->wcs = to_arena(c, r->wcs, r->nwc, sizeof(*r->wcs));
	for (size_t k = 0; k < r->nwc; k++)
		if (!r->wcs[k].regex)
			r->wcs[k].regex = WILDCARD_DEFAULT_REGEX;
}

/* Resolve the wildcards of a non-output pattern against the rule's. */
static void bind_wildcards(struct rc *c, struct pattern *p, const char *what)
{
	for (size_t s = 0; s < p->nsegs; s++) {
		struct pat_seg *seg = &p->segs[s];
		if (!seg->wildcard)
			continue;
		seg->wc = wc_index(c->r, seg->text);
		if (seg->wc < 0) {
			diag_error(c->d, pattern_seg_pos(p, s), "wildcard '{%s}' in %s of rule '%s' is not in its outputs",
				   seg->text, what, c->r->name);
			if (c->r->nwc)
				diag_hint(c->d, "the rule's wildcards are those of its outputs, e.g. '{%s}'",
					  c->r->wcs[0].name);
			else
				diag_hint(c->d, "to mean a literal brace, write {{ and }}");
			c->errors++;
		}
	}
}

static void compile_outputs(struct rc *c)
{
	struct rule *r = c->r;
	const char **regexes = xmalloc((r->nwc + 1) * sizeof(*regexes));
	for (size_t k = 0; k < r->nwc; k++)
		regexes[k] = r->wcs[k].regex;
	for (size_t i = 0; i < r->out.npats; i++)
		if (pattern_compile(&r->out.pats[i], regexes, r->nwc, c->d) < 0)
			c->errors++;
	free(regexes);
}

/* A key with exactly one value: that value, or NULL. */
static struct value *single(struct rc *c, enum rule_key key)
{
	const struct keyval *kv = c->ast->keys[key];
	if (!kv)
		return NULL;
	if (kv->nitems != 1 || kv->items[0].name) {
		diag_error(c->d, kv->pos, "'%s' takes one unnamed value", rule_key_name(key));
		c->errors++;
		return NULL;
	}
	return entry_value(c, &kv->items[0]);
}

static long long single_int(struct rc *c, enum rule_key key, long long def, long long min)
{
	struct value *v = single(c, key);
	if (!v)
		return def;
	if (v->kind != VAL_INT || v->n < min) {
		diag_error(c->d, v->pos, "'%s' must be an integer%s", rule_key_name(key),
			   min > 0 ? " of at least 1" : "");
		c->errors++;
		return def;
	}
	return v->n;
}

/* Append the items of param value v to p: a list flattened, each element one item. */
static void param_items(struct rc *c, struct param *p, const struct value *v, size_t *cap)
{
	if (v->kind == VAL_LIST) {
		for (size_t i = 0; i < v->nitems; i++)
			param_items(c, p, v->items[i], cap);
		return;
	}
	struct buf b = {0};
	value_text(&b, v);
	if (v->data) {
		/* Data from outside the Flowfile: its braces are text, not wildcards. */
		struct buf lit = {0};
		for (size_t i = 0; i < b.len; i++) {
			if (b.s[i] == '{' || b.s[i] == '}')
				buf_putc(&lit, b.s[i]);
			buf_putc(&lit, b.s[i]);
		}
		buf_free(&b);
		b = lit;
	}
	/* Only a string literal can point at its own bytes; others point at the value. */
	const struct value *origin = v->kind == VAL_STR ? v : NULL;
	if (!origin) {
		struct value *tmp = arena_alloc(A(c), sizeof(*tmp));
		*tmp = (struct value){.kind = VAL_STR, .pos = v->pos, .s = ""};
		origin = tmp;
	}
	const char *text = arena_strdup(A(c), buf_str(&b));
	buf_free(&b);
	struct pitem item = {.raw = v->shell_code};
	if (pattern_parse(&item.pat, text, origin, false, c->d, A(c)) < 0) {
		c->errors++;
		return;
	}
	bind_wildcards(c, &item.pat, "params");
	VEC_PUSH(p->items, p->nitems, *cap, item);
}

static void compile_params(struct rc *c)
{
	const struct keyval *kv = c->ast->keys[KEY_PARAMS];
	if (!kv)
		return;
	struct rule *r = c->r;
	r->params = arena_alloc(A(c), kv->nitems * sizeof(*r->params) + 1);
	for (size_t i = 0; i < kv->nitems; i++) {
		const struct arg *a = &kv->items[i];
		if (!a->name) {
			diag_error(c->d, a->name_pos, "params must be named: name = value");
			c->errors++;
			continue;
		}
		struct value *v = entry_value(c, a);
		if (!v)
			continue;
		struct param *p = &r->params[r->nparams++];
		*p = (struct param){.name = a->name};
		size_t cap = 0;
		param_items(c, p, v, &cap);
		p->items = to_arena(c, p->items, p->nitems, sizeof(*p->items));
	}
}

static void compile_resources(struct rc *c)
{
	const struct keyval *kv = c->ast->keys[KEY_RESOURCES];
	if (!kv)
		return;
	struct rule *r = c->r;
	r->res = arena_alloc(A(c), kv->nitems * sizeof(*r->res) + 1);
	for (size_t i = 0; i < kv->nitems; i++) {
		const struct arg *a = &kv->items[i];
		if (!a->name) {
			diag_error(c->d, a->name_pos, "resources must be named: mem = \"8G\", gpu = 1");
			c->errors++;
			continue;
		}
		struct value *v = entry_value(c, a);
		if (!v)
			continue;
		struct resource *res = &r->res[r->nres++];
		*res = (struct resource){.name = a->name, .pos = v->pos};
		char num[32];
		if (v->kind == VAL_INT)
			snprintf(num, sizeof(num), "%lld", v->n);
		const char *text = v->kind == VAL_INT ? num : v->kind == VAL_STR ? v->s : "";
		if (v->kind != VAL_LIST && (res->amount = resource_amount(a->name, text)) >= 0) {
			res->text = arena_strdup(A(c), text);
		} else {
			diag_error(c->d, v->pos, "resource '%s' must be a non-negative integer or a size like \"8G\"",
				   a->name);
			c->errors++;
			r->nres--;
		}
	}
}

static void compile_env(struct rc *c)
{
	const struct keyval *kv = c->ast->keys[KEY_ENV];
	if (!kv)
		return;
	struct rule *r = c->r;
	r->env = arena_alloc(A(c), kv->nitems * sizeof(*r->env) + 1);
	for (size_t i = 0; i < kv->nitems; i++) {
		const struct arg *a = &kv->items[i];
		struct value *v = a->name ? entry_value(c, a) : NULL;
		if (!a->name) {
			diag_error(c->d, a->name_pos, "env entries must be named: NAME = value");
			c->errors++;
		}
		if (!v)
			continue;
		if (v->kind == VAL_LIST) {
			diag_error(c->d, v->pos, "env value '%s' must be a string or an integer", a->name);
			c->errors++;
			continue;
		}
		struct buf b = {0};
		value_text(&b, v);
		r->env[r->nenv++] = (struct envvar){a->name, arena_strdup(A(c), buf_str(&b))};
		buf_free(&b);
	}
}

static int group_index(const struct fileset *fs, const char *name, size_t n)
{
	for (size_t g = 0; g < fs->ngroups; g++)
		if (fs->groups[g].name && strlen(fs->groups[g].name) == n &&
		    strncmp(fs->groups[g].name, name, n) == 0)
			return (int)g;
	return -1;
}

/* List the names a placeholder kind offers in rule r, for a hint. */
static void list_names(struct buf *b, const struct rule *r, enum ph_kind kind)
{
	static const char *const what[] = {"named inputs", "named outputs", "named logs", "wildcards", "params",
					   "", "resources"};
	struct buf names = {0};
	const struct fileset *fs = kind == PH_INPUT ? &r->in : kind == PH_OUTPUT ? &r->out : &r->log;
	for (size_t k = 0;; k++) {
		const char *name = NULL;
		if (kind == PH_INPUT || kind == PH_OUTPUT || kind == PH_LOG) {
			if (k >= fs->ngroups)
				break;
			name = fs->groups[k].name;
		} else if (kind == PH_WILDCARD) {
			if (k >= r->nwc)
				break;
			name = r->wcs[k].name;
		} else if (kind == PH_PARAM) {
			if (k >= r->nparams)
				break;
			name = r->params[k].name;
		} else if (kind == PH_RESOURCE) {
			if (k >= r->nres)
				break;
			name = r->res[k].name;
		} else {
			break;
		}
		if (name)
			buf_printf(&names, "%s%s", names.len ? ", " : "", name);
	}
	if (names.len)
		buf_printf(b, "rule '%s' has these %s: %s", r->name, what[kind], names.s);
	else
		buf_printf(b, "rule '%s' has no %s", r->name, what[kind]);
	buf_free(&names);
}

/* Resolve the placeholder text inside braces into seg; an error message on failure. */
static const char *resolve_placeholder(const struct rule *r, const char *s, size_t n, struct tseg *seg)
{
	static const struct { const char *word; enum ph_kind kind; } words[] = {
		{"input", PH_INPUT}, {"output", PH_OUTPUT}, {"log", PH_LOG}, {"wildcards", PH_WILDCARD},
		{"params", PH_PARAM}, {"threads", PH_THREADS}, {"resources", PH_RESOURCE},
	};
	size_t w = strcspn(s, ".[}");
	if (w > n)
		w = n;
	size_t i;
	for (i = 0; i < LEN(words); i++)
		if (strlen(words[i].word) == w && strncmp(words[i].word, s, w) == 0)
			break;
	if (i == LEN(words))
		return "unknown placeholder";
	seg->placeholder = true;
	seg->kind = words[i].kind;
	seg->sel = -1;
	seg->index = -1;
	const char *rest = s + w;
	size_t rn = n - w;
	if (rn == 0)
		return (seg->kind == PH_INPUT || seg->kind == PH_OUTPUT || seg->kind == PH_LOG ||
			seg->kind == PH_THREADS)
			       ? NULL
			       : "placeholder needs a name, e.g. {params.NAME}";
	if (seg->kind == PH_THREADS)
		return "unknown placeholder";
	const struct fileset *fs = seg->kind == PH_INPUT ? &r->in : seg->kind == PH_OUTPUT ? &r->out : &r->log;
	bool files = seg->kind == PH_INPUT || seg->kind == PH_OUTPUT || seg->kind == PH_LOG;
	if (rest[0] == '[' && files) {
		char *end;
		errno = 0;
		long idx = strtol(rest + 1, &end, 10);
		if (end == rest + 1 || *end != ']' || (size_t)(end + 1 - s) != n || idx < 0 || errno)
			return "an index must be a number: {input[0]}";
		if ((size_t)idx >= fs->npats)
			return "index out of range: the first file is [0]";
		seg->index = idx;
		return NULL;
	}
	if (rest[0] != '.' || rn < 2)
		return "unknown placeholder";
	const char *name = rest + 1;
	size_t nn = rn - 1;
	int sel = -1;
	switch (seg->kind) {
	case PH_INPUT:
	case PH_OUTPUT:
	case PH_LOG:
		sel = group_index(fs, name, nn);
		break;
	case PH_WILDCARD:
		for (size_t k = 0; k < r->nwc; k++)
			if (strlen(r->wcs[k].name) == nn && strncmp(r->wcs[k].name, name, nn) == 0)
				sel = (int)k;
		break;
	case PH_PARAM:
		for (size_t k = 0; k < r->nparams; k++)
			if (strlen(r->params[k].name) == nn && strncmp(r->params[k].name, name, nn) == 0)
				sel = (int)k;
		break;
	case PH_RESOURCE:
		for (size_t k = 0; k < r->nres; k++)
			if (strlen(r->res[k].name) == nn && strncmp(r->res[k].name, name, nn) == 0)
				sel = (int)k;
		break;
	case PH_THREADS:
		break;
	}
	if (sel < 0)
		return "no such name";
	seg->sel = sel;
	return NULL;
}

static void compile_shell(struct rc *c, const struct value *v)
{
	struct rule *r = c->r;
	r->shell = v->s;
	struct tseg *segs = NULL;
	size_t n = 0, cap = 0;
	const char *s = v->s;
	while (*s) {
		size_t off = (size_t)(s - v->s);
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			struct tseg t = {.text = s, .len = 1};
			VEC_PUSH(segs, n, cap, t);
			s += 2;
			continue;
		}
		if (*s == '}') {
			diag_error(c->d, value_pos_at(v, off), "unmatched '}' in shell command of rule '%s'", r->name);
			diag_hint(c->d, "write }} for a literal brace");
			c->errors++;
			s++;
			continue;
		}
		if (*s != '{') {
			size_t len = strcspn(s, "{}");
			struct tseg t = {.text = s, .len = len};
			VEC_PUSH(segs, n, cap, t);
			s += len;
			continue;
		}
		const char *end = strchr(s, '}');
		size_t glen = end ? (size_t)(end - s - 1) : 0;
		const char *nl = memchr(s, '\n', end ? (size_t)(end - s) : strlen(s));
		struct tseg t = {0};
		const char *why = !end || nl ? "unclosed '{'" : resolve_placeholder(r, s + 1, glen, &t);
		struct buf names = {0};
		if (why && strcmp(why, "no such name") == 0) {
			list_names(&names, r, t.kind);
			why = names.s;
		}
		if (why) {
			int shown = end && !nl ? (int)glen + 2 : 1;
			diag_error(c->d, value_pos_at(v, off), "%s '%.*s' in shell command of rule '%s'",
				   strcmp(why, "unknown placeholder") == 0 ? "unknown placeholder"
				   : strcmp(why, "unclosed '{'") == 0	 ? "unclosed brace"
									 : "bad placeholder",
				   shown > 40 ? 40 : shown, s, r->name);
			if (strcmp(why, "unknown placeholder") != 0 && strcmp(why, "unclosed '{'") != 0)
				diag_hint(c->d, "%s", why);
			diag_hint(c->d, "write {{ and }} for literal braces in a shell command");
			c->errors++;
			buf_free(&names);
			if (!end || nl)
				break;
		} else {
			t.off = off;
			VEC_PUSH(segs, n, cap, t);
		}
		buf_free(&names);
		s = end + 1;
	}
	r->tmpl = to_arena(c, segs, n, sizeof(*segs));
	r->ntmpl = n;
	c->errors += cmd_quote_contexts(r, v, c->d);
}

/* "SOURCE:TARGET[:ro|:rw]"; a relative source is relative to the project. */
static void compile_mount(struct rc *c, const struct value *v)
{
	struct rule *r = c->r;
	const char *s = v->s;
	const char *colon = strchr(s, ':');
	const char *second = colon ? strchr(colon + 1, ':') : NULL;
	const char *mode = second ? second + 1 : "rw";
	size_t tlen = second ? (size_t)(second - colon - 1) : colon ? strlen(colon + 1) : 0;
	if (!colon || colon == s || tlen == 0 || colon[1] != '/' || (strcmp(mode, "ro") != 0 && strcmp(mode, "rw") != 0)) {
		diag_error(c->d, v->pos, "mount '%s' of rule '%s' is not SOURCE:/TARGET[:ro|:rw]", s, r->name);
		c->errors++;
		return;
	}
	r->mounts[r->nmounts++] = (struct mountspec){arena_strndup(A(c), s, (size_t)(colon - s)),
						     arena_strndup(A(c), colon + 1, tlen), strcmp(mode, "ro") == 0};
}

static void compile_container(struct rc *c)
{
	struct rule *r = c->r;
	struct value *img = single(c, KEY_CONTAINER);
	if (img && (img->kind != VAL_STR || !*img->s)) {
		diag_error(c->d, img->pos, "container must name an image, e.g. \"docker.io/library/python:3.12\"");
		c->errors++;
	} else if (img) {
		r->container = img->s;
	}
	const struct keyval *kv = c->ast->keys[KEY_MOUNTS];
	if (kv) {
		r->mounts = arena_alloc(A(c), (kv->nitems + 1) * sizeof(*r->mounts));
		for (size_t i = 0; i < kv->nitems; i++) {
			struct value *v = entry_value(c, &kv->items[i]);
			if (v && v->kind == VAL_LIST) {
				diag_error(c->d, v->pos, "write one mount per entry");
				c->errors++;
			} else if (v && v->kind != VAL_STR) {
				diag_error(c->d, v->pos, "a mount is a string \"SOURCE:/TARGET[:ro]\"");
				c->errors++;
			} else if (v) {
				compile_mount(c, v);
			}
		}
	}
	const struct keyval *net = c->ast->keys[KEY_NETWORK];
	if (net && net->nitems == 1) {
		const struct expr *e = net->items[0].value;
		/* "network: off" is written bare as often as quoted. */
		const char *word = e->kind == EXPR_STR || e->kind == EXPR_NAME ? e->str : "";
		if (strcmp(word, "off") == 0)
			r->network_off = true;
		else if (strcmp(word, "on") != 0) {
			diag_error(c->d, e->pos, "network must be on or off");
			c->errors++;
		}
	} else if (net) {
		diag_error(c->d, net->pos, "network takes one value: on or off");
		c->errors++;
	}
	if ((kv || net) && !r->container) {
		diag_error(c->d, (kv ? kv : net)->pos, "rule '%s' has %s but no container", r->name,
			   kv ? "mounts" : "network");
		c->errors++;
	}
	for (size_t k = 0; k < r->nres; k++)
		if (strcmp(r->res[k].name, "gpu") == 0)
			r->gpus = r->res[k].amount;
}

static void check_shape(struct rc *c)
{
	struct rule *r = c->r;
	const struct rule_ast *a = c->ast;
	bool has_out = a->keys[KEY_OUTPUT], has_shell = a->keys[KEY_SHELL];
	if (!has_out && !has_shell) {
		r->target_only = true;
		for (int k = 0; k < KEY__COUNT; k++)
			if (a->keys[k] && k != KEY_INPUT) {
				diag_error(c->d, a->keys[k]->pos,
					   "rule '%s' has no output and no shell, so it only names targets; '%s' makes no sense here",
					   r->name, rule_key_name(k));
				c->errors++;
			}
		return;
	}
	if (!has_out) {
		diag_error(c->d, r->pos, "rule '%s' has a shell command but no output", r->name);
		diag_hint(c->d, "declare what it makes with output: \"...\"");
		c->errors++;
	}
	if (!has_shell) {
		diag_error(c->d, r->pos, "rule '%s' has output but no shell command", r->name);
		c->errors++;
	}
}

static void compile_rule(struct rc *c)
{
	struct rule *r = c->r;
	const struct rule_ast *a = c->ast;
	check_shape(c);
	build_fileset(c, &r->out, a->keys[KEY_OUTPUT], true);
	build_fileset(c, &r->in, a->keys[KEY_INPUT], false);
	build_fileset(c, &r->log, a->keys[KEY_LOG], false);
	settle_fileset(c, &r->out);
	settle_fileset(c, &r->in);
	settle_fileset(c, &r->log);
	collect_wildcards(c);
	for (size_t i = 0; i < r->in.npats; i++)
		bind_wildcards(c, &r->in.pats[i], "input");
	for (size_t i = 0; i < r->log.npats; i++)
		bind_wildcards(c, &r->log.pats[i], "log");
	if (!c->errors)
		compile_outputs(c);
	compile_params(c);
	compile_resources(c);
	compile_env(c);
	long long threads = single_int(c, KEY_THREADS, 1, 1);
	if (threads > 100000) {
		diag_error(c->d, c->ast->keys[KEY_THREADS]->pos, "threads: %lld is more than any machine has", threads);
		c->errors++;
		threads = 1;
	}
	r->threads = (int)threads;
	r->priority = single_int(c, KEY_PRIORITY, 0, -(1LL << 62));
	struct value *sh = single(c, KEY_SHELL);
	if (sh && sh->kind != VAL_STR) {
		diag_error(c->d, sh->pos, "shell must be a string");
		c->errors++;
	} else if (sh && sh->data) {
		diag_error(c->d, c->ast->keys[KEY_SHELL]->pos,
			   "the shell command of rule '%s' is a value set on the command line", r->name);
		diag_hint(c->d, "a value from the command line is data, never shell code: pass it as a param");
		c->errors++;
	} else if (sh) {
		compile_shell(c, sh);
	}
	compile_container(c);
}

/* ---- the output index ---- */

struct rnode {
	unsigned char ch;
	uint32_t child, sibling; /* 0: none (node 0 is the root, never a child) */
	struct rmatch *m;
	size_t nm, capm;
};

struct rindex {
	struct rnode *nodes;
	size_t n, cap;
};

static uint32_t rindex_child(struct rindex *ix, uint32_t at, unsigned char ch, bool create)
{
	for (uint32_t k = ix->nodes[at].child; k; k = ix->nodes[k].sibling)
		if (ix->nodes[k].ch == ch)
			return k;
	if (!create)
		return 0;
	struct rnode node = {.ch = ch, .sibling = ix->nodes[at].child};
	VEC_PUSH(ix->nodes, ix->n, ix->cap, node);
	ix->nodes[at].child = (uint32_t)(ix->n - 1);
	return (uint32_t)(ix->n - 1);
}

static void rindex_add(struct rindex *ix, struct rule *r, size_t out)
{
	const struct pattern *p = &r->out.pats[out];
	uint32_t at = 0;
	for (size_t i = p->suffix_len; i > 0; i--)
		at = rindex_child(ix, at, (unsigned char)p->suffix[i - 1], true);
	struct rmatch m = {r, out};
	VEC_PUSH(ix->nodes[at].m, ix->nodes[at].nm, ix->nodes[at].capm, m);
}

static void rindex_build(struct ruleset *rs)
{
	struct rindex *ix = xcalloc(1, sizeof(*ix));
	struct rnode root = {0};
	VEC_PUSH(ix->nodes, ix->n, ix->cap, root);
	for (size_t i = 0; i < rs->nrules; i++)
		for (size_t o = 0; o < rs->rules[i].out.npats; o++)
			rindex_add(ix, &rs->rules[i], o);
	rs->index = ix;
}

void ruleset_candidates(const struct ruleset *rs, const char *path, size_t len, struct rmatch **out,
			size_t *n, size_t *cap)
{
	struct rindex *ix = rs->index;
	uint32_t at = 0;
	for (size_t i = len;; i--) {
		const struct rnode *node = &ix->nodes[at];
		for (size_t k = 0; k < node->nm; k++) {
			const struct pattern *p = &node->m[k].rule->out.pats[node->m[k].out];
			if (p->prefix_len + p->suffix_len <= len && memcmp(path, p->prefix, p->prefix_len) == 0)
				VEC_PUSH(*out, *n, *cap, node->m[k]);
		}
		if (i == 0 || !(at = rindex_child(ix, at, (unsigned char)path[i - 1], false)))
			break;
	}
}

int ruleset_build(struct ruleset *rs, const struct ast *ast, struct eval *ev, struct diag *d)
{
	*rs = (struct ruleset){0};
	rs->rules = xcalloc(ast->nrules + 1, sizeof(*rs->rules));
	int errors = 0;
	for (size_t i = 0; i < ast->nrules; i++) {
		const struct rule_ast *ra = &ast->rules[i];
		struct rule *r = &rs->rules[rs->nrules];
		*r = (struct rule){.name = ra->name, .pos = ra->pos, .index = rs->nrules};
		struct rc c = {.rs = rs, .ev = ev, .d = d, .ast = ra, .r = r};
		compile_rule(&c);
		errors += c.errors;
		rs->nrules++;
	}
	rindex_build(rs);
	return errors ? -1 : 0;
}

struct rule *ruleset_find(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i].name, name) == 0)
			return &rs->rules[i];
	return NULL;
}

void ruleset_free(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->nrules; i++)
		for (size_t o = 0; o < rs->rules[i].out.npats; o++)
			pattern_free(&rs->rules[i].out.pats[o]);
	if (rs->index) {
		for (size_t i = 0; i < rs->index->n; i++)
			free(rs->index->nodes[i].m);
		free(rs->index->nodes);
		free(rs->index);
	}
	free(rs->rules);
	arena_free(&rs->arena);
	*rs = (struct ruleset){0};
}
