"""YAML loading that remembers where each value came from.

Validation messages must say `file:line`, so we compose the node tree once and
record the line of every key path while constructing plain Python data."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Location, Problem

KeyPath = tuple[Any, ...]


class YamlSource:
    """Parsed YAML data plus the line of every key path in it."""

    def __init__(self, path: str, data: Any, lines: dict[KeyPath, int],
                 duplicates: list[tuple[KeyPath, int]] | None = None):
        self.path = path
        self.data = data
        self._lines = lines
        # YAML keeps only the last of two equal keys; (key path, line of the
        # first one) for each repeat, so validators can report what was lost.
        self.duplicates = duplicates or []

    def location(self, keypath: KeyPath) -> Location:
        """The nearest known line for a key path (falls back to its parents)."""
        probe = tuple(keypath)
        while probe and probe not in self._lines:
            probe = probe[:-1]
        return Location(self.path, self._lines.get(probe, 1), None, format_keypath(keypath))


def format_keypath(keypath: KeyPath) -> str:
    return " -> ".join(str(k) for k in keypath)


# libyaml's loader builds the same nodes with the same marks about six times
# faster (a 300-code codebook: 0.14 s instead of 0.9 s); fall back when absent.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader, with an impossible date (2024-02-30) a located error."""


def _timestamp(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

# Limits on what a YAML file may make kiicode build. An alias repeats a whole
# subtree, so a few lines of nested aliases ("billion laughs") can expand to
# billions of values: aliases are allowed up to a small budget and the
# expanded document up to a size no codebook comes near (the CPC codebook
# has no aliases and ~10,000 values).
MAX_ALIASES = 10_000   # PyYAML itself writes aliases for shared values (the 300-code
#                        benchmark codebook has ~860); the expansion limit stops bombs
MAX_EXPANDED_VALUES = 1_000_000
MAX_CODEBOOK_CHARS = 5_000_000      # the 300-code benchmark codebook is ~0.5 MB
MAX_FRONT_MATTER_CHARS = 64_000


def parse_yaml(text: str, path: str, max_chars: int = MAX_CODEBOOK_CHARS) -> YamlSource:
    """Parse YAML text; a syntax error becomes a Problem with line and column,
    and so does a file past the size and alias limits above."""
    if len(text) > max_chars:
        raise YamlSyntaxError(Problem(
            Location(path), f"YAML is too large ({len(text):,} characters; the limit is "
                            f"{max_chars:,})", "split it, or check that this is the right file"))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlSource(path, None, {})
        _check_expansion(node, path)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        # The problem mark is where the parser gave up, often the line after the
        # mistake; for an unclosed quote, bracket or a key without its colon,
        # the context mark is where the mistake starts.
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        if exc.context_mark is not None and context.startswith(("while scanning",
                                                                 "while parsing a flow")):
            mark = exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        reason = exc.problem or exc.context or "invalid YAML"
        if mark is exc.context_mark and exc.problem:
            reason = f"{context}: {exc.problem}"
        if "not a real date" in reason:
            problem = Problem(Location(path, line, column), reason,
                              "write a real date as YYYY-MM-DD, or quote it to keep it as text")
        else:
            problem = Problem(Location(path, line, column), f"YAML syntax error: {reason}",
                              "check indentation, colons and quotes on that line")
        raise YamlSyntaxError(problem) from None
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    duplicates: list[tuple[KeyPath, int]] = []
    _record_lines(node, (), lines, duplicates)
    return YamlSource(path, data, lines, duplicates)


def _check_expansion(root: yaml.Node, path: str) -> None:
    """Refuse recursive aliases, more than MAX_ALIASES of them, or a document
    that would expand past MAX_EXPANDED_VALUES, before anything is built. Sizes
    are memoised per node, so the check is linear in the file, not in what it
    expands to."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    aliases = 0

    def refuse(node: yaml.Node, message: str) -> None:
        raise YamlSyntaxError(Problem(
            Location(path, node.start_mark.line + 1, node.start_mark.column + 1), message,
            "write the values out: kiicode files need no YAML aliases (&name / *name)"))

    def size(node: yaml.Node) -> int:
        nonlocal aliases
        key = id(node)
        if key in open_nodes:
            refuse(node, "a YAML alias refers to itself (a recursive structure)")
        if key in sizes:
            aliases += 1
            if aliases > MAX_ALIASES:
                refuse(node, f"more than {MAX_ALIASES} YAML aliases")
            return sizes[key]
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        open_nodes.discard(key)
        if total > MAX_EXPANDED_VALUES:
            refuse(node, f"YAML aliases expand this to more than {MAX_EXPANDED_VALUES:,} "
                         "values (an alias bomb?)")
        sizes[key] = total
        return total

    size(root)


class YamlSyntaxError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _record_lines(node: yaml.Node, keypath: KeyPath, lines: dict[KeyPath, int],
                  duplicates: list[tuple[KeyPath, int]]) -> None:
    lines[keypath] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in first_line:
                duplicates.append((keypath + (key,), first_line[key]))
            else:
                first_line[key] = key_node.start_mark.line + 1
            lines[keypath + (key,)] = key_node.start_mark.line + 1
            _record_lines(value_node, keypath + (key,), lines, duplicates)
            lines[keypath + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, keypath + (index,), lines, duplicates)
