#!/bin/sh
# Print each header's project includes and check that no header includes a header of a later
# stage of the data path (text -> lexer -> parser -> values -> rules -> graph -> ...).
# Usage: tests/headers.sh [SRCDIR]; exits 1 on a header that includes a later stage.
# A header missing from the list below is reported, so that it gets its place, but does not fail.
dir=${1:-src}
# The data path, earliest first; the headers on one line are one stage and may include
# each other only through an earlier stage.
stages='util version
diag flowdir lock gitinfo
lex
ast
parse
value
pattern
eval
rule
graph
cmd
store
sig
exec container
launch
rec
plan
report complete
progress
sched'
rank() { echo "$stages" | awk -v h="$1" '{ for (i = 1; i <= NF; i++) if ($i == h) print NR }'; }
bad=0
for h in "$dir"/*.h; do
	n=$(basename "$h" .h)
	deps=$(sed -n 's/^#include "\(.*\)\.h".*/\1/p' "$h" | tr '\n' ' ')
	echo "$n.h -> ${deps:-(none)}"
	r=$(rank "$n")
	if [ -z "$r" ]; then
		echo "  note: $n.h has no place in the stage list of tests/headers.sh"
		continue
	fi
	for d in $deps; do
		rd=$(rank "$d")
		[ -n "$rd" ] || continue
		if [ "$rd" -ge "$r" ]; then
			echo "  error: $n.h (stage $r) includes $d.h (stage $rd), not an earlier stage"
			bad=1
		fi
	done
done
exit $bad
