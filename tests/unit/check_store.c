/* Unit tests for the state store: round trips, compaction, and damaged logs (truncated at
 * every length, bit flips) that must be detected, reported and cut off, never trusted. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

static char dir[] = "/tmp/flow-store-XXXXXX";
static char *path;

static void setup(void)
{
	strcpy(dir, "/tmp/flow-store-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	path = xasprintf("%s/state", dir);
}

static void teardown(void)
{
	unlink(path);
	char *tmp = xasprintf("%s.tmp", path);
	unlink(tmp);
	free(tmp);
	rmdir(dir);
	free(path);
}

static struct jrec sample_result(const char *key, uint64_t sig)
{
	static struct kv params[] = {{"min_len", "3"}};
	static struct pathhash in[] = {{.path = "data/a.txt", .hash = {1, 2}}, {.path = "data/b.txt", .hash = {3, 4}}};
	static struct pathhash out[] = {{.path = "work/a.counts.tsv", .hash = {5, 6}, .id = {1, 2, 3, 4, 5}}};
	return (struct jrec){.key = key, .sig = {sig, ~sig}, .status = 0, .start = 1700000000.5, .end = 1700000001.25,
			     .host = "node1", .git_commit = "abc123", .git_dirty = true, .rule = "count",
			     .command = "awk ... > work/a.counts.tsv", .image = "", .params = params, .nparams = 1,
			     .inputs = in, .ninputs = 2, .outputs = out, .noutputs = 1};
}

static long file_size(void)
{
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	return (long)st.st_size;
}

/* A store with one file record and two job results. */
static void write_sample(void)
{
	struct store s;
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	struct fstat_id id = {1, 2, 3, 4, 5};
	ck_assert_int_eq(store_put_file(&s, "data/a.txt", &id, (struct hash128){7, 8}), 0);
	struct jrec r = sample_result("count\tsample=a", 42);
	ck_assert_int_eq(store_put_result(&s, &r), 0);
	r = sample_result("count\tsample=b", 43);
	ck_assert_int_eq(store_put_result(&s, &r), 0);
	store_close(&s);
}

/* The end offsets of the records of the log in data (the first starts after the magic). */
static size_t record_ends(const unsigned char *data, size_t size, size_t *ends, size_t max)
{
	size_t n = 0;
	for (size_t off = strlen(STORE_MAGIC); off + 8 <= size && n < max; n++) {
		size_t len = (size_t)data[off] | (size_t)data[off + 1] << 8 | (size_t)data[off + 2] << 16 |
			     (size_t)data[off + 3] << 24;
		off += 8 + len;
		ends[n] = off;
	}
	return n;
}

/* Which of the sample's records (the file record, result a, result b) the open store s
 * holds, as a bit set (1, 2, 4), checking the content of each one it holds. */
static unsigned sample_survivors(struct store *s)
{
	const struct frec *f = store_file(s, "data/a.txt");
	const struct jrec *a = store_job_full(s, "count\tsample=a");
	const struct jrec *b = store_job_full(s, "count\tsample=b");
	if (f)
		ck_assert(f->hash.lo == 7 && f->hash.hi == 8 && f->id.size == 3 && f->id.ctime_ns == 5);
	if (a)
		ck_assert(a->sig.lo == 42 && a->sig.hi == ~(uint64_t)42 && strcmp(a->rule, "count") == 0 &&
			  a->ninputs == 2 && strcmp(a->inputs[1].path, "data/b.txt") == 0);
	if (b)
		ck_assert(b->sig.lo == 43 && strcmp(b->inputs[0].path, "data/a.txt") == 0);
	ck_assert_uint_eq(s->files.len, f ? 1 : 0);
	ck_assert_uint_eq(s->jobs.len, (a ? 1 : 0) + (b ? 1 : 0));
	return (f ? 1u : 0) | (a ? 2u : 0) | (b ? 4u : 0);
}

