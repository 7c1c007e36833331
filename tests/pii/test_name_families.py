"""Person names, fourth round (issue 16): the families of real-world forms
this round added, each with the confidence it must reach and the look-alike
it must leave alone. Every sentence is written for this test, not taken from
a measured corpus."""

from __future__ import annotations

import pytest
from scanning import names

from kiicode.pii.names import KnownNames, name_like_label
from kiicode.pii.scan import scan_text

BLOCKED = [
    # what people do, right after a name the gazetteer has
    ("Nos dijo que Paucar trabaja en la DEMUNA desde 2019.", "Paucar"),
    ("The report says Okafor joined the shelter in 2021.", "Okafor"),
    # being a role
    ("Después Huarcaya es el fiscal del caso.", "Huarcaya"),
    ("Nuria, que es la coordinadora, nos recibió.", "Nuria"),
    ("Then Sharma was our counterpart there.", "Sharma"),
    # the subject after its verb, as Spanish puts it
    ("Esa semana nos ayudó Yesenia con las actas.", "Yesenia"),
    # a request to reach someone
    ("Write to Eleuterio with the form.", "Eleuterio"),
    ("Mándelo con copia a Marleny, por favor.", "Marleny"),
    # a name closing a speaker's self-introduction
    ("P2: Yo soy la de Tacna, Marisol.", "Marisol"),
    # a person noun, then "llamada"/"de nombre"; a kin word, then "de"
    ("Había una niña llamada Yaneth en el albergue.", "Yaneth"),
    ("Vino el papá de Huillca a reclamar.", "Huillca"),
    # names from more of the world (Faker's pt_BR, Nigerian, Kenyan, Indian,
    # Irish, Italian, French locales, Chinese and Japanese in Latin letters)
    ("Chinedu Nwosu and Wanjiru Kamau came from the embassy.", "Chinedu Nwosu"),
    ("La voluntaria Akemi Tanaka llegó con el padre Ricci.", "Akemi Tanaka"),
    ("O caso de Conceição Gonçalves chegou pela fronteira.", "Conceição Gonçalves"),
]


# A name that is also an everyday word ("Luz", "Flor", "Rosa", "Grace")
# blocks when it is named outright or said to a person; said of a person in
# weaker ways it stays reported only.
EVERYDAY_WORD_NAMES = [
    ("Hola, soy Luz, de la DEMUNA.", "Luz", 0.85),
    ("Había una niña llamada Flor en el grupo.", "Flor", 0.85),
    ("Vino la mamá de Dolores a la comisaría.", "Dolores", 0.85),
    ("Gracias, Rosa.", "Rosa", 0.85),
    ("This is Grace from the shelter.", "Grace", 0.85),
    ("El albergue se llama Esperanza.", "Esperanza", 0.7),   # a shelter's name as often
]


@pytest.mark.parametrize("text,expected,confidence", EVERYDAY_WORD_NAMES)
def test_everyday_word_names(text, expected, confidence):
    assert names(text).get(expected) == confidence


NOT_BLOCKED = [
    # a sector or a feast "comes" too; a place "is" something
    "Salud viene cuando hay que firmar algo.",
    "En Todos los Santos viene gente de fuera.",
    "Lima es la capital y Victoria es la madre de todas las ferias.",
    "Hope is not a strategy. Mark my words. Will do.",
    "Grace, in the sense of goodwill, matters here.",
    # words the bigger gazetteer holds as names that are words here
    "He said the Judge would rule soon.",
    "Hope House and Charity Hall ran the shelters; Hope Worldwide ran the rest.",
    "Las mandábamos a Lima, no había otro sitio.",
    # things named after a person; a frank word after "le soy"
    "Hacemos entrevista única en cámara Gesell, con psicóloga, y en la cámara Gesell.",
    "Se hicieron, aunque le soy franco, dependía de quién estaba.",
]


@pytest.mark.parametrize("label,name_in_text", [
    ("Quispe Mamani, María (MIMP)", "María Quispe Mamani"),   # surname first, organisation
    ("Rocío Huamán | DEMUNA", "Huamán"),
    ("Ana Ruiz - UNICEF Lima", "Ruiz"),
    ("MARÍA QUISPE", "María"),
    ("maria.quispe", "Quispe"),
    ("iPhone de Yolanda", "Yolanda"),
    ("Dr. Teófilo Chambi (él/he)", "Chambi"),
])
def test_meeting_tool_labels_give_the_persons_name(label, name_in_text):
    assert name_like_label(label)
    known = KnownNames().add_all([label])
    found = names(f"Ayer {name_in_text} no estuvo.", known)
    assert found.get(name_in_text, 0) >= 0.9, found


def test_a_labels_organisation_place_and_role_are_not_names():
    known = KnownNames().add_all(["Ana Ruiz - UNICEF Lima", "Jorge Paz (Invitado)",
                                  "iPhone de Yolanda"])
    found = names("En Lima el invitado usó su iphone; Paz y Jorge llegaron.", known)
    assert "Lima" not in found and "invitado" not in found and "iphone" not in found
    for label in ("Equipo MIMP Cusco", "Sala de Reuniones 2", "Invitado (Ana)", "Lima"):
        assert not name_like_label(label), label


def test_a_meeting_rooms_label_is_not_a_name_but_a_person_in_it_is():
    for label in ("Conference Room", "Sala Grande", "Meeting Room", "Equipo Evaluador"):
        assert not name_like_label(label), label
    assert name_like_label("Meeting Room Rosa") and name_like_label("Rosa Quispe")


