"""The coding job: worker processes give exactly what one process gives."""

from __future__ import annotations

from conftest import ROOT

from kiicode import pipeline
from kiicode.codebook import load_codebook
from kiicode.store import Store

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"


def coded(tmp_path, name: str, jobs: int) -> set[tuple]:
    book = load_codebook(CODEBOOK)
    folder = tmp_path / "a folder #1?"   # workers open the store by URI: must be escaped
    folder.mkdir(exist_ok=True)
    with Store.open(folder / f"{name}.sqlite", create=True) as store:
        pipeline.ingest(store, [ROOT / "transcripts_sample"], book)
        report = pipeline.code(store, book, jobs=jobs, batch_size=40)
        assert report.segments == 204 and report.tokenised + report.from_cache == 204
        return {(c.segment, c.code, c.score, str(c.evidence)) for c in store.codings()}


def test_workers_give_the_same_suggestions(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "MIN_SEGMENTS_FOR_WORKERS", 0)   # use workers even here
    alone = coded(tmp_path, "one", jobs=1)
    assert alone and coded(tmp_path, "two", jobs=2) == alone


def test_the_library_api_in_the_package_docstring(tmp_path):
    import kiicode

    book = kiicode.load_codebook(CODEBOOK)
    with kiicode.Store.open(tmp_path / "project.sqlite", create=True) as store:
        kiicode.ingest(store, [ROOT / "transcripts_sample"], book)
        kiicode.code(store, book)
        report = kiicode.tally(store, book, status="all")
        problems = kiicode.audit(store, book, status="all").problems
    f7 = next(t for t in report.tallies if t.id == "F7")
    assert f7.n > 0 and f7.sentence
    assert any("F7" in p.ids for p in problems if p.check == "uncited_finding")
