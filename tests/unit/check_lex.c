/* Unit tests for the lexer: tokens, strings, indentation, line joining, errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"

static struct arena arena;
static struct diag d;
static char *errtext;
static size_t errlen;
static struct buf out;

static void setup(void)
{
	arena = (struct arena){0};
	d = (struct diag){0};
	d.out = open_memstream(&errtext, &errlen);
	out = (struct buf){0};
}

static void teardown(void)
{
	fclose(d.out);
	free(errtext);
	errtext = NULL;
	diag_free(&d);
	arena_free(&arena);
	buf_free(&out);
}

/* Everything printed to the diag so far. */
static const char *errors(void)
{
	fflush(d.out);
	return errtext ? errtext : "";
}

static void show(struct buf *b, const struct token *t)
{
	switch (t->kind) {
	case TOK_NAME: buf_printf(b, "N(%s)", t->s); break;
	case TOK_INT: buf_printf(b, "I(%s%llu)", t->neg ? "-" : "", t->num); break;
	case TOK_STRING:
		buf_puts(b, t->triple ? "T(" : "S(");
		for (size_t i = 0; i < t->len; i++) {
			if (t->s[i] == '\n')
				buf_puts(b, "\\n");
			else if (t->s[i] == '\t')
				buf_puts(b, "\\t");
			else
				buf_putc(b, t->s[i]);
		}
		buf_putc(b, ')');
		break;
	case TOK_NEWLINE: buf_puts(b, "NL"); break;
	case TOK_INDENT: buf_puts(b, "IN"); break;
	case TOK_DEDENT: buf_puts(b, "DE"); break;
	case TOK_EOF: buf_puts(b, "EOF"); break;
	case TOK_ERROR: buf_puts(b, "ERR"); break;
	case TOK_COLON: buf_puts(b, ":"); break;
	case TOK_EQUALS: buf_puts(b, "="); break;
	case TOK_COMMA: buf_puts(b, ","); break;
	case TOK_LBRACKET: buf_puts(b, "["); break;
	case TOK_RBRACKET: buf_puts(b, "]"); break;
	case TOK_LPAREN: buf_puts(b, "("); break;
	case TOK_RPAREN: buf_puts(b, ")"); break;
	}
}

static const struct srcfile *source(const char *text, size_t len)
{
	return diag_add_source(&d, "Flowfile", text, len);
}

/* All the tokens of text (of length len), space-separated, up to EOF. */
static const char *lexn(const char *text, size_t len)
{
	struct lexer lx;
	lex_init(&lx, &d, source(text, len), &arena);
	buf_reset(&out);
	for (int i = 0; i < 100000; i++) {
		if (i)
			buf_putc(&out, ' ');
		show(&out, &lx.tok);
		if (lx.tok.kind == TOK_EOF)
			break;
		lex_next(&lx);
	}
	return buf_str(&out);
}

static const char *lex(const char *text)
{
	return lexn(text, strlen(text));
}

/* The token kinds with positions: "N(x)@1:5 ...". */
static const char *lexpos(const char *text)
{
	struct lexer lx;
	lex_init(&lx, &d, source(text, strlen(text)), &arena);
	buf_reset(&out);
	for (int i = 0; i < 200; i++) {
		if (i)
			buf_putc(&out, ' ');
		show(&out, &lx.tok);
		buf_printf(&out, "@%d:%d", lx.tok.pos.line, lx.tok.pos.col);
		if (lx.tok.kind == TOK_EOF)
			break;
		lex_next(&lx);
	}
	return buf_str(&out);
}

/* The first string token of text. */
static struct token first_string(const char *text)
{
	struct lexer lx;
	lex_init(&lx, &d, source(text, strlen(text)), &arena);
	while (lx.tok.kind != TOK_STRING && lx.tok.kind != TOK_EOF)
		lex_next(&lx);
	return lx.tok;
}

