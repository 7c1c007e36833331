"""`kiicode import qdpx`: kiicode -> qdpx -> kiicode keeps everything, a
project from another tool (ATLAS.ti-style CRLF offsets) maps onto segments
as a named coder's decisions, and bad files change nothing."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from string import Template

import pytest
import xmlschema
from conftest import flat
from qdpx_project import (  # noqa: F401
    ANA_ACCEPTED,
    LUIS_ACCEPTED,
    export_qdpx,
    human_codings,
    qdpx_store_fixture,
    qdpx_template_fixture,
)

from kiicode.store import Store


def snapshot(path: Path) -> dict:
    with Store.open(path) as store:
        return {
            "texts": {t.id: store.transcript(t.id).text for t in store.transcripts()},
            "respondents": store.respondents(),
            "segments": [(s.id, s.respondent_id, s.start, s.end, s.text)
                         for s in store.segments()],
            "codings": human_codings(store),
            "rejected": human_codings(store, "rejected"),
            "links": {(link.segment, link.finding, link.coder) for link in store.finding_links()},
            "memos": sorted((m.target_kind, m.target_id, m.coder, m.text)
                            for m in store.memos()),
        }


def test_round_trip_keeps_sources_cases_attributes_codes_and_accepted_codings(
        invoke, qdpx_store, tmp_path, mini_codebook_path):
    out = export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx")
    fresh = tmp_path / "fresh.sqlite"
    result = invoke("import", "qdpx", out, "--store", fresh, "--codebook", mini_codebook_path)
    assert result.exit_code == 0, result.output
    before, after = snapshot(qdpx_store), snapshot(fresh)
    assert after["texts"] == before["texts"]                 # 3 sources, character for character
    assert after["respondents"] == before["respondents"]     # 5 respondents with attributes
    assert after["segments"] == before["segments"]           # 8 segments, same ids and offsets
    assert after["codings"] == before["codings"] == (
        {(s, c, "ana") for s, c in ANA_ACCEPTED} | {(s, c, "luis") for s, c in LUIS_ACCEPTED})
    assert after["links"] == before["links"]
    assert after["memos"] == before["memos"]
    assert after["rejected"] == set()   # REFI-QDA has no rejections: they stay behind
    assert "Sources: 0 matched, 3 added, 0 not imported" in result.stderr
    assert "Selections: 5 exact" in result.stderr


def test_coding_from_another_tool_becomes_a_coder_to_compare(invoke, qdpx_store, tmp_path):
    """ana's work, coded "in another tool", comes back as maria's decisions on
    the same segments, so agreement between ana and maria is perfect."""
    out = export_qdpx(invoke, qdpx_store, tmp_path / "ana.qdpx", "--coder", "ana")
    result = invoke("import", "qdpx", out, "--store", qdpx_store, "--coder", "maria")
    assert result.exit_code == 0, result.output
    assert "Sources: 3 matched, 0 added" in result.stderr
    with Store.open(qdpx_store) as store:
        maria = {(s, c) for s, c, who in human_codings(store) if who == "maria"}
        links = {(link.segment, link.finding) for link in store.finding_links()
                 if link.coder == "maria"}
    assert maria == ANA_ACCEPTED
    assert links == {("KII-Q-02:2", "F2")}
    agreement = invoke("agreement", "--coders", "ana", "maria", "--store", qdpx_store)
    assert agreement.exit_code == 0, agreement.output


SCHEMAS = Path(__file__).resolve().parent.parent / "refi_qda"
ATLAS_XML = Path(__file__).resolve().parent.parent / "fixtures" / "atlasti_project.qde"
ATLAS_TEXT = ("I: What changed?\r\n\r\nR: The training workshops helped a lot.\r\n\r\n"
              "I: Anything else?\r\n\r\nR: Staff turnover was a problem 😀, and nobody "
              "talked about it.\r\n")


def atlas_project(path: Path, origin: str = "ATLAS.ti 23.1.0") -> Path:
    """A project as ATLAS.ti writes it: CRLF line ends, offsets counting a
    CRLF as one character, braces around upper-case GUIDs, names for codes."""
    counted = ATLAS_TEXT.replace("\r\n", "\n")     # ATLAS.ti's positions are these

    def span(piece: str) -> tuple[int, int]:
        start = counted.index(piece)
        return start, start + len(piece)

    training = span("training workshops")
    turnover = span("Staff turnover was a problem 😀, and nobody talked about it.")
    question = span("What changed?")
    values = {"origin": origin}
    for name, (start, end) in (("training", training), ("turnover", turnover),
                               ("question", question)):
        values.update({f"{name}_start": start, f"{name}_end": end})
    xml = Template(ATLAS_XML.read_text(encoding="utf-8")).substitute(values)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml.encode("utf-8"))
        archive.writestr("Sources/A1B2C3D4.txt", ATLAS_TEXT.encode("utf-8"))
    return path


def test_an_atlas_ti_project_maps_onto_segments(invoke, tmp_path, mini_codebook_path):
    store_path = tmp_path / "p.sqlite"
    project = atlas_project(tmp_path / "atlas.qdpx")
    with zipfile.ZipFile(project) as archive:   # the hand-made file is valid REFI-QDA
        xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd")).validate(
            archive.read("project.qde").decode("utf-8"))
    result = invoke("import", "qdpx", project, "--store", store_path, "--codebook",
                    mini_codebook_path)
    assert result.exit_code == 0, result.output
    assert "offsets counted: atlasti" in result.stderr
    assert "1 added" in result.stderr
    assert "not mapped: Budget (1 codings)" in result.stderr
    assert "Selections: 1 exact, 1 inside, 1 outside" in result.stderr
    with Store.open(store_path) as store:
        respondent = store.respondents()[0]
        assert (respondent.id, respondent.type, respondent.region) == ("KII-X-01", "ngo_staff",
                                                                      "Puno")
        assert respondent.attributes == {"sex": "female"}   # the case's other variable
        segments = store.segments()
        assert [s.text for s in segments] == ["The training workshops helped a lot.",
                                              "Staff turnover was a problem 😀, and nobody "
                                              "talked about it."]
        assert human_codings(store) == {("KII-X-01:1", "training", "María G."),
                                        ("KII-X-01:2", "turnover", "María G.")}
        # a coder who coded a source has read all of it
        assert set(store.reviewed("María G.")) == {"KII-X-01:1", "KII-X-01:2"}


def test_counting_crlf_as_two_is_caught_for_an_atlas_ti_file(invoke, tmp_path,
                                                             mini_codebook_path):
    """The profile matters: read the standard way, the same file's second
    selection starts inside a CRLF pair; the import says so and writes nothing."""
    store_path = tmp_path / "p.sqlite"
    result = invoke("import", "qdpx", atlas_project(tmp_path / "atlas.qdpx"), "--store",
                    store_path, "--codebook", mini_codebook_path, "--profile", "standard")
    assert result.exit_code == 1
    assert "selection turnover" in result.stderr and "--profile" in result.stderr
    assert not store_path.exists()   # no empty project left behind


def test_a_file_that_is_not_a_project_is_a_clear_error(invoke, tmp_path):
    bad = tmp_path / "notes.qdpx"
    bad.write_text("not a zip")
    result = invoke("import", "qdpx", bad, "--store", tmp_path / "p.sqlite")
    assert result.exit_code == 1
    assert "not a .qdpx (not a zip file)" in result.stderr
    assert "Traceback" not in result.output


def test_a_selection_outside_its_text_writes_nothing(invoke, qdpx_store, tmp_path):
    out = export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx")
    broken = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "project.qde":
                text = data.decode("utf-8")
                at = text.index('endPosition="') + len('endPosition="')
                data = (text[:at] + "99999" + text[text.index('"', at):]).encode("utf-8")
            target.writestr(name, data)
    before = snapshot(qdpx_store)
    result = invoke("import", "qdpx", broken, "--store", qdpx_store, "--coder", "maria")
    assert result.exit_code == 1
    assert "not inside the text" in result.stderr
    assert snapshot(qdpx_store) == before


def test_the_sample_corpus_survives_the_round_trip(invoke, tmp_path, sample_dir,
                                                   mini_codebook_path):
    """All 14 sample transcripts, the .docx and the roster-only .vtt included
    (their metadata and speaker names come back from the cases and sources)."""
    store = tmp_path / "a.sqlite"
    assert invoke("ingest", sample_dir, "--store", store, "--codebook",
                  mini_codebook_path).exit_code == 0
    with Store.open(store) as project:
        for n, segment in enumerate(project.segments()):
            if n % 4 == 0:
                project.decide(segment.id, "training", "ana", "accepted", origin="manual")
    # the .vtt's speaker names ("Operadora CEM") are in its text: the guard flags them
    out = export_qdpx(invoke, store, tmp_path / "sample.qdpx", "--allow-pii")
    fresh = tmp_path / "b.sqlite"
    result = invoke("import", "qdpx", out, "--store", fresh, "--codebook", mini_codebook_path)
    assert result.exit_code == 0, result.output
    before, after = snapshot(store), snapshot(fresh)
    assert len(after["texts"]) == 14 and after["texts"] == before["texts"]
    assert after["respondents"] == before["respondents"]
    assert after["segments"] == before["segments"]
    assert after["codings"] == before["codings"] and len(before["codings"]) > 40


def test_importing_the_same_project_twice_changes_nothing(invoke, qdpx_store, tmp_path):
    """A re-import (the same file sent twice, or sent again after a fix) adds
    no second copy of any memo, decision or link, and says so."""
    out = export_qdpx(invoke, qdpx_store, tmp_path / "ana.qdpx", "--coder", "ana")
    first = invoke("import", "qdpx", out, "--store", qdpx_store, "--coder", "maria")
    assert first.exit_code == 0, first.output
    assert "Memos: 4 imported, 0 already in the project" in flat(first.stderr)
    once = snapshot(qdpx_store)
    assert sum(1 for m in once["memos"] if m[2] == "maria") == 4
    again = invoke("import", "qdpx", out, "--store", qdpx_store, "--coder", "maria")
    assert again.exit_code == 0, again.output
    assert "Memos: 0 imported, 4 already in the project" in flat(again.stderr)
    assert snapshot(qdpx_store) == once


def bomb_member(archive: zipfile.ZipFile, name: str, megabytes: int = 210) -> None:
    """~1 MB in the archive that expands to `megabytes` MB (past the 200 MB limit)."""
    with archive.open(name, "w", force_zip64=True) as inside:
        for _ in range(megabytes):
            inside.write(b"a" * 1_000_000)


@pytest.mark.parametrize("member", ["project.qde", "sources/bomb.txt"])
def test_a_zip_bomb_is_refused_before_it_is_read(invoke, qdpx_store, tmp_path, member):
    out = export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx")
    bomb = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED,
                                                         compresslevel=1) as target:
        for name in source.namelist():
            if name != member:
                target.writestr(name, source.read(name))
        bomb_member(target, member)
    before = snapshot(qdpx_store)
    started = time.monotonic()
    result = invoke("import", "qdpx", bomb, "--store", qdpx_store, "--coder", "maria")
    assert time.monotonic() - started < 10
    assert result.exit_code == 1, result.output
    assert f"{bomb}: this .qdpx (its project.qde and text sources) would expand to 2" \
        in flat(result.stderr)
    assert snapshot(qdpx_store) == before


def test_a_large_media_file_it_never_reads_does_not_block_an_import(invoke, qdpx_store,
                                                                    tmp_path):
    """Projects carry audio and video kiicode skips: only what is read counts."""
    out = export_qdpx(invoke, qdpx_store, tmp_path / "p.qdpx", "--coder", "ana")
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        bomb_member(archive, "sources/interview.mp4")
    result = invoke("import", "qdpx", out, "--store", qdpx_store, "--coder", "maria")
    assert result.exit_code == 0, result.output
