/* Unit tests for the parser: the tree it builds, its error messages and recovery,
 * includes, and mapping string offsets back to the source. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"

static struct diag d;
static char *errtext;
static size_t errlen;
static struct buf out, hdr;
static struct ast *tree;
static char tmpdir[64];

static void setup(void)
{
	d = (struct diag){0};
	d.out = open_memstream(&errtext, &errlen);
	out = hdr = (struct buf){0};
	tree = NULL;
	tmpdir[0] = '\0';
}

static void teardown(void)
{
	fclose(d.out);
	free(errtext);
	errtext = NULL;
	diag_free(&d);
	ast_free(tree);
	buf_free(&out);
	buf_free(&hdr);
	if (tmpdir[0]) {
		char *cmd = xasprintf("rm -rf '%s'", tmpdir);
		ck_assert_int_eq(system(cmd), 0);
		free(cmd);
	}
}

/* Everything printed to the diag so far. */
static const char *errors(void)
{
	fflush(d.out);
	return errtext ? errtext : "";
}

/* Only the message lines (errors, notes, hints), without the source lines and carets. */
static const char *messages(void)
{
	const char *s = errors();
	buf_reset(&hdr);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s + 1) : strlen(s);
		if (s[0] != ' ' || strncmp(s, "      = hint:", 13) == 0)
			buf_put(&hdr, s, n);
		s += n;
	}
	return buf_str(&hdr);
}

static void dump_expr(struct buf *b, const struct expr *e)
{
	switch (e->kind) {
	case EXPR_STR:
		buf_putc(b, '"');
		for (size_t i = 0; i < e->len; i++)
			if (e->str[i] == '\n')
				buf_puts(b, "\\n");
			else
				buf_putc(b, e->str[i]);
		buf_putc(b, '"');
		break;
	case EXPR_INT:
		buf_printf(b, "%lld", e->num);
		break;
	case EXPR_NAME:
		buf_puts(b, e->str);
		break;
	case EXPR_LIST:
	case EXPR_CALL:
		buf_puts(b, e->kind == EXPR_CALL ? e->str : "");
		buf_puts(b, e->kind == EXPR_CALL ? "(" : "[");
		for (size_t i = 0; i < e->nargs; i++) {
			if (i)
				buf_puts(b, ", ");
			if (e->args[i].name)
				buf_printf(b, "%s=", e->args[i].name);
			dump_expr(b, e->args[i].value);
		}
		buf_puts(b, e->kind == EXPR_CALL ? ")" : "]");
		break;
	}
}

/* The tree as text: one line per variable, rule and key, with positions. */
static const char *dump(const struct ast *a)
{
	buf_reset(&out);
	for (size_t i = 0; i < a->nvars; i++) {
		buf_printf(&out, "%s@%d:%d = ", a->vars[i].name, a->vars[i].pos.line, a->vars[i].pos.col);
		dump_expr(&out, a->vars[i].value);
		buf_putc(&out, '\n');
	}
	for (size_t i = 0; i < a->nrules; i++) {
		const struct rule_ast *r = &a->rules[i];
		buf_printf(&out, "rule %s@%d:%d\n", r->name, r->pos.line, r->pos.col);
		for (int k = 0; k < KEY__COUNT; k++) {
			const struct keyval *kv = r->keys[k];
			if (!kv)
				continue;
			ck_assert_int_eq(kv->key, k);
			buf_printf(&out, "  %s@%d:%d:", rule_key_name(kv->key), kv->pos.line, kv->pos.col);
			for (size_t j = 0; j < kv->nitems; j++) {
				buf_putc(&out, ' ');
				if (kv->items[j].name)
					buf_printf(&out, "%s=", kv->items[j].name);
				dump_expr(&out, kv->items[j].value);
			}
			buf_putc(&out, '\n');
		}
	}
	return buf_str(&out);
}

static const char *parse(const char *text)
{
	ast_free(tree);
	tree = parse_string(&d, "Flowfile", text, strlen(text));
	return dump(tree);
}

