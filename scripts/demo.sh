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

kc codebook check "$CODEBOOK"
kc ingest transcripts_sample --store "$STORE" --codebook "$CODEBOOK"
kc code --store "$STORE"
# How far the suggestions agree with the hand-coded gold set (docs/matching.md).
kc evaluate transcripts_sample/gold_codings.csv --store "$STORE" --no-per-code
# Nobody has reviewed the sample's suggestions, so the default (--status
# reviewed) would count nothing: count every suggestion, and say so.
kc tally --store "$STORE" --status all
kc tally --store "$STORE" --status all --finding F3 --format markdown
# The audit exits 1 when it finds errors (e.g. a finding without evidence);
# the demo shows them and goes on rather than stopping there.
kc audit --store "$STORE" --status all || echo "(audit reported errors: see above)"
kc export codings "$OUT/codings.csv" --store "$STORE"
# The client's workbook. As for the tally above, the sample has no human
# review yet, so it counts every suggestion (--status all); its Method sheet
# and the message below say these numbers are not final.
kc export xlsx "$OUT/evidence_matrix.xlsx" --store "$STORE" --status all
echo
echo "Project store: $STORE · codings: $OUT/codings.csv"
echo "Evidence matrix: $OUT/evidence_matrix.xlsx"
