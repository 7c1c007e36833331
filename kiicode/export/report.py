"""The findings report draft: per line of inquiry and finding, the
statement, the quantified sentence with n of N by respondent type, the
strength of evidence, contrary evidence, two or three selected quotes cited
the way evaluation reports cite them ("KII, Government official, MIMP"), the
conclusions it feeds and the recommendations behind those; a traceability
annex, the quote-selection annex and a method note. Built once
(`findings_report`), written as .docx (`write_docx`) or Markdown
(`write_markdown`). See docs/reporting.md.

Quote selection is a rule a reader can check, and a coder can override:
quotes a coder pinned come first; quotes a coder excluded never appear;
the other places go, one at a time, to the candidate whose respondent type
is not quoted yet (most distinct types first), then whose respondent is not
quoted yet, then the most reviewed (accepted, reviewed, unreviewed), then
the highest matching score, then a quote long enough to stand alone (40+
characters), then transcript order."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..analysis import (
    DEFAULT_STATUS,
    STATUS_ALL,
    STATUS_DESCRIPTIONS,
    TIER_ACCEPTED,
    TIER_REVIEWED,
    TIER_UNREVIEWED,
    Evidence,
    Tally,
    Whose,
    check_status,
    counts_under,
    effective_codings,
    plural,
    with_ancestors,
)
from ..codebook import Codebook, did_you_mean
from ..errors import ExportError, Location, NotFoundError, Problem
from ..pii.guard import memo_texts, require_no_pii, segment_texts
from ..progress import Progress
from ..store import QuoteChoice, Store
from ..transcripts.models import Respondent, Segment
from . import atomic_path
from .grids import memo_text, memos_by_target
from .matrix import shown_path

DEFAULT_QUOTES = 3
SHORT = 40                 # characters: a shorter quote rarely stands alone
TIER_RANK = {TIER_ACCEPTED: 0, TIER_REVIEWED: 1, TIER_UNREVIEWED: 2}
SELECTION_RULE = ("pinned quotes first; excluded quotes never; then, one place at a time, "
                  "the quote whose respondent type is not quoted yet (most distinct types "
                  "first), then whose respondent is not quoted yet, then the most reviewed "
                  "(accepted > reviewed > unreviewed), then the highest matching score, then "
                  f"one of at least {SHORT} characters, then transcript order")


@dataclass(frozen=True)
class Candidate:
    """A counted quote of a finding, with what the selection rule reads."""

    segment: Segment
    respondent: Respondent | None
    type_label: str
    citation: str
    score: float
    tier: str
    order: int


@dataclass(frozen=True)
class Choice:
    """One candidate's fate: chosen (and as which place) or not, and why."""

    candidate: Candidate
    chosen: bool
    reason: str


@dataclass(frozen=True)
class FindingSection:
    tally: Tally
    loi: str
    quotes: tuple[Candidate, ...]
    choices: tuple[Choice, ...]
    conclusions: tuple[tuple[str, str], ...]          # (id, statement)
    recommendations: tuple[tuple[str, str], ...]
    memo: str
    contrary: str


@dataclass(frozen=True)
class FindingsReport:
    title: str
    codebook: str
    status: str
    counted: str
    sections: tuple[tuple[str, tuple[FindingSection, ...]], ...]   # (line of inquiry, ...)
    # (recommendation, conclusion, finding, n of N, strength)
    traceability: tuple[tuple[str, str, str, str, str], ...]
    method: tuple[tuple[str, str], ...]
    labels: dict[str, str]
    quotes_shown: int

    @property
    def findings(self) -> list[FindingSection]:
        return [f for _, members in self.sections for f in members]

    @property
    def evidence_quotes(self) -> int:
        return sum(f.tally.quotes for f in self.findings)

    @property
    def not_final(self) -> bool:
        return self.status == STATUS_ALL


GENERALISED_MARK = "†"   # a citation generalised because the full one identifies the person


