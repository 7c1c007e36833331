#!/usr/bin/env bash
# The pictures of the deliverables in docs/ and the README, made from the
# demo project (run `make demo` first): the workbook's and the report's first
# printed pages (LibreOffice, headless, then poppler's pdftoppm) and the heat
# map chart. Usage: scripts/docs_images.sh [VENV_BIN] [OUT_DIR]
set -euo pipefail
BIN=${1:-.venv/bin}
OUT=${2:-out}
STORE="$OUT/project.sqlite"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN/kiicode" export xlsx "$WORK/evidence_matrix.xlsx" --store "$STORE" --status all
"$BIN/kiicode" report "$WORK/findings.docx" --store "$STORE" --status all
"$BIN/kiicode" chart heatmap docs/heatmap.png --store "$STORE" --status all
"$BIN/kiicode" chart strength docs/strength.png --store "$STORE" --status all
soffice --headless --norestore "-env:UserInstallation=file://$WORK/profile" \
    --convert-to pdf --outdir "$WORK" "$WORK/evidence_matrix.xlsx" "$WORK/findings.docx" >/dev/null
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$WORK/evidence_matrix.pdf" docs/workbook_page1
pdftoppm -png -r 70 -f 2 -l 2 -singlefile "$WORK/findings.pdf" docs/report_page2
pdfinfo "$WORK/evidence_matrix.pdf" | grep Pages | sed 's/^/workbook /'
pdfinfo "$WORK/findings.pdf" | grep Pages | sed 's/^/report /'
