"""The deliverable's grids beside the evidence matrix: the framework matrix
(respondent x finding or code, as NVivo's framework matrix or MAXQDA's
summary grid), the heat map (finding x respondent group, n of N), the memos
and the transcript context the quotes link to. Plain tables, like those of
`export.matrix`; see docs/export.md."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..analysis import Tally, quantify
from ..codebook import Codebook, did_you_mean
from ..errors import Location, NotFoundError, Problem
from ..pii.guard import WrittenText
from ..store import Memo
from ..transcripts.models import Respondent, Segment, Turn
from .tables import Column, Link, Table

SEP = "; "
FRAMEWORK_MATRIX, HEAT_MAP, MEMOS, CONTEXT = ("Framework matrix", "Heat map", "Memos",
                                              "Transcript context")
CELL = "cell"             # memo kind of a framework matrix cell (respondent x finding/code)
CELL_SEPARATOR = "/"      # a cell memo's target: RESPONDENT/FINDING (or RESPONDENT/CODE)
QUOTES_PER_CELL = 3
SHORT_QUOTE = 90          # characters of a quote shown in a framework cell
BY_CODE = "code"          # --by code: the framework matrix has a column per code


def cell_target(respondent_id: str, subject_id: str) -> str:
    return f"{respondent_id}{CELL_SEPARATOR}{subject_id}"


def split_cell_target(target: str) -> tuple[str, str]:
    """'KII-ES-01/F3' -> ('KII-ES-01', 'F3'); the subject never holds '/'."""
    respondent, _, subject = target.rpartition(CELL_SEPARATOR)
    return respondent, subject


def short_quote(text: str, limit: int = SHORT_QUOTE) -> str:
    """The start of a quote, cut at a word, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def memo_text(memos: Iterable[Memo]) -> str:
    """Several memos on one target, oldest first, each with its coder."""
    return "\n".join(f"{m.coder}: {m.text}" for m in memos)


def memos_by_target(memos: Iterable[Memo], kind: str) -> dict[str, list[Memo]]:
    found: dict[str, list[Memo]] = defaultdict(list)
    for memo in memos:
        if memo.target_kind == kind:
            found[memo.target_id].append(memo)
    return dict(found)


def check_dimensions(values: Iterable[str], dimensions: Iterable[str],
                     codebook: Codebook) -> tuple[str, ...]:
    """The --by values, checked: 'code', or a dimension the tally breaks
    down by (type, institution, region, language, a respondent attribute);
    every problem at once, with the choices."""
    choices = [BY_CODE, *dimensions]
    problems = [Problem(Location(codebook.path), f"cannot break down by '{value}'",
                        did_you_mean(value, choices) or f"use one of: {', '.join(choices)}")
                for value in values if value not in choices]
    if problems:
        raise NotFoundError(problems)
    return tuple(dict.fromkeys(values))


# --- the heat map --------------------------------------------------------------------

def heat_map(codebook: Codebook, tallies: list[Tally], labels: dict[str, str],
             dimensions: tuple[str, ...],
             weak: dict[str, str], finding_rows: dict[str, int],
             summary_name: str) -> Table:
    """Findings x respondent types (and x each of `dimensions`): each cell
    holds n, shown as "n of N" and coloured by its share of N; then the
    quantifier word for all respondents, the quantified sentence and the
    strength. A finding's id links to its row in the Finding summary."""
    first = tallies[0] if tallies else None
    population = first.population if first else 0
    shown = ["type", *(d for d in dimensions if d not in ("type", BY_CODE))]
    blocks = [(d, {g: s.total for g, s in first.by[d].items()} if first else {})
              for d in shown]
    columns = [Column("finding", "Finding", 8), Column("statement", "Statement", 34, wrap=True),
               Column("respondents", f"All respondents (N={population})", 11,
                      number_format=_of(population), colour_scale=(0, population or 1))]
    for dimension, groups in blocks:
        for group, total in groups.items():
            name = labels.get(group, group) if dimension == "type" else f"{dimension}: {group}"
            columns.append(Column(f"{dimension}:{group}", f"{name} (N={total})", 11,
                                  number_format=_of(total), colour_scale=(0, total or 1)))
    columns += [Column("quantifier", "Quantifier (all respondents)", 12, wrap=True),
                Column("strength", "Strength of evidence", 11),
                Column("sentence", "Quantified sentence", 40, wrap=True, printed=False)]

    def rows() -> Iterator[tuple]:
        for t in tallies:
            cells = []
            for dimension, groups in blocks:
                cells += [t.by[dimension][g].n for g in groups]
            yield (t.id, t.statement, t.n, *cells,
                   quantify(t.n, t.population, codebook.reporting), t.strength.level,
                   t.sentence)

    return Table(HEAT_MAP, "heat_map", tuple(columns), rows(), mark_column="strength",
                 marks=weak, frozen=1,
                 links=(Link("finding", summary_name, lambda row: finding_rows.get(row[0])),))


