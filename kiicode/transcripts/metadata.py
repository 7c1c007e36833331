"""Transcript metadata: front matter (or a .docx block or table) merged with
roster rows, in English or Spanish, checked against the codebook, turned
into respondents and what the speaker step needs to know.

Keys and values are compared after resolving what they mean: `idioma:
Español` is `language: es`, `Fecha: 14/03/2024` is `date: 2024-03-14`, a
respondent type's alias is its id, so only real disagreements are
conflicts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz, process

from ..codebook import Codebook, attribute_name, did_you_mean
from ..errors import Location, Problem
from .models import INTERVIEWER_WORDS, RESPONDENT_WORDS, Respondent

TRANSCRIPT_FIELDS = ("id", "language", "date", "mode", "interviewer")
RESPONDENT_FIELDS = ("respondent_type", "institution", "region")
# Keys that are about the transcript, not the respondent; any other key is a
# respondent attribute (sex, age_group, district, ...).
FRONT_MATTER_KEYS = {*TRANSCRIPT_FIELDS, *RESPONDENT_FIELDS, "respondent_id", "participants",
                     "speakers", "title", "notes", "duration", "attributes", "delivery"}
PARTICIPANT_KEYS = {"label", "id", "respondent_type", "institution", "region", "attributes"}
ROSTER_COLUMNS = ("transcript_id", "file", "label", "respondent_id", "respondent_type",
                  "institution", "region", "language", "date", "mode", "interviewer",
                  "speakers", "participants")
ROSTER_KNOWN = set(ROSTER_COLUMNS)
# Names `tally --by` already uses for something else.
RESERVED_NAMES = ("type", "institution", "region", "language", "code")
# A key this close to a known one is a typo, not a new attribute.
TYPO_SIMILARITY = 85
MODES = ("individual", "group")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

# Other names of the keys, Spanish and English, as attribute_name() folds
# them (lower case, no accents, '_' between words).
KEY_ALIASES = {
    **dict.fromkeys(("codigo_de_entrevista", "codigo", "id_de_entrevista", "codigo_de_kii",
                     "codigo_de_la_entrevista", "interview_id", "interview_code", "kii_id",
                     "transcript_id", "transcript"), "id"),
    **dict.fromkeys(("tipo_de_informante", "tipo_de_entrevistado", "tipo_de_entrevistada",
                     "tipo_de_respondente", "tipo_de_actor", "informant_type", "type_of_respondent",
                     "respondent_type", "tipo_de_informante_clave"), "respondent_type"),
    **dict.fromkeys(("institucion", "organizacion", "entidad", "organisation", "organization"),
                    "institution"),
    **dict.fromkeys(("region", "departamento"), "region"),
    **dict.fromkeys(("idioma", "lengua", "language"), "language"),
    **dict.fromkeys(("fecha", "fecha_de_entrevista", "fecha_de_la_entrevista", "interview_date",
                     "date_of_interview"), "date"),
    **dict.fromkeys(("modalidad", "modo", "tipo_de_entrevista", "interview_mode"), "mode"),
    **dict.fromkeys(("entrevistador", "entrevistadora", "entrevistador_a", "entrevistadores",
                     "evaluador", "evaluadora", "evaluador_a", "interviewers", "moderador",
                     "moderadora", "facilitador", "facilitadora"), "interviewer"),
    **dict.fromkeys(("participantes", "participants"), "participants"),
    **dict.fromkeys(("hablantes", "speakers"), "speakers"),
    **dict.fromkeys(("titulo", "title"), "title"),
    **dict.fromkeys(("notas", "observaciones", "nota", "notes"), "notes"),
    **dict.fromkeys(("duracion", "duration"), "duration"),
    **dict.fromkeys(("id_de_respondente", "codigo_de_respondente", "codigo_de_informante",
                     "id_del_informante", "respondent_id"), "respondent_id"),
    **dict.fromkeys(("archivo", "fichero", "file_name", "filename", "file"), "file"),
    **dict.fromkeys(("etiqueta", "label"), "label"),
}
LANGUAGE_NAMES = {
    **dict.fromkeys(("es", "spa", "esp", "espanol", "castellano", "spanish"), "es"),
    **dict.fromkeys(("en", "eng", "ing", "ingles", "english"), "en"),
    **dict.fromkeys(("qu", "que", "quechua", "quichua", "runasimi"), "qu"),
    **dict.fromkeys(("ay", "aym", "aymara"), "ay"),
    **dict.fromkeys(("pt", "por", "portugues", "portuguese"), "pt"),
    **dict.fromkeys(("fr", "fra", "frances", "french"), "fr"),
}
MODE_NAMES = {
    **dict.fromkeys(("individual", "individual_kii", "entrevista_individual", "kii",
                     "one_to_one", "personal"), "individual"),
    **dict.fromkeys(("group", "grupal", "grupo", "group_kii", "focus_group", "grupo_focal",
                     "entrevista_grupal", "colectiva", "entrevista_colectiva"), "group"),
}
# `modalidad` in a Spanish template often says how, not with how many:
# those values are kept as `delivery`, and the mode stays individual.
DELIVERY_NAMES = ("presencial", "virtual", "remota", "remoto", "telefonica", "telefonico",
                  "telefono", "zoom", "teams", "meet", "google_meet", "in_person", "online",
                  "remote", "phone", "telephone", "video", "videollamada")
MONTHS = {
    **{m: i for i, m in enumerate(("enero", "febrero", "marzo", "abril", "mayo", "junio",
                                   "julio", "agosto", "septiembre", "octubre", "noviembre",
                                   "diciembre"), 1)},
    "setiembre": 9,
    **{m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june",
                                   "july", "august", "september", "october", "november",
                                   "december"), 1)},
}

Locate = Callable[[str], Location]


def canonical_key(raw: object) -> str:
    """A metadata key or roster column as kiicode names it: 'Tipo de
    informante' is 'respondent_type', 'Age group' is 'age_group'."""
    name = attribute_name(str(raw))
    return KEY_ALIASES.get(name, name)


