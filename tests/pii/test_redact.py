"""`kiicode pii redact`: consistent placeholders across the corpus, a key
file kept apart, originals untouched, and copies a re-ingest reads."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from conftest import GOOD_FRONT_MATTER

from kiicode.store import Store

ES_BODY = ("E: ¿Quién coordinaba?\n\n"
           "Rosario Huamaní: Coordinaba María Quispe Mamani; a Quispe la llamábamos al "
           "987 654 321. La Dra. Ccallo vino después.\n")
EN_BODY = ("Interviewer: Who else?\n\n"
           "Respondent: We met María Quispe Mamani in Puno; her cell phone is 987-654-321 "
           "and she lives at Jr. Huallaga 456.\n")


@pytest.fixture
def corpus(tmp_path, write_transcript):
    source = tmp_path / "source"
    source.mkdir()
    write_transcript(source, "KII-R-01.md", dict(GOOD_FRONT_MATTER, id="KII-R-01",
                                                  speakers={"Rosario Huamaní": "R"}), ES_BODY)
    write_transcript(source, "KII-R-02.md", dict(GOOD_FRONT_MATTER, id="KII-R-02",
                                                  language="en"), EN_BODY)
    return source


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_redacted_copies_are_consistent_readable_and_reingestable(invoke, corpus, tmp_path):
    before = digests(corpus)
    out = tmp_path / "redacted"
    result = invoke("pii", "redact", out, corpus, "--store", tmp_path / "none.sqlite")
    assert result.exit_code == 0, result.output
    assert digests(corpus) == before            # originals untouched
    es = (out / "KII-R-01.md").read_text(encoding="utf-8")
    en = (out / "KII-R-02.md").read_text(encoding="utf-8")
    for secret in ("Huamaní", "Quispe", "987", "Ccallo", "Huallaga"):
        assert secret not in es + en
    # the same person and the same number get the same placeholder in both files,
    # whatever the form they were written in
    maria = es.split("Coordinaba ")[1].split(";")[0]
    assert maria.startswith("[NOMBRE-") and maria in en
    assert f"a {maria} la llamábamos" in es          # "Quispe" alone is María Quispe Mamani
    phone = es.split("llamábamos al ")[1].split(".")[0]
    assert phone.startswith("[TEL-") and f"cell phone is {phone}" in en
    assert "La Dra. [NOMBRE-" in es                   # the title stays: the text still reads
    # the copies are transcripts: a re-ingest reads them, offsets into the copies
    store = tmp_path / "again.sqlite"
    ingested = invoke("ingest", out, "--store", store)
    assert ingested.exit_code == 0, ingested.output
    with Store.open(store) as project:
        for row in project.transcripts():
            text = project.transcript(row.id).text
            for segment in project.segments(row.id):
                assert text[segment.start:segment.end] == segment.text
        speakers = {t.speaker for t in project.turns("KII-R-01")}
    assert any(s.startswith("[NOMBRE-") for s in speakers)
    rescan = invoke("pii", "scan", "--store", store, "--format", "json")
    assert [h for h in json.loads(rescan.stdout)["hits"] if h["confidence"] >= 0.8] == []


def test_the_key_file_maps_placeholders_to_originals_and_is_private(invoke, corpus, tmp_path):
    out = tmp_path / "redacted"
    result = invoke("pii", "redact", out, corpus, "--store", tmp_path / "none.sqlite")
    key = tmp_path / "redacted.key.csv"
    assert str(key) in result.stderr.replace("\n", "") and "apart" in result.stderr
    assert key.stat().st_mode & 0o077 == 0
    rows = list(csv.DictReader(key.open(encoding="utf-8-sig")))
    originals = {r["original"]: r["placeholder"] for r in rows}
    assert originals["María Quispe Mamani"] == originals["Quispe"]
    assert originals["987 654 321"] == originals["987-654-321"]
    assert {r["transcripts"] for r in rows if r["original"] == "María Quispe Mamani"} == {
        "KII-R-01;KII-R-02"}
    assert not any(p.name.endswith(".key.csv") for p in out.iterdir())


def test_the_key_is_never_written_beside_the_copies(invoke, corpus, tmp_path):
    out = tmp_path / "redacted"
    result = invoke("pii", "redact", out, corpus, "--key", out / "key.csv",
                    "--store", tmp_path / "none.sqlite")
    assert result.exit_code == 1 and "keep the key apart" in result.stderr
    assert not out.exists()


def test_redact_refuses_to_write_over_the_originals(invoke, corpus, tmp_path):
    before = digests(corpus)
    result = invoke("pii", "redact", corpus, corpus, "--store", tmp_path / "none.sqlite")
    assert result.exit_code == 1 and "originals are never modified" in result.stderr
    assert digests(corpus) == before


def test_dismissed_hits_are_kept(invoke, corpus, tmp_path):
    store = tmp_path / "p.sqlite"
    assert invoke("ingest", corpus, "--store", store).exit_code == 0
    hits = json.loads(invoke("pii", "scan", "--store", store, "--format", "json",
                             "--show-text").stdout)["hits"]
    ccallo = next(h["key"] for h in hits if h["text"] == "Ccallo")
    assert invoke("pii", "dismiss", ccallo, "--coder", "ana", "--store", store).exit_code == 0
    out = tmp_path / "redacted"
    assert invoke("pii", "redact", out, "--store", store).exit_code == 0
    assert "La Dra. Ccallo" in (out / "KII-R-01.md").read_text(encoding="utf-8")


FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
DISPLAY_NAMES = ("Ana Torres", "Torres Vega", "Maria Lopez", "John Carter", "Quispe Mamani")


def _frame(text: str) -> list[str]:
    """A caption file's structure: its header, cue numbers and timing lines."""
    return [line for line in text.split("\n")
            if "-->" in line or line.strip().isdigit() or line.startswith("WEBVTT")]


