"""What the REFI-QDA project (.qdpx) and codebook (.qdc) writers and readers
share: namespaces, stable GUIDs, colours, how each tool counts characters,
and the codebook as QDA-XML codes and sets. See docs/export.md."""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from bisect import bisect_left
from dataclasses import dataclass

from ..codebook import LIST_PROSE_FIELDS, Codebook

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

# GUIDs are derived from kiicode ids (uuid5), so exporting the same project
# twice gives the same GUIDs and an import can recognise kiicode's own codes.
_GUID_SPACE = uuid.UUID("6f1d3c2e-2b7a-5e0c-9a51-6b6b1c0d4e15")


def guid(kind: str, key: str) -> str:
    """A stable, lower-case GUID for a kiicode object (`kind` keeps a code
    and a finding of the same id apart)."""
    return str(uuid.uuid5(_GUID_SPACE, f"{kind}:{key}"))


# One colour per line of inquiry (else per first theme), from a palette that
# stays readable on white; QDA-XML wants #RRGGBB.
PALETTE = ("#1F77B4", "#D62728", "#2CA02C", "#FF7F0E", "#9467BD", "#8C564B", "#E377C2",
           "#17BECF", "#BCBD22", "#7F7F7F", "#393B79", "#637939", "#8C6D31", "#843C39")
FINDING_COLOUR = "#444444"
NO_GROUP_COLOUR = "#999999"


def code_colours(codebook: Codebook) -> dict[str, str]:
    """code id -> #RRGGBB: its line of inquiry's colour, else its first theme's."""
    groups = [*codebook.lines_of_inquiry, *(f"theme:{t}" for t in codebook.themes)]
    colour_of = {group: PALETTE[n % len(PALETTE)] for n, group in enumerate(groups)}
    return {code.id: colour_of.get(code.loi) or
            (colour_of.get(f"theme:{code.themes[0]}") if code.themes else None) or
            NO_GROUP_COLOUR for code in codebook.codes.values()}


# --- how tools count characters ------------------------------------------------

@dataclass(frozen=True)
class Profile:
    """How a tool reads a text source's offsets. kiicode's own text has LF
    line ends and offsets in code points; a profile says what to change."""

    name: str
    crlf: bool = False          # write sources with CRLF line ends (MAXQDA)
    crlf_as_one: bool = False   # a CRLF counts as one character (ATLAS.ti)
    utf16: bool = False         # a character beyond U+FFFF counts as two (NVivo)

    def describe(self) -> str:
        """How offsets are counted, for messages."""
        return ("a CRLF counts as one character" if self.crlf_as_one else
                "a CRLF counts as two characters") + (
            ", offsets in UTF-16 code units" if self.utf16 else ", offsets in code points")


STANDARD = Profile("standard")
PROFILES = {
    "standard": STANDARD,
    "qualcoder": Profile("qualcoder"),
    "atlasti": Profile("atlasti", crlf_as_one=True),
    "maxqda": Profile("maxqda", crlf=True),
    "nvivo": Profile("nvivo", utf16=True),
}
# Export changes the written file only for these (LF sources read the same in
# ATLAS.ti and QualCoder as in the standard).
EXPORT_PROFILES = ("standard", "maxqda", "nvivo")


def profile_for_origin(origin: str) -> Profile:
    """The counting a project's `origin` attribute implies (for an import
    without --profile)."""
    text = (origin or "").lower().replace(".", "").replace(" ", "")
    for name in ("atlasti", "nvivo", "maxqda", "qualcoder"):
        if name in text:
            return PROFILES[name]
    return STANDARD


