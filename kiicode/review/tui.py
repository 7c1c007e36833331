"""The review screen (Textual). It renders what `ReviewSession` returns and
calls its actions; it holds no coding logic. Every action is saved by the
session before the screen says "Saved".

Transcript text is shown as `rich.text.Text` (never as markup), so brackets
in what respondents said cannot be taken for styling."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..errors import KiicodeError
from ..ranking import SIMILAR_TIER
from ..transcripts.models import INTERVIEWER
from .session import PENDING, CodeRow, ReviewSession, SearchHit, SegmentView, plain_evidence

STATUS_MARK = {PENDING: "·", "accepted": "✓", "rejected": "✗"}
STATUS_STYLE = {PENDING: "", "accepted": "green", "rejected": "red strike"}


class PickScreen(ModalScreen[str | None]):
    """Type to search (or not); Enter picks the highlighted entry, Escape
    cancels. With `clear`, an empty search lists that entry first (e.g.
    "clear the filter"), which returns ''."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("down", "move(1)", "Down", show=False),
                Binding("up", "move(-1)", "Up", show=False)]

    def __init__(self, title: str, search: Callable[[str], list[SearchHit]],
                 clear: str | None = None):
        super().__init__()
        self.title_text = title
        self.search = search
        self.clear = clear

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text))
            yield Input(placeholder="type to search…", id="query")
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        choices = self.query_one(OptionList)
        choices.clear_options()
        if self.clear and not query.strip():
            choices.add_option(Option(Text(self.clear, style="italic"), id=CLEAR_ID))
        for hit in self.search(query):
            label = Text.assemble((hit.id, "bold"), "  ", hit.name)
            if query.strip() and hit.matched not in (hit.id, hit.name):
                label.append(f"  ← {hit.matched}", style="dim")
            choices.add_option(Option(label, id=hit.id))
        if choices.option_count:
            choices.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # The highlighted entry, typed for or not: the list opens with the
        # first entry highlighted and the arrows move it.
        choices = self.query_one(OptionList)
        if choices.highlighted is not None:
            self._pick(choices.get_option_at_index(choices.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, option_id: str | None) -> None:
        self.dismiss("" if option_id == CLEAR_ID else option_id)

    def action_move(self, step: int) -> None:
        choices = self.query_one(OptionList)
        if choices.option_count:
            current = choices.highlighted or 0
            choices.highlighted = max(0, min(choices.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextScreen(ModalScreen[str | None]):
    """One line of text (a memo, a search); Enter saves, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str):
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text))
            yield Input(id="text")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key of the review screen and what it does; Escape or ? closes it."""

    BINDINGS = [Binding("escape,question_mark", "close", "Close")]

    def __init__(self, bindings: list[Binding]):
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        title = Text.assemble(("Keys", "bold underline"),
                              ("  (every decision is saved at once; Escape or ? closes this)",
                               "dim"))
        keys = Table.grid(padding=(0, 2))
        keys.add_column(justify="right", style="bold", no_wrap=True)
        keys.add_column()
        for names, what in help_rows(self.bindings):
            keys.add_row(names, what)
        with VerticalScroll(classes="dialog help"):
            yield Static(title)
            yield Static(keys, id="help")

    def action_close(self) -> None:
        self.dismiss(None)


def help_rows(bindings: list[Binding]) -> list[tuple[str, str]]:
    """(keys, what they do) per action, in binding order: the keys as a coder
    types them ("n →", "- Delete"), and the bindings of one action with
    different arguments on one row ("1, 2, 3": link likely finding 1-3)."""
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in bindings:
        action = binding.action.split("(")[0]
        names = " ".join(KEY_NAMES.get(key, key) for key in binding.key.split(","))
        rows.setdefault(action, ([], binding.tooltip or binding.description))[0].append(names)
    return [(", ".join(names), what) for names, what in rows.values()]


KEY_NAMES = {"right": "→", "left": "←", "down": "↓", "up": "↑", "minus": "-",
             "delete": "Delete", "slash": "/", "question_mark": "?", "ctrl+z": "Ctrl+Z"}
CLEAR_ID = "\0clear"   # the PickScreen entry that returns '' (no code id can be this)


class Pane(VerticalScroll, can_focus=False):
    """A scrolling pane that never takes the keys from the app."""


class ReviewApp(App):
    """kiicode review: the transcript on the left, the current segment's codes,
    findings and memos on the right."""

    TITLE = "kiicode review"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #status { height: auto; max-height: 3; background: $primary; color: $text; padding: 0 1; }
    #transcript { width: 3fr; border-right: solid $primary; padding: 0 1; }
    #details { width: 2fr; padding: 0 1; }
    .interviewer { color: $text-muted; margin-bottom: 1; }
    .speaker { text-style: bold; color: $accent; }
    .segment { margin-bottom: 1; }
    .segment.-current { background: $boost; border-left: thick $warning; }
    .dialog { width: 80; height: auto; max-height: 20; border: thick $primary;
              background: $surface; padding: 0 1; }
    .dialog.help { max-height: 100%; height: auto; }
    PickScreen, TextScreen, HelpScreen { align: center middle; }
    OptionList { height: auto; max-height: 12; }
    """
    # The footer shows what fits in 80 columns (tests/review/test_review_tui.py
    # holds it to that); the code and finding keys are also in the right
    # pane's headings, and ? lists every key with its tooltip.
    BINDINGS = [
        Binding("n,right", "next", "Next", tooltip="next segment"),
        Binding("p,left", "previous", "Prev", tooltip="previous segment"),
        Binding("u", "next_unreviewed", "Unreviewed",
                tooltip="next segment you have not reviewed (wraps around)"),
        Binding("j,down", "cursor(1)", "Code ↓", show=False,
                tooltip="choose the next / previous code"),
        Binding("k,up", "cursor(-1)", "Code ↑", show=False),
        Binding("a", "accept", "Accept", tooltip="accept the chosen code"),
        Binding("x", "reject", "Reject", tooltip="reject the chosen code: it does not apply"),
        Binding("A", "accept_all", "All", show=False,
                tooltip="accept every suggestion you have not decided on"),
        Binding("c", "add_code", "Add", show=False,
                tooltip="add a code: type an id, name or term, or pick with ↑↓; Enter"),
        Binding("minus,delete", "remove_code", "Remove", show=False,
                tooltip="remove your decision on the chosen code"),
        Binding("l", "link", "Link", show=False,
                tooltip="link the segment to a finding: type or pick with ↑↓; Enter"),
        Binding("1", "link_likely(1)", "Link likely 1", show=False,
                tooltip="link the likely finding marked [1], [2] or [3]"),
        Binding("2", "link_likely(2)", "Link likely 2", show=False),
        Binding("3", "link_likely(3)", "Link likely 3", show=False),
        Binding("L", "unlink", "Unlink", show=False,
                tooltip="remove one of your links to a finding"),
        Binding("m", "memo", "Memo", show=False, tooltip="write a memo on the segment"),
        Binding("d", "mark_reviewed", "Done",
                tooltip="mark the segment reviewed (when no code applies)"),
        Binding("z,ctrl+z", "undo", "Undo", tooltip="undo your last decision, wherever it was"),
        Binding("slash", "search", "Search", show=False,
                tooltip="go to the next segment whose text holds some words"),
        Binding("f", "filter", "Filter", show=False,
                tooltip="show only segments with a code or finding (or clear it)"),
        Binding("question_mark", "help", "Help", tooltip="this list of keys"),
        Binding("q", "quit", "Quit", tooltip="quit (everything is already saved)"),
    ]

    def __init__(self, session: ReviewSession):
        super().__init__()
        self.session = session
        self.cursor = 0
        self.message = "Resumed at your first unreviewed segment."
        self._shown_transcript: str | None = None
        self._current_widget: Static | None = None
        self._view: SegmentView | None = None

    # --- layout ---------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal():
            yield Pane(id="transcript")
            with Pane(id="details"):
                yield Static(id="codes")
                yield Static(id="findings")
                yield Static(id="memos")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_all()

    # --- rendering ------------------------------------------------------------
    def refresh_all(self) -> None:
        """Redraw everything from the store (after a move or a decision)."""
        session = self.session
        self._view = session.view()
        self.cursor = max(0, min(self.cursor, len(self._view.codes) - 1))
        self._render_transcript()
        self._render_details(self._view)
        self._render_status()

    def _render_status(self) -> None:
        progress = self.session.progress()
        parts = [f"{self.session.name}", f"{progress.reviewed}/{progress.total} reviewed",
                 f"segment {progress.position} of {progress.total}", self.session.current.id]
        if self.session.filter:
            kind, target = self.session.filter
            parts.append(f"filter {kind} {target} ({progress.shown})")
        status = Text(" · ".join(parts), style="bold")
        if self.message:
            status.append(f"   {self.message}")
        self.query_one("#status", Static).update(status)

    def _render_transcript(self) -> None:
        segment = self.session.current
        pane = self.query_one("#transcript", Pane)
        if self._shown_transcript != segment.transcript_id:
            self._shown_transcript = segment.transcript_id
            self._current_widget = None
            pane.remove_children()
            pane.mount_all(self._conversation(segment.transcript_id))
        if self._current_widget is not None:
            self._current_widget.remove_class("-current")
            self._current_widget.update(Text(self._current_widget.segment_text))
        widget = pane.query_one(f"#seg-{self.session.position}", Static)
        widget.add_class("-current")
        marked = Text(segment.text)
        for start, end in self._view.marks():
            marked.stylize("bold reverse", start, end)
        widget.update(marked)
        self._current_widget = widget
        self.call_after_refresh(pane.scroll_to_center, widget, animate=False)

    def _conversation(self, transcript_id: str) -> list[Static]:
        """The transcript as turns: interviewer dimmed, respondents with their
        type and institution, one widget per segment."""
        text, turns, respondents = self.session.transcript_of(self.session.current)
        index = {s.id: i for i, s in enumerate(self.session.segments)}
        by_turn: dict[int, list] = {}
        for segment in self.session.segments_of(transcript_id):
            by_turn.setdefault(segment.turn_no, []).append(segment)
        widgets: list[Static] = []
        for turn in turns:
            if turn.role == INTERVIEWER:
                said = Text(f"{turn.speaker}: " if turn.speaker else "", style="italic")
                said.append(" ".join(text[turn.start:turn.end].split()))
                widgets.append(Static(said, classes="interviewer"))
                continue
            who = respondents.get(turn.respondent_id or "")
            label = Text(turn.speaker or "Respondent")
            if who:
                label.append(f"  {self.session.type_label(who)}" +
                             (f", {who.institution}" if who.institution else ""),
                             style="italic")
            widgets.append(Static(label, classes="speaker"))
            for segment in by_turn.get(turn.number, []):
                widget = Static(Text(segment.text), id=f"seg-{index[segment.id]}",
                                classes="segment")
                widget.segment_text = segment.text
                widgets.append(widget)
        return widgets

    def _render_details(self, view: SegmentView) -> None:
        segment, who = view.segment, view.respondent
        head = Text()
        head.append(segment.id, style="bold")
        if who:
            head.append(f" · {self.session.type_label(who)}" +
                        (f", {who.institution}" if who.institution else "")
                        + (f" · {who.region}" if who.region else ""))
        head.append(f" · {segment.language}")
        head.append("  reviewed ✓" if view.reviewed else "  not reviewed",
                    style="green" if view.reviewed else "yellow")
        head.append("\n\n")
        _section(head, "Codes", "↑↓ choose · a accept · x reject · A all · c add · - remove",
                 view.codes, "no suggestion; press c to add a code")
        for i, row in enumerate(view.codes):
            head.append_text(self._code_line(row, i == self.cursor))
        self.query_one("#codes", Static).update(head)

        findings = _section(Text("\n"), "Findings",
                            "1-3 link a likely finding · l link · L unlink", view.findings)
        for row in view.findings:
            findings.append(f"  [{row.likely}] " if row.likely else "      ", style="bold")
            findings.append(f"{row.finding}", style="bold")
            findings.append(f" {row.statement}\n")
            why = ([f"likely finding {row.score:.2f}"] if row.likely else []) + \
                  ([f"supported by {', '.join(row.supported_by) or 'its codes'}"]
                   if row.supported else []) + \
                  ([f"linked by {', '.join(row.linked_by)}"] if row.linked_by else [])
            findings.append(f"     {' · '.join(why)}\n", style="dim")
        if view.asked:
            findings.append(f"  {view.asked}\n", style="dim")
        self.query_one("#findings", Static).update(findings)

        memos = _section(Text("\n"), "Memos", "m write", view.memos)
        for memo in view.memos:
            memos.append(f"  {memo.coder} {memo.created[:16].replace('T', ' ')}: ", style="dim")
            memos.append(f"{memo.text}\n")
        self.query_one("#memos", Static).update(memos)

    @staticmethod
    def _code_line(row: CodeRow, selected: bool) -> Text:
        line = Text()
        line.append("▶ " if selected else "  ", style="bold")
        line.append(f"{STATUS_MARK[row.status]} {row.code}", style=STATUS_STYLE[row.status])
        line.append(f"  {row.name}", style="dim")
        if row.suggested:
            line.append(f"  {row.score:.2f}")
            if row.tier == SIMILAR_TIER:
                line.append("  similar", style="italic")
        else:
            line.append("  added by hand" if row.status == "accepted" else "  ruled out by hand",
                        style="italic")
        if selected:
            line.stylize("reverse")
        line.append("\n")
        if row.evidence:
            line.append(f"     why: {plain_evidence(row.evidence)}\n", style="dim")
        return line

    # --- doing ---------------------------------------------------------------------
    def _do(self, action: Callable[[], str | None]) -> None:
        """Run a session action; on success say what was saved."""
        try:
            said = action()
        except KiicodeError as exc:
            self.message = f"Not saved: {exc}"
            self.notify(str(exc), severity="error", markup=False)
        else:
            if said:
                self.message = said
        self.refresh_all()

    def _selected(self) -> CodeRow | None:
        codes = self._view.codes if self._view else ()
        return codes[self.cursor] if codes else None

    def action_next(self) -> None:
        self._move(self.session.next)

    def action_previous(self) -> None:
        self._move(self.session.previous)

    def action_next_unreviewed(self) -> None:
        if self.session.next_unreviewed() is None:
            self.message = "Every segment here is reviewed."
        else:
            self.message = ""
        self.cursor = 0
        self.refresh_all()

    def _move(self, step: Callable[[], object]) -> None:
        step()
        self.cursor = 0
        self.message = ""
        self.refresh_all()

    def action_cursor(self, step: int) -> None:
        if self._view and self._view.codes:
            self.cursor = max(0, min(len(self._view.codes) - 1, self.cursor + step))
            self._render_details(self._view)

    def action_accept(self) -> None:
        row = self._selected()
        if row is None:
            return
        if row.suggested:
            self._do(lambda: self.session.accept(row.code) or f"Saved ✓ accepted {row.code}")
        else:
            self._do(lambda: self.session.assign(row.code) or f"Saved ✓ assigned {row.code}")

    def action_reject(self) -> None:
        row = self._selected()
        if row is not None:
            self._do(lambda: self.session.reject(row.code) or f"Saved ✓ rejected {row.code}")

    def action_accept_all(self) -> None:
        def accept_all() -> str:
            accepted = self.session.accept_all()
            return (f"Saved ✓ accepted {', '.join(accepted)}" if accepted
                    else "No pending suggestion.")
        self._do(accept_all)

    def action_remove_code(self) -> None:
        row = self._selected()
        if row is None:
            return

        def remove() -> str:
            removed = self.session.remove(row.code)
            return f"Saved ✓ removed your decision on {row.code}" if removed else \
                f"You have no decision on {row.code} to remove."
        self._do(remove)

    def action_mark_reviewed(self) -> None:
        self._do(lambda: self.session.mark_reviewed() or "Saved ✓ marked reviewed")

    def action_undo(self) -> None:
        def undo() -> str:
            undone = self.session.undo()
            return f"Undone: {self.session.coder.describe(undone)}" if undone else \
                "Nothing to undo."
        self._do(undo)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.BINDINGS))

    def _pick_then(self, prompt: str, search, act, verb: str) -> None:
        """Ask for a code or finding by fuzzy search, then save `act` on it."""
        def chosen(picked: str | None) -> None:
            if picked:
                self._do(lambda: act(picked) or f"Saved ✓ {verb} {picked}")
        self.push_screen(PickScreen(prompt, search), chosen)

    def action_add_code(self) -> None:
        self._pick_then("Add a code (id, name, or a Spanish/English term)",
                        self.session.search_codes, self.session.assign, "assigned")

    def action_link_likely(self, rank: int) -> None:
        row = self._view.likely(rank) if self._view else None
        if row is None:
            self.message = f"This segment has no likely finding {rank}."
            self._render_status()
            return
        self._do(lambda: self.session.link(row.finding) or f"Saved ✓ linked {row.finding}")

    def action_link(self) -> None:
        self._pick_then("Link this segment to a finding", self.session.search_findings,
                        self.session.link, "linked")

    def action_unlink(self) -> None:
        mine = [row for row in (self._view.findings if self._view else ())
                if self.session.name in row.linked_by]
        if not mine:
            self.message = "You have linked no finding to this segment."
            self._render_status()
            return

        def linked(query: str) -> list[SearchHit]:
            return [SearchHit(r.finding, r.statement, r.finding, 100.0) for r in mine
                    if query.lower() in f"{r.finding} {r.statement}".lower()]

        def chosen(finding: str | None) -> None:
            if finding:
                self._do(lambda: self.session.unlink(finding) or f"Saved ✓ unlinked {finding}")
        self.push_screen(PickScreen("Unlink a finding", linked), chosen)

    def action_memo(self) -> None:
        def written(text: str | None) -> None:
            if text and text.strip():
                self._do(lambda: self.session.memo(text) and "Saved ✓ memo")
        self.push_screen(TextScreen(f"Memo on {self.session.current.id}"), written)

    def action_search(self) -> None:
        def wanted(query: str | None) -> None:
            if not query:
                return
            found = self.session.search(query)
            self.message = "" if found else f"'{query}' is in no segment."
            self.cursor = 0
            self.refresh_all()
        self.push_screen(TextScreen("Search the transcripts"), wanted)

    def action_filter(self) -> None:
        session = self.session

        def search(query: str) -> list[SearchHit]:
            hits = session.search_codes(query) + session.search_findings(query)
            return sorted(hits, key=lambda h: -h.score)[:10]

        def chosen(target: str | None) -> None:
            if target is None:
                return
            if target == "":
                session.set_filter(None)
                self.message = "Filter cleared."
            else:
                kind = "finding" if target in session.codebook.findings else "code"
                try:
                    shown = session.set_filter(kind, target)
                    self.message = f"{shown} segments with {kind} {target}"
                except KiicodeError as exc:
                    self.message = str(exc)
            self.cursor = 0
            self.refresh_all()
        self.push_screen(PickScreen("Show only segments with a code or finding", search,
                                    clear="show every segment (clear the filter)"), chosen)


def _section(text: Text, title: str, keys: str, items, empty: str = "none") -> Text:
    """A right-pane heading with its keys, and a note when it has nothing."""
    text.append(title, style="bold underline")
    text.append(f"  ({keys})\n", style="dim")
    if not items:
        text.append(f"  {empty}\n", style="dim")
    return text
