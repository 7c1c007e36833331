"""Eighth round (issue 16): numbers in the forms pii7 missed, written anew in
both languages: groups set apart by a spaced dash ("987 – 612 – 435"), digits
read one by one in pauses ("9 8 4, 3 1 7, 2 0 6"), a country's code in
brackets without "+" ("(591) 72 845 163"), "el número" right before a mobile
after a document's word farther back, a Bolivian identity card's department
and its "complemento" ("5 482 917 LP", "6284913-1F"), the second number of a
list after one document word, one group of a dictated number corrected
("cuarenta y cinco, veintiuno, no, veintidós, …"); links someone runs or
calls their own with a word between ("her own consulting site"), Messenger
links (m.me/…), and a road's kilometre as a home's address ("Carretera Central
km 42 s/n"); and look-alikes that stay quiet: ranges, kilometres of a road as
places, years, amounts, case files, public lines and public sites. Every
sentence was written for this battery, not taken from a corpus."""

from __future__ import annotations

import pytest
from scanning import blocking, blocks_whole

from kiicode.pii.scan import scan_text

# (text, category, the text the blocking hit must cover)
SEEDED = [
    # groups set apart by a spaced dash, en or em, as a word processor turns " - "
    ("Llámala al 987 – 612 – 435, ella contesta siempre.", "phone", "987 – 612 – 435"),
    ("His cell is 954—218—337 if you need it.", "phone", "954—218—337"),
    ("su teléfono fijo: 01 – 426 – 7788, en Lince", "phone", "01 – 426 – 7788"),
    ("Call her on (202) 555 – 0187 after six.", "phone", "(202) 555 – 0187"),
    ("me escribió desde el 962 – 71 – 40 – 58 anoche", "phone", "962 – 71 – 40 – 58"),
    # digits read one by one, with a pause typed as a comma between the groups
    ("Su celular es 9 8 4, 3 1 7, 2 0 6.", "phone", "9 8 4, 3 1 7, 2 0 6"),
    ("my WhatsApp is 9 7 1, 2 2 8, 5 4 0, any time", "phone", "9 7 1, 2 2 8, 5 4 0"),
    ("el DNI de la señora: 4 6 1 2, 8 3 7 5", "id_number", "4 6 1 2, 8 3 7 5"),
    ("Her phone number is 9 5 6, 4 0 2, 1 8 8.", "phone", "9 5 6, 4 0 2, 1 8 8"),
    # a country's calling code in brackets, without "+"
    ("la tía llama desde el (591) 72 845 163 casi cada día", "phone", "(591) 72 845 163"),
    ("his brother's line in Bogotá, (57) 310 442 8817, is the one", "phone",
     "(57) 310 442 8817"),
    ("escríbeme al (51) 987 123 456 mejor", "phone", "(51) 987 123 456"),
    ("the family in Quito, (593) 98 765 4321, never answered", "phone", "(593) 98 765 4321"),
    ("Her mother answers at (58) 414 552 1930.", "phone", "(58) 414 552 1930"),
    # "el número" right before a mobile, a document's word farther back
    ("No tenía documentos, pero lo encontraron por el número 9 6 3 2 1 4 8 5 7.", "phone",
     "9 6 3 2 1 4 8 5 7"),
    ("He had no passport with him, only a number, 974 221 386, on his hand.", "phone",
     "974 221 386"),
    ("Sin DNI ni carnet; la ubicamos por su número 951 330 472.", "phone", "951 330 472"),
    # a Bolivian identity card: its department's letters, its "complemento"
    ("CI 5 482 917 LP, expedido en La Paz", "id_number", "5 482 917 LP"),
    ("su carnet es 7 120 554 CB", "id_number", "7 120 554 CB"),
    ("her ID card, 4.816.229 SC, was kept by the owner", "id_number", "4.816.229 SC"),
    ("la cédula con complemento, 6284913-1F, es la válida", "id_number", "6284913-1F"),
    ("the card she showed says 9120348-2A on the back", "id_number", "9120348-2A"),
    ("Tenía dos carnets, 3 318 407 OR y otro de Potosí", "id_number", "3 318 407 OR"),
    # the second number of a list after one document word
    ("las cédulas 4 611 238 y 8 902 117 estaban en la mochila", "id_number", "8 902 117"),
    ("two passports, 1 235 441 and 2 114 578, both Bolivian", "id_number", "2 114 578"),
    ("el DNI 41256389 o 41256398, no recuerdo bien", "id_number", "41256398"),
    ("their ID numbers were 45 118 203, 47 220 915 and 46 903 118", "id_number", "46 903 118"),
    # one group of a dictated number corrected, the rest said after it
    ("Su DNI es cuarenta y cinco, veintiuno, no, veintidós, treinta, ochenta y ocho.",
     "id_number", "cuarenta y cinco, veintiuno, no, veintidós, treinta, ochenta y ocho"),
    ("her number is nine seven four, two two one, no, two two two, six eight zero", "phone",
     "nine seven four, two two one, no, two two two, six eight zero"),
    ("el DNI es setenta y dos, catorce, no, perdón, quince, cero ocho, noventa y uno",
     "id_number", "setenta y dos, catorce, no, perdón, quince, cero ocho, noventa y uno"),
    ("the DNI is forty-one, twenty-two, sorry, twenty-three, fifty, sixty-seven", "id_number",
     "forty-one, twenty-two, sorry, twenty-three, fifty, sixty-seven"),
    # a link someone runs or calls their own, with a word between
    ("He has his own training page, www.rutasegura-cusco.net, where he sells courses.", "url",
     "www.rutasegura-cusco.net"),
    ("She started a fundraising site, www.ayudaparaluz.org, for her daughter.", "url",
     "www.ayudaparaluz.org"),
    ("Él maneja la página, www.chaskisolidario.org, desde Tacna.", "url",
     "www.chaskisolidario.org"),
    ("Ella armó una página, www.tejedorasdeanta.com, para vender sus mantas.", "url",
     "www.tejedorasdeanta.com"),
    ("my little photo blog, yolacaminos.net/fotos, has the pictures", "url",
     "yolacaminos.net/fotos"),
    # Messenger links
    ("write to her on m.me/rosa.quispe.92 if she does not answer", "url", "m.me/rosa.quispe.92"),
    ("mándale por m.me/jhony.ccama nomás", "url", "m.me/jhony.ccama"),
    ("his Messenger link, m.me/carlos.v.lima, still works", "url", "m.me/carlos.v.lima"),
    # a road's kilometre as a home's address
    ("El taller estaba en la Carretera Central km 42 s/n, en Chosica.", "address",
     "Carretera Central km 42 s/n"),
    ("They lived at Carretera Panamericana Sur km 85, lote 4.", "address",
     "Carretera Panamericana Sur km 85, lote 4"),
    ("su casa está en la Carretera Federico Basadre km 12, Pucallpa", "address",
     "Carretera Federico Basadre km 12"),
    ("Vivían en el km 34, lote 8, de la carretera a Puerto Maldonado.", "address",
     "km 34, lote 8"),
    ("the family stayed at Km 21, Mz. B, past the bridge", "address", "Km 21, Mz. B"),
]

