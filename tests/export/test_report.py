"""`kiicode report` (.docx and .md), its quote selection and the coder's
pin/exclude overrides, `kiicode chart` and `kiicode memos`."""

from __future__ import annotations

import csv
import io
import json
import struct
import xml.etree.ElementTree as ET

import docx
import pytest
from conftest import flat
from evidence_project import MEMOS, build

from kiicode.export.report import Candidate, select_quotes
from kiicode.store import QuoteChoice
from kiicode.transcripts.models import Segment


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return build(tmp_path_factory.mktemp("report"))


@pytest.fixture
def opts(paths):
    return ["--store", paths[0], "--codebook", paths[1]]


def candidate(segment_id: str, respondent: str, kind: str, score: float = 0.5,
              tier: str = "accepted", text: str = "A quote long enough to stand on its own.",
              order: int = 0) -> Candidate:
    segment = Segment(segment_id, "T", respondent, 1, 1, 0, len(text), text, "es")
    return Candidate(segment, None, kind, f"KII, {kind}", score, tier, order)


def test_selection_prefers_new_respondent_types_then_score():
    pool = [candidate("A:1", "A", "Government official", 0.9, order=1),
            candidate("A:2", "A", "Government official", 0.99, order=2),
            candidate("B:1", "B", "Government official", 0.95, order=3),
            candidate("C:1", "C", "NGO staff", 0.6, order=4),
            candidate("D:1", "D", "NGO staff", 0.7, tier="unreviewed", order=5)]
    fates = select_quotes(pool, {}, places=3)
    chosen = [f.candidate.segment.id for f in fates if f.chosen]
    # the best government quote, then NGO staff (a new type, the reviewed one
    # first), then a new government respondent before A's second quote
    assert chosen == ["A:2", "C:1", "B:1"]
    reasons = {f.candidate.segment.id: f.reason for f in fates}
    assert reasons["A:2"].startswith("first government official quoted")
    assert reasons["C:1"].startswith("first ngo staff quoted")
    assert reasons["A:1"].startswith("not needed")


def test_pins_come_first_and_exclusions_never_show():
    pool = [candidate("A:1", "A", "Government official", 0.9),
            candidate("B:1", "B", "NGO staff", 0.2),
            candidate("C:1", "C", "Frontline worker", 0.8)]
    choices = {"B:1": QuoteChoice("F1", "B:1", "ana", "pin", "2024-01-01"),
               "A:1": QuoteChoice("F1", "A:1", "luis", "exclude", "2024-01-02")}
    fates = select_quotes(pool, choices, places=2)
    assert [(f.candidate.segment.id, f.chosen, f.reason) for f in fates] == [
        ("B:1", True, "pinned by ana"),
        ("C:1", True, "first frontline worker quoted; accepted; score 0.80"),
        ("A:1", False, "excluded by luis")]


def test_markdown_report(paths, opts, invoke, tmp_path):
    out = tmp_path / "findings.md"
    result = invoke("report", out, *opts, "--status", "all")
    assert result.exit_code == 0, result.output
    assert "not final" in flat(result.stderr)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Findings report (draft): Mini evaluation")
    assert "### F1. Training improved capacity." in text
    # the quantified sentence with n of N by type, strength, contrary evidence
    assert "Most NGO staff (2 of 3), the only frontline worker (1 of 1) and one government " \
           "official (1 of 3)" in text
    assert "| NGO staff | 2 of 3 |" in text
    assert "Strength of evidence: moderate" in text
    assert "No contrary evidence was coded." in text
    # quotes cited the way evaluation reports cite them; every respondent here is
    # the only one of their type x institution x region, so the citation is the
    # type alone, marked (docs/anonymisation.md: indirect identifiers)
    assert "(KII, NGO staff †; KII-A-04:1)" in text
    assert "Feeds **C1** Capacity grew." in text and "Behind **R1** Keep training." in text
    assert "*Coders' note:* ana: Training is the clearest change." in text
    assert "## Annex A. Traceability" in text and "| R1 | C1 | [F1](#F1) |" in text
    assert "## Annex B. Quote selection" in text and "Codebook SHA-256" not in text
    assert "SHA-256" in text and "Status counted:** all" in text


