"""`kiicode store copy`: SQLite -> PostgreSQL -> SQLite, exact and verified."""

from __future__ import annotations

from coded_project import coded_template_fixture  # noqa: F401
from conftest import flat, postgres_location

from kiicode.store import Store
from kiicode.store.copy import table_digest, tables


def _digests(location: str) -> dict:
    with Store.open(location) as store:
        return {t: table_digest(store, t) for t in tables()}


def test_a_project_goes_to_postgresql_and_back_exactly(coded_template, postgres, tmp_path,
                                                       invoke):
    source = str(tmp_path / "source.sqlite")
    with Store.open(coded_template) as template, Store.open(source, create=True) as copy:
        template.db.backup(copy.db)
    with Store.open(source) as store:   # decisions of every kind, and an undo history
        store.decide("KII-T-01:1", "training", "ana", "accepted")
        store.decide("KII-T-01:2", "turnover", "luis", "rejected")
        store.link("KII-T-01:1", "F1", "ana")
        store.add_memo("segment", "KII-T-01:1", "ana", "Cita clave: «capacitación» ✅")
    shared = postgres_location(postgres)
    back = tmp_path / "back.sqlite"

    there = invoke("store", "copy", source, shared)
    assert there.exit_code == 0, there.output
    again = invoke("store", "copy", shared, back)
    assert again.exit_code == 0, again.output

    before = _digests(source)
    assert before["coding"].rows > 0 and before["decision_log"].rows == 4
    assert _digests(shared) == before == _digests(str(back))
    printed = flat(there.stdout.replace("│", " "))
    for name in ("coding", "memo", "token_cache"):   # counts and hashes are printed
        assert f"{name} {before[name].rows} {before[name].sha256}" in printed
    assert "Verified:" in there.stderr
    with Store.open(shared) as store:   # ids go on after the copied ones, and undo works
        assert store.add_memo("segment", "KII-T-01:2", "ana", "new") == 2
        assert store.undo_last("ana") == "memo on segment KII-T-01:2"
        assert store.undo_last("ana") == "memo on segment KII-T-01:1"


def test_copy_refuses_a_target_that_holds_a_project(coded_template, tmp_path, invoke):
    target = tmp_path / "busy.sqlite"
    assert invoke("store", "copy", coded_template, target).exit_code == 0
    before = target.read_bytes()
    result = invoke("store", "copy", coded_template, target)
    assert result.exit_code == 1
    assert "the target already holds a project" in flat(result.stderr)
    assert target.read_bytes() == before
