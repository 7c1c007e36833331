"""Blind double-coding and adjudication: draw the share of the corpus two (or
more) coders must both code, follow each coder's progress on it, list where
two coders disagree, and record the consensus decision as its own coder.

Reliability practice: 10-25% of the material double-coded blind (neither
coder sees the other's decisions), then the disagreements adjudicated.
`kiicode agreement` compares the coders before; after, each coder against
the consensus (`agreement_after`)."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass

from ..agreement import AgreementReport, agreement, held_codes
from ..errors import KiicodeError, Location, Problem
from ..store import AUTO_CODER, Store

CONSENSUS = "consensus"      # the default coder name of adjudicated decisions
UNITS = ("segment", "transcript")
_FIELDS = {"respondent_type": "type", "type": "type", "region": "region",
           "institution": "institution"}


@dataclass(frozen=True)
class Sample:
    coders: tuple[str, ...]
    unit: str
    by: str | None
    segments: list[str]                  # every segment the coders must all code
    strata: dict[str, tuple[int, int]]   # stratum -> (units drawn, units in the corpus)


@dataclass(frozen=True)
class CoderProgress:
    coder: str
    reviewed: int
    total: int


@dataclass(frozen=True)
class Disagreement:
    segment: str
    code: str
    holds: tuple[bool, bool]             # whether each of the two coders holds the code
    text: str
    consensus: str | None                # the consensus decision so far, if any
    decided_by: str | None


def draw_sample(store: Store, coders: list[str], share: float, by: str | None = None,
                unit: str = "segment", seed: int = 13) -> Sample:
    """Draw `share` of the segments (or whole transcripts) in every stratum of
    `by` (respondent_type, region, institution, language or any respondent
    attribute; none: one stratum), at least one per stratum, the same draw for
    the same project and seed; store it as every coder's double-coding set."""
    coders = list(dict.fromkeys(coders))
    where = Location(store.path)
    if len(coders) < 2 or AUTO_CODER in coders:
        raise KiicodeError(Problem(where, "name two or more coders (not 'auto')",
                                   "e.g. --coders ana luis"))
    if not 0 < share <= 1:
        raise KiicodeError(Problem(where, f"--share must be above 0 and at most 1, not {share}",
                                   "e.g. --share 0.2 for 20%"))
    if unit not in UNITS:
        raise KiicodeError(Problem(where, f"unknown unit '{unit}'", "segment or transcript"))
    segments = store.segments(with_text=False)
    if not segments:
        raise KiicodeError(Problem(where, "no segments to sample",
                                   "ingest transcripts first: kiicode ingest FOLDER"))
    respondents = {(r.transcript_id, r.id): r for r in store.respondents()}
    known = set(_FIELDS) | {"language"} | set(store.attribute_names())
    if by is not None and by not in known:
        raise KiicodeError(Problem(where, f"cannot stratify by '{by}'",
                                   "one of: " + ", ".join(sorted(known))))

    def stratum(segment) -> str:
        if by is None:
            return "all"
        if by == "language":
            return segment.language
        respondent = respondents.get((segment.transcript_id, segment.respondent_id))
        value = respondent.attribute(_FIELDS.get(by, by)) if respondent else ""
        return value or "(not recorded)"

    units: dict[str, list[str]] = defaultdict(list)       # stratum -> unit ids
    members: dict[str, list[str]] = defaultdict(list)     # unit id -> segment ids
    unit_stratum: dict[str, str] = {}
    for segment in segments:
        key = segment.id if unit == "segment" else segment.transcript_id
        if key not in unit_stratum:   # a transcript's stratum is its first respondent's
            unit_stratum[key] = stratum(segment)
            units[unit_stratum[key]].append(key)
        members[key].append(segment.id)
    rng = random.Random(seed)
    chosen, strata = [], {}
    for name in sorted(units):
        pool = units[name]
        take = min(len(pool), max(1, math.ceil(share * len(pool))))
        picked = set(rng.sample(pool, take))
        chosen += [key for key in pool if key in picked]   # corpus order
        strata[name] = (take, len(pool))
    drawn = [s for key in chosen for s in members[key]]
    strata_of = {s: unit_stratum[key] for key in chosen for s in members[key]}
    store.set_double_coding([(s, coder, strata_of[s]) for coder in coders for s in drawn],
                            coders)
    return Sample(tuple(coders), unit, by, drawn, strata)


def progress(store: Store) -> list[CoderProgress]:
    """How far each coder of the double-coding set has got."""
    reviewed = store.reviewed()
    return [CoderProgress(coder, sum(1 for s in wanted if coder in reviewed.get(s, ())),
                          len(wanted))
            for coder, wanted in sorted(store.double_coding().items())]


def disagreements(store: Store, coder_a: str, coder_b: str,
                  consensus: str = CONSENSUS) -> list[Disagreement]:
    """Codes one coder holds and the other does not, on the segments both
    reviewed, in corpus order, with the consensus decision so far."""
    reviewed = store.reviewed()
    order = {s.id: (s.transcript_id, n) for n, s in enumerate(store.segments(with_text=False))}
    both = sorted((s for s, who in reviewed.items() if {coder_a, coder_b} <= who),
                  key=lambda s: order.get(s, ("", 0)))
    held_a, held_b = held_codes(store, coder_a, both), held_codes(store, coder_b, both)
    decided = store.adjudications(consensus)
    found = []
    texts: dict[str, str] = {}
    for segment in both:
        for code in sorted(held_a.get(segment, set()) ^ held_b.get(segment, set())):
            if segment not in texts:
                texts[segment] = store.segment(segment).text
            status, by, _ = decided.get((segment, code), (None, None, None))
            found.append(Disagreement(segment, code, (code in held_a.get(segment, ()),
                                                      code in held_b.get(segment, ())),
                                      texts[segment], status, by))
    return found


def settle_agreed(store: Store, coder_a: str, coder_b: str, consensus: str = CONSENSUS,
                  decided_by: str = "agreement") -> int:
    """Record as consensus every code both coders hold on a segment both
    reviewed (nothing to adjudicate there), so `--coder consensus` counts the
    whole double-coded set; returns how many were new."""
    reviewed = store.reviewed()
    both = [s for s, who in reviewed.items() if {coder_a, coder_b} <= who]
    held_a, held_b = held_codes(store, coder_a, both), held_codes(store, coder_b, both)
    decided = store.adjudications(consensus)
    new = 0
    for segment in both:
        for code in sorted(held_a.get(segment, set()) & held_b.get(segment, set())):
            if (segment, code) not in decided:
                store.adjudicate(segment, code, consensus, "accepted", decided_by,
                                 (coder_a, coder_b))
                new += 1
        if not (held_a.get(segment) or held_b.get(segment)) and \
                consensus not in reviewed.get(segment, ()):
            store.mark_reviewed(segment, consensus)   # both found nothing: agreed too
    return new


def agreement_after(store: Store, coder_a: str, coder_b: str, consensus: str = CONSENSUS,
                    codebook=None) -> tuple[AgreementReport, AgreementReport | None,
                                            AgreementReport | None]:
    """(the two coders before, each coder against the consensus after); an
    'after' is None until the consensus has decided anything in common."""
    before = agreement(store, coder_a, coder_b, codebook)
    after = []
    for coder in (coder_a, coder_b):
        try:
            after.append(agreement(store, coder, consensus, codebook))
        except KiicodeError:
            after.append(None)
    return before, after[0], after[1]
