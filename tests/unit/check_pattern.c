/* Unit tests for patterns: parsing, compiling, matching, substitution, the output index. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "pattern.h"
#include "rule.h"

static struct arena arena;
static struct diag d;
static char *errtext;
static size_t errlen;

static void setup(void)
{
	arena = (struct arena){0};
	d = (struct diag){0};
	d.out = open_memstream(&errtext, &errlen);
}

static void teardown(void)
{
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

static void compile(struct pattern *p, const char *text)
{
	ck_assert_int_eq(pattern_parse(p, text, NULL, true, &d, &arena), 0);
	const char *names[8], *regexes[8];
	size_t n = 0;
	for (size_t i = 0; i < p->nsegs; i++) {
		struct pat_seg *s = &p->segs[i];
		if (!s->wildcard)
			continue;
		size_t k;
		for (k = 0; k < n && strcmp(names[k], s->text) != 0; k++)
			;
		if (k == n) {
			names[n] = s->text;
			regexes[n++] = s->regex ? s->regex : WILDCARD_DEFAULT_REGEX;
		}
		s->wc = (int)k;
	}
	ck_assert_int_eq(pattern_compile(p, regexes, n, &d), 0);
}

START_TEST(test_parse_pieces)
{
	struct pattern p;
	ck_assert_int_eq(pattern_parse(&p, "work/{sample,[a-z]+}.{{x}}.txt", NULL, true, &d, &arena), 0);
	ck_assert_uint_eq(p.nsegs, 3);
	ck_assert_str_eq(p.segs[0].text, "work/");
	ck_assert(p.segs[1].wildcard);
	ck_assert_str_eq(p.segs[1].text, "sample");
	ck_assert_str_eq(p.segs[1].regex, "[a-z]+");
	ck_assert_str_eq(p.segs[2].text, ".{x}.txt");
	ck_assert_str_eq(p.prefix, "work/");
	ck_assert_str_eq(p.suffix, ".{x}.txt");
}
END_TEST

START_TEST(test_parse_errors)
{
	struct pattern p;
	ck_assert_int_eq(pattern_parse(&p, "a/{b", NULL, true, &d, &arena), -1);
	ck_assert_ptr_nonnull(strstr(errors(), "unclosed '{'"));
	ck_assert_int_eq(pattern_parse(&p, "a/{1x}", NULL, true, &d, &arena), -1);
	ck_assert_ptr_nonnull(strstr(errors(), "'{1x}' is not a wildcard name"));
	ck_assert_int_eq(pattern_parse(&p, "a/{x,[0-9]}", NULL, false, &d, &arena), -1);
	ck_assert_ptr_nonnull(strstr(errors(), "only allowed in an output pattern"));
	ck_assert_int_eq(pattern_parse(&p, "a}b", NULL, false, &d, &arena), -1);
	ck_assert_ptr_nonnull(strstr(errors(), "unmatched '}'"));
}
END_TEST

START_TEST(test_match_default_stays_in_directory)
{
	struct pattern p;
	compile(&p, "data/{sample}.txt");
	struct pattern_md *md = pattern_match_data();
	const char *vals[4];
	size_t lens[4];
	ck_assert(pattern_match(&p, "data/alpha.txt", 14, md, vals, lens));
	ck_assert_uint_eq(lens[0], 5);
	ck_assert_int_eq(strncmp(vals[0], "alpha", 5), 0);
	ck_assert(!pattern_match(&p, "data/x/alpha.txt", 16, md, vals, lens));
	ck_assert(!pattern_match(&p, "data/.txt", 9, md, vals, lens));
	ck_assert(!pattern_match(&p, "data/alpha.txt.gz", 17, md, vals, lens));
	pattern_match_data_free(md);
	pattern_free(&p);
}
END_TEST

START_TEST(test_match_constraint_and_repeat)
{
	struct pattern p;
	compile(&p, "{dir,.+}/{s,[0-9]+}_{s}.txt");
	struct pattern_md *md = pattern_match_data();
	const char *vals[4];
	size_t lens[4];
	ck_assert(pattern_match(&p, "a/b/12_12.txt", 13, md, vals, lens));
	ck_assert_uint_eq(lens[0], 3);
	ck_assert_uint_eq(lens[1], 2);
	ck_assert(!pattern_match(&p, "a/12_13.txt", 11, md, vals, lens));
	ck_assert(!pattern_match(&p, "a/ab_ab.txt", 11, md, vals, lens));
	pattern_match_data_free(md);
	pattern_free(&p);
}
END_TEST

START_TEST(test_literal_regex_chars)
{
	struct pattern p;
	compile(&p, "r(1)+[x].{n}.txt");
	struct pattern_md *md = pattern_match_data();
	const char *vals[2];
	size_t lens[2];
	ck_assert(pattern_match(&p, "r(1)+[x].7.txt", 14, md, vals, lens));
	ck_assert(!pattern_match(&p, "r11[x].7.txt", 12, md, vals, lens));
	pattern_match_data_free(md);
	pattern_free(&p);
}
END_TEST

START_TEST(test_subst)
{
	struct pattern p;
	compile(&p, "work/{a}/{b}.{a}");
	struct buf b = {0};
	const char *vals[] = {"x", "y y"};
	pattern_subst(&b, &p, vals);
	ck_assert_str_eq(b.s, "work/x/y y.x");
	buf_free(&b);
	pattern_free(&p);
}
END_TEST

START_TEST(test_bad_constraint)
{
	struct pattern p;
	ck_assert_int_eq(pattern_parse(&p, "{a,[}.txt", NULL, true, &d, &arena), 0);
	p.segs[0].wc = 0;
	const char *re[] = {"["};
	ck_assert_int_eq(pattern_compile(&p, re, 1, &d), -1);
	ck_assert_ptr_nonnull(strstr(errors(), "invalid wildcard constraint"));
}
END_TEST

START_TEST(test_distance)
{
	struct pattern p;
	compile(&p, "work/{s}.counts.tsv");
	ck_assert_uint_eq(pattern_distance(&p, "work/a.counts.tsv"), 0);
	ck_assert_uint_eq(pattern_distance(&p, "work/a.count.tsv"), 1);
	ck_assert_uint_eq(pattern_distance(&p, "wrk/a.counts.tsv"), 1);
	ck_assert_uint_ge(pattern_distance(&p, "results/report.html"), 5);
	pattern_free(&p);
}
END_TEST

START_TEST(test_path_normalise)
{
	struct buf b = {0};
	path_normalise(&b, "./a//b/./c/", 11);
	ck_assert_str_eq(b.s, "a/b/c");
	buf_reset(&b);
	path_normalise(&b, "/x/../y", 7);
	ck_assert_str_eq(b.s, "/x/../y");
	buf_reset(&b);
	path_normalise(&b, "./", 2);
	ck_assert_str_eq(b.s, ".");
	buf_free(&b);
}
END_TEST

START_TEST(test_shell_quote)
{
	struct buf b = {0};
	shell_quote(&b, "data/a-1.txt");
	ck_assert_str_eq(b.s, "data/a-1.txt");
	buf_reset(&b);
	shell_quote(&b, "a b;rm -rf x.txt");
	ck_assert_str_eq(b.s, "'a b;rm -rf x.txt'");
	buf_reset(&b);
	shell_quote(&b, "it's");
	ck_assert_str_eq(b.s, "'it'\\''s'");
	buf_reset(&b);
	shell_quote(&b, "");
	ck_assert_str_eq(b.s, "''");
	buf_free(&b);
}
END_TEST

START_TEST(test_parse_size)
{
	ck_assert_int_eq(parse_size("8G"), 8LL << 30);
	ck_assert_int_eq(parse_size("512M"), 512LL << 20);
	ck_assert_int_eq(parse_size("1.5K"), 1536);
	ck_assert_int_eq(parse_size("2GiB"), 2LL << 30);
	ck_assert_int_eq(parse_size("12"), 12);
	ck_assert_int_eq(parse_size("12Q"), -1);
	ck_assert_int_eq(parse_size(""), -1);
	ck_assert_int_eq(parse_size("-1"), -1);
}
END_TEST

START_TEST(test_edit_distance)
{
	ck_assert_uint_eq(edit_distance("output", "ouptut", 5), 2);
	ck_assert_uint_eq(edit_distance("input", "input", 5), 0);
	ck_assert_uint_gt(edit_distance("abcdefgh", "zyxwvuts", 2), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pattern");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_parse_pieces);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_match_default_stays_in_directory);
	tcase_add_test(tc, test_match_constraint_and_repeat);
	tcase_add_test(tc, test_literal_regex_chars);
	tcase_add_test(tc, test_subst);
	tcase_add_test(tc, test_bad_constraint);
	tcase_add_test(tc, test_distance);
	tcase_add_test(tc, test_path_normalise);
	tcase_add_test(tc, test_shell_quote);
	tcase_add_test(tc, test_parse_size);
	tcase_add_test(tc, test_edit_distance);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
