"""The evidence matrix workbook: the tables of `export.matrix`, one sheet
each, streamed row by row into the .xlsx zip (a 100,000-row matrix is never
held in memory), written to a temporary file and renamed over the target.

Why not openpyxl's write-only mode: it builds a Python cell object per cell
and costs ~6 µs a cell here, about 14 s for the sheet alone at 100,000 rows x
24 columns; this writer emits the SpreadsheetML for exactly what the
deliverable needs (inline strings, numbers, styles made on demand, frozen
header and identifying columns, autofilter, column widths, row heights for
wrapped text, a print area scaled to stay legible, internal links on text
cells, colour scales) at a fraction of that. Tests read its workbooks back
with openpyxl and python-calamine and convert them with LibreOffice."""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..errors import ExportError, Location, Problem
from ..progress import Progress, tracked, writing
from . import atomic_path, safe_cell
from .matrix import ERROR_MARK, WARNING_MARK, WEAK, Column, EvidenceTables, Table

EXCEL_CELL_LIMIT = 32_767
TRUNCATED = " […truncated by kiicode: {n:,} characters in the source]"
# Characters XML 1.0 cannot carry (Excel refuses the file otherwise).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FLUSH_ROWS = 500

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

HEADER_FILL = "FFD9E1F2"
# The fill colours (ARGB) of marked rows or cells.
FILLS = {WEAK: "FFFCE4D6", ERROR_MARK: "FFF8CBAD", WARNING_MARK: "FFFFF2CC"}
# Colour scale of heat map cells: share 0 -> white, share 1 -> green.
SCALE_COLOURS = ("FFFFFFFF", "FF63BE7B")
FONT_SIZE = 11                    # points, Calibri
MIN_PRINT_SIZE = 8                # printed type never smaller than this
PLAIN_FONT, BOLD_FONT, LINK_FONT = 0, 1, 2
FONTS = ("", "<b/>", '<u/><color rgb="FF0563C1"/>')

# Paper: (OOXML paperSize, printable width in points, landscape, 0.5" margins)
PAPERS = {"a4": (9, 842 - 72), "letter": (1, 792 - 72)}
DEFAULT_PAPER = "a4"


@dataclass(frozen=True)
class Style:
    """One cell format: font, fill (ARGB or ""), wrap, horizontal alignment,
    number format ("" = General)."""

    font: int = PLAIN_FONT
    fill: str = ""
    wrap: bool = True
    centre: bool = False
    number_format: str = ""


class StyleBook:
    """Cell formats (xf) and number formats made on demand as sheets are
    written; styles.xml is written last, holding exactly those used."""

    def __init__(self):
        self.styles: dict[Style, int] = {Style(wrap=False): 0}
        self.formats: dict[str, int] = {}

    def id(self, style: Style) -> int:
        if style not in self.styles:
            if style.number_format and style.number_format not in self.formats:
                self.formats[style.number_format] = 164 + len(self.formats)
            self.styles[style] = len(self.styles)
        return self.styles[style]

    def xml(self) -> str:
        fills_used = [HEADER_FILL, *FILLS.values()]
        for style in self.styles:
            if style.fill and style.fill not in fills_used:
                fills_used.append(style.fill)
        fonts = "".join(f'<font>{extra}<sz val="{FONT_SIZE}"/><name val="Calibri"/>'
                        '<family val="2"/></font>' for extra in FONTS)
        fills = ('<fill><patternFill patternType="none"/></fill>'
                 '<fill><patternFill patternType="gray125"/></fill>' + "".join(
                     f'<fill><patternFill patternType="solid"><fgColor rgb="{c}"/>'
                     '<bgColor indexed="64"/></patternFill></fill>' for c in fills_used))
        formats = "".join(f'<numFmt numFmtId="{n}" formatCode="{_attr(code)}"/>'
                          for code, n in self.formats.items())
        xfs = []
        for style in self.styles:
            fill = fills_used.index(style.fill) + 2 if style.fill else 0
            number = self.formats.get(style.number_format, 0)
            align = (' horizontal="center"' if style.centre else "") + \
                (' wrapText="1"' if style.wrap else "")
            xfs.append(f'<xf numFmtId="{number}" fontId="{style.font}" fillId="{fill}" '
                       'borderId="0" xfId="0" applyFont="1" applyFill="1" '
                       f'applyNumberFormat="1" applyAlignment="1">'
                       f'<alignment vertical="top"{align}/></xf>')
        return (f'{HEAD}<styleSheet xmlns="{MAIN}">'
                + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>'
                   if self.formats else "") +
                f'<fonts count="{len(FONTS)}">{fonts}</fonts>'
                f'<fills count="{len(fills_used) + 2}">{fills}</fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
                '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
                f'borderId="0"/></cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}'
                '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
                'builtinId="0"/></cellStyles></styleSheet>')


