"""The one place that owns terminal output: data to stdout, messages to stderr.
Rich honours NO_COLOR and COLUMNS, which the tests pin."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console, ConsoleDimensions
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import Problem
from ..progress import Progress as ProgressCallback

# Piped or redirected output is for grep, files and other programs: lines as
# long as their content, never squeezed into 80 columns with ids and paths cut
# to "transcripts_…". COLUMNS still wins when set.
PIPED_WIDTH = 1000


class _Console(Console):
    """A rich Console that is full-width when it does not write to a terminal."""

    @property
    def size(self) -> ConsoleDimensions:
        if self._width is None and not self.is_terminal:
            return ConsoleDimensions(PIPED_WIDTH, self._height or 25)
        return Console.size.fget(self)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)


out = _Console(highlight=False, soft_wrap=False)
err = _Console(stderr=True, highlight=False)


def ascii_safe_streams() -> None:
    """On a stream that cannot encode what kiicode prints (PYTHONIOENCODING=ascii,
    a C locale), write '?' for such characters instead of crashing: rich
    already draws ASCII boxes there, and the data is still in the store."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "é│✗…".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")


def error(problems: Iterable[Problem]) -> None:
    problems = list(problems)
    if len(problems) == 1:
        err.print(f"[bold red]Error:[/] {escape(str(problems[0]))}")
        return
    err.print(f"[bold red]Error:[/] {len(problems)} problems")
    for problem in problems:
        err.print(f"  - {escape(str(problem))}")


def warn(problems: Iterable[Problem]) -> None:
    for problem in problems:
        err.print(f"[yellow]Warning:[/] {escape(str(problem))}")


@contextmanager
def progress(label: str, shown: bool = True) -> Iterator[ProgressCallback | None]:
    """The one progress display of every long step (ingest, code, tally,
    audit, the exports): a bar on stderr, labelled with the core's step
    ("Collecting evidence", "Writing Evidence matrix") or `label`, gone when
    the step ends. Only on a terminal and when `shown` (commands pass False
    for --format json|csv): a pipe, a file or a script gets no callback and
    so not a byte more."""
    if not (shown and err.is_terminal):
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def report(done: int, total: int | None, step: str = "") -> None:
            # drawn at once (the core reports a few hundred times per step), so
            # even a step shorter than a refresh tick is seen
            bar.update(task, completed=done, total=total, description=step or label,
                       refresh=True)

        yield report


def note(message: str) -> None:
    """A status line (already-escaped markup) on stderr."""
    err.print(message)


__all__ = ["out", "err", "error", "warn", "note", "escape", "ascii_safe_streams", "progress"]