static const char quickstart[] =
	"# Flowfile \xe2\x80\x94 word counts per sample, and a report\n"
	"SAMPLES = [\"alpha\", \"beta\", \"gamma\"]\n"
	"MIN_LEN = 3\n"
	"\n"
	"rule all:\n"
	"    input: \"results/report.html\"\n"
	"\n"
	"rule normalize:\n"
	"    input: \"data/{sample}.txt\"\n"
	"    output: \"work/{sample}.norm.txt\"\n"
	"    log: \"logs/normalize/{sample}.log\"\n"
	"    shell: \"tr 'A-Z' 'a-z' < {input} 2> {log} | tr -cs 'a-z' '\\n' > {output}\"\n"
	"\n"
	"rule count:\n"
	"    input: \"work/{sample}.norm.txt\"\n"
	"    output:\n"
	"        counts = \"work/{sample,[a-z]+}.counts.tsv\"\n"
	"        total  = \"work/{sample}.total\"\n"
	"    params:\n"
	"        min_len = MIN_LEN\n"
	"    threads: 2\n"
	"    shell: \"\"\"\n"
	"        awk -v m={params.min_len} 'length($0) >= m {{ print }}' {input} \\\n"
	"          | sort | uniq -c | sort -rn > {output.counts}\n"
	"        wc -l < {input} > {output.total}\n"
	"    \"\"\"\n"
	"\n"
	"rule report:\n"
	"    input:\n"
	"        counts = expand(\"work/{s}.counts.tsv\", s = SAMPLES)\n"
	"        totals = expand(\"work/{s}.total\", s = SAMPLES)\n"
	"    output: \"results/report.html\"\n"
	"    shell: \"sh scripts/report.sh {output} {input.counts}\"\n";

START_TEST(test_quickstart)
{
	ck_assert_str_eq(parse(quickstart),
		"SAMPLES@2:1 = [\"alpha\", \"beta\", \"gamma\"]\n"
		"MIN_LEN@3:1 = 3\n"
		"rule all@5:6\n"
		"  input@6:5: \"results/report.html\"\n"
		"rule normalize@8:6\n"
		"  input@9:5: \"data/{sample}.txt\"\n"
		"  output@10:5: \"work/{sample}.norm.txt\"\n"
		"  log@11:5: \"logs/normalize/{sample}.log\"\n"
		"  shell@12:5: \"tr 'A-Z' 'a-z' < {input} 2> {log} | tr -cs 'a-z' '\\n' > {output}\"\n"
		"rule count@14:6\n"
		"  input@15:5: \"work/{sample}.norm.txt\"\n"
		"  output@16:5: counts=\"work/{sample,[a-z]+}.counts.tsv\" total=\"work/{sample}.total\"\n"
		"  params@19:5: min_len=MIN_LEN\n"
		"  threads@21:5: 2\n"
		"  shell@22:5: \"awk -v m={params.min_len} 'length($0) >= m {{ print }}' {input} \\\\n"
		"  | sort | uniq -c | sort -rn > {output.counts}\\nwc -l < {input} > {output.total}\"\n"
		"rule report@28:6\n"
		"  input@29:5: counts=expand(\"work/{s}.counts.tsv\", s=SAMPLES) totals=expand(\"work/{s}.total\", s=SAMPLES)\n"
		"  output@32:5: \"results/report.html\"\n"
		"  shell@33:5: \"sh scripts/report.sh {output} {input.counts}\"\n");
	ck_assert_str_eq(errors(), "");
	ck_assert_int_eq(d.nerrors, 0);

	const struct rule_ast *count = &tree->rules[2];
	const struct expr *sh = count->keys[KEY_SHELL]->items[0].value;
	ck_assert_str_eq(sh->str,
			 "awk -v m={params.min_len} 'length($0) >= m {{ print }}' {input} \\\n"
			 "  | sort | uniq -c | sort -rn > {output.counts}\n"
			 "wc -l < {input} > {output.total}");
	ck_assert_uint_eq(sh->len, strlen(sh->str));
	ck_assert(sh->triple);
	ck_assert(sh->skip_first);
	ck_assert_int_eq(sh->dedent, 8);
	ck_assert_int_eq(sh->pos.line, 22);
	ck_assert_int_eq(sh->pos.col, 12);
	/* Entry names and their positions. */
	const struct keyval *o = count->keys[KEY_OUTPUT];
	ck_assert_str_eq(o->items[1].name, "total");
	ck_assert_int_eq(o->items[1].name_pos.line, 18);
	ck_assert_int_eq(o->items[1].name_pos.col, 9);
	ck_assert_int_eq(o->items[1].value->pos.col, 18);
	const struct arg *in = &tree->rules[0].keys[KEY_INPUT]->items[0];
	ck_assert_ptr_null(in->name);
	ck_assert_int_eq(in->name_pos.col, 12);
	/* A call and its named argument. */
	const struct expr *call = tree->rules[3].keys[KEY_INPUT]->items[0].value;
	ck_assert_int_eq(call->kind, EXPR_CALL);
	ck_assert_str_eq(call->str, "expand");
	ck_assert_uint_eq(call->nargs, 2);
	ck_assert_ptr_null(call->args[0].name);
	ck_assert_str_eq(call->args[1].name, "s");
	ck_assert_int_eq(call->args[1].value->kind, EXPR_NAME);
	ck_assert_int_eq(call->args[1].name_pos.col, 48);
	ck_assert_int_eq(call->pos.col, 18);
	/* Absent keys stay NULL. */
	ck_assert_ptr_null(tree->rules[0].keys[KEY_OUTPUT]);
	ck_assert_ptr_null(tree->rules[0].keys[KEY_SHELL]);
}
END_TEST