def fold(text: object) -> str:
    """Lower case, no accents, single spaces: for comparing values."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def language_code(raw: str) -> str:
    """'Español', 'castellano', 'es-PE' -> 'es'; unknown names as written."""
    name = attribute_name(raw)
    name = re.sub(r"^([a-z]{2})_[a-z]{2}$", r"\1", name)   # es-PE, en_GB
    return LANGUAGE_NAMES.get(name, str(raw).strip().lower())


def iso_date(raw: object) -> str | None:
    """A date as YYYY-MM-DD, from a date, an Excel datetime or serial number,
    ISO text, DD/MM/YYYY (MM/DD/YYYY only when the day cannot be a month),
    or '14 de marzo de 2024' / 'March 14, 2024'; None when it is not one."""
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw).strip()
    try:
        if re.fullmatch(r"\d{5}(?:\.0+)?", text):   # an Excel serial day number
            serial = int(float(text))
            if 20000 < serial < 80000:
                return (date(1899, 12, 30) + timedelta(days=serial)).isoformat()
        found = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?"
                             r"(?:\.\d+)?)?", text)
        if found:
            year, month, day = (int(g) for g in found.groups())
            return date(year, month, day).isoformat()
        found = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
        if found:
            first, second, year = (int(g) for g in found.groups())
            day, month = (second, first) if second > 12 >= first else (first, second)
            return date(year, month, day).isoformat()
        words = fold(text).replace(",", " ").replace(" de ", " ").replace(" del ", " ").split()
        if len(words) == 3:
            if words[0].isdigit() and words[1] in MONTHS and words[2].isdigit():
                return date(int(words[2]), MONTHS[words[1]], int(words[0])).isoformat()
            if words[0] in MONTHS and words[1].isdigit() and words[2].isdigit():
                return date(int(words[2]), MONTHS[words[0]], int(words[1])).isoformat()
    except ValueError:   # 31/02/2024: looks like a date, is none
        return None
    return None


def mode_of(raw: str) -> tuple[str | None, str | None]:
    """(mode, delivery) a `mode`/`modalidad` value says: 'grupal' -> group;
    'virtual (Zoom)' -> no mode, delivery 'virtual (Zoom)'."""
    name = attribute_name(raw)
    if name in MODE_NAMES:
        return MODE_NAMES[name], None
    words = set(name.split("_"))
    if words & {"grupal", "grupo", "group", "focal", "colectiva"}:
        return "group", None
    if "individual" in words:
        return "individual", None
    if name in DELIVERY_NAMES or words & set(DELIVERY_NAMES):
        return None, str(raw).strip()
    return name, None


def looks_generated(file_stem: str) -> bool:
    """A name a meeting tool gave the file (Zoom 'GMT20240314-150212_Recording',
    'audio1234567890', Teams '... Meeting Transcript'), never a transcript id."""
    return bool(re.match(r"(?i)^(gmt\d{8}-\d{6}|audio\d{6,}|video\d{6,})", file_stem) or
                re.search(r"(?i)(meeting transcript|_recording|\.transcript$|"
                          r"grabaci[oó]n de la reuni[oó]n)", file_stem))


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
    (None, the problem: message and hint, located by the caller)."""
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


