"""`kiicode export xlsx`: the workbook read back with openpyxl and with an
independent reader (python-calamine), against the store and `kiicode tally`;
formula injection, links, formatting, and a safe write."""

from __future__ import annotations

import json
import os

import openpyxl
import pytest
from conftest import file_sha, flat
from evidence_project import FORMULA_SEGMENTS, build, open_project
from python_calamine import CalamineWorkbook

import kiicode.export.xlsx as xlsx_module
from kiicode.errors import ExportError
from kiicode.export import safe_cell
from kiicode.export.matrix import EVIDENCE_MATRIX, FINDING_SUMMARY, MatrixOptions, evidence_tables
from kiicode.export.xlsx import EXCEL_CELL_LIMIT, FILLS, excel_text, write_xlsx

SHEETS = [EVIDENCE_MATRIX, FINDING_SUMMARY, "Traceability", "Audit problems", "Codebook",
          "Respondents", "Method"]


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return build(tmp_path_factory.mktemp("xlsx"))


@pytest.fixture
def opts(paths):
    return ["--store", paths[0], "--codebook", paths[1]]


@pytest.fixture(scope="module")
def workbook(paths, tmp_path_factory):
    """The workbook of --status all --all-quotes, and the tables it was made from."""
    target = tmp_path_factory.mktemp("out") / "evidence.xlsx"
    store, book = open_project(paths)
    with store:
        write_xlsx(evidence_tables(store, book, MatrixOptions(status="all", all_quotes=True)),
                   target)
        expected = evidence_tables(store, book, MatrixOptions(status="all", all_quotes=True))
        texts = {t.id: store.transcript(t.id).text for t in store.transcripts()}
    return target, expected, texts


def cell(value):
    """A table value as both readers give it back: text escaped, None as empty."""
    if value is None or value == "":
        return None
    return excel_text(value) if isinstance(value, str) else value


def calamine(path, sheet):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_every_sheet_reads_back_with_both_readers(workbook):
    path, expected, _ = workbook
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    for table in expected.tables:
        want = [list(table.headers)] + [[cell(v) for v in row] for row in table.rows]
        got = [list(row) for row in book[table.name].iter_rows(values_only=True)]
        assert got == want, table.name
        independent = calamine(path, table.name)
        assert len(independent) == len(want)
        for mine, theirs in zip(want, independent, strict=True):
            assert [("" if v is None else v) for v in mine] == \
                [int(v) if isinstance(v, float) and v.is_integer() else v for v in theirs]


def test_quotes_equal_transcript_slices(workbook):
    path, _, texts = workbook
    rows = calamine(path, EVIDENCE_MATRIX)
    head = rows[0]
    at = {name: head.index(name) for name in ("Quote (original language)", "Transcript",
                                              "Start", "End", "Segment")}
    assert len(rows) > 10
    for row in rows[1:]:
        original = texts[row[at["Transcript"]]][int(row[at["Start"]]):int(row[at["End"]])]
        assert row[at["Quote (original language)"]] == safe_cell(original)


def test_formula_injection_stays_text(workbook):
    path, _, _ = workbook
    book = openpyxl.load_workbook(path)
    sheet = book[EVIDENCE_MATRIX]
    quotes = {}
    for row in sheet.iter_rows(min_row=2):
        segment = row[19].value
        if segment in FORMULA_SEGMENTS:
            quotes[segment] = row[8]
    assert {s: c.value for s, c in quotes.items()} == {
        "KII-X-01:1": "'=HYPERLINK(\"http://x\",\"y\")", "KII-X-01:2": "'+1 capacitación",
        "KII-X-01:3": "'-2 taller de rotación", "KII-X-01:4": "'@SUM(A1) rotación de personal"}
    for name in book.sheetnames:
        for row in book[name].iter_rows():
            assert all(c.data_type != "f" for c in row), name
    codebook = {r[0]: r for r in calamine(path, "Codebook")}
    assert codebook["other_topic"][8] == "'=It fits something."


