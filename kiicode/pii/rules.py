"""Patterned personal data: emails, URLs, phone numbers, identity document
numbers and dates of birth, in Spanish and English (street addresses are in
addresses.py).

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
from .cues import spans as cue_spans
from .levels import HIGH, LOW, MEDIUM  # noqa: F401  (confidence bands; re-exported here)

EMAIL, URL, PHONE, ID_NUMBER, BIRTH_DATE, ADDRESS, PERSON = (
    "email", "url", "phone", "id_number", "date_of_birth", "address", "person_name")
CATEGORIES = (EMAIL, URL, PHONE, ID_NUMBER, BIRTH_DATE, ADDRESS, PERSON)


class Found(NamedTuple):
    start: int
    end: int
    category: str
    confidence: float
    rule: str


_FOLD = str.maketrans("ÁÉÍÓÚÜÑÀÈÌÒÙÂÊÎÔÛÄËÏÖÃÕÇáéíóúüñàèìòùâêîôûäëïöãõç",
                      "aeiouunaeiouaeiouaeioaocaeiouunaeiouaeiouaeioaoc")


# (the same fold as `text.translate(_FOLD)`, faster on a long text: a search for the
# few accented letters and a lookup for each, instead of a lookup for every character)
_ACCENTED = re.compile("[" + re.escape("".join(map(chr, _FOLD))) + "]")
_UNACCENTED = {chr(k): v if isinstance(v, str) else chr(v) for k, v in _FOLD.items()}
_LONG = 64


def fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one, so offsets into the
    folded text are offsets into `text`."""
    if text.isascii():   # (_FOLD maps letters outside ASCII only)
        return text.lower()
    folded = (_ACCENTED.sub(lambda m: _UNACCENTED[m.group()], text) if len(text) > _LONG
              else text.translate(_FOLD)).lower()
    if len(folded) != len(text):   # a rare letter whose lower case is longer
        folded = "".join(ch.translate(_FOLD).lower()[:1] or ch for ch in text)
    return folded


# A word processor's or a form's separators between a number's groups: no-break
# spaces (U+00A0, U+202F, U+2009, U+2007) and hyphens other than "-" (U+2010,
# U+2011, U+2012, the minus U+2212, U+FE63, U+FF0D), read as a space and a "-",
# one character for one, so offsets stay the text's.
# Middle dots and bullets between groups ("984 · 615 · 027", "951·204·887") are
# read as "-" too.
_ODD_SEPARATORS = ("\u00a0\u202f\u2009\u2007\u2010\u2011\u2012\u2212\ufe63\uff0d"
                   "\u00b7\u2022\u2219\u30fb")
_PLAIN = str.maketrans(_ODD_SEPARATORS, "    ----------")


def plain_separators(text: str) -> str:
    """`text` with its no-break spaces and odd hyphens as plain ones (same length).
    (a few substring searches are faster than one search for a class of them)"""
    return text.translate(_PLAIN) if any(ch in text for ch in _ODD_SEPARATORS) else text


# --- emails and URLs ------------------------------------------------------------

# A mail provider as speech-to-text may split it: "g mail", "hot mail", "proton mail".
_PROVIDER = (r"(?:g[ \t]mail|hot[ \t]mail|out[ \t]look|proton[ \t]mail|gmail|hotmail|yahoo|"
             r"outlook|icloud|protonmail)\b")
# The endings an address may have, said or typed after a plain "at" (a plain "at"
# needs a known ending): countries', the old ones, and the newer ones NGOs and
# consultants use ("andeswatch.ngo", "ayni.coop", "tambo.lat", "kallpa.consulting"),
# and the reserved "example" that made-up addresses use.
_ENDING = (r"(?:com|org|net|edu|gov|gob|pe|es|co|uk|us|info|io|int|mx|ar|cl|bo|ec|ve|br|"
           r"ngo|ong|coop|lat|biz|ai|app|dev|tech|online|site|digital|consulting|studio|"
           r"email|global|world|news|eu|de|fr|ca|au|example|"
           # (Europe's, said after a volunteer's or a foundation's name: "… dot nl",
           # "… punto ch"; and "me", a personal domain's: "… en proton punto me")
           r"nl|se|ch|dk|fi|be|it|pl|pt|ie|nz|me)")
# a domain's next part: typed with its dot, or its dot said ("punto", "(dot)")
_SAID_DOMAIN_JOIN = (r"(?:\.[a-z]{2,12}\b|[ \t]*(?:\bpunto\b|\((?:dot|punto)\)|\[(?:dot|punto)\])"
                     r"[ \t]*[a-z]{2,12}\b)")
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{0,63}\w@(?:[\w-]{1,63}\.){1,6}[a-z]{2,}\b"
    # spoken or hidden forms: juan.quispe arroba gmail punto com, j.quispe [at] mimp.gob.pe
    # (the name before it may be said too: "juan punto quispe guion bajo 85 arroba …")
    r"|(?<![\w.])\w[\w.-]*(?:\s+(?:punto|dot|guion(?: bajo)?|underscore|hyphen|dash)\s+\w[\w.-]*)*"
    r"\s*(?:\(arroba\)|\[arroba\]|\(at\)|\[at\]|\b(?:arroba|aroba|arrova|arrob|at sign)\b)\s*"
    # (its ending stays on the line and in the sentence: no part crosses a line break
    # into the next speaker's label, and a dot typed with spaces, "gmail . com", is
    # the domain's first only, so "… punto com. Es lo que …" ends at "com")
    r"(?:" + _PROVIDER + r"|[\w-]+)(?:[ \t]*\.[ \t]*" + _ENDING + r"\b" + _SAID_DOMAIN_JOIN + r"*|"
    + _SAID_DOMAIN_JOIN + r"+)"
    # spoken English: "john dot smith at gmail dot com" (a plain "at" only before "dot com")
    # (a hyphen said in the domain: "a dot kruger at arbeitsschutz dash berlin dot example")
    r"|(?<![\w.])\w[\w.-]*(?:\s+(?:dot|underscore|dash|hyphen)\s+\w[\w-]*)*\s+at\s+[\w-]+"
    r"(?:\s+(?:dash|hyphen)\s+[\w-]+)*(?:\s+dot\s+" + _ENDING + r"\b)+"
    # "j.doe at unicef.org": a name with a dot or an underscore, a plain "at", a domain
    # (its dots typed or said: "killari.q at yanapanakusun punto org")
    r"|(?<![\w.])[a-z]\w*[._]\w[\w.]*\s+at\s+(?:[\w-]{1,63}(?:\.|[ \t]+(?:punto|dot)[ \t]+)){1,4}"
    + _ENDING + r"\b"
    # "rosa at gmail.com": a plain "at" before a mail provider
    r"|(?<![\w.])\w[\w.-]*\s+at\s+(?:gmail|hotmail|yahoo|outlook|live|icloud|protonmail|aol|msn)"
    r"(?:\s*(?:\.|\bdot\b)\s*[a-z]{2,6}\b)+"
    # the provider said without its ending, after a name with its dots said or typed:
    # "rosa dot huaman at gmail", "rosa.huaman en gmail" (a dot or digit in the name,
    # so "lo subí en gmail" is not one)
    r"|(?<![\w.])\w+(?:\s+(?:dot|underscore|punto|guion bajo)\s+\w+)+"
    r"\s+(?:at|en)\s+(?:gmail|hotmail|yahoo|outlook|icloud|protonmail)\b"
    r"|(?<![\w.])[a-z]\w*[._\d][\w.]*\w\s+(?:at|en)\s+(?:gmail|hotmail|yahoo|outlook|icloud|"
    r"protonmail)\b"
    # speech-to-text spaces around "@" and the dots: "rosa.huaman @ gmail . com" (a
    # known ending, so a handle after a platform's name, "Insta @killa.q", is not one)
    r"|(?<![\w.@])\w[\w.+-]{0,63}[ \t]?@[ \t]?(?:[\w-]{1,63}[ \t]?\.[ \t]?){1,4}"
    + _ENDING + r"\b"
    # a mail provider said without its ending: "milagros.p arroba gmail"
    r"|(?<![\w.])\w[\w.-]*[ \t]*(?:@|\barroba\b|\baroba\b|\barrova\b)[ \t]*"
    r"(?:gmail|hotmail|yahoo|outlook|icloud|protonmail)\b")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|\b(?:[a-z0-9-]{1,63}\.){1,6}(?:com|org|net|pe|gob\.pe|edu|info|io|co|es|us|uk|int|ly|me|"
    r"app|tv|site|online|mx|ar|cl|bo|ec|ve|br|"
    # (the hosts of link-in-bio pages and short links: linktr.ee, beacons.ai, bio.link)
    r"ee|ai|link|bio|cc|"
    # (an invitation's, a video's, a folder's: "discord.gg/…", "youtu.be/…", "mega.nz/…")
    r"gg|be|nz)"
    r"(?:\.[a-z]{2})?/[^\s<>\"'()\[\]]*"
    # a form's or a file's short link named bare: "forms.gle/…", "1drv.ms/…", "we.tl/…"
    r"|\b(?:forms\.gle|goo\.gl|1drv\.ms|we\.tl)/[^\s<>\"'()\[\]]+")
_SOCIAL = re.compile(r"facebook|fb\.com|instagram|twitter|x\.com|tiktok|linkedin|wa\.me|"
                     # personal publishing: blogs, one-person sites and channels
                     r"blogspot|wordpress|wixsite|medium\.com|substack|tumblr|github\.io|"
                     r"sites\.google|weebly|linktr\.ee|youtube\.com/(?:@|c/|channel|user)|t\.me/|"
                     # a chat with one person: Messenger's, Instagram's, WhatsApp's links
                     r"\bm\.me/|\big\.me/|\bfb\.me/|wa\.link/|"
                     # one person's page of links ("link in bio")
                     r"\bbio\.link/|beacons\.ai/|lnk\.bio/|linkin\.bio/|carrd\.co|taplink\.cc/|"
                     r"\babout\.me/|"
                     # one person's booking page, video-call room, audio or video channel,
                     # fundraiser or portfolio: "calendly.com/…", "zoom.us/my/…"
                     r"calendly\.com/|\bcal\.com/|zoom\.us/my/|soundcloud\.com/|mixcloud\.com/|"
                     r"vimeo\.com/|patreon\.com/|ko-fi\.com/|behance\.net/|muckrack\.com/|"
                     r"journoportfolio\.com|carbonmade\.com|myportfolio\.com|contently\.com/|"
                     # one person's or one group's place on a host whose paths are its
                     # users': a Snapchat, a Discord or WhatsApp group's invitation, a
                     # Google group, a Telegram channel, a Reddit user, a Pinterest board
                     r"(?:snapchat\.com/add|discord\.gg|discord\.com/invite|chat\.whatsapp\.com|"
                     r"groups\.google\.com/g|telegram\.me|reddit\.com/u(?:ser)?|"
                     r"pinterest\.com)/\w|threads\.net/@")
# "his site is", "mi blog", "our page at": a link someone calls their own.
# ("su", "their", "our" are an institution's as often as a person's: not a cue)
_OWN_SITE = re.compile(r"(?:\b(?:my|his|her|mi)\s+"
                       r"(?:own\s+|propio\s+|propia\s+)?"
                       # (what it is about may come first: "her own consulting site",
                       # "my little photo blog"; not an organisation's: "her NGO's site")
                       r"(?:(?!(?:organi[sz]ation|ngo|ong|institution|company|office|ministry|"
                       r"agency|team|group|school|university|employer|work|job|project|program(?:me)?)\b)"
                       r"[a-z]+\s+){0,2}"
                       r"(?:blog|site|web\s?site|website|"
                       r"page|pagina|web|sitio(?: web)?|canal|channel|perfil|profile|cuenta|"
                       r"account|portfolio|portafolio|portafolios)|\bun blog|\ba blog|"
                       # "a personal site", "su página personal"
                       r"\bpersonal\s+(?:blog|site|web\s?site|page|web)|"
                       r"\b(?:pagina|sitio|web|blog|perfil)\s+personal)\b[^\n.]{0,40}$")
# Someone who runs a site: "he ran the 'volunteer' site", "she started a fundraising
# site", "él maneja la página", "ella armó una página" (a person's pronoun: "the
# ministry runs the site" is the ministry's; Spanish "el" is also the article, so
# nothing may come between it and the verb).
_RUNS_SITE = re.compile(
    r"(?:\b(?:he|she)\s+(?:[a-z]+\s+)?(?:ran|runs|run|started|starts|set up|sets up|created|"
    r"creates|made|makes|built|builds|manages|managed|maintained|maintains|had|has)|"
    r"\b(?:el|ella)\s+(?:maneja|manejaba|creo|armo|hizo|tenia|tiene|administra|administraba|"
    r"abrio|lleva|llevaba|inicio))\s+"
    r"(?:the|a|an|his|her|la|el|una|un|su)\s+[^\n.]{0,25}?"
    r"\b(?:site|website|web\s?site|page|blog|pagina|web|sitio|blog)\b[^\n.]{0,40}$")
# A site introduced as "a page" ("por una página, www…", "Tenía una página de ventas,
# …", "They used a website, …"): one the listener does not know, a trade's, a
# recruiter's or one person's; an institution's or the news's is named as theirs
# ("una página del ministerio", "a news site"), so such a word near it says public.
# (Spanish "a" is also "to": "entren a la página …" names a known one)
_A_SITE = re.compile(r"\b(?:una|un|a|an)[ \t]+(?:(?!(?:la|el|los|las|su|sus|mi|tu|esta|esa|"
                     r"nuestra|the|this|that|his|her|their|its|our|my)\b)[a-z]+[ \t]+)?"
                     r"(?:pagina|sitio|web|website|site|page|web ?page)\b"
                     r"(?:[ \t]+(?:de|for|of)[ \t]+[^\n.,]{0,25})?[ \t]*[,:]?[ \t]*$")
_INSTITUTION_NEAR = re.compile(
    r"\b(?:ministerio|ministry|estado|state|gobierno|government|municipalidad|municipality|"
    r"fiscalia|policia|police|defensoria|universidad|university|ong|ngo|organizacion|"
    r"organi[sz]ation|institucion|institution|oit|ilo|onu|unicef|unodc|oim|iom|agencia|"
    r"agency|noticias|news|diario|periodico|newspaper|radio|television|tv|escuela|school|"
    r"colegio|hospital|iglesia|church|red|network|programa|program(?:me)?|proyecto|project)\b"
    # ("UN" in capitals: "un" is Spanish's article)
    r"|(?-i:\bUN\b)")
# The sites of the tools a transcript comes from and of the international agencies
# interviews cite, named bare ("Transcribed by https://otter.ai", "see www.ilo.org"),
# are public (a page of theirs stays a link to report: it may be a person's file).
_PUBLIC_HOST = re.compile(r"^(?:https?://)?(?:www\.)?(?:otter\.ai|rev\.com|trint\.com|descript\.com|"
                          r"zoom\.us|ilo\.org|unicef\.org|un\.org|unodc\.org|iom\.int|who\.int|"
                          r"paho\.org|oas\.org|worldbank\.org|undp\.org|unfpa\.org|unhcr\.org|"
                          r"acnur\.org|oit\.org|savethechildren\.org)/?$")
_PUBLIC_HOST_NAME = re.compile(_PUBLIC_HOST.pattern.removesuffix("/?$") + r"(?:[/:?#]|$)")
_GOVERNMENT_HOST = re.compile(r"^(?:https?://)?(?:[\w-]+\.)*(?:gob|gov|mil)(?:\.[a-z]{2})?(?:[/:]|$)")
# a video call's link (not a personal room: zoom.us/my/…)
_MEETING_LINK = re.compile(r"meet\.google\.com/|zoom\.us/[jsw]/|teams\.microsoft\.com/l/|"
                           r"teams\.live\.com/meet|webex\.com/(?:meet|[a-z0-9]+/j\.php)|meet\.jit\.si/")
# A shared document or folder (a case file, a referral sheet, a sign-up form) is private
# even when nobody's name is in it: whoever has the link reaches the people in it.
_SHARED_DOCUMENT = re.compile(r"drive\.google\.com/|docs\.google\.com/|forms\.gle/|"
                              r"goo\.gl/forms|dropbox\.com/|1drv\.ms/|onedrive\.live\.com/|"
                              r"sharepoint\.com/|wetransfer\.com/|we\.tl/|box\.com/s/|"
                              r"icloud\.com/(?:iclouddrive|pages|numbers)|"
                              # a survey or intake form: whoever fills it is in its answers
                              r"kobotoolbox\.org/|\benketo\.|forms\.office\.com/|"
                              r"forms\.microsoft\.com/|surveymonkey\.com/r/|typeform\.com/to/|"
                              r"jotform\.com/|\btally\.so/|airtable\.com/shr|"
                              # a board, a design, a publication or a folder someone made
                              # and shared: Padlet, Canva, Issuu, Scribd, Prezi, MEGA,
                              # MediaFire, and a video's short link (youtu.be)
                              # (with a path: "mega.nz/" alone is the host's own page)
                              r"(?:padlet\.com|canva\.com/design|issuu\.com|scribd\.com|"
                              r"prezi\.com|mega\.nz|mediafire\.com|\byoutu\.be)/\w|"
                              # a shortened link hides where it leads (a profile, a form)
                              r"(?:bit\.ly|tinyurl\.com|cutt\.ly|ow\.ly|is\.gd|rb\.gy|t\.co|"
                              r"shorturl\.at|acortar\.link)/")
# An opaque token in the path ("/d/1xz3ab9qer7u…", "/yq8vkd2mtn4rx7pa9"): a private link
# handed to one person, unlike a public page's readable slug ("/normas-legales/ley-28950").
_OPAQUE_TOKEN = re.compile(r"/[a-z0-9_]*(?:[a-z]+[0-9]+|[0-9]+[a-z]+){3}[a-z0-9_]*")
_TRAILING = ".,;:!?¡¿)»”’'\""


def windows(cue: re.Pattern[str], text: str, before: int, after: int) -> Iterator[tuple[int, int]]:
    """Merged (start, end) stretches of `text` around each match of `cue`, each
    end pushed to the next space so no word is cut. A pattern whose every
    match holds a cue runs only there: a cheap literal search replaces a
    costly pattern tried at every position (the scan must do 1M words in a
    few seconds)."""
    start = end = -1
    # (= the spans of cue.finditer(text), found once per text and cue by kiicode/pii/cues.py)
    for cue_start, cue_end in cue_spans(cue, text):
        low, high = max(0, cue_start - before), cue_end + after
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


