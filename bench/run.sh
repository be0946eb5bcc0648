#!/usr/bin/env bash
# bench/run.sh — flow against ninja, GNU make and Snakemake on the same "wide" workflow.
#
# The workflow: N samples, each a chain of three jobs
#     a/{s}.txt  (echo {s})  →  b/{s}.txt (cp)  →  c/{s}.txt (cp)
# plus one aggregate job count.txt that cats all c/{s}.txt (`ls c | (cd c && xargs
# cat)`, which does not put the N names on one command line): 3N+1 jobs. The same
# workflow is generated as a Flowfile, a build.ninja, a Makefile and a Snakefile with
# identical shell commands, each run by bash -euo pipefail -c (flow and Snakemake do
# that themselves; the Makefile sets SHELL and .SHELLFLAGS to match; ninja's
# commands are spelled bash -euo pipefail -c '...').
#
# See bench/README.md. Usage: bench/run.sh [options]; --help lists them.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() {
	cat <<'EOF'
usage: bench/run.sh [options]

Sections (run in this order; default: all that apply):
  dry   dry run of 3N+1 jobs at N=BENCH_DRY_N: flow -n -q, ninja -n, make -r -n
  run   full run at N=BENCH_RUN_N: flow -j J -q, ninja -j J, make -r -j J, clean dir
        each time
  smk   Snakemake (if installed), with flow and make at the same N:
        dry run at N=BENCH_SMK_DRY_N, full run at N=BENCH_SMK_RUN_N
  noop  state: the same chain with sources data/{s}.txt -> a -> b -> c -> count at
        N=BENCH_NOOP_N, run once (untimed), then the no-op of flow (hashes cached),
        ninja and make; then one source changed: flow's decision (-n);
        Snakemake's no-op at N=BENCH_SMK_NOOP_N (its full run is untimed)
  edit  that built state at N=BENCH_EDIT_N: before each run one source is edited,
        then flow, ninja, make bring the build up to date (4 jobs, the aggregate
        cats all N c/ files); bare runs the same 4 commands with no tool: a tool's
        own time is its wall minus bare's
  mega  BENCH_MEGA_N samples (1,000,000 jobs): dry run, then no-op on a built state
        written by bench/mkstate.py (no job runs; needs python3), for the tools
        of BENCH_MEGA_TOOLS
  ctr   BENCH_CTR_N trivial jobs in podman containers (image localhost/flow-test-a:1):
        flow -j J --containers=podman vs the same `podman run` command lines run
        J at a time by xargs -P J; prints flow's overhead per container job.
        Needs podman (skipped otherwise); --quick leaves it out unless --only names it.

Options (each also an environment variable; options win):
  --dry-n N        BENCH_DRY_N       samples for the dry run          [33334]
  --run-n N        BENCH_RUN_N       samples for the full run         [3334]
  --smk-dry-n N    BENCH_SMK_DRY_N   samples for the Snakemake dry run [10000]
  --smk-run-n N    BENCH_SMK_RUN_N   samples for the Snakemake run    [300]
  --ctr-n N        BENCH_CTR_N       jobs for the container section   [50]
  --noop-n N       BENCH_NOOP_N      samples for the no-op section    [33334]
  --smk-noop-n N   BENCH_SMK_NOOP_N  samples for Snakemake's no-op    [1000]
  --edit-n N       BENCH_EDIT_N      samples for the edit section     [BENCH_NOOP_N]
  --mega-n N       BENCH_MEGA_N      samples for the mega section     [333333]
  --mega-repeat R  BENCH_MEGA_REPEAT runs per mega measurement        [BENCH_REPEAT]
  --mega-tools L   BENCH_MEGA_TOOLS  tools in the mega no-op   [flow,ninja,make]
  --mega-dry-tools L BENCH_MEGA_DRY_TOOLS  tools in the mega dry run [flow,make]
                   (ninja's dry run is quadratic in the aggregate's 333,333
                   inputs: each finished input rescans them all)
  --repeat R       BENCH_REPEAT      runs per measurement, best kept  [3]
  --smk-repeat R   BENCH_SMK_REPEAT  the same, for the smk section    [BENCH_REPEAT]
  --jobs J         BENCH_JOBS        parallel jobs (-j / --cores)     [2]
  --only LIST      BENCH_SECTIONS    comma-separated sections to run
                                     [dry,run,smk,noop,edit,mega,ctr]
  --quick                            tiny sizes, one repeat (smoke test); no ctr
  --keep                             keep the work directory
  --tsv FILE       BENCH_TSV         also write the results as TSV
  -h, --help

Within a section the tools run alternately (flow ninja make flow ninja make ...),
one run each per round, best of the rounds kept.

Programs: FLOW (default: ../build/flow next to this script, ../flow, or flow on
PATH), NINJA (ninja), MAKE (make), SNAKEMAKE (snakemake), PYTHON (python3, for
mkstate.py), GNU time at /usr/bin/time (package
`time`); for ctr PODMAN_BIN (podman) and CONTAINERS_CONF (default:
tests/containers/containers.conf in this tree). Work directory: under
BENCH_TMPDIR or TMPDIR or /tmp.
EOF
}

# ----------------------------------------------------------------------------
# Settings
# ----------------------------------------------------------------------------
DRY_N=${BENCH_DRY_N:-33334}
RUN_N=${BENCH_RUN_N:-3334}
SMK_DRY_N=${BENCH_SMK_DRY_N:-10000}
SMK_RUN_N=${BENCH_SMK_RUN_N:-300}
CTR_N=${BENCH_CTR_N:-50}
NOOP_N=${BENCH_NOOP_N:-33334}
SMK_NOOP_N=${BENCH_SMK_NOOP_N:-1000}
EDIT_N=${BENCH_EDIT_N:-}
MEGA_N=${BENCH_MEGA_N:-333333}
MEGA_REPEAT=${BENCH_MEGA_REPEAT:-}
MEGA_TOOLS=${BENCH_MEGA_TOOLS:-flow,ninja,make}
MEGA_DRY_TOOLS=${BENCH_MEGA_DRY_TOOLS:-flow,make}
REPEAT=${BENCH_REPEAT:-3}
SMK_REPEAT=${BENCH_SMK_REPEAT:-}
JOBS=${BENCH_JOBS:-2}
SECTIONS=${BENCH_SECTIONS:-}
TSV=${BENCH_TSV:-}
KEEP=0
QUICK=0