def _of(total: int) -> str:
    """An Excel number format showing n as "n of N"."""
    return f'0" of {total}"'


# --- the framework matrix ----------------------------------------------------------

def framework_matrix(codebook: Codebook, subjects: list[tuple[str, str]],
                     support: dict[str, list[str]], segments: dict[str, Segment],
                     people: dict[str, Respondent], labels: dict[str, str],
                     attributes: list[str], memos: list[Memo],
                     summaries: dict[str, str], matrix_rows: dict[tuple[str, str], int],
                     matrix_name: str) -> Table:
    """One row per respondent (type, institution, region, attributes), one
    column per subject (finding or code: `subjects` is (id, header)), each
    cell the coder's cell memo where one exists, else the evidence for that
    pair: segment ids and short quotes. A last row holds each subject's
    summary (its quantified sentence and finding memos). `support`: subject
    -> its counted segments in transcript order. A cell links to the
    respondent's first quote for that finding in the evidence matrix."""
    cell_memos = memos_by_target(memos, CELL)
    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for subject_id, segment_ids in support.items():
        for segment_id in segment_ids:
            segment = segments.get(segment_id)
            if segment is not None:
                by_pair[(segment.respondent_id, subject_id)].append(segment_id)
    columns = (Column("respondent", "Respondent", 14, wrap=True),
               Column("respondent_type", "Respondent type", 14, wrap=True),
               Column("institution", "Institution", 12, wrap=True),
               Column("region", "Region", 10, wrap=True),
               *(Column(f"attribute:{a}", a, 11, wrap=True) for a in attributes),
               *(Column(f"subject:{sid}", header, 30, wrap=True) for sid, header in subjects))

    def cell(respondent_id: str, subject_id: str) -> str:
        written = cell_memos.get(cell_target(respondent_id, subject_id))
        found = by_pair.get((respondent_id, subject_id), [])
        if written:
            return "Summary — " + memo_text(written) + (f" ({SEP.join(found)})" if found else "")
        shown = [f"{s} “{short_quote(segments[s].text)}”" for s in found[:QUOTES_PER_CELL]]
        if len(found) > QUOTES_PER_CELL:
            rest = len(found) - QUOTES_PER_CELL
            shown.append(f"(+{rest} more quote{'s' if rest != 1 else ''})")
        return "\n".join(shown)

    def rows() -> Iterator[tuple]:
        for rid, person in people.items():
            kind = labels.get(person.type, person.type)
            values = person.attributes
            yield (rid, "(unattributed group answers)" if person.is_group else kind,
                   person.institution, person.region, *(values.get(a, "") for a in attributes),
                   *(cell(rid, sid) for sid, _ in subjects))
        yield ("All respondents", "", "", "", *("" for _ in attributes),
               *(summaries.get(sid, "") for sid, _ in subjects))

    def link_to(column: int) -> Callable[[tuple], int | None]:
        subject_id = subjects[column][0]
        return lambda row: matrix_rows.get((row[0], subject_id))

    links = tuple(Link(f"subject:{sid}", matrix_name, link_to(i))
                  for i, (sid, _) in enumerate(subjects)) if matrix_rows else ()
    return Table(FRAMEWORK_MATRIX, "framework_matrix", columns, rows(), frozen=1, links=links)


