"""Thirteenth round (issue 10): partner training credited with a change, and judges
named only as part of a partner's workshop or mock trial (a battery for rules
measured and not adopted: the tests for them are strict xfails). Every answer here was
written for this test in respondents' plain words (English and Spanish), not taken
from any evaluation set. With the codebook before this round, a partner's
workshops that "helped" ("ayudaron") the prosecutors got no pattern for
`justice_skills_contribution`, and a judge named in the sentence about a
workshop or a mock trial ("simulacro") suggested `judicial_capacity` by pattern;
they still do (strict xfail). The answers about judges themselves and training
that taught how to help someone keep their codes either way."""

from __future__ import annotations

import pytest
from conftest import GOOD_FRONT_MATTER, ROOT, assert_answer_coded, flat, write_transcript

from kiicode import pipeline
from kiicode.codebook import load_codebook
from kiicode.store import Store

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"

# (language, answer) -> the code a passing mention's pattern used to suggest, and no
# longer does (the similar tier may still offer it)
IN_PASSING = {
    ("en", "We held a workshop in Cusco where a judge explained the new law to the "
           "police."): "judicial_capacity",
    ("en", "For the mock trial a retired judge from Lima played the court."):
        "judicial_capacity",
    ("es", "Para el taller invitamos a un juez de la Corte Superior a explicar la ley."):
        "judicial_capacity",
    ("es", "En el simulacro de juicio un juez jubilado hizo de tribunal."):
        "judicial_capacity",
}
# (language, answer) -> (the code it gets, its line of inquiry or None)
STILL_CODED = {
    ("en", "Some judges in Puno still dismiss the case when the girl does not testify "
           "again."): ("judicial_capacity", "capacity"),
    ("es", "Los jueces de Juliaca todavía archivan el caso cuando la menor no vuelve a "
           "declarar."): ("judicial_capacity", "capacity"),
}
# (language, answer) -> (the code it gets, its line of inquiry or None)
CREDITED = {
    ("en", "The partner's workshops helped our prosecutors a great deal with their "
           "closing arguments."): ("justice_skills_contribution", "partnership_contribution"),
    ("en", "Honestly the mentoring helped; the prosecutors prepare their evidence much "
           "more carefully now."): ("justice_skills_contribution", "partnership_contribution"),
    ("es", "Los talleres del socio ayudaron mucho a los fiscales a preparar sus "
           "alegatos."): ("justice_skills_contribution", "partnership_contribution"),
    ("es", "Las capacitaciones del socio nos ayudaron bastante; ahora los fiscales ordenan "
           "la prueba con más cuidado."):
        ("justice_skills_contribution", "partnership_contribution"),
}
# (language, answer) -> a code its pattern must not suggest: training named beside
# help given to someone else is not credited with better justice practice
NOT_CREDITED = {
    ("en", "The training was about how to help a child who discloses abuse."):
        "justice_skills_contribution",
    ("es", "El taller enseñó cómo ayudar a una niña que cuenta lo que le pasó."):
        "justice_skills_contribution",
}
ALL = [*IN_PASSING, *STILL_CODED, *CREDITED, *NOT_CREDITED]
# The rules these answers were written for (`judicial_capacity` vetoed by "workshop",
# "mock", "simulacro", "taller"; `justice_skills_contribution`'s training-beside-
# improvement rule with "help"/"ayudar", vetoed by "how to help", "to help", "cómo
# ayudar", "para ayudar") kept the tuning figures or raised them, but held-out set 10's
# English line of inquiry fell (0.81 -> 0.79), so they were not adopted; the battery
# stays for a later round (docs/matching.md, "Thirteenth round: ...").
NOT_ADOPTED = pytest.mark.xfail(strict=True, reason="thirteenth round's rules not adopted "
                                "(held-out set 10 en LOI 0.81 -> 0.79)")


@pytest.fixture(scope="module")
def coded_tiers(tmp_path_factory):
    """(language, answer) -> (suggested codes, line of inquiry, codes a pattern
    suggested): one KII per language."""
    book = load_codebook(CODEBOOK)
    found = {}
    for language in ("en", "es"):
        corpus = tmp_path_factory.mktemp(f"r13{language}")
        answers = "".join(f"\nR: {text}\n" for lang, text in ALL if lang == language)
        write_transcript(corpus, f"KII-T13-{language}.md",
                         dict(GOOD_FRONT_MATTER, id=f"KII-T13-{language}", language=language),
                         answers)
        with Store.open(corpus.parent / f"r13{language}.sqlite", create=True) as store:
            pipeline.ingest(store, [corpus], book)
            pipeline.code(store, book, jobs=1)
            looks = store.outlooks()
            for s in store.segments():
                codings = store.codings([s.id], coder="auto")
                found[(language, flat(s.text))] = (
                    {c.code for c in codings}, looks[s.id].loi,
                    {c.code for c in codings if c.tier == "pattern"})
    return found


def by_language(coded_tiers, language):
    return {text: (codes, loi) for (lang, text), (codes, loi, _) in coded_tiers.items()
            if lang == language}


@NOT_ADOPTED
@pytest.mark.parametrize("key", sorted(IN_PASSING))
def test_a_judge_named_in_a_workshop_does_not_suggest_judges_capacity(coded_tiers, key):
    language, text = key
    _, _, by_pattern = coded_tiers[(language, flat(text))]
    assert IN_PASSING[key] not in by_pattern


@pytest.mark.parametrize("key", sorted(STILL_CODED))
def test_judges_themselves_are_still_coded(coded_tiers, key):
    language, text = key
    assert_answer_coded(by_language(coded_tiers, language), *STILL_CODED[key], text)


@NOT_ADOPTED
@pytest.mark.parametrize("key", sorted(CREDITED))
def test_training_that_helped_is_credited(coded_tiers, key):
    language, text = key
    assert_answer_coded(by_language(coded_tiers, language), *CREDITED[key], text)
    _, _, by_pattern = coded_tiers[(language, flat(text))]
    assert CREDITED[key][0] in by_pattern


@pytest.mark.parametrize("key", sorted(NOT_CREDITED))
def test_help_given_in_a_training_is_not_credit(coded_tiers, key):
    language, text = key
    _, _, by_pattern = coded_tiers[(language, flat(text))]
    assert NOT_CREDITED[key] not in by_pattern
