"""Start-up stays light: `import kiicode`, `kiicode --help` and the commands that only read
the store do not load the heavy libraries or the PII scanner (each run in a fresh
interpreter, since this test process has imported everything already)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import kiicode
import kiicode.pii

HEAVY = ("numpy", "spacy", "openpyxl", "textual", "matplotlib", "psycopg", "lingua", "docx",
         "kiicode.pipeline", "kiicode.ranking", "kiicode.pii.rules", "kiicode.pii.scan")

# Runs the CLI as `python -m kiicode ARGS`, then prints which HEAVY modules got imported.
_PROBE = """
import json, runpy, sys
heavy, sys.argv = sys.argv[1].split(","), ["kiicode", *sys.argv[2:]]
try:
    runpy.run_module("kiicode", run_name="__main__")
except SystemExit:
    pass
print("\\nLOADED " + json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def loaded(*args: str) -> list[str]:
    run = subprocess.run([sys.executable, "-c", _PROBE, ",".join(HEAVY), *args],
                         capture_output=True, text=True, timeout=120)
    last = run.stdout.rstrip().rsplit("\n", 1)[-1]
    assert last.startswith("LOADED "), run.stdout + run.stderr
    return json.loads(last.removeprefix("LOADED "))


def test_import_kiicode_loads_nothing_heavy():
    code = f"import sys, kiicode; print([m for m in {HEAVY!r} if m in sys.modules])"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert run.stdout.strip() == "[]"


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("pii", "scan", "--help"),
                                  ("code", "--help"), ("export", "xlsx", "--help")])
def test_help_loads_nothing_heavy(args):
    assert loaded(*args) == []


def test_light_commands_load_nothing_heavy(tmp_path):
    store = tmp_path / "empty.sqlite"
    kiicode.Store.open(str(store), create=True).close()
    assert loaded("transcripts", "--store", str(store)) == []


def test_pii_scan_still_loads_the_scanner(tmp_path):
    store = tmp_path / "empty.sqlite"
    kiicode.Store.open(str(store), create=True).close()
    assert "kiicode.pii.scan" in loaded("pii", "scan", "--store", str(store))


@pytest.mark.parametrize("package", [kiicode, kiicode.pii])
def test_public_names_resolve(package):
    for name in package.__all__:
        assert getattr(package, name) is not None, name
        assert name in dir(package)
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018


def test_public_names_are_the_library_objects():
    from kiicode import analysis, codebook, errors, pipeline, store
    from kiicode.pii import guard, scan

    audit = sys.modules["kiicode.audit"]   # `from kiicode import audit` is the function
    assert (kiicode.tally, kiicode.evidence_for) == (analysis.tally, analysis.evidence_for)
    assert (kiicode.code, kiicode.ingest) == (pipeline.code, pipeline.ingest)
    assert kiicode.audit is audit.audit   # the function, though a submodule has its name
    assert (kiicode.Codebook, kiicode.load_codebook) == (codebook.Codebook,
                                                         codebook.load_codebook)
    assert (kiicode.Store, kiicode.KiicodeError) == (store.Store, errors.KiicodeError)
    assert (kiicode.pii.Hit, kiicode.pii.scan_text) == (scan.Hit, scan.scan_text)
    assert kiicode.pii.require_no_pii is guard.require_no_pii


def test_levels_are_the_scanners_levels():
    from kiicode.pii import levels, rules, scan

    assert (rules.HIGH, rules.MEDIUM, rules.LOW) == (levels.HIGH, levels.MEDIUM, levels.LOW)
    assert scan.DEFAULT_MIN_CONFIDENCE == levels.DEFAULT_MIN_CONFIDENCE == 0.5
    assert (levels.HIGH, levels.MEDIUM, levels.LOW) == (0.8, 0.6, 0.4)
