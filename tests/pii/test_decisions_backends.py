"""PII decisions (the pii_decision table) on both store backends: dismiss
with who/when/note, a later decision on the same text replaces the earlier
one, restore forgets it, and the scan and the export guard see the result.
The PostgreSQL run starts its own throwaway server (tests/pg_server.py)."""

from __future__ import annotations

import json

from conftest import GOOD_FRONT_MATTER

from kiicode.store import Store

BODY = ("E: ¿Con quién coordinaba?\n\n"
        "R: Con la Dra. Ccallo; su celular es 987 654 321 y su DNI 45678912.\n")


def _hits(invoke, location):
    result = invoke("pii", "scan", "--store", location, "--format", "json", "--show-text")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["hits"]


def test_dismiss_restore_and_decisions_on_each_backend(invoke, store_location, tmp_path,
                                                       write_transcript):
    write_transcript(tmp_path, "KII-D-01.md", dict(GOOD_FRONT_MATTER, id="KII-D-01"), BODY)
    assert invoke("ingest", tmp_path / "KII-D-01.md", "--store", store_location).exit_code == 0
    keys = {h["text"]: h["key"] for h in _hits(invoke, store_location)}
    assert {"Ccallo", "987 654 321", "45678912"} <= set(keys)

    done = invoke("pii", "dismiss", keys["Ccallo"], keys["45678912"], "--coder", "ana",
                  "--note", "a colleague's public role", "--store", store_location)
    assert done.exit_code == 0, done.output
    # a second coder deciding the same text replaces the decision, it does not add one
    again = invoke("pii", "dismiss", keys["Ccallo"], "--coder", "luis", "--store",
                   store_location)
    assert again.exit_code == 0, again.output
    assert invoke("pii", "decisions", "--store", store_location).exit_code == 0
    with Store.open(store_location) as store:
        listed = store.pii_decisions()
    by_key = {d.text_key: d for d in listed}
    assert set(by_key) == {keys["Ccallo"], keys["45678912"]}
    assert by_key[keys["Ccallo"]].coder == "luis"
    assert by_key[keys["45678912"]].coder == "ana"
    assert by_key[keys["45678912"]].note == "a colleague's public role"
    assert all(d.decided_at for d in listed)
    status = {h["text"]: h["status"] for h in _hits(invoke, store_location)}
    assert status["Ccallo"] != "undecided" and status["987 654 321"] == "undecided"

    assert invoke("pii", "restore", keys["Ccallo"], "--store", store_location).exit_code == 0
    with Store.open(store_location) as store:
        assert {key for _, key in store.dismissed_pii()} == {keys["45678912"]}
        assert [d.text_key for d in store.pii_decisions()] == [keys["45678912"]]
    status = {h["text"]: h["status"] for h in _hits(invoke, store_location)}
    assert status["Ccallo"] == "undecided" and status["45678912"] != "undecided"
