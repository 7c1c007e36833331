"""`kiicode codebook ...`: check a codebook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..codebook import load_codebook
from . import console

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
