"""`kiicode export ...`: tables for reports and other tools."""

from __future__ import annotations

import inspect
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..analysis import DEFAULT_STATUS, STATUS_ALL, require_coders
from ..export.matrix import EvidenceTables, MatrixOptions, evidence_tables
from ..export.tabular import (
    CODING_COLUMNS,
    coding_rows,
    write_rows,
    write_tables_csv,
    write_tables_jsonl,
)
from ..export.xlsx import write_xlsx
from ..interchange.qdc import write_qdc
from ..interchange.qdpx import build_project, write_qdpx
from ..interchange.refi import EXPORT_PROFILES, PROFILES
from ..pii.guard import require_no_pii, segment_texts, transcript_texts
from ..store import Store
from . import console
from .options import (
    AgreementOption,
    CodebookOption,
    Status,
    StatusOption,
    StoreOption,
    WhoseOption,
    codebook_for,
    default_store,
    project_codebook,
    whose,
)


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


app = typer.Typer(no_args_is_help=True, help="Export codings and evidence.\n\n"
                  "Example: kiicode export xlsx out/evidence_matrix.xlsx")


@app.command("codings")
def codings_cli(
    out: Annotated[Path, typer.Argument(help="File to write (.csv or .jsonl).")],
    store: StoreOption = None, codebook: CodebookOption = None,
    fmt: Annotated[str | None, typer.Option("--format", help="csv or jsonl (default: from the "
                                            "file extension).")] = None,
    coder: WhoseOption = None, agreement: AgreementOption = None,
    allow_pii: AllowPiiOption = False,
) -> None:
    """One row per segment x code: transcript, respondent, offsets, text, code,
    status, score, patterns fired and the findings the segment supports.

    Example: kiicode export codings out/codings.csv
    """
    chosen = (fmt or out.suffix.lstrip(".") or "csv").lower()
    if chosen not in ("csv", "jsonl"):
        raise typer.BadParameter("use csv or jsonl", param_hint="--format")
    rule = whose(coder, agreement)
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        if rule:
            require_coders(project, rule if isinstance(rule, tuple) else (rule,))
        coded = {row[0] for row in project.coding_statuses()}
        privacy = require_no_pii(project, segment_texts(
            s for s in project.segments() if s.id in coded), allow_pii=allow_pii)
        with console.progress("Writing codings") as on_progress:
            count = write_rows(coding_rows(project, book, rule), out, chosen, CODING_COLUMNS,
                               on_progress)
    console.note(f"Wrote {count} rows to {console.escape(str(out))}")
    if privacy.hits:
        console.note(f"[yellow]{console.escape(privacy.method_note)}.[/]")


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
AttributeFilter = Annotated[list[str] | None, typer.Option(
    "--attribute", help="Only quotes from respondents with this attribute value: "
    "NAME=VALUE, e.g. sex=female. Repeat for several (the same name twice keeps either "
    "value).")]
AllQuotesOption = Annotated[bool, typer.Option(
    "--all-quotes", help="Also list coded quotes that support no finding yet (finding "
    "blank).")]
AllowPiiOption = Annotated[bool, typer.Option(
    "--allow-pii", help="Write quotes even when they hold undecided high-confidence personal "
    "data (kiicode pii scan); the Method sheet says so.")]
ByOption = Annotated[list[str] | None, typer.Option(
    "--by", help="'code': the framework matrix gets a column per code instead of per "
    "finding; institution, region, language or a respondent attribute: the heat map gets "
    "columns for its groups too. Repeat for several.")]
AllowEmptyOption = Annotated[bool, typer.Option(
    "--allow-empty", help="Write the deliverable even when no evidence counts under "
    "--status (by default that is an error, so an empty file never replaces a full one).")]


def _tables(store: Path | None, codebook: Path | None, status, coder, finding, loi, theme,
            respondent_type, language, attribute, all_quotes, allow_pii=False,
            by=None, on_progress=None) -> EvidenceTables:
    options = MatrixOptions(status=status.value, coder=coder,
                            findings=tuple(finding or ()),
                            lois=tuple(loi or ()), themes=tuple(theme or ()),
                            respondent_types=tuple(respondent_type or ()),
                            languages=tuple(language or ()),
                            attributes=tuple(attribute or ()), all_quotes=all_quotes,
                            allow_pii=allow_pii, by=tuple(by or ()))
    with Store.open(store or default_store()) as project:
        return evidence_tables(project, codebook_for(project, codebook), options, on_progress)


