/* graph: the job graph, inferred backward from the targets. */
#ifndef FLOW_GRAPH_H
#define FLOW_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "rule.h"

struct job;

/* A file of the graph, interned by path. */
struct file {
	const char *path;        /* normalised, relative to the project directory unless absolute */
	size_t len;
	struct job *producer;    /* NULL for a source */
	struct job **consumers;  /* jobs that take it as input */
	uint32_t nconsumers, capconsumers;
	bool resolved;           /* producer looked up */
	bool statted, exists;    /* stat cache: see graph_stat */
	int64_t mtime_ns;
	unsigned mode;           /* st_mode, when it exists */
	struct fstat_id id;      /* what stat said, when it exists */
	bool hashed;             /* hash is the content hash for id */
	struct hash128 hash;
};

enum job_mark { MARK_NEW, MARK_STACK, MARK_DONE };

enum job_state {
	JOB_UNPLANNED,
	JOB_SKIP,     /* up to date: nothing to run */
	JOB_PENDING,  /* must run, waiting for inputs */
	JOB_MAYBE,    /* decided when its inputs are final: an upstream job runs */
	JOB_READY,    /* queued */
	JOB_RUNNING,
	JOB_DONE,     /* ran and succeeded */
	JOB_FAILED,
	JOB_BLOCKED,  /* an upstream job failed */
};

struct reason;

struct job {
	struct rule *rule;
	const char **wc;         /* wildcard values, rule->nwc of them */
	struct file **in, **out, **log;
	uint32_t nin, nout, nlog;
	size_t id;               /* index in graph.order (topological) */
	enum job_mark mark;
	enum job_state state;
	const struct reason *reasons; /* why it runs (plan.h; in the arena), or NULL */
	uint32_t nreasons;
	bool adopted;            /* its outputs were made by another tool and taken as they are */
	uint32_t pending;        /* producers not yet finished */
	int threads;             /* effective thread count (capped by -j) */
};

struct graph {
	struct ruleset *rs;
	struct diag *diag;
	struct arena arena;
	struct strmap files;
	struct file **files_all; /* every file, in order of first mention */
	size_t nfiles, capfiles;
	struct strmap jobs;       /* jobs of rules without outputs, by rule and wildcards */
	struct job **order;      /* every job, dependencies before dependents */
	size_t njobs, capjobs;
	struct job **targets;
	size_t ntargets, captargets;
	struct pattern_md *md;
	char *root;              /* the project directory, links resolved (getcwd) */
};

/* What graph_build settles for every job before anything signs or plans it. */
struct graph_opts {
	int max_threads;         /* a job's threads are capped here (-j); 0: no cap */
	size_t hint;             /* about how many jobs to expect (the last run's) */
};

/* Build the graph needed for targets (file paths or rule names; none: the first rule).
 * Errors go to the graph's diag; returns 0 or -1. */
int graph_build(struct graph *g, struct ruleset *rs, struct diag *d, char **targets, size_t ntargets,
		const struct graph_opts *o);
/* Stat f once (cached); returns f->exists. */
bool graph_stat(struct file *f);
/* What kind of file mode is, for messages: "a FIFO", "a character device", ...; NULL
 * for a regular file or a directory, the kinds that flow reads. */
const char *file_odd_kind(unsigned mode);
/* Forget f's cached stat (after a job wrote or removed it). */
void graph_unstat(struct file *f);
/* Append the rule name, then sep and "name=value" for each wildcard, to b. */
void job_words(struct buf *b, const struct job *j, char sep);
/* Append "rule a=1 b=2" (the rule name and wildcards) to b. */
void job_label(struct buf *b, const struct job *j);
/* Write the graph of jobs as Graphviz DOT (mermaid=false) or Mermaid to fp. */
void graph_write_dag(const struct graph *g, FILE *fp, bool mermaid);
void graph_free(struct graph *g);

/* Append to b the path of a file named on the command line, in normal form and relative
 * to the project when it is an absolute path inside it. */
void graph_path(const struct graph *g, struct buf *b, const char *path);
/* Append to b the path p in normal form: no "./" pieces, no repeated or trailing '/'. */
void path_normalise(struct buf *b, const char *p, size_t n);

#endif
