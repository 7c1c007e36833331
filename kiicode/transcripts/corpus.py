"""Reading a set of transcript files into validated Transcript objects.

Every file is read and checked before anything is returned, so a command can
report all problems at once and write nothing when there is one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..codebook import Codebook
from ..errors import KiicodeError, Location, Problem, TranscriptError
from .docx import read_docx
from .markdown import split_front_matter
from .metadata import RosterRow, resolve_header
from .models import UNITS, Transcript
from .roster import ROSTER_NAMES, read_roster
from .source import decode_text, read_bytes
from .turns import SentenceSplitter, cut_segments, find_turns, unlisted_labels
from .vtt import read_vtt

TRANSCRIPT_SUFFIXES = (".md", ".txt", ".docx", ".vtt")
SKIPPED_NAMES = ("readme.md", "readme.txt", "changelog.md")

LanguageDetector = Callable[[str], tuple[str | None, float]]


@dataclass
class Corpus:
    transcripts: list[Transcript] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def transcript_files(paths: Iterable[str | Path], warnings: list[Problem] | None = None
                     ) -> tuple[list[Path], list[Path]]:
    """(transcript files, roster files) named by `paths`, directories expanded.

    Inside a directory, READMEs and files that are not transcripts are skipped;
    a file named explicitly must be a transcript or a roster. Subfolders are
    not read, and a warning says so when they hold transcripts."""
    files: list[Path] = []
    rosters: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                name = child.name.lower()
                if name in ROSTER_NAMES:
                    rosters.append(child)
                elif (child.is_file() and child.suffix.lower() in TRANSCRIPT_SUFFIXES
                      and name not in SKIPPED_NAMES and not name.startswith(".")):
                    files.append(child)
                elif child.is_dir() and not name.startswith(".") and warnings is not None:
                    inside = [f for f in child.rglob("*") if f.suffix.lower() in
                              TRANSCRIPT_SUFFIXES and f.name.lower() not in SKIPPED_NAMES]
                    if inside:
                        warnings.append(Problem(
                            Location(str(child)), f"subfolder not read ({len(inside)} "
                            "transcript files in it)", f"name it too to ingest it: "
                            f"kiicode ingest {path} {child}"))
        elif not path.exists():
            problems.append(Problem(Location(str(path)), "no such file or directory",
                                    "check the path"))
        elif path.name.lower() in ROSTER_NAMES or (
                path.suffix.lower() in (".csv", ".xlsx") and "roster" in path.name.lower()):
            rosters.append(path)
        elif path.suffix.lower() in TRANSCRIPT_SUFFIXES:
            files.append(path)
        else:
            problems.append(Problem(Location(str(path)),
                                    f"unsupported file type '{path.suffix or path.name}'",
                                    "use .md, .txt, .docx or .vtt (or respondents.csv/.xlsx)"))
    if problems:
        raise TranscriptError(problems)
    return files, rosters


def read_corpus(paths: Iterable[str | Path], codebook: Codebook, unit: str = "paragraph",
                split_sentences: Callable[[str], SentenceSplitter] | None = None,
                detect_language: LanguageDetector | None = None,
                roster: str | Path | None = None) -> Corpus:
    """Read and validate every transcript; raise TranscriptError listing all problems."""
    corpus = Corpus()
    corpus.transcripts = list(stream_corpus(paths, codebook, unit, split_sentences,
                                            detect_language, roster, corpus.warnings))
    return corpus


def stream_corpus(paths: Iterable[str | Path], codebook: Codebook, unit: str = "paragraph",
                  split_sentences: Callable[[str], SentenceSplitter] | None = None,
                  detect_language: LanguageDetector | None = None,
                  roster: str | Path | None = None,
                  warnings: list[Problem] | None = None) -> Iterator[Transcript]:
    """Each valid transcript in turn, so a corpus is never held in memory;
    after the last one, raise TranscriptError listing every problem found.
    A consumer that writes inside a transaction rolls it all back then."""
    if unit not in UNITS:
        raise TranscriptError(f"unknown coding unit '{unit}' (use {', '.join(UNITS)})")
    paths = list(paths)
    files, rosters = transcript_files(paths, warnings)
    if roster is not None:
        rosters = [Path(roster)]
    roster_rows: dict[str, list[RosterRow]] = {}
    for roster_path in rosters:
        for tid, rows in read_roster(roster_path, codebook).items():
            roster_rows.setdefault(tid, []).extend(rows)
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            transcript, found = read_transcript(path, codebook, roster_rows, unit,
                                                split_sentences, detect_language)
        except KiicodeError as exc:
            problems.extend(exc.problems)
            continue
        if warnings is not None:
            warnings.extend(found)
        if transcript.id in seen:
            problems.append(Problem(Location(str(path)),
                                    f"duplicate transcript id '{transcript.id}' "
                                    f"(also in {seen[transcript.id]})",
                                    "give each transcript its own id"))
            continue
        seen[transcript.id] = str(path)
        if not problems:   # after a problem, keep checking but hand out nothing more
            yield transcript
    if warnings is not None:
        for tid, rows in roster_rows.items():
            if tid and tid not in seen and not any(tid in p.message for p in problems):
                warnings.append(Problem(rows[0].location, f"roster row for transcript '{tid}', "
                                        "which is not among the files read",
                                        "check the transcript_id, or add the transcript file"))
    if not files and not problems:
        problems.append(Problem(Location(", ".join(str(p) for p in paths)),
                                "no transcripts found", "point at .md, .txt, .docx or .vtt files"))
    if problems:
        raise TranscriptError(problems)


def read_transcript(path: Path, codebook: Codebook, roster_rows: dict[str, list[RosterRow]],
                    unit: str = "paragraph",
                    split_sentences: Callable[[str], SentenceSplitter] | None = None,
                    detect_language: LanguageDetector | None = None,
                    ) -> tuple[Transcript, list[Problem]]:
    suffix = path.suffix.lower()
    raw = read_bytes(path)
    warnings: list[Problem] = []
    if suffix in (".md", ".txt"):
        source = decode_text(path, raw)
        warnings.extend(source.warnings)
        given, lines, body = split_front_matter(path, source)
        text = source.text
    elif suffix == ".docx":
        # (a .docx problem's "line" is its paragraph number: docs/transcripts.md)
        text, given, lines, body = read_docx(path)
    elif suffix == ".vtt":
        text, given, lines, body = read_vtt(path, warnings), {}, {}, 0
    else:
        raise TranscriptError(Problem(Location(str(path)), f"unsupported file type '{suffix}'",
                                      "use .md, .txt, .docx or .vtt"))

    def locate(key: str) -> Location:
        return Location(str(path), lines.get(key), None, key)

    fallback_id = str(given.get("id") or path.stem)
    rows = roster_rows.get(fallback_id, [])
    if suffix == ".vtt" and not rows:
        raise TranscriptError(Problem(Location(str(path)),
                                      f"no roster row for transcript '{fallback_id}'",
                                      "a .vtt has no metadata of its own: add rows with this "
                                      "transcript_id to respondents.csv"))
    header = resolve_header(given, locate, rows, codebook, fallback_id)
    if header.problems:
        raise TranscriptError(header.problems)
    turns = find_turns(text, body, header.speakers)
    if header.mode == "group":
        unlisted = unlisted_labels(text, body, header.speakers)
        if unlisted:
            raise TranscriptError([Problem(
                Location(str(path), line), f"a turn by '{label}', who is not among the "
                "participants (their words would be counted as the previous speaker's)",
                f"add {{label: {label}, respondent_type: ...}} to participants (or the "
                "roster), or fix the label") for line, label in unlisted])
    if not any(t.role == "respondent" for t in turns):
        raise TranscriptError(Problem(
            Location(str(path)), "no respondent turns found",
            "start respondent lines with a label such as 'R:', 'Entrevistada:' or 'P1:' "
            "(see docs/transcripts.md)"))
    language = header.language
    if detect_language is not None:
        respondent_text = " ".join(text[t.start:t.end] for t in turns if t.role == "respondent")
        detected, confidence = detect_language(respondent_text)
        if language is None:
            if detected is None or detected not in codebook.languages:
                raise TranscriptError(Problem(locate("language"), "no language given and it "
                                              "could not be detected",
                                              "add language: es (or en) to the metadata"))
            language = detected
            warnings.append(Problem(Location(str(path)), f"no language given; detected "
                                    f"'{detected}' ({confidence:.0%} confident)",
                                    "add language to the metadata to be sure"))
        elif detected and detected != language and confidence >= 0.9:
            warnings.append(Problem(locate("language"), f"metadata says '{language}' but the "
                                    f"text reads as '{detected}' ({confidence:.0%} confident)",
                                    "check the language field"))
    if language is None:
        raise TranscriptError(Problem(locate("language"), "no language given",
                                      "add language: es (or en) to the metadata"))
    splitter = split_sentences(language) if (unit == "sentence" and split_sentences) else None
    segments = cut_segments(header.id, text, turns, language, unit, splitter)
    used = {s.respondent_id for s in segments}
    # An unattributed-group respondent that never spoke is not a respondent.
    respondents = [r for r in header.respondents if not r.is_group or r.id in used]
    sha = hashlib.sha256(raw + json.dumps(
        [row.values for row in rows] + [unit], sort_keys=True).encode()).hexdigest()
    metadata = dict(header.metadata, language=language, mode=header.mode)
    return Transcript(header.id, str(path), sha, text, language, header.mode,
                      _jsonable(metadata), respondents, turns, segments), warnings


def _jsonable(metadata: dict) -> dict:
    return json.loads(json.dumps(metadata, default=str))
