"""Respondent rosters (respondents.csv / .xlsx): metadata joined on transcript id."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from ..codebook import Codebook
from ..errors import Location, Problem, TranscriptError
from .metadata import ROSTER_COLUMNS, RosterRow, check_attribute_name
from .source import check_archive, decode_text, read_bytes

ROSTER_NAMES = ("respondents.csv", "respondents.xlsx")


def read_roster(path: Path, codebook: Codebook) -> dict[str, list[RosterRow]]:
    """Roster rows grouped by transcript id. A column that is not a known one
    is a respondent attribute (sex, age_group, ...), unless it looks like a
    typo of a known column or the codebook declares attributes and not it."""
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
    header = [str(h or "").strip().lower() for h in header]
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
        values = {column: str(cell if cell is not None else "").strip()
                  for column, cell in zip(header, row, strict=False) if column}
        if not any(values.values()):
            continue
        grouped[values.get("transcript_id", "")].append(
            RosterRow(values, Location(str(path), line)))
    return dict(grouped)


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
