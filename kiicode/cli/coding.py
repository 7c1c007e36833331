"""`kiicode code`, `why`, `evaluate`: auto-code, explain, measure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from ..store import Store
from . import app, console
from .highlight import highlighted
from .options import CodebookOption, StoreOption, codebook_for, default_store

# The coder (kiicode.pipeline, .ranking, .similarity, .evaluation) is imported inside the
# commands: it brings numpy, the matcher and the ranker, which `kiicode --help` and the
# other commands should not pay at start-up.

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
    from ..pipeline import code as code_job

    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        with console.progress("Coding") as on_progress:
            report = code_job(project, book, model=nlp_model, jobs=jobs,
                              on_progress=on_progress)
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

    Example: kiicode why KII-ES-02:11 staff_turnover
    """
    from ..pipeline import explain
    from ..ranking import describe_asked, describe_findings

    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        why = explain(project, book, segment_id, code_id)
    segment, match, code = why.segment, why.match, book.codes[code_id]
    hits, vetoed = match.hits, match.vetoed
    console.out.print(Panel(highlighted(segment.text, segment.start,
                                        [h.as_evidence() for h in hits] +
                                        [w.as_evidence(segment.start)
                                         for w in why.similar_words]),
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
    print_similarity(why)
    for decision in why.decisions:
        console.out.print(f"Decision: {decision.coder} · {decision.origin} · {decision.status} · "
                          f"{decision.updated}")
    console.out.print(f"Findings this segment supports: {', '.join(why.findings) or 'none'}")
    if why.outlook is not None:
        console.out.print(f"Likely findings: {describe_findings(why.outlook.findings) or 'none'}"
                          f" · line of inquiry: {why.outlook.loi or 'none'}")
        asked = describe_asked(why.outlook, why.questions)
        if asked:
            console.out.print(console.escape(asked))


def print_similarity(why) -> None:
    """The similarity signal's part: the tier it was suggested in, the shared
    words with their weights and fields, and the nearest accepted segment."""
    from ..ranking import SIMILAR_TIER
    from ..similarity import SIMILAR_CAP, SIMILAR_MARGIN, SIMILAR_THRESHOLD

    suggestion = why.suggestion
    if suggestion is not None and suggestion.tier == SIMILAR_TIER:
        console.out.print(f"Suggested in the [bold]similar[/] tier: score {suggestion.score:.2f}"
                          f" (similarity {why.similarity:.2f} ≥ {SIMILAR_THRESHOLD}, no pattern "
                          "fired)")
    elif suggestion is not None:
        console.out.print(f"Suggested in the [bold]pattern[/] tier: score {suggestion.score:.2f} "
                          f"(patterns, raised by similarity {why.similarity:.2f})")
    else:
        place = ("to be the most similar code not suggested otherwise" if SIMILAR_CAP == 1
                 else f"a place among the {SIMILAR_CAP} most similar codes not suggested "
                 "otherwise")
        console.out.print(f"Not suggested; similarity {why.similarity:.2f} (the similar tier "
                          f"needs {SIMILAR_THRESHOLD}, at most {SIMILAR_MARGIN} below the "
                          f"segment's best similarity, and {place})")
    if why.similar_words:
        table = Table("shared word", "codebook fields", "weight",
                      title="Words shared with the code's codebook text", title_justify="left")
        for word in why.similar_words:
            table.add_row(console.escape(word.text), ", ".join(word.fields) or "codebook",
                          f"{word.weight:.2f}")
        console.out.print(table)
    if why.nearest is not None:
        console.out.print(f"Like {why.nearest.segment}, accepted by "
                          f"{console.escape(why.nearest.coder)} (similarity "
                          f"{why.nearest.similarity:.2f})")


def segment_table(figures: dict, gold_findings: str) -> Table:
    """Per-segment figures and each tier, every one beside the "always the
    most common answer" baseline."""
    def share(entry: dict, baseline: bool = True) -> str:
        if entry["value"] is None:
            return "—"
        text = f"{entry['value']:.2f}"
        return text + (f" (most common: {entry['baseline']:.2f})" if baseline else "")

    source = ("gold finding/loi columns" if gold_findings == "gold"
              else "findings and LOIs derived from the gold codes")
    table = Table("scope", "with a suggestion", "LOI right", "LOI without the question",
                  "finding in top 3",
                  "pattern tier P / R", "similar tier P / R (n)", "always most common code F1",
                  title=f"Per segment ({source})", title_justify="left")
    for scope, f in figures.items():
        pattern, similar, majority = f["tiers"]["pattern"], f["tiers"]["similar"], \
            f["majority_code"]
        table.add_row(scope, share(f["with_suggestion"], baseline=False),
                      share(f["loi_accuracy"]), share(f["loi_without_question"], baseline=False),
                      share(f["finding_at_3"]),
                      f"{pattern['precision']:.2f} / {pattern['recall']:.2f}",
                      f"{similar['precision']:.2f} / {similar['recall']:.2f} "
                      f"({similar['suggestions']})",
                      f"{majority['f1']:.2f} ({majority['code'] or '—'})")
    return table


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[Path | None, typer.Argument(
        help="Gold CSV: segment, codes (;-separated)[, finding, loi, text]. Or use "
        "--gold-coder.")] = None,
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
    per line of inquiry and per language; each tier's precision and recall;
    per segment, line-of-inquiry accuracy and whether the gold finding is among
    the three likely findings — each beside the "always the most common"
    baseline. The gold is a CSV file (segment, codes[, finding, loi]), or a
    coder's own decisions (--gold-coder).

    Example: kiicode evaluate transcripts_sample/gold_codings.csv

    Example: kiicode evaluate --gold-coder ana
    """
    from ..evaluation import evaluate, gold_from_coder, read_gold, read_gold_outlook

    if (gold is None) == (gold_coder is None):
        raise typer.BadParameter("give exactly one of a GOLD file or --gold-coder NAME")
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        truth = (gold_from_coder(project, gold_coder, book) if gold_coder
                 else read_gold(gold, project, book))
        outlook, kind = (read_gold_outlook(gold, project, book) if gold is not None
                         else (None, ""))
        result = evaluate(project, book, truth, min_score, coder, outlook, kind)
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
    console.out.print(segment_table(data["segment_figures"], data["gold_findings"]))
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
