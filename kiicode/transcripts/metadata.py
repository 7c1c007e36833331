"""Transcript metadata: front matter (or a docx header) merged with roster
rows, checked against the codebook, turned into respondents and a speaker map."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..codebook import Codebook, attribute_name, did_you_mean
from ..errors import Location, Problem
from .models import INTERVIEWER, RESPONDENT, Respondent
from .turns import INTERVIEWER_LABELS, RESPONDENT_LABELS, Speaker

TRANSCRIPT_FIELDS = ("id", "language", "date", "mode", "interviewer")
RESPONDENT_FIELDS = ("respondent_type", "institution", "region")
# Keys that are about the transcript, not the respondent; any other key is a
# respondent attribute (sex, age_group, district, ...).
FRONT_MATTER_KEYS = {*TRANSCRIPT_FIELDS, *RESPONDENT_FIELDS, "respondent_id", "participants",
                     "speakers", "title", "notes", "duration", "attributes"}
PARTICIPANT_KEYS = {"label", "id", "respondent_type", "institution", "region", "attributes"}
# Names `tally --by` already uses for something else.
RESERVED_NAMES = ("type", "institution", "region", "language", "code")
# A key this close to a known one is a typo, not a new attribute.
TYPO_SIMILARITY = 85
MODES = ("individual", "group")
ROSTER_COLUMNS = ("transcript_id", "label", "respondent_id", "respondent_type", "institution",
                  "region", "language", "date", "mode", "interviewer", "speakers",
                  "participants")
ROSTER_KNOWN = set(ROSTER_COLUMNS)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

Locate = Callable[[str], Location]


@dataclass(frozen=True)
class RosterRow:
    """One roster row, with where it came from."""

    values: dict[str, str]
    location: Location

    def get(self, key: str) -> str:
        return (self.values.get(key) or "").strip()

    def attributes(self, known: Iterable[str]) -> dict[str, str]:
        """The row's non-empty cells outside the `known` columns."""
        known = set(known)
        return {k: v.strip() for k, v in self.values.items()
                if k not in known and v and v.strip()}


def near_key(key: str, known: Iterable[str]) -> str | None:
    """The known key `key` is most likely a typo of, if any."""
    best = process.extractOne(key, list(known), scorer=fuzz.ratio,
                              score_cutoff=TYPO_SIMILARITY)
    return best[0] if best else None


def check_attribute_name(raw: str, known: Iterable[str], codebook: Codebook
                         ) -> tuple[str | None, Problem | None]:
    """(attribute name, None) for a key that is neither a known key nor a typo
    of one, and that the codebook declares (when it declares any); else
    (None, the problem as message and hint in a located-later Problem)."""
    name = attribute_name(raw)
    if name in RESERVED_NAMES:
        return None, Problem(Location(""), f"'{raw}' cannot be an attribute name: it is "
                             "already a tally dimension", "rename it (for the respondent "
                             "type use respondent_type)")
    typo = near_key(name, known)
    if typo is not None:
        return None, Problem(Location(""), f"unknown key '{raw}'", f"did you mean '{typo}'?")
    declared = codebook.attribute_for(name)
    if declared is not None:
        return declared, None
    if codebook.attributes:
        return None, Problem(Location(""), f"attribute '{raw}' is not declared in the codebook",
                             did_you_mean(name, [*codebook.attributes, *known]) or
                             "declare it under the codebook's attributes: (or fix the name); "
                             f"declared: {', '.join(codebook.attributes)}")
    return name, None


@dataclass
class Header:
    """What a transcript's metadata says, ready for the turn parser."""

    id: str
    language: str | None
    mode: str
    metadata: dict
    respondents: list[Respondent]
    speakers: dict[str, Speaker]
    problems: list[Problem] = field(default_factory=list)


