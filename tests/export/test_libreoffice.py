"""The deliverables as a client opens them: the sample project's workbook
(and findings report) converted by LibreOffice, headless, in ONE soffice run
for the whole module. The test fails, never skips, when soffice is missing:
`.ci/run` installs it (libreoffice-calc-nogui, libreoffice-writer-nogui,
poppler-utils, fonts-crosextra-carlito)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_DIR

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run `bash .ci/run` once as root, or apt-get "
                    "install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils "
                    "fonts-crosextra-carlito")
    return found


@pytest.fixture(scope="module")
def converted(tmp_path_factory, invoke):
    """The sample coded with the CPC Peru codebook and exported as `make demo`
    does (--status all), then every deliverable converted to PDF at once."""
    soffice = tool("soffice")
    tool("pdfinfo")
    root = tmp_path_factory.mktemp("libreoffice")
    store = root / "project.sqlite"
    for args in (("ingest", SAMPLE_DIR, "--codebook", CODEBOOK), ("code",)):
        result = invoke(*args, "--store", store)
        assert result.exit_code == 0, result.output
    workbook = root / "evidence_matrix.xlsx"
    result = invoke("export", "xlsx", workbook, "--store", store, "--status", "all")
    assert result.exit_code == 0, result.output
    report = root / "findings.docx"
    result = invoke("report", report, "--store", store, "--status", "all")
    assert result.exit_code == 0, result.output
    outdir = root / "pdf"

    def convert(target: str, *files: Path) -> None:
        run = subprocess.run([soffice, "--headless", "--norestore",
                              f"-env:UserInstallation={(root / 'profile').as_uri()}",
                              "--convert-to", target, "--outdir", str(outdir),
                              *map(str, files)], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr

    convert("pdf", workbook, report)
    # LibreOffice 7.4's Writer writes no link annotations into a PDF when run
    # headless, so the report's links are checked in its own format instead
    convert("odt", report)
    return {"xlsx": workbook, "xlsx_pdf": outdir / "evidence_matrix.pdf", "docx": report,
            "docx_pdf": outdir / "findings.pdf", "odt": outdir / "findings.odt"}


def pdf_info(path: Path) -> dict[str, str]:
    lines = subprocess.run([tool("pdfinfo"), str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def pdf_text(path: Path) -> str:
    return subprocess.run([tool("pdftotext"), "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def workbook_links(path: Path) -> int:
    with zipfile.ZipFile(path) as package:
        return sum(package.read(name).count(b"<hyperlink ")
                   for name in package.namelist() if name.startswith("xl/worksheets/"))


def test_workbook_prints_legibly_on_a4_landscape(converted):
    info = pdf_info(converted["xlsx_pdf"])
    pages = int(info["Pages"])
    width, height = (float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width), round(height)) == (842, 595)   # A4 landscape
    # 353 evidence rows at >= 8 pt: more pages than the 25 of the old ~4 pt
    # layout, but bounded (the matrix alone fits some 6 quotes a page)
    assert 40 <= pages <= 250, pages
    text = pdf_text(converted["xlsx_pdf"])
    pages_text = text.split("\f")
    assert "Evidence matrix" in pages_text[0] and "Quote (original language)" in pages_text[0]
    assert f"Page 1 of {pages}" in pages_text[0]
    # explanation columns stay out of the print area; identifying ones print
    assert "Patterns fired" not in text and "Segment" in pages_text[0]
    # the header row repeats on every page of the evidence matrix
    matrix_pages = [p for p in pages_text if p.lstrip().startswith("Evidence matrix")]
    assert len(matrix_pages) > 10
    assert all("Respondent" in p for p in matrix_pages)


def test_links_survive_the_conversion(converted):
    links = workbook_links(converted["xlsx"])
    assert links > 300
    pdf = converted["xlsx_pdf"].read_bytes()
    annotations = re.findall(rb"/Subtype/Link.*?endobj", pdf, re.S)
    internal = [a for a in annotations if b"/Dest" in a]
    # every link is on a text cell, so LibreOffice keeps each one, as an
    # internal jump (no link leaves the document)
    assert len(internal) >= links
    # no link action leaves the document (the bytes "/URI" alone may occur
    # inside a compressed stream)
    assert not re.search(rb"/S\s*/URI", pdf)
    assert not any(b"/URI" in a for a in annotations)


def test_report_converts_to_a4_pages_with_its_links(converted):
    info = pdf_info(converted["docx_pdf"])
    width, height = (float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width), round(height)) == (595, 842)   # A4 portrait
    pages = int(info["Pages"])
    assert 15 <= pages <= 120, pages
    text = pdf_text(converted["docx_pdf"])
    assert "Findings report (draft)" in text and "Annex A. Traceability" in text
    assert "Figure 1." in text                           # the heat map is in
    with zipfile.ZipFile(converted["odt"]) as package:
        content = package.read("content.xml").decode("utf-8")
    links = re.findall(r'<text:a [^>]*xlink:href="#([^"]+)"', content)
    bookmarks = set(re.findall(r'<text:bookmark-start text:name="([^"]+)"', content))
    assert len(links) > 21 and set(links) <= bookmarks
    assert {f"F{i}" for i in range(1, 22)} <= bookmarks
