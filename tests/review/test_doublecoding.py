"""Blind double-coding and adjudication, on both backends: `kiicode sample`
draws a stratified set, `review --blind` shows a coder only their set and
their own work, `adjudicate` lists the disagreements and records a consensus
that `--coder consensus` counts, with agreement before and after."""

from __future__ import annotations

from coded_project import MINI_CODEBOOK, coded_template_fixture, project_fixture  # noqa: F401
from conftest import flat

from kiicode.codebook import load_codebook
from kiicode.review import ReviewSession
from kiicode.review.doublecoding import disagreements, draw_sample
from kiicode.store import Store

BOOK = ("--codebook", str(MINI_CODEBOOK))


def test_sample_is_stratified_stored_and_repeatable(project, invoke):
    with Store.open(project) as store:
        drawn = draw_sample(store, ["ana", "luis"], 0.2, by="respondent_type")
        # two types (frontline_worker: 3 segments, ngo_staff: 2): at least one of each
        assert drawn.strata == {"frontline_worker": (1, 3), "ngo_staff": (1, 2)}
        assert {s.split(":")[0] for s in drawn.segments} == {"KII-T-01", "KII-T-02"}
        assert store.double_coding() == {
            coder: {s: store.double_coding()[coder][s] for s in drawn.segments}
            for coder in ("ana", "luis")}
        assert draw_sample(store, ["ana", "luis"], 0.2, by="respondent_type") == drawn
        whole = draw_sample(store, ["ana", "luis"], 0.5, unit="transcript")
        assert len(whole.segments) in (2, 3)   # one whole transcript
    result = invoke("sample", "--store", project)
    assert result.exit_code == 0, result.output
    assert "ana 0" in flat(result.stdout.replace("│", " "))


def test_sample_rejects_bad_input(project, invoke):
    for args, message in ((["--coders", "ana"], "name two or more coders"),
                          (["--coders", "ana luis", "--share", "1.5"], "--share must be"),
                          (["--coders", "ana luis", "--by", "shoe_size"],
                           "cannot stratify by 'shoe_size'")):
        result = invoke("sample", *args, "--store", project)
        assert result.exit_code == 1, result.output
        assert message in flat(result.stderr)


def test_blind_review_shows_only_my_set_and_my_work(project):
    with Store.open(project) as store:
        draw_sample(store, ["ana", "luis"], 1.0)
        store.set_double_coding([("KII-T-01:1", "ana", "all"), ("KII-T-02:2", "ana", "all")],
                                ["ana"])
        store.decide("KII-T-01:1", "training", "luis", "rejected")
        store.link("KII-T-01:1", "F1", "luis")
        store.add_memo("segment", "KII-T-01:1", "luis", "luis thinks not")
        book = load_codebook(MINI_CODEBOOK)
        blind = ReviewSession(store, book, "ana", blind=True)
        assert [s.id for s in blind.segments] == ["KII-T-01:1", "KII-T-02:2"]
        view = blind.view(blind.segments[0])
        assert view.memos == () and all(f.linked_by == () for f in view.findings)
        assert [c.status for c in view.codes if c.code == "training"] == ["pending"]
        seen = ReviewSession(store, book, "ana").view(blind.segments[0])
        assert [m.coder for m in seen.memos] == ["luis"]   # not blind: shown


def test_adjudication_records_consensus_with_who_decided(project, invoke):
    with Store.open(project) as store:
        draw_sample(store, ["ana", "luis"], 1.0)
        store.decide("KII-T-01:1", "training", "ana", "accepted")
        store.decide("KII-T-01:1", "training", "luis", "accepted")
        store.decide("KII-T-01:2", "turnover", "ana", "accepted")
        store.decide("KII-T-01:2", "turnover", "luis", "rejected")
        store.mark_reviewed("KII-T-01:3", "ana")
        store.mark_reviewed("KII-T-01:3", "luis")
    listed = invoke("adjudicate", "list", "--coders", "ana", "luis", "--store", project, *BOOK)
    assert listed.exit_code == 0, listed.output
    out = flat(listed.stdout.replace("│", " "))
    assert "1 disagreements of ana and luis" in out
    assert "KII-T-01:2 turnover has it - open" in out
    assert "Agreement before: ana vs luis kappa" in out
    assert "1 agreed codes recorded as consensus" in listed.stderr

    bad = invoke("adjudicate", "decide", "KII-T-01:2", "turnover", "maybe", "--coders", "ana",
                 "luis", "--by", "eva", "--store", project, *BOOK)
    assert bad.exit_code == 2
    done = invoke("adjudicate", "decide", "KII-T-01:2", "turnover", "accept", "--coders", "ana",
                  "luis", "--by", "eva", "--store", project, *BOOK)
    assert done.exit_code == 0, done.output
    with Store.open(project) as store:
        assert store.adjudications("consensus")[("KII-T-01:2", "turnover")][:2] == (
            "accepted", "eva")
        assert disagreements(store, "ana", "luis")[0].decided_by == "eva"
        held = {(c.segment, c.code) for c in store.codings(coder="consensus")
                if c.status == "accepted"}
        assert held == {("KII-T-01:1", "training"), ("KII-T-01:2", "turnover")}
    tally = invoke("tally", "--coder", "consensus", "--store", project, *BOOK)
    assert tally.exit_code == 0, tally.output
    assert "F2" in tally.stdout
    after = invoke("adjudicate", "list", "--coders", "ana", "luis", "--store", project, *BOOK)
    assert "ana vs consensus kappa 1.00" in flat(after.stdout)
    undo = invoke("undo", "--coder", "consensus", "--store", project, *BOOK)
    assert undo.exit_code == 0, undo.output
    with Store.open(project) as store:
        assert ("KII-T-01:2", "turnover") not in store.adjudications("consensus")


def test_the_adjudication_screen_saves_each_key_at_once(project):
    import asyncio

    from kiicode.review.adjudicate_tui import AdjudicateApp

    with Store.open(project) as store:
        for segment, code in (("KII-T-01:1", "training"), ("KII-T-01:2", "turnover")):
            store.decide(segment, code, "ana", "accepted")
            store.decide(segment, code, "luis", "rejected")
        app = AdjudicateApp(store, ("ana", "luis"), "eva")

        async def play() -> None:
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                assert "1 of 2 (2 open)" in str(app.query_one("#where").render())
                await pilot.press("a")
                assert store.adjudications("consensus")[("KII-T-01:1", "training")][:2] == (
                    "accepted", "eva")
                await pilot.press("r")
                await pilot.press("u")
                assert ("KII-T-01:2", "turnover") not in store.adjudications("consensus")
                await pilot.press("q")

        asyncio.run(play())
        assert list(store.adjudications("consensus")) == [("KII-T-01:1", "training")]