_AT = re.compile(r"@|arroba|aroba|arrova|arrob|at sign|\[at\]|\(at\)|"
                 r" at [a-z-]+(?:\.| punto )" + _ENDING + r"\b|"
                 r"dot " + _ENDING + r"\b|"
                 r"(?:at|en) (?:gmail|hotmail|yahoo|outlook|live|icloud|protonmail|aol|msn)")


# Right after "mi correo es", "her email is": an address said word by word, with
# pauses between the words ("rosa, punto, quispe, arroba, gmail, punto, com") and
# the name's parts apart ("rosa quispe arroba gmail punto com"): the whole address.
_SAID_PAUSE_WORD = r"[ \t]*,?[ \t]+"
_EMAIL_AFTER_CUE = re.compile(
    r"\b(?:correo(?: electronico)?|e-?mail|email address|"
    # who wrote from it: "she e-mailed us from …", "me escribió desde …"
    r"e-?mail(?:ed|s)?(?:[ \t]+(?:me|us|him|her|them))?[ \t]+from|wrote[ \t]+(?:to us[ \t]+)?from|"
    r"(?:me|nos|le|les)[ \t]+escribi[a-z]{0,4}[ \t]+desde)(?:[ \t]+(?:es|is|era|was))?"
    r"[ \t]*[:,]?[ \t]+(?:(?:el|la|it's)[ \t]+)?"
    r"(?P<address>\w[\w.-]*(?:[ \t]+(?!(?:at|en|arroba)\b)\w[\w.-]*){0,2}"
    rf"(?:{_SAID_PAUSE_WORD}(?:punto|dot|guion bajo|guion|underscore|hyphen|dash)"
    rf"{_SAID_PAUSE_WORD}\w[\w.-]*)*"
    rf"{_SAID_PAUSE_WORD}(?:arroba|at|en){_SAID_PAUSE_WORD}"
    # (a domain said in two or three words, "consulado chile dot org", needs its ending)
    rf"(?:[\w-]+(?:[ \t]+(?!(?:punto|dot)\b)[\w-]+){{1,2}}"
    rf"(?:{_SAID_PAUSE_WORD}(?:punto|dot){_SAID_PAUSE_WORD}{_ENDING}\b)+|"
    rf"(?:{_PROVIDER}|[\w-]+)"
    rf"(?:{_SAID_PAUSE_WORD}(?:punto|dot){_SAID_PAUSE_WORD}{_ENDING}\b)*))")
_EMAIL_CUE = re.compile(r"correo|mail|wrote|escribi")
# (said as an address: "arroba", a pause, a dot said, or "at" before a provider;
# ending in a provider or a said ending; not "está en gmail", "is at gmail")
_ADDRESS_SAID = re.compile(rf"arroba|,|\b(?:punto|dot)\b|\bat[ \t]+{_PROVIDER}")
_ADDRESS_END = re.compile(rf"{_PROVIDER}$|\b(?:punto|dot)[ \t]*,?[ \t]+(?:{_ENDING}|[a-z]{{2,4}})$")
_NOT_AN_ADDRESS = re.compile(r"(?:es|is|era|was|esta|estaba|en|at|de|del|por|lo|los|las)\b")


# A public body's shared mailbox: its front desk or its information desk at a
# government's domain ("mesadepartes@regionloreto.gob.pe", said or typed) is nobody's,
# nor an office's own, named by the office ("demuna@munipunchana.gob.pe").
_OFFICE_MAILBOX = re.compile(
    r"(?:mesa[ ._-]?de[ ._-]?partes|mesadepartes\w*|informes|informacion|consultas|"
    r"demuna|ugel|cem|defensoria|fiscalia|secretaria|alcaldia|gerencia|despacho|"
    r"recepcion|oficina|direccion|rrhh|"
    r"transparencia|atencion(?:al)?ciudadan[oa]|prensa|comunicaciones|tramite(?:s)?|"
    r"denuncias|info|contacto|contact|webmaster)\s*(?:@|\(?\barroba\b\)?|\bat\b)\s*"
    r"(?:[\w-]+\s*(?:\.|\bpunto\b|\bdot\b)\s*)*(?:gob|gov|mil)\b")


def emails(text: str, folded: str) -> Iterator[Found]:
    for m in within(_EMAIL, _AT, folded, 80, 80):
        office = _OFFICE_MAILBOX.match(folded, m.start(), m.end())
        yield Found(m.start(), m.end(), EMAIL, LOW if office else 0.95,
                    "email-office" if office else "email")
    for m in within(_EMAIL_AFTER_CUE, _EMAIL_CUE, folded, 6, 140):
        address = m.group("address")
        # (a provider or an ending said: "lo mandé al correo en gmail" has neither name)
        if _ADDRESS_SAID.search(address) and _ADDRESS_END.search(address) and \
                not _NOT_AN_ADDRESS.match(address):
            yield Found(m.start("address"), m.end("address"), EMAIL, 0.95, "email-after-cue")


_URL_CUE = re.compile(r"https?:|www\.|\.(?:com|org|net|pe|edu|info|io|co|es|us|uk|int)|"
                      r"\.(?:ly|me|app|tv|site|online|mx|ar|cl|bo|ec|ve|br|ee|ai|link|bio|cc|"
                      r"gle|gl|ms|tl|gg|be|nz)/")


# Someone who has a site of their own: "I also have a small site with my articles, …",
# "she has a page, …"; "tiene su página, …" said of a person ("Ahora trabaja por su
# cuenta, tiene su página"), not of an institution named before the verb ("La DEMUNA
# tiene su página"): no article and noun, no institution's word, no acronym before it.
_HAS_SITE = re.compile(
    r"\b(?:i|he|she)[ \t]+(?:also[ \t]+|still[ \t]+|now[ \t]+)?(?:have|has|had|keep|keeps|kept)"
    r"[ \t]+(?:a|an)[ \t]+(?:[a-z]+[ \t]+){0,2}?(?:site|website|web[ \t]?site|blog|page|"
    r"web[ \t]?page)\b[^\n.]{0,40}$")
_HAS_SITE_ES = re.compile(
    r"\b(?:tengo|tiene|tenia|tuvo)[ \t]+(?:su|mi)[ \t]+(?:propia[ \t]+|propio[ \t]+)?"
    r"(?:pagina|web|sitio|blog)(?:[ \t]+(?:web|personal))?\b[^\n.]{0,30}$")
_SUBJECT_NAMED = re.compile(r"\b(?:el|la|los|las|the)[ \t]+[a-z]")
_ACRONYM = re.compile(r"\b[A-Z]{3,}\b")


def _has_own_site(text: str, folded: str, start: int) -> bool:
    low = max([max(0, start - 90)] + [m.end() for m in _SENTENCE_END.finditer(folded,
                                                                               max(0, start - 90),
                                                                               start)])
    if _HAS_SITE.search(folded, low, start):
        return True
    said = _HAS_SITE_ES.search(folded, low, start)
    return bool(said) and not _SUBJECT_NAMED.search(folded, low, said.start()) and \
        not _ACRONYM.search(text, low, said.start()) and \
        not _INSTITUTION_NEAR.search(folded, low, start)


def _run_or_introduced(link: str, text: str, folded: str, start: int) -> bool:
    """A site someone runs (`_RUNS_SITE`), has (`_HAS_SITE`) or one introduced as "a
    page" (`_A_SITE`), not a public body's, an agency's or the news's."""
    if _GOVERNMENT_HOST.search(link) or _PUBLIC_HOST_NAME.search(link):
        return False
    if _RUNS_SITE.search(folded, max(0, start - 90), start) or _has_own_site(text, folded, start):
        return True
    low = max([max(0, start - 60)] + [m.end() for m in _SENTENCE_END.finditer(folded,
                                                                               max(0, start - 60),
                                                                               start)])
    return bool(_A_SITE.search(folded, low, start)) and \
        not _INSTITUTION_NEAR.search(folded, low, start) and \
        not _INSTITUTION_NEAR.search(text, low, start)


# A domain named bare ("ewanowakowska-consulting.com", "andreahuaman.pe"): found only
# after a site's word (see `urls`), as a bare "name.com" is often a brand or a word.
# (a consultant from abroad has their own country's ending: "…-consulting.se")
_BARE_ENDINGS = (r"com|org|net|pe|info|io|co|es|me|site|online|ngo|ong|lat|blog|app|bo|ec|cl|mx|"
                 r"ar|ve|br|us|uk|se|de|fr|nl|ch|dk|fi|ca|au|nz|eu|ie|pt|pl|be|py|uy|cr")
_BARE_DOMAIN = re.compile(r"(?<![\w.@/-])(?!www\.)(?:[a-z0-9-]{1,63}\.){1,3}"
                          rf"(?:{_BARE_ENDINGS})(?:\.[a-z]{{2}})?(?![\w@/-]|\.[a-z0-9])")
# (searched by its ending, rare in speech, not by the site's word, common in it)
_BARE_DOMAIN_CUE = re.compile(rf"\.(?:{_BARE_ENDINGS})\b")


# A link said word by word, with its path: "facebook punto com barra richard punto
# empleos", "facebook dot com slash casting dot kids" (someone's page, dictated; a
# public body's, "… gob punto pe barra …", is reported low like its written link).
_SAID_LINK_WORD = r"[a-z0-9][a-z0-9_-]*"
_SAID_URL = re.compile(
    rf"(?<![\w.@/-]){_SAID_LINK_WORD}(?:[ \t]+(?:punto|dot)[ \t]+{_SAID_LINK_WORD})*?"
    rf"[ \t]+(?:punto|dot)[ \t]+(?:{_BARE_ENDINGS}|gob|gov|edu|tv)"
    r"(?:[ \t]+(?:punto|dot)[ \t]+[a-z]{2})?"
    rf"[ \t]+(?:barra|slash)[ \t]+(?:arroba[ \t]+)?{_SAID_LINK_WORD}"
    rf"(?:[ \t]+(?:punto|dot|guion(?:[ \t]+bajo)?|underscore|dash|hyphen|barra|slash)[ \t]+"
    rf"{_SAID_LINK_WORD})*")
_SAID_URL_CUE = re.compile(r"\b(?:barra|slash)\b")
_SAID_GOVERNMENT = re.compile(r"\b(?:punto|dot)[ \t]+(?:gob|gov|mil)\b")


# A site named right after a person's profile as its owner's: "linkedin.com/in/…, y su
# web, www.…", "facebook.com/…, and her site, …" ("su" after a person's profile is
# that person's; a public body's site stays public).
_SAME_OWNER_SITE = re.compile(
    r"[ \t]*[,;]?[ \t]*(?:y|e|and)[ \t]+(?:su|sus|her|his|their)[ \t]+(?:own[ \t]+|propia[ \t]+)?"
    r"(?:web|pagina(?: web)?|sitio(?: web)?|site|website|web site|blog|page|portfolio|portafolio)"
    r"[ \t]*[,:]?[ \t]*(?:(?:es|is)[ \t]+)?")


def urls(text: str, folded: str) -> Iterator[Found]:
    for m in within(_SAID_URL, _SAID_URL_CUE, folded, 80, 120):
        public = _SAID_GOVERNMENT.search(m.group())
        yield Found(m.start(), m.end(), URL, LOW if public else 0.9, "url-said")
    profile_end = -1
    for m in within(_URL, _URL_CUE, folded, 200, 300):
        end = m.end()
        while end > m.start() and folded[end - 1] in _TRAILING:
            end -= 1
        link = folded[m.start():end]
        # a profile or a link with a person's path is personal; a public site less so
        personal = bool(_SOCIAL.search(link)) or "/~" in link or "@" in link or bool(
            _OWN_SITE.search(folded, max(0, m.start() - 60), m.start()))
        # a government's site (gob.pe, state.gov) is public: below the report threshold
        public = _GOVERNMENT_HOST.search(link) or _MEETING_LINK.search(link) or \
            _PUBLIC_HOST.search(link)
        if not personal and not public and _run_or_introduced(link, text, folded, m.start()):
            personal = True
        if not personal and not public and profile_end >= 0 and \
                _SAME_OWNER_SITE.fullmatch(folded, profile_end, m.start()):
            personal = True   # "linkedin.com/in/…, y su web, www.…": the profile's owner's
        if personal:
            profile_end = end
            yield Found(m.start(), end, URL, 0.9, "url-profile")
        elif _SHARED_DOCUMENT.search(link) or (not public and _OPAQUE_TOKEN.search(link)):
            yield Found(m.start(), end, URL, 0.85, "url-shared-document")
        else:
            yield Found(m.start(), end, URL, LOW if public else MEDIUM, "url")
    for m in within(_BARE_DOMAIN, _BARE_DOMAIN_CUE, folded, 70, 8):
        # a bare domain after a site someone calls their own, runs or introduces
        if _OWN_SITE.search(folded, max(0, m.start() - 60), m.start()) or \
                _run_or_introduced(m.group(), text, folded, m.start()):
            yield Found(m.start(), m.end(), URL, 0.9, "url-own-domain")
    for m in within(_PERSONAL_HOST, _PERSONAL_HOST_CUE, folded, 80, 40):
        yield Found(m.start(), m.end(), URL, 0.9, "url-personal-host")
    chat = any(app in folded for app in _CHAT_APPS)
    for m in within(_BARE_HANDLE, _BARE_HANDLE_OR_CHAT_CUE if chat else _BARE_HANDLE_CUE, folded,
                    2, 60):
        yield Found(m.start("handle"), m.end("handle"), URL, 0.9, "social-handle")
    end = -1
    for m in within(_HANDLE, _HANDLE_CUE, folded, 75, 40):
        group = next(g for g in ("handle", "handle2", "handle3") if m.start(g) >= 0)
        if m.start(group) < end:
            continue   # listed after the one before (below)
        yield Found(m.start(group), m.end(group), URL, 0.9, "social-handle")
        # the handles listed after it: "@trabajos.rinconada.oficial y luego otra, @dulce_k"
        end = m.end(group)
        while (listed := _NEXT_HANDLE.match(folded, end)) is not None:
            yield Found(listed.start("handle"), listed.end("handle"), URL, 0.9,
                        "social-handle-listed")
            end = listed.end("handle")


# A blog or one-person site named without http:// or a path: "rosamamani.blogspot.com".
_PERSONAL_HOST = re.compile(r"(?<![\w.@/-])(?:[a-z0-9-]{1,63}\.){1,3}"
                            r"(?:blogspot\.com|wordpress\.com|wixsite\.com|substack\.com|"
                            r"tumblr\.com|github\.io|weebly\.com|medium\.com|"
                            # a portfolio's host: "lucianavarro.journoportfolio.com"
                            r"journoportfolio\.com|carbonmade\.com|myportfolio\.com)\b(?!/)")
_PERSONAL_HOST_CUE = re.compile(r"blogspot|wordpress|wixsite|substack|tumblr|github\.io|weebly|"
                                r"medium\.com|journoportfolio|carbonmade|myportfolio")
# A profile named by its handle after the platform: "en Instagram como @killa.q".
# (platforms as people call them: "mi Insta", "el face", "tik tok", "Kwai")
_PLATFORM = (r"(?:instagram|insta|tiktok|tik[ \t]tok|twitter|telegram|facebook|face|fb|threads|"
             r"ig|x|snapchat|snap|kwai|youtube|twitch|linkedin|bluesky|bsky)")
# (a Bluesky handle carries its host: "@lorrainedm.bsky.social")
_HANDLE_TEXT = r"@[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])(?:\.bsky\.social)?"
_HANDLE_END = r"(?![\w@]|\.[a-z])"
# (the platform's name may be a clause away: "my own Instagram is where I post about
# self-care, @…")
_HANDLE = re.compile(rf"\b{_PLATFORM}\b[^\n.@]{{0,60}}?(?<![\w@])"
                     rf"(?P<handle>{_HANDLE_TEXT}){_HANDLE_END}"
                     # or the handle first: "@yuli_m en TikTok", "@mariaq on Insta"
                     rf"|(?<![\w@.])(?P<handle2>{_HANDLE_TEXT}){_HANDLE_END}[ \t,]+"
                     rf"(?:en|on|in|de|del)[ \t]+(?:el[ \t]+|su[ \t]+|her[ \t]+|his[ \t]+)?"
                     rf"{_PLATFORM}\b"
                     # or after an account's word: "a second account the recruiter used,
                     # @lima_modelos.casting", "la cuenta @yuli_m"
                     rf"|\b(?:accounts?|cuentas?|perfil(?:es)?|profiles?|usuari[oa]s?|users?|"
                     rf"handles?)\b[^\n.@]{{0,40}}?(?<![\w@])(?P<handle3>{_HANDLE_TEXT}){_HANDLE_END}")
# A handle named without "@": "su Instagram es mila.pinedo_23", "her Instagram is
# lucia.ramos" (a dot, an underscore or digits make it a handle, not a word)
_BARE_HANDLE = re.compile(
    r"\b(?:instagram|insta|tiktok|tik[ \t]tok|twitter|facebook|snapchat|kwai|telegram|threads|"
    # messaging apps whose ID is a name, not a phone: "su WeChat es weixin: …", "su Skype es …"
    r"wechat|weixin|skype|discord)"
    r"\b(?:[ \t]+(?:handle|account|user(?:name)?|cuenta|usuario|id))?(?:[ \t]*:|,?[ \t]+"
    r"(?:es|is|:|como|as))"
    r"[ \t]+(?:el[ \t]+|la[ \t]+)?(?P<handle>[a-z0-9_]*(?:[a-z][._][a-z0-9]|[a-z_]\d)[a-z0-9_.]*"
    r"[a-z0-9_])(?![\w@/]|\.[a-z])")
_BARE_HANDLE_CUE = re.compile(r"instagram|insta\b|tiktok|tik tok|twitter|facebook|snapchat|kwai|"
                              r"telegram|threads")
