"""`kiicode export qdpx` and `export qdc`: files other tools can open,
valid against the REFI-QDA schemas, with offsets that select exactly each
segment's text in every tool's counting."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from functools import cache
from pathlib import Path

import pytest
import xmlschema
from qdpx_project import export_qdpx, qdpx_store_fixture, qdpx_template_fixture  # noqa: F401

from kiicode.interchange.project import check_project, read_qdpx
from kiicode.interchange.refi import PROFILES, Positions
from kiicode.store import Store

SCHEMAS = Path(__file__).resolve().parent.parent / "refi_qda"
NS = {"q": "urn:QDA-XML:project:1.0"}
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@cache
def schema(name: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / name))


def project_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def selections(path: Path) -> dict[str, ET.Element]:
    root = ET.fromstring(project_xml(path))
    return {s.get("name"): s for s in root.iter(f"{{{NS['q']}}}PlainTextSelection")}


@pytest.mark.parametrize("profile", ["standard", "maxqda", "nvivo"])
def test_every_export_validates_against_the_project_schema(invoke, qdpx_store, tmp_path,
                                                           profile):
    out = export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx", "--profile", profile,
                 "--status", "all")
    schema("Project.xsd").validate(project_xml(out).decode("utf-8"))
    assert check_project(read_qdpx(out), PROFILES[profile]) == []


def test_the_file_is_what_the_tools_expect(invoke, qdpx_store, tmp_path):
    out = export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx")
    raw = project_xml(out)
    assert raw.startswith(b'<?xml version="1.0" encoding="utf-8"?>')   # no BOM before it
    root = ET.fromstring(raw)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert names[0] == "project.qde"
        for name in names[1:]:
            assert name.startswith("sources/") and name == name.lower()
            assert not archive.read(name).startswith(b"\xef\xbb\xbf")
    guids = [value for element in root.iter() for key, value in element.attrib.items()
             if key in ("guid", "targetGUID", "creatingUser")]
    assert guids and all(GUID.match(g) for g in guids)
    colours = [c.get("color") for c in root.iter(f"{{{NS['q']}}}Code")]
    assert colours and all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours)
    for source in root.iter(f"{{{NS['q']}}}TextSource"):
        path = source.get("plainTextPath")
        assert path == f"internal://{source.get('guid')}.txt"
        assert f"sources/{path[len('internal://'):]}" in names


@pytest.mark.parametrize("profile", ["standard", "maxqda", "nvivo"])
def test_every_selection_selects_its_segment_text(invoke, qdpx_store, tmp_path, profile):
    """Read back the tool's way (CRLF for MAXQDA, UTF-16 units for NVivo),
    each selection is exactly its segment's text: accents and emoji included."""
    out = export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx", "--profile", profile,
                 "--status", "all")
    project = read_qdpx(out)
    with Store.open(qdpx_store) as store:
        segments = {s.id: s for s in store.segments()}
    checked = 0
    for source in project.sources:
        positions = Positions(source.raw, PROFILES[profile])
        assert ("\r\n" in source.raw) == (profile == "maxqda")
        for selection in source.selections:
            start, end = positions.to_text(selection.start), positions.to_text(selection.end)
            assert positions.text[start:end] == segments[selection.name].text
            checked += 1
    assert checked == 6   # every coded segment (KII-Q-01:2 was rejected, KII-Q-03:3 never coded)


def test_nvivo_offsets_count_characters_beyond_u_ffff_twice(invoke, qdpx_store, tmp_path):
    standard = selections(export_qdpx(invoke, qdpx_store, tmp_path / "s.qdpx"))
    nvivo = selections(export_qdpx(invoke, qdpx_store, tmp_path / "n.qdpx", "--profile", "nvivo"))
    # KII-Q-01:1 follows one emoji (😀) in the question: one more unit in NVivo
    first = "KII-Q-01:1"
    assert int(nvivo[first].get("startPosition")) == int(standard[first].get("startPosition")) + 1
    # and holds 👍, 🏽 and 𝒜: three more units inside it
    length = {name: int(s.get("endPosition")) - int(s.get("startPosition"))
              for name, s in (("s", standard[first]), ("n", nvivo[first]))}
    assert length["n"] == length["s"] + 3