def test_redacted_copies_keep_their_format_and_reingest_with_their_own_offsets(
        invoke, tmp_path):
    from kiicode.transcripts.corpus import read_source

    out = tmp_path / "redacted"
    result = invoke("pii", "redact", out, FORMATS, "--store", tmp_path / "none.sqlite")
    assert result.exit_code == 0, result.output
    written = {p.name for p in out.iterdir()}
    # .vtt/.srt/.txt/.md keep their format (.docx becomes .md); captions' metadata is in
    # the folder's roster, written with placeholders
    assert {"KII-ZM-01.vtt", "KII-TM-01.vtt", "KII-SR-01.srt", "KII-OT-01.txt",
            "KII-TX-01.txt", "KII-GR-02.md", "KII-TD-01.md", "respondents.csv"} <= written
    originals = {"KII-ZM-01.vtt": "GMT20240314-150212_Recording.transcript.vtt",
                 "KII-TM-01.vtt": "Entrevista MINJUS-20240318_100512-Meeting Recording.vtt",
                 "KII-SR-01.srt": "KII-SR-01.srt"}
    for copy, original in originals.items():
        before = (FORMATS / original).read_text(encoding="utf-8")
        after = (out / copy).read_text(encoding="utf-8")
        assert _frame(after) == _frame(before)          # every cue and timing kept
        assert after.count("\n") == before.count("\n")  # line for line
    everything = "".join((out / name).read_text(encoding="utf-8") for name in written)
    for name in DISPLAY_NAMES:
        assert name not in everything
    # a re-ingest reads the same interviews, with the copies' own offsets
    original_store, redacted_store = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert invoke("ingest", FORMATS, "--store", original_store).exit_code == 0
    again = invoke("ingest", out, "--store", redacted_store)
    assert again.exit_code == 0, again.output
    with Store.open(original_store) as a, Store.open(redacted_store) as b:
        assert {t.id for t in a.transcripts()} == {t.id for t in b.transcripts()}
        for row in b.transcripts():
            text = b.transcript(row.id).text
            path = out / Path(row.path).name
            assert text == read_source(path).text            # what the copy holds
            roles = [t.role for t in b.turns(row.id)]
            assert roles == [t.role for t in a.turns(row.id)], row.id
            if not a.transcript(row.id).path.endswith(".docx"):   # (docx: see the docs)
                assert len(b.segments(row.id)) == len(a.segments(row.id)), row.id
            for segment in b.segments(row.id):
                assert text[segment.start:segment.end] == segment.text
    rescan = invoke("pii", "scan", "--store", redacted_store, "--format", "json")
    assert [h for h in json.loads(rescan.stdout)["hits"] if h["confidence"] >= 0.8] == []


GROUP_VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Ana Torres>Buenos días a los dos. ¿Cómo coordinan en la mesa?</v>

00:00:05.000 --> 00:00:09.000
<v Luis Quispe>Nos reunimos cada mes con la fiscalía y la policía.</v>

00:00:10.000 --> 00:00:14.000
<v Rosa Mamani>Y la DEMUNA también, aunque cambia mucho el personal.</v>

00:00:19.000 --> 00:00:24.000
<v Luis Quispe>Fue buena. Mi celular es 987 654 321 si necesita algo.</v>
"""
GROUP_ROSTER = ("transcript_id,file,label,respondent_id,respondent_type,institution,region,"
                "language,date,mode,interviewer\n") + """\
KII-GV-01,KII-GV-01.vtt,,,,,Puno,es,2024-04-01,group,Ana Torres
KII-GV-01,KII-GV-01.vtt,Luis Quispe,KII-GV-01-A,government_official,MIMP,Puno,,,,
KII-GV-01,KII-GV-01.vtt,Rosa Mamani,KII-GV-01-B,municipal_official,DEMUNA,Puno,,,,
"""


def test_a_redacted_group_caption_file_keeps_its_participants(invoke, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "KII-GV-01.vtt").write_text(GROUP_VTT, encoding="utf-8")
    (source / "respondents.csv").write_text(GROUP_ROSTER, encoding="utf-8")
    out = tmp_path / "redacted"
    assert invoke("pii", "redact", out, source, "--store", tmp_path / "n.sqlite").exit_code == 0
    copy = (out / "KII-GV-01.vtt").read_text(encoding="utf-8")
    roster = (out / "respondents.csv").read_text(encoding="utf-8")
    for secret in ("Ana Torres", "Luis Quispe", "Rosa Mamani", "987 654 321"):
        assert secret not in copy + roster
    assert _frame(copy) == _frame(GROUP_VTT)
    stores = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for folder, store in zip((source, out), stores, strict=True):
        result = invoke("ingest", folder, "--store", store)
        assert result.exit_code == 0, result.output
    with Store.open(stores[0]) as a, Store.open(stores[1]) as b:
        assert [(t.role, t.respondent_id) for t in b.turns("KII-GV-01")] == [
            (t.role, t.respondent_id) for t in a.turns("KII-GV-01")]
        assert {(r.id, r.type, r.institution) for r in b.respondents()} == {
            (r.id, r.type, r.institution) for r in a.respondents()}
