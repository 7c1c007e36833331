"""The shape every deliverable table has: columns, rows, marks and links.
The xlsx, csv and jsonl writers take these; none of them computes anything."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column: `key` names it in JSON Lines, `header` in sheets and CSV;
    `width` is in characters; `wrap` marks long text (quotes, statements);
    `sizes_row`: a text column whose text sets the row's height (a long list
    of patterns should not make every row tall); `printed`: False for the
    explanation columns that stay on screen only (they come after the
    printed ones); `number_format`: an Excel number format for its numbers
    (e.g. '0" of 11"'); `colour_scale`: (low, high) values of a colour scale."""

    key: str
    header: str
    width: float = 14
    wrap: bool = False
    sizes_row: bool = True
    printed: bool = True
    number_format: str = ""
    colour_scale: tuple[float, float] | None = None


@dataclass(frozen=True)
class Link:
    """The text in `column` links to a row of the sheet `table`: `row_of`
    gives that sheet row for a row of values (None: no link on this row)."""

    column: str
    table: str
    row_of: Callable[[tuple], int | None]


@dataclass
class Table:
    """A header and its rows (values in column order, produced lazily).

    `mark_column`/`marks` colour rows: a row whose `mark_column` value is a
    key of `marks` gets that mark (weak, error, warning) on the whole row when
    `mark_row`, else on that cell only. `frozen`: how many leading columns
    identify a row and stay in view (and repeat on printed pages)."""

    name: str                   # sheet title
    slug: str                   # file name for csv/jsonl
    columns: tuple[Column, ...]
    rows: Iterable[tuple]
    mark_column: str = ""
    marks: dict = field(default_factory=dict)
    mark_row: bool = False
    links: tuple[Link, ...] = ()
    frozen: int = 0

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def records(self, headers: bool = False) -> Iterator[dict]:
        """The rows as dicts keyed by column key (or by header)."""
        names = self.headers if headers else self.keys
        for row in self.rows:
            yield dict(zip(names, row, strict=True))


__all__ = ["Column", "Link", "Table"]