# (the messaging apps are searched for only in a text that names one: most name none)
_CHAT_APPS = ("wechat", "weixin", "skype", "discord")
_BARE_HANDLE_OR_CHAT_CUE = re.compile(_BARE_HANDLE_CUE.pattern + "|" + "|".join(_CHAT_APPS))
_HANDLE_CUE = re.compile(r"@")   # (a literal: the platform's name is searched only near one)
_NEXT_HANDLE = re.compile(rf"[^\n.!?;@]{{0,40}}?(?<![\w@])(?P<handle>{_HANDLE_TEXT}){_HANDLE_END}")


# --- numbers --------------------------------------------------------------------

# A run of digits with the separators people write between groups.
_NUMBER = re.compile(r"(?<![\w/.,:-])(?:\+|00)?(?:\(\s*\+?\d{1,4}\s*\)[ \t.-]?)?\d"
                     # (a single line break may split it: "llámenme al 987 654\n321")
                     # (a pause typed as an ellipsis: "973… 448… 210", "973... 448")
                     # (a dash a word processor turned long: "965 – 447 – 208", "954—218")
                     r"(?:[ \t]?(?:[.\-–—]|\.\.\.|…)[ \t]?\d|[ \t\n]\d|\d|"
                     r"[ \t]?\(\d{1,4}\)[ \t]?\d)*"
                     r"(?![\w]|[.,]\d)")
_SEPARATORS = re.compile(r"[ \t\n.\-–—()…]+")
_DASH = re.compile(r"[-–—]")
_DIGITS = re.compile(r"\D")

# Words before a number that say what it is (folded), one pattern per kind of
# number. The nearest cue before the number decides (`_nearest_cue`); "número"
# alone (weak) only when no other cue is there.
_CUE = re.compile(
    r"(?P<ssn>social security(?: number| no\.?)?|\bssn\b|seguro social|"
    # a US taxpayer's number for those without an SSN (9XX-7X-XXXX)
    r"\bitin\b|individual taxpayer identification number)"
    r"|(?P<ruc>\bruc\b|registro unico de contribuyentes?|"
    r"tax (?:number|id(?:entification)?(?: number| no\.?)?|no\.?|registration(?: number)?)|"
    r"\bnit\b|\btin\b)"
    r"|(?P<ce>\bc\.\s?e\.|\bce\b|carn[eé]t?s?(?: de)? extranjeria|carnet de extranjeria|"
    r"foreigner'?s? (?:card|id)|residence (?:card|permit)|\bptp\b|\bcpp\b|"
    r"permiso temporal de permanencia|\bcarnes?\b|\bcarnets?\b|"
    # Venezuelans' permits: PEP, PPT (Colombia's), "permiso por protección temporal"
    r"\bpep\b|\bppt\b|permiso especial de permanencia|permiso por proteccion temporal)"
    r"|(?P<passport>pasaportes?|passports?)"
    # identity documents of any country, 6 to 12 digits (a Bolivian CI has 7)
    # (the abbreviations in the plural before a list: "Bolivian CIs 8 726 341 and …")
    r"|(?P<national_id>cedulas?(?: de identidad)?|\bcpf\b|"
    # Nordic personal numbers: "personnummer 880412-3391", "CPR 120588-1234"
    r"personnummer|personal identity number|fodselsnummer|henkilotunnus|\bcpr\b|"
    r"\bc\.\s?[ic]\.|\bcis?\b|\bids\b|"
    r"carne?t?s? de identidad|documentos? (?:de identidad|boliviano|venezolano|colombiano|"
    r"ecuatoriano|chileno|extranjero|peruano)|(?:bolivian|venezuelan|colombian|ecuadorian|"
    # ("a Colombian number" is a phone's: a country's adjective names a document only
    # with a document's word)
    r"chilean|peruvian|national|identity) (?:id|card|document)(?: card| number)?|"
    r"identity (?:card|document|number)|id (?:card|number)|"
    # a minor's and a citizen's document by its everyday name: Colombia's "tarjeta de
    # identidad", "C.C.", Chile's RUT, a US green card
    r"tarjetas? de identi(?:dad|ficacion)|\bt\.\s?i\.|\bcc\b|\brut\b|"
    r"green card|permanent resident card|"
    # a US immigration file: "A-number", "alien registration number"
    r"\ba-number|\ba#|alien (?:registration )?number|uscis (?:number|no\.?)|"
    # a driving licence or permit: "Texas driver's license 41 826 753", "brevete"
    r"driv(?:er['’]?s|ing) (?:licen[cs]e|permit)|learner['’]?s permit|licencia de conducir|"
    r"permiso de conducir|\bbrevete)"
    r"|(?P<dni>\bdnis?\b|d\.n\.i\.?|documento(?: nacional)? de identidad|documentos?|\bdoc\.|"
    r"\bid(?: no\.?)?\b|libreta electoral|\bl\.e\.)"
    r"|(?P<phone>telefonos?|\btelf?\b\.?|\bfono\b|celular(?:es)?|\bcel\b\.?|moviles?|"
    r"whatsapp|\bwsp\b|\bwasap\b|\bguasap\b|\bwhats\b|"
    # payments by phone number and the line by its operator: "yapéame al", "mi Plin",
    # "su Claro" (not "claro" alone: "of course")
    r"\byape[a-z]*|\bplin\b|\b(?:mi|su|tu|el|al)[ \t]+(?:claro|movistar|entel|bitel)\b|"
    # a verb of contact in any tense: "la llamaba al", "le timbré al", "escríbele al"
    r"\bllam[a-z]{0,10} al\b|\bmarc[a-z]{0,8} al\b|\btimbr[a-z]{0,8} al\b|"
    r"\bescrib[a-z]{0,10} al\b|"
    # who answers only at that number: "solo contesta al", "responde al"; where
    # someone is found: "ubícala al", "contáctenlo al", "lo encuentras al"
    r"\bcontest[a-z]{0,8} al\b|\brespond[a-z]{0,8} al\b|\bubic[a-z]{0,8} al\b|"
    r"\bcontact[a-z]{0,8} al\b|\bencuentr[a-z]{0,8} al\b|"
    # where someone is reached: "He's at 965 …", "I'm at …"
    r"\b(?:he|she|i)(?:['’]s|['’]m| is| am) at\b|"
    r"anexo|contacto|phones?|\btel\b\.?|mobile|cell(?: phone)?|"
    # a line by where it rings: "the home line", "the office line", "landline", "fijo"
    r"\b(?:home|office|work|land|direct|fixed)[ \t]?line\b|\blinea fija\b|\btelefono fijo\b|"
    r"(?:call(?:ed|ing)?|ring(?:ing)?|rang|text(?:ed|ing)?|reach(?:ed|ing)?|whatsapp(?:ed)?|"
    r"answer(?:s|ed|ing)?|"
    r"messag(?:e|ed|ing)|dial(?:l?ed|l?ing)?|phon(?:ed|ing))(?: me| her| him| us| them)?"
    r"(?: at| on)|"
    r"\bfax\b|\brp[mc]\b)"
    r"|(?P<weak>numeros?|\bnros?\b\.?|numbers?)")
# What may stand between a cue and its number: no digit, no line break, no
# sentence end (a dot only inside "N.°", "Nro.", "D.N.I." or before a non-space).
_CUE_GAP = re.compile(r"(?:\.\.\.|[^\d\n.?!;]|\.(?!\s)|(?<=\bn)\.|(?<=\bno)\.|(?<=\bnro)\.|"
                      r"(?<=\bnum)\.|(?<=\bnr)\.)*")
_AFTER_GAP = re.compile(r"[ \t,:]*(?:(?:es|era|is|was|en|de|del|in|on|of|from)[ \t]+)?"
                        r"(?:(?:el|la|su|mi|tu|the|her|his|my|their)[ \t]+)?")
_NEAR, _FAR = 25, 90        # a cue this close beats a law or amount word; farther, it must not
# Which digit counts each kind of number may have.
_CUE_LENGTHS = {"ssn": (9, 9), "ruc": (7, 12), "ce": (6, 12), "passport": (6, 12),
                "national_id": (6, 12), "dni": (8, 9), "phone": (6, 12)}
# A cue word that names something else: "project ID", "número de expediente".
_CUE_OWNER = re.compile(r"(?:proyecto|project|grant|case|caso|expediente|file|carpeta|contrato|"
                        r"contract|resolucion|informe|oficio|ley|law|ticket|order|orden|"
                        r"pedido|factura|invoice|boleta|tracking|seguimiento|partida|sala|"
                        r"room|oficina|office|aula|habitacion|piso|floor|"
                        # a video call's: "Meeting ID", "Conference ID", "ID de reunión"
                        r"meeting|conference|webinar|zoom|teams|reunion|conferencia)"
                        r"(?: [a-z]+)?[ \t]+(?:de[ \t]+|del[ \t]+)?$")
_OWNED_AFTER = re.compile(r"^[ \t]+(?:de|del|of)[ \t]+(?:la |el |the )?"
                          r"(?:expediente|caso|case|proyecto|project|carpeta|ley|law|"
                          r"resolucion|informe|file|contrato|reunion|conferencia|zoom|"
                          r"teams|llamada|videollamada|webinar)")


class _Cue(NamedTuple):
    kind: str
    near: bool


def _cue_after(after: str) -> _Cue | None:
    """A cue just after the number, naming it: "001-234-576, en el carnet de
    extranjería", "41236587 es su DNI". Never near (a law word before wins)."""
    m = _CUE.search(after, 0, 30)
    if m and m.lastgroup != "weak" and _AFTER_GAP.fullmatch(after[:m.start()]):
        return _Cue(m.lastgroup, False)
    return None


_NEGATED = re.compile(r"\b(?:sin|no|without|not)[ \t]+(?:(?:an?|un|una|any|ningun)[ \t]+)?$")


def _nearest_cue(before: str) -> _Cue | None:
    """The cue nearest before the number with only a gap between them:
    "su DNI es el", "my passport number, if you need it for the form, is"."""
    strong = weak = None
    for m in _CUE.finditer(before):
        gap = before[m.end():]
        if len(gap) > _FAR or not _CUE_GAP.fullmatch(gap):
            continue
        if _CUE_OWNER.search(before, 0, m.start()) or _OWNED_AFTER.match(gap):
            continue
        if m.lastgroup != "phone" and _NEGATED.search(before, 0, m.start()):
            continue   # "sin DNI, tío Marcos, 96-11-42-805": no document, the next is another's
        cue = _Cue(m.lastgroup, len(gap) <= _NEAR)
        if cue.kind == "weak":
            weak = cue if cue.near else weak   # "número" names any number: only close by
        else:
            strong = cue
    return strong or weak


# Words before a number that make it something else: laws, resolutions, budgets, years.
_NOT_PERSONAL_BEFORE = re.compile(
    # (whole words only: "peruano", "hermano" end in "ano" and "no", "contact" in "act")
    r"(?<![a-z])(?:\bley|\bleyes|decreto(?: supremo| legislativo| de urgencia)?|"
    r"\bd\.?s\.?|\bd\.?l\.?|"
    r"resolucion(?: ministerial| directoral| suprema| jefatural| de [a-z]+)?|\br\.?m\.?|"
    r"oficio|informe|expediente|exp\.?|codigo|cod\.?|articulo|art\.?|inciso|numeral|paginas?|"
    r"pages|p[aá]gs?\.?|pp?\.|ordenanza|acuerdo|convenio|contrato|licitacion|proyecto|"
    r"s/\.?|s/|us\$|\$|usd|€|eur|soles|presupuesto(?: de)?|monto(?: de)?|"
    r"ano|anos|year|years|desde|hasta|entre|since|until|law|act|resolution|decree|"
    r"page|section|grant|award|cooperative agreement|agreement|no\.?|n\.?[°º]\.?|nro\.?|"
    # case files and registers: "caso 2019-1234", "carpeta fiscal", "partida registral"
    r"\bcasos?|\bcases?|carpeta(?: fiscal)?|denuncia|partida(?: registral)?|registro|ticket|"
    r"tramite|solicitud|audiencia|hearing|docket|orden|order|factura|invoice|boleta|"
    r"(?:case|project|grant|file) id)"
    # (a qualifier may follow: "Ordenanza Regional 245-2013", "Decreto Legislativo N° 1297")
    r"(?:[ \t]+(?:regional|municipal|provincial|distrital|ministerial|directoral|suprema|"
    r"supremo|jefatural|legislativo|legislativa|de alcaldia|ejecutiva|general))?"
    r"[ \t]*(?:n\.?[°º]\.?|no\.?|nro\.?|numero|number|#)?[ \t]*$")
_NOT_PERSONAL_AFTER = re.compile(
    r"^[ \t]*(?:%|por ?ciento|percent|soles|sol\b|dolares|dollars|usd|us\$|euros|millones|"
    r"millon|mil\b|thousand|million|billion|personas|people|ninos|ninas|nna|adolescentes|"
    r"victimas|victims|casos|cases|horas|hours|minutos|minutes|dias|days|meses|months|anos|"
    r"years|km|kilometros|kilometers|metros|hectareas|participantes|participants|"
    r"beneficiarios|beneficiaries|habitantes|inhabitants|estudiantes|students|familias|"
    r"families|-\s?(?:19|20)\d\d-|"
    # a code's letters after a hyphen ("00945-2022-0-2701-JR-PE")
    r"-[a-z])")
# Words before a grouped number that make it a quantity ("unos 32 971 254").
_QUANTITY_BEFORE = re.compile(r"(?:\bunos|\bunas|\bde|\bmas de|\bcerca de|alrededor de|"
                              r"aproximadamente|\btotal(?: de| of)?|\babout|\bover|\baround|"
                              r"\bnearly|\balmost|\bof|\bsuma|\bes)[ \t]*$")
_CONTEXT = 40
# A video call's details: its dial-in numbers, meeting IDs and passcodes are the
# platform's, not a person's, even with a "+" in front.
_MEETING_BEFORE = re.compile(r"(?:dial[- ]?in(?: numbers?)?|dial by your location|one tap mobile|"
                             r"marc\w* (?:segun|por) (?:su )?ubicacion|meeting id|webinar id|"
                             r"conference id|passcode|contrasena|password|"
                             r"id de (?:la )?(?:reunion|conferencia|seminario web))"
                             r"[^\n\d]{0,12}$")
# The dial-in numbers Zoom prints in every invitation and that people read out ("Zoom
# tiene acceso por teléfono, +1 646 558 8656"): the platform's, never a person's.
_MEETING_DIAL_INS = frozenset({
    "16465588656", "16699006833", "13126266799", "13462487799", "12532158782",
    "13017158592", "19292056099", "16694449171", "17193594580", "13052241968",
    "13092053325", "13602095623", "13863475053", "15074734847", "15642172000",
    "16892781000", "16468769923", "16473744685", "16475580588", "17789072071"})
# (after it: a Teams conference ID's "#", a dial-in's city: "+1 646 558 8656 US (New York)")
_MEETING_AFTER = re.compile(r"^[ \t]*(?:#|us[ \t]+\()")
# An institution's public line: "la central telefónica del ministerio es la …"
# (unless someone's own number is named after it: "… la central, y mi celular es")
# ("central" alone names a road or a region too: "la Carretera Central", "Selva Central")
_PUBLIC_LINE = re.compile(r"(?:central (?:telefonica|gratuita|de (?:emergencias|llamadas|"
                          r"informacion|atencion))|centralita|switchboard|"
                          r"main (?:line|number)|hotline|helpline|linea (?:gratuita|de ayuda)|"
                          r"mesa de partes)[^\d\n.?!;]{0,50}$")
_OWN_NUMBER = re.compile(r"\b(?:mi|su|tu|my|his|her|their|your)[ \t]+"
                         r"(?:propio[ \t]+|own[ \t]+|personal[ \t]+|private[ \t]+)?"
                         r"(?:celular|cel|numero|telefono|movil|whatsapp|cell|number|phone|"
                         r"mobile)\b(?:[ \t]+(?:personal|propio|particular))?")
# A person reached in person after the public line's word ("called our hotline, and
# then me directly at …"), or the number named as someone's own right after it
# ("…, that's my work cell", "…, que es mi celular"): that person's number.
_DIRECT_CONTACT = re.compile(r"\b(?:me|him|her|them|us|mi|el|ella)[ \t]+(?:[a-z]+[ \t]+)?"
                             r"(?:directly|personally|directamente|personalmente)\b")
_OWN_AFTER = re.compile(r"^[ \t]*[,.;]?[ \t]*(?:that['’]?s|this is|it['’]?s|which is|que es|"
                        r"ese es|es)[ \t]+(?:my|his|her|mi|su)[ \t]+(?:[a-z]+[ \t]+)?"
                        r"(?:cell|phone|number|mobile|celular|numero|telefono|movil)\b")
# A number named as public: "la central de la comisaría es pública, 084-…", "our
# office number is the public one, …", "…, the switchboard", "…, that one is public",
# "…, not mine" (not "no es pública": someone's own line, said so).
_PUBLIC_SAID_BEFORE = re.compile(r"(?<!\bno )(?<!\bnot )\b(?:es|is|it['’]?s|son|are)[ \t]+"
                                 r"(?:the[ \t]+|el[ \t]+|la[ \t]+)?(?:public|publica|publico)"
                                 r"(?:[ \t]+(?:one|line|number|uno|numero|linea))?"
                                 r"[ \t]*[,:]?[ \t]*$")
_PUBLIC_SAID_AFTER = re.compile(r"^[ \t]*[,;(]?[ \t]*(?:the switchboard|la central(?:ita)?\b|"
                                r"(?:that|which|this|it)(?: one)? is public|(?:it['’]s|is) public|"
                                r"not mine|no es mio|"
                                r"(?:ese|esa|este|esta|que)(?: es)? (?:el |la )?"
                                r"(?:publica|publico)|"
                                r"es (?:el |la )?(?:publica|publico))\b")
_CUE_CONTEXT = 110      # how far back a number's cue may be
_NUMBER_WORD_NEAR = re.compile(r"\b(?:numero|number)\b[^\d\n.?!;]{0,12}$")
# A public body's tax number, named as its own: "el RUC del gobierno regional",
# "the ministry's tax number" (a company's or a person's RUC stays personal data).
_PUBLIC_BODY = (r"(?:gobierno (?:regional|local)|municipalidad|ministerio|fiscalia|poder judicial|"
                r"policia|defensoria|ugel|direccion regional|gerencia regional|"
                r"universidad nacional|hospital regional|mimp|minsa|minedu|mininter|ministry|"
                r"regional government|municipality|prosecutor'?s office)")
