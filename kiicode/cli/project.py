"""`kiicode ingest`, `transcripts`, `show`: load transcripts and look at them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from ..analysis import effective_codings
from ..errors import TranscriptError
from ..store import Store, store_exists
from . import app, console
from .highlight import highlighted
from .options import (
    CodebookOption,
    ListFormatOption,
    StoreOption,
    codebook_for,
    created_store,
    default_store,
    print_listing,
)

if TYPE_CHECKING:
    from ..transcripts.corpus import FileReport

# The pipeline and the ranker are imported inside the functions that use them: they bring
# numpy, the matcher and the ranker, which `kiicode --help` and `kiicode transcripts`
# should not pay at start-up.

UnitOption = Annotated[str, typer.Option(
    "--unit", help="Coding unit: turn, paragraph or sentence of a respondent turn.")]


@app.command("ingest")
def ingest_cli(
    paths: Annotated[list[Path], typer.Argument(help="Transcript files or folders "
                                                "(.md .txt .docx .vtt .srt, respondents.csv).")],
    store: StoreOption = None,
    codebook: CodebookOption = None,
    unit: UnitOption = "paragraph",
    roster: Annotated[Path | None, typer.Option(help="Roster CSV/XLSX (default: "
                                                "respondents.csv beside the transcripts).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what ingest would make of each file (format, speakers and "
        "their roles, respondents and attributes, segments, warnings) and write nothing; "
        "exit 1 if any file has a problem.")] = False,
) -> None:
    """Read transcripts into the project store; unchanged files are skipped.

    Example: kiicode ingest transcripts_sample/
    """
    from ..pipeline import ingest as ingest_job
    from ..pipeline import inspect_transcripts

    store_path = store or default_store()
    if dry_run:
        if store_exists(store_path):   # an existing project's own codebook
            with Store.open(store_path) as project:
                book = codebook_for(project, codebook)
        else:
            book = codebook_for(None, codebook)
        reports = inspect_transcripts(paths, book, unit=unit, roster=roster)
        render_inspection(reports)
        problems = [p for r in reports for p in r.problems]
        if problems:
            raise TranscriptError(problems)
        return
    with created_store(store_path) as project:
        book = codebook_for(project, codebook)   # an existing project's own codebook
        with console.progress("Reading transcripts") as on_progress:
            result = ingest_job(project, paths, book, unit=unit, roster=roster,
                                on_progress=on_progress)
        console.warn(result.warnings)
        report = result.report
        console.note(f"Ingested into {console.escape(str(store_path))}: "
                     f"{len(report.added)} added, {len(report.updated)} updated, "
                     f"{len(report.unchanged)} unchanged")
        if report.updated:
            console.note(f"Decisions carried over: {report.kept_decisions}; dropped because "
                         f"their segment text changed: {report.dropped_decisions}")
        render_summary(project)


def render_inspection(reports: list[FileReport]) -> None:
    """One block per file: what ingest would store, and what stops it."""
    for report in reports:
        ok = not report.problems
        head = Text(("✓ " if ok else "✗ ") + report.path, style="bold" if ok else "bold red")
        if report.transcript_id:
            head.append(f"  →  {report.transcript_id}", style="bold")
        console.out.print(head)
        table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 1))
        table.add_column("what", style="dim")
        table.add_column("value")
        table.add_row("format", console.escape(report.format or "?"))
        for label, role, how in report.speakers:
            table.add_row("speaker", console.escape(f"{label} → {role}" + (f" ({how})" if how
                                                                          else "")))
        for person in report.respondents:
            said = ", ".join(x for x in (person.type, person.institution, person.region) if x)
            said += "".join(f", {k}={v}" for k, v in person.attributes.items())
            table.add_row("respondent", console.escape(f"{person.id}: {said}"))
        if report.turns:
            table.add_row("segments", f"{report.segments} in {report.turns} turns")
        for problem in report.warnings:
            table.add_row(Text("warning", style="yellow"), console.escape(
                f"{problem.message}" + (f" ({problem.hint})" if problem.hint else "")))
        for problem in report.problems:
            table.add_row(Text("problem", style="red"), console.escape(
                f"{problem.message}" + (f" ({problem.hint})" if problem.hint else "")))
        console.out.print(table)
    bad = sum(1 for r in reports if r.problems)
    console.note(f"Dry run: {len(reports)} files, {len(reports) - bad} would ingest, "
                 f"{bad} with problems; nothing was written.")


def render_summary(project: Store) -> None:
    from ..pipeline import summarise

    summary = summarise(project)
    table = Table(title="Project", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("Transcripts", f"{summary.transcripts} ({summary.group_transcripts} group)")
    table.add_row("Respondents", ", ".join(f"{t} {n}" for t, n in
                                           summary.respondents_by_type.items()))
    table.add_row("Segments", f"{summary.segments} ({summary.words:,} words)")
    table.add_row("Languages", ", ".join(f"{lang} {n} transcripts" for lang, n in
                                         summary.transcripts_by_language.items()))
    table.add_row("Regions", ", ".join(f"{r} {n}" for r, n in summary.regions.items()))
    console.out.print(table)


@app.command("transcripts")
def transcripts_cli(store: StoreOption = None, fmt: ListFormatOption = "table") -> None:
    """List the transcripts in the project.

    Example: kiicode transcripts --format csv > transcripts.csv
    """
    with Store.open(store or default_store()) as project:
        respondents = project.respondents()
        segments = project.segments()
        columns = ["id", "language", "mode", "respondents", "segments", "path"]
        if any(r.attributes for r in respondents):
            columns.insert(4, "attributes")
        rows = []
        for t in project.transcripts():
            people = [r for r in respondents if r.transcript_id == t.id and not r.is_group]
            rows.append({
                "id": t.id, "language": t.language, "mode": t.mode,
                "respondents": ", ".join(f"{r.type} ({r.institution})" if r.institution
                                         else r.type for r in people),
                # one line per respondent, so a group KII's participants stay apart
                "attributes": "\n".join((f"{r.label}: " if r.label else "") + ", ".join(
                    f"{k}={v}" for k, v in r.attributes.items()) for r in people),
                "segments": sum(1 for s in segments if s.transcript_id == t.id),
                "path": t.path})
    print_listing(rows, columns, fmt)


@app.command("show")
def show_cli(
    transcript_id: Annotated[str, typer.Argument(help="Transcript id (see `kiicode "
                                                 "transcripts`).")],
    store: StoreOption = None,
    codes: Annotated[bool, typer.Option("--codes", help="Also show each segment's codes, with "
                                        "the words that matched marked.")] = False,
    fmt: ListFormatOption = "table",
) -> None:
    """Print a transcript turn by turn, with segment ids, speakers and offsets.

    Example: kiicode show KII-ES-01 --codes

    Example: kiicode show KII-ES-01 --format json
    """
    with Store.open(store or default_store()) as project:
        transcript = project.transcript(transcript_id)
        respondents = {r.id: r for r in project.respondents(transcript_id)}
        segments = project.segments(transcript_id)
        decided = effective_codings(project, segment_ids=[s.id for s in segments]) if codes \
            else {}
        outlooks = project.outlooks([s.id for s in segments]) if codes else {}
        questions = dict(project.interviewer_turns(transcript_id).get(transcript_id, ()))
        columns = ["segment", "speaker", "type", "offsets", "text"] + (["codes"] if codes else [])
        table = Table(*columns, title=(
            f"{transcript.id} · {transcript.language} · {transcript.mode}"), title_justify="left")
        rows: list[dict] = []   # the same lines for --format json/csv
        by_turn: dict[int, list] = {}
        for segment in segments:
            by_turn.setdefault(segment.turn_no, []).append(segment)
        for turn in project.turns(transcript_id):
            if turn.role == "interviewer":
                text = transcript.text[turn.start:turn.end]
                rows.append({"segment": "", "speaker": turn.speaker, "type": "interviewer",
                             "start": turn.start, "end": turn.end, "text": text, "codes": ""})
                table.add_row("", turn.speaker, "interviewer", f"{turn.start}-{turn.end}",
                              console.escape(text), *([""] if codes else []), style="dim")
                continue
            who = respondents.get(turn.respondent_id)
            kind = f"{who.type}, {who.institution}" if who and who.institution else (
                who.type if who else "")
            for segment in by_turn.get(turn.number, []):
                rows.append({"segment": segment.id, "speaker": turn.speaker, "type": kind,
                             "start": segment.start, "end": segment.end, "text": segment.text,
                             "codes": codes_cell(decided.get(segment.id, {}),
                                                 outlooks.get(segment.id), questions)
                             if codes else ""})
                cells = [segment.id, turn.speaker, console.escape(kind),
                         f"{segment.start}-{segment.end}", console.escape(segment.text)]
                if codes:
                    held = decided.get(segment.id, {})
                    evidence = [e for sc in held.values() if sc.status != "rejected"
                                for e in sc.coding.evidence]
                    cells[4] = highlighted(segment.text, segment.start, evidence)
                    cells.append(console.escape(codes_cell(held, outlooks.get(segment.id),
                                                           questions)))
                table.add_row(*cells)
    print_listing(rows, ["segment", "speaker", "type", "start", "end", "text"] +
                  (["codes"] if codes else []), fmt, table)


def codes_cell(held: dict, outlook, questions: dict[int, str]) -> str:
    """A segment's codes for `show --codes`: pattern hits first, then the
    "similar" tier marked with ~ and the shared words, then the likely
    findings and line of inquiry, and what the interviewer's question
    pointed at (`questions`: turn number -> text)."""
    from ..ranking import SIMILAR_TIER, describe_asked, describe_findings, explanation

    lines = []
    ordered = sorted(held.items(), key=lambda kv: (kv[1].coding.tier == SIMILAR_TIER,
                                                   -kv[1].score, kv[0]))
    for code_id, sc in ordered:
        status = f" ({sc.status})" if sc.status != "suggested" else ""
        if sc.coding.tier == SIMILAR_TIER:
            lines.append(f"~{code_id} {sc.score:.2f} similar{status}: "
                         f"{explanation(sc.coding.evidence, limit=3)}")
        else:
            lines.append(f"{code_id} {sc.score:.2f}{status}")
    if outlook is not None and outlook.findings:
        lines.append(f"likely findings: {describe_findings(outlook.findings)}")
    if outlook is not None and outlook.loi:
        lines.append(f"line of inquiry: {outlook.loi}")
    asked = describe_asked(outlook, questions)
    if asked:
        lines.append(asked)
    return "\n".join(lines)