START_TEST(test_round_trip)
{
	write_sample();
	struct store s;
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	ck_assert(!s.damaged);
	const struct frec *f = store_file(&s, "data/a.txt");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->id.ino, 2);
	ck_assert_int_eq(f->id.ctime_ns, 5);
	ck_assert_uint_eq(f->hash.lo, 7);
	const struct jrec *j = store_job(&s, "count\tsample=b");
	ck_assert_ptr_nonnull(j);
	ck_assert(j->finished);
	ck_assert_uint_eq(j->noutputs, 1);
	ck_assert_str_eq(j->outputs[0].path, "work/a.counts.tsv");
	ck_assert_int_eq(j->outputs[0].id.ctime_ns, 5);
	j = store_job_full(&s, "count\tsample=b");
	ck_assert_ptr_nonnull(j);
	ck_assert_uint_eq(j->sig.lo, 43);
	ck_assert_str_eq(j->host, "node1");
	ck_assert_str_eq(j->git_commit, "abc123");
	ck_assert(j->git_dirty);
	ck_assert_uint_eq(j->ninputs, 2);
	ck_assert_str_eq(j->inputs[1].path, "data/b.txt");
	ck_assert_uint_eq(j->inputs[1].hash.hi, 4);
	ck_assert_str_eq(j->params[0].value, "3");
	ck_assert(j->end - j->start > 0.74 && j->end - j->start < 0.76);
	ck_assert_ptr_null(store_job(&s, "count\tsample=c"));
	store_close(&s);
}
END_TEST

START_TEST(test_start_then_result)
{
	struct store s;
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	const char *outs[] = {"work/x"};
	struct jrec st = {.key = "k", .executor = "local", .handle = "1234:99", .start = 5, .started_outputs = outs,
			  .nstarted_outputs = 1};
	ck_assert_int_eq(store_put_start(&s, &st), 0);
	store_close(&s);
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	const struct jrec *j = store_job(&s, "k");
	ck_assert(j && j->running && !j->finished);
	ck_assert_uint_eq(s.nrunning, 1);
	ck_assert_str_eq(j->executor, "local");
	ck_assert_str_eq(j->handle, "1234:99");
	ck_assert_str_eq(j->started_outputs[0], "work/x");
	struct jrec r = sample_result("k", 1);
	ck_assert_int_eq(store_put_result(&s, &r), 0);
	store_close(&s);
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	j = store_job(&s, "k");
	ck_assert(j && !j->running && j->finished);
	ck_assert_uint_eq(s.nrunning, 0);
	ck_assert_int_eq(store_forget(&s, "k"), 0);
	store_close(&s);
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	j = store_job(&s, "k");
	ck_assert(!j || (!j->finished && !j->running));
	store_close(&s);
}
END_TEST

/* Cut the log at every length: what loads is a prefix of what was written, never garbage. */
START_TEST(test_truncated_everywhere)
{
	write_sample();
	long size = file_size();
	FILE *fp = fopen(path, "rb");
	char *data = xmalloc((size_t)size);
	ck_assert_int_eq(fread(data, 1, (size_t)size, fp), size);
	fclose(fp);
	size_t ends[4];
	ck_assert_uint_eq(record_ends((unsigned char *)data, (size_t)size, ends, 4), 3);
	ck_assert_uint_eq(ends[2], (size_t)size);
	for (long cut = 0; cut < size; cut++) {
		fp = fopen(path, "wb");
		fwrite(data, 1, (size_t)cut, fp);
		fclose(fp);
		/* Exactly the records that end at or before the cut survive. */
		unsigned want = 0;
		size_t good = strlen(STORE_MAGIC);
		for (int k = 0; k < 3; k++)
			if (ends[k] <= (size_t)cut)
				want |= 1u << k, good = ends[k];
		struct store s;
		FILE *err = fopen("/dev/null", "w");
		ck_assert_int_eq(store_open(&s, dir, err, false), 0);
		fclose(err);
		ck_assert_uint_eq(sample_survivors(&s), want);
		ck_assert(s.damaged == (cut != 0 && (size_t)cut != good));
		/* A damaged tail is cut off, so appending continues from good data. */
		store_close(&s);
		ck_assert_int_eq(file_size(), (long)good);
	}
	free(data);
}
END_TEST

/* Flip each bit of the log in turn: a damaged record is never applied with wrong data. */
START_TEST(test_bit_flips)
{
	write_sample();
	long size = file_size();
	FILE *fp = fopen(path, "rb");
	unsigned char *data = xmalloc((size_t)size);
	ck_assert_int_eq(fread(data, 1, (size_t)size, fp), size);
	fclose(fp);
	size_t ends[4];
	ck_assert_uint_eq(record_ends(data, (size_t)size, ends, 4), 3);
	for (long i = 0; i < size; i++) {
		for (int bit = 0; bit < 8; bit += 3) {
			data[i] ^= (unsigned char)(1 << bit);
			fp = fopen(path, "wb");
			fwrite(data, 1, (size_t)size, fp);
			fclose(fp);
			data[i] ^= (unsigned char)(1 << bit);
			/* The records before the flipped one survive, exactly; it and the
			 * later ones are dropped (a flip in the magic drops them all). */
			unsigned want = 0;
			for (int k = 0; k < 3; k++)
				if (ends[k] <= (size_t)i)
					want |= 1u << k;
			struct store s;
			FILE *err = fopen("/dev/null", "w");
			ck_assert_int_eq(store_open(&s, dir, err, false), 0);
			fclose(err);
			ck_assert_uint_eq(sample_survivors(&s), want);
			ck_assert(s.damaged);
			store_close(&s);
		}
	}
	free(data);
}
END_TEST

