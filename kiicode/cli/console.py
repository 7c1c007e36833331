"""The one place that owns terminal output: data to stdout, messages to stderr.
Rich honours NO_COLOR and COLUMNS, which the tests pin."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape

from ..errors import Problem

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


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


__all__ = ["out", "err", "error", "warn", "note", "escape"]