def citation(respondent: Respondent | None, mode: str, label: str) -> str:
    """How evaluation reports cite a KII: 'KII, Government official, MIMP'
    ('Group KII, …' for a group interview)."""
    kind = "Group KII" if mode == "group" or (respondent is not None and
                                              (respondent.is_group or respondent.label)) else "KII"
    if respondent is None or respondent.is_group:
        return f"{kind}, unattributed group answer"
    return ", ".join(x for x in (kind, label, respondent.institution) if x)


def select_quotes(candidates: list[Candidate], choices: dict[str, QuoteChoice],
                  places: int = DEFAULT_QUOTES) -> list[Choice]:
    """Apply the selection rule (module docstring) and say for every
    candidate why it was or was not chosen; chosen ones first, in order."""
    fates: dict[str, Choice] = {}
    chosen: list[Candidate] = []
    for c in candidates:
        choice = choices.get(c.segment.id)
        if choice is not None and choice.choice == "exclude":
            fates[c.segment.id] = Choice(c, False, f"excluded by {choice.coder}")
    pinned = sorted((c for c in candidates if c.segment.id in choices
                     and choices[c.segment.id].choice == "pin"),
                    key=lambda c: choices[c.segment.id].created)
    for c in pinned:
        chosen.append(c)
        fates[c.segment.id] = Choice(c, True, f"pinned by {choices[c.segment.id].coder}")
    remaining = [c for c in candidates if c.segment.id not in fates]
    while remaining and len(chosen) < places:
        types = {c.type_label for c in chosen}
        people = {c.segment.respondent_id for c in chosen}

        def rank(c: Candidate, types=types, people=people) -> tuple:
            return (c.type_label in types, c.segment.respondent_id in people,
                    TIER_RANK.get(c.tier, 3), -c.score, len(c.segment.text.strip()) < SHORT,
                    c.order)

        best = min(remaining, key=rank)
        why = [f"first {best.type_label.lower()} quoted" if best.type_label not in types
               else f"every type quoted already ({best.type_label.lower()} again)",
               f"{best.tier}", f"score {best.score:.2f}"]
        fates[best.segment.id] = Choice(best, True, "; ".join(why))
        chosen.append(best)
        remaining.remove(best)
    for c in remaining:
        fates[c.segment.id] = Choice(c, False, "not needed: the places were filled by quotes "
                                               "the rule ranks higher")
    order = {c.segment.id: i for i, c in enumerate(chosen)}
    return sorted(fates.values(), key=lambda f: (not f.chosen, order.get(
        f.candidate.segment.id, 0), f.candidate.order))


