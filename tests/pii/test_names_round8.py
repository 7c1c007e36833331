"""Eighth round (issue 16): the kinds of look-alike behind the retired pii7
corpus's name false positives, written as general rules and tested here on
sentences of their own (not pii7's): a speaker label that is a post, a room,
a school or a square named after someone, a brand, a thing given a name, a
saint's feast; and the kinds of position pii7's missed names were said in
("the other, …", "we call her …", "el que contesta es …", "una persona,
…"). docs/anonymisation.md, "Eighth round: names"."""

from __future__ import annotations

import pytest
from scanning import names

from kiicode.pii.names import KnownNames, name_like_label


@pytest.mark.parametrize("label", ["Official", "Embassy adviser", "Focal Point", "Staff",
                                   "Spokesperson", "Ministry liaison", "Evaluadora externa",
                                   "Asesora legal"])
def test_a_label_that_names_a_post_is_no_person(label):
    assert not name_like_label(label)


@pytest.mark.parametrize("label", ["Rosa Quispe", "Grace", "Faith Mwangi", "Tamsin Achterberg",
                                   "Asesora Rosa Quispe", "Fiscal Edith Mamani"])
def test_a_persons_display_name_with_or_without_a_post_stays_a_name(label):
    assert name_like_label(label)


def test_the_post_before_a_display_name_is_not_taken_for_the_name():
    known = KnownNames().add_all(["Psicóloga Rosa Quispe"])
    assert names("Hablé con la psicóloga y con Quispe.", known) == {"Quispe": 0.9}


def test_a_posts_label_is_not_found_across_the_corpus():
    known = KnownNames().add_all(["Official", "Adviser"])
    assert known.pattern() is None
    assert names("An official from the ministry and our adviser came.", known) == {}


@pytest.mark.parametrize("text", [
    # a room, a hall, a school's abbreviation, a kindergarten named after someone
    "El taller fue en la sala Gustavo Gutiérrez del rectorado.",
    "Los chicos vienen de la I.E. Ciro Alegría y de la IEP Santa Teresita.",
    "We met in the Víctor Andrés Belaunde room, next to the library.",
    "Most of the girls came from the Rosa Agustina Donayre kindergarten network.",
    # a square or a park heading a name or a number
    "The new office is on Plaza Bolognesi, near the court.",
    "La marcha salió de Plaza 2 de Mayo a las diez.",
    # a brand before what it made, or after it in Spanish
    "The river team had an old Honda generator and a Suzuki outboard.",
    "Nos prestaron una camioneta Mitsubishi y un motor Suzuki.",
])
def test_a_place_a_room_or_a_brand_named_after_someone_is_no_person(text):
    assert names(text) == {}


@pytest.mark.parametrize("text", [
    "The raid they called Valentina took three months to prepare.",
    "Al operativo le pusieron Rosario y duró una semana.",
    "There is a shelter boat, they call it Esperanza, on the Napo.",
])
def test_a_thing_given_a_name_is_no_person(text):
    assert names(text) == {}


@pytest.mark.parametrize("text", [
    "En Huancayo, en julio, está la fiesta de Santiago y vienen de todas partes.",
    "For the feast of Santiago the buses come full from the highlands.",
    "Las fiestas más grandes son la de la Candelaria, la del Corpus y la de Santiago.",
])
def test_a_saints_feast_is_no_person(text):
    assert names(text) == {}


@pytest.mark.parametrize("text, name", [
    # the other of two, a person in apposition
    ("Two boys came: one had a passport, the other, Brayan, had nothing.", "Brayan"),
    ("Hay una persona, Maricruz, que ve los casos de la noche.", "Maricruz"),
    ("His deputy head of mission, Lorraine, took the call.", "Lorraine"),
    ("La jefa de logística, Ruth, nos dio el carro.", "Ruth"),
    # a nickname after or before a name
    ('And there is Teodora — we call her "Teo" — who keeps the keys.', "Teo"),
    ('And there is Teodora — we call her "Teo" — who keeps the keys.', "Teodora"),
    ('En la comunidad me dicen "Panchita", desde chica.', "Panchita"),
    # who does a thing, in a relative clause or a cleft
    ("El que recibe las denuncias es Wilfredo, y él las registra.", "Wilfredo"),
    ("It was Anjali who found the funding for the second year.", "Anjali"),
    ("Arnaldo es el que sabe todo de la red.", "Arnaldo"),
    # the subject at the clause's end, the imperfect of saying
    ("El carro de la UGEL lo maneja Teófilo.", "Teófilo"),
    ("Y Yesenia me comentaba que no había fiscal.", "Yesenia"),
    # the one from an office or an area
    ("En Juliaca, Condori, el de la gerencia, ya no está.", "Condori"),
    # an honorific before a place's name that is a surname
    ("Nos ayudó la señora Trujillo, la vecina.", "Trujillo"),
    # an everyday word that is a given name, before a sure surname, presented by a role
    ("My manager, Will Okonkwo, signed it in a day.", "Will Okonkwo"),
])
def test_a_name_said_in_a_persons_position_is_found(text, name):
    assert name in names(text)


@pytest.mark.parametrize("text, name", [
    ("Soledad, la trabajadora social, se quedaba hasta tarde.", "Soledad"),
    ("Y Marleny me comentaba que la lancha no llegó.", "Marleny"),
    ("La que firma las actas es Edith, así que hay que esperar.", "Edith"),
])
def test_such_a_name_blocks_exports(text, name):
    assert names(text).get(name, 0) >= 0.8


@pytest.mark.parametrize("text", [
    # a comparison ranks places as often as people
    "La que más casos tiene es Mercedes, en el valle.",
    # a list of offices, not a person from an office
    "Están la Dirección de Salud, la de Educación, la de Trabajo y la Fiscalía.",
    # a possessive title that names an institution
    "We work with the Ombudsman's Office and the Governor's Office.",
    # "el Señor de …" is a devotion
    "En octubre sale el Señor de Luren.",
])
def test_what_looks_like_such_a_position_but_names_no_person(text):
    assert all(confidence < 0.8 for confidence in names(text).values())


def test_an_everyday_word_from_a_sure_name_is_not_repeated_at_a_sentences_start():
    found = names("My manager, Will Okonkwo, signed it. Will it last? Okonkwo thinks so.")
    assert "Will Okonkwo" in found and "Okonkwo" in found and "Will" not in found
