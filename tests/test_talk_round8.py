"""Eighth round (issue 10): a third, everyday `talk` sentence for the codes
that had only the fourth round's two. An answer said in plain words, not the
definitions' (written for this test), is suggested its code, and the code's
finding is among the segment's three likely findings. With the codebook
before this round, none of these answers got its code, and only two of the
seven had its finding among the three likely ones. The ninth round added
Spanish sentences for the partnership-contribution codes; its answer here
(collaborative_approach) got tip_office_flexibility before them."""

from __future__ import annotations

import pytest
from conftest import GOOD_FRONT_MATTER, ROOT, write_transcript

from kiicode import pipeline
from kiicode.codebook import load_codebook
from kiicode.store import Store

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"

# language -> code -> (its finding, an answer in everyday words)
ANSWERS = {
    "en": {
        "territorial_gaps": ("F12", "It really is not the same in every region: where projects "
                             "have been working for years they are way ahead, while the border "
                             "towns are only just starting."),
        "roles_clarity": ("F10", "I know my piece of the job now, I do my part and I know who "
                          "takes it from there."),
        "coordination_gaps": ("F11", "Each office keeps its own files and nobody calls anybody, "
                              "so we find out too late that someone else had the same case."),
        "protocol_standardisation": ("F17", "If you open the case files now, they are put "
                                     "together the same way in every office, same steps, same "
                                     "minimum evidence."),
    },
    "es": {
        "relationship_building": ("F4", "Todo pasaba por estar ahí: conocer a la gente por su "
                                  "nombre, visitarlos sin motivo y contestarles el domingo, para "
                                  "que confíen en nosotros."),
        "coordination_gaps": ("F11", "Cada oficina guarda sus expedientes y nadie llama a nadie; "
                              "recién nos enteramos de que otra tenía el mismo caso cuando ya "
                              "era tarde."),
        "territorial_gaps": ("F12", "No es igual en todos lados: donde los proyectos trabajan "
                             "hace años están mucho más avanzados, y los pueblos de frontera "
                             "recién empiezan."),
        # ninth round: Spanish talk for the partnership-contribution codes too
        "collaborative_approach": ("F18", "Nada nos trajeron hecho; nos sentamos todos, la "
                                   "fiscalía, las ONG, el donante, y lo armamos juntos, por eso "
                                   "lo defendemos."),
    },
}
CASES = [(lang, code) for lang, answers in ANSWERS.items() for code in sorted(answers)]


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """(language, answer text) -> (suggested codes, three likely findings)."""
    folder = tmp_path_factory.mktemp("talk8")
    book = load_codebook(CODEBOOK)
    found = {}
    for lang, answers in ANSWERS.items():
        corpus = folder / lang
        corpus.mkdir()
        body = "".join(f"\nR: {text}\n" for _, text in answers.values())
        write_transcript(corpus, f"KII-T8-{lang}.md",
                         dict(GOOD_FRONT_MATTER, id=f"KII-T8-{lang}", language=lang), body)
        with Store.open(folder / f"{lang}.sqlite", create=True) as store:
            pipeline.ingest(store, [corpus], book)
            pipeline.code(store, book, jobs=1)
            segments = store.segments()
            outlooks = store.outlooks([s.id for s in segments])
            for s in segments:
                found[lang, " ".join(s.text.split())] = (
                    {c.code for c in store.codings([s.id], coder="auto")},
                    [f for f, _ in outlooks[s.id].findings[:3]])
    return found


@pytest.mark.parametrize(("lang", "code_id"), CASES)
def test_an_everyday_answer_reaches_its_code_and_finding(coded, lang, code_id):
    finding, text = ANSWERS[lang][code_id]
    codes, likely = coded[lang, " ".join(text.split())]
    assert code_id in codes
    assert finding in likely