def findings_report(store: Store, codebook: Codebook, status: str = DEFAULT_STATUS,
                    coder: Whose = None, findings: tuple[str, ...] = (),
                    places: int = DEFAULT_QUOTES, allow_pii: bool = False,
                    on_progress: Progress | None = None) -> FindingsReport:
    """Everything the report says, read once from the store (the same
    evidence pass as `kiicode tally`). The quotes it shows pass the
    personal-data guard every export passes (kiicode.pii): undecided
    high-confidence hits stop it unless `allow_pii`, and the method note says
    what was checked. `on_progress` hears of the evidence pass."""
    check_status(status)
    unknown = [f for f in findings if f not in codebook.findings]
    if unknown:
        raise NotFoundError([Problem(Location(codebook.path), f"no finding '{f}'",
                                     did_you_mean(f, sorted(codebook.findings)) or
                                     "see the codebook's findings") for f in unknown])
    evidence = Evidence(store, codebook, coder, with_codes=False, on_progress=on_progress)
    report = evidence.report("finding", status)
    tallies = {t.id: t for t in report.tallies}
    labels = report.population.labels
    segments = {s.id: s for s in store.segments()}
    order = {sid: i for i, sid in enumerate(segments)}
    people = evidence.people
    modes = {t.id: t.mode for t in store.transcripts()}
    memos = memos_by_target(store.memos(), "finding")
    choices = _choices(store.quote_choices(), coder)
    wanted = [f for f in codebook.findings if not findings or f in findings]
    counted = {f: [s for s, tier in evidence.findings[f].support.items()
                   if s in segments and counts_under(tier, status)] for f in wanted}
    scores = _scores(store, codebook, coder, {s for ss in counted.values() for s in ss})
    cited = _cited(codebook)
    by_loi: dict[str, list[FindingSection]] = defaultdict(list)
    shown = 0
    for finding_id in wanted:
        finding = codebook.findings[finding_id]
        tiers = evidence.findings[finding_id].support
        candidates = []
        for s in sorted(counted[finding_id], key=order.__getitem__):
            segment = segments[s]
            person = people.get(segment.respondent_id)
            label = labels.get(person.type, person.type) if person and not person.is_group \
                else "group answer"
            cite = citation(person, modes.get(segment.transcript_id, ""), label)
            if person is not None and person.id in evidence.small_cells:
                # the attribution would identify them (pii.cells): cite the type alone
                cite = f"{cite.split(',')[0]}, {label} {GENERALISED_MARK}"
            candidates.append(Candidate(segment, person, label, cite,
                                        scores.get((s, finding_id), 1.0), tiers[s], order[s]))
        fates = select_quotes(candidates, choices.get(finding_id, {}), places)
        quotes = tuple(f.candidate for f in fates if f.chosen)
        shown += len(quotes)
        t = tallies[finding_id]
        conclusions, recommendations = cited.get(finding_id, ((), ()))
        by_loi[finding.loi].append(FindingSection(
            t, finding.loi, quotes, tuple(fates), conclusions, recommendations,
            memo_text(memos.get(finding_id, ())), _contrary(t)))
    # the text the report writes: its quotes and the finding memos it prints
    privacy = require_no_pii(store, [
        *segment_texts({q.segment.id: q.segment for members in by_loi.values()
                        for f in members for q in f.quotes}.values()),
        *memo_texts(m for f in wanted for m in memos.get(f, ()))], allow_pii=allow_pii)
    sections = tuple(
        (codebook.lines_of_inquiry[loi].name if loi in codebook.lines_of_inquiry
         else loi or "(no line of inquiry)", tuple(members))
        for loi, members in sorted(by_loi.items(), key=lambda kv: list(
            codebook.lines_of_inquiry).index(kv[0]) if kv[0] in codebook.lines_of_inquiry
            else len(codebook.lines_of_inquiry)))
    return FindingsReport(
        title=f"Findings report (draft): {codebook.name}", codebook=codebook.name,
        status=status, counted=report.counted, sections=sections,
        traceability=tuple(_traceability(codebook, tallies, set(wanted))),
        method=tuple(_method(store, codebook, report, status, places, privacy.method_note,
                             len(evidence.small_cells))),
        labels=labels,
        quotes_shown=shown)


def _choices(rows: list[QuoteChoice], coder: Whose) -> dict[str, dict[str, QuoteChoice]]:
    """finding -> segment -> the choice that holds: the latest, by the lead
    coder alone when --coder names one."""
    found: dict[str, dict[str, QuoteChoice]] = defaultdict(dict)
    for row in rows:
        if isinstance(coder, str) and row.coder != coder:
            continue
        found[row.finding][row.segment] = row     # rows come oldest first
    return found


def _scores(store: Store, codebook: Codebook, coder: Whose,
            wanted: set[str]) -> dict[tuple[str, str], float]:
    """(segment, finding) -> the best score of the segment's codes that the
    finding's rule uses (a hand-added code or a manual link counts as 1)."""
    decided = effective_codings(store, coder, sorted(wanted))
    scores: dict[tuple[str, str], float] = {}
    for finding in codebook.findings.values():
        rule = set(finding.evidence.codes)
        for segment_id, codes in decided.items():
            relevant = [sc.score for code, sc in codes.items()
                        if with_ancestors(codebook, {code}) & rule]
            if relevant:
                scores[(segment_id, finding.id)] = max(relevant)
    return scores


def _cited(codebook: Codebook) -> dict[str, tuple[tuple, tuple]]:
    """finding -> ((conclusion id, statement), ...), ((recommendation id, statement), ...)."""
    found: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for conclusion in codebook.conclusions.values():
        for finding_id in conclusion.findings:
            found[finding_id][0].append((conclusion.id, conclusion.statement))
            for rec in codebook.recommendations.values():
                if conclusion.id in rec.conclusions and \
                        (rec.id, rec.statement) not in found[finding_id][1]:
                    found[finding_id][1].append((rec.id, rec.statement))
    return {f: (tuple(c), tuple(r)) for f, (c, r) in found.items()}