def refuse_empty(rows: int, status: str, what: str, allow_empty: bool) -> None:
    """No silent empty deliverable: when nothing counts, say so loudly, with
    what to do, and exit 1 before anything is written (unless --allow-empty)."""
    if rows:
        return
    console.note(f"[bold yellow]Warning:[/] No evidence counts under --status {status}: "
                 f"the {what} would be empty. "
                 "Review the suggestions first (kiicode review, or kiicode accept / link), "
                 "or count unreviewed suggestions with --status all (not final)."
                 + ("" if allow_empty else " Nothing was written; --allow-empty writes it "
                    "anyway."))
    if not allow_empty:
        raise typer.Exit(1)


def _done(tables: EvidenceTables, where: str) -> None:
    console.note(f"Wrote {tables.evidence_rows:,} evidence rows and {len(tables.tables) - 1} "
                 f"more tables to {console.escape(where)}")
    console.note(f"[dim]Counted {console.escape(tables.counted)}.[/]")
    if tables.privacy.hits:
        console.note(f"[yellow]{console.escape(tables.privacy.method_note)}.[/]")
    if tables.options.status == STATUS_ALL:
        console.note("[yellow]Unreviewed machine suggestions are counted (--status all): "
                     "these numbers are not final.[/]")


PaperOption = Annotated[Paper, typer.Option(
    "--paper", help="Paper the workbook prints on (landscape).")]


EvidenceOut = Annotated[Path, typer.Argument(
    help="Where to write: a workbook (xlsx), a folder (csv: one file per table), or a .jsonl "
    "file or folder (jsonl).")]


def _evidence_export(name: str, write, summary: str, example: str,
                     extra: dict[str, tuple] | None = None) -> None:
    """Register `export NAME`: the evidence tables, filtered, through `write`.
    The evidence exports differ only in their writer and a few options of
    its own (`extra`: name -> (annotation, default), passed on to `write`),
    so one function defines their shared options once."""

    def command(
        out: EvidenceOut,
        store: StoreOption = None, codebook: CodebookOption = None,
        status: StatusOption = DEFAULT_STATUS, coder: WhoseOption = None,
        agreement: AgreementOption = None,
        finding: FindingFilter = None, loi: LoiFilter = None, theme: ThemeFilter = None,
        respondent_type: TypeFilter = None, language: LanguageFilter = None,
        attribute: AttributeFilter = None, all_quotes: AllQuotesOption = False,
        allow_pii: AllowPiiOption = False, by: ByOption = None, **more,
    ) -> None:
        with console.progress(f"Exporting {name}") as on_progress:
            tables = _tables(store, codebook, status, whose(coder, agreement), finding, loi,
                             theme, respondent_type, language, attribute, all_quotes,
                             allow_pii, by, on_progress)
            if "allow_empty" in more:
                refuse_empty(tables.evidence_rows, status.value, f"{name} export",
                             more.pop("allow_empty"))
            write(tables, out, on_progress=on_progress,
                  **{k: v.value if isinstance(v, Enum) else v for k, v in more.items()})
        _done(tables, str(out))

    # typer reads the options from the signature: add the writer's own
    signature = inspect.signature(command, eval_str=True)
    options = [p for p in signature.parameters.values() if p.kind != p.VAR_KEYWORD]
    for option, (annotation, default) in (extra or {}).items():
        options.append(inspect.Parameter(option, inspect.Parameter.KEYWORD_ONLY,
                                         default=default, annotation=annotation))
        command.__annotations__[option] = annotation
    command.__signature__ = signature.replace(parameters=options)
    command.__doc__ = f"{summary}\n\n    Example: {example}\n    "
    command.__name__ = f"{name}_cli"
    app.command(name)(command)