def canonical_metadata(given: dict, lines: dict, locate: Callable[[object], Location]
                       ) -> tuple[dict, dict[str, int], list[Problem]]:
    """Keys renamed to kiicode's (`Idioma` -> `language`); two keys that mean
    the same thing are a problem, not a silent overwrite."""
    renamed: dict = {}
    where: dict[str, int] = {}
    first: dict[str, object] = {}
    problems: list[Problem] = []
    for key, value in given.items():
        name = canonical_key(key)
        if name in renamed:
            problems.append(Problem(locate(key), f"'{key}' and '{first[name]}' both give "
                                    f"{name}", "keep one of them"))
            continue
        renamed[name], first[name] = value, key
        if key in lines:
            where[name] = lines[key]
    return renamed, where, problems


@dataclass
class Header:
    """What a transcript's metadata says, ready for the speaker step."""

    id: str
    language: str | None
    mode: str
    metadata: dict
    respondents: list[Respondent]
    # folded speaker label -> respondent id: the participants of a group KII
    participant_labels: dict[str, str]
    # who answers under a generic label (R, Entrevistada, Respondent): the
    # individual respondent, or a group's unattributed answers
    default_respondent: str
    # folded name -> 'interviewer' or a respondent id, from a `speakers` map
    speaker_map: dict[str, str]
    # how the metadata names the interviewer(s), as written
    interviewer_names: tuple[str, ...]
    # the names a `speakers` map gives, as written
    speaker_names: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)


