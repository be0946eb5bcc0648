/* sig: content hashes of files, kept in a stat cache so an unchanged file is never read
 * twice, and job signatures over everything that determines a job's outputs. */
#ifndef FLOW_SIG_H
#define FLOW_SIG_H

#include "graph.h"
#include "store.h"

/* Make f->hash the content hash of f (xxh3-128). Taken from f itself or from the store
 * when the file's stat identity (device, inode, size, mtime, ctime) is unchanged; read and
 * recorded otherwise. 0, or -1 with errno set: missing or unreadable; EISDIR, or ENXIO for
 * a FIFO, device or socket, which are never read; EINTR when SIGINT, SIGTERM or SIGHUP
 * came while it was read (held while it reads, then delivered). */
int sig_file(struct store *st, struct file *f);
/* The same, without recording a newly computed hash in the store (for outputs, whose
 * hashes and identities go into their job's record). */
int sig_file_unrecorded(struct store *st, struct file *f);
/* Take hash as f's content hash when f's stat identity is id: true then, else false. */
bool sig_file_known(struct file *f, const struct fstat_id *id, struct hash128 hash);
/* f's stat identity as it may be recorded: a file stamped moments ago gets an identity
 * that matches nothing, so that it is hashed again next time (see sig_file). */
struct fstat_id sig_recordable_id(const struct file *f);

/* The parts of a job's signature, for recording and for explaining a difference. */
struct sigparts {
	struct buf cmd;          /* the command after interpolation */
	struct kv *params;       /* name, value after wildcards are filled in */
	struct kv *env;
	uint32_t nparams, nenv;
	const char *image;       /* container image identity, "" for none */
	struct hash128 sig;
};

/* Compute the signature of j, whose inputs must all have been hashed (sig_file); parts
 * are filled in (free with sigparts_free). */
void sig_job(const struct job *j, const char *image, struct sigparts *p);
void sigparts_free(struct sigparts *p);
/* The store key of a job: the rule name, then "\tname=value" per wildcard. */
void sig_job_key(struct buf *b, const struct job *j);
/* Write the first n hex digits of h to b. */
void sig_hex(struct buf *b, struct hash128 h, int n);

#endif
