#!/bin/sh
# A missing image is found before any job starts: flow exits 2, names the image and every
# rule of the run that uses it, and runs nothing, not even the host job or the job on an
# image that exists. (flow tries a pull first: localhost has no registry, so that fails
# too.) A dry run (-n) never pulls, and so reports the jobs without an error.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

IMG=localhost/no-such-image-$$:1
cat > Flowfile <<FLOW
rule all:
    input: "host.txt", "good.txt", "m1.txt", "m2.txt"
rule host:
    output: "host.txt"
    shell: "echo ran > {output}"
rule good:
    output: "good.txt"
    container: "localhost/flow-test-a:1"
    shell: "echo ran > {output}"
rule m1:
    input: "host.txt"
    output: "m1.txt"
    container: "$IMG"
    shell: "echo ran > {output}"
rule m2:
    output: "m2.txt"
    container: "$IMG"
    shell: "echo ran > {output}"
FLOW
run_flow -j 2
assert_rc 2
assert_err "Flowfile:10:6: error: image '$IMG' is not available to podman"
assert_err "Flowfile:15:6: note: rule 'm2' uses it too"
assert_no_file host.txt
assert_no_file good.txt
assert_no_file m1.txt
assert_no_file m2.txt
[ ! -d .flow/log ] || [ -z "$(ls -A .flow/log)" ] || fail "job logs were written: $(ls .flow/log)"
assert_not_out "jobs done"
# the error names the image once, not once per job
[ "$(grep -c "image '$IMG'" err.txt)" -eq 1 ] || fail "the image is named $(grep -c "image '$IMG'" err.txt) times"

# A dry run never pulls: it does not fail on the missing image, lists the jobs, runs none.
run_flow -n
assert_rc 0
assert_out "would run m1"
assert_out "would run m2"
assert_no_file host.txt
assert_no_file m1.txt
pass
