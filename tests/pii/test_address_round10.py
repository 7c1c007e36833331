"""Tenth round (issue 16): street addresses in the forms pii9 missed, and the
other forms a reader of Peruvian, Andean and US/UK case files expects, written
anew in both languages: a street named without its street word but with a
floor or an office after its number ("atendían en Garcilaso 284, tercer
piso"); a road's kilometre in English with a lot after a place's name; a street
without a number but with its block ("Av. Brasil, cuadra 12"); Colombian
"Carrera 7 No. 12-30"; Brazilian "Rua … 402"; a community's sector and house
("comunidad nativa …, sector 3, casa 17", "casa sin número"); a named sector or
zone before a numbered passage, street, lot or kilometre ("sector Quebrada
Honda, a la altura del kilómetro 22 de la carretera a …", "Zona Alto Lima,
calle 5 número 822"); a kilometre with a camp and a lot or a business and a
reference after it; "calle Bolívar, casa 8-14"; an urbanización's stage and lot
code ("Urb. Santa Mónica, tercera etapa, B-7"); a post-office box; a UK street
with its postcode. And look-alikes that stay quiet: a street named without a
number ("la avenida principal", an institution "en la avenida Grau"), an
office's floor and room without a street, a kilometre of a road where an
operation or a bar was, oil blocks ("el Lote 192"), "el sector salud", a
community's houses counted, a fare ("el pasaje cuesta 15 soles"). Every
sentence was written for this battery, not taken from a corpus."""

from __future__ import annotations

import pytest
from scanning import blocking, blocks_whole

