#!/bin/sh
# tests/containers/rebuild.sh NAME CONTENT
# Re-imports image NAME (e.g. localhost/flow-test-rebuilt-$$:1) from a static busybox rootfs whose
# /etc/flow-image holds CONTENT; NAME gets a new image ID every time (even for the same CONTENT),
# which is what "image identity changed" tests need. Prints the new ID on stdout.
# Exit 77 with "SKIP: reason" if podman is unusable. Prefer a name of the test's own over
# localhost/flow-test-a:1 — other tests running in parallel use that one.
[ $# -eq 2 ] || { echo "usage: rebuild.sh NAME CONTENT" >&2; exit 1; }
exec sh "$(dirname "$0")/setup.sh" --rebuild "$1" "$2"
