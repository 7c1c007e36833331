"""`kiicode tally` and `kiicode audit`: who supports each finding, and whether
every recommendation traces back to evidence."""

from __future__ import annotations

import json
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..analysis import DEFAULT_STATUS, STATUS_ALL, Tally, TallyReport, plural, tally
from ..audit import CHECKS, ERROR, AuditReport, ConclusionNode, FindingNode, audit
from ..codebook import Codebook, attribute_name, did_you_mean
from ..errors import Location, NotFoundError, Problem
from ..export import atomic_path
from ..export.findings import (
    group_label,
    tally_columns,
    tally_json,
    tally_markdown,
    tally_rows,
)
from ..store import Store
from . import app, console
from .options import (
    AgreementOption,
    CodebookOption,
    ListFormat,
    StatusOption,
    StoreOption,
    WhoseOption,
    codebook_for,
    csv_text,
    default_store,
    print_rows,
    whose,
)


class TallyFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class AuditFormat(str, Enum):
    tree = "tree"
    json = "json"
    csv = "csv"


AUDIT_COLUMNS = ["level", "check", "ids", "message", "fix"]


def _counted_note(report_status: str, counted: str) -> None:
    console.note(f"[dim]Counted {console.escape(counted)}.[/]")
    if report_status == STATUS_ALL:
        console.note("[yellow]Unreviewed machine suggestions are counted (--status all): "
                     "these numbers are not final.[/]")


@app.command("tally")
def tally_cli(
    store: StoreOption = None, codebook: CodebookOption = None,
    status: StatusOption = DEFAULT_STATUS, coder: WhoseOption = None,
    agreement: AgreementOption = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", help="Columns: type (default), institution, region, language or any "
        "respondent attribute (sex, age_group, ...: see `kiicode transcripts`); 'code' "
        "tallies codes instead of findings. Repeat for several.")] = None,
    finding: Annotated[list[str] | None, typer.Option(
        "--finding", "-f", help="Only these findings (or codes with --by code). "
        "Repeat for several.")] = None,
    fmt: Annotated[TallyFormat, typer.Option(
        "--format", help="table (terminal), csv, json or markdown (to paste in a "
        "report).")] = "table",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write csv/json/markdown to this file instead of "
        "stdout.")] = None,
) -> None:
    """Distinct respondents supporting each finding, n of N by respondent type
    (or institution, region, language), with a quantified sentence, transcripts,
    quotes and strength of evidence. Every output says which statuses it counted.

    Example: kiicode tally --status all --format markdown
    """
    chosen = [attribute_name(b) for b in by or []]
    kind = "code" if "code" in chosen else "finding"
    dimensions = tuple(dict.fromkeys(d for d in chosen if d != "code")) or ("type",)
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        with console.progress("Tallying", shown=fmt in (TallyFormat.table,
                                                       TallyFormat.markdown)) as on_progress:
            report = tally(project, book, status.value, whose(coder, agreement), kind=kind,
                           on_progress=on_progress)
    known = report.population.dimensions
    for dimension in dimensions:
        if dimension not in known:
            raise typer.BadParameter(
                f"no dimension or respondent attribute '{dimension}' in this project "
                f"(choose from: {', '.join((*known, 'code'))})"
                + (f"; {did_you_mean(dimension, known)}" if did_you_mean(dimension, known)
                   else ""), param_hint="--by")
    report = _only(report, finding or [], book, kind)
    _counted_note(report.status, report.counted)
    if fmt == TallyFormat.table:
        if output is not None:
            raise typer.BadParameter("--output needs --format csv, json or markdown",
                                     param_hint="--output")
        _render_tally(report, book, dimensions)
        return
    if fmt == TallyFormat.json:
        text = tally_json(report) + "\n"
    elif fmt == TallyFormat.markdown:
        text = tally_markdown(report, book, dimensions)
    else:
        text = _csv(report, dimensions)
    _emit(text, output, bom=fmt == TallyFormat.csv)


def _only(report: TallyReport, wanted: list[str], book: Codebook, kind: str) -> TallyReport:
    if not wanted:
        return report
    known = {t.id for t in report.tallies}
    for subject in wanted:
        if subject not in known:
            raise NotFoundError(Problem(Location(book.path), f"no {kind} '{subject}'",
                                        did_you_mean(subject, sorted(known)) or
                                        f"see the {kind}s in the codebook"))
    return replace(report, tallies=tuple(t for t in report.tallies if t.id in wanted))


def _csv(report: TallyReport, dimensions: tuple[str, ...]) -> str:
    return csv_text(tally_rows(report, dimensions), tally_columns(report, dimensions))


def _emit(text: str, output: Path | None, bom: bool = False) -> None:
    """Data to stdout, or atomically to a file (CSV with a BOM, for Excel)."""
    if output is None:
        console.out.file.write(text)
        return
    with atomic_path(output) as temp:
        temp.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    console.note(f"Wrote {console.escape(str(output))}")


