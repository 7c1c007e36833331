"""Hostile and careless transcripts, rosters and command lines, run against a
coded project: each is refused with exit 1 and a located message, within the
time bound, and the store is left exactly as it was."""

from __future__ import annotations

import functools
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import GOOD_FRONT_MATTER, write_transcript
from hostile_harness import assert_refused, run_bounded, store_state
from projects import sample_template_fixture, workdir_fixture  # noqa: F401

from kiicode.store import Store

DIALOGUE = "E: ¿Cómo empezó?\n\nR: Con un taller de capacitación.\n"
ROSTER_HEADER = "transcript_id,label,respondent_type,institution,region,language,mode\n"


def front(**changes) -> dict:
    values = {**GOOD_FRONT_MATTER, "id": "KII-BAD-01", **changes}
    return {key: value for key, value in values.items() if value is not None}


def md(directory: Path, front_matter, body: str = DIALOGUE, name: str = "KII-BAD-01.md",
       encoding: str = "utf-8") -> Path:
    return write_transcript(directory, name, front_matter, body, encoding)


def raw(directory: Path, name: str, content: bytes) -> Path:
    path = directory / name
    path.write_bytes(content)
    return path


@functools.cache
def zip_bomb(member: str) -> bytes:
    """~1 MB that expands to 210 MB (past kiicode's 200 MB limit), built once."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open(member, "w", force_zip64=True) as inside:
            for _ in range(210):
                inside.write(b"a" * 1_000_000)
    return buffer.getvalue()


BOMB_FRONT = ("id: KII-BAD-01\nlanguage: es\n" + 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
              + "\n".join(f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]"
                          for p, n in zip("abcdefgh", "bcdefghi", strict=True)))
GROUP = front(mode="group", respondent_type=None, institution=None,
              participants=[{"label": "P1", "respondent_type": "ngo_staff"},
                            {"label": "P2", "respondent_type": "government_official"}])


def _group_with_p3(d: Path) -> list[Path]:
    return [md(d, GROUP, "Moderadora: ¿Empezamos?\n\nP1: Sí.\n\nP2: Claro.\n\nP3: Yo también "
                         "quiero hablar.\n")]


def _roster(content: str, name: str = "respondents.csv"):
    def write(d: Path) -> list[Path]:
        folder = d / "in"
        folder.mkdir()
        md(folder, front(respondent_type=None, institution=None))
        (folder / name).write_text(content, encoding="utf-8")
        return [folder]
    return write


def _docx_bomb(d: Path) -> list[Path]:
    return [raw(d, "KII-BAD-01.docx", zip_bomb("word/document.xml"))]


def _xlsx_bomb(d: Path) -> list[Path]:
    folder = d / "in"
    folder.mkdir()
    md(folder, front())
    raw(folder, "respondents.xlsx", zip_bomb("xl/worksheets/sheet1.xml"))
    return [folder]


# name -> (write files, return ingest paths; where the error points; what it says)
INGESTS = {
    "front-matter alias bomb": (lambda d: [md(d, BOMB_FRONT)], "KII-BAD-01.md:", "alias bomb"),
    "front matter over 64 KB": (lambda d: [md(d, "id: KII-BAD-01\nnote: " + "x" * 70_000)],
                                "KII-BAD-01.md", "too large"),
    "impossible day": (lambda d: [md(d, yaml.safe_dump(front()).replace(
        "date: '2024-03-14'", "date: 2024-02-30"))], "KII-BAD-01.md:", "not a real date"),
    "impossible month": (lambda d: [md(d, yaml.safe_dump(front()).replace(
        "date: '2024-03-14'", "date: 2024-13-45"))], "KII-BAD-01.md:", "not a real date"),
    "unclosed quote": (lambda d: [md(d, 'id: KII-BAD-01\nlanguage: "es\nmode: individual')],
                       "KII-BAD-01.md:3", "quoted scalar"),
    "unclosed bracket": (lambda d: [md(d, "id: KII-BAD-01\nregion: [Cusco\nmode: individual")],
                         "KII-BAD-01.md:3", "flow sequence"),
    "key without colon": (lambda d: [md(d, "id: KII-BAD-01\nlanguage es\nmode: x: y")],
                          "KII-BAD-01.md:3", "could not find expected ':'"),
    "no front matter": (lambda d: [md(d, None)], "KII-BAD-01.md:1", "no front matter"),
    "front matter not closed": (lambda d: [raw(d, "KII-BAD-01.md", b"---\nid: x\nE: hola\n")],
                                "KII-BAD-01.md:1", "not closed"),
    "binary .md": (lambda d: [raw(d, "KII-BAD-01.md", b"\x89PNG\r\n\x00\x00" * 10)],
                   "KII-BAD-01.md", "binary file"),
    "empty .md": (lambda d: [raw(d, "KII-BAD-01.md", b"")], "KII-BAD-01.md", "empty"),
    "no respondent turns": (lambda d: [md(d, front(), "E: ¿Hola?\n\nE: ¿Sigue ahí?\n")],
                            "KII-BAD-01.md", "no respondent turns"),
    "unknown respondent type": (lambda d: [md(d, front(respondent_type="astronaut"))],
                                "KII-BAD-01.md:", "unknown respondent type 'astronaut'"),
    "language not in codebook": (lambda d: [md(d, front(language="fr"))], "KII-BAD-01.md:",
                                 "not declared in the codebook"),
    "bad mode": (lambda d: [md(d, front(mode="panel"))], "KII-BAD-01.md:", "mode 'panel'"),
    "id with a slash": (lambda d: [md(d, front(id="KII/01"))], "KII-BAD-01.md:",
                        "characters other than"),
    "group turn by an unlisted participant": (_group_with_p3, "KII-BAD-01.md:20",
                                              "a turn by 'P3', who is not among"),
    "group without participants": (lambda d: [md(d, front(mode="group"))], "KII-BAD-01.md",
                                   "needs a participants list"),
    "not a .docx": (lambda d: [raw(d, "KII-BAD-01.docx", b"just text, renamed")],
                    "KII-BAD-01.docx", "not a readable .docx"),
    "docx zip bomb": (_docx_bomb, "KII-BAD-01.docx", "would expand to"),
    "broken .vtt": (lambda d: [raw(d, "KII-BAD-01.vtt", b"not a webvtt file\n")],
                    "KII-BAD-01.vtt", "WebVTT"),
    "pdf": (lambda d: [raw(d, "KII-BAD-01.pdf", b"%PDF-1.4\n")], "KII-BAD-01.pdf",
            "unsupported file type"),
    "missing path": (lambda d: [d / "nowhere"], "nowhere", "no such file or directory"),
    "empty folder": (lambda d: [d / "in"] if (d / "in").mkdir() is None else [], "in",
                     "no transcripts found"),
    "duplicate ids in one folder": (
        lambda d: [md(d / "in", front(id="KII-DUP"), name="a.md").parent,
                   md(d / "in", front(id="KII-DUP"), name="b.md")][:1]
        if (d / "in").mkdir() is None else [], "b.md", "duplicate transcript id"),
    "roster-only unknown type": (_roster(ROSTER_HEADER + "KII-BAD-01,,astronaut,MIMP,Cusco,es,"
                                         "individual\n"), "respondents.csv:2",
                                 "unknown respondent type 'astronaut'"),
    "empty roster": (_roster(""), "respondents.csv", "the roster is empty"),
    "roster without transcript_id": (_roster("respondent_type\nngo_staff\n"),
                                     "respondents.csv:1", "no transcript_id column"),
    "roster xlsx zip bomb": (_xlsx_bomb, "respondents.xlsx", "would expand to"),
}


@pytest.mark.parametrize("name", INGESTS)
def test_ingest_refuses(workdir, name):
    write, where, message = INGESTS[name]
    (workdir / "new").mkdir()
    paths = write(workdir / "new")
    store = workdir / "project.sqlite"
    before = store_state(store)
    outcome = run_bounded(["ingest", *paths, "--store", store], workdir)
    assert_refused(outcome, where, message)
    assert store_state(store) == before


# name -> (command line, where, what); the project store is `project.sqlite`
COMMANDS = {
    "unassign of nothing": (["unassign", "training", "KII-ES-01:1", "--coder", "ana"],
                            "KII-ES-01:1", "nothing to remove"),
    "unlink of nothing": (["unlink", "F1", "KII-ES-01:1", "--coder", "ana"], "KII-ES-01:1",
                          "nothing to remove"),
    "tally by an unknown coder": (["tally", "--coder", "zorro"], "project.sqlite",
                                  "no decisions by coder 'zorro'"),
    "audit by an unknown coder": (["audit", "--coder", "zorro"], "project.sqlite",
                                  "no decisions by coder 'zorro'"),
    "export by an unknown coder": (["export", "codings", "out.csv", "--coder", "zorro"],
                                   "project.sqlite", "no decisions by coder 'zorro'"),
    "formula as a coder name": (["assign", "training", "KII-ES-01:1", "--coder",
                                 "=cmd|' /C calc'!A0"], "project.sqlite",
                                "cannot be a coder name"),
    "reserved coder name": (["accept", "all", "KII-ES-01:1", "--coder", "auto"],
                            "project.sqlite", "cannot be a coder name"),
    "accept an unknown code": (["accept", "no_such_code", "KII-ES-01:1", "--coder", "ana"],
                               "codebook.yaml", "no code 'no_such_code'"),
    "accept an unknown segment": (["accept", "all", "KII-ES-01:999", "--coder", "ana"],
                                  "KII-ES-01:999", ""),
    "link an unknown finding": (["link", "F99", "KII-ES-01:1", "--coder", "ana"],
                                "codebook.yaml", "no finding 'F99'"),
    "show an unknown transcript": (["show", "KII-XX-99"], "KII-XX-99", ""),
    "why an unknown segment": (["why", "KII-XX-99:1", "training"], "KII-XX-99", ""),
    "tally an unknown finding": (["tally", "--finding", "F99"], "codebook.yaml",
                                 "no finding 'F99'"),
    "memo on an unknown kind": (["memo", "KII-ES-01:1", "hola", "--on", "planet", "--coder",
                                 "ana"], "", "cannot write a memo on a 'planet'"),
    "empty memo": (["memo", "KII-ES-01:1", "  ", "--coder", "ana"], "project.sqlite",
                   "empty memo"),
    "agreement with a coder who never coded": (["agreement", "--coders", "ana", "luis"],
                                               "project.sqlite", "no decisions by coder"),
    "store is a folder": (["transcripts", "--store", "."], ".", ""),
    "store that does not exist": (["transcripts", "--store", "nowhere.sqlite"],
                                  "nowhere.sqlite", "no kiicode project here"),
}


@pytest.mark.parametrize("name", COMMANDS)
def test_command_refuses(workdir, name):
    args, where, message = COMMANDS[name]
    store = workdir / "project.sqlite"
    if "--store" not in args:
        args = [*args, "--store", store]
    run_bounded(["accept", "all", "KII-ES-02:1", "--coder", "ana", "--store", store], workdir)
    before = store_state(store)
    outcome = run_bounded(args, workdir)
    assert_refused(outcome, where, message)
    assert store_state(store) == before
    assert "Saved" not in outcome.stderr


def test_export_over_a_read_only_file_replaces_nothing(workdir):
    target = workdir / "codings.csv"
    target.write_text("the old export\n", encoding="utf-8")
    target.chmod(0o444)
    outcome = run_bounded(["export", "codings", target, "--store", workdir / "project.sqlite"],
                          workdir)
    assert_refused(outcome, "codings.csv", "read-only")
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert not list(workdir.glob(".codings.csv.*"))


def test_unlink_marks_nothing_reviewed(workdir):
    store = workdir / "project.sqlite"
    assert run_bounded(["link", "F1", "KII-ES-03:1", "--coder", "ana", "--store", store],
                       workdir).exit_code == 0
    with Store.open(store) as project:
        project.db.execute("DELETE FROM review WHERE coder='ana'")
    assert run_bounded(["unlink", "F1", "KII-ES-03:1", "--coder", "ana", "--store", store],
                       workdir).exit_code == 0
    with Store.open(store) as project:
        assert project.reviewed("ana") == set() or not list(project.reviewed("ana"))


def test_warnings_for_what_is_not_read(workdir):
    folder = workdir / "in"
    (folder / "more").mkdir(parents=True)
    md(folder, front())
    md(folder / "more", front(id="KII-BAD-02"), name="KII-BAD-02.md")
    (folder / "respondents.csv").write_text(
        ROSTER_HEADER + "KII-GHOST-01,,ngo_staff,ONG,Puno,es,individual\n", encoding="utf-8")
    outcome = run_bounded(["ingest", folder, "--store", workdir / "new.sqlite",
                           "--codebook", workdir / "codebook.yaml"], workdir)
    assert outcome.exit_code == 0, outcome.output
    text = " ".join(outcome.stderr.split())
    assert "more: subfolder not read (1 transcript files in it)" in text
    assert "respondents.csv:2: roster row for transcript 'KII-GHOST-01'" in text


def test_a_cp1252_vtt_is_read_with_a_warning(workdir):
    folder = workdir / "in"
    folder.mkdir()
    (folder / "KII-V-01.vtt").write_bytes(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Entrevistadora>¿Cómo empezó?\n\n"
        "00:00:05.000 --> 00:00:09.000\n<v R>Con un taller de capacitación.\n"
        .encode("cp1252"))
    (folder / "respondents.csv").write_text(
        ROSTER_HEADER + "KII-V-01,,ngo_staff,ONG,Puno,es,individual\n", encoding="utf-8")
    store = workdir / "new.sqlite"
    outcome = run_bounded(["ingest", folder, "--store", store, "--codebook",
                           workdir / "codebook.yaml"], workdir)
    assert outcome.exit_code == 0, outcome.output
    assert "not UTF-8; read as Windows-1252" in " ".join(outcome.stderr.split())
    with Store.open(store) as project:
        assert "capacitación" in project.transcript("KII-V-01").text


def test_nfd_and_nfc_transcripts_are_the_same_interview(workdir):
    body = ("E: ¿Qué pasó con la rotación?\n\nR: Hubo mucha rotación de personal y la "
            "capacitación se perdió; la UPE atendió a las víctimas.\n")
    stores = []
    for form in ("NFC", "NFD"):
        folder = workdir / form
        folder.mkdir()
        path = md(folder, front(), unicodedata.normalize(form, body))
        path.write_bytes(unicodedata.normalize(form, path.read_text(encoding="utf-8"))
                         .encode("utf-8"))
        store = workdir / f"{form}.sqlite"
        for args in (["ingest", folder], ["code"]):
            outcome = run_bounded([*args, "--store", store, "--codebook",
                                   workdir / "codebook.yaml"], workdir)
            assert outcome.exit_code == 0, outcome.output
        stores.append(store)
    found = []
    for store in stores:
        with Store.open(store) as project:
            segments = project.segments()
            text = project.transcript("KII-BAD-01").text
            assert all(text[s.start:s.end] == s.text for s in segments)   # offsets exact
            found.append(([(s.start, s.end, s.text) for s in segments],
                          sorted((c.segment, c.code) for c in project.codings())))
    assert found[0] == found[1]
    assert found[0][1]   # something was coded at all
