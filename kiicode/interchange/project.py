"""Reading a REFI-QDA project (.qdpx) into plain objects, and the checks the
XSD cannot make: every GUID referenced exists, every selection lies inside
its source and on character boundaries."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KiicodeError, Location, Problem
from ..transcripts.source import archive_problem
from .qdc import parse_xml
from .refi import PROJECT_NS, Positions, Profile, profile_for_origin


class ProjectError(KiicodeError):
    """A .qdpx that cannot be read as a REFI-QDA project."""


@dataclass
class QdaCode:
    guid: str
    name: str
    description: str
    parent: str          # parent code GUID, or ""
    codable: bool
    notes: list[str] = field(default_factory=list)


@dataclass
class QdaCoding:
    guid: str
    code: str            # code GUID
    user: str            # user GUID, or ""
    created: str


@dataclass
class QdaSelection:
    guid: str
    name: str
    start: int
    end: int
    codings: list[QdaCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class QdaSource:
    guid: str
    name: str
    raw: str             # the text as the file holds it
    selections: list[QdaSelection] = field(default_factory=list)
    codings: list[QdaCoding] = field(default_factory=list)    # whole-source codings
    notes: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)      # variable name -> value


@dataclass
class QdaCase:
    guid: str
    name: str
    values: dict[str, str]
    sources: list[str]
    selections: list[str]


@dataclass
class QdaProject:
    path: str
    name: str
    origin: str
    users: dict[str, str]              # GUID -> name
    codes: dict[str, QdaCode]
    cases: list[QdaCase]
    sources: list[QdaSource]
    notes: dict[str, tuple[str, str]]  # GUID -> (user GUID, text)
    variables: dict[str, str]          # GUID -> name
    references: list[tuple[str, str]]  # (what refers, GUID) for the GUID check

    def profile(self, chosen: Profile | None = None) -> Profile:
        return chosen or profile_for_origin(self.origin)


def _guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()


def read_qdpx(path: str | Path) -> QdaProject:
    """Parse a .qdpx: project.qde and its internal sources."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ProjectError(Problem(Location(str(path)), "no such file", "check the path")
                           ) from None
    except (zipfile.BadZipFile, OSError):
        raise ProjectError(Problem(Location(str(path)), "not a .qdpx (not a zip file)",
                                   "export a REFI-QDA project (.qdpx) from the tool")) from None
    with archive:
        members = {name.lower(): name for name in archive.namelist()}
        qde = next((name for low, name in members.items() if low.endswith(".qde")), None)
        if qde is None:
            raise ProjectError(Problem(Location(str(path)), "no project.qde inside",
                                       "is this a REFI-QDA project (.qdpx)?"))
        # Only project.qde and the text sources are ever read (media are
        # skipped), so they are what must fit the archive limits.
        read = [archive.getinfo(name) for low, name in members.items()
                if name == qde or (low.startswith("sources/") and low.endswith(".txt"))]
        too_large = archive_problem(path, read, ".qdpx (its project.qde and text sources)")
        if too_large is not None:
            raise ProjectError(too_large)
        root = parse_xml(archive.read(qde), f"{path}:{qde}")
        if root.tag != f"{{{PROJECT_NS}}}Project":
            raise ProjectError(Problem(Location(f"{path}:{qde}", 1),
                                       f"not a REFI-QDA 1.0 project (root {root.tag})",
                                       "export the project as REFI-QDA (.qdpx)"))

        def q(tag: str) -> str:
            return f"{{{PROJECT_NS}}}{tag}"

        references: list[tuple[str, str]] = []

        def ref(element, attribute: str, what: str) -> str:
            value = _guid(element.get(attribute))
            if value:
                references.append((what, value))
            return value

        users = {_guid(u.get("guid")): u.get("name") or u.get("id") or _guid(u.get("guid"))
                 for u in root.iter(q("User"))}
        codes: dict[str, QdaCode] = {}

        def walk(element, parent: str) -> None:
            for child in element.findall(q("Code")):
                code_guid = _guid(child.get("guid"))
                codes[code_guid] = QdaCode(
                    code_guid, child.get("name") or "", child.findtext(q("Description")) or "",
                    parent, child.get("isCodable", "true") != "false",
                    [ref(note, "targetGUID", f"code {child.get('name')}: NoteRef")
                     for note in child.findall(q("NoteRef"))])
                walk(child, code_guid)

        codes_element = root.find(f"{q('CodeBook')}/{q('Codes')}")
        if codes_element is not None:
            walk(codes_element, "")
        variables = {_guid(v.get("guid")): v.get("name") or "" for v in root.iter(q("Variable"))}

        def values(element, what: str) -> dict[str, str]:
            found = {}
            for value in element.findall(q("VariableValue")):
                variable = value.find(q("VariableRef"))
                if variable is None:
                    continue
                key = ref(variable, "targetGUID", f"{what}: VariableRef")
                text = next((child.text or "" for child in value
                             if child.tag != q("VariableRef")), "")
                found[variables.get(key, key)] = text
            return found

        def codings(element, what: str) -> list[QdaCoding]:
            found = []
            for coding in element.findall(q("Coding")):
                code_ref = coding.find(q("CodeRef"))
                code = ref(code_ref, "targetGUID", f"{what}: CodeRef") if code_ref is not None \
                    else ""
                found.append(QdaCoding(_guid(coding.get("guid")), code,
                                       ref(coding, "creatingUser", f"{what}: creatingUser"),
                                       coding.get("creationDateTime") or ""))
            return found

        sources = []
        for element in root.iter(q("TextSource")):
            name = element.get("name") or _guid(element.get("guid"))
            what = f"source {name}"
            raw = element.findtext(q("PlainTextContent"))
            if raw is None:
                raw = _source_text(archive, members, element.get("plainTextPath") or "",
                                   path, name)
            source = QdaSource(_guid(element.get("guid")), name, raw,
                               codings=codings(element, what), values=values(element, what),
                               notes=[ref(n, "targetGUID", f"{what}: NoteRef")
                                      for n in element.findall(q("NoteRef"))])
            for sel in element.findall(q("PlainTextSelection")):
                try:
                    start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                except (TypeError, ValueError):
                    raise ProjectError(Problem(Location(str(path)), f"{what}: selection "
                                               f"{sel.get('guid')} has no whole-number "
                                               "startPosition/endPosition",
                                               "export the project again")) from None
                swhat = f"{what} selection {sel.get('name') or sel.get('guid')}"
                source.selections.append(QdaSelection(
                    _guid(sel.get("guid")), sel.get("name") or "", start, end,
                    codings(sel, swhat),
                    [ref(n, "targetGUID", f"{swhat}: NoteRef") for n in sel.findall(q("NoteRef"))]))
            sources.append(source)
        cases = []
        for element in root.iter(q("Case")):
            what = f"case {element.get('name')}"
            cases.append(QdaCase(
                _guid(element.get("guid")), element.get("name") or "", values(element, what),
                [ref(r, "targetGUID", f"{what}: SourceRef")
                 for r in element.findall(q("SourceRef"))],
                [ref(r, "targetGUID", f"{what}: SelectionRef")
                 for r in element.findall(q("SelectionRef"))]))
        notes = {}
        notes_element = root.find(q("Notes"))
        for note in (notes_element.findall(q("Note")) if notes_element is not None else ()):
            notes[_guid(note.get("guid"))] = (
                ref(note, "creatingUser", f"note {note.get('name')}: creatingUser"),
                note.findtext(q("PlainTextContent")) or "")
        for element in root.iter(q("MemberCode")):
            ref(element, "targetGUID", "set: MemberCode")
        for note in root.findall(q("NoteRef")):
            ref(note, "targetGUID", "project: NoteRef")
    return QdaProject(str(path), root.get("name") or path.stem, root.get("origin") or "", users,
                      codes, cases, sources, notes, variables, references)