_PUBLIC_BODY_RUC = re.compile(
    rf"(?:\bruc (?:del|de la|de los|of the)[ \t]+{_PUBLIC_BODY}"
    rf"|\b{_PUBLIC_BODY}'?s? (?:ruc|tax (?:number|id)))[^\d\n.?!;]{{0,30}}$")


class _Number(NamedTuple):
    start: int
    end: int
    digits: str
    groups: tuple[int, ...]     # lengths of the digit groups as written
    raw: str                    # as written
    plus: bool                  # written with + or 00 in front
    before: str                 # folded text just before
    after: str


def _number_at(folded: str, start: int, end: int) -> _Number:
    raw = folded[start:end]
    groups = tuple(len(g) for g in _SEPARATORS.split(raw.lstrip("+")) if g)
    return _Number(start, end, _DIGITS.sub("", raw), groups, raw,
                   raw.startswith(("+", "00", "(+")),
                   folded[max(0, start - _CUE_CONTEXT):start], folded[end:end + _CONTEXT])


def _numbers(folded: str) -> Iterator[_Number]:
    for m in _NUMBER.finditer(folded):
        if len(m.group()) >= 6 and len(_DIGITS.sub("", m.group())) >= 6:
            yield _number_at(folded, m.start(), m.end())


def _line_parts(n: _Number, folded: str) -> list[_Number]:
    """A number across a line break is one number when a cue says what it is or
    it has a phone's shape; otherwise each line's digits are their own number
    (a year at a line's end and another at the next line's start)."""
    if "\n" not in n.raw or _nearest_cue(n.before) or _phone_shape(n):
        return [n]
    parts, start = [], n.start
    for line in n.raw.split("\n"):
        end = start + len(line)
        if len(_DIGITS.sub("", line)) >= 6:
            parts.append(_number_at(folded, start, end))
        start = end + 1
    return parts


_SPACED_DASH = re.compile(r"[ \t]+[—–][ \t]+")


def _field_pieces(n: _Number, folded: str) -> list[_Number]:
    """A run of numbers set apart by spaced long dashes, as a register's line is
    typed ("76120348 — 953 120 774"): each field is its own number when every one
    has six digits at least (a phone's groups, "965 – 447 – 208", have fewer)."""
    if "—" not in n.raw and "–" not in n.raw:
        return [n]
    pieces, start = [], n.start
    for m in _SPACED_DASH.finditer(n.raw):
        pieces.append((start, n.start + m.start()))
        start = n.start + m.end()
    pieces.append((start, n.end))
    if len(pieces) < 2 or any(len(_DIGITS.sub("", folded[a:b])) < 6 for a, b in pieces):
        return [n]
    return [_number_at(folded, a, b) for a, b in pieces]


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
    if len(d) == 9 and d[0] == "9" and len(groups) <= 5 and all(g >= 2 for g in groups[1:]):
        return "pe-mobile"                                # 987 654 321, 9 8765 4321, 98765-4321
    if d.startswith("01") and len(d) == 9:               # (01) 234-5678: Lima
        return "pe-landline-lima"
    if d.startswith("0") and len(d) in (8, 9) and d[1] in "45678" and len(groups) >= 2:
        return "pe-landline"                              # (084) 23-4567: provinces
    if len(d) == 11 and d[:4] in _VE_MOBILE_CODES:
        return "ve-mobile"                                # 0424-518-7702: a Venezuelan mobile
    if len(d) == 10 and d.startswith("09") and len(groups) >= 2:
        return "ec-mobile"                                # 099 418 2273: an Ecuadorian mobile
    if len(d) == 10 and groups == (3, 3, 4) and d[0] in "23456789" or (
            len(d) == 11 and groups == (1, 3, 3, 4) and d[0] == "1"):
        return "nanp"                                     # (202) 555-0143, 1-800-555-0199
    if len(d) == 7 and groups in ((3, 4), (3, 2, 2)) and d[0] in "2345678":
        return "local"                                    # 234-5678: a line without area code
    if len(d) == 6 and groups in ((2, 2, 2), (3, 3)) and d[0] in "2345678":
        return "local-6"                                  # 23-45-67: a province number
    if _BRACKETED_CODE.match(n.raw) and 8 <= len(d) <= 14:
        return "international"                            # (591) 71 938 402: a country's code
    return None


# The codes of Venezuela's mobile operators, dialled with their 0 inside the country
# (Movilnet, Movistar, Digitel): the migrants interviews meet keep their old numbers.
_VE_MOBILE_CODES = frozenset({"0412", "0414", "0416", "0424", "0426"})
# A country's calling code in brackets, without "+" ("(57) 310 442 8817"); a
# province's code has its 0 ("(084) 23-4567"), so a code without one is a country's.
_BRACKETED_CODE = re.compile(r"\(\s*[1-9]\d{0,2}\s*\)")


def numbers(text: str, folded: str) -> Iterator[Found]:
    last: Found | None = None    # the number before, for a list's next ones
    for whole in _numbers(folded):
        said = _said_around(whole, folded)
        if said is not None:
            yield said
            continue
        for n in (piece for part in _line_parts(whole, folded)
                  for piece in _field_pieces(part, folded)):
            found = _classify_number(n)
            listed = _listed_after(n, last, folded)
            if listed is not None and (found is None or found[1] < listed.confidence):
                found = listed[2:]
            if found is not None:
                category, confidence, rule = found
                last = Found(n.start, n.end, category, confidence, rule)
                yield last
    for m in within(_COMMA_NUMBER, _COMMA_CUE, folded, 4, 12):
        found = _classify_comma_number(_number_at(folded, m.start(), m.end()))
        if found is not None:
            yield Found(m.start(), m.end(), *found)
    for m in within(_PAUSED_GROUPS, _PAUSED_CUE, folded, 8, 16):
        n = _number_at(folded, m.start(), m.end())
        n = n._replace(groups=tuple(len(_DIGITS.sub("", g)) for g in m.group().split(",")))
        cue = _nearest_cue(n.before)
        # (only after a phone's or a document's own word, or "un/su número" with
        # nothing between: "el número de casos: 912, 540, 601" is a list)
        if cue is None or cue.kind == "weak" and not re.search(
                r"\b(?:un|su|mi|tu|el|his|her|my|a)[ \t]+(?:numero|number)"
                r"(?:[ \t]+(?:es|era|is|was))?\W{0,3}$", n.before):
            continue
        found = _classify_number(n)
        if found is not None and found[1] >= HIGH:
            yield Found(m.start(), m.end(), found[0], found[1], "paused-" + found[2])


# Numbers listed after one cue: "identity cards 9 317 482 and 6 905 218", "las
# cédulas 4 611 238, 8 902 117 y …": the cue is before the first only (the gap to
# the next holds digits), so each next one of the same size takes the first's kind.
_LIST_JOIN = re.compile(r"[ \t]*(?:,[ \t]*)?(?:(?:y|e|o|u|and|or|&)[ \t]+)?"
                        r"(?:(?:el|la|the)[ \t]+)?")


# A phone listed after a phone: "+51 936 480 215 y uno venezolano, 0424 …", "and a
# second one, …", "y otro, …" (a few words, no digit, no sentence end between).
_PHONE_LIST_JOIN = re.compile(r"[ \t]*,?[ \t]*(?:y|o|and|or)[ \t]+(?:[a-z]+[ \t]+){0,3}"
                              r"(?:uno|una|otro|otra|one|another)(?:[ \t]+[a-z]+)?[ \t]*[,:][ \t]*"
                              r"(?:(?:el|la|the)[ \t]+)?")
# A number corrected right after it is said: "C.C. 18.123.457... actually that's wrong,
# it was 1.121.845.302", "118 204 553, no, perdón, es el 118 240 553".
_CORRECTED_JOIN = re.compile(r"[ \t]*(?:\.\.\.|…|—|–|-)?[ \t]*[,;]?[ \t]*"
                             r"(?:no|sorry|perdon|perdone|disculpe|disculpa|actually|wait|i mean|"
                             r"digo|mejor dicho|me equivoque|corrijo|correction)\b[^\d\n?!]{0,40}"
                             # (then whose it is: "…, me equivoqué de fila, el suyo es …",
                             # "…, I read the wrong line, hers is …")
                             r"(?:(?:(?:el|la)[ \t]+(?:suyo|suya|correcto|correcta|bueno|buena|"
                             r"de ella|de el)|his|hers|theirs|the right one|the correct one)"
                             r"(?:[ \t]+(?:es|era|is|was))?[ \t]*(?:(?:el|la|the)[ \t]+)?)?")


def _listed_after(n: _Number, last: Found | None, folded: str) -> Found | None:
    if last is None or n.start == last.end or _is_blocked(n) or _is_year_suffixed(n) or \
            _is_date_digits(n.digits) or n.digits.endswith("000"):
        return None
    if _CORRECTED_JOIN.fullmatch(folded, last.end, n.start) and (
            last.category == PHONE or "cue" in last.rule) and 6 <= len(n.digits) <= 12:
        # the number meant, of the kind of the one it corrects
        return Found(n.start, n.end, last.category, min(last.confidence, 0.9),
                     "corrected-" + last.rule.removeprefix("corrected-"))
    if last.category == PHONE and _PHONE_LIST_JOIN.fullmatch(folded, last.end, n.start) and \
            7 <= len(n.digits) <= 12:
        return Found(n.start, n.end, PHONE, min(last.confidence, 0.85),
                     "listed-" + last.rule.removeprefix("listed-"))
    if last.category != ID_NUMBER or "cue" not in last.rule or \
            not _LIST_JOIN.fullmatch(folded, last.end, n.start):
        return None
    size = len(_DIGITS.sub("", folded[last.start:last.end]))
    if abs(len(n.digits) - size) > 1:
        return None
    return Found(n.start, n.end, ID_NUMBER, min(last.confidence, 0.9),
                 "listed-" + last.rule.removeprefix("listed-"))


# Speech-to-text (Otter, Whisper) writes a dictated number as thousands:
# "987,654,321". Most such numbers are amounts, so only a cue or a mobile's
# nine digits make one personal.
_COMMA_NUMBER = re.compile(r"(?<![\w/.,:$-])\d{1,3}(?:,\d{3}){2,3}(?![\w]|[.,]\d)")
_COMMA_CUE = re.compile(r"\d,\d\d\d,\d")


# Groups said with a pause a note-taker types as a comma: "Dejó un número, 982,
# 551, 607" (a space after each comma: "987,654,321" is the form above).
# (or read digit by digit: "9 2 7, 4 8 1, 6 0 3"; two such groups are enough: "4 6 1 2,
# 8 3 7 5")
_PAUSED_GROUP = r"(?:\d{2,4}|\d(?:[ \t]\d){1,3})"
_PAUSED_GROUPS = re.compile(rf"(?<![\w.,])(?:{_PAUSED_GROUP}(?:,[ \t]{_PAUSED_GROUP}){{2,3}}|"
                            rf"\d(?:[ \t]\d){{2,3}},[ \t]\d(?:[ \t]\d){{2,3}})"
                            rf"(?![\w]|[.,]\d|[ \t]\d)")
_PAUSED_CUE = re.compile(r"\d, \d")


def _classify_comma_number(n: _Number) -> tuple[str, float, str] | None:
    d = n.digits
    n = n._replace(groups=(len(d),))
    cue = _nearest_cue(n.before) or _cue_after(n.after)
    if _is_blocked(n) or _QUANTITY_BEFORE.search(n.before[-_CONTEXT:]):
        return None
    if cue and cue.kind in _CUE_LENGTHS and cue.kind != "weak" or (
            cue and cue.kind == "weak" and len(d) in (8, 9)):
        return _classify_number(n)
    if len(d) == 9 and d[0] == "9":
        return PHONE, 0.85, "phone-pe-mobile-commas"
    return None


def _is_year_suffixed(n: _Number) -> bool:
    """245-2013, 017-2017, 00945-2022-0-2701: a document's number and its year,
    not a person's."""
    if len(n.groups) >= 2 and n.groups[-1] == 4 and 1990 <= int(n.digits[-4:]) <= 2035:
        return True
    if len(n.groups) < 3 or not _DASH.search(n.raw):
        return False
    pos = n.groups[0]
    for size in n.groups[1:-1]:
        if size == 4 and 1990 <= int(n.digits[pos:pos + 4]) <= 2035:
            return True
        pos += size
    return False


def _is_counting(digits: str) -> bool:
    """1 2 3 4 5 6 7 or 9 8 7 6 5 4: counting, not a number."""
    steps = {int(b) - int(a) for a, b in zip(digits, digits[1:], strict=False)}
    return steps in ({1}, {-1})


def _is_year_prefixed(n: _Number) -> bool:
    """2019-1234: a register's year and number (a case, a file)."""
    return len(n.groups) == 2 and n.groups[0] == 4 and bool(_DASH.search(n.raw)) and \
        1990 <= int(n.digits[:4]) <= 2035


def _is_range(n: _Number) -> bool:
    """250 – 300, 2019—2021: a range between two numbers of one size, written with a
    long dash, not a number with its groups set apart by one."""
    if len(n.groups) != 2 or n.groups[0] != n.groups[1] or not re.search("[–—]", n.raw):
        return False
    size = n.groups[0]
    return int(n.digits[:size]) < int(n.digits[size:])


def _is_toll_free(digits: str) -> bool:
    """0800-10828, 1-800-555-0199: a free line is an institution's, not a person's."""
    return len(digits) in (8, 9) and digits.startswith(("0800", "0801")) or \
        len(digits) == 11 and digits.startswith(("1800", "1888", "1877", "1866", "1855"))


def _is_ruc(n: _Number) -> bool:
    return len(n.digits) == 11 and n.digits[:2] in ("10", "15", "16", "17", "20") and \
        n.groups in ((11,), (2, 8, 1), (2, 3, 3, 3))


def _is_blocked(n: _Number) -> bool:
    """A law, amount, year or unit word right beside the number (the patterns
    end at the number, so the last 40 characters are enough)."""
    return bool(_NOT_PERSONAL_BEFORE.search(n.before[-_CONTEXT:]) or
                _NOT_PERSONAL_AFTER.search(n.after))


def _classify_number(n: _Number) -> tuple[str, float, str] | None:
    d = n.digits
    if _ISO_DATE.fullmatch(n.raw.strip()):
        return None   # "2019-06-30, DNI …": a date written year first, whatever the cue
    if len(n.groups) >= 6 and max(n.groups) == 1:
        # digits one by one, as speech-to-text writes a dictated number
        # ("9 9 8 4 5 6 7 1 2"): the number, whatever its grouping
        if _is_counting(d):
            return None
        n = n._replace(groups=(len(d),))
    if _MEETING_BEFORE.search(n.before[-_CONTEXT:]) or _MEETING_AFTER.match(n.after) or \
            n.plus and d.lstrip("0") in _MEETING_DIAL_INS or _is_range(n):
        return None
    shape = _phone_shape(n)
    cue = _nearest_cue(n.before) or _cue_after(n.after)
    if cue and not cue.near and cue.kind not in ("phone", "weak") and shape == "pe-mobile" and \
            _NUMBER_WORD_NEAR.search(n.before):
        # "no tenía documento, pero lo ubicaron por el número 9 4 1 …": a mobile's nine
        # digits right after "número", the document word is about something else
        cue = _Cue("weak", True)
    if n.plus and shape and cue and cue.kind not in ("phone", "weak"):
        cue = None   # "+57 300 555 4821": a country's code makes it a phone, not a document
    blocked = _is_blocked(n)
    # (a public line named first and someone's own number after it: "the hotline
    # worker gave me her mobile, …" is the worker's; the match runs to the number)
    line = _PUBLIC_LINE.search(n.before[-70:])
    if line and not (_OWN_NUMBER.search(n.before[-70:], line.start()) or
                     _DIRECT_CONTACT.search(n.before[-70:], line.start()) or
                     _OWN_AFTER.match(n.after)):
        return None
    if _PUBLIC_SAID_BEFORE.search(n.before[-40:]) or _PUBLIC_SAID_AFTER.match(n.after):
        return None   # an institution's line, named as public
    if cue and cue.kind == "ruc" and _PUBLIC_BODY_RUC.search(n.before[-80:]):
        return None   # "el RUC del gobierno regional es el 20493196902": a public body's
    # (a cue close by beats a law's or a number's word before, "DNI N.° …", not a
    # count's or a unit's after: "se entregaron CIs a 1 200 000 personas")
    if cue and (cue.near and not _NOT_PERSONAL_AFTER.search(n.after) or not blocked) and \
            cue.kind in _CUE_LENGTHS:
        low, high = _CUE_LENGTHS[cue.kind]
        confidence = 0.95 if cue.near else 0.9
        fits = low <= len(d) <= high and not (cue.kind != "phone" and _is_year_suffixed(n))
        if cue.kind == "phone" and fits and not _is_toll_free(d) and (
                shape or not _NOT_PERSONAL_AFTER.search(n.after)):
            return PHONE, confidence if shape else 0.85, \
                f"phone-cue-{shape}" if shape else "phone-cue"
        if cue.kind != "phone" and fits:
            return ID_NUMBER, confidence, f"{cue.kind.replace('_', '-')}-cue"
    if cue and cue.kind == "weak" and not blocked:
        if shape:
            return PHONE, 0.95, f"phone-cue-{shape}"
        if _is_year_suffixed(n):
            return None   # "it's number 0342-2019/MINSA": a document's number and year
        if len(d) == 8 and not _is_date_digits(d) or _is_ruc(n):
            # "el número 41236587": no phone has 8 digits; "tax number 20448756123"
            return ID_NUMBER, 0.85, "dni-number-cue" if len(d) == 8 else "ruc-number-cue"
        if 6 <= len(d) <= 12 and not _is_year_suffixed(n) and not _is_date_digits(d):
            return PHONE, 0.85, "phone-cue"
    if n.groups == (3, 2, 4) and (not shape or shape == "pe-mobile" and _DASH.search(n.raw)):
        # 987-65-4321 is how an SSN or an ITIN (9XX-7X-XXXX) is written, never a
        # Peruvian mobile's grouping; a phone's word before it still says phone
        return ID_NUMBER, 0.85, "ssn"
    if _is_year_suffixed(n) or _is_year_prefixed(n) or _is_toll_free(d):
        return None
    if shape in ("pe-mobile-intl", "pe-landline-intl", "international", "pe-mobile",
                 "pe-landline-lima", "pe-landline", "nanp", "ve-mobile", "ec-mobile"):
        # (a "+" says phone whatever the words; a leading "00" may be a file's zeros)
        if blocked and not n.raw.startswith(("+", "(+")):
            return None
        return PHONE, 0.9, f"phone-{shape}"
    if blocked:
        return None
    if _is_ruc(n):
        return ID_NUMBER, 0.85, "ruc"
    if len(d) == 8 and len(n.groups) == 1 and not _is_date_digits(d):
        return ID_NUMBER, 0.85, "dni"
    if n.groups == (8, 1) and "-" in n.raw:
        return ID_NUMBER, 0.9, "dni-check-digit"     # 40817263-5: DNI and its check digit
    if len(d) == 8 and n.groups in ((2, 3, 3), (2, 2, 2, 2), (4, 4), (3, 3, 2)) and \
            not d.endswith("000") and not _QUANTITY_BEFORE.search(n.before[-_CONTEXT:]):
        # 45.218.963, 47 309 251: a DNI as people group it (amounts end in 000
        # and carry a currency or a unit, which blocks them above)
        return ID_NUMBER, 0.85, "dni-grouped"
    if len(d) == 9 and d.startswith("00") and n.groups in ((9,), (3, 3, 3)):
        return ID_NUMBER, 0.8, "ce"          # 001234567, 001-234-567: a carné de extranjería
    if len(d) == 10 and d[0] == "1" and n.groups == (1, 3, 3, 3) and "." in n.raw and \
            not d.endswith("000") and not _QUANTITY_BEFORE.search(n.before[-_CONTEXT:]):
        return ID_NUMBER, 0.85, "cedula-co"  # 1.121.845.302: a Colombian cédula of ten digits
    if shape in ("local", "local-6") and not d.endswith("000") and \
            not _QUANTITY_BEFORE.search(n.before[-_CONTEXT:]):
        # ("más de 235 000 llamadas": an amount, round and after a quantity's words)
        return PHONE, MEDIUM, f"phone-{shape}"
    return None


