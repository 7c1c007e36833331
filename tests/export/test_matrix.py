"""The evidence matrix tables (kiicode.export.matrix): every row and count
against the store and `analysis.tally`, filters, --all-quotes."""

from __future__ import annotations

import pytest
from evidence_project import ACCEPTED, FORMULA_SEGMENTS, build, open_project

from kiicode import __version__
from kiicode.analysis import STATUSES, tally
from kiicode.audit import audit
from kiicode.errors import NotFoundError
from kiicode.export import safe_cell
from kiicode.export.matrix import (
    EVIDENCE_MATRIX,
    FINDING_SUMMARY,
    MATRIX_COLUMNS,
    MatrixOptions,
    evidence_tables,
)


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return build(tmp_path_factory.mktemp("evidence"))


@pytest.fixture
def project(paths):
    store, book = open_project(paths)
    yield store, book
    store.close()


def records(store, book, name=EVIDENCE_MATRIX, **options):
    return list(evidence_tables(store, book, MatrixOptions(**options)).table(name).records())


def test_a_coder_without_decisions_is_an_error_not_an_empty_matrix(project):
    store, book = project
    with pytest.raises(NotFoundError, match="no decisions by coder 'luis'"):
        evidence_tables(store, book, MatrixOptions(status="accepted", coder="luis"))


@pytest.mark.parametrize("coder", [None, "ana"])
@pytest.mark.parametrize("status", STATUSES)
def test_rows_and_counts_equal_tally(project, status, coder):
    store, book = project
    tables = evidence_tables(store, book, MatrixOptions(status=status, coder=coder))
    rows = list(tables.table(EVIDENCE_MATRIX).records())
    summary = {r["finding"]: r for r in tables.table(FINDING_SUMMARY).records()}
    report = tally(store, book, status, coder)
    assert tables.evidence_rows == len(rows) == sum(t.quotes for t in report.tallies)
    for t in report.tallies:
        mine = [r for r in rows if r["finding"] == t.id]
        assert sorted(r["segment"] for r in mine) == list(t.segments)
        assert len({r["respondent"] for r in mine if r["respondent_type"] != "(unattributed "
                    "group answer)"}) == t.n
        row = summary[t.id]
        assert (row["respondents"], row["of"], row["quotes"], row["transcripts"]) == \
            (t.n, t.population, t.quotes, len(t.transcripts))
        assert (row["sentence"], row["strength"]) == (t.sentence, t.strength.level)
        for type_id, share in t.by["type"].items():
            assert row[f"type:{type_id}"] == f"{share.n} of {share.total}"
        assert row["matrix_rows"] == t.quotes


def test_quotes_are_the_transcript_slices(project):
    store, book = project
    rows = records(store, book, status="all", all_quotes=True)
    texts = {}
    for row in rows:
        if row["transcript"] not in texts:
            texts[row["transcript"]] = store.transcript(row["transcript"]).text
        original = texts[row["transcript"]][row["start"]:row["end"]]
        assert row["quote"] == original   # the tables hold raw text; writers escape
        assert safe_cell(original) == original or original[0] in "=+-@"
    assert {r["segment"] for r in rows} >= set(FORMULA_SEGMENTS)


def test_matrix_row_fields(project):
    store, book = project
    rows = {(r["segment"], r["finding"]): r for r in records(store, book)}
    row = rows[("KII-X-01:1", "F1")]
    assert row["quote"] == '=HYPERLINK("http://x","y")'
    assert (row["recommendations"], row["conclusions"], row["loi"], row["questions"]) == \
        ("R1", "C1", "Capacity", "EQ2")
    assert (row["themes"], row["codes"], row["respondent"], row["respondent_type"]) == \
        ("prosecution", "training", "KII-X-01", "Frontline worker")
    assert (row["institution"], row["region"], row["language"], row["turn"],
            row["paragraph"]) == ("MIMP", "Tacna", "es", 2, 1)
    assert (row["review_status"], row["support"], row["coder"]) == \
        ("accepted", "evidence rule", "ana")
    assert row["patterns"] == "training: (added by hand)"
    linked = rows[("KII-A-02:2", "F3")]
    assert (linked["support"], linked["codes"], linked["coder"]) == ("manual link", "", "ana")
    # the identifying columns first (they stay in view), the explanations last
    assert [c.key for c in MATRIX_COLUMNS][:2] == ["finding", "respondent"]
    printed = [c.printed for c in MATRIX_COLUMNS]
    assert printed == sorted(printed, reverse=True)
    assert not next(c for c in MATRIX_COLUMNS if c.key == "patterns").printed


def test_unreviewed_suggestions_only_under_status_all(project):
    store, book = project
    reviewed = {(r["segment"], r["finding"]) for r in records(store, book)}
    everything = {(r["segment"], r["finding"]): r for r in records(store, book, status="all")}
    assert ("KII-A-05:2", "F1") not in reviewed
    assert everything[("KII-A-05:2", "F1")]["review_status"] == "unreviewed"
    assert everything[("KII-G-01:3", "F1")]["respondent_type"] == "(unattributed group answer)"
    # rejected by ana: never counted
    assert ("KII-A-04:2", "F2") not in everything


