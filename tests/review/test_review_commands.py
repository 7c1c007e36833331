"""The plain decision commands scripts use: exit codes, what they save, and
clear one-line errors (no traceback) for bad ids."""

from __future__ import annotations

import pytest
from coded_project import MINI_CODEBOOK, coded_template_fixture, project_fixture  # noqa: F401
from conftest import flat

from kiicode.store import Store


@pytest.fixture
def kc(invoke, project):
    """`kiicode ARGS --store PROJECT --codebook MINI` (plus --coder ana unless given)."""

    def run(*args, coder: str | None = "ana"):
        extra = ["--store", project, "--codebook", MINI_CODEBOOK]
        return invoke(*args, *extra, *(["--coder", coder] if coder else []))

    return run


def codings(project, coder="ana"):
    with Store.open(project) as store:
        return {(c.segment, c.code, c.status, c.origin) for c in store.codings(coder=coder)}


def test_accept_reject_assign_unassign(kc, project):
    result = kc("accept", "training", "KII-T-01:1", "KII-T-02:1")
    assert result.exit_code == 0, result.output
    assert "Saved: accepted training on KII-T-02:1 (coder ana)" in flat(result.stderr)
    assert kc("reject", "turnover", "KII-T-01:2").exit_code == 0
    assert kc("assign", "specialised_units", "KII-T-01:2").exit_code == 0
    assert kc("accept", "all", "KII-T-02:2").exit_code == 0
    assert codings(project) == {
        ("KII-T-01:1", "training", "accepted", "auto"),
        ("KII-T-02:1", "training", "accepted", "auto"),
        ("KII-T-01:2", "turnover", "rejected", "auto"),
        ("KII-T-01:2", "specialised_units", "accepted", "manual"),
        ("KII-T-02:2", "turnover", "accepted", "auto")}
    assert kc("unassign", "specialised_units", "KII-T-01:2").exit_code == 0
    assert ("KII-T-01:2", "specialised_units", "accepted", "manual") not in codings(project)


def test_link_unlink_memo_undo(kc, project):
    assert kc("link", "F2", "KII-T-01:2").exit_code == 0
    assert kc("link", "F1", "KII-T-01:2").exit_code == 0
    assert kc("unlink", "F1", "KII-T-01:2").exit_code == 0
    result = kc("memo", "KII-T-01:2", "Ask about [the] fiscal")
    assert result.exit_code == 0, result.output
    assert kc("memo", "F2", "Only Cusco so far", "--on", "finding").exit_code == 0
    with Store.open(project) as store:
        assert [(f.segment, f.finding) for f in store.finding_links()] == [("KII-T-01:2", "F2")]
        assert [(m.target_kind, m.target_id, m.text) for m in store.memos()] == [
            ("segment", "KII-T-01:2", "Ask about [the] fiscal"),
            ("finding", "F2", "Only Cusco so far")]
    result = kc("undo")
    assert result.exit_code == 0
    assert "Undone: memo on finding F2" in flat(result.stderr)
    kc("undo"), kc("undo"), kc("undo"), kc("undo")
    result = kc("undo")
    assert "Nothing to undo for ana." in flat(result.stderr)


def test_a_bad_segment_id_exits_1_and_writes_nothing(kc, project):
    result = kc("accept", "training", "KII-T-01:1", "KII-T-01:99")
    assert result.exit_code == 1
    assert "no segment 'KII-T-01:99'" in flat(result.stderr)
    assert "kiicode show" in flat(result.stderr)
    assert "Traceback" not in result.output
    assert codings(project) == set()


@pytest.mark.parametrize("args, message", [
    (("assign", "trainin", "KII-T-01:1"), "no code 'trainin' (did you mean 'training'?)"),
    (("reject", "turnovr", "KII-T-01:1"), "no code 'turnovr' (did you mean 'turnover'?)"),
    (("link", "F12", "KII-T-01:1"), "no finding 'F12' (did you mean"),
    (("memo", "F12", "text", "--on", "finding"), "no finding 'F12'"),
    (("accept", "specialised_units", "KII-T-01:1"),
     "'specialised_units' was not suggested for segment 'KII-T-01:1' (to code it by hand: "
     "kiicode assign specialised_units KII-T-01:1)"),
])
def test_unknown_ids_exit_1_with_a_hint(kc, project, args, message):
    result = kc(*args)
    assert result.exit_code == 1, result.output
    assert message in flat(result.stderr)
    assert "Traceback" not in result.output
    assert codings(project) == set()


def test_coder_is_required_and_auto_is_reserved(kc):
    assert kc("accept", "training", "KII-T-01:1", coder=None).exit_code == 2
    result = kc("accept", "training", "KII-T-01:1", coder="auto")
    assert result.exit_code == 1
    assert "reserved for machine suggestions" in flat(result.stderr)


def test_review_refuses_an_unknown_transcript_before_opening(kc):
    result = kc("review", "KII-T-1")
    assert result.exit_code == 1
    assert "no transcript 'KII-T-1'" in flat(result.stderr)
