#!/bin/sh
# Bash completion (completions/flow.bash) through bash-completion's own functions, with
# COMP_WORDS / COMP_CWORD / COMP_LINE / COMP_POINT set as bash sets them (a '=' is a word of
# its own): options, an option's fixed values, concrete targets from the graph, rule names,
# and -C honoured.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

BC=/usr/share/bash-completion/bash_completion
command -v bash >/dev/null 2>&1 && [ -f "$BC" ] ||
	skip "bash-completion is not installed (Debian: bash-completion)"
mkdir bin
ln -s "$FLOW" bin/flow
cp -r "$FLOW_SRCDIR/rules-examples/quickstart" proj

# complete LINE: the completions bash would offer at the end of LINE, one a line, sorted,
# into out.txt. The words are split as bash splits them: at blanks, and '=' (in
# COMP_WORDBREAKS) is a word of its own.
complete_line() {
	PATH="$WORK/bin:$PATH" bash -c '
		. "$1"; . "$2"
		COMP_LINE=$3; COMP_POINT=${#COMP_LINE}
		read -r -a COMP_WORDS <<<"${COMP_LINE//=/ = }"
		[[ $COMP_LINE == *[\ =] ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_flow flow "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' bash "$BC" "$FLOW_SRCDIR/completions/flow.bash" "$1" |
		sort >out.txt 2>err.txt
}
expect() { # expect TEXT: out.txt is exactly TEXT
	[ "$(cat out.txt)" = "$1" ] || fail "completions '$(cat out.txt)', expected '$1'"
}

cd proj
complete_line "flow --cont"
expect "--containers="
complete_line "flow --containers=p"
expect "podman"
complete_line "flow --dag="
expect "dot
mermaid"
complete_line "flow --rerun-triggers=input,c"
expect "input,command"
complete_line "flow -n work/alpha."
expect "work/alpha.counts.tsv
work/alpha.norm.txt
work/alpha.total"
complete_line "flow rep"
expect "report"
complete_line "flow resu"
expect "results/report.html"
cd ..
complete_line "flow -C proj work/gamma.t"
expect "work/gamma.total"
# Nothing here is a Flowfile: no targets, no noise.
complete_line "flow wo"
expect ""
pass
