"""`kiicode memos`, `kiicode chart`, `kiicode report` and `kiicode quote`:
the deliverables beyond the workbook, and the coder's say over which
quotes the report shows."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..analysis import DEFAULT_STATUS, STATUS_ALL
from ..export.charts import heatmap_chart, strength_chart
from ..export.grids import MEMO_COLUMNS, memo_rows
from ..export.report import DEFAULT_QUOTES, findings_report, write_docx, write_markdown
from ..review.actions import MEMO_TARGETS, Coder
from ..store import Store
from . import app, console
from .export import AllowEmptyOption, AllowPiiOption, Paper, PaperOption, refuse_empty
from .options import (
    AgreementOption,
    CodebookOption,
    CoderOption,
    ListFormat,
    ListFormatOption,
    StatusOption,
    StoreOption,
    WhoseOption,
    codebook_for,
    default_store,
    print_listing,
    whose,
)


@app.command("memos")
def memos_cli(
    on: Annotated[str | None, typer.Option(
        "--on", help=f"Only memos on this kind of target: {', '.join(MEMO_TARGETS)}.")] = None,
    fmt: ListFormatOption = ListFormat.table,
    store: StoreOption = None, codebook: CodebookOption = None,
) -> None:
    """List every memo with its target, what the target is, the coder and
    when it was written.

    Example: kiicode memos --on finding --format csv > memos.csv
    """
    if on is not None and on not in MEMO_TARGETS:
        raise typer.BadParameter(f"use one of: {', '.join(MEMO_TARGETS)}", param_hint="--on")
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        segments = {s.id: s for s in project.segments()}
        keys = [c.key for c in MEMO_COLUMNS]
        rows = [dict(zip(keys, r, strict=True))
                for r in memo_rows(project.memos(on), book, segments)]
    print_listing(rows, keys, fmt, headers=[c.header for c in MEMO_COLUMNS])
    if fmt == ListFormat.table:
        console.note(f"{len(rows)} memo{'s' if len(rows) != 1 else ''}"
                     + (f" on {on}" if on else ""))


class ChartKind(str, Enum):
    heatmap = "heatmap"
    strength = "strength"


@app.command("chart")
def chart_cli(
    kind: Annotated[ChartKind, typer.Argument(help="heatmap: finding x respondent type, n of "
                                              "N; strength: strength of evidence per "
                                              "finding.")],
    out: Annotated[Path, typer.Argument(help="The picture to write: .png or .svg.")],
    store: StoreOption = None, codebook: CodebookOption = None,
    status: StatusOption = DEFAULT_STATUS, coder: WhoseOption = None,
    agreement: AgreementOption = None,
    finding: Annotated[list[str] | None, typer.Option(
        "--finding", "-f", help="Only these findings. Repeat for several.")] = None,
) -> None:
    """Draw the heat map (findings x respondent types, each cell n/N coloured
    by its share) or the strength-of-evidence bar chart, for the report.

    Example: kiicode chart heatmap out/heatmap.png --status all
    """
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        # a chart shows counts, never a quote: the personal-data guard is not needed
        report = findings_report(project, book, status.value, whose(coder, agreement),
                                 tuple(finding or ()), allow_pii=True)
    tallies = [f.tally for f in report.findings]
    if kind == ChartKind.heatmap:
        heatmap_chart(tallies, report.labels, out)
    else:
        strength_chart(tallies, book, out)
    console.note(f"Wrote the {kind.value} chart of {len(tallies)} findings to "
                 f"{console.escape(str(out))}")
    _not_final(report.status)


def _not_final(status: str) -> None:
    if status == STATUS_ALL:
        console.note("[yellow]Unreviewed machine suggestions are counted (--status all): "
                     "these numbers are not final.[/]")


@app.command("report")
def report_cli(
    out: Annotated[Path, typer.Argument(help="The report to write: .docx (Word) or .md.")],
    store: StoreOption = None, codebook: CodebookOption = None,
    status: StatusOption = DEFAULT_STATUS, coder: WhoseOption = None,
    agreement: AgreementOption = None,
    finding: Annotated[list[str] | None, typer.Option(
        "--finding", "-f", help="Only these findings. Repeat for several.")] = None,
    quotes: Annotated[int, typer.Option("--quotes", min=0, max=10,
                                        help="Quotes per finding.")] = DEFAULT_QUOTES,
    paper: PaperOption = Paper.a4,
    charts: Annotated[bool, typer.Option(help="Put the heat map and strength charts in the "
                                         ".docx.")] = True,
    allow_empty: AllowEmptyOption = False, allow_pii: AllowPiiOption = False,
) -> None:
    """The findings report draft: per line of inquiry and finding, the
    statement, n of N by respondent type, strength, contrary evidence, selected
    quotes cited as "KII, Government official, MIMP", the conclusions and
    recommendations it feeds; annexes with the traceability and why each quote
    was chosen (pin or exclude one with `kiicode quote`); a method note.

    Example: kiicode report out/findings.docx --status all
    """
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".md"):
        raise typer.BadParameter("end the file name with .docx or .md", param_hint="OUT")
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        with console.progress("Reporting") as on_progress:
            report = findings_report(project, book, status.value, whose(coder, agreement),
                                     tuple(finding or ()), quotes, allow_pii,
                                     on_progress=on_progress)
    refuse_empty(report.evidence_quotes, status.value, "report", allow_empty)
    if suffix == ".md":
        write_markdown(report, out)
    else:
        write_docx(report, out, paper.value, book, charts)
    console.note(f"Wrote the findings report ({len(report.findings)} findings, "
                 f"{report.quotes_shown} quotes) to {console.escape(str(out))}")
    console.note(f"[dim]Counted {console.escape(report.counted)}.[/]")
    _not_final(report.status)


quote_app = typer.Typer(no_args_is_help=True, help="Choose the quotes the findings report "
                        "shows: pin one (always shown), exclude one (never shown), or clear "
                        "your choice; `kiicode undo` takes it back.\n\n"
                        "Example: kiicode quote pin F3 KII-ES-01:8 --coder ana")
app.add_typer(quote_app, name="quote")


def _choose(finding: str, segments: list[str], coder: str, choice: str | None, store,
            codebook) -> None:
    with Store.open(store or default_store()) as project:
        who = Coder(project, codebook_for(project, codebook), coder)
        who.require_finding(finding)
        who.require_segments(segments)
        for segment in segments:
            project.choose_quote(finding, segment, coder, choice)
            console.note(f"Saved: {choice or 'cleared'} {console.escape(segment)} for "
                         f"{console.escape(finding)} (coder {console.escape(coder)})")


QuoteFinding = Annotated[str, typer.Argument(metavar="FINDING", help="Finding id (e.g. F3).")]
QuoteSegments = Annotated[list[str], typer.Argument(help="Segment ids (e.g. KII-ES-01:8).")]


def _choice_command(name: str, choice: str | None, summary: str, example: str) -> None:
    """Register `quote NAME`: pin, exclude and clear differ only in the choice
    they store, so one function defines them."""

    def command(finding: QuoteFinding, segments: QuoteSegments, coder: CoderOption = ...,
                store: StoreOption = None, codebook: CodebookOption = None) -> None:
        _choose(finding, segments, coder, choice, store, codebook)

    command.__doc__ = f"{summary}\n\n    Example: {example}\n    "
    command.__name__ = f"{name}_cli"
    quote_app.command(name)(command)


_choice_command("pin", "pin", "Always show these quotes under the finding in the report "
                "(first, in\n    the order pinned).",
                "kiicode quote pin F3 KII-ES-01:8 --coder ana")
_choice_command("exclude", "exclude", "Never show these quotes under the finding in the report "
                "(they still\n    count as evidence).",
                "kiicode quote exclude F3 KII-EN-01:7 --coder ana")
_choice_command("clear", None, "Drop your pin or exclusion of these quotes: the rule decides "
                "again.", "kiicode quote clear F3 KII-ES-01:8 --coder ana")


QUOTE_COLUMNS = ["shown", "segment", "citation", "why", "quote"]


@quote_app.command("list")
def list_cli(
    finding: QuoteFinding, store: StoreOption = None, codebook: CodebookOption = None,
    status: StatusOption = DEFAULT_STATUS, coder: WhoseOption = None,
    quotes: Annotated[int, typer.Option("--quotes", min=0, max=10,
                                        help="Quotes per finding.")] = DEFAULT_QUOTES,
    fmt: ListFormatOption = ListFormat.table,
) -> None:
    """Every candidate quote of a finding, whether the report shows it, and why.

    Example: kiicode quote list F3 --status all
    """
    with Store.open(store or default_store()) as project:
        # a coder's own screen, like `kiicode show`: not a deliverable
        report = findings_report(project, codebook_for(project, codebook), status.value,
                                 coder, (finding,), quotes, allow_pii=True)
    rows = [{"shown": "yes" if choice.chosen else "no", "segment": choice.candidate.segment.id,
             "citation": choice.candidate.citation, "why": choice.reason,
             "quote": choice.candidate.segment.text}
            for choice in report.findings[0].choices]
    table = Table("shown", "segment", "citation", "why", "quote")
    for row in rows:
        table.add_row(row["shown"], row["segment"], console.escape(row["citation"]),
                      console.escape(row["why"]),
                      console.escape(" ".join(row["quote"].split())[:80]))
    print_listing(rows, QUOTE_COLUMNS, fmt, table)
    _not_final(report.status)
