"""The export guard: the one check every export calls before it writes text.

    check = require_no_pii(store, segment_ids=..., allow_pii=allow_pii)

raises PiiError (exit 1, listing where) when the text an export would write
holds a high-confidence hit no coder has marked "not personal", unless
`allow_pii`; `check.method_note` says what was checked (or overridden) for
the export's Method sheet or method note."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import KiicodeError, Location, Problem
from .rules import HIGH
from .scan import Hit, scan_text, store_known_names, undecided

SHOWN = 20   # hits listed in the error; the rest are counted


class PiiError(KiicodeError):
    """Text an export would write holds undecided personal data."""


@dataclass(frozen=True)
class PrivacyCheck:
    checked: int             # texts scanned (segments or transcripts)
    hits: tuple[Hit, ...]    # undecided high-confidence hits in them
    allowed: bool            # --allow-pii was given

    @property
    def method_note(self) -> str:
        if not self.hits:
            return (f"PII check passed: no undecided high-confidence personal data in the "
                    f"{self.checked:,} texts written (kiicode pii scan; see "
                    "docs/anonymisation.md)")
        return (f"WRITTEN WITH --allow-pii: {len(self.hits)} undecided high-confidence PII "
                f"hits left in the text ({_categories(self.hits)}); do not share this file "
                "outside the project team")


def _categories(hits: Iterable[Hit]) -> str:
    counts: dict[str, int] = {}
    for hit in hits:
        counts[hit.category] = counts.get(hit.category, 0) + 1
    return ", ".join(f"{n} {category}" for category, n in sorted(counts.items()))


def require_no_pii(store, segment_ids: Iterable[str] | None = None,
                   transcript_ids: Iterable[str] | None = None,
                   allow_pii: bool = False) -> PrivacyCheck:
    """Scan the text an export writes: the segments `segment_ids` (quotes),
    and the whole text of `transcript_ids` (exports of full transcripts)."""
    known = store_known_names(store)
    dismissed = store.dismissed_pii()
    hits: list[Hit] = []
    checked = 0
    where: list[str] = []
    if segment_ids is not None:
        wanted = set(segment_ids)
        for segment in store.segments():
            if segment.id in wanted:
                checked += 1
                for hit in undecided(scan_text(segment.transcript_id, segment.text, known,
                                               HIGH), dismissed):
                    hits.append(hit)
                    where.append(f"{segment.id} (offsets {segment.start + hit.start}-"
                                 f"{segment.start + hit.end})")
    for transcript_id in transcript_ids or ():
        row = store.transcript(transcript_id)
        checked += 1
        for hit in undecided(scan_text(row.id, row.text, known, HIGH), dismissed):
            hits.append(hit)
            where.append(f"{row.id} (offsets {hit.start}-{hit.end})")
    check = PrivacyCheck(checked, tuple(hits), allow_pii)
    if hits and not allow_pii:
        problems = [Problem(Location(w), f"{h.category.replace('_', ' ')} {h.snippet}",
                            f"key {h.key}") for w, h in zip(where[:SHOWN], hits[:SHOWN],
                                                             strict=True)]
        more = len(hits) - SHOWN
        problems.append(Problem(
            Location(store.path),
            f"the export would write {len(hits)} undecided high-confidence personal data "
            f"hits{f' ({more} more not listed)' if more > 0 else ''}; nothing was written",
            "redact them (kiicode pii redact), mark false positives with "
            "`kiicode pii dismiss KEY --coder NAME`, or pass --allow-pii to export anyway"))
        raise PiiError(problems)
    return check