def test_all_quotes_adds_quotes_supporting_no_finding(project):
    store, book = project
    plain = records(store, book)
    every = records(store, book, all_quotes=True)
    assert not [r for r in plain if not r["finding"]]
    extra = [r for r in every if not r["finding"]]
    assert [(r["segment"], r["codes"], r["themes"], r["questions"]) for r in extra] == \
        [("KII-A-05:3", "other_topic", "prevention", "EQ1")]
    assert every[:len(plain)] == plain   # findings first, then the rest


@pytest.mark.parametrize(("options", "expected"), [
    ({"findings": ("F1",)}, {"F1"}),
    ({"lois": ("implementation",)}, {"F2"}),
])
def test_finding_filters(project, options, expected):
    store, book = project
    tables = evidence_tables(store, book, MatrixOptions(**options))
    assert {r["finding"] for r in tables.table(EVIDENCE_MATRIX).records()} == expected
    assert {r["finding"] for r in tables.table(FINDING_SUMMARY).records()} == expected


def test_quote_filters(project):
    store, book = project
    ngo = records(store, book, respondent_types=("NGO staff",))
    assert {r["respondent"] for r in ngo} == {"KII-A-03", "KII-A-04"}
    assert records(store, book, respondent_types=("ngo_staff",)) == ngo
    english = records(store, book, languages=("en",))
    assert {r["segment"] for r in english} == {"KII-A-03:1"}
    protection = records(store, book, status="all", themes=("protection",))
    assert {(r["segment"], r["finding"]) for r in protection} == {("KII-A-01:3", "F3")}
    # --loi also applies to quotes supporting no finding, through their codes
    assert not [r for r in records(store, book, all_quotes=True, lois=("capacity",))
                if not r["finding"]]


def test_filters_link_to_the_filtered_rows(project):
    store, book = project
    tables = evidence_tables(store, book, MatrixOptions(respondent_types=("ngo_staff",)))
    rows = list(tables.table(EVIDENCE_MATRIX).records())
    for summary in tables.table(FINDING_SUMMARY).records():
        mine = [i for i, r in enumerate(rows, 2) if r["finding"] == summary["finding"]]
        assert summary["first_row"] == (mine[0] if mine else None)
        assert summary["matrix_rows"] == len(mine)


def test_unknown_filter_values_are_all_reported(project):
    store, book = project
    with pytest.raises(NotFoundError) as caught:
        evidence_tables(store, book, MatrixOptions(findings=("F9",), themes=("protecion",),
                                                    respondent_types=("judge",),
                                                    languages=("fr",)))
    text = str(caught.value)
    assert "no finding 'F9'" in text and "did you mean 'protection'?" in text
    assert "no respondent type 'judge'" in text and "no language 'fr'" in text
    with pytest.raises(ValueError):
        evidence_tables(store, book, MatrixOptions(status="final"))


def test_traceability_and_audit_tables(project):
    store, book = project
    tables = evidence_tables(store, book, MatrixOptions(status="accepted"))
    report = audit(store, book, "accepted")
    chain = list(tables.table("Traceability").records())
    assert [(r["recommendation"], r["conclusion"], r["finding"]) for r in chain] == \
        [("R1", "C1", "F1"), ("R1", "C1", "F3"), ("R1", "C2", "F2")]
    f3 = chain[1]
    assert f3["level"] == "warning" and "single_region" in f3["problems"]
    problems = list(tables.table("Audit problems").records())
    assert [(p["level"], p["check"], p["message"]) for p in problems] == \
        [(p.level, p.check, p.message) for p in report.problems]


def test_codebook_and_respondents_tables(project):
    store, book = project
    tables = evidence_tables(store, book, MatrixOptions(status="all"))
    codes = {r["code"]: r for r in tables.table("Codebook").records()}
    for t in tally(store, book, "all", kind="code").tallies:
        assert (codes[t.id]["segments"], codes[t.id]["respondents"]) == (t.quotes, t.n)
    assert codes["other_topic"]["do_not_use_when"] == "=It fits something."
    assert codes["training"]["questions"] == "EQ2: How did capacity change?"
    people = {r["respondent"]: r for r in tables.table("Respondents").records()}
    assert people["KII-X-01"]["segments"] == 4 and people["KII-X-01"]["findings"] == "F1; F2"
    assert people["KII-G-01-GROUP"]["kind"] == "group answers"
    assert len(people) == 9


def test_method_says_what_was_counted(project):
    store, book = project
    tables = evidence_tables(store, book, MatrixOptions(status="all", findings=("F1",)))
    method = {r["item"]: r["value"] for r in tables.table("Method").records()}
    assert method["kiicode version"] == __version__
    assert method["Codebook SHA-256"] == book.sha256
    assert method["Status counted"].startswith("all:")
    assert method["Not final"].startswith("YES")
    assert method["Filters"] == "finding: F1"
    assert method["Evidence matrix rows"] == tables.evidence_rows
    assert method["Transcripts"] == 7 and method["Respondents interviewed (N)"] == 8
    assert "Strength: strong" in method and "most: share > 50%" in method["Quantifiers"]


def test_accepted_codings_listed(project):
    # every accepted coding of a segment that supports a finding shows in its row
    store, book = project
    rows = records(store, book, status="accepted", all_quotes=True)
    shown = {(r["segment"], code) for r in rows for code in r["codes"].split("; ") if code}
    assert shown == set(ACCEPTED)
