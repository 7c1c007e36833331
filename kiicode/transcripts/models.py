"""The interview data model: transcripts, respondents, turns and segments."""

from __future__ import annotations

from dataclasses import dataclass, field

INTERVIEWER = "interviewer"
RESPONDENT = "respondent"
UNITS = ("turn", "paragraph", "sentence")
# The words that say a speaker's role, in English and Spanish (folded).
INTERVIEWER_WORDS = frozenset((
    "interviewer", "entrevistador", "entrevistadora", "entrevistador(a)", "e", "i", "p", "q",
    "pregunta", "question", "moderador", "moderadora", "moderator", "facilitador",
    "facilitadora", "facilitator", "evaluador", "evaluadora", "evaluator", "investigador",
    "investigadora", "researcher", "encuestador", "encuestadora", "enumerator"))
RESPONDENT_WORDS = frozenset((
    "respondent", "entrevistado", "entrevistada", "entrevistado(a)", "r", "a", "respuesta",
    "answer", "participante", "participant", "informante", "informant", "informante clave",
    "key informant", "interviewee"))
RESPONDENT_FIELDS = ("type", "institution", "region")   # built in; anything else is an attribute


@dataclass(frozen=True)
class Respondent:
    """A person (or, for an unattributed group answer, the group) who answered."""

    id: str
    transcript_id: str
    type: str
    institution: str = ""
    region: str = ""
    label: str = ""          # participant label in a group KII (P1, P2, ...)
    is_group: bool = False   # an unattributed group answer, not one person
    # Any other roster / front-matter column (sex, age_group, district, ...):
    # attribute name -> value. Names are lower-case with '_' (codebook.attribute_name).
    attributes: dict[str, str] = field(default_factory=dict, hash=False)

    def attribute(self, name: str) -> str:
        """A built-in field (type, institution, region) or an attribute; '' when not recorded."""
        if name in RESPONDENT_FIELDS:
            return getattr(self, name)
        return self.attributes.get(name, "")


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted contribution; paragraphs are (start, end) offsets."""

    number: int
    speaker: str
    role: str                  # INTERVIEWER or RESPONDENT
    respondent_id: str | None
    start: int
    end: int
    paragraphs: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Segment:
    """A coding unit: part of a respondent turn, with exact offsets into the text."""

    id: str
    transcript_id: str
    respondent_id: str
    turn_no: int
    para_no: int
    start: int
    end: int
    text: str
    language: str


@dataclass
class Transcript:
    """A read transcript: `text[s.start:s.end] == s.text` for every segment."""

    id: str
    path: str
    sha256: str
    text: str
    language: str
    mode: str
    metadata: dict
    respondents: list[Respondent] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    def respondent(self, respondent_id: str) -> Respondent:
        return next(r for r in self.respondents if r.id == respondent_id)
