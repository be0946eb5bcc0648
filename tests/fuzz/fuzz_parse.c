/* libFuzzer target: any input must parse, or fail with messages, without a crash, a leak
 * or undefined behaviour. Every position reported in a message or kept in the tree must
 * point into its file: the line exists and 1 <= column <= the line's length + 1. Also
 * maps every offset of every string back to the source. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static void check_pos(struct pos p)
{
	if (!p.file)
		return;
	if (p.line < 1 || p.col < 1)
		abort();
	const char *s = p.file->text, *end = s + p.file->len;
	for (int l = 1; l < p.line; l++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			abort(); /* no such line */
		s = nl + 1;
	}
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	size_t len = (size_t)((nl ? nl : end) - s);
	if ((size_t)p.col > len + 1)
		abort(); /* past the end of the line */
}

static void on_pos(struct pos p, void *arg)
{
	(void)arg;
	check_pos(p);
}

static void walk(const struct expr *e)
{
	check_pos(e->pos);
	if (e->kind == EXPR_STR)
		for (size_t i = 0; i <= e->len; i++)
			check_pos(expr_str_pos(e, i));
	for (size_t i = 0; i < e->nargs; i++) {
		check_pos(e->args[i].name_pos);
		walk(e->args[i].value);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();
	struct diag d = {.out = devnull, .on_pos = on_pos};
	struct ast *a = parse_string(&d, "Flowfile", (const char *)data, size);
	for (size_t i = 0; i < a->nvars; i++) {
		check_pos(a->vars[i].pos);
		walk(a->vars[i].value);
	}
	for (size_t i = 0; i < a->nrules; i++) {
		check_pos(a->rules[i].pos);
		for (int k = 0; k < KEY__COUNT; k++) {
			const struct keyval *kv = a->rules[i].keys[k];
			if (kv)
				check_pos(kv->pos);
			for (size_t j = 0; kv && j < kv->nitems; j++) {
				check_pos(kv->items[j].name_pos);
				walk(kv->items[j].value);
			}
		}
	}
	ast_free(a);
	diag_free(&d);
	return 0;
}
