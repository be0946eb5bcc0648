#!/bin/sh
# Twenty flows started at once: one runs, every other is refused with the whole note of
# the one that runs — its pid and its start time, never a half-written note.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "slow.txt"
rule slow:
    output: "slow.txt"
    shell: "sleep 2; echo done > {output}"
FLOW
for round in 1 2 3; do
	rm -rf .flow slow.txt go
	# Each flow waits for go to appear, so that all start together.
	for i in $(seq 1 20); do
		( while [ ! -e go ]; do :; done; exec "$FLOW" -q > "out.$i" 2> "err.$i" ) &
	done
	touch go
	wait
	ran=0
	for i in $(seq 1 20); do
		if [ ! -s "err.$i" ]; then
			ran=$((ran + 1))
		elif ! grep -Eq '^flow: error: another flow \(pid [0-9]+, started [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\) is running in this directory$' "err.$i"; then
			fail "round $round: flow $i: $(cat "err.$i")"
		fi
	done
	# The first may finish before the last starts: then more than one runs, one after
	# another. At least one ran.
	[ $ran -ge 1 ] || fail "round $round: no flow ran"
	assert_content slow.txt done
done
pass
