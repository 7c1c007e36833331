"""The pattern rules by family of real-world forms (issue 16, third and
fourth rounds): each family of ways people write or say a phone number, an identity document,
a date of birth or an address is found at export-blocking confidence, and the
look-alikes of each family (case files, registers, free lines, a thing's
"birth", counting in words) are not."""

from __future__ import annotations

import pytest
from scanning import blocking

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
        ("a veces con el departamento: C.I. 4821963 LP", "id_number", "4821963 LP"),
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
        ("la casa de Jr. Huallaga N.° 718, Cusco", "address", "Jr. Huallaga N.° 718, Cusco"),
        ("the lawyer at 1050 Connecticut Avenue NW, Suite 300", "address",
         "1050 Connecticut Avenue NW, Suite 300"),
        ("Asentamiento Humano Villa Hermosa, Mz. K, Lt. 3, en Ventanilla", "address",
         "Asentamiento Humano Villa Hermosa, Mz. K, Lt. 3"),
        ("she lives at 4500 N. Fairfax Drive, Arlington", "address",
         "4500 N. Fairfax Drive, Arlington"),
        ("vive en el 345 de la avenida Grau, en Breña", "address", "345 de la avenida Grau"),
        ("vive en la cuadra 12 de la avenida Arequipa", "address",
         "cuadra 12 de la avenida Arequipa"),
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
    # --- fourth round: forms from speech-to-text and everyday talk (pii_dev4) ---
    "speech-to-text digits one by one": [
        ("El papá me lo dio de corrido, 9 9 8 4 5 6 7 1 2, porque así lo escribe", "phone",
         "9 9 8 4 5 6 7 1 2"),
        ("Her mother's is 9 6 5 8 8 7 2 1 3, the auto-transcript wrote it", "phone",
         "9 6 5 8 8 7 2 1 3"),
        ("She said it like, nine seven three, uh, five five five, zero one four six.",
         "phone", "nine seven three, uh, five five five, zero one four six"),
        ("El otro dio su documento: 4 6 2 1 8 9 7 3, número por número.", "id_number",
         "4 6 2 1 8 9 7 3"),
    ],
    "speech-to-text thousands": [
        ("We text her at 987,654,321 sometimes, that's how Otter wrote it.", "phone",
         "987,654,321"),
        ("Her DNI, 45,218,963, is on the form.", "id_number", "45,218,963"),
    ],
    "dictated with fillers": [
        ('"anote, mi número es el nueve, eh, nueve, ocho, este, cuatro cinco seis, siete uno '
         'dos", y así', "phone",
         "nueve, eh, nueve, ocho, este, cuatro cinco seis, siete uno dos"),
        ('me dijo "mi DNI es el cuatro, cero, eh, ocho, uno, siete, dos, seis, tres"',
         "id_number", "cuatro, cero, eh, ocho, uno, siete, dos, seis, tres"),
        ("her number is nine five one, uh, two zero four, um, seven seven six.", "phone",
         "nine five one, uh, two zero four, um, seven seven six"),
    ],
    "a number word of the sentence before a dictation": [
        ("él lo dicta de dos en dos, noventa y siete, cuarenta y seis, treinta y uno, "
         "noventa, cinco, y uno se confunde", "phone",
         "noventa y siete, cuarenta y seis, treinta y uno, noventa, cinco"),
        ("desde el 065 25 3390. Dos chicas eran menores", "phone", "065 25 3390"),
    ],
    "a number split across speaker turns": [
        ("R: Sí, mi número es el nueve, nueve, ocho,\n\nE: Ajá.\n\nR: cuatro, cinco, seis, "
         "siete, uno, dos.", "phone", "cuatro, cinco, seis, siete, uno, dos"),
        ("R: Sí, mi número es el nueve, nueve, ocho,\n\nE: Ajá.\n\nR: cuatro, cinco, seis, "
         "siete, uno, dos.", "phone", "nueve, nueve, ocho"),
        ("[00:01:02] Respondent: my cell is nine eight seven, six five four\n"
         "[00:01:05] Interviewer: Mm-hm.\n[00:01:06] Respondent: three two one.", "phone",
         "three two one"),
        ("R: El DNI de la señora es 4521\n\nE: ya\n\nR: 8963, eso.", "id_number", "8963"),
    ],
    "verbs of contact in any tense": [
        ("Yo la llamaba al 23 11 78 pero nunca contestaba.", "phone", "23 11 78"),
        ("entonces le timbré al 231178, que es de la hermana", "phone", "231178"),
        ("escríbele al wasap 24 55 67, me dijo la abuela", "phone", "24 55 67"),
        ("I rang her on 231178 twice", "phone", "231178"),
        ("una mamá me dijo yapéame al 23 11 78 para el pasaje", "phone", "23 11 78"),
        ("Otra tiene su Claro, el 231178, y su Movistar.", "phone", "231178"),
        ("La tía dice que su Plin es 24 55 67.", "phone", "24 55 67"),
        ("Vive en la Selva Central, en la Carretera Central, y su número es 987 654 321.",
         "phone", "987 654 321"),
        ("you can WhatsApp her on 24 55 67 after six", "phone", "24 55 67"),
    ],
    "identity documents by their everyday names": [
        ("su hija, colombiana, tarjeta de identidad 1.091.234.567, estaba", "id_number",
         "1.091.234.567"),
        ("Una tenía PEP, el 412345678, y cédula", "id_number", "412345678"),
        ("Un chileno tenía RUT 12.345.678-K en su ficha.", "id_number", "12.345.678-K"),
        ("un chileno, 9.876.543-2, sin otro documento", "id_number", "9.876.543-2"),
        ("con C.C. 1020456789 en la otra ficha", "id_number", "1020456789"),
    ],
    "emails as speech-to-text writes them": [
        ("me dio el suyo, rosa.huaman @ gmail.com, así, separado", "email",
         "rosa.huaman @ gmail.com"),
        ("her personal one is mquispe88 @ outlook . com, Otter put spaces", "email",
         "mquispe88 @ outlook . com"),
        ("El otro es kusi_qori aroba hotmail punto com, que así me lo deletreó.", "email",
         "kusi_qori aroba hotmail punto com"),
        ("El del papá, jose.ccahua arrova yahoo punto es.", "email",
         "jose.ccahua arrova yahoo punto es"),
        ("el de la víctima, yuli.mendez Arroba gmail.com, y otro", "email",
         "yuli.mendez Arroba gmail.com"),
        ("escríbale a josé.pérez@gmail.com o a ñusta.q@hotmail.com", "email",
         "ñusta.q@hotmail.com"),
        ("El correo de la chica es milagros.p arroba gmail, así nomás.", "email",
         "milagros.p arroba gmail"),
    ],
    "handles by a platform's nickname": [
        ("La niña tiene su Insta, @kusi.warmi_07, y el papá", "url", "@kusi.warmi_07"),
        ("and on Insta as @mariaq.lima.", "url", "@mariaq.lima"),
        ("Ella tiene tik tok, @yulimendez_oficial en TikTok, y su perfil", "url",
         "@yulimendez_oficial"),
        ("lo sigue en el face como @jose.ccahua9", "url", "@jose.ccahua9"),
        ("La chica tiene su Instagram, es mila.pinedo_23, y su TikTok", "url",
         "mila.pinedo_23"),
        ("Her Instagram is lucia.ramos.tumbes, and her handle", "url", "lucia.ramos.tumbes"),
    ],
    "dates of birth with the day in words": [
        ("La niña nació el doce de marzo del 2011, según su partida.", "date_of_birth",
         "doce de marzo del 2011"),
        ("fecha de nacimiento: veintiocho de septiembre de 1990", "date_of_birth",
         "veintiocho de septiembre de 1990"),
        ("Génesis nació el 1.º de marzo de 2007, en Lima.", "date_of_birth",
         "1.º de marzo de 2007"),
    ],
    # fifth round, from the misses of retired corpus pii4
    "dates of birth with the year in words": [
        ("Sí, la menor nació el doce de mayo del dos mil once, está en el colegio.",
         "date_of_birth", "doce de mayo del dos mil once"),
        ("She was born on the third of June, two thousand and nine, in Iquitos.",
         "date_of_birth", "third of June, two thousand and nine"),
        ("fecha de nacimiento: veinte de enero de mil novecientos noventa y ocho",
         "date_of_birth", "veinte de enero de mil novecientos noventa y ocho"),
    ],
    "digit words joined by hyphens": [
        ("Her phone: nine-eight-one, five-five-two, zero-four-nine, though she changes",
         "phone", "nine-eight-one, five-five-two, zero-four-nine"),
    ],
    "a number said twice in one breath": [
        ("Her DNI is... she's reading from the card, seven six, three nine, zero one, four "
         "eight, seven six three nine zero one four eight.", "id_number",
         "seven six, three nine, zero one, four eight"),
        ("Su celular es nueve tres dos, cuarenta y ocho, diecinueve, setenta y seis... o sea "
         "932 481 976.", "phone", "nueve tres dos, cuarenta y ocho, diecinueve, setenta y seis"),
    ],
    "documents with a country's adjective or letters inside": [
        ("que tenía pasaporte brasileño FT438612. Él se comunicaba", "id_number", "FT438612"),
        ("A volunteer last year: passport C4F7R2K91, born in Germany.", "id_number",
         "C4F7R2K91"),
    ],
    "shared documents and private links": [
        ("Las fichas de derivación están en https://drive.google.com/drive/folders/8Hk2pW9x, "
         "con acceso restringido.", "url", "https://drive.google.com/drive/folders/8Hk2pW9x"),
        ("They register on a form, https://forms.gle/b7Tq2Lm9Zr4, that I made myself.", "url",
         "https://forms.gle/b7Tq2Lm9Zr4"),
        ("the case list is on https://cem-tacna.sharepoint.com/sites/casos/Lista2023 now",
         "url", "https://cem-tacna.sharepoint.com/sites/casos/Lista2023"),
        ("me mandó el enlace, https://example.net/s/x8k3m2q9v7, para bajar las fotos", "url",
         "https://example.net/s/x8k3m2q9v7"),
    ],
    "a site someone calls personal": [
        ("The social worker has a personal site, www.consultasconmarisol.example.com, with "
         "her fees.", "url", "www.consultasconmarisol.example.com"),
        ("y tiene su página personal, www.miguelcondori.example.pe, para sus clases", "url",
         "www.miguelcondori.example.pe"),
    ],
    "groups set apart by a semicolon, a dash or a pause": [
        ("Anoté el WhatsApp de la tía: nueve, cinco, dos; siete, siete, uno; cero, ocho, "
         "tres.", "phone", "nueve, cinco, dos; siete, siete, uno; cero, ocho, tres"),
        ("Teléfono: nueve seis uno – cuatro cero dos – ocho ocho cinco", "phone",
         "nueve seis uno – cuatro cero dos – ocho ocho cinco"),
        ("Su celular… es 961… 402… 885, creo.", "phone", "961… 402… 885"),
        ("her number is 961... 402... 885, I think", "phone", "961... 402... 885"),
    ],
    "birth cues abbreviated, or a month before the year": [
        ("Ficha 12. F. nac.: 17/10/2008. Procedencia: Ucayali.", "date_of_birth",
         "17/10/2008"),
        ("Minor, D.O.B. 09/02/2009, placed in a shelter", "date_of_birth", "09/02/2009"),
        ("She is fifteen; she was born in October 2009, in Pucallpa.", "date_of_birth", "2009"),
        ("El chico nació en marzo del 2008 en Satipo.", "date_of_birth", "2008"),
    ],
    "a mail provider said without its ending": [
        ("Se lo mandé a kusi.condori en gmail, no sé si lo vio.", "email",
         "kusi.condori en gmail"),
        ("you can write to luz dot mamani at gmail, she checks it", "email",
         "luz dot mamani at gmail"),
    ],
    "shortened links": [
        ("le llegó un enlace, bit.ly/4kTr8wQ, con la oferta de trabajo", "url",
         "bit.ly/4kTr8wQ"),
    ],
    "someone's own number after a public line": [
        ("The hotline counsellor gave me her personal mobile, 962 318 407, for emergencies.",
         "phone", "962 318 407"),
    ],
    "a phone that also reads as an old date": [
        ("R: She had nothing but a piece of paper with her mother's number, 984-50-21-77.\n\n"
         "I: What happened?", "phone", "984-50-21-77"),
    ],
}
FOUND = [(family, *case) for family, cases in FAMILIES.items() for case in cases]


