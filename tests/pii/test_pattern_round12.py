"""Twelfth round (issue 16): numbers, links, dates of birth and addresses in the
forms the retired pii10 and pii11 corpora missed, written anew in both
languages: digits said in groups between slashes ("nueve siete tres / uno cero
ocho / …"), groups between middle dots ("962 · 418 · 733"), "más"/"plus" said
before a dictated international number, a British landline after a line's word;
e-mails said with "en"/"at" and an ending the rules lacked ("punto me", "dot
nl"), a name and a domain said in several words after "e-mailed from"; a
document's number corrected a longer clause later ("me equivoqué de fila, el
suyo es …"), a British National Insurance number, a driver's licence of a letter
and digits; a scheduling page, a survey form's link, a personal video-call room,
an audio or video creator's profile, a portfolio site, a small site of one's
own ("I also have a small site …", "trabaja por su cuenta, tiene su página"), a
link said word by word ("facebook punto com barra …"); a date of birth after a
name and an age ("Nilda, 13, 2011-04-09"), in a table's "F. nac." column, in a
record read out after its field names, or said again after "nacida en 2012"; a
kilometre where someone was taken a clause earlier, a corner of two streets
whose second is named after a rank. And look-alikes that stay quiet: case and
file numbers, amounts, years, laws, scores between dots, an institution's site
and form, a table of events' dates, a register line whose "age" does not fit
its date, a licence of a business. Every sentence was written for this battery,
not taken from a corpus."""

from __future__ import annotations

import pytest
from scanning import blocks_whole

from kiicode.pii.scan import scan_text

