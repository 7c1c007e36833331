"""Who is speaking: speaker labels in a transcript's lines, and which of
them is the interviewer.

A label is what starts a turn: `E:`, `(00:00:05) ENTREVISTADORA:`,
`Entrevistadora (E):`, `**P1:**`, `**ENTREVISTADOR** [00:01:02]:`,
`Ana Torres 00:01:02:`, or a line holding
only a name and a time (`Speaker 1  0:03`, Otter and Teams exports), with the
text below it. Roles come, in this order, from a `speakers` map, the group's
participant labels, the metadata's `interviewer` (as the transcript writes
them), interviewer and respondent words in English and Spanish, then
elimination, then who asks the questions (a warning says so). See
docs/transcripts.md."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Location, Problem
from .metadata import Header, fold
from .models import INTERVIEWER, INTERVIEWER_WORDS, RESPONDENT_WORDS

# Lines that look like `Word: text` but are not speakers, however often they appear.
NOT_SPEAKERS = frozenset(("nota", "note", "notas", "notes", "por ejemplo", "ejemplo", "example",
                          "es decir", "fuente", "source", "observacion", "observación", "ojo",
                          "importante", "important", "http", "https", "www", "tema", "topic",
                          "fecha", "date", "hora", "time", "lugar", "place"))
MAX_LABEL_WORDS = 6
# An unknown label must start at least this many lines to be a speaker.
MIN_UNKNOWN_TURNS = 2
# Who asks the questions: the interviewer's share of turns with a question
# must exceed the respondent's by at least this much.
QUESTION_MARGIN = 0.2

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?"
_STAMP = rf"(?:\[{_TIME}\]|\({_TIME}\)|{_TIME})"
_BOLD = r"(?:\*\*|__)"
_LABEL = r"(?P<label>[^\W\d_][^\n:\[\]()*_]{0,48}?)"
_ROLE = r"(?:[ \t]*[(\[](?P<role>[^\n()\[\]:]{1,40})[)\]])?"
INLINE_LABEL = re.compile(
    rf"^[ \t]*(?:{_STAMP}[ \t]*)?{_BOLD}?[ \t]*{_LABEL}{_ROLE}[ \t]*(?:{_STAMP}[ \t]*)?"
    rf"{_BOLD}?[ \t]*(?:{_STAMP}[ \t]*)?:(?!//)[ \t]*{_BOLD}?[ \t]*(?:{_STAMP}[ \t]*)?")
HEADER_LABEL = re.compile(rf"^[ \t]*{_BOLD}?{_LABEL}{_ROLE}{_BOLD}?[ \t]+{_STAMP}[ \t]*$")
# Transcription services' footers: never part of a turn.
FOOTER = re.compile(
    r"(?i)^[ \t]*(?:transcribed by\b|transcrito por\b|transcripci[oó]n (?:generada|realizada|"
    r"hecha) (?:por|con)\b|this transcript was (?:exported|generated)\b|go unlimited to "
    r"remove this message|.*\b(?:otter\.ai|turboscribe\.ai|rev\.com|sonix\.ai|trint\.com)\b)")


@dataclass(frozen=True)
class LabelMatch:
    label: str          # as written, without a role in brackets
    role_word: str      # the bracketed role, folded ('' when none)
    end: int            # where the turn's text starts in the line (len(line) for a header)
    header: bool        # a name-and-time line with the text below


def literal_labels(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern for labels a `speakers` map names, written as they are
    (a pseudonym such as `[NOMBRE-2]` has no ordinary label's shape)."""
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # (inline, `[NOMBRE-2]: text`, or a name-and-time header line, `[NOMBRE-2]  0:05`)
    return re.compile(rf"^[ \t]*(?:{_STAMP}[ \t]*)?{_BOLD}?[ \t]*(?P<label>{alternatives})"
                      rf"(?:[ \t]*{_BOLD}?[ \t]*:[ \t]*{_BOLD}?[ \t]*"
                      rf"|{_BOLD}?(?P<header>[ \t]+{_STAMP}[ \t]*$))", re.IGNORECASE)


