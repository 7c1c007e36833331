"""From codings to evidence: which codes a segment holds once coders'
decisions are applied, which findings those codes support, and the tallies
evaluators report: distinct respondents per finding by respondent type (n of
N), quantifier sentences and strength of evidence. See docs/reporting.md."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .codebook import Codebook, Reporting, did_you_mean
from .errors import Location, NotFoundError, Problem
from .pii.cells import SmallCell, small_cells
from .progress import Progress, tracked
from .store import AUTO_CODER, Coding, Store
from .transcripts.models import Respondent

ACCEPTED, SUGGESTED, REJECTED = "accepted", "suggested", "rejected"


@dataclass(frozen=True)
class SegmentCode:
    """A code as it stands on a segment after decisions: the deciding row."""

    code: str
    status: str
    score: float
    coding: Coding


def effective_codings(store: Store, coder: Whose = None,
                      segment_ids: list[str] | None = None) -> dict[str, dict[str, SegmentCode]]:
    """segment -> code -> the coding that decides it (the rule of `decide`).

    A coder's decision beats the machine suggestion. With `coder`, only that
    coder's decisions count; without, the most recent decision by anyone. A
    code a coder added by hand has no score of its own and counts as 1."""
    rows = ((c.segment, c.code, c.coder, c.status, c.updated, c)
            for c in store.codings(segment_ids))
    return {segment: {code: SegmentCode(code, row[3], row[5].score if row[5].score is not None
                                        else 1.0, row[5])
                      for code, row in codes.items()}
            for segment, codes in decide(rows, coder).items()}


# Whose decisions count: None = the latest decision by anyone; a coder's name =
# that coder's (a lead coder); a tuple of names = their agreement (see `agreed`).
Whose = str | tuple[str, ...] | None


def describe_whose(whose: Whose) -> str:
    if isinstance(whose, tuple):
        return f"the agreement of {' and '.join(whose)}"
    return f"coder {whose}'s decisions" if whose else "the latest decision by any coder"


def decide(rows: Iterable[tuple], coder: Whose = None) -> dict[str, dict[str, tuple]]:
    """segment -> code -> the row that decides it, from rows starting
    (segment, code, coder, status, updated, ...): the same rule as
    `effective_codings` (a coder's decision beats the suggestion; with
    `coder`, only theirs; else the most recent by the store's server-time
    stamp, and on a tie to the microsecond the coder whose name sorts last,
    so the rule never depends on the order rows come in; with a tuple of
    coders, their agreement)."""
    if isinstance(coder, tuple):
        return agreed(list(rows), coder)
    decided: dict[str, dict[str, tuple]] = defaultdict(dict)
    for row in rows:
        segment, code, who, _, updated = row[:5]
        human = who != AUTO_CODER
        if human and coder is not None and who != coder:
            continue
        held = decided[segment].get(code)
        if held is None or (human, updated, who) >= (held[2] != AUTO_CODER, held[4], held[2]):
            decided[segment][code] = row
    return dict(decided)


def agreed_status(statuses: list[str | None]) -> str | None:
    """The agreement rule, from each coder's status of a code on a segment
    (None: it does not hold for that coder): accepted when all accepted,
    rejected when any rejected or lacks it, else suggested."""
    present = [s for s in statuses if s is not None]
    if not present:
        return None
    if len(present) < len(statuses) or REJECTED in present:
        return REJECTED
    return ACCEPTED if all(s == ACCEPTED for s in present) else SUGGESTED


def agreed(rows: list[tuple], coders: tuple[str, ...]) -> dict[str, dict[str, tuple]]:
    """`decide` under the agreement of `coders`: each coder's view is their
    decision or, where they did not decide, the suggestion; the deciding row
    is the first coder's, with the agreed status in place of theirs."""
    views = [decide(rows, name) for name in coders]
    result: dict[str, dict[str, tuple]] = {}
    for segment in set().union(*views):
        held_here = [view.get(segment, {}) for view in views]
        for code in set().union(*held_here):
            held = [view.get(code) for view in held_here]
            status = agreed_status([row[3] if row else None for row in held])
            row = next(r for r in held if r)
            result.setdefault(segment, {})[code] = (*row[:3], status, *row[4:])
    return result