while [ $# -gt 0 ]; do
	case $1 in
	--dry-n) DRY_N=$2; shift ;;
	--run-n) RUN_N=$2; shift ;;
	--smk-dry-n) SMK_DRY_N=$2; shift ;;
	--smk-run-n) SMK_RUN_N=$2; shift ;;
	--ctr-n) CTR_N=$2; shift ;;
	--noop-n) NOOP_N=$2; shift ;;
	--smk-noop-n) SMK_NOOP_N=$2; shift ;;
	--edit-n) EDIT_N=$2; shift ;;
	--mega-n) MEGA_N=$2; shift ;;
	--mega-repeat) MEGA_REPEAT=$2; shift ;;
	--mega-tools) MEGA_TOOLS=$2; shift ;;
	--mega-dry-tools) MEGA_DRY_TOOLS=$2; shift ;;
	--repeat) REPEAT=$2; shift ;;
	--smk-repeat) SMK_REPEAT=$2; shift ;;
	--jobs) JOBS=$2; shift ;;
	--only) SECTIONS=$2; shift ;;
	--tsv) TSV=$2; shift ;;
	--keep) KEEP=1 ;;
	--quick) QUICK=1 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "bench/run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
	shift
done

if [ "$QUICK" = 1 ]; then
	DRY_N=200 RUN_N=50 SMK_DRY_N=50 SMK_RUN_N=10 NOOP_N=50 SMK_NOOP_N=10 REPEAT=1 SMK_REPEAT=1
	EDIT_N=50 MEGA_N=100 MEGA_REPEAT=1
fi
SMK_REPEAT=${SMK_REPEAT:-$REPEAT}
EDIT_N=${EDIT_N:-$NOOP_N}
MEGA_REPEAT=${MEGA_REPEAT:-$REPEAT}
for v in MEGA_TOOLS MEGA_DRY_TOOLS; do
	[[ ${!v} =~ ^(flow|ninja|make)(,(flow|ninja|make))*$ ]] ||
		{ echo "bench/run.sh: $v takes flow, ninja, make separated by commas, got '${!v}'" >&2; exit 2; }
done

for v in DRY_N RUN_N SMK_DRY_N SMK_RUN_N CTR_N NOOP_N SMK_NOOP_N EDIT_N MEGA_N MEGA_REPEAT REPEAT SMK_REPEAT JOBS; do
	if ! [[ ${!v} =~ ^[1-9][0-9]*$ ]]; then
		echo "bench/run.sh: $v must be a positive integer, got '${!v}'" >&2
		exit 2
	fi
done

MAKE=${MAKE:-make}
PODMAN_BIN=${PODMAN_BIN:-podman}
CTR_IMAGE=localhost/flow-test-a:1
SNAKEMAKE=${SNAKEMAKE:-snakemake}
NINJA=${NINJA:-ninja}
PYTHON=${PYTHON:-python3}
TIME=/usr/bin/time

