"""Patterned personal data: emails, URLs, phone numbers, identity document
numbers, dates of birth and street addresses, in Spanish and English.

Each finder takes the text and its folded copy (same length, lower case,
no accents: `fold_same_length`) and yields Found(start, end, category,
confidence, rule). Numbers are found once, as runs of digits and separators,
then told apart by their shape and the words before and after them, so a
phone number, a DNI and a budget line are decided in one place."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ..transcripts.metadata import MONTHS

EMAIL, URL, PHONE, ID_NUMBER, BIRTH_DATE, ADDRESS, PERSON = (
    "email", "url", "phone", "id_number", "date_of_birth", "address", "person_name")
CATEGORIES = (EMAIL, URL, PHONE, ID_NUMBER, BIRTH_DATE, ADDRESS, PERSON)

HIGH, MEDIUM, LOW = 0.8, 0.6, 0.4   # confidence bands; the export guard stops at HIGH


class Found(NamedTuple):
    start: int
    end: int
    category: str
    confidence: float
    rule: str


_FOLD = str.maketrans("ÁÉÍÓÚÜÑÀÈÌÒÙÂÊÎÔÛÄËÏÖáéíóúüñàèìòùâêîôûäëïö",
                      "aeiouunaeiouaeiouaeioaeiouunaeiouaeiouaeio")


def fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one, so offsets into the
    folded text are offsets into `text`."""
    folded = text.translate(_FOLD).lower()
    if len(folded) != len(text):   # a rare letter whose lower case is longer
        folded = "".join(ch.translate(_FOLD).lower()[:1] or ch for ch in text)
    return folded


# --- emails and URLs ------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{0,63}\w@(?:[\w-]{1,63}\.){1,6}[a-z]{2,}\b"
    # spoken or hidden forms: juan.quispe arroba gmail punto com, j.quispe [at] mimp.gob.pe
    r"|(?<![\w.])\w[\w.-]*\s*(?:\(arroba\)|\[arroba\]|\(at\)|\[at\]|\barroba\b)\s*"
    r"[\w-]+(?:\s*(?:\.|\bpunto\b|\(dot\)|\[dot\])\s*[a-z]{2,6}\b)+")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|\b(?:[a-z0-9-]{1,63}\.){1,6}(?:com|org|net|pe|gob\.pe|edu|info|io|co|es|us|uk|int)"
    r"(?:\.[a-z]{2})?/[^\s<>\"'()\[\]]*")
_SOCIAL = re.compile(r"facebook|fb\.com|instagram|twitter|x\.com|tiktok|linkedin|wa\.me")
_TRAILING = ".,;:!?¡¿)»”’'\""


def windows(cue: re.Pattern[str], text: str, before: int, after: int) -> Iterator[tuple[int, int]]:
    """Merged (start, end) stretches of `text` around each match of `cue`, each
    end pushed to the next space so no word is cut. A pattern whose every
    match holds a cue runs only there: a cheap literal search replaces a
    costly pattern tried at every position (the scan must do 1M words in a
    few seconds)."""
    start = end = -1
    for m in cue.finditer(text):
        low, high = max(0, m.start() - before), m.end() + after
        space = text.find(" ", high)
        high = len(text) if space < 0 else space
        if low <= end:
            end = max(end, high)
            continue
        if end >= 0:
            yield start, end
        start, end = low, high
    if end >= 0:
        yield start, end


def within(pattern: re.Pattern[str], cue: re.Pattern[str], text: str, before: int,
           after: int) -> Iterator[re.Match[str]]:
    """Matches of `pattern` in the stretches of `text` around `cue`."""
    for low, high in windows(cue, text, before, after):
        yield from pattern.finditer(text, low, high)


_AT = re.compile(r"@|arroba|\[at\]|\(at\)")


def emails(text: str, folded: str) -> Iterator[Found]:
    for m in within(_EMAIL, _AT, folded, 80, 80):
        yield Found(m.start(), m.end(), EMAIL, 0.95, "email")