def resolve_header(given: dict, locate: Locate, roster_rows: list[RosterRow],
                   codebook: Codebook, transcript_id: str) -> Header:
    """Merge metadata sources and validate them; problems are collected, not
    raised. `given` has canonical keys (canonical_metadata); `transcript_id`
    is the id the caller chose (from the metadata, the roster or the file)."""
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
        for key, value in [*((k, v) for k, v in mapping.items()
                             if canonical_key(k) not in known), *extra.items()]:
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
                if name in found and fold(found[name]) != fold(value):
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

    def meaning(key: str, value: str) -> str:
        """What a value means, for comparing the roster's with the file's."""
        if key == "language":
            return language_code(value)
        if key == "date":
            return iso_date(value) or value
        if key == "mode":
            return str(mode_of(value))
        if key == "respondent_type":
            return codebook.respondent_type_for(value) or fold(value)
        return fold(value)

    def merged(key: str, row_value: Callable[[RosterRow], str], front: object,
               rows: list[RosterRow]) -> str:
        """The front-matter value, or the roster's; a disagreement (in
        meaning, not spelling) is a problem."""
        front_text = "" if front is None else str(front).strip()
        if isinstance(front, (date, datetime)):
            front_text = iso_date(front) or front_text
        for row in rows:
            value = row_value(row)
            if value and front_text and meaning(key, value) != meaning(key, front_text):
                problem(key, f"roster says {key} '{value}' ({row.location}) but the transcript "
                             f"says '{front_text}'", "make the two agree")
            front_text = front_text or value
        return front_text

    if not _ID.match(transcript_id):
        problem("id", f"transcript id '{transcript_id}' has characters other than letters, "
                      "digits, '-', '_' and '.'",
                "give the id in the metadata (id: KII-ES-01), or in a roster row with "
                "file=<this file's name> and transcript_id=KII-ES-01")
    individual_rows = [row for row in roster_rows if not row.get("label")]
    values = {key: merged(key, lambda r, k=key: r.get(k), given.get(key), roster_rows)
              for key in TRANSCRIPT_FIELDS if key != "id"}

    # group participants: the file's list, the roster's `participants`
    # column, or the roster's labelled rows
    participants = given.get("participants") or []
    rows_by_label = {row.get("label"): row for row in roster_rows if row.get("label")}
    if not participants:
        for row in individual_rows:
            if row.get("participants"):
                participants = _parse_participants(row.get("participants"), problem)
                break
    if not participants and rows_by_label:
        participants = [{"label": label} for label in rows_by_label]

    metadata: dict = {}
    mode, delivery = mode_of(values["mode"]) if values["mode"] else (None, None)
    if delivery:
        metadata["delivery"] = delivery
    mode = mode or ("group" if participants else "individual")
    if mode not in MODES:
        problem("mode", f"mode '{values['mode']}' is not individual or group",
                did_you_mean(mode, MODES) or "use individual or group (grupal)")
        mode = "individual"
    language = language_code(values["language"]) if values["language"] else None
    if language and language not in codebook.languages:
        problem("language", f"language '{values['language']}' is not declared in the codebook "
                            f"({', '.join(codebook.languages)})",
                "fix the language or add it to the codebook's project.languages")
    if values["date"]:
        parsed = iso_date(values["date"])
        if parsed is None:
            problem("date", f"date '{values['date']}' is not a date",
                    "write it as 2024-03-14 (or 14/03/2024)")
        else:
            values["date"] = parsed

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
    respondents: list[Respondent] = []
    participant_labels: dict[str, str] = {}
    if mode == "group":
        if not isinstance(participants, list) or not participants:
            problem("participants", "a group KII needs a participants list",
                    "add participants: [{label: P1, respondent_type: ...}] to the front matter, "
                    "or a roster column participants with P1=government_official; "
                    "P2=ngo_staff")
            participants = []
        shared = {key: merged(key, lambda r, k=key: r.get(k), given.get(key), individual_rows)
                  for key in ("institution", "region")}
        for index, item in enumerate(participants):
            if not isinstance(item, dict) or not item.get("label"):
                problem("participants", f"participant {index + 1} has no label",
                        "write {label: P1, respondent_type: ...}")
                continue
            item = {canonical_key(k): v for k, v in item.items()}
            attributes = {**shared_attributes,
                          **attributes_given(item, PARTICIPANT_KEYS, "participants")}
            label = str(item["label"]).strip()
            row = [rows_by_label[label]] if label in rows_by_label else []
            rid = merged("participants", lambda r: r.get("respondent_id"), item.get("id"), row)
            rid = rid or f"{transcript_id}-{attribute_name(label).upper().replace('_', '-')}"
            fields = {key: merged("participants", lambda r, k=key: r.get(k),
                                  item.get(key) or shared.get(key), row)
                      for key in RESPONDENT_FIELDS}
            respondents.append(Respondent(
                id=rid, transcript_id=transcript_id,
                type=respondent_type(fields["respondent_type"], "participants",
                                     item.get("respondent_type"), row),
                institution=fields["institution"], region=fields["region"], label=label,
                attributes=attributes_merged(attributes, row, "participants")))
            participant_labels[fold(label)] = rid
        group = Respondent(id=f"{transcript_id}-GROUP", transcript_id=transcript_id,
                           type=_group_type(respondents), region=values_region(respondents),
                           label="GROUP", is_group=True)
        respondents.append(group)
        default_respondent = group.id
    else:
        rid = merged("respondent_id", lambda r: r.get("respondent_id"),
                     given.get("respondent_id"), individual_rows) or transcript_id
        fields = {key: merged(key, lambda r, k=key: r.get(k), given.get(key), individual_rows)
                  for key in RESPONDENT_FIELDS}
        respondents.append(Respondent(
            id=rid, transcript_id=transcript_id,
            type=respondent_type(fields["respondent_type"], "respondent_type",
                                 given.get("respondent_type"), individual_rows),
            institution=fields["institution"], region=fields["region"],
            attributes=attributes_merged(shared_attributes, individual_rows, "attributes")))
        default_respondent = rid

    speaker_map: dict[str, str] = {}
    pairs = _parse_speaker_map(given.get("speakers"), problem)
    for row in roster_rows:
        pairs += _parse_speaker_map(row.get("speakers"), problem)
    for name, target in pairs:
        key = fold(target)
        if key == "interviewer" or key in INTERVIEWER_WORDS:
            speaker_map[fold(name)] = "interviewer"
        elif key in participant_labels:
            speaker_map[fold(name)] = participant_labels[key]
        elif key in RESPONDENT_WORDS:
            speaker_map[fold(name)] = default_respondent
        else:
            problem("speakers", f"speaker '{name}' is mapped to unknown label '{target}'",
                    "map names to interviewer, R or a participant label")
    interviewer_names = tuple(n.strip() for n in values["interviewer"].split(";") if n.strip())

    metadata.update({key: value for key, value in given.items()
                     if key in FRONT_MATTER_KEYS and key not in ("participants", "attributes")})
    metadata.update({k: v for k, v in values.items() if v})
    if language:
        metadata["language"] = language
    metadata["id"] = transcript_id
    return Header(transcript_id, language, mode, metadata, respondents, participant_labels,
                  default_respondent, speaker_map, interviewer_names,
                  tuple(name for name, _ in pairs), problems)