def require_coders(store: Store, coders: list[str] | tuple[str, ...]) -> None:
    """Every named coder has decisions in this project (else a did-you-mean)."""
    known = store.coders()
    problems = [Problem(Location(store.path), f"no decisions by coder '{name}'",
                        did_you_mean(name, known) or
                        f"coders in this project: {', '.join(known) or 'none yet'}")
                for name in coders if name not in known]
    if problems:
        raise NotFoundError(problems)


def reviewed_segments(store: Store, whose: Whose = None) -> set[str]:
    """Segments reviewed by the coder (by all of them, for an agreement)."""
    if isinstance(whose, tuple):
        return set.intersection(*(set(store.reviewed(name)) for name in whose))
    return set(store.reviewed(whose))


def counted_links(store: Store, whose: Whose = None) -> dict[tuple[str, str], list[str]]:
    """(segment, finding) -> the coders whose manual links count (for an
    agreement, a link counts only when every coder made it)."""
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    for link in store.finding_links():
        if whose is None or link.coder == whose or (isinstance(whose, tuple)
                                                      and link.coder in whose):
            links[(link.segment, link.finding)].append(link.coder)
    if isinstance(whose, tuple):
        links = {key: coders for key, coders in links.items() if set(whose) <= set(coders)}
    return dict(links)


def decided_statuses(store: Store, coder: Whose = None) -> dict[str, dict[str, str]]:
    """segment -> code -> status after decisions (see `decide`), without
    loading evidence."""
    return {segment: {code: row[3] for code, row in codes.items()}
            for segment, codes in decide(store.coding_statuses(), coder).items()}


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


# --- evidence, tallies and strength ---------------------------------------------
# Everything below is computed in one pass over the store's codings, links and
# segments, so a tally of every finding and code costs the same as one.

STATUS_ACCEPTED, STATUS_REVIEWED, STATUS_ALL = "accepted", "reviewed", "all"
STATUSES = (STATUS_ACCEPTED, STATUS_REVIEWED, STATUS_ALL)
DEFAULT_STATUS = STATUS_REVIEWED
STATUS_DESCRIPTIONS = {
    STATUS_ACCEPTED: "codings a coder accepted or added by hand, and manual finding links",
    STATUS_REVIEWED: "accepted and manual codings, manual finding links, and machine "
                     "suggestions on segments a coder has reviewed and left standing",
    STATUS_ALL: "accepted and manual codings, manual finding links, and every machine "
                "suggestion not rejected, including UNREVIEWED ones (not final)",
}
# Which evidence tiers each --status counts. A supporting segment's tier is the
# least-reviewed kind of coding its support needs.
TIER_ACCEPTED, TIER_REVIEWED, TIER_UNREVIEWED = "accepted", "reviewed", "unreviewed"
COUNTED_TIERS = {
    STATUS_ACCEPTED: frozenset({TIER_ACCEPTED}),
    STATUS_REVIEWED: frozenset({TIER_ACCEPTED, TIER_REVIEWED}),
    STATUS_ALL: frozenset({TIER_ACCEPTED, TIER_REVIEWED, TIER_UNREVIEWED}),
}
DIMENSIONS = ("type", "institution", "region", "language")
NOT_RECORDED = "(not recorded)"
NO_STRENGTH = "none"


def tier_of(coding_status: str, segment_reviewed: bool) -> str:
    """The evidence tier of a standing (not rejected) coding: accepted when a
    coder accepted or added it, else reviewed or unreviewed by its segment."""
    if coding_status == ACCEPTED:
        return TIER_ACCEPTED
    return TIER_REVIEWED if segment_reviewed else TIER_UNREVIEWED


def counts_under(tier: str, status: str) -> bool:
    """Whether evidence of `tier` is counted under `--status status`."""
    return tier in COUNTED_TIERS[check_status(status)]


@dataclass(frozen=True)
class Share:
    """n of N: `n` supporting respondents out of `total` interviewed."""

    n: int
    total: int

    @property
    def share(self) -> float:
        return self.n / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.n} of {self.total}"


