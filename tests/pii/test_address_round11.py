"""Eleventh round (issue 16): street addresses in the forms the retired pii10
corpus missed or found only in part, written anew in both languages: a road's
kilometre, named by its road, where someone lives, was taken or is picked up
("families live at km 75 of the Cusco–Puerto Maldonado road", "la llevaron a un
bar del km 41 de la carretera a Mazuko"); a street named without a number after
a verb of living, with its street word capitalised or not ("She lives on Calle
Pumacahua", "vive en la calle Siete Cuartones"); a numbered street of a zone
("Calle 3 de Villa Adela, casa 118"); a settlement named after a date ("AA.HH.
1° de Mayo, Mz. C, Lt. 9"). And look-alikes that stay quiet: a kilometre where
bars, an operation, a crash or a work site are, a street where an office or an
event is, a street without its name after "vive en" ("vive en la calle": she is
homeless), the number of a street's block ("la calle 3 de la urbanización"
without a house). Every sentence was written for this battery, not taken from
a corpus."""

from __future__ import annotations

import pytest
from scanning import blocking, blocks_whole

from kiicode.pii.scan import scan_text

# (text, the text the blocking address hit must cover)
SEEDED = [
    # a road's kilometre, named by its road, where someone lives, was taken or is met
    ("Her aunt lives at km 62 of the Iquitos–Nauta road, past the bridge.",
     "km 62 of the Iquitos–Nauta road"),
    ("They took the girl to a bar at kilometre 112 of the Interoceanic highway.",
     "kilometre 112 of the Interoceanic highway"),
    ("Vivían en el km 37 de la carretera Federico Basadre, con el abuelo.",
     "km 37 de la carretera Federico Basadre"),
    ("La llevaron a un local del kilómetro 41 de la carretera a Mazuko.",
     "kilómetro 41 de la carretera a Mazuko"),
    ("El enganchador recogía a las chicas en el paradero del km 18 de la vía Juliaca–Puno.",
     "km 18 de la vía Juliaca–Puno"),
    ("The boy was kept at km 9 of the Tarapoto road for a month.",
     "km 9 of the Tarapoto road"),
    # a street named without a number after a verb of living
    ("My cousin lives on Calle Saphi, near the stairs.", "Calle Saphi"),
    ("Ahora vive en la calle Siete Culebras, cerca de la plazoleta.",
     "calle Siete Culebras, cerca de la plazoleta"),
    ("Su mamá vivía en el jirón Amazonas, a media cuadra del mercado.",
     "jirón Amazonas, a media cuadra del mercado"),
    ("He lived on Avenida Grau until the raid.", "Avenida Grau"),
    ("vive en la avenida Los Incas, en Wanchaq", "avenida Los Incas"),
    # a numbered street of a zone, then the house
    ("Vive en Calle 5 de Villa Esperanza, casa 40, en El Alto.",
     "Calle 5 de Villa Esperanza, casa 40"),
    ("his house is on calle 12 de Alto Lima, casa 7", "calle 12 de Alto Lima, casa 7"),
    # a settlement named after a date
    ("She lives in AA.HH. 1° de Mayo, Mz. C, Lt. 9, San Juan.",
     "AA.HH. 1° de Mayo, Mz. C, Lt. 9"),
    ("la familia vive en el asentamiento humano 28 de Julio, Mz. B, lote 4",
     "asentamiento humano 28 de Julio, Mz. B, lote 4"),
    ("Domicilio: AA.HH. 3 de Octubre, Mz. F, Lt. 11.", "AA.HH. 3 de Octubre, Mz. F, Lt. 11"),
]

# PII-free look-alikes: no address reported at all (confidence >= 0.5)
CLEAN = [
    "There were bars at kilometre 98 of the Interoceanic Highway, near the school.",
    "The crash happened at km 45 of the Central Highway in 2019.",
    "Los mineros trabajan en el km 107 de la carretera Interoceánica, en los campamentos.",
    "Hubo un operativo en el kilómetro 20 de la vía Espinar–Velille, con fiscales.",
    "We held the workshop at km 5 of the airport road, in a hotel.",
    "La oficina queda en la calle Lima, frente a la plaza.",
    "The fair was on Avenida Grau, so traffic was closed.",
    "Vive en la calle, sin casa, desde los doce años.",
    "She lives on the street now, the shelter lost her.",
    "Viven en la avenida principal, la que lleva al puerto.",
    "The calle 3 de la urbanización was closed for works.",
    "El 1° de Mayo marchamos por la avenida, y el 28 de Julio también.",
]


@pytest.mark.parametrize(("text", "expected"), SEEDED)
def test_pii10s_missed_address_forms_block_exports_whole(text, expected):
    assert blocks_whole(text, "address", expected), blocking(text)


@pytest.mark.parametrize("text", CLEAN)
def test_kilometres_and_streets_where_no_one_lives_are_no_addresses(text):
    assert [h.text for h in scan_text("T", text) if h.category == "address"] == []
