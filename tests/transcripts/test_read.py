"""Reading transcripts: the sample corpus (markdown, docx, vtt, group KII and
roster) and small synthetic transcripts for offsets, labels and paragraphs."""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter

import pytest
from conftest import GOOD_FRONT_MATTER

from kiicode.nlp import sentence_splitter
from kiicode.transcripts.corpus import read_corpus
from kiicode.transcripts.models import INTERVIEWER, RESPONDENT, UNITS

SAMPLE_IDS = {
    "KII-ES-01", "KII-ES-02", "KII-ES-03", "KII-ES-04", "KII-ES-05", "KII-ES-06", "KII-ES-07",
    "KII-ES-09", "KII-ES-10", "KII-GR-01", "KII-EN-01", "KII-EN-02", "KII-EN-03", "KII-EN-04",
}
# A segment must never begin with what the reader is supposed to strip.
LEFTOVER_LABEL = re.compile(
    r"^\s|\s$|^\[\d{1,2}:\d{2}|^(\*\*|__)|^(?:entrevistad[oa]r?a?|interviewer|respondent|"
    r"moderadora|operadora cem|[eiprP]|p\d)\s*:", re.IGNORECASE)


@pytest.fixture(scope="module")
def by_id(sample_corpus):
    return {t.id: t for t in sample_corpus.transcripts}


# --- the sample corpus --------------------------------------------------------

def test_sample_corpus_reads(sample_corpus):
    assert {t.id for t in sample_corpus.transcripts} == SAMPLE_IDS
    assert len(sample_corpus.transcripts) == 14
    assert sample_corpus.warnings == []


def test_sample_languages(sample_corpus):
    assert Counter(t.language for t in sample_corpus.transcripts) == {"es": 10, "en": 4}
    for t in sample_corpus.transcripts:
        assert {s.language for s in t.segments} == {t.language}


def test_individual_metadata_and_respondent(by_id):
    t = by_id["KII-ES-01"]
    assert t.mode == "individual"
    assert [(r.id, r.type, r.institution, r.region) for r in t.respondents] == [
        ("R-004", "government_official", "MIMP", "Lima")]
    assert t.metadata["date"] == "2024-02-12"   # YAML dates stored as text
    assert {s.respondent_id for s in t.segments} == {"R-004"}


def test_group_kii_participants_and_group_respondent(by_id):
    t = by_id["KII-GR-01"]
    assert t.mode == "group"
    people = {r.label: r for r in t.respondents if not r.is_group}
    assert {label: (r.id, r.type, r.institution, r.region) for label, r in people.items()} == {
        "P1": ("KII-GR-01-P1", "government_official", "MININTER", "Lima"),
        "P2": ("KII-GR-01-P2", "ngo_staff", "ONG local", "Puno"),
        "P3": ("KII-GR-01-P3", "community_member", "Junta vecinal", "Puno"),
    }
    groups = [r for r in t.respondents if r.is_group]
    assert [g.id for g in groups] == ["KII-GR-01-GROUP"]
    # the unattributed `R:` turns belong to the group, not to a participant
    group_segments = [s for s in t.segments if s.respondent_id == "KII-GR-01-GROUP"]
    assert [s.text for s in group_segments] == ["Sí, sí.", "No, gracias."]
    spoken = Counter(s.respondent_id for s in t.segments)
    assert all(spoken[r.id] > 0 for r in people.values())


def test_docx_reads_with_metadata_block(by_id):
    t = by_id["KII-ES-09"]
    assert t.path.endswith("KII-ES-09.docx")
    assert t.language == "es"
    assert t.metadata["institution"] == "MINJUS"
    assert [(r.id, r.type) for r in t.respondents] == [("KII-ES-09", "government_official")]
    roles = {(u.speaker, u.role) for u in t.turns}
    assert roles == {("Entrevistadora", INTERVIEWER), ("Entrevistada", RESPONDENT)}
    assert t.segments[0].text == "Buenos días. Sí, no hay inconveniente."
    # the metadata block is not part of any turn
    first_turn = t.turns[0]
    assert "id: KII-ES-09" in t.text[:first_turn.start]
    assert not any("KII-ES-09" in s.text or "interviewer:" in s.text for s in t.segments)