def test_counts_equal_kiicode_tally(workbook, invoke, opts):
    path, _, _ = workbook
    result = invoke("tally", *opts, "--status", "all", "--format", "json")
    assert result.exit_code == 0, result.output
    tallies = {t["id"]: t for t in json.loads(result.stdout)["tallies"]}
    rows = calamine(path, FINDING_SUMMARY)
    head = rows[0]
    at = {name: head.index(name) for name in head}
    matrix = calamine(path, EVIDENCE_MATRIX)
    for row in rows[1:]:
        t = tallies[row[at["Finding"]]]
        assert (row[at["Respondents (n)"]], row[at["Interviewed (N)"]], row[at["Quotes"]]) == \
            (t["respondents"], t["of"], t["quotes"])
        assert (row[at["Quantified sentence"]], row[at["Strength of evidence"]]) == \
            (t["sentence"], t["strength"])
        for type_id, share in t["by"]["type"].items():
            header = next(h for h in head if h.endswith(f"(N={share['N']})")
                          and h.startswith(_label(type_id)))
            assert row[at[header]] == f"{share['n']} of {share['N']}"
        segments = sorted(r[19] for r in matrix[1:] if r[2] == t["id"])
        assert segments == t["segments"]


def _label(type_id: str) -> str:
    return {"government_official": "Government official", "ngo_staff": "NGO staff",
            "community_member": "Community member",
            "frontline_worker": "Frontline worker"}[type_id]


def test_summary_links_resolve_to_each_findings_first_row(workbook):
    path, _, _ = workbook
    book = openpyxl.load_workbook(path)
    summary, matrix = book[FINDING_SUMMARY], book[EVIDENCE_MATRIX]
    last = summary.max_column
    assert summary.cell(1, last).value == "First row in evidence matrix"
    linked = 0
    for r in range(2, summary.max_row + 1):
        finding, target = summary.cell(r, 1).value, summary.cell(r, last)
        if target.value is None:
            continue
        sheet, ref = target.hyperlink.location.split("!")
        assert sheet == f"'{EVIDENCE_MATRIX}'" and ref == f"A{target.value}"
        row = int(ref[1:])
        assert matrix.cell(row, 3).value == finding
        assert row == 2 or matrix.cell(row - 1, 3).value != finding
        linked += 1
    assert linked == 3


def test_formatting(workbook):
    path, _, _ = workbook
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.b
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" \
                                        f"{sheet.max_row}"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
    matrix = book[EVIDENCE_MATRIX]
    assert matrix["I2"].alignment.wrap_text and matrix.column_dimensions["I"].width == 70
    summary = book[FINDING_SUMMARY]
    strength = [c.column for c in summary[1] if c.value == "Strength of evidence"][0]
    for r in range(2, summary.max_row + 1):
        level = summary.cell(r, strength)
        weak = level.value in ("limited", "none")
        assert (level.fill.fgColor.rgb == FILLS["weak"]) == weak, level.value
    trace = book["Audit problems"]
    levels = {trace.cell(r, 1).value: trace.cell(r, 4).fill.fgColor.rgb
              for r in range(2, trace.max_row + 1)}
    assert levels.get("warning") == FILLS["warning"]


def test_audit_errors_are_highlighted(paths, tmp_path, invoke, opts):
    # under --status accepted F3 has only its manual link; with --coder luis nothing counts
    target = tmp_path / "luis.xlsx"
    result = invoke("export", "xlsx", target, *opts, "--coder", "luis")
    assert result.exit_code == 0, result.output
    trace = openpyxl.load_workbook(target)["Traceability"]
    errors = [r for r in range(2, trace.max_row + 1) if trace.cell(r, 11).value == "error"]
    assert errors
    for r in errors:
        assert {trace.cell(r, c).fill.fgColor.rgb for c in range(1, 13)} == {FILLS["error"]}
        assert "finding_without_evidence" in trace.cell(r, 12).value


