"""Thirteenth round (issue 16): dates of birth, addresses, numbers and links in
the forms the retired pii12 corpus missed, written anew in both languages: a
birth said in words and then written wrong a year apart ("figuraba …"); a
second person listed after a sure birth with "del"/"from" before the date; a
day said as an English cardinal ("nine May 2011"); a birth's cue in a
register's second entry after a first entry's cue; a date said as three
numbers in words ("born three four twenty-twelve", "nacida el dos del cinco
del dos mil diez"); a holiday as the day ("born New Year's Day 2012"); a
register line whose fields are set apart by dashes or bars (a name, the date,
a document, a phone); a rural home told part by part (a sector and a mining
concession with a kilometre, a "parcialidad", a "caserío … s/n", a native
community's house numbered in words, a housing association's block and lot);
a workplace at a road's kilometre; a European street with its postcode and
town; an Italian tax code, a Swedish personal number, a Peruvian foreigner's
card; a document's word negated before a phone ("sin DNI"); "guion"/"dash"
said inside a dictated number or an e-mail; links to one person's or one
group's page on hosts whose paths are their users'. And look-alikes that stay
quiet: an events log set apart by dashes, a report's table, a holiday with a
year and no birth, a thing's birth, a kilometre of a crash, a law and its
year, a programme's code. Every sentence was written for this battery, not
taken from a corpus."""

from __future__ import annotations

import pytest
from scanning import blocks_whole

from kiicode.pii.scan import scan_text

