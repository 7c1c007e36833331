"""The scan on kiicode's own development corpora (tests/fixtures/pii_dev,
built from templates, tests/fixtures/pii_dev2, hand-written ID numbers,
names with and without strong evidence, and PII-free text full of traps, and
tests/fixtures/pii_dev3, the families of forms of phones, IDs, dates of birth
and addresses, with their look-alikes, and tests/fixtures/pii_dev4, the forms
of speech-to-text output and everyday talk, with video calls' numbers and
public lines as look-alikes):
the text it was tuned on, so the targets of issue 16 must keep holding
there. The honest figures, on the frozen blind corpora, are in
docs/anonymisation.md."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from pii_eval import evaluate, files_of  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
# the sample's meeting-tool exports (.vtt, .srt, .docx) carry participants'
# display names as speaker labels, which are personal: only its plain
# transcripts are PII-free text
SAMPLE_PLAIN = sorted(p for p in (ROOT / "transcripts_sample").iterdir()
                      if p.suffix in (".md", ".txt") and p.name.lower() != "readme.md")
CLEAN = {"pii_dev": SAMPLE_PLAIN,
         "pii_dev2": [*SAMPLE_PLAIN, FIXTURES / "pii_dev2" / "clean"],
         "pii_dev3": [FIXTURES / "pii_dev3" / "clean"],
         "pii_dev4": [FIXTURES / "pii_dev4" / "clean"]}
# pii_dev3 and pii_dev4 hold the pattern rules' families and traps; their
# PII-free text is judged on them (names have their own corpora above), at the
# threshold each is held to: pii_dev4's traps include an NGO's public site,
# reported at 0.6 by design, so only its blocking hits must be none
PATTERNS_ONLY = {"pii_dev3": "all", "pii_dev4": "high"}


@pytest.mark.parametrize("corpus", sorted(CLEAN))
def test_dev_corpus_recall_and_false_positives(corpus):
    result = evaluate(files_of([str(FIXTURES / corpus)]), FIXTURES / corpus / "gold.csv",
                      files_of([str(p) for p in CLEAN[corpus]]), "kiicode")
    high = result["by_threshold"]["high"]["categories"]
    for category in ("email", "phone", "id_number"):
        if high[category]["items"]:
            assert high[category]["recall"] >= 0.98, category
    if high["person_name"]["items"]:
        assert high["person_name"]["recall"] >= 0.85   # where the export guard blocks
    every = result["by_threshold"]["all"]
    if corpus in PATTERNS_ONLY:
        judged = result["by_threshold"][PATTERNS_ONLY[corpus]]
        pattern_fp = sum(p["false_positives_clean"] for c, p in judged["categories"].items()
                         if c != "person_name")
        assert pattern_fp / result["clean_words"] * 10_000 <= 5
    else:
        assert every["fp_per_10k_words"] <= 5
