"""Re-coding after a codebook edit gives exactly what coding from scratch with
the edited codebook gives: the same suggestions (codes, tiers, scores, both
signals' parts, evidence) and the same likely findings and line of inquiry,
although a re-code leaves alone the segments whose outcome it can prove
unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from kiicode import pipeline
from kiicode.codebook import load_codebook
from kiicode.nlp import pipeline as nlp_pipeline
from kiicode.store import AUTO_CODER, SUGGESTION_COLUMNS, Store

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"


def add_patterns(data: dict) -> None:      # the benchmark's edit
    code = by_id(data, "staff_turnover")
    code["patterns"]["en"].append("personnel changes")
    code["patterns"]["es"].append("cambio de plantilla")


def remove_patterns(data: dict) -> None:
    code = by_id(data, "staff_turnover")
    code["patterns"]["es"] = code["patterns"]["es"][3:]
    code["patterns"]["en"] = code["patterns"]["en"][2:]


def edit_prose(data: dict) -> None:
    code = by_id(data, "staff_turnover")
    code["definition"]["en"] += " Also when whole teams of a ministry are replaced after a change."
    code["definition"]["es"] += " También cuando se reemplaza a equipos enteros de un ministerio."


def edit_unlinked_code(data: dict) -> None:
    # corruption reaches no finding: it weighs only in the line of inquiry
    # (its line's code term) and, with no likely finding, as the top code, so
    # moving it must re-rank exactly the segments whose line it changes
    code = by_id(data, "corruption")
    code["patterns"]["en"].append("tipped off")
    code["definition"]["en"] += " Also when officials tip off bar owners before a raid."
    code["definition"]["es"] += (" También cuando funcionarios avisan a los dueños de bares "
                                 "antes de un operativo.")


def add_code(data: dict) -> None:
    code = dict(by_id(data, "staff_turnover"), id="staff_rotation_copy")
    code.pop("parent", None)
    data["codes"].append(code)


def remove_code(data: dict) -> None:
    used = {c for f in data["findings"] for rule in [f.get("evidence") or {}]
            for key in ("any_codes", "all_codes", "contrary_codes") for c in rule.get(key, ())}
    parents = {c.get("parent") for c in data["codes"]}
    gone = next(c for c in data["codes"] if c["id"] not in used | parents and c.get("parent"))
    data["codes"].remove(gone)


def edit_finding(data: dict) -> None:
    finding = data["findings"][0]
    finding["evidence"]["any_codes"] = [*finding["evidence"].get("any_codes", []),
                                        "staff_turnover"]


def edit_finding_questions(data: dict) -> None:
    # the evaluation question a segment's "asked:" line names comes from its
    # question's top finding
    for finding in data["findings"]:
        finding["questions"] = list(reversed(finding.get("questions") or [])) + ["EQ9"]


EDITS = [add_patterns, remove_patterns, edit_prose, edit_unlinked_code, add_code, remove_code,
         edit_finding, edit_finding_questions]


def edited_codebook(tmp_path: Path, edit) -> Path:
    """The shipped codebook with `edit` applied, written under `tmp_path`."""
    data = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    edit(data)
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return edited


def by_id(data: dict, code_id: str) -> dict:
    return next(c for c in data["codes"] if c["id"] == code_id)


def outcome(store: Store) -> tuple[set, dict]:
    # every column a suggestion is stored with, both signals' parts included
    suggestions = {tuple(row) for row in store.db.execute(
        f"SELECT {SUGGESTION_COLUMNS}, status FROM coding WHERE coder=?", (AUTO_CODER,))}
    return suggestions, {s: (o.findings, o.loi, o.asked) for s, o in store.outlooks().items()}


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """The sample ingested (tokens cached) and coded with the shipped codebook."""
    folder = tmp_path_factory.mktemp("recoding")
    book = load_codebook(CODEBOOK)
    with Store.open(folder / "ingested.sqlite", create=True) as store:
        pipeline.ingest(store, [ROOT / "transcripts_sample"], book)
    shutil.copy(folder / "ingested.sqlite", folder / "coded.sqlite")
    with Store.open(folder / "coded.sqlite") as store:
        pipeline.code(store, book, jobs=1, batch_size=60)
    return folder


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__)
def test_a_re_code_after_an_edit_is_exactly_a_coding_from_scratch(coded, tmp_path, edit):
    book = load_codebook(edited_codebook(tmp_path, edit))
    shutil.copy(coded / "coded.sqlite", tmp_path / "again.sqlite")
    shutil.copy(coded / "ingested.sqlite", tmp_path / "scratch.sqlite")
    with Store.open(tmp_path / "again.sqlite") as store:
        report = pipeline.code(store, book, jobs=1, batch_size=60)
        again = outcome(store)
    with Store.open(tmp_path / "scratch.sqlite") as store:
        pipeline.code(store, book, jobs=1, batch_size=60)
        scratch = outcome(store)
    assert report.segments == 204 and again[0]
    assert again == scratch
    if edit in (add_patterns, edit_prose):
        # the index moved, yet many segments were provably left as they were
        assert report.kept > 204 // 4
    if edit in (add_code, remove_code, edit_finding, edit_finding_questions):
        assert report.kept == 0      # other codes or findings: everything is ranked again


def test_a_re_code_after_an_interviewer_turn_edit_is_exactly_a_coding_from_scratch(
        coded, tmp_path):
    # the question a segment answers counts towards its findings and line of
    # inquiry: editing it re-ingests the interview, whose segments are coded again
    folder = tmp_path / "transcripts"
    shutil.copytree(ROOT / "transcripts_sample", folder)
    book = load_codebook(CODEBOOK)
    with Store.open(tmp_path / "again.sqlite", create=True) as store:
        pipeline.ingest(store, [folder], book)
        pipeline.code(store, book, jobs=1, batch_size=60)
        before = store.outlooks()
    interview = folder / "KII-EN-01.md"
    asked = "Looking back, what was the original vision of the Partnership, and did it change?"
    text = interview.read_text(encoding="utf-8")
    assert asked in text
    interview.write_text(text.replace(asked, "And what external factors helped or hindered "
                                             "the work?"), encoding="utf-8")
    with Store.open(tmp_path / "again.sqlite") as store:
        assert pipeline.ingest(store, [folder], book).report.updated == ["KII-EN-01"]
        report = pipeline.code(store, book, jobs=1, batch_size=60)
        again = outcome(store)
    with Store.open(tmp_path / "scratch.sqlite", create=True) as store:
        pipeline.ingest(store, [folder], book)
        pipeline.code(store, book, jobs=1, batch_size=60)
        scratch = outcome(store)
    assert report.segments == len([s for s in before if s.startswith("KII-EN-01:")])
    assert again == scratch
    assert again[1]["KII-EN-01:3"][2] != before["KII-EN-01:3"].asked   # it moved


def test_a_re_code_with_nothing_changed_does_nothing(coded, tmp_path):
    shutil.copy(coded / "coded.sqlite", tmp_path / "again.sqlite")
    with Store.open(tmp_path / "again.sqlite") as store:
        assert pipeline.code(store, load_codebook(CODEBOOK), jobs=1).segments == 0


def test_a_re_code_that_stopped_half_way_ranks_everything_again(coded, tmp_path, monkeypatch):
    # the kept weights are cleared before the first batch is written and
    # written back last: after a failed run, no segment is left unranked
    edited = edited_codebook(tmp_path, add_patterns)
    shutil.copy(coded / "coded.sqlite", tmp_path / "again.sqlite")
    calls = []

    def fail_on_second(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("stopped")
        return original(self, *args, **kwargs)

    original = Store.replace_outlooks
    monkeypatch.setattr(Store, "replace_outlooks", fail_on_second)
    with Store.open(tmp_path / "again.sqlite") as store, pytest.raises(RuntimeError):
        pipeline.code(store, load_codebook(edited), jobs=1, batch_size=60)
    monkeypatch.setattr(Store, "replace_outlooks", original)
    with Store.open(tmp_path / "again.sqlite") as store:
        report = pipeline.code(store, load_codebook(CODEBOOK), jobs=1, batch_size=60)
        assert report.segments == 204 and report.kept == 0


def test_an_edit_of_one_code_moves_only_its_own_weights_and_its_new_words(coded, tmp_path):
    # BM25 lengths are normalised by the median document length, which one
    # edit seldom moves: the other codes' weights stay exactly as they were,
    # but for the IDF of a word that entered or left the edited code's text
    edited = edited_codebook(tmp_path, add_patterns)
    shutil.copy(coded / "coded.sqlite", tmp_path / "again.sqlite")
    with Store.open(tmp_path / "again.sqlite") as store:
        pipelines = {lang: nlp_pipeline(lang) for lang in ("en", "es")}
        before = pipeline.similarity_indexes(store, load_codebook(CODEBOOK), pipelines, {})
        after = pipeline.similarity_indexes(store, load_codebook(edited), pipelines, {})
    for language, index in after.items():
        index.remember(before[language].snapshot())
        column = index.code_index["staff_turnover"]
        own = {t for t in index.vocabulary if index.weights[index.vocabulary[t], column]}
        elsewhere = {t for t, columns in index.moved.items() if set(columns) != {column}}
        assert index.moved and set(index.moved) <= own | elsewhere
        new_words = {t for t in own if t not in before[language].vocabulary or
                     not before[language].weights[before[language].vocabulary[t], column]}
        assert elsewhere <= new_words, language
        assert len(index.moved) < len(index.vocabulary) // 10