def test_each_coder_is_a_user_and_suggestions_only_when_asked(invoke, qdpx_store, tmp_path):
    default = ET.fromstring(project_xml(export_qdpx(invoke, qdpx_store, tmp_path / "a.qdpx")))
    users = {u.get("id"): u.get("guid") for u in default.iter(f"{{{NS['q']}}}User")}
    assert set(users) == {"ana", "luis"}
    by_user: dict[str, int] = {}
    for coding in default.iter(f"{{{NS['q']}}}Coding"):
        by_user[coding.get("creatingUser")] = by_user.get(coding.get("creatingUser"), 0) + 1
    # ana: 3 codings and a finding link; luis: 2; the rejected suggestion is nowhere
    assert by_user == {users["ana"]: 4, users["luis"]: 2}
    everything = ET.fromstring(project_xml(export_qdpx(invoke, qdpx_store, tmp_path / "b.qdpx",
                                                  "--status", "all")))
    users = {u.get("id"): u for u in everything.iter(f"{{{NS['q']}}}User")}
    assert users["auto"].get("name") == "kiicode (machine suggestions)"
    machine = [c for c in everything.iter(f"{{{NS['q']}}}Coding")
               if c.get("creatingUser") == users["auto"].get("guid")]
    assert len(machine) == 6   # 7 suggestions, less the one ana rejected


def test_coder_and_filters_choose_what_is_written(invoke, qdpx_store, tmp_path):
    only_luis = export_qdpx(invoke, qdpx_store, tmp_path / "l.qdpx", "--coder", "luis")
    root = ET.fromstring(project_xml(only_luis))
    assert [u.get("id") for u in root.iter(f"{{{NS['q']}}}User")] == ["luis"]
    assert len(list(root.iter(f"{{{NS['q']}}}Coding"))) == 2
    english = read_qdpx(export_qdpx(invoke, qdpx_store, tmp_path / "e.qdpx", "--language", "en"))
    women = read_qdpx(export_qdpx(invoke, qdpx_store, tmp_path / "w.qdpx",
                                  "--attribute", "sex=female"))
    assert sorted(s.name for s in women.sources) == ["KII-Q-01", "KII-Q-03"]
    assert {sel.name for s in women.sources for sel in s.selections} == {"KII-Q-01:1",
                                                                         "KII-Q-01:3"}
    assert [s.name for s in english.sources] == ["KII-Q-02"]
    assert [c.name for c in english.cases] == ["KII-Q-02"]
    units = read_qdpx(export_qdpx(invoke, qdpx_store, tmp_path / "u.qdpx", "--theme", "protection"))
    coded = [(s.name, sel.name) for s in units.sources for sel in s.selections if sel.codings]
    assert coded == [("KII-Q-01", "KII-Q-01:3")]


