"""One progress display for every long step: the core reports through a
callback (kiicode.progress) with counts that only grow; the CLI draws them
on a terminal's stderr and adds nothing when piped or asked for json/csv."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from coded_project import coded_template_fixture  # noqa: F401
from conftest import MINI_CODEBOOK, SAMPLE_DIR

from kiicode.analysis import tally
from kiicode.audit import audit
from kiicode.cli import console
from kiicode.codebook import load_codebook
from kiicode.export.matrix import MatrixOptions, evidence_tables
from kiicode.export.tabular import CODING_COLUMNS, coding_rows, write_rows, write_tables_csv
from kiicode.export.xlsx import write_xlsx
from kiicode.interchange.qdpx import build_project
from kiicode.pipeline import ingest
from kiicode.progress import tracked
from kiicode.store import Store


class Heard:
    """A progress callback that keeps every report: step -> [(done, total)]."""

    def __init__(self):
        self.steps: dict[str, list[tuple[int, int | None]]] = {}

    def __call__(self, done: int, total: int | None, step: str = "") -> None:
        self.steps.setdefault(step, []).append((done, total))

    def check(self, step: str, total: int | None = None) -> list[int]:
        """The step's counts: they never fall, start at 0 and end at its total."""
        counts = [done for done, _ in self.steps[step]]
        assert counts == sorted(counts) and counts[0] == 0, (step, counts)
        if total is not None:
            assert counts[-1] == total and self.steps[step][-1][1] == total, (step, counts)
        return counts


def test_tracked_reports_growing_counts_a_few_hundred_times_and_the_end():
    heard = Heard()
    assert list(tracked(range(10_000), heard, 10_000, "Counting")) == list(range(10_000))
    counts = heard.check("Counting", 10_000)
    assert 150 < len(counts) < 250
    assert list(tracked([1, 2], None)) == [1, 2]         # no callback: just the items


def test_ingest_reports_each_file_read(tmp_path):
    heard = Heard()
    with Store.open(tmp_path / "p.sqlite", create=True) as store:
        ingest(store, [SAMPLE_DIR], load_codebook(MINI_CODEBOOK), on_progress=heard)
        stored = len(store.transcripts())
    assert heard.check("Reading transcripts", stored) == list(range(stored + 1))


def test_tally_audit_and_every_export_report_their_steps(coded_template, tmp_path):
    book = load_codebook(MINI_CODEBOOK)
    with Store.open(coded_template) as store:
        coded = len({row[0] for row in store.coding_statuses()})
        for run in (lambda heard: tally(store, book, on_progress=heard),
                    lambda heard: audit(store, book, on_progress=heard)):
            heard = Heard()
            run(heard)
            heard.check("Collecting evidence", coded)
        heard = Heard()
        tables = evidence_tables(store, book, MatrixOptions(status="all"), on_progress=heard)
        heard.check("Collecting evidence", coded)
        write_xlsx(tables, tmp_path / "m.xlsx", on_progress=heard)
        rows = heard.check("Writing Evidence matrix")
        assert rows[-1] == tables.evidence_rows > 0
        write_tables_csv(tables, tmp_path / "csv", on_progress=heard)
        heard = Heard()
        written = write_rows(coding_rows(store, book), tmp_path / "c.csv", "csv",
                             CODING_COLUMNS, heard, "Writing codings")
        assert heard.check("Writing codings", written)[-1] > 0
        heard = Heard()
        build_project(store, book, MatrixOptions(status="all"), on_progress=heard)
        heard.check("Writing sources", len(store.transcripts()))


@pytest.fixture
def terminal(monkeypatch) -> io.StringIO:
    """stderr as if it were a terminal: what the progress display draws."""
    drawn = io.StringIO()
    monkeypatch.setenv("TERM", "xterm")     # the tests' TERM may be "dumb": rich draws no bar
    monkeypatch.setattr(console, "err", console._Console(file=drawn, force_terminal=True,
                                                         width=100, highlight=False))
    return drawn


def test_on_a_terminal_the_cli_draws_the_core_steps(invoke, terminal, tmp_path):
    store = tmp_path / "p.sqlite"
    result = invoke("ingest", SAMPLE_DIR, "--store", store, "--codebook", MINI_CODEBOOK)
    assert result.exit_code == 0, result.output
    assert "Reading transcripts" in terminal.getvalue()
    result = invoke("tally", "--status", "all", "--store", store)
    assert result.exit_code == 0 and "Collecting evidence" in terminal.getvalue()


def test_json_output_draws_no_progress_even_on_a_terminal(invoke, terminal, coded_template):
    for command in ("tally", "audit"):
        before = len(terminal.getvalue())
        result = invoke(command, "--format", "json", "--status", "all",
                        "--store", coded_template, "--codebook", MINI_CODEBOOK)
        assert result.exit_code in (0, 1), result.output
        json.loads(result.stdout)
        assert "Collecting evidence" not in terminal.getvalue()[before:]


def test_piped_the_cli_prints_nothing_but_its_own_lines(invoke, tmp_path, coded_template):
    store = tmp_path / "p.sqlite"
    result = invoke("ingest", SAMPLE_DIR, "--store", store, "--codebook", MINI_CODEBOOK)
    assert result.exit_code == 0
    out = Path(tmp_path / "m.xlsx")
    exported = invoke("export", "xlsx", out, "--status", "all", "--allow-empty",
                      "--store", coded_template, "--codebook", MINI_CODEBOOK)
    assert exported.exit_code == 0, exported.output
    for shown in (result.output, exported.output):
        assert "Reading transcripts" not in shown and "Collecting evidence" not in shown
        assert "━" not in shown and "\x1b" not in shown
