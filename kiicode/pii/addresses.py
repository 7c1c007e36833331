"""Street addresses, in Spanish and English: a street's word, its name and the
house's number ("Av. de la Cultura 1520", "123 Main Street, Apt 4B"), the number
first ("el 345 de la avenida Grau"), a road's kilometre with a lot, a street named
without a number in someone's home, and an address told part by part (a
community, its sector and a house; a kilometre, a camp and a lot), with the parts
written after it (a flat, a settlement, what the home is next to).

Each finder takes the text and its folded copy, as the finders of rules.py do."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..transcripts.metadata import MONTHS
from .names import PLACE_WORDS, gazetteer, peruvian_places
from .rules import ADDRESS, Found, fold_same_length, windows

_CONTEXT = 40   # how far before an address a home's word may be

# (a road between two towns is written with a dash, often a long one: "Iquitos–Nauta")
_NAME_WORD = r"(?:[A-ZÁÉÍÓÚÑ][\wáéíóúñü'’.\-–—]*|\d{1,2}\s+de\s+[A-Z][a-z]+)"
_LINKS = r"(?:\s+(?:de|del|la|las|los|el|y|of|the)){0,2}"
_STREET_ES = (r"(?:Av(?:da)?\.?|Avenida|Jr\.?|Jir[oó]n|Calle|Ca\.|Cl\.|Pasaje|Psje\.?|Pje\.?|"
              r"Prolongaci[oó]n|Prol\.|Carretera|Malec[oó]n|Alameda|Paseo|Urb\.?|"
              r"Urbanizaci[oó]n|Asentamiento Humano|AA\.?\s?HH\.?|A\.?H\.?|Mz\.?|Manzana|"
              # Brazil's streets, across the border from Loreto
              r"Rua|Travessa)")
# (the street's name may start with a link word: "Av. de la Cultura 1520")
_STREET_NAME = rf"(?:(?:de|del|la|las|los|el)\s+){{0,2}}(?:{_NAME_WORD}{_LINKS}\s+){{0,4}}"
_HOUSE_NUMBER = (
    r"\s*(?:,\s*)?(?:N\.?[°º]\.?\s*|No\.?\s*|Nro\.?\s*|n[uú]mero\s+|#\s*|cuadra\s+|"
    r"L(?:t|ote)\.?\s*)?"
    # (not a date a street is named for: "la Avenida 28 de Julio" has no number)
    r"(?P<number>\d{1,5}[A-Za-z]?\b(?!\s+de\s+(?i:" + "|".join(MONTHS) + r")\b)|[Ss]/[Nn]\b)"
    # s/n: "sin número"
    r"(?:\s*,?\s*(?:(?:dpto|dpt|depto|departamento|int|interior|piso|of|oficina|lote|lt|mz|"
    r"manzana|block|bloque|apt|apartment)\.?\s*[A-Z0-9-]{1,5}\b))*")
_ADDRESS_ES = re.compile(rf"\b{_STREET_ES}\s+{_STREET_NAME}{_NAME_WORD}?{_HOUSE_NUMBER}")
# Street words in lower case, as speech is transcribed ("vive en la avenida
# Grau 345"), need a capitalised name: "la calle 3" is not an address.
_ADDRESS_ES_LOWER = re.compile(
    rf"\b(?:avenida|av\.|jir[oó]n|jr\.|calle|pasaje|psje\.|prolongaci[oó]n|urbanizaci[oó]n)\s+"
    rf"{_STREET_NAME}{_NAME_WORD}{_HOUSE_NUMBER}")
# The number said first: "vive en el 345 de la avenida Grau".
_ADDRESS_ES_NUMBER_FIRST = re.compile(
    rf"(?:(?<=\b[ea]l )|\b[Cc]uadra\s+)\d{{1,5}}\s+del?\s+(?:la\s+)?"
    rf"(?i:avenida|av\.|jir[oó]n|jr\.|calle|pasaje|psje\.)\s+{_STREET_NAME}{_NAME_WORD}")
_US_STATE = (r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|"
             r"MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|"
             r"WY|PR)")
_ADDRESS_EN = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:(?:[A-Z][a-z]*|\d{1,3}(?:st|nd|rd|th))\.?\s+){1,3}"
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|"
    r"Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Court|Ct\.?|Way|Place|Pl\.?|Terrace|Close|"
    # (not "Trail" nor "Square": "in 2019 Inca Trail", "the 2 Plaza Square")
    r"Crescent|Pike|Turnpike|Highway|Hwy\.?|Parkway|Pkwy\.?|Circle|Cir\.?|Expressway)\b(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat|#)\.?\s*[A-Z0-9-]{1,5}\b)?"
    # the town and the state's code, and the ZIP code: ", Arlington, VA 22204"
    r"(?:,[ \t]*[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2},[ \t]*" + _US_STATE +
    r"\b(?:[ \t]+\d{5}(?:-\d{4})?\b)?)?")
_STREET_NAME_ONLY = re.compile(
    rf"\b(?:Av(?:da)?\.|Avenida|Jr\.|Jir[oó]n|Calle|Pasaje|Psje\.|Pje\.|"
    # (in lower case too, as speech is transcribed: "vive en la calle Siete Cuartones")
    rf"avenida|jir[oó]n|calle|pasaje)\s+(?:{_NAME_WORD}{_LINKS}\s+){{0,3}}{_NAME_WORD}")
# a corner, two streets named without a number ("en Av. La Marina y Calle Teniente
# Ruiz", "at Avenida Grau and Jirón Cusco"): the whole corner, however long the names
_STREET_WORD_ONLY = (r"(?:Av(?:da)?\.|Avenida|Jr\.|Jir[oó]n|Calle|Pasaje|Psje\.|Pje\.|"
                     r"avenida|jir[oó]n|calle|pasaje)")
_CORNER = re.compile(
    rf"\b{_STREET_WORD_ONLY}\s+(?:{_NAME_WORD}{_LINKS}\s+){{0,3}}?{_NAME_WORD}"
    rf"\s+(?:y|e|con|esquina(?:\s+con)?|and|&)\s+"
    rf"{_STREET_WORD_ONLY}\s+(?:{_NAME_WORD}{_LINKS}\s+){{0,3}}{_NAME_WORD}")
# A road's kilometre as an address: "Carretera Interoceánica km 108 s/n", "Carretera
# Panamericana Sur km 85, lote 4". A kilometre alone is a place ("el bar del kilómetro
# 107", "the crash at Carretera Central km 45"): only with "s/n" or a lot, or as a home.
_ROAD_KM = re.compile(
    # (in lower case too, as a form's field is typed: "domicilio carretera Iquitos–Nauta km 48.5")
    rf"\b(?:[Cc]arretera|[Cc]arr\.|[Aa]utopista|Av(?:da)?\.|Avenida)\s+{_STREET_NAME}{_NAME_WORD}"
    r"\s*,?\s*(?:km|Km|KM|kil[oó]metro|Kil[oó]metro)\.?\s*\d{1,4}(?:[.,]\d{1,3})?\b"
    r"(?P<lot>(?:\s*,?\s*(?:[Ss]/[Nn]\b|(?:lote|Lote|lt|Lt|mz|Mz|manzana|Manzana|int|"
    r"interior)\.?\s*[A-Z0-9-]{1,5}\b))*)")
# (the road's name may be left out when a lot follows: "lived on the Interoceánica, at
# Km 107, Lote 15")
_KM_LOT = re.compile(
    r"\b(?:km|Km|KM|kil[oó]metro|Kil[oó]metro)\.?\s*\d{1,4}(?:[.,]\d{1,3})?\b"
    r"(?:\s*,?\s*(?:[Ss]/[Nn]\b|(?:lote|Lote|lt|Lt|mz|Mz|manzana|Manzana)\.?\s*[A-Z0-9-]{1,5}\b))+")
# a workplace where children were found or made to work, right before a road's
# kilometre: "en su aserradero de la Carretera Iquitos-Nauta km 23.5", "a sawmill on
# the Carretera … km 12.5" (the road named: "el bar del kilómetro 107" stays a place)
_WORKPLACE_CUE = re.compile(r"\b(?:aserraderos?|sawmills?|ladrilleras?|brick[ \t]?kilns?|kilns?|"
                            r"campamentos?|camps?|chacras?|farms?|fundos?|granjas?|"
                            r"lavaderos?)\b[^.\n,;]{0,25}$")
_ROAD_KM_CUE = re.compile(r"km\b|kilomet")   # (in the folded text: a fast literal search)
_LIVING = r"vive|vivo|vivia|vivian|viven|vivieron|lives|live|lived|living"
_HOME_CUE = re.compile(rf"(?:{_LIVING}|domicilio|direccion|casa|address|home)\b[^.\n]{{0,25}}$")
# a verb of living right before a street: "she lives on Calle …", "vive en la calle …"
# (the town may come first: "vive en Huaquillas, en Av. …", "lives in Tacna, on Calle …")
_LIVES_ON = re.compile(rf"\b(?:{_LIVING})[ \t]+(?:on|at|in|en)"
                       r"(?:[ \t]+[a-z]+(?:[ \t]+[a-z]+)?[ \t]*,[ \t]*(?:en|on|at|in))?"
                       r"(?:[ \t]+(?:the|la|el))?[ \t]+$")
# a person taken, held or met at a place: "they took her to a bar at …", "la llevaron a
# un local del …", "recogía a las chicas en el paradero del …"
_TAKEN_CUE = re.compile(r"\b(?:took|taken|brought|kept|held|picked[ \t]+up|llevaron|llevada|"
                        r"llevado|llevadas|llevados|llevaban|trajeron|retenida|retenido|"
                        r"encerrada|encerrado|recog[a-z]*[ \t]+a)\b[^.\n]{0,40}$")
# a person taken on from there: "la habían llevado a un bar en …, y de ahí a un
# campamento en el km 35 …", "they had taken him to Tarapoto, and from there to …"
# (the one taken named by a pronoun or as a child: not "llevaron las computadoras")
_TAKEN_ON = re.compile(
    r"(?:\b(?:la|lo|las|los|le|les)[ \t]+(?:habian[ \t]+|habia[ \t]+|han[ \t]+|ha[ \t]+)?"
    r"(?:llevad[oa]s?|llevaron|llevo|tenido|tenian|tuvieron|trajeron|sacaron|pasaron|"
    r"retuvieron)|"
    r"\b(?:taken|took|brought|kept|held|moved)[ \t]+(?:her|him|them|the[ \t]+(?:girls?|boys?|"
    r"child|children|minors?|teenagers?)))\b[^.\n]{0,120}?"
    # (only a place after the first: "y luego hubo un choque en el km …" is not one)
    r"\b(?:y de ahi|y desde ahi|and from there)\b[^.\n]{0,50}$")


_STREET_CUE_ES = re.compile(r"Av|Jr|Jir|Calle|Ca\.|Cl\.|Pasaje|Psje|Pje|Prol|Carretera|Malec|"
                            r"Alameda|Paseo|Urb|Asentamiento|AA|A\.H|Mz|Manzana|Rua|Travessa|"
                            # Colombia's street types ("Carrera 10 No. 8-47")
                            r"Carrera|Cra|Kra|Transversal|Tv|Diagonal|Dg")
_STREET_CUE_LOWER = re.compile(r"avenida|av\.|jir[oó]n|jr\.|calle|pasaje|psje\.|prolongaci|"
                               r"urbanizaci")
_STREET_CUE_EN = re.compile(r"Street|St\.?|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|"
                            r"Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Pike|Highway|Hwy|"
                            r"Parkway|Pkwy|Circle|Cir|Expressway|"
                            # British types that are everyday words: with a postcode only
                            r"Grove|Gardens|Mews|Row|Square|Hill|Walk|Rise|Green|Park")


# --- an address told part by part, comma by comma ------------------------------------
# Rural and peri-urban addresses are written as a chain of parts: a community, its
# sector, a house ("comunidad nativa Cushillococha, sector 2, casa 44"); a road's
# kilometre, a bank, a camp, a lot ("kilómetro 107, margen derecha, campamento La
# Pampa, lote 32"); a named sector or zone, a numbered passage or street, a lot
# ("Sector Lunar de Oro, pasaje 4, lote 11"). No one part is an address (a community,
# a sector or a kilometre is a place); the chain is one when a place is followed by a
# house, a lot or a block with its number or "sin número", when a named sector is
# followed by a kilometre, or a kilometre by a named bar or camp.

# (no dot: a name ends with its sentence; a capital before a digit is a lot's code, "E-7")
_PLACE_WORD = r"[A-ZÁÉÍÓÚÑ](?!-?\d)[\wáéíóúñü'’\-–—]*"
_PLACE_NAME = (rf"(?:(?:de|del|la|las|los|el|of|the)\s+){{0,2}}{_PLACE_WORD}"
               rf"(?:(?:\s+(?:de|del|la|las|los|el|y)){{0,2}}\s+{_PLACE_WORD}){{0,4}}")
# a settlement or a street named after a date or numbered inside a zone: "AA.HH. 1° de
# Mayo", "asentamiento humano 28 de Julio", "Calle 3 de Villa Adela"
_NUMBER_OF_NAME = rf"\d{{1,2}}[ \t]?[°º]?\s+de\s+{_PLACE_NAME}"
_PART_NUMBER = (r"(?:N[°º]\.?\s*|No\.\s*|#\s*)?(?:\d{1,5}[A-Za-z]?(?:\s?-\s?\d{1,4}[A-Za-z]?)?|"
                r"[A-Z]\d{0,2}(?:-\d{1,3})?|[Ss]/[Nn]|sin\s+n[uú]mero|"
                # (said in words where no house has a plate: "casa catorce", "house twelve")
                r"(?i:uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|"
                r"catorce|quince|diecis[eé]is|diecisiete|dieciocho|diecinueve|veinte|one|two|"
                r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty))\b")
# a home's own part with its number: a house, a lot, a block, a flat
_DWELLING = re.compile(
    r"(?i:casa|house|lote|lot|lte?\.?|mz\.?|manzana|block|bloque|cuadra|interior|int\.|dpto\.?|"
    rf"depto\.?|departamento|apt\.?|apartment|flat)\s*{_PART_NUMBER}"
    # a lot's code in an urbanización: "segunda etapa, C-14"
    r"|[A-Z]\d?-\d{1,3}\b")
# a floor or an office: part of an address, but no home's on its own ("la Fiscalía, en la
# avenida Grau, segundo piso" is an office's)
_ORDINAL = (r"(?i:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|s[eé]ptim[oa]|"
            r"octav[oa]|noven[oa]|first|"
            r"second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
            r"\d{1,2}(?:st|nd|rd|th|°|º|er|do|ro|to|vo|no)?)")
_FLOOR = re.compile(
    rf"{_ORDINAL}\s+(?i:piso|floor)\b"
    rf"|(?i:piso|floor|oficina|office|of\.|tienda|puesto|suite|unit)\s*{_PART_NUMBER}")
_SETTLEMENT = re.compile(
    r"(?i:comunidad(?:\s+(?:nativa|campesina|ind[ií]gena))?|(?:(?:native|indigenous|peasant)\s+)?"
    # (a community's part in the altiplano: "parcialidad de Collana", "ayllu …")
    rf"community|parcialidad|ayllu)(?:\s+(?:de|of))?\s+(?P<community>{_PLACE_NAME})"
    r"|(?:(?i:sector|zona|barrio|campamento|caser[ií]o|anexo|centro\s+poblado|urbanizaci[oó]n|"
    # a mining concession, a housing association ("Asociación Pro Vivienda …", "APV …")
    r"urb\.|asentamiento\s+humano|concesi[oó]n(?:\s+minera)?|asociaci[oó]n\s+pro[\s-]?vivienda|"
    r"asociaci[oó]n\s+de\s+vivienda|pueblo\s+joven)|AA\.?\s?HH\.?|A\.?P\.?V\.?|PP\.?\s?JJ\.?)"
    rf"\s+(?:{_NUMBER_OF_NAME}|{_PLACE_NAME}(?:\s+(?:\d{{1,3}}|[IVX]{{1,4}})\b)?|\d{{1,3}}[A-Z]?\b)"
    # "sin número" right after it: a home in a village without plates ("Caserío … s/n")
    r"(?P<no_number>\s*,?\s*(?:[Ss]/[Nn]\b|sin\s+n[uú]mero\b))?")
_STREET = re.compile(
    r"(?<!\w)(?:(?i:av(?:da)?\.|avenida|jr\.|jir[oó]n|calle|pasaje|psje\.|pje\.|prolongaci[oó]n|prol\.|"
    r"malec[oó]n|alameda|rua|travessa)|Av|Jr)"
    rf"\s+(?:{_NUMBER_OF_NAME}|{_PLACE_NAME}|\d{{1,3}}[A-Z]?\b)"
    # a house number after it: "calle 3 número 1475"
    r"(?P<house>\s*(?:(?i:n[uú]mero|nro\.?|no\.)|N[°º]\.?|#)?\s*\d{1,5}[A-Za-z]?(?:\s?-\s?\d{1,4})?\b)?")
_KM = r"(?i:km|kil[oó]metro|kilomet(?:re|er))\.?\s*\d{1,4}(?:[.,]\d{1,3})?\b"
# of which road: "de la carretera a Huyro", "de la trocha a …", "of the Interoceánica"
_OF_ROAD = (r"\s+(?i:of|on|de|del)\s+(?:(?i:the|la|el)\s+)?"
            r"(?:(?i:carretera|trocha|road|highway|v[ií]a|camino)\s+(?:(?i:a|to)\s+)?)?"
            # (its two ends apart: "Iquitos - Nauta", "Tarapoto - Yurimaguas road")
            rf"{_PLACE_NAME}(?:\s+[-–—]\s+{_PLACE_NAME})?(?:\s+(?i:road|highway))?")
_KILOMETRE = re.compile(rf"(?:(?i:a\s+la\s+altura\s+del?|at|en\s+el|in)\s+)?{_KM}(?:{_OF_ROAD})?")
# a road's kilometre named by its road, where someone lives or was taken ("families
# live at km 75 of the Cusco–Puerto Maldonado road"); without such a cue it is a
# place ("there were bars at kilometre 98 of the Interoceanic Highway")
_KM_OF_ROAD = re.compile(_KM + _OF_ROAD)
# a bar's or a night club's name at a road's kilometre, where girls are held ("km 110, bar
# Las Palmeras"); a hotel's or a restaurant's there is a venue ("km 5, hotel Las Palmas")
_BAR = re.compile(rf"(?i:bar|discoteca|cantina|night\s?club|prost[ií]bulo)\s+{_PLACE_NAME}")
# what a home is next to: "frente al grifo Santa Rosa", "al costado de la capilla", "next
# to the Masusa market", "referencia: a media cuadra del mercado" (up to the clause's end)
_REFERENCE = re.compile(
    r"(?i:(?:referencia|ref\.)[ \t]*:[ \t]*|a\s+media\s+cuadra\s+del?|"
    r"a\s+(?:una|dos|tres|cuatro|cinco|\d{1,2})\s+cuadras?\s+del?|a\s+\d{1,3}\s+metros\s+del?|"
    r"frente\s+al?|al\s+(?:costado|lado|frente)\s+del?|a\s+la\s+(?:altura|espalda)\s+del?|"
    r"a\s+espaldas\s+del?|detr[aá]s\s+del?|junto\s+al?|cerca\s+del?|next\s+to|opposite|"
    r"across\s+from|behind|near)\s+[^,.;:\n]{1,40}?(?=\s*[,.;:\n]|$)")
# parts that tell where inside a place: a stage, a river's bank, the river, whose house
_PLACE_DETAIL = re.compile(
    rf"{_ORDINAL}\s+(?i:etapa|stage)\b|(?i:etapa|stage)\s+(?:\d{{1,2}}|[IVX]{{1,4}})\b"
    r"|(?i:margen|bank)\s+(?i:derecha|izquierda|right|left)\b|(?i:right|left)\s+bank\b"
    rf"|(?i:r[ií]o|river)\s+{_PLACE_NAME}"
    r"|(?i:casa|house)\s+(?i:del?|of)\s+(?:(?i:la|the|su|his|her)\s+)?\w+")
_BARE_NAME = re.compile(_PLACE_NAME)   # a town or a camp's name between two parts
# a US state's code and the ZIP after the town ("…, 2nd floor, Passaic, NJ 07055")
_STATE_AND_ZIP = re.compile(rf"{_US_STATE}\b(?:[ \t]+\d{{5}}(?:-\d{{4}})?\b)?")
_PARTS = (("kilometre", _KILOMETRE), ("dwelling", _DWELLING), ("floor", _FLOOR),
          ("settlement", _SETTLEMENT), ("street", _STREET), ("bar", _BAR),
          ("reference", _REFERENCE), ("detail", _PLACE_DETAIL), ("state", _STATE_AND_ZIP),
          ("name", _BARE_NAME))
_STARTS = ("kilometre", "settlement", "street")
_PART_SEPARATOR = re.compile(r"[ \t]*,[ \t]*|[ \t]+")
# the words a chain may start with, but for a street's (folded: one search over the text;
# a street's are looked for where the street rules' cues are)
_CHAIN_CUE = re.compile(r"\b(?:com(?:unidad|munity)|native|indigenous|peasant|sector|zona|barrio|"
                        r"campamento|caserio|anexo|centro poblado|urb|asentamiento|aa\.? ?hh|"
                        r"parcialidad|ayllu|concesion|asociacion|pueblo joven|a\.?p\.?v\b|"
                        r"pp\.? ?jj|"
                        r"km\b|kilomet)")
# a home's or a letter's word before a community and its sector ("si quiere mandar
# carta, a la comunidad campesina de …, sector …")
_HOME_OR_POST_CUE = re.compile(r"(?:vive|vivo|vivia|viven|domicilio|direccion|casa|carta|lives|"
                               r"live|living|address|home|letters?)\b[^.\n]{0,30}$")


def _parts(text: str, at: int, first: str | None = None) -> list[tuple[str, re.Match[str]]]:
    """The parts of an address from `at`: the first of kind `first` (or, with None,
    the parts that go on after a separator); each next one after a comma (a house or
    a lot also after a space: "Mz. F Lt. 12"). One name may end them, the town's or
    the district's ("…, lote 11, La Rinconada"), not a person's, nor a second name."""
    parts: list[tuple[str, re.Match[str]]] = []
    if first is not None:
        m = dict(_PARTS)[first].match(text, at)
        if m is None:
            return parts
        parts.append((first, m))
        at = m.end()
    while len(parts) < 8:
        separator = _PART_SEPARATOR.match(text, at)
        if separator is None:
            break
        comma = "," in separator.group()
        for kind, pattern in _PARTS:
            if comma or kind == "dwelling":
                m = pattern.match(text, separator.end())
                if m is not None and m.end() > m.start():
                    parts.append((kind, m))
                    at = m.end()
                    break
        else:
            break
    while parts and parts[-1][0] == "name" and (
            len(parts) > 1 and parts[-2][0] == "name" or not _a_town(parts[-1][1].group())):
        parts.pop()
    return parts


# (a town's or a district's first word that no person's name starts with)
_TOWN_HEADS = frozenset("san santa santo puerto villa nuevo nueva cercado ciudad pueblo alto "
                        "bajo la el los las".split())


def _a_town(name: str) -> bool:
    """Whether a name after an address's last part is its town or district ("…,
    Wanchaq", "…, Cercado de Lima", "…, La Rinconada"), not a person's ("Jr. Ica 588,
    Rosa Quispe me dijo"): a known place, a town's head word, or no name's word."""
    words = [fold_same_length(w) for w in name.split() if w[:1].isupper()]
    if words and words[0] in _TOWN_HEADS or any(w in peruvian_places() or w in PLACE_WORDS
                                                for w in words):
        return True
    names = gazetteer()
    return not any(w in names for w in words)