def excel_text(value: str) -> str:
    """Text as a cell may hold it: formula characters escaped (safe_cell),
    characters XML cannot carry replaced with U+FFFD, and text beyond Excel's
    32,767-character limit cut, ending with a marker that gives its length."""
    text = safe_cell(value)
    if NOT_XML.search(text):
        text = NOT_XML.sub("\ufffd", text)
    if len(text) > EXCEL_CELL_LIMIT:
        marker = TRUNCATED.format(n=len(text))
        text = text[:EXCEL_CELL_LIMIT - len(marker)] + marker
    return text


def write_xlsx(tables: EvidenceTables, target: str | Path, paper: str = DEFAULT_PAPER,
               on_progress: Progress | None = None) -> Path:
    """Write every table as a sheet of one workbook at `target`, atomically:
    an unwritable or locked target raises ExportError and leaves any existing
    file as it was. `paper` (a4 or letter) sets the print layout;
    `on_progress` hears of each row written."""
    target = Path(target)
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
    try:
        with atomic_path(target) as temp:
            with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
                _write_package(package, tables.tables, paper, on_progress)
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(Problem(Location(str(target)), f"cannot write the workbook: "
                                  f"{exc.strerror or exc}",
                                  "close it in Excel if it is open, or choose a folder you "
                                  "can write to")) from None
    return target


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def _sheet_ref(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def column_points(width: float) -> float:
    """A column's printed width in points at 100 %: Excel's width is in "0"
    characters of the default font (7 px for Calibri 11) plus 5 px padding."""
    return (width * 7 + 5) * 0.75


def printed_columns(table: Table) -> int:
    """How many leading columns print: up to the first column not marked
    `printed` (explanation columns come last and stay on screen only)."""
    count = 0
    for column in table.columns:
        if not column.printed:
            break
        count += 1
    return count or len(table.columns)


def print_scale(table: Table, paper: str = DEFAULT_PAPER) -> int:
    """The print zoom (percent) that fits the printed columns on the page
    width; never below the zoom that keeps type at MIN_PRINT_SIZE points
    (a sheet wider than that prints on more pages across, still legible)."""
    width = sum(column_points(c.width) for c in table.columns[:printed_columns(table)])
    # 4 % spare: spreadsheets round column widths to pixels
    fit = math.floor(PAPERS[paper][1] * 0.96 / width * 100) if width else 100
    legible = math.ceil(MIN_PRINT_SIZE / FONT_SIZE * 100)
    return max(min(fit, 100), legible)


def _write_package(package: zipfile.ZipFile, tables: Iterable[Table], paper: str,
                   on_progress: Progress | None = None) -> None:
    tables = list(tables)
    names, defined = [], []
    styles = StyleBook()
    for number, table in enumerate(tables, 1):
        name = table.name[:31]
        rows = _write_sheet(package, f"xl/worksheets/sheet{number}.xml", table, number == 1,
                            styles, paper, on_progress)
        last = column_letter(len(table.columns))
        ref = _text(_sheet_ref(name))
        defined.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{number - 1}" '
                       f'hidden="1">{ref}!$A$1:${last}${rows + 1}</definedName>')
        printed = column_letter(printed_columns(table))
        defined.append(f'<definedName name="_xlnm.Print_Area" localSheetId="{number - 1}">'
                       f'{ref}!$A$1:${printed}${rows + 1}</definedName>')
        defined.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{number - 1}">'
                       f'{ref}!$1:$1</definedName>')
        names.append(name)
    sheets = "".join(f'<sheet name="{_attr(n)}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, n in enumerate(names, 1))
    package.writestr("xl/workbook.xml", (
        f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><bookViews><workbookView/></bookViews>'
        f'<sheets>{sheets}</sheets><definedNames>{"".join(defined)}</definedNames></workbook>'))
    count = len(names)
    package.writestr("xl/_rels/workbook.xml.rels", (
        f'{HEAD}<Relationships xmlns="{PKG_RELS}">' + "".join(
            f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, count + 1)) +
        f'<Relationship Id="rId{count + 1}" Type="{RELS}/styles" Target="styles.xml"/>'
        '</Relationships>'))
    package.writestr("xl/styles.xml", styles.xml())
    created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    package.writestr("docProps/core.xml", (
        f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dc:title>Evidence matrix</dc:title><dc:creator>kiicode {__version__}</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
        '</cp:coreProperties>'))
    package.writestr("_rels/.rels", (
        f'{HEAD}<Relationships xmlns="{PKG_RELS}">'
        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '</Relationships>'))
    spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    package.writestr("[Content_Types].xml", (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{spreadsheet}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{spreadsheet}.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            f'ContentType="{spreadsheet}.worksheet+xml"/>' for i in range(1, count + 1)) +
        '</Types>'))


