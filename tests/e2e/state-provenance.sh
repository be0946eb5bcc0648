#!/bin/sh
# --provenance FILE shows how FILE was made: rule, wildcards, command, params, env, the
# content hashes (xxh3-128) of its inputs and outputs, image, git, host and times;
# --recursive goes back through the inputs to the sources. Outside a git repository it
# says so.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

# Not in a git repository, even if the temporary directory is inside one.
GIT_CEILING_DIRECTORIES=$(dirname "$WORK")
export GIT_CEILING_DIRECTORIES
cat > Flowfile <<'FLOW'
rule all:
    input: "out/twice.txt"
rule upper:
    input: "data/{name}.txt", "empty.txt"
    output: "out/{name}.up"
    params: how = ["a-z", "A-Z"]
    env: LC_ALL = "C"
    shell: "cat {input} | tr {params.how} > {output}"
rule twice:
    input: "out/hello.up"
    output: "out/twice.txt"
    shell: "cat {input} {input} > {output}"
FLOW
mkdir data
echo hello > data/hello.txt
: > empty.txt
run_flow -j 1 -q
assert_rc 0
assert_content out/twice.txt "$(printf 'HELLO\nHELLO')"

run_flow --provenance out/twice.txt
assert_rc 0
# xxh3-128 of "HELLO\n" and "HELLO\nHELLO\n", first 16 hex digits.
assert_out "out/twice.txt"
assert_out "  rule      twice"
assert_out "  command   cat out/hello.up out/hello.up > out/twice.txt"
assert_out "  input     198c7e5d044ad4bc  out/hello.up"
assert_out "  output    5548649c163fd78f  out/twice.txt"
assert_out "  image     none (ran on the host)"
assert_out "  git       none (not in a git repository)"
assert_out "  host      $(hostname)"
grep -Eq '^  started   [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' out.txt || fail "no start time"
grep -Eq '^  finished  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' out.txt || fail "no finish time"
# Without --recursive, only the file asked about.
assert_not_out "rule      upper"
assert_not_out "data/hello.txt"

run_flow --provenance --recursive out/twice.txt
assert_rc 0
cat > expected <<'TXT'
out/twice.txt
  rule      twice
  command   cat out/hello.up out/hello.up > out/twice.txt
  input     198c7e5d044ad4bc  out/hello.up
  output    5548649c163fd78f  out/twice.txt
  image     none (ran on the host)
  git       none (not in a git repository)
out/hello.up
  rule      upper
  wildcards name=hello
  command   cat data/hello.txt empty.txt | tr a-z A-Z > out/hello.up
  param     how = a-z A-Z
  env       LC_ALL = C
  input     6bba86c7e069f56d  data/hello.txt
  input     99aa06d3014798d8  empty.txt
  output    198c7e5d044ad4bc  out/hello.up
  image     none (ran on the host)
  git       none (not in a git repository)
data/hello.txt
  source
empty.txt
  source
TXT
grep -v -e '^  host ' -e '^  started ' -e '^  finished ' out.txt > got
diff -u expected got >&2 || fail "--provenance --recursive output differs"

# A source, a file no rule makes, and no file at all.
run_flow --provenance data/hello.txt
assert_rc 1
assert_err "flow: 'data/hello.txt' is a source: no rule makes it"
run_flow --provenance
assert_rc 2
assert_err "--provenance needs the files to explain"
# Before anything ran there is no record.
rm -rf .flow
run_flow --provenance out/twice.txt
assert_rc 1
assert_err "flow: no record of how 'out/twice.txt' was made"
pass