# (text, category, the text the blocking hit must cover)
SEEDED = [
    # digits said in groups between slashes
    ("La tía me llamaba del celular de su vecina, nueve siete tres / uno cero ocho / cuatro "
     "cuatro dos, casi todas las noches.", "phone",
     "nueve siete tres / uno cero ocho / cuatro cuatro dos"),
    ("her brother's phone, nine six two / four one seven / five zero three, was the only one",
     "phone", "nine six two / four one seven / five zero three"),
    # groups between middle dots
    ("Mi número es 962 · 418 · 733, llámeme en la tarde.", "phone", "962 · 418 · 733"),
    ("You can reach me on 951·204·887 after six.", "phone", "951·204·887"),
    # "más"/"plus" said before a dictated international number
    ("La mamá llamó desde Bolivia, del más cinco nueve uno, seis siete, cuatro dos, uno uno, "
     "ocho tres.", "phone",
     "más cinco nueve uno, seis siete, cuatro dos, uno uno, ocho tres"),
    ("His uncle called from Ecuador on plus five nine three, nine eight, seven one two, "
     "four zero six six.", "phone",
     "plus five nine three, nine eight, seven one two, four zero six six"),
    ("ella contesta en el más cinco uno, nueve cinco uno, cero cuatro cuatro, siete tres dos",
     "phone", "más cinco uno, nueve cinco uno, cero cuatro cuatro, siete tres dos"),
    # a British landline after a line's word
    ("My mobile is off at work, so use the office line, 0113 496 0542, before five.", "phone",
     "0113 496 0542"),
    ("or ring the home number, 029 2018 0963, in the evening", "phone", "029 2018 0963"),
    # an e-mail with "en"/"at" and an ending the rules lacked
    ("Nos dejó un correo, chambasur en proton punto me, y nunca contestó.", "email",
     "chambasur en proton punto me"),
    ("The Dutch volunteer, m.devries at kinderhulp dot nl, sent the report.", "email",
     "m.devries at kinderhulp dot nl"),
    ("su correo es lu.brandt at hilfswerk punto ch, ella coordina", "email",
     "lu.brandt at hilfswerk punto ch"),
    # a name and a domain said in several words after "e-mailed from"
    ("The consul's secretary e-mailed from lucia paredes at consulado chile dot example, "
     "I think.", "email", "lucia paredes at consulado chile dot example"),
    ("She emailed us from rosa quispe at red andina dot org last week.", "email",
     "rosa quispe at red andina dot org"),
    # a document's number corrected a longer clause later
    ("Su DNI es el 72 418 305... no, perdón, me equivoqué de renglón, el suyo es 72 481 305.",
     "id_number", "72 481 305"),
    ("His passport is 118 204 553, sorry, no, I read the wrong line there, his is 118 240 335.",
     "id_number", "118 240 335"),
    # a British National Insurance number
    ("National Insurance number JT 48 21 07 B, and he has a British passport.", "id_number",
     "JT 48 21 07 B"),
    ("my NI number is NH 40 72 18 D, from when I worked in Leeds", "id_number",
     "NH 40 72 18 D"),
    # a driver's licence of a letter and digits
    ("Her husband gave us a licence number, D4127-58302-61947, from Ohio.", "id_number",
     "D4127-58302-61947"),
    ("his driver's license is S530-4172-9981, Florida", "id_number", "S530-4172-9981"),
    ("Me mostró su licencia de conducir, Q40718263, de Tacna.", "id_number", "Q40718263"),
    # a scheduling page
    ("I booked her through her Calendly, calendly.com/mariela-ortiz-legal/15min, that week.",
     "url", "calendly.com/mariela-ortiz-legal/15min"),
    ("Para citas usa calendly.com/psico-karen-vela, ahí se agenda.", "url",
     "calendly.com/psico-karen-vela"),
    # a survey form's link (a shared document)
    ("We filled a KoboToolbox form, https://ee.kobotoolbox.org/x/Hk3LmQaZ, for each case.", "url",
     "https://ee.kobotoolbox.org/x/Hk3LmQaZ"),
    ("Nos mandaron un cuestionario: https://forms.office.com/r/XaPqLmWzTu, para las familias.",
     "url", "https://forms.office.com/r/XaPqLmWzTu"),
    ("Se llena en línea, forms.gle/Zp4qWx8rKt2, y llega a la coordinadora.", "url",
     "forms.gle/Zp4qWx8rKt2"),
    ("the intake survey, https://www.surveymonkey.com/r/QX8ZK2P, asked for the address", "url",
     "https://www.surveymonkey.com/r/QX8ZK2P"),
    # a personal video-call room
    ("The psychologist used her own room, https://us04web.zoom.us/my/claudia.rojas.psi, "
     "for the sessions.", "url", "https://us04web.zoom.us/my/claudia.rojas.psi"),
    ("Me atendía en su sala, zoom.us/my/drmendozalegal, los martes.", "url",
     "zoom.us/my/drmendozalegal"),
    # an audio or video creator's profile
    ("The DJ uploads the spots to soundcloud.com/dj-pacho-ucayali every Friday.", "url",
     "soundcloud.com/dj-pacho-ucayali"),
    ("sus videos están en vimeo.com/raulquispefilms, los de la campaña", "url",
     "vimeo.com/raulquispefilms"),
    # a portfolio site
    ("My portfolio is lucianavarro.journoportfolio.com, with the investigations.", "url",
     "lucianavarro.journoportfolio.com"),
    ("su portafolio, hernanflores.carbonmade.com, tiene las fotos de la mina", "url",
     "hernanflores.carbonmade.com"),
    # a small site of one's own
    ("I also have a small site with my essays, mirtharamos.pe/ensayos, if you want them.", "url",
     "mirtharamos.pe/ensayos"),
    ("Ahora trabaja por su cuenta, tiene su página, www.juliovargas-consultor.pe, y da charlas.",
     "url", "www.juliovargas-consultor.pe"),
    # a link said word by word
    ("Tenía una cuenta falsa, facebook punto com barra jhon punto modelos punto lima, con "
     "otro nombre.", "url", "facebook punto com barra jhon punto modelos punto lima"),
    ("the page was facebook dot com slash casting dot kids dot peru, now gone", "url",
     "facebook dot com slash casting dot kids dot peru"),
    # a date of birth after a name and an age
    ("In the clinic's book there was a line: Milagros Quispe, 12, 2012-04-17, with the aunt's "
     "phone.", "date_of_birth", "2012-04-17"),
    ("El cuarto, Yeni Mamani Cruz, de catorce, 2010-09-03, DNI 71.204.386, volvió a su casa.",
     "date_of_birth", "2010-09-03"),
    ("The checkpoint log says \"Brandon, 15, 2008-11-02, US citizen\".", "date_of_birth",
     "2008-11-02"),
    ("the older one, Kusi Apaza, sixteen, 2008-03-21, works at the market", "date_of_birth",
     "2008-03-21"),
    # a date in a table's birth column
    ("| Nombre | F. nac. | DNI |\n|---|---|---|\n| Rosa Quispe Mamani | 11/05/2009 | "
     "71203948 |\n| Ana Huamán | 03/12/2008 | 70 418 336 |", "date_of_birth", "03/12/2008"),
    ("| Name | DOB | Phone |\n|---|---|---|\n| Kevin Ramos | 14/02/2010 | 962 330 118 |",
     "date_of_birth", "14/02/2010"),
    ("| Nombre | Fecha de nacimiento | Celular |\n|---|---|---|\n| Yessica Ccahua | 7/08/2007 | "
     "951 204 337 |", "date_of_birth", "7/08/2007"),
    # a date in a record read out after its field names
    ("La hoja tiene nombre, DNI, fecha de nacimiento y celular. Una fila: Rocío Huanca Pari, "
     "72813064, 9/11/2009, 962714305, Jr. Puno 210.", "date_of_birth", "9/11/2009"),
    ("Each row has the name, ID, date of birth and phone. One reads: Erika Soto, 70412983, "
     "22/06/2008, 951330284.", "date_of_birth", "22/06/2008"),
    # a full date said after "nacida en 2012"
    ("Su hermana, de diez años, nacida en 2013... exactamente el 5 de marzo de 2013, según la "
     "partida.", "date_of_birth", "5 de marzo de 2013"),
    ("He was born in 2009, on 14 July 2009 to be exact, in Juliaca.", "date_of_birth",
     "14 July 2009"),
    # a kilometre where someone was taken a clause earlier
    ("La habían tenido en un bar de Mazuko, y de ahí la llevaron a un campamento minero en el "
     "km 98 de la carretera Cusco - Puerto Maldonado.", "address",
     "km 98 de la carretera Cusco - Puerto Maldonado"),
    ("They had taken him to a house in Tarapoto first, and from there to a sawmill at km 27 of "
     "the Tarapoto - Yurimaguas road.", "address", "km 27 of the Tarapoto - Yurimaguas road"),
    # a corner of two streets, the second named after a rank
    ("Su abuela vive en Huaquillas, en Av. Hualtaco y Calle Coronel Villamar, con los primos.",
     "address", "Av. Hualtaco y Calle Coronel Villamar"),
    ("vive en el Jr. Lima y Calle Mariscal Castilla, en Puno", "address",
     "Jr. Lima y Calle Mariscal Castilla"),
]

