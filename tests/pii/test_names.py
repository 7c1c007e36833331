"""Person names by the kind of evidence a sentence gives (issue 16, third
round): each family of evidence that makes a name block exports, and the
family of look-alike it must leave below the blocking confidence. Every
sentence is written for this test, not taken from a measured corpus."""

from __future__ import annotations

import pytest

from kiicode.pii.names import name_like_label
from kiicode.pii.scan import scan_text

BLOCKED = [
    # a given name with a surname the gazetteer lacks, either way round
    ("Our new coordinator is Rebeca Trelles-Uchpa, from Tarapoto.", "Rebeca Trelles-Uchpa"),
    ("La denuncia la firmó Yuleisy Mendoza, la tía.", "Yuleisy Mendoza"),
    # introduced by name: "I'm", "soy", "se hacía llamar", "named"
    ("Hi, I'm Oriel Vantongeren, and I run the project.", "Oriel Vantongeren"),
    ("El captador se hacía llamar Tito Chumbile en las redes.", "Tito Chumbile"),
    ("The landlord, a man named Cosme, kept the keys.", "Cosme"),
    # a person's details after a name: an age, an ID, a birth date
    ("Conocimos a una niña, Anyeli, de doce años, en el puerto.", "Anyeli"),
    ("The youngest, Esperanza, born 4 June 2011, stayed.", "Esperanza"),
    ("Su prima Dayana, DNI en trámite, también viajó.", "Dayana"),
    # a person noun or a role in apposition, before or after
    ("Her brother, Ulises, called the hotline.", "Ulises"),
    ("La psicóloga, Fiorella, hizo la entrevista.", "Fiorella"),
    ("Mi cuñada, Eusebia, vende en el mercado.", "Eusebia"),
    # a title or a rank, capitalised or not, before a name the gazetteer lacks
    ("Then Sergeant Ushiñahua took the statement.", "Ushiñahua"),
    ("Lo detuvo el suboficial Tuanama en la carretera.", "Tuanama"),
    ("La acompañó Sor Benedicta al juzgado.", "Benedicta"),
    # initials with a surname, and the surname again later
    ("The report went to M. A. Paredes for signature.", "M. A. Paredes"),
    ("El acta la firmó J. Cumapa; Cumapa es el secretario.", "J. Cumapa"),
    # inverted, as a list writes it
    ("En la lista aparece Mamani, Rosalía como madre.", "Mamani, Rosalía"),
    # joined to a sure name
    ("Vinieron Teodosio Arbieto y Hermelinda Ccasani del comité.", "Teodosio Arbieto"),
    ("Vinieron Teodosio Arbieto y Hermelinda Ccasani del comité.", "Hermelinda Ccasani"),
    ("We met Dr. Ama Boateng and Kwesi Mensah at the embassy.", "Kwesi Mensah"),
    # a capitalised rank, a greeting without "good"
    ("On the police side it was General Aurelio Villacorta.", "Aurelio Villacorta"),
    ("Morning, Ingrid. Thanks for coming.", "Ingrid"),
    # Andean titles and self-introductions
    ("Después el tayta Crisóstomo avisó a la comunidad.", "Crisóstomo"),
    ("Dígame Florencio nomás, así me conocen.", "Florencio"),
    ("Una mujer que se presentó como Chabuca se los llevó.", "Chabuca"),
    ("El técnico Ccapatinta tomó la denuncia.", "Ccapatinta"),
    ("My assistant, Shirley, kept the list.", "Shirley"),
    ("Y Juan de Dios Ccorahua, el juez de paz, firmó.", "Juan de Dios Ccorahua"),
    # a community's head, a priest, a name someone goes by
    ("Pregúntele al apu Yumbato de la comunidad.", "Yumbato"),
    ("Talk to Fr. Benigno at the parish.", "Benigno"),
    ("A girl we call Suyana in the file was ten.", "Suyana"),
    # a distinct given name and surname in lower case, anywhere
    ("ayer dijo que maría quispe ya no trabaja ahí", "maría quispe"),
    # said outright in lower case, as speech-to-text writes it
    ("bueno, yo me llamo sabino huillca, soy presidente de la ronda", "sabino huillca"),
]


@pytest.mark.parametrize("text,expected", BLOCKED)
def test_evidence_of_a_person_blocks(text, expected):
    hits = [h.text for h in scan_text("T", text) if h.category == "person_name" and h.high]
    assert expected in hits


def test_a_sure_name_raises_its_other_mentions():
    # a surname the gazetteer has, even in lower case; one it lacks, as written
    text = ("La señora Huanca nos recibió. Después huanca firmó. El Sr. Huillcahuaman "
            "también. Huillcahuaman volvió al día siguiente.")
    hits = [h for h in scan_text("T", text) if h.category == "person_name"]
    assert [h.text for h in hits] == ["Huanca", "huanca", "Huillcahuaman", "Huillcahuaman"]
    assert all(h.high for h in hits)


# Look-alikes: places and institutions named after people, words that are
# names too, sentence starts, devotions, programmes, lists of places.
NOT_BLOCKED = [
    "Nos reunimos en el colegio Mariano Melgar y en el hospital Hipólito Unanue.",
    "We visited schools named after Andrés Avelino Cáceres and Francisco Bolognesi.",
    "La Cruz Roja y la Marina de Guerra llevaron las brigadas.",
    "Trabajamos en Calca, Urubamba, Anta y Paruro con las rondas.",
    "Fíjese, doctora, que nadie denuncia.",
    "Before, a teacher would just send the child home.",
    "Prosecutors, judges and police sat at the same table.",
    "La fiesta del Señor de Huanca y la Virgen de Cocharcas llenan los pueblos.",
    "Luz verde para el plan, dijo el consejo; fue una victoria, pero sin Paz social no dura.",
    "Qali Warma, Juntos y Cuna Más llegan a las mismas familias.",
    "Interpreter: [interprets] She says yes.",
    "En el artículo 153-C. Todavía falta reglamentarlo.",
    "Las lanchas de Transportes Gilmer salen los jueves.",
    # a job, a demonym or a programme after "I'm", "soy", "se llama", "named"
    "I'm Head of Programmes for the region, and I'm Bolivian.",
    "Soy Arequipeña. El programa se llama Manos Unidas y la campaña, named Sol Naciente.",
    # places and universities named after people, after "en", "at" or before the institution
    "Hicimos talleres en Andrés Razuri y en José Olaya, que son asentamientos.",
    "We trained staff at Federico Villarreal University last year.",
    "Familias Fuertes es el nombre del programa.",
    "R: Buena, en general. La coordinación mejoró.",
    # Andean deities after a Quechua title; a transport company after "bus de"
    "Le pagamos a la Mama Qocha y al Tayta Inti; el Apu Salkantay nos cuida.",
    "Viajan en los buses de Rosa del Norte y de Cruz del Sur.",
    "Oiga, joven, cierre la puerta. Mire, doctora, así es.",
    "Las lanchas Eduardo y Gilmer salen los lunes.",
    "Otra, de 16 años, llegó sola al terminal.",
]


@pytest.mark.parametrize("text", NOT_BLOCKED)
def test_look_alikes_do_not_block(text):
    assert [h.text for h in scan_text("T", text) if h.category == "person_name" and h.high] == []


@pytest.mark.parametrize("label", ["Interpreter", "Intérprete", "Traductora", "Observer",
                                   "Fiscal", "Psicóloga"])
def test_roles_as_speaker_labels_are_not_names(label):
    assert not name_like_label(label)
