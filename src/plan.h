/* plan: which jobs must run, and why. This is the one place that decides; the scheduler
 * asks it again for a job whose inputs were remade (early cutoff). */
#ifndef FLOW_PLAN_H
#define FLOW_PLAN_H

#include "graph.h"
#include "rec.h"
#include "sig.h"
#include "store.h"

struct progress;

/* What may trigger a rerun (--rerun-triggers); all by default. */
enum trigger {
	TRIG_INPUT = 1,    /* an input's content */
	TRIG_COMMAND = 2,  /* the command text */
	TRIG_PARAMS = 4,
	TRIG_ENV = 8,
	TRIG_IMAGE = 16,
	TRIG_OUTPUT = 32,  /* an output changed outside flow, or the declared outputs changed */
	TRIG_ALL = 63,
};

/* Why a job runs: a kind and what it is about, turned into words only by reason_text. */
enum reason_kind {
	R_TARGET,            /* a rule that only names targets, one of whose jobs runs */
	R_FORCED,            /* --force, --forceall */
	R_INTERRUPTED,       /* its record has a start and no result */
	R_FAILED,            /* it failed last time */
	R_MISSING_OUTPUT,    /* subject: the output */
	R_NO_RECORD,         /* outputs exist with no record, older than an input */
	R_NO_RECORD_UPSTREAM,/* ... and an upstream job runs first */
	R_UPSTREAM,          /* subject: the upstream job that may change its inputs (JOB_MAYBE) */
	R_UNREADABLE,        /* subject: why its signature cannot be computed */
	R_DAMAGED,           /* its record cannot be read back */
	R_INPUT,             /* subject: the path; was/now: short hashes, NULL when new/unused */
	R_COMMAND,           /* was/now: the first differing lines, cut to 100 bytes */
	R_PARAM,             /* subject: the name; was/now: values, NULL when new/removed */
	R_ENV,               /* subject: the name; was/now as for R_PARAM */
	R_IMAGE,             /* was/now: short image identities ("none" on the host) */
	R_OUTPUTS_DECLARED,  /* its declared outputs changed */
	R_OUTPUT_EDITED,     /* subject: an output modified outside flow */
	R_EXPORTED,          /* subject: why a job exported elsewhere (Argo) is still due */
};

struct reason {
	enum reason_kind kind;
	const char *subject;     /* a path, a name, a job label, a message; or NULL */
	const char *was, *now;   /* short forms, or NULL */
};

/* Append r in words to b (a command change takes three lines, the others one). */
void reason_text(struct buf *b, const struct reason *r);
/* Whether j has a reason of kind k. */
bool job_has_reason(const struct job *j, enum reason_kind k);

/* The identity of a rule's container image ("" for none); the container executor
 * provides it. NULL: the image is absent and was not pulled (a dry run, --touch), so the
 * job has no signature to compare or record. */
typedef const char *image_fn(void *ctx, const struct rule *r);

/* Whether job j, which has no record, was exported to run elsewhere (see export_argo.h):
 * 1 when it finished there (its outputs are taken as made, as adoption does), -1 when it
 * was exported and did not finish (why says so), 0 when it was not exported. */
typedef int exported_fn(void *ctx, const struct job *j, struct buf *why);

struct planner {
	struct graph *g;
	struct store *st;
	struct recorder *rec;
	image_fn *image;     /* NULL: no images */
	void *image_ctx;
	exported_fn *exported; /* NULL: nothing was exported */
	void *exported_ctx;
	unsigned triggers;
	bool forceall;
	bool touch;          /* record jobs as up to date instead of running them */
	bool dry;            /* planning for -n: adopt nothing, record nothing */
	struct strmap forced;/* jobs forced by --force, by pointer */
	struct buf key;
	struct reason *said;  /* the reasons of the job being decided */
	size_t nsaid, capsaid;
	size_t nmaybe;       /* jobs whose need depends on an upstream result */
	int errors;          /* jobs that could not be adopted (recorded) */
	struct progress *progress; /* is told why a job could not be adopted; may be NULL */
};

/* Parse a comma-separated --rerun-triggers value; -1 when a word is unknown. */
int plan_parse_triggers(const char *s, unsigned *out);
/* Prepare to plan g against store st; adopted and touched jobs are recorded through rec. */
void plan_init(struct planner *p, struct graph *g, struct store *st, struct recorder *rec);
/* Force the job that makes target (a file path or rule name): 0, or -1 when no job of the
 * graph makes it. */
int plan_force(struct planner *p, const char *target);
/* Decide every job in dependency order: JOB_PENDING (with a reason), JOB_MAYBE (depends
 * on an upstream result) or JOB_SKIP. Returns how many jobs with a command may run. */
size_t plan_jobs(struct planner *p);
/* Decide a JOB_MAYBE job again now that its inputs are final: true when it must run (its
 * reason set), false when it is up to date (early cutoff). */
bool plan_final(struct planner *p, struct job *j);
/* Hash j's inputs (which must be final) and compute its signature parts (free with
 * sigparts_free). 0, or -1 with a message in err when an input cannot be read or the
 * job's image is absent, or -2 (with a message) when a stop signal came while an input was
 * hashed: the signal is delivered as the call returns. */
int plan_parts(struct planner *p, struct job *j, struct sigparts *parts, struct buf *err);
/* Record j as up to date without running it (adoption, --touch): hash its outputs and
 * store a result. 0, or -1 with "cannot record job 'LABEL': WHY" in err. */
int plan_record_unrun(struct planner *p, struct job *j, struct buf *err);
void plan_free(struct planner *p);

#endif
