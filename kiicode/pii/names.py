"""Person names: the names kiicode already knows (speaker labels, the
speakers map, name-like interviewer fields), title cues ("Sr.", "Dra.",
"el fiscal Quispe") and a shipped gazetteer of Spanish, Peruvian, Quechua,
Aymara and English given names and surnames (data/names.tsv; sources in
data/NOTICE and scripts/build_pii_names.py).

A capitalised word alone proves little: it starts sentences and names
places and institutions. So the gazetteer decides on runs of capitalised
words: two name words together ("María Quispe"), or one after a title cue,
are a name; a name word inside an institution's or a place's name
("Hospital Cayetano Heredia", "Puerto Maldonado") is not; a name that is also
an everyday word ("Rosa", "Flores", "Hope") counts only beside another name
or a cue."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .rules import HIGH, PERSON, Found, fold_same_length

_LOWER = "a-záéíóúñüàèìòùç"
_UPPER = "A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ"
# (no optional prefix such as Mc or O': a pattern that starts with a plain
# character class is searched several times faster, and McDonald, O'Brien
# still give Donald, Brien)
_WORD = re.compile(rf"[{_UPPER}][{_LOWER}]+(?:['’-][{_UPPER}{_LOWER}][{_LOWER}]+)?")
_BRIDGE = re.compile(r"[ \t]+(?:(?:de|del|de la|de las|de los|da|van|von|van der)[ \t]+)?$")

# Capitalised words that are never a person's name here, even where the
# gazetteer lists them (months, days, institutions, roles, faith, tools).
NOT_NAMES = frozenset(fold_same_length(w) for w in """
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
diciembre january february march april may june july august september october november
december lunes martes miercoles jueves viernes sabado domingo monday tuesday wednesday
thursday friday saturday sunday ministerio ministry ministerios policia police fiscalia
hospital colegio universidad centro programa proyecto plan ley estado gobierno government
partnership compact office oficina defensoria direccion unidad region regional provincial
distrital municipal municipalidad nacional national comisaria juzgado corte poder judicial
congreso mesa comite comision consejo red sistema protocolo politica estrategia dios virgen
navidad semana santa internet zoom teams whatsapp facebook mujer mujeres women children child
nino nina ninos familia family fiscal fiscales juez jueza jueces sala salas justicia justice
department departamento state embassy embajada usaid tip cooperation cooperacion informe
report unicef oim iom ong ngo alianza asociacion fundacion foundation instituto institute
escuela school iglesia church casa hogar albergue shelter refugio puerto villa san santa
santo saint norte sur este oeste north south east west central alto alta bajo baja gran
grande nuevo nueva new ciudad city provincia province distrito district comunidad community
caserio anexo valle rio lago laguna cerro pampa selva sierra costa amazonia amazon andes
peru peruano peruana peruvian cusco cuzco puno loreto iquitos arequipa junin huancayo
ayacucho huancavelica apurimac abancay andahuaylas piura tumbes lambayeque chiclayo
libertad cajamarca amazonas ancash huaraz chimbote huanuco pasco ucayali pucallpa tacna
moquegua ica callao tarapoto moyobamba madre juliaca yurimaguas nauta
chincha pisco tarma sicuani espinar urubamba quillabamba ollantaytambo tingo comas ate surco
miraflores lince brena rimac independencia olivos chorrillos barranco
pueblo libre carabayllo ventanilla lurin pachacamac agustino triunfo bolivia ecuador colombia
chile argentina brasil brazil venezuela
mexico espana spain estados unidos united states california texas
europa europe africa asia
covid pandemia pandemic cuarentena quarantine gracias thanks senor senora senorita
english spanish quechua aymara ingles castellano espanol candelaria raymi
interviewer entrevistador entrevistadora entrevistado entrevistada respondent participante
participant moderador moderadora
""".split())

# Places that are names too: a place alone, a name beside another name.
PLACE_WORDS = frozenset("""
lima loreto martin jesus victoria trujillo maldonado isidro borja magdalena salvador anita
porres florida washington america york mendoza cordoba toledo valencia sevilla zamora cuenca
""".split())
PLACE_PHRASES = frozenset("""
jesus maria|villa maria|santa rosa|san martin|tingo maria|la victoria|madre de dios|
santa anita|san isidro|san borja|san juan|villa el salvador|puerto maldonado|san luis|
santa maria|san miguel|san pedro|san pablo|san jose|san marcos|san antonio|san francisco
""".replace("\n", "").split("|"))

# Roles and kin words before a name ("el fiscal Quispe", "my colleague Rosa").
_ROLE_WORDS = ("fiscal juez jueza comisario comisaria coronel capitan capitana teniente "
               "suboficial sargento alcalde alcaldesa ministro ministra director directora "
               "coordinador coordinadora defensor defensora psicologo psicologa abogado "
               "abogada licenciado licenciada ingeniero ingeniera profesor profesora promotor "
               "promotora colega companero companera hermana hermano tia tio prima primo "
               "esposo esposa hija hijo sobrina sobrino vecina vecino asistenta asistente "
               "trabajadora trabajador educadora educador enfermera enfermero obstetra "
               "prosecutor judge officer detective inspector sergeant captain colonel "
               "minister mayor coordinator professor colleague counterpart sister brother "
               "aunt uncle daughter son wife husband neighbour neighbor nurse teacher "
               "caseworker manager supervisor lawyer attorney amigo amiga jefe jefa friend "
               "boss compadre comadre padre")
HONORIFIC_ABBREVIATIONS = frozenset("sr sra srta dr dra lic licda ing prof profa mg mgtr abog mr "
                                    "mrs ms mx".split())
HONORIFIC_WORDS = frozenset("don dona senor senora senorita miss sir madam doctor doctora".split())
ROLE_WORDS = frozenset(w + ending for w in _ROLE_WORDS.split() for ending in ("", "a", "es", "s"))
_ROLE_QUALIFIERS = frozenset("social regional provincial adjunto adjunta turno".split())
STREET_WORDS = frozenset("av avda avenida jr jiron calle pasaje psje pje prol urb plaza parque "
                         "aeropuerto estadio coliseo mercado".split())


# What is said to or about a person, just before or after a single name
# (folded text): a greeting before a vocative ("Buenos días, Marleny."), the
# Spanish personal "a" after a verb of contact ("le pregunté a Teodoro"),
# "según", "hablé con", "I called", and a verb of saying after ("Laura said").
_GREETING_BEFORE = re.compile(
    r"(?:buen[oa]s?(?: (?:dias|tardes|noches))?|hola|(?:muchas )?gracias|adios|chau|"
    r"hasta luego|good (?:morning|afternoon|evening)|hello|hi|hey|thanks|thank you|bye|"
    r"goodbye|dear|querid[oa]|estimad[oa]|disculpe|oiga)[ \t]*,?[ \t]*$")
_VOCATIVE_AFTER = re.compile(r"[ \t]*[,.!?;:]")
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:llam|pregunt|dij|dec|cont|avis|conoc|visit|busc|ayud|escrib|salud|encontr|"
    r"entrevist|acompan|agradec|consult|invit|esper|recomend|present|deriv|"
    r"mand|envi|pas)[a-z]* (?:a|al)|\b(?:habl|convers|reun|coordin|trabaj|"
    r"convivi|sal)[a-z]* con|\bsegun|\bcalled|\basked|\btold|\bmet(?: with)?|"
    r"\bemailed|\bphoned|\bthanked|\btexted|\bvisited|\binterviewed|"
    r"\b(?:talked|spoke|spoken|worked|met|meeting) (?:to|with)|\baccording to|"
    r"\bhello to|\bhi to|\bask|\bcall|\btell)[ \t]+$")
_PERSON_AFTER = re.compile(
    r",?[ \t]+(?:(?:me|nos|le|les|lo|la|se|ya|no|tambien|siempre|nunca|luego|despues|"
    r"entonces|also|then|later|never|always)[ \t]+){0,2}"
    r"(?:dijo|dice|decia|conto|cuenta|comento|explico|llamo|respondio|contesto|pregunto|"
    r"insistio|propuso|recomendo|aviso|opina|penso|piensa|said|says|told|tells|explained|"
    r"asked|called|mentioned|confirmed|agreed|thinks|thought|wrote|replied|answered|"
    r"insisted|suggested|recommended)\b")
# Words before a single name that make it a place or a thing: "en Rosario",
# "la Cruz Roja", "el Inti Raymi", "in Victoria".
_PLACE_BEFORE = re.compile(r"(?:\b(?:en|in|desde|hasta|hacia|at|near|cerca de)[ \t]+"
                           r"(?:[a-z]+(?:,[ \t]*|[ \t]+(?:y|and|o|or)[ \t]+))?"
                           r"|(?:^|[ \t(])(?:el|la|los|las|the|del|un|una)[ \t]+"
                           r"|\b(?:empresa|company|firm|lancha|barco|embarcacion|hotel|hostal|"
                           r"restaurante|tienda|bodega|discoteca|bar|colegio|barrio|club|radio|"
                           r"canal|marca|brand)[ \t]+)$")
# A role in apposition: "Ahuanari, el abogado," "a lawyer, Nathan," "la colega, Shirley".
_ROLE_AFTER = re.compile(r",[ \t]+(?:(?:el|la|the|a|an|our|my|mi|su|nuestr[oa]|their|her|his)"
                         r"[ \t]+)?([a-z]+)(?:[ \t]+([a-z]+))?\b")


def _role_after(folded: str, end: int) -> bool:
    role = _ROLE_AFTER.match(folded, end, end + 40)
    return bool(role) and (role.group(1) in ROLE_WORDS or role.group(2) in ROLE_WORDS)


def person_context(text: str, folded: str, start: int, end: int) -> str | None:
    """'vocative', 'person' or 'place' from the words around a single name
    at text[start:end]; None when they say nothing."""
    before = folded[max(0, start - 40):start]
    if _GREETING_BEFORE.search(before) and _VOCATIVE_AFTER.match(text, end):
        return "vocative"
    if _PERSON_BEFORE.search(before) or _PERSON_AFTER.match(folded, end, end + 60):
        return "person"
    if _role_after(folded, end):
        return "person"
    words = before.rstrip().split()
    if before.rstrip().endswith(",") and words and words[-1].rstrip(",") in ROLE_WORDS:
        return "person"
    if _PLACE_BEFORE.search(before):
        return "place"
    return None


def cue_before(text: str, folded: str, start: int) -> str | None:
    """'honorific', 'role' or 'street' when the words just before `start` are
    one ("la Dra. ", "el fiscal ", "Av. "); a set lookup on the last one or
    two words, not a regex over a long alternation (this runs for every
    capitalised word of the corpus). A word that ends a sentence ("gracias,
    doctora. Le dejamos") is no cue; an abbreviation's period is."""
    words = text[max(0, start - 40):start].split()
    if not words or text[start - 1] not in " \t":
        return None
    last = words[-1]
    bare = fold_same_length(last.rstrip(".,")).lower()
    if last.endswith(","):
        return None
    if bare in HONORIFIC_ABBREVIATIONS and last[0].isupper():
        return "honorific"
    if bare in STREET_WORDS:
        return "street"
    if last.endswith("."):
        return None
    if bare in HONORIFIC_WORDS:
        return "honorific"
    if bare in ROLE_WORDS or (bare in _ROLE_QUALIFIERS and len(words) > 1 and
                              fold_same_length(words[-2]).lower() in ROLE_WORDS):
        return "role"
    return None


@dataclass(frozen=True)
class NameEntry:
    given: bool
    surname: bool
    common: bool   # also an everyday word: trusted only beside a name or a cue


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, NameEntry]:
    """Folded name -> what it is, from the shipped data/names.tsv."""
    table: dict[str, NameEntry] = {}
    data = resources.files("kiicode.pii").joinpath("data/names.tsv").read_text("utf-8")
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        name, kind, common = line.split("\t")
        table[name] = NameEntry("g" in kind, "s" in kind, common == "1")
    return table


