"""Seventh round (issue 16): e-mails with endings the rules do not list (a
provider or an institution's own domain, typed or said: "rosa.q arroba yupana
punto org punto pe", "jtc@andeswatch.ngo"), numbers corrected mid-dictation
("nueve ocho siete, no, perdón, nueve ocho ocho, …", "987 65— no, 987 564 321":
the number meant is found whole and the abandoned start leaves no number of its
own behind), and look-alikes that stay quiet: case files, laws, amounts,
meeting IDs, an institution's address, line and domain. Every sentence was
written for this battery, not taken from a corpus."""

from __future__ import annotations

import pytest
from scanning import blocking, blocks_whole

from kiicode.pii.scan import scan_text

# (text, category, the text the blocking hit must cover)
SEEDED = [
    # e-mails at a domain the rules do not know, typed
    ("Para coordinar, escríbale a jtc@andeswatch.ngo y me copia.", "email", "jtc@andeswatch.ngo"),
    ("Her address is m.huanca@kallpa.consulting if you need her.", "email",
     "m.huanca@kallpa.consulting"),
    ("Me pasó su correo: ruth_c@ayni.coop, ahí le escribes.", "email", "ruth_c@ayni.coop"),
    ("Write to p.salas@redsalud.org.pe before Friday.", "email", "p.salas@redsalud.org.pe"),
    ("su correo personal es lucho.v@tambo.lat", "email", "lucho.v@tambo.lat"),
    ("You can reach him on dquispe@kusimayo.studio now.", "email", "dquispe@kusimayo.studio"),
    ("el correo de la coordinadora es yanet.r@qhapaq.edu.pe", "email", "yanet.r@qhapaq.edu.pe"),
    # e-mails at an unknown domain, said
    ("Anota: rosa.q arroba yupana punto org punto pe", "email",
     "rosa.q arroba yupana punto org punto pe"),
    ("mi correo es kusi en correo punto coop", "email", "kusi en correo punto coop"),
    ("su correo es wilmer punto ccori arroba sumaq punto ngo", "email",
     "wilmer punto ccori arroba sumaq punto ngo"),
    ("It's ana dot paucar at wayra dot ngo, all lower case.", "email",
     "ana dot paucar at wayra dot ngo"),
    ("her email is lmendoza at chaski dot lat", "email", "lmendoza at chaski dot lat"),
    ("el correo es flor arroba killari punto net punto pe", "email",
     "flor arroba killari punto net punto pe"),
    ("Le escribí a jhon.ch arroba minka punto digital", "email",
     "jhon.ch arroba minka punto digital"),
    ("my email is t.rojas at inti dot consulting", "email", "t.rojas at inti dot consulting"),
    # numbers corrected mid-dictation: the number meant, from the abandoned start
    ("Mi celular es nueve ocho siete, no, perdón, nueve ocho ocho, cuatro cinco seis, "
     "siete uno dos.", "phone",
     "nueve ocho ocho, cuatro cinco seis, siete uno dos"),
    ("Llámela al 987 65— no, 987 564 321, ese es el bueno.", "phone", "987 564 321"),
    ("su número es 956 21, no, disculpe, 956 312 448", "phone", "956 312 448"),
    ("my cell is nine eight four, sorry, nine eight five, two two one, six six zero", "phone",
     "nine eight five, two two one, six six zero"),
    ("her number is 974 30... no wait, 974 301 226", "phone", "974 301 226"),
    ("el DNI es cuatro cinco dos, no, perdón, cuatro cinco tres, uno ocho, nueve seis "
     "tres", "id_number", "cuatro cinco tres, uno ocho, nueve seis tres"),
    ("Su DNI: 4521 — perdón, 45318963.", "id_number", "45318963"),
    ("whatsapp al nueve siete tres, eh, no, nueve siete cuatro, cuatro cuatro ocho, dos uno "
     "cero", "phone", "nueve siete cuatro, cuatro cuatro ocho, dos uno cero"),
    ("mi cel es 912 345 no espera 912 354 678", "phone", "912 354 678"),
    ("su celular es nueve siete seis, uno cuatro dos, ocho cinco nueve… no, nueve siete seis, "
     "uno cuatro dos, ocho cinco ocho", "phone",
     "nueve siete seis, uno cuatro dos, ocho cinco ocho"),
]

# The abandoned start of a corrected number is a piece of the number (or a near copy):
# it is hidden too, as a hit of its own, so redaction leaves no stray half readable
# and the number meant keeps its own digits.
CORRECTED_STARTS = [
    ("Mi celular es nueve ocho siete, no, perdón, nueve ocho ocho, cuatro cinco seis, "
     "siete uno dos.", "nueve ocho siete", "nueve ocho ocho, cuatro cinco seis, siete uno dos"),
    ("Llámela al 987 65— no, 987 564 321, ese es el bueno.", "987 65", "987 564 321"),
    ("su número es 956 21, no, disculpe, 956 312 448", "956 21", "956 312 448"),
    ("mi cel es 912 345 no espera 912 354 678", "912 345", "912 354 678"),
    ("el DNI es cuatro cinco dos, no, perdón, cuatro cinco tres, uno ocho, nueve seis tres",
     "cuatro cinco dos", "cuatro cinco tres, uno ocho, nueve seis tres"),
    ("her number is 974 30... no wait, 974 301 226", "974 30", "974 301 226"),
]