_URL_CUE = re.compile(r"https?:|www\.|\.(?:com|org|net|pe|edu|info|io|co|es|us|uk|int)")


def urls(text: str, folded: str) -> Iterator[Found]:
    for m in within(_URL, _URL_CUE, folded, 200, 300):
        end = m.end()
        while end > m.start() and folded[end - 1] in _TRAILING:
            end -= 1
        link = folded[m.start():end]
        # a profile or a link with a person's path is personal; a public site less so
        personal = bool(_SOCIAL.search(link)) or "/~" in link or "@" in link
        yield Found(m.start(), end, URL, 0.9 if personal else MEDIUM,
                    "url-profile" if personal else "url")


# --- numbers --------------------------------------------------------------------

# A run of digits with the separators people write between groups.
_NUMBER = re.compile(r"(?<![\w/.,:-])(?:\+|00)?(?:\(\s*\+?\d{1,4}\s*\)[ \t.-]?)?\d"
                     r"(?:[ \t]?[.\-][ \t]?\d|[ \t]\d|\d|[ \t]?\(\d{1,4}\)[ \t]?\d)*"
                     r"(?![\w]|[.,]\d)")
_SEPARATORS = re.compile(r"[ \t.\-()]+")
_DIGITS = re.compile(r"\D")

# Words just before a number that say what it is (folded).
_PHONE_CUE = re.compile(r"(?:telefono|telf?\.?|fono|celular|cel\.?|movil|whatsapp|wsp|"
                        r"llamar(?:le|me|nos)? al|llame al|marcar al|numero|nro\.?|anexo|"
                        r"contacto|phone|tel\.?|mobile|cell(?: phone)?|call(?: me| her| him)?"
                        r"(?: at| on)?|text(?: me)?(?: at| on)?|number|reach (?:me|her|him) "
                        r"(?:at|on))\b[^\d\n]{0,25}$")
# "número" alone names any number: a phone only when the digits have a phone's shape.
_WEAK_PHONE_CUE = re.compile(r"(?:numero|nro\.?|number)\b[^\d\n]{0,25}$")
_DNI_CUE = re.compile(r"(?:\bdni|d\.n\.i\.?|documento(?: nacional)? de identidad|"
                      r"identity (?:card|document|number)|national id(?:entity)?(?: card)?|"
                      r"\bid(?: card| number| no\.?)?|\bdoc\.?|documento)\b[^\d\n]{0,25}$")
_CE_CUE = re.compile(r"(?:\bc\.\s?e\.|\bce\b|carn[eé]t?(?: de)? extranjeria|\bcarne\b|"
                     r"foreigner'?s? (?:card|id)|residence (?:card|permit))[^\d\n]{0,20}$")
_RUC_CUE = re.compile(r"\bruc\b[^\d\n]{0,20}$")
# (up to two words between: "pasaporte venezolano número", "her passport no.")
_PASSPORT_CUE = re.compile(r"(?:pasaporte|passport)\b(?:[ \t,:]+[a-z]+\.?){0,3}[^\w\n]{0,8}$")
_SSN_CUE = re.compile(r"(?:social security|ssn|seguro social)[^\d\n]{0,20}$")
# Words before a number that make it something else: laws, resolutions, budgets, years.
_NOT_PERSONAL_BEFORE = re.compile(
    r"(?:\bley|\bleyes|decreto(?: supremo| legislativo| de urgencia)?|\bd\.?s\.?|\bd\.?l\.?|"
    r"resolucion(?: ministerial| directoral| suprema| jefatural| de [a-z]+)?|\br\.?m\.?|"
    r"oficio|informe|expediente|exp\.?|codigo|cod\.?|articulo|art\.?|inciso|numeral|pagina|"
    r"p[aá]g\.?|pp?\.|ordenanza|acuerdo|convenio|contrato|licitacion|proyecto|"
    r"s/\.?|s/|us\$|\$|usd|€|eur|soles|presupuesto(?: de)?|monto(?: de)?|"
    r"ano|anos|year|years|desde|hasta|entre|since|until|law|act|resolution|decree|"
    r"page|section|grant|award|cooperative agreement|agreement|no\.?|n[°º]\.?|nro\.?)"
    # (a qualifier may follow: "Ordenanza Regional 245-2013", "Decreto Legislativo N° 1297")
    r"(?:[ \t]+(?:regional|municipal|provincial|distrital|ministerial|directoral|suprema|"
    r"supremo|jefatural|legislativo|legislativa|de alcaldia|ejecutiva|general))?"
    r"[ \t]*(?:n[°º]\.?|no\.?|nro\.?|numero|number|#)?[ \t]*$")
