#!/bin/sh
# flow --complete=targets|rules keeps its words in .flow/complete (only where .flow is
# already there; nothing is written elsewhere) and answers from it, without parsing, while
# the Flowfile and its includes are unchanged; an edited include, an edited Flowfile or
# another -f file is answered afresh. The options need no Flowfile at all.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir data proj
touch data/a.txt data/b.txt
cat > proj/Flowfile <<'FLOW'
SAMPLES = ["a", "b"]
include "more.flow"
rule all:
    input: expand("work/{s}.n", s = SAMPLES)
rule count:
    input: "../data/{s}.txt"
    output: "work/{s}.n"
    shell: "touch {output}"
FLOW
echo '# nothing yet' > proj/more.flow
cd proj

# No .flow: the words, and nothing written.
run_flow --complete=targets -- work/
assert_rc 0
[ "$(cat out.txt)" = "work/a.n
work/b.n" ] || fail "targets '$(cat out.txt)'"
assert_no_file .flow
[ -z "$(ls -A ..)" ] || [ "$(ls -A .. | tr '\n' ' ')" = "data proj " ] || fail "files written: $(ls -A ..)"

# With .flow: the cache is written, and answers (a line put in by hand shows it is read).
mkdir .flow
run_flow --complete=targets -- ""
assert_rc 0
assert_file .flow/complete
echo "T work/from-cache" >> .flow/complete
run_flow --complete=targets -- work/f
[ "$(cat out.txt)" = "work/from-cache" ] || fail "the cache was not read: '$(cat out.txt)'"
run_flow --complete=rules -- c
[ "$(cat out.txt)" = "count" ] || fail "rules '$(cat out.txt)'"

# An edited include: answered afresh (and the cache rewritten).
sleep 0.01
printf 'rule extra:\n    input: "work/a.n"\n    output: "extra.txt"\n    shell: "touch {output}"\n' > more.flow
run_flow --complete=targets -- ""
assert_not_out work/from-cache
assert_out extra
run_flow --complete=rules -- e
[ "$(cat out.txt)" = "extra" ] || fail "rules after the include changed: '$(cat out.txt)'"

# An edited Flowfile.
echo "T work/from-cache" >> .flow/complete
sed 's/"a", "b"/"a", "b", "c"/' Flowfile > Flowfile.new && mv Flowfile.new Flowfile
touch ../data/c.txt
run_flow --complete=targets -- work/
[ "$(cat out.txt)" = "work/a.n
work/b.n
work/c.n" ] || fail "targets after the Flowfile changed: '$(cat out.txt)'"

# Another Flowfile in the same directory is not answered from the Flowfile's cache.
printf 'rule other:\n    output: "o.txt"\n    shell: "touch {output}"\n' > other.flow
run_flow -f other.flow --complete=targets -- ""
[ "$(cat out.txt)" = "o.txt
other" ] || fail "targets of other.flow: '$(cat out.txt)'"
# ... nor from another directory (-C), where the cache is the project's.
cd ..
run_flow -C proj --complete=targets -- work/a
[ "$(cat out.txt)" = "work/a.n" ] || fail "targets with -C: '$(cat out.txt)'"
run_flow --complete=targets -f proj/Flowfile -- work/b
[ "$(cat out.txt)" = "work/b.n" ] || fail "targets with -f proj/Flowfile: '$(cat out.txt)'"

# The options: no Flowfile needed; an unknown WHAT is a usage error.
run_flow --complete=options -- --dry
[ "$(cat out.txt)" = "--dry-run" ] || fail "options '$(cat out.txt)'"
run_flow --complete=files
assert_rc 2
assert_err "flow: error: --complete takes options, rules or targets, not 'files'"
pass
