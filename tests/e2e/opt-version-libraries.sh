#!/bin/sh
# --version names flow's version on its first line, then each library flow runs with and
# its version, as a bug report needs them: the versions of the shared libraries loaded,
# which must be those of the installed Debian packages.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

run_flow --version
assert_rc 0
head -n 1 out.txt | grep -qx 'flow [0-9][0-9.]*' || fail "first line of --version: '$(head -n 1 out.txt)'"
# lib_version NAME: the version flow prints for NAME
lib_version() { sed -n "s/^  $1 *\([^ ]*\).*/\1/p" out.txt; }
for lib in PCRE2 libgit2 zlib xxHash libyaml jansson; do
	[ -n "$(lib_version "$lib")" ] || fail "--version does not name $lib"
done
# Each agrees with the package that installed the library (pkg-config knows the -dev's).
if command -v pkg-config >/dev/null 2>&1; then
	for pair in PCRE2:libpcre2-8 libgit2:libgit2 zlib:zlib xxHash:libxxhash libyaml:yaml-0.1 jansson:jansson; do
		want=$(pkg-config --modversion "${pair#*:}" 2>/dev/null) || continue
		got=$(lib_version "${pair%%:*}")
		case $got in
		"$want"*) ;;
		*) fail "${pair%%:*}: --version says '$got', pkg-config says '$want'" ;;
		esac
	done
fi
[ -s err.txt ] && fail "stderr is not empty"
pass