_NOT_PERSONAL_AFTER = re.compile(
    r"^[ \t]*(?:%|por ?ciento|percent|soles|sol\b|dolares|dollars|usd|us\$|euros|millones|"
    r"millon|mil\b|thousand|million|billion|personas|people|ninos|ninas|nna|adolescentes|"
    r"victimas|victims|casos|cases|horas|hours|minutos|minutes|dias|days|meses|months|anos|"
    r"years|km|kilometros|kilometers|metros|hectareas|participantes|participants|"
    r"beneficiarios|beneficiaries|habitantes|inhabitants|estudiantes|students|familias|"
    r"families|-\s?(?:19|20)\d\d-)")
# Words before a grouped number that make it a quantity ("unos 32 971 254").
_QUANTITY_BEFORE = re.compile(r"(?:\bunos|\bunas|\bde|\bmas de|\bcerca de|alrededor de|"
                              r"aproximadamente|\btotal(?: de| of)?|\babout|\bover|\baround|"
                              r"\bnearly|\balmost|\bof|\bsuma|\bes)[ \t]*$")
_CONTEXT = 40


class _Number(NamedTuple):
    start: int
    end: int
    digits: str
    groups: tuple[int, ...]     # lengths of the digit groups as written
    raw: str                    # as written
    plus: bool                  # written with + or 00 in front
    before: str                 # folded text just before
    after: str


def _numbers(folded: str) -> Iterator[_Number]:
    for m in _NUMBER.finditer(folded):
        raw = m.group()
        digits = _DIGITS.sub("", raw)
        if len(digits) < 6:
            continue
        groups = tuple(len(g) for g in _SEPARATORS.split(raw.lstrip("+")) if g)
        yield _Number(m.start(), m.end(), digits, groups, raw,
                      raw.startswith(("+", "00", "(+")),
                      folded[max(0, m.start() - _CONTEXT):m.start()],
                      folded[m.end():m.end() + _CONTEXT])


def _is_date_digits(digits: str) -> bool:
    """20240312 or 12032024: a date written without separators."""
    if len(digits) != 8:
        return False
    for year, month, day in ((digits[:4], digits[4:6], digits[6:]),
                             (digits[4:], digits[2:4], digits[:2])):
        if 1900 <= int(year) <= 2100 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return True
    return False


def _phone_shape(n: _Number) -> str | None:
    """Which phone form the number has, if any (see docs/anonymisation.md)."""
    d, groups = n.digits, n.groups
    if n.plus or d.startswith("51") and len(d) == 11 and d[2] == "9":
        if d.startswith(("0051", "51")):
            local = d[4:] if d.startswith("0051") else d[2:]
            if len(local) == 9 and local[0] == "9":
                return "pe-mobile-intl"
            if len(local) in (8, 7) and local[0] in "145678":
                return "pe-landline-intl"
        if n.plus and 8 <= len(d.lstrip("0")) <= 15:
            return "international"
        return None
    if len(d) == 9 and d[0] == "9" and all(2 <= g <= 4 for g in groups) or (
            len(d) == 9 and d[0] == "9" and groups == (9,)):
        return "pe-mobile"
    if d.startswith("01") and len(d) == 9:               # (01) 234-5678: Lima
        return "pe-landline-lima"
    if d.startswith("0") and len(d) in (8, 9) and d[1] in "45678" and len(groups) >= 2:
        return "pe-landline"                              # (084) 23-4567: provinces
    if len(d) == 10 and groups in ((3, 3, 4), (10,)) and d[0] in "23456789":
        return "nanp" if groups == (3, 3, 4) else None    # (202) 555-0143
    if len(d) == 7 and groups in ((3, 4), (3, 2, 2)) and d[0] in "2345678":
        return "local"                                    # 234-5678: a line without area code
    if len(d) == 6 and groups in ((2, 2, 2), (3, 3)) and d[0] in "2345678":
        return "local-6"                                  # 23-45-67: a province number
    return None


