"""Tenth round (issue 16): numbers, links and dates of birth in the forms pii9
missed, written anew in both languages: "one" as a pronoun before a number
("and a second one, 9 5 1 – 3 0 6 – 7 7 4", "he had gotten one, 628-41-9930"),
"he's at" and "contesta al" before a phone, a person's own number named after
a public line ("the helpline, then me directly at …"), a dictated number
ending "y un ocho", a dictation begun again after an ellipsis inside one run
of words, a Venezuelan mobile (0414 …) and a phone listed after another ("y
uno venezolano, …"), an e-mail "name.x at domain punto org" a clause after
"correo", Bluesky handles, a bare domain with a European country's ending, a
second handle listed after a first, dates of birth listed after names with a
birth said in the same paragraph, a birth year said before the full date, a
date of birth corrected to another year, a document's number corrected after
"no, that's wrong, it was", a passport of two letters and six digits a clause
after its word, a US immigration receipt number (EAC2190412387). And
look-alikes that stay quiet: institutions' public lines, dates of events, a
year that is not a birth's, a permit's or a passport office's codes. Every
sentence was written for this battery, not taken from a corpus."""

from __future__ import annotations

import pytest
from scanning import blocking, blocks_whole

from kiicode.pii.scan import scan_text

# (text, category, the text the blocking hit must cover)
SEEDED = [
    # "one" a pronoun before the number, not its first digit
    ("She gave me her cell, 987 114 250, and a second one, 9 5 1 – 3 0 6 – 7 7 4, for nights.",
     "phone", "9 5 1 – 3 0 6 – 7 7 4"),
    ("He used his cousin's SSN; he had gotten one, 628-41-9930, from a friend.", "id_number",
     "628-41-9930"),
    ("She got one, 953 771 028, from the shelter, a prepaid line.", "phone", "953 771 028"),
    ("They have a new one now, 962 418 330, since the raid.", "phone", "962 418 330"),
    # "he's at", "contesta al", "answers on" before a phone
    ("The inspector moved to Iquitos. He's at 951 – 0 – 44 – 07 – 36 most days.", "phone",
     "951 – 0 – 44 – 07 – 36"),
    ("I'm at 962 417 503 if anything happens at night.", "phone", "962 417 503"),
    ("Su tío solo contesta al 7 2 6 1 5 0 3 8, ese celular de Bolivia.", "phone",
     "7 2 6 1 5 0 3 8"),
    ("la señora responde al 68 214 903, y a nadie más", "phone", "68 214 903"),
    ("My aunt only answers on 71 936 524, her Bolivian cell.", "phone", "71 936 524"),
    # a person's own number named after a public line
    ("She called the helpline first, then me directly at (717) 555-0192. That's my own phone.",
     "phone", "(717) 555-0192"),
    ("The hotline passed her to me, and she reached me personally on 202 555 0148.", "phone",
     "202 555 0148"),
    # a dictated number whose last digit comes after "y un"
    ("Me dejó su número: noventa y cuatro, treinta y dos, cero siete, cincuenta y uno, y un ocho.",
     "phone", "noventa y cuatro, treinta y dos, cero siete, cincuenta y uno, y un ocho"),
    ("El número de la tía es noventa y ocho, cuarenta, doce, setenta y siete, y un dos.",
     "phone", "noventa y ocho, cuarenta, doce, setenta y siete, y un dos"),
    # a dictation begun again after an ellipsis, inside one run of number words
    ("Tiene otro celular, nueve cinco uno, cero ocho... nueve cinco uno, cero ocho tres, cuatro "
     "cuatro seis, ese lo reparte.", "phone",
     "nueve cinco uno, cero ocho tres, cuatro cuatro seis"),
    ("her cell is nine six two, four one… nine six two, four one seven, five zero three, she said",
     "phone", "nine six two, four one seven, five zero three"),
    # a Venezuelan mobile, and a phone listed after another
    ("Teléfonos: 987 330 145 y uno venezolano, 0414 – 602 – 3317.", "phone", "0414 – 602 – 3317"),
    ("the mother's, 0426 318 4470, from Maracaibo", "phone", "0426 318 4470"),
    ("two phones: +51 962 118 305 and a Venezuelan one, 0424-551-8036", "phone", "0424-551-8036"),
    ("Su celular es 951 204 887 y otro, 0412 7730419, que usa en Caracas.", "phone",
     "0412 7730419"),
    ("ella tiene dos: 962 330 118 y otra línea, la 0416 224 9051", "phone", "0416 224 9051"),
    # an Ecuadorian mobile, dialled with its 0
    ("the cousin from Huaquillas, 099 418 2273, drove them", "phone", "099 418 2273"),
    ("el tío de Machala, 098-771-3046, los recogió", "phone", "098-771-3046"),
    # "ubícala al", "contáctenlo al", "lo encuentras al"
    ("A la promotora la ubicas al 9 7 3 5 0 1 4 2 6 en las mañanas.", "phone",
     "9 7 3 5 0 1 4 2 6"),
    ("Contáctenlo al 64 218 907, es su número en Cochabamba.", "phone", "64 218 907"),
    # an e-mail with a plain "at" and its dots said, a clause after "correo"
    ("Y su correo, que casi no revisa, warmi.k at chaskiwasi punto org.", "email",
     "warmi.k at chaskiwasi punto org"),
    ("his e-mail, the work one, is r.salas at ayllusur punto org punto pe", "email",
     "r.salas at ayllusur punto org punto pe"),
    ("escríbanle a nilda_q at redandina punto org si quieren", "email",
     "nilda_q at redandina punto org"),
    # Bluesky handles
    ("On Bluesky she is @rosquispe.bsky.social, not on X.", "url", "@rosquispe.bsky.social"),
    ("En Bluesky lo encuentras como @radioayllu.bsky.social desde este año", "url",
     "@radioayllu.bsky.social"),
    # a bare domain with a European country's ending
    ("Her evaluator was Anna Karlsson, her site is annakarlsson-research.se, in English.", "url",
     "annakarlsson-research.se"),
    ("mi página personal es tomasweber.de, ahí están los informes", "url", "tomasweber.de"),
    ("his own website, lucasmartin-photo.fr, has the photos", "url", "lucasmartin-photo.fr"),
    # a second handle listed after a first
    ("La cuenta era @empleos.selva.oficial y después otra, @lindajobs.pe, de la misma señora.",
     "url", "@lindajobs.pe"),
    ("The account was @model_casting_lima, then @casting.new.faces, both hers.", "url",
     "@casting.new.faces"),
    # dates of birth listed after names, a birth said in the same paragraph
    ("En el libro están las niñas con sus fechas: Kusi, 03/05/2010; Milagros, 21/11/2011; y "
     "Nayeli, nacida el 9 de enero de 2013.", "date_of_birth", "03/05/2010"),
    ("En el libro están las niñas con sus fechas: Kusi, 03/05/2010; Milagros, 21/11/2011; y "
     "Nayeli, nacida el 9 de enero de 2013.", "date_of_birth", "21/11/2011"),
    ("The intake sheet lists the boys: Kevin, 12/04/2009; Jhon, 30/06/2010; and Luis, born on "
     "2 March 2011.", "date_of_birth", "30/06/2010"),
    ("La mamá, nacida el 3 de mayo de 1985; el papá, 12/11/1982; y la niña, 04/09/2012.",
     "date_of_birth", "12/11/1982"),
    # (a list's next item after a semicolon keeps the birth's cue)
    ("Fechas de nacimiento: Rosa 11/07/2009; Yeni 18/08/2012; y Kusi 02/03/2013.",
     "date_of_birth", "02/03/2013"),
    ("Ficha de Sonia, fecha de nacimiento 14/02/2008. Luego la lista: Sonia, 14/02/2008; "
     "Gladys, 02/09/2007.", "date_of_birth", "02/09/2007"),
    # a birth year said before the full date
    ("Una niña de Ilave, Rosa Ticona, de 2011, nacida el 3 de marzo de 2011, llegó sola.",
     "date_of_birth", "2011"),
    ("a boy from Juliaca, Edwin Apaza, from 2008, born on 14 July 2008, worked there",
     "date_of_birth", "2008"),
    # a date of birth corrected to another year
    ("En la ficha pusimos nacida el 2 de mayo de 2010; luego trajeron la partida y era 2 de "
     "mayo de 2009.", "date_of_birth", "2 de mayo de 2009"),
    ("We wrote she was born on 5 June 2008, but the certificate said 5 June 2007.",
     "date_of_birth", "5 June 2007"),
    # a document's number corrected after "no, that's wrong, it was"
    ("Her cédula was C.C. 52.418.207... no, that's wrong, it was 1.032.466.918.", "id_number",
     "1.032.466.918"),
    ("el pasaporte 118 204 553... no, me equivoqué, era el 118 240 553", "id_number",
     "118 240 553"),
    ("His ID card, 40 118 226, sorry, I mean 4 011 822 612, the new one.", "id_number",
     "4 011 822 612"),
    # a Colombian cédula of ten digits, written with its dots
    ("El señor que la trajo, Jhon Mosquera, 1.087.224.519, vive en Leticia.", "id_number",
     "1.087.224.519"),
    # a passport of two letters and six digits, a clause after its word
    ("My passport, since you need it for the form, is AT527104, Colombian.", "id_number",
     "AT527104"),
    ("su pasaporte, el que le quitaron en Tacna, era el PE418207", "id_number", "PE418207"),
    # a US immigration receipt number (three letters of its service centre, ten digits)
    ("his work permit, the receipt says EAC2190412387, came last month", "id_number",
     "EAC2190412387"),
    ("el permiso de trabajo, número IOE0815372640, ya llegó", "id_number", "IOE0815372640"),
]