START_TEST(test_every_token)
{
	ck_assert_str_eq(lex("rule x:\n    a = [1, -2](\"s\")\n"),
			 "N(rule) N(x) : NL IN N(a) = [ I(1) , I(-2) ] ( S(s) ) NL DE EOF");
	ck_assert_str_eq(lex(""), "EOF");
	ck_assert_str_eq(lex("\n\n   \n# only a comment\n"), "EOF");
	ck_assert_str_eq(lex("_a9 B_ 0 007 18446744073"), "N(_a9) N(B_) I(0) I(7) I(18446744073) NL EOF");
	ck_assert_str_eq(errors(), "");
}
END_TEST

START_TEST(test_positions)
{
	ck_assert_str_eq(lexpos("x = 1\nrule r:\n  in: \"a\"\n"),
			 "N(x)@1:1 =@1:3 I(1)@1:5 NL@1:6 N(rule)@2:1 N(r)@2:6 :@2:7 NL@2:8 "
			 "IN@3:3 N(in)@3:3 :@3:5 S(a)@3:7 NL@3:10 DE@4:1 EOF@4:1");
}
END_TEST

START_TEST(test_comments)
{
	ck_assert_str_eq(lex("a = 1 # one\n# two\n  # indented comment\nb = \"#no\"#c"),
			 "N(a) = I(1) NL N(b) = S(#no) NL EOF");
}
END_TEST

START_TEST(test_escapes)
{
	struct token t = first_string("x = \"a\\nb\\tc\\\"d\\\\e\"");
	ck_assert_int_eq(t.kind, TOK_STRING);
	ck_assert_uint_eq(t.len, 9);
	ck_assert_str_eq(t.s, "a\nb\tc\"d\\e");
	ck_assert(!t.triple);
	ck_assert_str_eq(lex("\"\" \"caf\xc3\xa9\""), "S() S(caf\xc3\xa9) NL EOF");
	ck_assert_str_eq(errors(), "");
}
END_TEST

START_TEST(test_bad_escape)
{
	ck_assert_str_eq(lex("x = \"ab\\qc\\x\"\n"), "N(x) = S(ab\\qc\\x) NL EOF");
	ck_assert_str_eq(errors(),
			 "Flowfile:1:8: error: invalid escape '\\q' in string\n"
			 "    1 | x = \"ab\\qc\\x\"\n"
			 "      |        ^\n"
			 "      = hint: the escapes are \\n \\t \\\" \\\\; a \"\"\"triple-quoted\"\"\" string takes backslashes as they are\n"
			 "Flowfile:1:11: error: invalid escape '\\x' in string\n"
			 "    1 | x = \"ab\\qc\\x\"\n"
			 "      |           ^\n"
			 "      = hint: the escapes are \\n \\t \\\" \\\\; a \"\"\"triple-quoted\"\"\" string takes backslashes as they are\n");
	ck_assert_int_eq(d.nerrors, 2);
}
END_TEST

START_TEST(test_unterminated_string)
{
	ck_assert_str_eq(lex("x = \"abc\ny = 2\n"), "N(x) = ERR NL N(y) = I(2) NL EOF");
	ck_assert_str_eq(errors(),
			 "Flowfile:1:5: error: unterminated string\n"
			 "    1 | x = \"abc\n"
			 "      |     ^\n");
	ck_assert_int_eq(d.nerrors, 1);
}
END_TEST

START_TEST(test_unterminated_string_eof)
{
	ck_assert_str_eq(lex("  \"a\\\"\\"), "IN ERR NL DE EOF");
	ck_assert_int_eq(d.nerrors, 1);
	ck_assert_ptr_nonnull(strstr(errors(), "Flowfile:1:3: error: unterminated string\n"));
}
END_TEST

START_TEST(test_triple_dedent)
{
	struct token t = first_string("shell: \"\"\"\n        awk '{ print }' \\\n          | sort\n\n        wc\n    \"\"\"\n");
	ck_assert(t.triple);
	ck_assert(t.skip_first);
	ck_assert_int_eq(t.dedent, 8);
	ck_assert_str_eq(t.s, "awk '{ print }' \\\n  | sort\n\nwc");
	ck_assert_uint_eq(t.len, strlen(t.s));
	ck_assert_int_eq(t.pos.line, 1);
	ck_assert_int_eq(t.pos.col, 8);
}
END_TEST

