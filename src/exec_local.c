/* exec_local: the local executor — each job a process group of its own on this machine. */
#include "exec.h"
#include "container.h"
#include "flowdir.h"
#include "launch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct local {
	struct executor ex;
	sigset_t old_mask;    /* restored when freed */
};

/* Open the log (its directories under .flow/log made on the way, following no link). */
static int open_log(const char *path, struct buf *err)
{
	int fd = flowdir_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd >= 0)
		return fd;
	if (errno == ELOOP)
		buf_printf(err, "cannot write '%s': a symbolic link is on its way, and flow follows none in .flow", path);
	else
		buf_printf(err, "cannot create the directory of '%s': %s", path, strerror(errno));
	return -1;
}

static int local_start(struct executor *ex, const struct launch *l, struct exec_handle *h, struct buf *err)
{
	(void)ex;
	int fd = open_log(l->logpath, err);
	if (fd < 0)
		return -1;
	struct buf ignored = {0};
	pid_t pid = exec_spawn_argv(l->argv, fd, l->envp, l->fallback ? &ignored : err);
	buf_free(&ignored);
	/* A plain command that cannot start goes to bash, which says why in the log. */
	if (pid < 0 && l->fallback)
		pid = exec_spawn_argv(l->fallback, fd, l->envp, err);
	close(fd);
	if (pid < 0)
		return -1;
	h->ref = pid;
	h->container = l->container;
	h->logpath = l->logpath;
	h->signalled = false;
	snprintf(h->id, sizeof(h->id), "%d:%" PRIu64, (int)pid, exec_proc_start(pid));
	return 0;
}

static void local_signal(struct executor *ex, struct exec_handle *h, int sig)
{
	(void)ex;
	/* A job whose command had already exited keeps its result: only one that the signal
	 * reaches while it runs counts as stopped. */
	if (!exec_is_zombie((pid_t)h->ref))
		h->signalled = true;
	exec_kill((pid_t)h->ref, sig);
}

/* End the processes a job left behind in its process group (a command that put something
 * in the background), before its outputs are looked at; say so in its log. */
static bool end_leftovers(pid_t pgid, const char *logpath)
{
	if (!exec_end_group(pgid))
		return false;
	int fd = open(logpath, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		dprintf(fd, "flow: the job's command exited with processes of its own still running "
			    "(process group %d); they were killed\n", (int)pgid);
		close(fd);
	}
	return true;
}

static void drain(int fd)
{
	struct signalfd_siginfo si[16];
	while (read(fd, si, sizeof(si)) > 0) {
		/* Only the wake-up counts: every job is looked at. */
	}
}

static void local_collect(struct executor *ex, struct exec_handle **hs, size_t n, int wait_ms, exec_done_fn *done,
			  void *ctx)
{
	if (wait_ms != 0) {
		struct pollfd p = {.fd = ex->wake_fd, .events = POLLIN};
		poll(&p, 1, wait_ms);
	}
	drain(ex->wake_fd);
	/* From the end: done() may move the last handle into a finished one's place. */
	for (size_t i = n; i-- > 0;) {
		struct exec_handle *h = hs[i];
		int status;
		if (waitpid((pid_t)h->ref, &status, WNOHANG) != (pid_t)h->ref)
			continue;
		bool left = end_leftovers((pid_t)h->ref, h->logpath);
		if (h->container)
			ctr_cleanup(h->container, left || h->signalled || WIFSIGNALED(status) ||
							  (WIFEXITED(status) && WEXITSTATUS(status) >= 137));
		done(ctx, h, status, left);
	}
}

/* Every process whose environment says it descends from one of the runs: the jobs of a
 * dead flow and whatever they started, even in process groups of their own, and even
 * when the flow died before it could record the job's process group. */
