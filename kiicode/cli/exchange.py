"""`kiicode import qdpx`: coding done in NVivo, ATLAS.ti, MAXQDA or QualCoder,
brought into the project as a coder's decisions."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..interchange.importer import import_qdpx
from ..interchange.refi import PROFILES
from . import console
from .options import CodebookOption, StoreOption, codebook_for, created_store, default_store
from .project import UnitOption

app = typer.Typer(no_args_is_help=True, help="Bring work from other tools into the project.\n\n"
                  "Example: kiicode import qdpx maria_nvivo.qdpx --coder maria")

# On import only the counting differs: ATLAS.ti counts a CRLF as one
# character, NVivo a character beyond U+FFFF as two (MAXQDA and QualCoder
# count as the standard does).
IMPORT_PROFILES = ("auto", "standard", "atlasti", "nvivo")
ImportProfile = Enum("ImportProfile", {name: name for name in IMPORT_PROFILES}, type=str)


@app.command("qdpx")
def qdpx_cli(
    file: Annotated[Path, typer.Argument(help="A REFI-QDA project (.qdpx).")],
    coder: Annotated[str | None, typer.Option(
        "--coder", help="Import every coding as this coder's decisions (default: each user "
        "of the project under their own name).")] = None,
    store: StoreOption = None, codebook: CodebookOption = None,
    profile: Annotated[ImportProfile, typer.Option(
        "--profile", help="How the tool counted offsets: 'auto' (from the project's origin), "
        "'standard', 'atlasti' (a CRLF is one character) or 'nvivo' (a character beyond "
        "U+FFFF is two).")] = ImportProfile.auto,
    unit: UnitOption = "paragraph",
) -> None:
    """Bring sources, cases and coded selections from another tool into the
    project, as a coder's decisions (compare them with `kiicode agreement`).
    Sources already in the project are matched by name and text; others are
    added as transcripts. Lists what mapped and what did not.

    Example: kiicode import qdpx maria_nvivo.qdpx --coder maria
    """
    store_path = store or default_store()
    with created_store(store_path) as project:
        book = codebook_for(project, codebook)
        chosen = None if profile.value == "auto" else PROFILES[profile.value]
        report = import_qdpx(project, book, file, coder, chosen, unit)
    console.note(f"Imported {console.escape(str(file))} into {console.escape(str(store_path))} "
                 f"(offsets counted: {report.profile})")
    console.note(f"Sources: {len(report.sources_matched)} matched, {len(report.sources_added)} "
                 f"added, {len(report.sources_skipped)} not imported")
    for reason in report.sources_skipped:
        console.note(f"  [yellow]not imported:[/] {console.escape(reason)}")
    console.note(f"Cases: {report.cases}, {len(report.cases_unmatched)} matching no respondent"
                 + (f" ({console.escape(', '.join(report.cases_unmatched[:10]))})"
                    if report.cases_unmatched else ""))
    console.note(f"Codes: {len(report.codes_mapped)} mapped, {len(report.codes_unmapped)} not "
                 "in the codebook")
    for name, lost in report.codes_unmapped.most_common():
        console.note(f"  [yellow]not mapped:[/] {console.escape(name)} ({lost} codings)")
    fits = ", ".join(f"{n} {how}" for how, n in sorted(report.selections.items()))
    console.note(f"Selections: {fits or 'none'}")
    for who, n in sorted(report.codings.items()):
        console.note(f"Coder {console.escape(who)}: {n} decisions, {report.links[who]} finding "
                     "links")
    if report.machine_skipped:
        console.note(f"Machine suggestions not imported: {report.machine_skipped}")
    console.note(f"Memos: {report.notes} imported, {report.notes_present} already in the "
                 f"project, {report.notes_skipped} not")