# (text, the text the blocking address hit must cover)
SEEDED = [
    # a street named without its street word, a floor or an office after its number
    ("La agencia atendía en el Garcilaso 284, tercer piso, al fondo.",
     "Garcilaso 284, tercer piso"),
    ("Las citaban en Quilca 158, oficina 6, con otro nombre.", "Quilca 158, oficina 6"),
    ("The office was at Huallaga 732, second floor, above a pharmacy.",
     "Huallaga 732, second floor"),
    ("la dejaron en Tacna 1043, interior 5, donde vivía la tía", "Tacna 1043, interior 5"),
    # a road's kilometre in English, a place's name before its lot
    ("They found her at kilometre 96 of the Interoceánica, Santa Rita, lot 8, in a bar.",
     "kilometre 96 of the Interoceánica, Santa Rita, lot 8"),
    ("the camp at km 42 of the Nauta road, lot 3, belongs to him",
     "km 42 of the Nauta road, lot 3"),
    # a kilometre, a camp or a bank of the river, a lot
    ("Hay otro local en el kilómetro 115, margen izquierda, campamento Nueva Arequipa, lote 9.",
     "kilómetro 115, margen izquierda, campamento Nueva Arequipa, lote 9"),
    # a kilometre, a business and a reference after it
    ("la vimos en el km 102, discoteca La Cabaña, frente al grifo, con dos más",
     "km 102, discoteca La Cabaña, frente al grifo"),
    ("The girls were kept at km 64, bar El Tunche, next to the bus stop.",
     "km 64, bar El Tunche, next to the bus stop"),
    # a street without a number, then its block
    ("Su cuarto quedaba en Av. Brasil, cuadra 12, al lado de la farmacia.",
     "Av. Brasil, cuadra 12"),
    ("He rents a room on Av. Grau, block 9, next to the bakery.", "Av. Grau, block 9"),
    # Colombian addresses: street type, number, "No." and the house's number-number
    ("Vivía en la Carrera 7 No. 12-30, barrio El Centro, Leticia.", "Carrera 7 No. 12-30"),
    ("They took him to Transversal 5 # 24-11, barrio La Unión.", "Transversal 5 # 24-11"),
    ("su hermano está en Diagonal 18 N° 3-45, Cali", "Diagonal 18 N° 3-45"),
    # Brazilian streets
    ("His aunt lives at Rua Marechal Deodoro 127, Benjamin Constant.",
     "Rua Marechal Deodoro 127"),
    ("la mandaron a la Travessa São José 56, en Tabatinga", "Travessa São José 56"),
    # a community's sector and house
    ("Vive en la comunidad nativa Nuevo Jerusalén, sector 3, casa 17, con sus abuelos.",
     "comunidad nativa Nuevo Jerusalén, sector 3, casa 17"),
    ("The family lives in the comunidad campesina de Pampallacta, sector Alto, house 9.",
     "comunidad campesina de Pampallacta, sector Alto, house 9"),
    ("Domicilio: comunidad campesina de Ccochaccasa, sector Llullucha, casa sin número.",
     "comunidad campesina de Ccochaccasa, sector Llullucha, casa sin número"),
    ("su mamá vive en la comunidad nativa San Rafael, casa 12, río Tigre",
     "comunidad nativa San Rafael, casa 12"),
    ("the boy's home is in the native community of Yarina, house 31, on the Ucayali",
     "native community of Yarina, house 31"),
    # a named sector or zone before a numbered passage, street, lot or kilometre
    ("El campamento está en el sector Quebrada Honda, a la altura del kilómetro 22 de la "
     "carretera a Quincemil.", "sector Quebrada Honda, a la altura del kilómetro 22"),
    ("la draga estaba en el sector Boca Amigo, km 8 de la trocha a Laberinto",
     "sector Boca Amigo, km 8"),
    ("La dirección es Sector Cerro Lunar, pasaje 2, lote 6, Ananea.",
     "Sector Cerro Lunar, pasaje 2, lote 6"),
    ("Su tía vive en Zona Alto Lima, calle 5 número 822, El Alto.",
     "Zona Alto Lima, calle 5 número 822"),
    ("his cousin lives in Barrio San Martín, pasaje 3, house 14",
     "Barrio San Martín, pasaje 3, house 14"),
    # a street named without a number, then the house's number
    ("Su papá sigue en calle Bolívar, casa 8-14, sector El Carmen, Valencia.",
     "calle Bolívar, casa 8-14"),
    ("The mother stays at Jr. Amazonas, house 210, in Nauta.", "Jr. Amazonas, house 210"),
    # an urbanización's stage and a lot's code
    ("La llevaron a una casa en la Urb. Santa Mónica, tercera etapa, B-7, Cusco.",
     "Urb. Santa Mónica, tercera etapa, B-7"),
    ("vive en la urbanización Los Portales, segunda etapa, Mz. F Lt. 12",
     "urbanización Los Portales, segunda etapa, Mz. F Lt. 12"),
    # a reference after the number stays in the hit
    ("Vive en el Jr. Pumacahua 418, al costado de la iglesia, en Sicuani.",
     "Jr. Pumacahua 418, al costado de la iglesia"),
    ("Av. Ejército 1120, frente al colegio Santa Ana, es su casa",
     "Av. Ejército 1120, frente al colegio Santa Ana"),
    ("la casa de Jr. Huáscar 315, referencia: a media cuadra del mercado, es de su tío",
     "Jr. Huáscar 315, referencia: a media cuadra del mercado"),
    ("vive en calle Loreto 214, a dos cuadras de la plaza",
     "calle Loreto 214, a dos cuadras de la plaza"),
    # Peruvian forms of the earlier rounds, said once more
    ("vive en la cuadra 5 de la avenida Ejército, Arequipa", "cuadra 5 de la avenida Ejército"),
    ("Mz. H3 Lt. 21, AA.HH. Villa Hermosa, Carabayllo", "Mz. H3 Lt. 21, AA.HH. Villa Hermosa"),
    ("la casa de la Prolongación Tacna 742, departamento 3",
     "Prolongación Tacna 742, departamento 3"),
    # a post-office box
    ("Send the letters to P.O. Box 4417, Paterson.", "P.O. Box 4417"),
    ("mandan todo a la casilla postal 218 de Iquitos", "casilla postal 218"),
    # a UK street with its postcode
    ("She was moved to Flat 3, 27 Gloucester Road, London SW7 4PL, by the agent.",
     "27 Gloucester Road, London SW7 4PL"),
    ("the house at 14 Elm Grove, Leeds LS6 2AB, was rented in his name",
     "14 Elm Grove, Leeds LS6 2AB"),
]

