"""A kiicode project as a REFI-QDA 1.0 project (.qdpx) for NVivo, ATLAS.ti,
MAXQDA and QualCoder: users, codebook, variables and cases, text sources,
coded selections and memos. See docs/export.md for what maps to what.

`build_project` makes the whole file in memory (the XML and each source's
text) and checks it; `write_qdpx` writes it atomically. Between the two,
the CLI runs the PII guard on the transcripts written
(`ProjectFile.transcripts`); `ProjectFile.texts()` yields every text the
file carries, memos included."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..analysis import STATUS_ACCEPTED, STATUS_ALL, STATUS_REVIEWED
from ..codebook import Codebook
from ..errors import ExportError, Location, Problem
from ..export import atomic_path
from ..export.matrix import MatrixOptions, _Filters
from ..progress import Progress, tracked, writing
from ..store import AUTO_CODER, Store, now
from ..transcripts.models import Respondent, Segment
from .refi import (
    PROJECT_NS,
    STANDARD,
    Profile,
    code_elements,
    for_export,
    guid,
    set_elements,
    xml_bytes,
)

MACHINE_USER = "kiicode (machine suggestions)"
# Case variables every respondent has; the respondent's other attributes follow.
CASE_VARIABLES = ("respondent_type", "institution", "region", "language", "respondent_kind",
                  "label")
KIND_PERSON, KIND_GROUP = "person", "group answer (unattributed)"


@dataclass
class ProjectFile:
    """A .qdpx in memory: project.qde and sources/<guid>.txt."""

    xml: bytes
    sources: dict[str, str]                 # file name in the zip -> text
    memos: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    transcripts: list[str] = field(default_factory=list)   # ids of the sources written

    def texts(self) -> Iterator[tuple[str, str]]:
        """(where, text) of every text the file carries: sources and memos."""
        yield from self.sources.items()
        for n, memo in enumerate(self.memos, 1):
            yield f"memo {n}", memo


def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, _q(tag), {k: v for k, v in attributes.items() if v})


def _stamp(value: str) -> str:
    """An xsd:dateTime (kiicode stores ISO 8601 with the UTC offset)."""
    return value or now()


@dataclass(frozen=True)
class _Coded:
    segment: str
    code_guid: str
    coder: str
    created: str
    key: str


def build_project(store: Store, codebook: Codebook, options: MatrixOptions,
                  profile: Profile = STANDARD, on_progress: Progress | None = None
                  ) -> ProjectFile:
    """The project file for `options` (status, coder, filters; see
    docs/export.md), checked: every selection's text is its segment's.
    `on_progress` hears of each transcript written as a source."""
    filters = _Filters.check(codebook, options)
    people = {r.id: r for r in store.respondents()}
    filters.check_attributes(codebook, tuple(sorted(
        {*codebook.attributes, *(a for r in people.values() for a in r.attributes)})), options)
    segments_by_transcript: dict[str, list[Segment]] = {}
    for segment in store.segments():
        if filters.languages and segment.language not in filters.languages:
            continue
        if not filters.keeps_person(people.get(segment.respondent_id)):
            continue
        segments_by_transcript.setdefault(segment.transcript_id, []).append(segment)
    if not segments_by_transcript:
        raise ExportError(Problem(Location(store.path), "no transcript to export: the project "
                                  "has none, or the --language, --respondent-type and "
                                  "--attribute filters keep none",
                                  "check `kiicode transcripts` and the filters"))
    kept = {s.id: s for segments in segments_by_transcript.values() for s in segments}
    codes = _kept_codes(codebook, filters)
    coded, users = _codings(store, options, kept, codes)
    links = [link for link in store.finding_links(kept)
             if (options.coder is None or link.coder == options.coder)
             and _keeps_finding(codebook, filters, codes, link.finding)]
    for link in links:
        coded.append(_Coded(link.segment, guid("finding", link.finding), link.coder,
                            link.created, f"{link.segment}|finding:{link.finding}|{link.coder}"))
        users.add(link.coder)
    memos = [m for m in store.memos() if options.coder is None or m.coder == options.coder]
    users.update(m.coder for m in memos)

    root = ET.Element(_q("Project"), {
        "name": codebook.name or Path(store.path).stem, "origin": f"kiicode {__version__}",
        "creationDateTime": now()})
    user_guids = {name: guid("user", name) for name in sorted(users)}
    if user_guids:
        users_element = _sub(root, "Users")
        for name, user_guid in user_guids.items():
            _sub(users_element, "User", guid=user_guid,
                 name=MACHINE_USER if name == AUTO_CODER else name, id=name)

    notes_on: dict[str, list[str]] = {}     # target key -> note GUIDs
    project_notes: list[str] = []
    for memo in memos:
        key = f"{memo.target_kind}:{memo.target_id}"
        if memo.target_kind == "code":
            key = memo.target_id
        notes_on.setdefault(key, []).append(guid("memo", str(memo.id)))
    known_targets = ({f"segment:{s}" for s in kept} | set(codebook.codes) |
                     {f"finding:{f}" for f in codebook.findings} |
                     {f"transcript:{t}" for t in segments_by_transcript})
    for key in list(notes_on):
        if key not in known_targets:
            project_notes += notes_on.pop(key)

    codebook_element = _sub(root, "CodeBook")
    codes_element = _sub(codebook_element, "Codes")
    code_elements(codes_element, codebook, PROJECT_NS, with_findings=True, notes=notes_on)

    respondents = [r for r in store.respondents() if r.transcript_id in segments_by_transcript]
    transcripts = {t.id: t for t in store.transcripts() if t.id in segments_by_transcript}
    speaker_maps = {tid: _speaker_map(store, tid, people) for tid in transcripts}
    variables = _variables(respondents, transcripts, speaker_maps)
    if variables:
        variables_element = _sub(root, "Variables")
        for name in variables:
            _sub(variables_element, "Variable", guid=guid("variable", name), name=name,
                 typeOfVariable="Text")

    by_segment: dict[str, list[_Coded]] = {}
    for item in coded:
        by_segment.setdefault(item.segment, []).append(item)
    selected = set(by_segment) | {key.split(":", 1)[1] for key in notes_on
                                  if key.startswith("segment:")}

    if respondents:
        cases = _sub(root, "Cases")
        for person in respondents:
            case = _sub(cases, "Case", guid=guid("case", f"{person.transcript_id}/{person.id}"),
                        name=person.id)
            for name, value in _case_values(person, transcripts[person.transcript_id]):
                _variable_value(case, name, value)
            _sub(case, "SourceRef", targetGUID=guid("source", person.transcript_id))
            for segment in segments_by_transcript[person.transcript_id]:
                if segment.respondent_id == person.id and segment.id in selected:
                    _sub(case, "SelectionRef", targetGUID=guid("selection", segment.id))

    sources: dict[str, str] = {}
    counts = {"sources": 0, "selections": 0, "codings": 0, "cases": len(respondents),
              "notes": len(memos), "users": len(user_guids), "finding_links": len(links)}
    if transcripts:
        sources_element = _sub(root, "Sources")
        for transcript_id in tracked(sorted(transcripts), on_progress, len(transcripts),
                                     writing("sources")):
            row = store.transcript(transcript_id)
            positions = for_export(row.text, profile)
            source_guid = guid("source", transcript_id)
            source = _sub(sources_element, "TextSource", guid=source_guid, name=transcript_id,
                          plainTextPath=f"internal://{source_guid}.txt",
                          creationDateTime=_stamp(row.ingested_at))
            sources[f"sources/{source_guid}.txt"] = positions.raw
            counts["sources"] += 1
            for segment in segments_by_transcript[transcript_id]:
                if segment.id not in selected:
                    continue
                if row.text[segment.start:segment.end] != segment.text:
                    raise ExportError(Problem(Location(store.path), f"segment {segment.id}'s "
                                              "offsets do not match its transcript's text",
                                              "re-ingest the transcript (kiicode ingest)"))
                selection = _sub(source, "PlainTextSelection",
                                 guid=guid("selection", segment.id), name=segment.id,
                                 startPosition=str(positions.to_external(segment.start)),
                                 endPosition=str(positions.to_external(segment.end)))
                counts["selections"] += 1
                for item in sorted(by_segment.get(segment.id, ()), key=lambda c: c.key):
                    coding = _sub(selection, "Coding", guid=guid("coding", item.key),
                                  creatingUser=user_guids[item.coder],
                                  creationDateTime=_stamp(item.created))
                    _sub(coding, "CodeRef", targetGUID=item.code_guid)
                    counts["codings"] += 1
                for note in notes_on.get(f"segment:{segment.id}", ()):
                    _sub(selection, "NoteRef", targetGUID=note)
            for note in notes_on.get(f"transcript:{transcript_id}", ()):
                _sub(source, "NoteRef", targetGUID=note)
            for name, value in _source_values(row.metadata, speaker_maps[transcript_id],
                                              row.path):
                _variable_value(source, name, value)

    if memos:
        notes_element = _sub(root, "Notes")
        for memo in memos:
            note = _sub(notes_element, "Note", guid=guid("memo", str(memo.id)),
                        name=f"Memo on {memo.target_kind} {memo.target_id}",
                        creatingUser=user_guids[memo.coder],
                        creationDateTime=_stamp(memo.created))
            _sub(note, "PlainTextContent").text = memo.text
    set_elements(root, codebook, PROJECT_NS, "targetGUID")
    for note in project_notes:
        _sub(root, "NoteRef", targetGUID=note)
    return ProjectFile(xml_bytes(root, PROJECT_NS), sources, [m.text for m in memos], counts,
                       sorted(transcripts))


def _kept_codes(codebook: Codebook, filters: _Filters) -> set[str]:
    """Codes whose codings are exported: all, or those the --finding, --loi
    and --theme filters name (a finding: the codes of its evidence rule)."""
    codes = set(codebook.codes)
    if filters.findings:
        codes &= {c for f in filters.findings for c in codebook.findings[f].evidence.codes}
    if filters.lois:
        codes &= {c.id for c in codebook.codes.values() if c.loi in filters.lois}
    if filters.themes:
        codes &= {c.id for c in codebook.codes.values() if filters.themes & set(c.themes)}
    return codes


def _keeps_finding(codebook: Codebook, filters: _Filters, codes: set[str],
                   finding_id: str) -> bool:
    """A manual link is written when its finding passes --finding and --loi
    and, with --theme, its evidence rule uses a code of those themes."""
    finding = codebook.findings.get(finding_id)
    return finding is not None and filters.keeps_finding(codebook, finding_id) and (
        not filters.themes or bool(set(finding.evidence.codes) & codes))


def _codings(store: Store, options: MatrixOptions, kept: dict[str, Segment],
             codes: set[str]) -> tuple[list[_Coded], set[str]]:
    """Each coder's accepted and manual codings, as their own; machine
    suggestions (as the machine's user) only with --status reviewed or all,
    and never where a counted coder rejected them."""
    coded: list[_Coded] = []
    users: set[str] = set()
    rejected: set[tuple[str, str]] = set()
    suggestions = []
    for coding in store.codings(kept):
        if coding.code not in codes:
            continue
        if coding.coder == AUTO_CODER:
            suggestions.append(coding)
            continue
        if options.coder is not None and coding.coder != options.coder:
            continue
        if coding.status == "rejected":
            rejected.add((coding.segment, coding.code))
        elif coding.status == "accepted":
            coded.append(_Coded(coding.segment, guid("code", coding.code), coding.coder,
                                coding.updated, f"{coding.segment}|{coding.code}|{coding.coder}"))
            users.add(coding.coder)
    if options.status in (STATUS_REVIEWED, STATUS_ALL):
        reviewed = set(store.reviewed(options.coder))
        for coding in suggestions:
            if (coding.segment, coding.code) in rejected:
                continue
            if options.status == STATUS_REVIEWED and coding.segment not in reviewed:
                continue
            coded.append(_Coded(coding.segment, guid("code", coding.code), AUTO_CODER,
                                coding.updated, f"{coding.segment}|{coding.code}|{AUTO_CODER}"))
            users.add(AUTO_CODER)
    elif options.status != STATUS_ACCEPTED:
        raise ExportError(f"unknown status '{options.status}'")
    return coded, users


def _case_values(person: Respondent, transcript) -> list[tuple[str, str]]:
    values = [("respondent_type", person.type), ("institution", person.institution),
              ("region", person.region), ("language", transcript.language),
              ("respondent_kind", KIND_GROUP if person.is_group else KIND_PERSON),
              ("label", person.label)]
    values += sorted(person.attributes.items())
    return [(name, str(value)) for name, value in values if value not in (None, "")]


def _source_values(metadata: dict, speakers: str, path: str = "") -> list[tuple[str, str]]:
    """The transcript's scalar metadata (language, mode, date, interviewer...)
    and who each speaker name is (`transcript_speakers`: Name=label; ...),
    so an import can read the text again as kiicode read it; a .docx says so
    (`transcript_format`: each of its lines is a paragraph)."""
    values = [(f"transcript_{key}", str(value)) for key, value in sorted(metadata.items())
              if key not in ("id", "speakers") and isinstance(value, (str, int, float))
              and str(value) != ""]
    if Path(path).suffix.lower() == ".docx":
        values.append(("transcript_format", "docx"))
    return values + ([("transcript_speakers", speakers)] if speakers else [])


def _speaker_map(store: Store, transcript_id: str, people: dict[str, Respondent]) -> str:
    """`Name=interviewer; Other name=R` (or a group participant's label)
    for every speaker name in the transcript's turns."""
    names: dict[str, str] = {}
    for turn in store.turns(transcript_id):
        person = people.get(turn.respondent_id or "")
        target = ("interviewer" if turn.respondent_id is None else
                  person.label if person and person.label and not person.is_group else "R")
        names.setdefault(turn.speaker, target)
    return "; ".join(f"{name}={target}" for name, target in names.items())


def _variables(respondents: list[Respondent], transcripts: dict,
               speaker_maps: dict[str, str]) -> list[str]:
    names = dict.fromkeys(CASE_VARIABLES)
    for person in respondents:
        names.update(dict.fromkeys(sorted(person.attributes)))
    sources = {tid: _source_values(t.metadata, speaker_maps[tid], t.path) for tid, t in
               transcripts.items()}
    for values in sources.values():
        names.update(dict.fromkeys(name for name, _ in values))
    used = {name for person in respondents
            for name, _ in _case_values(person, transcripts[person.transcript_id])}
    used |= {name for values in sources.values() for name, _ in values}
    return [name for name in names if name in used]


def _variable_value(parent: ET.Element, name: str, value: str) -> None:
    element = _sub(parent, "VariableValue")
    _sub(element, "VariableRef", targetGUID=guid("variable", name))
    _sub(element, "TextValue").text = value


def write_qdpx(project: ProjectFile, target: str | Path) -> None:
    """Write the .qdpx (a zip: project.qde first, then sources/) atomically."""
    with atomic_path(target) as temp:
        try:
            with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("project.qde", project.xml)
                for name, text in project.sources.items():
                    archive.writestr(name, text.encode("utf-8"))
        except OSError as exc:
            raise ExportError(Problem(Location(str(target)), f"cannot write: {exc.strerror}",
                                      "check the disk space and the folder")) from None