static bool of_runs(long pid, const char *const *runs, size_t nruns, struct buf *env)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/environ", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	buf_reset(env);
	char chunk[4096];
	ssize_t got;
	while ((got = read(fd, chunk, sizeof(chunk))) > 0)
		buf_put(env, chunk, (size_t)got);
	close(fd);
	for (size_t off = 0; off < env->len; off += strlen(env->s + off) + 1) {
		const char *var = env->s + off;
		if (strncmp(var, "FLOW_RUN_ID=", 12) != 0)
			continue;
		for (size_t k = 0; k < nruns; k++)
			if (strcmp(var + 12, runs[k]) == 0)
				return true;
	}
	return false;
}

static void local_end_runs(struct executor *ex, const char *const *runs, size_t nruns)
{
	(void)ex;
	DIR *proc = opendir("/proc");
	if (!proc || !nruns) {
		if (proc)
			closedir(proc);
		return;
	}
	size_t n = 0, cap = 0;
	struct buf env = {0};
	pid_t *killed = NULL;
	for (struct dirent *e; (e = readdir(proc));) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end || pid <= 1 || pid == getpid())
			continue;
		/* Only our own processes: a copied variable must not reach anyone else's. */
		struct stat st;
		char path[64];
		snprintf(path, sizeof(path), "/proc/%ld", pid);
		if (stat(path, &st) < 0 || st.st_uid != getuid() || !of_runs(pid, runs, nruns, &env))
			continue;
		kill((pid_t)pid, SIGKILL);
		VEC_PUSH(killed, n, cap, (pid_t)pid);
	}
	buf_free(&env);
	closedir(proc);
	/* A process finishes the system call it is in before it dies: wait until they are
	 * gone (or zombies) before their outputs are removed, so none is written after. */
	for (int tries = 0; tries < 200; tries++) {
		bool alive = false;
		for (size_t i = 0; i < n && !alive; i++) {
			uint64_t st = exec_proc_start(killed[i]);
			alive = st && !exec_is_zombie(killed[i]);
		}
		if (!alive)
			break;
		usleep(5000);
	}
	free(killed);
}

/* End the process group a dead flow left behind (handle "PGID:START"), if it is still
 * there and still its own. */
static bool end_orphans(const char *id)
{
	char *end;
	long pgid = strtol(id, &end, 10);
	uint64_t start = *end == ':' ? strtoull(end + 1, NULL, 10) : 0;
	if (pgid <= 0 || !start)
		return false;
	uint64_t now = exec_proc_start((pid_t)pgid);
	/* The leader lives on with another start time: its pid was reused, not ours. */
	if (now && now != start)
		return false;
	/* While any member of a process group lives, no new process can take its id: with the
	 * leader gone, every process still in the group is one of the job's. */
	if (kill((pid_t)-pgid, 0) < 0)
		return false;
	kill((pid_t)-pgid, SIGKILL);
	for (int i = 0; i < 100 && kill((pid_t)-pgid, 0) == 0; i++)
		usleep(10000);
	return true;
}

static bool local_recover(struct executor *ex, const char *id, const char *container)
{
	(void)ex;
	bool killed = end_orphans(id);
	/* Its container outlives the killed client: remove it by name. */
	if (container && *container)
		ctr_cleanup(container, true);
	return killed;
}

static void local_free(struct executor *ex)
{
	struct local *lo = (struct local *)ex;
	close(ex->wake_fd);
	sigprocmask(SIG_SETMASK, &lo->old_mask, NULL);
	free(lo);
}

static const struct executor_ops local_ops = {
	.name = "local",
	.start = local_start,
	.signal = local_signal,
	.collect = local_collect,
	.end_runs = local_end_runs,
	.recover = local_recover,
	.free = local_free,
};

struct executor *exec_local_new(void)
{
	struct local *lo = xcalloc(1, sizeof(*lo));
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &lo->old_mask);
	lo->ex = (struct executor){.ops = &local_ops, .poll_ms = -1};
	lo->ex.wake_fd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (lo->ex.wake_fd < 0) {
		int e = errno;
		sigprocmask(SIG_SETMASK, &lo->old_mask, NULL);
		free(lo);
		errno = e;
		return NULL;
	}
	return &lo->ex;
}