START_TEST(test_values)
{
	ck_assert_str_eq(parse("a = -9223372036854775808\nb = 9223372036854775807\nc = -3\n"
			       "d = [1, [], [\"x\", y,], f()]\ne = g(k = [1], 2,)\nf = \"\"\n"),
			 "a@1:1 = -9223372036854775808\n"
			 "b@2:1 = 9223372036854775807\n"
			 "c@3:1 = -3\n"
			 "d@4:1 = [1, [], [\"x\", y], f()]\n"
			 "e@5:1 = g(k=[1], 2)\n"
			 "f@6:1 = \"\"\n");
	ck_assert_str_eq(errors(), "");
	ck_assert_int_eq(tree->vars[2].value->pos.col, 5);
	ck_assert_int_eq(tree->vars[3].value->args[2].value->args[1].value->pos.col, 19);
}
END_TEST

START_TEST(test_entries)
{
	ck_assert_str_eq(parse("rule r:\n"
			       "    input: \"a\", b = \"b\",\n"
			       "    output:\n"
			       "        \"o1\", \"o2\",\n"
			       "        n = \"o3\"\n"
			       "    resources: mem = \"8G\", gpu = 1\n"
			       "    priority: -5\n"
			       "    env:\n"
			       "      HOME = \"/h\"\n"
			       "    mounts: \"/a:/b:ro\"\n"
			       "    container: \"img\"\n"
			       "    network: \"off\"\n"
			       "    log: [\"l1\", \"l2\"]\n"),
			 "rule r@1:6\n"
			 "  input@2:5: \"a\" b=\"b\"\n"
			 "  output@3:5: \"o1\" \"o2\" n=\"o3\"\n"
			 "  log@13:5: [\"l1\", \"l2\"]\n"
			 "  resources@6:5: mem=\"8G\" gpu=1\n"
			 "  priority@7:5: -5\n"
			 "  container@11:5: \"img\"\n"
			 "  mounts@10:5: \"/a:/b:ro\"\n"
			 "  env@8:5: HOME=\"/h\"\n"
			 "  network@12:5: \"off\"\n");
	ck_assert_str_eq(errors(), "");
}
END_TEST

START_TEST(test_keywords_by_position)
{
	/* 'rule' and 'include' are only keywords at the start of a statement. */
	ck_assert_str_eq(parse("x = rule\ny = include\nrule input:\n  input: output\n"),
			 "x@1:1 = rule\ny@2:1 = include\nrule input@3:6\n  input@4:3: output\n");
	ck_assert_str_eq(errors(), "");
}
END_TEST

START_TEST(test_error_full_text)
{
	parse("rule x\n    input: \"a\"\n");
	ck_assert_str_eq(errors(),
			 "Flowfile:1:7: error: expected ':' after rule name 'x', got end of line\n"
			 "    1 | rule x\n"
			 "      |       ^\n");
	ck_assert_int_eq(d.nerrors, 1);
}
END_TEST