def _is_address(parts: list[tuple[str, re.Match[str]]], before: str) -> bool:
    kinds = [kind for kind, _ in parts]
    home = "dwelling" in kinds or any(kind == "street" and m.group("house") or
                                      kind == "settlement" and m.group("no_number")
                                      for kind, m in parts)
    if home:
        return True
    if "kilometre" in kinds and ("settlement" in kinds or "bar" in kinds):
        return True
    communities = [m for kind, m in parts if kind == "settlement" and m.group("community")]
    return bool(communities) and kinds.count("settlement") >= 2 and \
        _HOME_OR_POST_CUE.search(before) is not None


def _chains(text: str, folded: str, streets: Iterable[int]) -> Iterator[Found]:
    """Addresses told part by part, from a settlement's or a kilometre's word or
    from a street's (`streets`: where a street's word starts)."""
    reached = 0
    for start in sorted({*streets, *(cue.start() for cue in _CHAIN_CUE.finditer(folded))}):
        if start < reached:
            continue
        for kind in _STARTS:
            parts = _parts(text, start, kind)
            if parts:
                break
        if not parts or not _is_address(parts, folded[max(0, start - _CONTEXT):start]):
            continue
        reached = parts[-1][1].end()
        yield Found(start, reached, ADDRESS, 0.9, "street-parts")


