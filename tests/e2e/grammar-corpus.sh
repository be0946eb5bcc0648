#!/bin/sh
# The grammar (grammar/Flowfile.ebnf) is checked against the parser with the corpus in
# tests/grammar: every file in accept/ must be accepted (flow --list exits 0), every file
# in reject/ must be rejected with the error its header names, at its position (the first
# line of stderr). Every production of the grammar is exercised by an accepted file.
#
# A corpus file starts with comment lines:
#   # rule: NAME...   the grammar productions (or NEWLINE, INDENT, DEDENT, EOF) it exercises
#   # args: ARG...    optional: more arguments for flow, such as overrides
#   # error: L:C: MESSAGE          (reject/ only) the error, in this file at line L, column C
#   # error: FILE:L:C: MESSAGE     ... in an included file
#   # error: flow: error: MESSAGE  ... without a position
# Files under accept/inc and reject/inc are only included by others.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

corpus=$FLOW_SRCDIR/tests/grammar
grammar=$FLOW_SRCDIR/grammar/Flowfile.ebnf
cp -R "$corpus/accept" "$corpus/reject" .
productions=$(sed -n 's/^\([A-Za-z_][A-Za-z_]*\) *::=.*/\1/p' "$grammar")
[ -n "$productions" ] || fail "no productions found in $grammar"

# header FILE KEY: the value of the "# KEY: " line among the first lines of FILE
# (a CR ends a line too, as in flow)
header() { tr '\r' '\n' <"$1" | grep -av '^$' | head -n 4 | sed -n "s/^# $2: //p" | head -n 1; }

# labels FILE: its "# rule:" names, each checked to be a production or a layout token
labels() {
	names=$(header "$1" rule)
	[ -n "$names" ] || fail "$1: no '# rule:' line"
	for n in $names; do
		case " $(echo $productions) NEWLINE INDENT DEDENT EOF " in
		*" $n "*) ;;
		*) fail "$1: '$n' is not a production of the grammar" ;;
		esac
	done
	echo "$names"
}

covered=
naccept=0
for f in accept/*.flow; do
	covered="$covered $(labels "$f")"
	name=$(basename "$f")
	args=$(header "$f" args)
	# shellcheck disable=SC2086
	(cd accept && "$FLOW" -f "$name" --list $args) >out.txt 2>err.txt
	rc=$?
	[ "$rc" -eq 0 ] || fail "$f: rejected (exit $rc), expected accepted"
	naccept=$((naccept + 1))
done

nreject=0
for f in reject/*.flow; do
	labels "$f" >/dev/null
	name=$(basename "$f")
	want=$(header "$f" error)
	[ -n "$want" ] || { fail "$f: no '# error:' line"; continue; }
	case $want in
	flow:*) ;;
	[0-9]*) want="$name:$(echo "$want" | sed 's/^\([0-9]*:[0-9]*:\) /\1 error: /')" ;;
	*) want=$(echo "$want" | sed 's/^\([^ ]*:[0-9]*:[0-9]*:\) /\1 error: /') ;;
	esac
	args=$(header "$f" args)
	# shellcheck disable=SC2086
	(cd reject && "$FLOW" -f "$name" --list $args) >out.txt 2>err.txt
	rc=$?
	got=$(head -n 1 err.txt)
	[ "$rc" -eq 2 ] || fail "$f: exit $rc, expected 2"
	[ "$got" = "$want" ] || fail "$f: first error
   got: $got
  want: $want"
	nreject=$((nreject + 1))
done

for p in $productions NEWLINE INDENT DEDENT EOF; do
	case " $covered " in
	*" $p "*) ;;
	*) fail "no file in tests/grammar/accept exercises '$p'" ;;
	esac
done
[ "$naccept" -ge 30 ] && [ "$nreject" -ge 50 ] || fail "corpus too small: $naccept accepted, $nreject rejected"
echo "$naccept accepted and $nreject rejected inputs checked"
pass
