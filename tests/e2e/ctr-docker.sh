#!/bin/sh
# --containers=docker through podman's Docker-compatible socket: the jobs run in their
# images, a failing job's own exit status (3) is reported (docker run --rm over this socket
# would say 0), its output is removed, and flow removes every container it started, the
# successful ones included (docker ps -a shows none of this run's).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup
command -v docker >/dev/null 2>&1 || skip "no docker CLI on PATH"

SOCKDIR="$WORK/.sock"
SOCKET="$FLOW_SRCDIR/tests/containers/docker-socket.sh"
sh "$SOCKET" start "$SOCKDIR" >"$WORK/.socket.txt" 2>&1
case $? in
0) ;;
77) skip "podman's docker socket is unusable: $(tail -n 1 "$WORK/.socket.txt" | sed "s/^SKIP: //")" ;;
*) echo "ERROR: $TEST_NAME: docker-socket.sh failed:" >&2; cat "$WORK/.socket.txt" >&2; exit 99 ;;
esac
trap 'sh "$SOCKET" stop "$SOCKDIR"; rm -rf "$WORK"' EXIT
export DOCKER_HOST="unix://$SOCKDIR/podman.sock"
# the docker CLI is a real one (not podman-docker's wrapper, which would not use the socket)
docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1 || skip "the docker CLI cannot talk to $DOCKER_HOST"

mkdir p
cat > p/Flowfile <<'FLOW'
rule all:
    input: "a.txt", "b.txt", "bad.txt"
rule a:
    output: "a.txt"
    container: "localhost/flow-test-a:1"
    env: X = "xa"
    shell: "echo \"$(cat /etc/flow-image) $X $(id -u)\" > {output}"
rule b:
    output: "b.txt"
    container: "localhost/flow-test-b:1"
    network: off
    shell: "cat /etc/flow-image > {output}"
rule bad:
    output: "bad.txt"
    container: "localhost/flow-test-a:1"
    shell: "echo partial > {output}; echo 'docker job broke' >&2; sleep 0.5; exit 3"
FLOW
"$FLOW" -C p --containers=docker -k -j 3 -p >out.txt 2>err.txt &
fpid=$!
wait $fpid
rc=$?
assert_rc 1
assert_out "docker run "
assert_not_out "docker run --rm"
assert_content p/a.txt "a xa $(id -u)"
assert_content p/b.txt b
assert_no_file p/bad.txt
assert_err "flow: error: job 'bad' failed: exit 3"
assert_err "    | docker job broke"
assert_err "1 of 3 jobs failed"
# (grep, not --filter name=: podman's name filter matched flow-999-0 for ^flow-99-)
left=$(docker ps -a --format '{{.Names}}' | grep "^flow-$fpid-")
[ -z "$left" ] || { fail "containers left behind: $left"; docker rm -f $left >/dev/null 2>&1; }

# The same image IDs as podman's (docker says sha256:ID): a second docker run has only the
# failed job to do.
sed -i 's/exit 3/true/' p/Flowfile
run_flow -C p --containers=docker -j 3
assert_rc 0
assert_content p/bad.txt partial
assert_out "flow: 1 job done"
# ... and podman sees the same identities: nothing to rerun after a switch of runtime.
run_flow -C p --containers=podman -n
assert_rc 0
assert_not_out "image changed"
assert_out "flow: 0 of 3 jobs would run"
pass
