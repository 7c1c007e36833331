"""`kiicode codebook ...`: check a codebook, export it as a spreadsheet or
REFI-QDA codebook, import one from a spreadsheet, .qdc or .qdpx."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..codebook import load_codebook
from ..errors import CodebookError, Location, Problem
from ..interchange.qdc import codebook_data, write_qdc
from ..interchange.spreadsheet import (
    codebook_from_sheets,
    codebook_yaml_data,
    write_codebook_csv,
    write_codebook_xlsx,
    write_codebook_yaml,
)
from . import console
from .options import CodebookOption, StoreOption, project_codebook

app = typer.Typer(no_args_is_help=True, help="Work with codebooks.\n\n"
                  "Example: kiicode codebook check codebooks/cpc_peru.yaml")


@app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="Codebook YAML file to validate.")],
) -> None:
    """Validate a codebook and list every problem with file:line and key path.

    Warns (without failing) where a declared language lacks its own
    definitions, use_when, examples or finding statements.

    Example: kiicode codebook check codebooks/cpc_peru.yaml
    """
    codebook = load_codebook(file)
    console.warn(codebook.warnings)
    counts = (f"{len(codebook.codes)} codes, {len(codebook.findings)} findings, "
              f"{len(codebook.conclusions)} conclusions, "
              f"{len(codebook.recommendations)} recommendations")
    console.out.print(f"[green]OK[/] {console.escape(str(file))}: {counts}; languages "
                      f"{', '.join(codebook.languages)}")


EXPORT_FORMATS = ("xlsx", "csv", "qdc")


@app.command("export")
def export_cli(
    out: Annotated[Path, typer.Argument(help="File to write: .xlsx, .csv or .qdc.")],
    codebook: CodebookOption = None, store: StoreOption = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="xlsx (every section, one sheet each), csv (the codes only) or qdc "
        "(REFI-QDA codebook for NVivo, ATLAS.ti, MAXQDA, QualCoder). Default: from the file "
        "extension.")] = None,
) -> None:
    """Write the codebook as a spreadsheet to edit with the team, or as a
    REFI-QDA codebook. `codebook import` reads either back.

    Example: kiicode codebook export out/codebook.xlsx --codebook codebooks/cpc_peru.yaml
    """
    chosen = (fmt or out.suffix.lstrip(".")).lower()
    if chosen not in EXPORT_FORMATS:
        raise typer.BadParameter(f"use {', '.join(EXPORT_FORMATS)}", param_hint="--format")
    book = project_codebook(store, codebook)
    if chosen == "qdc":
        write_qdc(book, out)
    else:
        data = codebook_yaml_data(book.path)
        (write_codebook_xlsx if chosen == "xlsx" else write_codebook_csv)(data, out)
    console.note(f"Wrote {len(book.codes)} codes from {console.escape(book.path)} to "
                 f"{console.escape(str(out))} ({chosen})")


@app.command("import")
def import_cli(
    file: Annotated[Path, typer.Argument(help="A spreadsheet (.xlsx or .csv, one row per "
                                         "code), a REFI-QDA codebook (.qdc) or project "
                                         "(.qdpx).")],
    out: Annotated[Path, typer.Argument(help="The codebook YAML to write.")],
    languages: Annotated[list[str] | None, typer.Option(
        "--language", help="A language the transcripts use; repeat it (default: the "
        "patterns_XX columns, else es and en).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
) -> None:
    """Write a kiicode codebook from a spreadsheet, .qdc or .qdpx; the
    result passes `codebook check` (what had to be filled in is listed).

    Example: kiicode codebook import team_codebook.xlsx codebooks/team.yaml
    """
    if out.exists() and not force:
        raise CodebookError(Problem(Location(str(out)), "already exists",
                                    "choose another name, or pass --force to replace it"))
    suffix = file.suffix.lower()
    wanted = tuple(languages or ())
    if suffix in (".qdc", ".qdpx"):
        data, notes = codebook_data(file, wanted or ("es", "en")), [
            "codes from a REFI-QDA file have their name as their only pattern: add patterns"]
    elif suffix in (".xlsx", ".csv"):
        data, notes = codebook_from_sheets(file, wanted)
    else:
        raise CodebookError(Problem(Location(str(file)), f"cannot import '{suffix or file.name}'",
                                    "give a .xlsx, .csv, .qdc or .qdpx file"))
    write_codebook_yaml(data, out, str(file))
    for note in notes:
        console.note(f"[yellow]Note:[/] {console.escape(note)}")
    console.note(f"Wrote {len(data['codes'])} codes to {console.escape(str(out))}; check it "
                 f"with: kiicode codebook check {console.escape(str(out))}")