def test_an_offices_shared_account_is_not_a_name_but_a_person_beside_an_acronym_is():
    """Sixth round: offices join calls from one account named by an acronym
    and a place or unit; the place in it must not be taken for a name and
    then found across the corpus."""
    for label in ("DEMUNA Tambopata - Psicología", "UGEL Sandia", "Operadora CEM",
                  "CEM Huancané - Admisión"):
        assert not name_like_label(label), label
    for label in ("Rocío Huamán | DEMUNA", "Huarcaya - DEMUNA", "Rosa | CEM"):
        assert name_like_label(label), label
    known = KnownNames().add_all(["UGEL Sandia - Tutoría"])
    assert "Sandia" not in names("La UGEL de Sandia mandó a Sandia su equipo.", known)


# Fourth round, second pass: families read from the misses of half the
# retired pii3 corpus (its other half held out), each with new sentences.
BLOCKED_SECOND_PASS = [
    # a capitalised conjunction starts the sentence, not the name
    ("And Pocho, the driver, knew everyone in the port.", "Pocho"),
    # more of the jobs a KII names people by
    ("We worked through Yolanda, our paralegal, for the hearings.", "Yolanda"),
    # a surname or a first name said as one, a nickname
    ("No, the surname is Ticona, not the other one.", "Ticona"),
    ("Rufina is her first name, the rest I never knew.", "Rufina"),
    ('Había una señora que le decían "la Chola" en el terminal.', "Chola"),
    ("Lo buscaban por alias Cholo en Juliaca.", "Cholo"),
    # a role, then "es": "la coordinadora es …"; a person noun, then "se llama"
    ("La coordinadora es Luz, la del turno de la tarde.", "Luz"),
    ("La mamá se llama Amparo y vende en la feria.", "Amparo"),
]


ENGLISH = ("We met the team in the morning, and they said that the cases were slow. "
           "With the new protocol this was better, but they have a long way to go. ")
SPANISH = ("Nos reunimos con el equipo por la mañana y dijeron que los casos eran lentos. "
           "Con el nuevo protocolo esta parte mejoró, pero para las familias falta. ")


def test_an_everyday_word_is_one_only_in_its_own_language():
    # "Paredes" is a Spanish word (walls): an English text uses it as a surname
    assert names(ENGLISH + "I remember Paredes calling me from Juliaca.")["Paredes"] >= 0.8
    assert names(SPANISH + "Las paredes se caen. Y bueno, Paredes dijo que no.").get(
        "Paredes", 0) < 0.8


def test_an_everyday_word_the_text_only_writes_as_a_name():
    # mid-sentence, doing what people do, and never written as a word in the text
    assert names(ENGLISH + "In the end Grace paid for the fuel herself.")["Grace"] >= 0.8
    # the same text also writes "grace" as a word: no longer sure
    said = ENGLISH + "By the grace of the mayor, in the end Grace paid for the fuel herself."
    assert names(said).get("Grace", 0) < 0.8


NOT_BLOCKED_SECOND_PASS = [
    "Third, judges were trained. Second, the prosecutors met.",
    "Salud viene cuando hay que firmar algo; Educación no viene.",
    "Ella denunció a su tío y ella misma fue a la comisaría.",
]


# Fourth round, third pass: families read from the other half of pii3.
BLOCKED_THIRD_PASS = [
    # a person noun with a qualifier, a nationality or "de" a place, in apposition
    ("La tía de otra niña, una señora colombiana, Yurleidy, firmó el acta.", "Yurleidy"),
    ("Conocimos a una niña de Quispicanchi, Killari, que vendía en la plaza.", "Killari"),
    ("His partner, Dorotea, had the passport.", "Dorotea"),
    ("Una de ellas, Eulalia, tenía un documento falso.", "Eulalia"),
    # more jobs
    ("Me ayuda un registrador, Gumercindo, con los trámites.", "Gumercindo"),
    # a head noun, then "was": "our field lead was …", "our data person was …"
    ("Our contact person was Wilfredo, from the regional office.", "Wilfredo"),
    # the subject after a Spanish preterite
    ("La guía la diseñó Hermelinda hace dos años.", "Hermelinda"),
    # a month that is a given name, before a name
    ("The manager was Julio César Villacorta, from Iquitos.", "Julio César Villacorta"),
]


def test_an_everyday_word_repeats_a_sure_name_only_capitalised():
    text = ("Our data person was Faith Mwangi. Faith built the database. "
            "Faith in the system grew, they say, with faith and hope.")
    hits = [h for h in scan_text("T", text) if h.category == "person_name" and h.high]
    assert [h.text for h in hits][:2] == ["Faith Mwangi", "Faith"]
    assert "faith" not in [h.text for h in hits]
    # after a saint's or a place word it is the place's name
    saint = "La señora Rosa Quispe vino. En Santa Rosa no hay DEMUNA."
    assert [h.text for h in scan_text("T", saint) if h.high] == ["Rosa Quispe"]


NOT_BLOCKED_THIRD_PASS = [
    "Grace, our partner network, and the others ran the shelters.",
    "Julio fue un mes difícil; en Abril y Mayo mejoró.",
    "Se inauguró Santa Rosa de Lima como parroquia.",
    "One, two, three children came. Nine, ten, eleven years old, all of them.",
]


@pytest.mark.parametrize("text,expected", BLOCKED + BLOCKED_SECOND_PASS + BLOCKED_THIRD_PASS)
def test_family_blocks(text, expected):
    assert names(text).get(expected, 0) >= 0.8, names(text)


@pytest.mark.parametrize("text", NOT_BLOCKED + NOT_BLOCKED_SECOND_PASS + NOT_BLOCKED_THIRD_PASS)
def test_look_alikes_do_not_block(text):
    assert not any(c >= 0.8 for c in names(text).values()), names(text)

