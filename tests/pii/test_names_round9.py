"""Ninth round (issue 16): the kinds of look-alike behind the retired pii8
corpus's name false positives, written as general rules and tested here on
sentences of their own (not pii8's): a title or a rank inside a street's or
an institution's name, a lake's name, a list of places a plural noun
introduces, a capitalised rank before an everyday word; and the forms pii8's
missed names were said in (a list with a serial comma or with "then", a
capitalised "Del", a nickname, a phone or an ID that is someone's, "one, …,",
a role or a nationality after a name, a name the gazetteer lacks presented
by a role). docs/anonymisation.md, "Ninth round: names"."""

from __future__ import annotations

import pytest
from scanning import names


@pytest.mark.parametrize("text", [
    "La oficina queda en el jirón Teniente Arancibia, frente al mercado.",
    "Nos mudamos a la avenida Coronel Pacheco hace un año.",
    "The new office is on Avenue Captain Quiñones, near the port.",
    "Las chicas pasan al Hogar Padre Julián Rosales, que tiene psicóloga.",
    "La fiscalía derivó el caso al CAR Madre Teresa Quispe de la zona.",
    "The volunteers stay at the Father Anselm lodge during the campaign.",
])
def test_a_title_inside_a_streets_or_an_institutions_name_is_no_person(text):
    assert names(text) == {}


@pytest.mark.parametrize("text", [
    "Los turistas van al lago Valverde en temporada alta.",
    "Hay familias que viven cerca de la laguna Mendoza.",
    "The lodges near Lake Valverde and Lake Mendoza hire teenagers.",
])
def test_a_lake_named_like_a_person_is_a_place(text):
    assert names(text) == {}


@pytest.mark.parametrize("text", [
    "We worked with communities like Infante and Nueva Esperanza on the river.",
    "Vienen de comunidades nativas, de Santa Clara, de Mario Alegre, de Isla Grande.",
    "Visitamos caseríos como Rosa Pampa, Flor de Mayo y Monte Sinaí.",
])
def test_a_list_of_places_that_a_plural_place_noun_introduces_has_no_names(text):
    assert names(text) == {}


@pytest.mark.parametrize("text", [
    "The General Law of Migration came first.",
    "La Asamblea General aprobó el reglamento.",
    "The General Assembly adopted the protocol.",
])
def test_a_capitalised_rank_before_an_everyday_word_is_no_title(text):
    assert names(text) == {}


def test_a_rank_before_a_name_is_still_a_title():
    assert names("Llegó el General Rosa Quispe con su escolta.") == {"Rosa Quispe": 0.9}
    assert names("El fiscal Mamani y el Sargento Huamán firmaron.") == {
        "Mamani": 0.9, "Huamán": 0.9}


def test_a_list_with_a_serial_comma_or_with_then_is_a_list_of_people():
    found = names("Three of us. Maite, Julio Ccori, and Lidia Vargas, plus the driver.")
    assert found["Maite"] >= 0.8 and found["Julio Ccori"] >= 0.8 and found["Lidia Vargas"] >= 0.8
    found = names("We had two leads: Dayanne, then Rocío Apaza, then no one.")
    assert found["Dayanne"] >= 0.8


def test_a_list_of_places_said_in_turn_is_no_list_of_people():
    assert names("First Sicuani, then Urcos, then Quillabamba, one a year.") == {}


def test_a_capitalised_del_inside_a_surname_is_part_of_the_name():
    assert names("El chofer es Leoncio Del Castillo, de confianza.") == {
        "Leoncio Del Castillo": 0.9}


@pytest.mark.parametrize("text, nickname", [
    ("A man everybody calls him Flaco runs the bar.", "Flaco"),
    ('The owner is a man everyone calls "Chato", his brother too.', "Chato"),
    ('El dueño, alias "Tío Pepe", tiene RUC.', "Tío Pepe"),
    ('El tratante se hacía llamar "Príncipe" en Facebook.', "Príncipe"),
])
def test_a_nickname_said_as_a_persons_is_a_name(text, nickname):
    assert names(text).get(nickname, 0) >= 0.8