class Positions:
    """Offsets between kiicode's text (LF line ends, code points) and a
    tool's raw text counted the tool's way. Built once per source."""

    def __init__(self, raw: str, profile: Profile):
        self.raw = raw
        self.text = raw.replace("\r\n", "\n").replace("\r", "\n")
        # external[i] = the tool's position of kiicode character i (and of the end)
        external = []
        position = index = 0
        while index < len(raw):
            char = raw[index]
            external.append(position)
            if char == "\r" and raw.startswith("\r\n", index):
                position += 1 if profile.crlf_as_one else 2
                index += 2
                continue
            position += 2 if profile.utf16 and ord(char) > 0xFFFF else 1
            index += 1
        external.append(position)
        self.external = external

    def to_external(self, index: int) -> int:
        return self.external[index]

    def to_text(self, position: int) -> int | None:
        """kiicode's index of the tool's `position`, or None when it falls
        inside a CRLF pair or a surrogate pair (or beyond the text)."""
        found = bisect_left(self.external, position)
        if found < len(self.external) and self.external[found] == position:
            return found
        return None


def for_export(text: str, profile: Profile) -> Positions:
    """Positions of kiicode text written for `profile`."""
    return Positions(text.replace("\n", "\r\n") if profile.crlf else text, profile)


# --- the codebook as QDA-XML ----------------------------------------------------
# Code descriptions carry the definition, then labelled paragraphs for the
# rest of kiicode's guidance and a last line with the kiicode id, so a .qdc
# round trip keeps them while other tools show readable text.

LABELS = (("definition", "Definition"), ("use_when", "Use when"),
          ("do_not_use_when", "Do not use when"), ("examples", "Example"),
          ("talk", "How respondents say it"))
_LABELLED = re.compile(r"^(Definition|Use when|Do not use when|Example|How respondents say it)"
                       r"(?: \(([A-Za-z_-]+)\))?: ")
_KEY_OF = {label: key for key, label in LABELS}
ID_LINE = "kiicode id: "
SET_MARK = "kiicode {kind}: "


def describe_code(code) -> str:
    """The definition, then `Use when: ...`, `Do not use when: ...` and
    `Example: ...` paragraphs; guidance that differs by language is written
    once per language (`Definition (es): ...`), the default's language first."""
    parts: list[str] = []
    for key, label in LABELS:
        many = key in LIST_PROSE_FIELDS
        default = getattr(code, key)
        per_language = {lang: getattr(prose, key) for lang, prose in code.prose.items()}
        if any(value != default for value in per_language.values()):
            for lang in sorted(per_language, key=lambda lang: per_language[lang] != default):
                values = per_language[lang] if many else (per_language[lang],)
                parts += [f"{label} ({lang}): {value}" for value in values if value]
            continue
        values = default if many else (default,)
        parts += [value if key == "definition" else f"{label}: {value}"
                  for value in values if value]
    parts.append(f"{ID_LINE}{code.id}")
    return "\n\n".join(parts)


def parse_description(text: str) -> dict:
    """The fields `describe_code` wrote: definition, use_when,
    do_not_use_when, examples, id, and `per_language` (field -> language ->
    text or list of examples); a paragraph without a label continues the one
    before it, so a description from another tool is all definition."""
    fields: dict = {"definition": "", "use_when": "", "do_not_use_when": "", "examples": [],
                    "talk": [], "id": "", "per_language": {}}
    holder: tuple[dict | list, str | int] = (fields, "definition")   # where text goes on

    for part in re.split(r"\n\s*\n", (text or "").strip()):
        part = part.strip()
        if not part:
            continue
        if part.startswith(ID_LINE):
            fields["id"] = part[len(ID_LINE):].strip()
            continue
        match = _LABELLED.match(part)
        if match is None:
            target, key = holder
            target[key] = f"{target[key]}\n\n{part}" if target[key] else part
            continue
        key, lang, value = _KEY_OF[match.group(1)], match.group(2), part[match.end():]
        target = fields["per_language"].setdefault(key, {}) if lang else fields
        name = lang or key
        if key in LIST_PROSE_FIELDS:
            target.setdefault(name, []).append(value)
            holder = (target[name], len(target[name]) - 1)
        else:
            target[name] = value
            holder = (target, name)
    return fields