def values_region(respondents: list[Respondent]) -> str:
    regions = sorted({r.region for r in respondents if r.region})
    return regions[0] if len(regions) == 1 else ""


def _group_type(respondents: list[Respondent]) -> str:
    """An unattributed group answer has its participants' type when they share one."""
    types = {r.type for r in respondents}
    return types.pop() if len(types) == 1 else "group"


def _pairs(raw: str, key: str, problem: Callable[[str, str, str], None],
           example: str) -> list[tuple[str, str]]:
    """`A=b; C=d` from a roster cell."""
    pairs = []
    for part in str(raw).split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            problem(key, f"{key} entry '{part.strip()}' has no '='", f"write {example}")
            continue
        name, target = part.split("=", 1)
        pairs.append((name.strip(), target.strip()))
    return pairs


def _parse_speaker_map(raw: object, problem: Callable[[str, str, str], None]) -> list[tuple]:
    """`{Name: label}` from front matter, or `Name=label; Name2=label` from a roster cell."""
    if not raw:
        return []
    if isinstance(raw, dict):
        return [(str(k).strip(), str(v).strip()) for k, v in raw.items()]
    return _pairs(str(raw), "speakers", problem, "Name=label; Other=label")


def _parse_participants(raw: str, problem: Callable[[str, str, str], None]) -> list[dict]:
    """A roster `participants` cell: `P1=government_official; P2=ngo_staff`
    (label = respondent type, the label as the transcript writes it)."""
    return [{"label": label, "respondent_type": rtype}
            for label, rtype in _pairs(raw, "participants", problem,
                                       "P1=government_official; P2=ngo_staff")]
