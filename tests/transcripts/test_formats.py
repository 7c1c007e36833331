"""Transcripts as teams have them: Zoom and Teams .vtt, .srt, Otter .txt and
.docx, Teams .docx, a Spanish Word template, plain text with the common
label styles, and roster-only metadata (tests/fixtures/formats/), plus
small synthetic files for each label style and metadata language."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from conftest import GOOD_FRONT_MATTER, write_transcript

from kiicode.codebook import default_codebook_path, load_codebook
from kiicode.errors import TranscriptError
from kiicode.nlp import sentence_splitter
from kiicode.transcripts.corpus import inspect_corpus, read_corpus
from kiicode.transcripts.models import INTERVIEWER, RESPONDENT, UNITS

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
IDS = {"KII-ZM-01", "KII-TM-01", "KII-SR-01", "KII-OT-01", "KII-OT-02", "KII-TD-01",
       "KII-TX-01", "KII-GR-02", "KII-WD-01"}


@pytest.fixture(scope="module")
def cpc():
    """The corpus's respondent types ('Funcionaria pública') are CPC aliases."""
    return load_codebook(default_codebook_path())


@pytest.fixture(scope="module")
def formats(cpc):
    corpus = read_corpus([FORMATS], cpc)
    return {t.id: t for t in corpus.transcripts}, corpus.warnings


def roles(t) -> dict[str, str]:
    return {u.speaker: u.role for u in t.turns}


def test_every_format_ingests(formats):
    by_id, warnings = formats
    assert set(by_id) == IDS
    # the only warning: the .srt names no role, so who asks the questions decided
    assert [Path(w.location.path).name for w in warnings] == ["KII-SR-01.srt"]


@pytest.mark.parametrize("unit", UNITS)
def test_offsets_are_exact_in_every_format(cpc, unit):
    corpus = read_corpus([FORMATS], cpc, unit=unit, split_sentences=sentence_splitter)
    for t in corpus.transcripts:
        assert t.segments, t.id
        for s in t.segments:
            assert t.text[s.start:s.end] == s.text, s.id
            assert s.text == s.text.strip() and s.text, s.id


def test_zoom_vtt(formats):
    t = formats[0]["KII-ZM-01"]
    assert t.path.endswith("GMT20240314-150212_Recording.transcript.vtt")   # id from the roster
    assert roles(t) == {"Ana Torres": INTERVIEWER, "Rosa Huamán": RESPONDENT}
    # consecutive cues of one speaker are one turn; a cue's lines are one text
    assert t.segments[1].text == (
        "Soy abogada del Centro Emergencia Mujer. Atendemos violencia contra la mujer y contra "
        "niñas, niños y adolescentes. Desde 2020 también recibimos casos de trata que nos "
        "deriva la fiscalía especializada.")
    assert t.metadata["date"] == "2024-03-14"   # 14/03/2024 in the roster
    assert t.respondents[0].attributes == {"sex": "female", "age_group": "30-44"}
    # a closing [inaudible ...] marker stays in the text, out of the segment
    assert t.segments[3].text.endswith("hay que volver a empezar.")
    assert "[inaudible 00:01:27]" in t.text


def test_teams_vtt_voices_notes_and_a_cue_with_two_voices(formats):
    t = formats[0]["KII-TM-01"]
    assert roles(t) == {"Torres Vega, Ana": INTERVIEWER, "Quispe Mamani, Luis": RESPONDENT}
    assert "Generado por Microsoft Teams" not in t.text and "audio se cortó" not in t.text
    asked = [t.text[u.start:u.end] for u in t.turns if u.role == INTERVIEWER]
    assert "¿Y eso ha cambiado?" in asked      # the first voice of the two-voice cue
    answer = next(s for s in t.segments if s.text.startswith("Sí, bastante."))
    assert "la cámara Gesell se usa" in answer.text   # ... the second, merged with its next cue
    assert t.respondents[0].type == "government_official"   # "Funcionario público" in the roster
    assert t.language == "es"                                # "español" in the roster


