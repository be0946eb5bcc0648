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

struct recorder {
	struct store *st;
	char host[256];
	struct gitinfo git;
	bool have_git;
	struct buf key;
};

void rec_init(struct recorder *r, struct store *st);
/* Record that j is about to start (pgid 0) or has started as process group pgid, in the
 * container described by container ("RUNTIME NAME", or NULL). */
int rec_started(struct recorder *r, const struct job *j, pid_t pgid, const char *container);
/* Record j's success: hash its outputs and store its signature parts and provenance.
 * 0, or -1 when an output cannot be read (message in err). */
int rec_finished(struct recorder *r, struct job *j, const struct sigparts *parts, double start, double end,
		 struct buf *err);
/* Forget j: it failed or was stopped, and its outputs were removed. */
int rec_forget(struct recorder *r, const struct job *j);
/* End the jobs a previous flow left running (their process groups, if still alive and
 * really theirs) and remove their outputs; one message per job to out. Returns how many. */
size_t rec_recover(struct recorder *r, FILE *out);
void rec_free(struct recorder *r);

#endif