# Passports and other documents with letters in them.
_ALNUM_ID = re.compile(
    r"(?:pasaporte|passport|carn[eé]t?(?: de)? extranjer[ií]a|\bc\.\s?e\.|\bce\b|\bdni|"
    r"licencia(?: de conducir)?|driv(?:er['’]?s|ing) (?:licen[cs]e|permit)|learner['’]?s permit|"
    r"permiso de conducir|brevete)"
    r"(?:\s+(?:n\.?[°º]\.?|no\.?|number|numero|nro\.?|es|is|el|la))*"
    # (a country's adjective may come between: "pasaporte brasileño FT438612")
    r"(?:\s+[a-z]{4,12}(?:o|a|an|ian|ese|ish|i))?[\s:#,]*"
    # letters first ("FT438612") or mixed in ("C4F7R2K91": at least four digits)
    r"(?P<id>[a-z]{0,3}-?\d[\d-]{4,11}[a-z]?|(?=(?:[a-z]*\d){4})[a-z\d]*[a-z][a-z\d]*\d[a-z\d]{4,10})\b")
_SIX_DIGITS = re.compile(r"\d{6}")
# (two letters and six digits, as Colombia's are written, "AT418265": only after a
# document's word, as such codes name many things)
_BARE_PASSPORT = re.compile(r"(?<![\w-])[A-Z]{1,2}\d{7,8}(?![\w-])|(?P<six>(?<![\w-])[A-Z]{2}\d{6})"
                            r"(?![\w-])")
# A US immigration case's receipt number: its service centre's three letters and ten
# digits ("EAC2190412387", "IOE0918273645"), printed on every notice and work permit.
_RECEIPT_NUMBER = re.compile(r"(?<![\w-])(?:EAC|WAC|LIN|SRC|NBC|MSC|IOE|YSC|TSC|VSC|NSC|CSC)"
                             r"\d{10}(?![\w-])")
_RECEIPT_CUE = re.compile(r"(?:EAC|WAC|LIN|SRC|NBC|MSC|IOE|YSC|TSC|VSC|NSC|CSC)\d")
# A Venezuelan cédula as written: V-18.456.123, V-20123456, E-84.123.456.
_VE_CEDULA = re.compile(r"(?<![\w-])(?:[VE]-\s?(?:\d{1,2}\.\d{3}\.\d{3}|\d{7,8})|"
                        r"[VE]\s?\d{1,2}\.\d{3}\.\d{3})(?![\w-]|[.,]\d)")
_VE_CUE = re.compile(r"[VE]-?\s?\d")
# Chile's RUT and other IDs written with a check digit: 12.345.678-5, 12.345.678-K
_CHECK_DIGIT_ID = re.compile(r"(?<![\w.,-])(?:\d{1,2}\.\d{3}\.\d{3}-[\dk]|\d{7,8}-k)"
                             r"(?![\w-]|[.,]\d)")
_CHECK_DIGIT_CUE = re.compile(r"\d-[\dk]\b")
# A Bolivian identity card (CI) as written: its department's letters after the digits
# ("6 905 218 LP", "4.816.229 SC") or the "complemento" that tells two alike apart
# ("8452617-1B"); the letters are capitals, so "… 218 or …" is not one.
_BO_DEPARTMENTS = r"(?:LP|CB|SC|OR|PT|CH|TJ|BN|BE|PD|PA|L\.P\.|S\.C\.)"
_BO_CI = re.compile(rf"(?<![\w.,-])(?:\d{{1,2}}(?:[ .]?\d{{3}}){{2}}|\d{{5,6}})"
                    rf"(?:[ \t]?-[ \t]?\d[A-Z]|[ \t]+{_BO_DEPARTMENTS})(?![\w-])")
_BO_CUE = re.compile(rf"\d[ \t]?-[ \t]?\d[A-Z]|\d[ \t]+{_BO_DEPARTMENTS}")


# A British National Insurance number: two capitals, three pairs of digits and a
# letter A-D ("QQ 12 34 56 C", "NH407218D"); no other number is written so.
_NI_NUMBER = re.compile(r"(?<![\w-])[A-Z]{2}[ \t]?\d\d[ \t]?\d\d[ \t]?\d\d[ \t]?[A-D](?![\w-])")
_NI_CUE = re.compile(r"\d\d[ \t]?[A-D](?![\w-])")
# A driving licence of a letter and digits in groups ("a licence number,
# D4127-58302-61947", "driver's license S530-4172-9981"; New Jersey's, Florida's),
# after a licence's word ("licence" alone too: a business's licence has no letter
# before its digits, "licencia de funcionamiento N° 0412-2023" has its own words).
_LICENCE_ID = re.compile(
    r"(?:\blicen[cs]e|licencia(?: de conducir)?|driv(?:er['’]?s|ing) (?:licen[cs]e|permit)|"
    r"brevete)(?:\s+(?:n\.?[°º]\.?|no\.?|number|numero|nro\.?|es|is|was|era|el|la))*[\s:#,]*"
    r"(?P<id>[a-z]{1,2}\d{3,5}(?:-\d{3,6}){1,3}|[a-z]\d{8,14})\b")


# A US immigration file's number as written: "A-217-864-903", "A 201 554 873",
# "A208117356" (the "A" is part of it, so the hit covers it).
_A_NUMBER = re.compile(r"(?<![\w-])A[- ]?(?:\d{3}[- ]?\d{3}[- ]?\d{3}|\d{8})(?![\w-]|[.,]\d)")
_A_NUMBER_CUE = re.compile(r"A[- ]?\d\d\d")


# (literal words first, so the search is a fast one; "ce" only as a word of its own)
_ID_CUE = re.compile(r"pasaporte|passport|permit\b|permiso de conducir|carne|extranjer|dni|licen|"
                     r"brevete|c\. ?e\.|[ (\n]ce[ :.,]")


# An Italian tax code, the codice fiscale: six letters of the names, the birth's
# year, month letter and day, the town's letter and three digits, a check letter
# ("RSSMRA80A01H501U"); no other number is written so.
_IT_TAX_CODE = re.compile(r"(?<![\w-])[A-Z]{6}\d\d[ABCDEHLMPRST]\d\d[A-Z]\d{3}[A-Z](?![\w-])")
_IT_TAX_CODE_CUE = re.compile(r"\d[ABCDEHLMPRST]\d\d[A-Z]\d")


def alphanumeric_ids(text: str, folded: str) -> Iterator[Found]:
    text, folded = plain_separators(text), plain_separators(folded)
    # (from 12 characters before the literal: "learner's permit", "driving licence")
    for m in within(_ALNUM_ID, _ID_CUE, folded, 12, 60):
        if any(ch.isalpha() for ch in m.group("id")):   # all-digit ids: `numbers`
            yield Found(m.start("id"), m.end("id"), ID_NUMBER, 0.95, "document-cue")
    for m in within(_BARE_PASSPORT, _SIX_DIGITS, text, 2, 1):
        # sure with a document's cue before it in the sentence ("her passport,
        # which had expired, was AV4482917")
        before = folded[max(0, m.start() - _CUE_CONTEXT):m.start()]
        cue = _nearest_cue(before)
        sure = cue is not None and cue.kind in ("passport", "national_id", "dni", "ce")
        if m.group("six") and not (sure and not _NOT_PERSONAL_BEFORE.search(before[-_CONTEXT:])):
            continue
        yield Found(m.start(), m.end(), ID_NUMBER, 0.9 if sure else MEDIUM,
                    "passport-cue" if sure else "passport-shape")
    for m in within(_LICENCE_ID, _ID_CUE, folded, 12, 60):
        if len(_DIGITS.sub("", m.group("id"))) >= 8:
            yield Found(m.start("id"), m.end("id"), ID_NUMBER, 0.95, "licence-cue")
    for m in within(_NI_NUMBER, _NI_CUE, text, 12, 1):
        yield Found(m.start(), m.end(), ID_NUMBER, 0.9, "ni-number")
    for m in within(_RECEIPT_NUMBER, _RECEIPT_CUE, text, 1, 12):
        yield Found(m.start(), m.end(), ID_NUMBER, 0.9, "uscis-receipt")
    for m in within(_A_NUMBER, _A_NUMBER_CUE, text, 1, 12):
        # sure with a document's cue before it ("her A-number is", "alien number,"),
        # or written with its dashes ("A-217-864-903"), as no other number is
        cue = _nearest_cue(folded[max(0, m.start() - _CUE_CONTEXT):m.start()])
        if cue is not None and cue.kind in ("national_id", "passport", "ce", "dni"):
            yield Found(m.start(), m.end(), ID_NUMBER, 0.95, "a-number-cue")
        elif re.fullmatch(r"A-\d{3}-\d{3}-\d{3}", m.group()):
            yield Found(m.start(), m.end(), ID_NUMBER, 0.9, "a-number")
    for m in within(_IT_TAX_CODE, _IT_TAX_CODE_CUE, text, 12, 8):
        yield Found(m.start(), m.end(), ID_NUMBER, 0.9, "codice-fiscale")
    for m in within(_VE_CEDULA, _VE_CUE, text, 1, 14):
        yield Found(m.start(), m.end(), ID_NUMBER, 0.9, "cedula-ve")
    for m in within(_BO_CI, _BO_CUE, text, 12, 1):
        n = _number_at(folded, m.start(), m.end())
        if not (_NOT_PERSONAL_BEFORE.search(n.before[-_CONTEXT:]) or
                re.search(r"000\D*$", n.raw)):
            # (as sure as its digits alone after a document's word, so the letters are kept)
            yield Found(m.start(), m.end(), ID_NUMBER, 0.95, "ci-bolivia")
    for m in within(_CHECK_DIGIT_ID, _CHECK_DIGIT_CUE, folded, 14, 1):
        # (as sure as the digits alone with their cue, so the whole number wins)
        cue = _nearest_cue(folded[max(0, m.start() - _CUE_CONTEXT):m.start()])
        yield Found(m.start(), m.end(), ID_NUMBER, 0.95 if cue and cue.near else 0.9,
                    "id-check-digit")


# --- numbers said in words ------------------------------------------------------

# Digits as people dictate them (folded): one word per digit, or pairs
# ("noventa y ocho", "forty-five"), "doble"/"double" before a digit.
_UNITS = {"cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
          "seis": "6", "siete": "7", "ocho": "8", "nueve": "9", "zero": "0", "oh": "0",
          "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
          "seven": "7", "eight": "8", "nine": "9"}
_TEENS = {"diez": "10", "once": "11", "doce": "12", "trece": "13", "catorce": "14",
          "quince": "15", "dieciseis": "16", "diecisiete": "17", "dieciocho": "18",
          "diecinueve": "19", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
          "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
          "eighteen": "18", "nineteen": "19", "veinte": "20", "veintiuno": "21",
          "veintidos": "22", "veintitres": "23", "veinticuatro": "24", "veinticinco": "25",
          "veintiseis": "26", "veintisiete": "27", "veintiocho": "28", "veintinueve": "29"}
_TENS = {"treinta": "3", "cuarenta": "4", "cincuenta": "5", "sesenta": "6", "setenta": "7",
         "ochenta": "8", "noventa": "9", "twenty": "2", "thirty": "3", "forty": "4",
         "fifty": "5", "sixty": "6", "seventy": "7", "eighty": "8", "ninety": "9"}
# "novecientos ochenta y siete": Spanish speakers dictate a 987 654 321 by threes
_HUNDREDS = {"cien": "1", "ciento": "1", "doscientos": "2", "doscientas": "2",
             "trescientos": "3", "trescientas": "3", "cuatrocientos": "4", "cuatrocientas": "4",
             "quinientos": "5", "quinientas": "5", "seiscientos": "6", "seiscientas": "6",
             "setecientos": "7", "setecientas": "7", "ochocientos": "8", "ochocientas": "8",
             "novecientos": "9", "novecientas": "9"}
_ALT = "|".join
_UNIT_WORD = _ALT(sorted(_UNITS, key=len, reverse=True))
_TEEN_WORD = _ALT(sorted(_TEENS, key=len, reverse=True))
_PAIR = (rf"(?:(?:{_ALT(_TENS)})(?:[ \t]+y[ \t]+|[ \t]*-[ \t]*|[ \t]+)(?:{_UNIT_WORD})\b"
         rf"|(?:{_ALT(_TENS)})|(?:{_TEEN_WORD}))")
# one number token: hundreds, a pair, a teen, a doubled digit, a digit word or digits
_NUMBER_TOKEN = (rf"(?:(?:{_ALT(sorted(_HUNDREDS, key=len, reverse=True))})\b"
                 rf"(?:[ \t]+(?:{_PAIR}|(?:{_UNIT_WORD})\b))?"
                 rf"|{_PAIR}"
                 rf"|(?:doble|double|triple)[ \t-]+(?:{_UNIT_WORD})|(?:{_UNIT_WORD})|\d{{1,4}})\b")
# (a speaker's fillers may come between the digits: "nueve, eh, nueve, ocho, este, …")
_FILLER = r"(?:e+h+|e+m+|m{2,}|u+m+|u+h+|e+r+|a+h+|este|o sea|a ver|ya|like)"
# (digit words may also be joined by a bare hyphen: "nine-eight-one, five-five-two",
# and groups set apart by a semicolon or a dash as a note-taker types them:
# "nueve, ocho, uno; cuatro, cinco, dos", "nueve ocho cuatro – dos dos uno")
# (and one line break, as a transcriber wraps a long dictation: "nueve seis ocho,\n
# cuatro cuatro cero, …"; and a slash between the groups, as a note-taker marks
# the pauses: "nueve uno cinco / cuatro cero dos / …")
_SAID_JOIN = (rf"(?:[ \t]*[,.;…\-–—/]{{0,3}}(?:[ \t]+|[ \t]*\n(?![ \t]*\n)[ \t]*)"
              rf"(?:{_FILLER}[ \t]*[,.;…]{{0,3}}[ \t]+)?|-"
              # (the hyphen said: "nueve uno cinco guion ocho ocho cero guion …")
              rf"|[ \t]*,?[ \t]+(?:guion|dash|hyphen)[ \t]*,?[ \t]+)")
_SAID_NUMBER = re.compile(rf"\b{_NUMBER_TOKEN}(?:{_SAID_JOIN}{_NUMBER_TOKEN}){{2,}}")
_ONE_DIGIT_WORDS = re.compile(rf"(?:{_UNIT_WORD})(?:{_SAID_JOIN}(?:{_UNIT_WORD}))*")
_TOKEN = re.compile(rf"\b{_NUMBER_TOKEN}")
# A cheap literal search first: a dictated number of six digits or more has
# one of these (words for the everyday small numbers, "tres", "cinco", "four",
# would make it search most of the text; a number of none but 1-6 is missed).
_SAID_CUE = re.compile(r"cero|nueve|ocho|siete|zero|nine|eight|seven|ochenta|noventa|setenta|"
                       r"cientos|cientas|ciento|quinient|"
                       r"sesenta|cincuenta|cuarenta|treinta|ninety|eighty|seventy|sixty|fifty|"
                       r"forty|thirty")


_DIGIT_WORDS = rf"(?:{_ALT(_TENS)}|{_ALT(sorted(_TEENS, key=len, reverse=True))}|{_UNIT_WORD})\b"
# (not across a full stop: "desde el 065 25 3390. Dos chicas …" ends at 3390)
_WORD_NEXT = re.compile(rf"[ \t]*[,-]?[ \t]+{_DIGIT_WORDS}")
_WORD_BEFORE = re.compile(rf"\b{_DIGIT_WORDS}[ \t]*[,-]?[ \t]+$")