def code_elements(parent: ET.Element, codebook: Codebook, ns: str, with_findings: bool = False,
                  notes: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Append the codebook's codes (children inside their parent) under
    `parent`; returns code id -> GUID. `with_findings` adds the findings as
    codes under a non-codable "Findings" code (the .qdpx's finding links);
    `notes` (code or `finding:ID` -> note GUIDs) adds NoteRefs (.qdpx only)."""
    notes = notes or {}

    def note_refs(element: ET.Element, key: str) -> None:
        for note in notes.get(key, ()):
            ET.SubElement(element, f"{{{ns}}}NoteRef", targetGUID=note)

    colours = code_colours(codebook)
    children: dict[str, list] = {}
    for code in codebook.codes.values():
        children.setdefault(code.parent if code.parent in codebook.codes else "", []).append(code)
    guids: dict[str, str] = {}

    def add(under: ET.Element, code, seen: frozenset) -> None:
        guids[code.id] = guid("code", code.id)
        element = ET.SubElement(under, f"{{{ns}}}Code", guid=guids[code.id], name=code.name,
                                isCodable="true", color=colours[code.id])
        ET.SubElement(element, f"{{{ns}}}Description").text = describe_code(code)
        note_refs(element, code.id)
        for child in children.get(code.id, ()):
            if child.id not in seen:   # a parent cycle would recurse forever
                add(element, child, seen | {child.id})

    for code in children.get("", ()):
        add(parent, code, frozenset({code.id}))
    for code in codebook.codes.values():   # codes a cycle hid from the tree
        if code.id not in guids:
            add(parent, code, frozenset({code.id}))
    if with_findings and codebook.findings:
        group = ET.SubElement(parent, f"{{{ns}}}Code", guid=guid("group", "findings"),
                              name="Findings", isCodable="false", color=FINDING_COLOUR)
        ET.SubElement(group, f"{{{ns}}}Description").text = (
            "kiicode findings: a coding here is a coder's manual link of the quote to the "
            "finding.")
        for finding in codebook.findings.values():
            guids[f"finding:{finding.id}"] = guid("finding", finding.id)
            element = ET.SubElement(group, f"{{{ns}}}Code", guid=guid("finding", finding.id),
                                    name=f"{finding.id}: {finding.statement}"[:250],
                                    isCodable="true", color=FINDING_COLOUR)
            ET.SubElement(element, f"{{{ns}}}Description").text = (
                f"{finding.statement}\n\n{SET_MARK.format(kind='finding')}{finding.id}")
            note_refs(element, f"finding:{finding.id}")
    return guids


def set_elements(parent: ET.Element, codebook: Codebook, ns: str, member_attribute: str) -> None:
    """One set per line of inquiry and per theme, holding its codes, so
    another tool can filter by them and a .qdc import restores them. A
    member is `MemberCode guid=` in a .qdc, `MemberCode targetGUID=` in a
    .qdpx (`member_attribute`)."""
    groups = [("loi", item.id, f"Line of inquiry: {item.name}",
               [c.id for c in codebook.codes.values() if c.loi == item.id])
              for item in codebook.lines_of_inquiry.values()]
    groups += [("theme", item.id, f"Theme: {item.name}",
                [c.id for c in codebook.codes.values() if item.id in c.themes])
               for item in codebook.themes.values()]
    sets = None
    for kind, key, name, members in groups:
        if sets is None:
            sets = ET.SubElement(parent, f"{{{ns}}}Sets")
        element = ET.SubElement(sets, f"{{{ns}}}Set", guid=guid(kind, key), name=name)
        ET.SubElement(element, f"{{{ns}}}Description").text = f"{SET_MARK.format(kind=kind)}{key}"
        for code_id in members:
            ET.SubElement(element, f"{{{ns}}}MemberCode", {member_attribute: guid("code", code_id)})


def xml_bytes(root: ET.Element, ns: str) -> bytes:
    """UTF-8 XML with the declaration first and no BOM (NVivo and MAXQDA
    reject a BOM before `<?xml`)."""
    ET.register_namespace("", ns)
    ET.indent(root)   # whitespace between elements only: no text changes
    return (XML_DECLARATION + ET.tostring(root, encoding="unicode")).encode("utf-8")
