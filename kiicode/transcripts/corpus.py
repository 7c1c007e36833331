"""Reading a set of transcript files into validated Transcript objects.

Every file is read and checked before anything is returned, so a command can
report all problems at once and write nothing when there is one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..codebook import Codebook
from ..errors import KiicodeError, Location, Problem, TranscriptError
from ..progress import Progress, tracked
from .captions import read_captions
from .docx import read_docx
from .markdown import split_front_matter
from .metadata import canonical_metadata, looks_generated, resolve_header
from .models import UNITS, Respondent, Transcript
from .roster import ROSTER_NAMES, Roster, read_roster
from .source import decode_text, read_bytes
from .speakers import (
    accepted_labels,
    assign_roles,
    candidate_labels,
    literal_labels,
    match_label,
    speaker_key,
)
from .turns import (
    SentenceSplitter,
    cut_segments,
    find_turns,
    speaker_stats,
    unlisted_labels,
    with_roles,
)

TRANSCRIPT_SUFFIXES = (".md", ".txt", ".docx", ".vtt", ".srt")
SUFFIX_HINT = "use .md, .txt, .docx, .vtt or .srt"
SKIPPED_NAMES = ("readme.md", "readme.txt", "changelog.md")

LanguageDetector = Callable[[str], tuple[str | None, float]]


@dataclass
class Corpus:
    transcripts: list[Transcript] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def rosters_beside(files: Iterable[str | Path]) -> list[str]:
    """The roster files (respondents.csv/.xlsx) in the folders of `files`: what
    `ingest FOLDER` read with them, so re-reading a project's files one by
    one finds the same metadata."""
    folders = dict.fromkeys(Path(f).parent for f in files)
    return [str(folder / name) for folder in folders for name in ROSTER_NAMES
            if (folder / name).is_file()]


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
                                    f"{SUFFIX_HINT} (or respondents.csv/.xlsx)"))
    if problems:
        raise TranscriptError(problems)
    return files, rosters


READING = "Reading transcripts"   # the progress step of each file read


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
                  warnings: list[Problem] | None = None,
                  on_progress: Progress | None = None) -> Iterator[Transcript]:
    """Each valid transcript in turn, so a corpus is never held in memory;
    after the last one, raise TranscriptError listing every problem found.
    A consumer that writes inside a transaction rolls it all back then."""
    problems: list[Problem] = []
    for report, transcript in _read_each(paths, codebook, unit, split_sentences,
                                         detect_language, roster, warnings, on_progress):
        problems.extend(report.problems)
        if transcript is not None and warnings is not None:
            warnings.extend(report.warnings)
        if transcript is not None and not problems:
            yield transcript   # after a problem, keep checking but hand out nothing more
    if problems:
        raise TranscriptError(problems)


def inspect_corpus(paths: Iterable[str | Path], codebook: Codebook, unit: str = "paragraph",
                   split_sentences: Callable[[str], SentenceSplitter] | None = None,
                   detect_language: LanguageDetector | None = None,
                   roster: str | Path | None = None,
                   warnings: list[Problem] | None = None) -> list[FileReport]:
    """What ingest would make of each file (format, speakers and roles,
    respondents, segments, warnings, problems), without storing anything.
    Raises only for problems with the set of files itself (a missing path,
    a bad roster); `warnings` gets those about the set (subfolders, roster
    rows for no file)."""
    return [report for report, _ in _read_each(paths, codebook, unit, split_sentences,
                                               detect_language, roster, warnings)]


def _read_each(paths, codebook, unit, split_sentences, detect_language, roster,
               warnings: list[Problem] | None = None, on_progress: Progress | None = None
               ) -> Iterator[tuple[FileReport, Transcript | None]]:
    """Each file's report, with its transcript when it has no problem;
    warnings about the set of files go to `warnings`."""
    if unit not in UNITS:
        raise TranscriptError(f"unknown coding unit '{unit}' (use {', '.join(UNITS)})")
    paths = list(paths)
    files, rosters = transcript_files(paths, warnings)
    if roster is not None:
        rosters = [Path(roster)]
    joined = Roster()
    for roster_path in rosters:
        joined.add(roster_path, *read_roster(roster_path, codebook))
    seen: dict[str, str] = {}
    reports: list[FileReport] = []
    for path in tracked(files, on_progress, len(files), READING):
        report = FileReport(str(path))
        reports.append(report)
        try:
            transcript, _ = read_transcript(path, codebook, joined, unit, split_sentences,
                                            detect_language, report)
        except KiicodeError as exc:
            report.problems.extend(exc.problems)
            yield report, None
            continue
        if transcript.id in seen:
            report.problems.append(Problem(Location(str(path)),
                                           f"duplicate transcript id '{transcript.id}' "
                                           f"(also in {seen[transcript.id]})",
                                           "give each transcript its own id"))
            yield report, None
            continue
        seen[transcript.id] = str(path)
        yield report, transcript
    if warnings is not None:
        for tid, rows in joined.rows.items():
            if tid and tid not in seen and not any(r.transcript_id == tid for r in reports):
                warnings.append(Problem(rows[0].location, f"roster row for transcript '{tid}', "
                                        "which is not among the files read",
                                        "check the transcript_id, or add the transcript file"))
    if not files:
        raise TranscriptError(Problem(Location(", ".join(str(p) for p in paths)),
                                      "no transcripts found",
                                      f"point at transcript files ({SUFFIX_HINT})"))


@dataclass
class Reading:
    """What a reader found in a file, before metadata and speakers."""

    format: str
    text: str                      # the text kiicode keeps: offsets are into it
    given: dict                    # metadata the file itself holds
    lines: dict                    # key -> line (paragraph, for .docx)
    body: int                      # offset where turns may start
    speakers: frozenset[str] = frozenset()   # labels the format marks as speakers
    paragraph_per_line: bool = False
    warnings: tuple[Problem, ...] = ()


def read_source(path: Path) -> Reading:
    """Read one transcript file in whatever format its name and content say."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".txt"):
        source = decode_text(path, read_bytes(path))
        given, lines, body = split_front_matter(path, source)
        kind = "Markdown" if suffix == ".md" else "plain text"
        kind += ", front matter" if given else ", no metadata (roster)"
        return Reading(kind + _layout(source.text, body), source.text, given, lines, body,
                       warnings=source.warnings)
    if suffix == ".docx":
        # (a .docx problem's "line" is its paragraph number: docs/transcripts.md)
        word = read_docx(path)
        return Reading(word.format, word.text, word.metadata, word.lines, word.body,
                       paragraph_per_line=True)
    if suffix in (".vtt", ".srt"):
        captions = read_captions(path)
        return Reading(captions.format, captions.text, {}, {}, 0,
                       frozenset(speaker_key(s) for s in captions.speakers),
                       warnings=captions.warnings)
    raise TranscriptError(Problem(Location(str(path)), f"unsupported file type '{suffix}'",
                                  SUFFIX_HINT))