# A street named without its street word, a floor, an office or a flat after its number:
# "el local era el Procuradores 367, segundo piso", "at Huallaga 732, second floor".
_NUMBER_THEN_FLOOR = re.compile(r"\d[a-z]?,[ \t]*(?:primer|segundo|tercer|cuarto|quinto|sexto|"
                                r"septimo|octavo|noveno|first|second|third|fourth|fifth|sixth|"
                                r"seventh|eighth|ninth|\d|piso|floor|oficina|office|of\.|"
                                r"interior|int\.|dpto|depto|departamento|apt|apartment|suite|flat)")
_NAME_AND_NUMBER = re.compile(
    rf"(?<![\w.])(?P<name>{_PLACE_WORD}(?:(?:\s+(?:de|del|la|las|los|el)){{0,2}}\s+{_PLACE_WORD}){{0,2}})"
    # (two digits at least: "Phase 2, second floor", "Sheraton 2, third floor" are no homes)
    r"\s+\d{2,5}[A-Za-z]?$")
_COMMA = re.compile(r"[ \t]*,[ \t]*")
# (a sentence's or a clause's first word is no street's)
_LEADING_WORDS = frozenset(
    "en el la los las y at the in on to from and of de del a al".split())
# a building's part, an institution, a law, a case, a line: its number is no house's
# ("el Módulo 3, segundo piso", "Colegio 2045, tercer piso", "Room 1204, 12th floor")
_STREET_WORDS = frozenset("av avda avenida jr jiron calle pasaje psje pje prolongacion prol "
                          "malecon alameda paseo rua travessa carretera".split())
