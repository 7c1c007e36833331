"""The scan: every finder over a text, overlaps settled, each hit with its
transcript, offsets, category, confidence, a stable key and a masked snippet.

A hit's key names its text, not its place (category + folded text, hashed),
so a coder who marks a hit "not personal" decides every occurrence of that
text at once (`Store.dismiss_pii`)."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .addresses import addresses
from .levels import DEFAULT_MIN_CONFIDENCE  # noqa: F401  (re-exported)
from .names import KnownNames, find_names, name_like_label, settle_names
from .rules import (
    BIRTH_DATE,
    CATEGORIES,
    EMAIL,
    HIGH,
    ID_NUMBER,
    PATTERN_FINDERS,
    PHONE,
    URL,
    Found,
    fold_same_length,
)

# When two findings overlap, the more specific category wins, then the surer one.
_PRIORITY = {EMAIL: 0, URL: 1, BIRTH_DATE: 2, ID_NUMBER: 3, PHONE: 4}
SNIPPET_CONTEXT = 30


@dataclass(frozen=True)
class Hit:
    """One piece of personal data found in a transcript."""

    transcript: str
    start: int
    end: int
    category: str
    confidence: float
    rule: str
    text: str
    snippet: str        # the text around it with the hit itself masked

    @property
    def key(self) -> str:
        return text_key(self.category, self.text)

    @property
    def high(self) -> bool:
        return self.confidence >= HIGH

    def as_dict(self, with_text: bool = False) -> dict:
        row = {"transcript": self.transcript, "start": self.start, "end": self.end,
               "category": self.category, "confidence": round(self.confidence, 2),
               "rule": self.rule, "key": self.key, "masked": mask(self.text),
               "snippet": self.snippet}
        if with_text:
            row["text"] = self.text
        return row


def normalise(category: str, text: str) -> str:
    """What makes two hits the same text: digits for numbers, folded words otherwise."""
    if category in (PHONE, ID_NUMBER):
        digits = re.sub(r"\D", "", text)
        return digits[2:] if category == PHONE and text.lstrip().startswith("+51") else digits
    return " ".join(fold_same_length(text).split())


def text_key(category: str, text: str) -> str:
    digest = hashlib.sha256(f"{category}\0{normalise(category, text)}".encode()).hexdigest()
    return digest[:10]


def mask(text: str) -> str:
    """Keep the first character of each word and the shape; hide the rest."""
    out = []
    for word in re.split(r"(\W+)", text):
        if not word or not word[0].isalnum():
            out.append(word)
        else:
            out.append(word[0] + "•" * (len(word) - 1))
    return "".join(out)


def snippet(text: str, start: int, end: int,
            others: Iterable[tuple[int, int]] = ()) -> str:
    """The hit in brackets with some text either side; the hit and any other
    hit (`others`) inside the window are masked, so the snippet leaks nothing."""
    low, high = max(0, start - SNIPPET_CONTEXT), min(len(text), end + SNIPPET_CONTEXT)
    spans = sorted({(max(s, low), min(e, high)) for s, e in others
                    if s < high and e > low} | {(start, end)})
    out, pos = [], low
    for s, e in spans:
        if s < pos:
            continue
        out.append(text[pos:s])
        piece = mask(text[s:e])
        out.append(f"[{piece}]" if (s, e) == (start, end) else piece)
        pos = e
    out.append(text[pos:high])
    return " ".join("".join(out).split())


def find_all(text: str, known: KnownNames | None = None) -> list[Found]:
    """Every finding in `text`, overlaps settled: a finding inside or across a
    stronger one is dropped (an email's digits are not a phone number)."""
    folded = fold_same_length(text)
    found: list[Found] = []
    for finder in (*PATTERN_FINDERS, addresses):
        found.extend(finder(text, folded))
    found.extend(find_names(text, folded, known))
    # (a guess too weak to report never hides a reported finding: "984-50-21-77"
    # after "her mother's number" is a phone, not an old date's "50-21-77")
    found.sort(key=lambda f: (f.confidence < DEFAULT_MIN_CONFIDENCE, _PRIORITY.get(f.category, 9),
                              -f.confidence, -(f.end - f.start)))
    kept: list[Found] = []
    # the kept findings never overlap, so sorted by start only the neighbours
    # of a new one can overlap it (a text with thousands of hits stays fast)
    taken: list[tuple[int, int]] = []
    for f in found:
        i = bisect_right(taken, (f.start, f.end))
        if i and taken[i - 1][1] > f.start or i < len(taken) and taken[i][0] < f.end:
            continue
        kept.append(f)
        insort(taken, (f.start, f.end))
    kept.sort(key=lambda f: (f.start, f.end))
    return settle_names(kept, text, folded)


def scan_text(transcript: str, text: str, known: KnownNames | None = None,
              min_confidence: float = DEFAULT_MIN_CONFIDENCE,
              spans: Iterable[tuple[int, int]] | None = None) -> list[Hit]:
    """Hits in `text` (or only inside `spans` of it, offsets still into `text`)."""
    pieces = [(0, len(text))] if spans is None else list(spans)
    hits = []
    for base, stop in pieces:
        found = find_all(text[base:stop], known)
        spans = sorted((base + f.start, base + f.end) for f in found)
        starts = [s for s, _ in spans]
        longest = max((e - s for s, e in spans), default=0)
        for f in found:
            if f.confidence < min_confidence:
                continue
            start, end = base + f.start, base + f.end
            # only the hits that can reach the snippet's window are passed to it
            # (a text with thousands of hits stays fast)
            near = spans[bisect_left(starts, start - SNIPPET_CONTEXT - longest):
                         bisect_right(starts, end + SNIPPET_CONTEXT)]
            hits.append(Hit(transcript, start, end, f.category, f.confidence, f.rule,
                            text[start:end], snippet(text, start, end, near)))
    return hits


def known_names(metadata_and_speakers: Iterable[tuple[dict, Iterable[str]]]) -> KnownNames:
    """The names a corpus knows: from each transcript's metadata (its
    `speakers` map, a name-like interviewer) and its turns' speaker labels."""
    known = KnownNames()
    for metadata, speakers in metadata_and_speakers:
        for label in speakers:
            if name_like_label(label):
                known.add(label)
        mapping = metadata.get("speakers")
        if isinstance(mapping, dict):
            names = list(mapping)
        elif isinstance(mapping, str):
            names = [part.split("=", 1)[0] for part in mapping.split(";") if "=" in part]
        else:
            names = []
        for name in names:
            if name_like_label(str(name)):
                known.add(str(name))
        interviewer = metadata.get("interviewer")
        if isinstance(interviewer, str) and name_like_label(interviewer):
            known.add(interviewer)
    return known


@dataclass(frozen=True)
class ScanSummary:
    hits: list[Hit]
    words: int
    transcripts: int

    def by_category(self) -> dict[str, int]:
        counts = dict.fromkeys(CATEGORIES, 0)
        for hit in self.hits:
            counts[hit.category] += 1
        return counts


def undecided(hits: Iterable[Hit], dismissed: set[tuple[str, str]]) -> Iterator[Hit]:
    """Hits a coder has not marked "not personal" ((category, key) pairs)."""
    for hit in hits:
        if (hit.category, hit.key) not in dismissed:
            yield hit


def store_known_names(store) -> KnownNames:
    """The names a project knows, from every transcript's metadata and turns."""
    labels = store.speaker_labels()
    return known_names((t.metadata, labels.get(t.id, ())) for t in store.transcripts())


def scan_store(store, transcript_ids: Iterable[str] | None = None,
               min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> ScanSummary:
    """Scan the whole text of the project's transcripts (all, or those named)."""
    known = store_known_names(store)
    wanted = list(transcript_ids) if transcript_ids else [t.id for t in store.transcripts()]
    hits: list[Hit] = []
    words = 0
    for transcript_id in wanted:
        row = store.transcript(transcript_id)
        words += len(row.text.split())
        hits += scan_text(row.id, row.text, known, min_confidence)
    return ScanSummary(hits, words, len(wanted))


def scan_transcripts(transcripts, min_confidence: float = DEFAULT_MIN_CONFIDENCE
                     ) -> ScanSummary:
    """Scan transcripts read from files (kiicode.transcripts models), before
    any ingest; names are known from all of them together."""
    transcripts = list(transcripts)
    known = known_names((t.metadata, {turn.speaker for turn in t.turns})
                        for t in transcripts)
    hits: list[Hit] = []
    for t in transcripts:
        hits += scan_text(t.id, t.text, known, min_confidence)
    return ScanSummary(hits, sum(len(t.text.split()) for t in transcripts), len(transcripts))