/* Each syntax error message, with its position. */
START_TEST(test_syntax_errors)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{": x\n", "Flowfile:1:1: error: expected a rule, an include or an assignment, got ':'\n"},
		{"x = 1\n  y = 2\n", "Flowfile:2:3: error: unexpected indentation\n"},
		{"rule : x\n", "Flowfile:1:6: error: expected a rule name after 'rule', got ':'\n"},
		{"rule x y\n", "Flowfile:1:8: error: expected ':' after rule name 'x', got 'y'\n"},
		{"rule x: input\n", "Flowfile:1:9: error: expected end of line after 'rule x:', got 'input'\n"},
		{"rule x:\nrule y:\n  input: \"a\"\n",
		 "Flowfile:2:1: error: expected an indented block of keys after 'rule x:', got 'rule'\n"},
		{"rule x:\n  \"a\"\n", "Flowfile:2:3: error: expected a key in rule 'x', got string \"a\"\n"},
		{"rule x:\n  input \"a\"\n", "Flowfile:2:9: error: expected ':' after key 'input', got string \"a\"\n"},
		{"rule x:\n  output:\n  shell: \"s\"\n",
		 "Flowfile:3:3: error: expected an indented block of values after 'output:', got 'shell'\n"},
		{"rule x:\n  input: \"a\" \"b\"\n",
		 "Flowfile:2:14: error: expected ',' or end of line after value of 'input', got string \"b\"\n"},
		{"rule x:\n  input:\n    \"a\" :\n",
		 "Flowfile:3:9: error: expected ',' or end of line after value of 'input', got ':'\n"},
		{"x = :\n", "Flowfile:1:5: error: expected a value, got ':'\n"},
		{"x = -y\n", "Flowfile:1:5: error: unexpected character '-'\n"
			     "      = hint: a negative integer is written with '-' right before its digits, as in -1\n"},
		{"x = - 1\n", "Flowfile:1:5: error: unexpected character '-'\n"
			      "      = hint: a negative integer is written with '-' right before its digits, as in -1\n"},
		{"x = [1 2]\n", "Flowfile:1:8: error: expected ',' or ']' to close '[' at line 1, got '2'\n"},
		{"x = [1,\n  2\n", "Flowfile:3:1: error: expected ',' or ']' to close '[' at line 1, got end of file\n"},
		{"x = [a = 1]\n", "Flowfile:1:8: error: expected ',' or ']' to close '[' at line 1, got '='\n"},
		{"x = f(\n a b)\n", "Flowfile:2:4: error: expected ',' or ')' to close '(' at line 1, got 'b'\n"},
		{"x = f(a = )\n", "Flowfile:1:11: error: expected a value, got ')'\n"},
		{"x 1\n", "Flowfile:1:3: error: expected '=' after 'x', got '1'\n"},
		{"x = 1, 2\n", "Flowfile:1:6: error: expected end of line after the value of 'x', got ','\n"},
		{"x = 1 ]\n", "Flowfile:1:7: error: expected end of line after the value of 'x', got ']'\n"},
		{"include x\n", "Flowfile:1:9: error: expected a file name string after 'include', got 'x'\n"},
		{"include \"a\" \"b\"\n",
		 "Flowfile:1:13: error: expected end of line after the included file name, got string \"b\"\n"},
		{"x = 9223372036854775808\n", "Flowfile:1:5: error: integer literal '9223372036854775808' is out of range\n"},
		{"x = -9223372036854775809\n", "Flowfile:1:5: error: integer literal '-9223372036854775809' is out of range\n"},
		{"rule x:\n  input: \"a\"\n    output: \"b\"\n", "Flowfile:3:5: error: expected a key in rule 'x', got indentation\n"},
		{"rules x:\n", "Flowfile:1:7: error: expected '=' after 'rules', got 'x'\n"
			       "      = hint: a rule starts with 'rule NAME:'\n"},
		{"x = \"a\n", "Flowfile:1:5: error: unterminated string\n"},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		teardown();
		setup();
		parse(cases[i].text);
		ck_assert_str_eq(messages(), cases[i].msg);
		ck_assert_int_eq(d.nerrors, 1);
	}
}
END_TEST