def test_cli_writes_the_workbook(tmp_path, invoke, opts):
    target = tmp_path / "m.xlsx"
    result = invoke("export", "xlsx", target, *opts, "--status", "all", "--finding", "F1",
                    "--respondent-type", "ngo_staff")
    assert result.exit_code == 0, result.output
    assert "Wrote 2 evidence rows" in flat(result.stderr)
    assert "not final" in flat(result.stderr)
    rows = calamine(target, EVIDENCE_MATRIX)
    assert [(r[2], r[9]) for r in rows[1:]] == [("F1", "KII-A-04"), ("F1", "KII-A-05")]
    assert not list(tmp_path.glob("*.part"))
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)


def test_cli_rejects_unknown_filters(tmp_path, invoke, opts):
    result = invoke("export", "xlsx", tmp_path / "m.xlsx", *opts, "--theme", "protecion")
    assert result.exit_code == 1
    assert "no theme 'protecion'" in flat(result.stderr)
    assert "Traceback" not in result.output
    assert not (tmp_path / "m.xlsx").exists()


def test_target_that_is_a_folder(tmp_path, invoke, opts):
    (tmp_path / "out.xlsx").mkdir()
    result = invoke("export", "xlsx", tmp_path / "out.xlsx", *opts)
    assert result.exit_code == 1
    assert "is a folder, not a file" in flat(result.stderr)


def test_missing_folder(tmp_path, invoke, opts):
    result = invoke("export", "xlsx", tmp_path / "nowhere" / "m.xlsx", *opts)
    assert result.exit_code == 1
    assert "the folder does not exist" in flat(result.stderr)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_folder(tmp_path, invoke, opts):
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "m.xlsx").write_bytes(b"old workbook")
    folder.chmod(0o555)
    try:
        result = invoke("export", "xlsx", folder / "m.xlsx", *opts)
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert "cannot write here" in flat(result.stderr)
    assert (folder / "m.xlsx").read_bytes() == b"old workbook"


def test_locked_target_keeps_the_old_file(tmp_path, invoke, opts, monkeypatch):
    # Excel on Windows holds the file open: replacing it fails with PermissionError
    target = tmp_path / "m.xlsx"
    target.write_bytes(b"old workbook")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    result = invoke("export", "xlsx", target, *opts)
    assert result.exit_code == 1
    message = flat(result.stderr)
    assert "cannot replace the file: Permission denied" in message and "Excel" in message
    assert target.read_bytes() == b"old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["m.xlsx"]


def test_crash_mid_write_keeps_the_old_workbook(paths, tmp_path, monkeypatch):
    target = tmp_path / "m.xlsx"
    store, book = open_project(paths)
    with store:
        write_xlsx(evidence_tables(store, book), target)
        before = file_sha(target)
        real = xlsx_module._write_sheet
        calls = []

        def crash(package, part, table, selected):
            calls.append(part)
            if len(calls) == 2:
                raise RuntimeError("disk on fire")
            return real(package, part, table, selected)

        monkeypatch.setattr(xlsx_module, "_write_sheet", crash)
        with pytest.raises(RuntimeError):
            write_xlsx(evidence_tables(store, book, MatrixOptions(status="all")), target)
    assert file_sha(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.xlsx"]
    assert openpyxl.load_workbook(target).sheetnames == SHEETS


def test_unwritable_target_raises_export_error(paths, tmp_path):
    store, book = open_project(paths)
    with store, pytest.raises(ExportError) as caught:
        write_xlsx(evidence_tables(store, book), tmp_path)
    assert "is a folder" in str(caught.value)


def test_excel_text_limits():
    long = "a" * (EXCEL_CELL_LIMIT + 10)
    cut = excel_text(long)
    assert len(cut) == EXCEL_CELL_LIMIT and cut.endswith("32,777 characters in the source]")
    assert excel_text("bell\x07 and form\x0cfeed") == "bell\ufffd and form\ufffdfeed"
    assert excel_text("-2 taller") == "'-2 taller"
    assert excel_text("línea\nnueva") == "línea\nnueva"