def test_vtt_reads_with_roster_speakers(by_id):
    t = by_id["KII-ES-10"]
    assert t.path.endswith("KII-ES-10.vtt")
    assert [(r.id, r.type, r.institution, r.region) for r in t.respondents] == [
        ("KII-ES-10", "frontline_worker", "MIMP - CEM", "Cusco")]
    # 'Operadora CEM' is not a standard label: the roster's speakers column maps it
    speakers = {(u.speaker, u.role, u.respondent_id) for u in t.turns}
    assert speakers == {("Entrevistadora", INTERVIEWER, None),
                        ("Operadora CEM", RESPONDENT, "KII-ES-10")}
    assert t.text.startswith("[00:00:01] Entrevistadora: Buenas tardes, gracias por "
                             "conectarse.")
    assert t.segments[0].text == ("Sí, buenas tardes. La escucho bien, estoy en la oficina "
                                  "del CEM.")


def test_vtt_needs_no_speaker_map(tmp_path, sample_dir, by_id, mini_codebook):
    # Without the roster's speakers column, 'Entrevistadora' is the interviewer
    # by its word and 'Operadora CEM' the one other speaker: the same segments.
    shutil.copy(sample_dir / "KII-ES-10.vtt", tmp_path)
    rows = (sample_dir / "respondents.csv").read_text(encoding="utf-8").splitlines()
    kept = [rows[0]] + [row.split(",Entrevistadora=")[0] + ","
                        for row in rows if row.startswith("KII-ES-10,")]
    (tmp_path / "respondents.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    corpus = read_corpus([tmp_path], mini_codebook)
    assert corpus.warnings == []
    unmapped = corpus.transcripts[0]
    assert [s.text for s in unmapped.segments] == [s.text for s in by_id["KII-ES-10"].segments]


def test_interviewer_turns_produce_no_segments(sample_corpus):
    for t in sample_corpus.transcripts:
        roles = {u.number: u.role for u in t.turns}
        assert INTERVIEWER in roles.values(), t.id   # they are kept for context
        interviewer_spans = [(u.start, u.end) for u in t.turns if u.role == INTERVIEWER]
        for s in t.segments:
            assert roles[s.turn_no] == RESPONDENT, s.id
            assert not any(a < s.end and s.start < b for a, b in interviewer_spans), s.id


@pytest.mark.parametrize("unit", UNITS)
def test_offsets_exact_for_every_sample_segment(sample_corpora, unit):
    corpus = sample_corpora[unit]
    assert len(corpus.transcripts) == 14
    for t in corpus.transcripts:
        assert t.segments, t.id
        for s in t.segments:
            assert t.text[s.start:s.end] == s.text, s.id
            assert s.text.strip() == s.text and s.text, s.id
            turn = t.turns[s.turn_no - 1]
            assert turn.number == s.turn_no
            assert turn.start <= s.start < s.end <= turn.end, s.id
        ids = [s.id for s in t.segments]
        assert ids == [f"{t.id}:{n}" for n in range(1, len(ids) + 1)]


def test_units_nest(sample_corpora):
    # more, smaller units from turn to paragraph to sentence, covering the same turns
    counts = {unit: sum(len(t.segments) for t in corpus.transcripts)
              for unit, corpus in sample_corpora.items()}
    assert counts["turn"] < counts["paragraph"] < counts["sentence"]
    turns = {(t.id, s.turn_no) for t in sample_corpora["turn"].transcripts for s in t.segments}
    sentences = {(t.id, s.turn_no) for t in sample_corpora["sentence"].transcripts
                 for s in t.segments}
    assert turns == sentences


def test_timestamps_and_labels_stripped_from_sample_segments(sample_corpus, by_id):
    for t in sample_corpus.transcripts:
        for s in t.segments:
            assert not LEFTOVER_LABEL.search(s.text), (s.id, s.text[:40])
    first = by_id["KII-ES-01"].segments[0]
    assert first.text == "Sí, claro, no hay problema. Buenos días."
    line_start = by_id["KII-ES-01"].text.rfind("\n", 0, first.start) + 1
    assert by_id["KII-ES-01"].text[line_start:first.start] == "[00:00:19] Entrevistada: "


def test_multi_paragraph_turn_gives_numbered_segments(by_id):
    t = by_id["KII-ES-01"]
    turn_6 = [s for s in t.segments if s.turn_no == 6]
    assert [s.para_no for s in turn_6] == [1, 2]
    assert turn_6[1].text.startswith("Lo que sí cambió fue el énfasis.")
    assert turn_6[0].end < turn_6[1].start


def test_bracketed_notes_stay_in_segments(by_id):
    risas = [s for s in by_id["KII-ES-05"].segments if "[risas]" in s.text]
    assert [s.text for s in risas] == [
        "Buenas tardes, señorita. Sí, siempre hay trabajo [risas]. Pero para este tema siempre "
        "hay tiempo."]
    inaudible = [s for s in by_id["KII-ES-02"].segments if "[inaudible]" in s.text]
    assert len(inaudible) == 1
    assert inaudible[0].text.startswith("Y tercero, la [inaudible] de la víctima")


# --- synthetic transcripts ------------------------------------------------------

EMOJI_BODY = (
    "# Notas previas: no son parte de ningún turno\n"
    "\n"
    "[00:00:01] **Entrevistadora:** ¿Qué tal? 😀👍🏽 ¿Cómo le fue?\n"
    "\n"
    "[00:00:09] **Entrevistada:** Muy bien 😀 la capacitación ayudó. Y la rotación… 🇵🇪 no.\n"
    "Esta línea sigue el mismo párrafo.\n"
    "\n"
    "[00:00:40] Segundo párrafo, señor Núñez. ¡Sí!\n"
    "\n"
    "__R__: Otra respuesta 👍🏽 [risas].\n"
)


def read_one(path, codebook, unit="paragraph"):
    corpus = read_corpus([path], codebook, unit=unit, split_sentences=sentence_splitter)
    assert len(corpus.transcripts) == 1
    return corpus.transcripts[0]


@pytest.mark.parametrize("unit", UNITS)
def test_offsets_after_non_bmp_characters(tmp_path, write_transcript, mini_codebook, unit):
    path = write_transcript(tmp_path, "emoji.md", GOOD_FRONT_MATTER, EMOJI_BODY)
    t = read_one(path, mini_codebook, unit)
    assert t.segments
    for s in t.segments:
        assert t.text[s.start:s.end] == s.text
    texts = [s.text for s in t.segments]
    if unit == "paragraph":
        assert texts == [
            "Muy bien 😀 la capacitación ayudó. Y la rotación… 🇵🇪 no.\n"
            "Esta línea sigue el mismo párrafo.",
            "Segundo párrafo, señor Núñez. ¡Sí!",
            "Otra respuesta 👍🏽",   # a closing [risas] marker is no part of it
        ]
        assert [(s.turn_no, s.para_no) for s in t.segments] == [(2, 1), (2, 2), (3, 1)]
    # the text is the file as decoded: its last segment ends right before the newline
    assert t.text.endswith(" [risas].\n")
    assert t.segments[-1].end == len(t.text) - len(" [risas].\n")


def test_bold_labels_and_timestamps_stripped(tmp_path, write_transcript, mini_codebook):
    path = write_transcript(tmp_path, "emoji.md", GOOD_FRONT_MATTER, EMOJI_BODY)
    t = read_one(path, mini_codebook)
    assert [(u.speaker, u.role) for u in t.turns] == [
        ("Entrevistadora", INTERVIEWER), ("Entrevistada", RESPONDENT), ("R", RESPONDENT)]
    assert t.text[t.turns[0].start:t.turns[0].end] == "¿Qué tal? 😀👍🏽 ¿Cómo le fue?"
    for s in t.segments:
        assert "**" not in s.text and "__" not in s.text and "[00:" not in s.text
    assert "Notas previas" not in " ".join(t.text[u.start:u.end] for u in t.turns)


def test_crlf_file_offsets_are_on_normalised_text(tmp_path, mini_codebook):
    body = "E: Hola.\n\nR: Primera línea.\nSegunda línea.\n\nOtro párrafo.\n"
    text = "---\nid: KII-CRLF\nrespondent_type: ngo_staff\nlanguage: es\n---\n" + body
    path = tmp_path / "crlf.md"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    t = read_one(path, mini_codebook)
    assert "\r" not in t.text
    assert [s.text for s in t.segments] == ["Primera línea.\nSegunda línea.", "Otro párrafo."]
    assert all(t.text[s.start:s.end] == s.text for s in t.segments)


def test_speakers_map_in_front_matter(tmp_path, write_transcript, mini_codebook):
    front = dict(GOOD_FRONT_MATTER, speakers={"Ana": "interviewer", "Don Luis": "R"})
    path = write_transcript(tmp_path, "named.md", front,
                            "Ana: ¿Cómo empezó?\n\nDon Luis: Con un taller.\n")
    t = read_one(path, mini_codebook)
    assert [(u.speaker, u.role) for u in t.turns] == [("Ana", INTERVIEWER),
                                                      ("Don Luis", RESPONDENT)]
    assert [s.text for s in t.segments] == ["Con un taller."]


def test_respondent_type_alias_resolves_to_id(tmp_path, write_transcript, mini_codebook):
    front = dict(GOOD_FRONT_MATTER, respondent_type="personal de ONG")
    path = write_transcript(tmp_path, "alias.md", front, "E: Hola.\n\nR: Hola.\n")
    assert read_one(path, mini_codebook).respondents[0].type == "ngo_staff"


def test_docx_with_metadata_table(tmp_path, mini_codebook):
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for key, value in [("id", "KII-DX-01"), ("respondent_type", "ngo_staff"),
                       ("language", "es"), ("region", "Cusco")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    for line in ("Entrevistadora: ¿Hola?", "Entrevistada: Bien, gracias.", "Sigue la línea.",
                 "", "Otro párrafo 😀."):
        document.add_paragraph(line)
    document.save(tmp_path / "interview.docx")
    t = read_one(tmp_path / "interview.docx", mini_codebook)
    assert t.id == "KII-DX-01"
    assert t.respondents[0].region == "Cusco"
    # the stored text is the paragraphs joined with newlines; the table is not in it
    assert t.text == ("Entrevistadora: ¿Hola?\nEntrevistada: Bien, gracias.\nSigue la línea."
                      "\n\nOtro párrafo 😀.")
    # every Word paragraph is a paragraph (a segment) of its turn
    assert [(s.text, s.para_no) for s in t.segments] == [
        ("Bien, gracias.", 1), ("Sigue la línea.", 2), (t.segments[2].text, 3)]
    assert t.segments[2].text.startswith("Otro párrafo")
    assert all(t.text[s.start:s.end] == s.text for s in t.segments)


# --- roster as .xlsx ------------------------------------------------------------

def test_roster_xlsx_reads_like_csv(tmp_path, sample_dir, mini_codebook, sample_corpus):
    from openpyxl import Workbook

    copy = tmp_path / "corpus"
    shutil.copytree(sample_dir, copy, ignore=shutil.ignore_patterns("respondents.csv"))
    with open(sample_dir / "respondents.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    workbook = Workbook()
    sheet = workbook.active
    for row in table:
        sheet.append([cell if cell != "" else None for cell in row])
    workbook.save(copy / "respondents.xlsx")

    from_xlsx = {t.id: t for t in read_corpus([copy], mini_codebook).transcripts}
    from_csv = {t.id: t for t in sample_corpus.transcripts}
    assert from_xlsx.keys() == from_csv.keys()
    for tid, expected in from_csv.items():
        got = from_xlsx[tid]
        assert got.respondents == expected.respondents, tid
        assert got.segments == expected.segments, tid
        assert got.metadata == expected.metadata, tid
    # the vtt has no metadata of its own: it came from the workbook
    assert from_xlsx["KII-ES-10"].respondents[0].institution == "MIMP - CEM"


def test_roster_with_semicolons_reads_like_csv(tmp_path, sample_dir, mini_codebook,
                                              sample_corpus):
    # Spanish-locale Excel separates CSV columns with ';'
    copy = tmp_path / "corpus"
    shutil.copytree(sample_dir, copy, ignore=shutil.ignore_patterns("respondents.csv"))
    with open(sample_dir / "respondents.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    with open(copy / "respondents.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(table)
    read = {t.id: t for t in read_corpus([copy], mini_codebook).transcripts}
    assert read["KII-ES-10"].respondents == next(
        t for t in sample_corpus.transcripts if t.id == "KII-ES-10").respondents


def test_utf16_transcript_from_notepad_reads(tmp_path, mini_codebook):
    text = ("---\nid: KII-U16\nrespondent_type: ngo_staff\nlanguage: es\n---\n"
            "E: ¿Qué cambió?\n\nR: La capacitación ayudó.\n")
    path = tmp_path / "u16.txt"
    path.write_bytes(text.encode("utf-16"))   # with a byte-order mark, as Notepad saves
    t = read_one(path, mini_codebook)
    assert [s.text for s in t.segments] == ["La capacitación ayudó."]
