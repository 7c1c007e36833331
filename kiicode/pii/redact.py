"""Pseudonymised copies of transcripts, and the key that undoes them.

Every hit a coder has not marked "not personal" is replaced by a placeholder
that is the same across the whole corpus for the same person or number
([NOMBRE-3] wherever María Quispe Mamani, "Quispe" or "María Quispe" is
meant; [TEL-1] for 987 654 321 however it is written). Title cues stay
("la Dra. [NOMBRE-2]"), so the text still reads. The copies keep their
format: .md and .txt with front matter, .vtt and .srt cue for cue with
their timings (their metadata in the folder's respondents.csv), .docx as
.md; ready for `kiicode ingest`: the offsets a re-ingest sees are the
copies' own. The key (placeholder -> original texts)
is written apart; the originals are never touched."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import ExportError, Location, Problem
from ..export import atomic_path
from ..transcripts.models import INTERVIEWER, Transcript
from .names import KnownNames
from .rules import (
    ADDRESS,
    BIRTH_DATE,
    EMAIL,
    ID_NUMBER,
    PERSON,
    PHONE,
    URL,
)
from .scan import Hit, known_names, normalise, scan_text, undecided

KEPT_TEXT = (".md", ".txt")      # copies keep the suffix and get front matter
CAPTIONS = (".vtt", ".srt")      # copies keep cues and timings; metadata in ROSTER
ROSTER = "respondents.csv"       # (.docx copies are written as .md)
TAGS = {PERSON: "NOMBRE", PHONE: "TEL", EMAIL: "CORREO", URL: "URL", ID_NUMBER: "DOC",
        BIRTH_DATE: "FECHA-NAC", ADDRESS: "DIRECCION"}
KEY_COLUMNS = ("placeholder", "category", "original", "transcripts")


@dataclass
class Pseudonyms:
    """Placeholder of every identity, numbered per category in order of
    first appearance, and every original text each one replaced."""

    known: KnownNames
    placeholders: dict[tuple[str, str], str] = field(default_factory=dict)  # (cat, id) -> tag
    counters: dict[str, int] = field(default_factory=dict)
    originals: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # tag -> text -> tids
    aliases: dict[str, str] = field(default_factory=dict)   # name identity -> longer identity

    def identity(self, hit: Hit) -> str:
        norm = normalise(hit.category, hit.text)
        if hit.category != PERSON:
            return norm
        norm = self.known.canonical(norm) or norm
        return self.aliases.get(norm, norm)

    def placeholder(self, hit: Hit) -> str:
        key = (hit.category, self.identity(hit))
        if key not in self.placeholders:
            number = self.counters.get(hit.category, 0) + 1
            self.counters[hit.category] = number
            self.placeholders[key] = f"[{TAGS[hit.category]}-{number}]"
        tag = self.placeholders[key]
        self.originals.setdefault(tag, {}).setdefault(hit.text, set()).add(hit.transcript)
        return tag

    def learn_aliases(self, hits: Iterable[Hit]) -> None:
        """'Quispe' or 'María Quispe' is the one longer name found that holds
        all its words, when there is exactly one such name."""
        names = {self.known.canonical(n) or n
                 for n in (normalise(PERSON, h.text) for h in hits if h.category == PERSON)}
        longer = sorted(names, key=lambda n: -len(n.split()))
        for name in names:
            words = set(name.split())
            holders = [other for other in longer
                       if len(other.split()) > len(words) and words <= set(other.split())]
            if len(holders) == 1:
                self.aliases[name] = holders[0]


def replace_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) applied; spans must not overlap."""
    out, pos = [], 0
    for start, end, replacement in sorted(spans):
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _replace_known(value: object, mapping: list[tuple[str, str]]) -> object:
    """Front matter values with every original text replaced (longest first)."""
    if isinstance(value, str):
        for original, placeholder in mapping:
            value = re.sub(rf"(?<!\w){re.escape(original)}(?!\w)", placeholder, value)
        return value
    if isinstance(value, dict):
        return {_replace_known(k, mapping): _replace_known(v, mapping) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_known(v, mapping) for v in value]
    return value


@dataclass(frozen=True)
class RedactReport:
    written: list[Path]
    key_file: Path
    replaced: int                    # spans replaced
    placeholders: dict[str, int]     # category -> distinct placeholders


def body_offset(transcript: Transcript) -> int:
    """Where the transcript's own text starts (after .md front matter or a
    .docx header): the copy gets new front matter instead."""
    from ..transcripts.corpus import read_source

    return read_source(Path(transcript.path)).body