def resolve_header(given: dict, locate: Locate, roster_rows: list[RosterRow],
                   codebook: Codebook, fallback_id: str) -> Header:
    """Merge metadata sources and validate them; problems are collected, not raised."""
    problems: list[Problem] = []

    def problem(key: str, message: str, hint: str = "") -> None:
        problems.append(Problem(locate(key), message, hint))

    def attributes_given(mapping: dict, known: set[str], where: str) -> dict[str, str]:
        """The keys of `mapping` that are respondent attributes, checked."""
        found: dict[str, str] = {}
        extra = mapping.get("attributes") or {}
        if not isinstance(extra, dict):
            problem(where or "attributes", "'attributes' must be a mapping",
                    "write attributes: {sex: female}")
            extra = {}
        for key, value in [*((k, v) for k, v in mapping.items() if k not in known),
                           *extra.items()]:
            if isinstance(value, (dict, list)):
                problem(where or str(key), f"attribute '{key}' must be a single value",
                        "write key: value")
                continue
            name, trouble = check_attribute_name(str(key), known, codebook)
            if trouble is not None:
                problem(where or str(key), trouble.message, trouble.hint)
            elif value is not None and str(value).strip():
                found[name] = str(value).strip()
        return found

    def attributes_merged(front: dict[str, str], rows: list[RosterRow], key: str
                          ) -> dict[str, str]:
        """Front-matter attributes and the roster rows', each value checked
        against the codebook's allowed values; a disagreement is a problem."""
        found = dict(front)
        for row in rows:
            for name, value in row.attributes(ROSTER_KNOWN).items():
                name = codebook.attribute_for(name) or attribute_name(name)
                if name in found and _fold(found[name]) != _fold(value):
                    problem(key, f"roster says {name} '{value}' ({row.location}) but the "
                                 f"transcript says '{found[name]}'", "make the two agree")
                found.setdefault(name, value)
        checked = {}
        for name, value in sorted(found.items()):
            declared = codebook.attributes.get(name)
            allowed = declared.value_for(value) if declared is not None else value
            if allowed is None:
                problem(key if key == "participants" or name not in front else name,
                        f"{name} '{value}' is not an allowed value",
                        did_you_mean(value, declared.value_names()) or
                        f"use one of: {', '.join(declared.values)}")
                allowed = value
            checked[name] = allowed
        return checked

    shared_rows = roster_rows

    def merged(key: str, row_value: Callable[[RosterRow], str], front: object,
               rows: list[RosterRow]) -> str:
        """The front-matter value, or the roster's; a disagreement is a problem."""
        front_text = "" if front is None else str(front).strip()
        for row in rows:
            value = row_value(row)
            if value and front_text and value != front_text:
                problem(key, f"roster says {key} '{value}' ({row.location}) but the transcript "
                             f"says '{front_text}'", "make the two agree")
            front_text = front_text or value
        return front_text

    transcript_id = merged("id", lambda r: r.get("transcript_id"), given.get("id"), [])
    transcript_id = transcript_id or fallback_id
    if not _ID.match(transcript_id):
        problem("id", f"transcript id '{transcript_id}' has characters other than letters, "
                      "digits, '-', '_' and '.'", "rename the id")
    values = {key: merged(key, lambda r, k=key: r.get(k), given.get(key), shared_rows)
              for key in TRANSCRIPT_FIELDS if key != "id"}
    mode = (values["mode"] or "individual").lower()
    if mode not in MODES:
        problem("mode", f"mode '{mode}' is not individual or group",
                did_you_mean(mode, MODES) or "use individual or group")
        mode = "individual"
    language = values["language"].lower() or None
    if language and language not in codebook.languages:
        problem("language", f"language '{language}' is not declared in the codebook "
                            f"({', '.join(codebook.languages)})",
                "fix the language or add it to the codebook's project.languages")

    def respondent_type(raw: str, key: str, front: object = None,
                        rows: list[RosterRow] = ()) -> str:
        if not raw:
            problem(key, "missing respondent_type",
                    f"add one of: {', '.join(codebook.respondent_types)}")
            return ""
        found = codebook.respondent_type_for(raw)
        if found is None:
            # Said where the value was written: the roster row when only the roster gives it.
            from_roster = [r.location for r in rows if r.get("respondent_type")]
            where = from_roster[0] if from_roster and not str(front or "").strip() \
                else locate(key)
            problems.append(Problem(where, f"unknown respondent type '{raw}'",
                                    did_you_mean(raw, codebook.respondent_type_names()) or
                                    f"use one of: {', '.join(codebook.respondent_types)}"))
            return raw
        return found

    shared_attributes = attributes_given(given, FRONT_MATTER_KEYS, "")
    speakers: dict[str, Speaker] = {label: Speaker(INTERVIEWER, None)
                                    for label in INTERVIEWER_LABELS}
    respondents: list[Respondent] = []
    participants = given.get("participants") or []
    if mode == "group":
        rows_by_label = {row.get("label"): row for row in roster_rows if row.get("label")}
        if not participants and rows_by_label:
            participants = [{"label": label} for label in rows_by_label]
        if not isinstance(participants, list) or not participants:
            problem("participants", "a group KII needs a participants list",
                    "add participants: [{label: P1, respondent_type: ..., institution: ...}]")
            participants = []
        for index, item in enumerate(participants):
            if not isinstance(item, dict) or not item.get("label"):
                problem("participants", f"participant {index + 1} has no label",
                        "write {label: P1, respondent_type: ...}")
                continue
            attributes = {**shared_attributes,
                          **attributes_given(item, PARTICIPANT_KEYS, "participants")}
            label = str(item["label"]).strip()
            row = [rows_by_label[label]] if label in rows_by_label else []
            rid = merged("participants", lambda r: r.get("respondent_id"), item.get("id"), row)
            rid = rid or f"{transcript_id}-{label}"
            fields = {key: merged("participants", lambda r, k=key: r.get(k),
                                  item.get(key, given.get(key) if key == "region" else None), row)
                      for key in RESPONDENT_FIELDS}
            respondents.append(Respondent(
                id=rid, transcript_id=transcript_id,
                type=respondent_type(fields["respondent_type"], "participants",
                                     item.get("respondent_type"), row),
                institution=fields["institution"], region=fields["region"], label=label,
                attributes=attributes_merged(attributes, row, "participants")))
            speakers[label.lower()] = Speaker(RESPONDENT, rid)
        group = Respondent(id=f"{transcript_id}-GROUP", transcript_id=transcript_id,
                           type=_group_type(respondents), region=values_region(respondents),
                           label="GROUP", is_group=True)
        respondents.append(group)
        for label in RESPONDENT_LABELS:
            speakers[label] = Speaker(RESPONDENT, group.id)
    else:
        rows = [row for row in roster_rows if not row.get("label")]
        rid = merged("respondent_id", lambda r: r.get("respondent_id"),
                     given.get("respondent_id"), rows) or transcript_id
        fields = {key: merged(key, lambda r, k=key: r.get(k), given.get(key), rows)
                  for key in RESPONDENT_FIELDS}
        respondents.append(Respondent(
            id=rid, transcript_id=transcript_id,
            type=respondent_type(fields["respondent_type"], "respondent_type",
                                 given.get("respondent_type"), rows),
            institution=fields["institution"], region=fields["region"],
            attributes=attributes_merged(shared_attributes, rows, "attributes")))
        for label in RESPONDENT_LABELS:
            speakers[label] = Speaker(RESPONDENT, rid)

    speaker_names = dict(_parse_speaker_map(given.get("speakers"), problem))
    for row in roster_rows:
        speaker_names.update(_parse_speaker_map(row.get("speakers"), problem))
    for name, target in speaker_names.items():
        target_key = target.lower()
        if target_key == INTERVIEWER or target_key in INTERVIEWER_LABELS:
            speakers[name.lower()] = Speaker(INTERVIEWER, None)
        elif target_key in speakers:
            speakers[name.lower()] = speakers[target_key]
        else:
            problem("speakers", f"speaker '{name}' is mapped to unknown label '{target}'",
                    "map names to interviewer, R or a participant label")
    metadata = {key: value for key, value in given.items()
                if key in FRONT_MATTER_KEYS and key not in ("participants", "attributes")}
    metadata.update({k: v for k, v in values.items() if v})
    metadata["id"] = transcript_id
    return Header(transcript_id, language, mode, metadata, respondents, speakers, problems)


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().split())


def values_region(respondents: list[Respondent]) -> str:
    regions = sorted({r.region for r in respondents if r.region})
    return regions[0] if len(regions) == 1 else ""


def _group_type(respondents: list[Respondent]) -> str:
    """An unattributed group answer has its participants' type when they share one."""
    types = {r.type for r in respondents}
    return types.pop() if len(types) == 1 else "group"


def _parse_speaker_map(raw: object, problem: Callable[[str, str, str], None]) -> list[tuple]:
    """`{Name: label}` from front matter, or `Name=label; Name2=label` from a roster cell."""
    if not raw:
        return []
    if isinstance(raw, dict):
        return [(str(k).strip(), str(v).strip()) for k, v in raw.items()]
    pairs = []
    for part in str(raw).split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            problem("speakers", f"speaker map entry '{part.strip()}' has no '='",
                    "write Name=label; Other=label")
            continue
        name, target = part.split("=", 1)
        pairs.append((name.strip(), target.strip()))
    return pairs
