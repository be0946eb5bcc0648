#!/bin/sh
# Fuzz the state-store loader with libFuzzer for a bounded time:
# run-store.sh [SECONDS] [WORKDIR] (default 60, tests/fuzz/work). Called by run.sh.
# Builds fuzz_store with clang, seeds it with the real state files of corpus-store/, and
# exits non-zero when the fuzzer finds a crash, a leak, a timeout or undefined behaviour
# (the input that triggered it is left in the work directory).
set -eu
seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${2:-tests/fuzz/work}
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null 2>&1 || { echo "run-store.sh: $CC not found: install clang" >&2; exit 1; }
mkdir -p "$work/corpus-store-run"
work=$(cd "$work" && pwd)

# shellcheck disable=SC2046
"$CC" -std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I"$top/src" $(pkg-config --cflags libxxhash zlib) \
	"$here/fuzz_store.c" "$top/src/util.c" "$top/src/store.c" "$top/src/flowdir.c" \
	$(pkg-config --libs libxxhash zlib) -o "$work/fuzz_store"
cp "$here"/corpus-store/* "$work/corpus-store-run/"

cd "$work"
status=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
./fuzz_store -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
	-artifact_prefix="$work/store-" -print_final_stats=1 corpus-store-run >fuzz-store.log 2>&1 || status=$?
tail -n 12 fuzz-store.log
if [ "$status" -ne 0 ]; then
	echo "run-store.sh: the fuzzer failed (exit $status); see $work/fuzz-store.log and the store-crash-* files" >&2
	exit 1
fi
echo "run-store.sh: no crash in ${seconds}s"
