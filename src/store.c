/* store: the append-only state log. */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include "flowdir.h"

/* Bodies at least this large are compressed when that saves space. */
#define COMPRESS_MIN 512
/* The largest record accepted when loading: anything bigger is damage. */
#define MAX_RECORD (256u << 20)
#define FLAG_ZLIB 1

/* ---- encoding ---- */

static void put_u32le(struct buf *b, uint32_t v)
{
	unsigned char c[4] = {v, v >> 8, v >> 16, v >> 24};
	buf_put(b, (const char *)c, 4);
}

static uint32_t get_u32le(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_uv(struct buf *b, uint64_t v)
{
	while (v >= 0x80) {
		buf_putc(b, (char)(v | 0x80));
		v >>= 7;
	}
	buf_putc(b, (char)v);
}

static void put_sv(struct buf *b, int64_t v)
{
	put_uv(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

/* A string: its length, its bytes and a NUL, so that a loaded string can be used where
 * it lies in the mapped log, without a copy. */
static void put_str(struct buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	put_uv(b, n);
	buf_put(b, s ? s : "", n);
	buf_putc(b, '\0');
}

static void put_hash(struct buf *b, struct hash128 h)
{
	put_uv(b, h.lo);
	put_uv(b, h.hi);
}

/* A cursor over a record's payload; any read past the end marks it bad. */
struct rd {
	const unsigned char *p, *end;
	bool bad;
	struct arena *arena;  /* where decoded arrays (and copied strings) go */
	bool borrow;          /* strings point into the buffer, which outlives them */
};

static uint64_t get_uv(struct rd *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end) {
			r->bad = true;
			return 0;
		}
		unsigned char c = *r->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->bad = true;
	return 0;
}

static int64_t get_sv(struct rd *r)
{
	uint64_t u = get_uv(r);
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static const char *get_str(struct rd *r)
{
	uint64_t n = get_uv(r);
	if (r->bad || n >= (uint64_t)(r->end - r->p) || r->p[n] != '\0') {
		r->bad = true;
		return "";
	}
	const char *s = r->borrow ? (const char *)r->p : arena_strndup(r->arena, (const char *)r->p, (size_t)n);
	r->p += n + 1;
	return s;
}

static struct hash128 get_hash(struct rd *r)
{
	struct hash128 h;
	h.lo = get_uv(r);
	h.hi = get_uv(r);
	return h;
}

static uint32_t get_count(struct rd *r, size_t min_size)
{
	uint64_t n = get_uv(r);
	/* Each element takes at least min_size bytes: a count beyond that is damage. */
	if (r->bad || n > (uint64_t)(r->end - r->p) / (min_size ? min_size : 1)) {
		r->bad = true;
		return 0;
	}
	return (uint32_t)n;
}

static void enc_id(struct buf *b, const struct fstat_id *id);
static void dec_id(struct rd *r, struct fstat_id *id);

static void enc_file(struct buf *b, const struct frec *f)
{
	put_str(b, f->path);
	enc_id(b, &f->id);
	put_hash(b, f->hash);
}

static void dec_file(struct rd *r, struct frec *f)
{
	f->path = get_str(r);
	dec_id(r, &f->id);
	f->hash = get_hash(r);
}

static void enc_kvs(struct buf *b, const struct kv *kv, uint32_t n)
{
	put_uv(b, n);
	for (uint32_t i = 0; i < n; i++) {
		put_str(b, kv[i].name);
		put_str(b, kv[i].value);
	}
}

static struct kv *dec_kvs(struct rd *r, uint32_t *n)
{
	*n = get_count(r, 2);
	struct kv *kv = arena_alloc(r->arena, (*n + 1) * sizeof(*kv));
	for (uint32_t i = 0; i < *n; i++) {
		kv[i].name = get_str(r);
		kv[i].value = get_str(r);
	}
	return kv;
}

static void enc_paths(struct buf *b, const struct pathhash *ph, uint32_t n)
{
	put_uv(b, n);
	for (uint32_t i = 0; i < n; i++) {
		put_str(b, ph[i].path);
		put_hash(b, ph[i].hash);
	}
}

static struct pathhash *dec_paths(struct rd *r, uint32_t *n)
{
	*n = get_count(r, 3);
	struct pathhash *ph = arena_alloc(r->arena, (*n + 1) * sizeof(*ph));
	for (uint32_t i = 0; i < *n; i++) {
		ph[i].path = get_str(r);
		ph[i].hash = get_hash(r);
	}
	return ph;
}

static void enc_id(struct buf *b, const struct fstat_id *id)
{
	put_uv(b, id->dev);
	put_uv(b, id->ino);
	put_uv(b, id->size);
	put_sv(b, id->mtime_ns);
	put_sv(b, id->ctime_ns);
}

static void dec_id(struct rd *r, struct fstat_id *id)
{
	id->dev = get_uv(r);
	id->ino = get_uv(r);
	id->size = get_uv(r);
	id->mtime_ns = get_sv(r);
	id->ctime_ns = get_sv(r);
}

/* Outputs: paths, hashes and stat identities. */
static void enc_outputs(struct buf *b, const struct pathhash *ph, uint32_t n)
{
	put_uv(b, n);
	for (uint32_t i = 0; i < n; i++) {
		put_str(b, ph[i].path);
		put_hash(b, ph[i].hash);
		enc_id(b, &ph[i].id);
	}
}

static struct pathhash *dec_outputs(struct rd *r, uint32_t *n)
{
	*n = get_count(r, 8);
	struct pathhash *ph = arena_alloc(r->arena, (*n + 1) * sizeof(*ph));
	for (uint32_t i = 0; i < *n; i++) {
		ph[i].path = get_str(r);
		ph[i].hash = get_hash(r);
		dec_id(r, &ph[i].id);
	}
	return ph;
}

static void enc_start(struct buf *b, const struct jrec *j)
{
	put_str(b, j->key);
	put_str(b, j->executor ? j->executor : "");
	put_str(b, j->handle ? j->handle : "");
	put_uv(b, (uint64_t)(j->start * 1000));
	put_uv(b, j->nstarted_outputs);
	for (uint32_t i = 0; i < j->nstarted_outputs; i++)
		put_str(b, j->started_outputs[i]);
	put_str(b, j->container);
	put_str(b, j->run_id);
}

/* Format 5 kept the local executor's process group and its leader's start time: they
 * become its handle "PGID:START". */
static void dec_start_5(struct rd *r, struct jrec *j)
{
	int64_t pgid = get_sv(r);
	uint64_t start = get_uv(r);
	j->executor = "local";
	j->handle = "";
	if (pgid > 0 && start) {
		char h[64];
		snprintf(h, sizeof(h), "%lld:%llu", (long long)pgid, (unsigned long long)start);
		j->handle = arena_strdup(r->arena, h);
	}
}

static void dec_start(struct rd *r, struct jrec *j, int format)
{
	j->key = get_str(r);
	if (format == 5) {
		dec_start_5(r, j);
	} else {
		j->executor = get_str(r);
		j->handle = get_str(r);
	}
	j->start = (double)get_uv(r) / 1000;
	j->nstarted_outputs = get_count(r, 1);
	j->started_outputs = arena_alloc(r->arena, (j->nstarted_outputs + 1) * sizeof(char *));
	for (uint32_t i = 0; i < j->nstarted_outputs; i++)
		j->started_outputs[i] = get_str(r);
	j->container = get_str(r);
	j->run_id = get_str(r);
}

/* A result: first what the rerun decision reads (key, signature, status, outputs), then
 * the details for explanations and provenance. */
static void enc_result(struct buf *b, const struct jrec *j)
{
	put_str(b, j->key);
	put_hash(b, j->sig);
	put_sv(b, j->status);
	enc_outputs(b, j->outputs, j->noutputs);
	put_uv(b, (uint64_t)(j->start * 1000));
	put_uv(b, (uint64_t)(j->end * 1000));
	put_str(b, j->host);
	put_str(b, j->git_commit);
	put_uv(b, j->git_dirty);
	put_str(b, j->rule);
	put_str(b, j->command);
	put_str(b, j->image);
	enc_kvs(b, j->params, j->nparams);
	enc_kvs(b, j->env, j->nenv);
	enc_paths(b, j->inputs, j->ninputs);
}

static void dec_result_head(struct rd *r, struct jrec *j)
{
	j->key = get_str(r);
	j->sig = get_hash(r);
	j->status = (int)get_sv(r);
	j->outputs = dec_outputs(r, &j->noutputs);
	j->finished = true;
	j->detail = r->p;
	j->detail_len = (uint32_t)(r->end - r->p);
	j->detailed = false;
}

static void dec_result_detail(struct rd *r, struct jrec *j)
{
	j->start = (double)get_uv(r) / 1000;
	j->end = (double)get_uv(r) / 1000;
	j->host = get_str(r);
	j->git_commit = get_str(r);
	j->git_dirty = get_uv(r) != 0;
	j->rule = get_str(r);
	j->command = get_str(r);
	j->image = get_str(r);
	j->params = dec_kvs(r, &j->nparams);
	j->env = dec_kvs(r, &j->nenv);
	j->inputs = dec_paths(r, &j->ninputs);
	j->detailed = !r->bad && r->p == r->end;
	j->detail = NULL;
}

/* Decode a whole result; false when it is malformed. */
static bool dec_result(struct rd *r, struct jrec *j)
{
	dec_result_head(r, j);
	dec_result_detail(r, j);
	return j->detailed;
}

static uint32_t checksum(const void *p, size_t n)
{
	return (uint32_t)XXH3_64bits(p, n);
}

/* Frame a body (type + payload in b, from offset 0) as a record appended to out. */
static void frame(struct buf *out, enum rec_type type, const char *payload, size_t n)
{
	struct buf body = {0};
	buf_putc(&body, (char)type);
	uLongf zlen = compressBound((uLong)n);
	if (n >= COMPRESS_MIN) {
		char *z = xmalloc(zlen);
		if (compress2((Bytef *)z, &zlen, (const Bytef *)payload, (uLong)n, 1) == Z_OK && zlen + 8 < n) {
			buf_putc(&body, FLAG_ZLIB);
			put_uv(&body, n);
			buf_put(&body, z, zlen);
			free(z);
			goto framed;
		}
		free(z);
	}
	buf_putc(&body, 0);
	buf_put(&body, payload, n);
framed:
	put_u32le(out, (uint32_t)body.len);
	put_u32le(out, checksum(body.s, body.len));
	buf_put(out, body.s, body.len);
	buf_free(&body);
}

/* ---- the maps ---- */

static void apply_file(struct store *s, const struct frec *f)
{
	/* f->path lives in the mapped log or the arena: it can be the key as it is. */
	bool found;
	void **slot = strmap_slot(&s->files, f->path, strlen(f->path), &found);
	if (found) {
		struct frec *old = *slot;
		*old = (struct frec){old->path, f->id, f->hash};
		return;
	}
	struct frec *nf = arena_alloc(&s->arena, sizeof(*nf));
	*nf = *f;
	*slot = nf;
}

static struct jrec *job_slot(struct store *s, const char *key)
{
	/* key lives in the mapped log or the arena: it can be the key as it is. */
	bool found;
	void **slot = strmap_slot(&s->jobs, key, strlen(key), &found);
	if (found)
		return *slot;
	struct jrec *j = arena_alloc(&s->arena, sizeof(*j));
	*j = (struct jrec){.key = key};
	*slot = j;
	return j;
}

static void apply_start(struct store *s, const struct jrec *r)
{
	struct jrec *j = job_slot(s, r->key);
	s->nrunning += !j->running;
	j->running = true;
	j->executor = r->executor;
	j->handle = r->handle;
	j->started_outputs = r->started_outputs;
	j->nstarted_outputs = r->nstarted_outputs;
	j->container = r->container;
	j->run_id = r->run_id;
}

static void apply_result(struct store *s, const struct jrec *r)
{
	struct jrec *j = job_slot(s, r->key);
	s->nrunning -= j->running;
	const char *key = j->key;
	*j = *r;
	j->key = key;
	j->running = false;
}

static void apply_outid(struct store *s, const char *key, uint64_t idx, const struct fstat_id *id)
{
	struct jrec *j = strmap_get(&s->jobs, key, strlen(key));
	/* The outputs array of a result lives in the store's arena: it may change. */
	if (j && j->finished && idx < j->noutputs)
		j->outputs[idx].id = *id;
}

static void apply_forget(struct store *s, const char *key)
{
	struct jrec *j = strmap_get(&s->jobs, key, strlen(key));
	if (j) {
		s->nrunning -= j->running;
		const char *k = j->key;
		*j = (struct jrec){.key = k};
	}
}

/* Decode and apply one record body; false when its payload is malformed. */
static bool apply(struct store *s, const unsigned char *body, size_t n)
{
	if (n < 2)
		return false;
	enum rec_type type = body[0];
	struct buf plain = {0};
	const unsigned char *p = body + 2, *end = body + n;
	if (body[1] & FLAG_ZLIB) {
		struct rd hr = {p, end, false, &s->arena, false};
		uint64_t len = get_uv(&hr);
		uLongf outlen = (uLongf)len;
		if (hr.bad || len > MAX_RECORD)
			return false;
		plain.s = xmalloc(len + 1);
		plain.cap = len + 1;
		if (uncompress((Bytef *)plain.s, &outlen, hr.p, (uLong)(end - hr.p)) != Z_OK || outlen != len) {
			buf_free(&plain);
			return false;
		}
		plain.len = len;
		p = (const unsigned char *)plain.s;
		end = p + len;
	} else if (body[1] != 0) {
		return false;
	}
	/* Strings of a compressed record are copied; others stay in the mapped log. */
	struct rd r = {p, end, false, &s->arena, plain.s == NULL};
	struct frec f;
	struct jrec j = {0};
	const char *key = NULL;
	uint64_t outidx = 0;
	struct fstat_id outid = {0};
	/* Decode the whole record first: one that turns out malformed is never applied,
	 * since the log is cut off where it starts. */
	switch (type) {
	case REC_FILE:
		dec_file(&r, &f);
		break;
	case REC_START:
		dec_start(&r, &j, s->format);
		break;
	case REC_RESULT:
		/* A compressed record's text is freed below: decode it whole. Others keep
		 * their details in the mapped log until someone asks. */
		if (plain.s)
			dec_result(&r, &j);
		else
			dec_result_head(&r, &j);
		if (!plain.s)
			r.p = r.end;
		break;
	case REC_FORGET:
		key = get_str(&r);
		break;
	case REC_OUTID:
		key = get_str(&r);
		outidx = get_uv(&r);
		dec_id(&r, &outid);
		break;
	default:
		r.bad = true;
	}
	bool ok = !r.bad && r.p == r.end && (type != REC_RESULT || !plain.s || j.detailed);
	if (ok && type == REC_FILE)
		apply_file(s, &f);
	else if (ok && type == REC_START)
		apply_start(s, &j);
	else if (ok && type == REC_RESULT)
		apply_result(s, &j);
	else if (ok && type == REC_FORGET)
		apply_forget(s, key);
	else if (ok && type == REC_OUTID)
		apply_outid(s, key, outidx, &outid);
	buf_free(&plain);
	return ok;
}

/* Size the maps for the records of the log, counted from their headers alone. */
static void reserve(struct store *s, const unsigned char *data, uint64_t size)
{
	size_t files = 0, jobs = 0;
	uint64_t off = strlen(STORE_MAGIC);
	while (off + 10 <= size) {
		uint32_t len = get_u32le(data + off);
		if (len > size - off - 8 || len < 2)
			break;
		files += data[off + 8] == REC_FILE;
		jobs += data[off + 8] == REC_RESULT;
		off += 8 + (uint64_t)len;
	}
	strmap_reserve(&s->files, files);
	strmap_reserve(&s->jobs, jobs);
}

/* Load the log from fd; returns the length of its good prefix. */
static uint64_t load(struct store *s, const unsigned char *data, uint64_t size, FILE *err)
{
	size_t ml = strlen(STORE_MAGIC);
	s->format = STORE_FORMAT;
	if (size >= ml && memcmp(data, STORE_MAGIC_5, ml) == 0)
		s->format = 5;
	else if (size < ml || memcmp(data, STORE_MAGIC, ml) != 0) {
		if (size && err)
			fprintf(err, "flow: warning: %s is not a flow state file (or of another version); starting afresh\n",
				s->path);
		s->damaged = size != 0;
		return 0;
	}
	uint64_t off = ml;
	while (off < size) {
		const char *why = NULL;
		if (size - off < 8)
			why = "a torn record header";
		uint32_t len = why ? 0 : get_u32le(data + off);
		uint32_t crc = why ? 0 : get_u32le(data + off + 4);
		if (!why && (len > MAX_RECORD || len > size - off - 8))
			why = "a torn record";
		else if (!why && checksum(data + off + 8, len) != crc)
			why = "a record with a bad checksum";
		else if (!why && !apply(s, data + off + 8, len))
			why = "a malformed record";
		if (why) {
			/* A reader beside a running flow may find the record it is appending
			 * half written: for a read-only store a short tail is no damage. */
			bool torn = size - off < 8 || len > size - off - 8;
			if (err && !(s->beside_writer && torn && len <= MAX_RECORD))
				fprintf(err,
					"flow: warning: %s: %s at byte %llu; ignoring the last %llu bytes (jobs they describe will rerun)\n",
					s->path, why, (unsigned long long)off, (unsigned long long)(size - off));
			s->damaged = true;
			return off;
		}
		off += 8 + len;
		s->nrecords++;
	}
	return off;
}

static int write_all(int fd, const char *p, size_t left)
{
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

/* The log in fd read whole into memory; *size is set to what could be read (the file may
 * shrink meanwhile). MAP_FAILED on a read error. */
static void *read_log(int fd, uint64_t *size)
{
	char *p = xmalloc(*size ? *size : 1);
	uint64_t got = 0;
	while (got < *size) {
		ssize_t n = pread(fd, p + got, *size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(p);
			return MAP_FAILED;
		}
		if (n == 0)
			break;
		got += (uint64_t)n;
	}
	*size = got;
	return p;
}

int store_open(struct store *s, const char *dir, FILE *err, enum store_mode mode)
{
	bool readonly = mode != STORE_WRITE;
	*s = (struct store){.fd = -1, .dirfd = -1, .readonly = readonly, .beside_writer = mode == STORE_READ_BESIDE_WRITER};
	s->path = xasprintf("%s/state", dir);
	s->dirfd = flowdir_dir(dir);
	if (s->dirfd < 0 && readonly && errno == ENOENT)
		return 0;
	if (s->dirfd < 0)
		return -1;
	s->fd = openat(s->dirfd, "state", readonly ? O_RDONLY | O_NOFOLLOW | O_CLOEXEC
				    : O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (s->fd < 0 && readonly && errno == ENOENT)
		return 0;
	if (s->fd < 0)
		return -1;
	struct stat st;
	if (fstat(s->fd, &st) < 0)
		return -1;
	uint64_t size = (uint64_t)st.st_size;
	/* A reader copies the log: a writer beside it may cut the file short (repairing it),
	 * which would make a mapping fault. */
	void *map = !size ? NULL : readonly ? read_log(s->fd, &size) : mmap(NULL, size, PROT_READ, MAP_PRIVATE, s->fd, 0);
	if (map == MAP_FAILED)
		return -1;
	reserve(s, map ? map : "", size);
	uint64_t good = load(s, map ? map : "", size, err);
	s->map = map;
	s->map_len = size;
	s->file_bytes = size;
	if (readonly)
		return 0;
	if (good == 0) {
		/* Empty, foreign or damaged at the header: start a fresh log. */
		if (ftruncate(s->fd, 0) < 0 || write_all(s->fd, STORE_MAGIC, strlen(STORE_MAGIC)) < 0) {
			if (ftruncate(s->fd, 0) < 0) {
				/* An empty log is a fresh one: nothing more to undo. */
			}
			return -1;
		}
		good = strlen(STORE_MAGIC);
	} else if (good < s->file_bytes && ftruncate(s->fd, (off_t)good) < 0) {
		return -1;
	}
	s->file_bytes = good;
	/* An older format is rewritten whole before anything is appended to it. */
	if (s->format != STORE_FORMAT) {
		if (store_compact(s, true) < 0)
			return -1;
		s->format = STORE_FORMAT;
	}
	return 0;
}

/* Write the pending records. A failed or short write (a full disk) is cut off again, so
 * the log stays a sequence of whole records, and nothing more is written by this store:
 * the log on disk stays a prefix of what was recorded, as after a crash. */
static int flush_pending(struct store *s)
{
	if (s->werr) {
		buf_reset(&s->pending);
		errno = s->werr;
		return -1;
	}
	if (!s->pending.len)
		return 0;
	int rc = write_all(s->fd, s->pending.s, s->pending.len);
	if (rc == 0) {
		s->file_bytes += s->pending.len;
	} else {
		s->werr = errno ? errno : EIO;
		if (ftruncate(s->fd, (off_t)s->file_bytes) < 0) {
			/* The next load cuts the torn tail off; nothing is appended behind it. */
		}
		errno = s->werr;
	}
	buf_reset(&s->pending);
	s->unsynced = true;
	return rc;
}

/* Append the record in s->scratch. Job records go out at once, each with a single write
 * after any batched file records, so the log keeps their order and a crash leaves at most
 * a torn tail; file records are batched. */
static int append(struct store *s, enum rec_type type)
{
	if (s->readonly)
		return 0;
	s->nrecords++;
	if (type == REC_FILE) {
		frame(&s->pending, type, buf_str(&s->scratch), s->scratch.len);
		return s->pending.len > (64u << 10) ? flush_pending(s) : 0;
	}
	frame(&s->pending, type, buf_str(&s->scratch), s->scratch.len);
	return flush_pending(s);
}

const struct frec *store_file(const struct store *s, const char *path)
{
	return strmap_get(&s->files, path, strlen(path));
}

int store_put_file(struct store *s, const char *path, const struct fstat_id *id, struct hash128 hash)
{
	struct frec f = {arena_strdup(&s->arena, path), *id, hash};
	apply_file(s, &f);
	buf_reset(&s->scratch);
	enc_file(&s->scratch, &f);
	return append(s, REC_FILE);
}

const struct jrec *store_job(const struct store *s, const char *key)
{
	return strmap_get(&s->jobs, key, strlen(key));
}

/* Copy r's strings into the store's arena (the caller's may be short-lived) by a round
 * trip through the encoding, then apply it. */
static int put_job(struct store *s, const struct jrec *r, enum rec_type type)
{
	buf_reset(&s->scratch);
	if (type == REC_START)
		enc_start(&s->scratch, r);
	else
		enc_result(&s->scratch, r);
	struct rd rd = {(const unsigned char *)s->scratch.s,
			(const unsigned char *)s->scratch.s + s->scratch.len, false, &s->arena, false};
	struct jrec copy = {0};
	if (type == REC_START) {
		dec_start(&rd, &copy, STORE_FORMAT);
		apply_start(s, &copy);
	} else {
		dec_result(&rd, &copy);
		apply_result(s, &copy);
	}
	return append(s, type);
}

const struct jrec *store_job_full(struct store *s, const char *key)
{
	struct jrec *j = strmap_get(&s->jobs, key, strlen(key));
	if (!j || !j->finished || j->detailed)
		return j;
	if (!j->detail)
		return NULL;
	/* Decode into a copy: a malformed detail leaves the record as it was. */
	struct jrec copy = *j;
	struct rd r = {j->detail, j->detail + j->detail_len, false, &s->arena, true};
	dec_result_detail(&r, &copy);
	if (!copy.detailed) {
		j->detail = NULL;
		return NULL;
	}
	*j = copy;
	return j;
}

int store_put_start(struct store *s, const struct jrec *r)
{
	return put_job(s, r, REC_START);
}

int store_put_result(struct store *s, const struct jrec *r)
{
	return put_job(s, r, REC_RESULT);
}

int store_put_outid(struct store *s, const char *key, uint32_t idx, const struct fstat_id *id)
{
	apply_outid(s, key, idx, id);
	buf_reset(&s->scratch);
	put_str(&s->scratch, key);
	put_uv(&s->scratch, idx);
	enc_id(&s->scratch, id);
	return append(s, REC_OUTID);
}

int store_forget(struct store *s, const char *key)
{
	apply_forget(s, key);
	buf_reset(&s->scratch);
	put_str(&s->scratch, key);
	return append(s, REC_FORGET);
}

void store_each_job(const struct store *s, void (*fn)(const struct jrec *, void *), void *arg)
{
	for (size_t i = 0; i < s->jobs.cap; i++) {
		const struct jrec *j = strmap_value_at(&s->jobs, i);
		if (j)
			fn(j, arg);
	}
}

/* Serialise every live record into out (a complete log). */
static void serialise(struct store *s, struct buf *out)
{
	struct buf payload = {0};
	buf_puts(out, STORE_MAGIC);
	for (size_t i = 0; i < s->files.cap; i++) {
		const struct frec *f = strmap_value_at(&s->files, i);
		if (!f)
			continue;
		buf_reset(&payload);
		enc_file(&payload, f);
		frame(out, REC_FILE, payload.s, payload.len);
	}
	for (size_t i = 0; i < s->jobs.cap; i++) {
		const struct jrec *j = strmap_value_at(&s->jobs, i);
		if (!j || (!j->finished && !j->running))
			continue;
		if (j->finished && !j->detailed)
			j = store_job_full((struct store *)s, j->key);
		if (!j)
			continue;
		if (j->finished) {
			buf_reset(&payload);
			enc_result(&payload, j);
			frame(out, REC_RESULT, payload.s, payload.len);
		}
		if (j->running) {
			buf_reset(&payload);
			enc_start(&payload, j);
			frame(out, REC_START, payload.s, payload.len);
		}
	}
	buf_free(&payload);
}

int store_compact(struct store *s, bool force)
{
	if (s->readonly)
		return 0;
	if (flush_pending(s) < 0)
		return -1;
	/* Each live file or job takes one or two records: a log of more than twice that many
	 * records is mostly dead. */
	size_t live = s->files.len + s->jobs.len;
	if (!force && (s->file_bytes < (64u << 10) || s->nrecords < 2 * live + 1024))
		return 0;
	struct buf out = {0};
	serialise(s, &out);
	/* Renaming over state replaces a link there, never its target. */
	int fd = openat(s->dirfd, "state.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
	int rc = -1, err = errno;
	if (fd >= 0) {
		if (write_all(fd, out.s, out.len) == 0 && fdatasync(fd) == 0 &&
		    renameat(s->dirfd, "state.tmp", s->dirfd, "state") == 0)
			rc = 0;
		err = errno;
		close(fd);
	}
	if (rc == 0) {
		close(s->fd);
		s->fd = openat(s->dirfd, "state", O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
		err = errno;
		s->file_bytes = out.len;
		s->nrecords = live;
		if (s->fd < 0)
			rc = -1, s->werr = err;
	} else if (fd >= 0) {
		unlinkat(s->dirfd, "state.tmp", 0);
	}
	buf_free(&out);
	errno = err;
	return rc;
}

int store_sync(struct store *s)
{
	if (flush_pending(s) < 0)
		return -1;
	if (s->fd < 0 || !s->unsynced)
		return 0;
	s->unsynced = false;
	if (fdatasync(s->fd) < 0) {
		s->werr = errno;
		return -1;
	}
	return 0;
}

void store_close(struct store *s)
{
	if (s->fd >= 0) {
		flush_pending(s);
		close(s->fd);
	}
	if (s->dirfd >= 0)
		close(s->dirfd);
	if (s->map && s->readonly)
		free(s->map);
	else if (s->map)
		munmap(s->map, s->map_len);
	buf_free(&s->pending);
	free(s->path);
	strmap_free(&s->files);
	strmap_free(&s->jobs);
	arena_free(&s->arena);
	buf_free(&s->scratch);
	*s = (struct store){.fd = -1, .dirfd = -1};
}
