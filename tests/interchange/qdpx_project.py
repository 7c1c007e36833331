"""A small coded project for the REFI-QDA tests: a Spanish KII with accents
and characters beyond U+FFFF (an emoji, a math letter) before coded text, an
English KII, and a group KII with two participants; auto-coded, then:

- ana accepts KII-Q-01:1 training and KII-Q-02:1 training, rejects the
  suggestion KII-Q-01:2 turnover, adds turnover by hand to KII-Q-03:1,
  links KII-Q-02:2 to F2, and writes memos on a segment, a code, a finding
  and a transcript;
- luis accepts KII-Q-01:1 training and adds specialised_units to KII-Q-01:3.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from analysis_helpers import GROUP_FRONT_MATTER
from conftest import GOOD_FRONT_MATTER, MINI_CODEBOOK, write_transcript

from kiicode.codebook import load_codebook
from kiicode.pipeline import code, ingest
from kiicode.store import Store
from kiicode.store.copy import copy_store

SPANISH = """E: ¿Qué cambió con las capacitaciones? 😀

R: La capacitación fue muy buena 👍🏽 para el equipo de 𝒜yacucho.

Además hubo mucha rotación de personal en la fiscalía, año tras año.

E: ¿Y las unidades?

R: La UPE atendió a las víctimas con cuidado — ¡por fin! 🎉
"""

ENGLISH = """I: What changed?

R: The training workshops helped a lot.

R: Staff turnover was a problem, and nobody talked about it.
"""

GROUP = """Moderadora: ¿Qué cambió?

P1: Hubo rotación de personal en la comisaría.

P2: La capacitación llegó tarde a la comunidad.

R: Sí, todos estamos de acuerdo.
"""

# P1 MININTER, P2 Junta; each participant with attributes of their own
GROUP_FRONT = dict(GROUP_FRONT_MATTER, id="KII-Q-03", participants=[
    dict(person, attributes={"sex": sex, "years_in_post": years})
    for person, sex, years in zip(GROUP_FRONT_MATTER["participants"], ("male", "female"),
                                  ("12", "3"), strict=True)])

ANA_ACCEPTED = {("KII-Q-01:1", "training"), ("KII-Q-02:1", "training"),
                ("KII-Q-03:1", "turnover")}
LUIS_ACCEPTED = {("KII-Q-01:1", "training"), ("KII-Q-01:3", "specialised_units")}


def build(directory: Path) -> Path:
    corpus = directory / "transcripts"
    corpus.mkdir()
    write_transcript(corpus, "KII-Q-01.md",
                     dict(GOOD_FRONT_MATTER, id="KII-Q-01", sex="female", district="Wanchaq"),
                     SPANISH)
    write_transcript(corpus, "KII-Q-02.md",
                     dict(GOOD_FRONT_MATTER, id="KII-Q-02", language="en",
                          respondent_type="ngo_staff", institution="ONG Norte", region="Puno"),
                     ENGLISH)
    write_transcript(corpus, "KII-Q-03.md", GROUP_FRONT, GROUP)
    book = load_codebook(MINI_CODEBOOK)
    path = directory / "project.sqlite"
    with Store.open(path, create=True) as store:
        ingest(store, [corpus], book)
        code(store, book)
        store.decide("KII-Q-01:1", "training", "ana", "accepted")
        store.decide("KII-Q-02:1", "training", "ana", "accepted")
        store.decide("KII-Q-01:2", "turnover", "ana", "rejected")
        store.decide("KII-Q-03:1", "turnover", "ana", "accepted", origin="manual")
        store.link("KII-Q-02:2", "F2", "ana")
        store.add_memo("segment", "KII-Q-01:1", "ana", "Compárese con KII-Q-02 ✓ 😀")
        store.add_memo("code", "training", "ana", "Too broad?")
        store.add_memo("finding", "F2", "ana", "Check with the team")
        store.add_memo("transcript", "KII-Q-02", "ana", "Short interview")
        store.decide("KII-Q-01:1", "training", "luis", "accepted")
        store.decide("KII-Q-01:3", "specialised_units", "luis", "accepted", origin="manual")
    return path


@pytest.fixture(scope="session", name="qdpx_template")
def qdpx_template_fixture(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("qdpx-template"))


@pytest.fixture(name="qdpx_store")
def qdpx_store_fixture(qdpx_template, tmp_path) -> Path:
    """A fresh copy of the coded project, for one test to change."""
    target = tmp_path / "project.sqlite"
    with Store.open(qdpx_template) as source, Store.open(target, create=True) as copy:
        copy_store(source, copy)
    return target


def export_qdpx(invoke, store: Path, out: Path, *args) -> Path:
    """`kiicode export qdpx OUT --store STORE ARGS...`, which must succeed."""
    result = invoke("export", "qdpx", out, "--store", store, *args)
    assert result.exit_code == 0, result.output
    return out


def human_codings(store: Store, status: str = "accepted") -> set[tuple[str, str, str]]:
    return {(c.segment, c.code, c.coder) for c in store.codings()
            if c.coder != "auto" and c.status == status}
