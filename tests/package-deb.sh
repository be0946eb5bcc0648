#!/bin/sh
# The Debian package, for real: build it from a copy of the tree with
# `dpkg-buildpackage -us -uc -b`, check it with lintian (no errors) and its Depends (the
# shared libraries flow links), install it into this machine, run the quickstart example
# with the installed /usr/bin/flow from /usr/share/doc/flow/examples, and remove it.
# Needs root, debhelper and lintian; says SKIP otherwise, and fails instead in CI (CI=true).
# The test suite already runs in check-all's other stages, so the package build skips it
# (DEB_BUILD_OPTIONS=nocheck).
# Usage: tests/package-deb.sh SRCDIR
set -u
srcdir=$(cd "${1:-.}" && pwd)
skip() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: package-deb: would skip in CI: $*" >&2
		exit 1
	fi
	echo "SKIP: package-deb: $*" >&2
	exit 0
}
fail() {
	echo "FAIL: package-deb: $*" >&2
	exit 1
}
[ "$(id -u)" = 0 ] || skip "not root: cannot install a package"
for t in dpkg-buildpackage dh lintian; do
	command -v "$t" >/dev/null 2>&1 || skip "no $t (Debian: dpkg-dev, debhelper, lintian)"
done
if dpkg-query -W -f '${Status}' flow 2>/dev/null | grep -q 'install ok'; then
	skip "a package named flow is installed already; not replacing it"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/flow-package.XXXXXX") || exit 1
installed=false
cleanup() {
	$installed && dpkg --purge flow >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/flow"
# The tree as git has it (what a release holds), else as it is without build products.
if git -C "$srcdir" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$srcdir" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$work/flow"
else
	(cd "$srcdir" && tar -cf - --exclude=san-src --exclude='*.o' --exclude='*.log' \
		--exclude='*.trs' --exclude=node_modules .) | tar -xf - -C "$work/flow"
fi

echo "package-deb: building the package"
(cd "$work/flow" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 ||
	{ tail -n 30 "$work/build.log" >&2; fail "dpkg-buildpackage failed"; }
deb=$(ls "$work"/flow_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "no .deb was built"

lintian "$deb" >"$work/lintian.txt" 2>&1
grep '^[EW]: ' "$work/lintian.txt" >&2
if grep -q '^E: ' "$work/lintian.txt"; then
	cat "$work/lintian.txt" >&2
	fail "lintian reports errors"
fi
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libpcre2-8 libgit2 zlib1g libxxhash; do
	echo "$depends" | grep -q "$lib" || fail "Depends lacks $lib: $depends"
done
dpkg-deb -c "$deb" >"$work/contents.txt" || fail "dpkg-deb -c failed"
for f in ./usr/bin/flow ./usr/share/man/man1/flow.1.gz ./usr/share/man/man5/Flowfile.5.gz \
	./usr/share/vim/vimfiles/syntax/flowfile.vim \
	./usr/share/bash-completion/completions/flow ./usr/share/doc/flow/examples/quickstart/Flowfile; do
	grep -q " $f\$" "$work/contents.txt" || fail "the package lacks $f"
done

echo "package-deb: installing $(basename "$deb")"
dpkg -i "$deb" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i failed"; }
installed=true
cp -r /usr/share/doc/flow/examples/quickstart "$work/qs"
(cd "$work/qs" && /usr/bin/flow -j 2) >"$work/run.log" 2>&1 ||
	{ cat "$work/run.log" >&2; fail "the installed flow failed on the quickstart"; }
[ -s "$work/qs/results/report.html" ] || fail "the quickstart made no results/report.html"
/usr/bin/flow --version >/dev/null || fail "flow --version failed"
man -w flow >/dev/null 2>&1 || fail "man cannot find flow(1)"
dpkg --purge flow >/dev/null 2>&1 || fail "dpkg --purge flow failed"
installed=false
[ ! -e /usr/bin/flow ] || fail "/usr/bin/flow is still there after removal"
echo "PASS: package-deb ($(dpkg-deb -f "$deb" Version), Depends: $depends)"
