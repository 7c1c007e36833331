"""`kiicode export xlsx`: the workbook read back with openpyxl and with an
independent reader (python-calamine), against the store and `kiicode tally`;
formula injection, links, formatting, and a safe write."""

from __future__ import annotations

import json
import os
import sqlite3

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

SHEETS = [EVIDENCE_MATRIX, FINDING_SUMMARY, "Heat map", "Framework matrix", "Traceability",
          "Audit problems", "Codebook", "Respondents", "Memos", "Transcript context", "Method"]


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


def columns(sheet) -> dict[str, int]:
    """header -> 0-based column index of an openpyxl sheet."""
    return {c.value: i for i, c in enumerate(sheet[1])}


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
    at = columns(sheet)
    quotes = {}
    for row in sheet.iter_rows(min_row=2):
        segment = row[at["Segment"]].value
        if segment in FORMULA_SEGMENTS:
            quotes[segment] = row[at["Quote (original language)"]]
    assert {s: c.value for s, c in quotes.items()} == {
        "KII-X-01:1": "'=HYPERLINK(\"http://x\",\"y\")", "KII-X-01:2": "'+1 capacitación",
        "KII-X-01:3": "'-2 taller de rotación", "KII-X-01:4": "'@SUM(A1) rotación de personal"}
    for name in book.sheetnames:
        for row in book[name].iter_rows():
            assert all(c.data_type != "f" for c in row), name
    codebook = {r[0]: r for r in calamine(path, "Codebook")}
    assert codebook["other_topic"][codebook["Code"].index("Do not use when")] == \
        "'=It fits something."


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
        mat = {name: i for i, name in enumerate(matrix[0])}
        segments = sorted(r[mat["Segment"]] for r in matrix[1:] if r[mat["Finding"]] == t["id"])
        assert segments == t["segments"]


def _label(type_id: str) -> str:
    return {"government_official": "Government official", "ngo_staff": "NGO staff",
            "community_member": "Community member",
            "frontline_worker": "Frontline worker"}[type_id]


def test_links_are_on_text_cells_and_resolve(workbook):
    path, _, _ = workbook
    book = openpyxl.load_workbook(path)
    summary, matrix = book[FINDING_SUMMARY], book[EVIDENCE_MATRIX]
    mat = columns(matrix)
    # finding -> its first quote in the evidence matrix
    linked = 0
    for r in range(2, summary.max_row + 1):
        finding = summary.cell(r, 1)
        if finding.hyperlink is None:
            continue
        sheet, ref = finding.hyperlink.location.split("!")
        assert finding.data_type == "s" and sheet == f"'{EVIDENCE_MATRIX}'"
        row = int(ref[1:])
        assert matrix.cell(row, mat["Finding"] + 1).value == finding.value
        assert row == 2 or matrix.cell(row - 1, mat["Finding"] + 1).value != finding.value
        linked += 1
    assert linked == 3
    # quote -> the turn it is in, in the transcript context
    context = book["Transcript context"]
    ctx = columns(context)
    for r in range(2, matrix.max_row + 1):
        segment = matrix.cell(r, mat["Segment"] + 1)
        sheet, ref = segment.hyperlink.location.split("!")
        assert sheet == "'Transcript context'" and segment.data_type == "s"
        turn = int(ref[1:])
        assert segment.value in context.cell(turn, ctx["Segments"] + 1).value.split("; ")
        quote = matrix.cell(r, mat["Quote (original language)"] + 1).value
        assert quote.removeprefix("'") in context.cell(turn, ctx["Text"] + 1).value
    # traceability row -> the finding's row in the summary
    trace = book["Traceability"]
    followed = 0
    for r in range(2, trace.max_row + 1):
        finding = trace.cell(r, 5)
        if finding.value:
            sheet, ref = finding.hyperlink.location.split("!")
            assert sheet == f"'{FINDING_SUMMARY}'"
            assert summary.cell(int(ref[1:]), 1).value == finding.value
            followed += 1
    assert followed >= 3
    # no link anywhere sits on a number: LibreOffice drops those
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.hyperlink is None or c.data_type == "s" for c in row), sheet.title


