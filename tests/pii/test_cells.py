"""Indirect identifiers: a quote whose respondent is the only one (fewer
than reporting.min_cell_size) of their type x institution x region is
flagged in tally, its Markdown, and the workbook, with the advice to
generalise the attribution; the minimum is the codebook's to set."""

from __future__ import annotations

import json

import pytest
import yaml
from analysis_helpers import accept, codebook_file, write_corpus
from conftest import GOOD_FRONT_MATTER, write_transcript

from kiicode.codebook import load_codebook
from kiicode.errors import CodebookError
from kiicode.pipeline import ingest
from kiicode.store import Store


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """KII-A-01 and KII-A-06 are both government officials of MIMP in Lima (a
    cell of two); KII-A-02 is the only MPFN official in Cusco."""
    directory = tmp_path_factory.mktemp("cells")
    book = codebook_file(directory)
    corpus = write_corpus(directory / "corpus")
    write_transcript(corpus, "KII-A-06.md", dict(
        GOOD_FRONT_MATTER, id="KII-A-06", respondent_type="government_official",
        institution="MIMP", region="Lima"), "E: ¿Qué cambió?\n\nR: Una respuesta.\n")
    store = directory / "p.sqlite"
    with Store.open(store, create=True) as db:
        ingest(db, [corpus], load_codebook(book))
        accept(db, "ana", ("KII-A-01:1", "training"), ("KII-A-06:1", "training"),
               ("KII-A-02:1", "training"))
    return store, book


def test_tally_flags_only_the_respondent_alone_in_their_cell(invoke, project):
    store, book = project
    result = invoke("tally", "--store", store, "--codebook", book, "--format", "json")
    data = json.loads(result.stdout)
    assert set(data["identifiable_respondents"]) >= {"KII-A-02"}
    assert "KII-A-01" not in data["identifiable_respondents"]
    assert "KII-A-06" not in data["identifiable_respondents"]
    advice = data["identifiable_respondents"]["KII-A-02"]["advice"]
    assert '"KII, Government official"' in advice and "MPFN, Cusco" in advice
    f1 = next(t for t in data["tallies"] if t["id"] == "F1")
    assert f1["identifiable_respondents"] == ["KII-A-02"]
    table = invoke("tally", "--store", store, "--codebook", book)
    assert "attribution risk" in table.stdout and "KII-A-02" in table.stdout
    markdown = invoke("tally", "--store", store, "--codebook", book, "--format", "markdown",
                      "-f", "F1")
    assert "**Attribution risk**" in markdown.stdout
    assert '"KII, Government official", not "KII, Government official, MPFN, Cusco"' in \
        markdown.stdout


def test_workbook_rows_carry_the_advice(invoke, project, tmp_path):
    store, book = project
    out = tmp_path / "e.jsonl"
    assert invoke("export", "jsonl", out, "--store", store, "--codebook", book).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    matrix = [r for r in rows if r["table"] == "evidence_matrix"]
    flagged = {r["respondent"] for r in matrix if r["attribution_risk"]}
    assert "KII-A-02" in flagged and not flagged & {"KII-A-01", "KII-A-06"}
    method = {r["item"]: r["value"] for r in rows if r["table"] == "method"}
    assert "fewer than 2" in method["Attribution risk"]


def test_the_minimum_cell_size_is_the_codebooks(invoke, project, tmp_path):
    store, book = project
    data = yaml.safe_load(book.read_text(encoding="utf-8"))
    data.setdefault("reporting", {})["min_cell_size"] = 3
    bigger = tmp_path / "book.yaml"
    bigger.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = invoke("tally", "--store", store, "--codebook", bigger, "--format", "json")
    flagged = json.loads(result.stdout)["identifiable_respondents"]
    assert {"KII-A-01", "KII-A-06", "KII-A-02"} <= set(flagged)   # a cell of 2 is too small now
    data["reporting"]["min_cell_size"] = 0
    bigger.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CodebookError, match="min_cell_size"):
        load_codebook(bigger)


def test_the_report_cites_an_identifiable_respondent_by_type_alone(invoke, project, tmp_path):
    store, book = project
    out = tmp_path / "report.md"
    result = invoke("report", out, "--store", store, "--codebook", book)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "(KII, Government official †; KII-A-02:1)" in text
    assert "(KII, Government official, MIMP; KII-A-01:1)" in text
    assert "MPFN" not in text.split("## Method note")[0]
    assert "Attribution risk" in text.split("## Method note")[1]