_NOT_A_STREET = frozenset(
    "sala aula modulo pabellon bloque block torre tower edificio building local sede planta "
    "nivel level puerta gate terminal hall ala wing room suite unit oficina office piso floor "
    "casa lote mz zona sector colegio escuela school ie institucion comisaria fiscalia juzgado "
    "hospital centro cem linea line ley law decreto decree articulo article resolucion "
    "expediente caso case ano year pagina page grupo group taller workshop mesa table km "
    "kilometro kilometre ruta route bus fase phase etapa stage area zone".split())


def _named_numbers(text: str, folded: str) -> Iterator[Found]:
    for cue in _NUMBER_THEN_FLOOR.finditer(folded):
        number_end = cue.start() + 1 + (folded[cue.start() + 1] != ",")
        after = _COMMA.match(text, number_end).end()
        unit = _FLOOR.match(text, after) or _DWELLING.match(text, after)
        named = unit and _NAME_AND_NUMBER.search(text, max(0, number_end - 60), number_end)
        if not named:
            continue
        words = [(w.start(), w.group()) for w in re.finditer(r"\S+", named.group("name"))]
        while words and fold_same_length(words[0][1]) in _LEADING_WORDS:
            words.pop(0)
        folded_words = [fold_same_length(w).strip(".") for _, w in words]
        # (a street's word among them: the street rules find it, from its word)
        if not words or folded_words[0] in _NOT_A_STREET or words[0][1].isupper() or \
                any(w in MONTHS or w in _STREET_WORDS for w in folded_words):
            continue
        yield Found(named.start("name") + words[0][0], unit.end(), ADDRESS, 0.9,
                    "street-without-its-word")


