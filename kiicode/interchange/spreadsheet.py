"""Codebooks as spreadsheets, the way teams draft them: one row per code
(id, name, parent, definition, use_when, do_not_use_when, examples, talk,
patterns_es, patterns_en, loi, themes, ...), and for a whole codebook one
sheet per section. Written from and read into the codebook's YAML data, so
YAML -> xlsx -> YAML keeps everything. See docs/codebook.md."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import yaml

from ..codebook import ITEM_KEYS, load_codebook
from ..errors import CodebookError, Location, Problem
from ..export import atomic_path
from ..yamlsource import YamlSyntaxError, parse_yaml

# Sheets in workbook order: (sheet name, codebook section).
SECTIONS = (("Codes", "codes"), ("Lines of inquiry", "lines_of_inquiry"),
            ("Questions", "questions"), ("Themes", "themes"),
            ("Respondent types", "respondent_types"), ("Findings", "findings"),
            ("Conclusions", "conclusions"), ("Recommendations", "recommendations"))
SETTINGS_SHEET = "Settings"           # project, attributes, reporting: YAML in a cell
SETTINGS_SECTIONS = ("project", "attributes", "reporting")
CODE_COLUMNS = ("id", "name", "parent", "definition", "use_when", "do_not_use_when",
                "examples", "patterns_es", "patterns_en", "loi", "themes")
# Keys whose value is a mapping, flattened as KEY_SUBKEY columns (patterns_es,
# evidence_any_codes, definition_en when a text is given per language).
NESTED = ("do_not_use_when", "use_when", "definition", "examples", "talk", "statement",
          "patterns",
          "evidence", "description", "name", "label", "text")
# Cells holding a list: one item per line (or separated by ';' where an item
# cannot hold one: ids and pattern terms).
ID_LISTS = {"questions", "themes", "aliases", "findings", "conclusions", "any_codes",
            "all_codes", "contrary_codes", "languages", "unless"}
LINE_LISTS = {"examples", "talk", "regex"}
YAML_LISTS = {"near"}                 # one YAML flow mapping per line
NUMBERS = {"fuzzy_threshold"}         # a CSV cell is text; these are numbers


# A worksheet cannot hold control characters (a "\\b" in a double-quoted
# YAML string is one: a backspace); they are written as Excel's own _xHHHH_
# escape and read back, so the round trip stays exact.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape_cell(value):
    if isinstance(value, str):
        return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def unescape_cell(value):
    if isinstance(value, str) and "_x" in value:
        return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def _list_kind(path: list[str], languages: set[str]) -> str:
    """How a list at key `path` is written in a cell: 'yaml' (one flow
    mapping per line), 'ids' (separated by ';') or 'lines' (one per line)."""
    leaf = path[-1]
    if leaf in YAML_LISTS:
        return "yaml"
    if path[0] in LINE_LISTS or leaf in LINE_LISTS:
        return "lines"
    if leaf in ID_LISTS or path[0] == "evidence" or (
            path[0] == "patterns" and (leaf in languages or leaf == "any")):
        return "ids"
    return "lines"


def flatten(item: dict, languages: set[str]) -> dict[str, object]:
    """One row of cells from one codebook entry."""
    row: dict[str, object] = {}

    def put(path: list[str], value) -> None:
        if isinstance(value, dict):
            for sub, inner in value.items():
                put([*path, str(sub)], inner)
            return
        column = "_".join(path)
        if not isinstance(value, list):
            row[column] = value
            return
        kind = _list_kind(path, languages)
        if kind == "yaml":
            row[column] = "\n".join(yaml.safe_dump(v, default_flow_style=True, width=10**6,
                                                   allow_unicode=True).strip() for v in value)
        else:
            row[column] = ("; " if kind == "ids" else "\n").join(str(v) for v in value)

    for key, value in item.items():
        put([str(key)], value)
    return row


def _split(text: str, semicolons: bool) -> list[str]:
    parts = text.splitlines() if "\n" in text or not semicolons else text.split(";")
    return [p.strip() for p in parts if p.strip()]


def unflatten(row: dict[str, object], section: str, languages: set[str]) -> dict:
    """The codebook entry one row holds (empty cells are left out)."""
    item: dict = {}
    for column, value in row.items():
        value = unescape_cell(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        column = str(column).strip()
        path = [column]
        for prefix in NESTED:
            if column.startswith(prefix + "_") and column != prefix:
                path = [prefix, column[len(prefix) + 1:]]
                break
        if isinstance(value, str):
            value = value.strip()
            kind = _list_kind(path, languages)
            if kind == "yaml":
                value = [yaml.safe_load(line) for line in value.splitlines() if line.strip()]
            elif path[-1] in ID_LISTS or path[0] in ("patterns", "evidence") or \
                    path[0] in LINE_LISTS or path[-1] in LINE_LISTS:
                value = _split(value, semicolons=kind == "ids")
        if path[-1] in NUMBERS and isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                pass   # `codebook check` says what is wrong with it
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        target = item
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value
    return item


def workbook_rows(data: dict) -> dict[str, tuple[list[str], list[dict]]]:
    """sheet -> (columns, rows) for a codebook's YAML data."""
    languages = set((data.get("project") or {}).get("languages") or [])
    sheets: dict[str, tuple[list[str], list[dict]]] = {}
    for sheet, section in SECTIONS:
        items = [item if isinstance(item, dict) else {"id": item}
                 for item in data.get(section) or []]
        rows = [flatten(item, languages) for item in items]
        columns = list(CODE_COLUMNS) if section == "codes" else []
        for row in rows:
            columns += [c for c in row if c not in columns]
        sheets[sheet] = (columns or ["id"], rows)
    settings = [{"section": key, "yaml": yaml.safe_dump(data[key], allow_unicode=True,
                                                        sort_keys=False).strip()}
                for key in SETTINGS_SECTIONS if key in data]
    sheets[SETTINGS_SHEET] = (["section", "yaml"], settings)
    return sheets