START_TEST(test_damage_reported_once)
{
	write_sample();
	long size = file_size();
	ck_assert_int_eq(truncate(path, size - 3), 0);
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	struct store s;
	ck_assert_int_eq(store_open(&s, dir, err, false), 0);
	store_close(&s);
	ck_assert_int_eq(store_open(&s, dir, err, false), 0);
	store_close(&s);
	fclose(err);
	ck_assert_ptr_nonnull(strstr(msg, "a torn record"));
	ck_assert_ptr_null(strstr(strstr(msg, "torn") + 1, "torn"));
	free(msg);
}
END_TEST

/* A write cut short (here by RLIMIT_FSIZE, as by a full disk) is cut off again, every
 * later write fails, and the log keeps exactly the records written before. */
START_TEST(test_failed_write)
{
	signal(SIGXFSZ, SIG_IGN);
	struct store s;
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	struct fstat_id id = {1, 2, 3, 4, 5};
	ck_assert_int_eq(store_put_file(&s, "data/a.txt", &id, (struct hash128){7, 8}), 0);
	struct jrec r = sample_result("count\tsample=a", 42);
	ck_assert_int_eq(store_put_result(&s, &r), 0);
	long before = file_size();
	struct rlimit old, lim;
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)before + 10;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	r = sample_result("count\tsample=b", 43);
	ck_assert_int_eq(store_put_result(&s, &r), -1);
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_int_eq(file_size(), before);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	/* With room again, nothing more is written by this store, and it says so. */
	ck_assert_int_eq(store_forget(&s, "count\tsample=a"), -1);
	ck_assert_int_eq(store_sync(&s), -1);
	ck_assert_int_eq(store_compact(&s, true), -1);
	ck_assert_int_eq(errno, EFBIG);
	store_close(&s);
	ck_assert_int_eq(file_size(), before);
	FILE *err = fopen("/dev/null", "w");
	ck_assert_int_eq(store_open(&s, dir, err, false), 0);
	fclose(err);
	ck_assert(!s.damaged);
	ck_assert_uint_eq(sample_survivors(&s), 3);
	store_close(&s);
}
END_TEST

/* A read-only store beside a writer: a half-appended last record is ignored without a
 * word, and the file is not changed; a damaged record before the end is reported. With
 * no writer, the torn tail is reported (not repaired). */
START_TEST(test_readonly_torn_tail)
{
	write_sample();
	long size = file_size();
	ck_assert_int_eq(truncate(path, size - 3), 0);
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	struct store s;
	ck_assert_int_eq(store_open(&s, dir, err, STORE_READ_BESIDE_WRITER), 0);
	ck_assert_uint_eq(sample_survivors(&s), 3);
	store_close(&s);
	fflush(err);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(store_open(&s, dir, err, STORE_READ), 0);
	ck_assert_uint_eq(sample_survivors(&s), 3);
	store_close(&s);
	fflush(err);
	ck_assert_ptr_nonnull(strstr(msg, "a torn record"));
	ck_assert_int_eq(file_size(), size - 3);
	/* A bad checksum inside a whole record is damage, reported but not repaired. */
	FILE *fp = fopen(path, "r+b");
	fseek(fp, (long)strlen(STORE_MAGIC) + 9, SEEK_SET);
	fputc(0xff, fp);
	fclose(fp);
	ck_assert_int_eq(store_open(&s, dir, err, STORE_READ_BESIDE_WRITER), 0);
	ck_assert_uint_eq(sample_survivors(&s), 0);
	store_close(&s);
	fclose(err);
	ck_assert_ptr_nonnull(strstr(msg, "bad checksum"));
	ck_assert_int_eq(file_size(), size - 3);
	free(msg);
}
END_TEST

