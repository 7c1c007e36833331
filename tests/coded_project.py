"""A small coded project for the review and agreement tests: two short
transcripts (one Spanish, one English) ingested with the mini codebook and
auto-coded. Import the `*_fixture` functions into a test module to use them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BACKENDS, GOOD_FRONT_MATTER, MINI_CODEBOOK, location_for, write_transcript

from kiicode.codebook import load_codebook
from kiicode.pipeline import code, ingest
from kiicode.store import Store
from kiicode.store.copy import copy_store

SPANISH = """E: ¿Qué cambió con las capacitaciones?

R: La capacitación fue muy buena para el equipo.

Además hubo mucha rotación de personal en la fiscalía.

E: ¿Y las unidades?

R: La UPE atendió a las víctimas [sic] con cuidado.
"""

ENGLISH = """I: What changed?

R: The training workshops helped a lot.

I: Anything else?

R: Staff turnover was a problem, and nobody talked about it.
"""

# segment id -> the codes the machine suggests for it
SUGGESTED = {
    "KII-T-01:1": {"training"},
    "KII-T-01:2": {"turnover"},
    "KII-T-01:3": {"specialised_units"},
    "KII-T-02:1": {"training"},
    "KII-T-02:2": {"turnover"},
}


def build_project(directory: Path) -> Path:
    """Write, ingest and auto-code the two transcripts; returns the store path
    (an SQLite file: `project` copies it to each backend)."""
    corpus = directory / "transcripts"
    corpus.mkdir()
    write_transcript(corpus, "KII-T-01.md", GOOD_FRONT_MATTER, SPANISH)
    english = dict(GOOD_FRONT_MATTER, id="KII-T-02", language="en",
                   respondent_type="ngo_staff", institution="ONG Norte", region="Puno")
    write_transcript(corpus, "KII-T-02.md", english, ENGLISH)
    book = load_codebook(MINI_CODEBOOK)
    path = directory / "project.sqlite"
    with Store.open(path, create=True) as store:
        ingest(store, [corpus], book)
        code(store, book)
    return path


@pytest.fixture(scope="session", name="coded_template")
def coded_template_fixture(tmp_path_factory) -> Path:
    """Built once per session; tests get their own copy (`project`)."""
    return build_project(tmp_path_factory.mktemp("review-template"))


@pytest.fixture(name="project", params=BACKENDS)
def project_fixture(coded_template, tmp_path, request) -> str:
    """A fresh copy of the coded project, for one test to change: an SQLite
    file, then a PostgreSQL schema (copied the way `kiicode store copy` does)."""
    target = location_for(request.param, request, tmp_path)
    with Store.open(coded_template) as source, Store.open(target, create=True) as copy:
        if request.param == "sqlite":
            source.db.backup(copy.db)
        else:
            copy_store(source, copy)
    return target
