#!/bin/sh
# {input} with several files whose names hold spaces, quotes, semicolons and $(...) gives
# one shell word per file, in order; nothing in the names is executed.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir in
printf '1\n' > 'in/a b.txt'
printf '2\n' > "in/it's.txt"
printf '3\n' > 'in/x;rm -f keep.txt.txt'
printf '4\n' > 'in/$(touch pwned).txt'
printf '5\n' > 'in/"dq" `touch pwned2`.txt'
touch keep.txt
cat > Flowfile <<'FLOW'
rule cat:
    input: "in/a b.txt", "in/it's.txt", "in/x;rm -f keep.txt.txt", "in/$(touch pwned).txt", "in/\"dq\" `touch pwned2`.txt"
    output: "res/all files.txt"
    shell: """
        for f in {input}; do printf '<%s>\n' "$f"; done > {output}
        cat {input} >> {output}
        printf '[%s]\n' {input[2]} {output} >> {output}
    """
FLOW
run_flow -q
assert_rc 0
assert_file keep.txt
assert_no_file pwned
assert_no_file pwned2
assert_content 'res/all files.txt' '<in/a b.txt>
<in/it'"'"'s.txt>
<in/x;rm -f keep.txt.txt>
<in/$(touch pwned).txt>
<in/"dq" `touch pwned2`.txt>
1
2
3
4
5
[in/x;rm -f keep.txt.txt]
[res/all files.txt]'
pass
