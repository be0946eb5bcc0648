/* store: the state store under .flow/ — an append-only log of checksummed records (file
 * hashes, job starts, job results), loaded into maps at start and compacted when it
 * outgrows its live data. */
#ifndef FLOW_STORE_H
#define FLOW_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

/* A file whose content hash is known. */
struct frec {
	const char *path;
	struct fstat_id id;
	struct hash128 hash;
};

/* A path with a content hash, as recorded for a job's inputs and outputs; for outputs
 * also the stat identity the hash belongs to (so an unchanged output needs no lookup). */
struct pathhash {
	const char *path;
	struct hash128 hash;
	struct fstat_id id;
};

struct kv {
	const char *name, *value;
};

/* What was recorded about a job when it last finished (or started). */
struct jrec {
	const char *key;            /* "rule" or "rule\tname=value\t..." */
	struct hash128 sig;
	bool finished;              /* a result record (else only a start record) */
	int status;                 /* wait status of the finished job (0: success) */
	double start, end;          /* Unix times */
	const char *host;
	const char *git_commit;     /* "" outside a git repository */
	bool git_dirty;
	const char *rule;
	const char *command;
	const char *image;          /* container image identity, "" for none */
	struct kv *params, *env;
	uint32_t nparams, nenv;
	struct pathhash *inputs, *outputs;
	uint32_t ninputs, noutputs;
	/* Start records: what to end if flow died while the job ran. */
	const char *executor;       /* the executor that ran it ("local") */
	const char *handle;         /* that executor's handle of the job, opaque; "" before it started */
	/* Outputs named by a start record, so an interrupted job's partial files can be removed. */
	const char **started_outputs;
	uint32_t nstarted_outputs;
	const char *container;      /* "RUNTIME NAME" of the container it ran in, or "" */
	const char *run_id;         /* FLOW_RUN_ID of the flow that started it */
	bool running;               /* a start record came after the last result */
	/* Loading decodes only what the rerun decision needs (key, signature, status,
	 * outputs); the rest is decoded from here on demand (store_job_full). */
	const unsigned char *detail;
	uint32_t detail_len;
	bool detailed;
};

struct store {
	char *path;                 /* .flow/state */
	int dirfd;                  /* the directory holding it, or -1 */
	int fd;                     /* open for appending, or -1 */
	struct arena arena;         /* owns every record's strings */
	struct strmap files;        /* path -> struct frec */
	struct strmap jobs;         /* key -> struct jrec */
	uint64_t file_bytes;        /* size of the log on disk */
	uint64_t live_bytes;        /* size the live records would take */
	size_t nrecords;
	size_t nrunning;            /* jobs whose start record has no result after it */
	struct buf scratch;
	struct buf pending;         /* file records not yet written (see store_put_file) */
	void *map;                  /* the log as loaded, which undecoded details point into */
	size_t map_len;
	bool damaged;               /* a damaged tail was found (and reported) */
	bool readonly;              /* records change the maps only, never the file */
	bool beside_writer;         /* read-only while a flow holds the lock and appends */
	bool unsynced;              /* appended to since the last store_sync */
	int werr;                   /* errno of a failed write: nothing more is written */
	int format;                 /* the version of the log as loaded (STORE_FORMAT, or an older one) */
};

/* How a store is opened: by the flow that holds the lock; read-only; or read-only while
 * another flow holds the lock (and may be appending a record). */
enum store_mode { STORE_WRITE, STORE_READ, STORE_READ_BESIDE_WRITER };
/* Open (creating) the store at dir/state and load it; neither dir nor state may be a
 * symbolic link (ELOOP). A log of format 5 is read, and rewritten as format 6 when opened
 * for writing. A damaged tail is reported once to err (may be NULL) and cut off.
 * Read-only, nothing is written: neither repairs nor records; beside a writer, a torn last
 * record (the one being appended) is ignored without a word. 0, or -1 with errno set. */
int store_open(struct store *s, const char *dir, FILE *err, enum store_mode mode);
/* The recorded hash of a file, or NULL. */
const struct frec *store_file(const struct store *s, const char *path);
/* Record a file's content hash. File records are written in batches (before the next job
 * record, or at store_sync): losing them costs only a re-hash. 0, or -1 (errno) when the
 * log cannot be written. */
int store_put_file(struct store *s, const char *path, const struct fstat_id *id, struct hash128 hash);
/* The record of job key, or NULL. Only key, sig, status, outputs, running and the start
 * fields are sure to be decoded: use store_job_full for the rest. */
const struct jrec *store_job(const struct store *s, const char *key);
/* The record of job key with every field decoded, or NULL (also when its details turn out
 * to be malformed). */
const struct jrec *store_job_full(struct store *s, const char *key);
/* Record that a job is starting (before its process runs). */
int store_put_start(struct store *s, const struct jrec *r);
/* Record a job's result. */
int store_put_result(struct store *s, const struct jrec *r);
/* Set the stat identity recorded for output idx of job key's result (once the file
 * system's clock has moved past the time it was written). 0 or -1. */
int store_put_outid(struct store *s, const char *key, uint32_t idx, const struct fstat_id *id);
/* Forget a job (its record no longer describes its outputs). */
int store_forget(struct store *s, const char *key);
/* Rewrite the log with only the live records when it has grown to more than twice their
 * size; force rewrites regardless. 0, or -1 (errno) when the log could not be written,
 * now or by an earlier record. Once a write has failed (a full disk), the log is cut back
 * to its last whole record and the store writes nothing more: every later put and
 * store_sync return -1. */
int store_compact(struct store *s, bool force);
/* Flush the log to disk (fdatasync). 0, or -1 (errno) when it or an earlier write failed. */
int store_sync(struct store *s);
/* Call fn for every job record. */
void store_each_job(const struct store *s, void (*fn)(const struct jrec *, void *), void *arg);
void store_close(struct store *s);

/* Encoding of records (exposed for the unit tests). A record is
 * [u32 length][u32 checksum: low half of the xxh3-64 of body][body: u8 type, u8 flags,
 * payload (zlib-compressed when flags say so)]. */
enum rec_type { REC_FILE = 1, REC_START = 2, REC_RESULT = 3, REC_FORGET = 4, REC_OUTID = 5 };
#define STORE_FORMAT 6
#define STORE_MAGIC "flow-state 6\n"
/* The previous format (start records with a process group and its start time instead of an
 * executor and its handle): loaded, and rewritten in the current one by a writer. */
#define STORE_MAGIC_5 "flow-state 5\n"

#endif
