"""Evidence per finding, respondent tallies, quantifiers and strength, on the
hand-built corpus of analysis_helpers (exact counts known by construction)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from analysis_helpers import accept, codebook_file, make_project, suggest

from kiicode.analysis import (
    Evidence,
    Share,
    evidence_for,
    quantify,
    respondent_noun,
    strength_of,
    tallies,
    tally,
)
from kiicode.codebook import DEFAULT_REPORTING, Quantifier, load_codebook
from kiicode.errors import NotFoundError


@pytest.fixture
def project(tmp_path):
    store, codebook = make_project(tmp_path)
    yield store, codebook
    store.close()


def finding(store, codebook, finding_id, **options):
    return next(t for t in tally(store, codebook, **options).tallies if t.id == finding_id)


# --- counting respondents ---------------------------------------------------------

def test_population_counts_distinct_people_not_the_group(project):
    store, codebook = project
    report = tally(store, codebook)
    assert report.population.respondents == 7
    assert report.population.groups["type"] == {
        "government_official": 3, "ngo_staff": 3, "community_member": 1}
    assert report.population.groups["region"] == {"Cusco": 1, "Lima": 3, "Puno": 3}
    assert report.population.groups["language"] == {"en": 1, "es": 6}
    assert report.population.groups["institution"]["MIMP"] == 1


def test_repeated_mentions_count_one_respondent(project):
    store, codebook = project
    accept(store, "ana", ("KII-A-01:1", "training"), ("KII-A-01:2", "training"),
           ("KII-A-01:3", "training"))
    t = finding(store, codebook, "F1")
    assert t.respondents == ("KII-A-01",)
    assert t.by["type"]["government_official"] == Share(1, 3)
    assert t.by["type"]["ngo_staff"] == Share(0, 3)
    assert t.quotes == 3
    assert t.transcripts == ("KII-A-01",)
    assert t.sentence == "one government official (1 of 3)"


def test_group_kii_counts_participants_and_the_group_once(project):
    store, codebook = project
    accept(store, "ana", ("KII-G-01:1", "training"), ("KII-G-01:2", "training"),
           ("KII-G-01:3", "training"), ("KII-A-02:1", "training"))
    t = finding(store, codebook, "F1")
    assert set(t.respondents) == {"KII-G-01-P1", "KII-G-01-P2", "KII-A-02"}
    assert t.n == 3     # the unattributed answer is not a person
    assert t.group_answers == ("KII-G-01",)
    assert t.by["type"]["government_official"] == Share(2, 3)
    assert t.by["type"]["community_member"] == Share(1, 1)
    assert t.quotes == 4
    assert t.transcripts == ("KII-A-02", "KII-G-01")
    assert t.sentence == ("most government officials (2 of 3) and the only community member "
                          "(1 of 1), plus 1 unattributed group answer in KII-G-01")


def test_only_a_group_answer_is_no_respondent(project):
    store, codebook = project
    accept(store, "ana", ("KII-G-01:3", "training"))
    t = finding(store, codebook, "F1")
    assert t.n == 0 and t.group_answers == ("KII-G-01",)
    assert t.strength.level == "none"
    assert t.sentence == "no respondents (0 of 7), plus 1 unattributed group answer in KII-G-01"


def test_breakdowns_by_institution_region_and_language(project):
    store, codebook = project
    accept(store, "ana", ("KII-A-01:1", "training"), ("KII-A-03:1", "training"),
           ("KII-A-04:2", "training"))
    t = finding(store, codebook, "F1")
    assert t.by["region"] == {"Cusco": Share(0, 1), "Lima": Share(2, 3), "Puno": Share(1, 3)}
    assert t.by["language"] == {"en": Share(1, 1), "es": Share(2, 6)}
    assert t.by["institution"]["ONG dos"] == Share(1, 1)
    assert t.by["institution"]["MPFN"] == Share(0, 1)
    assert t.regions == ("Lima", "Puno")
    assert t.types == ("government_official", "ngo_staff")


def test_rejected_codings_never_count(project):
    store, codebook = project
    suggest(store, ("KII-A-01:1", "training"), ("KII-A-03:1", "training"))
    store.decide("KII-A-01:1", "training", "ana", "rejected")
    for status in ("accepted", "reviewed", "all"):
        t = finding(store, codebook, "F1", status=status)
        assert "KII-A-01" not in t.respondents, status
    assert finding(store, codebook, "F1", status="all").respondents == ("KII-A-03",)


# --- statuses and coders ------------------------------------------------------------

@pytest.fixture
def mixed(project):
    """F1 (training) evidence of every kind, one respondent each:
    A-01 accepted by a coder, A-02 a suggestion on a reviewed segment,
    A-03 an unreviewed suggestion, A-04 a manual link to F1 (no code)."""
    store, codebook = project
    suggest(store, ("KII-A-01:1", "training"), ("KII-A-02:1", "training"),
            ("KII-A-03:1", "training"))
    store.decide("KII-A-01:1", "training", "ana", "accepted")
    store.mark_reviewed("KII-A-02:1", "ana")
    store.link("KII-A-04:1", "F1", "ana")
    return store, codebook


@pytest.mark.parametrize("status, expected", [
    ("accepted", {"KII-A-01", "KII-A-04"}),
    ("reviewed", {"KII-A-01", "KII-A-02", "KII-A-04"}),
    ("all", {"KII-A-01", "KII-A-02", "KII-A-03", "KII-A-04"}),
])
def test_status_flags(mixed, status, expected):
    store, codebook = mixed
    t = finding(store, codebook, "F1", status=status)
    assert set(t.respondents) == expected
    assert t.all_segments == 4 and t.all_unreviewed_segments == 1
    assert t.unreviewed_segments == (1 if status == "all" else 0)


def test_one_evidence_pass_serves_every_status(mixed):
    store, codebook = mixed
    evidence = Evidence(store, codebook)
    for status in ("accepted", "reviewed", "all"):
        assert evidence.report("finding", status) == tally(store, codebook, status=status)
        assert evidence.report("code", status) == tally(store, codebook, status=status,
                                                        kind="code")
    assert evidence.applied_codes("accepted") == {"training"}
    assert evidence.applied_codes("all") == {"training"}
    assert Evidence(store, codebook).applied_codes("accepted") == {"training"}


def test_default_status_is_reviewed_and_reports_say_what_they_counted(mixed):
    store, codebook = mixed
    report = tally(store, codebook)
    assert report.status == "reviewed"
    assert "status 'reviewed'" in report.counted
    assert "reviewed" in report.as_dict()["counted"]
    assert "UNREVIEWED" in tally(store, codebook, status="all").counted


def test_unknown_status_is_refused(project):
    store, codebook = project
    with pytest.raises(ValueError):
        tally(store, codebook, status="final")


def test_coder_filter_uses_only_that_coders_decisions(project):
    store, codebook = project
    suggest(store, ("KII-A-01:1", "training"))
    store.decide("KII-A-01:1", "training", "ana", "accepted")
    store.decide("KII-A-01:1", "training", "ben", "rejected")   # the latest decision
    assert finding(store, codebook, "F1", status="accepted").n == 0
    assert finding(store, codebook, "F1", status="accepted", coder="ana").n == 1
    assert finding(store, codebook, "F1", status="all", coder="ben").n == 0
    store.link("KII-A-05:1", "F1", "ben")
    assert finding(store, codebook, "F1", status="accepted", coder="ana").n == 1
    assert finding(store, codebook, "F1", status="accepted", coder="ben").respondents == (
        "KII-A-05",)


def test_theme_filter_and_child_codes(tmp_path):
    # F3 needs a protection-themed code; a child of `training` counts as training
    path = codebook_file(tmp_path, add_codes=[
        {"id": "judge_training", "name": "Judges trained", "parent": "training",
         "themes": ["prosecution"], "patterns": {"any": ["juez"]}}])
    store, codebook = make_project(tmp_path, load_codebook(path))
    accept(store, "ana", ("KII-A-01:1", "judge_training"), ("KII-A-02:1", "specialised_units"))
    findings, codes = tallies(store, codebook, status="accepted")
    by_id = {t.id: t for t in findings.tallies}
    assert by_id["F1"].respondents == ("KII-A-01",)
    assert by_id["F3"].respondents == ("KII-A-02",)
    code = {t.id: t for t in codes.tallies}
    assert code["training"].respondents == ("KII-A-01",)      # counts its child
    assert code["judge_training"].respondents == ("KII-A-01",)
    assert code["turnover"].n == 0
    store.close()


def test_evidence_for_one_finding(mixed):
    store, codebook = mixed
    assert evidence_for("F1", store, codebook, status="all").n == 4
    with pytest.raises(NotFoundError, match="no finding 'F9'"):
        evidence_for("F9", store, codebook)


# --- quantifiers --------------------------------------------------------------------

@pytest.mark.parametrize("n, total, word", [
    (0, 5, "no"),
    (1, 5, "one"),            # a single respondent is never a share word
    (1, 1, "the only"),
    (2, 11, "a few"),         # 0.18
    (2, 10, "some"),          # exactly 0.2: some
    (5, 10, "some"),          # exactly half is not "most" (exclusive)
    (6, 11, "most"),          # 0.545
    (7, 10, "most"),
    (4, 5, "almost all"),     # exactly 0.8
    (9, 10, "almost all"),
    (10, 10, "all"),          # exactly 1.0
    (2, 2, "all"),
])
def test_default_quantifier_boundaries(n, total, word):
    assert quantify(n, total, DEFAULT_REPORTING) == word


def test_codebook_overrides_the_quantifier_convention(tmp_path):
    path = codebook_file(tmp_path, reporting={"quantifiers": [
        {"word": "a majority of", "min_share": 0.5}, {"word": "a minority of", "min_share": 0.0}]})
    codebook = load_codebook(path)
    assert quantify(2, 4, codebook.reporting) == "a majority of"   # inclusive 0.5
    assert quantify(2, 5, codebook.reporting) == "a minority of"
    store, codebook = make_project(tmp_path, codebook)
    accept(store, "ana", ("KII-A-03:1", "training"), ("KII-A-04:1", "training"))
    t = finding(store, codebook, "F1", status="accepted")
    assert t.sentence == "a majority of NGO staff (2 of 3)"
    store.close()


def test_a_convention_without_a_floor_still_gives_n_of_n():
    reporting = replace(DEFAULT_REPORTING, quantifiers=(Quantifier("most", 0.5, True),))
    assert quantify(2, 10, reporting) == ""
    assert Share(2, 10).__str__() == "2 of 10"


@pytest.mark.parametrize("label, plural, singular", [
    ("Government official", "government officials", "government official"),
    ("NGO staff", "NGO staff", "NGO staff member"),
    ("Municipal ombudsman", "municipal ombudsmen", "municipal ombudsman"),
    ("U.S. Government", "U.S. governments", "U.S. government"),
    ("Municipal official / municipal ombudsman",
     "municipal officials / municipal ombudsmen", "municipal official / municipal ombudsman"),
    ("Community member", "community members", "community member"),
])
def test_respondent_nouns(label, plural, singular):
    assert respondent_noun(label, plural=True) == plural
    assert respondent_noun(label, plural=False) == singular


def test_sentence_lists_largest_groups_first(project):
    store, codebook = project
    accept(store, "ana", ("KII-A-03:1", "training"), ("KII-A-04:1", "training"),
           ("KII-A-05:1", "training"), ("KII-A-01:1", "training"))
    assert finding(store, codebook, "F1", status="accepted").sentence == (
        "all NGO staff (3 of 3) and one government official (1 of 3)")


# --- strength of evidence -------------------------------------------------------------

@pytest.mark.parametrize("respondents, types, regions, level", [
    (6, 3, 2, "strong"),      # exactly the strong minima
    (5, 3, 2, "moderate"),    # one respondent short
    (6, 2, 2, "moderate"),    # one type short
    (6, 3, 1, "moderate"),    # one region short
    (3, 2, 1, "moderate"),    # exactly the moderate minima
    (2, 2, 1, "limited"),
    (3, 1, 1, "limited"),
    (1, 1, 1, "limited"),     # exactly the limited minima
    (1, 1, 0, "none"),        # below every level (no region recorded)
    (0, 0, 0, "none"),
])
def test_strength_levels_at_their_boundaries(respondents, types, regions, level):
    assert strength_of(respondents, types, regions, DEFAULT_REPORTING).level == level


def test_unreviewed_share_downgrades_only_above_the_limit():
    assert strength_of(6, 3, 2, DEFAULT_REPORTING, unreviewed_share=0.5).level == "strong"
    weaker = strength_of(6, 3, 2, DEFAULT_REPORTING, unreviewed_share=0.51)
    assert weaker.level == "moderate"
    assert "unreviewed" in weaker.reasons[-1]


def test_contrary_evidence_downgrades_when_it_matches_support():
    assert strength_of(6, 3, 2, DEFAULT_REPORTING, contrary=5).level == "strong"
    assert strength_of(6, 3, 2, DEFAULT_REPORTING, contrary=6).level == "moderate"
    both = strength_of(6, 3, 2, DEFAULT_REPORTING, unreviewed_share=1.0, contrary=6)
    assert both.level == "limited" and len(both.reasons) == 3


def test_downgrades_stop_at_the_weakest_level():
    assert strength_of(1, 1, 1, DEFAULT_REPORTING, unreviewed_share=1.0,
                       contrary=3).level == "limited"


def test_strength_and_contrary_evidence_from_the_store(tmp_path):
    path = codebook_file(tmp_path, findings=[
        {"id": "F1", "statement": "Training helped.", "loi": "capacity",
         "evidence": {"any_codes": ["training"], "contrary_codes": ["turnover"]}},
        {"id": "F2", "statement": "Turnover slowed work.", "loi": "implementation",
         "evidence": {"any_codes": ["turnover"]}},
        {"id": "F3", "statement": "Units helped.", "loi": "capacity",
         "evidence": {"any_codes": ["specialised_units"]}}])
    store, codebook = make_project(tmp_path, load_codebook(path))
    # 3 respondents, 2 types, 2 regions: moderate
    accept(store, "ana", ("KII-A-01:1", "training"), ("KII-A-02:1", "training"),
           ("KII-A-04:1", "training"))
    t = finding(store, codebook, "F1", status="accepted")
    assert (t.n, len(t.types), len(t.regions), t.strength.level) == (3, 2, 3, "moderate")
    # contrary evidence from 3 respondents (one of them the group P2): down to limited
    accept(store, "ana", ("KII-A-03:2", "turnover"), ("KII-A-05:2", "turnover"),
           ("KII-G-01:2", "turnover"))
    t = finding(store, codebook, "F1", status="accepted")
    assert set(t.contrary_respondents) == {"KII-A-03", "KII-A-05", "KII-G-01-P2"}
    assert t.contrary_segments == ("KII-A-03:2", "KII-A-05:2", "KII-G-01:2")
    assert t.strength.level == "limited"
    store.close()


def test_tally_of_an_empty_codebook_section(project):
    store, codebook = project
    assert tally(store, replace(codebook, findings={})).tallies == ()
