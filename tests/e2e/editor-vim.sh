#!/bin/sh
# The Vim syntax file (editors/vim) on the shipped examples: Vim, headless, detects the
# filetype of a Flowfile and of an included *.flow file, and reports the expected syntax
# group at chosen places (keywords, rule names, keys, strings, triple-quoted commands,
# placeholders and wildcards inside them, escapes, comments, numbers, functions; a
# backslash ending a line inside a command is the shell's, not a Flowfile line join).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

command -v vim >/dev/null 2>&1 || skip "vim is not installed (Debian: vim-nox)"
VC="$FLOW_SRCDIR/rules-examples/variant-calling/Flowfile"
mkdir rules
cp "$FLOW_SRCDIR/rules-examples/quickstart/Flowfile" rules/qc.flow
QC="$WORK/rules/qc.flow"

# Each check: FILE<TAB>Vim PATTERN (the cursor goes to its \zs)<TAB>EXPECTED GROUP
# (empty: no syntax group there).
tab=$(printf '\t')
cat > checks.txt <<CHECKS
$VC	^\zsrule all	flowfileStatement
$VC	^rule \zsmap_reads	flowfileRuleName
$VC	^\s\+\zsinput:	flowfileKey
$VC	^\s\+\zsthreads:	flowfileKey
$VC	{\zsparams.seed}	flowfilePlaceholder
$VC	{\zsoutput.truth}	flowfilePlaceholder
$VC	shell: """\n\s*\zsseed	flowfileTriple
$VC	^# \zsFlowfile	flowfileComment
$VC	SEED       = \zs42	flowfileNumber
$VC	= \zsexpand(	flowfileFunction
$VC	SAMPLES = \["\zsA	flowfileString
$VC	"@RG\zs\\\\\\\\tID	flowfileEscape
$VC	-d 300 -s 30 \zs\\\\$	flowfileTriple
$VC	SAMPLES = \zs\[	
$QC	work/{\zssample,\[a-z\]+}	flowfilePlaceholder
$QC	>= m \zs{{	flowfileBraceEscape
$QC	^\s\+\zsparams:	flowfileKey
CHECKS

{
	echo "set rtp^=$FLOW_SRCDIR/editors/vim"
	echo 'filetype on'
	echo 'syntax on'
	echo 'let out = []'
	while IFS="$tab" read -r file pat want; do
		echo "edit $file"
		echo "call add(out, &filetype)"
		echo "call cursor(1, 1)"
		# the pattern as a Vim single-quoted string: a quote is written twice
		q=$(printf '%s' "$pat" | sed "s/'/''/g")
		printf '%s\n' "call add(out, search('$q', 'W') ? synIDattr(synID(line('.'), col('.'), 1), 'name') : 'NOT FOUND')"
	done < checks.txt
	echo "call writefile(out, '$WORK/got.txt')"
	echo 'qa!'
} > t.vim
vim -Nu NONE -i NONE -es -S t.vim </dev/null >vim.txt 2>&1
[ -f got.txt ] || { fail "vim wrote no result: $(cat vim.txt)"; pass; }
i=1
while IFS="$tab" read -r file pat want; do
	ft=$(sed -n "$((2 * i - 1))p" got.txt)
	got=$(sed -n "$((2 * i))p" got.txt)
	[ "$ft" = flowfile ] || fail "$file: filetype '$ft', expected flowfile"
	[ "$got" = "$want" ] || fail "$(basename "$file"): at /$pat/ the syntax group is '$got', expected '$want'"
	i=$((i + 1))
done < checks.txt
pass
