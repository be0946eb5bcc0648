#!/bin/sh
# SIGHUP to flow (its terminal or SSH session closed): the same as sig-int.sh (the running
# jobs stopped, their partial outputs removed, the finished jobs' kept, exit 130, no
# process of the jobs left), never a silent death with the jobs running on.
SIG=HUP
. "$FLOW_SRCDIR/tests/e2e/sig-int.sh"
