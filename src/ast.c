/* ast: the rule keys' table, freeing a tree, and mapping a string's bytes back to the source. */
#include "ast.h"

#include <stdlib.h>
#include <string.h>

const struct rule_key_def rule_keys[KEY__COUNT] = {
	[KEY_INPUT] = {"input", false},
	[KEY_OUTPUT] = {"output", false},
	[KEY_LOG] = {"log", false},
	[KEY_PARAMS] = {"params", false},
	[KEY_THREADS] = {"threads", true},
	[KEY_RESOURCES] = {"resources", false},
	[KEY_SHELL] = {"shell", true},
	[KEY_PRIORITY] = {"priority", true},
	[KEY_CONTAINER] = {"container", true},
	[KEY_MOUNTS] = {"mounts", false},
	[KEY_ENV] = {"env", false},
	[KEY_NETWORK] = {"network", true},
};

const char *rule_key_name(enum rule_key k)
{
	return k >= 0 && k < KEY__COUNT ? rule_keys[k].name : "?";
}

int rule_key_lookup(const char *name)
{
	for (int k = 0; k < KEY__COUNT; k++)
		if (strcmp(rule_keys[k].name, name) == 0)
			return k;
	return -1;
}

const char *rule_key_similar(const char *name)
{
	const char *best = NULL;
	size_t bestd = 3;
	for (int k = 0; k < KEY__COUNT; k++) {
		size_t dd = edit_distance(name, rule_keys[k].name, 2);
		if (dd < bestd && dd < strlen(name)) {
			best = rule_keys[k].name;
			bestd = dd;
		}
	}
	return best;
}

void rule_key_list(struct buf *b)
{
	for (int k = 0; k < KEY__COUNT; k++)
		buf_printf(b, "%s%s", k ? ", " : "", rule_keys[k].name);
}

void ast_free(struct ast *a)
{
	if (!a)
		return;
	arena_free(&a->arena);
	free(a->vars);
	free(a->rules);
	free(a);
}

/* The offset of line's first byte in f. */
static size_t line_offset(const struct srcfile *f, int line)
{
	size_t i = 0;
	for (int l = 1; l < line && i < f->len; i++)
		if (f->text[i] == '\n')
			l++;
	return i;
}

struct pos expr_str_pos(const struct expr *e, size_t off)
{
	struct pos p = e->pos;
	if (e->kind != EXPR_STR || !p.file)
		return p;
	const struct srcfile *f = p.file;
	const char *text = f->text;
	size_t i = line_offset(f, p.line) + (size_t)(p.col - 1), end = f->len;
	if (off > e->len)
		off = e->len;
	if (!e->triple) {
		i++, p.col++;
		for (size_t k = 0; k < off && i < end; k++) {
			int n = text[i] == '\\' && i + 1 < end && strchr("nt\"\\", text[i + 1]) && text[i + 1] ? 2 : 1;
			i += n;
			p.col += n;
		}
		return p;
	}
	i += 3, p.col += 3;
	if (e->skip_first) {
		while (i < end && text[i] != '\n')
			i++;
		i++, p.line++, p.col = 1;
	}
	/* Each decoded line is a source line less the margin, or empty when blank. */
	for (size_t done = 0;;) {
		size_t eol = i, ws = i;
		while (eol < end && text[eol] != '\n')
			eol++;
		while (ws < eol && (text[ws] == ' ' || text[ws] == '\t'))
			ws++;
		bool blank = ws == eol;
		size_t skip = blank ? eol - i : (size_t)e->dedent;
		size_t n = blank || eol - i < skip ? 0 : eol - i - skip;
		if (off <= done + n || eol >= end) {
			p.col += (int)(skip + (off - done));
			return p;
		}
		done += n + 1;
		i = eol + 1;
		p.line++;
		p.col = 1;
	}
}
