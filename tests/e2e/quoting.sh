#!/bin/sh
# File names and wildcard values are shell-quoted when placed into commands: a file named
# 'a b;touch pwned.txt' is one safe word; a list param gives one word per item.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir data
printf 'x\n' > 'data/a b;touch pwned.txt'
printf 'y\n' > "data/it's.txt"
cat > Flowfile <<'FLOW'
NAMES = ["a b;touch pwned", "it's"]
rule all:
    input: expand("out/{n}.txt", n = NAMES)
rule copy:
    input: "data/{name}.txt"
    output: "out/{name}.txt"
    params: how = ["-n", "1"]
    shell: "head {params.how} {input} > {output}; echo {wildcards.name} >> {output}"
FLOW
run_flow -j 2 -q
assert_rc 0
assert_no_file pwned.txt
assert_content 'out/a b;touch pwned.txt' "$(printf 'x\na b;touch pwned')"
assert_content "out/it's.txt" "$(printf "y\nit's")"
pass
