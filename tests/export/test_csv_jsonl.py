"""`kiicode export csv DIR` and `kiicode export jsonl`: the workbook's tables
as CSV (UTF-8 with BOM, escaped for spreadsheets) and as JSON Lines."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import flat
from evidence_project import build, open_project

from kiicode.export.matrix import MatrixOptions, evidence_tables

SLUGS = ["evidence_matrix", "finding_summary", "heat_map", "framework_matrix", "traceability",
         "audit_problems", "codebook", "respondents", "memos", "transcript_context", "method"]


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return build(tmp_path_factory.mktemp("tabular"))


@pytest.fixture
def opts(paths):
    return ["--store", paths[0], "--codebook", paths[1]]


@pytest.fixture(scope="module")
def expected(paths):
    store, book = open_project(paths)
    with store:
        tables = evidence_tables(store, book, MatrixOptions(status="all", all_quotes=True))
        return {t.slug: (t.headers, list(t.records())) for t in tables.tables}


def test_csv_folder(tmp_path, invoke, opts, expected):
    out = tmp_path / "tables"
    result = invoke("export", "csv", out, *opts, "--status", "all", "--all-quotes")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}.csv" for s in SLUGS)
    for slug, (headers, records) in expected.items():
        raw = (out / f"{slug}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")       # BOM: Excel reads UTF-8
        with (out / f"{slug}.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert tuple(rows[0]) == headers
        assert len(rows) - 1 == len(records)
    matrix = list(csv.DictReader((out / "evidence_matrix.csv").open(encoding="utf-8-sig")))
    quotes = {r["Segment"]: r["Quote (original language)"] for r in matrix}
    assert quotes["KII-X-01:1"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert quotes["KII-X-01:4"] == "'@SUM(A1) rotación de personal"
    assert quotes["KII-A-01:1"] == "Primera respuesta sobre el trabajo."
    wanted = [r["segment"] for r in expected["evidence_matrix"][1]]
    assert [r["Segment"] for r in matrix] == wanted


def _undated(records: list[dict]) -> list[dict]:
    """The method table's "Generated" minute differs when the two exports
    straddle a minute: everything else must be equal."""
    return [r for r in records if r.get("item") != "Generated"]


def test_jsonl_single_file(tmp_path, invoke, opts, expected):
    out = tmp_path / "evidence.jsonl"
    result = invoke("export", "jsonl", out, *opts, "--status", "all", "--all-quotes")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for slug, (_, records) in expected.items():
        mine = [{k: v for k, v in line.items() if k != "table"} for line in lines
                if line["table"] == slug]
        assert _undated(mine) == _undated(records), slug
    quote = next(line for line in lines if line.get("segment") == "KII-X-01:1")["quote"]
    assert quote == '=HYPERLINK("http://x","y")'   # JSON is not a spreadsheet: raw text


def test_jsonl_folder(tmp_path, invoke, opts, expected):
    out = tmp_path / "jsonl"
    result = invoke("export", "jsonl", out, *opts, "--status", "all", "--all-quotes")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}.jsonl" for s in SLUGS)
    summary = [json.loads(line) for line in
               (out / "finding_summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert summary == expected["finding_summary"][1]


def test_csv_folder_that_is_a_file(tmp_path, invoke, opts):
    (tmp_path / "tables").write_text("not a folder")
    result = invoke("export", "csv", tmp_path / "tables", *opts)
    assert result.exit_code == 1
    assert "is a file, not a folder" in flat(result.stderr)


def test_filters_apply_to_csv(tmp_path, invoke, opts):
    result = invoke("export", "csv", tmp_path, *opts, "--language", "en")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "evidence_matrix.csv").open(encoding="utf-8-sig")))
    assert [(r["Finding"], r["Segment"]) for r in rows] == [("F2", "KII-A-03:1")]
    method = {r["Item"]: r["Value"] for r in
              csv.DictReader((tmp_path / "method.csv").open(encoding="utf-8-sig"))}
    assert method["Filters"] == "language: en"
