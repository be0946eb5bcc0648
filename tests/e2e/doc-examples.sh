#!/bin/sh
# The manual is the contract: every example block of man/flow.1, man/Flowfile.5, README.md
# and rules-examples/*/README.md is extracted (tests/doc/extract.sh) and checked with the
# real binary, each in a fresh project made from a fixture of tests/doc/fixtures/, as its
# marker says (tests/doc/README.md): a Flowfile or command line marked "run" must succeed,
# one marked "error" must fail with its message, a block marked "output" must appear in
# what its run prints. A block without a marker fails, so no example goes untested by
# accident. DOC_ONLY=PATTERN checks only the blocks whose FILE:LINE matches it;
# DOC_FILES="FILE..." checks other documents (doc-harness.sh tests this script so).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

DOCS=${DOC_FILES:-"man/flow.1 man/Flowfile.5 README.md $(cd "$FLOW_SRCDIR" && echo rules-examples/*/README.md)"}
FIXTURES=$FLOW_SRCDIR/tests/doc/fixtures
if [ -z "${DOC_FILES:-}" ]; then
	# the variant-calling example runs its real tools (Debian packages bwa, samtools, bcftools)
	for tool in bwa samtools bcftools; do
		command -v $tool >/dev/null 2>&1 && continue
		[ "${CI:-}" = true ] && { echo "FAIL: $TEST_NAME: $tool is missing" >&2; exit 1; }
		skip "$tool is missing (the variant-calling example runs it)"
	done
fi
mkdir bin
ln -s "$FLOW" bin/flow
BIN=$WORK/bin

# shellcheck disable=SC2086
(cd "$FLOW_SRCDIR" && sh tests/doc/extract.sh "$WORK/blocks" $DOCS) 2>extract.err ||
	{ cat extract.err >&2; fail "tests/doc/extract.sh found markers without blocks"; }

# project NAME DIR: DIR made from fixture NAME: its files copied, its setup.sh run there
# (with flow on PATH) and removed. A fixture's bin/ is put first on PATH for the example.
project() {
	mkdir -p "$2"
	[ -n "$1" ] || return 0
	[ -d "$FIXTURES/$1" ] || { echo "no fixture '$1' in tests/doc/fixtures" >&2; return 1; }
	cp -R "$FIXTURES/$1/." "$2/" || return 1
	[ -f "$2/setup.sh" ] || return 0
	(cd "$2" && PATH="$2/bin:$BIN:$PATH" FLOW_SRCDIR="$FLOW_SRCDIR" sh -e ./setup.sh >setup.log 2>&1) ||
		{ echo "setup of fixture '$1' failed:" >&2; cat "$2/setup.log" >&2; return 1; }
	rm -f "$2/setup.sh" "$2/setup.log"
}

# normalise < FILE: the lines of a run's output or of a shown one, comparable: runs of
# blanks as one space, none at the ends, job times "(0.1s)" as "(T)".
normalise() {
	sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//' \
		-e 's/([0-9][0-9]*\.[0-9]s)/(T)/g' -e '/^$/d'
}

# shown EXPECTED ACTUAL [part]: every line of EXPECTED is a line of ACTUAL (with part, a
# part of one), in the same order; "..." in EXPECTED stands for any text. Prints the first
# line not found.
shown() {
	normalise < "$1" > shown.want
	normalise < "$2" > shown.got
	awk -v part="${3:-}" 'NR == FNR { want[++n] = $0; next }
	function re(s) {
		gsub(/[][\\^$.|()*+?{}]/, "\\\\&", s)
		gsub(/\\\.\\\.\\\./, ".*", s)
		return part ? s : "^" s "$"
	}
	k < n && $0 ~ re(want[k + 1]) { k++ }
	END { if (k < n) { print want[k + 1]; exit 1 } }' shown.want shown.got
}