# PII-free look-alikes: nothing reported at all (confidence >= 0.5)
CLEAN = [
    "They held a second one, in 2019, with 120 000 people.",
    "He's at the 2019 – 2021 plan's second stage.",
    "Respondió al oficio 245-2019-MIMP el 3 de mayo.",
    "Contesta al 100 % de las consultas en 48 horas.",
    "Las actividades con sus fechas: Feria, 03/05/2019; Taller, 21/11/2019.",
    "La red nació el 3 de marzo de 2009; Rosa, 12/04/2019, dio el primer taller.",
    "The passport office, in Lima, opens at window AB12.",
    "Su pasaporte, según el oficio OF202511, está en trámite.",
    "The order LIN2023 shipped in May.",
    "La página de la embajada, suecia.se, tiene la lista.",
    "She is at ayllu punto org this week.",
    "The Swedish agency's site, sida.se, funds it.",
    "Our evaluation used the second one, 2 500 surveys, not the first.",
    "El proyecto costó 1.087.224.000 soles en total.",
    "Se encuestó a unos 1.204.338.117 hogares, según el INEI.",
    "Ubícate al 100 % en la tarea.",
    "Escriban a la DEMUNA, demuna@munisanjuan.gob.pe, o a la UGEL.",
]

# A sure birth beside other dates and years: only the birth is a date of birth.
ONLY_THE_BIRTH = [
    ("Nació el 2 de mayo de 2010; el informe es del 2 de mayo de 2015.", ["2 de mayo de 2010"]),
    ("En 2011, ya nacida la niña el 3 de marzo de 2011, la familia se mudó.",
     ["3 de marzo de 2011"]),
    ("Born on 4 May 2009, she entered school in 2015 and left on 4 May 2012.", ["4 May 2009"]),
    ("Kusi, nacida el 9 de enero de 2013; la feria, 03/05/2019; el taller, 21/11/2019.",
     ["9 de enero de 2013"]),
]

