"""Errors kiicode raises. Each carries where the problem is, so the CLI can
print one line a user can act on without a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, optionally a line/column, and a key path."""

    path: str = ""
    line: int | None = None
    column: int | None = None
    key: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.key:
            where = f"{where} [{self.key}]" if where else f"[{self.key}]"
        return where


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and how to fix it."""

    location: Location
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if str(self.location) else self.message
        return f"{text} ({self.hint})" if self.hint else text


class KiicodeError(Exception):
    """Base class: bad data a user can fix. The CLI exits 1 on these."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(Location(), problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def location(self) -> Location:
        return self.problems[0].location


class CodebookError(KiicodeError):
    """The codebook YAML is malformed or inconsistent."""


class TranscriptError(KiicodeError):
    """A transcript or roster cannot be read as it is."""


class StoreError(KiicodeError):
    """The project store is missing, from a newer kiicode, or inconsistent."""


class NotFoundError(KiicodeError):
    """A transcript, segment, code or finding id that the store or codebook lacks."""


class ExportError(KiicodeError):
    """An export target cannot be written."""
