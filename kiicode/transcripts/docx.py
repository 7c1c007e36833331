"""Word (.docx) transcripts: metadata as a table or a key: value block near
the top (either language), or none (the roster gives it); every Word
paragraph is a paragraph of its turn."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, Problem, TranscriptError
from .metadata import FRONT_MATTER_KEYS, canonical_key, fold
from .models import INTERVIEWER_WORDS, RESPONDENT_WORDS
from .source import check_archive, normalise
from .speakers import match_label

_KEY_VALUE = re.compile(r"^\s*([^\W\d][\w .()/-]{0,40}?)\s*:\s*(.+?)\s*$")
# First-row cells that head a metadata table rather than give a value.
_TABLE_HEADINGS = {"campo", "field", "clave", "key", "dato", "item", "metadata", "metadatos",
                   "valor", "value"}
# Title lines a template may put before its metadata block.
MAX_TITLE_LINES = 3
# An unknown key in a paragraph block is an attribute only with a short value
# (a longer one is a sentence: the interview has started).
MAX_ATTRIBUTE_WORDS = 4


@dataclass(frozen=True)
class WordDocument:
    text: str
    metadata: dict
    lines: dict[str, int]        # key -> paragraph number ('line')
    body: int                    # offset where the turns may start
    format: str


def read_docx(path: Path) -> WordDocument:
    import docx  # python-docx; imported here so plain-text users never pay for it
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    check_archive(path, ".docx")
    try:
        document = docx.Document(str(path))
    # PackageNotFoundError: not a zip at all (an old .doc renamed, a Word lock file)
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError,
            XMLSyntaxError) as exc:
        raise TranscriptError(Problem(Location(str(path)), f"not a readable .docx file ({exc})",
                                      "open it in Word and save it again as .docx")) from None
    # A paragraph's own line breaks (Shift+Enter) are kept as spaces: one
    # Word paragraph is one line of the kept text.
    paragraphs = [normalise(p.text.replace("\r", " ").replace("\n", " ").replace("\v", " "))
                  for p in document.paragraphs]
    text = "\n".join(paragraphs)
    metadata, lines, body_paragraph = _table_metadata(document, paragraphs)
    kind = "Word, metadata table" if metadata else ""
    if not metadata:
        metadata, lines, body_paragraph = _block_metadata(paragraphs)
        kind = "Word, metadata block" if metadata else "Word, no metadata (roster)"
    if any(match_label(p) is not None and match_label(p).header for p in paragraphs):
        kind += "; name-and-time headers (Otter/Teams)"
    offset = sum(len(p) + 1 for p in paragraphs[:body_paragraph])
    return WordDocument(text, metadata, lines, offset, kind)


def _table_metadata(document, paragraphs: list[str]) -> tuple[dict, dict[str, int], int]:
    """Key/value rows of the first table, when it comes before the interview
    (only title paragraphs before it) and names a metadata key."""
    seen_paragraphs = 0
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            seen_paragraphs += 1
            if seen_paragraphs > len(paragraphs) or match_label(paragraphs[seen_paragraphs - 1]):
                return {}, {}, 0
        elif child.tag.endswith("}tbl"):
            table = next(t for t in document.tables if t._tbl is child)
            found: dict = {}
            for number, row in enumerate(table.rows, 1):
                cells = [cell.text.strip() for cell in row.cells]
                if len(cells) < 2 or not cells[0]:
                    continue
                if number == 1 and fold(cells[0]) in _TABLE_HEADINGS:
                    continue
                found.setdefault(cells[0].rstrip(":").strip(), cells[1])
            if any(canonical_key(k) in FRONT_MATTER_KEYS for k in found):
                return found, {}, 0
            return {}, {}, 0
    return {}, {}, 0


def _block_metadata(paragraphs: list[str]) -> tuple[dict, dict[str, int], int]:
    """`key: value` paragraphs near the top (after up to MAX_TITLE_LINES
    title lines), ended by an empty or `---` paragraph; the first key must
    be a metadata key. (paragraph number of each key; the body's first paragraph)"""
    number = 0
    titles = 0
    while number < len(paragraphs) and (not paragraphs[number].strip() or (
            not _KEY_VALUE.match(paragraphs[number]) and titles < MAX_TITLE_LINES)):
        titles += bool(paragraphs[number].strip())
        number += 1
    metadata: dict = {}
    lines: dict[str, int] = {}
    while number < len(paragraphs):
        para = paragraphs[number].strip()
        if not para or para == "---":
            number += 1
            break
        found = _KEY_VALUE.match(para)
        if not found:
            break
        key, value = found.group(1).strip(), found.group(2)
        known = canonical_key(key) in FRONT_MATTER_KEYS
        short = len(value.split()) <= MAX_ATTRIBUTE_WORDS and "?" not in value
        if fold(key) in INTERVIEWER_WORDS | RESPONDENT_WORDS and not (known and short):
            break   # 'Entrevistadora: Buenos días...' is the interview, not metadata
        if not metadata and not known:
            return {}, {}, 0
        if not known and not short:
            break
        metadata[key] = value
        lines[key] = number + 1
        number += 1
    return (metadata, lines, number) if metadata else ({}, {}, 0)
