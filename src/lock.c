/* lock: the project lock. */
#include "lock.h"

#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int lock_take(const char *dir, struct buf *holder)
{
	char *path = xasprintf("%s/lock", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	free(path);
	if (fd < 0)
		return -1;
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		int err = errno;
		if (err == EACCES || err == EAGAIN) {
			struct flock who = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
			char text[128] = "";
			ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
			text[n > 0 ? n : 0] = '\0';
			text[strcspn(text, "\n")] = '\0';
			if (fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK)
				buf_printf(holder, "pid %d", (int)who.l_pid);
			else
				buf_puts(holder, "pid unknown");
			const char *started = strstr(text, "started ");
			if (started)
				buf_printf(holder, ", %s", started);
		}
		close(fd);
		errno = err;
		return -1;
	}
	char stamp[64];
	time_t now = time(NULL);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", localtime(&now));
	char text[128];
	int n = snprintf(text, sizeof(text), "pid %d started %s\n", (int)getpid(), stamp);
	if (ftruncate(fd, 0) < 0 || pwrite(fd, text, (size_t)n, 0) < 0) {
		/* The lock holds without the note; the note only helps messages. */
	}
	return fd;
}
