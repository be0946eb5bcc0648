/* Unit tests for the container command lines of every runtime: podman, docker, apptainer,
 * including mounts, limits, network, environment and GPU devices. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"

static struct mountspec mounts[] = {
	{"/data/ref", "/ref", true},
	{"/scratch", "/scratch", false},
};
static struct kv env[] = {{"THREADS", "4"}, {"CUDA_VISIBLE_DEVICES", "1,3"}};
static const int gpus[] = {1, 3};

static struct ctr_spec spec(void)
{
	return (struct ctr_spec){.image = "localhost/tool:1", .name = "flow-7-3", .cmd = "sort {x} > out",
				 .workdir = "/home/u/proj", .mounts = mounts, .nmounts = 2, .env = env, .nenv = 2,
				 .threads = 4, .mem = 8LL << 30, .network_off = true, .gpus = gpus, .ngpus = 2,
				 .uid = 1000, .gid = 100};
}

/* The argv joined by single spaces. */
static char *joined(const struct strvec *argv)
{
	struct buf b = {0};
	for (size_t i = 0; i < argv->n; i++) {
		if (i)
			buf_putc(&b, ' ');
		buf_puts(&b, argv->v[i]);
	}
	return buf_detach(&b);
}

static const char *tail_of(const struct strvec *argv, size_t from_end)
{
	return argv->v[argv->n - from_end];
}

START_TEST(test_podman)
{
	struct ctr_spec s = spec();
	struct strvec argv = {0};
	ctr_argv(RT_PODMAN, &s, &argv);
	char *line = joined(&argv);
	ck_assert_ptr_nonnull(strstr(line, "podman run --rm --init --pull=never --name flow-7-3 --user 1000:100 "
					   "--network=none "
					   "--mount type=bind,source=/home/u/proj,target=/home/u/proj -w /home/u/proj "
					   "--mount type=bind,source=/data/ref,target=/ref,readonly "
					   "--mount type=bind,source=/scratch,target=/scratch "
					   "-e THREADS=4 -e CUDA_VISIBLE_DEVICES=1,3 --cpus=4 --memory=8589934592 "
					   "--device nvidia.com/gpu=1 --device nvidia.com/gpu=3 localhost/tool:1 sh -c "));
	ck_assert_ptr_null(strstr(line, "--privileged"));
	ck_assert_ptr_null(strstr(line, "--gpus"));
	ck_assert_str_eq(tail_of(&argv, 2), "flow-job");
	ck_assert_str_eq(tail_of(&argv, 1), "sort {x} > out");
	ck_assert_ptr_nonnull(strstr(tail_of(&argv, 3), "bash -euo pipefail -c"));
	free(line);
	strvec_free(&argv);
}
END_TEST

START_TEST(test_podman_rootless_keeps_id)
{
	struct ctr_spec s = spec();
	s.rootless = true;
	s.ngpus = 0;
	s.network_off = false;
	struct strvec argv = {0};
	ctr_argv(RT_PODMAN, &s, &argv);
	char *line = joined(&argv);
	ck_assert_ptr_nonnull(strstr(line, " --userns=keep-id "));
	ck_assert_ptr_null(strstr(line, "--user "));
	ck_assert_ptr_null(strstr(line, "--network"));
	ck_assert_ptr_null(strstr(line, "--device"));
	free(line);
	strvec_free(&argv);
}
END_TEST

START_TEST(test_docker)
{
	struct ctr_spec s = spec();
	struct strvec argv = {0};
	ctr_argv(RT_DOCKER, &s, &argv);
	char *line = joined(&argv);
	/* No --rm: through podman's socket it loses the exit status; flow removes by name. */
	ck_assert_ptr_nonnull(strstr(line, "docker run --init --pull=never --name flow-7-3 --user 1000:100 "));
	ck_assert_ptr_null(strstr(line, "--rm"));
	ck_assert_ptr_nonnull(strstr(line, " --gpus \"device=1,3\" localhost/tool:1 sh -c "));
	ck_assert_ptr_nonnull(strstr(line, "--mount type=bind,source=/data/ref,target=/ref,readonly"));
	ck_assert_ptr_nonnull(strstr(line, "--cpus=4 --memory=8589934592"));
	free(line);
	strvec_free(&argv);
	ctr_rm_argv(RT_DOCKER, "flow-7-3", &argv);
	line = joined(&argv);
	ck_assert_str_eq(line, "docker rm -f flow-7-3");
	free(line);
	strvec_free(&argv);
}
END_TEST

START_TEST(test_apptainer)
{
	struct ctr_spec s = spec();
	s.image = "images/tool.sif";
	struct strvec argv = {0};
	ctr_argv(RT_APPTAINER, &s, &argv);
	char *line = joined(&argv);
	ck_assert_ptr_nonnull(strstr(line, "apptainer exec --containall --cleanenv --pwd /home/u/proj "
					   "--bind /home/u/proj:/home/u/proj:rw --bind /data/ref:/ref:ro "
					   "--bind /scratch:/scratch:rw --net --network none --nv "
					   "--env THREADS=4 --env CUDA_VISIBLE_DEVICES=1,3 images/tool.sif sh -c "));
	free(line);
	strvec_free(&argv);
	ctr_rm_argv(RT_APPTAINER, "x", &argv);
	ck_assert_uint_eq(argv.n, 0);
}
END_TEST

START_TEST(test_podman_rm)
{
	struct strvec argv = {0};
	ctr_rm_argv(RT_PODMAN, "flow-1-2", &argv);
	char *line = joined(&argv);
	ck_assert_str_eq(line, "podman rm -f -t 0 flow-1-2");
	free(line);
	strvec_free(&argv);
}
END_TEST

START_TEST(test_runtime_choice)
{
	struct ctr c;
	struct buf err = {0};
	ck_assert_int_eq(ctr_init(&c, "off", NULL, &err), 0);
	ck_assert_int_eq(c.rt, RT_OFF);
	ck_assert(!c.none_found);
	ctr_free(&c);
	ck_assert_int_eq(ctr_init(&c, "kubernetes", NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "auto, podman, docker, apptainer or off"));
	ctr_free(&c);
	buf_reset(&err);
	setenv("PATH", "/nonexistent", 1);
	ck_assert_int_eq(ctr_init(&c, "auto", NULL, &err), 0);
	ck_assert_int_eq(c.rt, RT_OFF);
	ck_assert(c.none_found);
	ctr_free(&c);
	ck_assert_int_eq(ctr_init(&c, "podman", NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "no 'podman' on PATH"));
	ctr_free(&c);
	buf_free(&err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("container");
	TCase *tc = tcase_create("argv");
	tcase_add_test(tc, test_podman);
	tcase_add_test(tc, test_podman_rootless_keeps_id);
	tcase_add_test(tc, test_docker);
	tcase_add_test(tc, test_apptainer);
	tcase_add_test(tc, test_podman_rm);
	tcase_add_test(tc, test_runtime_choice);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