@dataclass(frozen=True)
class Strength:
    """A strength-of-evidence level and the reasons it was given."""

    level: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Population:
    """Who was interviewed: distinct respondents (group pseudo-respondents
    excluded) and how many of them fall in each group of each dimension."""

    respondents: int
    groups: dict[str, dict[str, int]]          # dimension -> group -> N
    labels: dict[str, str]                      # respondent type id -> label

    @property
    def dimensions(self) -> tuple[str, ...]:
        """What a tally can be broken down by: DIMENSIONS, then every
        respondent attribute recorded (or declared in the codebook)."""
        return tuple(self.groups)

    @property
    def attributes(self) -> tuple[str, ...]:
        """The dimensions read off a respondent (all but language)."""
        return tuple(d for d in self.groups if d != "language")


@dataclass(frozen=True)
class Tally:
    """The evidence for one finding (or code) under one status filter.

    `by` holds, for every dimension in DIMENSIONS, every group interviewed
    (n may be 0), so N is always known. Group KIIs: identified participants
    count as respondents; unattributed group answers are listed apart in
    `group_answers` (one transcript id per group) and never counted in n."""

    kind: str                                   # finding | code
    id: str
    statement: str                              # the finding's statement or the code's name
    loi: str
    respondents: tuple[str, ...]                # distinct supporting respondent ids
    population: int                             # N: all interviewed respondents
    by: dict[str, dict[str, Share]]
    group_answers: tuple[str, ...]              # transcripts with unattributed group support
    transcripts: tuple[str, ...]
    segments: tuple[str, ...]                   # supporting segments (the quotes)
    unreviewed_segments: int                    # counted segments resting on unreviewed suggestions
    all_segments: int                           # supporting segments under --status all
    all_unreviewed_segments: int                # of those, resting on unreviewed suggestions
    contrary_respondents: tuple[str, ...]
    contrary_segments: tuple[str, ...]
    strength: Strength
    sentence: str
    # supporting respondents whose type x institution x region identifies them
    identifiable: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        return len(self.respondents)

    @property
    def quotes(self) -> int:
        return len(self.segments)

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(g for g, s in self.by["type"].items() if s.n)

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(g for g, s in self.by["region"].items() if s.n and g != NOT_RECORDED)

    @property
    def unreviewed_share(self) -> float:
        """Share of the counted supporting segments that rest on unreviewed suggestions."""
        return self.unreviewed_segments / self.quotes if self.quotes else 0.0

    @property
    def pending_share(self) -> float:
        """Share of all potential supporting segments (any status) not yet reviewed."""
        return self.all_unreviewed_segments / self.all_segments if self.all_segments else 0.0

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "id": self.id, "statement": self.statement, "loi": self.loi,
            "respondents": self.n, "of": self.population,
            "respondent_ids": list(self.respondents),
            "by": {dim: {g: {"n": s.n, "N": s.total} for g, s in groups.items()}
                   for dim, groups in self.by.items()},
            "group_answers": list(self.group_answers),
            "transcripts": list(self.transcripts), "quotes": self.quotes,
            "segments": list(self.segments),
            "unreviewed_share": round(self.unreviewed_share, 4),
            "pending_review_share": round(self.pending_share, 4),
            "contrary_respondents": list(self.contrary_respondents),
            "contrary_segments": list(self.contrary_segments),
            "strength": self.strength.level, "strength_reasons": list(self.strength.reasons),
            "sentence": self.sentence,
            "identifiable_respondents": list(self.identifiable),
        }


@dataclass(frozen=True)
class TallyReport:
    """Tallies of every finding (or code), with what was counted."""

    status: str
    coder: Whose
    population: Population
    tallies: tuple[Tally, ...]
    small_cells: dict[str, SmallCell] = field(default_factory=dict)   # respondent -> cell

    @property
    def counted(self) -> str:
        """One line saying which statuses (and whose decisions) were counted."""
        return (f"status '{self.status}' ({STATUS_DESCRIPTIONS[self.status]}); "
                f"{describe_whose(self.coder)}")

    def as_dict(self) -> dict:
        return {"status": self.status, "counted": self.counted, "coder": self.coder,
                "respondents": self.population.respondents,
                "population": self.population.groups,
                "respondent_types": self.population.labels,
                "tallies": [t.as_dict() for t in self.tallies],
                "identifiable_respondents": {
                    rid: {"attribution": c.attribution, "cell_size": c.size,
                          "advice": c.advice} for rid, c in self.small_cells.items()}}


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    return status


