#!/bin/sh
# Fuzz the parser with libFuzzer for a bounded time: run.sh [SECONDS] (default 60).
# Builds tests/fuzz/work/fuzz_parse with clang from the sources, copies the seed corpus
# (tests/fuzz/corpus and the grammar corpus tests/grammar),
# and exits non-zero when the fuzzer finds a crash, a leak, a timeout or undefined
# behaviour (the input that triggered it is left in tests/fuzz/work/).
# Run from any directory; the work directory is made under the current one.
# FUZZ_JOBS=N runs N fuzzing processes in parallel (default 1).
set -eu
seconds=${1:-60}
jobs=${FUZZ_JOBS:-1}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=tests/fuzz/work
CC=${FUZZ_CC:-clang}

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "run.sh: $CC not found: install clang to fuzz the parser" >&2
	exit 1
fi
mkdir -p "$work/corpus-run"
work=$(cd "$work" && pwd)

# shellcheck disable=SC2046
"$CC" -std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I"$top/src" $(pkg-config --cflags libxxhash) \
	"$here/fuzz_parse.c" "$top/src/util.c" "$top/src/diag.c" "$top/src/lex.c" "$top/src/ast.c" \
	"$top/src/parse.c" \
	$(pkg-config --libs libxxhash) -o "$work/fuzz_parse"

cp "$here"/corpus/* "$work/corpus-run/"
# The grammar corpus (tests/grammar, checked by tests/e2e/grammar-corpus.sh) seeds it too.
for f in "$top"/tests/grammar/accept/*.flow "$top"/tests/grammar/reject/*.flow; do
	cp "$f" "$work/corpus-run/grammar-$(basename "$(dirname "$f")")-$(basename "$f")"
done

cat >"$work/flowfile.dict" <<'DICT'
"rule"
"include"
"input"
"output"
"log"
"params"
"threads"
"shell"
"priority"
"resources"
"container"
"mounts"
"env"
"network"
"expand"
"\x22\x22\x22"
"\x5c\x0a"
"\x0a    "
"\x0a\x09"
":"
"="
","
"["
"]"
"("
")"
"-"
"#"
"9223372036854775808"
DICT

# Includes the inputs name are resolved from here; keep them away from the tree.
cd "$work"
status=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
./fuzz_parse -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
	-dict=flowfile.dict -artifact_prefix="$work/" -print_final_stats=1 \
	$( [ "$jobs" -gt 1 ] && echo "-fork=$jobs" ) \
	corpus-run >fuzz.log 2>&1 || status=$?
tail -n 15 fuzz.log
if [ "$status" -ne 0 ]; then
	echo "run.sh: the fuzzer failed (exit $status); see $work/fuzz.log and the crash-* files" >&2
	exit 1
fi
echo "run.sh: no crash in ${seconds}s"

# The state-store loader, seeded with real .flow/state files (fuzz_store.c).
cd "$top" && sh "$here/run-store.sh" "$seconds" "$work"
