"""Person names, sixth round (issue 16): places named with no place word
("ir a Caballococha o a Requena", "a Mercedes, a Esperanza y a Florida"),
institutions named after a public figure ("la gente de Flora Tristán") and
a few look-alikes are no person; a person beside the same words, after a
verb of contact, a title or in apposition, still is. Every sentence is
written for this test, not taken from a measured corpus."""

from __future__ import annotations

import pytest
from scanning import names

from kiicode.pii.names import peruvian_places

NOT_A_PERSON = [
    # a list of places beside a place that is no name, even after a verb of contact
    "Visitamos a Mercedes, a Esperanza y a Florida, tres caseríos del río.",
    "Así, Victoria, Florida y Mercedes se quedaron sin profesor ese año.",
    # going somewhere ("ir a", "llegar a", "drove to"), from one place to another
    "Para llegar a Caballococha o a Requena hay que tomar lancha.",
    "De Nauta a Requena son seis horas en rápido.",
    "We drove to Ocongate and then down to Marcapata.",
    # a list repeating its preposition
    "Las chicas venían de Contamana, de Orellana y de Tamanco.",
    # a place that is also a surname, alone with nothing saying "person"
    "Mucha gente sale de Calca, Urubamba y Orellana.",
    "El año pasado Requena tuvo inundaciones fuertes.",
    # what a place is or where it lies
    "Bueno, Mercedes es un caserío chiquito, ahí no hay posta.",
    "Y Esperanza queda a tres horas de Nauta por el río.",
    # a place before a comma and Spanish "son" ("they are"), not an English son
    "Si es en Sandia o en Carabaya, son diez horas de viaje.",
    # institutions named after a public figure
    "La gente de Flora Tristán nos apoyó con talleres.",
    "Trabajamos con Manuela Ramos y con Flora Tristán en Lima.",
    "La derivamos al Daniel Alcides Carrión, en el Callao.",
    # a line's name before its number
    "R: They call Línea 100, or the free line.",
    # a pair joined by "y"/"and" with a place that is no name
    "I visited Mercedes and Florida in March.",
    "Visité Mercedes y Florida en marzo.",
    # the people of a place, passing through a place, boats to a place
    "La gente de Mercedes no denuncia mucho.",
    "People from Dolores and Milagros came to the workshop.",
    "Boats to Mercedes leave on Mondays.",
    "Pasamos por Soledad, Rosario y Concepción.",
    # a place, then who received us there
    "En Mercedes, la teniente gobernadora nos recibió.",
    # an office's head before "de" (UGEL, CEM) and an office's kind after its head
    "Con la UGEL de Mercedes coordinamos los talleres.",
    "Comisaría Sectorial Iquitos recibe las denuncias.",
    # districts named after people, and the presidents of recent governments
    "En José Leonardo Ortiz hay mucha explotación en los mercados.",
    "Trabajamos en Alberto Leveau, Fernando Lores y Teniente Manuel Clavero.",
    "Rosa Panduro es el distrito más lejano del Putumayo.",
    "Con Pedro Castillo cambiaron tres veces de ministra.",
    "Según Alan García, la pobreza bajaba.",
    # an everyday word starting a sentence before a role, as a vocative's name would
    "R: Peor, joven. Yo tengo familia en el Marañón.",
    # places with a rank in their name, and a list joined to one
    "Faltan fiscales en Mariscal Nieto y en Mariscal Luzuriaga.",
    "The Mariscal Cáceres province sends girls to Lima.",
    "Hay barrios como Canto Grande, Mariscal Cáceres, Huáscar y José Carlos Mariátegui.",
    # a list after "zonas como", "districts such as"
    "Llegan a provincias como Requena, Datem o Alto Amazonas.",
    # a place's head before its name without "de"
    "Vivimos en el caserío Esperanza, cerca del puerto Henry.",
    # a village near a lake ("Padre Cocha"), Quechua case endings after a place
    "Bajamos por el río, pasando Padre Cocha y Tamshiyacu.",
    "Warmakunaqa ripuqku Punoman, Limaman, mana pipas tapuqchu.",
]


@pytest.mark.parametrize("text", NOT_A_PERSON)
def test_a_place_or_a_namesake_named_alone_is_not_a_person(text):
    assert names(text) == {}


STILL_A_PERSON = [
    ("Le pregunté a Mercedes si había denunciado.", "Mercedes"),
    ("Fui a ver a Requena, el fiscal, a su oficina.", "Requena"),
    ("La señora Requena nos atendió en la comisaría.", "Requena"),
    ("Hablé con Esperanza Quispe y con la fiscal.", "Esperanza Quispe"),
    ("Llamé a Teodoro y a Marleny para avisarles.", "Teodoro"),
    ("Una niña de Ocongate, Chaska, de catorce años, escapó.", "Chaska"),
    ("Ahuanari, her son, came to the shelter.", "Ahuanari"),
    ("Me atendió la señora Flora Tristán Huamán.", "Flora Tristán Huamán"),
    ("Luis Orellana trabaja en la DEMUNA de Requena.", "Luis Orellana"),
    ("Le pregunté a Mercedes y a Teodoro por el caso.", "Mercedes"),
    ("La señora Rosa Panduro Huamán vino a la comisaría.", "Rosa Panduro Huamán"),
    ("Hablé con Pedro Castillo Ccori, el promotor.", "Pedro Castillo Ccori"),
    ("Sr. Ccahuanihuanca, gracias por venir.", "Ccahuanihuanca"),
    ("Lo firmó el mariscal Quispe Mamani en 1990.", "Quispe Mamani"),
    ("Her niece, Killa, was taken to the mine.", "Killa"),
    ("Her clerk is Gladys, at the front desk.", "Gladys"),
]


@pytest.mark.parametrize(("text", "name"), STILL_A_PERSON)
def test_a_person_beside_the_same_words_still_blocks(text, name):
    found = names(text)
    assert any(name in hit and confidence >= 0.8 for hit, confidence in found.items()), found


def test_an_everyday_word_is_no_unknown_name_but_a_rare_one_still_is():
    assert names("Peor, joven, mucho peor.") == {}
    assert names("El fiscal Adjunto firmó.") == {}
    assert names("Nos atendió el suboficial Cahuaza.") == {"Cahuaza": 0.85}


def test_the_place_list_ships_single_folded_words():
    places = peruvian_places()
    assert {"caballococha", "requena", "orellana", "maranon", "inambari"} <= places
    assert all(" " not in p and p == p.lower() for p in places)