def match_label(line: str, literal: re.Pattern[str] | None = None) -> LabelMatch | None:
    """The speaker label that starts `line`, if it has the shape of one (or
    is one of the `literal` labels)."""
    if literal is not None and (named := literal.match(line)) is not None:
        header = named.group("header") is not None
        return LabelMatch(named.group("label"), "", len(line) if header else named.end(), header)
    found = HEADER_LABEL.match(line)
    header = found is not None
    found = found or INLINE_LABEL.match(line)
    if found is None:
        return None
    label = " ".join(found.group("label").split())
    if not label or len(label.split()) > MAX_LABEL_WORDS:
        return None
    role = fold(found.group("role") or "")
    return LabelMatch(label, role, len(line) if header else found.end(), header)


def speaker_key(label: str) -> str:
    return fold(label)


def candidate_labels(text: str, body: int, literal: re.Pattern[str] | None = None) -> Counter:
    """How many lines of text[body:] each label-shaped key starts."""
    counts: Counter = Counter()
    for line in text[body:].split("\n"):
        found = match_label(line, literal)
        if found is not None:
            counts[speaker_key(found.label)] += 1
    return counts


def known_keys(header: Header) -> set[str]:
    """Labels the metadata or the role words make speakers wherever they appear."""
    keys = set(INTERVIEWER_WORDS) | set(RESPONDENT_WORDS)
    keys |= set(header.speaker_map) | set(header.participant_labels)
    keys |= {fold(name) for name in header.interviewer_names}
    return keys


def accepted_labels(counts: Counter, header: Header, format_labels: set[str]) -> set[str]:
    """The label keys that start turns: known ones, those the format marks
    as speakers (caption voices), and unknown ones starting at least
    MIN_UNKNOWN_TURNS lines (a one-off 'Por ejemplo:' is text)."""
    known = known_keys(header) | format_labels
    return {key for key, n in counts.items()
            if key in known or (n >= MIN_UNKNOWN_TURNS and key not in NOT_SPEAKERS)}


@dataclass
class SpeakerStats:
    label: str
    role_word: str
    turns: int = 0
    questions: int = 0
    words: int = 0

    @property
    def question_share(self) -> float:
        return self.questions / self.turns if self.turns else 0.0

    def describe(self) -> str:
        return f"{self.questions} of {self.turns} turns ask a question"


