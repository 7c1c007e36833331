"""Respondent attributes (sex, age_group, district, ...): from roster columns
and front-matter keys, checked against the codebook when it declares them,
stored per respondent, and usable in tally --by, export filters and the
evidence matrix's columns."""

from __future__ import annotations

import sqlite3

import pytest
from analysis_helpers import accept, codebook_file, write_corpus
from conftest import GOOD_FRONT_MATTER, write_transcript

from kiicode.analysis import Share, tally
from kiicode.codebook import load_codebook
from kiicode.errors import TranscriptError
from kiicode.export.matrix import EVIDENCE_MATRIX, MatrixOptions, evidence_tables
from kiicode.pipeline import ingest
from kiicode.store import SCHEMA_VERSION, Store
from kiicode.transcripts.corpus import read_corpus

# sex of every interviewed person of analysis_helpers' corpus
ROSTER = """transcript_id,label,sex,Age group
KII-A-01,,female,30-44
KII-A-02,,male,45-59
KII-A-03,,female,30-44
KII-A-04,,female,
KII-A-05,,male,30-44
KII-G-01,P1,male,45-59
KII-G-01,P2,female,18-29
"""
SEX = {"id": "sex", "label": "Sex", "aliases": ["sexo"],
       "values": {"female": ["F", "mujer"], "male": ["M", "hombre"]}}


def corpus_with_roster(tmp_path, roster: str = ROSTER):
    directory = write_corpus(tmp_path / "corpus")
    (directory / "respondents.csv").write_text(roster, encoding="utf-8")
    return directory


@pytest.fixture
def project(tmp_path):
    book = load_codebook(codebook_file(tmp_path))
    store = Store.open(tmp_path / "p.sqlite", create=True)
    ingest(store, [corpus_with_roster(tmp_path)], book)
    accept(store, "ana", ("KII-A-01:1", "training"), ("KII-A-04:1", "training"),
           ("KII-A-02:1", "training"), ("KII-G-01:2", "training"))
    yield store, book
    store.close()


def test_roster_columns_are_attributes_stored_per_respondent(project):
    store, _ = project
    people = {r.id: r.attributes for r in store.respondents() if not r.is_group}
    assert people["KII-A-01"] == {"sex": "female", "age_group": "30-44"}
    assert people["KII-A-04"] == {"sex": "female"}          # an empty cell is not recorded
    assert people["KII-G-01-P2"] == {"sex": "female", "age_group": "18-29"}   # a participant
    assert store.attribute_names() == ["age_group", "sex"]


def test_tally_by_attribute_counts_distinct_respondents(project):
    store, book = project
    report = tally(store, book, "accepted")
    assert report.population.groups["sex"] == {"female": 4, "male": 3}
    assert report.population.groups["age_group"] == {
        "(not recorded)": 1, "18-29": 1, "30-44": 3, "45-59": 2}
    f1 = next(t for t in report.tallies if t.id == "F1")   # training
    assert f1.by["sex"] == {"female": Share(3, 4), "male": Share(1, 3)}


def test_tally_cli_by_attribute(project, invoke):
    store, book = project
    result = invoke("tally", "--store", store.path, "--codebook", book.path, "--status",
                    "accepted", "--by", "sex", "--format", "csv")
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.lstrip("\ufeff").splitlines()
    assert "sex:female (N=4)" in header and "sex:male (N=3)" in header
    wrong = invoke("tally", "--store", store.path, "--codebook", book.path, "--by", "sexx")
    assert wrong.exit_code == 2
    assert "sexx" in wrong.output and "age_group" in wrong.output and "did you mean 'sex'" \
        in wrong.output


def test_evidence_matrix_columns_and_attribute_filter(project):
    store, book = project
    tables = evidence_tables(store, book, MatrixOptions(status="accepted"))
    matrix = tables.table(EVIDENCE_MATRIX)
    keys = list(matrix.keys)
    # after the institution, on screen only (the printed columns come first)
    assert keys[keys.index("institution") + 1: keys.index("institution") + 3] == \
        ["age_group", "sex"]
    rows = list(matrix.records())
    assert {(r["respondent"], r["sex"]) for r in rows if r["finding"] == "F1"} == {
        ("KII-A-01", "female"), ("KII-A-04", "female"), ("KII-A-02", "male"),
        ("KII-G-01-P2", "female")}
    people = list(tables.table("Respondents").records(headers=True))
    assert {p["Respondent"]: p["Sex"] for p in people}["KII-A-05"] == "male"

    women = evidence_tables(store, book, MatrixOptions(status="accepted",
                                                       attributes=("sex=female",)))
    rows = list(women.table(EVIDENCE_MATRIX).records())
    assert {r["respondent"] for r in rows} == {"KII-A-01", "KII-A-04", "KII-G-01-P2"}
    assert "attribute: sex=female" in dict(women.table("Method").rows)["Filters"]


def test_attribute_filter_errors_name_what_exists(project, invoke):
    store, book = project
    result = invoke("export", "xlsx", store.path + ".xlsx", "--store", store.path,
                    "--codebook", book.path, "--attribute", "sexe=female",
                    "--attribute", "age_group")
    assert result.exit_code == 1
    assert "no respondent attribute 'sexe'" in result.output
    assert "did you mean 'sex'" in result.output
    assert "'age_group' has no value" in result.output


def test_transcripts_lists_attributes(project, invoke):
    store, _ = project
    result = invoke("transcripts", "--store", store.path)
    assert result.exit_code == 0, result.output
    assert "sex=female" in result.stdout and "P2: age_group=18-29, sex=female" in result.stdout