START_TEST(test_triple_variants)
{
	/* Text on the first line: nothing dropped, and it counts for the margin. */
	struct token t = first_string("\"\"\"a\n    b\"\"\"");
	ck_assert_str_eq(t.s, "a\n    b");
	ck_assert(!t.skip_first);
	ck_assert_int_eq(t.dedent, 0);
	/* A last line with text stays. */
	t = first_string("\"\"\"\n  a\n    b\"\"\"");
	ck_assert_str_eq(t.s, "a\n  b");
	ck_assert_int_eq(t.dedent, 2);
	/* Blank lines inside become empty and do not count for the margin. */
	t = first_string("\"\"\"  \n\t x\n \n\t y\n\t \"\"\"");
	ck_assert_str_eq(t.s, "x\n\ny");
	ck_assert_int_eq(t.dedent, 2);
	/* Tabs and spaces are different margins (as Python's dedent). */
	t = first_string("\"\"\"\n\tx\n        y\n\"\"\"");
	ck_assert_str_eq(t.s, "\tx\n        y");
	ck_assert_int_eq(t.dedent, 0);
	/* Empty strings. */
	ck_assert_str_eq(first_string("\"\"\"\"\"\"").s, "");
	ck_assert_str_eq(first_string("\"\"\"   \"\"\"").s, "");
	ck_assert_str_eq(first_string("\"\"\"\n\"\"\"").s, "");
	/* Quotes and backslashes inside are kept; the first """ closes. */
	t = first_string("\"\"\"say \"hi\" \\n \\q\"\"\"");
	ck_assert_str_eq(t.s, "say \"hi\" \\n \\q");
	ck_assert_str_eq(errors(), "");
}
END_TEST

START_TEST(test_triple_lines)
{
	ck_assert_str_eq(lexpos("a = \"\"\"\n x\n y\n\"\"\"\nb = 1\n"),
			 "N(a)@1:1 =@1:3 T(x\\ny)@1:5 NL@4:4 N(b)@5:1 =@5:3 I(1)@5:5 NL@5:6 EOF@6:1");
}
END_TEST

START_TEST(test_triple_unterminated)
{
	ck_assert_str_eq(lex("x = \"\"\"abc\n\"\"\n"), "N(x) = ERR NL EOF");
	ck_assert_str_eq(errors(),
			 "Flowfile:1:5: error: unterminated triple-quoted string\n"
			 "    1 | x = \"\"\"abc\n"
			 "      |     ^\n");
}
END_TEST

START_TEST(test_indentation)
{
	ck_assert_str_eq(lex("a\n  b\n    c\n\n    # c\n  d\ne\n"),
			 "N(a) NL IN N(b) NL IN N(c) NL DE N(d) NL DE N(e) NL EOF");
	ck_assert_str_eq(lex("a\n  b\n    c\nd"), "N(a) NL IN N(b) NL IN N(c) NL DE DE N(d) NL EOF");
	/* End of file closes every block, with a NEWLINE first when the line has no '\n'. */
	ck_assert_str_eq(lex("a\n  b\n    c"), "N(a) NL IN N(b) NL IN N(c) NL DE DE EOF");
	ck_assert_str_eq(errors(), "");
}
END_TEST

START_TEST(test_tabs)
{
	/* A tab advances to the next multiple of 8, consistently used. */
	ck_assert_str_eq(lex("a\n\tb\n\t  c\n\td\n"), "N(a) NL IN N(b) NL IN N(c) NL DE N(d) NL DE EOF");
	ck_assert_str_eq(errors(), "");
	/* A tab in one line and 8 spaces in the next are the same column but inconsistent. */
	ck_assert_str_eq(lex("a\n\tb\n        c\n"), "N(a) NL IN N(b) NL ERR N(c) NL DE EOF");
	ck_assert_str_eq(errors(),
			 "Flowfile:3:9: error: inconsistent use of tabs and spaces in indentation\n"
			 "    3 |         c\n"
			 "      |         ^\n");
}
END_TEST

