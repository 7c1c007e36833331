"""The codebook alone as a REFI-QDA codebook (.qdc), and codebooks read back
from a .qdc or from a .qdpx project's codebook."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from .. import __version__
from ..codebook import PROSE_FIELDS, Codebook
from ..errors import CodebookError, Location, Problem
from ..export import atomic_path
from .refi import (
    CODEBOOK_NS,
    PROJECT_NS,
    SET_MARK,
    code_elements,
    parse_description,
    set_elements,
    xml_bytes,
)


def qdc_bytes(codebook: Codebook) -> bytes:
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", origin=f"kiicode {__version__}")
    codes = ET.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    code_elements(codes, codebook, CODEBOOK_NS)
    set_elements(root, codebook, CODEBOOK_NS, "guid")
    return xml_bytes(root, CODEBOOK_NS)


def write_qdc(codebook: Codebook, target: str | Path) -> None:
    with atomic_path(target) as temp:
        temp.write_bytes(qdc_bytes(codebook))


def slug(name: str) -> str:
    """An id from a name: ASCII, lower case, words joined by '_'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_") or "code"


def parse_xml(data: bytes, path: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise CodebookError(Problem(Location(path, line, column + 1),
                                    f"not well-formed XML ({exc})",
                                    "export the file again from the tool it came from")) from None


def read_project_xml(path: Path) -> bytes:
    """project.qde from a .qdpx (a zip), with a clear error when it is not one."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".qde")]
            if not names:
                raise CodebookError(Problem(Location(str(path)), "no project.qde inside",
                                            "is this a REFI-QDA project (.qdpx)?"))
            return archive.read(names[0])
    except zipfile.BadZipFile:
        raise CodebookError(Problem(Location(str(path)), "not a .qdpx (not a zip file)",
                                    "export a REFI-QDA project (.qdpx) from the tool")) from None


def codebook_data(path: str | Path, languages: tuple[str, ...] = ("es", "en")) -> dict:
    """A kiicode codebook (as YAML-ready data) from a .qdc or a .qdpx's
    codebook: codes with their hierarchy, names and descriptions; sets as
    lines of inquiry and themes; the findings a kiicode .qdpx carries."""
    path = Path(path)
    try:
        raw = read_project_xml(path) if path.suffix.lower() == ".qdpx" else path.read_bytes()
    except OSError as exc:
        raise CodebookError(Problem(Location(str(path)), f"cannot read: {exc.strerror}",
                                    "check the path")) from None
    root = parse_xml(raw, str(path))
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if ns not in (CODEBOOK_NS, PROJECT_NS):
        raise CodebookError(Problem(Location(str(path), 1), f"not a REFI-QDA codebook or "
                                    f"project (root element {root.tag})",
                                    "export a .qdc codebook or .qdpx project"))

    def q(tag: str) -> str:
        return f"{{{ns}}}{tag}"

    codes_parent = root.find(q("Codes")) if ns == CODEBOOK_NS else root.find(
        f"{q('CodeBook')}/{q('Codes')}")
    codes: list[dict] = []
    findings: list[dict] = []
    by_guid: dict[str, str] = {}
    taken: set[str] = set()

    def unique(wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in taken:
            candidate, n = f"{wanted}_{n}", n + 1
        taken.add(candidate)
        return candidate

    def walk(element: ET.Element, parent: str) -> None:
        for child in element.findall(q("Code")):
            name = child.get("name") or "code"
            description = child.findtext(q("Description")) or ""
            finding_mark = SET_MARK.format(kind="finding")
            if finding_mark in description:
                statement, _, finding_id = description.rpartition(finding_mark)
                findings.append({"id": finding_id.strip(), "statement": statement.strip()})
                continue
            if child.get("isCodable") == "false" and name == "Findings" and \
                    "kiicode findings" in description:
                walk(child, parent)
                continue
            fields = parse_description(description)
            code_id = unique(fields["id"] or slug(name))
            by_guid[(child.get("guid") or "").lower().strip("{}")] = code_id
            item: dict = {"id": code_id, "name": name}
            if parent:
                item["parent"] = parent
            for key in PROSE_FIELDS:
                given = fields["per_language"].get(key) or fields[key]
                if given:
                    item[key] = given
            codes.append(item)
            walk(child, code_id)

    if codes_parent is not None:
        walk(codes_parent, "")
    lois: list[dict] = []
    themes: list[dict] = []
    code_index = {c["id"]: c for c in codes}
    for element in root.iter(q("Set")):
        description = element.findtext(q("Description")) or ""
        name = element.get("name") or "set"
        members = [by_guid.get((m.get("guid") or m.get("targetGUID") or "").lower().strip("{}"))
                   for m in element.findall(q("MemberCode"))]
        members = [m for m in members if m]
        loi_mark, theme_mark = SET_MARK.format(kind="loi"), SET_MARK.format(kind="theme")
        if description.startswith(loi_mark):
            loi_id = description[len(loi_mark):].strip()
            lois.append({"id": loi_id, "name": name.removeprefix("Line of inquiry: ")})
            for member in members:
                code_index[member]["loi"] = loi_id
            continue
        theme_id = (description[len(theme_mark):].strip() if description.startswith(theme_mark)
                    else slug(name))
        themes.append({"id": theme_id, "name": name.removeprefix("Theme: ")})
        for member in members:
            code_index[member].setdefault("themes", []).append(theme_id)
    for code in codes:   # a codebook check wants patterns in every language
        code["patterns"] = {"any": [code["name"].lower()]}
    data: dict = {
        "project": {"name": root.get("name") or path.stem, "languages": list(languages)},
        "lines_of_inquiry": [dict(loi, questions=[]) for loi in lois],
        "questions": [], "themes": themes, "respondent_types": [], "codes": codes,
    }
    if findings:
        data["findings"] = findings
    return data
