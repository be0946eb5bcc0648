#!/bin/sh
# SIGTERM to flow: the same as sig-int.sh (the running jobs stopped, their partial outputs
# removed, the finished jobs' kept, exit 130, no process of the jobs left).
SIG=TERM
. "$FLOW_SRCDIR/tests/e2e/sig-int.sh"
