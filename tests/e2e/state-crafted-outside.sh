#!/bin/sh
# A crafted .flow/state cannot make flow touch a file outside the project. flow refuses to
# make such files, so no real record names one: here the records of a real crash (start
# records of two interrupted jobs, whose outputs are inside the project) are rewritten to
# name '../victim.txt' and an absolute path outside the project instead, with valid
# checksums, as a hostile repository could ship them. The next flow recovers: it ends the
# dead run's jobs, keeps both outside files untouched (saying why), and makes its outputs.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import xxhash' 2>/dev/null || skip "no python3-xxhash (Debian: python3-xxhash)"

MARK="70.$$$(date +%S)3"
abs="$WORK/abs.txt"
rel="../victim.txt"
# In-project names of the same lengths, to be replaced byte for byte.
inrel="zz/victim.txt"
inabs=$(printf '%*s' "${#abs}" '' | tr ' ' a)
mkdir p
cd p || exit 99
cat > Flowfile <<FLOW
rule all:
    input: "$inrel", "$inabs"
rule v:
    output: "$inrel"
    shell: "echo partial > {output}; if [ -e ../slow ]; then sleep $MARK; fi; echo made > {output}"
rule a:
    output: "$inabs"
    shell: "echo partial > {output}; if [ -e ../slow ]; then sleep $MARK; fi; echo made > {output}"
FLOW
touch ../slow
"$FLOW" -j 2 >../first.out 2>&1 &
pid=$!
i=0
until [ -s "$inrel" ] && [ -s "$inabs" ] && [ "$(marked_pids | wc -l)" -ge 2 ]; do
	i=$((i + 1))
	[ $i -le 200 ] || { fail "the jobs did not start"; kill -KILL $pid $(marked_pids); pass; }
	sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
rm ../slow

# Rewrite the paths in every record that names them, with the checksum made anew.
"$PY" - "$inrel" "$rel" "$inabs" "$abs" > ../craft.txt <<'PY' || fail "crafting failed: $(cat ../craft.txt)"
import struct, sys, xxhash
pairs = [(sys.argv[i].encode(), sys.argv[i + 1].encode()) for i in (1, 3)]
data = open('.flow/state', 'rb').read()
head = data.index(b'\n') + 1
out, off, changed = [data[:head]], head, 0
while off + 8 <= len(data):
    n, = struct.unpack_from('<I', data, off)
    body = data[off + 8:off + 8 + n]
    for old, new in pairs:
        if old in body:
            body = body.replace(old, new)
            changed += 1
    out.append(struct.pack('<II', len(body), xxhash.xxh3_64_intdigest(body) & 0xffffffff) + body)
    off += 8 + n
open('.flow/state', 'wb').write(b''.join(out))
print(changed)
PY
[ "$(cat ../craft.txt)" -ge 2 ] || fail "the crafted state names the outside files $(cat ../craft.txt) times, expected 2 or more"
echo precious > "$WORK/victim.txt"
echo precious > "$abs"

run_flow -j 2
assert_rc 0
assert_content "$WORK/victim.txt" precious
assert_content "$abs" precious
assert_content "$inrel" made
assert_content "$inabs" made
assert_err "flow: warning: kept '$rel', named by the interrupted job's record: it is outside the project directory"
assert_err "flow: warning: kept '$abs', named by the interrupted job's record: it is outside the project directory"
[ -z "$(marked_pids)" ] || { fail "jobs of the killed flow are still running"; kill -KILL $(marked_pids); }
cd .. || exit 99
pass
