#!/bin/sh
# An input that is neither a regular file nor a directory is an error before anything
# runs, naming the file and what it is: a FIFO would block flow for ever while it hashes
# it, and a link to /dev/zero would never end.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "out/a.txt"
rule copy:
    input: "data/{s}.txt"
    output: "out/{s}.txt"
    shell: "touch ran.txt; head -c 3 {input} > {output}"
FLOW
mkdir data
mkfifo data/a.txt || { echo "SKIP: mkfifo failed"; [ "${CI:-}" = true ] && exit 1; exit 77; }
timeout -k 5 20 "$FLOW" >out.txt 2>err.txt
rc=$?
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:4:12: error: input 'data/a.txt' of rule copy is a FIFO
    4 |     input: "data/{s}.txt"
      |            ^
      = hint: flow reads only regular files and directories, whose content it can hash
EOF2
assert_err_exact expected

rm data/a.txt
ln -s /dev/zero data/a.txt
timeout -k 5 20 "$FLOW" >out.txt 2>err.txt
rc=$?
assert_rc 2
assert_no_file ran.txt
assert_err "Flowfile:4:12: error: input 'data/a.txt' of rule copy is a character device (through the symbolic link to '/dev/zero')"

# Named as a target.
timeout -k 5 20 "$FLOW" data/a.txt >out.txt 2>err.txt
rc=$?
assert_rc 2
assert_err "flow: error: target 'data/a.txt' is a character device (through the symbolic link to '/dev/zero')"
pass
