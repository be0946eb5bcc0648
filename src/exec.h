/* exec: the executor interface — what starts, signals and reaps jobs, and ends the jobs a
 * dead flow left — and the process helpers the local executor is made of. */
#ifndef FLOW_EXEC_H
#define FLOW_EXEC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

struct launch;

/* A started job, as its executor knows it. */
struct exec_handle {
	char id[96];          /* recorded in the start record, opaque: "PGID:START" for local */
	long ref;             /* the executor's own reference (local: the process group id) */
	const char *container; /* the launch's container ("RUNTIME NAME"), or NULL */
	const char *logpath;  /* the launch's log */
	bool signalled;       /* a signal reached it while it ran (not after it had exited) */
};

struct executor;
/* Called by collect for each finished job: its wait status, and whether processes of its
 * own were left running after it and had to be ended. */
typedef void exec_done_fn(void *ctx, struct exec_handle *h, int status, bool leftovers);

struct executor_ops {
	const char *name;     /* as start records name it: "local" */
	/* Start what l says; h->id is set. 0, or -1 with a message in err. */
	int (*start)(struct executor *, const struct launch *l, struct exec_handle *h, struct buf *err);
	/* Send sig to a running job. */
	void (*signal)(struct executor *, struct exec_handle *h, int sig);
	/* Report every job of hs (n of them, the running ones) that has finished through done;
	 * wait at most wait_ms (-1: until one has) for the first. */
	void (*collect)(struct executor *, struct exec_handle **hs, size_t n, int wait_ms, exec_done_fn *done,
			void *ctx);
	/* End every process a dead flow with run id one of run_ids (n) left behind. */
	void (*end_runs)(struct executor *, const char *const *run_ids, size_t n);
	/* End what is left of the job a dead flow started with handle id, in the container
	 * container ("RUNTIME NAME", or ""); whether any of its processes was still running. */
	bool (*recover)(struct executor *, const char *id, const char *container);
	void (*free)(struct executor *);
};

struct executor {
	const struct executor_ops *ops;
	int wake_fd;          /* readable when collect has news; -1: none */
	int poll_ms;          /* how often to collect without news; -1: never */
};

/* The local executor: each job a process group of its own, reaped by its pid only.
 * Blocks SIGCHLD (delivered through wake_fd) until freed. NULL with errno set. */
struct executor *exec_local_new(void);

/* Whether cmd is too long to pass as one argument (Linux allows 128 KiB). */
bool exec_too_long(const char *cmd);
/* Write cmd to a new script file under .flow/tmp; its path (to free and remove), or NULL
 * with a message in err. */
char *exec_write_script(const char *cmd, struct buf *err);
/* Start argv[0] (searching PATH) with stdin from /dev/null and stdout+stderr appended to
 * the open file logfd, in a new process group whose id is the returned pid; envp is the
 * environment (NULL: flow's own). Returns the pid, or -1 with a message in err. */
pid_t exec_spawn_argv(char *const *argv, int logfd, char *const *envp, struct buf *err);
/* Create the directories leading to path (like mkdir -p of its dirname); 0 or -1 (errno). */
int exec_mkdirs(const char *path);
/* Send sig to the process group pgid; errors (the group is gone) are ignored. */
void exec_kill(pid_t pgid, int sig);
/* End what is left of process group pgid after its leader has been reaped (processes a
 * job left in the background): SIGKILL to the group, then wait (at most about 2 s) until
 * none of them is alive, so that none writes after. Whether anything was left. */
bool exec_end_group(pid_t pgid);
/* Describe a wait status: "exit 3", "killed by signal 9 (Killed)". */
void exec_describe(struct buf *b, int status);
/* The start time of process pid (field 22 of /proc/PID/stat), or 0 when it does not exist. */
uint64_t exec_proc_start(pid_t pid);
/* Whether process pid has exited and waits to be reaped. */
bool exec_is_zombie(pid_t pid);
/* The status a shell would report: the exit code, or 128+signal. */
int exec_code(int status);

#endif
