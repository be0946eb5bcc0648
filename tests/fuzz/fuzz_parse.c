/* libFuzzer target: any input must parse, or fail with messages, without a crash, a leak
 * or undefined behaviour. Also maps every offset of every string back to the source. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "parse.h"

static void check_pos(struct pos p)
{
	if (p.file && (p.line < 1 || p.col < 1))
		abort();
}

static void walk(const struct expr *e)
{
	check_pos(e->pos);
	if (e->kind == EXPR_STR)
		for (size_t i = 0; i <= e->len; i++)
			check_pos(expr_str_pos(e, i));
	for (size_t i = 0; i < e->nargs; i++)
		walk(e->args[i].value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();
	struct diag d = {.out = devnull};
	struct ast *a = parse_string(&d, "Flowfile", (const char *)data, size);
	for (size_t i = 0; i < a->nvars; i++)
		walk(a->vars[i].value);
	for (size_t i = 0; i < a->nrules; i++)
		for (int k = 0; k < KEY__COUNT; k++) {
			const struct keyval *kv = a->rules[i].keys[k];
			for (size_t j = 0; kv && j < kv->nitems; j++)
				walk(kv->items[j].value);
		}
	ast_free(a);
	diag_free(&d);
	return 0;
}