# PII-free look-alikes: no address reported at all (confidence >= 0.5)
CLEAN = [
    "La sede queda en la avenida principal, al lado del mercado.",
    "El taller fue en la Fiscalía, en la avenida Grau, frente a la plaza.",
    "We met at the court on Jirón Próspero, next to the cathedral.",
    "Estamos en el tercer piso, oficina 305, así que se oye la calle.",
    "The hearing is on the fifth floor, room 512, of the ministry.",
    "La atención es en el Módulo 3, segundo piso, del hospital.",
    "Hubo un operativo en el kilómetro 45 de la carretera a Nauta, con 30 policías.",
    "There were bars at kilometre 98 of the Interoceanic Highway, a few hundred"
    " metres from the school.",
    "Los campamentos del kilómetro 107 y del 110 cambian cada año.",
    "Loreto recibe canon por el Lote 192 y por el Lote 95.",
    "El sector salud, sector 3 del plan, tiene presupuesto propio.",
    "La comunidad nativa Santa Rosa tiene 40 casas y una escuela.",
    "Visitamos el sector 2, casa por casa, con las promotoras.",
    "El pasaje cuesta 15 soles, y la calle 3 está cerrada por obras.",
    "Hizo la carrera 5 años en la universidad, y la Carrera de Derecho dura 6.",
    "The Block 2 of the hospital, second floor, has the psychologists.",
    "En la zona alta, a la altura del puente, no hay señal.",
    "La Casa 3 del albergue recibe a las más chicas.",
    "The files are in box 12 of the archive, shelf 4.",
    "Rua, the new coordinator, joined in 2021.",
    "Las sesiones de la Urb. fueron en la etapa 2 del proyecto.",
    "El Colegio 2045, segundo piso, tiene la biblioteca.",
    "Terminal 2, second floor, is where they wait.",
    "Phase 2, second floor, opened in 2021.",
    "Article 153, second paragraph, covers it.",
    "Trabajamos en la comunidad nativa Santa Rosa, sector 2, con 40 familias.",
    "Visitamos la comunidad de Yarina, sector Bajo, y la de Nuevo Paraíso.",
    "El taller fue en el km 5, hotel Las Palmas, con los fiscales.",
    "Nos reunimos en el Hotel Costa del Sol, km 3 de la carretera al aeropuerto.",
]


@pytest.mark.parametrize(("text", "expected"), SEEDED)
def test_street_addresses_in_new_forms_block_exports_whole(text, expected):
    assert blocks_whole(text, "address", expected), blocking(text)


@pytest.mark.parametrize("text", CLEAN)
def test_streets_without_numbers_offices_and_kilometres_are_no_addresses(text):
    from kiicode.pii.scan import scan_text

    assert [h.text for h in scan_text("T", text) if h.category == "address"] == []


@pytest.mark.parametrize(("text", "address"), [
    ("Vive en Jr. Tarapacá 233, Punchana, con su abuela.", "Jr. Tarapacá 233, Punchana"),
    ("La dirección: Sector Alto Ananea, pasaje 7, lote 2, La Rinconada.",
     "Sector Alto Ananea, pasaje 7, lote 2, La Rinconada"),
    ("Su tía vive en el Jr. Tacna 510, Cercado de Lima.", "Jr. Tacna 510, Cercado de Lima"),
    ("She moved to 77 Market Street, 3rd floor, Newark, NJ 07102, in May.",
     "77 Market Street, 3rd floor, Newark, NJ 07102"),
])
def test_the_town_or_district_after_an_address_is_part_of_it(text, address):
    from kiicode.pii.scan import scan_text

    assert [h.text for h in scan_text("T", text) if h.category == "address"] == [address]


@pytest.mark.parametrize(("text", "address", "person"), [
    ("La mamá vive en Jr. Ica 588, Rosa Quispe me lo dijo.", "Jr. Ica 588", "Rosa Quispe"),
    ("He lives at Jr. Loreto 412, Daniel Huamán told us.", "Jr. Loreto 412", "Daniel Huamán"),
])
def test_a_persons_name_after_an_address_stays_a_name(text, address, person):
    from kiicode.pii.scan import scan_text

    hits = {(h.category, h.text) for h in scan_text("T", text)}
    assert ("address", address) in hits and ("person_name", person) in hits, hits
