"""The pattern rules by family of real-world forms (issue 16, third round):
each family of ways people write or say a phone number, an identity document,
a date of birth or an address is found at export-blocking confidence, and the
look-alikes of each family (case files, registers, free lines, a thing's
"birth", counting in words) are not."""

from __future__ import annotations

import pytest

from kiicode.pii.rules import said_digits
from kiicode.pii.scan import scan_text

FAMILIES = {
    "mobile groupings": [
        ("Mi celular es 9 8765 4321, llámeme.", "phone", "9 8765 4321"),
        ("El papá dio 98 765 4312 como contacto.", "phone", "98 765 4312"),
        ("La abuela lo escribió así, 987.654.213, con puntos.", "phone", "987.654.213"),
        ("la tía, con código de país, (+51) 976 543 210", "phone", "(+51) 976 543 210"),
        ("desde España marcaba 0051 965 432 187", "phone", "0051 965 432 187"),
    ],
    "several numbers after one cue": [
        ("Tenía dos números, 982-574-310 y 9 8257 4311, y un Facebook.", "phone",
         "9 8257 4311"),
        ("Teléfonos de la familia: 965 432 178 y 974 311 208.", "phone", "974 311 208"),
    ],
    "landlines and extensions": [
        ("La DEMUNA: (084) 22-1345 anexo 221, de lunes a viernes.", "phone",
         "(084) 22-1345"),
        ("En Lima, al 01-4267788, pregunte por la mesa de partes.", "phone", "01-4267788"),
        ("call me at (703) 555-0164 ext. 12 after five", "phone", "(703) 555-0164"),
        ("The US office line is 202.555.0147.", "phone", "202.555.0147"),
        ("y su RPM #958123 para llamarlo gratis", "phone", "958123"),
    ],
    "international": [
        ("una prima en Bolivia, +591 7 123 4567, también", "phone", "+591 7 123 4567"),
        ("su hermano en Venezuela, +58 424-555-1234", "phone", "+58 424-555-1234"),
        ("the officer's number, +1 (202) 555-0147, was on the card", "phone",
         "+1 (202) 555-0147"),
        ("su propio número era +34 612 345 678", "phone", "+34 612 345 678"),
    ],
    "a cue far before its number": [
        ("El teléfono fijo de la casa de la familia, según la ficha social que llenó "
         "la trabajadora, es 23 1178, pero nadie contesta.", "phone", "23 1178"),
        ("My passport number, if you need it for the consultancy form, is 548213907.",
         "id_number", "548213907"),
        ("El documento de la niña, que estaba en la mochila que encontró la policía, "
         "era el 72 14 58 36.", "id_number", "72 14 58 36"),
    ],
    "a number split by a line break": [
        ("llámenme al 987 654\n312, decía el acta", "phone", "987 654\n312"),
    ],
    "numbers said in words": [
        ("anote: nueve ocho siete, seis cinco cuatro, tres dos uno", "phone",
         "nueve ocho siete, seis cinco cuatro, tres dos uno"),
        ("mi celular es noventa y ocho, setenta y seis, cincuenta y cuatro, treinta y dos, "
         "uno", "phone",
         "noventa y ocho, setenta y seis, cincuenta y cuatro, treinta y dos, uno"),
        ("el número es 987 654 tres dos uno", "phone", "987 654 tres dos uno"),
        ("my number is nine four double five, one two three, eight seven", "phone",
         "nine four double five, one two three, eight seven"),
        ("mi DNI es cuatro uno dos tres seis cinco ocho siete", "id_number",
         "cuatro uno dos tres seis cinco ocho siete"),
        ('dijo "mi documento es" y lo dictó de a dos: cuarenta y uno, veintitrés, '
         "sesenta y cinco, ochenta y siete", "id_number",
         "cuarenta y uno, veintitrés, sesenta y cinco, ochenta y siete"),
        ("her identity document number is 4 5 6 7 8 9 1 2", "id_number",
         "4 5 6 7 8 9 1 2"),
        ("mi celular es novecientos ochenta y siete, seiscientos cincuenta y cuatro, "
         "trescientos veintiuno", "phone",
         "novecientos ochenta y siete, seiscientos cincuenta y cuatro, trescientos veintiuno"),
    ],
    "identity documents of other countries": [
        ("una tenía la cédula V-18.456.123 y su prima V-20123456", "id_number",
         "V-18.456.123"),
        ("una tenía la cédula V-18.456.123 y su prima V-20123456", "id_number",
         "V-20123456"),
        ("Bolivian ID 9034562, was found in a bar", "id_number", "9034562"),
        ("Her passport, which had expired last year, was AV4482917.", "id_number", "AV4482917"),
        ("Uno tenía documento boliviano 8812345 y su papá", "id_number", "8812345"),
        ("a veces con el departamento: C.I. 4821963 LP", "id_number", "4821963"),
        ("Un colombiano tenía cédula 1.020.456.789.", "id_number", "1.020.456.789"),
        ("Un muchacho tenía su PTP 000123456 vencido.", "id_number", "000123456"),
        ("la señora tenía libreta electoral, 07654321, todavía", "id_number", "07654321"),
        ("her A-number is 212345678 on the notice", "id_number", "212345678"),
    ],
    "tax numbers": [
        ("had a company with tax number 20448756123, registered", "id_number",
         "20448756123"),
        ("The employer's tax ID is 20512345679.", "id_number", "20512345679"),
        ("el dueño, persona natural, R.U.C. 10-41256378-2", "id_number", "10-41256378-2"),
    ],
    "a cue after the number": [
        ("escrito así, 001-234-576, en el carnet de extranjería", "id_number",
         "001-234-576"),
    ],
    "US numbers": [
        ("a Social Security number, 123-45-6789, on file", "id_number", "123-45-6789"),
        ("or SSN 078 05 1120 on the old card", "id_number", "078 05 1120"),
    ],
    "dates of birth": [
        ("She was born on the 3rd of May, 2009, in Cusco.", "date_of_birth",
         "3rd of May, 2009"),
        ("Her date of birth, according to the school file, is 07/03/2011.",
         "date_of_birth", "07/03/2011"),
        ("Kusi, catorce años, de Ayacucho, 62587143, 2009-05-14, domicilio Mz. F Lt. 12",
         "date_of_birth", "2009-05-14"),
        ("A 13-year-old girl, 2011-04-30, was found in Mazuko.", "date_of_birth",
         "2011-04-30"),
        ("her brother, aged 15, 12 March 2009, too", "date_of_birth", "12 March 2009"),
        ("La primera nació el 12 de agosto del 2009 en Juliaca.", "date_of_birth",
         "12 de agosto del 2009"),
        ("en la ficha: nacida el 12-ago-2008 en Puno", "date_of_birth", "12-ago-2008"),
        ("la mayor nació en el 2008, en Juliaca", "date_of_birth", "2008"),
    ],
    "addresses": [
        ("la sede de Av. de la Cultura 1520, y la psicóloga", "address",
         "Av. de la Cultura 1520"),
        ("La primera vive en la avenida Grau 345, cerca.", "address", "avenida Grau 345"),
        ("otra en Psje. Santa Rosa s/n, al fondo", "address", "Psje. Santa Rosa s/n"),
        ("la casa de Jr. Huallaga N.° 718, Cusco", "address", "Jr. Huallaga N.° 718"),
        ("the lawyer at 1050 Connecticut Avenue NW, Suite 300", "address",
         "1050 Connecticut Avenue NW, Suite 300"),
        ("Asentamiento Humano Villa Hermosa, Mz. K, Lt. 3, en Ventanilla", "address",
         "Mz. K, Lt. 3"),
        ("she lives at 4500 N. Fairfax Drive, Arlington", "address", "4500 N. Fairfax Drive"),
        ("vive en el 345 de la avenida Grau, en Breña", "address", "345 de la avenida Grau"),
        ("vive en la cuadra 12 de la avenida Arequipa", "address",
         "12 de la avenida Arequipa"),
    ],
    "emails said aloud": [
        ("escríbale a juan punto quispe arroba gmail punto com", "email",
         "juan punto quispe arroba gmail punto com"),
        ("write to john dot smith at gmail dot com please", "email",
         "john dot smith at gmail dot com"),
        ("her address is rosa.q at hotmail.com, she said", "email", "rosa.q at hotmail.com"),
    ],
    "personal sites": [
        ("I wrote about it on my blog, https://rachelgoldberg.wordpress.com/cusco.",
         "url", "https://rachelgoldberg.wordpress.com/cusco"),
        ("his site is https://kevinbrooks-elearning.com. Honestly", "url",
         "https://kevinbrooks-elearning.com"),
        ("Él tiene un blog, edwincoaquira.blogspot.com, donde subía todo", "url",
         "edwincoaquira.blogspot.com"),
        ("en Instagram como @killa.quispe y en TikTok @killaq_2008", "url", "@killaq_2008"),
    ],
}
FOUND = [(family, *case) for family, cases in FAMILIES.items() for case in cases]