# Colombia's addresses: a street's type and number, then the house's two numbers
# ("Carrera 10 No. 8-47", "Transversal 5 # 24-11").
_ADDRESS_CO = re.compile(
    r"\b(?:Carrera|Cra\.?|Kra\.?|Calle|Cl\.|Cll\.?|Transversal|Tv\.?|Diagonal|Dg\.?|Avenida|Av\.?)"
    r"[ \t]+\d{1,3}[A-Z]?(?:[ \t]+[Bb]is)?[ \t]*(?:No\.?|N[°º]\.?|Nro\.?|#)[ \t]*"
    r"\d{1,3}[A-Z]?[ \t]*-[ \t]*\d{1,3}\b")
# A post-office box: "P.O. Box 4417", "casilla postal 218".
_POST_BOX = re.compile(
    r"\b(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]Office[ \t]Box|(?i:casilla|apartado)[ \t]+(?i:postal))"
    r"[ \t]*(?:N[°º.]?[ \t]*|No\.[ \t]*|#[ \t]*)?\d{1,6}\b")
# A British street with its postcode: "14 Elm Grove, Leeds LS6 2AB" (the street types
# that are everyday words, Grove, Green, Park, Hill, only with the postcode).
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}\b"
_ADDRESS_UK = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt\.?)[ \t]*\d{1,4}[A-Z]?,[ \t]*)?"
    r"\b\d{1,4}[A-Za-z]?\s+(?:[A-Z][a-z]*\.?\s+){1,3}"
    r"(?:Grove|Gardens|Mews|Row|Square|Hill|Walk|Rise|Green|Park|Close|Crescent|Terrace|Road|"
    rf"Street|Lane|Avenue|Drive|Way|Place)\b,[ \t]*(?:[A-Z][a-z]+[ \t]+){{1,3}}{_UK_POSTCODE}")