LINE_HEIGHT = 15          # points, Calibri 11
MAX_ROW_HEIGHT = 409      # Excel's limit


def _lines(value: str, per_line: float) -> int:
    """Lines a wrapped text takes in a column holding `per_line` characters;
    a little slack for words that do not fit at a line's end."""
    lines = 0
    for part in value.split("\n"):
        needed = -(-len(part) // per_line) or 1
        lines += needed + needed // 10
    return lines


def _row_start(r: int, values, capacity: list[float]) -> str:
    """`<row>` with a height that shows its wrapped text. Spreadsheets do not
    all fit row heights to wrapped text on opening (LibreOffice does not when
    printing, nor for a header row), so the height is estimated from the
    column widths: `capacity` is characters per line (0: the column does not
    set the height)."""
    lines = 1
    for value, per_line in zip(values, capacity, strict=True):
        if per_line and isinstance(value, str) and (len(value) > per_line or "\n" in value):
            lines = max(lines, _lines(value, max(int(per_line), 1)))
    if lines == 1:
        return f'<row r="{r}">'
    return f'<row r="{r}" ht="{min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)}" customHeight="1">'


def _column_style(column: Column, fill: str = "") -> Style:
    return Style(fill=fill, wrap=not column.number_format, centre=bool(column.number_format),
                 number_format=column.number_format)


def _write_sheet(package: zipfile.ZipFile, part: str, table: Table, selected: bool,
                 styles: StyleBook | None = None, paper: str = DEFAULT_PAPER,
                 on_progress: Progress | None = None) -> int:
    """Stream one table into the zip as a worksheet; returns its data rows.

    Every cell is top-aligned; text wraps, numbers are centred (so a count
    never runs into the next column's text); a marked row (or cell) gets its
    mark's fill; a link column's text cells link into another sheet."""
    styles = styles if styles is not None else StyleBook()
    letters = [column_letter(i) for i in range(1, len(table.columns) + 1)]
    keys = table.keys
    # characters per line of each column's text (proportional text beats "0")
    capacity = [c.width * 1.15 if c.sizes_row else 0 for c in table.columns]
    header_capacity = [c.width * 0.95 for c in table.columns]
    plain = [styles.id(_column_style(c)) for c in table.columns]
    numbers = [styles.id(Style(wrap=False, centre=True, number_format=c.number_format))
               for c in table.columns]
    marked_styles: dict[str, tuple[list[int], list[int]]] = {
        mark: ([styles.id(_column_style(c, colour)) for c in table.columns],
               [styles.id(Style(fill=colour, wrap=False, centre=True,
                                number_format=c.number_format)) for c in table.columns])
        for mark, colour in FILLS.items()}
    link_styles = {None: styles.id(Style(font=LINK_FONT))}
    link_styles.update({mark: styles.id(Style(font=LINK_FONT, fill=colour))
                        for mark, colour in FILLS.items()})
    mark_at = keys.index(table.mark_column) if table.mark_column else -1
    links_at = {keys.index(link.column): link for link in table.links}
    link_refs = {i: _sheet_ref(link.table[:31]) for i, link in links_at.items()}
    links: list[str] = []
    cols = "".join(f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>'
                   for i, c in enumerate(table.columns, 1))
    tab = ' tabSelected="1"' if selected else ""
    frozen = min(table.frozen, len(table.columns) - 1)
    if frozen:
        top_left = f"{letters[frozen]}2"
        pane = (f'<pane xSplit="{frozen}" ySplit="1" topLeftCell="{top_left}" '
                'activePane="bottomRight" state="frozen"/><selection pane="topRight"/>'
                '<selection pane="bottomLeft"/>'
                f'<selection pane="bottomRight" activeCell="{top_left}" sqref="{top_left}"/>')
    else:
        pane = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>')
    header_style = styles.id(Style(font=BOLD_FONT, fill=HEADER_FILL))
    head = (f'{HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">'
            f'<sheetViews><sheetView{tab} workbookViewId="0">{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
            f'<sheetData>{_row_start(1, table.headers, header_capacity)}' + "".join(
                f'<c r="{letter}1" s="{header_style}" t="inlineStr"><is><t>{_text(h)}</t></is>'
                '</c>' for letter, h in zip(letters, table.headers, strict=True)) + '</row>')
    count = 0
    with package.open(part, "w", force_zip64=True) as out:
        out.write(head.encode("utf-8"))
        buffer: list[str] = []
        for count, values in enumerate(tracked(table.rows, on_progress,
                                               step=writing(table.name)), 1):
            r = count + 1
            text_styles, number_styles = plain, numbers
            mark = None
            if mark_at >= 0:
                mark = table.marks.get(values[mark_at])
                if mark is not None:
                    text_m, number_m = marked_styles[mark]
                    if table.mark_row:
                        text_styles, number_styles = text_m, number_m
                    else:
                        text_styles = [text_m[i] if i == mark_at else s
                                       for i, s in enumerate(plain)]
                        number_styles = [number_m[i] if i == mark_at else s
                                         for i, s in enumerate(numbers)]
            cells = [_row_start(r, values, capacity)]
            for i, value in enumerate(values):
                if value is None or value == "":
                    if text_styles is not plain:
                        cells.append(f'<c r="{letters[i]}{r}" s="{text_styles[i]}"/>')
                    continue
                if isinstance(value, str):
                    style = text_styles[i]
                    link = links_at.get(i)
                    if link is not None:
                        target = link.row_of(values)
                        if target:
                            links.append(f'<hyperlink ref="{letters[i]}{r}" location="'
                                         f'{_attr(link_refs[i])}!A{target}" display="'
                                         f'{_attr(excel_text(value))}"/>')
                            style = link_styles[mark if table.mark_row or i == mark_at
                                                else None]
                    cells.append(f'<c r="{letters[i]}{r}" s="{style}" t="inlineStr"><is>'
                                 f'<t xml:space="preserve">{_text(excel_text(value))}</t></is></c>')
                elif isinstance(value, bool):
                    cells.append(f'<c r="{letters[i]}{r}" s="{number_styles[i]}" t="b">'
                                 f'<v>{int(value)}</v></c>')
                else:
                    cells.append(f'<c r="{letters[i]}{r}" s="{number_styles[i]}"><v>{value}</v>'
                                 '</c>')
            cells.append("</row>")
            buffer.append("".join(cells))
            if len(buffer) >= FLUSH_ROWS:
                out.write("".join(buffer).encode("utf-8"))
                buffer.clear()
        tail = ["".join(buffer), "</sheetData>",
                f'<autoFilter ref="A1:{letters[-1]}{count + 1}"/>']
        priority = 0
        for i, column in enumerate(table.columns):
            if column.colour_scale and count:
                priority += 1
                low, high = column.colour_scale
                tail.append(
                    f'<conditionalFormatting sqref="{letters[i]}2:{letters[i]}{count + 1}">'
                    f'<cfRule type="colorScale" priority="{priority}"><colorScale>'
                    f'<cfvo type="num" val="{low}"/><cfvo type="num" val="{high}"/>'
                    f'<color rgb="{SCALE_COLOURS[0]}"/><color rgb="{SCALE_COLOURS[1]}"/>'
                    '</colorScale></cfRule></conditionalFormatting>')
        if links:
            tail.append("<hyperlinks>" + "".join(links) + "</hyperlinks>")
        paper_size = PAPERS[paper][0]
        tail.append('<printOptions gridLines="1"/>'
                    '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" '
                    f'footer="0.3"/><pageSetup paperSize="{paper_size}" '
                    f'scale="{print_scale(table, paper)}" orientation="landscape"/>'
                    f'<headerFooter><oddHeader>&amp;L&amp;A</oddHeader>'
                    '<oddFooter>&amp;RPage &amp;P of &amp;N</oddFooter></headerFooter>'
                    '</worksheet>')
        out.write("".join(tail).encode("utf-8"))
    return count


__all__ = ["write_xlsx", "excel_text", "column_letter", "print_scale", "printed_columns",
           "EXCEL_CELL_LIMIT", "FILLS", "PAPERS", "DEFAULT_PAPER", "MIN_PRINT_SIZE"]