@dataclass
class KnownNames:
    """Names the project knows (speaker labels, speakers maps, interviewer
    fields) across the whole corpus: each full name, and each of its words
    that is not an everyday word, point to the full name, so "Quispe" alone
    is found once "María Quispe" is a speaker."""

    full: dict[str, str] = field(default_factory=dict)      # folded -> as written
    part_of: dict[str, str] = field(default_factory=dict)   # folded word -> folded full name
    _pattern: re.Pattern[str] | None = None

    def add(self, name: str) -> None:
        name = " ".join(name.split())
        words = _WORD.findall(name)
        if not words or any(ch.isdigit() for ch in name):
            return
        key = fold_same_length(name)
        if key in NOT_NAMES or len(key) < 3:
            return
        self.full.setdefault(key, name)
        entries = gazetteer()
        for word in words:
            folded = fold_same_length(word)
            entry = entries.get(folded)
            if len(folded) >= 3 and folded not in NOT_NAMES and not (entry and entry.common):
                self.part_of.setdefault(folded, key)
        self._pattern = None

    def add_all(self, names: Iterable[str]) -> KnownNames:
        for name in names:
            self.add(name)
        return self

    def pattern(self) -> re.Pattern[str] | None:
        if self._pattern is None and (self.full or self.part_of):
            alternatives = sorted({*self.full, *self.part_of}, key=len, reverse=True)
            self._pattern = re.compile(
                r"(?<![\w])(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w])")
        return self._pattern

    def canonical(self, folded: str) -> str | None:
        """The full name a found text belongs to."""
        folded = " ".join(folded.split())
        return folded if folded in self.full else self.part_of.get(folded)


