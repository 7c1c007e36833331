"""WebVTT captions: speakers from voice tags or `Name:` prefixes."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Location, Problem, TranscriptError
from .source import decode_text, read_bytes

_PREFIX = re.compile(r"^\s*([^:\n]{1,40}?)\s*:\s*(.*)$", re.DOTALL)


def read_vtt(path: Path, warnings: list[Problem] | None = None) -> str:
    """The captions as transcript text: one `[hh:mm:ss] Speaker: text` line per
    run of consecutive cues by the same speaker. The file's bytes are decoded
    as every transcript's are (cp1252 with a warning, NFC)."""
    import webvtt

    source = decode_text(path, read_bytes(path))
    if warnings is not None:
        warnings.extend(source.warnings)
    try:
        captions = webvtt.from_string(source.text)
    except Exception as exc:  # webvtt raises its own MalformedFileError and others
        raise TranscriptError(Problem(Location(str(path)), f"not a valid WebVTT file ({exc})",
                                      "check the WEBVTT header and cue timings")) from None
    lines: list[str] = []
    last_speaker = None
    for caption in captions:
        text = " ".join(caption.text.split())
        speaker = caption.voice
        if not speaker:
            match = _PREFIX.match(text)
            if match:
                speaker, text = match.group(1), match.group(2)
        if not text:
            continue
        if speaker and speaker == last_speaker:
            lines[-1] += " " + text
            continue
        stamp = caption.start.split(".")[0]
        lines.append(f"[{stamp}] {speaker}: {text}" if speaker else f"[{stamp}] {text}")
        last_speaker = speaker
    if not lines:
        raise TranscriptError(Problem(Location(str(path)), "the transcript is empty",
                                      "add cues or remove the file"))
    return "\n\n".join(lines) + "\n"
