#!/bin/sh
# Run the whole test suite again on a build with AddressSanitizer and
# UndefinedBehaviorSanitizer. Any sanitizer report fails a test (the build uses
# -fno-sanitize-recover and ASan exits non-zero), and so fails this script.
# Run from the top build directory: it builds a clean copy of the distribution.
set -eu
make distdir distdir=san-src >/dev/null
mkdir -p san-src/_build
cd san-src/_build
../configure -q --enable-sanitizers
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	make -j2 check
