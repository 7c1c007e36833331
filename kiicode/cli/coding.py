"""`kiicode code`, `why`, `evaluate`: auto-code, explain, measure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from ..evaluation import evaluate, gold_from_coder, read_gold
from ..pipeline import code as code_job
from ..pipeline import explain
from ..store import Store
from . import app, console
from .highlight import highlighted
from .options import CodebookOption, StoreOption, codebook_for, default_store

ModelOption = Annotated[str | None, typer.Option(
    "--nlp-model", help="An installed trained spaCy model to use instead of the built-in "
    "lookup lemmatizer (e.g. es_core_news_sm).")]


@app.command("code")
def code_cli(store: StoreOption = None, codebook: CodebookOption = None,
             nlp_model: ModelOption = None,
             jobs: Annotated[int | None, typer.Option(
                 "--jobs", "-j", min=1, help="Worker processes for large runs (default: up "
                 "to 2, as cores allow; 1 = this process only).")] = None) -> None:
    """Suggest codes for every segment. Coders' decisions are never touched;
    re-running after a codebook edit reports what changed.

    Example: kiicode code
    """
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        with Progress(TextColumn("Coding"), BarColumn(), MofNCompleteColumn(),
                      console=console.err, transient=True) as bar:
            task = bar.add_task("code", total=None)
            report = code_job(project, book, model=nlp_model, jobs=jobs,
                              on_progress=lambda done, total: bar.update(task, completed=done,
                                                                         total=total))
    if report.segments == 0 and not report.removed:
        console.note("Nothing to re-code: every segment is coded and no code's patterns "
                     "changed.")
        return
    console.note(f"Matched {report.segments} segments against {report.codes_matched} of "
                 f"{len(book.codes)} codes: {report.suggestions} suggestions "
                 f"({report.tokenised} segments tokenised, {report.from_cache} from cache)")
    if report.first_run:
        console.note(f"First coding: {len(report.added)} codes suggested at least once.")
        return
    changed = sorted(set(report.added) | set(report.removed))
    if not changed:
        console.note("No suggestions changed.")
        return
    table = Table("code", "added", "removed", title="Suggestions changed", title_justify="left")
    for code_id in changed:
        table.add_row(code_id, str(report.added.get(code_id, 0)),
                      str(report.removed.get(code_id, 0)))
    console.out.print(table)


@app.command("why")
def why_cli(
    segment_id: Annotated[str, typer.Argument(help="Segment id, e.g. KII-ES-01:4.")],
    code_id: Annotated[str, typer.Argument(help="Code id.")],
    store: StoreOption = None, codebook: CodebookOption = None,
) -> None:
    """Explain why a code was (or was not) suggested for a segment.

    Example: kiicode why KII-ES-01:4 staff_turnover
    """
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        why = explain(project, book, segment_id, code_id)
    segment, match, code = why.segment, why.match, book.codes[code_id]
    hits, vetoed = match.hits, match.vetoed
    console.out.print(Panel(highlighted(segment.text, segment.start,
                                        [h.as_evidence() for h in hits]),
                            title=f"{segment.id} · {segment.respondent_id} · {segment.language}",
                            title_align="left"))
    console.out.print(f"[bold]{code.id}[/] — {console.escape(code.name)}")
    if code.definition:
        console.out.print(f"[dim]Definition:[/] {console.escape(code.definition)}")
    if hits:
        table = Table("pattern", "kind", "matched", "offsets", "weight")
        for hit in hits:
            table.add_row(console.escape(hit.pattern), hit.kind, console.escape(hit.text),
                          f"{hit.start}-{hit.end}", f"{hit.weight:.2f}")
        console.out.print(table)
        console.out.print(f"Score {match.score:.2f} (1 - product of (1 - weight) over distinct "
                          "patterns)")
    else:
        console.out.print("No pattern of this code matches this segment.")
    if match.implied_by:
        console.out.print(f"Not suggested on its own: its child code '{match.implied_by}' fired "
                          "in this segment, and a child counts as its parent.")
    for hit in vetoed:
        console.out.print(f"Vetoed: {console.escape(hit.pattern)} matched "
                          f"'{console.escape(hit.text)}' but '{console.escape(hit.vetoed_by)}' "
                          "is in the same sentence (unless)")
    for decision in why.decisions:
        console.out.print(f"Decision: {decision.coder} · {decision.origin} · {decision.status} · "
                          f"{decision.updated}")
    console.out.print(f"Findings this segment supports: {', '.join(why.findings) or 'none'}")


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[Path | None, typer.Argument(
        help="Gold CSV: segment, codes (;-separated)[, text]. Or use --gold-coder.")] = None,
    store: StoreOption = None, codebook: CodebookOption = None,
    min_score: Annotated[float, typer.Option(help="Ignore suggestions scoring below this.")] = 0.0,
    coder: Annotated[str, typer.Option(help="Whose codes to measure: 'auto' (the machine) "
                                       "or a coder name.")] = "auto",
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    gold_coder: Annotated[str | None, typer.Option(
        "--gold-coder", help="Use this coder's decisions (on the segments they reviewed) "
        "as the gold, instead of a gold CSV.")] = None,
    per_code: Annotated[bool, typer.Option("--per-code/--no-per-code",
                                           help="Also list every code's figures.")] = True,
) -> None:
    """Precision, recall and F1 of auto-coding against hand-coded gold, per code,
    per line of inquiry and per language. The gold is a CSV file, or a coder's
    own decisions (--gold-coder).

    Example: kiicode evaluate transcripts_sample/gold_codings.csv

    Example: kiicode evaluate --gold-coder ana
    """
    if (gold is None) == (gold_coder is None):
        raise typer.BadParameter("give exactly one of a GOLD file or --gold-coder NAME")
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        truth = (gold_from_coder(project, gold_coder, book) if gold_coder
                 else read_gold(gold, project, book))
        result = evaluate(project, book, truth, min_score, coder)
    if fmt == "json":
        console.out.print_json(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    data = result.as_dict()
    summary = Table("level", "scope", "micro P", "micro R", "micro F1", "macro F1", "labels",
                    title=f"{result.segments} gold segments · predicted by {result.predicted_by}",
                    title_justify="left")

    def add(level: str, scope: str, s: dict) -> None:
        summary.add_row(level, scope, f"{s['micro_precision']:.2f}", f"{s['micro_recall']:.2f}",
                        f"{s['micro_f1']:.2f}", f"{s['macro_f1']:.2f}", str(s["labels"]))

    add("codes", "all", data["codes"]["summary"])
    add("lines of inquiry", "all", data["lines_of_inquiry"]["summary"])
    for lang, levels in data["by_language"].items():
        add("codes", lang, levels["codes"])
        add("lines of inquiry", lang, levels["lines_of_inquiry"])
    console.out.print(summary)
    tables = [("Per line of inquiry", "lines_of_inquiry", "per_loi")]
    if per_code:
        tables.append(("Per code", "codes", "per_code"))
    for title, key, per in tables:
        table = Table("label", "P", "R", "F1", "support", "tp", "fp", "fn", title=title,
                      title_justify="left")
        for label, s in data[key][per].items():
            table.add_row(label, f"{s['precision']:.2f}", f"{s['recall']:.2f}", f"{s['f1']:.2f}",
                          str(s["support"]), str(s["tp"]), str(s["fp"]), str(s["fn"]))
        console.out.print(table)
