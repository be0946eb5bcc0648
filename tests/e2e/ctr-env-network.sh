#!/bin/sh
# A rule's env entries are set inside its container (and flow's own environment is not
# passed in); `network: off` leaves the container no interface but lo, while a rule without
# it gets the runtime's default network (an interface besides lo).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

# The interfaces are the names in /proc/net/dev, sorted, on one line.
cat > Flowfile <<'FLOW'
rule all:
    input: "env.txt", "off.txt", "on.txt"
rule env:
    output: "env.txt"
    container: "localhost/flow-test-a:1"
    env: X = "1", Y = "two words", Z = "it's $HOME"
    shell: "printf '%s|%s|%s\\n' \"$X\" \"$Y\" \"$Z\" > {output}; printenv FLOW_OUTSIDE >> {output} || echo unset >> {output}"
rule off:
    output: "off.txt"
    container: "localhost/flow-test-a:1"
    network: off
    shell: "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ' ' > {output}"
rule on:
    output: "on.txt"
    container: "localhost/flow-test-a:1"
    shell: "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ' ' > {output}"
FLOW
FLOW_OUTSIDE=leak run_flow -j 3
assert_rc 0
assert_content env.txt "1|two words|it's \$HOME
unset"
assert_content off.txt "lo "
case " $(cat on.txt)" in *" lo "*) [ "$(cat on.txt)" != "lo " ] ;; *) false ;; esac || fail "the default network has no interface besides lo: '$(cat on.txt)'"
pass
