/* exec: the local executor — a job's command as a process group of its own. */
#ifndef FLOW_EXEC_H
#define FLOW_EXEC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

/* Start cmd with stdin from /dev/null and stdout+stderr appended to the open file logfd,
 * in a new process group whose id is the returned pid. A command that bash would simply
 * execute is executed directly (as make does) unless envp is given; anything else runs as
 * "bash -euo pipefail -c CMD". envp is the environment (NULL: flow's own). A command too
 * long for one argument is written to a script file whose path is stored in *script (the
 * caller removes and frees it after the job; NULL otherwise). Returns the pid, or -1 with
 * a message in err. */
pid_t exec_spawn(const char *cmd, int logfd, char *const *envp, char **script, struct buf *err);
/* Whether cmd is too long to pass as one argument (Linux allows 128 KiB). */
bool exec_too_long(const char *cmd);
/* Write cmd to a new script file under .flow/tmp; its path (to free and remove), or NULL
 * with a message in err. */
char *exec_write_script(const char *cmd, struct buf *err);
/* Start argv (searching PATH) like exec_spawn starts a command: own process group, stdin
 * from /dev/null, stdout+stderr to logfd. Returns the pid, or -1 with a message in err. */
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
