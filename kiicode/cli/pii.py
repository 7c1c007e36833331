"""`kiicode pii ...`: find personal data, decide false positives, redact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ..codebook import did_you_mean
from ..errors import Location, NotFoundError, Problem
from ..pii.levels import DEFAULT_MIN_CONFIDENCE, HIGH
from ..store import Store, store_exists
from ..transcripts.corpus import rosters_beside
from . import console
from .options import (
    CodebookOption,
    CoderOption,
    ListFormat,
    ListFormatOption,
    StoreOption,
    codebook_for,
    default_store,
    print_listing,
    print_rows,
)

if TYPE_CHECKING:
    from ..pii.scan import Hit, ScanSummary

# The scanner (kiicode.pii.scan) is imported inside the commands that scan: loading it
# compiles every finder's patterns and the name gazetteer, which `kiicode --help` and the
# other commands should not pay at start-up.

app = typer.Typer(no_args_is_help=True, help="Personal data: scan transcripts for it, mark "
                  "false positives, write pseudonymised copies (docs/anonymisation.md).\n\n"
                  "Example: kiicode pii scan")


SCAN_COLUMNS = ("transcript", "start", "end", "category", "confidence", "rule", "key",
                "status", "masked", "snippet")
MinConfidenceOption = Annotated[float, typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help=f"Report hits at least this sure, 0 to 1 (high, which blocks exports, is {HIGH}).")]


def _scan(targets: list[str], store: str | None, codebook: Path | None,
          min_confidence: float) -> tuple[ScanSummary, set[tuple[str, str]]]:
    """Scan files or folders named in `targets` (read, not ingested), or the
    project's transcripts (all, or the ids named)."""
    from ..pii.scan import scan_store, scan_transcripts

    paths = [t for t in targets if Path(t).exists()]
    if paths:
        if len(paths) != len(targets):
            missing = [t for t in targets if t not in paths]
            raise NotFoundError(Problem(Location(missing[0]), "no such file or folder",
                                        "name files and folders, or transcript ids of the "
                                        "project, not both"))
        from ..pipeline import read_transcripts

        corpus = read_transcripts(paths, codebook_for(None, codebook))
        console.warn(corpus.warnings)
        summary = scan_transcripts(corpus.transcripts, min_confidence)
        dismissed: set[tuple[str, str]] = set()
        store_path = store or default_store()
        if store_exists(store_path):
            with Store.open(store_path) as project:
                dismissed = project.dismissed_pii()
        return summary, dismissed
    with Store.open(store or default_store()) as project:
        for target in targets:
            project.transcript(target)   # an unknown id is a clear error
        return scan_store(project, targets or None, min_confidence), project.dismissed_pii()


@app.command("scan")
def scan_cli(
    transcripts: Annotated[list[str] | None, typer.Argument(
        help="Transcript ids of the project, or transcript files and folders to check before "
             "ingesting them. Default: every transcript of the project.")] = None,
    store: StoreOption = None, codebook: CodebookOption = None,
    fmt: Annotated[ListFormat, typer.Option(
        "--format", help="table (terminal), csv (one row per hit) or json (an object: words, "
        "transcripts and the hits).")] = ListFormat.table,
    min_confidence: MinConfidenceOption = DEFAULT_MIN_CONFIDENCE,
    undecided: Annotated[bool, typer.Option(
        "--undecided", help="Leave out hits a coder marked not personal.")] = False,
    show_text: Annotated[bool, typer.Option(
        "--show-text", help="Also print each hit's text unmasked (json and csv: a text "
        "column). Only on a screen nobody else sees.")] = False,
) -> None:
    """Find personal data (emails, URLs, phone numbers, ID numbers, dates of
    birth, street addresses, person names) in Spanish and English
    transcripts, offline. Each hit has its transcript, offsets, category,
    confidence, a key (to mark it not personal) and a masked snippet.

    Example: kiicode pii scan --format csv > pii.csv
    """
    summary, dismissed = _scan(transcripts or [], store, codebook, min_confidence)
    rows = []
    for hit in summary.hits:
        status = "not personal" if (hit.category, hit.key) in dismissed else (
            "undecided" if hit.high else "low confidence")
        if undecided and status == "not personal":
            continue
        row = hit.as_dict(with_text=show_text)
        row["status"] = status
        rows.append(row)
    if fmt == ListFormat.json:   # with the corpus size, which the rates need
        console.out.file.write(json.dumps({"words": summary.words,
                                           "transcripts": summary.transcripts,
                                           "hits": rows}, ensure_ascii=False, indent=2) + "\n")
    elif fmt == ListFormat.csv:
        print_rows(rows, [*SCAN_COLUMNS, *(("text",) if show_text else ())], fmt)
    else:
        table = Table(title=f"Personal data in {summary.transcripts} transcripts "
                            f"({summary.words:,} words)", title_justify="left")
        for column in ("transcript", "offsets", "category", "conf.", "key", "status",
                       "text" if show_text else "masked in context"):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(row["transcript"], f"{row['start']}-{row['end']}", row["category"],
                          f"{row['confidence']:.2f}", row["key"], row["status"],
                          console.escape(row["text"] if show_text else row["snippet"]))
        console.out.print(table)
    high = sum(1 for r in rows if r["status"] == "undecided")
    console.note(f"{len(rows)} hits, {high} undecided at high confidence (≥ {HIGH}): "
                 "exports refuse to write those until they are redacted or marked not "
                 "personal (kiicode pii dismiss KEY).")