def front_matter(t: Transcript) -> dict:
    """Metadata a re-ingest needs, with no roster: the transcript's fields,
    its respondents (or participants) and a speakers map for speaker labels
    that are not plain roles."""
    data = {k: v for k, v in t.metadata.items() if k not in ("speakers", "participants")}
    people = [r for r in t.respondents if not r.is_group]
    for r in people:   # attributes are written per respondent below
        for name in r.attributes:
            data.pop(name, None)
    data.pop("attributes", None)
    if t.mode == "group":
        data["participants"] = [
            {"label": r.label, "id": r.id, "respondent_type": r.type,
             "institution": r.institution, "region": r.region,
             **({"attributes": dict(r.attributes)} if r.attributes else {})} for r in people]
    elif people:
        r = people[0]
        data.update(respondent_id=r.id, respondent_type=r.type, institution=r.institution,
                    region=r.region)
        if r.attributes:
            data["attributes"] = dict(r.attributes)
    from ..transcripts.models import INTERVIEWER_WORDS, RESPONDENT_WORDS

    labels = {r.id: r.label for r in people}
    speakers = {}
    for turn in t.turns:
        if turn.speaker.lower() in INTERVIEWER_WORDS | RESPONDENT_WORDS or \
                turn.speaker in labels.values():
            continue
        speakers[turn.speaker] = ("interviewer" if turn.role == INTERVIEWER
                                  else labels.get(turn.respondent_id) or "R")
    if speakers:
        data["speakers"] = speakers
    return {k: v for k, v in data.items() if v not in ("", None)}


def redact(transcripts: list[Transcript], out_dir: Path, key_file: Path,
           dismissed: set[tuple[str, str]], min_confidence: float) -> RedactReport:
    """Write a pseudonymised .md copy of each transcript into `out_dir` and
    the key to `key_file`; everything is checked before anything is written."""
    out_dir, key_file = Path(out_dir), Path(key_file)
    _check_targets(transcripts, out_dir, key_file)
    known = known_names((t.metadata, {turn.speaker for turn in t.turns}) for t in transcripts)
    hits_of = {t.id: list(undecided(scan_text(t.id, t.text, known, min_confidence), dismissed))
               for t in transcripts}
    pseudonyms = Pseudonyms(known)
    pseudonyms.learn_aliases(h for hits in hits_of.values() for h in hits)
    copies: list[tuple[Path, str]] = []
    roster: list[dict[str, str]] = []
    replaced = 0
    for t in sorted(transcripts, key=lambda t: t.id):
        body = body_offset(t)
        spans = [(h.start - body, h.end - body, pseudonyms.placeholder(h))
                 for h in hits_of[t.id] if h.start >= body]
        for h in hits_of[t.id]:
            if h.start < body:
                pseudonyms.placeholder(h)   # a name in the front matter: same placeholder
        replaced += len(spans)
        mapping = sorted(((text, tag) for tag, texts in pseudonyms.originals.items()
                          for text in texts), key=lambda pair: -len(pair[0]))
        header = _replace_known(front_matter(t), mapping)
        suffix = Path(t.path).suffix.lower()
        if suffix in CAPTIONS:
            # captions keep their cues and timings: the originals are replaced in
            # the file as written (as in the front matter, so a voice and its
            # speakers-map entry stay one label), the metadata goes to the roster
            name = f"{t.id}{suffix}"
            content = redact_captions(_source_text(t), mapping)
            header = _caption_speakers(header, content)
            copies.append((out_dir / name, content))
            roster.extend(roster_rows(t.id, name, header))
            continue
        text = replace_spans(t.text[body:], spans)
        dumped = yaml.safe_dump(header, sort_keys=False, allow_unicode=True).rstrip()
        name = f"{t.id}{suffix if suffix in KEPT_TEXT else '.md'}"
        copies.append((out_dir / name, f"---\n{dumped}\n---\n{text.lstrip()}"))
    if roster:
        copies.append((out_dir / ROSTER, _roster_csv(roster)))
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, content in copies:
        with atomic_path(path) as temp:
            temp.write_bytes(content.encode("utf-8"))
    _write_key(key_file, pseudonyms)
    counts: dict[str, int] = {}
    for (category, _), _tag in pseudonyms.placeholders.items():
        counts[category] = counts.get(category, 0) + 1
    return RedactReport([p for p, _ in copies if p.name != ROSTER], key_file, replaced, counts)