_evidence_export(
    "xlsx", write_xlsx,
    "The evidence matrix workbook for the client: every quote x finding with\n    its "
    "codes, respondent and a link to its transcript context; a summary\n    per finding; a "
    "heat map (finding x respondent type, n of N); a framework\n    matrix (respondent x "
    "finding, or x code with --by code); traceability\n    with the audit's problems; the "
    "codebook; the respondents; the memos;\n    and the method. Refuses to write an empty "
    "workbook unless --allow-empty.",
    "kiicode export xlsx out/evidence_matrix.xlsx",
    {"paper": (PaperOption, Paper.a4), "allow_empty": (AllowEmptyOption, False)})
_evidence_export(
    "csv", write_tables_csv,
    "The tables of `export xlsx` as CSV files (UTF-8 with BOM, so Excel\n    shows accents): "
    "evidence_matrix.csv, finding_summary.csv and the rest.",
    "kiicode export csv out/evidence --status all")
_evidence_export(
    "jsonl", write_tables_jsonl,
    "The tables of `export xlsx` as JSON Lines, keyed by column name.",
    "kiicode export jsonl out/evidence.jsonl --status all")


ExportProfile = Enum("ExportProfile", {name: name for name in EXPORT_PROFILES}, type=str)
ProfileOption = Annotated[ExportProfile, typer.Option(
    "--profile", help="Write for one tool's way of counting: 'maxqda' (CRLF line ends in the "
    "sources), 'nvivo' (offsets count a character beyond U+FFFF, e.g. an emoji, as two). "
    "ATLAS.ti and QualCoder read the standard file. See docs/export.md.")]


@app.command("qdpx")
def qdpx_cli(
    out: Annotated[Path, typer.Argument(help="The REFI-QDA project file to write (.qdpx).")],
    store: StoreOption = None, codebook: CodebookOption = None,
    status: StatusOption = Status.accepted, coder: WhoseOption = None,
    finding: FindingFilter = None, loi: LoiFilter = None, theme: ThemeFilter = None,
    respondent_type: TypeFilter = None, language: LanguageFilter = None,
    attribute: AttributeFilter = None, profile: ProfileOption = ExportProfile.standard,
    allow_pii: AllowPiiOption = False,
) -> None:
    """A REFI-QDA 1.0 project for NVivo, ATLAS.ti, MAXQDA or QualCoder: the
    transcripts, one case per respondent with their attributes, the codebook,
    and each coder's accepted and manual codings as that coder's (machine
    suggestions only with --status reviewed or all, as their own user),
    finding links and memos. Default --status accepted.

    Example: kiicode export qdpx out/project.qdpx
    """
    options = MatrixOptions(status=status.value, coder=coder, findings=tuple(finding or ()),
                            lois=tuple(loi or ()), themes=tuple(theme or ()),
                            respondent_types=tuple(respondent_type or ()),
                            languages=tuple(language or ()), attributes=tuple(attribute or ()))
    with Store.open(store or default_store()) as project:
        book = codebook_for(project, codebook)
        if coder:
            require_coders(project, (coder,))
        with console.progress("Exporting qdpx") as on_progress:
            built = build_project(project, book, options, PROFILES[profile.value],
                                  on_progress)
        # whole transcripts leave the project: the guard scans all their text
        privacy = require_no_pii(project, transcript_texts(project, built.transcripts),
                                 allow_pii=allow_pii)
    write_qdpx(built, out)
    counts = built.counts
    console.note(f"Wrote {console.escape(str(out))}: {counts['sources']} sources, "
                 f"{counts['cases']} cases, {counts['selections']} selections with "
                 f"{counts['codings']} codings ({counts['finding_links']} finding links), "
                 f"{counts['notes']} memos, {counts['users']} users")
    if privacy.hits:
        console.note(f"[yellow]{console.escape(privacy.method_note)}.[/]")


@app.command("qdc")
def qdc_cli(
    out: Annotated[Path, typer.Argument(help="The REFI-QDA codebook file to write (.qdc).")],
    store: StoreOption = None, codebook: CodebookOption = None,
) -> None:
    """The codebook alone as a REFI-QDA codebook (.qdc): codes with their
    hierarchy, definitions and colours, and a set per line of inquiry and theme.

    Example: kiicode export qdc out/codebook.qdc
    """
    book = project_codebook(store, codebook)
    write_qdc(book, out)
    console.note(f"Wrote {len(book.codes)} codes to {console.escape(str(out))}")