# A European street with its postcode and town: "Kastanienallee 58, 10119 Berlin",
# "Carrer de Provença 301, 2n 1a, 08037 Barcelona", "Via Nizza 18, 10125 Torino": a
# name, the house's number (a floor and a door after it), a comma, a postcode of four
# or five digits and a capitalised town.
_EU_STREET_WORD = (r"(?:Carrer|Calle|Avinguda|Passeig|Pla[cç]a|Rue|Avenue|Boulevard|Via|Viale|"
                   r"Corso|Piazza|Rua|Avenida|Travessa|Stra[ßs]e|Ulica|ul\.)")
_EU_LINK = r"(?:de|del|de la|d['’]|della|delle|di|du|des|de l['’]|da|do|dos)"
_ADDRESS_EU = re.compile(
    rf"(?<![\w.])(?P<word>{_EU_STREET_WORD}\s+(?:{_EU_LINK}\s*)?)?"
    r"(?P<name>[A-ZÁÉÍÓÚÑÄÖÜÀÈÒÇ][\wáéíóúñäöüßàèòç'’.-]+(?:\s+(?:[A-ZÁÉÍÓÚÑÄÖÜÀÈÒÇ]"
    r"[\wáéíóúñäöüßàèòç'’.-]+|de|del|di|la))*?)"
    r"\s+\d{1,4}[a-zA-Z]?(?:-\d{1,4})?"
    r"(?:,\s*(?:\d{1,2}[a-zºª°]{1,2}|pral\.?|bajo|Bajo)(?:\s+\d{1,2}[a-zºª°]{1,2})?)?"
    r",\s*(?P<postcode>\d{4,5})\s+[A-ZÁÉÍÓÚÑÄÖÜ][a-záéíóúñäöüß]+"
    r"(?:[ -](?:am|an|de)?\s?[A-Z][a-zäöü]+)?")