def numbers(text: str, folded: str) -> Iterator[Found]:
    for n in _numbers(folded):
        found = _classify_number(n)
        if found is not None:
            category, confidence, rule = found
            yield Found(n.start, n.end, category, confidence, rule)


def _classify_number(n: _Number) -> tuple[str, float, str] | None:
    d = n.digits
    shape = _phone_shape(n)
    cue_phone = bool(_PHONE_CUE.search(n.before))
    if _SSN_CUE.search(n.before) and len(d) == 9:
        return ID_NUMBER, 0.95, "ssn-cue"
    if n.groups == (3, 2, 4) and not shape:
        return ID_NUMBER, 0.85, "ssn"
    if _RUC_CUE.search(n.before) and len(d) == 11:
        return ID_NUMBER, 0.95, "ruc-cue"
    if _CE_CUE.search(n.before) and 6 <= len(d) <= 12:
        return ID_NUMBER, 0.95, "ce-cue"
    if _PASSPORT_CUE.search(n.before) and 6 <= len(d) <= 12:
        return ID_NUMBER, 0.95, "passport-cue"
    if _DNI_CUE.search(n.before) and len(d) in (8, 9) and not cue_phone:
        return ID_NUMBER, 0.95, "dni-cue"
    if shape and cue_phone:
        return PHONE, 0.95, f"phone-cue-{shape}"
    if cue_phone and len(d) == 8 and _WEAK_PHONE_CUE.search(n.before):
        return ID_NUMBER, 0.85, "dni-number-cue"   # "el número 41236587": no phone has 8 digits
    if cue_phone and 6 <= len(d) <= 12 and not _NOT_PERSONAL_AFTER.search(n.after):
        return PHONE, 0.85, "phone-cue"
    blocked = bool(_NOT_PERSONAL_BEFORE.search(n.before) or _NOT_PERSONAL_AFTER.search(n.after))
    if len(n.groups) >= 2 and 1990 <= int(d[-4:]) <= 2035 and n.groups[-1] == 4:
        return None   # 245-2013, 017-2017: a document's number and year, not a phone
    if shape in ("pe-mobile-intl", "pe-landline-intl", "international", "pe-mobile",
                 "pe-landline-lima", "pe-landline", "nanp"):
        if blocked and not n.plus:
            return None
        return PHONE, 0.9, f"phone-{shape}"
    if blocked:
        return None
    if len(d) == 11 and d[:2] in ("10", "15", "16", "17", "20") and n.groups in (
            (11,), (2, 8, 1), (2, 3, 3, 3)):
        return ID_NUMBER, 0.85, "ruc"
    if len(d) == 8 and len(n.groups) == 1 and not _is_date_digits(d):
        return ID_NUMBER, 0.85, "dni"
    if n.groups == (8, 1) and "-" in n.raw:
        return ID_NUMBER, 0.9, "dni-check-digit"     # 40817263-5: DNI and its check digit
    if len(d) == 8 and n.groups in ((2, 3, 3), (2, 2, 2, 2), (4, 4)) and \
            not d.endswith("000") and not _QUANTITY_BEFORE.search(n.before):
        # 45.218.963, 47 309 251: a DNI as people group it (amounts end in 000
        # and carry a currency or a unit, which blocks them above)
        return ID_NUMBER, 0.85, "dni-grouped"
    if len(d) == 9 and len(n.groups) == 1 and d.startswith("00"):
        return ID_NUMBER, 0.8, "ce"
    if shape in ("local", "local-6"):
        return PHONE, MEDIUM, f"phone-{shape}"
    return None


