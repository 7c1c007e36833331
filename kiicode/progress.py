"""Progress of the long steps (ingest, code, tally, audit, the exports): the
core library reports it through one kind of callback and never prints; the
CLI draws it (`kiicode.cli.console.progress`), on a terminal only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")

# About this many reports per step: enough for a smooth bar, few enough that
# reporting costs nothing beside the work (a 1M-word corpus has ~50k segments).
REPORTS_PER_STEP = 200


class Progress(Protocol):
    """Called as work goes on: `done` of `total` items (None: not known ahead)
    of the step `step` names ("Reading transcripts"; "" for the command's own)."""

    def __call__(self, done: int, total: int | None, step: str = "") -> None: ...


def tracked(items: Iterable[T], on_progress: Progress | None, total: int | None = None,
            step: str = "") -> Iterator[T]:
    """Each of `items`, reporting to `on_progress` how many are done (after
    each one is handled), about REPORTS_PER_STEP times, and always at the end."""
    if on_progress is None:
        yield from items
        return
    every = max(1, total // REPORTS_PER_STEP) if total else 100
    done = 0
    on_progress(0, total, step)
    for item in items:
        yield item
        done += 1
        if done % every == 0 and done != total:
            on_progress(done, total, step)
    on_progress(done, total if total is not None else done, step)


def writing(name: str) -> str:
    """The progress step of writing one table or file of an export."""
    return f"Writing {name}"
