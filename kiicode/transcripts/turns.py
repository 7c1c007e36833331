"""Speaker turns and segments from transcript text.

Every reader (markdown, docx, captions) produces text whose turns start with
a speaker label (speakers.match_label); this module finds the turns in it
and cuts respondent turns into coding units, keeping exact character
offsets. Transcription-service footers belong to no turn, and markers such
as `[inaudible 00:12:33]` or `[crosstalk]` are trimmed from the ends of a
segment (a paragraph of nothing else is no segment): they stay in the text
kiicode keeps, so offsets never move."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .models import INTERVIEWER, RESPONDENT, Segment, Turn
from .speakers import FOOTER, SpeakerStats, match_label, speaker_key

TIMESTAMP = r"[\[(](?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?[\])]"
_LEADING_TIMESTAMP = re.compile(rf"[ \t]*{TIMESTAMP}[ \t]*")
# What transcribers write for what they could not transcribe.
MARKER = re.compile(
    r"[\[(](?:inaudible|inaudibles?|indiscernible|unintelligible|ininteligible|inentendible|"
    r"incomprensible|crosstalk|cross-talk|overlapping speech|overlapping|habla simult[aá]nea|"
    r"voces superpuestas|risas?|laughter|laughs|silencio|silence|pausa|pause|m[uú]sica|music|"
    r"ruido|noise|interrupci[oó]n|interruption|no se entiende|no se escucha|audio cortado|"
    r"se corta el audio|blank_audio|blank audio)\b[^\])\n]{0,40}[\])]", re.IGNORECASE)
_LEADING_MARKERS = re.compile(rf"(?:\s|{MARKER.pattern})+", re.IGNORECASE)


@dataclass(frozen=True)
class SpokenTurn:
    """A turn as found, before roles: who (label key) and where."""

    speaker: str                          # the label as written
    key: str                              # speaker_key(label)
    role_word: str                        # a bracketed role after the label, folded
    start: int
    end: int
    paragraphs: tuple[tuple[int, int], ...]


def find_turns(text: str, body_start: int, accepted: set[str],
               paragraph_per_line: bool = False,
               literal: re.Pattern[str] | None = None) -> list[SpokenTurn]:
    """Turns in text[body_start:] started by labels whose key is in
    `accepted`. Lines without a label continue the current turn; a blank line
    (or, with `paragraph_per_line`, every line: a Word paragraph) starts a
    new paragraph of it. Text before the first label is not part of a turn."""
    turns: list[SpokenTurn] = []
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
            turns.append(SpokenTurn(current["speaker"], current["key"], current["role"],
                                    paras[0][0], paras[-1][1], paras))

    pos = body_start
    for line in text[body_start:].splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        content = line.rstrip("\r\n")
        if FOOTER.match(content):
            close_paragraph()
            continue
        found = match_label(content, literal)
        if found is not None and speaker_key(found.label) in accepted:
            close_turn()
            current = {"speaker": found.label, "key": speaker_key(found.label),
                       "role": found.role_word, "paragraphs": []}
            content_start = line_start + found.end
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
        if paragraph_per_line:
            close_paragraph()
    close_turn()
    return turns


# A label like a participant's (P3, R2, M10) at the start of a line.
_PARTICIPANT_LIKE = re.compile(
    rf"^[ \t]*(?:{TIMESTAMP}[ \t]*)?(?:\*\*|__)?(?P<label>[A-Za-z]{{1,2}}\d{{1,2}})"
    r"(?:\*\*|__)?[ \t]*:")


def unlisted_labels(text: str, body_start: int, known: set[str]) -> list[tuple[int, str]]:
    """(line, label) of each line that opens with a participant-like label
    whose key is not `known`: in a group KII, 'P3:' when only P1 and P2 are
    listed (its words would otherwise go to the previous speaker)."""
    found = []
    first_line = text.count("\n", 0, body_start) + 1
    for number, line in enumerate(text[body_start:].splitlines(), first_line):
        match = _PARTICIPANT_LIKE.match(line)
        if match and speaker_key(match.group("label")) not in known:
            found.append((number, match.group("label")))
    return found


def asks(text: str) -> bool:
    """Whether a turn asks something (a question mark, either way up): what
    tells the interviewer, and a question from a greeting, thanks or an
    interpreter's note."""
    return "?" in text or "¿" in text


def speaker_stats(text: str, turns: list[SpokenTurn]) -> dict[str, SpeakerStats]:
    """Per speaker, in order of first turn: turns, turns asking a question, words."""
    stats: dict[str, SpeakerStats] = {}
    for turn in turns:
        s = stats.setdefault(turn.key, SpeakerStats(turn.speaker, turn.role_word))
        said = text[turn.start:turn.end]
        s.turns += 1
        s.questions += asks(said)
        s.words += len(said.split())
        s.role_word = s.role_word or turn.role_word
    return stats


def with_roles(turns: list[SpokenTurn], respondent_of: dict[str, str | None]) -> list[Turn]:
    """The turns numbered, each with its role and respondent."""
    found = []
    for number, t in enumerate(turns, 1):
        rid = respondent_of.get(t.key)
        found.append(Turn(number, t.speaker, RESPONDENT if rid else INTERVIEWER, rid, t.start,
                          t.end, t.paragraphs))
    return found


def trim_markers(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) without markers and spaces at either end (and the
    punctuation right after a closing marker); None when no word is left."""
    span = text[start:end]
    head = _LEADING_MARKERS.match(span)
    lead = head.end() if head else 0
    if lead >= len(span):
        return None
    tail = len(span)
    while True:   # markers at the end, one at a time (a regex anchored at $ would backtrack)
        trailing = re.search(rf"(?:{MARKER.pattern})[\s.,;…-]*$|\s+$", span[lead:tail],
                             re.IGNORECASE)
        if trailing is None or trailing.start() == trailing.end():
            break
        tail = lead + trailing.start()
    if not span[lead:tail].strip() or not any(c.isalnum() for c in span[lead:tail]):
        return None
    return start + lead, start + tail


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
            kept = trim_markers(text, start, end)
            if kept is None:
                continue
            start, end = kept
            segments.append(Segment(
                id=f"{transcript_id}:{len(segments) + 1}", transcript_id=transcript_id,
                respondent_id=turn.respondent_id, turn_no=turn.number, para_no=para_no,
                start=start, end=end, text=text[start:end], language=language))
    return segments


__all__ = ["INTERVIEWER", "RESPONDENT", "SpokenTurn", "asks", "cut_segments", "find_turns",
           "speaker_stats", "trim_markers", "unlisted_labels", "with_roles"]
