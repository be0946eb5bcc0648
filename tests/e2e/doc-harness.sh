#!/bin/sh
# doc-examples.sh fails for what it must catch: a block without a marker, a marker
# without a block, a runnable example that fails, an error example that fails otherwise
# or not at all, shown output that is not printed; and passes a correct document.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

# harness FILE...: doc-examples.sh over these documents, its output in h.out, status in rc.
harness() {
	DOC_FILES="$*" sh "$FLOW_SRCDIR/tests/e2e/doc-examples.sh" >h.out 2>&1
	rc=$?
}
expect_fail() {
	[ "$rc" -ne 0 ] || { cat h.out >&2; fail "doc-examples.sh passed a document with $1"; }
	grep -qF -- "$2" h.out || { cat h.out >&2; fail "doc-examples.sh did not say '$2'"; }
}

cat > good.7 <<'EOF2'
.SH EXAMPLE
.\" test: run flowfile
.EX
rule a:
    output: \(dqa.txt\(dq
    shell: \(dqecho made > {output}\(dq
.EE
.PP
It prints
.PP
.\" test: output
.EX
[1/1] a (0.1s)
flow: 1 job done (.\|.\|.)
.EE
.\" test: error flowfile undefined variable 'NOPE'
.EX
X = NOPE
.EE
.\" test: fragment the form of a rule
.EX
rule NAME:
.EE
EOF2
cat > good.md <<'EOF2'
Commands:

<!-- test: run sh fixture=quickstart -->
```sh
flow -n
```
EOF2
harness "$WORK/good.7" "$WORK/good.md"
[ "$rc" -eq 0 ] || { cat h.out >&2; fail "doc-examples.sh failed a good document"; }
grep -qF "2 run, 1 errors, 1 outputs shown, 1 fragments" h.out || fail "counts: $(tail -n 2 h.out)"

printf '%s\n' 'Text.' '```' 'flow' '```' > unmarked.md
harness "$WORK/unmarked.md"
expect_fail "an unmarked block" "unmarked.md:2: a block with no marker"

printf '%s\n' '.\" test: run sh' '.PP' 'Some text.' '.EX' 'flow' '.EE' > dangling.7
harness "$WORK/dangling.7"
expect_fail "a marker without a block" "dangling.7:1: marker \"run sh\" is not followed by a block"

sed 's/echo made > {output}/exit 3/' good.7 > failing.7
harness "$WORK/failing.7"
expect_fail "a failing example" "failing.7:3: exit 1, expected 0"

sed "s/undefined variable 'NOPE'/no such thing/" good.7 > wrongerr.7
harness "$WORK/wrongerr.7"
expect_fail "a wrong error message" "stderr lacks 'no such thing'"

printf '%s\n' ".\\\" test: error flowfile undefined variable 'NOPE'" .EX 'rule a:' \
	'    output: \(dqa.txt\(dq' '    shell: \(dqtouch {output}\(dq' .EE > noerr.7
harness "$WORK/noerr.7"
expect_fail "an error example that succeeds" "exit 0, expected an error"

sed 's/^flow: 1 job done/flow: 2 jobs done/' good.7 > wrongout.7
harness "$WORK/wrongout.7"
expect_fail "output that is not printed" "shown output not printed: 'flow: 2 jobs done (...)'"
pass
