"""Ninth round (issue 16): numbers, links, birth years and addresses in the
forms pii8 missed, written anew in both languages: a document's abbreviation
in the plural before a list ("CIs 6 118 402 y 6118403"), a US immigration
file's A-number as written ("A-094-553-218"), a driving permit with letters
("learner's permit K12-44-9021"), an ITIN grouped 3-2-4 though it starts with
a mobile's 9, digits read one by one after "mi número es", groups set apart by
a non-breaking hyphen, a non-breaking space or a minus sign; a bare domain
someone calls their own ("her own site, lucyparedes-coaching.com"), a site
introduced as "a page" ("por una página, www…"), link-in-bio hosts
(linktr.ee), a handle farther from its platform's name, WeChat and Skype IDs
without "@"; a second birth year said without its verb ("…, and the younger
one in 2009"), a birth year said in words ("nací en el setenta y nueve"); US
addresses on a Pike, a Parkway or a Highway with their city, state and ZIP,
a road's kilometre in lower case with a dash in its name; an e-mail said word
by word whose hit must stop at its ending, not run on into the next speaker's
label. And look-alikes that stay quiet: a meeting ID after "the same one", a
street named for a date ("la Avenida 28 de Julio"), years of other events
after a birth, public sites introduced as "a page". Every sentence was
written for this battery, not taken from a corpus."""

from __future__ import annotations

import pytest
from scanning import blocking, blocks_whole

from kiicode.pii.scan import scan_text

NBSP, NARROW_NBSP, NB_HYPHEN, HYPHEN, MINUS = "\u00a0", "\u202f", "\u2011", "\u2010", "\u2212"