def test_srt_interviewer_by_who_asks_the_questions(formats):
    by_id, warnings = formats
    assert roles(by_id["KII-SR-01"]) == {"Maria Lopez": INTERVIEWER, "John Carter": RESPONDENT}
    warning = warnings[0]
    assert "'Maria Lopez' -> interviewer (4 of 5 turns ask a question)" in warning.message
    assert "'John Carter' -> respondent (0 of 5 turns ask a question)" in warning.message
    # the fix is the exact roster line with the interviewer filled in
    assert warning.hint.endswith("change line 4 to: KII-SR-01,KII-SR-01.srt,implementing_partner,"
                                 "ABA-ROLI,Lima,English,2024-03-20,Maria Lopez,,male,45-59")


def test_otter_txt_headers_footer_and_markers(formats):
    t = formats[0]["KII-OT-01"]
    assert roles(t) == {"Speaker 1": INTERVIEWER, "Speaker 2": RESPONDENT}
    texts = [s.text for s in t.segments]
    assert not any("otter.ai" in x or "Transcribed" in x for x in texts)
    assert not any(x.startswith("[inaudible") for x in texts)   # a marker alone is no segment
    assert len(texts) == 4 and texts[1].startswith("Most of them arrive")
    assert "Transcribed by https://otter.ai" in t.text           # kept in the original


def test_word_exports_one_segment_per_paragraph(formats):
    otter, teams = formats[0]["KII-OT-02"], formats[0]["KII-TD-01"]
    assert roles(otter) == {"Speaker 1": INTERVIEWER, "Speaker 2": RESPONDENT}
    assert roles(teams) == {"Torres Vega, Ana": INTERVIEWER, "Rojas Paredes, Carlos": RESPONDENT}
    assert [(s.turn_no, s.para_no) for s in teams.segments] == [(2, 1), (2, 2), (4, 1), (4, 2)]
    assert teams.segments[1].text == "Tenemos doce efectivos para toda la ciudad."
    assert not any("transcripción" in s.text for s in teams.segments)   # title lines


def test_spanish_word_template_with_a_metadata_table(formats):
    t = formats[0]["KII-WD-01"]
    assert t.language == "es" and t.metadata["date"] == "2024-03-14"
    assert t.metadata["delivery"] == "Virtual (Zoom)" and t.mode == "individual"
    assert t.respondents[0].type == "government_official"   # "Funcionaria pública" (an alias)
    assert [s.para_no for s in t.segments] == [1, 1, 2, 3, 1]


def test_plain_text_label_styles_and_roster_only_metadata(formats):
    t = formats[0]["KII-TX-01"]
    assert roles(t) == {"ENTREVISTADORA": INTERVIEWER, "Entrevistada": RESPONDENT}
    assert t.segments[0].text.startswith("Buenos días. Soy responsable")
    assert t.respondents[0].region == "Puno" and t.metadata["date"] == "2024-04-02"


def test_group_with_participants_from_the_roster_and_spanish_keys(formats):
    t = formats[0]["KII-GR-02"]
    assert t.mode == "group" and t.metadata["date"] == "2024-04-09" and t.language == "es"
    people = {r.label: r.type for r in t.respondents}
    assert people == {"P1": "government_official", "P2": "community_member",
                      "GROUP": "group"}
    assert [s.respondent_id for s in t.segments][-1] == "KII-GR-02-GROUP"


def test_dry_run_report(cpc):
    reports = {Path(r.path).name: r for r in inspect_corpus([FORMATS], cpc)}
    zoom = reports["GMT20240314-150212_Recording.transcript.vtt"]
    assert zoom.format == "WebVTT, Name: prefixes (Zoom)" and zoom.transcript_id == "KII-ZM-01"
    assert zoom.speakers == [
        ("Ana Torres", "interviewer", "named as the interviewer in the metadata"),
        ("Rosa Huamán", "respondent KII-ZM-01", "the one speaker who is not the interviewer")]
    assert zoom.segments == 5 and not zoom.problems
    assert reports["KII-OT-01.txt"].format.endswith("name-and-time headers (Otter/Teams); "
                                                    "service footer")
    assert reports["KII-WD-01.docx"].format == "Word, metadata table"


