#!/usr/bin/env bash
# bench/profile.sh WORKDIR OUTDIR: profile flow on the states that
# `bench/run.sh --only noop,edit,mega --keep` leaves in WORKDIR (see bench/PROFILE.md):
#   noop   the no-op at N=PROFILE_N=33334 (100,003 jobs), five runs under one perf record
#   edit   one source edited, then flow (4 jobs) at N=33334, three times
#   dry    the 1,000,000-job dry run (megadry-333333), one run
#   heap   valgrind massif of the 100k no-op and of the 100k dry run
# Writes perf.data files and `perf report --stdio` text into OUTDIR.
# Programs: FLOW (default: flow next to this script's parent), perf, valgrind, strace.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bench/profile.sh WORKDIR OUTDIR" >&2; exit 2; }
work=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FLOW=${FLOW:-$here/../flow}
PROFILES=${PROFILES:-noop edit dry heap}

N=${PROFILE_N:-33334}           # bench/run.sh's BENCH_NOOP_N
MEGA_N=${PROFILE_MEGA_N:-333333} # its BENCH_MEGA_N
noop=$work/flow-noop-$N
dry=$work/megadry-$MEGA_N
small_dry=$work/flow-$N
first=$(awk -v n="$N" 'BEGIN { w = length(n ""); if (w < 5) w = 5; printf "s%0*d", w, 1 }')

# report NAME: flat (self) and caller-attributed (children) views of flow's samples.
report() {
	perf report -i "$out/$1.data" --stdio --no-children --comms flow \
		--sort dso,symbol --percent-limit 0.5 -g none >"$out/$1.self.txt" 2>/dev/null
	perf report -i "$out/$1.data" --stdio --children --comms flow \
		--sort symbol --percent-limit 2 -g none >"$out/$1.children.txt" 2>/dev/null
}

change_one() {
	local f=data/$first.txt
	if grep -q changed "$f"; then echo "$first" >"$f"; else echo changed >>"$f"; fi
}

for p in $PROFILES; do
	case $p in
	noop)
		cd "$noop"
		"$FLOW" -q
		echo "load: $(cut -d ' ' -f 1-3 /proc/loadavg)" >"$out/noop.load"
		perf record -q -F 2000 --call-graph dwarf,16384 -o "$out/noop.data" -- \
			sh -c "for i in 1 2 3 4 5; do '$FLOW' -j 2 -q; done" 2>/dev/null
		report noop
		;;
	edit)
		cd "$noop"
		"$FLOW" -q
		echo "load: $(cut -d ' ' -f 1-3 /proc/loadavg)" >"$out/edit.load"
		change_one
		perf record -q -F 2000 --call-graph dwarf,16384 -o "$out/edit.data" -- \
			sh -c "'$FLOW' -j 2 -q" 2>/dev/null
		report edit
		perf report -i "$out/edit.data" --stdio --no-children --sort comm \
			>"$out/edit.comm.txt" 2>/dev/null
		# Off-CPU time (sleeps, waits, syncs), which perf's cpu-clock does not see: the
		# syscall summary of flow and its jobs, then flow's own timeline (no -f).
		change_one
		strace -f -w -c -o "$out/edit.strace-c.txt" "$FLOW" -j 2 -q
		change_one
		strace --seccomp-bpf -f -tt -T -o "$out/edit.strace-t.txt" \
			-e trace=execve,clone,clone3,wait4,fdatasync,fsync,clock_nanosleep,rename,exit_group \
			"$FLOW" -j 2 -q
		;;
	dry)
		cd "$dry"
		rm -rf .flow
		echo "load: $(cut -d ' ' -f 1-3 /proc/loadavg)" >"$out/dry.load"
		perf record -q -F 1000 --call-graph dwarf,16384 -o "$out/dry.data" -- \
			"$FLOW" -n -q 2>/dev/null
		report dry
		;;
	heap)
		cd "$noop"
		valgrind --tool=massif --massif-out-file="$out/noop.massif" "$FLOW" -q 2>"$out/noop.massif.log"
		ms_print "$out/noop.massif" >"$out/noop.massif.txt"
		if [ -d "$small_dry" ]; then
			cd "$small_dry"
			rm -rf .flow a b c count.txt
			valgrind --tool=massif --massif-out-file="$out/dry100k.massif" "$FLOW" -n -q 2>"$out/dry100k.massif.log"
			ms_print "$out/dry100k.massif" >"$out/dry100k.massif.txt"
		fi
		;;
	*) echo "bench/profile.sh: unknown profile '$p'" >&2; exit 2 ;;
	esac
done