@dataclass
class SpeakerRoles:
    """speaker key -> respondent id, or None for the interviewer; and how
    each was decided (shown by `ingest --dry-run`)."""

    respondent_of: dict[str, str | None] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)   # key -> label as written
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def assign_roles(stats: dict[str, SpeakerStats], header: Header, location: Location,
                 fix_line: Callable[[str], str]) -> SpeakerRoles:
    """Decide each speaker's role; `fix_line(name)` is the roster line that
    names `name` as the interviewer, for the error that cannot decide."""
    result = SpeakerRoles(labels={k: s.label for k, s in stats.items()})
    names = [set(fold(n).replace(",", " ").split()) for n in header.interviewer_names]

    def is_named_interviewer(key: str) -> bool:
        words = set(key.replace(",", " ").split())
        return any(name and name <= words for name in names)

    unknown = []
    for key, s in stats.items():
        if key in header.speaker_map:
            target = header.speaker_map[key]
            result.respondent_of[key] = None if target == INTERVIEWER else target
            result.how[key] = "speakers map"
        elif key in header.participant_labels:
            result.respondent_of[key] = header.participant_labels[key]
            result.how[key] = "participant label"
        elif is_named_interviewer(key):
            result.respondent_of[key] = None
            result.how[key] = "named as the interviewer in the metadata"
        elif key in INTERVIEWER_WORDS or s.role_word in INTERVIEWER_WORDS:
            result.respondent_of[key] = None
            result.how[key] = "interviewer label"
        elif key in RESPONDENT_WORDS or s.role_word in RESPONDENT_WORDS:
            result.respondent_of[key] = header.default_respondent
            result.how[key] = "respondent label"
        else:
            unknown.append(key)

    found = ", ".join(f"'{s.label}' ({s.turns} turns)" for s in stats.values())
    if not stats:
        result.problems.append(Problem(location, "no speaker labels found", (
            "start each turn with a label such as 'E:' / 'R:', 'Entrevistadora:', 'P1:' or a "
            "name ('Ana Torres:'), or a line with only a name and a time ('Speaker 1  0:03'); "
            "see docs/transcripts.md")))
        return result

    def undecided(why: str) -> None:
        first = stats[unknown[0]].label if unknown else next(iter(stats.values())).label
        result.problems.append(Problem(location, f"{why}; speakers found: {found}",
                                       f"name the interviewer as the transcript writes them: "
                                       f"{fix_line(first)}"))

    interviewer_known = any(v is None for v in result.respondent_of.values())
    respondent_known = any(v is not None for v in result.respondent_of.values())
    if unknown and header.mode == "group":
        asking = sorted(unknown, key=lambda k: -stats[k].question_share)
        if not interviewer_known and _clearly_asks(stats, asking):
            chosen = asking[0]
            result.respondent_of[chosen] = None
            result.how[chosen] = f"asks the questions ({stats[chosen].describe()})"
            result.warnings.append(Problem(location, f"'{stats[chosen].label}' taken as the "
                                   f"interviewer: {stats[chosen].describe()}",
                                   f"to be sure: {fix_line(stats[chosen].label)}"))
            unknown.remove(chosen)
        for key in unknown:
            participants = ", ".join(s.label for k, s in stats.items()
                                     if k in header.participant_labels) or "none"
            result.problems.append(Problem(location, f"speaker '{stats[key].label}' is not a "
                                   f"participant (participants: {participants})",
                                   "add it to the participants (label as the transcript "
                                   "writes it), or map it: speakers: "
                                   f"{stats[key].label}=P1"))
        return result
    if unknown and interviewer_known and not respondent_known and len(unknown) == 1:
        key = unknown.pop()
        result.respondent_of[key] = header.default_respondent
        result.how[key] = "the one speaker who is not the interviewer"
    elif unknown and respondent_known and not interviewer_known:
        for key in unknown:
            result.respondent_of[key] = None
            result.how[key] = "not the respondent"
        unknown = []
    elif unknown and respondent_known and interviewer_known:
        for key in unknown:
            result.respondent_of[key] = None
            result.how[key] = "an extra speaker, not coded"
        result.warnings.append(Problem(location, "speakers neither interviewer nor respondent "
                               f"are stored as interviewer turns (never coded): "
                               f"{', '.join(repr(stats[k].label) for k in unknown)}",
                               "map them in the speakers column if they are respondents"))
        unknown = []
    elif unknown:
        if len(unknown) < 2:
            undecided(f"cannot tell who is the interviewer: only '{stats[unknown[0]].label}' "
                      "speaks and no label says a role")
            return result
        asking = sorted(unknown, key=lambda k: (-stats[k].question_share, stats[k].words))
        answering = min(unknown, key=lambda k: (stats[k].question_share, -stats[k].words))
        interviewer = asking[0]
        if not _clearly_asks(stats, [interviewer, answering]):
            undecided("cannot tell the interviewer from the respondent (they ask as many "
                      "questions)")
            return result
        for key in unknown:
            result.respondent_of[key] = header.default_respondent if key == answering else None
            result.how[key] = f"{'answers' if key == answering else 'asks'} the questions " \
                              f"({stats[key].describe()})"
        said = "; ".join(f"'{stats[k].label}' -> "
                         f"{'respondent' if k == answering else 'interviewer'} "
                         f"({stats[k].describe()})" for k in unknown)
        result.warnings.append(Problem(location, f"no label says who is the interviewer; "
                               f"decided by who asks the questions: {said}",
                               f"if that is wrong: {fix_line(stats[interviewer].label)}"))
        unknown = []
    if not any(v is not None for v in result.respondent_of.values()):
        result.problems.append(Problem(location, f"no respondent turns: every speaker is an "
                               f"interviewer; speakers found: {found}",
                               "map the respondent's label in the roster's speakers column "
                               "(Name=R), or fix the interviewer field"))
    return result


def _clearly_asks(stats: dict[str, SpeakerStats], ranked: list[str]) -> bool:
    """Whether the first speaker asks clearly more questions than the next."""
    if not ranked:
        return False
    top = stats[ranked[0]].question_share
    rest = max((stats[k].question_share for k in ranked[1:]), default=0.0)
    return top > 0 and top - rest >= QUESTION_MARGIN