@pytest.mark.parametrize("family,text,category,expected", FOUND)
def test_each_family_of_forms_blocks_exports(family, text, category, expected):
    hits = blocking(text)
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
    # --- fourth round (pii_dev4/clean) ---
    "video calls": [
        "la reunión de Zoom es la del ID de reunión 845 6712 3098, código de acceso 482915",
        "y la de respaldo en Teams, ID de conferencia 123 456 789#.",
        "The Teams backup is Conference ID: 945 612 387#.",
        "Dial by your location: +1 646 558 8656 US (New York)\n+1 301 715 8592 US (Washington DC)",
        "Zoom meeting ID 876 5432 1098, passcode 551234.",
    ],
    "an institution's public line": [
        "La central telefónica del ministerio es la (01) 626-1600, está en la web.",
        "The ministry's switchboard is (01) 626-1600.",
        "the national hotline, 0800-1-4732, or the TIP hotline, 1-888-373-7888",
    ],
    "judicial file numbers": [
        "El expediente N.° 00945-2022-0-2701-JR-PE-02 es el más antiguo.",
        "el caso fiscal 2206014500-2023-118-0 sigue abierto",
    ],
    "numbers in two turns": [
        "R: Eso fue en el 2019\n\nE: ¿Y después?\n\nR: 2020 fue peor.",
        "R: El número de casos fue 45\n\nE: ¿45?\n\nR: 45 casos, sí, y 12 más.",
        "R: Hubo 120 casos\n\nE: ya\n\nR: 345 en total con los de la DEMUNA.",
    ],
    "'claro' that means 'of course'": [
        "Claro, 45 218 963 soles vienen del gobierno regional.",
        "Claro que sí, 2019, 2020 y 2021 fueron años difíciles, unos 231178 en total.",
    ],
    "an institution's line by WhatsApp": [
        "la línea de ayuda por WhatsApp del ministerio, 987 654 321, está en los afiches",
    ],
    "amounts typed as thousands": [
        "the census counted 9,876,543 people in the region, 987,654,321 soles in the budget",
        "a ceiling of $4,500,000, and 1,287 cases in FY2023",
        "a total of 974,631,905 in the regional plan",
    ],
    "a thing's birth or a project's dates in words": [
        "El programa nació el doce de mayo del dos mil once con la mesa regional.",
        "Trabajamos desde el doce de mayo del dos mil once en la región.",
        "the unit was born in March, two thousand and nine, with three prosecutors",
    ],
    "passports named without a number": [
        "pidió el pasaporte brasileño y el carné, pero no los tenía consigo",
    ],
    "counts with pauses or semicolons": [
        "Fueron 120… 130 niños, en 2018… 2019, y luego 45... 50 por año.",
        "Atendimos cinco; seis; siete casos por semana, ocho – nueve – diez en julio.",
        "the hotline took 4,512 calls; the helpline number is on every poster",
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


AT_CONFIDENCE = [
    # (text, category, hit text, confidence): unsure forms, reported or just blocking
    ("Me dijo, a ver, nueve siete cuatro, seis tres uno... y ahí se cortó la llamada.",
     "phone", "nueve siete cuatro, seis tres uno", 0.8),   # a mobile's first digits
    ("el código era cuatro siete cero, seis tres uno, creo", "phone",
     "cuatro siete cero, seis tres uno", 0.6),
    ("Our website is www.chsalternativo.org and the reports", "url",
     "www.chsalternativo.org", 0.6),
    # a public page's readable path is not a private link
    ("the annual report is at https://www.unicef.org/peru/informes/trata-2023-resumen", "url",
     "https://www.unicef.org/peru/informes/trata-2023-resumen", 0.6),
]


@pytest.mark.parametrize("text,category,expected,confidence", AT_CONFIDENCE)
def test_unsure_forms_are_found_at_their_confidence(text, category, expected, confidence):
    hits = [(h.category, h.text, h.confidence) for h in scan_text("T", text)]
    assert (category, expected, confidence) in hits


NOT_REPORTED = [
    # years and counts said in words
    "Desde el noventa y seis, noventa y siete, noventa y ocho, más o menos; entré",
    "Ahora hay como cuarenta y cinco, cincuenta y dos, sesenta y tres en todo el país",
    "cinco, seis, siete, ocho, nueve niños por semana",
    # a video call's link is the platform's
    "la sesión de Google Meet es meet.google.com/abc-defg-hij y el PIN 482 915 301#.",
    # a government's site is public
    "está en la web, www.gob.pe/mimp, y en www.gob.pe/institucion/mimp/contactos",
    "the reports are at www.state.gov/trafficking-in-persons-report.",
    # a handle after a platform's name is not an email
    "su Insta @kusi.warmi_07 y nada más",
    # a mail provider named with no one's address before it
    "lo subí en gmail y lo mandé a la fiscalía; el informe 2.1 en gmail también",
]


@pytest.mark.parametrize("text", NOT_REPORTED)
def test_look_alikes_are_not_reported_at_all(text):
    # (a handle is a URL hit, rightly: only no email may be read into it)
    assert [(h.category, h.text) for h in scan_text("T", text)
            if h.category != "person_name" and not h.text.startswith("@")] == []


def test_said_digits_reads_single_digits_pairs_and_doubles():
    assert said_digits("nueve ocho siete") == "987"
    assert said_digits("noventa y ocho, setenta, doble cinco, 321") == "987055321"
    assert said_digits("forty-five, twelve, oh seven") == "451207"
    assert said_digits("novecientos ochenta y siete, ciento cinco, cien") == "987105100"
