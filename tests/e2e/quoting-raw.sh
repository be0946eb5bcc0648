#!/bin/sh
# A list param gives one quoted word per item (the way to pass several options); an
# empty param gives no word; file names and wildcard values inside "..." are escaped for
# double quotes. raw("...") marks a param written in the Flowfile as shell code, and
# only a string literal can be raw: an override of a raw variable is data again, a shell
# command from the command line is refused, and placeholders inside `...` or a
# here-document, where no value can be quoted, are errors.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir data
echo 'in' > 'data/a"b$(touch pwned0).txt'
cat > Flowfile <<'FLOW'
L = ["-n", "1", "a b"]
R = raw("| tr a-z A-Z")
rule all:
    input: "res/a\"b$(touch pwned0).txt"
rule r:
    input: "data/{name}.txt"
    output: "res/{name}.txt"
    params:
        opts = L
        none = ""
        up = R
        code = raw("&& echo then")
    shell: """
        printf '<%s>\n' {params.opts} x{params.none}x {params.none} > "{output}"
        printf '<%s>\n' "{params.opts}" "{wildcards.name}" "{input}" >> "{output}"
        {{ echo hi {params.up} {params.code}; }} >> "{output}"
    """
FLOW
run_flow -q
assert_rc 0
assert_no_file pwned0
assert_content 'res/a"b$(touch pwned0).txt' '<-n>
<1>
<a b>
<xx>
<-n 1 a b>
<a"b$(touch pwned0)>
<data/a"b$(touch pwned0).txt>
HI
then'

# Overrides are data, even of a raw variable, and each list item is one word.
run_flow -q --force 'L=x;touch pwned1,$(touch pwned2)' 'R=; touch pwned3'
assert_rc 0
for n in 1 2 3; do assert_no_file pwned$n; done
assert_content 'res/a"b$(touch pwned0).txt' '<x;touch pwned1>
<$(touch pwned2)>
<xx>
<x;touch pwned1 $(touch pwned2)>
<a"b$(touch pwned0)>
<data/a"b$(touch pwned0).txt>
hi ; touch pwned3
then'

# Only a string literal can be raw.
cat > Flowfile <<'FLOW'
C = "echo hi"
rule r:
    output: "o.txt"
    params: c = raw(C)
    shell: "touch {output}"
FLOW
run_flow
assert_rc 2
cat > expected <<'EOF2'
Flowfile:4:17: error: raw() takes one string literal, the shell code itself
    4 |     params: c = raw(C)
      |                 ^
      = hint: a variable cannot be raw: its value may come from the command line
EOF2
assert_err_exact expected

# A shell command from the command line is refused.
cat > Flowfile <<'FLOW'
CMD = "touch {output}"
rule r:
    output: "o.txt"
    shell: CMD
FLOW
run_flow 'CMD=touch {output}; touch pwned4'
assert_rc 2
assert_no_file pwned4
assert_err "Flowfile:4:5: error: the shell command of rule 'r' is a value set on the command line"
assert_err "hint: a value from the command line is data, never shell code: pass it as a param"

# Placeholders inside `...` and here-documents.
cat > Flowfile <<'FLOW'
rule r:
    output: "o.txt"
    params: x = "v"
    shell: """
        echo `echo {params.x}` > {output}
        cat <<EOF >> {output}
        {output}
        EOF
        cat <<'END' >> {output}
        {params.x}
        END
        echo {params.x} >> {output}
    """
FLOW
run_flow
assert_rc 2
cat > expected <<'EOF2'
Flowfile:5:20: error: placeholder '{params.x}' inside `...` in shell command of rule 'r'
    5 |         echo `echo {params.x}` > {output}
      |                    ^
      = hint: write $(...) instead of `...`: flow can quote values there
Flowfile:7:9: error: placeholder '{output}' inside a here-document in shell command of rule 'r'
    7 |         {output}
      |         ^
      = hint: flow cannot quote a value inside a here-document: pass it as an argument, e.g. printf '%s\n' {params.x}
Flowfile:10:9: error: placeholder '{params.x}' inside a here-document in shell command of rule 'r'
   10 |         {params.x}
      |         ^
      = hint: flow cannot quote a value inside a here-document: pass it as an argument, e.g. printf '%s\n' {params.x}
flow: 3 errors
EOF2
assert_err_exact expected
pass
