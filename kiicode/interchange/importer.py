"""Bringing a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA or
QualCoder into a kiicode store: sources become transcripts (or are matched
to the ones already there), cases give respondents their attributes, and
coded selections become a named coder's decisions, so `kiicode agreement`
can compare that coder with kiicode or with another coder. Nothing is
written unless the whole import can be; the report says what mapped and
what did not. See docs/export.md."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..codebook import Codebook, attribute_name
from ..errors import KiicodeError, Location, Problem
from ..store import AUTO_CODER, Store
from ..transcripts.corpus import Corpus, read_transcript
from ..transcripts.metadata import RosterRow
from ..transcripts.models import Segment, Transcript
from ..transcripts.roster import Roster
from .project import ProjectError, QdaProject, QdaSource, check_project, read_qdpx
from .qdpx import CASE_VARIABLES, KIND_GROUP
from .refi import SET_MARK, Positions, Profile, guid, parse_description

MACHINE_IDS = (AUTO_CODER,)


@dataclass
class ImportReport:
    """What an import did, for the user to check."""

    profile: str = ""
    sources_matched: list[str] = field(default_factory=list)    # already in the store
    sources_added: list[str] = field(default_factory=list)
    sources_skipped: list[str] = field(default_factory=list)    # with the reason
    cases: int = 0
    cases_unmatched: list[str] = field(default_factory=list)
    codes_mapped: dict[str, str] = field(default_factory=dict)  # tool's code name -> kiicode id
    codes_unmapped: Counter = field(default_factory=Counter)    # code name -> codings lost
    codings: Counter = field(default_factory=Counter)           # coder -> decisions written
    links: Counter = field(default_factory=Counter)             # coder -> finding links
    selections: Counter = field(default_factory=Counter)        # exact/inside/spanning/outside
    machine_skipped: int = 0
    notes: int = 0
    notes_skipped: int = 0
    notes_present: int = 0       # the same memo was already in the project (a re-import)


def import_qdpx(store: Store, codebook: Codebook, path: str | Path, coder: str | None = None,
                profile: Profile | None = None, unit: str = "paragraph") -> ImportReport:
    """Import the project at `path` into `store` in one transaction."""
    project = read_qdpx(path)
    counting = project.profile(profile)
    problems = check_project(project, counting)
    if problems:
        raise ProjectError([Problem(Location(str(path)), p, "export the project again, or "
                                    "choose another --profile") for p in problems[:20]])
    report = ImportReport(profile=counting.name)
    codes = _map_codes(project, codebook, report)
    coders = _coders(project, coder, path)
    with store.transaction():
        # A memo equal to one the project holds is not added again, so
        # importing the same project twice leaves the memos as they were.
        memos = {(m.target_kind, m.target_id, m.coder, m.text) for m in store.memos()}
        segments = _sources(store, codebook, project, counting, unit, report, path)
        for source in project.sources:
            if source.guid not in segments:
                continue
            text, shift, found = segments[source.guid]
            positions = Positions(source.raw, counting)
            coded_by: set[str] = set()
            for selection in source.selections:
                start = positions.to_text(selection.start) + shift
                end = positions.to_text(selection.end) + shift
                targets, how = _segments_for(found, start, end, text)
                report.selections[how] += 1
                for coding in selection.codings:
                    who = coders.get(coding.user, "")
                    if who in MACHINE_IDS:
                        report.machine_skipped += 1
                        continue
                    target = codes.get(coding.code)
                    if target is None:
                        name = project.codes[coding.code].name if coding.code in project.codes \
                            else coding.code
                        report.codes_unmapped[name] += 1
                        continue
                    for segment in targets:
                        if target.startswith("finding:"):
                            store.link(segment.id, target.split(":", 1)[1], who)
                            report.links[who] += 1
                        else:
                            has_suggestion = bool(store.codings([segment.id], AUTO_CODER,
                                                                target))
                            store.decide(segment.id, target, who, "accepted",
                                         origin="auto" if has_suggestion else "manual")
                            report.codings[who] += 1
                        coded_by.add(who)
                for note in selection.notes:
                    _note(store, project, note, "segment", targets[0].id if targets else "",
                          coders, coder, report, memos)
            for who in coded_by:   # a coder who coded a source read all of it
                for segment in found:
                    store.mark_reviewed(segment.id, who)
            for note in source.notes:
                _note(store, project, note, "transcript", found[0].transcript_id if found
                      else "", coders, coder, report, memos)
        for code_guid, target in codes.items():
            for note in project.codes[code_guid].notes:
                kind, target_id = (("finding", target.split(":", 1)[1])
                                   if target.startswith("finding:") else ("code", target))
                _note(store, project, note, kind, target_id, coders, coder, report, memos)
    return report


def _coders(project: QdaProject, coder: str | None, path) -> dict[str, str]:
    """User GUID -> coder name: everyone as `coder` when given, else each
    user under their own name (kiicode's machine user stays the machine)."""
    names = {}
    for user_guid, name in project.users.items():
        if user_guid == guid("user", AUTO_CODER):
            names[user_guid] = AUTO_CODER
        else:
            names[user_guid] = coder or name
    unnamed = any(c.user not in names for s in project.sources for sel in s.selections
                  for c in sel.codings)
    if unnamed:
        if not coder:
            raise ProjectError(Problem(Location(str(path)), "some codings name no user",
                                       "pass --coder NAME to import them as NAME's decisions"))
        names[""] = coder
    if coder == AUTO_CODER or (not coder and AUTO_CODER in
                               {n for g, n in names.items() if g != guid("user", AUTO_CODER)}):
        raise ProjectError(Problem(Location(str(path)), f"'{AUTO_CODER}' is kiicode's "
                                   "machine-suggestion name", "pass --coder with another name"))
    return names


def _map_codes(project: QdaProject, codebook: Codebook, report: ImportReport) -> dict[str, str]:
    """Tool code GUID -> kiicode code id (or 'finding:ID'): by kiicode's own
    GUID, by the id kiicode writes in the description, then by name or id."""
    by_guid = {guid("code", c): c for c in codebook.codes}
    by_guid.update({guid("finding", f): f"finding:{f}" for f in codebook.findings})
    by_name = {c.name.casefold(): c.id for c in codebook.codes.values()}
    by_name.update({c.casefold(): c for c in codebook.codes})
    by_name.update({f.casefold(): f"finding:{f}" for f in codebook.findings})
    mapped = {}
    finding_mark = SET_MARK.format(kind="finding")
    for code in project.codes.values():
        target = by_guid.get(code.guid)
        if target is None and finding_mark in code.description:
            finding = code.description.rpartition(finding_mark)[2].strip()
            target = f"finding:{finding}" if finding in codebook.findings else None
        if target is None:
            described = parse_description(code.description)["id"]
            target = described if described in codebook.codes else None
        if target is None:
            target = by_name.get(code.name.strip().casefold())
        if target is not None:
            mapped[code.guid] = target
            report.codes_mapped[code.name] = target
    return mapped


def _sources(store: Store, codebook: Codebook, project: QdaProject, counting: Profile,
             unit: str, report: ImportReport, path) -> dict[str, tuple[str, int, list[Segment]]]:
    """Source GUID -> (kiicode text, offset shift, its segments) for every
    source matched to a stored transcript or added as a new one."""
    known = {t.id for t in store.transcripts()}
    cases_of: dict[str, list] = {}
    for case in project.cases:
        for source_guid in case.sources:
            cases_of.setdefault(source_guid, []).append(case)
    report.cases = len(project.cases)
    result: dict[str, tuple[str, int, list[Segment]]] = {}
    new: list[Transcript] = []
    for source in project.sources:
        text = Positions(source.raw, counting).text
        if source.name in known:
            stored = store.transcript(source.name)
            shift = stored.text.find(text) if text != stored.text else 0
            if shift < 0:
                report.sources_skipped.append(f"{source.name}: its text differs from the "
                                              "transcript of that id in the store")
                continue
            result[source.guid] = (stored.text, shift, store.segments(source.name))
            report.sources_matched.append(source.name)
            continue
        try:
            transcript = _read_source(source, text, cases_of.get(source.guid, []), codebook,
                                      unit, path)
        except KiicodeError as exc:
            report.sources_skipped.append(f"{source.name}: {exc.problems[0].message}")
            continue
        new.append(transcript)
        result[source.guid] = (transcript.text, 0, transcript.segments)
        report.sources_added.append(transcript.id)
    if new:
        from ..pipeline import ingest
        ingest(store, Corpus(new), codebook, unit)
        for source_guid, (text, shift, segments) in list(result.items()):
            if segments and segments[0].transcript_id in report.sources_added:
                result[source_guid] = (text, shift, store.segments(segments[0].transcript_id))
    matched_respondents = {(r.transcript_id, r.id) for r in store.respondents()}
    names = {source.guid: source.name for source in project.sources}
    for case in project.cases:
        if not any((names.get(s), case.name) in matched_respondents for s in case.sources):
            report.cases_unmatched.append(case.name)
    return result


def _read_source(source: QdaSource, text: str, cases: list, codebook: Codebook, unit: str,
                 path) -> Transcript:
    """A new transcript from a source's text, read as kiicode reads a .md
    file, with the source's cases as its roster rows (so metadata from a
    roster, a .vtt's or another tool's, comes back). Text without front
    matter is read with a line holding its id put in front, then taken off
    again, so its text and offsets are the source's."""
    transcript_id = _safe_id(source.name)
    shift = 0
    if not text.startswith("---"):
        header = f"---\nid: {transcript_id}\n---\n\n"
        text, shift = header + text, len(header)
    rows = _roster_rows(transcript_id, source, cases, path)
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / f"{transcript_id}.md"
        file.write_text(text, encoding="utf-8")
        roster = Roster(rows={transcript_id: rows, source.name: rows})
        # a .docx's text is its paragraphs, one a line: each is a paragraph again
        transcript, _ = read_transcript(file, codebook, roster, unit,
                                        word_paragraphs=source.values.get(
                                            "transcript_format") == "docx")
    transcript.path = f"{source.name} (imported)"
    return _without_header(transcript, shift) if shift else transcript


def _without_header(transcript: Transcript, shift: int) -> Transcript:
    """The transcript as read, with the id line put in front taken off again:
    the text is the source's, character for character, offsets moved back."""
    turns = [replace(turn, start=turn.start - shift, end=turn.end - shift,
                     paragraphs=tuple((a - shift, b - shift) for a, b in turn.paragraphs))
             for turn in transcript.turns]
    segments = [replace(segment, start=segment.start - shift, end=segment.end - shift)
                for segment in transcript.segments]
    return replace(transcript, text=transcript.text[shift:], turns=turns, segments=segments)


def _roster_rows(transcript_id: str, source: QdaSource, cases: list, path) -> list[RosterRow]:
    """One roster row per case (a group's unattributed answers excepted):
    respondent fields and attributes from its variables, the transcript's
    language, date, mode, interviewer and speaker names from the source's."""
    shared = {key: source.values.get(f"transcript_{key}", "")
              for key in ("language", "date", "mode", "interviewer", "speakers")}
    people = [case for case in cases if case.values.get("respondent_kind") != KIND_GROUP]
    if len(people) > 1 and not shared["mode"]:
        shared["mode"] = "group"
    rows = []
    for case in people:
        values = case.values
        row = {"transcript_id": transcript_id, "respondent_id": case.name,
               **{key: value for key, value in shared.items() if value}}
        for key in ("respondent_type", "institution", "region", "label", "language"):
            if values.get(key) and not row.get(key):
                row[key] = values[key]
        row.update({attribute_name(key): value for key, value in values.items()
                    if key not in CASE_VARIABLES and value})
        rows.append(RosterRow(row, Location(f"{path} [case {case.name}]")))
    return rows


def _safe_id(name: str) -> str:
    stem = Path(name).stem if "." in name else name
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in stem).strip("-") or "source"


def _segments_for(segments: list[Segment], start: int, end: int,
                  text: str) -> tuple[list[Segment], str]:
    """The segments a selection codes, and how it fits them: `exact` (the
    segment, give or take white space), `inside` (part of one segment),
    `spanning` (several: each gets the code) or `outside` (no respondent
    text, e.g. an interviewer's question)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    hit = [s for s in segments if s.start < end and start < s.end]
    if not hit:
        return [], "outside"
    if len(hit) == 1:
        segment = hit[0]
        return hit, "exact" if (segment.start, segment.end) == (start, end) else "inside"
    return hit, "spanning"


def _note(store: Store, project: QdaProject, note_guid: str, kind: str, target_id: str,
          coders: dict[str, str], coder: str | None, report: ImportReport,
          memos: set[tuple[str, str, str, str]]) -> None:
    if note_guid not in project.notes or not target_id:
        report.notes_skipped += 1
        return
    user, text = project.notes[note_guid]
    who = coders.get(user) or coder
    if not who or who == AUTO_CODER:
        report.notes_skipped += 1
        return
    if (kind, target_id, who, text) in memos:
        report.notes_present += 1
        return
    store.add_memo(kind, target_id, who, text)
    memos.add((kind, target_id, who, text))
    report.notes += 1
