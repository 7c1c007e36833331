"""A review session without any UI: the ordered segments of the chosen
transcripts, where the coder is, what the right-hand pane shows for a
segment, and the coder's actions on the current segment.

The Textual screen (`kiicode.review.tui`) only renders what this returns and
calls these methods, so everything here is testable without a terminal."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..analysis import effective_codings, findings_supported, with_ancestors
from ..codebook import Codebook
from ..errors import KiicodeError, Location, Problem
from ..nlp import fold
from ..store import AUTO_CODER, Memo, Store
from ..transcripts.models import INTERVIEWER, Respondent, Segment, Turn
from .actions import ACCEPTED, REJECTED, Coder

PENDING = "pending"


@dataclass(frozen=True)
class CodeRow:
    """A code on the current segment: a suggestion, a hand-added code, or both."""

    code: str
    name: str
    suggested: bool          # the machine suggested it
    score: float | None      # the suggestion's score
    patterns: tuple[str, ...]  # the patterns that fired (why)
    status: str              # this coder's decision: pending | accepted | rejected
    origin: str              # auto | manual
    evidence: tuple[dict, ...] = ()
    tier: str = "pattern"    # the suggestion's tier: pattern | similar


@dataclass(frozen=True)
class FindingRow:
    finding: str
    statement: str
    supported: bool          # the segment's codes (as this coder holds them) support it
    linked_by: tuple[str, ...]  # coders who linked it by hand
    likely: int = 0          # its rank (1-3) among the segment's likely findings, 0 if not
    score: float = 0.0       # its likely-finding score
    supported_by: tuple[str, ...] = ()  # names of the segment's codes that support it


@dataclass(frozen=True)
class SegmentView:
    """Everything the right-hand pane shows for one segment."""

    segment: Segment
    respondent: Respondent | None
    codes: tuple[CodeRow, ...]
    findings: tuple[FindingRow, ...]
    memos: tuple[Memo, ...]
    reviewed: bool
    asked: str = ""    # what the interviewer's question pointed at (ranking.describe_asked)

    @property
    def suggestions(self) -> tuple[CodeRow, ...]:
        return tuple(c for c in self.codes if c.suggested)

    @property
    def accepted(self) -> tuple[CodeRow, ...]:
        return tuple(c for c in self.codes if c.status == ACCEPTED)

    def likely(self, rank: int) -> FindingRow | None:
        """The segment's likely finding of that rank (1-3), to link with one key."""
        return next((f for f in self.findings if f.likely == rank), None)

    def marks(self) -> list[tuple[int, int]]:
        """(start, end) within the segment text of the words that fired the
        patterns of codes not rejected, to mark them on screen."""
        found = set()
        for code in self.codes:
            if code.status == REJECTED:
                continue
            for item in code.evidence:
                if "start" not in item:    # an exemplar: no span in this segment
                    continue
                start, end = item["start"] - self.segment.start, item["end"] - self.segment.start
                if 0 <= start < end <= len(self.segment.text):
                    found.add((start, end))
        return sorted(found)


@dataclass(frozen=True)
class Progress:
    reviewed: int
    total: int
    position: int            # 1-based position of the current segment
    shown: int               # segments navigable under the current filter

    def __str__(self) -> str:
        return f"{self.reviewed}/{self.total} reviewed"


@dataclass(frozen=True)
class SearchHit:
    """A code or finding found by the fuzzy search, and what matched."""

    id: str
    name: str
    matched: str
    score: float