def test_formatting(workbook):
    path, _, _ = workbook
    book = openpyxl.load_workbook(path)
    frozen = {EVIDENCE_MATRIX: "C2", FINDING_SUMMARY: "B2", "Heat map": "B2",
              "Framework matrix": "B2", "Traceability": "B2", "Codebook": "B2",
              "Respondents": "B2", "Transcript context": "C2"}
    for sheet in book.worksheets:
        assert sheet.freeze_panes == frozen.get(sheet.title, "A2"), sheet.title
        assert sheet["A1"].font.b
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" \
                                        f"{sheet.max_row}"
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
        # printed type stays legible: 11 pt at no less than 73 % is >= 8 pt
        assert 11 * sheet.page_setup.scale / 100 >= 8, sheet.title
        assert sheet.print_title_rows == "1:1" or sheet.print_title_rows == "$1:$1"
        # the header row is tall enough for its wrapped headers
        widest = max(len(c.value) / sheet.column_dimensions[c.column_letter].width
                     for c in sheet[1])
        assert widest <= 1 or sheet.row_dimensions[1].height >= 30, sheet.title
    matrix = book[EVIDENCE_MATRIX]
    at = columns(matrix)
    quote = matrix.cell(2, at["Quote (original language)"] + 1)
    assert quote.alignment.wrap_text
    # the print area ends before the explanation columns
    area = matrix.print_area
    last = area.split(":")[-1].strip("$").rstrip("0123456789").strip("$")
    assert openpyxl.utils.column_index_from_string(last) == at["Review status"] + 1
    assert at["Patterns fired"] + 1 > openpyxl.utils.column_index_from_string(last)
    # counts are centred so they never run into the next column's text
    summary = book[FINDING_SUMMARY]
    sat = columns(summary)
    assert summary.cell(2, sat["Respondents (n)"] + 1).alignment.horizontal == "center"
    strength = sat["Strength of evidence"] + 1
    for r in range(2, summary.max_row + 1):
        level = summary.cell(r, strength)
        weak = level.value in ("limited", "none")
        assert (level.fill.fgColor.rgb == FILLS["weak"]) == weak, level.value
    trace = book["Audit problems"]
    levels = {trace.cell(r, 1).value: trace.cell(r, 4).fill.fgColor.rgb
              for r in range(2, trace.max_row + 1)}
    assert levels.get("warning") == FILLS["warning"]


def luis_only_rejected(paths, tmp_path, invoke) -> list:
    """Options for a copy of the project where luis only rejected one
    suggestion: under --coder luis nothing counts (a coder with no decisions
    at all is an error)."""
    store = tmp_path / "copy.sqlite"
    with sqlite3.connect(paths[0]) as source, sqlite3.connect(store) as copy:
        source.backup(copy)
    options = ["--store", store, "--codebook", paths[1]]
    assert invoke("reject", "turnover", "KII-A-04:2", "--coder", "luis", *options).exit_code == 0
    return options


def test_audit_errors_are_highlighted(paths, tmp_path, invoke):
    target = tmp_path / "luis.xlsx"
    result = invoke("export", "xlsx", target, *luis_only_rejected(paths, tmp_path, invoke),
                    "--coder", "luis", "--allow-empty")
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
    assert [(r[0], r[1]) for r in rows[1:]] == [("F1", "KII-A-04"), ("F1", "KII-A-05")]
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

        def crash(package, part, *args):
            calls.append(part)
            if len(calls) == 2:
                raise RuntimeError("disk on fire")
            return real(package, part, *args)

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


def test_empty_workbook_is_refused_and_the_old_file_kept(paths, tmp_path, invoke):
    # luis only rejected a suggestion: nothing counts under --status reviewed
    target = tmp_path / "m.xlsx"
    target.write_bytes(b"the full workbook")
    opts = luis_only_rejected(paths, tmp_path, invoke)
    result = invoke("export", "xlsx", target, *opts, "--coder", "luis")
    assert result.exit_code == 1
    message = flat(result.stderr)
    assert "No evidence counts under --status reviewed" in message
    assert "--status all" in message and "kiicode review" in message
    assert "--allow-empty" in message
    assert target.read_bytes() == b"the full workbook"
    allowed = invoke("export", "xlsx", target, *opts, "--coder", "luis", "--allow-empty")
    assert allowed.exit_code == 0, allowed.output
    assert "Wrote 0 evidence rows" in flat(allowed.stderr)
    assert openpyxl.load_workbook(target).sheetnames == SHEETS


def test_method_sheet_has_no_absolute_path_and_correct_plurals(workbook):
    path, _, _ = workbook
    method = dict(calamine(path, "Method")[1:])
    for value in method.values():
        assert not str(value).startswith("/") and "/tmp/" not in str(value)
        assert " 1 regions" not in str(value) and " 1 respondents" not in str(value) \
            and " 1 respondent types" not in str(value)
    assert method["Project store"] == "project.sqlite"