def test_dry_run_writes_nothing(tmp_path, invoke):
    store = tmp_path / "p.sqlite"
    before = sorted(p.name for p in FORMATS.iterdir())
    result = invoke("ingest", FORMATS, "--dry-run", "--store", store)
    assert result.exit_code == 0, result.output
    assert "Ana Torres → interviewer" in result.stdout and "KII-ZM-01" in result.stdout
    assert "9 would ingest, 0 with problems; nothing was written" in result.stderr
    assert not store.exists() and not list(tmp_path.iterdir())
    assert sorted(p.name for p in FORMATS.iterdir()) == before


def test_dry_run_with_a_problem_exits_1_and_writes_nothing(tmp_path, invoke):
    write_transcript(tmp_path, "a.md", dict(GOOD_FRONT_MATTER, language="fr"),
                     "E: ¿Hola?\n\nR: Hola.\n")
    result = invoke("ingest", tmp_path, "--dry-run", "--store", tmp_path / "p.sqlite")
    assert result.exit_code == 1
    assert "language 'fr' is not declared" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


# --- label styles --------------------------------------------------------------------

@pytest.mark.parametrize("asked, answered", [
    ("E: ¿Qué cambió?", "R: Bastante."),
    ("(00:00:05) ENTREVISTADORA: ¿Qué cambió?", "(00:00:09) ENTREVISTADA: Bastante."),
    ("[00:05] Entrevistadora: ¿Qué cambió?", "[00:09] Entrevistada: Bastante."),
    ("Entrevistadora (E): ¿Qué cambió?", "Entrevistada (R): Bastante."),
    ("ENTREVISTADORA [00:00:05]: ¿Qué cambió?", "ENTREVISTADA 00:00:09: Bastante."),
    ("**E:** ¿Qué cambió?", "**R:** Bastante."),
    ("**Entrevistadora**: ¿Qué cambió?", "__Entrevistada__: Bastante."),
    # a Word or Docs export that bolds the label and puts the time after it
    ("**ENTREVISTADORA** [00:00:05]: ¿Qué cambió?", "**ENTREVISTADA** (00:00:09): Bastante."),
    ("**Entrevistadora (E)** 00:05: ¿Qué cambió?", "__Entrevistada (R)__ 00:09: Bastante."),
    ("Interviewer: ¿Qué cambió?", "Respondent: Bastante."),
    ("Q: ¿Qué cambió?", "A: Bastante."),
    ("Pregunta: ¿Qué cambió?", "Respuesta: Bastante."),
    ("Torres Vega, Ana (Evaluadora): ¿Qué cambió?", "Luis Quispe: Bastante."),
    ("Ana Torres 00:00:05", "Luis Quispe 00:00:09"),   # the header layout (text below)
])
def test_label_styles(tmp_path, mini_codebook, asked, answered):
    header = asked.endswith(("05", "09"))
    body = (f"{asked}\n¿Qué cambió?\n\n{answered}\nBastante.\n" if header else
            f"Título de la entrevista\n\n{asked}\n\n{answered}\n\n{asked}\n\n{answered}\n")
    path = write_transcript(tmp_path, "a.txt", GOOD_FRONT_MATTER, body)
    if header:   # a header layout needs two turns per speaker, or the roster naming them
        path.write_text(path.read_text(encoding="utf-8") + f"\n{asked}\n¿Y?\n\n{answered}\n"
                        "Sí.\n", encoding="utf-8")
    t = read_corpus([path], mini_codebook).transcripts[0]
    assert [u.role for u in t.turns][:2] == [INTERVIEWER, RESPONDENT]
    assert t.segments[0].text == "Bastante."


