"""The evidence matrix deliverable as plain tables: one row per quote x
finding, a summary per finding, the recommendation -> conclusion -> finding
chain, the codebook, the respondents and the method. The xlsx, csv and jsonl
writers all take these tables; none of them computes anything. See
docs/export.md.

Every count comes from `analysis.Evidence`, the one pass `kiicode tally` and
`kiicode audit` make, so a finding's rows in the matrix are exactly the
quotes its tally counts."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from .. import __version__
from ..analysis import (
    DEFAULT_STATUS,
    NO_STRENGTH,
    REJECTED,
    STATUS_DESCRIPTIONS,
    TIER_ACCEPTED,
    TIER_REVIEWED,
    TIER_UNREVIEWED,
    Evidence,
    Tally,
    Whose,
    check_status,
    counted_links,
    counts_under,
    decide,
    plural,
    reviewed_segments,
    tier_of,
    with_ancestors,
)
from ..audit import CHECKS, ERROR, WARNING, AuditReport, audit
from ..codebook import Codebook, attribute_name, did_you_mean
from ..errors import Location, NotFoundError, Problem
from ..pii.cells import SmallCell
from ..pii.guard import PrivacyCheck, memo_texts, require_no_pii, segment_texts
from ..progress import Progress
from ..store import Store
from ..transcripts.models import Respondent, Segment
from .grids import (
    BY_CODE,
    CONTEXT,
    TurnText,
    check_dimensions,
    context_table,
    framework_matrix,
    heat_map,
    memo_text,
    memos_by_target,
    memos_table,
    short_quote,
)
from .tables import Column, Link, Table

SEP = "; "
# Fields of the rows Store.coding_patterns() returns.
CODER, STATUS, ORIGIN, PATTERNS = 2, 3, 5, 6
TIER_ORDER = (TIER_ACCEPTED, TIER_REVIEWED, TIER_UNREVIEWED)
Quotes = dict[str, list[tuple[str, str]]]   # finding -> (segment, evidence tier)
WEAK, ERROR_MARK, WARNING_MARK = "weak", "error", "warning"
GROUP_ANSWER = "(unattributed group answer)"


@dataclass(frozen=True)
class MatrixOptions:
    """What to count and which rows to keep. `findings`, `lois` restrict the
    evidence matrix and the finding summary; `themes`, `respondent_types`,
    `languages` restrict the evidence matrix rows. Empty means no filter."""

    status: str = DEFAULT_STATUS
    coder: Whose = None   # whose decisions count (see analysis.Whose)
    findings: tuple[str, ...] = ()
    lois: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    respondent_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()   # NAME=VALUE: the same name twice means either value
    all_quotes: bool = False
    allow_pii: bool = False   # write quotes that hold undecided personal data (pii.guard)
    # breakdowns: "code" gives the framework matrix a column per code; any
    # other tally dimension or respondent attribute adds heat map columns
    by: tuple[str, ...] = ()

    def filters(self) -> list[str]:
        """The filters in force, as 'finding: F1, F3' (the option's name)."""
        named = (("finding", self.findings), ("loi", self.lois), ("theme", self.themes),
                 ("respondent-type", self.respondent_types), ("language", self.languages),
                 ("attribute", self.attributes))
        return [f"{option}: {', '.join(values)}" for option, values in named if values]


EVIDENCE_MATRIX, FINDING_SUMMARY = "Evidence matrix", "Finding summary"
# The printed columns come first (a reader's), then those that explain or
# locate a row on screen only; finding and respondent stay in view.
MATRIX_COLUMNS = (
    Column("finding", "Finding", 8),
    Column("respondent", "Respondent", 13, wrap=True),
    Column("respondent_type", "Respondent type", 14, wrap=True),
    Column("region", "Region", 10, wrap=True),
    Column("quote", "Quote (original language)", 76, wrap=True),
    Column("codes", "Code(s)", 20, wrap=True),
    Column("segment", "Segment", 13),
    Column("review_status", "Review status", 11),
    Column("institution", "Institution", 14, wrap=True, printed=False),
    # (the respondent attributes' columns go here: see matrix_columns)
    Column("conclusions", "Conclusion(s)", 11, printed=False),
    Column("finding_statement", "Finding statement", 40, wrap=True, printed=False),
    Column("loi", "Line of inquiry", 16, printed=False),
    Column("questions", "Evaluation question(s)", 14, printed=False),
    Column("themes", "3P theme(s)", 14, printed=False),
    Column("recommendations", "Recommendation(s)", 14, printed=False),
    Column("language", "Language", 9, printed=False),
    Column("transcript", "Transcript", 13, printed=False),
    Column("turn", "Turn", 6, printed=False),
    Column("paragraph", "Paragraph", 9, printed=False),
    Column("start", "Start", 8, printed=False),
    Column("end", "End", 8, printed=False),
    Column("support", "Support", 14, printed=False),
    Column("coder", "Coder(s)", 10, printed=False),
    Column("patterns", "Patterns fired", 30, wrap=True, sizes_row=False, printed=False),
    Column("attribution_risk", "Attribution risk", 40, wrap=True, sizes_row=False,
           printed=False),
)


ATTRIBUTES_AFTER = "institution"


def attribute_columns(codebook: Codebook, names: Iterable[str], taken: Iterable[str] = (),
                      printed: bool = True) -> tuple[Column, ...]:
    """One column per respondent attribute, headed by its codebook label;
    a key that another column already uses is prefixed 'attribute_'."""
    taken = set(taken)
    columns = []
    for name in names:
        declared = codebook.attributes.get(name)
        header = declared.label if declared else name.replace("_", " ").capitalize()
        columns.append(Column(f"attribute_{name}" if name in taken else name, header, 12,
                              wrap=True, printed=printed))
    return tuple(columns)


def matrix_columns(codebook: Codebook, attributes: Iterable[str]) -> tuple[Column, ...]:
    """MATRIX_COLUMNS with the attributes' columns after the institution
    (on screen only: the printed columns stay those a reader needs)."""
    at = next(i for i, c in enumerate(MATRIX_COLUMNS) if c.key == ATTRIBUTES_AFTER) + 1
    extra = attribute_columns(codebook, attributes, (c.key for c in MATRIX_COLUMNS),
                              printed=False)
    return MATRIX_COLUMNS[:at] + extra + MATRIX_COLUMNS[at:]


@dataclass
class EvidenceTables:
    """The deliverable's tables, ready for a writer, and what they counted."""

    tables: tuple[Table, ...]
    evidence_rows: int           # rows of the evidence matrix (after filters)
    counted: str                 # which statuses and whose decisions were counted
    options: MatrixOptions
    privacy: PrivacyCheck        # what the personal-data guard found in the quotes
    counted_quotes: int = 0      # quotes counted for any finding (before filters)

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


def evidence_tables(store: Store, codebook: Codebook, options: MatrixOptions | None = None,
                    on_progress: Progress | None = None) -> EvidenceTables:
    """Check the filters, read everything the tables need from the store (the
    evidence pass `tally` and `audit` make, reused for both, plus one read of
    the codings' patterns), and return the tables. Their rows are generated
    lazily from memory: the store may be closed afterwards."""
    options = options or MatrixOptions()
    check_status(options.status)
    filters = _Filters.check(codebook, options)
    evidence = Evidence(store, codebook, options.coder, on_progress=on_progress)
    findings_report = evidence.report("finding", options.status)
    codes_report = evidence.report("code", options.status)
    report = audit(store, codebook, options.status, options.coder, evidence=evidence)
    corpus = _Corpus.read(store, codebook, options)
    filters.check_attributes(codebook, corpus.attributes, options)
    quotes = _quotes(evidence, corpus, options.status)
    matrix = _MatrixRows(codebook, corpus, quotes, filters, options, evidence.small_cells)
    tallies = {t.id: t for t in findings_report.tallies}
    by = check_dimensions(options.by, findings_report.population.dimensions, codebook)
    memos = store.memos()
    finding_memos = {f: memo_text(ms) for f, ms in memos_by_target(memos, "finding").items()}
    finding_rows = summary_rows(codebook, filters)
    labels = findings_report.population.labels
    kept = [tallies[f] for f in codebook.findings if f in finding_rows]
    turns, context_rows = _context(store, matrix)
    framework = _framework_subjects(codebook, corpus, quotes, evidence, options, by, kept,
                                    finding_memos, matrix, codes_report)
    # the text this workbook writes, scanned as it is written: the quotes of the
    # evidence matrix and the framework cells, the Transcript context turns
    # (interviewers' questions too) and the coders' memos
    privacy = require_no_pii(store, [
        *segment_texts(matrix.segments[s] for s in dict.fromkeys(
            [pair[0] for pair in matrix.pairs]
            + [s for shown in framework.support.values() for s in shown])),
        *(t.written() for t in turns), *memo_texts(memos)], allow_pii=options.allow_pii)
    findings_of: dict[str, list[str]] = defaultdict(list)
    for segment_id, finding_id, _ in matrix.pairs:
        if finding_id:
            findings_of[segment_id].append(finding_id)
    columns = matrix_columns(codebook, corpus.attributes)
    segment_at = next(i for i, c in enumerate(columns) if c.key == "segment")
    tables = (
        Table(EVIDENCE_MATRIX, "evidence_matrix", columns, matrix.rows(), frozen=2,
              links=(Link("segment", CONTEXT, lambda row: context_rows.get(row[segment_at])),)),
        _finding_summary(codebook, labels, tallies, matrix, filters, finding_memos),
        heat_map(codebook, kept, labels, by, weak_marks(codebook),
                 finding_rows, FINDING_SUMMARY),
        _framework(codebook, corpus, matrix, memos, framework),
        _traceability(report, finding_rows),
        _audit_problems(report),
        _codebook_table(codebook, {t.id: t for t in codes_report.tallies}),
        _respondents(codebook, corpus, quotes),
        memos_table(memos, codebook, matrix.segments),
        context_table(turns, findings_of),
        _method(store, codebook, options, findings_report.counted, corpus, matrix,
                findings_report.population.respondents, privacy),
    )
    return EvidenceTables(tables, len(matrix.pairs), findings_report.counted, options,
                          privacy, sum(t.quotes for t in findings_report.tallies))


@dataclass(frozen=True)
class _FrameworkSubjects:
    subjects: list[tuple[str, str]]
    support: dict[str, list[str]]    # subject -> the segments its cells may quote
    summaries: dict[str, str]
    pair_rows: dict[tuple[str, str], int]


def _framework_subjects(codebook: Codebook, corpus: _Corpus, quotes: Quotes,
                        evidence: Evidence, options: MatrixOptions, by: tuple[str, ...],
                        kept: list[Tally], finding_memos: dict[str, str], matrix: _MatrixRows,
                        codes_report) -> _FrameworkSubjects:
    """The framework matrix's rows: by finding (the findings kept by the
    filters), or by code with --by code."""
    order = {s.id: i for i, s in enumerate(corpus.segments)}
    if BY_CODE in by:
        subjects = [(c.id, f"{c.id}: {c.name}") for c in codebook.codes.values()]
        support = {code: sorted((s for s, tier in found.support.items()
                                 if s in order and counts_under(tier, options.status)),
                                key=order.__getitem__)
                   for code, found in evidence.codes.items()}
        return _FrameworkSubjects(subjects, support,
                                  {t.id: t.sentence for t in codes_report.tallies}, {})
    subjects = [(t.id, f"{t.id}: {short_quote(t.statement, 60)}") for t in kept]
    support = {f: [s for s, _ in pairs] for f, pairs in quotes.items()}
    summaries = {t.id: "\n".join(x for x in (t.sentence, finding_memos.get(t.id, "")) if x)
                 for t in kept}
    return _FrameworkSubjects(subjects, support, summaries, matrix.first_of_pair)


def _framework(codebook: Codebook, corpus: _Corpus, matrix: _MatrixRows, memos: list,
               framework: _FrameworkSubjects) -> Table:
    labels = {t: r.label for t, r in codebook.respondent_types.items()}
    return framework_matrix(codebook, framework.subjects, framework.support, matrix.segments,
                            corpus.people, labels, list(corpus.attributes), memos,
                            framework.summaries, framework.pair_rows, EVIDENCE_MATRIX)


def _context(store: Store, matrix: _MatrixRows) -> tuple[list[TurnText], dict[str, int]]:
    """The turns the evidence matrix quotes, each after the turn before it
    (usually the interviewer's question), and segment -> the row of its turn
    in the Transcript context sheet."""
    quoted: dict[str, None] = {}
    for segment_id, _, _ in matrix.pairs:
        quoted[matrix.segments[segment_id].transcript_id] = None
    segments_in: dict[tuple[str, int], list[str]] = defaultdict(list)
    for segment in matrix.segments.values():
        if segment.transcript_id in quoted:
            segments_in[(segment.transcript_id, segment.turn_no)].append(segment.id)
    turns: list[TurnText] = []
    rows: dict[str, int] = {}
    quoted_turns = {(matrix.segments[s].transcript_id, matrix.segments[s].turn_no)
                    for s, _, _ in matrix.pairs}
    for transcript_id in sorted(quoted):
        text = store.transcript(transcript_id).text
        all_turns = store.turns(transcript_id)
        for i, turn in enumerate(all_turns):
            # a quoted turn, and the turn before it (usually the question asked)
            following = all_turns[i + 1].number if i + 1 < len(all_turns) else None
            if (transcript_id, turn.number) not in quoted_turns and \
                    (transcript_id, following) not in quoted_turns:
                continue
            inside = tuple(segments_in.get((transcript_id, turn.number), ()))
            for segment_id in inside:
                rows[segment_id] = len(turns) + 2
            turns.append(TurnText(transcript_id, turn, text[turn.start:turn.end], inside))
    return turns, rows


# --- reading ---------------------------------------------------------------------

@dataclass
class _Corpus:
    """What the rows are made of, read once."""

    segments: list[Segment]
    people: dict[str, Respondent]          # respondent id -> first record
    transcripts_of: dict[str, list[str]]   # respondent id -> transcripts
    languages: dict[str, str]              # transcript id -> language
    counted_codes: dict[str, dict[str, tuple]]   # segment -> code -> deciding row (DECIDED)
    links: dict[tuple[str, str], list[str]]            # (segment, finding) -> coders
    reviewed: set[str]                                 # segments a (the) coder reviewed
    transcript_count: int
    coding_count: int
    attributes: tuple[str, ...] = ()                   # respondent attribute names, sorted
    outlooks: dict = field(default_factory=dict)       # segment -> auto-coding's Outlook

    @classmethod
    def read(cls, store: Store, codebook: Codebook, options: MatrixOptions) -> _Corpus:
        reviewed = reviewed_segments(store, options.coder)
        counted: dict[str, dict[str, tuple]] = {}
        coding_count = 0
        for segment_id, decided in decide(store.coding_patterns(), options.coder).items():
            coding_count += len(decided)
            kept = {code: row for code, row in decided.items() if row[STATUS] != REJECTED and
                    counts_under(tier_of(row[STATUS], segment_id in reviewed), options.status)}
            if kept:
                counted[segment_id] = kept
        links = counted_links(store, options.coder)
        people: dict[str, Respondent] = {}
        transcripts_of: dict[str, list[str]] = defaultdict(list)
        for r in store.respondents():
            people.setdefault(r.id, r)
            transcripts_of[r.id].append(r.transcript_id)
        transcripts = store.transcripts()
        attributes = tuple(sorted({*codebook.attributes,
                                   *(a for r in people.values() for a in r.attributes)}))
        return cls(store.segments(), people, dict(transcripts_of),
                   {t.id: t.language for t in transcripts}, counted, dict(links),
                   set(reviewed), len(transcripts), coding_count, attributes,
                   store.outlooks())


def _quotes(evidence: Evidence, corpus: _Corpus, status: str) -> Quotes:
    """finding -> (segment, tier) of the quotes counted as its evidence under
    `status`, in transcript order: exactly the quotes its tally counts."""
    order = {s.id: i for i, s in enumerate(corpus.segments)}
    quotes = {}
    for finding_id, found in evidence.findings.items():
        counted = [(s, tier) for s, tier in found.support.items()
                   if s in order and counts_under(tier, status)]
        quotes[finding_id] = sorted(counted, key=lambda pair: order[pair[0]])
    return quotes


@dataclass
class _Filters:
    findings: set[str]
    lois: set[str]
    themes: set[str]
    types: set[str]
    languages: set[str]
    attributes: dict[str, set[str]] = field(default_factory=dict)   # name -> values kept

    @classmethod
    def check(cls, codebook: Codebook, options: MatrixOptions) -> _Filters:
        """Every filter value must name something the codebook defines; all
        problems are reported at once."""
        problems: list[Problem] = []

        def known(values: tuple[str, ...], choices, kind: str) -> set[str]:
            for value in values:
                if value not in choices:
                    problems.append(Problem(Location(codebook.path), f"no {kind} '{value}'",
                                            did_you_mean(value, sorted(choices)) or
                                            f"the codebook's {kind}s: {', '.join(choices)}"))
            return set(values)

        types = set()
        for value in options.respondent_types:
            found = codebook.respondent_type_for(value)
            if found is None:
                known((value,), list(codebook.respondent_types), "respondent type")
            types.add(found or value)
        filters = cls(known(options.findings, list(codebook.findings), "finding"),
                      known(options.lois, list(codebook.lines_of_inquiry), "line of inquiry"),
                      known(options.themes, list(codebook.themes), "theme"), types,
                      known(options.languages, list(codebook.languages), "language"))
        if problems:
            raise NotFoundError(problems)
        return filters

    def check_attributes(self, codebook: Codebook, known: tuple[str, ...],
                         options: MatrixOptions) -> None:
        """`--attribute NAME=VALUE`: the name must be an attribute the project
        records (or the codebook declares), the value one it allows."""
        problems: list[Problem] = []
        for raw in options.attributes:
            name, sep, value = raw.partition("=")
            name = codebook.attribute_for(name) or attribute_name(name)
            value = value.strip()
            if not sep or not value:
                problems.append(Problem(Location(codebook.path), f"attribute filter '{raw}' "
                                        "has no value", "write NAME=VALUE, e.g. sex=female"))
                continue
            if name not in known:
                problems.append(Problem(Location(codebook.path), f"no respondent attribute "
                                        f"'{name}' in this project",
                                        did_you_mean(name, known) or
                                        f"attributes: {', '.join(known) or 'none recorded'}"))
                continue
            declared = codebook.attributes.get(name)
            allowed = declared.value_for(value) if declared else value
            if allowed is None:
                problems.append(Problem(Location(codebook.path), f"{name} '{value}' is not an "
                                        "allowed value", did_you_mean(value,
                                                                      declared.value_names())
                                        or f"use one of: {', '.join(declared.values)}"))
                continue
            self.attributes.setdefault(name, set()).add(allowed.casefold())
        if problems:
            raise NotFoundError(problems)

    def keeps_person(self, person: Respondent | None) -> bool:
        """Whether a quote's respondent passes the type and attribute filters
        (an unattributed group answer passes none)."""
        if not self.types and not self.attributes:
            return True
        if person is None or person.is_group:
            return False
        if self.types and person.type not in self.types:
            return False
        return all(person.attributes.get(name, "").casefold() in values
                   for name, values in self.attributes.items())

    def keeps_finding(self, codebook: Codebook, finding_id: str) -> bool:
        finding = codebook.findings[finding_id]
        return ((not self.findings or finding_id in self.findings) and
                (not self.lois or finding.loi in self.lois))


# --- the evidence matrix -------------------------------------------------------------

class _MatrixRows:
    """The evidence matrix: (segment, finding) pairs are chosen and numbered
    up front (cheap), so the finding summary can link to each finding's
    first row; the rows themselves are built lazily, one at a time."""

    def __init__(self, codebook: Codebook, corpus: _Corpus, quotes: Quotes,
                 filters: _Filters, options: MatrixOptions,
                 small_cells: dict[str, SmallCell] | None = None):
        self.codebook, self.corpus = codebook, corpus
        self.small_cells = small_cells or {}   # respondents their attribution identifies
        self.segments = {s.id: s for s in corpus.segments}
        self.themes_of = codebook.themes_of()
        self.theme_order = {t: i for i, t in enumerate(codebook.themes)}
        self.cites = _citations(codebook)
        self.pairs: list[tuple[str, str, str]] = []  # (segment, finding or "", tier)
        self.first_row: dict[str, int] = {}          # finding -> sheet row (header is row 1)
        self.first_of_pair: dict[tuple[str, str], int] = {}   # (respondent, finding) -> row
        self.rows_of: dict[str, int] = defaultdict(int)
        for finding_id, segment_ids in quotes.items():
            if not filters.keeps_finding(codebook, finding_id):
                continue
            for segment_id, tier in segment_ids:
                if self._keeps(segment_id, filters):
                    self.first_row.setdefault(finding_id, len(self.pairs) + 2)
                    self.first_of_pair.setdefault(
                        (self.segments[segment_id].respondent_id, finding_id),
                        len(self.pairs) + 2)
                    self.rows_of[finding_id] += 1
                    self.pairs.append((segment_id, finding_id, tier))
        if options.all_quotes and not filters.findings:
            supporting = {s for pairs in quotes.values() for s, _ in pairs}
            for segment in corpus.segments:
                codes = corpus.counted_codes.get(segment.id)
                if (codes and segment.id not in supporting
                        and self._keeps(segment.id, filters, loose=True)):
                    best = min((tier_of(row[STATUS], segment.id in corpus.reviewed)
                                for row in codes.values()), key=TIER_ORDER.index)
                    self.pairs.append((segment.id, "", best))

    def themes(self, codes: Iterable[str]) -> list[str]:
        found = {theme for code in codes for theme in self.themes_of.get(code, ())}
        return sorted(found, key=lambda t: self.theme_order.get(t, len(self.theme_order)))

    def _keeps(self, segment_id: str, filters: _Filters, loose: bool = False) -> bool:
        """Whether a quote passes the theme, respondent type and language
        filters; `loose` (a quote supporting no finding) also applies --loi to
        its codes' lines of inquiry."""
        segment = self.segments[segment_id]
        if filters.languages and segment.language not in filters.languages:
            return False
        if not filters.keeps_person(self.corpus.people.get(segment.respondent_id)):
            return False
        codes = self.corpus.counted_codes.get(segment_id, {})
        if filters.themes and not filters.themes & set(self.themes(codes)):
            return False
        if loose and filters.lois:
            return any(self.codebook.codes[c].loi in filters.lois for c in codes
                       if c in self.codebook.codes)
        return True

    def rows(self) -> Iterator[tuple]:
        book, corpus = self.codebook, self.corpus
        labels = {t: r.label for t, r in book.respondent_types.items()}
        expanded: dict[str, set[str]] = {}
        said: dict[str, str] = {}

        def patterns(segment_id: str, codes: dict[str, tuple]) -> str:
            if segment_id not in said:
                said[segment_id] = _patterns(codes)
            return said[segment_id]

        for segment_id, finding_id, tier in self.pairs:
            segment = self.segments[segment_id]
            codes = corpus.counted_codes.get(segment_id, {})
            person = corpus.people.get(segment.respondent_id)
            support, coders = "", sorted({row[CODER] for row in codes.values()})
            finding = book.findings.get(finding_id)
            if finding is not None:
                if segment_id not in expanded:
                    expanded[segment_id] = with_ancestors(book, set(codes))
                by_rule = finding.evidence.supported_by(expanded[segment_id], self.themes_of)
                linked = corpus.links.get((segment_id, finding_id), [])
                support = SEP.join(["evidence rule"] * by_rule + ["manual link"] * bool(linked))
                coders = sorted(set(coders) | set(linked))
            recommendations, conclusions = self.cites.get(finding_id, ((), ()))
            loi = book.lines_of_inquiry.get(finding.loi) if finding else None
            if finding is not None:
                questions = finding.questions or (loi.questions if loi else ())
            else:   # a quote supporting no finding: its codes' questions
                questions = tuple(dict.fromkeys(q for c in codes if c in book.codes
                                                for q in book.codes[c].questions))
            yield (
                finding_id, segment.respondent_id,
                GROUP_ANSWER if person is not None and person.is_group else
                labels.get(person.type, person.type) if person else "",
                person.region if person else "", segment.text, SEP.join(sorted(codes)),
                segment.id, tier, person.institution if person else "",
                *(person.attributes.get(a, "") if person else "" for a in corpus.attributes),
                SEP.join(conclusions), finding.statement if finding else "",
                loi.name if loi else "", SEP.join(questions), SEP.join(self.themes(codes)),
                SEP.join(recommendations), segment.language, segment.transcript_id,
                segment.turn_no, segment.para_no, segment.start, segment.end, support,
                SEP.join(c for c in coders if c), patterns(segment_id, codes),
                self.small_cells[person.id].advice
                if person is not None and person.id in self.small_cells else "",
            )


def _citations(codebook: Codebook) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """finding -> (recommendations, conclusions) that cite it."""
    conclusions: dict[str, list[str]] = defaultdict(list)
    for conclusion in codebook.conclusions.values():
        for finding_id in conclusion.findings:
            conclusions[finding_id].append(conclusion.id)
    cited_by = {c: [r.id for r in codebook.recommendations.values() if c in r.conclusions]
                for c in codebook.conclusions}
    return {f: (tuple(dict.fromkeys(r for c in cs for r in cited_by.get(c, ()))), tuple(cs))
            for f, cs in conclusions.items()}


def _patterns(codes: dict[str, tuple]) -> str:
    """'code: pattern' for every pattern that fired; codes added by hand say so."""
    found = []
    for code, row in sorted(codes.items()):
        fired = [p for p in json.loads(row[PATTERNS] or "[]") if p]
        if not fired and row[ORIGIN] == "manual":
            fired = ["(added by hand)"]
        found += [f"{code}: {pattern}" for pattern in fired]
    return SEP.join(found)


# --- the other tables -----------------------------------------------------------

def _share(t: Tally, type_id: str) -> str:
    share = t.by["type"].get(type_id)
    return str(share) if share is not None else ""


def weak_marks(codebook: Codebook) -> dict[str, str]:
    """Strength levels filled as weak: the weakest level that still has
    evidence, and none."""
    levels = sorted(codebook.reporting.strength,
                    key=lambda lv: (lv.min_respondents, lv.min_types, lv.min_regions))
    weak = {level.name: WEAK for level in levels[:1]}
    weak[NO_STRENGTH] = WEAK
    return weak


def summary_rows(codebook: Codebook, filters: _Filters) -> dict[str, int]:
    """finding -> its row in the Finding summary sheet (the header is row 1)."""
    kept = [f for f in codebook.findings if filters.keeps_finding(codebook, f)]
    return {finding_id: row for row, finding_id in enumerate(kept, 2)}


def _finding_summary(codebook: Codebook, labels: dict[str, str], tallies: dict[str, Tally],
                     matrix: _MatrixRows, filters: _Filters,
                     finding_memos: dict[str, str]) -> Table:
    any_tally = next(iter(tallies.values()), None)
    types = list(any_tally.by["type"]) if any_tally else []
    columns = (
        Column("finding", "Finding", 8), Column("statement", "Statement", 36, wrap=True),
        Column("respondents", "Respondents (n)", 11), Column("of", "Interviewed (N)", 11),
        *(Column(f"type:{t}", f"{labels.get(t, t)} (N={any_tally.by['type'][t].total})", 11)
          for t in types),
        Column("sentence", "Quantified sentence", 36, wrap=True),
        Column("strength", "Strength of evidence", 11),
        Column("loi", "Line of inquiry", 16, printed=False),
        Column("group_answers", "Unattributed group answers in", 14, printed=False),
        Column("transcripts", "Transcripts", 11, printed=False),
        Column("quotes", "Quotes", 9, printed=False),
        Column("strength_reasons", "Why this strength", 40, wrap=True, printed=False),
        Column("regions", "Regions", 20, wrap=True, printed=False),
        Column("contrary_respondents", "Contrary respondents", 11, printed=False),
        Column("conclusions", "Conclusions citing it", 12, printed=False),
        Column("memo", "Coder's summary (finding memos)", 40, wrap=True, printed=False),
        Column("matrix_rows", "Rows in evidence matrix", 11, printed=False),
        Column("first_row", "First row in evidence matrix", 12, printed=False),
    )

    def rows() -> Iterator[tuple]:
        for finding_id, finding in codebook.findings.items():
            if not filters.keeps_finding(codebook, finding_id):
                continue
            t = tallies[finding_id]
            loi = codebook.lines_of_inquiry.get(finding.loi)
            yield (finding_id, finding.statement, t.n, t.population,
                   *(_share(t, type_id) for type_id in types), t.sentence, t.strength.level,
                   loi.name if loi else finding.loi, SEP.join(t.group_answers),
                   len(t.transcripts), t.quotes, SEP.join(t.strength.reasons),
                   SEP.join(t.regions), len(t.contrary_respondents),
                   SEP.join(matrix.cites.get(finding_id, ((), ()))[1]),
                   finding_memos.get(finding_id, ""),
                   matrix.rows_of.get(finding_id, 0), matrix.first_row.get(finding_id))

    # the finding's id links to its first quote in the evidence matrix
    return Table(FINDING_SUMMARY, "finding_summary", columns, rows(), mark_column="strength",
                 marks=weak_marks(codebook), frozen=1,
                 links=(Link("finding", EVIDENCE_MATRIX, lambda row: row[-1]),))


def _traceability(report: AuditReport, finding_rows: dict[str, int]) -> Table:
    columns = (
        Column("recommendation", "Recommendation", 10),
        Column("recommendation_statement", "Recommendation statement", 30, wrap=True),
        Column("conclusion", "Conclusion", 10),
        Column("conclusion_statement", "Conclusion statement", 30, wrap=True),
        Column("finding", "Finding", 8),
        Column("finding_statement", "Finding statement", 30, wrap=True),
        Column("respondents", "Respondents (n)", 11), Column("of", "Interviewed (N)", 11),
        Column("quotes", "Quotes", 8), Column("strength", "Strength", 10),
        Column("level", "Audit", 8),
        Column("problems", "Audit problems", 50, wrap=True, printed=False),
    )
    messages: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in report.problems:
        for subject in p.ids:
            messages[(subject, p.check)].append(p.message)

    def problems_of(*nodes) -> tuple[str, str]:
        found, levels = [], set()
        for node in nodes:
            for check in node.checks if node is not None else ():
                levels.add(CHECKS[check][0])
                said = messages.get((node.id, check)) or [check]
                found += [f"{check}: {m}" for m in said if f"{check}: {m}" not in found]
        level = ERROR if ERROR in levels else WARNING if levels else ""
        return level, SEP.join(found)

    def row(rec, conclusion, finding) -> tuple:
        t = finding.tally if finding is not None else None
        level, problems = problems_of(rec, conclusion, finding)
        return (rec.id if rec else "", rec.statement if rec else "",
                conclusion.id if conclusion else "", conclusion.statement if conclusion else "",
                finding.id if finding else "", finding.statement if finding else "",
                t.n if t else None, t.population if t else None, t.quotes if t else None,
                t.strength.level if t else "", level, problems)

    def rows() -> Iterator[tuple]:
        for rec in report.recommendations:
            if not rec.conclusions:
                yield row(rec, None, None)
            for conclusion in rec.conclusions:
                yield from (row(rec, conclusion, f) for f in conclusion.findings)
                if not conclusion.findings:
                    yield row(rec, conclusion, None)
        for conclusion in report.unused_conclusions:
            yield from (row(None, conclusion, f) for f in conclusion.findings)
            if not conclusion.findings:
                yield row(None, conclusion, None)
        yield from (row(None, None, f) for f in report.uncited_findings)

    # a row's finding links to the finding's row in the Finding summary
    return Table("Traceability", "traceability", columns, rows(), mark_column="level",
                 marks={ERROR: ERROR_MARK, WARNING: WARNING_MARK}, mark_row=True, frozen=1,
                 links=(Link("finding", FINDING_SUMMARY,
                             lambda row: finding_rows.get(row[4])),))


def _audit_problems(report: AuditReport) -> Table:
    columns = (Column("level", "Level", 9), Column("check", "Check", 24, wrap=True),
               Column("ids", "Ids", 16, wrap=True), Column("message", "Problem", 60, wrap=True),
               Column("fix", "How to fix it", 60, wrap=True))
    rows = ((p.level, p.check, SEP.join(p.ids), p.message, p.fix) for p in report.problems)
    return Table("Audit problems", "audit_problems", columns, rows, mark_column="level",
                 marks={ERROR: ERROR_MARK, WARNING: WARNING_MARK}, mark_row=True)


def _codebook_table(codebook: Codebook, code_tallies: dict[str, Tally]) -> Table:
    columns = (
        Column("code", "Code", 22, wrap=True), Column("name", "Name", 26, wrap=True),
        Column("parent", "Parent code", 14, wrap=True),
        Column("loi", "Line of inquiry", 14, wrap=True),
        Column("definition", "Definition", 50, wrap=True),
        Column("findings", "Findings whose rule uses it", 12, wrap=True),
        Column("segments", "Segments", 9), Column("respondents", "Respondents (n)", 11),
        Column("of", "Interviewed (N)", 11),
        Column("questions", "Evaluation question(s)", 40, wrap=True, printed=False),
        Column("themes", "3P theme(s)", 14, wrap=True, printed=False),
        Column("use_when", "Use when", 40, wrap=True, printed=False),
        Column("do_not_use_when", "Do not use when", 40, wrap=True, printed=False),
    )
    used_by: dict[str, list[str]] = defaultdict(list)
    for finding in codebook.findings.values():
        for code_id in finding.evidence.codes:
            used_by[code_id].append(finding.id)

    def rows() -> Iterator[tuple]:
        for code in codebook.codes.values():
            t = code_tallies.get(code.id)
            loi = codebook.lines_of_inquiry.get(code.loi)
            questions = [f"{q}: {codebook.questions[q].text}" if q in codebook.questions else q
                         for q in code.questions]
            yield (code.id, code.name, code.parent, loi.name if loi else code.loi,
                   code.definition, SEP.join(used_by.get(code.id, ())),
                   t.quotes if t else 0, t.n if t else 0, t.population if t else 0,
                   SEP.join(questions), SEP.join(code.themes), code.use_when,
                   code.do_not_use_when)

    return Table("Codebook", "codebook", columns, rows(), mark_column="segments",
                 marks={0: WEAK}, frozen=1)


def _respondents(codebook: Codebook, corpus: _Corpus, quotes: Quotes) -> Table:
    columns = (
        Column("respondent", "Respondent", 16, wrap=True), Column("kind", "Kind", 12),
        Column("respondent_type", "Respondent type", 18, wrap=True),
        Column("institution", "Institution", 18, wrap=True),
        Column("region", "Region", 12, wrap=True),
    )
    columns += attribute_columns(codebook, corpus.attributes, ("respondent", "kind",
                                 "respondent_type", "institution", "region", "language",
                                 "transcripts", "segments", "coded_segments", "quotes",
                                 "findings"))
    columns += (
        Column("language", "Language", 9),
        Column("transcripts", "Transcript(s)", 14, wrap=True), Column("segments", "Segments", 9),
        Column("coded_segments", "Coded segments", 9),
        Column("quotes", "Quotes supporting a finding", 11),
        Column("findings", "Findings supported", 28, wrap=True),
    )
    segments: dict[str, int] = defaultdict(int)
    coded: dict[str, int] = defaultdict(int)
    respondent_of = {}
    for s in corpus.segments:
        segments[s.respondent_id] += 1
        coded[s.respondent_id] += s.id in corpus.counted_codes
        respondent_of[s.id] = s.respondent_id
    supporting: dict[str, set[str]] = defaultdict(set)
    findings: dict[str, dict[str, None]] = defaultdict(dict)
    for finding_id, pairs in quotes.items():
        for segment_id, _ in pairs:
            supporting[respondent_of[segment_id]].add(segment_id)
            findings[respondent_of[segment_id]][finding_id] = None
    labels = {t: r.label for t, r in codebook.respondent_types.items()}

    def rows() -> Iterator[tuple]:
        for rid, person in corpus.people.items():
            transcripts = corpus.transcripts_of.get(rid, [])
            languages = dict.fromkeys(corpus.languages.get(t, "") for t in transcripts)
            yield (rid, "group answers" if person.is_group else "person",
                   labels.get(person.type, person.type), person.institution, person.region,
                   *(person.attributes.get(a, "") for a in corpus.attributes),
                   SEP.join(x for x in languages if x), SEP.join(transcripts), segments[rid],
                   coded[rid], len(supporting[rid]), SEP.join(findings[rid]))

    return Table("Respondents", "respondents", columns, rows(), frozen=1)


def shown_path(path: str | Path) -> str:
    """A path as a deliverable may show it: relative to the current folder
    when inside it, else the file name alone (never a local absolute path,
    which would leak a user name or folder layout to the client)."""
    if not path:
        return ""
    if "://" in str(path):      # a database address: never its user or password
        address = urlsplit(str(path))
        return f"{address.scheme}://{address.hostname or ''}{address.path}"
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(Path(os.getcwd()).resolve()).as_posix()
    except ValueError:
        return resolved.name


def _method(store: Store, codebook: Codebook, options: MatrixOptions, counted: str,
            corpus: _Corpus, matrix: _MatrixRows, respondents: int,
            privacy: PrivacyCheck) -> Table:
    reporting = codebook.reporting
    quantifiers = sorted(reporting.quantifiers, key=lambda q: (-q.min_share, q.exclusive))
    items = [
        ("Generated", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("kiicode version", __version__),
        ("Project store", shown_path(store.path)),
        ("Codebook", f"{codebook.name} ({shown_path(codebook.path)})"),
        ("Codebook SHA-256", codebook.sha256),
        ("Codebook SHA-256 the store was coded with", store.get_meta("codebook_sha256") or ""),
        ("Transcripts", corpus.transcript_count),
        ("Respondents interviewed (N)", respondents),
        ("Segments", len(corpus.segments)),
        ("Coded segments (under the status counted)", len(corpus.counted_codes)),
        ("Codings after decisions (segment x code)", corpus.coding_count),
        ("Status counted", f"{options.status}: {STATUS_DESCRIPTIONS[options.status]}"),
        ("Counted", counted),
        ("Not final", "YES: unreviewed machine suggestions are counted" if options.status == "all"
         else "no"),
        ("Filters", SEP.join(options.filters()) or "none"),
        ("Quotes supporting no finding", "included (--all-quotes)"
         if options.all_quotes and not options.findings else "not included"),
        ("Evidence matrix rows", len(matrix.pairs)),
        ("Personal data", privacy.method_note),
        ("Attribution risk", f"quotes whose respondent is one of fewer than "
                             f"{reporting.min_cell_size} interviewed with the same type, "
                             "institution and region say so in the Attribution risk column: "
                             "report them by respondent type alone "
                             f"({len(matrix.small_cells)} such respondents; codebook "
                             "reporting.min_cell_size)"),
        ("Speaker names", "never exported: quotes are attributed by respondent id, type, "
                          "institution and region"),
        ("Counting rule", "n counts distinct respondents, never mentions; N is the number of "
                          "interviewed respondents of that group; unattributed group answers "
                          "never add to n"),
        ("Evidence rule", "a quote supports a finding when its codings meet the finding's "
                          "evidence rule in the codebook (a child code counts as its parent) "
                          "or a coder linked it by hand; rejected codings never count"),
        ("Quantifiers", "0 = no; 1 = one (the only, when N is 1); " + SEP.join(
            f"{q.word}: share {'>' if q.exclusive else '≥'} {q.min_share:.0%}"
            for q in quantifiers)),
        *((f"Strength: {level.name}",
           f"at least {plural(level.min_respondents, 'respondent')}, "
           f"{plural(level.min_types, 'respondent type')}, "
           f"{plural(level.min_regions, 'region')}")
          for level in reporting.strength),
        ("Strength downgrades", f"one level down when more than "
                                f"{reporting.max_unreviewed_share:.0%} of the quotes are "
                                "unreviewed suggestions, and one when at least as many "
                                "respondents give contrary evidence as support the finding"),
        ("Text cells", "text starting with =, +, -, @, tab or carriage return is prefixed "
                       "with ' so spreadsheets keep it as text; Excel cells hold at most "
                       "32,767 characters, longer text is cut and marked"),
        ("Documentation", "docs/reporting.md and docs/export.md in kiicode"),
    ]
    return Table("Method", "method", (Column("item", "Item", 36),
                                      Column("value", "Value", 100, wrap=True)), items)


__all__ = ["Column", "EvidenceTables", "Link", "MatrixOptions", "Table", "evidence_tables",
           "EVIDENCE_MATRIX", "FINDING_SUMMARY", "MATRIX_COLUMNS", "matrix_columns"]
