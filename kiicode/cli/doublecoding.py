"""`kiicode sample` (the blind double-coding set and each coder's progress)
and `kiicode adjudicate ...` (two coders' disagreements, and the consensus)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ..review.actions import ACCEPTED, REJECTED
from ..review.doublecoding import (
    CONSENSUS,
    agreement_after,
    disagreements,
    draw_sample,
    progress,
    settle_agreed,
)
from ..store import Store
from . import app, console
from .options import (
    CodebookOption,
    ListFormat,
    ListFormatOption,
    StoreOption,
    codebook_for,
    default_store,
    print_listing,
)

CodersOption = Annotated[tuple[str, str], typer.Option(
    "--coders", metavar="NAME NAME", help="The two coders: --coders ana luis.")]
ConsensusOption = Annotated[str, typer.Option(
    "--as", help="The coder name consensus decisions are saved under (count them with "
    "--coder consensus).")]


@app.command("sample")
def sample_cli(
    coders: Annotated[list[str] | None, typer.Option(
        "--coders", help="Coders who must all code the set; repeat it: --coders ana "
        "--coders luis (or one quoted list: --coders 'ana luis').")] = None,
    share: Annotated[float, typer.Option(help="Share of the corpus to double-code "
                                         "(0.2 = 20%, at least one per stratum).")] = 0.2,
    by: Annotated[str | None, typer.Option(
        "--by", help="Stratify by respondent_type, region, institution, language or a "
        "respondent attribute.")] = None,
    unit: Annotated[str, typer.Option(help="Draw whole transcripts or single segments: "
                                      "segment or transcript.")] = "segment",
    seed: Annotated[int, typer.Option(help="The draw's seed (same seed, same set).")] = 13,
    store: StoreOption = None, fmt: ListFormatOption = ListFormat.table,
) -> None:
    """Draw the blind double-coding set: a stratified share of the segments
    (or transcripts) that every named coder must code, saved in the project.
    Without --coders, show each coder's progress on the set.

    Coders then work with `kiicode review --blind --coder NAME`, which shows
    only their set and hides the others' decisions.

    Example: kiicode sample --coders ana --coders luis --share 0.2 --by respondent_type
    """
    with Store.open(store or default_store()) as project:
        if coders:
            names = [n for c in coders for n in c.split()]
            drawn = draw_sample(project, names, share, by, unit, seed)
            table = Table("stratum", f"{unit}s drawn", f"{unit}s in corpus",
                          title=f"Double-coding set for {', '.join(drawn.coders)}: "
                                f"{len(drawn.segments)} segments", title_justify="left")
            for name, (taken, total) in drawn.strata.items():
                table.add_row(console.escape(name), str(taken), str(total))
            if fmt == ListFormat.table:
                console.out.print(table)
            else:   # stdout holds only the progress rows
                console.note(f"Drew {len(drawn.segments)} segments for "
                             f"{console.escape(', '.join(drawn.coders))}.")
        rows = [{"coder": row.coder, "reviewed": row.reviewed, "of": row.total,
                 "share": round(row.reviewed / row.total, 4) if row.total else None}
                for row in progress(project)]
    table = Table("coder", "reviewed", "of", "share", title="Progress on the double-coding set",
                  title_justify="left")
    for row in rows:
        table.add_row(console.escape(row["coder"]), str(row["reviewed"]), str(row["of"]),
                      f"{row['share']:.0%}" if row["share"] is not None else "-")
    if rows or fmt != ListFormat.table:
        print_listing(rows, ["coder", "reviewed", "of", "share"], fmt, table)
    else:
        console.out.print("No double-coding set yet: kiicode sample --coders ana --coders luis "
                          "--share 0.2")


adjudicate_app = typer.Typer(no_args_is_help=True, help="Settle two coders' disagreements: "
                             "list them side by side, record the consensus decision.\n\n"
                             "Example: kiicode adjudicate list --coders ana luis")
app.add_typer(adjudicate_app, name="adjudicate")


@adjudicate_app.command("list")
def adjudicate_list_cli(coders: CodersOption, consensus: ConsensusOption = CONSENSUS,
                        store: StoreOption = None, codebook: CodebookOption = None,
                        fmt: ListFormatOption = ListFormat.table) -> None:
    """List the codes one coder holds and the other does not, on the segments
    both reviewed, side by side with the consensus so far, and the agreement
    before (the two coders) and after (each against the consensus).

    Codes both hold are recorded as consensus at once (decided by
    'agreement'); only the disagreements need a person.

    Example: kiicode adjudicate list --coders ana luis
    """
    a, b = coders
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        settled = settle_agreed(project, a, b, consensus)
        found = disagreements(project, a, b, consensus)
        before, after_a, after_b = agreement_after(project, a, b, consensus, book)
    rows = [{"segment": item.segment, "code": item.code,
             "held_by": a if item.holds[0] else b, "consensus": item.consensus or "open",
             "decided_by": item.decided_by or "", "text": item.text} for item in found]
    table = Table("segment", "code", console.escape(a), console.escape(b), consensus,
                  "decided by", "text", title=f"{len(found)} disagreements of "
                  f"{console.escape(a)} and {console.escape(b)}", title_justify="left")
    for item in found:
        table.add_row(item.segment, item.code, *("has it" if h else "-" for h in item.holds),
                      item.consensus or "open", item.decided_by or "",
                      console.escape(" ".join(item.text.split())[:80]))
    print_listing(rows, ["segment", "code", "held_by", "consensus", "decided_by", "text"], fmt,
                  table)
    console.note(f"{settled} agreed codes recorded as {console.escape(consensus)}; "
                 f"{sum(1 for i in found if i.consensus is None)} disagreements open.")

    def kappa(report) -> str:
        if report is None:
            return "n/a (nothing decided in common yet)"
        value = report.overall.kappa
        return f"kappa {value:.2f}" if value is not None else "kappa n/a (no variation)"

    # a summary, not a row: on stdout beside the table, else with the messages
    (console.out.print if fmt == ListFormat.table else console.note)(
        f"Agreement before: {console.escape(a)} vs {console.escape(b)} "
        f"{kappa(before)}; after: {console.escape(a)} vs {consensus} "
        f"{kappa(after_a)}, {console.escape(b)} vs {consensus} {kappa(after_b)}")


@adjudicate_app.command("decide")
def adjudicate_decide_cli(
    segment: Annotated[str, typer.Argument(help="Segment id (e.g. KII-ES-01:4).")],
    code: Annotated[str, typer.Argument(metavar="CODE", help="Code id from the codebook.")],
    verdict: Annotated[str, typer.Argument(metavar="accept|reject",
                                           help="The consensus: accept or reject the code.")],
    coders: CodersOption,
    decided_by: Annotated[str, typer.Option("--by", help="Who decided (your name).")],
    consensus: ConsensusOption = CONSENSUS, store: StoreOption = None,
    codebook: CodebookOption = None,
) -> None:
    """Record the consensus decision on one disagreement, with who decided;
    `kiicode undo --coder consensus` takes it back.

    Example: kiicode adjudicate decide KII-ES-01:8 staffing_funding_gaps reject
    --coders ana luis --by eva
    """
    statuses = {"accept": ACCEPTED, "reject": REJECTED}
    if verdict not in statuses:
        raise typer.BadParameter("accept or reject", param_hint="accept|reject")
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        if code not in book.codes:
            from ..review.actions import Coder

            Coder(project, book, consensus).require_code(code)
        project.adjudicate(segment, code, consensus, statuses[verdict], decided_by, coders)
    console.note(f"Saved: {verdict} {console.escape(code)} on {console.escape(segment)} as "
                 f"{console.escape(consensus)} (decided by {console.escape(decided_by)})")


@adjudicate_app.command("screen")
def adjudicate_screen_cli(coders: CodersOption,
                          decided_by: Annotated[str, typer.Option("--by",
                                                                  help="Who decides (your name).")],
                          consensus: ConsensusOption = CONSENSUS,
                          store: StoreOption = None) -> None:
    """Walk the disagreements one at a time, the two coders side by side:
    a accepts, r rejects (saved at once, with who decided), n/p move, u
    undoes, q quits.

    Example: kiicode adjudicate screen --coders ana luis --by eva
    """
    from ..review.adjudicate_tui import AdjudicateApp  # textual loads only here

    with Store.open(store or default_store()) as project:
        screen = AdjudicateApp(project, coders, decided_by, consensus)
        screen.run()
        left = sum(1 for item in disagreements(project, *coders, consensus)
                   if item.consensus is None)
    console.note(f"{left} disagreements open; every decision is saved.")