# Lines of a caption file that hold no words: the header, cue numbers, timings.
_CAPTION_FRAME = re.compile(r"^(?:WEBVTT.*|\d+|[\d:.,]+\s*-->.*)$")


def redact_captions(source: str, replacements: list[tuple[str, str]]) -> str:
    """A .vtt/.srt file with each original text (as kiicode read it: words
    joined by single spaces) replaced by its placeholder wherever it is
    written, across line breaks and inside voice tags; the header, cue
    numbers and timing lines are left as they are."""
    patterns = [(re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, original.split()))
                            + r"(?!\w)"), placeholder)
                for original, placeholder in replacements if original.strip()]
    out = []
    for block in re.split(r"(\n[ \t]*\n)", source):
        lines = block.split("\n")
        words = [i for i, line in enumerate(lines) if not _CAPTION_FRAME.match(line.strip())]
        if not words:
            out.append(block)
            continue
        text = "\n".join(lines[i] for i in words)
        for pattern, placeholder in patterns:
            # a name across a line break keeps the break after it (the lines stay in place)
            text = pattern.sub(lambda m, p=placeholder: p + "\n" * m.group().count("\n"),
                               text)
        for i, line in zip(words, text.split("\n"), strict=True):
            lines[i] = line
        out.append("\n".join(lines))
    return "".join(out)


def _caption_speakers(header: dict, content: str) -> dict:
    """The speakers map with the labels as a re-ingest reads them from the
    redacted captions: a voice written with its role ("<v [NOMBRE-3]
    (Evaluadora)>") is the label "[NOMBRE-3] (Evaluadora)"."""
    from ..transcripts.captions import speaker_names

    read = speaker_names(content)
    speakers = {label: target for key, target in header.get("speakers", {}).items()
                for label in read if label == key or label.startswith(f"{key} (")}
    rest = {k: v for k, v in header.items() if k != "speakers"}
    return {**rest, "speakers": speakers} if speakers else rest


def _source_text(t: Transcript) -> str:
    from ..transcripts.source import decode_text, read_bytes

    path = Path(t.path)
    return decode_text(path, read_bytes(path)).text


def roster_rows(transcript_id: str, file: str, header: dict) -> list[dict[str, str]]:
    """Roster lines holding a caption copy's metadata (front_matter's fields):
    one for the transcript, and one per participant of a group."""
    row = {"transcript_id": transcript_id, "file": file}
    for key, value in header.items():
        if key in ("participants", "id"):   # (the id is the transcript_id column)
            continue
        if key == "speakers":
            value = "; ".join(f"{name}={target}" for name, target in value.items())
        elif key == "attributes":
            row.update({k: str(v) for k, v in value.items()})
            continue
        row[key] = str(value)
    rows = [row]
    for person in header.get("participants", ()):
        rows.append({"transcript_id": transcript_id, "file": file,
                     **{("respondent_id" if k == "id" else k): str(v)
                        for k, v in person.items() if k != "attributes"},
                     **{k: str(v) for k, v in person.get("attributes", {}).items()}})
    return rows


def _roster_csv(rows: list[dict[str, str]]) -> str:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _check_targets(transcripts: list[Transcript], out_dir: Path, key_file: Path) -> None:
    out = out_dir.resolve()
    problems = []
    for t in transcripts:
        source = Path(t.path).resolve()
        if source.parent == out or out in source.parents:
            problems.append(Problem(Location(str(out_dir)), f"holds the original {t.path}",
                                    "write the copies to a new folder; originals are never "
                                    "modified"))
            break
    if out_dir.exists() and not out_dir.is_dir():
        problems.append(Problem(Location(str(out_dir)), "is a file, not a folder",
                                "give a folder for the copies"))
    key = key_file.resolve()
    if key.parent == out or out in key.parents:
        problems.append(Problem(Location(str(key_file)), "the key file would sit beside the "
                                "redacted copies", "keep the key apart: give --key a path "
                                "outside the output folder"))
    if problems:
        raise ExportError(problems)


def _write_key(key_file: Path, pseudonyms: Pseudonyms) -> None:
    with atomic_path(key_file) as temp:
        with temp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(KEY_COLUMNS)
            for (category, _), tag in pseudonyms.placeholders.items():
                for text, tids in sorted(pseudonyms.originals.get(tag, {}).items()):
                    writer.writerow((tag, category, text, ";".join(sorted(tids))))
        os.chmod(temp, 0o600)   # only its owner may read the way back to the people