def _layout(text: str, body: int) -> str:
    """'; name-and-time headers' for Otter-style text, '' for inline labels."""
    from .speakers import FOOTER, match_label

    lines = text[body:].split("\n")
    headers = sum(1 for line in lines if (m := match_label(line)) is not None and m.header)
    footer = any(FOOTER.match(line) for line in lines)
    return ("; name-and-time headers (Otter/Teams)" if headers >= 2 else "") + (
        "; service footer" if footer else "")


@dataclass
class FileReport:
    """What `ingest --dry-run` shows for one file."""

    path: str
    format: str = ""
    transcript_id: str = ""
    speakers: list[tuple[str, str, str]] = field(default_factory=list)  # label, role, how
    respondents: list[Respondent] = field(default_factory=list)
    segments: int = 0
    turns: int = 0
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_transcript(path: Path, codebook: Codebook, roster: Roster,
                    unit: str = "paragraph",
                    split_sentences: Callable[[str], SentenceSplitter] | None = None,
                    detect_language: LanguageDetector | None = None,
                    report: FileReport | None = None,
                    word_paragraphs: bool = False,
                    ) -> tuple[Transcript, list[Problem]]:
    """Read, resolve and check one file; `report` (for the dry run) is filled
    in as far as reading got before a problem. `word_paragraphs`: every line
    is a paragraph, as in a .docx (for text that came from one)."""
    report = report if report is not None else FileReport(str(path))
    reading = read_source(path)
    if word_paragraphs:
        reading = replace(reading, paragraph_per_line=True)
    report.format = reading.format
    warnings: list[Problem] = list(reading.warnings)
    report.warnings = warnings

    def locate(key: object) -> Location:
        return Location(str(path), lines.get(str(key)), None, str(key))

    lines = reading.lines
    given, lines, problems = canonical_metadata(reading.given, reading.lines, locate)
    transcript_id, rows = _identify(path, given, roster, problems)
    report.transcript_id = transcript_id
    if problems:
        raise TranscriptError(problems)
    header = resolve_header(given, locate, rows, codebook, transcript_id)
    if header.problems:
        raise TranscriptError(header.problems)
    report.respondents = [r for r in header.respondents if not r.is_group]

    text, body = reading.text, reading.body
    # (a participant's label without a label's shape, such as the placeholder
    # [NOMBRE-2] of a redacted copy, is read as written too)
    literal = literal_labels(tuple(header.speaker_names) + tuple(
        label for label in header.participant_labels if match_label(f"{label}: x") is None))
    if header.mode == "group":
        known = set(header.participant_labels) | set(header.speaker_map)
        unlisted = unlisted_labels(reading.text, reading.body, known)
        if unlisted:
            raise TranscriptError([Problem(
                Location(str(path), line), f"a turn by '{label}', who is not among the "
                "participants (their words would be counted as the previous speaker's)",
                f"add {{label: {label}, respondent_type: ...}} to participants (or the "
                "roster), or fix the label") for line, label in unlisted])
    counts = candidate_labels(text, body, literal)
    spoken = find_turns(text, body, accepted_labels(counts, header, set(reading.speakers)),
                        reading.paragraph_per_line, literal)
    roles = assign_roles(speaker_stats(text, spoken), header, Location(str(path)),
                         lambda name: roster.fix_line(transcript_id, path, name))
    report.speakers = [(roles.labels[k], "interviewer" if rid is None else f"respondent {rid}",
                        roles.how.get(k, "")) for k, rid in roles.respondent_of.items()]
    warnings.extend(roles.warnings)
    if roles.problems:
        raise TranscriptError(roles.problems)
    turns = with_roles(spoken, roles.respondent_of)
    report.turns = len(turns)

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
    report.segments = len(segments)
    used = {s.respondent_id for s in segments}
    # An unattributed-group respondent that never spoke is not a respondent.
    respondents = [r for r in header.respondents if not r.is_group or r.id in used]
    sha = hashlib.sha256(read_bytes(path) + json.dumps(
        [row.values for row in rows] + [unit], sort_keys=True).encode()).hexdigest()
    metadata = dict(header.metadata, language=language, mode=header.mode)
    return Transcript(header.id, str(path), sha, text, language, header.mode,
                      _jsonable(metadata), respondents, turns, segments), warnings