# (text, category, the text the blocking hit must cover)
SEEDED = [
    # a document's abbreviation in the plural, then a list of its numbers
    ("las dos hermanas tienen CIs 6 118 402 y 6118403, seguidos", "id_number", "6 118 402"),
    ("las dos hermanas tienen CIs 6 118 402 y 6118403, seguidos", "id_number", "6118403"),
    ("Both girls' CIs, 5 903 117 and 5 903 118, were kept by the owner.", "id_number",
     "5 903 118"),
    ("los IDs de los tres: 7 415 028, 7 415 029 y 7 415 030", "id_number", "7 415 029"),
    # a US immigration file's A-number as it is written
    ("Her A-number is A-094-553-218, on every notice.", "id_number", "A-094-553-218"),
    ("USCIS gave him an alien number, A 201 554 873, in 2019", "id_number", "A 201 554 873"),
    ("el A-number de la señora, A208117356, está en la carpeta", "id_number", "A208117356"),
    # a driving permit or licence whose number has letters
    ("She has a learner's permit, K12-44-9021, from Maryland.", "id_number", "K12-44-9021"),
    ("his driving licence number is D7712-3391 I think", "id_number", "D7712-3391"),
    ("tiene permiso de conducir B-45128736 de Tacna", "id_number", "B-45128736"),
    ("a Virginia driver's permit, S40-11-7265, and nothing else", "id_number", "S40-11-7265"),
    # a US tax number of a person, grouped 3-2-4, though it starts with a 9
    ("his ITIN, 931-74-5528, is on the tax return", "id_number", "931-74-5528"),
    ("el ITIN de su esposo es 968-81-2204", "id_number", "968-81-2204"),
    ("She filed with 945-88-1377 as her number.", "id_number", "945-88-1377"),
    # ... while a phone's word keeps a 3-2-4 mobile a phone
    ("llámame al 987-65-4321 en la tarde", "phone", "987-65-4321"),
    # digits one by one in typed pauses after "mi número es"
    ("Mi número es 9 4 1, 6 6 2, 0 3 8, pero solo en las tardes.", "phone", "9 4 1, 6 6 2, 0 3 8"),
    ("su número era 9 5 0, 1 7 7, 3 2 4.", "phone", "9 5 0, 1 7 7, 3 2 4"),
    ("My number is 9 8 2, 4 4 1, 7 0 6, text first.", "phone", "9 8 2, 4 4 1, 7 0 6"),
    ("El número es 9 6 2, 8 1 5, 4 4 3, de la mamá.", "phone", "9 6 2, 8 1 5, 4 4 3"),
    # groups set apart by a non-breaking hyphen, a hyphen, a minus or non-breaking spaces
    (f"madre cel. 961 {NB_HYPHEN} 224 {NB_HYPHEN} 873, padre no tiene", "phone",
     f"961 {NB_HYPHEN} 224 {NB_HYPHEN} 873"),
    (f"Her mobile: 954{HYPHEN}318{HYPHEN}226.", "phone", f"954{HYPHEN}318{HYPHEN}226"),
    (f"llamar al 965{MINUS}331{MINUS}720 si no llega", "phone", f"965{MINUS}331{MINUS}720"),
    (f"su celular 987{NBSP}654{NBSP}321 y el de su hermana", "phone", f"987{NBSP}654{NBSP}321"),
    (f"DNI 45{NARROW_NBSP}218{NARROW_NBSP}963, expedido en Puno", "id_number",
     f"45{NARROW_NBSP}218{NARROW_NBSP}963"),
    (f"the Lima office, (01){NBSP}426{NB_HYPHEN}7788, took the call from her", "phone",
     f"(01){NBSP}426{NB_HYPHEN}7788"),
    # a bare domain someone calls their own or runs
    ("She has her own site, lucyparedes-coaching.com, and she answers there.", "url",
     "lucyparedes-coaching.com"),
    ("tengo mi propia página, andreahuaman.pe, donde subo los talleres", "url",
     "andreahuaman.pe"),
    ("his own website is tomasvilca.net, with his photos", "url", "tomasvilca.net"),
    ("Ella maneja una página, tejidoskusi.com, con sus diseños.", "url", "tejidoskusi.com"),
    # a site introduced as "a page": a trade's, a recruiter's, one person's
    ("Manejaba los pedidos por una página, www.ventasrapidas-sur.com/lucy, y por WhatsApp.",
     "url", "www.ventasrapidas-sur.com/lucy"),
    ("Había una página, www.chambaya-iquitos.com, que ofrecía trabajo en Lima.", "url",
     "www.chambaya-iquitos.com"),
    ("They used a website, www.nannyjobs-lima.net/apply, to recruit the girls.", "url",
     "www.nannyjobs-lima.net/apply"),
    ("Tenía una página de ventas, www.modasflor.com, y un local.", "url", "www.modasflor.com"),
    ("se anunciaba en un sitio, www.acompanantes-vip.pe/sofia, con fotos", "url",
     "www.acompanantes-vip.pe/sofia"),
    # link-in-bio hosts
    ("o a mi linktree, linktr.ee/karina.psico, ahí está todo", "url", "linktr.ee/karina.psico"),
    ("all her links are on beacons.ai/lucia.make now", "url", "beacons.ai/lucia.make"),
    ("su bio.link/josue_tours tiene su número", "url", "bio.link/josue_tours"),
    # a handle farther from its platform's name
    ("en mi Instagram personal, donde subo fotos de mis talleres, @rosi.talleres.cusco", "url",
     "@rosi.talleres.cusco"),
    ("her TikTok, the one she uses for the bakery orders, is @panaderia_mily", "url",
     "@panaderia_mily"),
    # a messaging app's ID said without "@"
    ("su WeChat es weixin: liwei_lima88, pero casi no contesta", "url", "liwei_lima88"),
    ("my WeChat ID is zhang.min.pe if you need it", "url", "zhang.min.pe"),
    ("su Skype es rosa.quispe.77, ahí hablamos", "url", "rosa.quispe.77"),
    # a second birth said without its verb
    ("Mi hija mayor nació en 2010 y la menor, Daniela, en 2013.", "date_of_birth", "2013"),
    ("The older boy was born on 3 May 2006, and his brother in 2008.", "date_of_birth", "2008"),
    ("Él nació el 4 de junio de 1998 y su hermana en el 2001.", "date_of_birth", "2001"),
    # a birth year said in words, or in two digits
    ('me dijo que nació en el noventa y dos, "nací en el noventa y dos"', "date_of_birth",
     "noventa y dos"),
    ("I was born in nineteen eighty-four, in Juliaca", "date_of_birth",
     "nineteen eighty-four"),
    ("la niña nació en el dos mil nueve, en Nauta", "date_of_birth", "dos mil nueve"),
    ("yo nací en el 85, en Pucallpa", "date_of_birth", "85"),
    # US addresses on a Pike, a Parkway, a Highway, with city, state and ZIP
    ("He lived at 3150 Columbia Pike, Apt 4C, Arlington, VA 22204, with two others.",
     "address", "3150 Columbia Pike, Apt 4C, Arlington, VA 22204"),
    ("the house on 7710 Leesburg Pike, Unit 5, Falls Church, VA was his", "address",
     "7710 Leesburg Pike, Unit 5, Falls Church, VA"),
    ("she rented at 212 Riverside Parkway, Hyattsville, MD 20782", "address",
     "212 Riverside Parkway, Hyattsville, MD 20782"),
    ("They moved to 45 Maple Street, Silver Spring, MD 20910.", "address",
     "45 Maple Street, Silver Spring, MD 20910"),
    ("the farm at 1400 Old Sunset Highway had no sign", "address", "1400 Old Sunset Highway"),
    # a road's kilometre in lower case, a dash in the road's name
    ("domicilio carretera Tarapoto–Yurimaguas km 12.5, teléfono del papá", "address",
     "carretera Tarapoto–Yurimaguas km 12.5"),
    ("vive en la carretera Federico Basadre km 7, con su tía", "address",
     "carretera Federico Basadre km 7"),
    ("la casa está en la Carretera Cusco-Quillabamba km 33, lote 2", "address",
     "Carretera Cusco-Quillabamba km 33, lote 2"),
    # a street named for a date keeps its house number
    ("Vive en el Jr. 7 de Junio 345, Tarapoto.", "address", "Jr. 7 de Junio 345"),
]