def said_digits(words: str) -> str:
    """The digits a run of number words says: "nueve ocho siete" -> "987",
    "noventa y ocho, doble cinco" -> "9855", "novecientos ochenta y siete" -> "987"."""
    out = []
    for m in _TOKEN.finditer(words):
        first, *rest = m.group().replace("-", " ").split()
        if first.isdigit():
            out.append(first)
        elif first in _HUNDREDS:
            out.append(_HUNDREDS[first] + (_word_digits(rest, pair=True) if rest else "00"))
        elif first in ("doble", "double", "triple"):
            out.append(_UNITS[rest[-1]] * (3 if first == "triple" else 2))
        else:
            out.append(_word_digits([first, *rest], pair=False))
    return "".join(out)


def _word_digits(words: list[str], pair: bool) -> str:
    """One pair, teen or digit word; `pair` pads a digit to two ("ciento cinco")."""
    first, rest = words[0], words[1:]
    if first in _TENS:
        return _TENS[first] + (_UNITS[rest[-1]] if rest else "0")
    if first in _TEENS:
        return _TEENS[first]
    return ("0" if pair else "") + _UNITS[first]


def said_numbers(text: str, folded: str) -> Iterator[Found]:
    """Phone and ID numbers dictated in words, alone or mixed with digits
    ("nueve ocho siete, 654, tres dos uno"); decided like written numbers,
    by their cue and digit count."""
    for m in within(_SAID_NUMBER, _SAID_CUE, folded, 60, 120):
        found = _said_number(m, folded)
        if found is None or found.confidence < HIGH:
            # a number word of the words before may have joined the run ("lo dicta
            # de dos en dos, noventa y siete, …"): the run without it, if surer
            first = _TOKEN.match(folded, m.start())
            rest = _SAID_NUMBER.match(folded, _SAID_NEXT.match(folded, first.end()).end()) \
                if first else None
            trimmed = _said_number(rest, folded) if rest and rest.end() == m.end() else None
            if trimmed is not None and (found is None or trimmed.confidence > found.confidence):
                found = trimmed
        if found is None or found.confidence < HIGH:
            restarted = _said_again(m, folded)
            found = restarted if restarted is not None else found
        tailed = _SAID_WITH_TAIL.match(folded, m.start())
        if tailed is not None and tailed.end() > m.end():
            # "…, sesenta y tres, y un nueve": the last digit said after "y un"
            longer = _said_number(tailed, folded)
            if longer is not None and longer.confidence >= HIGH and (
                    found is None or isinstance(found, Found) and
                    longer.confidence > found.confidence):
                found = longer
        if found is None:
            found = _said_twice(m, folded)
        if found is not None:
            yield from found if isinstance(found, list) else (found,)


_SAID_NEXT = re.compile(_SAID_JOIN)
_SAID_WITH_TAIL = re.compile(_SAID_NUMBER.pattern + rf",?[ \t]+(?:y|and)[ \t]+(?:un|una|uno|a)?"
                             rf"[ \t]*(?:{_UNIT_WORD})\b")
# A dictation begun again after a pause typed as an ellipsis or a long dash, in one
# run of words: "nueve ocho tres, cero cuatro... nueve ocho tres, cero cuatro cinco, …"
_SAID_CUT = re.compile(r"(?:\.\.\.|…|—)[ \t]*")


def _said_again(m: re.Match[str], folded: str) -> Found | None:
    """The number said again after the cut, when it starts with the run's first two
    digits (the try before the cut is then `_abandoned_try`'s)."""
    head = said_digits(m.group())[:2]
    for cut in _SAID_CUT.finditer(folded, m.start(), m.end()):
        rest = _SAID_NUMBER.match(folded, cut.end(), m.end())
        if rest is None or rest.end() != m.end() or said_digits(rest.group())[:2] != head:
            continue
        found = _said_number(rest, folded)
        if found is not None and found.confidence >= HIGH:
            return found
    return None


def _said_twice(m: re.Match[str], folded: str) -> list[Found] | None:
    """A number said twice in one breath, to be sure it was heard ("seven six,
    three nine, zero one, four eight, seven six three nine zero one four eight";
    "nueve tres dos, cuarenta y ocho, … o sea 932 481 976"): too many digits for
    one number, so each half is decided on its own (a half in digits alone is
    left to `numbers`)."""
    tokens = list(_TOKEN.finditer(folded, m.start(), m.end()))
    digits = said_digits(m.group())
    half = len(digits) // 2
    if len(digits) < 12 or len(digits) % 2 or digits[:half] != digits[half:]:
        return None
    count = 0
    for i, token in enumerate(tokens[:-1]):
        count += len(said_digits(token.group()))
        if count == len(digits) // 2:
            halves = (_SAID_NUMBER.match(folded, m.start(), token.end()),
                      _SAID_NUMBER.match(folded, tokens[i + 1].start(), m.end()))
            found = [f for half in halves if half is not None and half.end() in
                     (token.end(), m.end()) for f in [_said_number(half, folded)] if f]
            return found or None
    return None


# "one" as a pronoun, not a digit: "the same one, 731 006 284#", "that one, …", "and
# a second one, …", "he had gotten one, …"
_PRONOUN_ONE = re.compile(r"\b(?:the same|this|that|which|the other|another|each|every|no|any|"
                          r"the first|the last|the only|the new|the old|the right|the wrong|"
                          r"the main|the next|(?:a|the) (?:second|third|fourth|spare|work|new|"
                          r"different|prepaid|foreign|[a-z]+an)|got|gotten|had|has|have|get|"
                          r"gets|gave|given|bought|used|uses|keeps|kept)[ \t]+$")
# ("one," before digits written as digits: a transcriber who writes a number's digits
# writes its first one so too)
_ONE_BEFORE_DIGITS = re.compile(r"one[ \t]*,[ \t]*[\d+(][\d \t.()\-–—]*$")


_ISO_DATE = re.compile(r"(?:19|20)\d\d-\d\d-\d\d")
_SAID_PLUS = re.compile(r"\b(?:mas|plus)[ \t]+$")


def _said_number(m: re.Match[str], folded: str) -> Found | None:
    raw = m.group()
    if not any(ch.isalpha() for ch in raw):
        return None   # only digits: `numbers` decides it
    if raw.startswith("one") and (_PRONOUN_ONE.search(folded, max(0, m.start() - 16), m.start())
                                  or _ONE_BEFORE_DIGITS.fullmatch(raw)):
        # the run without it (digits alone are left to `numbers`)
        rest = _SAID_NUMBER.match(folded, _SAID_NEXT.match(folded, m.start() + 3).end())
        return _said_number(rest, folded) if rest and rest.end() == m.end() else None
    if _ISO_DATE.search(raw):
        return None   # "de quince, 2009-02-28": an age and a date, not a number said
    digits = said_digits(raw)
    if len(digits) < 6:
        return None
    # "más"/"plus" said for the "+" ("desde el más cinco nueve uno, siete uno, …"):
    # a country's code follows, so the number is a phone's and the word is part of it
    plus = _SAID_PLUS.search(folded, max(0, m.start() - 6), m.start())
    start = plus.start() if plus else m.start()
    n = _Number(start, m.end(), digits, _said_groups(raw, digits), raw, plus is not None,
                folded[max(0, start - _CUE_CONTEXT):start],
                folded[m.end():m.end() + _CONTEXT])
    if 2 * len(_ROUND.findall(raw)) >= len(_TOKEN.findall(raw)) and not (
            _nearest_cue(n.before) or _cue_after(n.after)):
        # "sesenta, setenta, ochenta, noventa": counting, not dictating (one round
        # pair among others is dictation: "noventa y siete, …, noventa, cinco")
        return None
    found = _classify_number(n)
    if found is not None:
        return Found(start, m.end(), *found[:2], "said-" + found[2])
    blocked = _is_blocked(n) or _MEETING_BEFORE.search(n.before[-_CONTEXT:]) or \
        _MEETING_AFTER.match(n.after)   # (a meeting's ID or passcode, said)
    if 7 <= len(digits) <= 12 and not blocked:
        return Found(m.start(), m.end(), PHONE, MEDIUM, "said-digits")
    if len(digits) == 6 and not blocked and _ONE_DIGIT_WORDS.fullmatch(raw) and \
            not _is_counting(digits):
        # six digits said one by one: a number cut short ("nueve siete cuatro, seis
        # tres uno… y ahí se cortó la llamada"); a mobile's if it starts with 9
        return Found(m.start(), m.end(), PHONE, HIGH if digits[0] == "9" else MEDIUM,
                     "said-digits-part")
    return None


def _said_groups(raw: str, digits: str) -> tuple[int, ...]:
    """The groups a number was said in, between commas: "nine seven three, five five
    five, zero one four six" is 3-3-4, so its shape is a phone's; digit by digit,
    or in one breath, it is one group."""
    chunks = [len(said_digits(chunk)) for chunk in _SAID_PAUSE.split(raw)]
    chunks = [c for c in chunks if c]
    # (nine digits or more: "cuarenta y cinco, cincuenta y dos, sesenta y tres" is a list)
    if len(digits) >= 9 and 2 <= len(chunks) <= 4 and min(chunks) >= 2:
        return tuple(chunks)
    return (len(digits),)


_SAID_PAUSE = re.compile(r"[,.…;]")


# "cien, doscientos, trescientos": amounts listed, not a number dictated
_ROUND = re.compile(rf"\b(?:{_ALT(_HUNDREDS)})\b(?![ \t]+[a-z])|\b(?:{_ALT(_TENS)})\b(?![ \t]+y)")


def _said_around(n: _Number, folded: str) -> Found | None:
    """Written digits that go on in words, or words that go on in digits
    ("987 654 tres dos uno"): the whole run, decided as a said number."""
    if not (_WORD_NEXT.match(folded, n.end) or _WORD_BEFORE.search(folded, max(0, n.start - 14),
                                                                   n.start)):
        return None
    for m in _SAID_NUMBER.finditer(folded, max(0, n.start - 80), n.end + 120):
        if m.start() <= n.start and n.end <= m.end():
            return _said_number(m, folded)
    return None


# Numbers said as amounts: "cuarenta y cinco millones doscientos dieciocho mil
# novecientos sesenta y tres" (a DNI), "novecientos ochenta y siete, seiscientos
# cincuenta y cuatro mil trescientos veintiuno", "nine hundred eighty-seven, six
# hundred fifty-four, …" (a mobile). Most such runs are amounts and years, so only
# a run with a number's cue before or after it counts.
_MULTIPLIERS = {"mil": 1000, "thousand": 1000, "millon": 10 ** 6, "millones": 10 ** 6,
                "million": 10 ** 6, "millions": 10 ** 6}
_CARDINAL_VALUES = {**{w: int(d) for w, d in _UNITS.items() if w != "oh"},
                    **{w: int(d) for w, d in _TEENS.items()},
                    **{w: int(d) * 10 for w, d in _TENS.items()},
                    **{w: int(d) * 100 for w, d in _HUNDREDS.items()},
                    "un": 1, "una": 1}
_CARDINAL_WORD = _ALT(sorted([*_CARDINAL_VALUES, *_MULTIPLIERS, "hundred"], key=len,
                             reverse=True))
_CARDINAL_TOKEN = rf"(?:{_CARDINAL_WORD}|\d{{1,3}})\b"
_CARDINAL_RUN = re.compile(rf"\b{_CARDINAL_TOKEN}(?:(?:[ \t]*[,-][ \t]*|[ \t]+)"
                           rf"(?:(?:y|and)[ \t]+)?{_CARDINAL_TOKEN})*")
_CARDINAL_CUE = re.compile(r"\bmil\b|millon|thousand|million|hundred")
_CARDINAL_SPLIT = re.compile(r"[a-z]+|\d+")


def said_cardinals(words: str) -> list[str]:
    """The numbers a run of number words says, in order, as digits:
    "cuarenta y cinco millones doscientos dieciocho mil novecientos sesenta y
    tres" -> ["45218963"]; "nine hundred eighty-seven, six hundred fifty-four"
    -> ["987", "654"]; "nueve ocho siete" -> ["9", "8", "7"]. A word that cannot
    go on the number before starts a new one."""
    numbers: list[str] = []
    total, current, last_multiplier, last = 0, 0, 0, ""

    def flush() -> None:
        nonlocal total, current, last_multiplier, last
        if last:
            numbers.append(str(total + current))
        total, current, last_multiplier, last = 0, 0, 0, ""

    for word in _CARDINAL_SPLIT.findall(words):
        if word in ("y", "and"):
            continue
        if word in _MULTIPLIERS:
            size = _MULTIPLIERS[word]
            if last_multiplier and size >= last_multiplier:
                # "dos mil, tres mil": two amounts (the words since the first are the second's)
                carried = current
                current, last = 0, "multiplier"
                flush()
                current = carried
            total += (current or 1) * size
            current, last_multiplier, last = 0, size, "multiplier"
            continue
        if word == "hundred":
            if last in ("unit", "teen") and current < 100:
                current, last = current * 100, "hundred"
            continue
        if not word.isdigit() and word not in _CARDINAL_VALUES:
            flush()   # any other word ends the number
            continue
        value = int(word) if word.isdigit() else _CARDINAL_VALUES[word]
        kind = ("digits" if word.isdigit() else "zero" if value == 0 else "unit" if value < 10
                else "teen" if value < 20 or 20 < value < 30 else "ten" if value < 100
                else "hundred")
        if kind == "zero":
            flush()
            numbers.append("0")
            continue
        goes_on = (last == "ten" and kind == "unit" and current % 10 == 0 or
                   last in ("", "multiplier", "hundred") and current % 100 == 0 and
                   kind in ("unit", "teen", "ten") or
                   last in ("", "multiplier") and current == 0 and kind in ("hundred",
                                                                          "digits"))
        if not goes_on:
            flush()
        current, last = current + value, kind
    flush()
    return numbers


def cardinal_numbers(text: str, folded: str) -> Iterator[Found]:
    """Phone and ID numbers said as amounts, with a cue (see `said_cardinals`)."""
    for m in within(_CARDINAL_RUN, _CARDINAL_CUE, folded, 90, 90):
        raw = m.group()
        if not _CARDINAL_CUE.search(raw):
            continue   # digit words alone: `said_numbers` decides them
        parts = said_cardinals(raw)
        digits = "".join(parts)
        n = _Number(m.start(), m.end(), digits, tuple(len(p) for p in parts), raw, False,
                    folded[max(0, m.start() - _CUE_CONTEXT):m.start()],
                    folded[m.end():m.end() + _CONTEXT])
        cue = _nearest_cue(n.before) or _cue_after(n.after)
        if cue is None or _is_blocked(n) or digits.endswith("000"):
            continue   # amounts are round and carry a unit; a count has no cue
        if cue.kind == "dni" and len(digits) == 7:
            # "ocho millones cuatrocientos mil doce": a DNI's leading zero is not said
            n = n._replace(digits="0" + digits)
        if cue.kind == "weak" and not (len(n.digits) == 9 and n.digits[0] == "9" or
                                       len(n.digits) == 8 and
                                       not _QUANTITY_BEFORE.search(n.before[-_CONTEXT:])):
            continue   # "el número de casos fue de …": only a mobile's or a DNI's length
        if not 6 <= len(n.digits) <= 12:
            continue
        found = _classify_number(n)
        if found is not None and found[1] >= HIGH:
            yield Found(m.start(), m.end(), found[0], found[1], "said-amount-" + found[2])


# A number split across speaker turns: "R: mi número es el nueve, nueve, ocho,"
# / "E: Ajá." / "R: cuatro, cinco, seis, siete, uno, dos." Found where a turn
# starts with digits or a digit word (a literal newline first keeps it cheap).
_NUMBER_RUN = rf"\b{_NUMBER_TOKEN}(?:{_SAID_JOIN}{_NUMBER_TOKEN})*"
_TURN_LABEL = r"\n(?:\[[\d:.]+\][ \t]*)?[^\n:\[\]]{1,40}:[ \t]*"
_TURN_STARTS_NUMBER = re.compile(rf"{_TURN_LABEL}(?={_NUMBER_RUN})")
_RUN_AT = re.compile(_NUMBER_RUN)
_RUN_ENDS = re.compile(rf"(?:{_NUMBER_RUN})[ \t]*[,.…-]{{0,3}}[ \t]*$")
_SHORT_TURN = re.compile(rf"{_TURN_LABEL}[^\n\d]{{0,40}}$")


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and 1900 <= int(digits) <= 2035


def split_turn_numbers(text: str, folded: str) -> Iterator[Found]:
    """The two parts of a number whose dictation a short turn of the other
    speaker ("Ajá.", "Mm-hm.") interrupts, or that goes on in the speaker's
    next turn, each decided as the whole number: its cue before the first part,
    its digits together."""
    for m in _TURN_STARTS_NUMBER.finditer(folded):
        second = _RUN_AT.match(folded, m.end())
        if second is None:
            continue
        # the turn before, or the one before a short interjection
        end = len(folded[:m.start()].rstrip())
        line_start = folded.rfind("\n", 0, end)
        if _SHORT_TURN.search(folded, max(0, line_start), end) and line_start > 0:
            end = len(folded[:line_start].rstrip())
        first = _RUN_ENDS.search(folded, max(0, end - 200), end)
        if first is None:
            continue
        first_run = _RUN_AT.match(folded, first.start())
        head, tail = said_digits(first_run.group()), said_digits(second.group())
        digits = head + tail
        if not 6 <= len(digits) <= 12 or len(head) < 2 or _is_year(head) or _is_year(tail):
            continue
        n = _Number(first_run.start(), second.end(), digits, (len(digits),),
                    first_run.group() + " " + second.group(), False,
                    folded[max(0, first_run.start() - _CUE_CONTEXT):first_run.start()],
                    folded[second.end():second.end() + _CONTEXT])
        # (only with a cue: two numbers in two turns are usually two numbers)
        found = _classify_number(n) if _nearest_cue(n.before) else None
        if found is None or found[1] < HIGH:
            continue
        category, confidence, rule = found
        for part in (first_run, second):
            yield Found(part.start(), part.end(), category, confidence, "split-turn-" + rule)


# --- dates of birth -------------------------------------------------------------

# Month names are the ones metadata dates are read with, plus abbreviations.
_MONTH_ABBREVIATIONS = ("ene", "feb", "mar", "abr", "jun", "jul", "ago", "sep", "sept", "set",
                        "oct", "nov", "dic", "jan", "apr", "aug", "dec")
