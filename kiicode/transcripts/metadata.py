"""Transcript metadata: front matter (or a docx header) merged with roster
rows, checked against the codebook, turned into respondents and a speaker map."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..codebook import Codebook, did_you_mean
from ..errors import Location, Problem
from .models import INTERVIEWER, RESPONDENT, Respondent
from .turns import INTERVIEWER_LABELS, RESPONDENT_LABELS, Speaker

TRANSCRIPT_FIELDS = ("id", "language", "date", "mode", "interviewer")
RESPONDENT_FIELDS = ("respondent_type", "institution", "region")
FRONT_MATTER_KEYS = {*TRANSCRIPT_FIELDS, *RESPONDENT_FIELDS, "respondent_id", "participants",
                     "speakers", "title", "notes", "duration", "sex"}
PARTICIPANT_KEYS = {"label", "id", "respondent_type", "institution", "region", "sex"}
MODES = ("individual", "group")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

Locate = Callable[[str], Location]


@dataclass(frozen=True)
class RosterRow:
    """One roster row, with where it came from."""

    values: dict[str, str]
    location: Location

    def get(self, key: str) -> str:
        return (self.values.get(key) or "").strip()


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

    for key in given:
        if key not in FRONT_MATTER_KEYS:
            problem(key, f"unknown metadata key '{key}'",
                    did_you_mean(str(key), sorted(FRONT_MATTER_KEYS)) or "remove it")

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

    def respondent_type(raw: str, key: str) -> str:
        if not raw:
            problem(key, "missing respondent_type",
                    f"add one of: {', '.join(codebook.respondent_types)}")
            return ""
        found = codebook.respondent_type_for(raw)
        if found is None:
            problem(key, f"unknown respondent type '{raw}'",
                    did_you_mean(raw, codebook.respondent_type_names()) or
                    f"use one of: {', '.join(codebook.respondent_types)}")
            return raw
        return found

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
            for key in item:
                if key not in PARTICIPANT_KEYS:
                    problem("participants", f"unknown participant key '{key}'",
                            did_you_mean(str(key), sorted(PARTICIPANT_KEYS)))
            label = str(item["label"]).strip()
            row = [rows_by_label[label]] if label in rows_by_label else []
            rid = merged("participants", lambda r: r.get("respondent_id"), item.get("id"), row)
            rid = rid or f"{transcript_id}-{label}"
            fields = {key: merged("participants", lambda r, k=key: r.get(k),
                                  item.get(key, given.get(key) if key == "region" else None), row)
                      for key in RESPONDENT_FIELDS}
            respondents.append(Respondent(
                id=rid, transcript_id=transcript_id,
                type=respondent_type(fields["respondent_type"], "participants"),
                institution=fields["institution"], region=fields["region"], label=label))
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
            type=respondent_type(fields["respondent_type"], "respondent_type"),
            institution=fields["institution"], region=fields["region"]))
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
    metadata = {key: value for key, value in given.items() if key not in ("participants",)}
    metadata.update({k: v for k, v in values.items() if v})
    metadata["id"] = transcript_id
    return Header(transcript_id, language, mode, metadata, respondents, speakers, problems)


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