class ReviewSession:
    """One coder reviewing some transcripts (all of them by default)."""

    def __init__(self, store: Store, codebook: Codebook, coder: str,
                 transcripts: list[str] | None = None, blind: bool = False):
        self.store = store
        self.codebook = codebook
        self.coder = Coder(store, codebook, coder)
        self.blind = blind   # double-coding: only this coder's set, nobody else's work shown
        ids = list(dict.fromkeys(transcripts)) if transcripts else \
            [t.id for t in store.transcripts()]
        self.segments: list[Segment] = []
        for transcript_id in ids:
            store.transcript(transcript_id)   # unknown ids fail with did-you-mean
            self.segments += store.segments(transcript_id)
        if blind:
            wanted = store.double_coding(coder).get(coder, {})
            if not wanted:
                raise KiicodeError(Problem(Location(store.path), f"'{coder}' has no "
                                           "double-coding set", "draw one first: kiicode "
                                           f"sample --coders {coder} OTHER --share 0.2"))
            self.segments = [s for s in self.segments if s.id in wanted]
        if not self.segments:
            raise KiicodeError(Problem(Location(store.path), "no segments to review",
                                       "ingest transcripts first: kiicode ingest FOLDER"))
        self._index = {s.id: i for i, s in enumerate(self.segments)}
        self._transcript_cache: dict[str, tuple[str, list[Turn], dict[str, Respondent]]] = {}
        self.filter: tuple[str, str] | None = None
        self._visible: list[int] = list(range(len(self.segments)))
        self.position = self.resume_position()

    @property
    def name(self) -> str:
        return self.coder.name

    # --- where the coder is ---------------------------------------------------
    @property
    def current(self) -> Segment:
        return self.segments[self.position]

    def reviewed_ids(self) -> set[str]:
        return set(self.store.reviewed(self.name))

    def resume_position(self) -> int:
        """The first segment this coder has not reviewed (the last one if all are)."""
        done = self.reviewed_ids()
        for i, segment in enumerate(self.segments):
            if segment.id not in done:
                return i
        return len(self.segments) - 1

    def progress(self) -> Progress:
        done = self.reviewed_ids()
        return Progress(sum(1 for s in self.segments if s.id in done), len(self.segments),
                        self.position + 1, len(self._visible))

    def go_to(self, segment_id: str) -> Segment:
        if segment_id not in self._index:
            self.store.segment(segment_id)  # unknown anywhere: NotFoundError
            raise KiicodeError(Problem(Location(self.store.path),
                                       f"segment '{segment_id}' is not in this session",
                                       "open its transcript: kiicode review TRANSCRIPT"))
        self.position = self._index[segment_id]
        return self.current

    def next(self) -> Segment:
        later = [i for i in self._visible if i > self.position]
        if later:
            self.position = later[0]
        return self.current

    def previous(self) -> Segment:
        earlier = [i for i in self._visible if i < self.position]
        if earlier:
            self.position = earlier[-1]
        return self.current

    def next_unreviewed(self) -> Segment | None:
        """Move to the next segment (wrapping) this coder has not reviewed;
        None when every navigable segment is reviewed."""
        done = self.reviewed_ids()
        ordered = ([i for i in self._visible if i > self.position] +
                   [i for i in self._visible if i <= self.position])
        for i in ordered:
            if self.segments[i].id not in done:
                self.position = i
                return self.current
        return None

    def search(self, query: str) -> Segment | None:
        """Move to the next segment (wrapping) whose text holds `query`,
        ignoring case and accents; None when no segment does."""
        wanted = fold(query.strip())
        if not wanted:
            return None
        count = len(self.segments)
        for step in range(1, count + 1):
            i = (self.position + step) % count
            if wanted in fold(self.segments[i].text):
                self.position = i
                return self.current
        return None

    # --- filter ------------------------------------------------------------------
    def set_filter(self, kind: str | None, target: str | None = None) -> int:
        """Navigate only segments holding a code (suggested, or by this coder)
        or supporting / linked to a finding; kind None clears the filter.
        Returns how many segments remain; moves to the first if the current
        one is filtered out."""
        if kind is None:
            self.filter = None
            self._visible = list(range(len(self.segments)))
            return len(self._visible)
        if kind == "code":
            self.coder.require_code(target)
            wanted = self._segments_with_code(target)
        elif kind == "finding":
            self.coder.require_finding(target)
            wanted = self._segments_for_finding(target)
        else:
            raise KiicodeError(f"cannot filter by '{kind}'; use code or finding")
        self.filter = (kind, target)
        self._visible = [i for i, s in enumerate(self.segments) if s.id in wanted]
        if self._visible and self.position not in self._visible:
            self.position = self._visible[0]
        return len(self._visible)

    def _segments_with_code(self, code: str) -> set[str]:
        return {c.segment for c in self.store.codings(code=code)
                if c.coder in (AUTO_CODER, self.name) and c.status != REJECTED
                and c.segment in self._index}

    def _segments_for_finding(self, finding: str) -> set[str]:
        linked = {link.segment for link in self.store.finding_links() if link.finding == finding
                  and (not self.blind or link.coder == self.name)}
        ids = [s.id for s in self.segments]
        supported = set()
        for segment_id, codes in effective_codings(self.store, self.name, ids).items():
            held = {c: sc.score for c, sc in codes.items() if sc.status != REJECTED}
            if any(f == finding for f, _ in findings_supported(self.codebook, held)):
                supported.add(segment_id)
        return (linked | supported) & set(ids)

    # --- what the panes show -------------------------------------------------------
    def transcript_of(self, segment: Segment) -> tuple[str, list[Turn], dict[str, Respondent]]:
        """(text, turns, respondents by id) of the segment's transcript, cached."""
        tid = segment.transcript_id
        if tid not in self._transcript_cache:
            self._transcript_cache[tid] = (
                self.store.transcript(tid).text, self.store.turns(tid),
                {r.id: r for r in self.store.respondents(tid)})
        return self._transcript_cache[tid]

    def type_label(self, respondent: Respondent) -> str:
        """The respondent's type as the codebook names it ("NGO staff", not ngo_staff)."""
        rtype = self.codebook.respondent_types.get(respondent.type)
        return rtype.label if rtype else respondent.type

    def segments_of(self, transcript_id: str) -> list[Segment]:
        return [s for s in self.segments if s.transcript_id == transcript_id]

    def view(self, segment: Segment | None = None) -> SegmentView:
        # imported here, not at the top: the ranker brings numpy, and every command's
        # start-up imports this module through kiicode.review (kiicode/cli/deliverables.py)
        from ..ranking import describe_asked

        segment = segment or self.current
        rows = self.store.codings([segment.id])
        suggested = {r.code: r for r in rows if r.coder == AUTO_CODER}
        mine = {r.code: r for r in rows if r.coder == self.name}
        codes = []
        for code in sorted(suggested.keys() | mine.keys(),
                           key=lambda c: (c not in suggested,
                                          -(suggested[c].score or 0) if c in suggested else 0, c)):
            hint = suggested.get(code)
            decision = mine.get(code)
            evidence = tuple(hint.evidence) if hint else ()
            codes.append(CodeRow(
                code=code,
                name=self.codebook.codes[code].name if code in self.codebook.codes else code,
                suggested=hint is not None,
                score=hint.score if hint else None,
                patterns=tuple(dict.fromkeys(e.get("pattern", "") for e in evidence)),
                status=decision.status if decision else PENDING,
                origin=decision.origin if decision else "auto",
                evidence=evidence, tier=hint.tier if hint else "pattern"))
        held = {c.code: (c.score or 1.0) for c in codes if c.status != REJECTED
                and c.code in self.codebook.codes}
        supported = dict(findings_supported(self.codebook, held))
        linked: dict[str, list[str]] = {}
        for link in self.store.finding_links([segment.id]):
            if not self.blind or link.coder == self.name:
                linked.setdefault(link.finding, []).append(link.coder)
        outlook = self.store.outlooks([segment.id]).get(segment.id)
        likely = {f: (rank, score) for rank, (f, score) in
                  enumerate(outlook.findings if outlook else (), 1)}
        findings = tuple(sorted(
            (FindingRow(f, self.codebook.findings[f].statement_in(segment.language)
                        if f in self.codebook.findings else "", f in supported,
                        tuple(sorted(linked.get(f, ()))), *likely.get(f, (0, 0.0)),
                        self._supporting(f, held) if f in supported else ())
             for f in supported.keys() | linked.keys() | likely.keys()),
            key=lambda row: (not row.likely, row.likely, _finding_order(row.finding))))
        text, turns, respondents = self.transcript_of(segment)
        questions = {t.number: text[t.start:t.end] for t in turns if t.role == INTERVIEWER}
        return SegmentView(segment, respondents.get(segment.respondent_id), tuple(codes),
                           findings, tuple(m for m in self.store.memos("segment", segment.id)
                                           if not self.blind or m.coder == self.name),
                           segment.id in self.store.reviewed(self.name),
                           describe_asked(outlook, questions))

    def _supporting(self, finding: str, held: dict[str, float]) -> tuple[str, ...]:
        """Names of the held codes (or their children) that a finding's evidence rule names."""
        wanted = set(self.codebook.findings[finding].evidence.codes)
        return tuple(self.codebook.codes[c].name for c in sorted(held)
                     if with_ancestors(self.codebook, {c}) & wanted)

    # --- searching the codebook ------------------------------------------------------
    def search_codes(self, query: str, limit: int = 8) -> list[SearchHit]:
        """Codes whose id, name or Spanish/English pattern terms are close to
        `query` (accent- and case-insensitive), best first."""
        choices: list[tuple[str, str]] = []
        for code in self.codebook.codes.values():
            choices += [(code.id, code.id), (code.id, code.name)]
            for language, terms in code.patterns.terms.items():
                choices += [(code.id, f"{term} ({language})") for term in terms]
        return self._search(query, choices, {c.id: c.name for c in self.codebook.codes.values()},
                            limit)

    def search_findings(self, query: str, limit: int = 8) -> list[SearchHit]:
        """Findings whose id or statement is close to `query`."""
        choices = [(f.id, f.id) for f in self.codebook.findings.values()]
        choices += [(f.id, f.statement) for f in self.codebook.findings.values()]
        names = {f.id: f.statement for f in self.codebook.findings.values()}
        return self._search(query, choices, names, limit)

    @staticmethod
    def _search(query: str, choices: list[tuple[str, str]], names: dict[str, str],
                limit: int) -> list[SearchHit]:
        if not query.strip():
            return [SearchHit(i, name, i, 0.0) for i, name in sorted(names.items())][:limit]
        folded = [fold(text.replace("_", " ").replace("*", "").lstrip("~"))
                  for _, text in choices]
        wanted = fold(query.replace("_", " "))
        best: dict[str, SearchHit] = {}
        for _, score, index in process.extract(wanted, folded, scorer=fuzz.WRatio,
                                               limit=None, score_cutoff=50):
            item_id, text = choices[index]
            if folded[index].startswith(wanted):
                score = max(score, 100.0)   # a prefix typed so far is the best hint
            if item_id not in best or score > best[item_id].score:
                best[item_id] = SearchHit(item_id, names[item_id], text, score)
        return sorted(best.values(), key=lambda h: (-h.score, h.id))[:limit]

    # --- actions on the current segment ------------------------------------------------
    def accept(self, code: str) -> None:
        self.coder.accept(self.current.id, code)

    def reject(self, code: str) -> None:
        self.coder.reject(self.current.id, code)

    def accept_all(self) -> list[str]:
        return self.coder.accept_all(self.current.id)

    def assign(self, code: str) -> None:
        self.coder.assign(self.current.id, code)

    def remove(self, code: str) -> bool:
        return self.coder.unassign(self.current.id, code)

    def link(self, finding: str) -> None:
        self.coder.link(self.current.id, finding, linked=True)

    def unlink(self, finding: str) -> None:
        self.coder.link(self.current.id, finding, linked=False)

    def memo(self, text: str) -> int:
        return self.coder.memo(self.current.id, text)

    def mark_reviewed(self) -> None:
        self.coder.mark_reviewed(self.current.id)

    def undo(self) -> str | None:
        """Undo the coder's last decision and move to the segment it was on."""
        undone = self.coder.undo()
        if undone:
            for word in reversed(undone.split()):
                if word in self._index:
                    self.position = self._index[word]
                    break
        return undone