def _render_tally(report: TallyReport, book: Codebook, dimensions: tuple[str, ...]) -> None:
    """One table per line of inquiry; respondent types appear as short
    initials explained in a legend, so the table fits an 80-column terminal."""
    subject = "findings" if report.tallies and report.tallies[0].kind == "finding" else "codes"
    wide = console.out.width >= 150   # room for the statement beside the counts
    for dimension in dimensions:
        groups = report.population.groups[dimension]
        heads = _column_heads(report, dimension)
        legend = Text(f"Respondents by {dimension}, n of N (N in the header; group = "
                      "unattributed group answers, KIIs = transcripts): ", style="bold")
        legend.append(" · ".join(
            f"{heads[g]} = {group_label(report, dimension, g)} (N={n})"
            if heads[g] != group_label(report, dimension, g) else f"{heads[g]} (N={n})"
            for g, n in groups.items()))
        console.out.print(legend)
        for loi_name, members in _by_loi(report.tallies, book):
            table = Table(title=f"{loi_name} — {subject}", title_justify="left",
                          box=box.SIMPLE_HEAD, pad_edge=False)
            table.add_column("id", no_wrap=True)
            for group, total in groups.items():
                table.add_column(Text(f"{heads[group]}\n{total}"), justify="right",
                                 min_width=min(len(heads[group]), 6))
            table.add_column(Text(f"all\n{report.population.respondents}"), justify="right")
            for title in ("group", "KIIs", "quotes", "strength"):
                table.add_column(title, justify="left" if title == "strength" else "right",
                                 min_width=len(title) if title != "strength" else 8)
            if wide:
                table.add_column("statement", no_wrap=True, overflow="ellipsis", max_width=60)
            for t in members:
                table.add_row(
                    t.id, *[str(t.by[dimension][g].n or "·") for g in groups],
                    str(t.n), str(len(t.group_answers) or ""), str(len(t.transcripts)),
                    str(t.quotes), t.strength.level, *([Text(t.statement)] if wide else []))
            console.out.print(table)
    for t in report.tallies:
        line = Text()
        line.append(f"{t.id}: ", style="bold")
        line.append(t.sentence)
        line.append(f" — {t.strength.level}", style="dim")
        console.out.print(line)
        if t.identifiable:
            console.out.print(Text(f"    attribution risk: {len(t.identifiable)} supporting "
                                   f"respondents alone in their type x institution x region "
                                   f"({', '.join(t.identifiable)})", style="yellow"))
    if report.small_cells:
        console.out.print(Text(f"Attributions that identify a respondent (fewer than "
                               f"{book.reporting.min_cell_size} interviewed with the same type, "
                               "institution and region; reporting.min_cell_size):",
                               style="bold yellow"))
        for cell in report.small_cells.values():
            console.out.print(Text(f"  {cell.respondent}: {cell.advice}", style="yellow"))
    console.out.print(Text(f"Counted {report.counted}.", style="dim"))


def _column_heads(report: TallyReport, dimension: str) -> dict[str, str]:
    """Short column heads: a type's initials ('Government official' -> GO),
    other groups as recorded. Clashing initials fall back to the full name."""
    groups = report.population.groups[dimension]
    if dimension != "type":
        return {g: g for g in groups}
    heads = {}
    for group in groups:
        words = group_label(report, dimension, group).split("/")[0].split()
        heads[group] = "".join(w[0] for w in words).upper() or group
    if len(set(heads.values())) < len(heads):
        return {g: group_label(report, dimension, g) for g in groups}
    return heads


def _by_loi(items: tuple[Tally, ...], book: Codebook) -> list[tuple[str, list[Tally]]]:
    order = {loi: i for i, loi in enumerate(book.lines_of_inquiry)}
    grouped: dict[str, list[Tally]] = {}
    for t in items:
        grouped.setdefault(t.loi, []).append(t)
    return [(book.lines_of_inquiry[loi].name if loi in book.lines_of_inquiry
             else (loi or "(no line of inquiry)"), members)
            for loi, members in sorted(grouped.items(), key=lambda kv: order.get(kv[0], 99))]