def _hits_by_key(project: Store) -> dict[str, Hit]:
    from ..pii.scan import scan_store

    found: dict[str, Hit] = {}
    for hit in scan_store(project, min_confidence=0.0).hits:
        found.setdefault(hit.key, hit)
    return found


@app.command("dismiss")
def dismiss_cli(
    keys: Annotated[list[str], typer.Argument(help="Hit keys from `kiicode pii scan`.")],
    coder: CoderOption,
    store: StoreOption = None,
    note: Annotated[str, typer.Option("--note", help="Why it is not personal.")] = "",
) -> None:
    """Mark hits "not personal": every occurrence of the same text in that
    category is decided at once, with your name and the time. Exports stop
    counting it.

    Example: kiicode pii dismiss 73267e4b41 --store mine.sqlite --coder ana
    --note "our interviewer, named with her consent"
    """
    with Store.open(store or default_store()) as project:
        hits = _hits_by_key(project)
        problems = [Problem(Location(project.path), f"no hit with key '{key}'",
                            did_you_mean(key, sorted(hits)) or "see `kiicode pii scan`")
                    for key in keys if key not in hits]
        if problems:
            raise NotFoundError(problems)
        count = project.dismiss_pii([(hits[k].category, k, hits[k].snippet) for k in keys],
                                    coder, note)
    console.note(f"Marked {count} hit text(s) not personal, by {console.escape(coder)}.")


@app.command("restore")
def restore_cli(
    keys: Annotated[list[str], typer.Argument(help="Hit keys marked not personal.")],
    store: StoreOption = None,
) -> None:
    """Undo `pii dismiss`: those texts count as personal data again.

    Example: kiicode pii restore 73267e4b41 --store mine.sqlite
    """
    with Store.open(store or default_store()) as project:
        removed = project.restore_pii(keys)
    console.note(f"Restored {removed} decision(s).")


@app.command("decisions")
def decisions_cli(
    store: StoreOption = None,
    fmt: ListFormatOption = ListFormat.table,
) -> None:
    """List the hits coders marked not personal: who, when and why.

    Example: kiicode pii decisions
    """
    with Store.open(store or default_store()) as project:
        decisions = project.pii_decisions()
    rows = [{"key": d.text_key, "category": d.category, "decision": d.decision,
             "coder": d.coder, "decided_at": d.decided_at, "note": d.note, "masked": d.masked}
            for d in decisions]
    columns = ["key", "category", "decision", "coder", "decided_at", "note", "masked"]
    table = Table(title_justify="left", title=f"{len(rows)} PII decisions")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(console.escape(str(row[c])) for c in columns))
    print_listing(rows, columns, fmt, table)


@app.command("redact")
def redact_cli(
    out_dir: Annotated[Path, typer.Argument(help="A new folder for the pseudonymised copies.")],
    sources: Annotated[list[Path] | None, typer.Argument(
        help="Transcript files or folders. Default: the files the project was ingested "
             "from.")] = None,
    store: StoreOption = None, codebook: CodebookOption = None,
    key: Annotated[Path | None, typer.Option(
        "--key", help="Where to write the key file (placeholder to original). Default: "
        "OUT_DIR.key.csv beside the folder, never inside it.")] = None,
    min_confidence: MinConfidenceOption = DEFAULT_MIN_CONFIDENCE,
) -> None:
    """Write pseudonymised copies of the transcripts: every hit not marked
    not personal becomes a placeholder that is the same across the corpus
    ([NOMBRE-3], [TEL-1]); titles stay, so the text reads. The copies keep
    their format (.md and .txt with front matter; .vtt and .srt with every
    cue and timing, their metadata in the folder's respondents.csv; .docx
    becomes .md) and are ready for `kiicode ingest`; the originals are never
    modified. The key file that undoes it is written apart: keep it
    somewhere else.

    Example: kiicode pii redact out/redacted --key ~/secure/cpc.key.csv
    """
    from ..pii.redact import redact

    store_path = store or default_store()
    dismissed: set[tuple[str, str]] = set()
    paths = [str(p) for p in sources or []]
    if store_exists(store_path):
        with Store.open(store_path) as project:
            dismissed = project.dismissed_pii()
            book = codebook_for(project, codebook)
            if not paths:   # the files ingested, with the rosters ingest read beside them
                paths = [row.path for row in project.transcripts()]
                paths += rosters_beside(paths)
    else:
        book = codebook_for(None, codebook)
    if not paths:
        raise NotFoundError(Problem(Location(str(store_path)), "no transcripts to redact",
                                    "name transcript files or folders, or ingest them first"))
    from ..pipeline import read_transcripts

    corpus = read_transcripts(paths, book)
    key_file = key or out_dir.parent / f"{out_dir.name}.key.csv"
    report = redact(corpus.transcripts, out_dir, key_file, dismissed, min_confidence)
    console.note(f"Wrote {len(report.written)} pseudonymised transcripts to "
                 f"{console.escape(str(out_dir))} ({report.replaced} replacements; "
                 + ", ".join(f"{n} {c}" for c, n in sorted(report.placeholders.items()))
                 + ").")
    console.note(f"[bold yellow]Key file: {console.escape(str(report.key_file))}[/] — it "
                 "undoes the pseudonymisation: store it apart from the copies (not in the "
                 "same folder, share or e-mail) and never hand it over with them.")
