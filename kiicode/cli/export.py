"""`kiicode export ...`: tables for reports and other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..analysis import DEFAULT_STATUS, STATUS_ALL
from ..export.matrix import EvidenceTables, MatrixOptions, evidence_tables
from ..export.tabular import (
    CODING_COLUMNS,
    coding_rows,
    write_rows,
    write_tables_csv,
    write_tables_jsonl,
)
from ..export.xlsx import write_xlsx
from ..store import Store
from . import console
from .options import (
    CodebookOption,
    StatusOption,
    StoreOption,
    WhoseOption,
    codebook_for,
    default_store,
)

app = typer.Typer(no_args_is_help=True, help="Export codings and evidence.")


@app.command("codings")
def codings_cli(
    out: Annotated[Path, typer.Argument(help="File to write (.csv or .jsonl).")],
    store: StoreOption = None, codebook: CodebookOption = None,
    fmt: Annotated[str | None, typer.Option("--format", help="csv or jsonl (default: from the "
                                            "file extension).")] = None,
    coder: Annotated[str | None, typer.Option(help="Count only this coder's decisions "
                                              "(default: latest decision by anyone).")] = None,
) -> None:
    """One row per segment x code: transcript, respondent, offsets, text, code,
    status, score, patterns fired and the findings the segment supports.

    Example: kiicode export codings out/codings.csv --store out/project.sqlite
    """
    chosen = (fmt or out.suffix.lstrip(".") or "csv").lower()
    if chosen not in ("csv", "jsonl"):
        raise typer.BadParameter("use csv or jsonl", param_hint="--format")
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        count = write_rows(coding_rows(project, book, coder), out, chosen, CODING_COLUMNS)
    console.note(f"Wrote {count} rows to {console.escape(str(out))}")


# The filters every evidence export takes, defined once.
FindingFilter = Annotated[list[str] | None, typer.Option(
    "--finding", "-f", help="Only these findings. Repeat for several.")]
LoiFilter = Annotated[list[str] | None, typer.Option(
    "--loi", help="Only findings of these lines of inquiry (ids). Repeat for several.")]
ThemeFilter = Annotated[list[str] | None, typer.Option(
    "--theme", help="Only quotes whose codes carry these themes. Repeat for several.")]
TypeFilter = Annotated[list[str] | None, typer.Option(
    "--respondent-type", help="Only quotes from respondents of these types (id, label or "
    "alias). Repeat for several.")]
LanguageFilter = Annotated[list[str] | None, typer.Option(
    "--language", help="Only quotes in these languages (es, en). Repeat for several.")]
AllQuotesOption = Annotated[bool, typer.Option(
    "--all-quotes", help="Also list coded quotes that support no finding yet (finding "
    "blank).")]


def _tables(store: Path | None, codebook: Path | None, status, coder, finding, loi, theme,
            respondent_type, language, all_quotes) -> EvidenceTables:
    options = MatrixOptions(status=status.value, coder=coder, findings=tuple(finding or ()),
                            lois=tuple(loi or ()), themes=tuple(theme or ()),
                            respondent_types=tuple(respondent_type or ()),
                            languages=tuple(language or ()), all_quotes=all_quotes)
    with Store.open(store or default_store()) as project:
        return evidence_tables(project, codebook_for(project, codebook), options)


def _done(tables: EvidenceTables, where: str) -> None:
    console.note(f"Wrote {tables.evidence_rows:,} evidence rows and {len(tables.tables) - 1} "
                 f"more tables to {console.escape(where)}")
    console.note(f"[dim]Counted {console.escape(tables.counted)}.[/]")
    if tables.options.status == STATUS_ALL:
        console.note("[yellow]Unreviewed machine suggestions are counted (--status all): "
                     "these numbers are not final.[/]")


@app.command("xlsx")
def xlsx_cli(
    out: Annotated[Path, typer.Argument(help="Workbook to write (.xlsx).")],
    store: StoreOption = None, codebook: CodebookOption = None,
    status: StatusOption = DEFAULT_STATUS, coder: WhoseOption = None,
    finding: FindingFilter = None, loi: LoiFilter = None, theme: ThemeFilter = None,
    respondent_type: TypeFilter = None, language: LanguageFilter = None,
    all_quotes: AllQuotesOption = False,
) -> None:
    """The evidence matrix workbook for the client: every quote x finding with
    its conclusions, recommendations, codes, respondent and offsets; a summary
    per finding (n of N by respondent type, strength, link to its quotes);
    traceability with the audit's problems; the codebook; the respondents;
    and the method. Written to a temporary file and renamed.

    Example: kiicode export xlsx out/evidence_matrix.xlsx --store out/project.sqlite
    """
    tables = _tables(store, codebook, status, coder, finding, loi, theme, respondent_type,
                     language, all_quotes)
    write_xlsx(tables, out)
    _done(tables, str(out))


@app.command("csv")
def csv_cli(
    out: Annotated[Path, typer.Argument(help="Folder to write one CSV per table into "
                                        "(created if missing).")],
    store: StoreOption = None, codebook: CodebookOption = None,
    status: StatusOption = DEFAULT_STATUS, coder: WhoseOption = None,
    finding: FindingFilter = None, loi: LoiFilter = None, theme: ThemeFilter = None,
    respondent_type: TypeFilter = None, language: LanguageFilter = None,
    all_quotes: AllQuotesOption = False,
) -> None:
    """The tables of `export xlsx` as CSV files (UTF-8 with BOM, so Excel
    shows accents): evidence_matrix.csv, finding_summary.csv and the rest.

    Example: kiicode export csv out/evidence --store out/project.sqlite --status all
    """
    tables = _tables(store, codebook, status, coder, finding, loi, theme, respondent_type,
                     language, all_quotes)
    write_tables_csv(tables, out)
    _done(tables, str(out))


@app.command("jsonl")
def jsonl_cli(
    out: Annotated[Path, typer.Argument(help="A .jsonl file (every table, each line with a "
                                        "'table' field) or a folder (one file per table).")],
    store: StoreOption = None, codebook: CodebookOption = None,
    status: StatusOption = DEFAULT_STATUS, coder: WhoseOption = None,
    finding: FindingFilter = None, loi: LoiFilter = None, theme: ThemeFilter = None,
    respondent_type: TypeFilter = None, language: LanguageFilter = None,
    all_quotes: AllQuotesOption = False,
) -> None:
    """The tables of `export xlsx` as JSON Lines, keyed by column name.

    Example: kiicode export jsonl out/evidence.jsonl --store out/project.sqlite --status all
    """
    tables = _tables(store, codebook, status, coder, finding, loi, theme, respondent_type,
                     language, all_quotes)
    write_tables_jsonl(tables, out)
    _done(tables, str(out))
