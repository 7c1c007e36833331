"""The one place that owns terminal output: data to stdout, messages to stderr.
Rich honours NO_COLOR and COLUMNS, which the tests pin."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from rich.console import Console, ConsoleDimensions
from rich.markup import escape

from ..errors import Problem

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


def note(message: str) -> None:
    """A status line (already-escaped markup) on stderr."""
    err.print(message)


__all__ = ["out", "err", "error", "warn", "note", "escape", "ascii_safe_streams"]