def test_docx_report_reads_back_with_links_to_each_finding(paths, opts, invoke, tmp_path):
    out = tmp_path / "findings.docx"
    result = invoke("report", out, *opts, "--status", "all", "--no-charts")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "F1. Training improved capacity." in headings
    assert "Annex A. Traceability" in headings and "Method note" in headings
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert any(q.endswith("(KII, NGO staff †; KII-A-04:1)") for q in quotes)
    body = document.element.body
    names = {b.get(docx.oxml.ns.qn("w:name")) for b in body.iter(docx.oxml.ns.qn(
        "w:bookmarkStart"))}
    anchors = [h.get(docx.oxml.ns.qn("w:anchor")) for h in body.iter(docx.oxml.ns.qn(
        "w:hyperlink"))]
    assert anchors and set(anchors) <= names == {"F1", "F2", "F3"}


def test_pin_and_exclude_change_the_report_and_undo_restores(paths, opts, invoke, tmp_path):
    out = tmp_path / "f.md"

    def quoted() -> str:
        assert invoke("report", out, *opts, "--status", "all", "--finding", "F1",
                      "--quotes", "2").exit_code == 0
        return out.read_text(encoding="utf-8").split("## Annex A")[0]

    before = quoted()
    assert "KII-A-05:2)" not in before
    assert invoke("quote", "pin", "F1", "KII-A-05:2", "--coder", "ana", *opts).exit_code == 0
    assert invoke("quote", "exclude", "F1", "KII-A-04:1", "--coder", "ana",
                  *opts).exit_code == 0
    after = quoted()
    assert "KII-A-05:2)" in after and "KII-A-04:1)" not in after
    listing = invoke("quote", "list", "F1", *opts, "--status", "all")
    assert "pinned by ana" in flat(listing.stdout) and "excluded by ana" in flat(listing.stdout)
    assert invoke("undo", "--coder", "ana", *opts).exit_code == 0
    assert invoke("quote", "clear", "F1", "KII-A-05:2", "--coder", "ana", *opts).exit_code == 0
    assert quoted() == before
    bad = invoke("quote", "pin", "F9", "KII-A-05:2", "--coder", "ana", *opts)
    assert bad.exit_code == 1 and "no finding 'F9'" in flat(bad.stderr)
    bad = invoke("quote", "pin", "F1", "KII-Z-01:1", "--coder", "ana", *opts)
    assert bad.exit_code == 1 and "no segment 'KII-Z-01:1'" in flat(bad.stderr)


def test_empty_report_is_refused(paths, opts, invoke, tmp_path):
    # luis only rejected a suggestion (as ana did): under --coder luis nothing counts
    assert invoke("reject", "turnover", "KII-A-04:2", "--coder", "luis", *opts).exit_code == 0
    out = tmp_path / "empty.docx"
    out.write_bytes(b"the previous report")
    result = invoke("report", out, *opts, "--coder", "luis")
    assert result.exit_code == 1
    message = flat(result.stderr)
    assert "No evidence counts under --status reviewed" in message and "--status all" in message
    assert out.read_bytes() == b"the previous report"
    assert invoke("report", out, *opts, "--coder", "luis", "--allow-empty",
                  "--no-charts").exit_code == 0
    assert invoke("report", tmp_path / "r.pdf", *opts).exit_code == 2


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_charts_are_valid_pictures(paths, opts, invoke, tmp_path):
    heat = tmp_path / "heatmap.png"
    result = invoke("chart", "heatmap", heat, *opts, "--status", "all")
    assert result.exit_code == 0, result.output
    width, height = png_size(heat)
    assert 600 <= width <= 3000 and 300 <= height <= 3000
    svg = tmp_path / "strength.svg"
    assert invoke("chart", "strength", svg, *opts, "--status", "all").exit_code == 0
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = svg.read_text(encoding="utf-8")
    assert "F1" in text and "4 of 8 · moderate" in text
    bad = invoke("chart", "heatmap", tmp_path / "h.gif", *opts)
    assert bad.exit_code == 1 and ".png or .svg" in flat(bad.stderr)


def test_memos_command(paths, opts, invoke):
    result = invoke("memos", *opts, "--format", "json")
    assert result.exit_code == 0, result.output
    memos = json.loads(result.stdout)
    assert [(m["kind"], m["target"], m["text"]) for m in memos][:3] == \
        [(k, t, x) for k, t, x in MEMOS]
    only = invoke("memos", *opts, "--on", "finding", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(only.stdout)))
    assert [r["target"] for r in rows] == ["F1"]
    assert rows[0]["about"] == "Training improved capacity." and rows[0]["coder"] == "ana"
    table = invoke("memos", *opts)
    assert "Compare with KII-A-04" in flat(table.stdout)
    assert invoke("memos", *opts, "--on", "colour").exit_code == 2
