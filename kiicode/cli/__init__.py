"""The kiicode command line: thin typer commands over the library."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import KiicodeError
from . import console
from .helpstyle import tidy_help

# `kiicode --help` lists commands in the order a team uses them.
PIPELINE_ORDER = ("ingest", "import", "transcripts", "show", "code", "why", "evaluate",
                  "sample", "review", "accept", "reject", "assign", "unassign", "link", "unlink",
                  "memo", "memos", "undo", "agreement", "adjudicate", "tally", "audit", "export",
                  "quote", "chart", "report", "pii", "codebook", "store")


class _Commands(TyperGroup):
    """Turns library errors into one clear message and exit 1, in one place,
    and gives every command the house help style (kiicode/cli/helpstyle.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tidy_help(self)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        known = {name: n for n, name in enumerate(PIPELINE_ORDER)}
        return sorted(self.commands, key=lambda name: known.get(name, len(known)))

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except KiicodeError as exc:
            console.error(exc.problems)
            raise SystemExit(1) from None


app = typer.Typer(
    cls=_Commands, no_args_is_help=True, rich_markup_mode="rich", add_completion=True,
    pretty_exceptions_enable=False,
    help="Code key-informant interviews in the terminal: ingest transcripts, auto-code them "
         "against a codebook, review, tally respondents per finding, export evidence matrices "
         "and audit traceability.\n\n"
         "Example: kiicode ingest transcripts_sample && kiicode code && kiicode tally",
)


def _print_version(value: bool) -> None:
    if value:
        console.out.print(f"kiicode {__version__}", markup=False)
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print kiicode's version and exit.")] = False) -> None:
    """The options every command shares live on the commands themselves."""


# Commands register themselves on `app`, in pipeline order.
from . import codebook as _codebook  # noqa: E402
from . import coding as _coding  # noqa: E402,F401
from . import deliverables as _deliverables  # noqa: E402,F401
from . import doublecoding as _doublecoding  # noqa: E402,F401
from . import exchange as _exchange  # noqa: E402
from . import export as _export  # noqa: E402
from . import findings as _findings  # noqa: E402,F401
from . import pii as _pii  # noqa: E402
from . import project as _project  # noqa: E402,F401
from . import review as _review  # noqa: E402,F401
from . import store as _store  # noqa: E402

app.add_typer(_codebook.app, name="codebook")
app.add_typer(_export.app, name="export")
app.add_typer(_pii.app, name="pii")
app.add_typer(_exchange.app, name="import")
app.add_typer(_store.app, name="store")


def main() -> None:
    """Console entry point: an unexpected crash prints one line, not a traceback,
    unless KIICODE_DEBUG=1."""
    console.ascii_safe_streams()
    try:
        app()
    except KeyboardInterrupt:
        console.err.print("Interrupted.")
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so briefly
        if os.environ.get("KIICODE_DEBUG") == "1":
            raise
        console.err.print(f"[bold red]Internal error:[/] {console.escape(repr(exc))} "
                          "(rerun with KIICODE_DEBUG=1 for the traceback, and please report it)")
        sys.exit(1)
