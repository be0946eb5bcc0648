#!/bin/sh
# compare_truth.sh OUTPUT VCF TRUTH...
#
# Compares the SNVs called in VCF with the mutations wgsim introduced, one
# truth file per sample (truth/SAMPLE.mutations.txt, as wgsim prints them on
# stdout: CHROM POS REF ALT ZYG, where ALT is an IUPAC code for a heterozygous
# SNV, ZYG is '+' for heterozygous and '-' for homozygous, and '-' as REF or ALT
# marks an indel). Indels are left out of the comparison.
#
# Writes a TSV, one line per sample: truth SNVs, called SNVs (non-reference
# genotype in that sample), true positives, false positives, false negatives,
# recall, precision, and how many true positives have the right genotype
# (0/1 for heterozygous, 1/1 for homozygous).
set -eu

if [ "$#" -lt 3 ]; then
    echo "usage: $0 OUTPUT VCF TRUTH..." >&2
    exit 2
fi
out=$1
vcf=$2
shift 2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf 'sample\ttruth_snvs\tcalled_snvs\ttp\tfp\tfn\trecall\tprecision\tgenotype_ok\n' > "$tmp/out"
for truth in "$@"; do
    base=$(basename "$truth")
    sample=${base%.mutations.txt}
    # Calls: SNVs where this sample's genotype has an alternative allele.
    bcftools query -s "$sample" -i 'TYPE="snp" && GT="alt"' \
        -f '%CHROM\t%POS\t[%GT]\n' "$vcf" > "$tmp/calls"
    awk -v sample="$sample" '
        BEGIN { FS = "\t"; OFS = "\t" }
        FNR == NR {                     # truth file
            if ($3 == "-" || $4 == "-" || length($3) != 1 || length($4) != 1) next
            truth[$1 ":" $2] = ($5 == "-") ? "hom" : "het"
            nt++
            next
        }
        {                               # calls
            nc++
            key = $1 ":" $2
            gt = $3; gsub(/\|/, "/", gt)
            if (key in truth) {
                tp++
                split(gt, a, "/")
                called = (a[1] == a[2]) ? "hom" : "het"
                if (called == truth[key]) gtok++
            } else fp++
        }
        END {
            fn = nt - tp
            printf "%s\t%d\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%d\n", sample, nt, nc, tp, fp, fn,
                (nt ? tp / nt : 0), (nc ? tp / nc : 0), gtok
        }' "$truth" "$tmp/calls" >> "$tmp/out"
done
mv "$tmp/out" "$out"
