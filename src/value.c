/* value: making values, their text, and the source position of their bytes. */
#include "value.h"
#include "ast.h"

#include <string.h>

struct value *value_new(struct arena *a, enum val_kind kind, struct pos pos)
{
	struct value *v = arena_alloc(a, sizeof(*v));
	*v = (struct value){.kind = kind, .pos = pos};
	return v;
}

struct value *value_str(struct arena *a, struct pos pos, const char *s)
{
	struct value *v = value_new(a, VAL_STR, pos);
	v->s = arena_strdup(a, s);
	return v;
}

void value_push(struct arena *a, struct value *list, size_t *cap, struct value *item)
{
	if (list->nitems == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct value **items = arena_alloc(a, ncap * sizeof(*items));
		if (list->nitems)
			memcpy(items, list->items, list->nitems * sizeof(*items));
		list->items = items;
		*cap = ncap;
	}
	list->items[list->nitems++] = item;
}

void value_mark_data(struct value *v)
{
	v->data = true;
	for (size_t i = 0; v->kind == VAL_LIST && i < v->nitems; i++)
		value_mark_data(v->items[i]);
}

struct pos value_pos_at(const struct value *v, size_t off)
{
	if (!v)
		return (struct pos){0};
	if (v->src)
		return expr_str_pos(v->src, off);
	return v->pos;
}

void value_text(struct buf *b, const struct value *v)
{
	switch (v->kind) {
	case VAL_STR:
		buf_puts(b, v->s);
		break;
	case VAL_INT:
		buf_printf(b, "%lld", v->n);
		break;
	case VAL_LIST:
		for (size_t i = 0; i < v->nitems; i++) {
			if (i)
				buf_putc(b, ' ');
			value_text(b, v->items[i]);
		}
		break;
	}
}