START_TEST(test_recovery)
{
	/* Each error skips to the next line in column 1; the good statements are kept. */
	ck_assert_str_eq(parse("a = 1 2\n"
			       "b = 2\n"
			       "rule x:\n"
			       "    input \"a\"\n"
			       "    output: \"b\"\n"
			       "c = [\n"
			       "  1,\n"
			       "d = 4\n"
			       "rule y:\n"
			       "    output: \"o\"\n"
			       "e = @\n"
			       "f = 6\n"),
			 "b@2:1 = 2\nf@12:1 = 6\nrule x@3:6\nrule y@9:6\n  output@10:5: \"o\"\n");
	ck_assert_str_eq(messages(),
			 "Flowfile:1:7: error: expected end of line after the value of 'a', got '2'\n"
			 "Flowfile:4:11: error: expected ':' after key 'input', got string \"a\"\n"
			 "Flowfile:8:3: error: expected ',' or ']' to close '[' at line 6, got '='\n"
			 "Flowfile:11:5: error: unexpected character '@'\n");
	ck_assert_int_eq(d.nerrors, 4);
}
END_TEST

START_TEST(test_recovery_at_dedent)
{
	/* The error is at the first token of a line in column 1: parsing goes on there. */
	ck_assert_str_eq(parse("rule x:\n  input:\nrule y:\n  input: \"a\"\n"),
			 "rule x@1:6\nrule y@3:6\n  input@4:3: \"a\"\n");
	ck_assert_str_eq(messages(),
			 "Flowfile:3:1: error: expected an indented block of values after 'input:', got end of indented block\n");
}
END_TEST

START_TEST(test_unknown_key)
{
	parse("rule align:\n    ouptut: \"a\"\n    inputs: \"b\"\n    frobnicate: 3\n    shell: \"c\"\n");
	ck_assert_str_eq(messages(),
			 "Flowfile:2:5: error: unknown key 'ouptut' in rule 'align' (did you mean 'output'?)\n"
			 "Flowfile:3:5: error: unknown key 'inputs' in rule 'align' (did you mean 'input'?)\n"
			 "Flowfile:4:5: error: unknown key 'frobnicate' in rule 'align'\n"
			 "      = hint: the keys are input, output, log, params, threads, resources, shell, "
			 "priority, container, mounts, env, network\n");
	ck_assert_int_eq(d.nerrors, 3);
	/* The rest of the rule is still parsed. */
	ck_assert_str_eq(dump(tree), "rule align@1:6\n  shell@5:5: \"c\"\n");
}
END_TEST

START_TEST(test_duplicate_key)
{
	parse("rule x:\n    input: \"a\"\n    output: \"o\"\n    input:\n        \"b\"\n");
	ck_assert_str_eq(errors(),
			 "Flowfile:4:5: error: duplicate key 'input' in rule 'x'\n"
			 "    4 |     input:\n"
			 "      |     ^\n"
			 "Flowfile:2:5: note: 'input' first given here\n"
			 "    2 |     input: \"a\"\n"
			 "      |     ^\n");
	ck_assert_int_eq(d.nerrors, 1);
	ck_assert_str_eq(dump(tree), "rule x@1:6\n  input@2:5: \"a\"\n  output@3:5: \"o\"\n");
}
END_TEST

START_TEST(test_duplicate_rule)
{
	parse("rule x:\n    input: \"a\"\nrule y:\n    input: \"b\"\nrule x:\n    input: \"c\"\n");
	ck_assert_str_eq(messages(),
			 "Flowfile:5:6: error: duplicate rule name 'x'\n"
			 "Flowfile:1:6: note: rule 'x' first defined here\n");
	ck_assert_int_eq(d.nerrors, 1);
	ck_assert_str_eq(dump(tree), "rule x@1:6\n  input@2:5: \"a\"\nrule y@3:6\n  input@4:5: \"b\"\n");
}
END_TEST

START_TEST(test_single_value_keys)
{
	parse("rule x:\n"
	      "    threads: 1, 2\n"
	      "    priority: 1, 2, 3\n"
	      "    shell: \"a\", \"b\"\n"
	      "    container:\n"
	      "        \"a\"\n"
	      "        \"b\"\n"
	      "    network: \"on\", \"off\"\n"
	      "    input: \"a\", \"b\", \"c\"\n");
	ck_assert_str_eq(messages(),
			 "Flowfile:2:17: error: 'threads' takes a single value, got 2\n"
			 "Flowfile:3:18: error: 'priority' takes a single value, got 3\n"
			 "Flowfile:4:17: error: 'shell' takes a single value, got 2\n"
			 "Flowfile:7:9: error: 'container' takes a single value, got 2\n"
			 "Flowfile:8:20: error: 'network' takes a single value, got 2\n");
	ck_assert_int_eq(d.nerrors, 5);
	ck_assert_uint_eq(tree->rules[0].keys[KEY_THREADS]->nitems, 1);
	ck_assert_uint_eq(tree->rules[0].keys[KEY_INPUT]->nitems, 3);
}
END_TEST

