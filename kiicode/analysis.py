"""From codings to evidence: which codes a segment holds once coders'
decisions are applied, and which findings those codes support."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .codebook import Codebook
from .store import AUTO_CODER, Coding, Store

ACCEPTED, SUGGESTED, REJECTED = "accepted", "suggested", "rejected"


@dataclass(frozen=True)
class SegmentCode:
    """A code as it stands on a segment after decisions: the deciding row."""

    code: str
    status: str
    score: float
    coding: Coding


def effective_codings(store: Store, coder: str | None = None,
                      segment_ids: list[str] | None = None) -> dict[str, dict[str, SegmentCode]]:
    """segment -> code -> the coding that decides it.

    A coder's decision beats the machine suggestion. With `coder`, only that
    coder's decisions count; without, the most recent decision by anyone."""
    decided: dict[str, dict[str, SegmentCode]] = defaultdict(dict)
    rows = store.codings(segment_ids)
    for row in sorted(rows, key=lambda r: (r.coder != AUTO_CODER, r.updated)):
        if row.coder != AUTO_CODER and coder is not None and row.coder != coder:
            continue
        score = row.score if row.score is not None else 1.0
        if row.coder != AUTO_CODER and row.status == ACCEPTED:
            previous = decided[row.segment].get(row.code)
            score = max(score, previous.score) if previous else 1.0
        decided[row.segment][row.code] = SegmentCode(row.code, row.status, score, row)
    return dict(decided)


def with_ancestors(codebook: Codebook, codes: set[str]) -> set[str]:
    """A child code also counts as its parent (and grandparent...) for evidence rules."""
    found = set(codes)
    for code in codes:
        parent = codebook.codes[code].parent if code in codebook.codes else ""
        while parent and parent not in found:
            found.add(parent)
            parent = codebook.codes[parent].parent if parent in codebook.codes else ""
    return found


def findings_supported(codebook: Codebook, codes: dict[str, float]) -> list[tuple[str, float]]:
    """(finding id, score) for the findings that codes (code -> score) support,
    strongest first; a finding's score is that of its best supporting code."""
    held = with_ancestors(codebook, set(codes))
    themes_of = codebook.themes_of()
    supported = []
    for finding in codebook.findings.values():
        if finding.evidence.supported_by(held, themes_of):
            relevant = [score for code, score in codes.items()
                        if with_ancestors(codebook, {code}) & set(finding.evidence.codes)]
            supported.append((finding.id, max(relevant, default=0.0)))
    return sorted(supported, key=lambda pair: (-pair[1], pair[0]))
