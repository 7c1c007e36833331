"""Finding tallies as report-ready tables: rows for CSV/spreadsheets, JSON,
and Markdown to paste under a finding in a report."""

from __future__ import annotations

import json

from ..analysis import Tally, TallyReport, plural
from ..codebook import Codebook

SUMMARY_COLUMNS = ("kind", "id", "loi", "statement", "respondents", "of", "respondent_types",
                   "regions", "transcripts", "quotes", "group_answers",
                   "contrary_respondents", "unreviewed_share", "strength", "strength_reasons",
                   "sentence", "counted")
DIMENSION_TITLES = {"type": "Respondent type", "institution": "Institution",
                    "region": "Region", "language": "Language"}


def group_label(report: TallyReport, dimension: str, group: str) -> str:
    """How a group is named in tables: a respondent type's label, else as recorded."""
    return report.population.labels.get(group, group) if dimension == "type" else group


def group_column(dimension: str, group: str, total: int) -> str:
    """A CSV column holding n for one group; the header carries N."""
    return f"{dimension}:{group} (N={total})"


def tally_columns(report: TallyReport, dimensions: tuple[str, ...] = ("type",)) -> tuple:
    columns = list(SUMMARY_COLUMNS)
    for dimension in dimensions:
        columns += [group_column(dimension, g, n)
                    for g, n in report.population.groups[dimension].items()]
    return tuple(columns)


def tally_rows(report: TallyReport, dimensions: tuple[str, ...] = ("type",)) -> list[dict]:
    """One row per finding (or code): the summary, then n for every group of
    each dimension (N is in the column header)."""
    _check(report, dimensions)
    rows = []
    for t in report.tallies:
        row = {
            "kind": t.kind, "id": t.id, "loi": t.loi, "statement": t.statement,
            "respondents": t.n, "of": t.population, "respondent_types": len(t.types),
            "regions": len(t.regions), "transcripts": len(t.transcripts), "quotes": t.quotes,
            "group_answers": ";".join(t.group_answers),
            "contrary_respondents": len(t.contrary_respondents),
            "unreviewed_share": round(t.unreviewed_share, 4), "strength": t.strength.level,
            "strength_reasons": "; ".join(t.strength.reasons), "sentence": t.sentence,
            "counted": report.counted,
        }
        for dimension in dimensions:
            for group, share in t.by[dimension].items():
                row[group_column(dimension, group, share.total)] = share.n
        rows.append(row)
    return rows


def tally_json(report: TallyReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


def tally_markdown(report: TallyReport, codebook: Codebook,
                   dimensions: tuple[str, ...] = ("type",)) -> str:
    """A block per finding: statement, the quantified sentence, counts,
    strength, a small n-of-N table per dimension, and what was counted."""
    _check(report, dimensions)
    blocks = [_markdown_one(t, report, codebook, dimensions) for t in report.tallies]
    return "\n\n".join(blocks) + "\n"


def _markdown_one(t: Tally, report: TallyReport, codebook: Codebook,
                  dimensions: tuple[str, ...]) -> str:
    loi = codebook.lines_of_inquiry.get(t.loi)
    heading = f"### {t.id}" + (f" — {loi.name}" if loi else "")
    lines = [heading, "", f"> {_md(t.statement)}", ""]
    if t.n:
        lines.append(f"Supported by **{t.n} of {t.population} respondents**: "
                     f"{_md(t.sentence)}; {len(t.transcripts)} transcripts, "
                     f"{t.quotes} quotes.")
    else:
        lines.append(f"Supported by **no respondent** (0 of {t.population})"
                     + (f"; {_md(t.sentence)}." if t.group_answers else "."))
    if t.contrary_respondents:
        lines.append(f"Contrary evidence from {plural(len(t.contrary_respondents), 'respondent')}"
                     f" ({plural(len(t.contrary_segments), 'quote')}).")
    lines += ["", f"Strength of evidence: **{t.strength.level}** "
                  f"({_md('; '.join(t.strength.reasons))})."]
    for dimension in dimensions:
        title = DIMENSION_TITLES.get(dimension, dimension.replace("_", " ").capitalize())
        lines += ["", f"| {title} | n of N |", "|---|---|"]
        for group, share in t.by[dimension].items():
            lines.append(f"| {_md(group_label(report, dimension, group))} | {share} |")
    risk = identifiable_line(t, report)
    if risk:
        lines += ["", f"**Attribution risk**: {_md(risk)}."]
    lines += ["", f"*Counted: {_md(report.counted)}.*"]
    return "\n".join(lines)


def identifiable_line(t: Tally, report: TallyReport) -> str:
    """Which supporting respondents their attribution identifies
    (pii.cells), and how to attribute their quotes instead; '' if none."""
    cells = [report.small_cells[r] for r in t.identifiable if r in report.small_cells]
    if not cells:
        return ""
    told = "; ".join(f"{c.respondent} as \"KII, {c.type_label}\", not \"{c.attribution}\""
                     for c in cells)
    return (f"{plural(len(cells), 'supporting respondent')} alone in their type x "
            f"institution x region: generalise the attribution ({told})")


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or emphasis."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _check(report: TallyReport, dimensions: tuple[str, ...]) -> None:
    known = report.population.dimensions
    for dimension in dimensions:
        if dimension not in known:
            raise ValueError(f"dimension must be one of {', '.join(known)}")


__all__ = ["tally_columns", "tally_rows", "tally_json", "tally_markdown", "group_label"]