def _contrary(t: Tally) -> str:
    if not t.contrary_respondents:
        return "No contrary evidence was coded."
    return (f"Contrary evidence from {plural(len(t.contrary_respondents), 'respondent')} "
            f"({', '.join(t.contrary_respondents)}; "
            f"{plural(len(t.contrary_segments), 'quote')}: {', '.join(t.contrary_segments)}).")


def _traceability(codebook: Codebook, tallies: dict[str, Tally], wanted: set[str]):
    seen = set()
    for rec in codebook.recommendations.values():
        for conclusion_id in rec.conclusions:
            conclusion = codebook.conclusions.get(conclusion_id)
            for finding_id in conclusion.findings if conclusion else ():
                if finding_id in wanted and finding_id in tallies:
                    seen.add(finding_id)
                    t = tallies[finding_id]
                    yield (rec.id, conclusion_id, finding_id, f"{t.n} of {t.population}",
                           t.strength.level)
    for finding_id in codebook.findings:
        if finding_id in wanted and finding_id not in seen:
            t = tallies[finding_id]
            yield ("", "", finding_id, f"{t.n} of {t.population}", t.strength.level)


def _method(store: Store, codebook: Codebook, report, status: str, places: int,
            privacy: str, identifiable: int = 0):
    reporting = codebook.reporting
    quantifiers = sorted(reporting.quantifiers, key=lambda q: (-q.min_share, q.exclusive))
    population = report.population
    yield ("Generated", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") +
           f" by kiicode {__version__}")
    yield ("Codebook", f"{codebook.name} ({shown_path(codebook.path)}), SHA-256 "
                       f"{codebook.sha256}")
    yield ("Respondents interviewed", f"{population.respondents}: " + ", ".join(
        f"{population.labels.get(t, t)} {n}" for t, n in population.groups["type"].items()))
    yield ("Status counted", f"{status}: {STATUS_DESCRIPTIONS[status]}")
    yield ("Counted", report.counted)
    yield ("Final", "NO: unreviewed machine suggestions are counted; these numbers are not "
                    "final" if status == STATUS_ALL else "yes, as far as the coders' "
                                                          "review goes")
    yield ("Counting", "n counts distinct respondents, never mentions; N is the number "
                       "interviewed of that group; unattributed group answers never add to n")
    yield ("Quantifiers", "0 = no; 1 = one (the only, when N is 1); " + "; ".join(
        f"{q.word}: share {'>' if q.exclusive else '≥'} {q.min_share:.0%}" for q in quantifiers))
    yield ("Strength of evidence", "; ".join(
        f"{lv.name}: at least {plural(lv.min_respondents, 'respondent')}, "
        f"{plural(lv.min_types, 'respondent type')}, {plural(lv.min_regions, 'region')}"
        for lv in reporting.strength) + "; one level down when more than "
        f"{reporting.max_unreviewed_share:.0%} of the quotes are unreviewed, and when "
        "contrary respondents are at least as many as supporting ones")
    yield ("Quotes", f"up to {places} per finding, in the original language; {SELECTION_RULE}; "
                     "`kiicode quote pin|exclude` overrides the rule (annex B says why each "
                     "quote was chosen)")
    yield ("Personal data", privacy)
    yield ("Attribution risk", f"{plural(identifiable, 'respondent')} alone (fewer than "
                               f"{codebook.reporting.min_cell_size}, reporting.min_cell_size) "
                               "in their respondent type x institution x region: their quotes "
                               f"are cited by respondent type only, marked {GENERALISED_MARK}; "
                               "do not add the institution or region back")
    yield ("Project store", shown_path(store.path))


# --- writers ---------------------------------------------------------------------

def _sentence(t: Tally) -> str:
    text = t.sentence
    return (text[:1].upper() + text[1:]) if text else text


def _support_line(t: Tally) -> str:
    if not t.n:
        return (f"No respondent supports this finding (0 of {t.population})"
                + (f"; {t.sentence}." if t.group_answers else "."))
    return (f"{_sentence(t)} — {t.n} of {t.population} respondents; "
            f"{plural(len(t.transcripts), 'interview')}, {plural(t.quotes, 'quote')}.")