def _identify(path: Path, given: dict, roster: Roster, problems: list[Problem]
              ) -> tuple[str, list]:
    """The transcript id (from the metadata, else the roster row naming this
    file, else the file name) and its roster rows."""
    named = str(given.get("id") or "").strip()
    by_file = roster.id_for_file(path)
    if named:
        if by_file and by_file != named:
            problems.append(Problem(Location(str(path)), f"the metadata says id '{named}' but "
                                    f"the roster gives this file to '{by_file}'",
                                    "make the two agree"))
        return named, roster.rows.get(named, [])
    if by_file:
        return by_file, roster.rows.get(by_file, [])
    stem = path.stem
    rows = roster.rows.get(stem, [])
    if not rows and looks_generated(stem):
        problems.append(Problem(Location(str(path)), f"'{path.name}' is a name the meeting tool "
                                "gave the file, not a transcript id, and nothing else names it",
                                f"add a roster row for it, e.g. in respondents.csv the columns "
                                f"transcript_id,file,respondent_type,language and the line "
                                f"KII-01,{path.name},frontline_worker,es"))
    elif not given and not rows:
        # (line 1: where the metadata would go)
        problems.append(Problem(Location(str(path), 1), f"no metadata for '{stem}': no front "
                                "matter (or .docx table) in the file and no roster row names it",
                                f"add a row with transcript_id {stem} (or file {path.name}) to "
                                "respondents.csv, or metadata at the top of the file "
                                "(see docs/transcripts.md)"))
    return stem, rows


def _jsonable(metadata: dict) -> dict:
    return json.loads(json.dumps(metadata, default=str))