START_TEST(test_deep_nesting)
{
	struct buf b = {0};
	buf_puts(&b, "x = ");
	for (int i = 0; i < 100000; i++)
		buf_puts(&b, i % 2 ? "[" : "f(");
	buf_puts(&b, "\ny = 1\n");
	parse(buf_str(&b));
	buf_free(&b);
	ck_assert_str_eq(messages(), "Flowfile:1:305: error: expression nested too deeply (more than 200 levels)\n");
	ck_assert_str_eq(dump(tree), "y@2:1 = 1\n");
	/* 200 levels are fine. */
	teardown();
	setup();
	b = (struct buf){0};
	buf_puts(&b, "x = ");
	for (int i = 0; i < 200; i++)
		buf_puts(&b, "[");
	for (int i = 0; i < 200; i++)
		buf_puts(&b, "]");
	parse(buf_str(&b));
	buf_free(&b);
	ck_assert_str_eq(errors(), "");
	ck_assert_uint_eq(tree->nvars, 1);
}
END_TEST

START_TEST(test_garbage)
{
	static const char text[] = "rule \0x:\n\xff\xfe = \"\x80\"\n\0\0\0\nrule y:\n  input: \"a\"\n";
	tree = parse_string(&d, "Flowfile", text, sizeof(text) - 1);
	ck_assert_int_gt(d.nerrors, 0);
	ck_assert_str_eq(dump(tree), "rule y@4:6\n  input@5:3: \"a\"\n");
}
END_TEST

START_TEST(test_rule_keys)
{
	ck_assert_str_eq(rule_key_name(KEY_INPUT), "input");
	ck_assert_str_eq(rule_key_name(KEY_NETWORK), "network");
	ck_assert_int_eq(rule_key_lookup("resources"), KEY_RESOURCES);
	ck_assert_int_eq(rule_key_lookup("env"), KEY_ENV);
	ck_assert_int_eq(rule_key_lookup("inputs"), -1);
	ck_assert_int_eq(rule_key_lookup(""), -1);
	for (int k = 0; k < KEY__COUNT; k++)
		ck_assert_int_eq(rule_key_lookup(rule_key_name(k)), k);
}
END_TEST

static const struct expr *var(const char *name)
{
	for (size_t i = 0; i < tree->nvars; i++)
		if (strcmp(tree->vars[i].name, name) == 0)
			return tree->vars[i].value;
	ck_abort_msg("no variable %s", name);
	return NULL;
}

#define ck_assert_pos(p, l, c) \
	do { struct pos p_ = (p); ck_assert_int_eq(p_.line, l); ck_assert_int_eq(p_.col, c); } while (0)

START_TEST(test_str_pos_plain)
{
	parse("x = \"a\\tb{c}\\\\{d}\\\"{e}\"\n");
	const struct expr *e = var("x");
	ck_assert_str_eq(e->str, "a\tb{c}\\{d}\"{e}");
	ck_assert_pos(expr_str_pos(e, 0), 1, 6);
	ck_assert_pos(expr_str_pos(e, 1), 1, 7);
	ck_assert_pos(expr_str_pos(e, 3), 1, 10);
	ck_assert_pos(expr_str_pos(e, 7), 1, 15);
	ck_assert_pos(expr_str_pos(e, 11), 1, 20);
	ck_assert_pos(expr_str_pos(e, e->len), 1, 23);
	ck_assert_pos(expr_str_pos(e, 1000), 1, 23);
	ck_assert_ptr_eq(expr_str_pos(e, 0).file, e->pos.file);
}
END_TEST