def _strength_line(t: Tally) -> str:
    return f"Strength of evidence: {t.strength.level} ({'; '.join(t.strength.reasons)})."


def _type_rows(report: FindingsReport, t: Tally) -> list[tuple[str, str]]:
    return [(report.labels.get(g, g), str(s)) for g, s in t.by["type"].items()]


def write_markdown(report: FindingsReport, target: str | Path) -> Path:
    """The report as Markdown (atomically)."""
    lines = [f"# {report.title}", ""]
    if report.not_final:
        lines += ["> **Draft, not final:** unreviewed machine suggestions are counted "
                  "(`--status all`).", ""]
    lines += [f"*Counted: {report.counted}.*", ""]
    for loi_name, members in report.sections:
        lines += [f"## {_md(loi_name)}", ""]
        for f in members:
            t = f.tally
            lines += [f'<a id="{t.id}"></a>', "", f"### {t.id}. {_md(t.statement)}", "",
                      _md(_support_line(t)), "", "| Respondent type | n of N |", "|---|---|"]
            lines += [f"| {_md(a)} | {b} |" for a, b in _type_rows(report, t)]
            lines += ["", _md(_strength_line(t)), "", _md(f.contrary), ""]
            if f.memo:
                lines += [f"*Coders' note:* {_md(f.memo)}", ""]
            for q in f.quotes:
                lines += [f"> “{_md(' '.join(q.segment.text.split()))}” ({_md(q.citation)}; "
                          f"{q.segment.id})", ""]
            if not f.quotes:
                lines += ["*No quote counts under this status.*", ""]
            if f.conclusions:
                lines += ["Feeds " + "; ".join(f"**{c}** {_md(s)}" for c, s in f.conclusions),
                          ""]
            if f.recommendations:
                lines += ["Behind " + "; ".join(f"**{r}** {_md(s)}"
                                                for r, s in f.recommendations), ""]
    lines += ["## Annex A. Traceability", "",
              "| Recommendation | Conclusion | Finding | Respondents | Strength |",
              "|---|---|---|---|---|"]
    lines += [f"| {r} | {c} | [{f}](#{f}) | {n} | {s} |" for r, c, f, n, s in report.traceability]
    lines += ["", "## Annex B. Quote selection", "", f"Rule: {SELECTION_RULE}.", "",
              "| Finding | Segment | Citation | Chosen | Why |", "|---|---|---|---|---|"]
    for f in report.findings:
        for choice in f.choices:
            c = choice.candidate
            lines.append(f"| [{f.tally.id}](#{f.tally.id}) | {c.segment.id} | "
                         f"{_md(c.citation)} | {'yes' if choice.chosen else 'no'} | "
                         f"{_md(choice.reason)} |")
    lines += ["", "## Method note", ""]
    lines += [f"- **{item}:** {_md(value)}" for item, value in report.method]
    text = "\n".join(lines) + "\n"
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8")
    return Path(target)


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_docx(report: FindingsReport, target: str | Path, paper: str = "a4",
               codebook: Codebook | None = None, charts: bool = True) -> Path:
    """The report as a Word document (atomically): headings per line of
    inquiry and finding, a bookmark on each finding that the annexes link
    to, and, when `charts`, the heat map and strength charts as figures."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = (Mm(210), Mm(297)) if paper == "a4" else \
        (Mm(215.9), Mm(279.4))
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(22))
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = report.title
    document.core_properties.author = f"kiicode {__version__}"
    document.add_heading(report.title, 0)
    if report.not_final:
        warning = document.add_paragraph()
        warning.add_run("Draft, not final: unreviewed machine suggestions are counted "
                        "(--status all).").bold = True
    document.add_paragraph(f"Counted: {report.counted}.").runs[0].italic = True
    if charts and codebook is not None and report.findings:
        _figures(document, report, codebook)
    bookmark = 0
    for loi_name, members in report.sections:
        document.add_heading(loi_name, 1)
        for f in members:
            t = f.tally
            heading = document.add_heading(f"{t.id}. {t.statement}", 2)
            bookmark += 1
            _bookmark(heading, t.id, bookmark)
            document.add_paragraph(_support_line(t))
            table = document.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Respondent type", \
                "n of N"
            for name, share in _type_rows(report, t):
                cells = table.add_row().cells
                cells[0].text, cells[1].text = name, share
            document.add_paragraph(_strength_line(t))
            document.add_paragraph(f.contrary)
            if f.memo:
                note = document.add_paragraph()
                note.add_run("Coders' note: ").italic = True
                note.add_run(f.memo)
            for q in f.quotes:
                quote = document.add_paragraph(style="Quote")
                quote.add_run(f"“{' '.join(q.segment.text.split())}”")
                quote.add_run(f" ({q.citation}; {q.segment.id})").italic = False
            if not f.quotes:
                document.add_paragraph("No quote counts under this status.")
            for word, items in (("Feeds", f.conclusions), ("Behind", f.recommendations)):
                if items:
                    line = document.add_paragraph(f"{word} ")
                    for i, (item_id, statement) in enumerate(items):
                        line.add_run(item_id).bold = True
                        line.add_run(f" {statement}" + ("; " if i < len(items) - 1 else ""))
    document.add_page_break()
    document.add_heading("Annex A. Traceability", 1)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, ("Recommendation", "Conclusion", "Finding",
                                                 "Respondents", "Strength"), strict=True):
        cell.text = head
    for rec, conclusion, finding, n, strength in report.traceability:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[3].text, cells[4].text = rec, conclusion, n, strength
        _internal_link(cells[2].paragraphs[0], finding, finding)
    document.add_heading("Annex B. Quote selection", 1)
    document.add_paragraph(f"Rule: {SELECTION_RULE}.")
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, ("Finding", "Segment", "Citation", "Chosen",
                                                 "Why"), strict=True):
        cell.text = head
    for f in report.findings:
        for choice in f.choices:
            c = choice.candidate
            cells = table.add_row().cells
            _internal_link(cells[0].paragraphs[0], f.tally.id, f.tally.id)
            cells[1].text, cells[2].text = c.segment.id, c.citation
            cells[3].text, cells[4].text = "yes" if choice.chosen else "no", choice.reason
    document.add_heading("Method note", 1)
    for item, value in report.method:
        line = document.add_paragraph(style="List Bullet")
        line.add_run(f"{item}: ").bold = True
        line.add_run(value)
    try:
        with atomic_path(target) as temp:
            document.save(str(temp))
    except OSError as exc:
        raise ExportError(Problem(Location(str(target)), f"cannot write the report: "
                                  f"{exc.strerror or exc}", "close it in Word if it is open, "
                                  "or choose a folder you can write to")) from None
    return Path(target)


def _figures(document, report: FindingsReport, codebook: Codebook) -> None:
    from docx.shared import Mm

    from .charts import heatmap_chart, strength_chart

    tallies = [f.tally for f in report.findings]
    with tempfile.TemporaryDirectory() as folder:
        heat = heatmap_chart(tallies, report.labels, Path(folder) / "heatmap.png")
        strength = strength_chart(tallies, codebook, Path(folder) / "strength.png")
        document.add_heading("Overview", 1)
        document.add_picture(str(heat), width=Mm(160))
        document.add_paragraph("Figure 1. Respondents supporting each finding, by respondent "
                               "type (n of N; colour: share of N).")
        document.add_picture(str(strength), width=Mm(150))
        document.add_paragraph("Figure 2. Strength of evidence per finding (distinct "
                               "respondents; colour: strength level).")


def _bookmark(paragraph, name: str, number: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1, start)
    paragraph._p.append(end)


def _internal_link(paragraph, anchor: str, text: str) -> None:
    """A link on `text` to the bookmark `anchor` (Word and LibreOffice follow
    it, and keep it as a link when exporting to PDF)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.extend([style, colour, underline])
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


__all__ = ["findings_report", "write_docx", "write_markdown", "select_quotes", "citation",
           "FindingsReport", "DEFAULT_QUOTES", "SELECTION_RULE"]