_MONTHS = "(?:" + "|".join((*MONTHS, *_MONTH_ABBREVIATIONS)) + r")\.?"
_DAY_WORD = ("primero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|"
             "catorce|quince|dieciseis|diecisiete|dieciocho|diecinueve|veinte|veintiuno|"
             "veintidos|veintitres|veinticuatro|veinticinco|veintiseis|veintisiete|"
             "veintiocho|veintinueve|treinta y uno|treinta")
_EN_DAY = ("(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
           "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty)")
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)?\d\d"
    # (an ordinal day as Spanish writes it: "1.º de marzo", "1ro de mayo")
    rf"|\d{{1,2}}(?:st|nd|rd|th|\.?[ºo°]|ro)?(?:\s+de|\s+of)?\s+{_MONTHS}(?:\s+de(?:l)?|,)?\s+(?:19|20)\d\d"
    # the day said in words: "doce de marzo del 2011", "primero de mayo de 1990"
    rf"|(?:{_DAY_WORD})\s+de\s+{_MONTHS}(?:\s+de(?:l)?|,)?\s+(?:19|20)\d\d"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}[-/]{_MONTHS}[-/](?:19|20)?\d\d"    # 12-ago-2008
    rf"|(?:19|20)\d\d-\d\d-\d\d"
    # year first with slashes or dots, as some forms print it: "2010/05/04"
    rf"|(?:19|20)\d\d[/.]\d\d?[/.]\d\d?"
    # an English ordinal day in words: "the twenty-first of June, 2008"
    rf"|(?:(?:twenty|thirty)[ \t-])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    rf"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    rf"eighteenth|nineteenth|twentieth|thirtieth)\s+of\s+{_MONTHS},?\s+(?:19|20)\d\d"
    # an English cardinal day in words: "fourteen February 2010", "nine of May, 2011"
    rf"|(?<![\w-])(?:(?:twenty|thirty)[ \t-])?{_EN_DAY}\s+(?:of\s+)?{_MONTHS},?\s+(?:19|20)\d\d)\b")
_YEAR_ONLY = re.compile(r"\b(?:19|20)\d\d\b")
# A date of birth whose year is said in words ("nació el doce de mayo del dos mil
# once", "born on the third of June, two thousand and nine"): only after a
# birth cue, as a year in words is otherwise too common a phrase to decide on.
_YEAR_WORDS = (r"(?:dos mil|mil novecientos|two thousand|nineteen)"
               rf"(?:[ \t-]+(?:y[ \t]+|and[ \t]+)?(?:{_ALT(_TENS)}|{_TEEN_WORD}|{_UNIT_WORD}|"
               rf"{_ALT(_HUNDREDS)})\b){{0,3}}")
_DATE_WORDS = re.compile(
    rf"\b(?:(?:{_DAY_WORD}|\d{{1,2}}(?:\.?[ºo°]|ro)?)\s+de\s+{_MONTHS}(?:\s+de(?:l)?|,)?"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?|[a-z]+(?:st|nd|rd|th))\s+of\s+{_MONTHS},?"
    rf"|{_MONTHS}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?|[a-z]+(?:st|nd|rd|th)),?)\s+{_YEAR_WORDS}\b")
_YEAR_WORDS_CUE = re.compile(r"dos mil|mil novecientos|two thousand|nineteen")
_BIRTH_CUE = re.compile(
    r"(?:naci(?:o|a|eron|mos)?|nacido|nacida|nacimiento|f\.?\s?nac\.?|fecha de nac\.?|"
    r"cumpleanos|cumple anos|born|birth(?:day|date)?|date of birth|d\.?o\.?b\.?)"
    # (an abbreviation's own dot may follow: "F. nac.: 23/09/2007", "D.O.B. 07/11/2006")
    r"\b\.?[^.\n]{0,50}$")
# "la alianza nació el ...", "the Compact was born on ...": a thing's birth.
_BORN_THING = re.compile(
    r"\b(?:alianza|compact|pacto|programa|program|programme|proyecto|project|iniciativa|"
    r"initiative|mesa|red|network|comision|commission|plan|estrategia|strategy|unidad|unit|"
    r"ley|law|idea|institucion|institution|organizacion|organization|organisation|oficina|"
    r"office|partnership|asociacion|association|servicio|service|politica|policy|"
    r"instancia|comite|committee|convenio|agreement|acuerdo|sistema|system)"
    # (its name may be long: "la Mesa Regional contra la Trata de Cusco nació en 2014")
    r"(?:[ \t]+[a-z]+){0,6}[ \t]*$")
# (or named right after the date: "Nacida en 2012, la red creció")
_BORN_THING_AFTER = re.compile(r"[ \t]*,[ \t]*(?:el|la|los|las|the|this|our|nuestra|nuestro)[ \t]+"
                               + _BORN_THING.pattern.removesuffix(r"(?:[ \t]+[a-z]+){0,6}[ \t]*$")
                               + r"\b")
# A person's age beside a date: "Kusi, catorce años, ..., 2009-05-14". Not
# "hace cinco años" nor "5 años de experiencia".
_AGE = re.compile(
    rf"(?<!hace )(?<!durante )(?<!por )(?<!desde )(?<!los )(?<!cada )(?<!unos )"
    rf"(?<!mas de )(?<!after )(?<!for )(?<!in )"
    rf"\b(?P<age>\d{{1,2}}|{_NUMBER_TOKEN})(?:[ \t]+(?:anos|years?[ \t-]old)|-years?-old)"
    rf"(?![ \t]+(?:de|of|ago|later|after|antes|despues|atras))"
    rf"|\baged?[ \t]+(?P<aged>\d{{1,2}}|{_NUMBER_TOKEN})\b"
    rf"(?![ \t]*(?:to|a|-|–|y|and|or|o)[ \t]+\d)")   # "aged 12 to 17": a range


_DATE_CUE = re.compile(r"(?:19|20)\d\d|\d[/.-]\d")


_SENTENCE_END = re.compile(r"[.?!;]\s|\n")


def _age_fits(folded: str, start: int, end: int, year: int) -> bool:
    """An age stated near the date that, added to the date's year, gives a
    year of the interviews (2016-2028): the date is when that person was born."""
    low, high = max(0, start - 70), min(len(folded), end + 40)
    # the date's sentence only
    low = max([low] + [m.end() for m in _SENTENCE_END.finditer(folded, low, start)])
    stop = _SENTENCE_END.search(folded, end, high)
    window = folded[low:stop.start() if stop else high]
    if "anos" not in window and "year" not in window and "age" not in window:
        return False
    for m in _AGE.finditer(window):
        said = m.group("age") or m.group("aged")
        age = int(said) if said.isdigit() else int(said_digits(said) or 0)
        if 0 < age < 100 and 2016 <= year + age <= 2028:
            return True
    return False


_MONTH_NUMBERS = {**MONTHS, **{m: MONTHS[full] for m in _MONTH_ABBREVIATIONS
                                for full in MONTHS if full.startswith(m)}}
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)?\d\d)$")