/* The state store and its directory are never opened through a link. */
START_TEST(test_links_refused)
{
	char *target = xasprintf("%s/target", dir);
	FILE *fp = fopen(target, "w");
	fputs("precious", fp);
	fclose(fp);
	ck_assert_int_eq(symlink(target, path), 0);
	struct store s;
	ck_assert_int_eq(store_open(&s, dir, NULL, false), -1);
	ck_assert_int_eq(errno, ELOOP);
	store_close(&s);
	ck_assert_int_eq(store_open(&s, dir, NULL, true), -1);
	ck_assert_int_eq(errno, ELOOP);
	store_close(&s);
	unlink(path);
	char *link = xasprintf("%s/link", dir);
	ck_assert_int_eq(symlink(dir, link), 0);
	ck_assert_int_eq(store_open(&s, link, NULL, false), -1);
	ck_assert_int_eq(errno, ELOOP);
	store_close(&s);
	struct stat st;
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_int_eq(st.st_size, 8);
	unlink(link);
	unlink(target);
	free(link);
	free(target);
}
END_TEST

/* An output's identity settled after the result was written reaches the loaded record, and
 * survives compaction. */
START_TEST(test_outid)
{
	write_sample();
	struct store s;
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	struct fstat_id id = {9, 8, 7, 6, 5};
	ck_assert_int_eq(store_put_outid(&s, "count\tsample=a", 0, &id), 0);
	ck_assert_int_eq(store_put_outid(&s, "no such job", 0, &id), 0);
	store_close(&s);
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	const struct jrec *j = store_job(&s, "count\tsample=a");
	ck_assert_int_eq(j->outputs[0].id.mtime_ns, 6);
	ck_assert_int_eq(store_job(&s, "count\tsample=b")->outputs[0].id.mtime_ns, 4);
	ck_assert_int_eq(store_compact(&s, true), 0);
	store_close(&s);
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	ck_assert_int_eq(store_job(&s, "count\tsample=a")->outputs[0].id.ino, 8);
	store_close(&s);
}
END_TEST

START_TEST(test_compaction)
{
	struct store s;
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	struct fstat_id id = {0};
	for (int round = 0; round < 200; round++)
		for (int k = 0; k < 100; k++) {
			char p[32];
			snprintf(p, sizeof(p), "f%d", k);
			id.mtime_ns = round;
			ck_assert_int_eq(store_put_file(&s, p, &id, (struct hash128){(uint64_t)round, (uint64_t)k}), 0);
		}
	long before = file_size();
	ck_assert_int_eq(store_compact(&s, false), 0);
	long after = file_size();
	ck_assert_int_lt(after * 10, before);
	store_close(&s);
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	ck_assert_uint_eq(s.files.len, 100);
	ck_assert_uint_eq(store_file(&s, "f7")->hash.lo, 199);
	store_close(&s);
}
END_TEST

START_TEST(test_compressed_record)
{
	struct store s;
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	struct jrec r = sample_result("big", 9);
	struct buf cmd = {0};
	for (int i = 0; i < 1000; i++)
		buf_puts(&cmd, "cat data/sample.txt | sort | uniq -c\n");
	r.command = cmd.s;
	ck_assert_int_eq(store_put_result(&s, &r), 0);
	store_close(&s);
	ck_assert_int_lt(file_size(), (long)cmd.len / 4);
	ck_assert_int_eq(store_open(&s, dir, NULL, false), 0);
	ck_assert_str_eq(store_job_full(&s, "big")->command, cmd.s);
	store_close(&s);
	buf_free(&cmd);
}
END_TEST

START_TEST(test_foreign_file)
{
	FILE *fp = fopen(path, "w");
	fputs("not a state file", fp);
	fclose(fp);
	struct store s;
	FILE *err = fopen("/dev/null", "w");
	ck_assert_int_eq(store_open(&s, dir, err, false), 0);
	fclose(err);
	ck_assert(s.damaged);
	ck_assert_uint_eq(s.jobs.len, 0);
	store_close(&s);
	ck_assert_int_eq(file_size(), (long)strlen(STORE_MAGIC));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_start_then_result);
	tcase_add_test(tc, test_truncated_everywhere);
	tcase_add_test(tc, test_bit_flips);
	tcase_add_test(tc, test_damage_reported_once);
	tcase_add_test(tc, test_outid);
	tcase_add_test(tc, test_compaction);
	tcase_add_test(tc, test_compressed_record);
	tcase_add_test(tc, test_foreign_file);
	tcase_add_test(tc, test_failed_write);
	tcase_add_test(tc, test_readonly_torn_tail);
	tcase_add_test(tc, test_links_refused);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