def codebook_yaml_data(path: str | Path) -> dict:
    """A codebook's YAML data, once `codebook check` accepts it."""
    load_codebook(path)
    text = Path(path).read_text(encoding="utf-8")
    try:
        return parse_yaml(text, str(path)).data
    except YamlSyntaxError as exc:  # load_codebook has already said so
        raise CodebookError(exc.problem) from None


def write_codebook_xlsx(data: dict, target: str | Path) -> None:
    """The codebook as a workbook: Codes first, one sheet per section, then
    Settings (project and reporting as YAML)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for sheet_name, (columns, rows) in workbook_rows(data).items():
        sheet = book.create_sheet(sheet_name)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([escape_cell(row.get(column)) for column in columns])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"   # text, never a formula
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, 1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = 14 if column in ("id", "loi") else 32
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    with atomic_path(target) as temp:
        book.save(temp)


def write_codebook_csv(data: dict, target: str | Path) -> None:
    """The Codes sheet alone as CSV (UTF-8 with BOM, for Excel)."""
    columns, rows = workbook_rows(data)["Codes"]
    with atomic_path(target) as temp, temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: escape_cell(value) for key, value in row.items()})


def read_sheets(path: Path) -> dict[str, list[dict]]:
    """sheet name -> rows (column -> value) of an .xlsx, or {"Codes": rows}
    of a .csv."""
    try:
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return {"Codes": list(csv.DictReader(handle))}
        from openpyxl import load_workbook
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise CodebookError(Problem(Location(str(path)), f"cannot read: {exc.strerror}",
                                    "check the path")) from None
    except UnicodeDecodeError:
        raise CodebookError(Problem(Location(str(path)), "the CSV is not UTF-8",
                                    "save it as CSV UTF-8")) from None
    except Exception as exc:  # openpyxl raises several kinds for a file that is not xlsx
        raise CodebookError(Problem(Location(str(path)), f"not a readable .xlsx ({exc})",
                                    "save the codebook as .xlsx or .csv")) from None
    sheets: dict[str, list[dict]] = {}
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            continue
        names = [str(h).strip() if h is not None else "" for h in header]
        sheets[sheet.title] = [dict(zip(names, values, strict=False)) for values in rows
                               if any(v not in (None, "") for v in values)]
    book.close()
    return sheets


def codebook_from_sheets(path: str | Path, languages: tuple[str, ...] = ()) -> tuple[dict,
                                                                                      list[str]]:
    """A codebook's YAML data from a spreadsheet, and notes on what was
    filled in (lines of inquiry, themes, questions named but not defined;
    codes without patterns get their name as a pattern)."""
    path = Path(path)
    sheets = read_sheets(path)
    codes_sheet = sheets.get("Codes") or (next(iter(sheets.values())) if len(sheets) == 1
                                          else None)
    if codes_sheet is None:
        raise CodebookError(Problem(Location(str(path)), "no 'Codes' sheet",
                                    "name the sheet with one row per code 'Codes'"))
    columns = set().union(*(row.keys() for row in codes_sheet)) if codes_sheet else set()
    missing = [c for c in ("id", "name") if c not in columns]
    if missing:
        raise CodebookError(Problem(Location(str(path), 1), f"no column {', '.join(missing)}",
                                    f"the Codes sheet needs columns {', '.join(CODE_COLUMNS)}"))
    data: dict = {}
    settings = {str(r.get("section")): r.get("yaml") for r in sheets.get(SETTINGS_SHEET, [])}
    for key in SETTINGS_SECTIONS:
        if settings.get(key):
            data[key] = yaml.safe_load(str(settings[key]))
    declared = tuple((data.get("project") or {}).get("languages") or ())
    if not languages:
        ordered = dict.fromkeys(str(c) for row in codes_sheet for c in row)   # column order
        found = [c[len("patterns_"):] for c in ordered if c.startswith("patterns_")
                 and c[len("patterns_"):] not in ("any", "near", "unless", "regex")]
        languages = declared or tuple(found) or ("es", "en")
    data.setdefault("project", {"name": path.stem})
    data["project"].setdefault("languages", list(languages))
    notes: list[str] = []
    problems: list[Problem] = []
    for sheet_name, section in SECTIONS:
        rows = codes_sheet if section == "codes" else sheets.get(sheet_name, [])
        items = []
        for number, row in enumerate(rows, 2):
            item = unflatten(row, section, set(languages))
            if not item:
                continue
            unknown = set(item) - ITEM_KEYS[section]
            if unknown:
                problems.append(Problem(Location(f"{path} [{sheet_name}]", number),
                                        f"unknown column(s) {', '.join(sorted(unknown))}",
                                        f"columns: {', '.join(sorted(ITEM_KEYS[section]))}"))
            items.append(item)
        data[section] = items
    if problems:
        raise CodebookError(problems)
    _fill_references(data, notes)
    return data, notes


def _fill_references(data: dict, notes: list[str]) -> None:
    """Define what the codes name but the spreadsheet does not, so `codebook
    check` accepts the result, and say so."""
    for section in ("lines_of_inquiry", "questions", "themes", "respondent_types"):
        data.setdefault(section, [])
    defined = {s: {str(i.get("id")) for i in data[s]} for s in ("lines_of_inquiry",
                                                                 "questions", "themes")}
    for code in data["codes"]:
        loi = code.get("loi")
        if loi and str(loi) not in defined["lines_of_inquiry"]:
            data["lines_of_inquiry"].append({"id": str(loi), "name": str(loi), "questions": []})
            defined["lines_of_inquiry"].add(str(loi))
            notes.append(f"line of inquiry '{loi}' added (named by code {code['id']})")
        for theme in code.get("themes") or []:
            if str(theme) not in defined["themes"]:
                data["themes"].append({"id": str(theme), "name": str(theme)})
                defined["themes"].add(str(theme))
                notes.append(f"theme '{theme}' added (named by code {code['id']})")
        for question in code.get("questions") or []:
            if str(question) not in defined["questions"]:
                data["questions"].append({"id": str(question),
                                          "text": f"(question {question}: add its text)"})
                defined["questions"].add(str(question))
                notes.append(f"question '{question}' added without text (code {code['id']})")
        patterns = code.get("patterns") or {}
        if not any(patterns.get(k) for k in ("any", "near", "regex",
                                             *data["project"]["languages"])):
            code["patterns"] = dict(patterns, any=[str(code.get("name", code["id"])).lower()])
            notes.append(f"code {code['id']} had no patterns: its name is its pattern for now")
    for section in ("findings", "conclusions", "recommendations"):
        if not data.get(section):
            data.pop(section, None)


def dump_codebook(data: dict) -> str:
    """Codebook YAML text, sections in the documented order."""
    order = ["project", "lines_of_inquiry", "questions", "themes", "respondent_types", "codes",
             "findings", "conclusions", "recommendations", "attributes", "reporting"]
    ordered = {key: data[key] for key in order if key in data}
    return ("# kiicode codebook (docs/codebook.md); check it with `kiicode codebook check`.\n"
            + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100))


def write_codebook_yaml(data: dict, target: str | Path, source: str) -> None:
    """Write the YAML only if `codebook check` accepts it; a problem is
    reported against the spreadsheet or file it came from (`source`)."""
    text = dump_codebook(data)
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8")
        try:
            load_codebook(temp)
        except CodebookError as exc:
            raise CodebookError([Problem(Location(source, None, None, p.location.key),
                                         p.message, p.hint) for p in exc.problems]) from None
