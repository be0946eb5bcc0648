/* lock: one flow at a time per project, with an fcntl lock on .flow/lock. The kernel drops
 * the lock when its holder dies, even by SIGKILL, so no stale lock is ever left behind. */
#ifndef FLOW_LOCK_H
#define FLOW_LOCK_H

#include "util.h"

/* Lock dir/lock (neither dir nor lock may be a symbolic link: ELOOP) and write the note
 * "pid N started TIME" in it. Returns the open descriptor (keep it open while running), or
 * -1: when another flow holds the lock, holder is filled with "pid N, started TIME" (the
 * time once its note is whole; only "pid N" if it is not within half a second);
 * otherwise errno tells why. */
int lock_take(const char *dir, struct buf *holder);

/* Whether a flow holds the lock on dir/lock; looks without creating or changing it. */
bool lock_held(const char *dir);

#endif
