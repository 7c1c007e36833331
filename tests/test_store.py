"""The project store: schema, WAL, idempotent ingest, decisions carried over a
re-ingest, and the errors for a missing or foreign store (library and CLI)."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import GOOD_FRONT_MATTER, flat, write_transcript

from kiicode import __version__
from kiicode.errors import NotFoundError, StoreError
from kiicode.store import SCHEMA_VERSION, Store
from kiicode.transcripts.corpus import read_corpus


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "project.sqlite", create=True) as opened:
        yield opened


@pytest.fixture
def sample_store(store, sample_corpus):
    report = store.ingest(sample_corpus.transcripts)
    assert len(report.added) == 14
    return store


def test_schema_version_recorded(store):
    assert store.get_meta("schema_version") == str(SCHEMA_VERSION)
    assert store.get_meta("created_with") == __version__


def test_wal_mode_on_and_persistent(store, tmp_path):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    # WAL is a property of the file: a plain sqlite3 connection sees it too
    plain = sqlite3.connect(tmp_path / "project.sqlite")
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        plain.close()


def test_ingest_stores_what_was_read(sample_store, sample_corpus):
    by_id = {t.id: t for t in sample_corpus.transcripts}
    assert [t.id for t in sample_store.transcripts()] == sorted(by_id)
    for tid, transcript in by_id.items():
        assert sample_store.segments(tid) == transcript.segments
        assert sample_store.turns(tid) == transcript.turns
        assert sample_store.respondents(tid) == sorted(transcript.respondents,
                                                       key=lambda r: r.id)
        stored = sample_store.transcript(tid)
        assert stored.text == transcript.text
        assert all(stored.text[s.start:s.end] == s.text for s in sample_store.segments(tid))


def test_ingest_is_idempotent(sample_store, sample_corpus):
    counts = sample_store.counts()
    report = sample_store.ingest(sample_corpus.transcripts)
    assert (report.added, report.updated) == ([], [])
    assert len(report.unchanged) == 14
    assert sample_store.counts() == counts
    assert counts["transcript"] == 14
    assert counts["segment"] == sum(len(t.segments) for t in sample_corpus.transcripts)


def test_offsets_survive_the_store_after_emoji(store, tmp_path, mini_codebook):
    path = write_transcript(tmp_path, "emoji.md", GOOD_FRONT_MATTER,
                            "E: ¿Hola? 😀\n\nR: Bien 🇵🇪 y la rotación 👍🏽 bajó.\n\nSí. ✅ Fin.\n")
    store.ingest(read_corpus([path], mini_codebook).transcripts)
    text = store.transcript("KII-T-01").text
    segments = store.segments("KII-T-01")
    assert [s.text for s in segments] == ["Bien 🇵🇪 y la rotación 👍🏽 bajó.", "Sí. ✅ Fin."]
    assert all(text[s.start:s.end] == s.text for s in segments)


# --- re-ingest and the coders' decisions --------------------------------------------

BEFORE = ("E: ¿Qué cambió?\n\n"
          "R: La capacitación de fiscales mejoró las investigaciones.\n\n"
          "Pero la rotación de personal sigue siendo alta.\n\n"
          "E: ¿Algo más?\n\n"
          "R: Nada más, gracias.\n")
AFTER = ("E: ¿Qué cambió?\n\n"
         "R: Primero, hay más coordinación.\n\n"                        # new paragraph
         "La capacitación de fiscales mejoró las investigaciones.\n\n"  # unchanged text
         "Pero la rotación de personal sigue siendo muy alta.\n\n"      # edited
         "E: ¿Algo más?\n\n"
         "R: Nada más, gracias.\n")
KEPT = "La capacitación de fiscales mejoró las investigaciones."
EDITED = "Pero la rotación de personal sigue siendo alta."


def _segment_id(store: Store, text: str) -> str:
    [segment] = [s for s in store.segments("KII-T-01") if s.text == text]
    return segment.id


def _decide(store: Store, segment_id: str, code: str) -> None:
    with store.transaction():
        store.db.execute(
            "INSERT INTO coding VALUES (?, ?, 'ana', 'manual', 'accepted', NULL, '[]', "
            "'2024-06-01T10:00:00+00:00', '2024-06-01T10:00:00+00:00')", (segment_id, code))


def test_changed_transcript_keeps_decisions_on_unchanged_segments(store, tmp_path,
                                                                  mini_codebook):
    path = write_transcript(tmp_path, "KII-T-01.md", GOOD_FRONT_MATTER, BEFORE)
    store.ingest(read_corpus([path], mini_codebook).transcripts)
    kept_before = _segment_id(store, KEPT)
    edited_before = _segment_id(store, EDITED)
    _decide(store, kept_before, "training")
    _decide(store, edited_before, "turnover")
    with store.transaction():
        store.db.execute("INSERT INTO finding_link VALUES (?, 'F1', 'ana', 'manual', "
                         "'2024-06-01T10:00:00+00:00')", (kept_before,))
        store.db.execute("INSERT INTO memo(target_kind, target_id, coder, text, created) "
                         "VALUES ('segment', ?, 'ana', 'Cita clave.', "
                         "'2024-06-01T10:00:00+00:00')", (kept_before,))
    segments_before = store.counts()["segment"]

    write_transcript(tmp_path, "KII-T-01.md", GOOD_FRONT_MATTER, AFTER)
    report = store.ingest(read_corpus([path], mini_codebook).transcripts)

    assert (report.added, report.updated, report.unchanged) == ([], ["KII-T-01"], [])
    assert report.kept_decisions == 3     # the coding, the finding link and the memo on KEPT
    assert report.dropped_decisions == 1  # the coding on the edited paragraph
    kept_after = _segment_id(store, KEPT)
    assert kept_after != kept_before      # the new paragraph shifted the ids
    codings = store.codings(coder="ana")
    assert [(c.segment, c.code, c.status, c.origin) for c in codings] == [
        (kept_after, "training", "accepted", "manual")]
    assert codings[0].created == "2024-06-01T10:00:00+00:00"   # the decision, not a copy
    links = store.db.execute("SELECT segment, finding, coder FROM finding_link").fetchall()
    assert [tuple(row) for row in links] == [(kept_after, "F1", "ana")]
    memo = store.db.execute("SELECT target_id FROM memo").fetchone()
    assert memo[0] == kept_after
    assert store.counts()["segment"] == segments_before + 1


def test_unchanged_transcript_keeps_its_segment_ids(store, tmp_path, mini_codebook):
    path = write_transcript(tmp_path, "KII-T-01.md", GOOD_FRONT_MATTER, BEFORE)
    store.ingest(read_corpus([path], mini_codebook).transcripts)
    _decide(store, _segment_id(store, KEPT), "training")
    report = store.ingest(read_corpus([path], mini_codebook).transcripts)
    assert report.unchanged == ["KII-T-01"]
    assert [c.segment for c in store.codings(coder="ana")] == [_segment_id(store, KEPT)]


def test_ingest_is_all_or_nothing(store, tmp_path, mini_codebook):
    path = write_transcript(tmp_path, "KII-T-01.md", GOOD_FRONT_MATTER, BEFORE)
    [transcript] = read_corpus([path], mini_codebook).transcripts
    broken = read_corpus([path], mini_codebook).transcripts[0]
    broken.id = "KII-T-02"
    broken.segments = broken.segments + broken.segments[:1]   # a duplicate segment id
    with pytest.raises(sqlite3.IntegrityError):
        store.ingest([transcript, broken])
    assert store.counts()["transcript"] == 0


# --- opening ------------------------------------------------------------------------

def test_open_missing_store_without_create(tmp_path, invoke):
    missing = tmp_path / "missing.sqlite"
    with pytest.raises(StoreError) as info:
        Store.open(missing)
    assert info.value.location.path == str(missing)
    assert info.value.problems[0].message == "no kiicode project here"
    assert not missing.exists()

    result = invoke("transcripts", "--store", missing)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert flat(result.stderr).startswith(f"Error: {missing}: no kiicode project here")
    assert not missing.exists()


def test_open_non_sqlite_file(tmp_path, invoke):
    notes = tmp_path / "notes.sqlite"
    notes.write_text("these are my interview notes, not a database\n" * 50)
    before = notes.read_bytes()
    with pytest.raises(StoreError) as info:
        Store.open(notes)
    assert info.value.location.path == str(notes)
    assert info.value.problems[0].message.startswith("not a kiicode project")

    result = invoke("transcripts", "--store", notes)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert flat(result.stderr).startswith(f"Error: {notes}: not a kiicode project")
    assert notes.read_bytes() == before


def test_open_store_from_a_newer_kiicode(tmp_path, invoke):
    path = tmp_path / "future.sqlite"
    with Store.open(path, create=True) as opened:
        opened.set_meta("schema_version", str(SCHEMA_VERSION + 1))
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert "newer kiicode" in info.value.problems[0].message
    result = invoke("transcripts", "--store", path)
    assert result.exit_code == 1
    assert "newer kiicode" in flat(result.stderr)


def test_unknown_transcript_id(sample_store, invoke):
    with pytest.raises(NotFoundError) as info:
        sample_store.transcript("KII-ES-11")
    assert info.value.problems[0].message == "no transcript 'KII-ES-11'"
    assert info.value.problems[0].hint.startswith("did you mean 'KII-ES-")
    sample_store.close()
    result = invoke("show", "KII-ES-11", "--store", sample_store.path)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "no transcript 'KII-ES-11' (did you mean" in flat(result.stderr)
