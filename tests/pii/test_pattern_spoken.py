"""Sixth round (issue 16): phone and ID numbers said as amounts ("cuarenta y
cinco millones doscientos dieciocho mil…", "nine hundred eighty-seven, …")
block exports; the same words as budgets, laws, counts and years do not.
The forms are written here from how people dictate, not taken from a corpus."""

from __future__ import annotations

import pytest

from kiicode.pii.rules import said_cardinals
from kiicode.pii.scan import scan_text

SAID_AS_AMOUNTS = [
    # a DNI in millions and thousands, with or without pauses, in digits and words
    ("mi DNI es cuarenta y cinco millones doscientos dieciocho mil novecientos sesenta y tres",
     "id_number",
     "cuarenta y cinco millones doscientos dieciocho mil novecientos sesenta y tres"),
    ("mi DNI es cuarenta y cinco millones, doscientos dieciocho mil, novecientos sesenta y "
     "tres", "id_number",
     "cuarenta y cinco millones, doscientos dieciocho mil, novecientos sesenta y tres"),
    ("el DNI de la niña es setenta y dos millones ciento cuarenta y cinco mil ochocientos "
     "treinta y seis", "id_number",
     "setenta y dos millones ciento cuarenta y cinco mil ochocientos treinta y seis"),
    ("su DNI: 45 millones 218 mil 963", "id_number", "45 millones 218 mil 963"),
    ("DNI setenta millones ochenta mil cuatro", "id_number",
     "setenta millones ochenta mil cuatro"),
    # a DNI's leading zero is not said: "ocho millones …" is 08 400 212
    ("su DNI es ocho millones cuatrocientos mil doscientos doce", "id_number",
     "ocho millones cuatrocientos mil doscientos doce"),
    ("her ID number is forty-five million two hundred eighteen thousand nine hundred "
     "sixty-three", "id_number",
     "forty-five million two hundred eighteen thousand nine hundred sixty-three"),
    # a mobile in millions, or its last six digits in thousands
    ("mi número es novecientos ochenta y siete millones seiscientos cincuenta y cuatro mil "
     "trescientos veintiuno", "phone",
     "novecientos ochenta y siete millones seiscientos cincuenta y cuatro mil trescientos "
     "veintiuno"),
    ("llámela al novecientos ochenta y siete, seiscientos cincuenta y cuatro mil trescientos "
     "veintiuno", "phone",
     "novecientos ochenta y siete, seiscientos cincuenta y cuatro mil trescientos veintiuno"),
    # English hundreds, group by group
    ("my number is nine hundred eighty-seven, six hundred fifty-four, three hundred "
     "twenty-one", "phone",
     "nine hundred eighty-seven, six hundred fifty-four, three hundred twenty-one"),
    ("her cell is nine hundred and seventy-three, four hundred and forty-eight, two hundred "
     "and ten", "phone",
     "nine hundred and seventy-three, four hundred and forty-eight, two hundred and ten"),
]


@pytest.mark.parametrize("text,category,expected", SAID_AS_AMOUNTS)
def test_numbers_said_as_amounts_block_exports(text, category, expected):
    assert (category, expected) in [(h.category, h.text) for h in scan_text("T", text)
                                    if h.high]


AMOUNTS = [
    "El presupuesto fue de cuarenta y cinco millones doscientos mil soles.",
    "Se atendieron novecientos ochenta y siete mil seiscientos casos en el año.",
    "The budget was forty-five million two hundred thousand dollars.",
    "la Ley veintiocho mil novecientos cincuenta y la ley treinta mil trescientos sesenta "
    "y cuatro",
    "el Decreto Legislativo mil trescientos veintitrés",
    "unos dos millones trescientos cincuenta mil habitantes",
    "en el dos mil diecinueve y dos mil veinte hubo ciento veinte casos",
    "la población es de un millón doscientos mil, y Lima tiene nueve millones setecientos mil",
    "we reached nine hundred eighty-seven thousand six hundred fifty-four people",
    "cuesta ochenta y siete mil seiscientos cincuenta y cuatro soles con trescientos",
    "The law is thirty thousand three hundred sixty-four.",
    # a number's cue before an amount
    "el número de casos fue de novecientos ochenta y siete mil seiscientos cincuenta y "
    "cuatro",
    "el programa de teléfonos costó novecientos ochenta y siete mil seiscientos soles",
    "the phone company invested nine hundred eighty-seven million dollars",
    "el DNI electrónico llegó a cuarenta y cinco millones doscientos mil peruanos",
]


@pytest.mark.parametrize("text", AMOUNTS)
def test_amounts_laws_and_years_in_words_are_not_numbers_of_anyone(text):
    assert [(h.category, h.text) for h in scan_text("T", text)
            if h.category in ("phone", "id_number")] == []


def test_said_cardinals_reads_amounts_and_starts_a_new_number_where_one_cannot_go_on():
    assert said_cardinals("cuarenta y cinco millones doscientos dieciocho mil "
                          "novecientos sesenta y tres") == ["45218963"]
    assert said_cardinals("novecientos ochenta y siete, seiscientos cincuenta y cuatro mil "
                          "trescientos veintiuno") == ["987", "654321"]
    assert said_cardinals("nine hundred eighty-seven, six fifty-four") == ["987", "6", "54"]
    assert said_cardinals("dos mil, tres mil") == ["2000", "3000"]
    assert said_cardinals("cero ochenta y cuatro") == ["0", "84"]
