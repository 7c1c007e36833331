"""Eleventh round (issue 10): Spanish answers whose code the codebook's Spanish
text did not reach, each written for this test in the everyday words of
Peruvian respondents: "el Estado no llega" and a far-off district with nothing
in it are scarce rural services; a service now in the institution's budget or
budget programme stays after the project (sustainability); progress that
"depende del alcalde" is uneven buy-in; a course that "nos cambió la forma" of
working is the Partnership's contribution to skills. "Tráfico de migrantes" is
a crime a police unit handles, not Venezuelan migration. With the codebook
before this round the rural and the course answers missed their codes and the
police unit got `venezuelan_migration`; the budget and the mayor answers got
their codes already (through similarity and a near rule) and keep them and
their lines with the new patterns."""

from __future__ import annotations

import pytest
from conftest import ROOT, assert_answer_coded, code_answers

CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"

# code -> (its line of inquiry, or None where the line is not yet right; an answer)
ANSWERS = {
    "rural_service_gaps": ("capacity", "En las comunidades de altura el Estado no llega: no "
                           "hay comisaría ni fiscal, y para denunciar la familia tiene que "
                           "bajar todo un día."),
    "sustainability_ownership": ("partnership_contribution", "El servicio ya está en el "
                                 "presupuesto institucional del gobierno regional, así que "
                                 "sigue aunque la cooperación se haya ido."),
    "uneven_buy_in": ("implementation", "Todo depende del alcalde: con uno se avanzó bastante "
                      "y el que vino después ni nos recibía."),
    "justice_skills_contribution": (None, "Ese curso nos cambió la forma de tomar la "
                                    "declaración a los chicos; ahora lo hacemos con más "
                                    "cuidado."),
}
SMUGGLING = "Nuestra división ve solamente trata de personas y tráfico de migrantes, nada más."


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """answer text -> (suggested codes, line of inquiry)."""
    return code_answers(tmp_path_factory.mktemp("es11"), "KII-T11-es", "es",
                        [*(t for _, t in ANSWERS.values()), SMUGGLING], CODEBOOK)


@pytest.mark.parametrize("code_id", sorted(ANSWERS))
def test_a_spanish_answer_gets_its_code_and_line(coded, code_id):
    assert_answer_coded(coded, code_id, *ANSWERS[code_id])


def test_smuggling_of_migrants_is_not_venezuelan_migration(coded):
    codes, _ = coded[" ".join(SMUGGLING.split())]
    assert "venezuelan_migration" not in codes
