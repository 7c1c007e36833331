#!/usr/bin/env bash
# The main job on the embedded sample: every stage of the pipeline, in order.
# Usage: scripts/demo.sh VENV_BIN OUT_DIR   (make demo passes both)
set -euo pipefail
BIN=${1:-.venv/bin}
OUT=${2:-out}
STORE="$OUT/project.sqlite"
CODEBOOK=codebooks/cpc_peru.yaml
mkdir -p "$OUT"
rm -f "$STORE" "$STORE-wal" "$STORE-shm"
kc() { echo; echo "\$ kiicode $*"; "$BIN/kiicode" "$@"; }
# The same, with the "Counted ... not final" status lines left out: the demo
# says them once, below, instead of after every command.
kc_counting() {
    echo; echo "\$ kiicode $*"
    "$BIN/kiicode" "$@" 2> >(grep -v -e '^Counted ' -e 'not final' -e '^these numbers' >&2)
}

kc codebook check "$CODEBOOK"
kc ingest transcripts_sample --store "$STORE" --codebook "$CODEBOOK"
kc code --store "$STORE"
# How far the suggestions agree with the hand-coded gold set (docs/matching.md).
kc evaluate transcripts_sample/gold_codings.csv --store "$STORE" --no-per-code
# Nobody has reviewed the sample's suggestions, so the default (--status
# reviewed) would count nothing: count every suggestion, and say so once.
echo
echo "Note: nobody has reviewed the sample yet, so the tallies, audit and workbook"
echo "below count every machine suggestion (--status all): these numbers are not final."
kc_counting tally --store "$STORE" --status all
kc_counting tally --store "$STORE" --status all --finding F3 --format markdown
# The audit, summarised: how many problems of each kind (the full tree:
# kiicode audit --store out/project.sqlite --status all). It exits 1 on
# errors; the demo reports them and goes on.
echo; echo "\$ kiicode audit --store $STORE --status all --format json  # summarised"
"$BIN/kiicode" audit --store "$STORE" --status all --format json 2>/dev/null \
    | "$BIN/python" -c '
import collections, json, sys
report = json.load(sys.stdin)
kinds = collections.Counter((p["level"], p["check"]) for p in report["problems"])
errors, warnings = report["errors"], report["warnings"]
print(f"Audit: {errors} errors, {warnings} warnings, by check:")
for (level, check), n in sorted(kinds.items()):
    print(f"  {n:3} {level:7} {check}")
' || true
kc export codings "$OUT/codings.csv" --store "$STORE"
# The client's workbook: its Method sheet says the numbers are not final.
kc_counting export xlsx "$OUT/evidence_matrix.xlsx" --store "$STORE" --status all
echo
echo "Project store: $STORE · codings: $OUT/codings.csv"
echo "Evidence matrix: $OUT/evidence_matrix.xlsx"
