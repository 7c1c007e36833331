"""The project store: schema, WAL, idempotent ingest, decisions carried over a
re-ingest, and the errors for a missing or foreign store (library and CLI)."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from conftest import GOOD_FRONT_MATTER, ROOT, flat, postgres_location, write_transcript
from typer.testing import CliRunner

from kiicode import __version__
from kiicode.cli import app
from kiicode.errors import NotFoundError, StoreError
from kiicode.store import SCHEMA_VERSION, Store
from kiicode.transcripts.corpus import read_corpus


@pytest.fixture
def store(store_location):
    with Store.open(store_location, create=True) as opened:
        yield opened


@pytest.fixture
def sample_store(store, sample_corpus):
    report = store.ingest(sample_corpus.transcripts)
    assert len(report.added) == 14
    return store


def test_schema_version_recorded(store):
    assert store.get_meta("schema_version") == str(SCHEMA_VERSION)
    assert store.get_meta("created_with") == __version__


def test_wal_mode_on_and_persistent(tmp_path):
    store = Store.open(tmp_path / "project.sqlite", create=True)
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
            "INSERT INTO coding (segment, code, coder, origin, status, score, evidence, created, "
            "updated) VALUES (?, ?, 'ana', 'manual', 'accepted', NULL, '[]', "
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
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
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


# --- PostgreSQL addresses -------------------------------------------------------------

def test_a_postgresql_address_never_becomes_a_local_file(tmp_path, invoke, monkeypatch):
    """The old bug: Path() folded postgresql://kc@host/db into a file named
    'postgresql:'. Now it connects, and an unreachable server is a clear error."""
    monkeypatch.chdir(tmp_path)
    url = "postgresql://kc@127.0.0.1:1/kiicode"     # nothing listens on port 1
    for args, env in ((["--store", url], {}), ([], {"KIICODE_STORE": url})):
        result = invoke("transcripts", *args) if not env else \
            CliRunner().invoke(app, ["transcripts"], env=env, prog_name="kiicode")
        assert result.exit_code == 1, result.output
        assert "cannot connect to the PostgreSQL database" in flat(result.stderr)
        assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("address", ["postgresql:/kc@127.0.0.1:5432/kiicode",
                                     "mysql://kc@127.0.0.1/kiicode"])
def test_a_mangled_or_foreign_address_is_refused(tmp_path, invoke, monkeypatch, address):
    monkeypatch.chdir(tmp_path)
    result = invoke("ingest", tmp_path, "--store", address,
                    "--codebook", ROOT / "codebooks" / "cpc_peru.yaml")
    assert result.exit_code == 1
    assert "not a store kiicode can open" in flat(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_password_in_the_address_is_refused_and_never_echoed(invoke):
    result = invoke("transcripts", "--store", "postgresql://kc:s3cret@127.0.0.1:1/kiicode")
    assert result.exit_code == 1
    assert "contains a password" in flat(result.stderr)
    assert "s3cret" not in result.output


def test_an_empty_database_is_not_a_project_until_ingest(postgres, invoke):
    location = postgres_location(postgres)
    result = invoke("transcripts", "--store", location)
    assert result.exit_code == 1
    assert "no kiicode project here (an empty database)" in flat(result.stderr)
    with Store.open(location, create=True) as store:
        assert store.is_shared and store.get_meta("schema_version") == str(SCHEMA_VERSION)


def test_another_applications_schema_is_refused_untouched(postgres, invoke):
    import psycopg

    location = postgres_location(postgres)
    with psycopg.connect(location, autocommit=True) as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    with pytest.raises(StoreError) as info:
        Store.open(location, create=True)
    assert "another application's database (tables invoices)" in str(info.value)
    with psycopg.connect(location) as other:
        assert other.execute("SELECT table_name FROM information_schema.tables WHERE "
                             "table_schema = current_schema()").fetchall() == [("invoices",)]


def test_libpq_environment_passes_through(postgres, invoke, sample_dir, monkeypatch):
    """PGUSER/PGHOST/PGPORT/PGOPTIONS (like PGPASSWORD, ~/.pgpass, services and
    sslmode) reach libpq untouched: the address may name only the database."""
    location = postgres_location(postgres)
    schema = location.rsplit("%3D", 1)[1]
    monkeypatch.setenv("PGUSER", "kiicode")
    monkeypatch.setenv("PGHOST", "127.0.0.1")
    monkeypatch.setenv("PGPORT", str(postgres.port))
    monkeypatch.setenv("PGOPTIONS", f"-csearch_path={schema}")
    monkeypatch.setenv("PGSSLMODE", "disable")
    result = invoke("ingest", sample_dir, "--store", "postgresql:///kiicode_test")
    assert result.exit_code == 0, result.output
    with Store.open(location) as store:
        assert store.counts()["transcript"] == 14


def test_quote_choices_upsert_and_undo(sample_store):
    # pin, then change one's mind: the one row per (finding, segment, coder)
    # is replaced (ON CONFLICT ... DO UPDATE), and undo restores each step
    segment = sample_store.segments()[0].id
    sample_store.choose_quote("F3", segment, "ana", "pin")
    sample_store.choose_quote("F3", segment, "ana", "exclude")
    assert [(c.finding, c.segment, c.coder, c.choice) for c in sample_store.quote_choices()] \
        == [("F3", segment, "ana", "exclude")]
    assert sample_store.undo_last("ana") == f"exclude quote {segment} for F3"
    assert [c.choice for c in sample_store.quote_choices()] == ["pin"]
    sample_store.choose_quote("F3", segment, "ana", None)
    assert sample_store.quote_choices() == []
    sample_store.undo_last("ana")
    assert [c.choice for c in sample_store.quote_choices()] == ["pin"]
    with pytest.raises(NotFoundError):
        sample_store.choose_quote("F3", "KII-ZZ-01:1", "ana", "pin")
