"""The review screen driven headlessly with Textual's Pilot: every key press
that decides something is in the store at once, and only those decisions."""

from __future__ import annotations

import asyncio

from coded_project import coded_template_fixture, project_fixture  # noqa: F401

from kiicode.review import ReviewSession
from kiicode.review.tui import ReviewApp
from kiicode.store import Store

SIZE = (120, 36)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


def status_of(app: ReviewApp) -> str:
    return str(app.query_one("#status").render())


def run(store, codebook, coder: str, script) -> ReviewApp:
    """Open the review screen, play `script(pilot, app)`, quit; returns the app."""
    app = ReviewApp(ReviewSession(store, codebook, coder))

    async def play() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await script(pilot, app)

    asyncio.run(play())
    return app


def test_a_review_session_saves_exactly_its_decisions(project, mini_codebook):
    seen: dict[str, str] = {}

    async def script(pilot, app):
        seen["start"] = status_of(app)
        await pilot.press("a")                               # accept training on T-01:1
        await pilot.press("n", "x")                          # reject turnover on T-01:2
        await pilot.press("c")                               # add a code by fuzzy search
        await type_text(pilot, "capacitacion")
        await pilot.press("enter")
        await pilot.press("l")                               # link a finding
        await type_text(pilot, "turnover slowed")
        await pilot.press("enter")
        await pilot.press("m")                               # write a memo
        await type_text(pilot, "Which prosecutors left?")
        await pilot.press("enter")
        await pilot.press("n", "a", "z")                     # accept on T-01:3, then undo it
        await pilot.pause()
        seen["end"] = status_of(app)
        seen["details"] = str(app.query_one("#codes").render())
        await pilot.press("q")

    with Store.open(project) as store:
        app = run(store, mini_codebook, "ana", script)
        assert app.return_code == 0
        assert "0/5 reviewed" in seen["start"] and "KII-T-01:1" in seen["start"]
        assert "2/5 reviewed" in seen["end"] and "Undone: accepted specialised_units" in seen["end"]
        assert "KII-T-01:3" in seen["details"]
        decisions = {(c.segment, c.code, c.status, c.origin) for c in store.codings(coder="ana")}
        assert decisions == {("KII-T-01:1", "training", "accepted", "auto"),
                             ("KII-T-01:2", "turnover", "rejected", "auto"),
                             ("KII-T-01:2", "training", "accepted", "manual")}
        assert [(f.segment, f.finding, f.coder) for f in store.finding_links()] == [
            ("KII-T-01:2", "F2", "ana")]
        assert [(m.target_id, m.text, m.coder) for m in store.memos()] == [
            ("KII-T-01:2", "Which prosecutors left?", "ana")]
        assert set(store.reviewed("ana")) == {"KII-T-01:1", "KII-T-01:2"}


def test_reopening_resumes_and_keys_move_filter_and_search(project, mini_codebook):
    with Store.open(project) as store:
        ReviewSession(store, mini_codebook, "ana").accept("training")   # KII-T-01:1 done
        seen: list[str] = []

        async def script(pilot, app):
            seen.append(app.session.current.id)                        # resumed
            await pilot.press("f")
            await type_text(pilot, "turnover")
            await pilot.press("enter")
            seen.append(app.session.current.id)                        # first with turnover
            await pilot.press("n")
            seen.append(app.session.current.id)
            await pilot.press("f", "enter")                            # empty: clear filter
            await pilot.press("slash")
            await type_text(pilot, "UPE")
            await pilot.press("enter")
            seen.append(app.session.current.id)
            await pilot.press("A", "u")                                # accept all, next unreviewed
            seen.append(app.session.current.id)
            await pilot.press("p", "p")
            seen.append(app.session.current.id)
            await pilot.press("q")

        run(store, mini_codebook, "ana", script)
        assert seen == ["KII-T-01:2", "KII-T-01:2", "KII-T-02:2", "KII-T-01:3", "KII-T-02:1",
                        "KII-T-01:2"]
        assert {(c.segment, c.code) for c in store.codings(coder="ana")} == {
            ("KII-T-01:1", "training"), ("KII-T-01:3", "specialised_units")}


def test_a_refused_action_says_why_and_saves_nothing(project, mini_codebook):
    async def script(pilot, app):
        await pilot.press("A")                # accept the only suggestion of T-01:1
        await pilot.press("minus", "minus")   # remove it, then nothing left to remove
        await pilot.pause()
        assert "no decision on training" in status_of(app)
        await pilot.press("L")                # nothing linked: unlink says so
        assert "linked no finding" in status_of(app)
        await pilot.press("q")

    with Store.open(project) as store:
        run(store, mini_codebook, "ana", script)
        assert store.codings(coder="ana") == []
