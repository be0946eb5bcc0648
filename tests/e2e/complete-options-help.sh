#!/bin/sh
# The options that completion offers are those flow --help lists: every long option of
# --help (but the hidden --complete) is offered for '--', so a new option cannot be left out
# of completion.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

"$FLOW" --help > help.txt || fail "flow --help failed"
"$FLOW" --complete=options -- -- > offered.txt || fail "flow --complete=options failed"
# the option lines of --help: "  -n, --dry-run ..." or "      --dag[=mermaid] ..."
for o in $(sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' help.txt | sort -u); do
	grep -q -- "^$o=\{0,1\}\$" offered.txt || fail "completion does not offer $o, which --help lists"
done
pass
