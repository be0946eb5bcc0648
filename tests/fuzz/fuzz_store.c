/* libFuzzer target for the state-store loader: any bytes as .flow/state must load (the
 * good prefix kept, the rest reported and cut off), be read read-only, decoded in full,
 * written back by compaction and loaded again to the same records, without a crash, a
 * leak or undefined behaviour. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "store.h"

static char dir[] = "/tmp/flow-fuzz-store-XXXXXX";
static char *path;
static FILE *devnull;

static void cleanup(void)
{
	char *tmp = xasprintf("%s.tmp", path);
	unlink(tmp);
	unlink(path);
	rmdir(dir);
	free(tmp);
	free(path);
}

static void put(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
}

/* Give every whole record of the log in d its right checksum, so that the fuzzer reaches
 * the decoding of record bodies rather than stopping at the checksums. */
static void fix_checksums(uint8_t *d, size_t size)
{
	for (size_t off = strlen(STORE_MAGIC); off + 8 <= size;) {
		uint32_t len = (uint32_t)d[off] | (uint32_t)d[off + 1] << 8 | (uint32_t)d[off + 2] << 16 |
			       (uint32_t)d[off + 3] << 24;
		if (len > size - off - 8)
			break;
		uint32_t sum = (uint32_t)XXH3_64bits(d + off + 8, len);
		for (int i = 0; i < 4; i++)
			d[off + 4 + i] = (uint8_t)(sum >> (8 * i));
		off += 8 + (size_t)len;
	}
}

static void count_job(const struct jrec *j, void *arg)
{
	(void)j;
	++*(size_t *)arg;
}

/* Decode every job in full (details on demand); returns how many decoded whole. */
static size_t decode_all(struct store *s)
{
	size_t n = 0, full = 0;
	store_each_job(s, count_job, &n);
	for (size_t i = 0; i < s->jobs.cap; i++) {
		const struct jrec *j = strmap_value_at(&s->jobs, i);
		if (!j)
			continue;
		const struct jrec *f = store_job_full(s, j->key);
		if (f && f->finished) {
			full++;
			for (uint32_t k = 0; k < f->ninputs; k++)
				if (!f->inputs[k].path)
					abort();
		}
	}
	return full;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!path) {
		if (!mkdtemp(dir) || !(devnull = fopen("/dev/null", "w")))
			abort();
		path = xasprintf("%s/state", dir);
		atexit(cleanup);
	}
	/* An input whose last byte is odd is taken with its checksums fixed up. */
	if (size && (data[size - 1] & 1)) {
		uint8_t *copy = malloc(size);
		memcpy(copy, data, size);
		fix_checksums(copy, size);
		put(copy, size);
		free(copy);
	} else {
		put(data, size);
	}
	struct store s;
	/* Read-only first: the file must not change. */
	if (store_open(&s, dir, devnull, STORE_READ) < 0)
		abort();
	decode_all(&s);
	store_close(&s);
	/* Then as a run opens it: repaired, compacted, and loaded again. */
	if (store_open(&s, dir, devnull, STORE_WRITE) < 0)
		abort();
	size_t files = s.files.len, jobs = s.jobs.len;
	decode_all(&s);
	if (store_compact(&s, true) < 0)
		abort();
	store_close(&s);
	if (store_open(&s, dir, devnull, STORE_WRITE) < 0)
		abort();
	/* Compaction keeps every file; jobs with no result nor start record may go. */
	if (s.damaged || s.files.len != files || s.jobs.len > jobs)
		abort();
	store_close(&s);
	unlink(path);
	return 0;
}
