#!/bin/sh
# --touch never pulls, and never records a job whose image is absent: there is no identity
# to record. Before, it recorded the placeholder "missing (not pulled by a dry run)" as the
# image's identity, and -n then called the job up to date while the image was still absent.
# The job is reported, flow exits 1, and -n goes on saying the job would run.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

IMG=localhost/no-such-image-$$:1
flowfile() {
	cat > Flowfile <<FLOW
rule a:
    output: "a.txt"
    container: "$1"
    shell: "echo ran > {output}"
FLOW
}

# A job that ran in an image, whose rule now names an absent one.
flowfile localhost/flow-test-a:1
run_flow -q
assert_rc 0
assert_content a.txt ran
flowfile "$IMG"
run_flow -n
assert_rc 0
assert_out "would run a: image '$IMG' is not present here (flow pulls images only when it runs jobs)"
assert_not_out "missing (not pulled"
run_flow --touch
assert_rc 1
assert_err "cannot record job 'a': image '$IMG' is not present here"
assert_not_out "touched a"
run_flow -n
assert_rc 0
assert_out "would run a: image '$IMG' is not present"

# Outputs with no record, that would otherwise be adopted.
rm -rf .flow
run_flow --touch
assert_rc 1
assert_err "cannot record job 'a': image '$IMG' is not present here"
run_flow -n
assert_rc 0
assert_not_out "up to date"
assert_out "would"
assert_content a.txt ran
podman image exists "$IMG" && fail "the image was pulled"
pass