_EU_STREET_END = re.compile(r"(?:allee|stra[ßs]e|str\.|weg|gasse|platz|ring|damm|ufer|"
                            r"straat|laan|gracht|gatan|gata|vägen|vej|gade|veien|tie|katu)\b",
                            re.IGNORECASE)
_EU_POSTCODE_CUE = re.compile(r"\d[a-zA-Z]?,[ \t]*(?:[\w.ºª°]{1,4}(?:[ \t][\w.ºª°]{1,4})?,[ \t]*)?"
                              r"\d{4,5}[ \t]+[A-Z]")


def _european(text: str) -> Iterator[Found]:
    for low, high in windows(_EU_POSTCODE_CUE, text, 60, 40):
        for m in _ADDRESS_EU.finditer(text, low, high):
            words = [fold_same_length(w).lower().strip(".") for w in m.group("name").split()]
            postcode = m.group("postcode")
            # (a street's word before the name, or a street's ending in it: "-allee",
            # "-straße", "-weg", "-gasse", "-platz", "-straat", "-gatan", "-vej")
            if not m.group("word") and not _EU_STREET_END.search(m.group("name")):
                continue
            if not words or words[0] in _NOT_A_STREET or words[0] in _LEADING_WORDS or \
                    any(w in MONTHS for w in words) or \
                    len(postcode) == 4 and postcode[:2] in ("19", "20"):
                continue
            yield Found(m.start(), m.end(), ADDRESS, 0.9, "street-eu")


