#!/bin/sh
# A param is data: with the wildcard values filled in, it goes into the command as one
# quoted word; a list param gives one word per item, the way to pass several options.
# Job logs of such values stay apart: ',' and '=' in a value are escaped in the name.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir data
echo x > 'data/a b;touch pwned.txt'
echo y > 'data/p,q=r.txt'
cat > Flowfile <<'FLOW'
rule all:
    input: "out/a b;touch pwned.txt", "out/p,q=r.txt"
rule copy:
    input: "data/{name}.txt"
    output: "out/{name}.txt"
    params:
        opts = ["-n", "1"]
        label = "--sample={name}"
    shell: "head {params.opts} {input} > {output}; printf '%s\\n' {params.label} >> {output}"
FLOW
run_flow -q -j 2
assert_rc 0
assert_no_file pwned.txt
assert_content 'out/a b;touch pwned.txt' "$(printf 'x\n--sample=a b;touch pwned')"
assert_content 'out/p,q=r.txt' "$(printf 'y\n--sample=p,q=r')"
assert_file '.flow/log/copy/name=p%2Cq%3Dr.log'
pass
