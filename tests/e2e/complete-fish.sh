#!/bin/sh
# Fish completion (completions/flow.fish), autoloaded by fish from its fish_complete_path as
# an installed one is, through fish's own non-interactive entry point `complete -C LINE`:
# options, an option's fixed values, concrete targets from the graph, rule names, -C honoured.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

command -v fish >/dev/null 2>&1 || skip "fish is not installed (Debian: fish)"
mkdir bin
ln -s "$FLOW" bin/flow
cp -r "$FLOW_SRCDIR/rules-examples/quickstart" proj

# complete_line LINE: what fish completes at the end of LINE, one a line (the words only,
# not their descriptions), sorted, into out.txt.
complete_line() {
	PATH="$WORK/bin:$PATH" HOME="$WORK" XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" \
		fish --no-config -c 'set -p fish_complete_path $argv[1]; complete -C $argv[2]' \
		"$FLOW_SRCDIR/completions" "$1" 2>err.txt | cut -f1 | sort -u >out.txt
}
expect() { # expect TEXT: out.txt is exactly TEXT
	[ "$(cat out.txt)" = "$1" ] || fail "completions for '$2': '$(cat out.txt)', expected '$1'"
}
check() { complete_line "$1"; expect "$2" "$1"; }

cd proj
check "flow --cont" "--containers="
check "flow --containers=p" "--containers=podman"
check "flow --dag=" "--dag=dot
--dag=mermaid"
check "flow --rerun-triggers=input,c" "--rerun-triggers=input,command"
check "flow -n work/alpha." "work/alpha.counts.tsv
work/alpha.norm.txt
work/alpha.total"
check "flow rep" "report"
check "flow resu" "results/report.html"
cd ..
check "flow -C proj work/gamma.t" "work/gamma.total"
# Nothing here is a Flowfile: no targets (and no files: targets are not any file).
check "flow wo" ""
pass
