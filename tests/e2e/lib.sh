# Helpers for end-to-end tests: each test runs the real flow binary in a fresh
# temporary directory and asserts on files, exit codes and messages.
# Usage: . "$FLOW_SRCDIR/tests/e2e/lib.sh"; then write files, call `run_flow ARGS...`
# and the assert_* functions. A test ends with `pass`.
set -u

: "${FLOW:?FLOW must name the flow binary}"
: "${FLOW_SRCDIR:?FLOW_SRCDIR must name the source tree}"

TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/flow-e2e-$TEST_NAME.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 99
FAILURES=0

# run_flow ARGS...: run flow, leaving its exit code in $rc and its output in out.txt, err.txt.
run_flow() {
	"$FLOW" "$@" >out.txt 2>err.txt
	rc=$?
	return 0
}

fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	echo "--- stdout:" >&2; cat out.txt >&2 2>/dev/null
	echo "--- stderr:" >&2; cat err.txt >&2 2>/dev/null
	FAILURES=$((FAILURES + 1))
}

assert_rc() { [ "$rc" -eq "$1" ] || fail "exit code $rc, expected $1"; }
assert_file() { [ -f "$1" ] || fail "file '$1' missing"; }
assert_no_file() { [ ! -e "$1" ] || fail "file '$1' exists"; }
assert_content() { [ "$(cat "$1" 2>/dev/null)" = "$2" ] || fail "'$1' holds '$(cat "$1" 2>/dev/null)', expected '$2'"; }
# assert_out/assert_err TEXT: the output contains TEXT (a fixed string)
assert_out() { grep -qF -- "$1" out.txt || fail "stdout lacks '$1'"; }
assert_err() { grep -qF -- "$1" err.txt || fail "stderr lacks '$1'"; }
assert_not_err() { ! grep -qF -- "$1" err.txt || fail "stderr has '$1'"; }
assert_not_out() { ! grep -qF -- "$1" out.txt || fail "stdout has '$1'"; }
# assert_err_exact FILE: stderr is exactly the contents of FILE
assert_err_exact() { diff -u "$1" err.txt >&2 || fail "stderr differs from the expected text"; }

# assert_ran "a b": the jobs that appended their names to ran.log, sorted and joined by
# spaces, are exactly these; ran.log is then cleared for the next run.
assert_ran() {
	got=$(sort ran.log 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$1" ] || fail "jobs that ran: '$got', expected '$1'"
	rm -f ran.log
}

# chain_flowfile [CMD]: the Flowfile of the rerun tests: two samples, each made upper-case
# (or through CMD) by rule up, joined by rule join; every job appends its name to ran.log.
chain_flowfile() {
	cat > Flowfile <<FLOW
SAMPLES = ["s1", "s2"]
rule all:
    input: "final.txt"
rule up:
    input: "data/{s}.txt"
    output: "work/{s}.up"
    shell: "echo up-{wildcards.s} >> ran.log; ${1:-tr a-z A-Z} < {input} > {output}"
rule join:
    input: expand("work/{s}.up", s = SAMPLES)
    output: "final.txt"
    shell: "echo join >> ran.log; cat {input} > {output}"
FLOW
}

# chain_project [CMD]: chain_flowfile and its sources data/s1.txt, data/s2.txt.
chain_project() {
	chain_flowfile "$@"
	mkdir data
	echo hello > data/s1.txt
	echo world > data/s2.txt
}

# ctr_setup: podman configured for this machine (CONTAINERS_CONF) and the test images
# localhost/flow-test-a:1 and -b:1 built; SKIP when podman cannot run containers here.
ctr_setup() {
	export CONTAINERS_CONF="$FLOW_SRCDIR/tests/containers/containers.conf"
	sh "$FLOW_SRCDIR/tests/containers/setup.sh" "$WORK/.ids" >"$WORK/.setup.txt" 2>&1
	case $? in
	0) ;;
	77) skip "podman is unusable here: $(tail -n 1 "$WORK/.setup.txt" | sed "s/^SKIP: //")" ;;
	*) echo "ERROR: $TEST_NAME: setup.sh failed:" >&2; cat "$WORK/.setup.txt" >&2; exit 99 ;;
	esac
}

# marked_pids / marked_pgids: the (unique) pids or process groups of the live processes
# whose command line holds $MARK, a string the test puts in its jobs' commands.
marked_pids() {
	ps -eo pid=,stat=,args= | awk -v m="$MARK" 'index($0, m) && $2 !~ /^Z/ && !/awk/ {print $1}'
}
marked_pgids() {
	ps -eo pgid=,stat=,args= | awk -v m="$MARK" 'index($0, m) && $2 !~ /^Z/ && !/awk/ {print $1}' | sort -u
}

# wait_started PID FILE...: wait (5 s at most) until a job's `sleep $MARK` runs and each
# FILE is non-empty; else fail, kill flow (PID) and the job, and end the test.
wait_started() {
	_pid=$1
	shift
	_i=0
	until pgrep -f "sleep $MARK" >/dev/null && (for _f; do [ -s "$_f" ] || exit 1; done); do
		_i=$((_i + 1))
		[ $_i -le 100 ] || { fail "the job did not start"; kill -KILL $_pid $(pgrep -f "sleep $MARK"); pass; }
		sleep 0.05
	done
}

# skip REASON: this machine lacks a part the test needs: SKIP loudly (exit 77). In CI
# (CI=true), which installs every part, a skip is a failure: nothing may skip there.
skip() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $TEST_NAME: would skip in CI: $*" >&2
		exit 1
	fi
	echo "SKIP: $TEST_NAME: $*" >&2
	exit 77
}

# skip_part REASON: the rest of the test cannot run here; the part so far has run. Passes
# (or fails on earlier assertions) with a loud note, and fails in CI like skip.
skip_part() {
	if [ "${CI:-}" = true ]; then
		fail "would skip a part in CI: $*"
	else
		echo "SKIP-PART: $TEST_NAME: $*" >&2
	fi
	pass
}

pass() {
	if [ "$FAILURES" -ne 0 ]; then
		echo "$TEST_NAME: $FAILURES assertion(s) failed" >&2
		exit 1
	fi
	echo "PASS: $TEST_NAME"
	exit 0
}

# json_check SCHEMA PYTHON: out.txt is one JSON document of SCHEMA (version 1), read by
# python3's json module; PYTHON (asserts on it, bound to d) holds. SKIP without python3.
json_check() {
	if ! command -v python3 >/dev/null 2>&1; then
		[ "${CI:-}" = true ] && { echo "FAIL: $TEST_NAME: python3 is missing" >&2; exit 1; }
		echo "SKIP: $TEST_NAME: python3 is missing"; exit 77
	fi
	python3 -c 'import json, sys
d = json.load(open("out.txt"))
assert d["schema"] == sys.argv[1] and d["version"] == 1, (d.get("schema"), d.get("version"))
exec(sys.argv[2])' "$1" "$2" 2>check.txt || { cat check.txt >&2; fail "JSON check failed: $2"; }
}
