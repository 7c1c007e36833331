"""The export guard: the one check every export calls before it writes text.

    written = segment_texts(quoted_segments) + [WrittenText(...), ...]
    check = require_no_pii(store, written, allow_pii=allow_pii)

An export lists the text it will write as WrittenText pieces and writes
those same pieces (one definition of "what this export writes", so nothing
it writes goes unscanned). A piece of a transcript is judged with what its
whole transcript says, as a reader of the interview would: a surname a title
made sure three turns earlier blocks in a quote that names it bare. The
guard raises PiiError (exit 1, listing where) when that text holds a
high-confidence hit no coder has marked "not personal", unless `allow_pii`;
`check.method_note` says what was checked (or overridden) for the export's
Method sheet or method note."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import KiicodeError, Location, Problem
from .levels import HIGH

if TYPE_CHECKING:
    from .scan import Hit

# The scanner (.scan) is imported inside the functions that scan: every export module
# imports this one for WrittenText and friends, and loading the scanner compiles every
# finder's patterns and the name gazetteer (~0.25 s), which `kiicode --help` should not pay.

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


@dataclass(frozen=True)
class WrittenText:
    """A piece of text an export writes: `text` is what it writes, `start`
    its offset in transcript `transcript`'s text (0 and "" for text that is
    not a transcript's, such as a coder's memo); `where` names it in the
    error (a segment id, "KII-01 turn 4 (Transcript context)")."""

    where: str
    transcript: str
    start: int
    text: str


def segment_texts(segments: Iterable) -> list[WrittenText]:
    """The segments an export quotes (kiicode.transcripts Segment), as the
    text it writes."""
    return [WrittenText(s.id, s.transcript_id, s.start, s.text) for s in segments]


def transcript_texts(store, transcript_ids: Iterable[str]) -> list[WrittenText]:
    """Whole transcripts an export writes (REFI-QDA sources)."""
    return [WrittenText(row.id, row.id, 0, row.text)
            for row in map(store.transcript, transcript_ids)]


def memo_texts(memos: Iterable) -> list[WrittenText]:
    """Coders' memos an export writes: a memo can quote a transcript too."""
    return [WrittenText(f"memo {m.id} on {m.target_kind} {m.target_id}", "", 0, m.text)
            for m in memos]


def _piece_hits(store, piece: WrittenText, known,
                whole: dict[str, tuple[str, list[Hit]]]) -> list[Hit]:
    """High-confidence hits in `piece`: its own, and those its transcript's
    whole text makes sure inside it (offsets into the piece). Each
    transcript is scanned once per export (`whole` remembers it)."""
    from .scan import scan_text
    own = scan_text(piece.transcript, piece.text, known, HIGH)
    if not piece.transcript:
        return own   # a memo is no transcript's text
    if piece.transcript not in whole:
        text = store.transcript(piece.transcript).text
        whole[piece.transcript] = (text, scan_text(piece.transcript, text, known, HIGH))
    text, in_context = whole[piece.transcript]
    end = piece.start + len(piece.text)
    if text[piece.start:end] != piece.text:
        return own   # not a slice of its transcript (edited text): judged alone
    taken = [(h.start, h.end) for h in own]
    starts = [h.start for h in in_context]
    for hit in in_context[bisect_left(starts, piece.start):]:
        if hit.start >= end:
            break
        start, stop = hit.start - piece.start, hit.end - piece.start
        if stop <= len(piece.text) and not any(s < stop and start < e for s, e in taken):
            own.append(replace(hit, start=start, end=stop))
    return sorted(own, key=lambda h: (h.start, h.end))


def require_no_pii(store, written: Iterable[WrittenText],
                   allow_pii: bool = False) -> PrivacyCheck:
    """Scan every piece of text an export writes (`written`); refuse
    (PiiError, nothing written) when any holds an undecided high-confidence
    hit, unless `allow_pii`."""
    from .scan import store_known_names, undecided
    known = store_known_names(store)
    dismissed = store.dismissed_pii()
    whole: dict[str, tuple[str, list[Hit]]] = {}
    hits: list[Hit] = []
    checked = 0
    where: list[str] = []
    seen: set[tuple[str, int, str]] = set()
    for piece in written:
        if (piece.transcript, piece.start, piece.text) in seen:
            continue   # the same text written twice is scanned once
        seen.add((piece.transcript, piece.start, piece.text))
        checked += 1
        for hit in undecided(_piece_hits(store, piece, known, whole), dismissed):
            hits.append(hit)
            offsets = (f" (offsets {piece.start + hit.start}-{piece.start + hit.end})"
                       if piece.transcript else "")
            where.append(f"{piece.where}{offsets}")
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