START_TEST(test_bad_unindent)
{
	ck_assert_str_eq(lex("a\n    b\n  c\n"), "N(a) NL IN N(b) NL ERR N(c) NL EOF");
	ck_assert_str_eq(errors(),
			 "Flowfile:3:3: error: unindent does not match any outer indentation level\n"
			 "    3 |   c\n"
			 "      |   ^\n");
}
END_TEST

START_TEST(test_too_deep_indentation)
{
	struct buf b = {0};
	for (int i = 0; i < LEX_MAXINDENT + 1; i++) {
		for (int j = 0; j < i; j++)
			buf_putc(&b, ' ');
		buf_puts(&b, "x\n");
	}
	lex(buf_str(&b));
	buf_free(&b);
	ck_assert_int_eq(d.nerrors, 1);
	ck_assert_ptr_nonnull(strstr(errors(), "Flowfile:101:101: error: too many levels of indentation\n"));
}
END_TEST

START_TEST(test_line_joining)
{
	ck_assert_str_eq(lex("x = [\n  1,\n\n    2, # c\n]\ny = f(a,\nb)\n"),
			 "N(x) = [ I(1) , I(2) , ] NL N(y) = N(f) ( N(a) , N(b) ) NL EOF");
	ck_assert_str_eq(lexpos("x = \\\n  \"a\"\n"), "N(x)@1:1 =@1:3 S(a)@2:3 NL@2:6 EOF@3:1");
	ck_assert_str_eq(lex("a \\\r\n b\r\n"), "N(a) N(b) NL EOF");
	/* A line holding only a join ends nothing. */
	ck_assert_str_eq(lex("a\n\\\n\nb\n"), "N(a) NL N(b) NL EOF");
	ck_assert_str_eq(errors(), "");
	/* Unbalanced closers do not make the depth negative. */
	ck_assert_str_eq(lex("]\n)\n"), "] NL ) NL EOF");
}
END_TEST

START_TEST(test_crlf)
{
	ck_assert_str_eq(lex("a = 1\r\n\r\nrule r:\r\n  x\r\n"),
			 "N(a) = I(1) NL N(rule) N(r) : NL IN N(x) NL DE EOF");
	ck_assert_str_eq(errors(), "");
}
END_TEST

START_TEST(test_crlf_triple)
{
	/* Line ends are normalised when the source is read: no CR reaches a string. */
	struct token t = first_string("shell: \"\"\"\r\n    a\r\n    b\r\n    \"\"\"\r\n");
	ck_assert_str_eq(t.s, "a\nb");
	ck_assert_int_eq(t.dedent, 4);
	/* A lone CR ends a line too (as Python's universal newlines). */
	ck_assert_str_eq(lexpos("a = 1\rb = \"x\"\r"), "N(a)@1:1 =@1:3 I(1)@1:5 NL@1:6 N(b)@2:1 =@2:3 S(x)@2:5 NL@2:8 EOF@3:1");
	ck_assert_str_eq(errors(), "");
}
END_TEST

START_TEST(test_join_indentation)
{
	/* The indentation of a logical line is the column of its first token, on the
	 * physical line that holds it, even after a join. */
	ck_assert_str_eq(lexpos("r:\n\\\n    a\n"), "N(r)@1:1 :@1:2 NL@1:3 IN@3:5 N(a)@3:5 NL@3:6 DE@4:1 EOF@4:1");
	ck_assert_str_eq(lex("r:\n    \\\na\n"), "N(r) : NL N(a) NL EOF");
	ck_assert_str_eq(lex("r:\n  a\n  \\\n  \\\n  b\n"), "N(r) : NL IN N(a) NL N(b) NL DE EOF");
	/* A join followed by a blank or comment line makes an empty line. */
	ck_assert_str_eq(lex("r:\n  a\n\\\n\n  # c\n  b\n"), "N(r) : NL IN N(a) NL N(b) NL DE EOF");
	ck_assert_str_eq(errors(), "");
}
END_TEST

