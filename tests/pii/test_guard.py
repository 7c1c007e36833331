"""Export guards: exports refuse to write quotes with undecided
high-confidence personal data, --allow-pii overrides and says so, a
coder's "not personal" decision is stored once per text, and speaker
display names never reach an export."""

from __future__ import annotations

import json

import pytest
from pii_project import (
    GOOD_FRONT_MATTER,
    PII_QUOTE,
    SECRETS,
    accept,
    build,
    build_pii,
    write_transcript,
)

from kiicode.codebook import load_codebook
from kiicode.pipeline import ingest
from kiicode.store import Store


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return build_pii(tmp_path_factory.mktemp("pii"))


EXPORTS = [("xlsx", "out.xlsx"), ("csv", "out_csv"), ("jsonl", "out.jsonl"),
           ("codings", "codings.csv")]


@pytest.mark.parametrize("command,target", EXPORTS)
def test_each_export_refuses_undecided_pii_and_writes_nothing(invoke, project, tmp_path,
                                                              command, target):
    store, book = project
    out = tmp_path / target
    result = invoke("export", command, out, "--store", store, "--codebook", book)
    assert result.exit_code == 1
    assert PII_QUOTE in result.stderr and "--allow-pii" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    for secret in ("987 654 321", "rosario.huamani"):
        assert secret not in result.output   # the error itself does not leak it


@pytest.mark.parametrize("command,target", EXPORTS)
def test_allow_pii_writes_and_says_so(invoke, project, tmp_path, command, target):
    store, book = project
    out = tmp_path / target
    result = invoke("export", command, out, "--store", store, "--codebook", book,
                    "--allow-pii")
    assert result.exit_code == 0, result.output
    assert "--allow-pii" in result.stderr
    if command == "jsonl":
        method = [json.loads(line) for line in out.read_text().splitlines()
                  if '"table": "method"' in line]
        note = next(r["value"] for r in method if r["item"] == "Personal data")
        assert note.startswith("WRITTEN WITH --allow-pii")


def test_speaker_display_names_never_reach_an_export(invoke, project, tmp_path):
    store, book = project
    out = tmp_path / "all.jsonl"
    assert invoke("export", "jsonl", out, "--store", store, "--codebook", book,
                  "--allow-pii", "--all-quotes").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "KII-P-01" in text
    rows = [json.loads(line) for line in text.splitlines()]
    assert not any("Rosario Huamaní" in json.dumps(r, ensure_ascii=False) for r in rows
                   if r["table"] != "evidence_matrix")


def test_dismissed_hits_no_longer_block_and_are_stored_with_who_and_when(invoke, tmp_path):
    store, book = build_pii(tmp_path)
    scan = invoke("pii", "scan", "KII-P-01", "--store", store, "--format", "json")
    hits = [h for h in json.loads(scan.stdout)["hits"] if h["status"] == "undecided"]
    keys = sorted({h["key"] for h in hits})
    assert len(keys) >= 3
    done = invoke("pii", "dismiss", *keys, "--coder", "ana", "--note", "test", "--store", store)
    assert done.exit_code == 0, done.output
    with Store.open(store) as project:
        decisions = project.pii_decisions()
    assert {d.text_key for d in decisions} == set(keys)
    assert all(d.coder == "ana" and d.decided_at and d.note == "test" for d in decisions)
    out = tmp_path / "ok.xlsx"
    result = invoke("export", "xlsx", out, "--store", store, "--codebook", book)
    assert result.exit_code == 0, result.output
    listed = invoke("pii", "decisions", "--store", store, "--format", "json")
    assert len(json.loads(listed.stdout)) == len(keys)
    assert invoke("pii", "restore", keys[0], "--store", store).exit_code == 0
    again = invoke("export", "xlsx", out, "--store", store, "--codebook", book)
    assert again.exit_code == 1


def test_dismissing_an_unknown_key_is_a_clear_error(invoke, project):
    store, _ = project
    result = invoke("pii", "dismiss", "0000000000", "--coder", "ana", "--store", store)
    assert result.exit_code == 1 and "no hit with key '0000000000'" in result.stderr


def test_secrets_are_in_the_source(project):
    store, _ = project
    with Store.open(store) as db:
        text = db.transcript("KII-P-01").text
    assert all(secret in text for secret in SECRETS)


