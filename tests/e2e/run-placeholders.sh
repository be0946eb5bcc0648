#!/bin/sh
# Every placeholder of a shell command is filled in: {input}, {input[I]}, {input.NAME},
# {output}, {output[I]}, {output.NAME}, {log}, {log[I]}, {threads}, {resources.NAME} (as
# written), {params.NAME} (with wildcards, an integer, a list joined with spaces),
# {wildcards.NAME}, and {{ }}.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

touch a.in b.in ref.fa
cat > Flowfile <<'FLOW'
rule r:
    input: "a.in", ref = "ref.fa", "b.in"
    output: main = "res/{s}.txt", "res/{s}.aux"
    log: "logs/{s}.log", named = "logs/{s}.named"
    params: x = "pre-{s}", n = 5, l = ["p", "q"]
    threads: 1
    resources: mem = "2G", gpu = 1
    shell: """
        echo "all={input} in0={input[0]} in1={input[1]} in2={input[2]} ref={input.ref}" > {output.main}
        echo "out={output} o0={output[0]} o1={output[1]} main={output.main}" >> {output.main}
        echo "log={log} log1={log[1]} named={log.named}" >> {output.main}
        echo "t={threads} mem={resources.mem} gpu={resources.gpu}" >> {output.main}
        echo "x={params.x} n={params.n} l={params.l} w={wildcards.s} {{braces}}" >> {output.main}
        touch {output[1]}
        echo logged > {log[0]}
    """
FLOW
run_flow -q --resources gpu=1 res/s1.txt
assert_rc 0
assert_content res/s1.txt "all=a.in ref.fa b.in in0=a.in in1=ref.fa in2=b.in ref=ref.fa
out=res/s1.txt res/s1.aux o0=res/s1.txt o1=res/s1.aux main=res/s1.txt
log=logs/s1.log logs/s1.named log1=logs/s1.named named=logs/s1.named
t=1 mem=2G gpu=1
x=pre-s1 n=5 l=p q w=s1 {braces}"
assert_file res/s1.aux
assert_content logs/s1.log logged
pass