def test_a_one_off_colon_line_is_text_not_a_speaker(tmp_path, mini_codebook):
    body = ("E: ¿Qué cambió?\n\nR: Varias cosas.\nPor ejemplo: la capacitación.\n"
            "Lo que dijo el fiscal: que faltan recursos.\n")
    t = read_corpus([write_transcript(tmp_path, "a.md", GOOD_FRONT_MATTER, body)],
                    mini_codebook).transcripts[0]
    assert len(t.turns) == 2 and t.segments[0].text.endswith("que faltan recursos.")


# --- interviewer without a map ---------------------------------------------------------

NAMED = ("Ana Torres: ¿Qué cambió?\n\nLuis Quispe: Bastante, la capacitación.\n\n"
         "Ana Torres: ¿Y la rotación?\n\nLuis Quispe: Es alta.\n")


def test_roster_interviewer_names_the_speaker_as_written(tmp_path, mini_codebook):
    write_transcript(tmp_path, "KII-T-01.md", dict(GOOD_FRONT_MATTER, interviewer="Ana Torres"),
                     NAMED)
    corpus = read_corpus([tmp_path], mini_codebook)
    assert corpus.warnings == []
    assert roles(corpus.transcripts[0]) == {"Ana Torres": INTERVIEWER, "Luis Quispe": RESPONDENT}


