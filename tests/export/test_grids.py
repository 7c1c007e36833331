"""The heat map, framework matrix and memos sheets, against the tally and the
store; cell memos written with `kiicode memo --on cell`."""

from __future__ import annotations

import json

import openpyxl
import pytest
from conftest import flat
from evidence_project import MEMOS, build, open_project

from kiicode.export.matrix import MatrixOptions, evidence_tables
from kiicode.export.xlsx import write_xlsx


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return build(tmp_path_factory.mktemp("grids"))


@pytest.fixture
def opts(paths):
    return ["--store", paths[0], "--codebook", paths[1]]


def tables(paths, **options):
    store, book = open_project(paths)
    with store:
        return evidence_tables(store, book, MatrixOptions(status="all", **options))


def records(paths, name, **options):
    return list(tables(paths, **options).table(name).records(headers=True))


def test_heat_map_cells_are_the_tallys_n_of_n(paths, invoke, opts):
    result = invoke("tally", *opts, "--status", "all", "--format", "json")
    tallies = {t["id"]: t for t in json.loads(result.stdout)["tallies"]}
    rows = records(paths, "Heat map")
    assert [r["Finding"] for r in rows] == ["F1", "F2", "F3"]
    for row in rows:
        t = tallies[row["Finding"]]
        assert row[f"All respondents (N={t['of']})"] == t["respondents"]
        assert row["Government official (N=3)"] == t["by"]["type"]["government_official"]["n"]
        assert row["Strength of evidence"] == t["strength"]
    assert rows[0]["Quantifier (all respondents)"] == "some"      # 4 of 8


def test_heat_map_in_the_workbook_shows_n_of_n_on_a_colour_scale(paths, tmp_path):
    target = tmp_path / "h.xlsx"
    write_xlsx(tables(paths, by=("region",)), target)
    sheet = openpyxl.load_workbook(target)["Heat map"]
    heads = [c.value for c in sheet[1]]
    assert "region: Puno (N=3)" in heads
    column = heads.index("NGO staff (N=3)") + 1
    cell = sheet.cell(2, column)
    assert cell.value == 2 and cell.number_format == '0" of 3"'
    letter = cell.column_letter
    rules = {str(r.sqref): r.rules[0] for r in sheet.conditional_formatting}
    scale = rules[f"{letter}2:{letter}4"].colorScale
    assert [(v.type, float(v.val)) for v in scale.cfvo] == [("num", 0.0), ("num", 3.0)]


def test_framework_matrix_cells_hold_evidence_or_the_cell_memo(paths):
    rows = {r["Respondent"]: r for r in records(paths, "Framework matrix")}
    f1 = "F1: Training improved capacity."
    assert rows["KII-A-01"][f1] == "KII-A-01:1 “Primera respuesta sobre el trabajo.”"
    # ana's cell memo replaces the quotes, and says which segments it rests on
    assert rows["KII-A-04"][f1] == ("Summary — ana: Says training reached every district "
                                    "office. (KII-A-04:1)")
    assert rows["KII-A-02"][f1] == ""
    assert rows["KII-A-01"]["Respondent type"] == "Government official"
    # the summary row: the tally's sentence and the finding memo
    summary = rows["All respondents"][f1]
    assert summary.startswith("most NGO staff (2 of 3)")
    assert summary.endswith("ana: Training is the clearest change.")


def test_framework_matrix_by_code(paths):
    rows = {r["Respondent"]: r for r in records(paths, "Framework matrix", by=("code",))}
    heads = list(rows["KII-A-01"])
    assert heads[:4] == ["Respondent", "Respondent type", "Institution", "Region"]
    training = next(h for h in heads if h.startswith("training: "))
    assert rows["KII-X-01"][training].startswith("KII-X-01:1 ")


def test_memos_sheet_lists_every_memo(paths):
    rows = records(paths, "Memos")
    assert [(r["On"], r["Target"], r["Coder"], r["Text"]) for r in rows] == \
        [(kind, target, "ana", text) for kind, target, text in MEMOS]
    assert rows[1]["About"] == "Training improved capacity."
    assert all(r["Written (UTC)"] for r in rows)


def test_cell_memo_command(paths, invoke, opts):
    ok = invoke("memo", "KII-A-02/F3", "Units seen as MPFN's.", "--on", "cell", "--coder", "luis",
                *opts)
    assert ok.exit_code == 0, ok.output
    rows = {r["Respondent"]: r for r in records(paths, "Framework matrix")}
    assert rows["KII-A-02"]["F3: Units helped victims."].startswith(
        "Summary — luis: Units seen as MPFN's.")
    bad = invoke("memo", "KII-A-99/F3", "x", "--on", "cell", "--coder", "luis", *opts)
    assert bad.exit_code == 1 and "no respondent 'KII-A-99'" in flat(bad.stderr)
    bad = invoke("memo", "F3", "x", "--on", "cell", "--coder", "luis", *opts)
    assert bad.exit_code == 1 and "RESPONDENT/FINDING" in flat(bad.stderr)
    bad = invoke("memo", "KII-A-02/F9", "x", "--on", "cell", "--coder", "luis", *opts)
    assert bad.exit_code == 1 and "no finding 'F9'" in flat(bad.stderr)
    assert "Traceback" not in bad.output
    undo = invoke("undo", "--coder", "luis", *opts)
    assert undo.exit_code == 0


def test_unknown_breakdown_is_an_error(paths, invoke, opts, tmp_path):
    result = invoke("export", "xlsx", tmp_path / "x.xlsx", *opts, "--status", "all",
                    "--by", "colour")
    assert result.exit_code == 1
    assert "cannot break down by 'colour'" in flat(result.stderr)
    assert not (tmp_path / "x.xlsx").exists()
