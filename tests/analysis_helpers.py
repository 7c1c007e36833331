"""A hand-built corpus whose right counts are known exactly, for the tally
and audit tests.

Interviewed (7 respondents; N by type: government_official 3, ngo_staff 3,
community_member 1):

| transcript | respondent    | type               | institution | region | lang |
|------------|---------------|--------------------|-------------|--------|------|
| KII-A-01   | KII-A-01      | government_official| MIMP        | Lima   | es   |
| KII-A-02   | KII-A-02      | government_official| MPFN        | Cusco  | es   |
| KII-A-03   | KII-A-03      | ngo_staff          | ONG uno     | Lima   | en   |
| KII-A-04   | KII-A-04      | ngo_staff          | ONG dos     | Puno   | es   |
| KII-A-05   | KII-A-05      | ngo_staff          | ONG tres    | Puno   | es   |
| KII-G-01   | KII-G-01-P1   | government_official| MININTER    | Lima   | es   |
| KII-G-01   | KII-G-01-P2   | community_member   | Junta       | Puno   | es   |
| KII-G-01   | KII-G-01-GROUP (unattributed `R:` answers, not a person)        |

Individual transcripts have three respondent paragraphs (segments :1 :2 :3);
KII-G-01 has P1 -> :1, P2 -> :2, R (group) -> :3. Nothing is auto-coded:
tests add suggestions with `suggest` and decisions with store.decide/link.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import MINI_CODEBOOK, write_transcript

from kiicode.codebook import Codebook, load_codebook
from kiicode.pipeline import ingest
from kiicode.store import Store, Suggestion

INDIVIDUALS = [
    ("KII-A-01", "government_official", "MIMP", "Lima", "es"),
    ("KII-A-02", "government_official", "MPFN", "Cusco", "es"),
    ("KII-A-03", "ngo_staff", "ONG uno", "Lima", "en"),
    ("KII-A-04", "ngo_staff", "ONG dos", "Puno", "es"),
    ("KII-A-05", "ngo_staff", "ONG tres", "Puno", "es"),
]
BODY = {
    "es": "E: ¿Qué cambió?\n\nR: Primera respuesta sobre el trabajo.\n\n"
          "Segunda idea, distinta.\n\nTercera idea, otra más.\n",
    "en": "I: What changed?\n\nR: First answer about the work.\n\n"
          "A second idea, different.\n\nA third idea, another one.\n",
}
GROUP_FRONT_MATTER = {
    "id": "KII-G-01", "region": "Puno", "language": "es", "date": "2024-04-09",
    "mode": "group", "interviewer": "EV-2",
    "participants": [
        {"label": "P1", "respondent_type": "government_official", "institution": "MININTER",
         "region": "Lima"},
        {"label": "P2", "respondent_type": "community_member", "institution": "Junta",
         "region": "Puno"},
    ],
}
GROUP_BODY = ("Moderadora: ¿Qué cambió?\n\nP1: Una respuesta del ministerio.\n\n"
              "P2: Una respuesta de la comunidad.\n\nModeradora: ¿Están de acuerdo?\n\n"
              "R: Sí, todos.\n")


def write_corpus(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for tid, rtype, institution, region, language in INDIVIDUALS:
        front = {"id": tid, "respondent_type": rtype, "institution": institution,
                 "region": region, "language": language, "date": "2024-03-14",
                 "mode": "individual", "interviewer": "EV-1"}
        write_transcript(directory, f"{tid}.md", front, BODY[language])
    write_transcript(directory, "KII-G-01.md", GROUP_FRONT_MATTER, GROUP_BODY)
    return directory


def codebook_file(tmp_path: Path, **changes) -> Path:
    """A copy of the mini codebook with top-level sections replaced or
    extended: findings=[...] replaces, add_codes=[...] appends codes."""
    data = yaml.safe_load(MINI_CODEBOOK.read_text(encoding="utf-8"))
    data["codes"] += changes.pop("add_codes", [])
    data.update(changes)
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def make_project(tmp_path: Path, codebook: Codebook | None = None) -> tuple[Store, Codebook]:
    """The corpus above ingested into tmp_path/project.sqlite, no codings."""
    codebook = codebook or load_codebook(MINI_CODEBOOK)
    store = Store.open(tmp_path / "project.sqlite", create=True)
    ingest(store, [write_corpus(tmp_path / "corpus")], codebook)
    return store, codebook


def suggest(store: Store, *pairs: tuple[str, str]) -> None:
    """Machine suggestions (segment, code), replacing all previous ones."""
    store.replace_suggestions([Suggestion.of(segment, code, 0.9, []) for segment, code in pairs])


def accept(store: Store, coder: str, *pairs: tuple[str, str]) -> None:
    """A coder adds (segment, code) by hand."""
    for segment, code in pairs:
        store.decide(segment, code, coder, "accepted", origin="manual")
