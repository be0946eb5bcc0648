/* Unit tests for values: their text, the source position of their bytes, and the flags that
 * say how a command receives them (data from outside the Flowfile, shell code). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "parse.h"
#include "value.h"

static struct arena arena;
static struct diag d;
static char *errtext;
static size_t errlen;
static struct ast *tree;
static struct eval ev;

static void setup(void)
{
	arena = (struct arena){0};
	d = (struct diag){0};
	d.out = open_memstream(&errtext, &errlen);
	tree = NULL;
}

static void teardown(void)
{
	if (tree)
		eval_free(&ev);
	ast_free(tree);
	fclose(d.out);
	free(errtext);
	diag_free(&d);
	arena_free(&arena);
}

static const char *errors(void)
{
	fflush(d.out);
	return errtext ? errtext : "";
}

/* Parse text as a Flowfile and prepare to evaluate it. */
static void load(const char *text)
{
	tree = parse_string(&d, "Flowfile", text, strlen(text));
	ck_assert_msg(d.nerrors == 0, "%s", errors());
	eval_init(&ev, &d, tree, &arena);
}

/* The value of variable name. */
static struct value *var(const char *name)
{
	for (size_t i = 0; i < tree->nvars; i++)
		if (strcmp(tree->vars[i].name, name) == 0) {
			struct expr e = {.kind = EXPR_NAME, .pos = tree->vars[i].pos, .str = name};
			struct value *v = eval_expr(&ev, &e);
			ck_assert_msg(v != NULL, "%s", errors());
			return v;
		}
	ck_abort_msg("no variable '%s'", name);
	return NULL;
}

/* v as text. */
static const char *text(const struct value *v)
{
	struct buf b = {0};
	value_text(&b, v);
	const char *s = arena_strdup(&arena, buf_str(&b));
	buf_free(&b);
	return s;
}

#define ck_assert_pos(p, l, c)                      \
	do {                                        \
		struct pos p_ = (p);                \
		ck_assert_ptr_nonnull(p_.file);     \
		ck_assert_int_eq(p_.line, (l));     \
		ck_assert_int_eq(p_.col, (c));      \
	} while (0)

START_TEST(test_text_scalars)
{
	struct pos at = {0};
	ck_assert_str_eq(text(value_str(&arena, at, "a b")), "a b");
	ck_assert_str_eq(text(value_str(&arena, at, "")), "");
	struct value *n = value_new(&arena, VAL_INT, at);
	n->n = -42;
	ck_assert_str_eq(text(n), "-42");
	n->n = 9223372036854775807LL;
	ck_assert_str_eq(text(n), "9223372036854775807");
}
END_TEST

START_TEST(test_text_lists)
{
	struct pos at = {0};
	struct value *list = value_new(&arena, VAL_LIST, at);
	ck_assert_str_eq(text(list), "");
	size_t cap = 0;
	char item[8];
	/* More items than the first allocation holds: order is kept across growth. */
	for (int i = 0; i < 20; i++) {
		snprintf(item, sizeof(item), "%d", i);
		value_push(&arena, list, &cap, value_str(&arena, at, item));
	}
	ck_assert_uint_eq(list->nitems, 20);
	ck_assert_str_eq(text(list), "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19");
	/* A nested list is flattened with single spaces; an empty one adds an empty item. */
	struct value *outer = value_new(&arena, VAL_LIST, at);
	size_t ocap = 0;
	struct value *inner = value_new(&arena, VAL_LIST, at);
	size_t icap = 0;
	value_push(&arena, inner, &icap, value_str(&arena, at, "b"));
	value_push(&arena, inner, &icap, value_str(&arena, at, "c"));
	value_push(&arena, outer, &ocap, value_str(&arena, at, "a"));
	value_push(&arena, outer, &ocap, inner);
	value_push(&arena, outer, &ocap, value_new(&arena, VAL_LIST, at));
	ck_assert_str_eq(text(outer), "a b c ");
}
END_TEST

START_TEST(test_text_evaluated)
{
	load("S = \"x\\ty\"\nN = 7\nL = [\"a\", 2, [\"b\"]]\nE = expand(\"{s}.txt\", s = [\"p\", 3])\n");
	ck_assert_str_eq(text(var("S")), "x\ty");
	ck_assert_str_eq(text(var("N")), "7");
	ck_assert_str_eq(text(var("L")), "a 2 b");
	ck_assert_str_eq(text(var("E")), "p.txt 3.txt");
}
END_TEST