def test_undecidable_speakers_name_the_labels_and_the_roster_line(tmp_path, mini_codebook):
    body = "Ana Torres: Buenos días.\n\nLuis Quispe: Buenos días.\n\n" * 2
    write_transcript(tmp_path, "KII-T-01.md", None, body)
    (tmp_path / "respondents.csv").write_text(
        "transcript_id,respondent_type,language,interviewer\nKII-T-01,ngo_staff,es,EV-2\n",
        encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_corpus([tmp_path], mini_codebook)
    problem = caught.value.problems[0]
    assert problem.location.path == str(tmp_path / "KII-T-01.md")
    assert "cannot tell the interviewer from the respondent" in problem.message
    assert "'Ana Torres' (2 turns), 'Luis Quispe' (2 turns)" in problem.message
    assert problem.hint.endswith(f"in {tmp_path / 'respondents.csv'} change line 2 to: "
                                 "KII-T-01,ngo_staff,es,Ana Torres")


def test_no_labels_at_all_is_one_located_error(tmp_path, mini_codebook, invoke):
    write_transcript(tmp_path, "a.md", GOOD_FRONT_MATTER, "Solo texto sin etiquetas.\n")
    result = invoke("ingest", tmp_path, "--store", tmp_path / "p.sqlite")
    assert result.exit_code == 1 and "no speaker labels found" in result.output
    assert "a.md" in result.output and not (tmp_path / "p.sqlite").exists()


# --- metadata: languages, dates, roster only ----------------------------------------------

def test_spanish_front_matter_keys_and_values(tmp_path, mini_codebook):
    front = ("Código de entrevista: KII-ES-50\nTipo de informante: trabajadora de primera línea\n"
             "Institución: MIMP\nRegión: Cusco\nIdioma: Español\nFecha: 14 de marzo de 2024\n"
             "Modalidad: individual\nEntrevistador: EV-2\nSexo: mujer")
    t = read_corpus([write_transcript(tmp_path, "a.md", front, "E: ¿Qué?\n\nR: Algo.\n")],
                    mini_codebook).transcripts[0]
    assert (t.id, t.language, t.mode, t.metadata["date"]) == ("KII-ES-50", "es", "individual",
                                                             "2024-03-14")
    person = t.respondents[0]
    assert (person.type, person.institution, person.region) == ("frontline_worker", "MIMP",
                                                               "Cusco")
    assert person.attributes == {"sexo": "mujer"}


def test_values_are_compared_by_meaning(tmp_path, mini_codebook):
    front = dict(GOOD_FRONT_MATTER, language="español", date="18/03/2024",
                 respondent_type="trabajadora de primera línea", region="cusco")
    write_transcript(tmp_path, "a.md", front, "E: ¿Qué?\n\nR: Algo.\n")
    (tmp_path / "respondents.csv").write_text(
        "transcript_id,respondent_type,region,language,date\n"
        "KII-T-01,frontline_worker,Cusco,es,2024-03-18\n", encoding="utf-8")
    t = read_corpus([tmp_path], mini_codebook).transcripts[0]
    assert (t.language, t.metadata["date"]) == ("es", "2024-03-18")
    (tmp_path / "respondents.csv").write_text(
        "transcript_id,date\nKII-T-01,2024-03-19\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_corpus([tmp_path], mini_codebook)
    assert "roster says date '2024-03-19'" in caught.value.problems[0].message


def test_a_date_that_is_no_date(tmp_path, mini_codebook):
    path = write_transcript(tmp_path, "a.md", dict(GOOD_FRONT_MATTER, date="31/02/2024"),
                            "E: ¿Qué?\n\nR: Algo.\n")
    with pytest.raises(TranscriptError) as caught:
        read_corpus([path], mini_codebook)
    problem = caught.value.problems[0]
    assert problem.message == "date '31/02/2024' is not a date" and problem.location.line == 7


def test_xlsx_roster_with_excel_date_cells_alone(tmp_path, mini_codebook):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Código de entrevista", "Tipo de informante", "Idioma", "Fecha", "Sexo"])
    sheet.append(["KII-T-01", "ngo_staff", "Español", datetime(2024, 4, 16), "F"])
    book.save(tmp_path / "respondents.xlsx")
    write_transcript(tmp_path, "KII-T-01.txt", None, "E: ¿Qué?\n\nR: Algo.\n")
    t = read_corpus([tmp_path], mini_codebook).transcripts[0]
    assert (t.language, t.metadata["date"]) == ("es", "2024-04-16")
    assert t.respondents[0].attributes == {"sexo": "F"}
    # the same date in the file is no conflict with the Excel cell
    write_transcript(tmp_path, "KII-T-01.txt", dict(GOOD_FRONT_MATTER, date="2024-04-16",
                                                    respondent_type="ngo_staff"),
                     "E: ¿Qué?\n\nR: Algo.\n")
    assert read_corpus([tmp_path], mini_codebook).transcripts[0].metadata["date"] == \
        "2024-04-16"


def test_a_zoom_file_name_never_becomes_the_id(tmp_path, mini_codebook):
    shutil.copy(FORMATS / "GMT20240314-150212_Recording.transcript.vtt", tmp_path)
    with pytest.raises(TranscriptError) as caught:
        read_corpus([tmp_path], mini_codebook)
    problem = caught.value.problems[0]
    assert "is a name the meeting tool gave the file, not a transcript id" in problem.message
    assert "transcript_id,file,respondent_type,language" in problem.hint


def test_one_line_roster_for_a_zoom_export(tmp_path, mini_codebook):
    shutil.copy(FORMATS / "GMT20240314-150212_Recording.transcript.vtt", tmp_path)
    (tmp_path / "respondents.csv").write_text(
        "transcript_id,file,respondent_type,language,interviewer\n"
        "KII-01,GMT20240314-150212_Recording.transcript.vtt,frontline_worker,es,Ana Torres\n",
        encoding="utf-8")
    t = read_corpus([tmp_path], mini_codebook).transcripts[0]
    assert t.id == "KII-01" and roles(t)["Rosa Huamán"] == RESPONDENT


def test_srt_renamed_vtt_and_a_broken_caption_file(tmp_path, mini_codebook):
    shutil.copy(FORMATS / "KII-SR-01.srt", tmp_path / "KII-SR-01.vtt")
    shutil.copy(FORMATS / "respondents.csv", tmp_path)
    lines = (tmp_path / "respondents.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "respondents.csv").write_text(
        "\n".join([lines[0]] + [x.replace(".srt", ".vtt") for x in lines if "SR-01" in x]),
        encoding="utf-8")
    assert read_corpus([tmp_path], mini_codebook).transcripts[0].id == "KII-SR-01"
    (tmp_path / "KII-SR-01.vtt").write_text("WEBVTT\n\nnot a cue\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_corpus([tmp_path], mini_codebook)
    assert caught.value.problems[0].location.path == str(tmp_path / "KII-SR-01.vtt")
