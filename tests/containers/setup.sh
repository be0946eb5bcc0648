#!/bin/sh
# Build flow's container test images without any registry.
#
#   tests/containers/setup.sh OUTDIR
#       Ensures localhost/flow-test-a:1 and localhost/flow-test-b:1 exist in podman's storage
#       (the storage of the `podman` that the tests run: rootful, /var/lib/containers/storage
#       when run as root). Each is a static busybox rootfs with every busybox applet at its usual
#       path (/bin/sh, /usr/bin/awk, ...), PATH set, /tmp 1777, and /etc/flow-image holding
#       "a" or "b". Writes OUTDIR/flow-test-a.id and OUTDIR/flow-test-b.id (the image IDs, the
#       same text as `podman image inspect --format '{{.Id}}'`). Idempotent: an image already
#       present with the right content (label flow.test.content) and recipe version is kept;
#       a second run takes about one trivial container start (~0.2 s, the usability check).
#
#   tests/containers/setup.sh --rebuild NAME CONTENT
#       (what rebuild.sh runs) Imports NAME afresh with /etc/flow-image = CONTENT, always,
#       so NAME gets a new image ID even when CONTENT is unchanged. Prints the new ID.
#
# Exit status: 0 done; 77 podman unusable here (a line "SKIP: reason" on stdout); 1 other error.
# Uses CONTAINERS_CONF when the caller set it, otherwise this directory's containers.conf
# (passed to podman per command; nothing is exported). Sources nothing.

set -u

here=$(cd "$(dirname "$0")" && pwd) || exit 1
conf=${CONTAINERS_CONF:-$here/containers.conf}
recipe=1        # bump when the rootfs layout below changes: forces a re-import

pm() { CONTAINERS_CONF=$conf podman "$@"; }
skip() { echo "SKIP: $*"; exit 77; }
die() { echo "setup.sh: $*" >&2; exit 1; }

# make_rootfs DIR CONTENT: a static busybox rootfs in DIR (replaced if present).
make_rootfs() {
    rm -rf "$1" && mkdir -p "$1" || return 1
    (
        cd "$1" || exit 1
        mkdir -p bin sbin usr/bin usr/sbin etc tmp root home dev proc sys run var/tmp || exit 1
        chmod 1777 tmp var/tmp
        cp "$busybox" bin/busybox || exit 1
        for p in $(bin/busybox --list-full); do
            [ "$p" = bin/busybox ] || [ -e "$p" ] || ln -s /bin/busybox "$p" || exit 1
        done
        printf '%s\n' "$2" > etc/flow-image
        printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > etc/passwd
        printf 'root:x:0:\nnogroup:x:65534:\n' > etc/group
    )
}

# import DIR NAME CONTENT: import the rootfs in DIR as NAME, labelled; prints nothing.
import() {
    tar -C "$1" -cf - . | pm import --quiet \
        --change 'ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD=["/bin/sh"]' \
        --change "LABEL=flow.test.content=$3" \
        --change "LABEL=flow.test.recipe=$recipe" \
        - "$2" >/dev/null
}

# info NAME: "ID CONTENT RECIPE" of image NAME, or nothing if it is absent.
info() {
    pm image inspect --format \
        '{{.Id}} {{index .Labels "flow.test.content"}} {{index .Labels "flow.test.recipe"}}' \
        "$1" 2>/dev/null
}

# Serialize concurrent setups and rebuilds (parallel test runs) where flock(1) exists.
if command -v flock >/dev/null 2>&1 && [ -z "${FLOW_SETUP_LOCKED:-}" ]; then
    FLOW_SETUP_LOCKED=1 exec flock "${TMPDIR:-/tmp}/flow-test-images.lock" sh "$0" "$@"
fi

# --- is podman usable at all? ---------------------------------------------------------------
command -v podman >/dev/null 2>&1 || skip "podman not installed"
command -v tar >/dev/null 2>&1 || skip "tar not installed"
busybox=
for b in /bin/busybox /usr/bin/busybox; do [ -x "$b" ] && { busybox=$b; break; }; done
[ -n "$busybox" ] || skip "no busybox (install busybox-static)"
if command -v ldd >/dev/null 2>&1 && ldd "$busybox" >/dev/null 2>&1; then
    skip "$busybox is dynamically linked (install busybox-static)"
fi
[ -r "$conf" ] || skip "no containers.conf at $conf"
# (not `podman info`: it takes ~1.5 s here)
err=$(pm image ls -q 2>&1 >/dev/null) ||
    skip "podman cannot open its storage: $(printf '%s' "$err" | tail -n 1)"

# --- rebuild mode -----------------------------------------------------------------------
if [ "${1:-}" = --rebuild ]; then
    [ $# -eq 3 ] || die "usage: setup.sh --rebuild NAME CONTENT"
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/flow-rebuild.XXXXXX") || die "mktemp failed"
    trap 'rm -rf "$tmp"' EXIT
    old=$(info "$2")
    make_rootfs "$tmp/rootfs" "$3" || die "cannot build rootfs"
    import "$tmp/rootfs" "$2" "$3" || die "podman import $2 failed"
    pm image inspect --format '{{.Id}}' "$2" || die "cannot inspect $2"
    # drop the previous image (now untagged) unless a container still uses it
    [ -z "$old" ] || pm image rm "${old%% *}" >/dev/null 2>&1
    exit 0
    exit 0
fi

# --- normal mode ------------------------------------------------------------------------
[ $# -eq 1 ] || die "usage: setup.sh OUTDIR | setup.sh --rebuild NAME CONTENT"
out=$1
mkdir -p "$out" || die "cannot create $out"
out=$(cd "$out" && pwd) || exit 1

for c in a b; do
    name=localhost/flow-test-$c:1
    i=$(info "$name")
    if [ "${i#* }" != "$c $recipe" ]; then
        make_rootfs "$out/rootfs-$c" "$c" || die "cannot build rootfs in $out/rootfs-$c"
        import "$out/rootfs-$c" "$name" "$c" || die "podman import $name failed"
        rm -rf "$out/rootfs-$c"
        [ -z "$i" ] || pm image rm "${i%% *}" >/dev/null 2>&1
        i=$(info "$name")
    fi
    [ -n "$i" ] || die "cannot inspect $name"
    printf '%s\n' "${i%% *}" > "$out/flow-test-$c.id"
done

# A container must really start (runtime, ulimits, cgroups); otherwise skip.
err=$(pm run --rm --init --pull=never --network=none localhost/flow-test-a:1 \
        sh -c 'test "$(cat /etc/flow-image)" = a && echo ok' 2>&1)
[ "$err" = ok ] || skip "podman cannot run a container: $(printf '%s' "$err" | tail -n 1)"
exit 0
