"""The adjudication screen: two coders' disagreements one at a time, side by
side, and a key to record the consensus (saved at once, like every decision).

It only renders `doublecoding.disagreements` and calls `Store.adjudicate`, so
what it does is what `kiicode adjudicate decide` does."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Static

from ..errors import KiicodeError
from ..store import Store
from .actions import ACCEPTED, REJECTED
from .doublecoding import CONSENSUS, Disagreement, disagreements, settle_agreed


class AdjudicateApp(App):
    """Walk the disagreements of two coders and record the consensus."""

    CSS = """
    #coders { height: auto; }
    .coder { width: 1fr; border: round $accent; padding: 0 1; height: auto; }
    #text { border: round $secondary; padding: 0 1; height: auto; }
    #status { height: 1; }
    """
    BINDINGS = [
        Binding("a", "decide('accepted')", "Accept"),
        Binding("r", "decide('rejected')", "Reject"),
        Binding("n,right", "move(1)", "Next"),
        Binding("p,left", "move(-1)", "Previous"),
        Binding("u", "undo", "Undo"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, store: Store, coders: tuple[str, str], decided_by: str,
                 consensus: str = CONSENSUS):
        super().__init__()
        self.store = store
        self.coders = coders
        self.decided_by = decided_by
        self.consensus = consensus
        self.settled = settle_agreed(store, *coders, consensus)
        self.items: list[Disagreement] = disagreements(store, *coders, consensus)
        self.position = next((i for i, d in enumerate(self.items) if d.consensus is None), 0)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="where")
        with Horizontal(id="coders"):
            yield Static(id="coder_a", classes="coder")
            yield Static(id="coder_b", classes="coder")
        yield Static(id="text")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Adjudicate {self.coders[0]} vs {self.coders[1]} as {self.consensus}"
        self._show(f"{self.settled} agreed codes recorded as {self.consensus}")

    def _show(self, status: str = "") -> None:
        if not self.items:
            self.query_one("#where", Static).update("No disagreements: nothing to adjudicate.")
            self.query_one("#status", Static).update(status)
            return
        item = self.items[self.position]
        open_count = sum(1 for d in self.items if d.consensus is None)
        self.query_one("#where", Static).update(
            f"{self.position + 1} of {len(self.items)} ({open_count} open)  "
            f"{item.segment}  code {item.code}  consensus: "
            f"{item.consensus or 'open'}" + (f" (by {item.decided_by})" if item.decided_by
                                             else ""))
        for widget, coder, holds in zip(("#coder_a", "#coder_b"), self.coders, item.holds,
                                        strict=True):
            self.query_one(widget, Static).update(
                f"{coder}: {'has ' + item.code if holds else 'does not have ' + item.code}")
        self.query_one("#text", Static).update(item.text)
        self.query_one("#status", Static).update(status)

    def _reload(self) -> None:
        self.items = disagreements(self.store, *self.coders, self.consensus)
        self.position = min(self.position, max(len(self.items) - 1, 0))

    def action_decide(self, status: str) -> None:
        if not self.items:
            return
        item = self.items[self.position]
        try:
            self.store.adjudicate(item.segment, item.code, self.consensus, status,
                                  self.decided_by, self.coders)
        except KiicodeError as exc:   # e.g. the store stayed busy: say so, keep going
            self._show(f"Not saved: {exc}")
            return
        self._reload()
        verb = {ACCEPTED: "accepted", REJECTED: "rejected"}[status]
        self.position = next((i for i, d in enumerate(self.items) if d.consensus is None),
                             self.position)
        self._show(f"Saved: {verb} {item.code} on {item.segment}")

    def action_move(self, step: int) -> None:
        if self.items:
            self.position = (self.position + step) % len(self.items)
        self._show()

    def action_undo(self) -> None:
        undone = self.store.undo_last(self.consensus)
        self._reload()
        self._show(f"Undone: {undone}" if undone else "Nothing to undo")
