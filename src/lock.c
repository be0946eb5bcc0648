/* lock: the project lock. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "flowdir.h"

/* How long a refused flow waits for the holder's note to be complete. */
#define NOTE_WAIT_MS 500

/* The note's "started TIME" when the note in fd is complete and names pid, else NULL. */
static const char *read_note(int fd, int pid, char *text, size_t size)
{
	ssize_t n = pread(fd, text, size - 1, 0);
	text[n > 0 ? n : 0] = '\0';
	char *nl = strchr(text, '\n');
	int note_pid;
	if (!nl || sscanf(text, "pid %d ", &note_pid) != 1 || note_pid != pid)
		return NULL;
	*nl = '\0';
	return strstr(text, "started ");
}

/* Describe the holder of the lock on fd into holder: its pid from the kernel, and its
 * start time from its note. The holder writes the note just after taking the lock, so a
 * note that is missing, partial or another flow's is read again for a moment. */
static void describe_holder(int fd, struct buf *holder)
{
	struct flock who = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	if (fcntl(fd, F_GETLK, &who) < 0 || who.l_type == F_UNLCK) {
		buf_puts(holder, "pid unknown");
		return;
	}
	buf_printf(holder, "pid %d", (int)who.l_pid);
	char text[128];
	const char *started = NULL;
	for (int waited = 0; !(started = read_note(fd, (int)who.l_pid, text, sizeof(text))) && waited < NOTE_WAIT_MS;
	     waited += 10)
		nanosleep(&(struct timespec){0, 10 * 1000000L}, NULL);
	if (started)
		buf_printf(holder, ", %s", started);
}

/* Replace the note with this process's: written whole over the old one, then cut to its
 * length, so that a reader finds either the old note or the whole new one. */
static void write_note(int fd)
{
	char stamp[64];
	time_t now = time(NULL);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", localtime(&now));
	char text[128];
	int n = snprintf(text, sizeof(text), "pid %d started %s\n", (int)getpid(), stamp);
	if (pwrite(fd, text, (size_t)n, 0) != n || ftruncate(fd, n) < 0) {
		/* The lock holds without the note; the note only helps messages. */
	}
}

bool lock_held(const char *dir)
{
	int dfd = flowdir_dir(dir);
	int fd = dfd < 0 ? -1 : openat(dfd, "lock", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd >= 0)
		close(dfd);
	if (fd < 0)
		return false;
	struct flock who = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	bool held = fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK;
	close(fd);
	return held;
}

int lock_take(const char *dir, struct buf *holder)
{
	int dfd = flowdir_dir(dir);
	if (dfd < 0)
		return -1;
	int fd = openat(dfd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
	int err = errno;
	close(dfd);
	if (fd < 0) {
		errno = err;
		return -1;
	}
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		err = errno;
		if (err == EACCES || err == EAGAIN)
			describe_holder(fd, holder);
		close(fd);
		errno = err;
		return -1;
	}
	write_note(fd);
	return fd;
}
