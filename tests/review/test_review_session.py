"""The review session without UI: order, navigation, resume, the right-hand
pane's data, code search, filters and actions delegating to the store."""

from __future__ import annotations

import pytest
from coded_project import SUGGESTED, coded_template_fixture, project_fixture  # noqa: F401

from kiicode.errors import KiicodeError, NotFoundError
from kiicode.review import ReviewSession
from kiicode.store import Store


@pytest.fixture
def store(project):
    with Store.open(project) as opened:
        yield opened


@pytest.fixture
def session(store, mini_codebook):
    return ReviewSession(store, mini_codebook, "ana")


def test_segments_in_transcript_order_and_navigation(session):
    assert [s.id for s in session.segments] == list(SUGGESTED)
    assert session.current.id == "KII-T-01:1"
    assert session.previous().id == "KII-T-01:1"      # stays at the start
    assert session.next().id == "KII-T-01:2"
    session.go_to("KII-T-02:2")
    assert session.next().id == "KII-T-02:2"          # stays at the end
    assert session.progress().position == 5


def test_chosen_transcripts_only_in_the_given_order(store, mini_codebook):
    session = ReviewSession(store, mini_codebook, "ana", ["KII-T-02", "KII-T-01"])
    assert [s.id for s in session.segments][:2] == ["KII-T-02:1", "KII-T-02:2"]
    with pytest.raises(NotFoundError, match="did you mean 'KII-T-01'"):
        ReviewSession(store, mini_codebook, "ana", ["KII-T-1"])


def test_resume_and_progress_follow_this_coders_reviews(store, mini_codebook, session):
    session.accept("training")                         # KII-T-01:1
    session.next()
    session.mark_reviewed()                            # KII-T-01:2, no code applies
    assert str(session.progress()) == "2/5 reviewed"
    again = ReviewSession(store, mini_codebook, "ana")
    assert again.current.id == "KII-T-01:3"
    other = ReviewSession(store, mini_codebook, "luis")
    assert other.current.id == "KII-T-01:1"
    assert other.progress().reviewed == 0


def test_next_unreviewed_wraps_and_ends(session):
    session.go_to("KII-T-01:3")
    session.mark_reviewed()
    assert session.next_unreviewed().id == "KII-T-02:1"
    for segment_id in SUGGESTED:
        session.go_to(segment_id)
        session.mark_reviewed()
    assert session.next_unreviewed() is None


def test_view_shows_suggestions_with_score_and_why(session, store):
    session.go_to("KII-T-01:2")
    view = session.view()
    (row,) = view.codes
    assert (row.code, row.name, row.suggested, row.status) == (
        "turnover", "Staff turnover", True, "pending")
    assert row.score > 0
    assert "rotación de personal" in row.patterns
    marked = {view.segment.text[start:end] for start, end in view.marks()}
    assert "rotación de personal" in marked
    # F2 from its own code; F1 (training) from the question it answers
    assert [(f.finding, f.supported) for f in view.findings] == [("F2", True), ("F1", False)]
    assert not view.findings[0].linked_by
    assert view.asked.startswith("asked:") and "capacitaciones" in view.asked
    assert not view.reviewed and view.respondent.type == "frontline_worker"


def test_actions_reach_the_store_and_the_view(session, store):
    session.go_to("KII-T-01:2")
    session.accept("turnover")
    session.assign("training")
    session.link("F1")
    session.memo("Fiscal staff left in 2021.")
    view = session.view()
    assert {(c.code, c.status, c.origin) for c in view.codes} == {
        ("turnover", "accepted", "auto"), ("training", "accepted", "manual")}
    assert {f.finding: f.linked_by for f in view.findings} == {"F1": ("ana",), "F2": ()}
    assert [m.text for m in view.memos] == ["Fiscal staff left in 2021."]
    assert view.reviewed
    session.reject("turnover")
    assert session.view().marks() == []                # rejected codes are not marked
    assert session.remove("training") is True
    assert session.remove("training") is False
    assert {c.code for c in store.codings(coder="ana")} == {"turnover"}


def test_accept_all_and_undo_walk_back(session, store):
    session.go_to("KII-T-02:2")
    session.assign("training")
    assert session.accept_all() == ["turnover"]        # only the pending suggestion
    session.go_to("KII-T-01:1")
    assert session.undo() == "accepted turnover on KII-T-02:2"
    assert session.current.id == "KII-T-02:2"          # undo goes where the decision was
    assert session.undo() == "assigned training on KII-T-02:2"
    assert store.codings(coder="ana") == []
    assert session.reviewed_ids() == set()
    assert session.undo() is None


def test_unknown_code_or_finding_is_refused_with_a_hint(session, store):
    with pytest.raises(NotFoundError, match="no code 'turnovr'.*did you mean 'turnover'"):
        session.assign("turnovr")
    with pytest.raises(NotFoundError, match="no finding 'F9'"):
        session.link("F9")
    with pytest.raises(NotFoundError, match="was not suggested"):
        session.accept("specialised_units")
    assert store.codings(coder="ana") == []


def test_reserved_coder_name_is_refused(store, mini_codebook):
    with pytest.raises(KiicodeError, match="reserved"):
        ReviewSession(store, mini_codebook, "auto")


@pytest.mark.parametrize("query, expected", [
    ("turnover", "turnover"),          # id
    ("Staff turnovr", "turnover"),     # name, misspelt
    ("rotacion", "turnover"),          # Spanish term, without its accent
    ("capacitación", "training"),      # Spanish term
    ("workshop", "training"),          # English term
    ("special", "specialised_units"),  # a prefix typed so far
])
def test_code_search_over_ids_names_and_both_languages(session, query, expected):
    assert session.search_codes(query)[0].id == expected


def test_finding_search_and_text_search(session):
    assert session.search_findings("turnover slowed")[0].id == "F2"
    assert session.search("VICTIMAS").id == "KII-T-01:3"    # case and accents ignored
    assert session.search("training").id == "KII-T-02:1"
    assert session.search("nowhere at all") is None
    assert session.current.id == "KII-T-02:1"


def test_filter_to_a_code_or_a_finding(session):
    assert session.set_filter("code", "turnover") == 2
    assert session.current.id == "KII-T-01:2"
    assert session.next().id == "KII-T-02:2"
    assert session.next().id == "KII-T-02:2"
    session.link("F1")
    assert session.set_filter("finding", "F1") == 3       # two supported + one linked
    assert session.previous().id == "KII-T-02:1"
    session.set_filter(None)
    assert session.progress().shown == 5
    with pytest.raises(NotFoundError):
        session.set_filter("code", "nope")