# Passports and other documents with letters in them.
_ALNUM_ID = re.compile(
    r"(?:pasaporte|passport|carn[eé]t?(?: de)? extranjer[ií]a|\bc\.\s?e\.|\bce\b|\bdni|"
    r"licencia(?: de conducir)?|driver'?s licen[cs]e|brevete)"
    r"(?:\s+(?:n[°º]\.?|no\.?|number|numero|nro\.?|es|is|el|la))*[\s:#]*(?P<id>[a-z]{0,3}-?\d[\d-]{4,11}[a-z]?)\b")
_SEVEN_DIGITS = re.compile(r"\d{7}")
_BARE_PASSPORT = re.compile(r"(?<![\w-])[A-Z]{1,2}\d{7,8}(?![\w-])")


# (literal words first, so the search is a fast one; "ce" only as a word of its own)
_ID_CUE = re.compile(r"pasaporte|passport|carne|extranjer|dni|licen|brevete|c\. ?e\.|[ (\n]ce[ :.]")


def alphanumeric_ids(text: str, folded: str) -> Iterator[Found]:
    for m in within(_ALNUM_ID, _ID_CUE, folded, 2, 60):
        if any(ch.isalpha() for ch in m.group("id")):   # all-digit ids: `numbers`
            yield Found(m.start("id"), m.end("id"), ID_NUMBER, 0.95, "document-cue")
    for m in within(_BARE_PASSPORT, _SEVEN_DIGITS, text, 2, 1):
        yield Found(m.start(), m.end(), ID_NUMBER, MEDIUM, "passport-shape")


# --- dates of birth -------------------------------------------------------------

# Month names are the ones metadata dates are read with, plus abbreviations.
_MONTH_ABBREVIATIONS = ("ene", "feb", "mar", "abr", "jun", "jul", "ago", "sep", "sept", "set",
                        "oct", "nov", "dic", "jan", "apr", "aug", "dec")
_MONTHS = "(?:" + "|".join((*MONTHS, *_MONTH_ABBREVIATIONS)) + r")\.?"
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)?\d\d"
    rf"|\d{{1,2}}(?:\s+de)?\s+{_MONTHS}(?:\s+de(?:l)?|,)?\s+(?:19|20)\d\d"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|(?:19|20)\d\d-\d\d-\d\d)\b")
_YEAR_ONLY = re.compile(r"\b(?:19|20)\d\d\b")
_BIRTH_CUE = re.compile(
    r"(?:naci(?:o|a|eron|mos)?|nacido|nacida|nacimiento|f\.?\s?nac\.?|fecha de nac\.?|"
    r"cumpleanos|cumple anos|born|birth(?:day|date)?|date of birth|d\.?o\.?b\.?)"
    r"\b[^.\n]{0,30}$")


_DATE_CUE = re.compile(r"(?:19|20)\d\d|\d[/.-]\d")


def birth_dates(text: str, folded: str) -> Iterator[Found]:
    for m in within(_DATE, _DATE_CUE, folded, 30, 12):
        before = folded[max(0, m.start() - _CONTEXT):m.start()]
        if _BIRTH_CUE.search(before):
            yield Found(m.start(), m.end(), BIRTH_DATE, 0.95, "birth-cue-date")
            continue
        year = re.search(r"(19|20)\d\d$", m.group()) or re.search(r"\d\d$", m.group())
        value = int(year.group()) if year else 0
        value += 1900 if value < 100 else 0
        if 1925 <= value <= 2008:   # an adult's or a child's birth year, not a project date
            yield Found(m.start(), m.end(), BIRTH_DATE, LOW, "old-date")
    for m in within(_YEAR_ONLY, _DATE_CUE, folded, 2, 2):
        before = folded[max(0, m.start() - 25):m.start()]
        if re.search(r"(?:naci(?:o|a|mos)?|nacido|nacida|born)(?: (?:en|el ano|in))?[ \t]*$",
                     before):
            yield Found(m.start(), m.end(), BIRTH_DATE, 0.85, "birth-cue-year")


