#!/bin/sh
# The TextMate grammar (editors/textmate, used by VS Code, Sublime Text and GitHub) on the
# shipped examples, through vscode-textmate, VS Code's own tokenizer: the expected scopes at
# chosen places (keywords, rule names, keys, strings, triple-quoted commands, placeholders
# and wildcards inside them, escapes, comments, numbers, functions), the same places as
# editor-vim.sh checks. The tokenizer comes from the npm registry: `npm ci --prefix
# tests/editors` (.ci/run does it); FLOW_EDITOR_MODULES names its node_modules when the
# test runs from a copy of the tree (the sanitizer stage, distcheck).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

command -v node >/dev/null 2>&1 || skip "node is not installed (Debian: nodejs)"
NODE_PATH=${FLOW_EDITOR_MODULES:-$FLOW_SRCDIR/tests/editors/node_modules}
export NODE_PATH
[ -d "$NODE_PATH/vscode-textmate" ] ||
	skip "vscode-textmate is not installed: run 'npm ci --prefix tests/editors'"
VC="$FLOW_SRCDIR/rules-examples/variant-calling/Flowfile"
QC="$FLOW_SRCDIR/rules-examples/quickstart/Flowfile"
GRAMMAR="$FLOW_SRCDIR/editors/textmate/flowfile.tmLanguage.json"

# FILE<TAB>LINE REGEX (JavaScript)<TAB>TEXT ON THAT LINE<TAB>SCOPE
cat > checks.txt <<CHECKS
$VC	^rule all:	rule	keyword.control.rule.flowfile
$VC	^rule map_reads:	map_reads	entity.name.function.rule.flowfile
$VC	^    input:	input	keyword.other.key.flowfile
$VC	^    threads:	threads	keyword.other.key.flowfile
$VC	params\.seed	{params.seed}	variable.other.placeholder.flowfile
$VC	output\.truth	{output.truth}	variable.other.placeholder.flowfile
$VC	^ +seed=	seed=	string.quoted.triple.flowfile
$VC	^# Flowfile	Flowfile	comment.line.number-sign.flowfile
$VC	^SEED	42	constant.numeric.integer.flowfile
$VC	^BWA_INDEX	expand	support.function.builtin.flowfile
$VC	^SAMPLES	"A"	string.quoted.double.flowfile
$VC	@RG	\\\\	constant.character.escape.flowfile
$VC	-d 300 -s 30	\\	string.quoted.triple.flowfile
$VC	^SAMPLES	[	
$QC	sample,\[a-z\]	{sample,[a-z]+}	variable.other.placeholder.flowfile
$QC	>= m	{{	constant.character.escape.brace.flowfile
$QC	^    params:	params	keyword.other.key.flowfile
CHECKS
node "$FLOW_SRCDIR/tests/editors/textmate.mjs" "$GRAMMAR" checks.txt >out.txt 2>err.txt
rc=$?
assert_rc 0
pass
