#!/bin/sh
# SIGTERM to flow while a container job runs: the same as ctr-sig-int.sh (exit 130, partial
# output removed, no container or process left).
CTR_SIG=TERM
. "$FLOW_SRCDIR/tests/e2e/ctr-sig-int.sh"
