"""Reading transcript bytes into text: binary detection and encodings."""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, Problem, TranscriptError


@dataclass(frozen=True)
class SourceText:
    text: str
    sha256: str
    warnings: tuple[Problem, ...] = ()


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TranscriptError(Problem(Location(str(path)), f"cannot read file: {exc.strerror}",
                                      "check the path and permissions")) from None


def decode_text(path: Path, raw: bytes) -> SourceText:
    """UTF-8 text with newlines normalised; cp1252 is accepted with a warning.

    Offsets are defined on the returned text, so the same normalisation must
    be applied every time a file is read."""
    sha = hashlib.sha256(raw).hexdigest()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):   # Windows "Unicode" (UTF-16) files
        try:
            raw = raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:8192]:
        raise TranscriptError(Problem(Location(str(path)), "this is a binary file, not a text "
                                      "transcript", "export it as .md, .txt, .docx or .vtt"))
    warnings: list[Problem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        warnings.append(Problem(Location(str(path), line),
                                "not UTF-8; read as Windows-1252 (cp1252)",
                                "check accents in this file, then save it as UTF-8"))
    text = normalise(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise TranscriptError(Problem(Location(str(path)), "the transcript is empty",
                                      "add the interview text or remove the file"))
    return SourceText(text, sha, tuple(warnings))


def normalise(text: str) -> str:
    """Unicode NFC: 'ó' is one character whether the file wrote it composed or,
    as macOS and some Word exports do, as 'o' plus a combining accent. Every
    reader applies it before offsets are taken, so offsets are exact in the
    kept text, and the same interview codes the same either way."""
    return unicodedata.normalize("NFC", text)


# A .docx, .xlsx or .qdpx is a zip archive: a few kilobytes can expand to
# gigabytes (a "zip bomb"). Real transcripts, rosters and a project's text
# expand to a few megabytes.
MAX_ARCHIVE_BYTES = 200_000_000
MAX_ARCHIVE_MEMBERS = 10_000


def archive_problem(path: Path, parts: list[zipfile.ZipInfo], what: str) -> Problem | None:
    """Why reading `parts` of the archive at `path` is refused, or None: too
    many parts, or more bytes than the limit once expanded. A part's size is
    its header's, which also bounds what zipfile will inflate from it."""
    expanded = sum(part.file_size for part in parts)
    if len(parts) <= MAX_ARCHIVE_MEMBERS and expanded <= MAX_ARCHIVE_BYTES:
        return None
    return Problem(Location(str(path)), f"this {what} would expand to {expanded:,} bytes in "
                   f"{len(parts):,} parts (the limit is {MAX_ARCHIVE_BYTES:,} bytes)",
                   "a real one is far smaller: check the file, or save it again")


def check_archive(path: Path, what: str) -> None:
    """Refuse an archive that would expand past the limits, before reading it."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return   # not a zip at all: the reader says so in its own words
    problem = archive_problem(path, members, what)
    if problem is not None:
        raise TranscriptError(problem)
