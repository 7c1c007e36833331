"""Indirect identifiers: respondents their attribution alone identifies.

In a small programme "KII, Government official, MPFN, Loreto" names a
person when only one MPFN prosecutor in Loreto was interviewed. A
respondent whose type x institution x region cell holds fewer interviewed
people than the codebook's `reporting.min_cell_size` (default 2) is flagged
wherever one of their quotes is reported, with the advice to generalise the
attribution to the respondent type alone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..transcripts.models import Respondent


@dataclass(frozen=True)
class SmallCell:
    """A respondent whose attribution identifies them."""

    respondent: str
    type_label: str
    institution: str
    region: str
    size: int            # interviewed respondents with the same type, institution and region

    @property
    def attribution(self) -> str:
        return ", ".join(x for x in ("KII", self.type_label, self.institution, self.region) if x)

    @property
    def advice(self) -> str:
        who = "the only one" if self.size == 1 else f"one of only {self.size}"
        return (f"{who} interviewed as {self.attribution[5:]}: attribute the quote as "
                f"\"KII, {self.type_label}\" instead of \"{self.attribution}\"")


def small_cells(respondents: Iterable[Respondent], min_size: int,
                labels: dict[str, str] | None = None) -> dict[str, SmallCell]:
    """Respondent id -> SmallCell for every individual respondent (group
    answers aside) whose type x institution x region cell is smaller than
    `min_size`; each person counted once, however many transcripts."""
    labels = labels or {}
    people: dict[str, Respondent] = {}
    for r in respondents:
        if not r.is_group:
            people.setdefault(r.id, r)
    cells: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for r in people.values():
        cells[(r.type, r.institution, r.region)].append(r.id)
    flagged = {}
    for (rtype, institution, region), members in cells.items():
        if len(members) < min_size:
            for rid in members:
                flagged[rid] = SmallCell(rid, labels.get(rtype, rtype), institution, region,
                                         len(members))
    return flagged
