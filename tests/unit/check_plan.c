/* Unit tests for the rerun decision (plan.c): each kind of reason, as data and in words,
 * early cutoff and adoption. Each test works in a temporary directory with a real state
 * store and a graph built from a Flowfile text; jobs "run" through /bin/sh and are
 * recorded as the scheduler records them. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "eval.h"
#include "parse.h"
#include "plan.h"
#include "rule.h"

static char dir[] = "/tmp/flow-plan-XXXXXX";

static void setup(void)
{
	strcpy(dir, "/tmp/flow-plan-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
}

static void teardown(void)
{
	ck_assert_int_eq(chdir("/"), 0);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

/* Everything from a Flowfile text to a planner, over the store in .flow. */
struct world {
	struct diag d;
	struct arena values;
	struct eval ev;
	struct ast *ast;
	struct ruleset rs;
	struct graph g;
	struct store st;
	struct recorder rec;
	struct planner p;
};

static void open_world(struct world *w, const char *flowfile)
{
	*w = (struct world){.d.out = stderr};
	w->ast = parse_string(&w->d, "Flowfile", flowfile, strlen(flowfile));
	eval_init(&w->ev, &w->d, w->ast, &w->values);
	eval_all(&w->ev);
	ck_assert_int_eq(ruleset_build(&w->rs, w->ast, &w->ev, &w->d), 0);
	ck_assert_int_eq(w->d.nerrors, 0);
	mkdir(".flow", 0777);
	ck_assert_int_eq(store_open(&w->st, ".flow", stderr, STORE_WRITE), 0);
	struct graph_opts go = {.max_threads = 4};
	ck_assert_int_eq(graph_build(&w->g, &w->rs, &w->d, NULL, 0, &go), 0);
	rec_init(&w->rec, &w->st);
	plan_init(&w->p, &w->g, &w->st, &w->rec);
}

