/* flowdir: opening under .flow/ without following links. */
#include "flowdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* Open the directory name under fd without following a link: ELOOP for a link (where
 * the kernel says ENOTDIR). */
static int open_dir_at(int fd, const char *name)
{
	int d = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	if (d < 0 && errno == ENOTDIR && fstatat(fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(sb.st_mode))
		errno = ELOOP;
	return d;
}

int flowdir_dir(const char *dir)
{
	return open_dir_at(AT_FDCWD, dir);
}

/* Step from the directory fd into its entry name (a directory, never a link), making it
 * when create is set and it is missing. Closes fd unless it is AT_FDCWD. */
static int step(int fd, const char *name, bool create)
{
	int next = open_dir_at(fd, name);
	if (next < 0 && errno == ENOENT && create && (mkdirat(fd, name, 0777) == 0 || errno == EEXIST))
		next = open_dir_at(fd, name);
	int err = errno;
	if (fd != AT_FDCWD)
		close(fd);
	errno = err;
	return next;
}

/* The directory holding the last component of rel, walked without links; *base is set to
 * that component. Returns a descriptor (AT_FDCWD-relative walks start at dirfd, which is
 * never closed), or -1. */
static int walk(int dirfd, const char *rel, bool create, const char **base)
{
	int fd = dirfd == AT_FDCWD ? AT_FDCWD : dup(dirfd);
	if (fd < 0 && fd != AT_FDCWD)
		return -1;
	const char *p = rel;
	for (const char *slash; (slash = strchr(p, '/')); p = slash + 1) {
		if (slash == p)
			continue;
		char name[256];
		size_t n = (size_t)(slash - p);
		if (n >= sizeof(name)) {
			if (fd != AT_FDCWD)
				close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		if ((fd = step(fd, name, create)) < 0)
			return -1;
	}
	*base = p;
	if (fd == AT_FDCWD)
		fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd;
}

int flowdir_openat(int dirfd, const char *rel, int flags, mode_t mode)
{
	const char *base;
	int dfd = walk(dirfd, rel, (flags & O_CREAT) != 0, &base);
	if (dfd < 0)
		return -1;
	int fd = openat(dfd, base, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	int err = errno;
	close(dfd);
	errno = err;
	return fd;
}

int flowdir_open(const char *rel, int flags, mode_t mode)
{
	return flowdir_openat(AT_FDCWD, rel, flags, mode);
}

int flowdir_mkstemp(char *tmpl)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t len = strlen(tmpl);
	if (len < 6 || strcmp(tmpl + len - 6, "XXXXXX") != 0) {
		errno = EINVAL;
		return -1;
	}
	const char *base;
	int dfd = walk(AT_FDCWD, tmpl, true, &base);
	if (dfd < 0)
		return -1;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t seed = (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 20 ^ (uint64_t)getpid() << 40;
	int fd = -1;
	for (int tries = 0; fd < 0 && tries < 1000; tries++) {
		for (size_t i = len - 6; i < len; i++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			tmpl[i] = chars[(seed >> 33) % (sizeof(chars) - 1)];
		}
		fd = openat(dfd, base, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	int err = errno;
	close(dfd);
	errno = err;
	return fd;
}