_SPEAKER_WORDS = re.compile(r"^(?:p|r|e|i|s)\d*$|^(?:speaker|hablante|usuario|user|guest|"
                            r"invitado)\s*\d*$")


def name_like_label(label: str) -> bool:
    """A speaker label or field that reads as a person's name (a display name
    from Zoom or Teams), not a role (R, P1, Entrevistador) or a code (EV-2)."""
    from ..transcripts.models import INTERVIEWER_WORDS, RESPONDENT_WORDS

    folded = fold_same_length(" ".join(label.split()))
    if (not folded or folded in INTERVIEWER_WORDS or folded in RESPONDENT_WORDS
            or _SPEAKER_WORDS.match(folded) or any(ch.isdigit() for ch in folded)):
        return False
    return bool(_WORD.search(label))


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“”‘’«»¿¡(*_-—":
        i -= 1
    if i >= 1 and text[i] == "." and text[i - 1].isupper() and (i < 2 or not text[i - 2].isalpha()):
        return False   # after an initial ("A. Pérez", "L. M. Quispe"), not a sentence's end
    return i < 0 or text[i] in ".!?:;\n]…"


def find_names(text: str, folded: str, known: KnownNames | None = None) -> Iterator[Found]:
    pattern = known.pattern() if known else None
    if pattern is not None:
        for m in pattern.finditer(folded):
            whole = m.group() in known.full
            yield Found(m.start(), m.end(), PERSON, 0.95 if whole else 0.9,
                        "known-name" if whole else "known-name-part")
    entries = gazetteer()
    yield from _initials_and_lower_case(text, folded, entries)
    run: list[tuple[int, int, str]] = []
    last_end = -1
    for m in _WORD.finditer(text):
        start, end = m.span()
        if run and (start - last_end > 12 or not _BRIDGE.fullmatch(text, last_end, start)):
            yield from _names_in_run(text, folded, run, entries)
            run = []
        run.append((start, end, folded[start:end]))
        last_end = end
    if run:
        yield from _names_in_run(text, folded, run, entries)


def _names_in_run(text: str, folded: str, run: list[tuple[int, int, str]],
                  entries: dict[str, NameEntry]) -> Iterator[Found]:
    """Names inside one run of capitalised words."""
    index = 0
    while index < len(run):
        if not _is_name_word(run[index][2], entries):
            index += 1
            continue
        first = index
        while index < len(run) and _is_name_word(run[index][2], entries):
            index += 1
        group = run[first:index]
        start, end = group[0][0], group[-1][1]
        kind = cue_before(text, folded, start)
        cue = kind in ("honorific", "role")
        if kind == "street":
            continue   # a street's name: the address finder decides
        if first > 0 and not cue:
            previous = run[first - 1]
            if not _sentence_initial(text, previous[0]) or previous[2] in NOT_NAMES:
                continue   # inside an institution's or a place's name
        if " ".join(key for _, _, key in group) in PLACE_PHRASES:
            continue
        words = [entries.get(key) for _, _, key in group]
        strong = [w for w, (_, _, key) in zip(words, group, strict=True)
                  if w is not None and not w.common and key not in PLACE_WORDS]
        initial = _sentence_initial(text, start)
        if cue:
            yield Found(start, end, PERSON, 0.9, "title-cue")
        elif len(group) >= 2:
            if strong:
                yield Found(start, end, PERSON, 0.9, "gazetteer-full-name")
            elif words[0] is not None and words[0].given and words[-1] is not None \
                    and words[-1].surname:
                yield Found(start, end, PERSON, HIGH, "gazetteer-common-full-name")
        else:
            yield from _single_name(text, folded, start, end, words[0], bool(strong), initial)
    yield from _after_cues(text, folded, run, entries)


# A title before an initial ("la señora Q.", "el Sr. H.") or before a name
# written in lower case ("el fiscal quispe"): the title makes it a name.
_TITLED = re.compile(
    r"(?<![\w])(?:sra?|srta|dra?|lic|licda|ing|prof|profa|mrs?|ms|don|dona|senora?|senorita|"
    r"doctora?|fiscal|licenciad[oa]|ingenier[oa]|profesora?|comisari[oa]|jueza?|prosecutor|"
    r"judge)\.?[ \t]+(?:(?P<initial>[a-z])\.(?=[\s,;:)]|$)|(?P<word>[a-z]{3,})\b)")


def _initials_and_lower_case(text: str, folded: str,
                             entries: dict[str, NameEntry]) -> Iterator[Found]:
    for m in _TITLED.finditer(folded):
        if m.group("initial"):
            yield Found(m.start("initial"), m.end("initial") + 1, PERSON, 0.85, "title-initial")
            continue
        start, end = m.span("word")
        entry = entries.get(m.group("word"))
        if text[start].islower() and entry is not None and not entry.common and \
                m.group("word") not in NOT_NAMES:
            yield Found(start, end, PERSON, 0.85, "title-lower-case-name")


def _single_name(text: str, folded: str, start: int, end: int, entry: NameEntry | None,
                 strong: bool, initial: bool) -> Iterator[Found]:
    """One gazetteer word alone: what the words around it say decides. Said
    to or about a person it blocks exports; after "en", "la", "the" it is a
    place or a thing; at a sentence's start, or a name that is also an
    everyday word, it is too weak to report."""
    if entry is None:
        return
    context = person_context(text, folded, start, end)
    if context in ("vocative", "person"):
        # a name that is also a word or a place ("Rosa", "Victoria") is reported, not blocked
        yield Found(start, end, PERSON, 0.9 if strong else 0.7, f"gazetteer-{context}")
    elif context == "place" or not strong:
        return
    elif initial:
        yield Found(start, end, PERSON, 0.45, "gazetteer-name-sentence-start")
    else:
        yield Found(start, end, PERSON, 0.7 if entry.surname else 0.6,
                    "gazetteer-surname" if entry.surname else "gazetteer-given-name")


def _after_cues(text: str, folded: str, run: list[tuple[int, int, str]],
                entries: dict[str, NameEntry]) -> Iterator[Found]:
    """A capitalised word the gazetteer lacks, right after an honorific
    ("Sr. Ccahuanihuanca"), is a name too; after a role word, less surely."""
    start, _, key = run[0]
    if key in NOT_NAMES or key in entries:
        return
    kind = cue_before(text, folded, start)
    if kind == "honorific":
        end = run[0][1]
        for _, e, k in run[1:]:
            if k in NOT_NAMES:
                break
            end = e
        yield Found(start, end, PERSON, 0.9, "honorific-unknown-name")
    elif kind == "role":
        yield Found(start, run[0][1], PERSON, 0.7, "role-unknown-name")
    elif len(run) == 1:
        if _role_after(folded, run[0][1]):   # "Ahuanari, el abogado, ..."
            yield Found(start, run[0][1], PERSON, 0.85, "unknown-name-role-after")


def _is_name_word(key: str, entries: dict[str, NameEntry]) -> bool:
    return key in entries and key not in NOT_NAMES
