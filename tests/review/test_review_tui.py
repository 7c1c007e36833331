"""The review screen driven headlessly with Textual's Pilot: every key press
that decides something is in the store at once, and only those decisions."""

from __future__ import annotations

import asyncio

from coded_project import coded_template_fixture, project_fixture  # noqa: F401
from textual.widgets._footer import FooterKey

from kiicode.review import ReviewSession
from kiicode.review.session import plain_evidence
from kiicode.review.tui import KEY_NAMES, HelpScreen, ReviewApp
from kiicode.store import Store

SIZE = (120, 36)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


def status_of(app: ReviewApp) -> str:
    return str(app.query_one("#status").render())


def run(store, codebook, coder: str, script, size=SIZE) -> ReviewApp:
    """Open the review screen, play `script(pilot, app)`, quit; returns the app."""
    app = ReviewApp(ReviewSession(store, codebook, coder))

    async def play() -> None:
        async with app.run_test(size=size) as pilot:
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
        assert "2/5 reviewed" in seen["end"] and ("Undone: accepted Specialised units "
                                             "(specialised_units) on KII-T-01:3") in seen["end"]
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


def test_enter_in_a_picker_takes_the_highlighted_entry_without_typing(project, mini_codebook):
    async def script(pilot, app):
        await pilot.press("c", "enter")            # first code listed: specialised_units
        await pilot.press("c", "down", "enter")    # the one below it: training
        await pilot.press("l", "enter")            # first finding: F1
        await pilot.press("l", "down", "enter")    # then F2
        await pilot.press("L", "enter")            # unlink the first of mine: F1
        await pilot.press("f", "down", "enter")    # filter: below "clear" is the first code
        filtered = app.session.filter
        await pilot.press("f", "enter")            # the first entry clears the filter
        assert filtered == ("code", "specialised_units") and app.session.filter is None
        await pilot.press("q")

    with Store.open(project) as store:
        run(store, mini_codebook, "ana", script)
        assert {(c.segment, c.code, c.origin) for c in store.codings(coder="ana")} == {
            ("KII-T-01:1", "specialised_units", "manual"), ("KII-T-01:1", "training", "auto")}
        assert [(f.segment, f.finding) for f in store.finding_links()] == [("KII-T-01:1", "F2")]


def screen_lines(app: ReviewApp) -> list[str]:
    """The screen as drawn, line by line."""
    return ["".join(segment.text for segment in strip)
            for strip in app.screen._compositor.render_strips()]


async def laid_out_footer_keys(pilot, app) -> list[FooterKey]:
    """The footer's keys once placed: Textual recomposes the footer after the
    bindings settle, so on a busy machine the first frame can still hold keys
    with no region yet (a key that never gets one is returned as it is)."""
    for _ in range(100):
        keys = list(app.query(FooterKey))
        if keys and all(key.region.width for key in keys):
            break
        await pilot.pause(0.05)
    return keys


def test_at_80_by_24_the_footer_shows_every_binding_it_lists_quit_included(project,
                                                                          mini_codebook):
    async def script(pilot, app):
        keys = await laid_out_footer_keys(pilot, app)
        assert "quit" in [key.action for key in keys]
        for key in keys:   # drawn inside the screen, not scrolled off its right edge
            assert 0 < key.region.width and key.region.right <= 80, key.description
        assert screen_lines(app)[-1].rstrip().endswith("q Quit")
        await pilot.press("c", *"turnover", "enter", "z")
        await pilot.pause()
        # the top line wraps rather than cutting what was saved or undone
        top = " ".join(" ".join(screen_lines(app)[:3]).split())
        assert "Undone: assigned Staff turnover (turnover) on KII-T-01:1" in top
        await pilot.press("q")

    with Store.open(project) as store:
        run(store, mini_codebook, "ana", script, size=(80, 24))


