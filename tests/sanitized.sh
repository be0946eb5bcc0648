#!/bin/sh
# Run the whole test suite again on a build with AddressSanitizer and
# UndefinedBehaviorSanitizer. Any sanitizer report fails a test (the build uses
# -fno-sanitize-recover, ASan exits non-zero), and so fails this script.
#
# Run from the top build directory, with the source directory as $1. The build happens in
# ./san-src, a copy of the source files as they are in the working tree (those git tracks
# or would track), so test logs or example outputs lying in the source tree never mix in.
set -eu
srcdir=$(cd "${1:-.}" && pwd)
rm -rf san-src
mkdir san-src
if git -C "$srcdir" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$srcdir" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 tar -cf - --no-recursion) | tar -xf - -C san-src
else
	(cd "$srcdir" && tar -cf - --exclude=san-src --exclude='*.o' --exclude='*.log' --exclude='*.trs' .) |
		tar -xf - -C san-src
fi
# The test-only npm modules (ignored by git) stay where they are.
FLOW_EDITOR_MODULES=${FLOW_EDITOR_MODULES:-$srcdir/tests/editors/node_modules}
export FLOW_EDITOR_MODULES
cd san-src
autoreconf -fi >/dev/null 2>&1
mkdir _build
cd _build
../configure -q --enable-sanitizers
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	make -j2 check
