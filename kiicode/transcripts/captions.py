"""Captions: WebVTT (Zoom, Teams) and SubRip (.srt) transcripts.

Speakers come from voice tags (`<v Torres Vega, Ana (Evaluadora)>`, Teams)
or a `Name:` prefix on a cue's lines (Zoom); a cue holding two voices is
split between them, a cue naming nobody continues the last speaker, and
consecutive cues of one speaker form one turn. NOTE, STYLE and REGION
blocks are not text. The text kiicode keeps is one line per turn,
`[hh:mm:ss] Speaker: text`, so offsets are defined on it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, Problem, TranscriptError
from .source import decode_text, read_bytes

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>|</v>")
_TAG = re.compile(r"<[^>]*>")
# (a placeholder such as [NOMBRE-2] is a name too: `kiicode pii redact` writes them)
_PREFIX = re.compile(r"^\s*(?:-\s*)?(\[[A-Z-]+-\d+\]|[^\W\d][^:\n<>]{0,48}?)\s*:\s+(.*)$")
_SRT_TIMING = re.compile(r"^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.MULTILINE)


@dataclass(frozen=True)
class Captions:
    text: str
    speakers: frozenset[str]     # the speaker names as written in `text`
    format: str
    warnings: tuple[Problem, ...] = ()   # from decoding (not UTF-8)


def read_captions(path: Path) -> Captions:
    """Read a .vtt or .srt file (whichever it really is, whatever its name)."""
    import webvtt

    source = decode_text(path, read_bytes(path))
    text = source.text.lstrip("\ufeff")
    kind = "vtt" if text.lstrip().startswith("WEBVTT") else (
        "srt" if _SRT_TIMING.search(text[:2000]) else path.suffix.lower().lstrip("."))
    try:
        captions = webvtt.from_buffer(io.StringIO(text), format="srt" if kind == "srt" else "vtt")
    except Exception as exc:  # webvtt raises MalformedFileError and others
        what = "SubRip (.srt)" if kind == "srt" else "WebVTT"
        raise TranscriptError(Problem(Location(str(path)), f"not a valid {what} file ({exc})",
                                      "a .vtt starts with a WEBVTT line; each cue has a "
                                      "'00:00:01.000 --> 00:00:04.000' timing line")) from None
    turns: list[list] = []   # [stamp, speaker, [texts]]
    voiced = prefixed = False
    for caption in captions:
        for speaker, said in _pieces(caption.raw_text):
            voiced |= speaker is not None and "<v" in caption.raw_text
            prefixed |= speaker is not None and "<v" not in caption.raw_text
            said = " ".join(said.split())
            if not said:
                continue
            if speaker is None and turns:
                speaker = turns[-1][1]
            if turns and turns[-1][1] == speaker:
                turns[-1][2].append(said)
            else:
                turns.append([caption.start.split(".")[0].split(",")[0], speaker, [said]])
    if not turns:
        raise TranscriptError(Problem(Location(str(path)), "the captions hold no text",
                                      "export the transcript again, or remove the file"))
    lines = [f"[{stamp}] {speaker}: {' '.join(said)}" if speaker else
             f"[{stamp}] {' '.join(said)}" for stamp, speaker, said in turns]
    name = "SubRip .srt" if kind == "srt" else "WebVTT"
    style = ("voice tags (Teams)" if voiced else
             ("Name: prefixes" + (" (Zoom)" if kind == "vtt" else "")) if prefixed
             else "no speaker names")
    return Captions("\n\n".join(lines) + "\n",
                    frozenset(s for _, s, _ in turns if s), f"{name}, {style}", source.warnings)


def speaker_names(raw: str) -> set[str]:
    """Every speaker name a caption file's text gives, as `read_captions`
    writes it (voice tags and `Name:` prefixes)."""
    names = {_name(m.group(1)) for m in _VOICE.finditer(raw) if m.group(1)}
    return names | {_name(m.group(1)) for line in raw.split("\n") if (m := _PREFIX.match(line))}


def _pieces(raw: str) -> list[tuple[str | None, str]]:
    """(speaker or None, text) in the order spoken inside one cue."""
    pieces: list[tuple[str | None, str]] = []
    if _VOICE.search(raw):
        speaker = None
        position = 0
        for found in _VOICE.finditer(raw):
            pieces.append((speaker, raw[position:found.start()]))
            speaker = _name(found.group(1)) if found.group(1) is not None else None
            position = found.end()
        pieces.append((speaker, raw[position:]))
        # Text outside any voice (after a </v>) continues the cue's last voice.
        merged: list[tuple[str | None, str]] = []
        for speaker, said in pieces:
            said = _TAG.sub("", said)
            if not said.strip():
                continue
            if speaker is None and merged:
                speaker = merged[-1][0]
            merged.append((speaker, said))
        return merged
    for line in _TAG.sub("", raw).split("\n"):
        found = _PREFIX.match(line)
        if found and len(found.group(1).split()) <= 6:
            pieces.append((_name(found.group(1)), found.group(2)))
        elif pieces:
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + " " + line)
        else:
            pieces.append((None, line))
    return pieces


def _name(raw: str) -> str:
    """A speaker name safe to write before ': ' in the kept text."""
    return " ".join(raw.replace(":", " ").split()) or "?"