# --- quantifiers and strength -------------------------------------------------

def quantify(n: int, total: int, reporting: Reporting) -> str:
    """The quantifier word for n of N under the codebook's convention.

    0 is always "no" and a single respondent always "one" (or "the only" when
    N is 1): a share-based word for one person overstates. Otherwise the first
    quantifier (highest threshold first) whose threshold the share meets."""
    if n <= 0 or total <= 0:
        return "no"
    if n == 1:
        return "the only" if total == 1 else "one"
    share = n / total
    ordered = sorted(reporting.quantifiers, key=lambda q: (-q.min_share, q.exclusive))
    return next((q.word for q in ordered if q.applies(share)), "")


def strength_of(respondents: int, types: int, regions: int, reporting: Reporting,
                unreviewed_share: float = 0.0, contrary: int = 0) -> Strength:
    """The strongest level whose minima are all met, then one level down for
    each warning sign: unreviewed evidence above `max_unreviewed_share`, and
    contrary respondents at least as many as supporting ones. A downgrade
    never goes below the weakest level: evidence that exists is not 'none'."""
    if respondents <= 0:
        return Strength(NO_STRENGTH, ("no supporting respondent",))
    levels = sorted(reporting.strength, reverse=True,
                    key=lambda lv: (lv.min_respondents, lv.min_types, lv.min_regions))
    counts = (f"{plural(respondents, 'respondent')}, {plural(types, 'type')}, "
              f"{plural(regions, 'region')}")
    met = next((i for i, lv in enumerate(levels) if respondents >= lv.min_respondents
                and types >= lv.min_types and regions >= lv.min_regions), None)
    if met is None:
        weakest = levels[-1] if levels else None
        needs = (f" (the weakest level, {weakest.name}, needs "
                 f"{plural(weakest.min_respondents, 'respondent')}, "
                 f"{plural(weakest.min_types, 'type')}, {plural(weakest.min_regions, 'region')})"
                 if weakest else "")
        return Strength(NO_STRENGTH, (f"{counts}: below every level{needs}",))
    reasons = [f"{counts} meet '{levels[met].name}'"]
    index = met
    if unreviewed_share > reporting.max_unreviewed_share:
        index += 1
        reasons.append(f"down one level: {unreviewed_share:.0%} of the quotes are unreviewed "
                       f"suggestions (more than {reporting.max_unreviewed_share:.0%})")
    if contrary and contrary >= respondents:
        index += 1
        reasons.append(f"down one level: {plural(contrary, 'respondent')} "
                       f"{'gives' if contrary == 1 else 'give'} contrary evidence "
                       f"(at least as many as the {respondents} supporting)")
    return Strength(levels[min(index, len(levels) - 1)].name, tuple(reasons))


def plural(count: int, noun: str) -> str:
    """'1 region', '2 regions'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def respondent_noun(label: str, plural: bool) -> str:
    """'Government official' -> 'government officials'; 'NGO staff' -> 'NGO
    staff' / 'NGO staff member'. Acronyms keep their capitals."""
    return " / ".join(_noun(part.strip(), plural) for part in label.split("/"))