def test_front_matter_keys_are_attributes_and_participants_carry_theirs(tmp_path, mini_codebook):
    write_transcript(tmp_path, "a.md", dict(GOOD_FRONT_MATTER, district="Wanchaq",
                                            years_in_post=6), "E: ¿Qué?\n\nR: Algo.\n")
    group = {"id": "KII-G-02", "mode": "group", "language": "es", "district": "Juliaca",
             "participants": [{"label": "P1", "respondent_type": "ngo_staff", "sex": "F"},
                              {"label": "P2", "respondent_type": "ngo_staff",
                               "attributes": {"Age group": "30-44"}}]}
    write_transcript(tmp_path, "g.md", group, "E: ¿Qué?\n\nP1: Uno.\n\nP2: Dos.\n")
    corpus = read_corpus([tmp_path], mini_codebook)
    people = {r.id: r.attributes for t in corpus.transcripts for r in t.respondents}
    assert people["KII-T-01"] == {"district": "Wanchaq", "years_in_post": "6"}
    assert people["KII-G-02-P1"] == {"district": "Juliaca", "sex": "F"}
    assert people["KII-G-02-P2"] == {"district": "Juliaca", "age_group": "30-44"}
    assert "district" not in corpus.transcripts[0].metadata


def test_declared_attribute_values_catch_typos(tmp_path):
    book = load_codebook(codebook_file(tmp_path, attributes=[SEX]))
    write_transcript(tmp_path, "a.md", dict(GOOD_FRONT_MATTER, sexo="Mujer"),
                     "E: ¿Qué?\n\nR: Algo.\n")
    write_transcript(tmp_path, "b.md", dict(GOOD_FRONT_MATTER, id="KII-T-02", sex="femal"),
                     "E: ¿Qué?\n\nR: Algo.\n")
    write_transcript(tmp_path, "c.md", dict(GOOD_FRONT_MATTER, id="KII-T-03", distrito="X"),
                     "E: ¿Qué?\n\nR: Algo.\n")
    with pytest.raises(TranscriptError) as caught:
        read_corpus([tmp_path], book)
    problems = {p.location.path.rsplit("/", 1)[-1]: p for p in caught.value.problems}
    assert set(problems) == {"b.md", "c.md"}
    assert "sex 'femal' is not an allowed value" in problems["b.md"].message
    assert "did you mean 'female'" in problems["b.md"].hint
    assert problems["b.md"].location.line is not None
    assert "attribute 'distrito' is not declared" in problems["c.md"].message
    (tmp_path / "b.md").unlink()
    (tmp_path / "c.md").unlink()
    corpus = read_corpus([tmp_path], book)   # an alias names the attribute and its value
    assert corpus.transcripts[0].respondents[0].attributes == {"sex": "female"}


def test_roster_column_typos_and_reserved_names_are_errors(tmp_path, mini_codebook):
    directory = corpus_with_roster(tmp_path, "transcript_id,respondant_type,type\nKII-A-01,,\n")
    with pytest.raises(TranscriptError) as caught:
        read_corpus([directory], mini_codebook)
    messages = [f"{p.message} {p.hint}" for p in caught.value.problems]
    assert any("'respondant_type'" in m and "did you mean 'respondent_type'" in m
               for m in messages)
    assert any("'type' cannot be an attribute name" in m for m in messages)
    assert all(p.location.line == 1 for p in caught.value.problems)


def test_roster_and_front_matter_attributes_must_agree(tmp_path, mini_codebook):
    write_transcript(tmp_path, "a.md", dict(GOOD_FRONT_MATTER, sex="Female"),
                     "E: ¿Qué?\n\nR: Algo.\n")
    (tmp_path / "respondents.csv").write_text("transcript_id,sex\nKII-T-01,female\n",
                                              encoding="utf-8")
    assert read_corpus([tmp_path], mini_codebook).transcripts[0].respondents[0].attributes \
        == {"sex": "Female"}   # the same value in another case is no conflict
    (tmp_path / "respondents.csv").write_text("transcript_id,sex\nKII-T-01,male\n",
                                              encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_corpus([tmp_path], mini_codebook)
    assert "roster says sex 'male'" in caught.value.problems[0].message


def test_a_schema_1_store_gains_the_attribute_table(tmp_path):
    path = tmp_path / "old.sqlite"
    Store.open(path, create=True).close()
    db = sqlite3.connect(path)   # make it look like a store written before attributes
    db.execute("DROP TABLE respondent_attribute")
    for column in ("tier", "pattern_score", "similarity"):   # schema 3's additions
        db.execute(f"ALTER TABLE coding DROP COLUMN {column}")
    db.execute("DROP TABLE segment_outlook")
    db.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    db.commit()
    db.close()
    with Store.open(path) as store:
        assert store.get_meta("schema_version") == str(SCHEMA_VERSION)
        assert store.attribute_names() == []


def test_heat_map_and_framework_matrix_by_attribute(project):
    store, book = project
    tables = evidence_tables(store, book, MatrixOptions(status="accepted", by=("sex",)))
    heat = {r["Finding"]: r for r in tables.table("Heat map").records(headers=True)}
    females = next(h for h in heat["F1"] if h.startswith("sex: female (N="))
    # F1: KII-A-01, KII-A-04 and KII-G-01-P2 are women, KII-A-02 a man
    assert heat["F1"][females] == 3
    assert heat["F1"][next(h for h in heat["F1"] if h.startswith("sex: male"))] == 1
    grid = {r["Respondent"]: r for r in tables.table("Framework matrix").records(headers=True)}
    assert grid["KII-A-01"]["sex"] == "female"
