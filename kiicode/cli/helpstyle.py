"""The house style of every command's help, applied to all commands at once
so a new command cannot miss it (tests/test_cli_conventions.py checks it):

- help text is reflowed: a docstring's line breaks inside a paragraph are
  joined, so help fills the terminal instead of keeping the source's wrap;
- value placeholders say what to type (`--store STORE`, `[table|csv|json]`),
  never Python type names (`<str>`, `<list[str]>`, `<int range> [x>=1]`);
  flags show none."""

from __future__ import annotations

from typer.core import TyperArgument, TyperOption, _TyperParameter


def reflow(text: str | None) -> str | None:
    """Join the lines of each paragraph (paragraphs are split by a blank line)."""
    if not text:
        return text
    lines = [line.strip() for line in text.strip("\n").splitlines()]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def placeholder(param: _TyperParameter) -> str:
    """What to type for a parameter's value, in words a user reads."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    if param.metavar:
        return param.metavar
    descriptor = param.type_descriptor
    if descriptor.is_choice and descriptor.choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in descriptor.choices) + "]"
    if isinstance(param, TyperArgument):
        return ""   # the argument's name, in the column beside, says it
    name = (param.name or "value").upper()
    return " ".join([name] * param.nargs) if param.nargs > 1 else name


def _display_type(self: _TyperParameter, ctx=None) -> str:
    return placeholder(self)


def _no_range(self: _TyperParameter) -> None:
    return None   # "[x>=1]" reads as maths; the option's help says the range in words


# typer builds its help option and every command's parameters from these two
# classes, so styling them here reaches every command, today's and tomorrow's.
for _cls in (TyperOption, TyperArgument):
    _cls.display_type = _display_type
    _cls.display_type_rich = _display_type
    _cls._get_number_range_help_str = _no_range
# Arguments read as PATHS, SEGMENT_ID in usage lines, the way shells document them.
TyperArgument.display_name_raw = property(lambda self: self.metavar or (self.name or "").upper())


def tidy_help(group) -> None:
    """Reflow the help of a command group and of everything under it."""
    group.help = reflow(group.help)
    for command in getattr(group, "commands", {}).values():
        if hasattr(command, "commands"):
            tidy_help(command)
        else:
            command.help = reflow(command.help)