# PII-free look-alikes: nothing reported at all (confidence >= 0.5)
CLEAN = [
    "El expediente de la UPE 01-2024-00873 sigue abierto desde marzo.",
    "Los puntajes fueron 12 · 15 · 18 en las tres pruebas del taller.",
    "Eran treinta más cinco, treinta y cinco chicas en total, y cuarenta más dos en 2019.",
    "tres / cuatro / cinco talleres por mes, según la sede",
    "The budget went from 1 250 000 to 2 040 000 soles between 2019 and 2021.",
    "La Ley 30364 y el Decreto Legislativo 1297 cambiaron el trabajo, y la Resolución "
    "048-2020-MIMP/DGNNA también.",
    "We used KoboToolbox, like everyone, and Calendly for the team's meetings.",
    "The clinic register had a line for each year: 2019, 14, 2021, 22, 2023, 31.",
    "El taller fue el 2019-06-30 en Juliaca; el segundo, 2020-02-14, en Puno.",
    "| Taller | Fecha | Asistentes |\n|---|---|---|\n| Juliaca | 12/03/2019 | 24 |\n| Puno | "
    "04/05/2019 | 31 |",
    "Registro: Rosa Mamani, 45, 2023-05-10, entrevista en Juliaca.",
    "Nacida en 2012, la red creció; el 2 de enero de 2015 abrimos la segunda sede.",
    "Hubo un choque en el km 35 de la carretera Iquitos - Nauta y los heridos fueron al "
    "hospital.",
    "Llevaron las computadoras a Iquitos, y de ahí a la oficina del km 12 de la carretera a "
    "Nauta.",
    "El bar tenía licencia de funcionamiento N° 0412-2023-MPT, vencida.",
    "The grant's reference is GB 2021 04 and the budget line 020 7.",
    "Nos escribió la fiscalía desde su correo institucional, punto.",
    "the survey was on www.inei.gob.pe/encuestas, it is public",
    "Los grupos A y B tuvieron 12, 34 y 56 participantes, y el C, 78.",
    # (added after the first rules: a date written year first before a document's word)
    "El taller fue el 2019-06-30, DNI del facilitador en la ficha.",
]

# A public body's site or form: reported, perhaps, but it does not block
NOT_BLOCKING = [
    ("La DEMUNA tiene su página, www.demuna-sicuani.pe, con los horarios.",
     "www.demuna-sicuani.pe"),
    ("the ministry's page, www.mimp.gob.pe/normas, lists the laws", "www.mimp.gob.pe/normas"),
    # (added after the first rules: an institution named by a plain noun, not an acronym)
    ("La parroquia tiene su página, www.parroquiasanjuan.pe, con los horarios.",
     "www.parroquiasanjuan.pe"),
]


@pytest.mark.parametrize("text,category,expected", SEEDED)
def test_numbers_links_births_and_addresses_in_the_twelfth_rounds_forms_block(text, category,
                                                                            expected):
    assert blocks_whole(text, category, expected), text


@pytest.mark.parametrize("text", CLEAN)
def test_case_numbers_amounts_years_laws_and_event_dates_are_quiet(text):
    assert [(h.category, h.text) for h in scan_text("T", text)
            if h.category != "person_name"] == []


@pytest.mark.parametrize("text,link", NOT_BLOCKING)
def test_an_institutions_site_does_not_block(text, link):
    assert not any(h.high and h.category == "url" and link in h.text
                   for h in scan_text("T", text))
