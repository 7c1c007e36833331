"""The traceability audit: each check fires on a hand-built gap and stays
quiet on a clean project, and the real CPC Peru codebook's uncited F7 is found."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from analysis_helpers import accept, codebook_file, make_project, suggest

from kiicode.audit import CHECKS, ERROR, WARNING, audit, traceability_problems, unused_codes
from kiicode.codebook import Code, Conclusion, Recommendation, load_codebook

CPC_CODEBOOK = Path(__file__).resolve().parent.parent / "codebooks" / "cpc_peru.yaml"
CLEAN_LINKS = {
    "conclusions": [{"id": "C1", "statement": "Capacity grew.", "findings": ["F1", "F3"]},
                    {"id": "C2", "statement": "Turnover matters.", "findings": ["F2"]}],
    "recommendations": [{"id": "R1", "statement": "Keep training.", "audience": "Government",
                         "conclusions": ["C1", "C2"]}],
}
# every finding: 2 respondents, 2 types, 2 regions, all accepted by a coder
CLEAN_EVIDENCE = [("KII-A-01:1", "training"), ("KII-A-04:1", "training"),
                  ("KII-A-02:1", "turnover"), ("KII-A-03:1", "turnover"),
                  ("KII-A-01:2", "specialised_units"), ("KII-A-05:1", "specialised_units")]


def fired(report) -> set[tuple[str, tuple[str, ...]]]:
    return {(p.check, p.ids) for p in report.problems}


@pytest.fixture
def clean(tmp_path):
    store, codebook = make_project(tmp_path, load_codebook(codebook_file(tmp_path,
                                                                         **CLEAN_LINKS)))
    accept(store, "ana", *CLEAN_EVIDENCE)
    yield store, codebook
    store.close()


def test_a_clean_project_has_no_problems(clean):
    store, codebook = clean
    report = audit(store, codebook)
    assert report.problems == ()
    assert not report.failed(strict=True)
    assert [r.id for r in report.recommendations] == ["R1"]
    assert [c.id for c in report.recommendations[0].conclusions] == ["C1", "C2"]
    f1 = report.recommendations[0].conclusions[0].findings[0]
    assert (f1.id, f1.tally.n, f1.tally.quotes) == ("F1", 2, 2)
    assert report.uncited_findings == () and report.unused_conclusions == ()


def test_every_check_is_documented():
    text = (Path(__file__).resolve().parent.parent / "docs" / "reporting.md").read_text()
    for check, (level, _) in CHECKS.items():
        assert f"`{check}`" in text, check
        assert level in (ERROR, WARNING)


# --- links in the codebook ------------------------------------------------------------

def test_undefined_finding_and_conclusion(clean):
    store, codebook = clean
    broken = replace(codebook,
                     conclusions={**codebook.conclusions,
                                  "C3": Conclusion("C3", "Floats.", ("F1", "F99"))},
                     recommendations={**codebook.recommendations,
                                      "R2": Recommendation("R2", "Do it.", "", ("C3", "C9"))})
    report = audit(store, broken)
    assert ("undefined_finding", ("C3", "F99")) in fired(report)
    assert ("undefined_conclusion", ("R2", "C9")) in fired(report)
    assert ("undefined_finding", ("C3", "F1")) not in fired(report)
    assert report.failed()
    tree = {r.id: r for r in report.recommendations}["R2"]
    assert [(c.id, c.defined) for c in tree.conclusions] == [("C3", True), ("C9", False)]
    assert [(f.id, f.defined) for f in tree.conclusions[0].findings] == [
        ("F1", True), ("F99", False)]


def test_conclusion_and_recommendation_citing_nothing(clean):
    store, codebook = clean
    broken = replace(codebook,
                     conclusions={**codebook.conclusions, "C3": Conclusion("C3", "Bare.")},
                     recommendations={**codebook.recommendations,
                                      "R2": Recommendation("R2", "Bare.", "", ("C3",)),
                                      "R3": Recommendation("R3", "Bare.")})
    found = fired(audit(store, broken))
    assert ("conclusion_without_findings", ("C3",)) in found
    assert ("recommendation_without_conclusions", ("R3",)) in found
    assert ("recommendation_without_conclusions", ("R2",)) not in found


def test_load_codebook_already_rejects_undefined_links(tmp_path):
    from kiicode.errors import CodebookError
    path = codebook_file(tmp_path, conclusions=[{"id": "C1", "statement": "x",
                                                 "findings": ["F99"]}])
    with pytest.raises(CodebookError, match="undefined finding 'F99'"):
        load_codebook(path)


def test_uncited_finding_and_unused_conclusion(tmp_path):
    # the mini codebook as shipped: C1 cites F1 and F3, so F2 stands alone
    store, codebook = make_project(tmp_path)
    assert ("uncited_finding", ("F2",)) in fired(audit(store, codebook))
    assert ("uncited_finding", ("F1",)) not in fired(audit(store, codebook))
    extra = replace(codebook, conclusions={**codebook.conclusions,
                                           "C2": Conclusion("C2", "Alone.", ("F2",))})
    report = audit(store, extra)
    assert ("unused_conclusion", ("C2",)) in fired(report)
    assert ("unused_conclusion", ("C1",)) not in fired(report)
    assert ("uncited_finding", ("F2",)) not in fired(report)
    assert [c.id for c in report.unused_conclusions] == ["C2"]
    store.close()


def test_the_real_cpc_report_leaves_f7_uncited():
    codebook = load_codebook(CPC_CODEBOOK)
    uncited = [p.ids for p in traceability_problems(codebook) if p.check == "uncited_finding"]
    assert uncited == [("F7",)]
    assert not [p for p in traceability_problems(codebook) if p.level == ERROR]


# --- evidence -----------------------------------------------------------------------------

def test_finding_and_conclusion_without_evidence(tmp_path):
    store, codebook = make_project(tmp_path, load_codebook(codebook_file(tmp_path,
                                                                         **CLEAN_LINKS)))
    accept(store, "ana", ("KII-A-01:1", "training"), ("KII-A-04:1", "training"))
    suggest(store, ("KII-A-02:1", "turnover"))     # unreviewed: does not count by default
    report = audit(store, codebook)
    found = fired(report)
    assert ("finding_without_evidence", ("F2",)) in found
    assert ("finding_without_evidence", ("F3",)) in found
    assert ("finding_without_evidence", ("F1",)) not in found
    assert ("conclusion_without_evidence", ("C2", "F2")) in found
    assert not any(check == "conclusion_without_evidence" and ids[0] == "C1"
                   for check, ids in found)   # F1 still carries C1
    hint = next(p.fix for p in report.problems if p.ids == ("F2",)
                and p.check == "finding_without_evidence")
    assert "1 more segment would support it once reviewed" in hint
    assert report.failed()
    store.close()


def test_triangulation_single_type_and_single_region(clean):
    store, codebook = clean
    store.decide("KII-A-04:1", "training", "ana", "rejected")
    accept(store, "ana", ("KII-A-02:2", "training"))   # F1: two officials, Lima and Cusco
    found = fired(audit(store, codebook))
    assert ("single_respondent_type", ("F1",)) in found
    assert ("single_region", ("F1",)) not in found
    store.decide("KII-A-02:2", "training", "ana", "rejected")
    accept(store, "ana", ("KII-A-03:2", "training"))   # F1: official and NGO, both Lima
    found = fired(audit(store, codebook))
    assert ("single_region", ("F1",)) in found
    assert ("single_respondent_type", ("F1",)) not in found
    assert not audit(store, codebook).failed()          # warnings only
    assert audit(store, codebook).failed(strict=True)


def test_mostly_unreviewed_fires_only_above_the_limit(clean):
    store, codebook = clean
    # F1: 2 accepted segments; 2 unreviewed suggestions make 2 of 4 = 50%: not above
    suggest(store, ("KII-A-02:3", "training"), ("KII-A-03:3", "training"))
    assert ("mostly_unreviewed", ("F1",)) not in fired(audit(store, codebook))
    suggest(store, ("KII-A-02:3", "training"), ("KII-A-03:3", "training"),
            ("KII-A-05:3", "training"))            # 3 of 5 = 60%
    assert ("mostly_unreviewed", ("F1",)) in fired(audit(store, codebook))
    # the check does not depend on --status: unreviewed evidence is pending either way
    assert ("mostly_unreviewed", ("F1",)) in fired(audit(store, codebook, status="all"))


def test_contested_finding(tmp_path):
    path = codebook_file(tmp_path, findings=[
        {"id": "F1", "statement": "Training helped.", "loi": "capacity",
         "evidence": {"any_codes": ["training"], "contrary_codes": ["no_change"]}},
        {"id": "F2", "statement": "Turnover slowed work.", "loi": "implementation",
         "evidence": {"any_codes": ["turnover"]}},
        {"id": "F3", "statement": "Units helped.", "loi": "capacity",
         "evidence": {"any_codes": ["specialised_units"]}}],
        add_codes=[{"id": "no_change", "name": "Nothing changed",
                    "patterns": {"any": ["nada cambió"]}}], **CLEAN_LINKS)
    store, codebook = make_project(tmp_path, load_codebook(path))
    accept(store, "ana", *CLEAN_EVIDENCE)
    assert ("contested_finding", ("F1",)) not in fired(audit(store, codebook))  # 2 for, 0 against
    accept(store, "ana", ("KII-A-02:2", "no_change"))
    assert ("contested_finding", ("F1",)) not in fired(audit(store, codebook))  # 2 for, 1 against
    accept(store, "ana", ("KII-A-05:2", "no_change"))
    assert ("contested_finding", ("F1",)) in fired(audit(store, codebook))      # 2 for, 2 against
    store.close()


def test_codes_never_applied_and_unused(clean):
    store, codebook = clean
    store.decide("KII-A-01:2", "specialised_units", "ana", "rejected")
    store.decide("KII-A-05:1", "specialised_units", "ana", "rejected")
    found = fired(audit(store, codebook))
    assert ("code_never_applied", ("specialised_units",)) in found
    assert ("code_never_applied", ("training",)) not in found
    assert not any(check == "code_unused" for check, _ in found)
    orphan = Code("orphan", "Not in any rule")
    child = Code("training_child", "Child of a used code", parent="training")
    grouping = Code("grouping", "A parent whose child is used")
    used_child = Code("turnover_kind", "Used child", parent="grouping")
    book = replace(codebook, codes={**codebook.codes, "orphan": orphan,
                                    "training_child": child, "grouping": grouping,
                                    "turnover_kind": used_child},
                   findings={**codebook.findings, "F2": replace(
                       codebook.findings["F2"], evidence=replace(
                           codebook.findings["F2"].evidence,
                           any_codes=("turnover", "turnover_kind")))})
    assert unused_codes(book) == ["orphan"]
    assert ("code_unused", ("orphan",)) in fired(audit(store, book))


def test_problems_are_ordered_errors_first_and_serialise(tmp_path):
    store, codebook = make_project(tmp_path)
    report = audit(store, codebook)
    levels = [p.level for p in report.problems]
    assert levels == sorted(levels, key=lambda level: level != ERROR)
    data = report.as_dict()
    assert data["errors"] == len(report.errors) and data["warnings"] == len(report.warnings)
    assert {"level", "check", "ids", "message", "fix"} <= set(data["problems"][0])
    assert data["tree"]["uncited_findings"][0]["id"] == "F2"
    store.close()