die() { echo "bench/run.sh: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

[ -x "$TIME" ] || die "GNU time not found at $TIME (apt-get install time)"
command -v "$MAKE" >/dev/null || die "make not found ($MAKE)"

# The flow binary: $FLOW, else the build tree next to this script, else PATH.
find_flow() {
	local c
	if [ -n "${FLOW:-}" ]; then
		c=$FLOW
		[[ $c == */* ]] || c=$(command -v "$c" || true)
		[ -n "$c" ] && [ -x "$c" ] || die "FLOW='$FLOW' is not an executable"
		echo "$(cd "$(dirname "$c")" && pwd)/$(basename "$c")"
		return
	fi
	for c in "$SCRIPT_DIR/../build/flow" "$SCRIPT_DIR/../flow"; do
		if [ -x "$c" ] && [ -f "$c" ]; then
			echo "$(cd "$(dirname "$c")" && pwd)/$(basename "$c")"
			return
		fi
	done
	command -v flow || true
}
FLOW_BIN=$(find_flow)
[ -n "$FLOW_BIN" ] || note "no flow binary found (set FLOW); flow rows are skipped"

HAVE_NINJA=0
NINJA_VERSION=
if NINJA_VERSION=$("$NINJA" --version 2>/dev/null); then
	HAVE_NINJA=1
else
	note "**** no ninja ('$NINJA --version' failed): ninja rows are skipped ****"
fi

HAVE_SMK=0
SMK_VERSION=
if SMK_VERSION=$("$SNAKEMAKE" --version 2>/dev/null); then
	HAVE_SMK=1
fi

WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/flow-bench.XXXXXX")
cleanup() {
	if [ "$KEEP" = 1 ]; then note "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ----------------------------------------------------------------------------
# Workflow generators: gen_TOOL DIR N writes the workflow for N samples into DIR.
# Samples are s00001 ... (at least 5 digits), in the same order for all tools.
# ----------------------------------------------------------------------------
samples() { # samples N: one name a line
	local w=${#1}
	[ "$w" -ge 5 ] || w=5
	awk -v n="$1" -v w="$w" 'BEGIN { for (i = 1; i <= n; i++) printf "s%0*d\n", w, i }'
}

# quoted_list N INDENT: the sample names as "s00001", "s00002", ... ten to a line
quoted_list() {
	samples "$1" | awk -v ind="$2" '
		{ printf "%s\"%s\",", (NR % 10 == 1 ? ind : " "), $0 }
		NR % 10 == 0 { printf "\n" }
		END { if (NR % 10) printf "\n" }'
}

gen_flow() {
	local dir=$1 n=$2
	{
		echo "# generated by bench/run.sh: $n samples, $((3 * n + 1)) jobs"
		echo "SAMPLES = ["
		quoted_list "$n" "    "
		echo "]"
		cat <<'EOF'

rule count:
    input: expand("c/{s}.txt", s = SAMPLES)
    output: "count.txt"
    shell: "ls c | (cd c && xargs cat) > {output}"

rule c:
    input: "b/{s}.txt"
    output: "c/{s}.txt"
    shell: "cp {input} {output}"

rule b:
    input: "a/{s}.txt"
    output: "b/{s}.txt"
    shell: "cp {input} {output}"

rule a:
    output: "a/{s}.txt"
    shell: "echo {wildcards.s} > {output}"
EOF
	} >"$dir/Flowfile"
}

gen_make() {
	local dir=$1 n=$2
	{
		echo "# generated by bench/run.sh: $n samples, $((3 * n + 1)) jobs"
		echo "# Every recipe runs as bash -euo pipefail -c, like flow and Snakemake jobs."
		echo "SHELL := /bin/bash"
		echo ".SHELLFLAGS := -euo pipefail -c"
		echo "# Keep a/ and b/ (make would delete them as intermediate files)."
		echo ".SECONDARY:"
		echo "SAMPLES := \\"
		samples "$n" | awk '{ printf "%s%s", (NR % 10 == 1 ? "    " : " "), $0 } NR % 10 == 0 { printf " \\\n" } END { printf "\n" }'
		cat <<'EOF'

count.txt: $(SAMPLES:%=c/%.txt)
	ls c | (cd c && xargs cat) > $@

c/%.txt: b/%.txt
	cp $< $@

b/%.txt: a/%.txt
	cp $< $@

a/%.txt:
	echo $* > $@
EOF
	} >"$dir/Makefile"
}

gen_smk() {
	local dir=$1 n=$2
	{
		echo "# generated by bench/run.sh: $n samples, $((3 * n + 1)) jobs"
		echo "SAMPLES = ["
		quoted_list "$n" "    "
		echo "]"
		cat <<'EOF'

rule count:
    input: expand("c/{s}.txt", s = SAMPLES)
    output: "count.txt"
    shell: "ls c | (cd c && xargs cat) > {output}"

rule c:
    input: "b/{s}.txt"
    output: "c/{s}.txt"
    shell: "cp {input} {output}"

rule b:
    input: "a/{s}.txt"
    output: "b/{s}.txt"
    shell: "cp {input} {output}"

rule a:
    output: "a/{s}.txt"
    shell: "echo {wildcards.s} > {output}"
EOF
	} >"$dir/Snakefile"
}

# Ninja has no pattern rules: one build statement per job. Its commands run as
# /bin/sh -c 'CMD'; CMD is the same bash -euo pipefail -c '...' line that make runs
# (one extra dash exec per job, about 0.5 ms of CPU). `ninja -t commands` shows them.
# gen_ninja DIR N [noop]: with noop, a/{s}.txt is copied from data/{s}.txt.
gen_ninja() {
	local dir=$1 n=$2 src=${3:-}
	samples "$n" | awk -v n="$n" -v src="$src" '
		BEGIN {
			q = "\047"
			printf "# generated by bench/run.sh: %d samples, %d jobs\n", n, 3 * n + 1
			printf "rule echo\n  command = bash -euo pipefail -c %secho $s > $out%s\n", q, q
			printf "rule cp\n  command = bash -euo pipefail -c %scp $in $out%s\n", q, q
			printf "rule agg\n  command = bash -euo pipefail -c %sls c | (cd c && xargs cat) > $out%s\n", q, q
		}
		{
			if (src != "") printf "build a/%s.txt: cp data/%s.txt\n", $0, $0
			else printf "build a/%s.txt: echo\n  s = %s\n", $0, $0
			printf "build b/%s.txt: cp a/%s.txt\nbuild c/%s.txt: cp b/%s.txt\n", $0, $0, $0, $0
			names[NR] = $0
		}
		END {
			printf "build count.txt: agg"
			for (i = 1; i <= NR; i++) printf " $\n    c/%s.txt", names[i]
			printf "\ndefault count.txt\n"
		}' >"$dir/build.ninja"
}

gen_ninja_noop() {
	gen_ninja "$1" "$2" noop
	noop_sources "$1" "$2"
}

# bare: the edit section's baseline, no tool at all: the 4 command lines that a tool
# runs after data/{first}.txt changed, each as bash -euo pipefail -c, one after the
# other (the chain allows no parallelism), from a script run by sh. Its wall time is
# the jobs' own time; a tool's wall minus it is the tool's own time.
gen_bare_noop() {
	gen_make_noop "$1" "$2"
	bare_script "$1"
}

bare_script() {
	local s
	s=$(samples 1)
	cat >"$1/edit.sh" <<EOF
bash -euo pipefail -c 'cp data/$s.txt a/$s.txt'
bash -euo pipefail -c 'cp a/$s.txt b/$s.txt'
bash -euo pipefail -c 'cp b/$s.txt c/$s.txt'
bash -euo pipefail -c 'ls c | (cd c && xargs cat) > count.txt'
EOF
}

# mega: one directory holds the Flowfile, the Makefile and build.ninja, shared by
# the three tools (dry runs and no-ops change no output). megadry: the plain wide
# workflow; meganoop: the no-op workflow, whose sources and outputs bench/mkstate.py
# writes without running a job (section mega).
gen_megadry() {
	gen_flow "$1" "$2"
	gen_make "$1" "$2"
	gen_ninja "$1" "$2"
}

gen_meganoop() {
	gen_flow "$1" "$2"
	sed -i -e 's|^rule a:$|rule a:\n    input: "data/{s}.txt"|' \
		-e 's|shell: "echo {wildcards.s} > {output}"|shell: "cp {input} {output}"|' "$1/Flowfile"
	gen_make "$1" "$2"
	sed -i -e 's|^a/%.txt:$|a/%.txt: data/%.txt|' -e 's|^\techo \$\* > \$@$|\tcp $< $@|' "$1/Makefile"
	gen_ninja "$1" "$2" noop
}

# Container jobs (section ctr): N independent trivial jobs c/{i}.txt, each in its own
# container of $CTR_IMAGE. gen_flow_ctr writes the Flowfile; gen_shell_ctr writes the
# same Flowfile and captures, with one untimed `flow -p` run there, the exact `podman
# run` command line of every job into cmds.txt (one a line, shell-quoted), which the
# baseline runs J at a time with xargs -P J.
gen_flow_ctr() {
	local dir=$1 n=$2
	{
		echo "# generated by bench/run.sh: $n container jobs"
		echo "IDS = ["
		quoted_list "$n" "    "
		echo "]"
		cat <<EOF

rule all:
    input: expand("c/{i}.txt", i = IDS)

rule c:
    output: "c/{i}.txt"
    container: "$CTR_IMAGE"
    network: off
    shell: "echo {wildcards.i} > {output}"
EOF
	} >"$dir/Flowfile"
}

gen_shell_ctr() {
	local dir=$1 n=$2
	gen_flow_ctr "$dir" "$n"
	(
		cd "$dir" && clean &&
			"$FLOW_BIN" -j 1 -p --containers=podman >flow-p.txt 2>&1 &&
			grep "^$PODMAN_BIN run " flow-p.txt >cmds.txt &&
			clean
	) || die "cannot capture the podman command lines in $dir: $(tail -n 3 "$dir/flow-p.txt")"
	[ "$(wc -l <"$dir/cmds.txt")" -eq "$n" ] || die "$dir/cmds.txt: expected $n podman run lines"
}

# The no-op section's workflow: the same chain fed by sources data/{s}.txt, whose a/
# step copies its source, so that changing one source reruns exactly one chain.
# gen_TOOL_noop turns TOOL's generated workflow into that one and writes the sources.
noop_sources() {
	mkdir -p "$1/data"
	samples "$2" | (cd "$1/data" && while read -r s; do echo "$s" > "$s.txt"; done)
}

gen_flow_noop() {
	gen_flow "$1" "$2"
	sed -i -e 's|^rule a:$|rule a:\n    input: "data/{s}.txt"|' \
		-e 's|shell: "echo {wildcards.s} > {output}"|shell: "cp {input} {output}"|' "$1/Flowfile"
	noop_sources "$1" "$2"
}

gen_make_noop() {
	gen_make "$1" "$2"
	sed -i -e 's|^a/%.txt:$|a/%.txt: data/%.txt|' -e 's|^\techo \$\* > \$@$|\tcp $< $@|' "$1/Makefile"
	noop_sources "$1" "$2"
}

gen_smk_noop() {
	gen_smk "$1" "$2"
	sed -i -e 's|^rule a:$|rule a:\n    input: "data/{s}.txt"|' \
		-e 's|shell: "echo {wildcards.s} > {output}"|shell: "cp {input} {output}"|' "$1/Snakefile"
	noop_sources "$1" "$2"
}

# workdir TOOL N [MODE]: a directory holding TOOL's workflow for N samples (made once);
# mode ctr takes the container generator gen_TOOL_ctr.
workdir() {
	local tool=$1 n=$2 gen=gen_$1 dir="$WORK/$1-$2"
	if [ "${3:-}" = ctr ]; then
		gen=gen_$1_ctr dir="$WORK/$1-ctr-$2"
	elif [[ ${3:-} == megadry || ${3:-} == meganoop ]]; then
		gen=gen_$3 dir="$WORK/$3-$2"
	elif [[ ${3:-} == noop || ${3:-} == noopdecide || ${3:-} == edit ]]; then
		gen=gen_$1_noop dir="$WORK/$1-noop-$2"
	fi
	if [ ! -d "$dir" ]; then
		mkdir -p "$dir"
		"$gen" "$dir" "$n"
	fi
	echo "$dir"
}

# clean: in the current directory, remove every output and tool state, and
# create the output directories (make does not create them; the others would).
clean() {
	rm -rf a b c count.txt .flow .snakemake .ninja_log .ninja_deps
	mkdir a b c
}

# check_outputs N: after a full run, count.txt says N and c/ holds N files.
check_outputs() {
	local got
	got=$(wc -l <count.txt 2>/dev/null || echo missing)
	[ "$got" = "$1" ] || die "$PWD: count.txt holds '$got' lines, expected $1"
	[ -f "c/$(samples "$1" | tail -n 1).txt" ] || die "$PWD: last c/ file missing"
}

# check_ctr_outputs N: after a container run, c/ holds the N files, the last one right.
check_ctr_outputs() {
	local last
	last=$(samples "$1" | tail -n 1)
	[ "$(ls c | wc -l)" -eq "$1" ] || die "$PWD: c/ holds $(ls c | wc -l) files, expected $1"
	[ "$(cat "c/$last.txt" 2>/dev/null)" = "$last" ] || die "$PWD: c/$last.txt is wrong"
}

# ----------------------------------------------------------------------------
# Commands: set_cmd TOOL MODE sets CMD to the command line, run in the
# workflow's directory with stdout and stderr to files.
# ----------------------------------------------------------------------------
set_cmd() {
	case $1-$2 in
	flow-dry) CMD=("$FLOW_BIN" -n -q) ;;
	flow-run) CMD=("$FLOW_BIN" -j "$JOBS" -q) ;;
	flow-edit | flow-meganoop) CMD=("$FLOW_BIN" -j "$JOBS" -q) ;;
	flow-megadry) CMD=("$FLOW_BIN" -n -q) ;;
	ninja-dry | ninja-megadry) CMD=("$NINJA" -n) ;;
	ninja-run) CMD=("$NINJA" -j "$JOBS" --quiet) ;;
	ninja-noop | ninja-edit | ninja-meganoop) CMD=("$NINJA" -j "$JOBS") ;;
	make-edit | make-meganoop) CMD=("$MAKE" -r -j "$JOBS") ;;
	make-megadry) CMD=("$MAKE" -r -n) ;;
	bare-edit) CMD=(sh edit.sh) ;;
	make-dry) CMD=("$MAKE" -r -n) ;;
	make-run) CMD=("$MAKE" -r -j "$JOBS") ;;
	smk-dry) CMD=("$SNAKEMAKE" --cores "$JOBS" -n -q) ;;
	smk-run) CMD=("$SNAKEMAKE" --cores "$JOBS" -q) ;;
	flow-ctr) CMD=("$FLOW_BIN" -j "$JOBS" -q --containers=podman) ;;
	flow-noop | flow-noopplain) CMD=("$FLOW_BIN" -j "$JOBS" -q) ;;
	flow-noopdecide) CMD=("$FLOW_BIN" -n -q) ;;
	make-noop) CMD=("$MAKE" -r -j "$JOBS") ;;
	smk-noop) CMD=("$SNAKEMAKE" --cores "$JOBS" -q) ;;
	shell-ctr) CMD=(xargs -a cmds.txt -d '\n' -n 1 -P "$JOBS" sh -c) ;;
	*) die "no command for $1 $2" ;;
	esac
}

# ----------------------------------------------------------------------------
# Measurement
# ----------------------------------------------------------------------------
# measure TOOL MODE N REPEAT [PREP]: run TOOL's MODE command in its workflow for N
# samples REPEAT times, PREP (a function, untimed) before each run; set
# M_WALL (best wall time, microseconds) and M_RSS (lowest peak RSS, KiB).
# Wall time is taken around GNU time, which reports the peak RSS (%M) of the
# tool and of its children, whichever is largest.
measure() {
	local tool=$1 mode=$2 n=$3 repeat=$4 prep=${5:-} dir i t0 t1 wall rss
	local out="$WORK/stdout.txt" err="$WORK/stderr.txt" tout="$WORK/time.out"
	dir=$(workdir "$tool" "$n" "$mode") || return 1
	set_cmd "$tool" "$mode"
	M_WALL= M_RSS=
	pushd "$dir" >/dev/null
	for ((i = 1; i <= repeat; i++)); do
		[ -z "$prep" ] || "$prep"
		t0=${EPOCHREALTIME/./}
		if ! "$TIME" -f '%M' -o "$tout" "${CMD[@]}" >"$out" 2>"$err"; then
			echo "bench/run.sh: '${CMD[*]}' failed in $dir; last lines of its output:" >&2
			tail -n 15 "$out" "$err" >&2 || true
			popd >/dev/null
			return 1
		fi
		t1=${EPOCHREALTIME/./}
		wall=$((t1 - t0))
		rss=$(tail -n 1 "$tout")
		if [ -z "$M_WALL" ] || [ "$wall" -lt "$M_WALL" ]; then M_WALL=$wall; fi
		if [ -z "$M_RSS" ] || [ "$rss" -lt "$M_RSS" ]; then M_RSS=$rss; fi
		[ "$mode" != run ] || check_outputs "$n"
		[ "$mode" != ctr ] || check_ctr_outputs "$n"
		[ "$mode" != edit ] || check_edit
	done
	popd >/dev/null
	return 0
}

# Results: one row per measurement, printed at the end.
ROWS=()     # "section|tool|N|jobs|wall_us|rss_kib|load"
declare -A RES_WALL RES_RSS

# loadavg: the 1-minute load average now.
loadavg() { cut -d ' ' -f 1 /proc/loadavg; }

# have_tool TOOL: whether TOOL can be measured here (flow and ninja may be missing).
have_tool() {
	case $1 in
	flow) [ -n "$FLOW_BIN" ] ;;
	ninja) [ "$HAVE_NINJA" = 1 ] ;;
	smk) [ "$HAVE_SMK" = 1 ] ;;
	*) true ;;
	esac
}

# record_alt SECTION MODE N REPEAT PREP TOOL...: measure the TOOLs' MODE commands
# alternately (ABC ABC ..., REPEAT rounds, one run of each tool per round, PREP
# before each run, untimed) and keep one row per tool: best wall, lowest peak RSS,
# and the load average before the first and after the last round. A failed or
# missing tool gives a row with '-' or FAIL.
record_alt() {
	local section=$1 mode=$2 n=$3 repeat=$4 prep=$5 t i l0 l1 jobs
	shift 5
	local -a tools=()
	local -A bw=() br=() bad=()
	jobs=$((3 * n + 1))
	[ "$mode" != ctr ] || jobs=$n
	[ "$mode" != edit ] || jobs=4
	for t in "$@"; do
		if have_tool "$t"; then tools+=("$t"); else ROWS+=("$section|$t|$n|$jobs|-|-|-"); fi
	done
	[ ${#tools[@]} -gt 0 ] || return 0
	l0=$(loadavg)
	note "$section: ${tools[*]} alternately, N=$n ($jobs jobs), best of $repeat (load $l0) ..."
	for ((i = 1; i <= repeat; i++)); do
		for t in "${tools[@]}"; do
			[ -z "${bad[$t]:-}" ] || continue
			if ! measure "$t" "$mode" "$n" 1 "$prep"; then
				bad[$t]=1
				continue
			fi
			if [ -z "${bw[$t]:-}" ] || [ "$M_WALL" -lt "${bw[$t]}" ]; then bw[$t]=$M_WALL; fi
			if [ -z "${br[$t]:-}" ] || [ "$M_RSS" -lt "${br[$t]}" ]; then br[$t]=$M_RSS; fi
		done
	done
	l1=$(loadavg)
	for t in "${tools[@]}"; do
		if [ -n "${bad[$t]:-}" ]; then
			ROWS+=("$section|$t|$n|$jobs|FAIL|FAIL|$l0-$l1")
			continue
		fi
		ROWS+=("$section|$t|$n|$jobs|${bw[$t]}|${br[$t]}|$l0-$l1")
		RES_WALL[$section|$t]=${bw[$t]}
		RES_RSS[$section|$t]=${br[$t]}
		note "  $t: $(awk -v w="${bw[$t]}" -v r="${br[$t]}" 'BEGIN { printf "%.3f s, %.1f MiB", w / 1e6, r / 1024 }')"
	done
	note "  (load $l0 before, $l1 after)"
}

# record SECTION TOOL MODE N REPEAT [PREP]: one tool alone (see record_alt).
record() {
	record_alt "$1" "$3" "$4" "$5" "${6:-}" "$2"
}

# ----------------------------------------------------------------------------
# Sections. A section is a function section_NAME, listed in ALL_SECTIONS with a
# one-line description in SECTION_DESC; it calls `record` for each measurement.
# Later sections (a no-op run against existing state, container jobs, ...) add a
# function and an entry here; rows and ratios are printed for them unchanged.
# ----------------------------------------------------------------------------
ALL_SECTIONS=(dry run smk noop edit mega ctr)
declare -A SECTION_DESC=(
	[dry]="dry run (flow -n -q / ninja -n / make -r -n)"
	[run]="full run, -j $JOBS, from a clean dir (flow, ninja, make)"
	[smk]="Snakemake comparison (dry run and full run at smaller N)"
	[noop]="no-op with state at N=$NOOP_N (flow, ninja, make; Snakemake at N=$SMK_NOOP_N); flow's decision after one source changed"
	[edit]="one source edited at N=$EDIT_N: flow, ninja, make rerun its 4 jobs; bare: the 4 commands alone"
	[mega]="$((3 * MEGA_N + 1)) jobs: dry run ($MEGA_DRY_TOOLS) and no-op ($MEGA_TOOLS)"
	[ctr]="$CTR_N container jobs, -j $JOBS: flow --containers=podman vs xargs -P $JOBS of the same podman run lines"
)
QUICK_SKIP=(ctr) # sections --quick leaves out unless --only names them
EXTRA_NOTES=()   # lines printed after the table

section_dry() {
	record_alt dry dry "$DRY_N" "$REPEAT" clean flow ninja make
}

section_run() {
	record_alt run run "$RUN_N" "$REPEAT" clean flow ninja make
}

section_smk() {
	if [ "$HAVE_SMK" != 1 ]; then
		note "**** smk: '$SNAKEMAKE --version' failed: Snakemake section SKIPPED (apt-get install snakemake) ****"
		return
	fi
	record_alt smk-dry dry "$SMK_DRY_N" "$SMK_REPEAT" clean flow make smk
	record_alt smk-run run "$SMK_RUN_N" "$SMK_REPEAT" clean flow make smk
}

# noop_build TOOL N: build TOOL's no-op workflow at N once, untimed (bare's, the
# edit section's baseline, is built by make); a second call does nothing.
noop_build() {
	local tool=$1 n=$2 dir="$WORK/$1-noop-$2"
	[ ! -e "$dir/.built" ] || return 0
	if [ "$tool" = bare ] && [ -e "$WORK/make-noop-$n/.built" ]; then
		# make's built directory is the same state: copy it (mtimes kept) instead of
		# running the whole workflow again; then bare's own edit.sh.
		note "noop: copying make's built workflow at N=$n for bare (untimed) ..."
		rm -rf "$dir" && cp -a "$WORK/make-noop-$n" "$dir" && bare_script "$dir" ||
			die "cannot copy make's built workflow to $dir"
		return 0
	fi
	dir=$(workdir "$tool" "$n" noop)
	set_cmd "${tool/bare/make}" run
	note "noop: building $tool's workflow at N=$n (untimed) ..."
	(cd "$dir" && clean && "${CMD[@]}" >build.log 2>&1) || die "$tool's build at N=$n failed (see $dir/build.log)"
	touch "$dir/.built"
}

# noop_settle TOOL N: run TOOL once, untimed, in its built no-op workflow, so that it
# is up to date (flow: the stat cache settles too).
noop_settle() {
	local tool=$1 n=$2
	[ "$tool" != bare ] || return 0
	set_cmd "$tool" noop
	(cd "$(workdir "$tool" "$n" noop)" && "${CMD[@]}" >settle.log 2>&1) || die "$tool: settling run at N=$n failed"
}

# change_one: alternate the content of the first sample's source.
change_one() {
	local f
	f="data/$(samples 1).txt"
	if grep -q changed "$f"; then samples 1 > "$f"; else echo changed >> "$f"; fi
}

# check_edit: after an edit run, the change reached c/ and the aggregate.
check_edit() {
	local s
	s=$(samples 1)
	cmp -s "data/$s.txt" "c/$s.txt" || die "$PWD: c/$s.txt does not match data/$s.txt after the edit run"
	grep -q "^changed$" "data/$s.txt" && ! grep -q "^changed$" count.txt &&
		die "$PWD: count.txt misses the change"
	return 0
}

section_noop() {
	local t fw dw pw
	for t in flow ninja make; do
		have_tool "$t" || continue
		noop_build "$t" "$NOOP_N"
		noop_settle "$t" "$NOOP_N"
	done
	record_alt noop noop "$NOOP_N" "$REPEAT" "" flow ninja make
	if [ -n "$FLOW_BIN" ]; then
		# One source changed: flow's decision alone (flow -n).
		(cd "$(workdir flow "$NOOP_N" noop)" && change_one)
		record noop-why flow noopdecide "$NOOP_N" "$REPEAT"
		noop_settle flow "$NOOP_N"
		# The plain wide workflow (a/ made from nothing, as in the other sections).
		note "noop: building flow's plain workflow at N=$NOOP_N (untimed) ..."
		(cd "$(workdir flow "$NOOP_N")" && clean && "$FLOW_BIN" -j "$JOBS" -q >build.log 2>&1 &&
			"$FLOW_BIN" -q >/dev/null 2>&1) || die "flow's plain build at N=$NOOP_N failed"
		record noop-plain flow noopplain "$NOOP_N" "$REPEAT"
		fw=${RES_WALL[noop|flow]:-} dw=${RES_WALL[noop-why|flow]:-} pw=${RES_WALL[noop-plain|flow]:-0}
		[ -z "$fw" ] || EXTRA_NOTES+=("$(awk -v f="$fw" -v d="$dw" -v p="$pw" -v n="$NOOP_N" 'BEGIN {
			printf "noop: %d jobs up to date: flow %.3f s (plain wide workflow, no sources: %.3f s); one source changed: flow -n decides in %.3f s", 3 * n + 1, f / 1e6, p / 1e6, d / 1e6 }')")
	fi
	if [ "$HAVE_SMK" = 1 ]; then
		noop_build smk "$SMK_NOOP_N"
		noop_settle smk "$SMK_NOOP_N"
		if [ -n "$FLOW_BIN" ]; then noop_build flow "$SMK_NOOP_N"; noop_settle flow "$SMK_NOOP_N"; fi
		record_alt smk-noop noop "$SMK_NOOP_N" "$REPEAT" "" flow smk
	else
		note "**** smk: no Snakemake: its no-op is SKIPPED ****"
	fi
}

# edit: the no-op workflow at N=EDIT_N, built and up to date; before each run (untimed)
# the first sample's source changes, then the tool brings the build up to date: 4 jobs
# (a, b, c of that sample, and the aggregate, which cats all N c/ files). bare runs the
# same 4 command lines with no tool; TOOL's own time = TOOL's wall - bare's wall.
edit_prep() { change_one; }

section_edit() {
	local t bw w note=""
	for t in flow ninja make bare; do
		have_tool "$t" || continue
		noop_build "$t" "$EDIT_N"
		noop_settle "$t" "$EDIT_N"
	done
	record_alt edit edit "$EDIT_N" "$REPEAT" edit_prep flow ninja make bare
	bw=${RES_WALL[edit|bare]:-}
	[ -n "$bw" ] || return 0
	for t in flow ninja make; do
		w=${RES_WALL[edit|$t]:-}
		[ -n "$w" ] || continue
		note+=$(awk -v t="$t" -v w="$w" -v b="$bw" 'BEGIN { printf "; %s %.3f s (own %.3f s)", t, w / 1e6, (w - b) / 1e6 }')
	done
	EXTRA_NOTES+=("$(awk -v b="$bw" -v n="$EDIT_N" 'BEGIN {
		printf "edit: one source changed at %d jobs, 4 jobs rerun: the jobs alone (bare) %.3f s", 3 * n + 1, b / 1e6 }')$note (own = wall - bare)")
}

# mega: MEGA_N samples (default 333333: 1,000,000 jobs), the tools of MEGA_TOOLS.
# The dry run in a clean directory; then the no-op, on the state that bench/mkstate.py
# writes without running any job (a real build takes about 15 min per tool here):
# all files with mtimes in build order, and ninja's log; flow adopts the outputs
# on a first, untimed run. Each tool is checked to find nothing to do.
mega_state() {
	local n=$1 dir out
	dir=$(workdir flow "$n" meganoop)
	[ ! -e "$dir/.built" ] || return 0
	note "mega: writing the built state of $((3 * n + 1)) jobs (untimed) ..."
	"$PYTHON" "$SCRIPT_DIR/mkstate.py" "$dir" "$n" || die "mkstate.py failed in $dir"
	cd "$dir"
	if have_tool flow; then
		"$FLOW_BIN" -q >adopt.log 2>&1 || die "flow's adopting run failed in $dir (see adopt.log)"
		out=$("$FLOW_BIN" -n 2>&1) || die "flow -n failed in $dir"
		grep -q "^flow: 0 of $((3 * n + 1)) jobs would run" <<<"$out" ||
			die "flow still has work in $dir after adopting: $(head -n 3 <<<"$out")"
	fi
	if have_tool ninja; then
		out=$("$NINJA" -n 2>&1) || die "ninja -n failed in $dir"
		grep -q "no work to do" <<<"$out" || die "ninja has work in $dir: $(head -n 3 <<<"$out")"
	fi
	if [[ ,$MEGA_TOOLS, == *,make,* ]]; then
		"$MAKE" -r -q >/dev/null 2>&1 || die "make -q: not up to date in $dir"
	fi
	cd - >/dev/null
	touch "$dir/.built"
}

section_mega() {
	local -a tools
	IFS=, read -r -a tools <<<"$MEGA_DRY_TOOLS"
	[[ ,$MEGA_DRY_TOOLS, == *,ninja,* ]] || [ "$QUICK" = 1 ] ||
		note "**** mega: ninja's dry run LEFT OUT (BENCH_MEGA_DRY_TOOLS): it is quadratic in the aggregate's fan-in ****"
	[ "$QUICK" != 1 ] || tools=(flow ninja make)
	record_alt mega-dry megadry "$MEGA_N" "$MEGA_REPEAT" clean "${tools[@]}"
	IFS=, read -r -a tools <<<"$MEGA_TOOLS"
	mega_state "$MEGA_N"
	record_alt mega-noop meganoop "$MEGA_N" "$MEGA_REPEAT" "" "${tools[@]}"
}

# ctr: needs podman able to run $CTR_IMAGE (tests/containers/setup.sh builds it without
# a registry); otherwise the section is skipped with a note. The baseline is the bare
# container start-up; the difference is flow's own cost per container job (image check,
# state store, logs, spawning, reaping).
section_ctr() {
	local setup="$SCRIPT_DIR/../tests/containers/setup.sh" msg fw sw
	if [ -z "$FLOW_BIN" ]; then
		note "ctr: no flow binary; container section skipped"
		return
	fi
	if ! command -v "$PODMAN_BIN" >/dev/null; then
		note "ctr: no $PODMAN_BIN on PATH; container section skipped"
		return
	fi
	export CONTAINERS_CONF=${CONTAINERS_CONF:-$SCRIPT_DIR/../tests/containers/containers.conf}
	if ! msg=$(sh "$setup" "$WORK/ctr-ids" 2>&1); then
		note "ctr: podman cannot run $CTR_IMAGE here ($(tail -n 1 <<<"$msg")); container section skipped"
		return
	fi
	record ctr flow ctr "$CTR_N" "$REPEAT" clean
	record ctr shell ctr "$CTR_N" "$REPEAT" clean
	fw=${RES_WALL[ctr|flow]:-} sw=${RES_WALL[ctr|shell]:-}
	if [ -n "$fw" ] && [ -n "$sw" ]; then
		EXTRA_NOTES+=("$(awk -v f="$fw" -v s="$sw" -v n="$CTR_N" -v j="$JOBS" 'BEGIN {
			printf "ctr: %d container jobs, -j %d: flow %.3f s, xargs -P %d %.3f s: flow overhead %.1f ms per container job, ratio %.3f",
				n, j, f / 1e6, j, s / 1e6, (f - s) / n / 1e3, f / s }')")
		note "  ${EXTRA_NOTES[-1]}"
	fi
}

# ----------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------
tool_name() {
	case $1 in smk) echo snakemake ;; shell) echo xargs-P ;; *) echo "$1" ;; esac
}

print_table() {
	local row section tool n jobs wall rss load fw fr
	printf '\n%-9s %-10s %7s %8s %10s %9s %9s %11s %11s  %s\n' \
		section tool N jobs "wall s" "RSS MiB" "us/job" "flow/x wall" "flow/x RSS" "load"
	printf '%s\n' "-------------------------------------------------------------------------------------------------------------"
	for row in "${ROWS[@]}"; do
		IFS='|' read -r section tool n jobs wall rss load <<<"$row"
		fw=${RES_WALL[$section|flow]:-} fr=${RES_RSS[$section|flow]:-}
		awk -v s="$section" -v t="$(tool_name "$tool")" -v n="$n" -v j="$jobs" \
			-v w="$wall" -v r="$rss" -v fw="$fw" -v fr="$fr" -v l="$load" 'BEGIN {
			if (w !~ /^[0-9]+$/) {
				printf "%-9s %-10s %7d %8d %10s %9s %9s %11s %11s  %s\n", s, t, n, j, w, r, "-", "-", "-", l
				exit
			}
			rw = (t != "flow" && fw != "" && w > 0) ? sprintf("%.3fx", fw / w) : "-"
			rr = (t != "flow" && fr != "" && r > 0) ? sprintf("%.3fx", fr / r) : "-"
			printf "%-9s %-10s %7d %8d %10.3f %9.1f %9.1f %11s %11s  %s\n", s, t, n, j,
				w / 1e6, r / 1024, w / j, rw, rr, l
		}'
	done
	echo
	echo "wall: best of the runs; RSS: peak resident set (GNU time %M, largest process),"
	echo "lowest of the runs; us/job: wall / jobs; flow/x: flow's figure divided by this row's"
	echo "(below 1: flow is faster / smaller); load: 1-minute load average before-after the"
	echo "section's alternated runs (2 CPUs: above 2, the figures are inflated by other load)."
	if [ ${#EXTRA_NOTES[@]} -gt 0 ]; then
		echo
		printf '%s\n' "${EXTRA_NOTES[@]}"
	fi
	print_goals
}

# ratio SECTION A B: A's wall / B's wall in SECTION, or '-'.
ratio() {
	local a=${RES_WALL[$1|$2]:-} b=${RES_WALL[$1|$3]:-}
	if [ -n "$a" ] && [ -n "$b" ]; then awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }'; else echo -; fi
}

# secs_mib SECTION TOOL: "W s, R MiB" or '-'.
secs_mib() {
	local w=${RES_WALL[$1|$2]:-} r=${RES_RSS[$1|$2]:-}
	if [ -n "$w" ]; then awk -v w="$w" -v r="$r" 'BEGIN { printf "%.3f s, %.0f MiB", w / 1e6, r / 1024 }'; else echo -; fi
}

# print_goals: the ratios that issue 12 sets goals for, from the rows above.
print_goals() {
	local own=- fw=${RES_WALL[edit|flow]:-} bw=${RES_WALL[edit|bare]:-}
	[ -z "$fw" ] || [ -z "$bw" ] || own=$(awk -v f="$fw" -v b="$bw" 'BEGIN { printf "%.3f s", (f - b) / 1e6 }')
	echo
	echo "goals (issue 12)                          measured                    goal"
	printf '%-41s %-27s %s\n' \
		"no-op flow/ninja (wall), N=$NOOP_N" "$(ratio noop flow ninja) ($(secs_mib noop flow))" "<= 0.8, <= 100 MiB" \
		"one source edited flow/ninja, N=$EDIT_N" "$(ratio edit flow ninja)" "<= 1.1" \
		"  flow's own time in the edit" "$own" "small fraction of a s" \
		"dry run $((3 * MEGA_N + 1)) jobs, flow" "$(secs_mib mega-dry flow)" "<= 2.5 s, <= 500 MiB" \
		"no-op $((3 * MEGA_N + 1)) jobs, flow/ninja" "$(ratio mega-noop flow ninja) ($(secs_mib mega-noop flow))" "-" \
		"full run flow/make, -j $JOBS, N=$RUN_N" "$(ratio run flow make)" "<= 1.0"
}

write_tsv() {
	local row section tool n jobs wall rss load
	printf 'section\ttool\tN\tjobs\twall_us\trss_kib\tload\n' >"$TSV"
	for row in "${ROWS[@]}"; do
		IFS='|' read -r section tool n jobs wall rss load <<<"$row"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$(tool_name "$tool")" "$n" "$jobs" "$wall" "$rss" "$load" >>"$TSV"
	done
}

# ----------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------
if [ -z "$SECTIONS" ]; then
	for s in "${ALL_SECTIONS[@]}"; do
		[[ $QUICK = 1 && " ${QUICK_SKIP[*]} " == *" $s "* ]] && continue
		SECTIONS=${SECTIONS:+$SECTIONS,}$s
	done
fi
IFS=, read -r -a WANT <<<"$SECTIONS"
for s in "${WANT[@]}"; do
	declare -F "section_$s" >/dev/null || die "unknown section '$s' (known: ${ALL_SECTIONS[*]})"
done

echo "flow benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -srm), $(nproc) CPUs, -j $JOBS"
echo "  flow:      ${FLOW_BIN:-(not found)}${FLOW_BIN:+ ($("$FLOW_BIN" --version 2>/dev/null | head -n 1 || echo '?'))}"
echo "  make:      $("$MAKE" --version | head -n 1)"
echo "  ninja:     ${NINJA_VERSION:-(not installed)}"
echo "  snakemake: ${SMK_VERSION:-(not installed)}"
echo "  load:      $(cut -d ' ' -f 1-3 /proc/loadavg) (1, 5, 15 min)"
echo "  sizes:     dry N=$DRY_N, run N=$RUN_N, snakemake dry N=$SMK_DRY_N, run N=$SMK_RUN_N, ctr N=$CTR_N;" \
	"noop N=$NOOP_N, edit N=$EDIT_N, mega N=$MEGA_N; repeat $REPEAT (snakemake $SMK_REPEAT, mega $MEGA_REPEAT)"
for s in "${WANT[@]}"; do
	echo "  section $s: ${SECTION_DESC[$s]:-}"
done

for s in "${WANT[@]}"; do
	"section_$s"
done

print_table
[ -z "$TSV" ] || write_tsv
