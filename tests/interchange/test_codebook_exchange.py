"""Codebooks through spreadsheets and REFI-QDA codebooks: `codebook export
--format xlsx|csv|qdc` and `codebook import`, round trips that keep what
each format can carry, and drafts that become a codebook `check` accepts."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kiicode.codebook import Codebook, load_codebook

CODEBOOKS = ["codebooks/cpc_peru.yaml", "tests/fixtures/mini_codebook.yaml"]


def comparable(book: Codebook) -> Codebook:
    """A codebook without what depends on the file (path, hash, warnings)."""
    return dataclasses.replace(book, path="", sha256="", warnings=())


def round_trip(invoke, source: str, tmp_path: Path, suffix: str) -> Codebook:
    middle, back = tmp_path / f"codebook.{suffix}", tmp_path / "back.yaml"
    result = invoke("codebook", "export", middle, "--codebook", source)
    assert result.exit_code == 0, result.output
    result = invoke("codebook", "import", middle, back)
    assert result.exit_code == 0, result.output
    assert invoke("codebook", "check", back).exit_code == 0
    return load_codebook(back)


@pytest.mark.parametrize("source", CODEBOOKS)
def test_yaml_to_xlsx_to_yaml_keeps_everything(invoke, tmp_path, source):
    """Every section, every code field, per-language prose, patterns (near
    rules, vetoes, regexes with control characters) and reporting."""
    assert comparable(round_trip(invoke, source, tmp_path, "xlsx")) == \
        comparable(load_codebook(source))


@pytest.mark.parametrize("source", CODEBOOKS)
def test_the_csv_keeps_every_code(invoke, tmp_path, source):
    back = round_trip(invoke, source, tmp_path, "csv")
    assert back.codes == load_codebook(source).codes


@pytest.mark.parametrize("source", CODEBOOKS)
def test_qdc_round_trip_keeps_what_a_refi_codebook_holds(invoke, tmp_path, source):
    """Ids, names, hierarchy, definitions, use when / do not use when and
    examples (in each language: the CPC codebook gives them in en and es),
    lines of inquiry and themes (sets); not patterns or findings."""
    original = load_codebook(source)
    back = round_trip(invoke, source, tmp_path, "qdc")
    assert set(back.codes) == set(original.codes)   # in tree order: parents first
    for code_id, code in original.codes.items():
        got = back.codes[code_id]
        assert (got.name, got.parent, got.definition, got.use_when, got.do_not_use_when,
                got.examples, got.prose, got.loi, set(got.themes)) == (
            code.name, code.parent, code.definition, code.use_when, code.do_not_use_when,
            code.examples, code.prose, code.loi, set(code.themes)), code_id
    if source.startswith("codebooks"):   # the CPC codebook: its Spanish guidance survives
        assert sum(1 for c in back.codes.values() if c.prose.get("es")) == 65
    assert {k: v.name for k, v in back.lines_of_inquiry.items()} == \
        {k: v.name for k, v in original.lines_of_inquiry.items()}


def test_the_workbook_is_one_sheet_per_section_with_the_documented_columns(invoke, tmp_path):
    out = tmp_path / "codebook.xlsx"
    assert invoke("codebook", "export", out, "--codebook", CODEBOOKS[1]).exit_code == 0
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["Codes", "Lines of inquiry", "Questions", "Themes",
                               "Respondent types", "Findings", "Conclusions",
                               "Recommendations", "Settings"]
    header = next(book["Codes"].iter_rows(values_only=True))
    assert header[:11] == ("id", "name", "parent", "definition", "use_when",
                           "do_not_use_when", "examples", "patterns_es", "patterns_en", "loi",
                           "themes")
    rows = {r[0]: dict(zip(header, r, strict=True))
            for r in book["Codes"].iter_rows(min_row=2, values_only=True)}
    assert rows["training"]["patterns_es"] == "capacitación; taller*"
    book.close()


def test_a_team_draft_spreadsheet_becomes_a_codebook(invoke, tmp_path):
    """The columns teams use, nothing else: lines of inquiry and themes the
    codes name are defined for them, a code without patterns gets its name."""
    draft = tmp_path / "draft.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "Codes"
    sheet.append(["id", "name", "parent", "definition", "use_when", "do_not_use_when",
                  "examples", "patterns_es", "patterns_en", "loi", "themes"])
    sheet.append(["funding", "Funding gaps", None, "Money short for activities.",
                  "Budget limits named", None, "No había presupuesto.\nNo budget at all.",
                  "presupuesto; fondos", "budget; funding", "implementation",
                  "partnership; protection"])
    sheet.append(["funding_delays", "Late transfers", "funding", None, None, None, None,
                  None, None, "implementation", None])
    book.save(draft)
    out = tmp_path / "draft.yaml"
    result = invoke("codebook", "import", draft, out)
    assert result.exit_code == 0, result.output
    assert "its name is its pattern for now" in result.stderr
    assert invoke("codebook", "check", out).exit_code == 0
    codebook = load_codebook(out)
    assert codebook.languages == ("es", "en")
    funding = codebook.codes["funding"]
    assert funding.examples == ("No había presupuesto.", "No budget at all.")
    assert funding.patterns.terms["es"] == ("presupuesto", "fondos")
    assert funding.themes == ("partnership", "protection")
    assert codebook.codes["funding_delays"].parent == "funding"
    assert codebook.codes["funding_delays"].patterns.terms["any"] == ("late transfers",)
    assert set(codebook.lines_of_inquiry) == {"implementation"}


def test_a_csv_draft_with_a_broken_reference_names_the_row(invoke, tmp_path):
    draft = tmp_path / "draft.csv"
    with draft.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "parent", "patterns_es", "patterns_en"])
        writer.writerow(["a", "Code A", "", "uno", "one"])
        writer.writerow(["b", "Code B", "c", "dos", "two"])
    out = tmp_path / "draft.yaml"
    result = invoke("codebook", "import", draft, out)
    assert result.exit_code == 1
    assert "draft.csv" in result.stderr and "codes -> 1 -> parent" in result.stderr
    assert "undefined parent code 'c'" in result.stderr
    assert not out.exists()


def test_a_spreadsheet_without_ids_is_a_clear_error(invoke, tmp_path):
    draft = tmp_path / "draft.csv"
    draft.write_text("code,label\nx,y\n", encoding="utf-8")
    result = invoke("codebook", "import", draft, tmp_path / "out.yaml")
    assert result.exit_code == 1
    assert "no column id, name" in result.stderr


def test_import_never_overwrites_a_codebook_without_force(invoke, tmp_path):
    out = tmp_path / "mine.yaml"
    out.write_text("# my work\n", encoding="utf-8")
    middle = tmp_path / "c.xlsx"
    assert invoke("codebook", "export", middle, "--codebook", CODEBOOKS[1]).exit_code == 0
    result = invoke("codebook", "import", middle, out)
    assert result.exit_code == 1 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "# my work\n"
    assert invoke("codebook", "import", middle, out, "--force").exit_code == 0


def test_a_qdpx_codebook_is_imported_with_its_findings(invoke, tmp_path):
    from qdpx_project import build
    store = build(tmp_path)
    project = tmp_path / "p.qdpx"
    assert invoke("export", "qdpx", project, "--store", store).exit_code == 0
    out = tmp_path / "from_project.yaml"
    result = invoke("codebook", "import", project, out)
    assert result.exit_code == 0, result.output
    codebook = load_codebook(out)
    assert list(codebook.codes) == ["training", "turnover", "specialised_units"]
    assert {f: x.statement for f, x in codebook.findings.items()} == {
        "F1": "Training improved capacity.", "F2": "Turnover slowed work.",
        "F3": "Units helped victims."}
