"""`kiicode code`, `why`, `show --codes`, `export codings` and `evaluate` on the
sample corpus coded with the CPC Peru codebook."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import BACKENDS, ROOT, flat, location_for

from kiicode.store import Store

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"


@pytest.fixture(scope="module", params=BACKENDS)
def sample_store(tmp_path_factory, invoke, request):
    store = location_for(request.param, request, tmp_path_factory.mktemp("coded"), "p.sqlite")
    result = invoke("ingest", ROOT / "transcripts_sample", "--store", store,
                    "--codebook", CODEBOOK)
    assert result.exit_code == 0, result.output
    result = invoke("code", "--store", store)
    assert result.exit_code == 0, result.output
    return store


def first_coding(store_path, code: str | None = None):
    with Store.open(store_path) as store:
        codings = store.codings(coder="auto", code=code)
        return sorted(codings, key=lambda c: (-c.score, c.segment))[0]


def test_code_reports_suggestions_and_recoding_changes_nothing(sample_store, invoke):
    result = invoke("code", "--store", sample_store)
    assert result.exit_code == 0, result.output
    assert "Nothing to re-code" in flat(result.stderr)


def test_every_suggestion_span_is_the_transcript_text(sample_store):
    with Store.open(sample_store) as store:
        texts = {t.id: store.transcript(t.id).text for t in store.transcripts()}
        segments = {s.id: s for s in store.segments()}
        codings = store.codings(coder="auto")
    assert len(codings) > 200
    for coding in codings:
        segment = segments[coding.segment]
        assert any("start" in hit for hit in coding.evidence), coding
        for hit in coding.evidence:
            if "start" not in hit:      # a weak suggestion's mark: no span
                continue
            assert segment.start <= hit["start"] < hit["end"] <= segment.end
            assert texts[segment.transcript_id][hit["start"]:hit["end"]] == hit["text"]


def test_why_explains_a_suggestion(sample_store, invoke):
    coding = first_coding(sample_store)
    result = invoke("why", coding.segment, coding.code, "--store", sample_store)
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert coding.code in text
    for hit in coding.evidence:
        assert hit["pattern"] in text
    assert f"Score {coding.score:.2f}" in text


def test_why_unknown_code_suggests_the_closest(sample_store, invoke):
    coding = first_coding(sample_store)
    result = invoke("why", coding.segment, coding.code[:-2], "--store", sample_store)
    assert result.exit_code == 1
    assert f"did you mean '{coding.code}'" in flat(result.stderr)
    assert "Traceback" not in result.output


def test_why_unknown_segment_is_a_clear_error(sample_store, invoke):
    result = invoke("why", "KII-XX:1", "staff_turnover", "--store", sample_store)
    assert result.exit_code == 1
    assert "no segment 'KII-XX:1'" in result.stderr


def test_show_codes_lists_each_segments_codes(sample_store, invoke):
    coding = first_coding(sample_store)
    transcript = coding.segment.split(":")[0]
    result = invoke("show", transcript, "--codes", "--store", sample_store)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if f"{coding.segment} " in line)
    assert coding.code in result.stdout
    assert row  # the segment is listed with its codes column


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_export_codings(sample_store, invoke, tmp_path, suffix):
    out = tmp_path / f"codings.{suffix}"
    result = invoke("export", "codings", out, "--store", sample_store)
    assert result.exit_code == 0, result.output
    if suffix == "csv":
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")   # BOM: Excel reads the accents right
        rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    else:
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with Store.open(sample_store) as store:
        assert len(rows) == len(store.codings(coder="auto"))
        segments = {s.id: s for s in store.segments()}
    row = rows[0]
    assert set(row) >= {"transcript", "respondent_id", "respondent_type", "language", "start",
                        "end", "text", "code", "status", "score", "tier", "patterns",
                        "explanation", "findings", "loi", "supported_findings"}
    for row in rows[:50]:
        segment = segments[row["segment"]]
        assert row["text"] == segment.text or row["text"] == "'" + segment.text
        assert int(row["start"]) == segment.start
    assert any(row["supported_findings"] for row in rows)


def test_export_codings_rejects_an_unknown_format(sample_store, invoke, tmp_path):
    result = invoke("export", "codings", tmp_path / "x.txt", "--store", sample_store)
    assert result.exit_code == 2
    assert not (tmp_path / "x.txt").exists()


def test_evaluate_against_gold(sample_store, invoke, tmp_path):
    with Store.open(sample_store) as store:
        coding = store.codings(coder="auto")[0]
        segment = store.segment(coding.segment)
    gold = tmp_path / "gold.csv"
    gold.write_text(f"segment,codes,text\n{segment.id},{coding.code},{segment.text[:20]}\n",
                    encoding="utf-8")
    result = invoke("evaluate", gold, "--store", sample_store, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["segments"] == 1
    assert data["codes"]["per_code"][coding.code]["tp"] == 1
    assert data["codes"]["summary"]["micro_recall"] == 1.0


def test_evaluate_reports_misaligned_gold(sample_store, invoke, tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text("segment,codes,text\nKII-ES-01:1,staff_turnoverr,Nothing like it\n"
                    "KII-NOPE:1,,\n", encoding="utf-8")
    result = invoke("evaluate", gold, "--store", sample_store)
    assert result.exit_code == 1
    err = flat(result.stderr)
    assert "does not match the gold row" in err
    assert "did you mean 'staff_turnover'" in err
    assert "unknown segment 'KII-NOPE:1'" in err
    assert f"{gold}:2" in err and f"{gold}:3" in err


def test_evaluate_tables_with_and_without_per_code(sample_store, invoke):
    gold = ROOT / "transcripts_sample" / "gold_codings.csv"
    full = invoke("evaluate", gold, "--store", sample_store)
    short = invoke("evaluate", gold, "--store", sample_store, "--no-per-code")
    assert full.exit_code == short.exit_code == 0, full.output + short.output
    assert "204 gold segments" in short.stdout and "Per line of inquiry" in short.stdout
    assert "Per code" in full.stdout and "Per code" not in short.stdout


def test_first_coding_summarises_instead_of_listing_changes(tmp_path, invoke):
    store = tmp_path / "p.sqlite"
    invoke("ingest", ROOT / "transcripts_sample", "--store", store, "--codebook", CODEBOOK)
    result = invoke("code", "--store", store)
    assert result.exit_code == 0, result.output
    assert "First coding:" in result.stderr and "Suggestions changed" not in result.stdout