@pytest.mark.parametrize("target", ["report.docx", "report.md"])
def test_the_findings_report_is_guarded_too(invoke, project, tmp_path, target):
    # KII-P-01:1 is the only frontline worker's quote for F1: the report picks it
    store, book = project
    out = tmp_path / target
    opts = ("--store", store, "--codebook", book, "--no-charts")
    result = invoke("report", out, *opts)
    assert result.exit_code == 1
    assert PII_QUOTE in result.stderr and "--allow-pii" in result.stderr
    assert not out.exists()
    allowed = invoke("report", out, *opts, "--allow-pii")
    assert allowed.exit_code == 0, allowed.output
    assert out.exists()
    if target.endswith(".md"):
        assert "WRITTEN WITH --allow-pii" in out.read_text(encoding="utf-8")


QUESTION_BODY = (
    "E: Me dijo que la Dra. Ccahuana Mamani coordina; su celular es 987 111 222, ¿verdad? "
    "¿Qué capacitación recibió usted?\n\n"
    "R: La capacitación fue buena y útil para el equipo.\n")


def _project_quoting(directory, transcript_id, body, quote):
    """The evidence project plus one transcript (`body`) whose segment
    `quote` is accepted as training evidence, so the exports quote it."""
    store_path, book_path = build(directory)
    corpus = directory / "corpus"
    write_transcript(corpus, f"{transcript_id}.md", dict(GOOD_FRONT_MATTER, id=transcript_id),
                     body)
    with Store.open(store_path) as store:
        ingest(store, [corpus], load_codebook(book_path))
        accept(store, "ana", (quote, "training"))
    return store_path, book_path


def _question_project(directory):
    """A project whose only personal data is in an interviewer's question,
    right before a clean quoted answer: the Transcript context sheet writes
    that question."""
    return _project_quoting(directory, "KII-Q-01", QUESTION_BODY, "KII-Q-01:1")


@pytest.mark.parametrize("command,target", [("xlsx", "out.xlsx"), ("csv", "out_csv"),
                                            ("jsonl", "out.jsonl")])
def test_pii_in_an_interviewer_turn_blocks_the_workbook(invoke, tmp_path, command, target):
    store, book = _question_project(tmp_path)
    with Store.open(store) as project:
        assert "987 111 222" not in next(s.text for s in project.segments()
                                         if s.id == "KII-Q-01:1")   # the quote is clean
    out = tmp_path / target
    result = invoke("export", command, out, "--store", store, "--codebook", book)
    assert result.exit_code == 1, result.output
    assert "KII-Q-01 turn 1 (Transcript context)" in result.stderr
    assert "987 111 222" not in result.output and not out.exists()
    allowed = invoke("export", command, out, "--store", store, "--codebook", book,
                     "--allow-pii")
    assert allowed.exit_code == 0, allowed.output


def test_the_guard_scans_what_the_context_sheet_writes(tmp_path):
    from kiicode.codebook import load_codebook as load
    from kiicode.export.matrix import MatrixOptions, evidence_tables

    store, book = _question_project(tmp_path)
    with Store.open(store) as project:
        tables = evidence_tables(project, load(book), MatrixOptions(allow_pii=True))
    written = [row[4] for row in tables.table("Transcript context").rows]
    assert any("987 111 222" in text for text in written)   # the sheet writes the question
    flagged = {h.text for h in tables.privacy.hits}
    assert {"987 111 222", "Ccahuana Mamani"} <= flagged    # and the guard saw it


CONTEXT_BODY = (
    "E: ¿Quién les ayudó con la capacitación?\n\n"
    "R: Nos ayudó mucho la fiscal Ccallo, de Iquitos.\n\n"
    "E: ¿Y después?\n\n"
    "R: La capacitación fue buena; después Ccallo coordinó con el equipo de la fiscalía.\n")


def test_a_quote_is_judged_with_what_its_whole_transcript_says(invoke, tmp_path):
    """Alone, the quoted answer's bare surname is only reported (0.7); its
    transcript made it sure one turn earlier ("la fiscal Ccallo"), so the
    export refuses the quote too."""
    from kiicode.pii.scan import scan_text

    store_path, book_path = _project_quoting(tmp_path, "KII-C-01", CONTEXT_BODY, "KII-C-01:2")
    with Store.open(store_path) as store:
        quote = next(s.text for s in store.segments() if s.id == "KII-C-01:2")
    assert "Ccallo" in quote and not any(h.high for h in scan_text("KII-C-01", quote))
    out = tmp_path / "out.xlsx"
    result = invoke("export", "xlsx", out, "--store", store_path, "--codebook", book_path)
    assert result.exit_code == 1, result.output
    assert "KII-C-01:2" in result.stderr and not out.exists()