# --- memos and transcript context ----------------------------------------------------

MEMO_COLUMNS = (Column("memo", "Memo", 6), Column("kind", "On", 9),
                Column("target", "Target", 18, wrap=True),
                Column("about", "About", 36, wrap=True), Column("coder", "Coder", 10),
                Column("created", "Written (UTC)", 19), Column("text", "Text", 60, wrap=True))


def memo_about(memo: Memo, codebook: Codebook, segments: dict[str, Segment]) -> str:
    """What a memo's target is, in words: a quote's start, a finding's
    statement, a code's name, or for a cell the respondent and finding."""
    if memo.target_kind == "segment" and memo.target_id in segments:
        return short_quote(segments[memo.target_id].text)
    if memo.target_kind == "finding" and memo.target_id in codebook.findings:
        return codebook.findings[memo.target_id].statement
    if memo.target_kind == "code" and memo.target_id in codebook.codes:
        return codebook.codes[memo.target_id].name
    if memo.target_kind == CELL:
        respondent, subject = split_cell_target(memo.target_id)
        what = (codebook.findings[subject].statement if subject in codebook.findings else
                codebook.codes[subject].name if subject in codebook.codes else subject)
        return f"{respondent} on {subject}: {what}"
    return ""


def memo_rows(memos: Iterable[Memo], codebook: Codebook,
              segments: dict[str, Segment]) -> Iterator[tuple]:
    for m in memos:
        yield (m.id, m.target_kind, m.target_id, memo_about(m, codebook, segments), m.coder,
               m.created, m.text)


def memos_table(memos: list[Memo], codebook: Codebook, segments: dict[str, Segment]) -> Table:
    return Table(MEMOS, "memos", MEMO_COLUMNS, memo_rows(memos, codebook, segments))


@dataclass(frozen=True)
class TurnText:
    """A turn of a quoted transcript, with its text and the segments in it."""

    transcript: str
    turn: Turn
    text: str
    segments: tuple[str, ...]

    def written(self) -> WrittenText:
        """The text the Transcript context sheet writes for this turn."""
        return WrittenText(f"{self.transcript} turn {self.turn.number} (Transcript context)",
                           self.transcript, self.turn.start, self.text)


def context_table(turns: list[TurnText], findings_of: dict[str, list[str]]) -> Table:
    """Every turn of the quoted transcripts, interviewer's questions
    included, so a quote can be read in its context."""
    columns = (Column("transcript", "Transcript", 13), Column("turn", "Turn", 6),
               Column("speaker", "Speaker", 14, wrap=True), Column("role", "Role", 12),
               Column("text", "Text", 90, wrap=True),
               Column("segments", "Segments", 16, wrap=True),
               Column("findings", "Findings its quotes support", 14, wrap=True))

    def rows() -> Iterator[tuple]:
        for t in turns:
            found = dict.fromkeys(f for s in t.segments for f in findings_of.get(s, ()))
            # the speaker as the respondent id (or the role): a speaker label can
            # be a display name, and names never leave the store
            yield (t.transcript, t.turn.number, t.turn.respondent_id or t.turn.role.lower(),
                   t.turn.role.lower(), t.text, SEP.join(t.segments), SEP.join(found))

    return Table(CONTEXT, "transcript_context", columns, rows(), frozen=2)


__all__ = ["framework_matrix", "heat_map", "memos_table", "context_table", "memo_rows",
           "MEMO_COLUMNS", "FRAMEWORK_MATRIX", "HEAT_MAP", "MEMOS", "CONTEXT", "CELL",
           "cell_target", "split_cell_target", "short_quote", "check_dimensions", "BY_CODE"]
