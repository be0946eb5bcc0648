#!/bin/sh
# extract.sh OUTDIR FILE...: write every example block of the man page sources and Markdown
# files to OUTDIR, for tests/e2e/doc-examples.sh to check.
#
# A block is, in roff, the lines between .EX and .EE (or .nf and .fi); in Markdown, a
# fenced block (```). The block is preceded by a marker that says what to do with it:
#   roff:      .\" test: KIND ...      (a comment line; requests such as .PP may follow)
#   Markdown:  <!-- test: KIND ... -->  (blank lines may follow)
# KIND is one of (see tests/doc/README.md):
#   fragment [WHY]                 not run (a part of a rule, a schema, a runtime's line)
#   run flowfile|sh [OPTS]         run it; it must succeed
#   error flowfile|sh [OPTS] MSG   run it; it must fail with MSG on stderr
#   output [OPTS]                  what a run prints: its lines must appear, in order
# Each block becomes OUTDIR/NNN.code (the text, roff escapes undone) and OUTDIR/NNN.meta:
# "FILE:LINE" on the first line, the marker (empty when there is none) on the second.
# A marker that no block follows is an error: exit 1 with a message.
set -u
[ $# -ge 2 ] || { echo "usage: extract.sh OUTDIR FILE..." >&2; exit 2; }
out=$1
shift
mkdir -p "$out" || exit 2
status=0
n=0
for f in "$@"; do
	case $f in
	*.md) syntax=md ;;
	*) syntax=roff ;;
	esac
	# awk numbers the blocks from the count so far, and prints the new count last.
	n=$(awk -v out="$out" -v file="$f" -v syntax="$syntax" -v n="$n" '
	function deroff(s) {
		gsub(/\\e/, "\001", s)
		gsub(/\\\(dq/, "\"", s); gsub(/\\\(aq/, "\047", s); gsub(/\\\(->/, "→", s)
		gsub(/\\\(ti/, "~", s); gsub(/\\\(bu/, "•", s); gsub(/\\\(em/, "—", s)
		gsub(/\\-/, "-", s); gsub(/\\\|/, "", s); gsub(/\\&/, "", s); gsub(/\\ /, " ", s)
		gsub(/\\f[BIRP]/, "", s)
		gsub(/\001/, "\\", s)
		return s
	}
	function dangling() {
		if (marker != "") {
			printf "%s:%d: marker \"%s\" is not followed by a block\n", file, mline, marker > "/dev/stderr"
			bad = 1
		}
		marker = ""
	}
	function open_block() {
		n++
		code = sprintf("%s/%03d.code", out, n)
		printf "" > code
		printf "%s:%d\n%s\n", file, FNR, marker > sprintf("%s/%03d.meta", out, n)
		close(sprintf("%s/%03d.meta", out, n))
		marker = ""
		inblock = 1
	}
	syntax == "roff" && !inblock && /^\.\\" test:/ {
		dangling(); marker = $0; sub(/^\.\\" test: */, "", marker); mline = FNR; next
	}
	syntax == "roff" && !inblock && /^\.(EX|nf)( |$)/ { open_block(); next }
	syntax == "roff" && inblock && /^\.(EE|fi)( |$)/ { close(code); inblock = 0; next }
	syntax == "roff" && inblock && /^\.\\"/ { next }
	syntax == "roff" && inblock { print deroff($0) > code; next }
	syntax == "roff" && /^[.\047]/ { next }
	syntax == "md" && !inblock && /^<!-- test:.*-->[ \t]*$/ {
		dangling(); marker = $0; sub(/^<!-- test: */, "", marker); sub(/ *-->[ \t]*$/, "", marker)
		mline = FNR; next
	}
	syntax == "md" && !inblock && /^```/ { open_block(); next }
	syntax == "md" && inblock && /^```[ \t]*$/ { close(code); inblock = 0; next }
	syntax == "md" && inblock { print > code; next }
	/^[ \t]*$/ { next }
	{ dangling() }
	END {
		dangling()
		if (inblock) { printf "%s: a block is not closed\n", file > "/dev/stderr"; bad = 1 }
		print n
		exit bad
	}' "$f") || status=1
	case $n in
	'' | *[!0-9]*) echo "extract.sh: cannot read '$f'" >&2; exit 2 ;;
	esac
done
exit $status
