#!/bin/sh
# Files a container job creates (outputs, directories, other files) belong to the uid and gid
# that ran flow, and the job runs as that uid: as root 0:0; then, when a user can be created,
# as that user with rootless podman (flow passes --userns=keep-id there), 1001-ish:same.
# The rootless part needs `network: off` (slirp4netns cannot open /dev/net/tun here; see
# tests/containers/NOTES.md) and newuidmap (Debian's uidmap); it is skipped loudly when a part
# is missing, and fails instead in CI.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

write_flowfile() {
	cat > "$1" <<'FLOW'
rule all:
    input: "o.txt", "sub/dir/p.txt"
rule o:
    output: "o.txt"
    container: "localhost/flow-test-a:1"
    network: off
    shell: "id -u > {output}; id -g >> {output}; echo side > side.txt"
rule p:
    output: "sub/dir/p.txt"
    container: "localhost/flow-test-b:1"
    network: off
    shell: "mkdir -p made/deep; echo x > made/deep/f; cat /etc/flow-image > {output}"
FLOW
}
# owned_by DIR UID GID: every file and directory flow's jobs made in DIR belongs to UID:GID
owned_by() {
	for f in o.txt side.txt sub sub/dir sub/dir/p.txt made made/deep made/deep/f; do
		[ -e "$1/$f" ] || { fail "$1/$f missing"; continue; }
		got=$(stat -c '%u:%g' "$1/$f")
		[ "$got" = "$2:$3" ] || fail "$1/$f is owned by $got, expected $2:$3"
	done
}

uid=$(id -u) gid=$(id -g)
write_flowfile Flowfile
run_flow -j 2
assert_rc 0
assert_content o.txt "$uid
$gid"
assert_content sub/dir/p.txt b
owned_by . "$uid" "$gid"

# --- as another user --------------------------------------------------------------------
if [ "$uid" -ne 0 ]; then
	echo "NOTE: $TEST_NAME: not root; the part as a created user is skipped" >&2
	pass
fi
if ! command -v useradd >/dev/null 2>&1 || ! command -v userdel >/dev/null 2>&1; then
	skip_part "no useradd/userdel; the part as a created user is skipped"
fi
if command -v runuser >/dev/null 2>&1; then
	as_user() { runuser -u "$U" -- sh -c "export XDG_RUNTIME_DIR='$X'; cd '$P' && $1"; }
else
	as_user() { su -s /bin/sh -c "export XDG_RUNTIME_DIR='$X'; cd '$P' && $1" "$U"; }
fi
U=flowt$$
if ! useradd -m "$U" >useradd.txt 2>&1; then
	skip_part "useradd failed ($(tail -n 1 useradd.txt)); the part as a created user is skipped"
fi
# The user's project lives outside $WORK (mode 0700, root's); removed with the user.
P=$(mktemp -d "${TMPDIR:-/tmp}/flow-e2e-$TEST_NAME-user.XXXXXX") || exit 99
# (The commands as the user start there: podman fails in a working directory the user cannot
# enter, "Error: setting up the process".)
# ... and a runtime directory of its own: a stale one from an earlier user with the same uid
# (podman-run-UID, its pause.pid) makes rootless podman fail ("invalid internal status").
X=$(mktemp -d "${TMPDIR:-/tmp}/flow-e2e-$TEST_NAME-xdg.XXXXXX") || exit 99
cleanup_user() {
	# rootless podman leaves a pause process (and conmon) running as the user
	for p in $(pgrep -u "$U" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
	userdel -r "$U" >/dev/null 2>&1
	rm -rf "$P" "$X" "$WORK"
}
trap cleanup_user EXIT
chmod 755 "$P"
chown "$U:" "$P" "$X"
uuid=$(id -u "$U") ugid=$(id -g "$U")
write_flowfile "$P/Flowfile"
chown "$U:" "$P/Flowfile"
# The user's own (rootless) storage needs the images too.
as_user "CONTAINERS_CONF='$CONTAINERS_CONF' sh '$FLOW_SRCDIR/tests/containers/setup.sh' '$P/.ids'" >setup-user.txt 2>&1
src=$?
if [ $src -eq 77 ]; then
	skip_part "rootless podman unusable as $U: $(tail -n 1 setup-user.txt); the part as a created user is skipped"
elif [ $src -ne 0 ]; then
	fail "setup.sh as $U failed: $(tail -n 3 setup-user.txt)"
	pass
fi
as_user "CONTAINERS_CONF='$CONTAINERS_CONF' '$FLOW' -j 2" >out.txt 2>err.txt
rc=$?
assert_rc 0
assert_content "$P/o.txt" "$uuid
$ugid"
assert_content "$P/sub/dir/p.txt" b
owned_by "$P" "$uuid" "$ugid"
pass
