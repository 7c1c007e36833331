"""CSV and JSON Lines exports: codings, and the evidence matrix tables."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..analysis import REJECTED, Whose, effective_codings, findings_supported
from ..codebook import Codebook
from ..errors import ExportError, Location, Problem
from ..progress import Progress, tracked, writing
from ..store import Store
from . import SafeDictWriter, atomic_path
from .matrix import EvidenceTables

CODING_COLUMNS = ("transcript", "segment", "respondent_id", "respondent_type", "institution",
                  "region", "language", "start", "end", "text", "code", "status", "coder",
                  "score", "tier", "patterns", "explanation", "findings", "loi",
                  "asked", "supported_findings")


def coding_rows(store: Store, codebook: Codebook, coder: Whose = None) -> Iterable[dict]:
    """One row per segment x code: its tier and explanation, the segment's
    likely findings ranked with scores and its line of inquiry (as
    auto-coding ranked them) with what the interviewer's question pointed at,
    and the findings the segment's codes support."""
    # imported here, not at the top: the ranker brings numpy, and `kiicode --help` imports
    # this module (kiicode/cli/export.py) for every command
    from ..ranking import describe_asked, describe_findings, explanation

    respondents = {(r.transcript_id, r.id): r for r in store.respondents()}
    decided = effective_codings(store, coder)
    outlooks = store.outlooks()
    for segment in store.segments():
        codes = decided.get(segment.id)
        if not codes:
            continue
        held = {c: sc.score for c, sc in codes.items() if sc.status != REJECTED}
        findings = ";".join(f for f, _ in findings_supported(codebook, held))
        outlook = outlooks.get(segment.id)
        who = respondents.get((segment.transcript_id, segment.respondent_id))
        for code_id, sc in sorted(codes.items(), key=lambda kv: (-kv[1].score, kv[0])):
            yield {
                "transcript": segment.transcript_id, "segment": segment.id,
                "respondent_id": segment.respondent_id,
                "respondent_type": who.type if who else "",
                "institution": who.institution if who else "",
                "region": who.region if who else "", "language": segment.language,
                "start": segment.start, "end": segment.end, "text": segment.text,
                "code": code_id, "status": sc.status, "coder": sc.coding.coder,
                "score": sc.score, "tier": sc.coding.tier,
                "patterns": ";".join(dict.fromkeys(e["pattern"] for e in sc.coding.evidence)),
                "explanation": explanation(sc.coding.evidence),
                "findings": describe_findings(outlook.findings).replace(", ", ";")
                if outlook else "",
                "loi": outlook.loi if outlook else "",
                "asked": describe_asked(outlook, {}),
                "supported_findings": findings,
            }


def write_rows(rows: Iterable[dict], target: str | Path, fmt: str,
               columns: tuple[str, ...], on_progress: Progress | None = None,
               step: str = "") -> int:
    """Write rows as csv (UTF-8 with BOM, for Excel) or jsonl; returns the row
    count. `on_progress` hears of each row written, as `step`."""
    count = 0
    rows = tracked(rows, on_progress, step=step or writing(Path(target).name))
    with atomic_path(target) as temp:
        if fmt == "csv":
            with temp.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = SafeDictWriter(handle, fieldnames=columns)
                writer.writeheader()
                for row in rows:
                    writer.writerow(row)
                    count += 1
        else:
            with temp.open("w", encoding="utf-8") as handle:
                for row in rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
    return count


def write_tables_csv(tables: EvidenceTables, directory: str | Path,
                     on_progress: Progress | None = None) -> list[Path]:
    """Each table as DIRECTORY/<slug>.csv (UTF-8 with BOM, the sheet's
    headers), each file written atomically; the folder is created if needed."""
    directory = _folder(directory)
    written = []
    for table in tables.tables:
        path = directory / f"{table.slug}.csv"
        write_rows(table.records(headers=True), path, "csv", table.headers, on_progress,
                   writing(table.name))
        written.append(path)
    return written


def write_tables_jsonl(tables: EvidenceTables, target: str | Path,
                       on_progress: Progress | None = None) -> list[Path]:
    """Every table as JSON Lines keyed by column key: one file `target`
    (.jsonl) whose lines carry a "table" field, or, when `target` is a
    folder, one <slug>.jsonl per table."""
    target = Path(target)
    if target.suffix.lower() == ".jsonl" and not target.is_dir():
        rows = ({"table": table.slug, **record}
                for table in tables.tables for record in table.records())
        write_rows(rows, target, "jsonl", (), on_progress)
        return [target]
    directory = _folder(target)
    written = []
    for table in tables.tables:
        path = directory / f"{table.slug}.jsonl"
        write_rows(table.records(), path, "jsonl", (), on_progress, writing(table.name))
        written.append(path)
    return written


def _folder(directory: str | Path) -> Path:
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ExportError(Problem(Location(str(directory)), "is a file, not a folder",
                                  "give a folder to write the tables into"))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(Problem(Location(str(directory)), f"cannot create the folder: "
                                  f"{exc.strerror or exc}",
                                  "choose a folder you can write to")) from None
    return directory
