/* launch: what a job runs, wherever it runs — the command line (bash, the plain argv, or
 * the container runtime's command line around either), its environment and its log. The
 * container is a wrapper around the host command, not a way of running it: an executor
 * (local, later Slurm) starts whatever launch_build made. */
#ifndef FLOW_LAUNCH_H
#define FLOW_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct ctr;
struct job;
struct kv;

/* The devices a job was granted (indices, in order). */
struct grant {
	const int *gpus;
	size_t ngpus;
};

struct launch {
	char **argv;              /* what runs (argv[0] searched on PATH), NULL-terminated */
	char **fallback;          /* bash -c CMD, to run when argv (a plain command) cannot start; or NULL */
	char **envp;              /* the environment; NULL: flow's own */
	const char *logpath;      /* stdout and stderr go there */
	char *script;             /* the file holding an over-long command (removed after the job), or NULL */
	char *container;          /* "RUNTIME NAME" of the container it runs in, or NULL */
	char *ctr_name;           /* that container's name, or NULL */
	char *show;               /* what -p prints: the command, or the runtime's command line */
	/* Owned storage. */
	struct strvec args, fargs, env;
	struct buf words;
	size_t nenv_own;          /* the last nenv_own entries of envp are owned */
};

/* Whether cmd, run with the environment it would have (own_env: one of its own), needs
 * bash, or bash would only execute it (then words, argv get the simple command). */
bool launch_direct(const char *cmd, bool own_env, struct buf *words, char ***argv);
/* Fill l with what job j runs for the command cmd, its log at logpath: on the host, or,
 * with c (a runtime, not off) and a rule with an image, inside the container named name.
 * g: its GPU grant. 0, or -1 with a message in err (l is then freed). */
int launch_build(struct launch *l, const struct job *j, const char *cmd, const char *logpath,
		 const struct ctr *c, const char *name, const struct grant *g, struct buf *err);
void launch_free(struct launch *l);

#endif