@pytest.mark.parametrize("text", [
    'There is a camp everyone calls "La Pampa" near the road.',
    "A bar they call Delfín opened last year.",
    'They ran a session known as "Open Doors" for the parents.',
    "Everybody calls him the Professor, which he hates.",
    "A la zona le dicen Kilómetro 108.",
])
def test_a_thing_or_a_place_given_a_name_is_no_nickname(text):
    assert names(text) == {}


def test_a_nickname_in_quotes_inside_a_full_name_is_one_name():
    assert names('Our driver was Mario "Gato" Quispe, from Urcos.') == {
        'Mario "Gato" Quispe': 0.9}


@pytest.mark.parametrize("text, name", [
    ("Nos dejaron su WhatsApp, pero el de Rocío ya no contesta.", "Rocío"),
    ("Y el DNI de Quispe está en la ficha.", "Quispe"),
    ("Ahí está el celular de Marleny, por si acaso.", "Marleny"),
])
def test_someones_phone_or_id_says_a_person(text, name):
    assert names(text).get(name, 0) >= 0.8


def test_whose_phone_after_a_name_the_gazetteer_lacks_says_a_person():
    found = names("The trainer was Zofia Kowalczyk, from Lima. I kept Zofia's mobile.")
    assert found.get("Zofia Kowalczyk", 0) >= 0.8


@pytest.mark.parametrize("text, name", [
    ("Dos chicas llegaron. Una, Yanira, volvió a su casa.", "Yanira"),
    ("Trabajo con Yuliana, que es la psicóloga del CEM.", "Yuliana"),
    ("Trabajo con Yuleisi, que es la psicóloga del CEM.", "Yuleisi"),
    ("The project started. Olivia, the Canadian, ran the workshop.", "Olivia"),
    ("Vino una señora. Kimberly, la venezolana, trajo los papeles.", "Kimberly"),
    ("I run the team. It's me, Jhordan, and a nurse.", "Jhordan"),
    ("Nos mandó el manual Renata, de CHS, por correo.", "Renata"),
    ("Hello. Yesenia got threats on Facebook.", "Yesenia"),
])
def test_the_forms_that_present_a_person_around_a_single_name(text, name):
    assert names(text).get(name, 0) >= 0.8


@pytest.mark.parametrize("text", [
    "Participan la Dirección de Salud, Migraciones, la Marina y la Policía.",
    "Victoria, the capital of the province, hosted the meeting.",
    "One, the older truck, broke down twice.",
    "It's me, the driver, and a nurse on every trip.",
    "The trainer was a volunteer from the parish.",
    "The coordinator was Regional Health, formally.",
])
def test_what_looks_like_those_forms_but_names_no_one(text):
    assert names(text) == {}


@pytest.mark.parametrize("text, name", [
    ("Uno de una chica boliviana, Yoselin Andrea Mamanchura, quince años.",
     "Yoselin Andrea Mamanchura"),
    ("Flor goes with a community promoter, Cirila Ccorimanya, every week.", "Cirila Ccorimanya"),
    ("The trainer was Agnieszka Wrobel, from the university.", "Agnieszka Wrobel"),
])
def test_a_full_name_the_gazetteer_lacks_presented_by_a_role(text, name):
    assert names(text).get(name, 0) >= 0.8


def test_a_surname_first_with_a_persons_details_takes_the_given_name_after_it():
    assert names("Una chica de Fujian, Wang Lihua, dieciséis años, sin papeles.").get(
        "Wang Lihua", 0) >= 0.8


def test_a_decree_after_a_list_of_roles_is_no_name():
    assert names("We have the units, the prosecutors, Legislative Decree 1297 and "
                 "the protocol.") == {}


def test_a_place_head_that_ends_a_sentence_is_no_cue_for_the_name_after_it():
    found = names("Two moved to the private sector. Gianluca, Rocío Apaza, and Mateo Quispe "
                  "left too.")
    assert found.get("Gianluca", 0) >= 0.8 and found.get("Rocío Apaza", 0) >= 0.8
    assert names("Vino del colegio. Santa Rosa queda lejos.") == {}


def test_a_name_calling_from_somewhere_is_a_person():
    assert names("Her aunt in La Paz, Filomena, calls from her mobile.").get("Filomena", 0) >= 0.8


def test_the_one_of_someone_after_an_e_mail_address_is_a_persons():
    assert names("El mío es ana.r@correo.pe, si quieren les paso el de Rocío.").get(
        "Rocío", 0) >= 0.8