START_TEST(test_pos_at_literal)
{
	/* Offsets count decoded bytes; positions count source columns, escapes included. */
	load("S = \"ab\\\"cd\\\\e\"\n");
	struct value *v = var("S");
	ck_assert_str_eq(v->s, "ab\"cd\\e");
	ck_assert_ptr_nonnull(v->src);
	ck_assert_pos(value_pos_at(v, 0), 1, 6);
	ck_assert_pos(value_pos_at(v, 2), 1, 8);   /* the escaped quote */
	ck_assert_pos(value_pos_at(v, 3), 1, 10);  /* after the two-column escape */
	ck_assert_pos(value_pos_at(v, 6), 1, 14);  /* 'e', after \\ */
	ck_assert_pos(value_pos_at(v, 1000), 1, 15);  /* clamped to the end */
	ck_assert_ptr_eq(value_pos_at(v, 0).file, v->pos.file);
}
END_TEST

START_TEST(test_pos_at_triple)
{
	load("S = \"\"\"\n    one\n      two\n    \"\"\"\n");
	struct value *v = var("S");
	ck_assert_str_eq(v->s, "one\n  two");
	ck_assert_pos(value_pos_at(v, 0), 2, 5);
	ck_assert_pos(value_pos_at(v, 4), 3, 5);
	ck_assert_pos(value_pos_at(v, 6), 3, 7);
}
END_TEST

START_TEST(test_pos_at_not_literal)
{
	/* A value that is not a literal points at where it was written, whatever the offset. */
	load("N = 12\nL = [\"a\"]\nE = expand(\"{s}\", s = [\"x\"])\n");
	ck_assert_pos(value_pos_at(var("N"), 1), 1, 5);
	ck_assert_pos(value_pos_at(var("L"), 0), 2, 5);
	ck_assert_pos(value_pos_at(var("E")->items[0], 0), 3, 5);
	ck_assert_ptr_null(var("E")->items[0]->src);
	/* No value, no position. */
	ck_assert_ptr_null(value_pos_at(NULL, 0).file);
	/* A value from outside any file (an override) has no position either. */
	struct value *o = value_str(&arena, (struct pos){0}, "x");
	ck_assert_ptr_null(value_pos_at(o, 0).file);
}
END_TEST

START_TEST(test_flags_flowfile)
{
	/* Written in the Flowfile: neither data nor shell code, except raw("..."). */
	load("S = \"a\"\nL = [\"a\", 1]\nR = raw(\"x | y\")\n");
	struct value *s = var("S"), *l = var("L"), *r = var("R");
	ck_assert(!s->data && !s->shell_code);
	ck_assert(!l->data && !l->shell_code && !l->items[0]->data && !l->items[1]->shell_code);
	ck_assert(r->shell_code && !r->data);
	ck_assert_str_eq(r->s, "x | y");
	ck_assert_ptr_nonnull(r->src);
}
END_TEST

START_TEST(test_flags_override)
{
	/* Set on the command line: data, never shell code, for the value and each item. */
	load("S = \"a\"\nN = 1\nL = [\"a\"]\nR = raw(\"x\")\n");
	ck_assert_int_eq(eval_override(&ev, "S={w}"), 0);
	ck_assert_int_eq(eval_override(&ev, "N=5"), 0);
	ck_assert_int_eq(eval_override(&ev, "L=p,q"), 0);
	ck_assert_int_eq(eval_override(&ev, "R=echo hi"), 0);
	struct value *s = var("S"), *n = var("N"), *l = var("L"), *r = var("R");
	ck_assert(s->data && !s->shell_code);
	ck_assert_str_eq(s->s, "{w}");
	ck_assert_ptr_null(s->src);
	ck_assert(n->data && n->n == 5);
	ck_assert(l->data && l->nitems == 2);
	ck_assert(l->items[0]->data && l->items[1]->data);
	ck_assert(!l->items[0]->shell_code && !l->items[1]->shell_code);
	ck_assert_str_eq(text(l), "p q");
	/* Overriding a raw() variable does not make the new text shell code. */
	ck_assert(r->data && !r->shell_code);
}
END_TEST

START_TEST(test_mark_data)
{
	struct pos at = {0};
	struct value *outer = value_new(&arena, VAL_LIST, at);
	struct value *inner = value_new(&arena, VAL_LIST, at);
	size_t ocap = 0, icap = 0;
	value_push(&arena, inner, &icap, value_str(&arena, at, "b"));
	value_push(&arena, outer, &ocap, inner);
	value_push(&arena, outer, &ocap, value_str(&arena, at, "a"));
	value_mark_data(outer);
	ck_assert(outer->data && inner->data && inner->items[0]->data && outer->items[1]->data);
	ck_assert(!outer->shell_code && !inner->items[0]->shell_code);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("value");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_text_scalars);
	tcase_add_test(tc, test_text_lists);
	tcase_add_test(tc, test_text_evaluated);
	tcase_add_test(tc, test_pos_at_literal);
	tcase_add_test(tc, test_pos_at_triple);
	tcase_add_test(tc, test_pos_at_not_literal);
	tcase_add_test(tc, test_flags_flowfile);
	tcase_add_test(tc, test_flags_override);
	tcase_add_test(tc, test_mark_data);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
