/* Unit tests for launch: when a command runs without bash, and what a job runs (argv,
 * environment, container wrapper, GPU grant) on the host and in podman, docker and
 * apptainer. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "launch.h"

/* Whether cmd would be executed directly; its words joined by '|' in *words_out. */
static bool direct(const char *cmd, bool own_env, char **words_out)
{
	struct buf words = {0}, joined = {0};
	char **argv = NULL;
	bool d = launch_direct(cmd, own_env, &words, &argv);
	for (size_t i = 0; d && argv[i]; i++)
		buf_printf(&joined, "%s%s", i ? "|" : "", argv[i]);
	*words_out = buf_detach(&joined);
	free(argv);
	buf_free(&words);
	return d;
}

START_TEST(test_direct_simple)
{
	char *w;
	ck_assert(direct("sort -k2,2 data/in.txt -o out/x.txt", false, &w));
	ck_assert_str_eq(w, "sort|-k2,2|data/in.txt|-o|out/x.txt");
	free(w);
	ck_assert(direct("  cp 'a b.txt'   c.txt ", false, &w));
	ck_assert_str_eq(w, "cp|a b.txt|c.txt");
	free(w);
}
END_TEST

START_TEST(test_direct_needs_bash)
{
	static const char *const cmds[] = {
		"echo a > out.txt",       /* a redirection (and echo is a builtin) */
		"sort a | uniq",          /* a pipe */
		"cp $HOME/a b",           /* an expansion */
		"cp \"a b\" c",           /* double quotes */
		"cd work",                /* a builtin */
		"test -e x",              /* a builtin that also exists as a program */
		"A=1 prog",               /* an assignment */
		"prog a; prog b",         /* a list */
		"prog *.txt",             /* a glob */
		"",                       /* nothing at all */
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		char *w;
		ck_assert_msg(!direct(cmds[i], false, &w), "'%s' would run without bash", cmds[i]);
		free(w);
	}
	/* With an environment of its own, even a plain command goes to bash. */
	char *w;
	ck_assert(!direct("sort in.txt", true, &w));
	free(w);
}
END_TEST

static struct envvar rule_env[] = {{"TOOL_OPTS", "--fast"}};
static struct rule rule;
static struct job job;

static void setup_job(const char *image, size_t nenv)
{
	rule = (struct rule){.name = "align", .container = image, .env = rule_env, .nenv = nenv};
	job = (struct job){.rule = &rule, .threads = 2, .id = 3};
}

static char *joined(char **argv)
{
	struct buf b = {0};
	for (size_t i = 0; argv && argv[i]; i++)
		buf_printf(&b, "%s%s", i ? " " : "", argv[i]);
	return buf_detach(&b);
}

/* The value of name in envp, and how often it is there. */
static const char *env_get(char **envp, const char *name, int *count)
{
	const char *v = NULL;
	size_t n = strlen(name);
	*count = 0;
	for (size_t i = 0; envp[i]; i++)
		if (strncmp(envp[i], name, n) == 0 && envp[i][n] == '=') {
			v = envp[i] + n + 1;
			(*count)++;
		}
	return v;
}

START_TEST(test_host_plain)
{
	setup_job(NULL, 0);
	struct launch l;
	struct buf err = {0};
	ck_assert_int_eq(launch_build(&l, &job, "sort in.txt -o out.txt", "log/x.log", NULL, "flow-1-3", NULL, &err), 0);
	char *a = joined(l.argv), *f = joined(l.fallback);
	ck_assert_str_eq(a, "sort in.txt -o out.txt");
	/* Should sort not start, bash says why in the log. */
	ck_assert_str_eq(f, "/bin/bash -euo pipefail -c sort in.txt -o out.txt");
	ck_assert_ptr_null(l.envp);
	ck_assert_ptr_null(l.container);
	ck_assert_ptr_null(l.script);
	ck_assert_str_eq(l.logpath, "log/x.log");
	ck_assert_str_eq(l.show, "sort in.txt -o out.txt");
	free(a);
	free(f);
	launch_free(&l);
	ck_assert_int_eq(launch_build(&l, &job, "sort in.txt | uniq > out.txt", "log/x.log", NULL, "n", NULL, &err), 0);
	a = joined(l.argv);
	ck_assert_str_eq(a, "/bin/bash -euo pipefail -c sort in.txt | uniq > out.txt");
	ck_assert_ptr_null(l.fallback);
	free(a);
	launch_free(&l);
	buf_free(&err);
}
END_TEST