# (text, category, the text the blocking hit must cover)
SEEDED = [
    # a birth said in words, then written a year apart
    ("Nació el tres de mayo de dos mil diez, pero en la ficha pusieron 03/05/2011 y hubo que "
     "corregirlo.", "date_of_birth", "03/05/2011"),
    ("She was born on the fifth of June, two thousand and nine, though the school had "
     "05/06/2010 on file.", "date_of_birth", "05/06/2010"),
    # a second person after a sure birth, "del"/"from" before the date
    ("Yesenia Torres, nacida el 14/02/2008, y su prima, Karina Vela Ríos, del 3 de julio de "
     "2009, llegaron juntas.", "date_of_birth", "3 de julio de 2009"),
    ("Maribel Cruz, born 2 March 2007, and her friend, Ana Soto Vega, from 19 May 2008, were "
     "found together.", "date_of_birth", "19 May 2008"),
    # an English cardinal day
    ("Kevin Apaza, born 03/07/2009, and Jhon Apaza, twenty July 2010, are brothers.",
     "date_of_birth", "twenty July 2010"),
    ("The boy, Edson, was born eleven March 2009 in Pucallpa.", "date_of_birth",
     "eleven March 2009"),
    # a cue in a register's second entry
    ('Notes: "Rita Cumapa, says born 2009-11-02"; "Eli Tapullima Saboya, 15, born 2nd of May '
     '2009, no phone".', "date_of_birth", "2nd of May 2009"),
    ('Cuaderno: "Lucía Ruiz, dice nacida 2010-01-05"; "Karen Pinchi Ruiz, 14, nacida el 7 de '
     'marzo de 2009, sin celular".', "date_of_birth", "7 de marzo de 2009"),
    # a date said as three numbers in words
    ("The youngest was born three four twenty-twelve, the third of April.", "date_of_birth",
     "three four twenty-twelve"),
    ("La menor nació el dos del cinco del dos mil diez, según la partida.", "date_of_birth",
     "dos del cinco del dos mil diez"),
    ("Su hermano, nacido el quince del nueve del dos mil nueve, no tenía DNI.", "date_of_birth",
     "quince del nueve del dos mil nueve"),
    ("He was born twelve eleven two thousand ten, his mother said.", "date_of_birth",
     "twelve eleven two thousand ten"),
    # a holiday as the day
    ("The baby, Dayana, was born New Year's Day 2012, in the health post.", "date_of_birth",
     "New Year's Day 2012"),
    ("Nació el día de Navidad del 2010, por eso le dicen Noel.", "date_of_birth",
     "Navidad del 2010"),
    ("his sister was born on Christmas Eve 2009", "date_of_birth", "Christmas Eve 2009"),
    # a register line with dashes or bars
    ('En el registro dice: "Sangama Tuanama, Rosa — 12/04/2010 — 74851236 — 961 447 203".',
     "date_of_birth", "12/04/2010"),
    ('En el registro dice: "Sangama Tuanama, Rosa — 12/04/2010 — 74851236 — 961 447 203".',
     "id_number", "74851236"),
    ('En el registro dice: "Sangama Tuanama, Rosa — 12/04/2010 — 74851236 — 961 447 203".',
     "phone", "961 447 203"),
    ("The log read:\nUSHIÑAHUA PÉREZ, Jhon | 03/11/2009 | 71234567\nTAPULLIMA RÍOS, Ana | "
     "22/01/2011 | 70098123", "date_of_birth", "22/01/2011"),
    ('Entry: "Mozombite Lopez, Carla — 30/06/2010 — no ID — aunt Julia Lopez, 955 310 228".',
     "date_of_birth", "30/06/2010"),
    # a document's word negated before a phone
    ('Entry: "Mozombite Lopez, Carla — 30/06/2010 — no ID — aunt Julia Lopez, 955 310 228".',
     "phone", "955 310 228"),
    ("Otra fila: Pérez Saboya, Iván, sin DNI, tío Marcos Saboya, 96-11-42-805.", "phone",
     "96-11-42-805"),
    # a rural home told part by part
    ("Lo tenían en el sector Sol Naciente 3, concesión Dorada II, km 22 de la trocha a "
     "Huepetuhe.", "address", "sector Sol Naciente 3, concesión Dorada II, km 22"),
    ("The camp was at sector Colorado, concesión Santa Rosa 4, km 9.", "address",
     "sector Colorado, concesión Santa Rosa 4, km 9"),
    ("Su abuela vive en la parcialidad de Ccollpa, sector Huancho, Moho.", "address",
     "parcialidad de Ccollpa, sector Huancho"),
    ("their home on the card is Caserío Santa María s/n, Indiana.", "address",
     "Caserío Santa María s/n"),
    ("Vive en el caserío Nuevo Progreso s/n, a orillas del río.", "address",
     "caserío Nuevo Progreso s/n"),
    ("La familia está en la comunidad nativa Santa Clara, casa doce, cerca del colegio.",
     "address", "comunidad nativa Santa Clara, casa doce"),
    ("My address is Asociación Pro Vivienda Los Álamos, Mz. D, Lte. 12, Wanchaq.", "address",
     "Asociación Pro Vivienda Los Álamos, Mz. D, Lte. 12"),
    ("Vivo en la APV Santa Úrsula, Mz. B, Lte. 3, San Jerónimo.", "address",
     "APV Santa Úrsula, Mz. B, Lte. 3"),
    # a workplace at a road's kilometre
    ("Los chicos trabajaban en un aserradero de la Carretera Tarapoto-Yurimaguas km 14.5.",
     "address", "Carretera Tarapoto-Yurimaguas km 14.5"),
    ("We found them in a sawmill on the Carretera Marginal km 31, margen izquierda.",
     "address", "Carretera Marginal km 31, margen izquierda"),
    # a European street with its postcode and town
    ("Now she lives at Schönhauser Allee 112, 10439 Berlin, with her cousin.", "address",
     "Schönhauser Allee 112, 10439 Berlin"),
    ("Su dirección en España es Carrer de Sants 45, 3r 2a, 08014 Barcelona.", "address",
     "Carrer de Sants 45, 3r 2a, 08014 Barcelona"),
    ("He moved to Via Nizza 18, 10125 Torino last year.", "address",
     "Via Nizza 18, 10125 Torino"),
    # documents of other countries
    ("Su codice fiscale es RSSMRA80A01H501U, lo pidió la ONG italiana.", "id_number",
     "RSSMRA80A01H501U"),
    ("my personnummer is 910523-4417, the Swedish one", "id_number", "910523-4417"),
    ("Tiene carné de extranjería, CE E-002417836, venezolano.", "id_number", "E-002417836"),
    ("he only had a Peruvian CE, 001845219, from 2019", "id_number", "001845219"),
    # "guion"/"dash" said inside a number or an e-mail
    ("Llámela al nueve cuatro dos guion siete siete uno guion cero ocho seis, es su celular.",
     "phone", "nueve cuatro dos guion siete siete uno guion cero ocho seis"),
    ("Her email is j dot weber at kinder dash hilfe dot example, she answers fast.", "email",
     "j dot weber at kinder dash hilfe dot example"),
    # one person's or one group's page on hosts whose paths are their users'
    ("He posted the slides on padlet.com/rquispe/trata-taller, they are still up.", "url",
     "padlet.com/rquispe/trata-taller"),
    ("Los chicos se juntaban en discord.gg/pucallpagamers para jugar.", "url",
     "discord.gg/pucallpagamers"),
    ("The video is youtu.be/Xq7TrataSelva, filmed by the boy himself.", "url",
     "youtu.be/Xq7TrataSelva"),
    ("El grupo era chat.whatsapp.com/Kq2TrabajoSelva, y ahí ofrecían empleo.", "url",
     "chat.whatsapp.com/Kq2TrabajoSelva"),
    ("add her on snapchat.com/add/mili.rojas08 if you want", "url",
     "snapchat.com/add/mili.rojas08"),
    # (added after the first landing) a cue, a name corrected after "...", the number
    ("I have her cousin's phone, Cousin Edith... Edith Vela Soto, nine five four, double "
     "two, six, one one, eight three.", "phone",
     "nine five four, double two, six, one one, eight three"),
    ("Tengo el celular del tío, don Mario... Mario Inga Ríos, nueve siete uno, cuatro cuatro, "
     "dos, cero cinco, seis.", "phone", "nueve siete uno, cuatro cuatro, dos, cero cinco, seis"),
    # a person's profile, then "and her site" with another link
    ("The trainer was on linkedin.com/in/ana-berg-trainer, and her site, www.anaberg-training."
     "example, has the slides.", "url", "www.anaberg-training.example"),
    ("Lo encuentra en facebook.com/luis.rivas.tutor, y su web, www.luisrivas-tutorias.example.",
     "url", "www.luisrivas-tutorias.example"),
]

