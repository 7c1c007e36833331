"""Speaker turns and segments from transcript text.

Every reader (markdown, docx, vtt) produces plain text with one speaker label
per turn; this module finds the turns in it and cuts respondent turns into
coding units, keeping exact character offsets."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import INTERVIEWER, RESPONDENT, Segment, Turn

INTERVIEWER_LABELS = ("interviewer", "entrevistador", "entrevistadora", "e", "i", "p",
                      "moderador", "moderadora", "moderator")
RESPONDENT_LABELS = ("respondent", "entrevistado", "entrevistada", "r", "participante",
                     "participant")

TIMESTAMP = r"\[(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?\]"
_LEADING_TIMESTAMP = re.compile(rf"[ \t]*{TIMESTAMP}[ \t]*")


@dataclass(frozen=True)
class Speaker:
    role: str
    respondent_id: str | None


def label_pattern(labels: Iterable[str]) -> re.Pattern[str]:
    """A line-start pattern for `[hh:mm:ss] Label:` with optional markdown bold."""
    names = sorted({re.escape(label) for label in labels if label}, key=len, reverse=True)
    return re.compile(
        rf"^[ \t]*(?:{TIMESTAMP}[ \t]*)?(?:\*\*|__)?(?P<label>{'|'.join(names)})"
        rf"(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*",
        re.IGNORECASE,
    )


def find_turns(text: str, body_start: int, speakers: dict[str, Speaker]) -> list[Turn]:
    """Turns in text[body_start:]; `speakers` maps a lower-cased label to its role."""
    pattern = label_pattern(speakers)
    turns: list[Turn] = []
    current: dict | None = None
    paragraph: list[int] | None = None   # [start, end] of the open paragraph

    def close_paragraph() -> None:
        nonlocal paragraph
        if current is not None and paragraph is not None and paragraph[1] > paragraph[0]:
            current["paragraphs"].append((paragraph[0], paragraph[1]))
        paragraph = None

    def close_turn() -> None:
        close_paragraph()
        if current is not None and current["paragraphs"]:
            paras = tuple(current["paragraphs"])
            turns.append(Turn(len(turns) + 1, current["speaker"], current["role"],
                              current["respondent_id"], paras[0][0], paras[-1][1], paras))

    pos = body_start
    for line in text[body_start:].splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        content = line.rstrip("\r\n")
        match = pattern.match(content)
        if match:
            close_turn()
            speaker = speakers[match.group("label").lower()]
            current = {"speaker": match.group("label"), "role": speaker.role,
                       "respondent_id": speaker.respondent_id, "paragraphs": []}
            content_start = line_start + match.end()
        elif current is None:
            continue   # text before the first label (titles, notes) is not part of a turn
        else:
            content_start = line_start
            lead = _LEADING_TIMESTAMP.match(content)
            if lead and paragraph is None:
                content_start += lead.end()
        stripped = text[content_start:line_start + len(content)]
        if not stripped.strip():
            close_paragraph()
            continue
        start = content_start + (len(stripped) - len(stripped.lstrip()))
        end = line_start + len(content.rstrip())
        if paragraph is None:
            paragraph = [start, end]
        else:
            paragraph[1] = end
    close_turn()
    return turns


# A label like a participant's (P3, R2, M10) at the start of a line.
_PARTICIPANT_LIKE = re.compile(
    rf"^[ \t]*(?:{TIMESTAMP}[ \t]*)?(?:\*\*|__)?(?P<label>[A-Za-z]{{1,2}}\d{{1,2}})"
    r"(?:\*\*|__)?[ \t]*:")


def unlisted_labels(text: str, body_start: int, speakers: dict[str, Speaker]
                    ) -> list[tuple[int, str]]:
    """(line, label) of each line that opens with a participant-like label
    nobody declared: in a group KII, 'P3:' when only P1 and P2 are listed."""
    found = []
    first_line = text.count("\n", 0, body_start) + 1
    for number, line in enumerate(text[body_start:].splitlines(), first_line):
        match = _PARTICIPANT_LIKE.match(line)
        if match and match.group("label").lower() not in speakers:
            found.append((number, match.group("label")))
    return found


SentenceSplitter = Callable[[str], list[tuple[int, int]]]


def cut_segments(transcript_id: str, text: str, turns: list[Turn], language: str, unit: str,
                 split_sentences: SentenceSplitter | None = None) -> list[Segment]:
    """Coding units from respondent turns: whole turns, paragraphs or sentences."""
    segments: list[Segment] = []
    for turn in turns:
        if turn.role != RESPONDENT or turn.respondent_id is None:
            continue
        spans: list[tuple[int, tuple[int, int]]] = []
        if unit == "turn":
            spans = [(1, (turn.start, turn.end))]
        else:
            for para_no, (start, end) in enumerate(turn.paragraphs, 1):
                if unit == "sentence" and split_sentences is not None:
                    for s, e in split_sentences(text[start:end]):
                        spans.append((para_no, (start + s, start + e)))
                else:
                    spans.append((para_no, (start, end)))
        for para_no, (start, end) in spans:
            segments.append(Segment(
                id=f"{transcript_id}:{len(segments) + 1}", transcript_id=transcript_id,
                respondent_id=turn.respondent_id, turn_no=turn.number, para_no=para_no,
                start=start, end=end, text=text[start:end], language=language))
    return segments


__all__ = ["INTERVIEWER", "RESPONDENT", "Speaker", "find_turns", "cut_segments", "label_pattern",
           "unlisted_labels"]