START_TEST(test_host_env_and_grant)
{
	setup_job(NULL, 1);
	setenv("CUDA_VISIBLE_DEVICES", "7", 1);
	setenv("TOOL_OPTS", "--slow", 1);
	static const int gpus[] = {1, 3};
	struct grant g = {gpus, 2};
	struct launch l;
	struct buf err = {0};
	ck_assert_int_eq(launch_build(&l, &job, "tool in.txt", "log/x.log", NULL, "n", &g, &err), 0);
	/* An environment of its own: bash runs it. */
	char *a = joined(l.argv);
	ck_assert_str_eq(a, "/bin/bash -euo pipefail -c tool in.txt");
	free(a);
	ck_assert_ptr_nonnull(l.envp);
	int n;
	ck_assert_str_eq(env_get(l.envp, "CUDA_VISIBLE_DEVICES", &n), "1,3");
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(env_get(l.envp, "TOOL_OPTS", &n), "--fast");
	ck_assert_int_eq(n, 1);
	/* The rest of flow's environment is passed on. */
	setenv("FLOW_CHECK_LAUNCH", "kept", 1);
	launch_free(&l);
	ck_assert_int_eq(launch_build(&l, &job, "tool in.txt", "log/x.log", NULL, "n", &g, &err), 0);
	ck_assert_str_eq(env_get(l.envp, "FLOW_CHECK_LAUNCH", &n), "kept");
	launch_free(&l);
	unsetenv("CUDA_VISIBLE_DEVICES");
	unsetenv("TOOL_OPTS");
	unsetenv("FLOW_CHECK_LAUNCH");
	buf_free(&err);
}
END_TEST

static struct ctr runtime(enum runtime rt, const char *exe, const char *project)
{
	return (struct ctr){.rt = rt, .exe = exe, .project = (char *)project};
}

START_TEST(test_podman_wraps)
{
	setup_job("localhost/tool:1", 1);
	struct ctr c = runtime(RT_PODMAN, "podman", "/home/u/proj");
	static const int gpus[] = {1, 3};
	struct grant g = {gpus, 2};
	struct launch l;
	struct buf err = {0};
	ck_assert_int_eq(launch_build(&l, &job, "tool in.txt > out.txt", "log/x.log", &c, "flow-9-3", &g, &err), 0);
	char *a = joined(l.argv);
	ck_assert_ptr_nonnull(strstr(a, "podman run --rm --init --pull=never --name flow-9-3 "));
	/* The grant is passed once, the same text the host would get, with the rule's env. */
	ck_assert_ptr_nonnull(strstr(a, " -e TOOL_OPTS=--fast -e CUDA_VISIBLE_DEVICES=1,3 --cpus=2 "));
	ck_assert_ptr_nonnull(strstr(a, " --device nvidia.com/gpu=1 --device nvidia.com/gpu=3 localhost/tool:1 sh -c "));
	ck_assert_str_eq(l.argv[l.args.n - 1], "tool in.txt > out.txt");
	/* The runtime runs with flow's environment; the job's goes into the container. */
	ck_assert_ptr_null(l.envp);
	ck_assert_ptr_null(l.fallback);
	ck_assert_str_eq(l.container, "podman flow-9-3");
	ck_assert_ptr_nonnull(strstr(l.show, "podman run --rm"));
	free(a);
	launch_free(&l);
	buf_free(&err);
}
END_TEST