START_TEST(test_str_pos_triple)
{
	parse(quickstart);
	const struct expr *sh = tree->rules[2].keys[KEY_SHELL]->items[0].value;
	size_t off = (size_t)(strstr(sh->str, "{output.counts}") - sh->str);
	ck_assert_pos(expr_str_pos(sh, off), 24, 41);
	off = (size_t)(strstr(sh->str, "{params") - sh->str);
	ck_assert_pos(expr_str_pos(sh, off), 23, 18);
	off = (size_t)(strstr(sh->str, "{output.total}") - sh->str);
	ck_assert_pos(expr_str_pos(sh, off), 25, 27);
	ck_assert_pos(expr_str_pos(sh, 0), 23, 9);

	/* Text on the opening line; a margin of 0. */
	parse("x = \"\"\"ab {c}\n   d {e}\"\"\"\n");
	const struct expr *e = var("x");
	ck_assert_str_eq(e->str, "ab {c}\n   d {e}");
	ck_assert_pos(expr_str_pos(e, 3), 1, 11);
	ck_assert_pos(expr_str_pos(e, 12), 2, 6);

	/* Blank lines and a margin. */
	parse("y = \"\"\"\n    a\n\n      {b}\n    \"\"\"\n");
	e = var("y");
	ck_assert_str_eq(e->str, "a\n\n  {b}");
	ck_assert_pos(expr_str_pos(e, 0), 2, 5);
	ck_assert_pos(expr_str_pos(e, 2), 3, 1);
	ck_assert_pos(expr_str_pos(e, 5), 4, 7);
	ck_assert_pos(expr_str_pos(e, e->len), 4, 10);
}
END_TEST

START_TEST(test_str_pos_other)
{
	parse("x = 12\n");
	ck_assert_pos(expr_str_pos(var("x"), 1), 1, 5);
}
END_TEST

