/* export_argo: the planned job graph as one Argo Workflow (flow --export=argo), and the
 * way back: the jobs that finished on the cluster taken as done by the next flow.
 *
 * The document holds one container template per rule and one DAG task per rule and
 * depth (the longest chain of exported jobs before it), fanned out over the task's jobs
 * with withItems, so that its size grows by a job name per job. Each job's command, as
 * flow builds it, is written at export time to .flow/argo/jobs/NAME in the project (on
 * the shared volume); the pod runs it with the container launcher (bash -euo pipefail, or
 * sh) and, when it succeeds, creates .flow/argo/done/NAME. A later flow adopts a job with
 * no record whose done file exists and whose command is unchanged (argo_exported). */
#ifndef FLOW_EXPORT_ARGO_H
#define FLOW_EXPORT_ARGO_H

#include <stdio.h>

#include "container.h"
#include "graph.h"

/* The settings of --export=argo,KEY=VALUE,... */
struct argo_opts {
	const char *pvc;       /* pvc=: the ReadWriteMany claim holding the project (required) */
	const char *image;     /* image=: for the rules that name none */
	int parallelism;       /* -j when given; 0 for none */
	bool keep_going;       /* -k: the DAG is not fail-fast */
	char *own;             /* the copy of the option text that the fields point into */
};

/* Parse spec ("argo" then ",KEY=VALUE" pairs) into o; 0, or -1 with a message in err. */
int argo_parse(struct argo_opts *o, const char *spec, struct buf *err);
void argo_opts_free(struct argo_opts *o);
/* Write the jobs of g that are planned to run (JOB_PENDING or JOB_MAYBE) as a Workflow to
 * out, their commands to .flow/argo/jobs/ and their output directories; c gives image
 * identities. 0; 1 when no job would run (a note in err, nothing written); or -1 with a
 * message in err (nothing written to out). */
int argo_export(const struct graph *g, const struct ctr *c, const struct argo_opts *o, FILE *out,
		struct buf *err);
/* Append the name job j has in an export: its rule's name in Argo's alphabet and a hash of
 * its label. */
void argo_job_name(struct buf *b, const struct job *j);
/* Whether anything was exported in this project (.flow/argo/jobs exists). */
bool argo_any_exported(void);
/* An exported_fn (plan.h): whether j was exported and finished on the cluster. ctx unused. */
int argo_exported(void *ctx, const struct job *j, struct buf *why);

#endif
