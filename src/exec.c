/* exec: spawning job processes. */
#include "exec.h"
#include "flowdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The longest command passed as one argument; longer ones go through a script file,
 * since Linux limits a single argument to 128 KiB. */
#define MAX_ARG (100 * 1024)

static int spawn(const char *file, char *const *argv, int logfd, char *const *envp, bool search, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, logfd, 1);
	posix_spawn_file_actions_adddup2(&fa, logfd, 2);
	posix_spawnattr_init(&at);
	sigset_t none, all;
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	int rc = (search ? posix_spawnp : posix_spawn)(pid, file, &fa, &at, argv, envp ? envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return rc;
}

bool exec_too_long(const char *cmd)
{
	return strlen(cmd) > MAX_ARG;
}

char *exec_write_script(const char *cmd, struct buf *err)
{
	char tmpl[] = ".flow/tmp/cmd-XXXXXX";
	int fd = flowdir_mkstemp(tmpl);
	size_t n = strlen(cmd);
	if (fd < 0 || write(fd, cmd, n) != (ssize_t)n) {
		buf_printf(err, "cannot write the command to '%s': %s", tmpl, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmpl);
		}
		return NULL;
	}
	close(fd);
	return xstrdup(tmpl);
}

pid_t exec_spawn_argv(char *const *argv, int logfd, char *const *envp, struct buf *err)
{
	pid_t pid;
	int rc = spawn(argv[0], argv, logfd, envp, true, &pid);
	if (rc != 0) {
		buf_printf(err, "cannot run %s: %s", argv[0], strerror(rc));
		return -1;
	}
	return pid;
}

int exec_mkdirs(const char *path)
{
	char *p = xstrdup(path);
	char *slash = strrchr(p, '/');
	if (!slash || slash == p) {
		free(p);
		return 0;
	}
	*slash = '\0';
	struct stat st;
	if (stat(p, &st) == 0) {
		free(p);
		return S_ISDIR(st.st_mode) ? 0 : (errno = ENOTDIR, -1);
	}
	for (char *q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*q = '/';
	}
	int rc = mkdir(p, 0777) < 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

void exec_kill(pid_t pgid, int sig)
{
	if (pgid > 0)
		kill(-pgid, sig);
}

void exec_describe(struct buf *b, int status)
{
	if (WIFEXITED(status))
		buf_printf(b, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		buf_printf(b, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		buf_printf(b, "status %d", status);
}

int exec_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}

/* The fields of /proc/PID/stat after the command name (from the state on), or NULL. */
static const char *proc_stat(pid_t pid, char *text, size_t size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, text, size - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	text[n] = '\0';
	/* The command name (field 2) may hold spaces and parentheses: count from its end. */
	const char *p = strrchr(text, ')');
	return p && p[1] == ' ' ? p + 2 : NULL;
}

uint64_t exec_proc_start(pid_t pid)
{
	char text[1024];
	const char *p = proc_stat(pid, text, sizeof(text));
	/* p is at field 3; the start time is field 22. */
	for (int field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return p ? strtoull(p, NULL, 10) : 0;
}

bool exec_is_zombie(pid_t pid)
{
	char text[1024];
	const char *p = proc_stat(pid, text, sizeof(text));
	return p && (*p == 'Z' || *p == 'X');
}

/* Whether a process of group pgid is alive (zombies are dead: their parent reaps them). */
static bool group_alive(pid_t pgid)
{
	if (kill(-pgid, 0) < 0)
		return false;
	DIR *proc = opendir("/proc");
	if (!proc)
		return true;
	bool alive = false;
	char text[1024];
	for (struct dirent *e; !alive && (e = readdir(proc));) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		const char *p = proc_stat((pid_t)pid, text, sizeof(text));
		/* p is at field 3, the state; the process group is field 5. */
		if (!p || *p == 'Z' || *p == 'X')
			continue;
		const char *q = strchr(p, ' ');
		q = q ? strchr(q + 1, ' ') : NULL;
		alive = q && strtol(q + 1, NULL, 10) == (long)pgid;
	}
	closedir(proc);
	return alive;
}

bool exec_end_group(pid_t pgid)
{
	/* While any member of the group lives, no new process can take its id: the group is
	 * still the job's. */
	if (pgid <= 0 || kill(-pgid, 0) < 0)
		return false;
	kill(-pgid, SIGKILL);
	for (int tries = 0; tries < 400 && group_alive(pgid); tries++)
		usleep(5000);
	return true;
}