def test_cases_carry_every_respondent_and_their_attributes(invoke, qdpx_store, tmp_path):
    project = read_qdpx(export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx"))
    cases = {c.name: c for c in project.cases}
    assert set(cases) == {"KII-Q-01", "KII-Q-02", "KII-Q-03-P1", "KII-Q-03-P2",
                          "KII-Q-03-GROUP"}
    assert cases["KII-Q-03-P2"].values == {
        "respondent_type": "community_member", "institution": "Junta",
        "region": "Puno", "language": "es", "respondent_kind": "person", "label": "P2",
        "sex": "female", "years_in_post": "3"}
    assert cases["KII-Q-01"].values["district"] == "Wanchaq"
    assert cases["KII-Q-03-GROUP"].values["respondent_kind"] == "group answer (unattributed)"
    sources = {s.guid: s.name for s in project.sources}
    assert all(sources[g] == "KII-Q-03" for g in cases["KII-Q-03-P1"].sources)
    selections_of = {sel.guid: sel.name for s in project.sources for sel in s.selections}
    assert [selections_of[g] for g in cases["KII-Q-03-P1"].selections] == ["KII-Q-03:1"]


def test_memos_are_notes_on_their_targets(invoke, qdpx_store, tmp_path):
    project = read_qdpx(export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx"))
    texts = {guid: text for guid, (_, text) in project.notes.items()}
    on_selection = [texts[n] for s in project.sources for sel in s.selections
                    for n in sel.notes]
    assert on_selection == ["Compárese con KII-Q-02 ✓ 😀"]
    assert [texts[n] for s in project.sources for n in s.notes] == ["Short interview"]
    on_codes = {code.name: [texts[n] for n in code.notes] for code in project.codes.values()
                if code.notes}
    assert on_codes == {"Training": ["Too broad?"], "F2: Turnover slowed work.":
                        ["Check with the team"]}


def test_findings_are_codes_and_links_are_their_codings(invoke, qdpx_store, tmp_path):
    project = read_qdpx(export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx"))
    groups = [c for c in project.codes.values() if c.name == "Findings"]
    assert len(groups) == 1 and not groups[0].codable
    findings = {c.guid: c.name for c in project.codes.values() if c.parent == groups[0].guid}
    linked = [(sel.name, findings[c.code]) for s in project.sources for sel in s.selections
              for c in sel.codings if c.code in findings]
    assert linked == [("KII-Q-02:2", "F2: Turnover slowed work.")]


def test_semantic_check_catches_a_dangling_reference_and_a_split_pair(tmp_path, invoke,
                                                                     qdpx_store):
    """The check the XSD cannot make fails on a broken file (it can fail)."""
    out = export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx")
    project = read_qdpx(out)
    project.references.append(("selection X: CodeRef", "00000000-0000-0000-0000-000000000000"))
    source = next(s for s in project.sources if "😀" in s.raw)
    source.selections[0].start = source.raw.index("😀") + 1   # inside the emoji, for NVivo
    problems = check_project(project, PROFILES["nvivo"])
    assert any("00000000-0000-0000-0000-000000000000" in p for p in problems)
    assert any("character boundaries" in p for p in problems)


def test_qdc_validates_against_the_codebook_schema(invoke, tmp_path, mini_codebook_path):
    out = tmp_path / "codebook.qdc"
    result = invoke("export", "qdc", out, "--codebook", mini_codebook_path)
    assert result.exit_code == 0, result.output
    schema("Codebook.xsd").validate(out.read_text(encoding="utf-8"))
    assert out.read_bytes().startswith(b"<?xml")


def test_the_default_codebook_exports_as_valid_qdc(invoke, tmp_path):
    out = tmp_path / "cpc.qdc"
    assert invoke("export", "qdc", out, "--codebook", "codebooks/cpc_peru.yaml").exit_code == 0
    schema("Codebook.xsd").validate(out.read_text(encoding="utf-8"))


def test_an_unknown_coder_is_a_clear_error(invoke, qdpx_store, tmp_path):
    result = invoke("export", "qdpx", tmp_path / "p.qdpx", "--store", qdpx_store,
                    "--coder", "anna")
    assert result.exit_code == 1
    assert "no decisions by coder 'anna'" in result.stderr and "ana" in result.stderr
    assert not (tmp_path / "p.qdpx").exists()


def test_whole_transcripts_with_undecided_personal_data_are_not_written(invoke, tmp_path,
                                                                        mini_codebook_path):
    """A .qdpx carries whole transcripts, so the PII guard scans all their
    text; --allow-pii writes anyway and says so."""
    from conftest import GOOD_FRONT_MATTER, write_transcript
    corpus = tmp_path / "t"
    corpus.mkdir()
    write_transcript(corpus, "KII-P-09.md", dict(GOOD_FRONT_MATTER, id="KII-P-09"),
                     "E: ¿Contacto?\n\nR: La capacitación fue buena; escríbame a "
                     "rosa.quispe@gmail.com o al 987 654 321.\n")
    store = tmp_path / "p.sqlite"
    assert invoke("ingest", corpus, "--store", store, "--codebook",
                  mini_codebook_path).exit_code == 0
    out = tmp_path / "p.qdpx"
    refused = invoke("export", "qdpx", out, "--store", store)
    assert refused.exit_code == 1 and "--allow-pii" in refused.stderr
    assert "rosa.quispe" not in refused.output and not out.exists()
    allowed = invoke("export", "qdpx", out, "--store", store, "--allow-pii")
    assert allowed.exit_code == 0, allowed.output
    assert "WRITTEN WITH --allow-pii" in allowed.stderr and out.exists()


def test_filters_that_keep_nothing_write_nothing(invoke, qdpx_store, tmp_path):
    out = tmp_path / "p.qdpx"
    result = invoke("export", "qdpx", out, "--store", qdpx_store, "--language", "en",
                    "--respondent-type", "community_member")
    assert result.exit_code == 1
    assert "no transcript to export" in result.stderr and not out.exists()
