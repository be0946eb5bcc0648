/* flowdir: open files under .flow/ without following symbolic links, so that a cloned
 * repository shipping links in .flow/ cannot make flow write (or read) anything else. */
#ifndef FLOW_FLOWDIR_H
#define FLOW_FLOWDIR_H

#include <sys/types.h>

/* Open the directory dir itself, refusing a symbolic link (ELOOP) or a non-directory
 * (ENOTDIR). The descriptor is close-on-exec. */
int flowdir_dir(const char *dir);
/* Open rel (a relative path) under the directory dirfd (AT_FDCWD for the current one)
 * without following a link in any of its components (ELOOP). With O_CREAT in flags the
 * missing directories on the way are made too. The descriptor is close-on-exec. */
int flowdir_openat(int dirfd, const char *rel, int flags, mode_t mode);
/* flowdir_openat from the current directory. */
int flowdir_open(const char *rel, int flags, mode_t mode);
/* Like mkostemp(tmpl, O_CLOEXEC) for a relative template ending in XXXXXX, with no link
 * followed on the way (the directories are made when missing). */
int flowdir_mkstemp(char *tmpl);

#endif