/* Write text to tmpdir/path, creating tmpdir on first use. */
static void write_file(const char *path, const char *text)
{
	if (!tmpdir[0]) {
		strcpy(tmpdir, "/tmp/check_parse.XXXXXX");
		ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	}
	char *full = xasprintf("%s/%s", tmpdir, path);
	char *slash = strrchr(full, '/');
	*slash = '\0';
	mkdir(full, 0777);
	*slash = '/';
	FILE *fp = fopen(full, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	free(full);
}

static const char *parse_path(const char *path, const char *shown)
{
	char *full = xasprintf("%s/%s", tmpdir, path);
	ast_free(tree);
	tree = parse_file(&d, full, shown);
	free(full);
	return dump(tree);
}

START_TEST(test_include)
{
	write_file("Flowfile", "A = 1\ninclude \"rules/align.flow\"\nrule last:\n  input: \"l\"\n");
	write_file("rules/align.flow", "include \"common.flow\"\nrule align:\n    input: \"a\"\n    ouptut: \"b\"\n");
	write_file("rules/common.flow", "C = 2\nrule common:\n  input: \"c\"\n");
	ck_assert_str_eq(parse_path("Flowfile", "Flowfile"),
			 "A@1:1 = 1\nC@1:1 = 2\n"
			 "rule common@2:6\n  input@3:3: \"c\"\n"
			 "rule align@2:6\n  input@3:5: \"a\"\n"
			 "rule last@3:6\n  input@4:3: \"l\"\n");
	ck_assert_str_eq(errors(),
			 "rules/align.flow:4:5: error: unknown key 'ouptut' in rule 'align' (did you mean 'output'?)\n"
			 "    4 |     ouptut: \"b\"\n"
			 "      |     ^\n");
	ck_assert_str_eq(tree->vars[1].pos.file->path, "rules/common.flow");
	ck_assert_str_eq(tree->rules[1].pos.file->path, "rules/align.flow");
	/* The shown path keeps the user's directory. */
	teardown();
	setup();
	write_file("sub/Flowfile", "include \"x/y.flow\"\n");
	write_file("sub/x/y.flow", "rule r:\n  bad: 1\n");
	parse_path("sub/Flowfile", "sub/Flowfile");
	ck_assert_str_eq(messages(),
			 "sub/x/y.flow:2:3: error: unknown key 'bad' in rule 'r'\n"
			 "      = hint: the keys are input, output, log, params, threads, resources, shell, "
			 "priority, container, mounts, env, network\n");
}
END_TEST

START_TEST(test_include_errors)
{
	write_file("Flowfile", "include \"missing.flow\"\ninclude \"rules\"\ninclude \"\"\nX = 1\n"
			       "include \"fifo\"\n");
	write_file("rules/a.flow", "\n");
	char *fifo = xasprintf("%s/fifo", tmpdir);
	ck_assert_int_eq(mkfifo(fifo, 0666), 0);
	free(fifo);
	ck_assert_str_eq(parse_path("Flowfile", "Flowfile"), "X@4:1 = 1\n");
	ck_assert_str_eq(messages(),
			 "Flowfile:1:9: error: cannot read 'missing.flow': No such file or directory\n"
			 "Flowfile:2:9: error: cannot read 'rules': Is a directory\n"
			 "Flowfile:3:9: error: invalid file name in include\n"
			 "Flowfile:5:9: error: cannot read 'fifo': not a regular file\n");
}
END_TEST

START_TEST(test_include_unreadable)
{
	write_file("Flowfile", "include \"secret.flow\"\n");
	write_file("secret.flow", "X = 1\n");
	char *path = xasprintf("%s/secret.flow", tmpdir);
	chmod(path, 0);
	int fd = open(path, O_RDONLY);
	free(path);
	if (fd >= 0) { /* running as root: permissions do not apply */
		close(fd);
		return;
	}
	parse_path("Flowfile", "Flowfile");
	ck_assert_str_eq(messages(), "Flowfile:1:9: error: cannot read 'secret.flow': Permission denied\n");
}
END_TEST

START_TEST(test_include_cycle)
{
	write_file("a.flow", "A = 1\ninclude \"sub/b.flow\"\n");
	write_file("sub/b.flow", "B = 1\ninclude \"../a.flow\"\n");
	write_file("self.flow", "include \"self.flow\"\n");
	ck_assert_str_eq(parse_path("a.flow", "a.flow"), "A@1:1 = 1\nB@1:1 = 1\n");
	ck_assert_str_eq(messages(),
			 "sub/b.flow:2:9: error: include cycle: 'a.flow' -> 'sub/b.flow' -> 'a.flow'\n");
	teardown();
	setup();
	write_file("self.flow", "include \"self.flow\"\n");
	parse_path("self.flow", "self.flow");
	ck_assert_str_eq(messages(), "self.flow:1:9: error: include cycle: 'self.flow' -> 'self.flow'\n");
}
END_TEST

START_TEST(test_include_from_string)
{
	/* parse_string resolves includes from the current directory. */
	write_file("inc.flow", "I = 1\n");
	int cwd = open(".", O_RDONLY);
	ck_assert_int_ge(cwd, 0);
	ck_assert_int_eq(chdir(tmpdir), 0);
	parse("include \"inc.flow\"\n");
	ck_assert_int_eq(fchdir(cwd), 0);
	close(cwd);
	ck_assert_str_eq(dump(tree), "I@1:1 = 1\n");
	ck_assert_str_eq(errors(), "");
	ck_assert_str_eq(tree->vars[0].pos.file->path, "inc.flow");
}
END_TEST

START_TEST(test_missing_file)
{
	tree = parse_file(&d, "/nonexistent/Flowfile", "Flowfile");
	ck_assert_str_eq(errors(), "flow: error: cannot read 'Flowfile': No such file or directory\n");
	ck_assert_int_eq(d.nerrors, 1);
	ck_assert_uint_eq(tree->nvars + tree->nrules, 0);
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_quickstart);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_entries);
	tcase_add_test(tc, test_keywords_by_position);
	tcase_add_test(tc, test_error_full_text);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_recovery);
	tcase_add_test(tc, test_recovery_at_dedent);
	tcase_add_test(tc, test_unknown_key);
	tcase_add_test(tc, test_duplicate_key);
	tcase_add_test(tc, test_duplicate_rule);
	tcase_add_test(tc, test_single_value_keys);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_rule_keys);
	tcase_add_test(tc, test_str_pos_plain);
	tcase_add_test(tc, test_str_pos_triple);
	tcase_add_test(tc, test_str_pos_other);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_include_errors);
	tcase_add_test(tc, test_include_unreadable);
	tcase_add_test(tc, test_include_cycle);
	tcase_add_test(tc, test_include_from_string);
	tcase_add_test(tc, test_missing_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(parse_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