@pytest.mark.parametrize("family,text,category,expected", FOUND)
def test_each_family_of_forms_blocks_exports(family, text, category, expected):
    hits = [(h.category, h.text) for h in scan_text("T", text) if h.high]
    assert (category, expected) in hits, family


TRAPS = {
    "case files and registers": [
        "El caso número 20190345 se archivó, y el caso 2019-1234 sigue abierto.",
        "La número 20191128 de la lista de audiencias es la del martes.",
        "La partida registral N.° 11023456 es del local.",
        "and case ID 20210456 is the one everyone quotes; Project ID 2456789 too",
        "la carpeta fiscal 506014505-2019-1234-0 y el expediente N.° 01234-2019-0-1001-JR",
    ],
    "free public lines": [
        "Llaman a la Línea 100, o a la central gratuita 0800-10828 del ministerio.",
        "call the toll-free line 1-800-555-0199 or the police at 105",
    ],
    "a thing's birth": [
        "La mesa regional nació el 15 de junio de 2017, y la estrategia el 3 de mayo de 2018.",
        "the Compact was born on 06/15/2017, in a ceremony in Lima",
        "The partnership was born on March 3, 2018, when the agreement was signed.",
        "La mesa regional nació en el 2017 con la ordenanza.",
    ],
    "ages that are not a person's": [
        "Hace cinco años, el 12/03/2019, hicimos el primer operativo.",
        "Tengo 15 años de experiencia en la fiscalía, desde el 01/02/2009.",
        "Children aged 12 to 17 are most of our cases; on 01/02/2009 it began.",
    ],
    "an institution's own page": [
        "La institución tiene su página web, www.mimp.gob.pe, con los protocolos.",
        "The ministry has its page, www.gob.pe/mimp, and our site too.",
    ],
    "counting in words": [
        "Hubo cien, doscientos, trescientos casos según el año.",
        "sesenta, setenta, ochenta, noventa por ciento de avance",
        "Uno, dos, tres albergues nada más; seis, siete u ocho años van a la DEMUNA.",
        "Hay tres, cuatro, cinco casos por semana en la temporada alta.",
        "We met at the office and looked at the AB1234567 form code.",
    ],
    "streets that are places": [
        "La avenida Abelardo Quiñones y la Av. Grau son las más transitadas.",
        "En la calle 3 niños dormían al frente del mercado.",
    ],
    "rooms, floors, amounts": [
        "Atiende en la oficina 402, piso 4, sala 3, de 8:30 a 17:00.",
        "La cooperación dio US$ 2.5 millones entre 2018 y 2023, unos 12 345 678 soles.",
        "In 2019\n2020 we had more cases, 123456\n7890 in total.",
    ],
}
TRAP_CASES = [(family, text) for family, texts in TRAPS.items() for text in texts]


@pytest.mark.parametrize("family,text", TRAP_CASES)
def test_look_alikes_of_each_family_do_not_block(family, text):
    assert [(h.category, h.text) for h in scan_text("T", text)
            if h.high and h.category != "person_name"] == [], family


def test_said_digits_reads_single_digits_pairs_and_doubles():
    assert said_digits("nueve ocho siete") == "987"
    assert said_digits("noventa y ocho, setenta, doble cinco, 321") == "987055321"
    assert said_digits("forty-five, twelve, oh seven") == "451207"
    assert said_digits("novecientos ochenta y siete, ciento cinco, cien") == "987105100"
