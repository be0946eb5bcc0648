#!/bin/sh
# report.sh OUTPUT COUNTS...
#
# Writes a small self-contained HTML report: for each counts file
# (work/SAMPLE.counts.tsv, lines as written by `uniq -c | sort -rn`) the sample
# name, the total read from the matching work/SAMPLE.total, and a table of the
# most frequent words.
set -eu

TOP=${REPORT_TOP:-10}

if [ "$#" -lt 2 ]; then
    echo "usage: $0 OUTPUT COUNTS..." >&2
    exit 2
fi
out=$1
shift

# HTML-escape standard input.
esc() {
    sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}

tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT

{
    cat <<'HEAD'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Word counts</title>
<style>
body { font-family: sans-serif; margin: 2em; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #999; padding: 0.2em 0.8em; }
td.n { text-align: right; }
</style>
</head>
<body>
<h1>Word counts</h1>
HEAD
    for counts in "$@"; do
        base=$(basename "$counts")
        sample=${base%.counts.tsv}
        total_file="$(dirname "$counts")/$sample.total"
        if [ ! -r "$total_file" ]; then
            echo "report.sh: cannot read $total_file (total for $counts)" >&2
            exit 1
        fi
        total=$(tr -d ' \t\n' < "$total_file")
        name=$(printf '%s' "$sample" | esc)
        printf '<h2>%s</h2>\n' "$name"
        printf '<p>Total words: %s</p>\n' "$(printf '%s' "$total" | esc)"
        printf '<table>\n<tr><th>#</th><th>word</th><th>count</th></tr>\n'
        head -n "$TOP" "$counts" | esc | awk '
            NF >= 2 { printf "<tr><td class=\"n\">%d</td><td>%s</td><td class=\"n\">%s</td></tr>\n", NR, $2, $1 }'
        printf '</table>\n'
    done
    printf '</body>\n</html>\n'
} > "$tmp"
mv "$tmp" "$out"
trap - EXIT
