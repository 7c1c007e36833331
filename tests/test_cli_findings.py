"""`kiicode tally` and `kiicode audit` through the CLI: formats, the counted
statuses note, exit codes 0/1 and --strict."""

from __future__ import annotations

import csv
import io
import json

import pytest
from analysis_helpers import accept, codebook_file, make_project, suggest
from conftest import flat

from kiicode.codebook import load_codebook

LINKS = {
    "conclusions": [{"id": "C1", "statement": "Capacity grew.", "findings": ["F1", "F3"]},
                    {"id": "C2", "statement": "Turnover matters.", "findings": ["F2"]}],
    "recommendations": [{"id": "R1", "statement": "Keep [bold]training[/bold].",
                         "audience": "Government", "conclusions": ["C1", "C2"]}],
}
EVIDENCE = [("KII-A-01:1", "training"), ("KII-A-04:1", "training"),
            ("KII-A-02:1", "turnover"), ("KII-A-03:1", "turnover"),
            ("KII-A-01:2", "specialised_units"), ("KII-A-05:1", "specialised_units")]


@pytest.fixture
def project(tmp_path):
    """A project whose audit is clean; returns the options every command needs."""
    path = codebook_file(tmp_path, **LINKS)
    store, _ = make_project(tmp_path, load_codebook(path))
    accept(store, "ana", *EVIDENCE)
    store.close()
    return tmp_path, ["--store", tmp_path / "project.sqlite", "--codebook", path]


def test_tally_table_groups_by_line_of_inquiry(invoke, project):
    _, opts = project
    result = invoke("tally", *opts)
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Implementation — findings" in out and "Capacity — findings" in out
    assert "GO = Government official (N=3)" in out
    assert "F1: one government official (1 of 3) and one NGO staff member (1 of 3)" in out
    assert "Counted status 'reviewed'" in out
    assert "Counted status 'reviewed'" in flat(result.stderr)
    assert "not final" not in result.stderr


def test_tally_status_all_says_it_is_not_final(invoke, project):
    _, opts = project
    result = invoke("tally", *opts, "--status", "all")
    assert result.exit_code == 0
    assert "not final" in flat(result.stderr)
    assert "UNREVIEWED" in flat(result.stdout)


def test_tally_csv(invoke, project):
    _, opts = project
    result = invoke("tally", *opts, "--format", "csv", "--by", "type", "--by", "region")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert set(rows) == {"F1", "F2", "F3"}
    f1 = rows["F1"]
    assert (f1["respondents"], f1["of"], f1["quotes"], f1["strength"]) == ("2", "7", "2",
                                                                          "limited")
    assert f1["type:government_official (N=3)"] == "1"
    assert f1["type:community_member (N=1)"] == "0"
    assert f1["region:Puno (N=3)"] == "1"
    assert f1["counted"].startswith("status 'reviewed'")


def test_tally_json_and_by_code(invoke, project):
    _, opts = project
    result = invoke("tally", *opts, "--format", "json", "--by", "code")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "reviewed" and data["respondents"] == 7
    codes = {t["id"]: t for t in data["tallies"]}
    assert set(codes) == {"training", "turnover", "specialised_units"}
    assert codes["turnover"]["by"]["type"]["ngo_staff"] == {"n": 1, "N": 3}


def test_tally_markdown_for_one_finding_to_a_file(invoke, project):
    tmp_path, opts = project
    target = tmp_path / "F1.md"
    result = invoke("tally", *opts, "--format", "markdown", "--finding", "F1", "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("### F1 — Capacity\n\n> Training improved capacity.")
    assert "Supported by **2 of 7 respondents**: one government official (1 of 3) and one " \
           "NGO staff member (1 of 3); 2 transcripts, 2 quotes." in text
    assert "| NGO staff | 1 of 3 |" in text
    assert "Strength of evidence: **limited**" in text
    assert "*Counted: status 'reviewed'" in text
    assert "### F2" not in text


def test_tally_unknown_finding_and_bad_status(invoke, project):
    _, opts = project
    result = invoke("tally", *opts, "--finding", "F9")
    assert result.exit_code == 1
    assert "no finding 'F9'" in flat(result.stderr)
    assert "Traceback" not in result.output
    assert invoke("tally", *opts, "--status", "final").exit_code == 2


def test_audit_clean_project_exits_0_even_strict(invoke, project):
    _, opts = project
    result = invoke("audit", *opts, "--strict")
    assert result.exit_code == 0, result.output
    assert "No problems found." in result.stdout
    # user text is not markup
    assert "R1 Keep [bold]training[/bold]." in result.stdout
    assert "Audit passed: 0 errors, 0 warnings" in flat(result.stderr)


def test_audit_warnings_fail_only_with_strict(invoke, project):
    tmp_path, opts = project
    from kiicode.store import Store
    with Store.open(tmp_path / "project.sqlite") as store:
        store.decide("KII-A-03:1", "turnover", "ana", "rejected")   # F2: officials only
    result = invoke("audit", *opts)
    assert result.exit_code == 0, result.output
    assert "single_respondent_type" in result.stdout and "single_region" in result.stdout
    assert "Audit passed: 0 errors, 2 warnings" in flat(result.stderr)
    result = invoke("audit", *opts, "--strict")
    assert result.exit_code == 1
    assert "Audit FAILED" in flat(result.stderr)


def test_audit_errors_exit_1_and_json(invoke, project):
    tmp_path, opts = project
    from kiicode.store import Store
    with Store.open(tmp_path / "project.sqlite") as store:
        for segment, code in EVIDENCE[2:4]:
            store.decide(segment, code, "ana", "rejected")          # F2 loses all evidence
        suggest(store, ("KII-A-05:3", "turnover"))
    result = invoke("audit", *opts, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    checks = {(p["check"], tuple(p["ids"])) for p in data["problems"]}
    assert ("finding_without_evidence", ("F2",)) in checks
    assert ("conclusion_without_evidence", ("C2", "F2")) in checks
    assert data["errors"] >= 2
    # counting unreviewed suggestions gives F2 evidence again
    result = invoke("audit", *opts, "--status", "all", "--format", "json")
    checks = {p["check"] for p in json.loads(result.stdout)["problems"]}
    assert "finding_without_evidence" not in checks


def test_audit_tree_marks_gaps(invoke, tmp_path, mini_codebook_path):
    # the mini codebook leaves F2 uncited; nothing is coded, so every finding lacks evidence
    store, _ = make_project(tmp_path)
    store.close()
    result = invoke("audit", "--store", tmp_path / "project.sqlite",
                    "--codebook", mini_codebook_path)
    assert result.exit_code == 1
    out = result.stdout
    assert "⚠ Findings cited by no conclusion" in out
    assert "✗ no evidence" in out
    assert "✗ error finding_without_evidence (3)" in out
