"""The CLI reference in docs/cli.md, generated from the commands themselves so
it cannot drift from `--help` (a test regenerates and compares)."""

from __future__ import annotations

import typer

CONVENTIONS = [
    "Every command:", "",
    "- works on the project store `kiicode.sqlite` in the current folder unless given "
    "`--store FILE` or `KIICODE_STORE`; `make demo` and `make clean` only touch `out/`, "
    "so the default store is safe from both;",
    "- exits 0 on success, 1 with a located message (`file:line: what (how to fix)`) on "
    "bad input, 2 on a mistyped command line; never a traceback;",
    "- writes data to stdout and messages and progress to stderr; a progress bar for the "
    "long steps (ingest, code, tally, audit, every export, report) only on a terminal and "
    "never with `--format json` or `csv`;",
    "- prints full-width lines when its output is piped or redirected (set `COLUMNS` to "
    "choose a width), and `?` for characters an ASCII-only terminal cannot show.",
    "",
    "`kiicode --version` prints the version; `kiicode --install-completion` installs tab "
    "completion for your shell (bash, zsh, fish, PowerShell).",
]


def _walk(command, path: list[str]):
    # Duck-typed: typer may bring its own copy of click.
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _walk(sub, path + [name])
    else:
        yield path, command


def cli_reference(app: typer.Typer) -> str:
    root = typer.main.get_command(app)
    lines = ["# Command reference", "",
             "Generated from the commands' own help by `python -m kiicode.cli.reference`; "
             "`kiicode COMMAND --help` shows the same.", "",
             *CONVENTIONS, ""]
    for path, command in _walk(root, ["kiicode"]):
        lines += [f"## `{' '.join(path)}`", "", (command.help or "").strip(), ""]
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        options = [p for p in command.params if p.param_type_name == "option"
                   and p.name != "help"]
        if arguments or options:
            lines += ["| parameter | help |", "|---|---|"]
            for param in arguments:
                help_text = getattr(param, "help", "") or ""
                lines.append(f"| `{param.name.upper()}` | {help_text} |")
            for param in options:
                names = ", ".join(f"`{o}`" for o in param.opts + param.secondary_opts)
                default = ""
                if param.default not in (None, False, ()) and not param.is_flag:
                    shown = getattr(param.default, "value", param.default)   # an Enum's value
                    default = f" (default: `{shown}`)"
                lines.append(f"| {names} | {(param.help or '').replace('|', '/')}{default} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    from pathlib import Path

    from . import app

    Path("docs/cli.md").write_text(cli_reference(app), encoding="utf-8")