# PII-free look-alikes: nothing reported at all (confidence >= 0.5)
CLEAN = [
    "El expediente 00452-2021-0-1601-JR-FC sigue en trámite en Trujillo.",
    "La carpeta fiscal 2019-3341 se archivó el año pasado.",
    "La Ley 30364 y su reglamento, el Decreto Supremo 009-2016-MIMP, lo regulan.",
    "Se asignaron S/ 1 245 300 al programa en la región.",
    "The budget was 2,450,000 soles for the three regions.",
    "Meeting ID: 845 2210 9934, passcode 552187.",
    "ID de reunión 812 4471 0093",
    "El CEM queda en Av. Grau, frente a la plaza; su central telefónica es la 01 419 7260.",
    "La Línea 100 atiende las 24 horas y el chat 100 también.",
    "Para el convenio pidieron el RUC de la municipalidad provincial, 20154477581.",
    "Toda la información está en www.gob.pe/mimp y en el portal del Poder Judicial.",
    "They post the reports on unicef.org and on the ministry's site.",
    "Nos reunimos con la gente de andeswatch.ngo en Cusco, pero no firmamos nada.",
    "El informe técnico N.° 045-2022-MIMP/DGCVG se presentó en marzo.",
    "Hubo 1 245 casos atendidos en 2022 y 1 390 en 2023.",
    "The hotline number, 0800-10828, is free from any phone.",
    "Se reunieron el 12 de marzo y luego, no, perdón, el 14 de marzo.",
    "Eran unos 350, no, perdón, unos 380 casos al año.",
    "La resolución 0123-2020, no, perdón, la 0124-2020, lo aprobó.",
    "Escribimos al correo institucional de la fiscalía, mesa de partes virtual.",
    "Todo lo mandamos por correo, punto, no había otra forma.",
    "We sent it at noon dot on time, as usual.",
    "Ellos trabajan en red punto com, digamos, todo por internet.",
    "La meta era 987 mil soles, no, perdón, 988 mil.",
]


# Forms read from the retired corpora's misses (pii3-pii6: tuned on, so not a
# measure), kept so they stay found.
FROM_RETIRED_MISSES = [
    ("Achahui 984 5 5 0 9 1 2... no, 984 550 912.", "phone", "984 5 5 0 9 1 2"),
    ("called me from Cúcuta, on a Colombian number, +57 300 555 4821. Her Venezuelan ID is "
     "17.342.118.", "phone", "+57 300 555 4821"),
    ("my blog has some of the reports, renzoalvarado.medium.com, and", "url",
     "renzoalvarado.medium.com"),
    ("and a second account the recruiter used, @lima_modelos.casting. The", "url",
     "@lima_modelos.casting"),
    ("The promoter's e-mail is sisa.yupanqui at yanapanakusun dot example, I'll pass it on.",
     "email", "sisa.yupanqui at yanapanakusun dot example"),
]
# and the clean corpora's pattern false positives
CLEAN_FROM_RETIRED = [
    "Zoom tiene acceso por teléfono, el número de Estados Unidos, +1 646 558 8656, con el "
    "mismo ID.",
    "approved by ministerial resolution in 2019. It's number 0342-2019/MINSA, or close to that.",
    "en 2020 se recibieron más de 235 000 llamadas, muchas por violencia.",
    "Transcribed by https://otter.ai",
    "El RUC del gobierno regional es el 20493196902, lo piden siempre para los convenios.",
    "La Mesa Regional contra la Trata de Cusco nació en 2014, pero con el proyecto se activó.",
    "The figures are on www.ilo.org and on the ministry's page.",
    "Los oficios van a mesadepartes@regionloreto.gob.pe y a mesadepartes arroba mimp punto gob "
    "punto pe.",
]


@pytest.mark.parametrize(("text", "category", "expected"), SEEDED + FROM_RETIRED_MISSES)
def test_unknown_endings_and_corrected_numbers_block_exports(text, category, expected):
    assert blocks_whole(text, category, expected), blocking(text)


@pytest.mark.parametrize(("text", "abandoned", "meant"), CORRECTED_STARTS)
def test_a_corrected_numbers_abandoned_start_is_hidden_apart_from_the_number_meant(
        text, abandoned, meant):
    hits = [h for h in scan_text("T", text) if h.high]
    a = text.index(abandoned)
    assert any(h.start <= a and a + len(abandoned) <= h.end and text.index(meant) >= h.end
               for h in hits), blocking(text)
    assert meant in [h.text for h in hits], blocking(text)


@pytest.mark.parametrize("text", CLEAN + CLEAN_FROM_RETIRED)
def test_files_laws_amounts_meetings_and_institutions_are_no_ones(text):
    assert [(h.category, h.text) for h in scan_text("T", text)] == []