# --- street addresses -----------------------------------------------------------

_NAME_WORD = r"(?:[A-ZÁÉÍÓÚÑ][\wáéíóúñü'’.-]*|\d{1,2}\s+de\s+[A-Z][a-z]+)"
_LINKS = r"(?:\s+(?:de|del|la|las|los|el|y|of|the)){0,2}"
_STREET_ES = (r"(?:Av(?:da)?\.?|Avenida|Jr\.?|Jir[oó]n|Calle|Ca\.|Cl\.|Pasaje|Psje\.?|Pje\.?|"
              r"Prolongaci[oó]n|Prol\.|Carretera|Malec[oó]n|Alameda|Paseo|Urb\.?|"
              r"Urbanizaci[oó]n|Asentamiento Humano|AA\.?\s?HH\.?|A\.?H\.?|Mz\.?|Manzana)")
_ADDRESS_ES = re.compile(
    rf"\b{_STREET_ES}\s+(?:{_NAME_WORD}{_LINKS}\s+){{0,4}}{_NAME_WORD}?"
    r"\s*(?:,\s*)?(?:N[°º]\.?\s*|No\.?\s*|Nro\.?\s*|n[uú]mero\s+|#\s*|cuadra\s+)?"
    r"(?P<number>\d{1,5}[A-Za-z]?\b)"
    r"(?:\s*,?\s*(?:(?:dpto|dpt|depto|departamento|int|interior|piso|of|oficina|lote|lt|mz|"
    r"manzana|block|bloque|apt|apartment)\.?\s*[A-Z0-9-]{1,5}\b))*")
_ADDRESS_EN = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\.?\s+){1,3}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|"
    r"Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Court|Ct\.?|Way|Place|Pl\.?|Terrace|Close|"
    r"Crescent)\b(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat|#)\.?\s*[A-Z0-9-]{1,5}\b)?")
_STREET_NAME_ONLY = re.compile(
    rf"\b(?:Av(?:da)?\.|Avenida|Jr\.|Jir[oó]n|Calle|Pasaje|Psje\.|Pje\.)\s+"
    rf"(?:{_NAME_WORD}{_LINKS}\s+){{0,3}}{_NAME_WORD}")
_HOME_CUE = re.compile(r"(?:vive|vivo|vivia|domicilio|direccion|casa|lives|live|living|address|"
                       r"home)\b[^.\n]{0,25}$")


_STREET_CUE_ES = re.compile(r"Av|Jr|Jir|Calle|Ca\.|Cl\.|Pasaje|Psje|Pje|Prol|Carretera|Malec|"
                            r"Alameda|Paseo|Urb|Asentamiento|AA|A\.H|Mz|Manzana")
_STREET_CUE_EN = re.compile(r"Street|St\.?|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|"
                            r"Court|Ct|Way|Place|Pl|Terrace|Close|Crescent")


def addresses(text: str, folded: str) -> Iterator[Found]:
    for pattern, cue, before, rule in ((_ADDRESS_ES, _STREET_CUE_ES, 2, "street-es"),
                                       (_ADDRESS_EN, _STREET_CUE_EN, 60, "street-en")):
        for m in within(pattern, cue, text, before, 120):
            yield Found(m.start(), m.end(), ADDRESS, 0.9, rule)
    for m in within(_STREET_NAME_ONLY, _STREET_CUE_ES, text, 2, 120):
        before = folded[max(0, m.start() - _CONTEXT):m.start()]
        # a named street without a number is a place unless it is someone's home
        if _HOME_CUE.search(before):
            yield Found(m.start(), m.end(), ADDRESS, 0.7, "street-home")


PATTERN_FINDERS = (emails, urls, numbers, alphanumeric_ids, birth_dates, addresses)
