#!/bin/sh
# Zsh completion (completions/_flow), autoloaded by compinit from fpath as an installed one
# is, in a real interactive zsh driven through zsh/zpty: the line is typed, then Tab, then
# a key bound to a widget that writes the edited line ($BUFFER) to a file. Options, an
# option's fixed values, concrete targets from the graph (a unique one, and the common
# prefix of several), rule names, -C honoured.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

command -v zsh >/dev/null 2>&1 || skip "zsh is not installed (Debian: zsh)"
zsh -f -c 'zmodload zsh/zpty' 2>/dev/null || skip "zsh lacks the zsh/zpty module"
mkdir bin
ln -s "$FLOW" bin/flow
cp -r "$FLOW_SRCDIR/rules-examples/quickstart" proj

cat > drive.zsh <<'ZSH'
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PS1='%% RE""ADY '; fpath=(\$FPATHDIR \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'dump() { print -r -- "[$BUFFER]" >| $OUT; }; zle -N dump; bindkey "^X^D" dump; print -r GO$((6*7))'
zpty -r z junk '*GO42*'
zpty -r z junk '*READY '
zpty -w -n z "$1"$'\t'
sleep 0.3
zpty -w -n z $'\x18\x04'
for i in {1..100}; do [[ -s $OUT ]] && break; sleep 0.1; done
zpty -d z
ZSH

# check LINE EXPECTED: after LINE and Tab, the line reads EXPECTED.
check() {
	rm -f "$WORK/buffer.txt"
	PATH="$WORK/bin:$PATH" HOME="$WORK" FPATHDIR="$FLOW_SRCDIR/completions" OUT="$WORK/buffer.txt" \
		timeout 30 zsh -f "$WORK/drive.zsh" "$1" 2>"$WORK/err.txt"
	got=$(cat "$WORK/buffer.txt" 2>/dev/null)
	[ "$got" = "[$2]" ] || fail "after '$1' and Tab, the line is '$got', expected '[$2]'"
}

cd proj
check "flow --cont" "flow --containers="
check "flow --containers=p" "flow --containers=podman "
check "flow --dag=m" "flow --dag=mermaid "
check "flow --rerun-triggers=input,c" "flow --rerun-triggers=input,command "
check "flow -n work/gamma.t" "flow -n work/gamma.total "
check "flow work/al" "flow work/alpha."
check "flow rep" "flow report "
check "flow resu" "flow results/report.html "
cd ..
check "flow -C proj work/beta.n" "flow -C proj work/beta.norm.txt "
pass