static void close_world(struct world *w)
{
	rec_settle(&w->rec);
	ck_assert_int_eq(store_sync(&w->st), 0);
	plan_free(&w->p);
	rec_free(&w->rec);
	store_close(&w->st);
	graph_free(&w->g);
	ruleset_free(&w->rs);
	eval_free(&w->ev);
	arena_free(&w->values);
	ast_free(w->ast);
	diag_free(&w->d);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static struct job *job_of(struct world *w, const char *label)
{
	struct buf b = {0};
	for (size_t i = 0; i < w->g.njobs; i++) {
		buf_reset(&b);
		job_label(&b, w->g.order[i]);
		if (strcmp(b.s, label) == 0) {
			buf_free(&b);
			return w->g.order[i];
		}
	}
	ck_abort_msg("no job '%s'", label);
	return NULL;
}

/* Run j's command through /bin/sh and record its success, as the scheduler does. */
static void run_job(struct world *w, struct job *j)
{
	struct buf cmd = {0}, err = {0};
	struct sigparts parts;
	ck_assert_int_eq(plan_parts(&w->p, j, &parts, &err), 0);
	cmd_build(&cmd, j);
	ck_assert_int_eq(rec_started(&w->rec, j, "local", "", NULL), 0);
	ck_assert_int_eq(system(cmd.s), 0);
	for (uint32_t i = 0; i < j->nout; i++)
		graph_unstat(j->out[i]);
	ck_assert_int_eq(rec_finished(&w->rec, j, &parts, 1.0, 2.0, &err), 0);
	j->state = JOB_DONE;
	sigparts_free(&parts);
	buf_free(&cmd);
	buf_free(&err);
}

/* Plan, then run in order what must run; a job that may run is decided again when its
 * upstream jobs are done. Returns the labels of the jobs that ran, space-separated. */
static char *run_all(struct world *w)
{
	plan_jobs(&w->p);
	struct buf ran = {0};
	for (size_t i = 0; i < w->g.njobs; i++) {
		struct job *j = w->g.order[i];
		if (j->state == JOB_MAYBE && !plan_final(&w->p, j))
			continue;
		if (j->state != JOB_PENDING || j->rule->target_only)
			continue;
		run_job(w, j);
		if (ran.len)
			buf_putc(&ran, ' ');
		job_label(&ran, j);
	}
	return buf_detach(&ran);
}

/* Open a world on flowfile, run what must run, and close it. */
static void run_once(const char *flowfile)
{
	struct world w;
	open_world(&w, flowfile);
	free(run_all(&w));
	close_world(&w);
}

/* The words of j's reasons, one per line. */
static char *reasons_text(const struct job *j)
{
	struct buf b = {0};
	for (uint32_t i = 0; i < j->nreasons; i++) {
		if (i)
			buf_putc(&b, '\n');
		reason_text(&b, &j->reasons[i]);
	}
	return buf_detach(&b);
}

/* Plan flowfile and check that job label is in state st with one reason of kind k whose
 * words are text (NULL: no reason at all). */
static void expect(const char *flowfile, const char *label, enum job_state st, int k, const char *text)
{
	struct world w;
	open_world(&w, flowfile);
	plan_jobs(&w.p);
	const struct job *j = job_of(&w, label);
	ck_assert_int_eq(j->state, st);
	char *words = reasons_text(j);
	if (!text) {
		ck_assert_uint_eq(j->nreasons, 0);
	} else {
		ck_assert_uint_eq(j->nreasons, 1);
		ck_assert_int_eq(j->reasons[0].kind, k);
		ck_assert_str_eq(words, text);
	}
	free(words);
	close_world(&w);
}

static const char *const COPY = "rule c:\n    input: \"in.txt\"\n    output: \"out.txt\"\n"
				"    shell: \"cp {input} {output}\"\n";

START_TEST(test_missing_output_then_up_to_date)
{
	write_file("in.txt", "one\n");
	expect(COPY, "c", JOB_PENDING, R_MISSING_OUTPUT, "missing output 'out.txt'");
	run_once(COPY);
	expect(COPY, "c", JOB_SKIP, 0, NULL);
}
END_TEST

START_TEST(test_input_changed)
{
	write_file("in.txt", "one\n");
	run_once(COPY);
	write_file("in.txt", "two, longer\n");
	struct world w;
	open_world(&w, COPY);
	plan_jobs(&w.p);
	const struct job *j = job_of(&w, "c");
	ck_assert_int_eq(j->state, JOB_PENDING);
	ck_assert_uint_eq(j->nreasons, 1);
	ck_assert_int_eq(j->reasons[0].kind, R_INPUT);
	ck_assert_str_eq(j->reasons[0].subject, "in.txt");
	ck_assert_ptr_nonnull(j->reasons[0].was);
	ck_assert_ptr_nonnull(j->reasons[0].now);
	ck_assert_str_ne(j->reasons[0].was, j->reasons[0].now);
	char *words = reasons_text(j);
	char *want = xasprintf("input 'in.txt' changed (%s → %s)", j->reasons[0].was, j->reasons[0].now);
	ck_assert_str_eq(words, want);
	free(want);
	free(words);
	close_world(&w);
}
END_TEST

START_TEST(test_input_new_and_unused)
{
	write_file("in.txt", "one\n");
	write_file("more.txt", "more\n");
	run_once(COPY);
	const char *two = "rule c:\n    input: \"more.txt\"\n    output: \"out.txt\"\n"
			  "    shell: \"cp {input} {output}\"\n";
	struct world w;
	open_world(&w, two);
	plan_jobs(&w.p);
	const struct job *j = job_of(&w, "c");
	char *words = reasons_text(j);
	/* The command changed too: cp in.txt became cp more.txt. */
	ck_assert_str_eq(words, "input 'more.txt' is new\ninput 'in.txt' is no longer used\n"
				"command changed:\n    - cp in.txt out.txt\n    + cp more.txt out.txt");
	ck_assert_int_eq(j->reasons[0].kind, R_INPUT);
	ck_assert_ptr_null(j->reasons[0].was);
	ck_assert_ptr_null(j->reasons[1].now);
	ck_assert_int_eq(j->reasons[2].kind, R_COMMAND);
	free(words);
	close_world(&w);
}
END_TEST

START_TEST(test_command_changed)
{
	write_file("in.txt", "one\n");
	run_once(COPY);
	const char *edited = "rule c:\n    input: \"in.txt\"\n    output: \"out.txt\"\n"
			     "    shell: \"cat {input} > {output}\"\n";
	expect(edited, "c", JOB_PENDING, R_COMMAND,
	       "command changed:\n    - cp in.txt out.txt\n    + cat in.txt > out.txt");
}
END_TEST

START_TEST(test_params_changed_new_removed)
{
	const char *before = "rule p:\n    output: \"p.txt\"\n    params: a = \"1\", b = \"2\"\n"
			     "    shell: \"echo > {output}\"\n";
	const char *after = "rule p:\n    output: \"p.txt\"\n    params: a = \"3\", c = \"4\"\n"
			    "    shell: \"echo > {output}\"\n";
	run_once(before);
	struct world w;
	open_world(&w, after);
	plan_jobs(&w.p);
	const struct job *j = job_of(&w, "p");
	char *words = reasons_text(j);
	ck_assert_str_eq(words, "param 'a' changed (1 → 3)\nparam 'c' is new (4)\nparam 'b' was removed");
	for (uint32_t i = 0; i < j->nreasons; i++)
		ck_assert_int_eq(j->reasons[i].kind, R_PARAM);
	ck_assert_str_eq(j->reasons[2].subject, "b");
	ck_assert_str_eq(j->reasons[2].was, "2");
	ck_assert_ptr_null(j->reasons[2].now);
	free(words);
	close_world(&w);
}
END_TEST

START_TEST(test_env_changed)
{
	run_once("rule e:\n    output: \"e.txt\"\n    env: X = \"a\"\n    shell: \"echo > {output}\"\n");
	expect("rule e:\n    output: \"e.txt\"\n    env: X = \"b\"\n    shell: \"echo > {output}\"\n", "e",
	       JOB_PENDING, R_ENV, "env 'X' changed (a → b)");
}
END_TEST

START_TEST(test_declared_outputs_changed)
{
	run_once("rule o:\n    output: \"o.txt\"\n    shell: \"echo > o.txt; echo > o2.txt\"\n");
	expect("rule o:\n    output: \"o.txt\", \"o2.txt\"\n    shell: \"echo > o.txt; echo > o2.txt\"\n", "o",
	       JOB_PENDING, R_OUTPUTS_DECLARED, "its declared outputs changed");
}
END_TEST

START_TEST(test_output_edited)
{
	write_file("in.txt", "one\n");
	run_once(COPY);
	write_file("out.txt", "edited by hand, longer\n");
	expect(COPY, "c", JOB_PENDING, R_OUTPUT_EDITED, "output 'out.txt' was modified outside flow");
}
END_TEST

START_TEST(test_forced)
{
	write_file("in.txt", "one\n");
	run_once(COPY);
	struct world w;
	open_world(&w, COPY);
	ck_assert_int_eq(plan_force(&w.p, "c"), 0);
	ck_assert_int_eq(plan_force(&w.p, "in.txt"), -1);
	plan_jobs(&w.p);
	const struct job *j = job_of(&w, "c");
	ck_assert_int_eq(j->state, JOB_PENDING);
	ck_assert_uint_eq(j->nreasons, 1);
	ck_assert_int_eq(j->reasons[0].kind, R_FORCED);
	close_world(&w);
}
END_TEST

START_TEST(test_failed_and_interrupted)
{
	write_file("in.txt", "one\n");
	run_once(COPY);
	struct world w;
	open_world(&w, COPY);
	ck_assert_int_eq(rec_failed(&w.rec, job_of(&w, "c"), 256), 0);
	close_world(&w);
	expect(COPY, "c", JOB_PENDING, R_FAILED, "it failed last time");
	open_world(&w, COPY);
	ck_assert_int_eq(rec_started(&w.rec, job_of(&w, "c"), "local", "", NULL), 0);
	close_world(&w);
	expect(COPY, "c", JOB_PENDING, R_INTERRUPTED, "interrupted last time");
}
END_TEST

static const char *fake_image(void *ctx, const struct rule *r)
{
	(void)r;
	return ctx;
}

START_TEST(test_image_changed)
{
	const char *ff = "rule i:\n    output: \"i.txt\"\n    shell: \"echo > {output}\"\n";
	struct world w;
	open_world(&w, ff);
	w.p.image = fake_image;
	w.p.image_ctx = "0123456789abcdef0123";
	free(run_all(&w));
	close_world(&w);
	open_world(&w, ff);
	w.p.image = fake_image;
	w.p.image_ctx = "sif:fedcba9876543210fedc";
	plan_jobs(&w.p);
	const struct job *j = job_of(&w, "i");
	char *words = reasons_text(j);
	ck_assert_str_eq(words, "image changed (0123456789ab → sif:fedcba987654)");
	ck_assert_int_eq(j->reasons[0].kind, R_IMAGE);
	free(words);
	close_world(&w);
	/* --rerun-triggers without image: the same difference is no reason. */
	open_world(&w, ff);
	w.p.image = fake_image;
	w.p.image_ctx = "sif:fedcba9876543210fedc";
	ck_assert_int_eq(plan_parse_triggers("input,command,params,env,output", &w.p.triggers), 0);
	plan_jobs(&w.p);
	ck_assert_int_eq(job_of(&w, "i")->state, JOB_SKIP);
	close_world(&w);
}
END_TEST

static const char *const CHAIN = "rule all:\n    input: \"b.txt\"\n"
				 "rule a:\n    input: \"in.txt\"\n    output: \"a.txt\"\n    shell: \"cut -c1 {input} > {output}\"\n"
				 "rule b:\n    input: \"a.txt\"\n    output: \"b.txt\"\n    shell: \"cp {input} {output}\"\n";

START_TEST(test_upstream_and_early_cutoff)
{
	write_file("in.txt", "x1\n");
	run_once(CHAIN);
	/* a's input changes but its output comes out the same: b is cut off. */
	write_file("in.txt", "x22\n");
	struct world w;
	open_world(&w, CHAIN);
	plan_jobs(&w.p);
	ck_assert_uint_eq(w.p.nmaybe, 1);
	const struct job *b = job_of(&w, "b");
	ck_assert_int_eq(b->state, JOB_MAYBE);
	char *words = reasons_text(b);
	ck_assert_str_eq(words, "upstream job 'a' may change its inputs");
	ck_assert_int_eq(b->reasons[0].kind, R_UPSTREAM);
	free(words);
	ck_assert_int_eq(job_of(&w, "all")->state, JOB_PENDING);
	ck_assert_int_eq(job_of(&w, "all")->reasons[0].kind, R_TARGET);
	char *ran = run_all(&w);
	ck_assert_str_eq(ran, "a");
	free(ran);
	ck_assert_int_eq(b->state, JOB_SKIP);
	ck_assert_uint_eq(b->nreasons, 0);
	close_world(&w);
	/* Now a's output changes: b must run after all, for its changed input. */
	write_file("in.txt", "y22\n");
	open_world(&w, CHAIN);
	ran = run_all(&w);
	ck_assert_str_eq(ran, "a b");
	free(ran);
	close_world(&w);
}
END_TEST

START_TEST(test_no_record_upstream)
{
	write_file("in.txt", "x1\n");
	write_file("b.txt", "made elsewhere\n");
	expect(CHAIN, "b", JOB_PENDING, R_NO_RECORD_UPSTREAM,
	       "no record of how its outputs were made, and an upstream job runs first");
}
END_TEST

START_TEST(test_adoption)
{
	write_file("in.txt", "one\n");
	/* Outputs newer than their inputs, with no record: adopted, and recorded. */
	write_file("out.txt", "made by hand\n");
	struct timespec old[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
	ck_assert_int_eq(utimensat(AT_FDCWD, "in.txt", old, 0), 0);
	struct world w;
	open_world(&w, COPY);
	ck_assert_uint_eq(plan_jobs(&w.p), 0);
	const struct job *j = job_of(&w, "c");
	ck_assert_int_eq(j->state, JOB_SKIP);
	ck_assert(j->adopted);
	ck_assert_uint_eq(j->nreasons, 0);
	close_world(&w);
	expect(COPY, "c", JOB_SKIP, 0, NULL);
}
END_TEST

START_TEST(test_no_adoption_when_older)
{
	write_file("out.txt", "made by hand\n");
	write_file("in.txt", "one\n");
	struct timespec old[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
	ck_assert_int_eq(utimensat(AT_FDCWD, "out.txt", old, 0), 0);
	expect(COPY, "c", JOB_PENDING, R_NO_RECORD,
	       "no record of how its outputs were made, and they are older than its inputs");
}
END_TEST

START_TEST(test_dry_adopts_nothing)
{
	write_file("in.txt", "one\n");
	write_file("out.txt", "made by hand\n");
	struct timespec old[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
	ck_assert_int_eq(utimensat(AT_FDCWD, "in.txt", old, 0), 0);
	struct world w;
	open_world(&w, COPY);
	w.p.dry = true;
	plan_jobs(&w.p);
	ck_assert(job_of(&w, "c")->adopted);
	close_world(&w);
	/* Nothing was recorded: the next plan adopts it again. */
	open_world(&w, COPY);
	w.p.dry = true;
	plan_jobs(&w.p);
	ck_assert(job_of(&w, "c")->adopted);
	close_world(&w);
}
END_TEST

START_TEST(test_unreadable_image)
{
	write_file("in.txt", "one\n");
	run_once(COPY);
	struct world w;
	open_world(&w, COPY);
	w.p.image = fake_image;
	w.p.image_ctx = NULL;
	plan_jobs(&w.p);
	const struct job *j = job_of(&w, "c");
	ck_assert_int_eq(j->state, JOB_PENDING);
	ck_assert_int_eq(j->reasons[0].kind, R_UNREADABLE);
	ck_assert_ptr_nonnull(strstr(j->reasons[0].subject, "is not present here"));
	close_world(&w);
}
END_TEST

START_TEST(test_reason_text_each_kind)
{
	static const struct {
		struct reason r;
		const char *text;
	} cases[] = {
		{{R_TARGET}, "target"},
		{{R_FORCED}, "forced"},
		{{R_INTERRUPTED}, "interrupted last time"},
		{{R_FAILED}, "it failed last time"},
		{{R_MISSING_OUTPUT, "o"}, "missing output 'o'"},
		{{R_UPSTREAM, "a x=1"}, "upstream job 'a x=1' may change its inputs"},
		{{R_UNREADABLE, "cannot read input 'i': Permission denied"}, "cannot read input 'i': Permission denied"},
		{{R_DAMAGED}, "its record is damaged"},
		{{R_INPUT, "i", NULL, "1"}, "input 'i' is new"},
		{{R_INPUT, "i", "1", NULL}, "input 'i' is no longer used"},
		{{R_ENV, "E", NULL, "v"}, "env 'E' is new (v)"},
		{{R_ENV, "E", "v", NULL}, "env 'E' was removed"},
		{{R_IMAGE, NULL, "none", "abc"}, "image changed (none → abc)"},
	};
	struct buf b = {0};
	for (size_t i = 0; i < LEN(cases); i++) {
		buf_reset(&b);
		reason_text(&b, &cases[i].r);
		ck_assert_str_eq(buf_str(&b), cases[i].text);
	}
	buf_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_missing_output_then_up_to_date);
	tcase_add_test(tc, test_input_changed);
	tcase_add_test(tc, test_input_new_and_unused);
	tcase_add_test(tc, test_command_changed);
	tcase_add_test(tc, test_params_changed_new_removed);
	tcase_add_test(tc, test_env_changed);
	tcase_add_test(tc, test_declared_outputs_changed);
	tcase_add_test(tc, test_output_edited);
	tcase_add_test(tc, test_forced);
	tcase_add_test(tc, test_failed_and_interrupted);
	tcase_add_test(tc, test_image_changed);
	tcase_add_test(tc, test_upstream_and_early_cutoff);
	tcase_add_test(tc, test_no_record_upstream);
	tcase_add_test(tc, test_adoption);
	tcase_add_test(tc, test_no_adoption_when_older);
	tcase_add_test(tc, test_dry_adopts_nothing);
	tcase_add_test(tc, test_unreadable_image);
	tcase_add_test(tc, test_reason_text_each_kind);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
