"""Markdown / plain-text transcripts with YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Location, Problem, TranscriptError
from ..yamlsource import MAX_FRONT_MATTER_CHARS, YamlSyntaxError, parse_yaml
from .source import SourceText

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split_front_matter(path: Path, source: SourceText) -> tuple[dict, dict[str, int], int]:
    """(metadata, line of each key, offset where the body starts). A file
    without front matter has no metadata of its own (the roster gives it)."""
    text = source.text
    if not _FENCE.match(text):
        return {}, {}, 0
    closing = _FENCE.search(text, 3)
    if closing is None:
        raise TranscriptError(Problem(
            Location(str(path), 1), "front matter is not closed",
            "add a '---' line after the metadata"))
    block = text[text.index("\n") + 1 if "\n" in text else 3: closing.start()]
    try:
        source_yaml = parse_yaml(block, str(path), MAX_FRONT_MATTER_CHARS)
    except YamlSyntaxError as exc:
        loc = exc.problem.location
        raise TranscriptError(Problem(
            Location(str(path), loc.line + 1 if loc.line else 1, loc.column),
            f"malformed front matter: {exc.problem.message}", exc.problem.hint)) from None
    if not isinstance(source_yaml.data, dict):
        raise TranscriptError(Problem(Location(str(path), 2), "front matter must be key: value "
                                      "lines", "see docs/transcripts.md"))
    if source_yaml.duplicates:
        keypath, first = source_yaml.duplicates[0]
        raise TranscriptError(Problem(
            Location(str(path), source_yaml.location(keypath).line + 1, None,
                     " -> ".join(map(str, keypath))),
            f"duplicate key '{keypath[-1]}' in the front matter",
            f"first given at line {first + 1}; keep one of them"))
    lines = {key: source_yaml.location((key,)).line + 1 for key in source_yaml.data}
    return source_yaml.data, lines, closing.end()