# Institutions' public lines named as such: reported at most below the export
# threshold, never blocking.
PUBLIC_LINES = [
    "La central de la comisaría es pública, 084-26-3310, atiende todo el día.",
    "Our office number is the public one, +51 64 218 300, not mine.",
    "The regional line is (064) 21-4430, the switchboard, you can share it.",
    "She called the number on the radio, which is the centre's, 084-23-7719, that one is public.",
    "The number of the radio station, 084-24-3310, is public, everybody has it.",
]


@pytest.mark.parametrize(("text", "category", "expected"), SEEDED)
def test_numbers_links_and_births_in_the_tenth_rounds_forms_block_exports(text, category,
                                                                          expected):
    assert blocks_whole(text, category, expected), blocking(text)


@pytest.mark.parametrize("text", CLEAN)
def test_event_dates_other_years_codes_and_public_domains_are_no_ones(text):
    assert [(h.category, h.text) for h in scan_text("T", text)] == []


@pytest.mark.parametrize(("text", "births"), ONLY_THE_BIRTH)
def test_only_the_birth_is_a_date_of_birth(text, births):
    assert [h.text for h in scan_text("T", text) if h.category == "date_of_birth"] == births


@pytest.mark.parametrize("text", PUBLIC_LINES)
def test_public_lines_named_as_public_do_not_block(text):
    assert blocking(text) == []
