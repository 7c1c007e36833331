"""`kiicode review` (the Textual screen), the plain decision commands for
scripts (`accept`, `reject`, `assign`, `unassign`, `link`, `unlink`, `memo`,
`undo`) and `kiicode agreement` between two coders."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.table import Table

from ..agreement import AgreementReport, CodeAgreement, agreement
from ..errors import Location, NotFoundError, Problem
from ..review.actions import MEMO_TARGETS, Coder
from ..review.session import ReviewSession
from ..store import Store
from . import app, console
from .options import (
    CodebookOption,
    CoderOption,
    ListFormat,
    StoreOption,
    codebook_for,
    default_store,
    print_rows,
)

SegmentsArgument = Annotated[list[str], typer.Argument(
    help="Segment ids, as `kiicode show TRANSCRIPT` lists them (e.g. KII-ES-01:4).")]
CodeArgument = Annotated[str, typer.Argument(metavar="CODE", help="Code id from the codebook.")]
FindingArgument = Annotated[str, typer.Argument(metavar="FINDING",
                                                 help="Finding id from the codebook (e.g. F3).")]


@contextmanager
def _coder(store, codebook, name: str) -> Iterator[Coder]:
    with Store.open(store or default_store()) as project:
        yield Coder(project, codebook_for(project, codebook), name)


def _each_segment(coder: Coder, segments: list[str], verb: str,
                  act: Callable[[str], object],
                  nothing: Callable[[str], str | None] | None = None) -> None:
    """Check every segment id first (bad input writes nothing), and with
    `nothing`, that there is something to undo on each (a message when there
    is not); then write one decision per segment, each saved before the next."""
    coder.require_segments(segments)
    if nothing is not None:
        problems = [Problem(Location(coder.store.path, key=segment), message)
                    for segment in segments for message in [nothing(segment)] if message]
        if problems:
            raise NotFoundError(problems)
    for segment in segments:
        act(segment)
        console.note(f"Saved: {verb} on {console.escape(segment)} "
                     f"(coder {console.escape(coder.name)})")


@app.command("review")
def review_cli(
    transcripts: Annotated[list[str] | None, typer.Argument(
        help="Transcript ids to review (default: all), in this order.")] = None,
    coder: CoderOption = ..., store: StoreOption = None, codebook: CodebookOption = None,
    blind: Annotated[bool, typer.Option(
        "--blind", help="Double-coding: only your set from `kiicode sample`, with other "
        "coders' decisions, links and memos hidden.")] = False,
) -> None:
    """Review codes in the terminal: accept or reject suggestions, add codes,
    link findings, write memos. Every decision is saved at once; reopening
    resumes at your first unreviewed segment. Keys: docs/review.md.

    Example: kiicode review KII-ES-01 KII-ES-02 --coder ana
    """
    from ..review.tui import ReviewApp  # textual loads only for this command

    with Store.open(store or default_store()) as project:
        session = ReviewSession(project, codebook_for(project, codebook), coder, transcripts,
                                blind=blind)
        ReviewApp(session).run()
        progress = session.progress()
    console.note(f"{console.escape(coder)}: {progress.reviewed} of {progress.total} segments "
                 "reviewed; every decision is saved.")


@app.command("accept")
def accept_cli(code: Annotated[str, typer.Argument(
                   help="Code id whose suggestion to accept, or 'all' for every pending "
                   "suggestion of the segments.")],
               segments: SegmentsArgument, coder: CoderOption = ...,
               store: StoreOption = None, codebook: CodebookOption = None) -> None:
    """Accept the machine's suggestion of a code on segments.

    Example: kiicode accept staff_turnover KII-ES-01:8 --coder ana
    """
    with _coder(store, codebook, coder) as who:
        if code == "all":
            _each_segment(who, segments, "accepted all suggestions",
                          lambda s: who.accept_all(s))
            return
        who.require_code(code)
        _each_segment(who, segments, f"accepted {code}", lambda s: who.accept(s, code))


def _decision_command(name: str, target: str, verb: str, act, summary: str,
                      example: str, nothing=None) -> None:
    """Register a plain decision command: `kiicode NAME CODE|FINDING SEGMENT...`.
    They differ only in what they check and do, so one function defines them;
    `nothing(coder, segment, what)` says why there is nothing to remove."""
    def command(what: str, segments: SegmentsArgument, coder: CoderOption = ...,
                store: StoreOption = None, codebook: CodebookOption = None) -> None:
        with _coder(store, codebook, coder) as who:
            (who.require_code if target == "code" else who.require_finding)(what)
            _each_segment(who, segments, f"{verb} {what}", lambda s: act(who, s, what),
                          (lambda s: nothing(who, s, what)) if nothing else None)

    # annotations are read as strings in module scope: set the argument's here
    command.__annotations__["what"] = CodeArgument if target == "code" else FindingArgument
    command.__doc__ = f"{summary}\n\n    Example: {example}\n    "
    command.__name__ = f"{name}_cli"
    app.command(name)(command)


_decision_command("reject", "code", "rejected", lambda who, s, c: who.reject(s, c),
                  "Say a code does not apply to segments (rejecting its suggestion).",
                  "kiicode reject staffing_funding_gaps KII-ES-01:8 --coder ana")
_decision_command("assign", "code", "assigned", lambda who, s, c: who.assign(s, c),
                  "Code segments by hand with a code (suggested or not).",
                  "kiicode assign uneven_buy_in KII-ES-01:9 --coder ana")
_decision_command("unassign", "code", "removed", lambda who, s, c: who.unassign(s, c),
                  "Remove your decision on a code: a hand-added code goes away, an accepted\n"
                  "    or rejected suggestion is pending again.",
                  "kiicode unassign uneven_buy_in KII-ES-01:9 --coder ana",
                  lambda who, s, c: None if who.decision(s, c) is not None else
                  f"{who.name} has no decision on '{c}' here: nothing to remove")
_decision_command("link", "finding", "linked", lambda who, s, f: who.link(s, f),
                  "Link segments to a finding by hand, as evidence for it.",
                  "kiicode link F3 KII-ES-01:8 --coder ana")
_decision_command("unlink", "finding", "unlinked",
                  lambda who, s, f: who.link(s, f, linked=False),
                  "Remove your link between segments and a finding.",
                  "kiicode unlink F3 KII-ES-01:8 --coder ana",
                  lambda who, s, f: None if who.has_link(s, f) else
                  f"{who.name} has not linked this segment to {f}: nothing to remove")


@app.command("memo")
def memo_cli(
    target: Annotated[str, typer.Argument(help="What the memo is about: a segment id "
                                          "(default), or a code/finding/transcript id, or "
                                          "RESPONDENT/FINDING for a cell, with --on.")],
    text: Annotated[str, typer.Argument(help="The memo's text.")],
    on: Annotated[str, typer.Option(help=f"Kind of target: {', '.join(MEMO_TARGETS)}.")
                  ] = "segment",
    coder: CoderOption = ..., store: StoreOption = None, codebook: CodebookOption = None,
) -> None:
    """Write a memo on a segment (or a code, finding, transcript, or a framework
    matrix cell RESPONDENT/FINDING with --on cell: the coder's summary of what
    that respondent said on that finding, shown in the workbook's framework
    matrix).

    Example: kiicode memo KII-ES-01:8 "Compare with KII-ES-04" --coder ana
    Example: kiicode memo R-004/F3 "Sees the units as MIMP's" --on cell --coder ana
    """
    with _coder(store, codebook, coder) as who:
        memo_id = who.memo(target, text, kind=on)
    console.note(f"Saved: memo {memo_id} on {on} {console.escape(target)} "
                 f"(coder {console.escape(coder)})")


@app.command("undo")
def undo_cli(coder: CoderOption = ..., store: StoreOption = None,
             codebook: CodebookOption = None) -> None:
    """Undo your last decision (accept, reject, assign, link, memo, ...).

    Example: kiicode undo --coder ana
    """
    with _coder(store, codebook, coder) as who:
        undone = who.undo()
    console.note(f"Undone: {console.escape(who.describe(undone))}" if undone else
                 f"Nothing to undo for {console.escape(coder)}.")


CSV_COLUMNS = ["code", "units", "used_by_a", "used_by_b", "percent_agreement", "kappa",
               "kappa_band", "alpha", "alpha_band", "below"]


@app.command("agreement")
def agreement_cli(
    coders: Annotated[tuple[str, str], typer.Option(
        "--coders", metavar="NAME NAME",
        help="The two coders to compare: --coders ana luis.")],
    fmt: Annotated[ListFormat, typer.Option(
        "--format", help="table (terminal), csv (one row per code, then overall) or json (the "
        "whole report: per code, overall, the codes below the bands with examples).")
                   ] = ListFormat.table,
    store: StoreOption = None, codebook: CodebookOption = None,
) -> None:
    """Inter-coder agreement on the segments both coders reviewed: percent
    agreement, Cohen's kappa and Krippendorff's alpha per code and overall,
    with the codes below the usual bands and example disagreements.

    Example: kiicode agreement --coders ana luis
    """
    with Store.open(store or default_store()) as project:
        report = agreement(project, coders[0], coders[1], codebook_for(project, codebook))
    if fmt is ListFormat.json:
        console.out.file.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
                               + "\n")
    elif fmt is ListFormat.csv:
        print_rows([row.as_dict() for row in [*report.per_code, report.overall]], CSV_COLUMNS,
                   fmt)
    else:
        _render_agreement(report)


def _figure(value: float | None, band: str) -> str:
    return "n/a" if value is None else f"{value:.2f} {band}"


def _render_agreement(report: AgreementReport) -> None:
    a, b = (console.escape(c) for c in report.coders)
    table = Table("code", "segments", f"used by {a}", f"used by {b}", "agreement",
                  "Cohen's kappa", "Krippendorff's alpha",
                  title=f"Agreement of {a} and {b} on {report.segments} segments both reviewed",
                  title_justify="left")

    def add(row: CodeAgreement, **style) -> None:
        table.add_row(console.escape(row.code), str(row.units), str(row.used_by_a),
                      str(row.used_by_b), f"{row.percent:.0%}",
                      _figure(row.kappa, row.kappa_band), _figure(row.alpha, row.alpha_band),
                      **style)

    for row in report.per_code:
        add(row, style="yellow" if row.below else None)
    table.add_section()
    add(report.overall, style="bold")
    console.out.print(table)
    console.out.print("Bands: kappa >= 0.61 substantial; alpha >= 0.80 reliable, >= 0.667 "
                      "tentative. n/a: no variation (both coders gave one value throughout).")
    if not report.below:
        console.out.print("No code is below the bands.")
        return
    console.out.print(f"[bold]Below the bands ({len(report.below)}):[/]")
    for row in report.below:
        console.out.print(f"  {console.escape(row.code)}: kappa "
                          f"{_figure(row.kappa, row.kappa_band)}, alpha "
                          f"{_figure(row.alpha, row.alpha_band)}")
        for example in row.examples:
            console.out.print(f"    {console.escape(example.segment)} only "
                              f"{console.escape(example.held_by)}: "
                              f"\"{console.escape(example.text)}\"")