def _noun(text: str, plural: bool) -> str:
    words = [w if any(c.isupper() for c in w[1:]) or "." in w else w.lower()
             for w in text.split()] or ["respondent"]
    last = words[-1]
    if last.lower() in ("staff", "personnel"):
        return " ".join(words) if plural else " ".join(words + ["member"])
    if not plural or last.endswith("s"):
        return " ".join(words)
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        last = last[:-1] + "ies"
    elif last.endswith(("x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return " ".join(words[:-1] + [last])


def support_sentence(by_type: dict[str, Share], labels: dict[str, str], total: Share,
                     group_answers: tuple[str, ...], reporting: Reporting) -> str:
    """'most NGO staff (4 of 5) and some government officials (3 of 11)',
    largest groups first, with unattributed group answers said apart."""
    parts = []
    ranked = sorted(((t, s) for t, s in by_type.items() if s.n),
                    key=lambda ts: (-ts[1].n, -ts[1].share, labels.get(ts[0], ts[0])))
    for type_id, share in ranked:
        word = quantify(share.n, share.total, reporting)
        noun = respondent_noun(labels.get(type_id, type_id), plural=share.n != 1)
        parts.append(f"{word} {noun} ({share})".strip())
    text = _join(parts) if parts else f"no respondents ({total})"
    if group_answers:
        count = len(group_answers)
        text += (f", plus {count} unattributed group answer{'s' if count > 1 else ''} in "
                 f"{_join(list(group_answers))}")
    return text


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# --- the one pass ----------------------------------------------------------------

@dataclass
class _Support:
    """Supporting and contrary segments of one subject, by tier."""

    support: dict[str, str]                     # segment -> tier
    contrary: dict[str, str]


def _population(store: Store, codebook: Codebook) -> tuple[Population, dict[str, Respondent]]:
    """The interviewed population, and respondent id -> respondent."""
    languages = {t.id: t.language for t in store.transcripts()}
    people: dict[str, Respondent] = {}
    spoken: dict[str, set[str]] = defaultdict(set)
    for r in store.respondents():
        people.setdefault(r.id, r)
        spoken[r.id].add(languages.get(r.transcript_id, ""))
    groups: dict[str, dict[str, int]] = {dim: defaultdict(int) for dim in DIMENSIONS}
    for rtype in codebook.respondent_types:
        groups["type"][rtype] = 0
    individuals = [r for r in people.values() if not r.is_group]
    attributes = sorted({*codebook.attributes, *(a for r in individuals for a in r.attributes)})
    for name in attributes:
        groups[name] = defaultdict(int)
        declared = codebook.attributes.get(name)
        for value in (declared.values if declared else ()):
            groups[name][value] = 0   # declared order first
    for r in individuals:
        groups["type"][r.type or NOT_RECORDED] += 1
        groups["institution"][r.institution or NOT_RECORDED] += 1
        groups["region"][r.region or NOT_RECORDED] += 1
        for language in spoken[r.id]:
            groups["language"][language or NOT_RECORDED] += 1
        for name in attributes:
            groups[name][r.attributes.get(name) or NOT_RECORDED] += 1
    # types of the codebook nobody was interviewed as carry no information
    clean = {dim: {g: n for g, n in found.items() if n} for dim, found in groups.items()}
    ordered_types = [t for t in codebook.respondent_types if clean["type"].get(t)]
    ordered_types += sorted(t for t in clean["type"] if t not in codebook.respondent_types)
    clean["type"] = {t: clean["type"][t] for t in ordered_types}
    for dim in ("institution", "region", "language"):
        clean[dim] = dict(sorted(clean[dim].items()))
    for name in attributes:
        if name not in codebook.attributes:   # declared values keep their order
            clean[name] = dict(sorted(clean[name].items()))
    labels = {t: (codebook.respondent_types[t].label if t in codebook.respondent_types else t)
              for t in clean["type"]}
    return Population(len(individuals), clean, labels), people


COLLECTING = "Collecting evidence"   # the progress step of the pass over the codings


def _collect(store: Store, codebook: Codebook, coder: str | None,
             with_codes: bool = True, on_progress: Progress | None = None
             ) -> tuple[dict[str, _Support], dict[str, _Support]]:
    """Every finding's and every code's supporting (and contrary) segments,
    each with its tier; `on_progress` hears of each coded segment."""
    decided = decided_statuses(store, coder)
    reviewed = reviewed_segments(store, coder)
    findings = {sid: _Support({}, {}) for sid in codebook.findings}
    codes = {sid: _Support({}, {}) for sid in codebook.codes} if with_codes else {}
    lineage = {code: tuple(with_ancestors(codebook, {code})) for code in codebook.codes}
    themes_of = codebook.themes_of()
    # code -> findings whose rule (or contrary codes) mention it: only those are tested
    by_code: dict[str, set[str]] = defaultdict(set)
    for finding in codebook.findings.values():
        for code in finding.evidence.codes + finding.evidence.contrary_codes:
            by_code[code].add(finding.id)

    def expand(held: set[str]) -> set[str]:
        found: set[str] = set()
        for code in held:
            found.update(lineage.get(code, (code,)))
        return found

    for segment_id, decisions in tracked(decided.items(), on_progress, len(decided),
                                         COLLECTING):
        accepted = {c for c, status in decisions.items() if status == ACCEPTED}
        standing = {c for c, status in decisions.items() if status != REJECTED}
        if not standing:
            continue
        held_accepted, held_all = expand(accepted), expand(standing)
        weaker = tier_of(SUGGESTED, segment_id in reviewed)
        for code in held_all if with_codes else ():
            if code in codes:
                codes[code].support[segment_id] = \
                    TIER_ACCEPTED if code in held_accepted else weaker
        for finding_id in set().union(*(by_code.get(c, ()) for c in held_all)):
            rule = codebook.findings[finding_id].evidence
            # (most segments hold no accepted code yet: skip those tests then)
            if held_accepted and rule.supported_by(held_accepted, themes_of):
                findings[finding_id].support[segment_id] = TIER_ACCEPTED
            elif rule.supported_by(held_all, themes_of):
                findings[finding_id].support[segment_id] = weaker
            if held_accepted and rule.contradicted_by(held_accepted):
                findings[finding_id].contrary[segment_id] = TIER_ACCEPTED
            elif rule.contradicted_by(held_all):
                findings[finding_id].contrary[segment_id] = weaker
    for segment, finding in counted_links(store, coder):
        if finding in findings:
            findings[finding].support[segment] = TIER_ACCEPTED
    return findings, codes


class Evidence:
    """Every finding's (and code's) supporting and contrary segments, each with
    its tier, collected in one pass over the store. Reports for any status are
    derived from it without touching the store again."""

    def __init__(self, store: Store, codebook: Codebook, coder: str | None = None,
                 with_codes: bool = True, on_progress: Progress | None = None):
        self.codebook = codebook
        if coder:   # a coder who made no decision would count nothing, silently
            require_coders(store, coder if isinstance(coder, tuple) else (coder,))
        self.coder = coder
        self.population, self.people = _population(store, codebook)
        people = self.people
        self.small_cells = small_cells(people.values(), codebook.reporting.min_cell_size,
                                       self.population.labels)
        # segment -> (transcript, respondent id or None for a group answer, language)
        self.where = {s.id: (s.transcript_id, s.respondent_id if s.respondent_id in people
                             and not people[s.respondent_id].is_group else None, s.language)
                      for s in store.segments(with_text=False)}
        self.findings, self.codes = _collect(store, codebook, coder, with_codes, on_progress)

    def report(self, kind: str = "finding", status: str = DEFAULT_STATUS) -> TallyReport:
        """The tallies of every finding (or code) counted under `status`."""
        check_status(status)
        subjects = self.findings if kind == "finding" else self.codes
        tiers = COUNTED_TIERS[status]
        return TallyReport(status, self.coder, self.population, tuple(
            _tally_one(self.codebook, kind, subject_id, found, tiers, self.population,
                       self.people, self.where, self.small_cells)
            for subject_id, found in subjects.items()), self.small_cells)

    def applied_codes(self, status: str = DEFAULT_STATUS) -> set[str]:
        """Codes (counting their child codes) on at least one segment under `status`."""
        tiers = COUNTED_TIERS[check_status(status)]
        return {code for code, found in self.codes.items()
                if any(tier in tiers for tier in found.support.values())}


def tallies(store: Store, codebook: Codebook, status: str = DEFAULT_STATUS,
            coder: str | None = None, on_progress: Progress | None = None
            ) -> tuple[TallyReport, TallyReport]:
    """(findings, codes) tallies from one pass over the store; see `tally`."""
    evidence = Evidence(store, codebook, coder, on_progress=on_progress)
    return evidence.report("finding", status), evidence.report("code", status)


def tally(store: Store, codebook: Codebook, status: str = DEFAULT_STATUS,
          coder: str | None = None, kind: str = "finding",
          on_progress: Progress | None = None) -> TallyReport:
    """Respondents supporting each finding (kind='finding') or code
    (kind='code', a code counting its descendants), by respondent type,
    institution, region and language, with strength of evidence.

    `status` chooses which codings count (see STATUS_DESCRIPTIONS); rejected
    codings never count. `coder`: only that coder's decisions and links;
    default the latest decision by anyone. `on_progress` hears of each coded
    segment counted."""
    if kind not in ("finding", "code"):
        raise ValueError(f"kind must be 'finding' or 'code', not {kind!r}")
    check_status(status)
    return Evidence(store, codebook, coder, with_codes=kind == "code",
                    on_progress=on_progress).report(kind, status)


def _tally_one(codebook: Codebook, kind: str, subject_id: str, found: _Support,
               counted_tiers: frozenset, population: Population, people: dict,
               where: dict, identifying: dict | None = None) -> Tally:
    # One pass over the subject's segments collects (respondent, language)
    # pairs; the breakdowns are then counted per respondent, not per segment.
    counted: list[str] = []
    pairs: set[tuple[str, str]] = set()
    transcripts: dict[str, None] = {}
    group_answers: dict[str, None] = {}
    unreviewed = all_unreviewed = 0
    for segment_id, tier in found.support.items():
        place = where.get(segment_id)
        if place is None:
            continue
        if tier == TIER_UNREVIEWED:
            all_unreviewed += 1
        if tier not in counted_tiers:
            continue
        counted.append(segment_id)
        unreviewed += tier == TIER_UNREVIEWED
        transcript_id, respondent_id, language = place
        transcripts[transcript_id] = None
        if respondent_id is None:
            group_answers[transcript_id] = None
        else:
            pairs.add((respondent_id, language or NOT_RECORDED))
    supporters = sorted({respondent for respondent, _ in pairs})
    hits: dict[str, dict[str, int]] = {dim: defaultdict(int) for dim in population.groups}
    for respondent_id in supporters:
        person = people[respondent_id]
        for dim in population.attributes:
            hits[dim][person.attribute(dim) or NOT_RECORDED] += 1
    for _, language in pairs:
        hits["language"][language] += 1
    by = {dim: {g: Share(hits[dim].get(g, 0), total)
                for g, total in groups.items()} for dim, groups in population.groups.items()}
    contrary_segments = sorted(s for s, tier in found.contrary.items()
                               if tier in counted_tiers and s in where)
    contrary = sorted({where[s][1] for s in contrary_segments if where[s][1] is not None})
    n_types = sum(1 for share in by["type"].values() if share.n)
    n_regions = sum(1 for g, share in by["region"].items() if share.n and g != NOT_RECORDED)
    strength = strength_of(len(supporters), n_types, n_regions, codebook.reporting,
                           unreviewed / len(counted) if counted else 0.0, len(contrary))
    if kind == "finding":
        finding = codebook.findings[subject_id]
        statement, loi = finding.statement, finding.loi
    else:
        code = codebook.codes[subject_id]
        statement, loi = code.name, code.loi
    groups = tuple(sorted(group_answers))
    sentence = support_sentence(by["type"], population.labels,
                                Share(len(supporters), population.respondents), groups,
                                codebook.reporting)
    return Tally(
        kind=kind, id=subject_id, statement=statement, loi=loi,
        respondents=tuple(supporters), population=population.respondents, by=by,
        group_answers=groups, transcripts=tuple(sorted(transcripts)),
        segments=tuple(sorted(counted)), unreviewed_segments=unreviewed,
        all_segments=len(found.support), all_unreviewed_segments=all_unreviewed,
        contrary_respondents=tuple(contrary), contrary_segments=tuple(contrary_segments),
        strength=strength, sentence=sentence,
        identifiable=tuple(r for r in supporters if r in (identifying or {})),
    )


def evidence_for(finding_id: str, store: Store, codebook: Codebook,
                 status: str = DEFAULT_STATUS, coder: str | None = None) -> Tally:
    """The tally of one finding (computing it costs a full pass; for many
    findings call `tally` once)."""
    if finding_id not in codebook.findings:
        from .codebook import did_you_mean
        raise NotFoundError(Problem(Location(codebook.path), f"no finding '{finding_id}'",
                                    did_you_mean(finding_id, sorted(codebook.findings))))
    report = tally(store, codebook, status, coder)
    return next(t for t in report.tallies if t.id == finding_id)