START_TEST(test_nul_in_comment)
{
	ck_assert_str_eq(lexn("a # x\0y\nb\n", 10), "N(a) NL N(b) NL EOF");
	ck_assert_str_eq(lexn("# \0\n", 4), "EOF");
	ck_assert_int_eq(d.nerrors, 2);
	ck_assert_ptr_nonnull(strstr(errors(),
				     "Flowfile:1:6: error: NUL byte in comment\n"
				     "    1 | a # x\xe2\x90\x80y\n"
				     "      |      ^\n"));
	ck_assert_ptr_nonnull(strstr(errors(), "Flowfile:1:3: error: NUL byte in comment\n"));
}
END_TEST

START_TEST(test_triple_then_quote)
{
	/* A """ string ends at the first """ in it: the quote after it starts a new string. */
	ck_assert_str_eq(lex("x = \"\"\"a\"\"\"\"\n"), "N(x) = T(a) ERR NL EOF");
	ck_assert_str_eq(errors(),
			 "Flowfile:1:12: error: unterminated string\n"
			 "    1 | x = \"\"\"a\"\"\"\"\n"
			 "      |            ^\n"
			 "      = hint: a \"\"\" string ends at the first \"\"\" in it, so this '\"' starts a new string\n");
	/* Quotes inside, one or two at a time, are content. */
	ck_assert_str_eq(first_string("\"\"\"a\"b\"\"c\"\"\"").s, "a\"b\"\"c");
}
END_TEST

START_TEST(test_negative)
{
	ck_assert_str_eq(lexpos("-1 -0"), "I(-1)@1:1 I(-0)@1:4 NL@1:6 EOF@1:6");
	ck_assert_str_eq(lex("- 1 -x"), "ERR I(1) ERR N(x) NL EOF");
	ck_assert_int_eq(d.nerrors, 2);
	ck_assert_ptr_nonnull(strstr(errors(), "Flowfile:1:1: error: unexpected character '-'\n"));
}
END_TEST

START_TEST(test_int_range)
{
	ck_assert_str_eq(lex("9223372036854775807 9223372036854775808"),
			 "I(9223372036854775807) I(9223372036854775808) NL EOF");
	ck_assert_str_eq(errors(), "");
	ck_assert_str_eq(lex("x = 9223372036854775809\n"), "N(x) = ERR NL EOF");
	ck_assert_str_eq(errors(),
			 "Flowfile:1:5: error: integer literal '9223372036854775809' is out of range\n"
			 "    1 | x = 9223372036854775809\n"
			 "      |     ^\n");
}
END_TEST

START_TEST(test_bad_characters)
{
	ck_assert_str_eq(lexn("a @\0\x80 \\ b\n", 10), "N(a) ERR ERR ERR ERR N(b) NL EOF");
	ck_assert_str_eq(errors(),
			 "Flowfile:1:3: error: unexpected character '@'\n"
			 "    1 | a @\xe2\x90\x80\x80 \\ b\n"
			 "      |   ^\n"
			 "Flowfile:1:4: error: unexpected NUL byte\n"
			 "    1 | a @\xe2\x90\x80\x80 \\ b\n"
			 "      |    ^\n"
			 "Flowfile:1:5: error: unexpected byte 0x80\n"
			 "    1 | a @\xe2\x90\x80\x80 \\ b\n"
			 "      |     ^\n"
			 "Flowfile:1:7: error: unexpected character '\\'\n"
			 "    1 | a @\xe2\x90\x80\x80 \\ b\n"
			 "      |      ^\n"
			 "      = hint: a backslash outside strings must end the line\n");
	ck_assert_int_eq(d.nerrors, 4);
}
END_TEST

START_TEST(test_nul_in_string)
{
	ck_assert_str_eq(lexn("\"a\0b\" \"\"\"\0\"\"\"", 13), "S(ab) T() NL EOF");
	ck_assert_int_eq(d.nerrors, 2);
	ck_assert_ptr_nonnull(strstr(errors(), "Flowfile:1:3: error: NUL byte in string\n"));
	ck_assert_ptr_nonnull(strstr(errors(), "Flowfile:1:10: error: NUL byte in string\n"));
}
END_TEST