# Look-alikes: nothing but names may be found
CLEAN = [
    "Taller de Puno — 12/04/2019 — 45 asistentes — informe final en marzo.",
    "Informe Anual | 15/03/2020 | 48 páginas\nInforme Semestral | 10/09/2020 | 22 páginas",
    "The office opened on Christmas Day 2015 for the campaign.",
    "La red nació el dos del cinco del dos mil quince, en Cusco.",
    "The first report, from 12 May 2019, was late; the second, from 20 June 2020, too.",
    "Hubo un choque en la Carretera Marginal km 31 y cerraron la vía.",
    "La Ley 30364, vigente desde 2015, se aplica en todo el país.",
    "El programa tiene el código PE-2019-0034 y el convenio 045-2020.",
    "El sector Educación y el sector Salud firmaron el acuerdo en Lima.",
    "We met at the sector office, then drove 40 km to the concession.",
    "We had three groups, twelve ten and eight people, in 2019.",
]

# A birth said, then another date of the same day and month years apart: only the
# birth is one
QUIET_PART = [
    ("Nació el tres de mayo de dos mil diez. La reunión del comité fue el 03/05/2019.",
     "03/05/2019"),
    ("She was born on the fifth of June, two thousand and nine; the audit was 05/06/2015.",
     "05/06/2015"),
    # (added after the first landing) an institution's site after its own profile
    ("The ministry is on facebook.com/mimp.peru, and its site, www.mimp.gob.pe, lists the laws.",
     "www.mimp.gob.pe"),
    ("La fiscalía está en facebook.com/fiscalia.peru, y su web, www.fiscalia.gob.pe, tiene "
     "los formularios.", "www.fiscalia.gob.pe"),
]


@pytest.mark.parametrize("text,category,expected", SEEDED)
def test_births_addresses_numbers_and_links_in_the_thirteenth_rounds_forms_block(
        text, category, expected):
    assert blocks_whole(text, category, expected), text


@pytest.mark.parametrize("text", CLEAN)
def test_event_logs_holidays_things_born_crashes_and_codes_are_quiet(text):
    assert [(h.category, h.text) for h in scan_text("T", text)
            if h.category != "person_name"] == []


@pytest.mark.parametrize("text,part", QUIET_PART)
def test_a_date_years_after_a_birth_is_not_that_birth(text, part):
    start = text.index(part)
    assert not [h for h in scan_text("T", text) if h.category != "person_name" and
                h.start < start + len(part) and start < h.end], text