# PII-free look-alikes: nothing reported at all (confidence >= 0.5)
CLEAN = [
    "El tramo entre el km 98 y el km 115 de la Interoceánica está lleno de campamentos.",
    "En el kilómetro 107 de la carretera intervinieron un bar.",
    "El accidente ocurrió en la Carretera Central km 45, cerca del puente.",
    "Los años 2019 – 2021 fueron los peores para la región.",
    "Llegaron entre 250 – 300 personas a la marcha.",
    "Ver las páginas 145 – 162 del informe anual.",
    "El presupuesto subió de S/ 1 200 000 – 1 450 000 en dos años.",
    "Meeting ID: 845 – 2210 – 9934, passcode 552187.",
    "La central telefónica del ministerio, (01) 626 – 1600, atiende de día.",
    "El caso 2021 – 4471 sigue abierto en la fiscalía.",
    "Hubo 120 – 150 casos por mes y 9 – 12 rescates al año.",
    "Las cifras fueron 312, 455, 618 casos en tres años.",
    "Los grupos 1 2 3, 4 5 6 y 7 8 9 del taller se juntaron.",
    "La Ley 30364 (2015) y la Ley 28950 (2007) lo regulan.",
    "El Decreto Supremo 017-2017-JUS y la Ley 1178 de Bolivia.",
    "El expediente 00452-2021-0-1601-JR-FC y el caso 2019-3341.",
    "La Línea 100 – gratuita – atiende las 24 horas.",
    "Recibió su DNI en 2019 y S/ 1 500 000 de indemnización en 2021.",
    "Del 2010 al 2015, y del 2016 al 2020, el número de casos creció.",
    "Fueron cuarenta y dos, no.",
    "Los números de la rifa: 1 245 y 1 246, no 1 247.",
]
# Public sites named after a verb or a site's word: a bare site stays a link to report
# below the export threshold (see "What the scan finds"), never one that blocks.
PUBLIC_SITES = [
    "The ministry runs the site www.observatoriotrata.org for the public.",
    "He visited the ministry's site, www.gob.pe/mininter, for the figures.",
    "She read it on the UNODC site, www.unodc.org/peru, last year.",
    "Ella revisó la página del ministerio, www.mimp.gob.pe, para las cifras.",
]


@pytest.mark.parametrize(("text", "category", "expected"), SEEDED)
def test_numbers_links_and_roads_in_new_forms_block_exports(text, category, expected):
    assert blocks_whole(text, category, expected), blocking(text)


@pytest.mark.parametrize("text", CLEAN)
def test_ranges_roads_years_amounts_files_and_public_sites_are_no_ones(text):
    assert [(h.category, h.text) for h in scan_text("T", text)] == []


@pytest.mark.parametrize("text", PUBLIC_SITES)
def test_public_sites_named_after_a_verb_do_not_block(text):
    assert blocking(text) == []
