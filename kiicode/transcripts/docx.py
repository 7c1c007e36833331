"""Word (.docx) transcripts: metadata as a leading key: value block or table."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import Location, Problem, TranscriptError
from .source import check_archive, normalise

_KEY_VALUE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")


def read_docx(path: Path) -> tuple[str, dict, dict[str, int], int]:
    """(text, metadata, paragraph number of each key, body offset)."""
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
    paragraphs = [normalise(p.text.replace("\r", "")) for p in document.paragraphs]
    metadata: dict = {}
    lines: dict[str, int] = {}
    body = 0
    body_element = document.element.body
    first = next(iter(body_element.iterchildren()), None)
    if document.tables and first is not None and first.tag.endswith("}tbl"):
        for number, row in enumerate(document.tables[0].rows, 1):
            cells = [cell.text.strip() for cell in row.cells]
            if len(cells) >= 2 and cells[0]:
                metadata[cells[0].lower()] = cells[1]
                lines[cells[0].lower()] = number
    else:
        for number, para in enumerate(paragraphs, 1):
            if not para.strip() or para.strip() == "---":
                body = number
                break
            match = _KEY_VALUE.match(para)
            if not match:
                body = number - 1
                break
            metadata[match.group(1).lower()] = match.group(2)
            lines[match.group(1).lower()] = number
    if not metadata:
        raise TranscriptError(Problem(Location(str(path), 1), "no metadata block at the start",
                                      "begin the document with 'id: ...', 'language: ...' lines "
                                      "or a two-column table"))
    text = "\n".join(paragraphs)
    offset = sum(len(p) + 1 for p in paragraphs[:body])
    return text, metadata, lines, offset