START_TEST(test_docker_wraps)
{
	setup_job("localhost/tool:1", 0);
	struct ctr c = runtime(RT_DOCKER, "docker", "/home/u/proj");
	static const int gpus[] = {0};
	struct grant g = {gpus, 1};
	struct launch l;
	struct buf err = {0};
	ck_assert_int_eq(launch_build(&l, &job, "tool", "log/x.log", &c, "flow-9-3", &g, &err), 0);
	char *a = joined(l.argv);
	ck_assert_ptr_nonnull(strstr(a, "docker run --init --pull=never --name flow-9-3 "));
	ck_assert_ptr_nonnull(strstr(a, " -e CUDA_VISIBLE_DEVICES=0 "));
	ck_assert_ptr_nonnull(strstr(a, " --gpus \"device=0\" localhost/tool:1 sh -c "));
	ck_assert_str_eq(l.container, "docker flow-9-3");
	free(a);
	launch_free(&l);
	buf_free(&err);
}
END_TEST

START_TEST(test_apptainer_wraps)
{
	setup_job("images/tool.sif", 1);
	struct ctr c = runtime(RT_APPTAINER, "apptainer", "/home/u/proj");
	static const int gpus[] = {2};
	struct grant g = {gpus, 1};
	struct launch l;
	struct buf err = {0};
	ck_assert_int_eq(launch_build(&l, &job, "tool", "log/x.log", &c, "flow-9-3", &g, &err), 0);
	char *a = joined(l.argv);
	ck_assert_ptr_nonnull(strstr(a, "apptainer exec --containall --cleanenv --pwd /home/u/proj "));
	ck_assert_ptr_nonnull(strstr(a, " --nv --env TOOL_OPTS=--fast --env CUDA_VISIBLE_DEVICES=2 images/tool.sif sh -c "));
	free(a);
	launch_free(&l);
	/* apptainer cannot mount a path with ':' in it: no launch, and why. */
	c.project = "/home/u/a:b";
	ck_assert_int_eq(launch_build(&l, &job, "tool", "log/x.log", &c, "flow-9-3", &g, &err), -1);
	ck_assert_str_eq(err.s, "apptainer cannot mount '/home/u/a:b': the path has ',' or ':'");
	buf_free(&err);
}
END_TEST

START_TEST(test_runtime_off_runs_on_host)
{
	setup_job("localhost/tool:1", 0);
	struct ctr c = runtime(RT_OFF, "", "/home/u/proj");
	struct launch l;
	struct buf err = {0};
	ck_assert_int_eq(launch_build(&l, &job, "tool in.txt", "log/x.log", &c, "flow-9-3", NULL, &err), 0);
	char *a = joined(l.argv);
	ck_assert_str_eq(a, "tool in.txt");
	ck_assert_ptr_null(l.container);
	free(a);
	launch_free(&l);
	buf_free(&err);
}
END_TEST

START_TEST(test_long_command_script)
{
	char dir[] = "/tmp/check_launch.XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
	setup_job(NULL, 0);
	size_t n = 200 * 1024;
	char *cmd = malloc(n + 1);
	memset(cmd, ':', n);
	cmd[n] = '\0';
	memcpy(cmd, "echo ", 5);
	struct launch l;
	struct buf err = {0};
	ck_assert_int_eq(launch_build(&l, &job, cmd, "log/x.log", NULL, "n", NULL, &err), 0);
	ck_assert_ptr_nonnull(l.script);
	ck_assert_str_eq(l.argv[0], "/bin/bash");
	ck_assert_str_eq(l.argv[3], l.script);
	ck_assert_ptr_null(l.argv[4]);
	char *script = strdup(l.script);
	ck_assert_int_eq(access(script, R_OK), 0);
	/* Freed with the launch, after the job. */
	launch_free(&l);
	ck_assert_int_ne(access(script, F_OK), 0);
	free(script);
	free(cmd);
	buf_free(&err);
	rmdir(".flow/tmp");
	rmdir(".flow");
	ck_assert_int_eq(chdir("/"), 0);
	rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("launch");
	TCase *tc = tcase_create("launch");
	tcase_add_test(tc, test_direct_simple);
	tcase_add_test(tc, test_direct_needs_bash);
	tcase_add_test(tc, test_host_plain);
	tcase_add_test(tc, test_host_env_and_grant);
	tcase_add_test(tc, test_podman_wraps);
	tcase_add_test(tc, test_docker_wraps);
	tcase_add_test(tc, test_apptainer_wraps);
	tcase_add_test(tc, test_runtime_off_runs_on_host);
	tcase_add_test(tc, test_long_command_script);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