@app.command("audit")
def audit_cli(
    store: StoreOption = None, codebook: CodebookOption = None,
    status: StatusOption = DEFAULT_STATUS, coder: WhoseOption = None,
    agreement: AgreementOption = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 1) on warnings too, not only on errors.")] = False,
    fmt: Annotated[AuditFormat, typer.Option(
        "--format", help="tree (terminal), json (the whole report, for scripts) or csv (one "
        "row per problem: level, check, ids, message, fix).")] = "tree",
) -> None:
    """Check that every recommendation rests on conclusions, every conclusion on
    findings and every finding on evidence from more than one respondent type
    and region. Exit 0 when there are no errors, 1 on errors (with --strict also
    on warnings), so a team can run it in CI before delivering a report.

    Example: kiicode audit --strict
    """
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        with console.progress("Auditing", shown=fmt == AuditFormat.tree) as on_progress:
            report = audit(project, book, status.value, whose(coder, agreement),
                           on_progress=on_progress)
    if fmt == AuditFormat.json:
        _emit(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n", None)
    elif fmt == AuditFormat.csv:
        print_rows([dict(p.as_dict(), ids=" ".join(p.ids)) for p in report.problems],
                   AUDIT_COLUMNS, ListFormat.csv)
    else:
        _counted_note(status.value, report.counted)
        _render_problems(report)
        console.out.print(_tree(report))
    verdict = "FAILED" if report.failed(strict) else "passed"
    console.note(f"Audit {verdict}: {plural(len(report.errors), 'error')}, "
                 f"{plural(len(report.warnings), 'warning')}"
                 f"{' (--strict: warnings fail)' if strict else ''}.")
    if report.failed(strict):
        raise typer.Exit(1)


def _render_problems(report: AuditReport) -> None:
    """Problems grouped by check: the check, then one line per problem with
    its ids; a fix shared by every problem of a check is said once."""
    if not report.problems:
        console.out.print("No problems found.")
        return
    grouped: dict[str, list] = {}
    for p in report.problems:
        grouped.setdefault(p.check, []).append(p)
    for check, problems in grouped.items():
        level, meaning = CHECKS[check]
        head = Text("✗ " if level == ERROR else "⚠ ", style="red" if level == ERROR
                    else "yellow")
        head.append(f"{level} {check}", style="bold")
        head.append(f" ({len(problems)}): {meaning}")
        console.out.print(head)
        shared = len({p.fix for p in problems}) == 1 and len(problems) > 1
        for p in problems:
            line = Text("    ")
            if p.ids[0] not in p.message:
                line.append(f"{', '.join(p.ids)}: ", style="bold")
            line.append(p.message)
            if not shared:
                line.append(f" → {p.fix}", style="dim")
            console.out.print(line)
        if shared:
            console.out.print(Text(f"    → {problems[0].fix}", style="dim"))


def _mark(checks: tuple[str, ...]) -> Text:
    """The checks that fired on a node: ✗ in red if one is an error, else ⚠."""
    if not checks:
        return Text()
    if any(CHECKS[c][0] == ERROR for c in checks):
        return Text("  ✗ " + ", ".join(checks), style="red")
    return Text("  ⚠ " + ", ".join(checks), style="yellow")


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _finding_label(node: FindingNode, labels: dict[str, str], seen: set[str]) -> Text:
    """A finding with its evidence; a finding shown earlier in the tree gets
    one line, so a finding cited by several conclusions is detailed once."""
    label = Text(node.id, style="bold")
    if not node.defined:
        return label + Text("  ✗ not defined", style="red")
    label.append(f" {_short(node.statement)}")
    t = node.tally
    if node.id in seen:
        label.append(" (evidence above)", style="dim")
    elif t is not None:
        if t.n:
            by_type = ", ".join(f"{labels.get(g, g)} {s}" for g, s in t.by["type"].items()
                                if s.n)
            group = f", +{len(t.group_answers)} group" if t.group_answers else ""
            label.append(f"\n{t.n} of {t.population} respondents ({by_type}{group}); "
                         f"{t.quotes} quotes; {t.strength.level}", style="dim")
        else:
            label.append("\n✗ no evidence", style="red")
    seen.add(node.id)
    return label + _mark(node.checks)


def _conclusion_branch(parent: Tree, node: ConclusionNode, labels: dict[str, str],
                       seen: set[str]) -> None:
    label = Text(node.id, style="bold")
    if node.defined:
        label.append(f" {_short(node.statement)}")
    else:
        label.append("  ✗ not defined", style="red")
    branch = parent.add(label + _mark(node.checks))
    if node.id in seen and node.findings:
        branch.add(Text("findings as above", style="dim"))
        return
    seen.add(node.id)
    for finding in node.findings:
        branch.add(_finding_label(finding, labels, seen))


def _tree(report: AuditReport) -> Tree:
    labels = _column_heads(report.tallies, "type") if report.tallies else {}
    title = Text("Recommendations → conclusions → findings → evidence", style="bold")
    if report.tallies:
        title.append("\nrespondents n of N by type: " + ", ".join(
            f"{labels[t]} = {group_label(report.tallies, 'type', t)}" for t in labels),
            style="dim")
    root = Tree(title)
    seen: set[str] = set()   # conclusion and finding ids already detailed
    for rec in report.recommendations:
        label = Text(rec.id, style="bold")
        label.append(f" {_short(rec.statement)}")
        if rec.audience:
            label.append(f" [{rec.audience}]", style="dim")
        branch = root.add(label + _mark(rec.checks))
        for conclusion in rec.conclusions:
            _conclusion_branch(branch, conclusion, labels, seen)
    if report.unused_conclusions:
        gap = root.add(Text("⚠ Conclusions cited by no recommendation", style="yellow"))
        for conclusion in report.unused_conclusions:
            _conclusion_branch(gap, conclusion, labels, seen)
    if report.uncited_findings:
        gap = root.add(Text("⚠ Findings cited by no conclusion", style="yellow"))
        for finding in report.uncited_findings:
            gap.add(_finding_label(finding, labels, seen))
    return root