START_TEST(test_peek)
{
	struct lexer lx;
	lex_init(&lx, &d, source("a = b", 5), &arena);
	ck_assert_int_eq(lx.tok.kind, TOK_NAME);
	ck_assert_int_eq(lex_peek(&lx)->kind, TOK_EQUALS);
	ck_assert_int_eq(lex_peek(&lx)->kind, TOK_EQUALS);
	ck_assert_str_eq(lx.tok.s, "a");
	lex_next(&lx);
	ck_assert_int_eq(lx.tok.kind, TOK_EQUALS);
	lex_next(&lx);
	ck_assert_str_eq(lx.tok.s, "b");
	ck_assert_int_eq(lx.tok.pos.col, 5);
}
END_TEST

START_TEST(test_resync)
{
	struct lexer lx;
	lex_init(&lx, &d, source("a b [\n  c\n\n  d\ne f\n", 19), &arena);
	lex_next(&lx);
	ck_assert_str_eq(lx.tok.s, "b");
	lex_resync(&lx, false);
	ck_assert_int_eq(lx.tok.kind, TOK_NAME);
	ck_assert_str_eq(lx.tok.s, "e");
	ck_assert_int_eq(lx.tok.pos.line, 5);
	ck_assert_int_eq(lx.depth, 0);
	lex_next(&lx);
	lex_next(&lx);
	ck_assert_int_eq(lx.tok.kind, TOK_NEWLINE);
	lex_next(&lx);
	ck_assert_int_eq(lx.tok.kind, TOK_EOF);
	/* Keeping the token in error: scanning starts again there, on a fresh line. */
	lex_init(&lx, &d, source("r:\n  x\ny\n", 9), &arena);
	while (lx.tok.kind != TOK_DEDENT)
		lex_next(&lx);
	ck_assert_int_eq(lx.tok.pos.line, 3);
	lex_resync(&lx, true);
	ck_assert_str_eq(lx.tok.s, "y");
	ck_assert_int_eq(lx.tok.pos.line, 3);
	ck_assert_int_eq(lx.tok.pos.col, 1);
}
END_TEST

START_TEST(test_describe)
{
	struct lexer lx;
	lex_init(&lx, &d, source("abc \"a long string that goes on and on\" 42 :", 44), &arena);
	struct buf b = {0};
	tok_describe(&b, &lx, &lx.tok);
	buf_puts(&b, "|");
	lex_next(&lx);
	tok_describe(&b, &lx, &lx.tok);
	buf_puts(&b, "|");
	lex_next(&lx);
	tok_describe(&b, &lx, &lx.tok);
	buf_puts(&b, "|");
	lex_next(&lx);
	tok_describe(&b, &lx, &lx.tok);
	buf_puts(&b, "|");
	lex_next(&lx);
	tok_describe(&b, &lx, &lx.tok);
	ck_assert_str_eq(buf_str(&b), "'abc'|string \"a long string that goes on an...|'42'|':'|end of line");
	buf_free(&b);
}
END_TEST

static Suite *lex_suite(void)
{
	Suite *s = suite_create("lex");
	TCase *tc = tcase_create("lex");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_every_token);
	tcase_add_test(tc, test_positions);
	tcase_add_test(tc, test_comments);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_bad_escape);
	tcase_add_test(tc, test_unterminated_string);
	tcase_add_test(tc, test_unterminated_string_eof);
	tcase_add_test(tc, test_triple_dedent);
	tcase_add_test(tc, test_triple_variants);
	tcase_add_test(tc, test_triple_lines);
	tcase_add_test(tc, test_triple_unterminated);
	tcase_add_test(tc, test_indentation);
	tcase_add_test(tc, test_tabs);
	tcase_add_test(tc, test_bad_unindent);
	tcase_add_test(tc, test_too_deep_indentation);
	tcase_add_test(tc, test_line_joining);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_crlf_triple);
	tcase_add_test(tc, test_join_indentation);
	tcase_add_test(tc, test_nul_in_comment);
	tcase_add_test(tc, test_triple_then_quote);
	tcase_add_test(tc, test_negative);
	tcase_add_test(tc, test_int_range);
	tcase_add_test(tc, test_bad_characters);
	tcase_add_test(tc, test_nul_in_string);
	tcase_add_test(tc, test_peek);
	tcase_add_test(tc, test_resync);
	tcase_add_test(tc, test_describe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lex_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
