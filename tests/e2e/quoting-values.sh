#!/bin/sh
# Every value that is not the command text itself reaches the command as data, never as
# shell syntax: a command-line override placed through {params.NAME} with $(...),
# backticks, ';', quotes, backslashes, newlines or braces is passed as it is, whether the
# placeholder stands bare, in '...', in "...", in $'...', inside $(...) (also after a case
# pattern's ')') or in a comment
# (and neither << in arithmetic nor a <<< here-string is a here-document).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
X = "default"
rule r:
    output: "res.txt"
    params: x = X
    shell: """
        printf '<%s>\n' {params.x} > {output}
        printf '<%s>\n' '{params.x}' >> {output}
        printf '<%s>\n' "{params.x}" >> {output}
        printf '<%s>\n' "pre {params.x} post" >> {output}
        printf '<%s>\n' $'{params.x}' >> {output}
        printf '<%s>\n' "$(printf %s "{params.x}")" "$(printf %s {params.x})" >> {output}
        printf '<%s>\n' $(( 1 << 2 )) {params.x} >> {output}
        printf '<%s>\n' "$(case a in (b) ;; a) printf %s "{params.x}";; esac)" "$(echo case) {params.x}" >> {output}
        cat <<< "{params.x}" >> {output}
        cat <<<'{params.x}' >> {output}
        # a comment: {params.x}
        echo done >> {output} # {params.x}
    """
FLOW
NL='
'
for v in '$(touch pwned1)' '`touch pwned2`' 'a;touch pwned3' "it's \"q\" \\ \$HOME" \
	"line1${NL}touch pwned4" "x'; touch pwned5; '" '"; touch pwned6; "' '-n' '' '{x}' '}{'; do
	rm -f res.txt
	run_flow -q "X=$v"
	assert_rc 0
	# (An empty value, bare, is no word at all: only the 4 is printed.)
	printf '<%s>\n' "$v" "$v" "$v" "pre $v post" "$v" "$v" "$v" 4 ${v:+"$v"} > expected
	printf '<%s>\n' "$v" "case $v" >> expected
	printf '%s\n%s\n' "$v" "$v" >> expected
	echo done >> expected
	cmp -s expected res.txt || fail "value '$v' came out as '$(cat res.txt)'"
	for n in 1 2 3 4 5 6; do
		assert_no_file pwned$n
	done
done

# Braces in data are text, never wildcards: in an override, and in the parts of file
# names that glob_wildcards() collects.
mkdir data
touch 'data/a{b}.txt' 'data/c}.txt'
cat > Flowfile <<'FLOW'
S = glob_wildcards("data/{s}.txt")
rule r:
    output: "res.txt"
    params: s = S
    shell: "printf '<%s>\\n' {params.s} > {output}"
FLOW
run_flow -q
assert_rc 0
assert_content res.txt '<a{b}>
<c}>'
pass