def _source_text(archive: zipfile.ZipFile, members: dict[str, str], text_path: str,
                 path: Path, name: str) -> str:
    if not text_path.lower().startswith("internal://"):
        raise ProjectError(Problem(Location(str(path)), f"source {name}: text at "
                                   f"'{text_path}' is outside the project file",
                                   "export the project with its sources embedded"))
    wanted = f"sources/{text_path[len('internal://'):]}".lower()
    member = members.get(wanted)
    if member is None:
        raise ProjectError(Problem(Location(str(path)), f"source {name}: {text_path} is "
                                   "missing from the file", "export the project again"))
    too_large = archive_problem(path, [archive.getinfo(member)], f".qdpx source {member}")
    if too_large is not None:   # a text source not named .txt escaped the check at opening
        raise ProjectError(too_large)
    try:
        return archive.read(member).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectError(Problem(Location(f"{path}:{member}"), "source text is not UTF-8",
                                   "export the project again (REFI-QDA sources are UTF-8)")
                           ) from None


def check_project(project: QdaProject, profile: Profile | None = None) -> list[str]:
    """What the XSD cannot check: every GUID referenced exists, and every
    selection lies inside its source, on character boundaries (counted the
    tool's way). An empty list means the project is consistent."""
    known = set(project.users) | set(project.codes) | set(project.notes)
    known |= {case.guid for case in project.cases}
    known |= {source.guid for source in project.sources}
    known |= {sel.guid for source in project.sources for sel in source.selections}
    known |= set(project.variables)
    problems = [f"{what} refers to {target}, which the project does not define"
                for what, target in project.references if target not in known]
    counting = project.profile(profile)
    for source in project.sources:
        positions = Positions(source.raw, counting)
        for sel in source.selections:
            start, end = positions.to_text(sel.start), positions.to_text(sel.end)
            if start is None or end is None or start > end:
                problems.append(f"source {source.name}: selection {sel.name or sel.guid} "
                                f"({sel.start}-{sel.end}) is not inside the text on character "
                                f"boundaries ({counting.describe()})")
    return problems