# PII-free look-alikes: nothing reported at all (confidence >= 0.5)
CLEAN = [
    "If we drop, the meeting ID is the same one, 845 112 903#, as last week.",
    "Use the same one, 612 004 775#, to join again.",
    "El Hospital Regional, en la Avenida 28 de Julio, atiende a las niñas.",
    "They met on the Avenida 2 de Mayo, near the square.",
    "En la Calle 9 de Octubre hay una feria los domingos.",
    "Nació en Puno y llegó a Lima en 2015, como tantas otras.",
    "She was born in Cusco and came to Lima in 2019.",
    "El programa nació en 2009 y la mesa en 2012.",
    "La red nació en el noventa y dos, con seis ONG.",
    "Ella nació en Iquitos, y su hermana en Nauta.",
    "Los años 2019\u20112021 fueron los peores; entre 250 \u2212 300 personas marcharon.",
    "Ver las páginas 345\u2011378 del informe.",
    f"El presupuesto fue de S/{NBSP}1{NBSP}200{NBSP}000 el año pasado.",
    "Se entregaron CIs a 1 200 000 personas en la campaña.",
    "licencia de funcionamiento N.° 0452-2019-MDSJL, vigente",
    "A work permit, valid 2021-2023, was all she had.",
    "The permit 2023-114 was for the building.",
    "Search for the campaign, corazonazul.org, on Google.",
    "Her own idea, the mural, was finished in 2020.",
    "Yo nací en el campo, en el ochenta por ciento de las familias no había luz.",
    "The one from Lima, 9 de Octubre street, was closed.",
    "In 2019 Inca Trail porters went on strike.",
]

# Public sites introduced as "a page" or "a site": a bare site stays a link to report
# below the export threshold (see "What the scan finds"), never one that blocks.
PUBLIC_SITES = [
    "Hay una página de noticias, www.larepublica.pe/sociedad, que sacó el caso.",
    "A UN site, www.unodc.org/peru, has the whole report.",
    "Hay una página del Estado, www.gob.pe/mimp, con las cifras.",
    "There is a website of the ILO, www.ilo.org/lima, with the data.",
    "A news site, www.rpp.pe/peru, covered the rescue.",
    "Había una página del ministerio, www.mimp.gob.pe, con los números.",
    "She read a page of the university, www.unap.edu.pe/investigacion, about it.",
    "Entren a la página www.casadelamujer-cusco.org para ver los horarios.",
]


@pytest.mark.parametrize(("text", "category", "expected"), SEEDED)
def test_numbers_links_births_and_addresses_in_new_forms_block_exports(text, category,
                                                                       expected):
    assert blocks_whole(text, category, expected), blocking(text)


@pytest.mark.parametrize("text", CLEAN)
def test_meeting_ids_date_streets_other_years_and_permits_are_no_ones(text):
    assert [(h.category, h.text) for h in scan_text("T", text)] == []


@pytest.mark.parametrize("text", PUBLIC_SITES)
def test_public_sites_introduced_as_a_page_do_not_block(text):
    assert blocking(text) == []


@pytest.mark.parametrize(("text", "address"), [
    ("Cruz: Sí, le escribí a flor.cusi.cem arroba gmail punto com.\n\nCruz: Y contestó.",
     "flor.cusi.cem arroba gmail punto com"),
    ("P: mi correo es rosa.q arroba gmail punto com. Gracias por llamar.",
     "rosa.q arroba gmail punto com"),
    ("Interpreter: it's pinedo.abogada arroba hotmail punto com.\n\nInterpreter: Yes.",
     "pinedo.abogada arroba hotmail punto com"),
    ("R: ana punto ruiz arroba hotmail punto com punto pe, eso es",
     "ana punto ruiz arroba hotmail punto com punto pe"),
    ("E: kevin.m arroba gmail. com\nE: ya", "kevin.m arroba gmail. com"),
])
def test_an_email_said_word_by_word_ends_at_its_ending(text, address):
    """The hit stops at the address's ending: not across the line break into the
    next speaker's label, nor into the next sentence's first word."""
    emails = [h.text for h in scan_text("T", text) if h.category == "email"]
    assert emails == [address]