_ORDINAL_DAYS = dict(zip(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth".split(),
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty".split(), strict=True))


def _date_said(date: str) -> tuple[int | None, int, int] | None:
    """The day (when it can be read), month and year a date says: "2 de
    diciembre del dos mil siete" and "the 2nd of December, 2007" are both
    (2, 12, 2007); 02/12/2007 is (2, 12, 2007)."""
    numeric = _NUMERIC_DATE.match(date)
    if numeric:
        year = int(numeric.group(3))
        return int(numeric.group(1)), int(numeric.group(2)), year + (
            1900 if 30 < year < 100 else 2000 if year < 100 else 0)
    words = re.findall(r"[a-z]+|\d+", date)
    month = next((i for i, w in enumerate(words) if w in _MONTH_NUMBERS), None)
    if month is None:
        return None
    rest = " ".join(words[month + 1:])
    year = re.search(r"(?:19|20)\d\d", rest)
    years = [int(y) for y in (said_cardinals(rest) if year is None else [year.group()])
             if len(y) == 4]
    head = " ".join(_ORDINAL_DAYS.get(w, w) for w in words[:month]).replace("primero", "uno")
    days = [int(d) for d in said_cardinals(head) if 0 < int(d) <= 31]
    return (days[0] if days else None, _MONTH_NUMBERS[words[month]], years[-1]) \
        if years else None


# A birth year said in words or in two digits right after the birth's verb: "nací en
# el setenta y nueve", "nació en el dos mil nueve", "born in nineteen eighty-four",
# "nací en el 85", "born in '79" (two digits only as Spanish says a year, "en el", or
# with the apostrophe English writes).
_BIRTH_YEAR_SAID = re.compile(
    r"\b(?:naci(?:o|a|mos|eron|ste)?|nacido|nacida|born)[ \t]+"
    rf"(?:(?:en|in)[ \t]+(?:el[ \t]+(?:ano[ \t]+)?|the[ \t]+year[ \t]+)?(?P<year>{_YEAR_WORDS})"
    rf"|en[ \t]+el[ \t]+(?:ano[ \t]+)?(?P<short>(?:{_ALT(_TENS)})(?:[ \t]+y[ \t]+(?:{_UNIT_WORD}))?"
    r"|\d\d)|in[ \t]+(?P<apostrophe>['’]\d\d))\b"
    # (not a share, a day or an age: "en el 85 por ciento", "en el 12 de mayo")
    r"(?![ \t]*(?:%|por ?ciento|percent|de\b|anos|years))")
# ("naci" alone would search every "nacional", "internacional")
_BIRTH_VERB = re.compile(r"naci(?:o|a|mos|eron|ste|do|da)?\b|born\b")
# A second birth said without its verb, after a first one in the same sentence:
# "Mi hija mayor nació en 2010 y la menor, Daniela, en 2013", "born on 3 May 2006,
# and his brother in 2008". Between "y"/"and" and the date only who it is: words
# for a person or a child, or a name (capitalised), so "… y llegó a Lima en 2015"
# and "and the project in 2008" are not one.
_ELIDED_WHO = frozenset(
    "the his her their my our its el la los las su sus mi mis one younger older youngest "
    "eldest oldest elder little baby brother sister son daughter twin child boy girl cousin "
    "second third other last first wife husband mother father hermano hermana hermanito "
    "hermanita hijo hija menor mayor chico chica nino nina bebe primo prima otro otra "
    "segundo segunda tercero tercera pequeno pequena gemelo gemela esposo esposa madre "
    "padre mama papa".split())
_ELIDED_BIRTH = re.compile(
    r"[^.;?!\n]{0,60}?\b(?:and|y|e|while|mientras que)\b[ \t,]+"
    r"(?P<who>(?:[a-z]+,?[ \t]+){1,5}?)(?:in|en(?:[ \t]+el)?|on|el)[ \t]+(?=\d)")
_SENTENCE_REST = 120


def _elided_births(text: str, folded: str, end: int) -> Iterator[Found]:
    """The births said without their verb after the one that ends at `end`."""
    m = _ELIDED_BIRTH.match(folded, end, min(len(folded), end + _SENTENCE_REST))
    if m is None:
        return
    for word in re.finditer(r"[a-z]+", m.group("who")):
        start = m.start("who") + word.start()
        if word.group() not in _ELIDED_WHO and not text[start].isupper():
            return
    when = _DATE.match(folded, m.end()) or _YEAR_ONLY.match(folded, m.end())
    if when is not None:
        yield Found(when.start(), when.end(), BIRTH_DATE, 0.85, "birth-elided")


# Dates listed after people's names, "Rosa Elena, 11/07/2009; Yeni, 18/08/2012; y …,
# nacida el 25 de mayo de 2011": in a paragraph with a sure birth, a date right after
# a capitalised name and a comma is that person's birth (the name in the text's case).
_NAME_COMMA = re.compile(r"(?<![\w.])[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+"
                         r"(?:[ \t]+[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+){0,3},[ \t]*"
                         # ("…, y su amiga Brisa Ahuanari, del 22 de octubre de 2010")
                         r"(?:(?:del?|from)[ \t]+)?$")
# (or a kin word in the folded text: "La mamá, nacida el …; el papá, 12/11/1982")
_KIN_COMMA = re.compile(r"\b(?:papa|mama|padre|madre|hijo|hija|nino|nina|hermano|hermana|bebe|"
                        r"tio|tia|abuelo|abuela|primo|prima|menor|mayor|esposo|esposa|father|"
                        r"mother|son|daughter|brother|sister|boy|girl|baby|cousin|wife|husband|"
                        r"eldest|youngest)(?:['’]s)?,[ \t]*$")
_LISTED_REACH = 250
# A birth year said before the full date, as its short form: "Rudy Mamani, de 2009,
# nacido el 6 de octubre de 2009", "Edwin, from 2008, born on 14 July 2008".
_YEAR_FIRST = re.compile(r",[ \t]*(?:de|del|from|of)[ \t]+(?P<year>(?:19|20)\d\d)[ \t]*,"
                         r"[^\d.;\n]{0,30}$")


def _listed_births(text: str, folded: str, dates: list[tuple[int, int]],
                   born: list[tuple[int, int]]) -> Iterator[Found]:
    """The dates of `dates` listed after a name in a paragraph with a sure birth."""
    for start, end in dates:
        if not (_NAME_COMMA.search(text, max(0, start - 40), start) or
                _KIN_COMMA.search(folded, max(0, start - 20), start)):
            continue
        low = folded.rfind("\n", 0, start) + 1
        high = folded.find("\n", end)
        high = len(folded) if high < 0 else high
        if any(low <= b_start and b_end <= high and abs(b_start - start) <= _LISTED_REACH
               for b_start, b_end in born):
            yield Found(start, end, BIRTH_DATE, 0.85, "birth-listed")


def _years_first(folded: str, sure: list[tuple[int, int, tuple[int | None, int, int] | None]]
                 ) -> Iterator[Found]:
    for start, _end, said in sure:
        m = _YEAR_FIRST.search(folded, max(0, start - 60), start)
        if m and said and int(m.group("year")) == said[2]:
            yield Found(m.start("year"), m.end("year"), BIRTH_DATE, 0.85, "birth-year-first")


_WORD = re.compile(r"[a-z]+")


def _birth_cue(text: str, before: str, offset: int) -> re.Match[str] | None:
    """The birth's cue in `before` (the folded text at `offset` before a date); past
    a semicolon only into a list's next item, who it is and the date ("…; Yeni
    18/08/2012", "…; el papá, 12/11/1982"), not into another clause ("Nació el …;
    el informe es del 2 de mayo de 2015")."""
    cue = _BIRTH_CUE.search(before)
    item = before.rfind(";", cue.start() if cue else 0) + 1
    if cue is None or not item:
        return cue
    # (the item may say its own birth: '"…, says born 2010-04-04"; "Yonathan Ríos, 16,
    # born 4th of April 2008"': the cue nearest the date, not the first item's)
    own = _BIRTH_CUE.search(before, item)
    if own is not None:
        return own
    who = False
    for word in _WORD.finditer(before, item):
        if word.group() in _ITEM_ARTICLES:
            continue   # (an article alone is a date's: "…; el 2 de enero de 2015 abrimos …")
        if word.group() not in _ELIDED_WHO and not text[offset + word.start()].isupper():
            return None
        who = True
    return cue if who else None


_ITEM_ARTICLES = frozenset(
    "y and e el la los las the su sus mi mis his her their my our its".split())


# The full date said after the birth's year: "nacida en 2012... exactamente el 2 de
# enero de 2012", "born in 2009, on 14 July 2009 to be exact" (the same year, in the
# same sentence or past an ellipsis, a pause).
_YEAR_THEN_REACH = 80
_GAP_END = re.compile(r"[.?!;\n]")


def _year_then_date(folded: str, year: re.Match[str]) -> Iterator[Found]:
    high = min(len(folded), year.end() + _YEAR_THEN_REACH)
    for m in _DATE.finditer(folded, year.end(), high):
        gap = folded[year.end():m.start()].replace("...", " ").replace("…", " ")
        said = _date_said(m.group())
        if not _GAP_END.search(gap) and said and str(said[2]) == year.group():
            yield Found(m.start(), m.end(), BIRTH_DATE, 0.9, "birth-year-then-date")
        return


# A date in a record read out, after a name and one or two fields: an age ("Nilda
# Surco, de quince, 2009-02-28", "Jayden, 14, 2009-08-21": the age and the year give
# a year of the interviews) or a document's number, with the record's field names
# said before ("Ahí va el nombre, DNI, fecha de nacimiento … Le leo una línea: Noemí
# Chullo, 74396015, 4/02/2008, …").
_RECORD_HEAD = re.compile(r"(?<![\w.])[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+"
                          r"(?:[ \t]+[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+){0,3}"
                          # (the fields in lower case: an age, a number; not a name again)
                          r",[ \t]*(?P<fields>(?:[^,\n;.:A-ZÁÉÍÓÚÑ]{1,24},[ \t]*){1,2})$")
_RECORD_ID = re.compile(r"\d[\d \t.-]{4,14}\d")
_RECORD_AGE = re.compile(rf"(?:de[ \t]+|aged?[ \t]+)?(?P<age>\d{{1,2}}|{_NUMBER_TOKEN}"
                         rf"(?:[ \t]+y[ \t]+{_UNIT_WORD})?)(?:[ \t]+(?:anos|years(?:[ \t]+old)?))?")
_BIRTH_FIELD = re.compile(r"fecha de nacimiento|date of birth|f\.? ?nac\b|nacimiento|birth|\bdob\b")
_BIRTH_FIELD_REACH = 300


def _record_birth(text: str, folded: str, start: int, year: int) -> bool:
    head = _RECORD_HEAD.search(text, max(0, start - 90), start)
    if head is None:
        return False
    fields = [f.strip() for f in head.group("fields").split(",") if f.strip()]
    ages = []
    for field in fields:
        age = _RECORD_AGE.fullmatch(fold_same_length(field).lower())
        if age:
            said = age.group("age")
            ages.append(int(said) if said.isdigit() else int(said_digits(said) or 0))
        elif not _RECORD_ID.fullmatch(field):
            return False
    if any(0 < age < 100 and 2016 <= year + age <= 2028 for age in ages):
        return True
    return not ages and bool(_BIRTH_FIELD.search(folded, max(0, start - _BIRTH_FIELD_REACH),
                                                 head.start()))


# A table whose column is headed as a birth ("| Nombre | F. nac. | DNI |", "| Name | DOB
# |"): the dates in that column are births.
_BIRTH_HEADER = re.compile(r"(?:f\.?[ \t]?(?:de[ \t])?nac\.?(?:imiento)?|"
                           r"fec(?:ha)?\.?[ \t]?(?:de[ \t])?nac(?:\.|imiento)?|"
                           r"nacimiento|d\.?o\.?b\.?|date of birth|birth ?date|"
                           r"born|birthday|cumpleanos)")
_TABLE_ROW = re.compile(r"^[ \t]*\|(?P<cells>.*)\|[ \t]*$", re.MULTILINE)
_TABLE_RULE = re.compile(r"[\s|:-]*")


def _table_births(text: str, folded: str) -> Iterator[Found]:
    column: int | None = None
    last_end = -2
    for row in _TABLE_ROW.finditer(folded):
        if row.start() != last_end + 1:
            column = None   # a new table
        last_end = row.end()
        cells, at = [], row.start("cells")
        for cell in row.group("cells").split("|"):
            cells.append((at, at + len(cell), cell.strip()))
            at += len(cell) + 1
        if _TABLE_RULE.fullmatch(row.group("cells")):
            continue
        heads = [i for i, (_s, _e, cell) in enumerate(cells) if _BIRTH_HEADER.fullmatch(cell)]
        if heads:
            column = heads[0]
            continue
        if column is not None and column < len(cells):
            low, high, cell = cells[column]
            m = _DATE.fullmatch(cell)
            if m:
                start = low + folded[low:high].index(cell)
                yield Found(start, start + len(cell), BIRTH_DATE, 0.9, "birth-table-column")


# A date said as three numbers in words right after the birth's verb: "born ten ten
# twenty-eleven", "nacida el veintiuno del once del dos mil once" (day, month, year).
_MONTH_NUMBER_WORD = ("(?:uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|"
                      "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)")
_TWENTY_YEAR = (rf"twenty[ \t-]+(?:{_TEEN_WORD}|{_UNIT_WORD})\b"
                rf"|nineteen[ \t-]+(?:{_ALT(_TENS)})(?:[ \t-]+{_UNIT_WORD})?\b")
_NUMBERS_DATE = re.compile(
    rf"\b(?P<date>(?:{_DAY_WORD}|(?:(?:twenty|thirty)[ \t-])?{_EN_DAY})"
    rf"(?:[ \t]+del?[ \t]+|[ \t]*[,/-][ \t]*|[ \t]+){_MONTH_NUMBER_WORD}"
    rf"(?:[ \t]+del?[ \t]+|[ \t]*[,/-][ \t]*|[ \t]+)(?:{_TWENTY_YEAR}|{_YEAR_WORDS}))\b")
_BORN_RIGHT_BEFORE = re.compile(r"\b(?:naci(?:o|a|mos|eron|ste|do|da)?|born)"
                                r"(?:[ \t]+(?:el|on|en|el dia|the))?[ \t]+$")


def _numbers_said_as_date(text: str, folded: str) -> list[re.Match[str]]:
    found = []
    for m in within(_NUMBERS_DATE, _BIRTH_VERB, folded, 2, 80):
        before = folded[max(0, m.start() - 50):m.start()]
        if _BORN_RIGHT_BEFORE.search(before) and not _BORN_THING.search(before):
            found.append(m)
    return found


# A holiday as the day of a birth: "born Christmas Day 2011", "nació el día de Navidad
# del 2010" (only right after the birth's verb: "the office opened on Christmas Day").
_HOLIDAY = re.compile(
    r"\b(?:christmas(?:[ \t]+(?:day|eve))?|new[ \t]+year['’]?s(?:[ \t]+(?:day|eve))?|"
    r"(?:(?:el[ \t]+)?dia[ \t]+de[ \t]+)?(?:navidad|nochebuena|ano[ \t]+nuevo|"
    r"nochevieja|san[ \t]+valentin)|halloween|valentine['’]?s[ \t]+day)"
    r"(?:[ \t]+(?:of|de|del))?,?[ \t]+(?:19|20)\d\d\b")

# A register's line whose fields are set apart by dashes or bars: "Tuesta Pizango, Merly
# — 17/08/2009 — 76120348 — 953 120 774", "CHAMBI TICONA, Deyvis | 08/03/2010 | 78420193":
# a date alone in its field, a person's name first, and a document's or a phone's number
# (or a document's word: "sin DNI") in another field.
_FIELD_SEPARATOR = re.compile(r"[ \t]+[—–][ \t]+|[ \t]*\|[ \t]*|\t")
_RECORD_BOUND = re.compile(r"[\n\"“”]|[.?!][ \t]")
_FIELD_NAME = re.compile(r"[A-ZÁÉÍÓÚÑ][\wáéíóúñüÁÉÍÓÚÑÜ'’-]+"
                         r"(?:,?[ \t]+[A-ZÁÉÍÓÚÑ][\wáéíóúñüÁÉÍÓÚÑÜ'’-]+){1,4}")
_FIELD_EVIDENCE = re.compile(r"\d(?:[ \t.-]?\d){5,}|\b(?:dni|id|documento|document|partida|"
                             r"pasaporte|passport|celular|phone|telefono|cel)\b")


def _field_births(text: str, folded: str, dates: list[tuple[int, int]]) -> Iterator[Found]:
    for start, end in dates:
        low = max([m.end() for m in _RECORD_BOUND.finditer(folded, max(0, start - 120), start)]
                  or [max(0, start - 120)])
        stop = _RECORD_BOUND.search(folded, end, end + 200)
        high = stop.start() if stop else min(len(folded), end + 200)
        record = folded[low:high]
        cells, at = [], low
        for m in _FIELD_SEPARATOR.finditer(record):
            cells.append((at, low + m.start()))
            at = low + m.end()
        cells.append((at, high))
        if len(cells) < 3 or (start, end) not in cells:
            continue
        first = next(i for i, cell in enumerate(cells) if cell == (start, end))
        if first == 0 or not _FIELD_NAME.fullmatch(text[cells[0][0]:cells[0][1]].strip()):
            continue
        if any(_FIELD_EVIDENCE.search(folded, a, b) for i, (a, b) in enumerate(cells)
               if i not in (0, first)):
            yield Found(start, end, BIRTH_DATE, 0.85, "birth-in-fields")


def birth_dates(text: str, folded: str) -> Iterator[Found]:
    folded = plain_separators(folded)
    born: list[tuple[int, tuple[int | None, int, int] | None]] = []   # the sure ones
    sure: list[tuple[int, int, tuple[int | None, int, int] | None]] = []
    unsure: list[tuple[int, int]] = []
    # (a birth said in words first, so a date written after it may repeat or correct it:
    # "Nació el doce de diciembre de dos mil doce … figuraba 12/12/2013")
    said_births = []
    for m in within(_DATE_WORDS, _YEAR_WORDS_CUE, folded, 60, 40):
        before = folded[max(0, m.start() - 70):m.start()]
        cue = _birth_cue(text, before, max(0, m.start() - 70))
        if cue and not _BORN_THING.search(before, 0, cue.start()):
            said_births.append(m)
            born.append((m.end(), _date_said(m.group())))
    for m in _numbers_said_as_date(text, folded):
        said_births.append(m)
        born.append((m.end(), None))
    for m in within(_DATE, _DATE_CUE, folded, 40, 12):
        before = folded[max(0, m.start() - 70):m.start()]
        cue = _birth_cue(text, before, max(0, m.start() - 70))
        if cue and not _BORN_THING.search(before, 0, cue.start()):
            born.append((m.end(), _date_said(m.group())))
            sure.append((m.start(), m.end(), born[-1][1]))
            yield Found(m.start(), m.end(), BIRTH_DATE, 0.95, "birth-cue-date")
            yield from _elided_births(text, folded, m.end())
            continue
        repeated = _repeats_birth(born, m)
        if repeated:
            yield Found(m.start(), m.end(), BIRTH_DATE, 0.9, repeated)
            continue
        unsure.append((m.start(), m.end()))
        year = re.search(r"(19|20)\d\d$", m.group()) or re.match(r"(19|20)\d\d(?=-)",
                                                                   m.group()) \
            or re.search(r"\d\d$", m.group())
        value = int(year.group()) if year else 0
        value += 1900 if value < 100 else 0
        if m.group()[:1].isdigit() and not cue and _age_fits(folded, m.start(), m.end(), value):
            yield Found(m.start(), m.end(), BIRTH_DATE, 0.85, "age-date")
            continue
        if _record_birth(text, folded, m.start(), value):
            yield Found(m.start(), m.end(), BIRTH_DATE, 0.85, "birth-in-record")
            continue
        if 1925 <= value <= 2008:   # an adult's or a child's birth year, not a project date
            yield Found(m.start(), m.end(), BIRTH_DATE, LOW, "old-date")
    said_at = {m.start() for m in said_births}
    for m in said_births:
        sure.append((m.start(), m.end(), _date_said(m.group())))
        yield Found(m.start(), m.end(), BIRTH_DATE, 0.95, "birth-cue-date-words")
    for m in within(_DATE_WORDS, _YEAR_WORDS_CUE, folded, 60, 40):
        if m.start() not in said_at and (repeated := _repeats_birth(born, m)):
            yield Found(m.start(), m.end(), BIRTH_DATE, 0.9, repeated)
    for m in within(_HOLIDAY, _BIRTH_VERB, folded, 2, 60):
        before = folded[max(0, m.start() - 30):m.start()]
        if _BORN_RIGHT_BEFORE.search(before) and not _BORN_THING.search(before):
            yield Found(m.start(), m.end(), BIRTH_DATE, 0.9, "birth-cue-holiday")
    yield from _field_births(text, folded, unsure)
    for m in within(_YEAR_ONLY, _DATE_CUE, folded, 2, 2):
        before = folded[max(0, m.start() - 50):m.start()]
        cue = re.search(r"(?:naci(?:o|a|mos)?|nacido|nacida|born)"
                        r"(?: (?:en|en el|en el ano|el ano|in|in the year))?"
                        # a month before the year: "born in April 2010", "nació en abril del 2010"
                        rf"(?:[ \t]+{_MONTHS}(?:[ \t]+(?:de|del|of))?,?)?[ \t]*$",
                        before)
        if cue and not _BORN_THING.search(before, 0, cue.start()) and \
                not _BORN_THING_AFTER.match(folded, m.end()):
            yield Found(m.start(), m.end(), BIRTH_DATE, 0.85, "birth-cue-year")
            yield from _elided_births(text, folded, m.end())
            yield from _year_then_date(folded, m)
    for m in within(_BIRTH_YEAR_SAID, _BIRTH_VERB, folded, 2, 60):
        before = folded[max(0, m.start() - 50):m.start()]
        if not _BORN_THING.search(before):
            group = next(g for g in ("year", "short", "apostrophe") if m.start(g) >= 0)
            yield Found(m.start(group), m.end(group), BIRTH_DATE, 0.85, "birth-cue-year-said")
    yield from _listed_births(text, folded, unsure, [(start, end) for start, end, _ in sure])
    yield from _years_first(folded, sure)
    if "|" in folded and _BIRTH_HEADER.search(folded):
        yield from _table_births(text, folded)


def _repeats_birth(born: list[tuple[int, tuple[int | None, int, int] | None]],
                   m: re.Match[str]) -> str | None:
    """A date said again soon after a date of birth, by an interpreter or to
    confirm it ("… born on the 2nd of December, 2007." / "Dos de diciembre del
    dos mil siete, sí."): the same day, month and year (the day when both say
    one), at most ~300 characters on; or corrected to a year or two apart ("…
    nacida el 14 de febrero de 2009 …; trajo la partida y era 14 de febrero de
    2008"): the same day and month. The rule's name, or None."""
    said = None
    for end, birth in born:
        if birth and 0 <= m.start() - end <= 300:
            said = said or _date_said(m.group())
            if not said or said[1] != birth[1]:
                continue
            if said[2] == birth[2] and (said[0] is None or birth[0] is None or
                                        said[0] == birth[0]):
                return "birth-date-repeated"
            if said[0] is not None and said[0] == birth[0] and 0 < abs(said[2] - birth[2]) <= 2:
                return "birth-date-corrected"
    return None


# --- numbers corrected mid-dictation ----------------------------------------------

# A number begun, abandoned and said again: "nueve ocho siete, no, perdón, nueve ocho
# ocho, …", "987 65— no, 987 564 321", "912 345 no espera 912 354 678". The first
# try is a piece of the number (or a near copy of it): left out, it would stay
# readable after redaction. It is a hit of its own, so the number meant keeps its
# own digits (and its placeholder where it is said again elsewhere).
_CORRECTION_WORD = (r"(?:no|nop|perdon|perdone|disculpe|disculpa|digo|mejor dicho|corrijo|"
                    r"me equivoque|espera|espere|un momento|sorry|no wait|wait|i mean|"
                    r"let me correct that|correction|o sea|eh|em|este|ya)")
_FRAGMENT_PART = rf"(?:\d+|{_NUMBER_TOKEN})"
_RESTART = re.compile(
    rf"(?<![\w,.])(?P<fragment>{_FRAGMENT_PART}(?:[ \t]*[,.…\-]?[ \t]+{_FRAGMENT_PART})*)"
    # the cut: a dash or an ellipsis, or a correction's word, with the pauses around
    rf"(?P<cut>[ \t]*(?:—|–|-{{1,2}}|\.\.\.|…)?[ \t]*"
    rf"(?:[,.;]?[ \t]*\b{_CORRECTION_WORD}\b[ \t]*[,.;…]?[ \t]*)*)$")
_RESTART_REACH = 80


def _fragment_digits(words: str) -> str:
    """The digits of a fragment written in digits, words or both."""
    return "".join(part if part.isdigit() else said_digits(part)
                   for part in re.split(r"(\d+)", words) if part.strip(" \t,.-…"))


def _abandoned_try(found: Found, folded: str) -> Found | None:
    """The first try cut off just before the number `found` ("987 65— no, …"): a
    run of digits beginning with the same two digits, then a dash, an ellipsis or
    a word of correction; found as the same kind of number."""
    m = _RESTART.search(folded, max(0, found.start - _RESTART_REACH), found.start)
    if m is None or not re.search(r"—|–|-|\.\.\.|…|[a-z]", m.group("cut")):
        return None
    head = _fragment_digits(m.group("fragment"))
    whole = _fragment_digits(folded[found.start:found.end])
    if len(head) < 2 or len(head) >= len(whole) + 3 or head[:2] != whole[:2]:
        return None
    return found._replace(start=m.start("fragment"), end=m.end("fragment"),
                          rule=found.rule + "-abandoned-try")


# One group of a dictated number corrected and the rest said after it: "cuarenta y
# dos, dieciocho, no, diecinueve, treinta, setenta y siete" is 42 19 30 77; "nine seven
# four, two two one, sorry, two two two, six eight zero" is 974 222 680. The group
# said again has the size of the one it replaces (a number begun again whole is the
# form above, `_abandoned_try`).
# (found after the pause typed as a comma: a literal, so the search is a fast one)
_GROUP_CUT_WORD = re.compile(r",[ \t]+(?:no|perdon|perdone|disculpe|disculpa|digo|corrijo|"
                             r"mejor dicho|sorry|i mean|correction)\b")
_GROUP_CUT = re.compile(rf"(?:[ \t]*,?[ \t]+\b{_CORRECTION_WORD}\b)*[ \t]*[,.…]?[ \t]+")
_ENDS_IN_DIGIT = re.compile(rf"(?:\b{_DIGIT_WORDS}|\d)[ \t]*$")


def corrected_groups(text: str, folded: str) -> Iterator[Found]:
    for word in _GROUP_CUT_WORD.finditer(folded):
        if not _ENDS_IN_DIGIT.search(folded, max(0, word.start() - 16), word.start()):
            continue
        rest = _GROUP_CUT.match(folded, word.end())
        if rest is None:
            continue   # "… siete, no." ends there
        cut_start, cut_end = word.start(), rest.end()
        ends = _RUN_ENDS.search(folded, max(0, cut_start - 160), cut_start)
        first = _RUN_AT.match(folded, ends.start()) if ends else None
        second = _RUN_AT.match(folded, cut_end)
        if first is None or second is None:
            continue
        *head, wrong = [said_digits(g) for g in _SAID_PAUSE.split(first.group()) if g.strip()]
        right, *tail = [said_digits(g) for g in _SAID_PAUSE.split(second.group()) if g.strip()]
        digits = "".join([*head, right, *tail])
        if not head or len(wrong) != len(right) or wrong == right or not 6 <= len(digits) <= 12:
            continue
        again = _SAID_NUMBER.fullmatch(folded, second.start(), second.end())
        meant = _said_number(again, folded) if again else None
        if meant is not None and meant.confidence >= HIGH:
            continue   # the number said again whole
        n = _Number(first.start(), second.end(), digits, (len(digits),),
                    folded[first.start():second.end()], False,
                    folded[max(0, first.start() - _CUE_CONTEXT):first.start()],
                    folded[second.end():second.end() + _CONTEXT])
        found = _classify_number(n) if _nearest_cue(n.before) else None
        if found is not None and found[1] >= HIGH:
            yield Found(n.start, n.end, found[0], found[1], "said-corrected-group-" + found[2])


def number_findings(text: str, folded: str) -> Iterator[Found]:
    """Phone and ID numbers written, said, said as amounts or split across turns,
    and the abandoned first try of a corrected one (`_abandoned_try`), which
    takes the place of any number found inside it."""
    text, folded = plain_separators(text), plain_separators(folded)
    found = [f for finder in (numbers, said_numbers, cardinal_numbers, split_turn_numbers,
                              corrected_groups)
             for f in finder(text, folded)]
    tries = []
    for f in found:
        first = _abandoned_try(f, folded) if f.category in (PHONE, ID_NUMBER) else None
        if first is not None and not any(
                g.start <= first.start and first.end <= g.end and g.confidence >= first.confidence
                for g in found):
            tries.append(first)
    for f in found:
        if not any(t.start <= f.start and f.end <= t.end for t in tries):
            yield f
    yield from tries


# (street addresses are found in addresses.py, which the scan runs after these)
PATTERN_FINDERS = (emails, urls, number_findings, alphanumeric_ids, birth_dates)