def test_question_mark_lists_every_key_and_what_it_does(project, mini_codebook):
    async def script(pilot, app):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        shown = " ".join(" ".join(screen_lines(app)).split())   # all of it fits in 80×24
        for binding in ReviewApp.BINDINGS:
            action = binding.action.split("(")[0]
            what = next(b.tooltip for b in ReviewApp.BINDINGS
                        if b.action.split("(")[0] == action and b.tooltip)
            assert what in shown, binding
            for key in binding.key.split(","):
                assert KEY_NAMES.get(key, key) in shown, key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.press("question_mark")      # ? closes it too
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("q")

    with Store.open(project) as store:
        run(store, mini_codebook, "ana", script, size=(80, 24))


def test_undo_says_what_each_kind_of_decision_was(project, mini_codebook):
    said: list[str] = []

    async def undo(pilot, app, *keys: str) -> None:
        await pilot.press(*keys)
        await pilot.press("z")
        said.append(app.message)

    async def script(pilot, app):
        await undo(pilot, app, "c", *"turnover", "enter")       # assign
        await undo(pilot, app, "a")                             # accept
        await undo(pilot, app, "x")                             # reject
        await pilot.press("a")
        await undo(pilot, app, "minus")                         # remove (undo puts it back)
        await undo(pilot, app, "l", "enter")                    # link
        await pilot.press("l", "enter")
        await undo(pilot, app, "L", "enter")                    # unlink
        await undo(pilot, app, "d")                             # reviewed
        await undo(pilot, app, "m", *"why", "enter")            # memo
        await pilot.press("q")

    with Store.open(project) as store:
        run(store, mini_codebook, "ana", script)
    assert said == [
        "Undone: assigned Staff turnover (turnover) on KII-T-01:1",
        "Undone: accepted Training (training) on KII-T-01:1",
        "Undone: rejected Training (training) on KII-T-01:1",
        "Undone: removed your decision on Training (training) on KII-T-01:1",
        "Undone: linked KII-T-01:1 to F1 (Training improved capacity.)",
        "Undone: unlinked KII-T-01:1 from F1 (Training improved capacity.)",
        "Undone: marked KII-T-01:1 reviewed",
        "Undone: memo on segment KII-T-01:1"]


def test_the_why_lines_show_labels_and_matched_words_not_pattern_syntax(project,
                                                                      mini_codebook):
    shown: dict[str, str] = {}

    async def script(pilot, app):
        app.session.go_to("KII-T-02:1")            # "The training workshops helped a lot."
        app.refresh_all()
        await pilot.pause()
        shown["codes"] = str(app.query_one("#codes").render())
        shown["findings"] = str(app.query_one("#findings").render())
        shown["transcript"] = " ".join(str(w.render()) for w in app.query(".speaker"))
        await pilot.press("q")

    with Store.open(project) as store:
        run(store, mini_codebook, "ana", script)
    assert 'why: "training"; "workshops" (words starting "workshop")' in shown["codes"]
    assert "workshop*" not in shown["codes"]
    assert "NGO staff, ONG Norte" in shown["codes"] and "ngo_staff" not in shown["codes"]
    assert "NGO staff" in shown["transcript"] and "ngo_staff" not in shown["transcript"]
    assert "supported by Training" in shown["findings"]


def test_plain_evidence_never_shows_a_regex_or_a_near_rule():
    evidence = [
        {"kind": "regex", "pattern": r"\bunidad(es)? especializada?s?\b",
         "text": "unidades especializadas"},
        {"kind": "near", "pattern": "near(cambio, change / fiscal, prosecutor, 3)",
         "text": "cambio de fiscal"},
        {"kind": "fuzzy", "pattern": "~rotación", "text": "rotacion"},
        {"kind": "phrase", "pattern": "capacitación", "text": "capacitaciones"},
        {"kind": "similar", "pattern": "similar: fiscal", "text": "fiscal",
         "fields": ["definition"]},
        {"kind": "exemplar", "pattern": "like KII-T-01:2, accepted by ana",
         "segment": "KII-T-01:2", "coder": "ana"}]
    assert plain_evidence(evidence, limit=10) == (
        '"unidades especializadas"; "cambio de fiscal" (words near each other); '
        '"rotacion" (close to "rotación"); "capacitaciones" (a form of "capacitación"); '
        'shares "fiscal" with its definition; like KII-T-01:2, accepted by ana')