# check N: check block N as its marker says.
check() {
	num=$1
	meta=$WORK/blocks/$num.meta
	code=$WORK/blocks/$num.code
	last=$WORK/last.$(sed -n 1p "$meta" | sed 's/:[0-9]*$//' | tr / _)
	where=$(sed -n 1p "$meta")
	marker=$(sed -n 2p "$meta")
	set -f
	# shellcheck disable=SC2086
	set -- $marker
	set +f
	kind=${1:-}
	[ $# -gt 0 ] && shift
	type=
	case $kind in
	'') fail "$where: a block with no marker (mark it: see tests/doc/README.md)"; return ;;
	fragment) nfragment=$((nfragment + 1)); return ;;
	run | error)
		type=${1:-}
		[ $# -gt 0 ] && shift
		case $type in flowfile | sh) ;; *) fail "$where: '$kind' wants flowfile or sh, not '$type'"; return ;; esac ;;
	output) ;;
	*) fail "$where: unknown marker '$kind'"; return ;;
	esac
	fixture= args= file=Flowfile from= part=
	while [ $# -gt 0 ]; do
		case $1 in
		fixture=*) fixture=${1#fixture=} ;;
		args=*) args=$(echo "${1#args=}" | tr ',' ' ') ;;
		file=*) file=${1#file=} ;;
		from=*) from=${1#from=} ;;
		part) part=1 ;;
		*) break ;;
		esac
		shift
	done
	message="$*"
	if [ "$kind" = output ] && [ -z "$fixture" ]; then
		# what the last run or error block of the same document printed
		[ -f "$last" ] || { fail "$where: an output block with no run before it (give it fixture=)"; return; }
		dir=$(cat "$last")
		if [ -n "$from" ]; then got=$dir/$from; else got=$dir/.output; fi
		if ! missing=$(shown "$code" "$got" "$part"); then
			fail "$where: shown output not printed: '$missing'"
		fi
		noutput=$((noutput + 1))
		return
	fi
	dir=$WORK/p.$num
	project "$fixture" "$dir" || { fail "$where: cannot make the project"; return; }
	case $kind:$type in
	output:*) ;;
	*:flowfile) mkdir -p "$dir/$(dirname "$file")"; cp "$code" "$dir/$file" ;;
	*:sh) cp "$code" "$dir/example.sh" ;;
	esac
	if [ "$type" = sh ]; then
		ln -s "$FLOW" "$dir/flow"
		set -- sh -e ./example.sh
	else
		# shellcheck disable=SC2086
		set -- flow -j 2 $args
	fi
	(cd "$dir" && PATH="$dir/bin:$BIN:$PATH" "$@") >"$dir/.stdout" 2>"$dir/.stderr"
	rc=$?
	cat "$dir/.stdout" "$dir/.stderr" > "$dir/.output"
	echo "$dir" > "$last"
	case $kind in
	run)
		[ "$rc" -eq 0 ] || fail "$where: exit $rc, expected 0; it printed:
$(tail -n 15 "$dir/.output")"
		nrun=$((nrun + 1)) ;;
	error)
		[ "$rc" -ne 0 ] || fail "$where: exit 0, expected an error"
		grep -qF -- "$message" "$dir/.stderr" || fail "$where: stderr lacks '$message'; it printed:
$(tail -n 15 "$dir/.output")"
		nerror=$((nerror + 1)) ;;
	output)
		if [ -n "$from" ]; then got=$dir/$from; else got=$dir/.output; fi
		if ! missing=$(shown "$code" "$got" "$part"); then
			fail "$where: shown output not printed: '$missing'; it printed:
$(tail -n 15 "$dir/.output")"
		fi
		noutput=$((noutput + 1)) ;;
	esac
}

nrun=0 nerror=0 noutput=0 nfragment=0
for meta in "$WORK"/blocks/*.meta; do
	n=$(basename "$meta" .meta)
	case $(sed -n 1p "$meta") in ${DOC_ONLY:-*}) check "$n" ;; esac
done
[ -e out.txt ] || : > out.txt
[ -e err.txt ] || : > err.txt
echo "doc-examples: $nrun run, $nerror errors, $noutput outputs shown, $nfragment fragments"
pass
