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
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, path: str) -> YamlSource:
    """Parse YAML text; a syntax error becomes a Problem with line and column."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlSource(path, None, {})
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        reason = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(
            Problem(Location(path, line, column), f"YAML syntax error: {reason}",
                    "check indentation, colons and quotes on that line")
        ) from None
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    duplicates: list[tuple[KeyPath, int]] = []
    _record_lines(node, (), lines, duplicates)
    return YamlSource(path, data, lines, duplicates)


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
