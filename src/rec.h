/* rec: the recorder — what flow writes to the state store about jobs as they start and
 * finish (with provenance: times, status, host, git commit), and the recovery of jobs a
 * previous flow left running when it died. */
#ifndef FLOW_REC_H
#define FLOW_REC_H

#include <stdio.h>
#include <sys/types.h>

#include "gitinfo.h"
#include "graph.h"
#include "sig.h"
#include "store.h"

/* Output idx of job j, hashed (to hash) moments after it was written. */
struct racy {
	struct job *job;
	uint32_t idx;
	struct hash128 hash;
};

struct recorder {
	struct store *st;
	char host[256];
	struct gitinfo git;
	bool have_git;
	struct buf key;
	struct racy *racy;           /* outputs hashed too soon after they were written */
	size_t nracy, capracy;
};

void rec_init(struct recorder *r, struct store *st);
/* Record that j is about to start (handle "") or has started with executor's handle, in
 * the container described by container ("RUNTIME NAME", or NULL). */
int rec_started(struct recorder *r, const struct job *j, const char *executor, const char *handle,
		const char *container);
/* Record j's success: hash its outputs and store its signature parts and provenance.
 * 0, or -1 when an output cannot be read (message in err). */
int rec_finished(struct recorder *r, struct job *j, const struct sigparts *parts, double start, double end,
		 struct buf *err);
/* Record that j failed or was stopped (status: its wait status, or -1), its outputs
 * removed: it reruns next time, and what is left of its outputs is never adopted. */
int rec_failed(struct recorder *r, const struct job *j, int status);
/* The same for the job with store key key. */
int rec_failed_key(struct recorder *r, const char *key, int status);
/* End the jobs a previous flow left running (through their executor: their process
 * groups, if still alive and really theirs, and their containers) and remove their outputs: only what g, the current graph, declares as
 * that job's outputs, inside the project; one message per job to out. Returns how many. */
size_t rec_recover(struct recorder *r, const struct graph *g, FILE *out);
/* Hash again, once the file system's clock has moved on, the outputs recorded too soon
 * after they were written, and record them in the stat cache: so that the next run
 * trusts their identity instead of reading them. Waits at most a few tens of ms. */
void rec_settle(struct recorder *r);
void rec_free(struct recorder *r);

#endif
