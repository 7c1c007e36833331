"""Respondent rosters (respondents.csv / .xlsx): metadata joined on
transcript id (or on the `file` column, for files a tool named)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..codebook import Codebook
from ..errors import Location, Problem, TranscriptError
from .metadata import ROSTER_COLUMNS, RosterRow, canonical_key, check_attribute_name, fold, iso_date
from .source import check_archive, decode_text, read_bytes

ROSTER_NAMES = ("respondents.csv", "respondents.xlsx")


@dataclass
class Roster:
    """Every roster read, joined: rows by transcript id, ids by file name."""

    rows: dict[str, list[RosterRow]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)      # folded file name or stem -> id
    path: str = ""                                            # the first roster read
    header: list[str] = field(default_factory=list)          # its columns, canonical

    def add(self, path: Path, header: list[str], grouped: dict[str, list[RosterRow]]) -> None:
        if not self.path:
            self.path, self.header = str(path), header
        for tid, rows in grouped.items():
            self.rows.setdefault(tid, []).extend(rows)
            for row in rows:
                if row.get("file"):
                    name = Path(row.get("file")).name
                    self.files[fold(name)] = tid
                    self.files.setdefault(fold(Path(name).stem), tid)

    def id_for_file(self, path: Path) -> str | None:
        return self.files.get(fold(path.name)) or self.files.get(fold(path.stem))

    def fix_line(self, transcript_id: str, path: Path, interviewer: str) -> str:
        """The roster line that names `interviewer` for this transcript, as
        the roster's own columns would write it."""
        rows = [r for r in self.rows.get(transcript_id, []) if not r.get("label")]
        if rows and "interviewer" in self.header:
            values = dict(rows[0].values, interviewer=interviewer)
            return (f"in {self.path} change line {rows[0].location.line} to: "
                    f"{_csv_line([values.get(c, '') for c in self.header])}")
        if self.path and "interviewer" in self.header:
            values = {"transcript_id": transcript_id, "file": path.name,
                      "interviewer": interviewer}
            line = _csv_line([values.get(c, "") for c in self.header])
            return f"add to {self.path} the line: {line}" + (
                "" if "file" in self.header else f" (and name the file {transcript_id}"
                                                 f"{path.suffix})")
        return (f"add a respondents.csv beside the transcripts with the lines "
                f"'transcript_id,file,interviewer' and "
                f"'{_csv_line([transcript_id, path.name, interviewer])}' "
                f"(or put 'interviewer: {interviewer}' in the file's metadata)")


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def read_roster(path: Path, codebook: Codebook) -> tuple[list[str], dict[str, list[RosterRow]]]:
    """(canonical columns, rows grouped by transcript id). Columns may be
    named in English or Spanish ('Código de entrevista', 'Tipo de
    informante'); a column that is not a known one is a respondent attribute
    (sex, age_group, ...), unless it looks like a typo of a known column or
    the codebook declares attributes and not it. Excel date cells are ISO
    dates."""
    if path.suffix.lower() == ".xlsx":
        header, rows = _xlsx_rows(path)
    elif path.suffix.lower() == ".csv":
        raw = read_bytes(path)
        if not raw.strip():
            raise TranscriptError(Problem(Location(str(path)), "the roster is empty",
                                          "add a header row (transcript_id, respondent_type, "
                                          "...) and a row per respondent, or remove the file"))
        text = decode_text(path, raw).text
        # Spanish-locale Excel saves CSV with ';' between columns.
        try:
            dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        table = [row for row in reader]
        header, rows = (table[0] if table else []), list(enumerate(table[1:], 2))
    else:
        raise TranscriptError(Problem(Location(str(path)), "a roster must be .csv or .xlsx"))
    # (in a roster, the column of ids is transcript_id, however it is named)
    header = [("transcript_id" if canonical_key(h) == "id" else canonical_key(h))
              if str(h or "").strip() else "" for h in header]
    problems = []
    for index, column in enumerate(header):
        if column and column not in ROSTER_COLUMNS:
            name, trouble = check_attribute_name(column, ROSTER_COLUMNS, codebook)
            if trouble is not None:
                problems.append(Problem(Location(str(path), 1), f"roster column: {trouble.message}",
                                        trouble.hint))
            else:
                header[index] = name
    if "transcript_id" not in header:
        problems.append(Problem(Location(str(path), 1), "the roster has no transcript_id column",
                                "add a transcript_id column naming each transcript"))
    if problems:
        raise TranscriptError(problems)
    grouped: dict[str, list[RosterRow]] = defaultdict(list)
    for line, row in rows:
        values = {column: _cell(cell) for column, cell in zip(header, row, strict=False)
                  if column}
        if not any(values.values()):
            continue
        grouped[values.get("transcript_id", "")].append(
            RosterRow(values, Location(str(path), line)))
    return header, dict(grouped)


def _cell(cell: object) -> str:
    """A cell as text; an Excel date cell (a datetime) as its ISO date."""
    if cell is None:
        return ""
    if hasattr(cell, "year") and hasattr(cell, "month"):
        return iso_date(cell) or str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _xlsx_rows(path: Path):
    from openpyxl import load_workbook

    check_archive(path, ".xlsx roster")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TranscriptError(Problem(Location(str(path)), f"cannot read roster workbook ({exc})",
                                      "save it again as .xlsx or export it as CSV")) from None
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return (table[0] if table else []), list(enumerate(table[1:], 2))