# How a pattern of each kind matched, said to a coder rather than a codebook
# author: `{pattern}` is the pattern as written, without its `*` or `~`.
HOW_MATCHED = {"prefix": 'words starting "{pattern}"', "fuzzy": 'close to "{pattern}"',
               "near": "words near each other", "regex": ""}


def plain_evidence(evidence: list[dict] | tuple[dict, ...], limit: int = 4) -> str:
    """A suggestion's evidence in one line for the review screen: the words
    that fired, in quotes, and how they matched when that is not plain, never
    a pattern's syntax (a regex, a near(...) rule, `taller*`, `~rotación`),
    which `kiicode why` shows for whoever edits the codebook."""
    parts: list[str] = []
    for item in evidence:
        kind = item.get("kind")
        text = " ".join(str(item.get("text", "")).split())
        pattern = str(item.get("pattern", "")).rstrip("*").lstrip("~")
        if kind == "similar":
            part = f'shares "{text}" with its {", ".join(item.get("fields") or ["codebook"])}'
        elif kind == "weak":
            part = "weak: the closest code, nothing else fits"
        elif kind == "exemplar":
            part = f"like {item.get('segment', '')}, accepted by {item.get('coder', '')}"
        elif kind in HOW_MATCHED:
            how = HOW_MATCHED[kind].format(pattern=pattern)
            part = f'"{text}" ({how})' if how else f'"{text}"'
        elif fold(pattern) == fold(text):
            part = f'"{text}"'
        else:   # a phrase matched in another form (capacitaciones for capacitación)
            part = f'"{text}" (a form of "{pattern}")'
        if part not in parts:
            parts.append(part)
    shown = parts[:limit] + ([f"+{len(parts) - limit} more"] if len(parts) > limit else [])
    return "; ".join(shown)


def _finding_order(finding_id: str) -> tuple:
    digits = "".join(ch for ch in finding_id if ch.isdigit())
    return (finding_id.rstrip("0123456789"), int(digits) if digits else 0, finding_id)