def _with_its_parts(found: Found, text: str) -> Found:
    """`found` with the parts written after it: a flat, a settlement, what the home is
    next to ("Jr. Pumacahua 418, al costado de la iglesia", "Mz. K2 Lote 19, AA.HH. …")."""
    parts = _parts(text, found.end)
    return found._replace(end=parts[-1][1].end()) if parts else found


def addresses(text: str, folded: str) -> Iterator[Found]:
    for found in _addresses(text, folded):
        # (an address told part by part has taken its parts already)
        yield found if found.rule == "street-parts" else _with_its_parts(found, text)


def _addresses(text: str, folded: str) -> Iterator[Found]:
    # (each street cue is searched for once: its stretches serve every rule that needs it)
    spanish = list(windows(_STREET_CUE_ES, text, 20, 120))
    lower = list(windows(_STREET_CUE_LOWER, text, 20, 120))
    for stretches, rules in (
            (spanish, ((_ADDRESS_ES, "street-es"),
                       (_ADDRESS_ES_NUMBER_FIRST, "street-es-number-first"),
                       (_ADDRESS_CO, "street-co"))),
            (lower, ((_ADDRESS_ES_LOWER, "street-es"),
                     (_ADDRESS_ES_NUMBER_FIRST, "street-es-number-first"))),
            (windows(_STREET_CUE_EN, text, 60, 120), ((_ADDRESS_EN, "street-en"),
                                                      (_ADDRESS_UK, "street-uk")))):
        for low, high in stretches:
            for pattern, rule in rules:
                for m in pattern.finditer(text, low, high):
                    yield Found(m.start(), m.end(), ADDRESS, 0.9, rule)
    for m in (m for low, high in windows(_ROAD_KM_CUE, folded, 80, 40)
              for m in _ROAD_KM.finditer(text, low, high)):
        if m.group("lot") or _HOME_CUE.search(folded, max(0, m.start() - _CONTEXT), m.start()) \
                or _WORKPLACE_CUE.search(folded, max(0, m.start() - _CONTEXT), m.start()):
            yield Found(m.start(), m.end(), ADDRESS, 0.9, "road-km")
    for m in (m for low, high in windows(_ROAD_KM_CUE, folded, 2, 40)
              for m in _KM_LOT.finditer(text, low, high)):
        yield Found(m.start(), m.end(), ADDRESS, 0.9, "road-km")
    for m in (m for low, high in windows(_ROAD_KM_CUE, folded, 2, 80)
              for m in _KM_OF_ROAD.finditer(text, low, high)):
        before = folded[max(0, m.start() - 60):m.start()]
        if _HOME_CUE.search(before) or _TAKEN_CUE.search(before) or \
                _TAKEN_ON.search(folded, max(0, m.start() - 200), m.start()):
            yield Found(m.start(), m.end(), ADDRESS, 0.9, "road-km-home")
    if "box" in folded or "postal" in folded:   # (rare: two substring searches first)
        for m in _POST_BOX.finditer(text):
            yield Found(m.start(), m.end(), ADDRESS, 0.9, "post-box")
    yield from _chains(text, folded, (m.start() for low, high in (*spanish, *lower)
                                      for m in _STREET.finditer(text, low, high)))
    yield from _named_numbers(text, folded)
    yield from _european(text)
    for low, high in (*spanish, *lower):
        for m in (m for pattern in (_STREET_NAME_ONLY, _CORNER)
                  for m in pattern.finditer(text, low, high)):
            before = folded[max(0, m.start() - _CONTEXT):m.start()]
            # a named street without a number is a place unless it is someone's home;
            # right after a verb of living it surely is ("she lives on Calle Saphi")
            if _LIVES_ON.search(before):
                yield Found(m.start(), m.end(), ADDRESS, 0.85, "street-home")
            elif _HOME_CUE.search(before):
                yield Found(m.start(), m.end(), ADDRESS, 0.7, "street-home")
