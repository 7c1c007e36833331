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

_LOWER = "a-záéíóúñüàèìòùçâêîôûäëïöãõ"
_UPPER = "A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇÂÊÎÔÛÄËÏÖÃÕ"
# (no optional prefix such as Mc or O': a pattern that starts with a plain
# character class is searched several times faster, and McDonald, O'Brien
# still give Donald, Brien)
_WORD = re.compile(rf"[{_UPPER}][{_LOWER}]+(?:['’-][{_UPPER}{_LOWER}][{_LOWER}]+)?")
_BRIDGE = re.compile(r"[ \t]+(?:(?:de|del|de la|de las|de los|da|van|von|van der)[ \t]+"
                     r"|[OD]['’])?$")   # "James O'Connor": the O' joins the run

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
caserio anexo valle rio lago laguna lake lakes cerro pampa selva sierra costa amazonia amazon
andes avenue
apu pachamama
peru peruano peruana peruvian cusco cuzco puno loreto iquitos arequipa junin huancayo
ayacucho huancavelica apurimac abancay andahuaylas piura tumbes lambayeque chiclayo
libertad cajamarca amazonas ancash huaraz chimbote huanuco pasco ucayali pucallpa tacna
moquegua ica callao tarapoto moyobamba madre juliaca yurimaguas nauta
chincha pisco tarma sicuani espinar urubamba quillabamba ollantaytambo tingo comas ate surco
miraflores lince brena rimac independencia olivos chorrillos barranco
pueblo libre carabayllo ventanilla lurin pachacamac agustino triunfo bolivia ecuador colombia
chile argentina brasil brazil venezuela lima
mexico espana spain estados unidos united states california texas
europa europe africa asia
covid pandemia pandemic cuarentena quarantine gracias thanks senor senora senorita
english spanish quechua aymara ingles castellano espanol candelaria raymi
interviewer entrevistador entrevistadora entrevistado entrevistada respondent participante
participant moderador moderadora
""".split())

# Surnames that NOT_NAMES lists for their everyday or institutional sense
# ("la Sala Penal", "Villa El Salvador", "la Costa Verde", "Sierra Sur"):
# right after a sure given name, with no "de" after them, they are a surname
# ("Brenda Salas", "Wilfredo Villa", "Edith Villa Ramos").
_WORD_SURNAMES = frozenset("""sala salas villa costa sierra valle mesa cerro rio lago laguna
grande""".split())

# Words that start sentences and are never names (articles, pronouns,
# conjunctions, common adverbs): a capitalised one is skipped at once.
FUNCTION_WORDS = frozenset(fold_same_length(w) for w in """
el la los las un una unos unas lo al del de en y e o u pero porque que como cuando donde
si no ya bueno entonces tambien pues asi eso esto esa ese esta este ellos ellas nosotros
yo usted ustedes mi su sus nos se le les hay ahora antes despues luego claro sí muy mas
the a an and or but because that this these those there then when where what who how
if not yes no so we they he she it you i our my their his her its in on at of for to
with by from as is are was were be been also well now just after before some many
otra otro otras otros alguna alguno algunas algunos ninguna ninguno cada varios varias
another other others someone somebody
first second third fourth fifth sixth firstly secondly thirdly finally lastly primero
tercero cuarto quinto primeramente finalmente
one two three four five six seven eight nine ten eleven twelve uno dos tres cuatro cinco seis
siete ocho nueve diez once doce
oiga oye mire mira escuche vea fijese imaginese digamos disculpe perdone honestamente
sinceramente francamente honestly obviously frankly luckily basically actually
""".split())

# The Amazonian and Andean peoples a KII in Peru names ("some are Kukama, some
# Shipibo, some Bora"; Peru's database of indigenous peoples, and the border's): a
# people's name is no person's, though "Bora" is a surname too.
PEOPLES = frozenset("""
achuar aguaruna amahuaca amuesha arabela ashaninka asheninka awajun aymara bora candoshi
cashinahua chamicuro chapra cocama cocamilla ese harakbut huambisa huitoto iquito isconahua
jaqaru jebero kakataibo kakinte kandozi kichwa kukama machiguenga maijuna mastanahua matses
matsigenka muniche murui nahua nanti nomatsigenga ocaina omagua quechua resigaro secoya
sharanahua shawi shipibo shiwilu tikuna ticuna urarina uro wampis yagua yaminahua yanesha
yine yora zaparo
""".split())

# Nationalities, capitalised as English writes them ("Raimundo Silva, Brazilian ID
# …", "The Haitian, …"): never a name the gazetteer lacks.
DEMONYMS = frozenset("""
american brazilian peruvian colombian venezuelan ecuadorian bolivian chilean argentine
argentinian paraguayan uruguayan mexican cuban haitian dominican guatemalan honduran
salvadoran nicaraguan panamanian canadian british english scottish irish welsh
french german italian dutch belgian swiss austrian portuguese polish ukrainian russian
romanian syrian lebanese turkish chinese japanese korean vietnamese filipino indian
pakistani bangladeshi nigerian ghanaian kenyan african european asian latin hispanic
""".split())

# Places that are names too: a place alone, a name beside another name.
PLACE_WORDS = frozenset("""
lima loreto martin jesus victoria trujillo maldonado isidro borja magdalena salvador anita
porres florida washington america york mendoza cordoba toledo valencia sevilla zamora cuenca
belen leticia
""".split()) | PEOPLES


@lru_cache(maxsize=1)
def peruvian_places() -> frozenset[str]:
    """Folded single-word Peruvian places (and border towns) from the shipped
    data/places_pe.txt: regions, provinces, districts, towns, rivers."""
    data = resources.files("kiicode.pii").joinpath("data/places_pe.txt").read_text("utf-8")
    return frozenset(fold_same_length(word).lower() for line in data.splitlines()
                     if not line.startswith("#") for word in line.split())


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """Folded frequent Spanish and English words that are no name in the
    gazetteer ("peor", "menos", "adjunto"), from the shipped
    data/everyday_words.txt (scripts/build_pii_words.py)."""
    data = resources.files("kiicode.pii").joinpath("data/everyday_words.txt").read_text("utf-8")
    return frozenset(line for line in data.splitlines() if line and not line.startswith("#"))


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
               "promotora promoter colega companero companera hermana hermano tia tio prima primo "
               "esposo esposa hija hijo sobrina sobrino vecina vecino asistenta asistente "
               "trabajadora trabajador educadora educador enfermera enfermero obstetra "
               "prosecutor judge officer detective inspector sergeant captain colonel "
               "minister mayor coordinator professor colleague counterpart sister brother "
               # consular and diplomatic posts, a title before a name ("Consul Fernando …")
               "consul ambassador embajador attache "
               "aunt uncle daughter son wife husband neighbour neighbor nurse teacher niece nephew "
               "grandson granddaughter clerk cabo "
               "caseworker manager supervisor lawyer attorney amigo amiga jefe jefa friend "
               "boss compadre comadre padre assistant worker driver accountant receptionist "
               "volunteer intern tecnico tecnica chofer conductor voluntario voluntaria "
               "practicante contador contadora tesorero tesorera presidente presidenta "
               "president vicepresidente regidor regidora gobernador gobernadora dirigente "
               "dirigenta lider lideresa rondero rondera parroco monja catequista "
               # ranks, and the words that present a person in apposition ("una chica,
               # Yesenia,", "the victim, Yesica,", "Lieutenant Ramírez", "mamá Qori")
               "comandante commander lieutenant agente agent secretaria secretario secretary "
               "chica chico nina nino girl boy victima victim menor adolescente joven muchacha "
               "muchacho woman man lady hombre teenager mama papa abuela abuelo mom dad mother "
               "father grandmother grandfather cousin cunado cunada suegro suegra nuera yerno "
               "padrino madrina ahijado ahijada nieto nieta novio novia madre "
               "brother-in-law sister-in-law stepfather stepmother "
               # jobs a KII names people by ("Nayeli, our paralegal,")
               "paralegal psychologist psicologo psicologa counsellor counselor consejera "
               "consejero advocate interpreter interprete translator traductora traductor "
               "facilitator facilitadora facilitador principal headteacher headmaster "
               "guard guardia vigilante cook cocinera cocinero cleaner midwife partera "
               "priest pastor pastora nun sacerdote cura fiscalizador inspectora analyst "
               "analista specialist especialista consultant consultora consultor "
               "officer oficial investigator investigadora investigador researcher "
               "journalist periodista reporter doctora medico medica paramedic "
               "social-worker tutor tutora mentor monitora monitor representative "
               "representante delegate delegada delegado guide guia owner duena dueno "
               "employer empleadora empleador recruiter captor captora reclutador "
               "reclutadora trafficker tratante conviviente socio socia "
               "registrador registradora notario notaria funcionario funcionaria empleado "
               "empleada vendedor vendedora comerciante taxista mototaxista pescador "
               "pescadora minero minera agricultor agricultora mesera mesero moza mozo "
               "ambulante lavandera costurera empleadora capataz patron patrona "
               # jobs a speaker label names its speaker by, and that present a person
               # in apposition ("Mediator:", "its founder, Yanira,"; twelfth round)
               "educator mediator mediador caregiver carer cuidador therapist terapeuta "
               "psychiatrist psiquiatra pediatrician paediatrician pediatra physician "
               "organiser organizer organizador activist activista founder cofounder "
               "co-founder fundador cofundador orientador moderator moderador alferez")
# Posts a speaker label names its speaker by ("Official", "Embassy adviser",
# "Regional liaison") and that present a person in apposition ("our adviser,
# Nathan,"), but are no title before a capitalised word: "the official TIP
# Report", "the chair Person" are not names.
POST_WORDS = frozenset(w + ending for w in """official adviser advisor asesor staff liaison
spokesperson chair chairperson evaluator evaluador expert experto technician administrator
administrador gestor capacitador trainer focal""".split() for ending in ("", "a", "s", "es"))
# Ranks that are titles only capitalised before a name ("General Sotomayor"):
# lower case they are everyday words ("en general").
CAPITALISED_RANKS = frozenset("general almirante brigadier mariscal major".split())
_RANKS_BEFORE_A_SURNAME = frozenset("major brigadier".split())
HONORIFIC_ABBREVIATIONS = frozenset("sr sra srta dr dra lic licda ing prof profa mg mgtr abog mr "
                                    "mrs ms mx fr rev hno hna mons".split())
HONORIFIC_WORDS = frozenset("don dona senor senora senorita miss sir madam doctor doctora sor fray "
                            "tayta taita apu".split())   # apu: an Amazonian community's head
# A Quechua title written with a capital inside a run of capitalised words
# leads a deity's or a sacred mountain's name ("la Mama Killa", "el Tayta
# Inti", "el Apu Salkantay"); in lower case it is a person's ("el tayta
# Ausberto", "mamá Qori").
_DEITY_TITLES = frozenset("mama tayta taita apu".split())
ROLE_WORDS = frozenset(w + ending for w in _ROLE_WORDS.split() for ending in ("", "a", "es", "s"))
# A title inside a capitalised run is one person's ("Captain Reátegui"); a plural one
# is a programme's or a group's name ("Jóvenes Productivos", "Promotores Comunitarios").
# Words that present a person in apposition ("the victim, Yesica,") are no title
# inside a run either: "Victim Care", "Niño Seguro".
_PRESENTING_WORDS = frozenset("""chica chico nina nino girl boy victima victim menor adolescente
joven muchacha muchacho woman man lady hombre teenager""".split())
_SINGULAR_ROLE_WORDS = frozenset(w + ending for w in _ROLE_WORDS.split() for ending in ("", "a")
                                 if w not in _PRESENTING_WORDS)
_ROLE_QUALIFIERS = frozenset("social regional provincial adjunto adjunta turno".split())
# Capitalised words after a role that qualify the role, not name its holder
# ("la fiscal Superior", "el juez Penal").
_ROLE_ADJECTIVES = _ROLE_QUALIFIERS | frozenset(
    "superior suprema supremo penal general titular ejecutivo ejecutiva especializado "
    "especializada principal encargado encargada senior junior chief deputy "
    # an office's kind ("Comisaría Sectorial", "Fiscalía Mixta", "Juzgado Transitorio")
    "sectorial distrital departamental mixta mixto especial transitoria transitorio "
    "civil familiar".split())
# Lower-case words before a name that make it the name of a place or an
# institution named after someone ("el colegio Miguel Grau", "hospital Manuel
# Núñez Butrón", "schools named after Micaela Bastidas").
NAMED_AFTER_WORDS = frozenset("""colegio escuela school hospital clinica clinic posta distrito
auditorio auditorium biblioteca library pabellon salon edificio building
district provincia province asentamiento centro institucion educativa universidad university
programa programme program proyecto project premio award prize fundacion estadio stadium
teatro puente bridge barrio urbanizacion comedor albergue shelter coliseo mercado aeropuerto
puerto caserio comunidad anexo sector poblado
after honor homenaje camara chamber""".split())
# Places and offices that take a place's name after "de"/"of": "la comisaría de
# Zárate", "el distrito de Santiago", "the province of Mariscal Ramón Castilla",
# "el mercado de Belén". (Not kin or person nouns: "el hijo de Santiago" is a person.)
PLACE_HEADS = frozenset("""comisaria comisarias distrito distritos provincia provincias region
departamento zona zonas mercado puerto barrio comunidad caserio pueblo ciudad municipalidad
ugel cem fiscalia fiscalias juzgado corte sede oficina prefectura subprefectura parroquia
diocesis valle rio lago laguna cerro plaza playa anexo poblado asentamiento frontera carretera
aeropuerto terminal penal carcel salud capitania gobernacion red microred
district districts province provinces region department market port town city village
community municipality office court parish valley river lake border airport prison""".split())
# Nouns after a word that make it a thing named after someone ("Gesell
# chambers", "the Down syndrome"), not a person.
_THING_AFTER = re.compile(r"[ \t]+(?:chambers?|camaras?|syndrome|sindrome|method|metodo|"
                          r"scale|escala|test|law|effect|efecto)\b")
# An institution named by a title in the possessive, capitalised: "the
# Ombudsman's Office", "St Mary's Hall", "Mother's Day" (a person's office is
# written in lower case: "Rosa's office").
_OWNED_INSTITUTION_AFTER = re.compile(r"['’]s[ \t]+(?:Office|Department|Unit|Bureau|Secretariat|"
                                      r"Commission|Foundation|Fund|House|Hall|College|School|"
                                      r"Day|Church|Hospital)\b")
# A maker's name before what it made, as English puts it ("a Mercedes marine
# engine", "a Suzuki outboard", "the Toyota pickup"): a brand, not a person.
# (English nouns only: Spanish puts the brand after the noun, "motor Honda",
# and "van", "carro" after a Spanish name are a verb or a thing someone has.)
_PRODUCT_AFTER = re.compile(r"[ \t]+(?:[a-z]+[ \t]+)?(?:engines?|outboards?|motorbikes?|"
                            r"trucks?|pickups?|cars?|jeeps?|suvs?|minibus|generators?|"
                            r"laptops?|smartphones?|dealers?|dealership)\b")
# Lower-case words before a name that make it a thing's or a room's name, not
# a person's: a room or a hall named after someone ("la sala Raúl Porras
# Barrenechea", "el aula Jorge Basadre"), a kindergarten ("el nido Santa
# Rosa"), a brand after its product as Spanish puts it ("un motor Honda",
# "la camioneta Toyota"). Kept apart from NAMED_AFTER_WORDS, which also marks
# a whole sentence as an institution's ("en el carro, la Marleny …" is a person).
_NAMED_THING_HEADS = frozenset("""sala salas aula aulas room rooms hall nido jardin cuna
kindergarten motor motores camioneta camionetas camion auto carro moto motocicleta celular
laptop marca modelo""".split())
# The feasts and devotions a saint's name follows ("la fiesta de Santiago",
# "the feast of Santiago", "la procesión de San Martín"), and after which
# "la de …" lists another ("la del Corpus, la de Santiago").
_FEAST_HEADS = frozenset("""fiesta fiestas festividad festividades feast feasts festival
festivals procesion procesiones procession novena novenas devocion patron patrona
peregrinacion pilgrimage""".split())
_FEAST_WORD = re.compile(r"\b(?:fiestas?|festividad(?:es)?|feasts?|festivals?|procesion(?:es)?|"
                         r"procession|novenas?|patronal(?:es)?|peregrinacion|pilgrimage)\b")
# Lower-case heads that make the name after "de"/"del"/"of" a place's or an
# institution's ("la comisaría de Santiago", "el distrito de Santiago", "la
# provincia de Mariscal Ramón Castilla", "the port of Henry"); also the
# ellipsis "en el puerto de Masusa y en el de Henry". (Both lists count: the
# second once replaced the first, and "la UGEL de Mercedes" was a person.)
PLACE_HEADS = PLACE_HEADS | frozenset("""comisaria distrito provincia region departamento zona
barrio sector mercado puerto ciudad pueblo comunidad caserio anexo urbanizacion asentamiento
municipalidad parroquia plaza avenida calle jiron pasaje carretera colegio escuela
hospital fiscalia juzgado
corte sede oficina centro valle rio cerro isla playa frontera
district province zone neighbourhood neighborhood market port city town village parish
school street avenue border area island river valley""".split())
STREET_WORDS = frozenset("av avda avenida jr jiron calle pasaje psje pje prol urb plaza parque "
                         "aeropuerto estadio coliseo mercado".split())


# What is said to or about a person, just before or after a single name
# (folded text): a greeting before a vocative ("Buenos días, Marleny."), the
# Spanish personal "a" after a verb of contact ("le pregunté a Teodoro"),
# "según", "hablé con", "I called", and a verb of saying after ("Laura said").
_GREETING_BEFORE = re.compile(
    r"(?:buen[oa]s?(?: (?:dias|tardes|noches))?|hola|(?:muchas )?gracias|adios|chau|"
    r"hasta luego|(?:good )?(?:morning|afternoon|evening)|hello|hi|hey|thanks|thank you|bye|"
    r"goodbye|dear|querid[oa]|estimad[oa]|disculpe|oiga)[ \t]*,?[ \t]*$")
_VOCATIVE_AFTER = re.compile(r"[ \t]*[,.!?;:]")
# a person named or introduced: "se llamaba Edwin", "I'm Daniel", "una tal Kathy"
_NAMING = (r"\b(?:me|se|te|le) llam(?:o|a|aba|aban|an)|\bllamarse|\bhac[a-z]* llamar|"
           r"\bnombre (?:es|era)|\bname (?:is|was)|\bi['’]m|\bi am|\bsoy|\bun[a]? tal|"
           r"\b(?:woman|man|girl|boy|person|lady|guy|someone|somebody|child) named|"
           r"\bfirma(?:ba)? como|\bsigned as|\bgoes by|\bwent by|\bpresent[a-z]* como|"
    r"\bintroduced (?:herself|himself|themselves) as|\bdigame|\bllameme|\bcall me")
# Nouns for a person ("una niña llamada …") and kin words ("la mamá de …").
_PERSON_NOUNS = ("nina|nino|ninas|ninos|chica|chico|senora|senor|senorita|mujer|hombre|joven|"
                 "adolescente|menor|muchacha|muchacho|victima|persona|girl|boy|woman|man|lady|"
                 "guy|person|child|teenager|teen|kid|victim|minor|student|estudiante|alumna|"
                 "alumno")
_KIN_NOUNS = ("madre|padre|mama|papa|mami|papi|hija|hijo|hijas|hijos|hermana|hermano|hermanas|"
              "hermanos|tia|tio|prima|primo|esposa|esposo|abuela|abuelo|sobrina|sobrino|nieta|"
              "nieto|cunada|cunado|suegra|suegro|pareja|novio|novia|mother|father|sister|"
              "brother|daughter|son|aunt|uncle|grandmother|grandfather|niece|nephew|wife|"
              "husband|partner|boyfriend|girlfriend|cousin")
# What a person has that a KII asks for or passes on: a phone, an e-mail, an ID.
_CONTACT_NOUNS = ("celular|telefono|numero|correo|email|e-mail|whatsapp|dni|cedula|pasaporte|"
                  "contacto|carne|mobile|phone|cell|number|address|passport|contact|details")
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:llam|pregunt|dij|dec|cont|avis|conoc|visit|busc|ayud|escrib|salud|encontr|"
    r"entrevist|acompan|agradec|consult|invit|esper|recomend|present|deriv|"
    r"mand|envi|pas)[a-z]* (?:a|al)|\b(?:habl|convers|reun|coordin|trabaj|"
    r"convivi|sal)[a-z]* con|\bsegun|\bcalled|\basked|\btold|\bmet(?: with)?|"
    r"\bemailed|\bphoned|\bthanked|\btexted|\bvisited|\binterviewed|"
    r"\b(?:talked|spoke|spoken|worked|met|meeting) (?:to|with)|\baccording to|"
    r"\bhello to|\bhi to|\bask|\bcall|\btell|\bthank|\bthanks to|\bgracias a|"
    # a request to reach someone: "try Tomás at the office", "write to Nuria",
    # "pregunte por Elmer", "con copia a Nuria", "le habla Gabriela"
    r"\btry|\bask for|\bwrite to|\bcopy to|\bcc|\bcontact|\breach out to|"
    r"\b(?:talk|speak)(?:s|ing)? (?:to|with)|\b(?:el|del|the) (?:caso|case) (?:de|of)|"
    # a person's hearing or trial, a person's house: "la audiencia de Killari",
    # "the trial of …", "nos reunimos en la casa de Eusebia"
    r"\b(?:la|el|the) (?:audiencia|juicio|hearing|trial) (?:de|del|of)|\bla casa de|"
    r"\b(?:can|could|to|will|may) reach|"
    # who runs or owns a thing: "a camp run by Maribel", "the boat belonged to …",
    # "dirigido por Elmer"
    r"\b(?:run|owned|led|managed|headed|founded|organi[sz]ed|coordinated|recruited|hired) by|"
    r"\bbelong(?:s|ed)? to|\b(?:dirigid|manejad|administrad|organizad|coordinad|reclutad|"
    r"contratad)[oa]s? por|"
    # whose phone, e-mail or ID: "el celular de Rocío", "la cédula de Briceño"
    r"\b(?:" + _CONTACT_NOUNS + r") de|"
    r"\bpregunt[a-z]* por|\bcopia a|\bcontact[a-z]* (?:a|al|con)|"
    # the subject after its verb, as Spanish puts it: "nos apoyó Nayra", "vino Rocío"
    r"\b(?:dijo|conto|comento|explico|aviso|llamo|respondio|denuncio|apoyo|ayudo|vino|"
    r"llego|firmo|atendio|acompano|said|asked)|"
    + _NAMING + r")[ \t]+$")
# A person's nickname, said of the speaker or of someone by a pronoun: "we
# call her "Mili"", "everyone calls him Tito", "me dicen "Cruzcha"", "a mí me
# llamaban la Flaca".
_NICKNAMING = (r"\b(?:we|they|i|people|everyone|everybody|you) call(?:ed|s)?[ \t]+(?:her|him|me)|"
               # (not "nos dicen", "te dicen": "they tell us", more often than a name)
               r"\bme (?:dicen|dec[ia]an|llaman|llamaban|apodan|apodaban)|"
               # "the office called me Tati", "people know him as Tayta Lucho",
               # "todos la conocen como Mama Tica"
               r"\bcalled me|\b(?:know|knew|knows) (?:him|her|me|them) as|"
               r"\b(?:la|lo|le|me|les|las|los) conoc(?:en|ian|emos|iamos|e|ia) como")
# A name with its nickname after it: "Milagros — we call her "Mili" —",
# "Isabel, le decimos Chabela,".
_NICKNAMED_AFTER = re.compile(r"[ \t]*[—–,(-][ \t]*(?:(?:we|they|everyone|everybody|people)[ \t]+"
                              r"call(?:ed|s)?[ \t]+(?:her|him)|(?:a[ \t]+(?:ella|el)[ \t]+)?"
                              r"(?:le|la|lo)[ \t]+(?:decimos|dicen|llamamos|llaman|deciamos|"
                              r"decian))\b")
# What names a person outright, strong enough for a name that is also an
# everyday word ("se llama Luz", "una niña llamada Rosa", "la mamá de Flor").
_NAMED_BEFORE = re.compile(
    r"(?:\b(?:le|les) habla|\bthis is|"
    # a person noun, then "named": "una niña llamada Rocío", "un señor de nombre Tito"
    r"\b(?:" + _PERSON_NOUNS + r") (?:llamad[oa]|de nombre|named|called)|"
    # a kin word, then "de": "la mamá de Rocío", "el hijo de Quispe"
    r"\b(?:" + _KIN_NOUNS + r") (?:de|of)|"
    # a name said as one's own or someone's ("se llama" also names programmes:
    # it stays in _PERSON_BEFORE, where an everyday word is only reported)
    r"\bme llamo|\bllamarse|\bnombre (?:es|era)|\bname (?:is|was)|\bi['’]m|\bi am|\bsoy|"
    r"\bun[a]? tal|\bdigame|\bllameme|\bcall me|"
    # a name given or used as one's own: "she gave the name Yessica", "dio el nombre de …"
    r"\b(?:gave|gives|give|used|uses|use|using) (?:the|a|her|his|their) (?:false |fake |real )?"
    r"name|\bunder the name|\b(?:dio|daba|dieron|uso|usaba) (?:el|un|su) nombre(?: falso)?"
    r"(?: de)?|"
    r"\bsurname (?:is|was)|\bapellido (?:es|era)|\bse apellida|\balias|\bapodad[oa]|"
    r"\bconocid[oa] como|\bknown as|\bnicknamed|\bcall(?:s|ed|ing) (?:himself|herself)|"
    r"\b(?:le|la|lo|les) (?:dicen|dec[ia]an|llaman|llamaban|apodan|apodaban)|"
    + _NICKNAMING + r"|"
    # a person or a kin word, then "se llama": "La mamá se llama Rosa"
    r"\b(?:" + _PERSON_NOUNS + "|" + _KIN_NOUNS + r") se llam(?:a|aba))"
    r"[ \t]+[\"“'‘«]?(?:(?:el|la|the)[ \t]+)?$")
# A name said as a name after it: "Amparo is her first name", "Quispe es su apellido".
_NAMED_AFTER = re.compile(r"[ \t]+(?:is|was|es|era)[ \t]+(?:her|his|my|their|su|mi)[ \t]+"
                          r"(?:(?:first|last|given|middle)[ \t]+)?(?:name|surname|nombre|apellido)")
# A name said outright as a name ("me llamo", "my name is", "se hacía llamar",
# "una tal"): the capitalised words after it are a name even when the
# gazetteer lacks them. "I'm", "soy" also take a job or a demonym ("I'm Head
# of Programmes", "soy Cusqueña"), "se llama" a programme's name: after them
# a name the gazetteer lacks needs two words, none of them a job's.
_SELF_NAMING_BEFORE = re.compile(
    r"(?:\b(?:me|te) llam(?:o|as)|\bllamarse|\bhac[a-z]* llamar|\bnombre (?:es|era)|"
    r"\bname (?:is|was)|\bname['’]s|\bun[a]? tal|\bfirma(?:ba)? como|\bsigned as|\bgoes by|"
    r"\bwent by|\bpresent[a-z]* como|\bintroduced (?:herself|himself|themselves) as|"
    r"\b(?:we|they|i|people) call|\b(?:le|la|lo|les) (?:dicen|llaman|decimos|llamamos|"
    r"decian|llamaban|apodan|apodaban)|" + _NICKNAMING + r"|"
    # a surname said as one, a nickname: "the surname is Llerena", "se apellida
    # Ccoyllo", "alias Cholo", "conocido como …", "known as …"
    r"\bsurname (?:is|was)|\blast name (?:is|was)|\bapellido (?:es|era)|\bse apellida|"
    r"\balias|\bapodad[oa]|\bconocid[oa] como|\bknown as|\bnicknamed)"
    r"[ \t]+[\"“'‘«]?(?:(?:el|la|the)[ \t]+)?$")
_INTRODUCING_BEFORE = re.compile(r"(?:\bi['’]m|\bi am|\bsoy)[ \t]+$")
_JOB_WORDS = frozenset("head vice lead country team field programme programmes program programs "
                       "project projects regional national general senior deputy chief "
                       "assistant officer".split())
_NUMBER_WORDS = ("un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|"
                 "catorce|quince|dieciseis|diecisiete|dieciocho|diecinueve|one|two|three|four|"
                 "five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                 "seventeen|eighteen|nineteen")
# A person's details right after a name: an age, an ID number, a birth date
# ("Kusi, catorce años", "Yeni, DNI 7654...", "Kevin, born 12/04/2010").
_DETAILS_AFTER = re.compile(
    r",[ \t]+(?:(?:de|of|aged?)[ \t]+)?(?:\d{1,2}|" + _NUMBER_WORDS + r")(?:[ \t]+(?:anos|years?)"
    r"|[ \t]*[,;.)]|-year)|,[ \t]+(?:(?:con|que)[ \t]+)?(?:dni|carne|born|nacio|nacida|nacido|"
    r"identity|documento|who (?:was|is) \d)|"
    # a person said to have no papers: "Dayli Tapullima, no document, …"
    r",[ \t]+(?:no (?:id|dni|documents?|papers)|sin (?:dni|documentos?|papeles)|"
    r"undocumented|indocumentad[oa])\b")
_PERSON_AFTER = re.compile(
    r",?[ \t]+(?:(?:me|nos|le|les|lo|la|se|ya|no|tambien|siempre|nunca|luego|despues|"
    r"entonces|also|then|later|never|always)[ \t]+){0,2}"
    r"(?:dijo|dice|decia|conto|cuenta|comento|explico|llamo|respondio|contesto|pregunto|"
    r"insistio|propuso|recomendo|aviso|opina|penso|piensa|said|says|told|tells|explained|"
    r"asked|called|mentioned|confirmed|agreed|thinks|thought|wrote|replied|answered|"
    r"insisted|suggested|recommended|calling|telling|asking|saying|llamandome|diciendome|"
    r"diciendo|contando|"
    # the imperfect of saying: "Yola me contaba que …", "Marleny me comentaba"
    r"contaba|comentaba|explicaba|avisaba|preguntaba|respondia|contestaba|insistia|"
    r"deciamos|llamaba|escribia|mandaba|"
    # calling or writing now: "Filomena calls from La Paz", "Rocío escribe" (not
    # "llama": "Amparo, se llama el programa")
    r"calls|writes|texts|phones|escribe)\b")
# The speaker and someone, as only people are paired: "Fiona and I did the
# checks", "Fabiola y yo", "me and Hannah", "yo y Rocío".
_WITH_THE_SPEAKER_AFTER = re.compile(r"[ \t]+(?:and|y|e)[ \t]+(?:i|me|myself|yo)\b")
_WITH_THE_SPEAKER_BEFORE = re.compile(r"(?:^|[ \t,])(?:me|yo)[ \t]+(?:and|y)[ \t]+$")
# Whose kin, whose phone: "Kusi's mother", "Yaku's sister", "Ewa's mobile",
# "Keyla's own email".
_KIN_OF_AFTER = re.compile(r"['’]s[ \t]+(?:own[ \t]+)?(?:" + _KIN_NOUNS + "|" + _CONTACT_NOUNS +
                           r"|family|friend|boss|colleague)\b")
# The one of someone, after a phone or an e-mail was named in the same
# sentence: "Nos dejaron su WhatsApp, pero el de Franco ya no contesta", "…
# @correo.pe; si quieren les paso el de Andrés".
_ONE_OF_BEFORE = re.compile(r"(?:^|[ \t])(?:el|la)[ \t]+de[ \t]+$")
_CONTACT_WORD = re.compile(r"\b(?:" + _CONTACT_NOUNS + r")\b|@")


def _contact_of(folded: str, start: int) -> bool:
    if not _ONE_OF_BEFORE.search(folded, max(0, start - 8), start):
        return False
    before = folded[max(0, start - 100):start]
    # (an e-mail's dots end no sentence: "ana@correo.pe, les paso el de …")
    before = before[max((m.end() for m in _SPOKEN_SENTENCE_END.finditer(before)), default=0):]
    return bool(_CONTACT_WORD.search(before))


_SPOKEN_SENTENCE_END = re.compile(r"[.!?](?:[ \t]|$)|\n")


# The speaker and someone, listed: "It's me, Jhordy, Yesenia", "yo, Rocío y …".
_LISTED_WITH_THE_SPEAKER_BEFORE = re.compile(r"(?:^|[ \t,])(?:me|yo)[ \t]*,[ \t]+$")
# A person from an organisation, said by its acronym: "Renzo, de CHS,",
# "Ana, from IOM".
_FROM_AN_ORGANISATION_AFTER = re.compile(r",[ \t]+(?:de|del|from|of)[ \t]+(?:the[ \t]+)?"
                                         r"[A-Z]{2,8}\b")
# and with no comma, as an answer names whom to ask: "Darnell Whitaker at DHS",
# "Ana Ruiz from IOM"
_AT_AN_ORGANISATION_AFTER = re.compile(r"[ \t]+(?:at|from)[ \t]+(?:the[ \t]+)?[A-Z]{2,8}\b")
# Someone who did a thing to or for people, in Spanish: a name, a dative
# pronoun and a preterite ("Delia nos pasó la lista", "Yaneth les explicó").
_DONE_TO_SOMEONE_AFTER = re.compile(r"[ \t]+(?:me|nos|les?)[ \t]+[a-zn]{3,}o\b")


# "Ella nos dejó su número": the Spanish pronoun, also a given name
_PRONOUN_NAMES = frozenset(("ella",))


def _paired_or_acting_on_people(folded: str, start: int, end: int, before: str) -> bool:
    """Paired with the speaker, someone's kin, or doing a thing to people:
    "Fiona and I", "me and Hannah", "Kusi's mother", "Delia nos pasó"."""
    if folded[start:end] in _PRONOUN_NAMES:
        return False
    return bool(_WITH_THE_SPEAKER_AFTER.match(folded, end, end + 12)
                or _WITH_THE_SPEAKER_BEFORE.search(before)
                or _LISTED_WITH_THE_SPEAKER_BEFORE.search(before)
                or _KIN_OF_AFTER.match(folded, end, end + 30)
                or _DONE_TO_SOMEONE_AFTER.match(folded, end, end + 30))


# What people do, right after a name: weaker than saying (a sector or a feast
# "comes" too: "Salud viene", "Todos los Santos viene gente"), so it counts
# only for a name that is no everyday word and has no article or place
# word before it.
_ACTION_AFTER = re.compile(
    r",?[ \t]+(?:(?:que|who)[ \t]+)?(?:(?:me|nos|le|les|lo|la|se|ya|no|tambien|siempre|nunca|"
    r"luego|despues|entonces|also|then|later|never|always)[ \t]+){0,2}(?:"
    # what people do: "Mark retired in 2020", "Quispe trabaja en la DEMUNA",
    # "Rocío denunció", "Grace led the research", "Yaku se escapó"
    r"trabaja|trabajaba|trabajo|vino|viene|venia|llego|llega|llegaba|vive|vivia|denuncio|"
    r"declaro|renuncio|jubilo|retiro|fallecio|murio|lidera|dirige|dirigia|coordina|"
    r"coordinaba|ayudo|apoyo|atendio|acompano|firmo|escapo|desaparecio|huyo|viajo|regreso|"
    r"volvio|estudia|estudiaba|sufrio|acepto|tenia|queria|sabia|conocia|trabajaron|"
    r"works|worked|led|leads|runs|ran|retired|joined|left|came|comes|lives|lived|knew|knows|"
    r"wanted|wants|helped|handled|signed|reported|testified|died|escaped|disappeared|"
    r"travell?ed|returned|arrived|studied|studies|coordinates|coordinated|heads|headed|"
    r"manages|managed|took|filed|denounced|paid|bought|gave|drove|pago|compro|manejo|"
    # what happened to someone: "Yesenia got threats", "Rocío recibió amenazas"
    r"got|received|recibio|recibe)\b")
# Being a role: "Quispe es el fiscal", "Nuria, que es la coordinadora",
# "Mark is a lawyer", "Grace, who was our counterpart".
_BEING_AFTER = re.compile(
    r",?[ \t]+(?:(?:que|who)[ \t]+)?(?:es|era|fue|is|was|has been|became)[ \t]+"
    r"(?:(?:el|la|un|una|the|a|an|our|my|mi|su|nuestr[oa]|their|his|her)[ \t]+)?"
    r"([a-z]+)(?:[ \t]+([a-z]+))?")
# Verbs of going somewhere, before "a"/"to" and a place ("ir a Requena",
# "llegamos a Soledad", "we drove to Ocongate"): a person is visited ("visité a
# Rocío", a verb of contact), not gone to. (Not "went/go to": "go to Grace in
# the office" is a person.)
_MOTION_VERBS = (r"ir|voy|vas|va|vamos|van|iba|ibamos|iban|fui|fue|fuimos|fueron|viaj[a-z]*|"
                 r"lleg[a-z]*|regres[a-z]*|volv[a-z]*|volvi[a-z]*|retorn[a-z]*|baj[a-z]*|"
                 r"sub[a-z]*|traslad[a-z]*|mud[a-z]*|cruz[a-z]*|naveg[a-z]*|drove|drive|driving|"
                 r"moved|flew|sailed|travell?ed|travel|trip|road|way|route|boats?|buses|flights?|ferry|"
                 r"lanchas?|botes?|rapidos?|pasajes?")
# Words before a single name that make it a place or a thing: "en Rosario",
# "la Cruz Roja", "el Inti Raymi", "in Victoria".
_PLACE_BEFORE = re.compile(r"(?:\b(?:en|in|desde|hasta|hacia|at|near|cerca de)[ \t]+"
                           r"(?:[a-z]+(?:,[ \t]*|[ \t]+(?:y|and|o|or)[ \t]+))?"
                           # going somewhere: "para ir a Caballococha o a Requena",
                           # "llegamos a Soledad", "we went to Mercedes"
                           r"|\b(?:" + _MOTION_VERBS + r")[ \t]+(?:a|to)[ \t]+"
                           r"(?:[a-z]+(?:,[ \t]*|[ \t]+(?:y|and|o|or)[ \t]+)(?:a[ \t]+|to[ \t]+)?)?"
                           # from one place to another: "de Nauta a Requena"
                           r"|\b(?:de|desde|from)[ \t]+[a-z]+[ \t]+(?:a|hasta|to)[ \t]+"
                           # passing through: "pasamos por Soledad"
                           r"|\b(?:pas|cruz|viaj|fui|fuimos|ir|vamos|went|passed|drove|sailed)"
                           r"[a-z]*[ \t]+(?:por|through|via)[ \t]+"
                           r"(?:[a-z]+(?:,[ \t]*|[ \t]+(?:y|and|o|or)[ \t]+))?"
                           # a list of places: "zonas como Zárate, …", "districts such as …"
                           r"|\b(?:zonas|distritos|provincias|comunidades|caserios|pueblos|barrios|"
                           r"regiones|ciudades|lugares|sitios|sectores|places|districts|provinces|"
                           r"communities|villages|towns|regions|areas|cities)[ \t]+"
                           r"(?:como|tales como|like|such as|including|incluyendo)[ \t]+"
                           r"(?:[a-z]+(?:,[ \t]*|[ \t]+(?:y|and|o|or)[ \t]+))?"
                           # the people of a place: "la gente de Mercedes", "los de
                           # Esperanza", "people from Dolores and …"
                           r"|\b(?:gente|familias|pobladores|comuneros|vecinos|los|las|people|"
                           r"families|residents|villagers|folks|communities|girls|boys|women|men|"
                           r"children)[ \t]+(?:de|from|of)[ \t]+"
                           r"(?:[a-z]+(?:,[ \t]*|[ \t]+(?:y|and|o|or)[ \t]+))?"
                           r"|(?:^|[ \t(])(?:el|la|los|las|the|del|un|una)[ \t]+"
                           r"|\b(?:empresa|company|firm|lanchas?|barcos?|embarcacion|hotel|hostal|"
                           r"restaurante|tienda|bodega|discoteca|bar|colegio|barrio|club|radio|"
                           r"canal|marca|brand)[ \t]+"
                           # a bus or a boat "de Cruz del Sur": a transport company
                           r"|\b(?:bus|buses|omnibus|carro|combi|camion|lancha|lanchas|barco|bote|"
                           r"embarcaciones|flota|agencia|transportes)[ \t]+(?:de|del)[ \t]+)$")
# What a place is or does after its name: "Mercedes es un caserío", "Esperanza
# queda a dos horas", "Soledad is a village".
_PLACE_NOUNS = ("caserio|caserios|comunidad|comunidades|distrito|pueblo|pueblito|anexo|"
                "centro poblado|ciudad|provincia|region|zona|barrio|sector|asentamiento|puerto|"
                "rio|quebrada|"
                "lugar|sitio|town|village|city|district|province|community|region|area|place|"
                "river|port|settlement")
_PLACE_AFTER = re.compile(
    r",?[ \t]+(?:(?:es|era|is|was)[ \t]+(?:(?:un|una|el|la|otro|otra|the|a|an|another)[ \t]+)?"
    r"(?:" + _PLACE_NOUNS + r")\b|"
    r"(?:queda|quedaba|esta|estaba)[ \t]+"
    r"(?:a[ \t]+\w+[ \t]+(?:horas?|dias?|kilometros?|km|minutos)|"
    r"cerca|lejos|rio (?:arriba|abajo)|al (?:otro lado|frente|norte|sur|este|oeste))|"
    r"(?:is|was) (?:located|situated|(?:\w+ )?(?:hours?|days?|km|miles) (?:away|from|by))\b)")
# A role in apposition: "Ahuanari, el abogado," "a lawyer, Nathan," "la colega, Shirley".
_ROLE_AFTER = re.compile(r",[ \t]+(?:(?:el|la|the|a|an|our|my|mi|su|nuestr[oa]|their|her|his)"
                         r"[ \t]+)?([a-z]+)(?:[ \t]+([a-z]+))?\b")


# "Ticona, el de la gerencia,", "Trujillo, el del transporte,", "Mamani
# también, el de la sección de …": the one from an office or an area, a person.
# (the area with its article and in lower case: "la de Trabajo, la de Salud" in
# a list of offices names offices, not people)
_ONE_FROM_AFTER = re.compile(r"(?:[ \t]+(?:tambien|too|also))?,[ \t]+(?:el|la)[ \t]+"
                             r"(?:del|de[ \t]+(?:la|las|los))[ \t]+([a-z]+)")
_AREA_WORDS = frozenset("""seccion transporte cocina limpieza vigilancia caja turno almacen
mantenimiento""".split())


# "Olivia, the Canadian, ran …", "Thomas, the American, and …": a nationality
# between commas after a name (not "Victoria, the capital,": no demonym).
# English writes it capitalised, Spanish in lower case ("Kimberly, la
# venezolana,"; "la Marina", capitalised, is the navy).
_DEMONYM_APPOSITION = re.compile(
    rf",[ \t]+(?:the[ \t]+[{_UPPER}][{_LOWER}]+(?:an|ese|ish)|(?:el|la)[ \t]+[{_LOWER}]+"
    r"(?:ano|ana|ense|eno|ena|ino|ina|es|esa|ol|ola))[ \t]*[,;.)]")


def _demonym_after(text: str, end: int) -> bool:
    return bool(_DEMONYM_APPOSITION.match(text, end, end + 30))


def _role_after(folded: str, end: int) -> bool:
    being = _BEING_AFTER.match(folded, end, end + 60)
    if being and folded.startswith(",", end) and (being.group(1) in ROLE_WORDS
                                                  or being.group(2) in ROLE_WORDS):
        return True   # "Yuleidy, que es la psicóloga", "Nuria, who was our lawyer"
    one_from = _ONE_FROM_AFTER.match(folded, end, end + 40)
    if one_from and (one_from.group(1) in OFFICE_WORDS or one_from.group(1) in _AREA_WORDS):
        return True
    role = _ROLE_AFTER.match(folded, end, end + 40)
    if role and role.group(1) == "son" and not _DETERMINED.search(folded, end, role.start(1)):
        # Spanish "son" ("Carabaya, son diez horas"), not "Kusi, son of …"
        return role.group(2) in ROLE_WORDS or role.group(2) == "of"
    return bool(role) and (role.group(1) in ROLE_WORDS or (
        role.group(2) in ROLE_WORDS and role.group(1) not in _PREPOSITIONS))


# (", por agentes BCP" after "por Western Union": a way, not a person's role)
_PREPOSITIONS = frozenset("por para con sin en a de desde hacia via by for with without in "
                          "to from through".split())
_DETERMINED = re.compile(r"(?:the|a|an|our|my|their|her|his)[ \t]+$")


def _acts_after(folded: str, end: int) -> bool:
    """A verb of what people do after a name, or being a role."""
    if _ACTION_AFTER.match(folded, end, end + 60):
        return True
    being = _BEING_AFTER.match(folded, end, end + 60)
    return bool(being) and (being.group(1) in ROLE_WORDS or being.group(2) in ROLE_WORDS)


# A name that closes a speaker's self-introduction: "Yo soy la de Puno,
# Gabriela.", "I'm the one from the shelter, Grace."
_SELF_INTRODUCED_BEFORE = re.compile(r"(?:\bsoy|\bi['’]m|\bi am)\b[^.!?\n]{0,40},[ \t]*$")


_BEING = frozenset("es era fue is was".split())
# A Spanish preterite, third person, right before a name: the subject after
# its verb ("La diseñó Suyana", "lo denunció Rocío", "firmó Quispe").
_PRETERITE_BEFORE = re.compile(r"(?<![\w])(?:[lmt]e[ \t]+|l[oa]s?[ \t]+|nos[ \t]+)?"
                               r"[a-záéíñ]{3,}ó[ \t]+$")
# Who does a thing, said with a relative clause or a cleft: "El que contesta
# siempre es Wilder", "la que sabe todo del caso es Maribel", "the one who
# kept the records was Faith", "it was Priya who set up the course",
# "Pacheco is the one who …", "Quispe es el que sabe".
_WHO_DOES_BEFORE = re.compile(
    r"(?:(?:^|[ \t,;])(?:el|la) que|\bquien|\bthe (?:one|person|woman|man|lady|guy) (?:who|that))"
    r"[ \t][^.,;:!?\n]{1,50}[ \t](?:es|era|fue|is|was)[ \t]+$"
    r"|\b(?:it|that) (?:was|is)[ \t]+$|\bfue[ \t]+$")
_COMPARING = re.compile(r"\b(?:mas|menos|mejor|peor|mayor|menor|most|least|more|less|best|"
                        r"worst|biggest|largest)\b")
_WHO_AFTER = re.compile(r"[ \t]+(?:who|quien|la que|el que)\b")
_IS_THE_ONE_AFTER = re.compile(r"[ \t]+(?:is|was|es|era|fue)[ \t]+(?:the one (?:who|that)|"
                               r"(?:el|la) que|quien)\b")


def _who_does(folded: str, start: int, end: int) -> bool:
    """Who did a thing, in a relative clause or a cleft around the name."""
    cleft = _WHO_DOES_BEFORE.search(folded, max(0, start - 70), start)
    if cleft and _COMPARING.search(cleft.group()):
        return False   # "la que más casos tiene es Mercedes": districts are compared too
    if cleft and (cleft.group().lstrip(" \t,;").startswith(("el que", "la que", "quien", "the "))
                  or _WHO_AFTER.match(folded, end, end + 12)):
        return True   # "it was Priya who …", "fue Rocío quien …" need the "who" after
    return bool(_IS_THE_ONE_AFTER.match(folded, end, end + 30))


# The subject after its verb at a clause's end, with the object's pronoun
# before the verb: "La camioneta la maneja Eusebio.", "el caso lo lleva
# Quispe, …", "los informes los firmaba Edelmira".
_SUBJECT_LAST = re.compile(r"(?<![\w])(?:l[oa]s?|les?)[ \t]+[a-záéíñ]{3,}(?:a|e|aba|ia|ía)[ \t]+$")
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:!?)]|$|[ \t]+(?:y|pero|porque)\b)")

# One of a group, in apposition: "Una de ellas, Milagros …", "one of them, …"
_ONE_OF_THEM = re.compile(r"\b(?:(?:una|uno|otra|otro|one|another)[ \t]+(?:de|of)[ \t]+"
                          r"(?:ellas|ellos|them|las chicas|los chicos|las ninas|los ninos|"
                          r"las victimas|the girls|the boys|the victims)"
                          # the other of two, said of people: "one had papers, the
                          # other, Jair, had none", "la otra, Nayeli,"
                          r"|(?:the|el|la)[ \t]+(?:other|otro|otra)"
                          r"|the[ \t]+(?:first|second|older|younger|eldest|youngest)[ \t]+one"
                          r"|la[ \t]+(?:mayor|menor)|el[ \t]+(?:mayor|menor)"
                          # one of those just named: "Dos chicas. Una, Kiara, salió"
                          r"|[.!?:;][ \t]+(?:una|uno|one|otra|otro|another))[ \t]*,[ \t]*$")


# Kin or a person, a relative clause about them, then the name in apposition:
# "su hermano que está en Lima, Julián, …", "my cousin who lives in Tacna, …".
_KIN_WHO_BEFORE = re.compile(r"\b(?:" + _KIN_NOUNS + "|" + _PERSON_NOUNS + r")\b"
                             r"(?:[ \t]+de[ \t]+[a-z]+)?[ \t]+(?:que|who)[ \t]+"
                             r"[^,.;:!?\n]{1,40},[ \t]*$")


# A possessive whose noun is left unsaid, after "of": "the cover of Kevin's,
# you'll see", "a friend of Maribel's." (a person's, as only people are said so)
_POSSESSIVE_ALONE_AFTER = re.compile(r"['’]s(?=[ \t]*[,.;:!?)]|$)")
# (a shop's name is a possessive too: "a branch of Wendy's")
_SHOP_OF_BEFORE = re.compile(r"\b(?:branch|branches|store|stores|shop|shops|menu|franchise|"
                             r"outlet|restaurant|restaurants|location|locations)[ \t]+of[ \t]+$")
# One of a group, by where they come from: "una de Huancavelica, Yessica, y
# otra de Ayacucho, …" (a gazetteer name only: "otra de la provincia de
# Acobamba, Paucará" is a town).
_ONE_FROM_A_PLACE_BEFORE = re.compile(r"(?:^|[ \t,;])(?:una|uno|otra|otro|one|another)[ \t]+"
                                      r"(?:de|del|from)[ \t]+[a-z]+[ \t]*,[ \t]*$")


def _role_of_a_place_before(before: str) -> bool:
    """A role, then what or where it is of, then the name after a comma: "la
    enfermera de la posta de Colquepata, …", "the nurse at the health post, …"
    (for a gazetteer name: after such words a word it lacks is often a town)."""
    if not before.rstrip().endswith(","):
        return False
    words = before.split()[-7:-1]
    for i, word in enumerate(words[:-1]):
        if (word in ROLE_WORDS or word in POST_WORDS) and words[i + 1] in ("de", "del", "at", "of"):
            return True
    return False


def _person_in_apposition_before(before: str) -> bool:
    """A person noun or a role just before a name, with its comma: "una
    chica, …", "la trabajadora social, …", "una señora venezolana, …", "una
    niña de Ocongate, …", "His partner, …", "Una de ellas, …"."""
    stripped = before.rstrip()
    if not stripped.endswith(","):
        return False
    words = [w.rstrip(",") for w in stripped.split()]
    if not words:
        return False
    if words[-1] in _APPOSITION_HEADS or _ONE_OF_THEM.search(before):
        return True
    if len(words) >= 2 and words[-2] in _APPOSITION_HEADS and (
            words[-1] in _ROLE_QUALIFIERS or words[-1] in _FORMER_WORDS
            or words[-1].endswith(("ana", "ano", "ian", "esa", "es", "ina", "ino", "ola"))):
        return True   # a qualifier or a nationality: "social", "venezolana", "Bolivian"
    if len(words) >= 2 and words[-2] in _ONE_PERSON_ARTICLES and words[-1] in _NATIONALITY_NOUNS:
        return True   # one of a group told by nationality: "una colombiana, …", "un brasileño, …"
    # "una niña de Ocongate, …"; a post "of" something: "his chief of staff, …",
    # "the head of unit, …", "la jefa de logística, …"
    return len(words) >= 3 and words[-2] in ("de", "of") and (
        words[-3] in _APPOSITION_HEADS or words[-3] in _POST_HEADS)


# what presents a person in apposition before a name: a role or a person noun,
# an honorific noun ("una señora, …"), a partner ("His partner, Delia,"; not a
# role word, for "our partner network" names an organisation)
_APPOSITION_HEADS = ROLE_WORDS | HONORIFIC_WORDS | POST_WORDS | frozenset(
    "partner partners pareja persona person responsable responsables encargado encargada "
    "encargados encargadas".split())
# a post's holder before or after another ("la coordinadora anterior, …", "the former head, …")
_FORMER_WORDS = frozenset("anterior actual nueva nuevo previous former new current".split())
# Spanish nationality nouns (lower case, as Spanish writes them) after an article
_ONE_PERSON_ARTICLES = frozenset("un una el la otro otra".split())
_NATIONALITY_NOUNS = frozenset(w + ending for w in """venezolan colombian brasilen bolivian
ecuatorian peruan chilen argentin haitian cuban dominican paraguay mexican""".split()
                               for ending in ("o", "a")) | frozenset(
    "espanol espanola chino china extranjero extranjera".split())
# the head of a post named by what it heads ("chief of staff", "head of unit")
_POST_HEADS = frozenset("chief head jefe jefa encargado encargada responsable".split())


def _role_is_before(before: str) -> bool:
    """"La coordinadora es Luz", "the new prosecutor is Ms …", "mi tutora era …"."""
    words = before.split()
    return len(words) >= 2 and words[-1] in _BEING and (
        words[-2] in ROLE_WORDS or words[-2] in _PERSON_HEADS or words[-2] in POST_WORDS or (
            len(words) >= 3 and words[-2] in _ROLE_ADJECTIVES and words[-3] in ROLE_WORDS))


# Heads of "our field lead was …", "our data person was …", "la encargada era …"
_PERSON_HEADS = frozenset("lead person persona contact contacto encargado encargada "
                          "responsable focal point".split())


# Naming a thing as people name it: "they call", "le dicen", "se llamó",
# "named", "known as" (not the speaker's own name: "me dicen", "call me").
_THIRD_PERSON_NAMING_BEFORE = re.compile(
    r"(?:\b(?:we|they|people|you) call(?:ed|s)?|\b(?:le|la|lo|les) (?:dicen|dec[ia]an|"
    r"decimos|llaman|llamaban|llamamos|pusieron|ponen|pusimos)|\bse llam(?:a|aba|o|aron)|"
    r"\bllamad[oa]s?|\bnamed|\bcalled|\bknown as|\bconocid[oa]s? como|\bde nombre|"
    r"\bbautizad[oa]s? como|\bdubbed)[ \t]+[\"“'‘«]?(?:(?:el|la|the)[ \t]+)?$")
# What a KII gives a name to that is no person: an operation, a campaign, a
# programme, a boat, a shelter, a place.
_NAMED_THING = re.compile(
    r"\b(?:operation|operations|operativo|operativos|operacion|raid|campaign|campana|"
    r"programme|program|programa|project|proyecto|plan|strategy|estrategia|initiative|"
    r"iniciativa|intervention|intervencion|boat|bote|lancha|barco|embarcacion|app|"
    r"aplicativo|software|database|fund|fondo|route|ruta|case|caso|network|room|sala|"
    r"community|comunidad|caserio|village|town|pueblo|anexo|river|rio|quebrada|mine|mina|"
    r"camp|campamento|bar|discoteca|nightclub|club|brand|marca|dog|perro|perrita|perrito)\b")
_PERSON_WORD = re.compile(
    r"\b(?:" + _PERSON_NOUNS + "|" + _KIN_NOUNS + r"|she|he|her|him|ella|who|quien)\b")


_CLAUSE_START = re.compile(r"[.!?\n:]")


def _names_a_thing(folded: str, start: int) -> bool:
    """A name given to a thing: a naming phrase ("they called", "le dicen",
    "known as") right before `start`, after a thing's noun in the same sentence
    and no person's, kin or role word ("the operation they called Aurora", "el
    operativo, al que le dicen Jazmín"; not "a la chica de la campaña le dicen
    Yesica")."""
    before = folded[max(0, start - 90):start]
    naming = _THIRD_PERSON_NAMING_BEFORE.search(before)
    if not naming:
        return False
    clause = before[:naming.start()]
    # (a speaker's label ends at its colon: "Programme officer: a bar they call …")
    clause = clause[max((m.end() for m in _CLAUSE_START.finditer(clause)), default=0):]
    if _thing_without_person(clause):
        return True
    # the thing's noun in the naming phrase's own part of the sentence: "A place
    # the drivers knew as …, and a bar known as "La Caleta"" (the drivers are
    # in an earlier part)
    last_part = _PART_START.split(clause)[-1]
    return last_part != clause and _thing_without_person(last_part)


_PART_START = re.compile(r",|;|[ \t](?:and|y|but|pero)[ \t]")


def _thing_without_person(clause: str) -> bool:
    return bool(_NAMED_THING.search(clause)) and not _PERSON_WORD.search(clause) and not any(
        w in ROLE_WORDS for w in _FOLDED_WORDS.findall(clause))


def person_context(text: str, folded: str, start: int, end: int) -> str | None:
    """'vocative', 'details' (an age, an ID, a birth date after it), 'person'
    or 'place' from the words around a single name
    at text[start:end]; None when they say nothing."""
    before = folded[max(0, start - 40):start]
    if _GREETING_BEFORE.search(before) and _VOCATIVE_AFTER.match(text, end):
        return "vocative"
    if _names_a_thing(folded, start):
        return "place"   # "the operation they called Aurora": a thing's name
    if _DETAILS_AFTER.match(folded, end, end + 40):
        return "details"
    if (_fronted_person(folded, start, end) and key_of(folded, start, end) not in PLACE_WORDS
            and key_of(folded, start, end) not in peruvian_places()):
        return "named"   # "A Dayana la trajeron al albergue"
    if _NAMED_BEFORE.search(before) or _SELF_INTRODUCED_BEFORE.search(before) or \
            _NAMED_AFTER.match(folded, end, end + 40) or _role_is_before(before) or \
            _REAL_NAME_AFTER.match(text, end) or _WITHOUT_SURNAME_AFTER.match(folded, end) or \
            _NICKNAMED_AFTER.match(folded, end, end + 40):
        return "named"
    if _PERSON_BEFORE.search(before) or _PERSON_AFTER.match(folded, end, end + 60) or \
            _PRETERITE_BEFORE.search(text, max(0, start - 20), start) or \
            _paired_or_acting_on_people(folded, start, end, before) or \
            _who_does(folded, start, end) or _contact_of(folded, start) or (
                (_FROM_AN_ORGANISATION_AFTER.match(text, end)
                 or _AT_AN_ORGANISATION_AFTER.match(text, end))
                and not _PLACE_BEFORE.search(before)) or (
                _SUBJECT_LAST.search(text, max(0, start - 24), start)
                and _CLAUSE_END.match(text, end)):
        return "person"
    if _role_after(folded, end) or _demonym_after(text, end):
        # "En Mercedes, la teniente gobernadora nos recibió": a place, then who
        return "place" if _PLACE_BEFORE_NAME.search(before) else "person"
    if _person_in_apposition_before(before) or \
            _KIN_WHO_BEFORE.search(folded, max(0, start - 80), start) or \
            _ONE_FROM_A_PLACE_BEFORE.search(before) or _role_of_a_place_before(before) or \
            (before.endswith(" of ") and _POSSESSIVE_ALONE_AFTER.match(text, end)
             and not _SHOP_OF_BEFORE.search(before)):
        return "person"   # "una chica, Yesenia", "la trabajadora social, Mirtha"
    if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(folded, end, end + 50):
        return "place"
    if _acts_after(folded, end):
        return "acts"
    return None


# Spanish fronts a person with "a" and takes it up again with a clitic: "A
# Dayana la trajeron al albergue", "A Kevin lo llevaron con su tía" (a place
# is not taken up so: "la llevaron a Lima").
_FRONTED_A_BEFORE = re.compile(r"(?:^|[.!?;:][ \t]+|\n[ \t]*|,[ \t]+(?:y|pero)[ \t]+)a[ \t]+$")
_CLITIC_VERB_AFTER = re.compile(r"[ \t]+(?:la|lo|las|los|le|les)[ \t]+(?:[a-zn]+[ \t]+)?"
                                r"(?:llev|traj|trae|trai|sac|encontr|rescat|deriv|mand|envi|"
                                r"vend|vi|ve|conoc|busc|atend|recog|ubic|entreg|dej|pas|tuv|"
                                r"ten|captar|captur|engan|explot|amenaz|golpe|violent)[a-z]*\b")


def _fronted_person(folded: str, start: int, end: int) -> bool:
    return bool(_FRONTED_A_BEFORE.search(folded, max(0, start - 12), start)
                and _CLITIC_VERB_AFTER.match(folded, end))


# "Before me it was Kofi Mensah-Boateng, who moved": who held a post
_IT_WAS_BEFORE = re.compile(r"\b(?:it was|it's|it is|antes era|antes fue)[ \t]+$")
_WHO_CLAUSE_AFTER = re.compile(r",[ \t]+(?:who|quien|que se fue|que ya)\b")
# "Most people here say Gretita.": a nickname alone as the sentence's end
_PEOPLE_SAY_BEFORE = re.compile(r"\b(?:people|everyone|everybody|they|todos|la gente)"
                                r"(?:[ \t]+(?:here|there|aqui|aca|alli|in [a-z]+ [a-z]+))?"
                                r"[ \t]+(?:say|says|said|dicen|le dicen|la dicen)[ \t]+$")
_SENTENCE_END_AFTER = re.compile(r"[ \t]*[.!?](?:[ \t\n]|$)")


# Peru names districts and towns after ranks ("Coronel Portillo", "Sargento
# Lores", "Teniente Manuel Clavero", "Mariscal Cáceres"): a capitalised rank
# right after a place's preposition ("en", "in", "near", "cerca de", "desde",
# "hasta", "hacia") leads a place's name, not a person's ("Me atendió el
# Coronel Zapata", "we met Captain Reátegui" keep theirs).
_PLACE_RANKS = frozenset("""cabo sargento teniente coronel capitan comandante mariscal general
almirante brigadier alferez suboficial""".split())
_RANK_PLACE_BEFORE = re.compile(r"(?:^|[ \t(])(?:en|in|near|desde|hasta|hacia|cerca de)[ \t]+$")


def _rank_names_a_place(text: str, folded: str, rank_start: int, rank_end: int) -> bool:
    """Whether the capitalised word at text[rank_start:rank_end] is a rank that
    leads a place's name after a place's preposition."""
    return text[rank_start:rank_start + 1].isupper() and \
        folded[rank_start:rank_end].lower() in _PLACE_RANKS and \
        bool(_RANK_PLACE_BEFORE.search(folded, max(0, rank_start - 12), rank_start))


def cue_before(text: str, folded: str, start: int) -> str | None:
    """'honorific', 'role' or 'named-place' when the words just before `start`
    are one ("la Dra. ", "el fiscal ", "Av. ", "el colegio "); a set lookup on the last one or
    two words, not a regex over a long alternation (this runs for every
    capitalised word of the corpus). A word that ends a sentence ("gracias,
    doctora. Le dejamos") is no cue; an abbreviation's period is."""
    words = text[max(0, start - 40):start].split()
    if not words or text[start - 1] not in " \t":
        return None
    last = words[-1].lstrip("\"“«'‘(¿¡")   # '"Sra. Eufrasia': the quote opens the note
    if not last:
        return None
    bare = fold_same_length(last.rstrip(".,")).lower()
    if last.endswith(","):
        return None
    if bare in HONORIFIC_ABBREVIATIONS and last[0].isupper():
        return "honorific"
    # (a head that ends a sentence is no cue: "… to the private sector. Gianfranco,")
    ends_sentence = last.endswith(".") and bare not in STREET_WORDS
    if bare in STREET_WORDS or (not ends_sentence and (
            bare in NAMED_AFTER_WORDS or bare in _NAMED_THING_HEADS)) or (
            bare in ("de", "del", "of") and _place_head_before(words)) or (
            last[0].isupper() and fold_same_length(last).lower() in SCHOOL_ABBREVIATIONS):
        return "named-place"
    if bare in ("de", "del", "of") and _feast_before(folded, start, words):
        return "named-place"   # "la fiesta de Santiago", "… la del Corpus, la de Santiago"
    if bare in ("de", "del", "of") and len(words) > 1:
        # "la comisaría de Zárate", "the district of Belén", "the port of the …"
        head = words[-3] if bare == "of" and words[-2].lower() == "the" and len(words) > 2 \
            else words[-2]
        if fold_same_length(head.rstrip(".,")).lower() in PLACE_HEADS:
            return "named-place"
        # the head with its adjective: "el terminal terrestre de …", "la
        # comunidad nativa de …"
        if bare != "of" and len(words) > 2 and words[-2].isalpha() and words[-2].islower() and \
                fold_same_length(words[-3]).lower() in PLACE_HEADS:
            return "named-place"
    if bare in GEOGRAPHY_HEADS and not ends_sentence:
        return "named-place"   # "del lago Sandoval", "el río Heath": a lake's, a river's name
    if last.endswith("."):
        return None
    if last[0].isupper() and bare in _PLACE_RANKS and \
            _rank_names_a_place(text, folded, len(text[:start].rstrip()) - len(last),
                                len(text[:start].rstrip())):
        return "named-place"   # "near Sargento Lores", "en Coronel Portillo"
    if last[0].isupper() and len(words) > 1 and (bare in HONORIFIC_WORDS or bare in ROLE_WORDS
                                                 or bare in CAPITALISED_RANKS) and \
            _names_a_place_or_institution(words[-2]):
        return "named-place"   # "jirón Sargento Lores", "el CAR Padre Luis Bolla"
    if bare in HONORIFIC_WORDS:
        return "honorific"
    if bare in ROLE_WORDS or (bare in _ROLE_QUALIFIERS and len(words) > 1 and
                              fold_same_length(words[-2]).lower() in ROLE_WORDS):
        return "role"
    return None


# Lakes, rivers, hills and islands take a surname's or a given name's name:
# "del lago Sandoval", "la laguna Quistococha", "el río Heath", "Lake Valencia".
GEOGRAPHY_HEADS = frozenset("""lago lagos laguna lagunas lake lakes cocha rio river cerro
nevado quebrada isla island islas islands""".split())
# What a title or a rank, capitalised, is a part of when a street's, a place's
# or an institution's head comes before it: "jirón Sargento Lores", "avenida
# Pastor Sevilla", "Avenue Captain Rios", "el Hogar Padre Ángel Rodríguez",
# and an institution's acronym ("el CAR Padre Luis Bolla": a shelter).
_TITLED_NAME_HEADS = frozenset("""avenue avenues street road ave st lodge hogar hogares casa
house""".split())
_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _names_a_place_or_institution(word: str) -> bool:
    bare = fold_same_length(word.rstrip(".,")).lower()
    return bare in STREET_WORDS or bare in NAMED_AFTER_WORDS or bare in _NAMED_THING_HEADS or \
        bare in GEOGRAPHY_HEADS or bare in _TITLED_NAME_HEADS or bare in SCHOOL_ABBREVIATIONS or \
        bool(_ACRONYM.fullmatch(word))


# A school's abbreviation before its name: "la I.E. Inca Garcilaso", "la IEP
# Santa Rosa", "el C.E. …", "el CETPRO …" (institución educativa, its private
# kind, centro educativo, centro de educación técnico-productiva): no initials.
SCHOOL_ABBREVIATIONS = frozenset("""i.e. i.e.p. ie iep c.e. ceba c.e.b.a. cetpro iest iestp iesp
i.s.t. ist""".split())


def _feast_before(folded: str, start: int, words: list[str]) -> bool:
    """Whether the "de"/"of" before `start` follows a feast ("fiesta de", "the
    feast of"), or a "la de" that lists another one after a feast in the same
    sentence ("la fiesta del Señor de Qoyllur Rit'i, la del Corpus, la de
    Santiago")."""
    if len(words) < 2:
        return False
    head = fold_same_length(words[-3] if words[-2].lower() == "the" and len(words) > 2
                            else words[-2]).lower()
    if head in _FEAST_HEADS:
        return True
    if head not in ("el", "la", "los", "las"):
        return False
    before = folded[max(0, start - 200):start]
    cut = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    return bool(_FEAST_WORD.search(before, cut))


def _place_head_before(words: list[str]) -> bool:
    """Whether the words before a final "de" end in a place's head
    ("comisaría de", "provinces of"), or in "el de" after one ("el puerto de
    Masusa y en el de")."""
    if len(words) < 2:
        return False
    head = fold_same_length(words[-2]).lower()
    if head in PLACE_HEADS or head[:-1] in PLACE_HEADS or head[:-2] in PLACE_HEADS:
        return True
    return head in ("el", "la", "los", "las") and any(
        fold_same_length(w).lower() in PLACE_HEADS for w in words[-8:-2])


@dataclass(frozen=True)
class NameEntry:
    given: bool
    surname: bool
    common: bool   # also an everyday word: trusted only beside a name or a cue


@lru_cache(maxsize=3)
def gazetteer(language: str | None = None) -> dict[str, NameEntry]:
    """Folded name -> what it is, from the shipped data/names.tsv. A name is
    `common` when it is an everyday word in `language` ("es", "en"), or in
    either language when that is not known: "Paredes" is a word in Spanish
    text only, "Grace" in English text only."""
    table: dict[str, NameEntry] = {}
    data = resources.files("kiicode.pii").joinpath("data/names.tsv").read_text("utf-8")
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        name, kind, common = line.split("\t")
        if name in FUNCTION_WORDS or name in ROLE_WORDS or name in HONORIFIC_WORDS:
            continue   # "He" (a Chinese surname), "Judge" (an English one): words here
        everyday = common != "0" and (language is None or language in common.split(","))
        table[name] = NameEntry("g" in kind, "s" in kind, everyday)
    return table


_SPANISH_MARKERS = frozenset("que los las del una por para pero muy como con esta este".split())
_ENGLISH_MARKERS = frozenset("the and that with for was this they have from were what".split())
_MARKER = re.compile(r"(?<![a-z])(?:" + "|".join(sorted(_SPANISH_MARKERS | _ENGLISH_MARKERS))
                     + r")(?![a-z])")


@lru_cache(maxsize=4)   # (asked for each text by several finders: guessed once)
def text_language(folded: str) -> str | None:
    """"es" or "en" when the text's commonest little words say so clearly
    (from its first 4,000 characters), else None."""
    spanish = english = 0
    for m in _MARKER.finditer(folded, 0, 4000):
        if m.group() in _SPANISH_MARKERS:
            spanish += 1
        else:
            english += 1
    if spanish + english < 5:
        return None
    return "es" if spanish >= 2 * english else "en" if english >= 2 * spanish else None


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
        forms = label_name_forms(name)
        if not forms:
            return
        key = fold_same_length(name)
        if key in NOT_NAMES or len(key) < 3:
            return
        self.full.setdefault(key, name)
        entries = gazetteer()
        # the name as a meeting tool's label dresses it ("Quispe Mamani, María
        # (MIMP)", "iPhone de Rosa", "ana.ruiz") is found whole; the person's
        # name inside it, in its usual order, and each word of it, are its parts
        for form in forms:
            if form != key:
                self.part_of.setdefault(form, key)
            for folded in form.split():
                entry = entries.get(folded)
                if len(folded) >= 3 and folded not in PLACE_WORDS and not (entry and entry.common):
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
# Speaker labels that name a part in the interview, not a person: the
# interpreter of an interpreted KII, a note-taker, an observer.
LABEL_ROLES = frozenset(fold_same_length(w) for w in """
interpreter interprete interpretes translator traductor traductora note-taker notetaker
relator relatora observer observador observadora asistente assistant tecnico tecnica
acompanante companion""".split()) | POST_WORDS
# A meeting room's or a team's display name ("Conference Room", "Sala de reuniones",
# "Equipo evaluador"): the tool shows where people sit, not who they are.
_LABEL_ROOM_WORDS = frozenset("""room rooms sala salon auditorio auditorium oficina office
conference meeting boardroom equipo team grupo group""".split())


def name_like_label(label: str) -> bool:
    """A speaker label or field that reads as a person's name (a display name
    from Zoom or Teams), not a role (R, P1, Entrevistador) or a code (EV-2)."""
    from ..transcripts.models import INTERVIEWER_WORDS, RESPONDENT_WORDS

    folded = fold_same_length(" ".join(label.split()))
    if (not folded or folded in INTERVIEWER_WORDS or folded in RESPONDENT_WORDS
            or folded in LABEL_ROLES or folded in ROLE_WORDS
            or _SPEAKER_WORDS.match(folded) or any(ch.isdigit() for ch in folded)
            or _room_label(folded.lower().split())):
        return False
    return bool(label_name_forms(label))


def _room_label(words: list[str]) -> bool:
    """"Conference Room", "Sala Grande"; not "María Sala" (a given name beside it)."""
    if not _LABEL_ROOM_WORDS.intersection(words):
        return False
    entries = gazetteer()
    return not any(w in entries and entries[w].given and w not in _LABEL_ROOM_WORDS
                   for w in words)


# How meeting tools dress a display name: a bracketed organisation, pronoun
# or role ("María Quispe (MIMP)", "(ella/she)", "(Invitado)"), an organisation
# after a bar or a dash ("Rocío Huamán | DEMUNA", "Ana Ruiz - UNICEF Lima"),
# a title, a device ("iPhone de María", "Galaxy de Rosa"), a user name
# ("maria.quispe"), capitals ("MARÍA QUISPE"), a surname first ("Quispe
# Mamani, María").
_LABEL_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>")
_LABEL_SEPARATORS = re.compile(r"[ \t]+[|\-–—/·•][ \t]+|[ \t]*\|[ \t]*|@")
_LABEL_DEVICE = re.compile(r"^(?:iphone|ipad|android|galaxy|samsung|huawei|xiaomi|motorola|"
                           r"celular|telefono|movil|laptop|pc|tablet)\b.*?\bde[ \t]+")
_LABEL_TITLE = re.compile(r"^(?:(?:" + "|".join(sorted(HONORIFIC_ABBREVIATIONS)) + r")\.?|"
                          r"(?:" + "|".join(sorted(HONORIFIC_WORDS)) + r"))[ \t]+")


def label_name_forms(label: str) -> list[str]:
    """The person's name in a speaker label or a display name, folded: as
    written and, for "Quispe Mamani, María", also as "maria quispe mamani";
    [] when the label holds no name (a role, a room, an institution)."""
    from ..transcripts.models import INTERVIEWER_WORDS, RESPONDENT_WORDS

    text = _LABEL_BRACKETS.sub(" ", label)
    if any(ch.isdigit() for ch in text):
        return []
    one_case = text.isupper() or text.islower()
    if not one_case and _office_account(text):
        return []
    for part in _LABEL_SEPARATORS.split(text):
        tokens = part.replace(".", " ").replace("_", " ").replace(",", " , ").split()
        folded = [fold_same_length(t) for t in tokens]
        device = _LABEL_DEVICE.match(" ".join(folded))
        if device:   # "iPhone de Yolanda": the owner after "de"
            cut = len(device.group().split())
            tokens, folded = tokens[cut:], folded[cut:]
        if folded and _LABEL_TITLE.match(folded[0] + " "):
            tokens, folded = tokens[1:], folded[1:]
        while len(folded) > 1 and _label_post(folded[0]) and _holds_a_name(folded[1:]):
            tokens, folded = tokens[1:], folded[1:]   # "Fiscal Rosa Quispe", "Asesora Ana Ruiz"
        words = [w for w in folded if w != ","]
        if not words or all(w in PLACE_WORDS for w in words) or _everyday_label(words) or any(
                w in NOT_NAMES or w in ROLE_WORDS or w in LABEL_ROLES or _SPEAKER_WORDS.match(w)
                or w in INTERVIEWER_WORDS or w in RESPONDENT_WORDS or w in FUNCTION_WORDS
                and w not in ("de", "del", "la", "y") for w in words):
            continue   # an institution, a place, a role: the next part may hold the name
        # in a label with both cases, capitals alone are an organisation ("Operadora CEM")
        acronyms = [t for t in tokens if not one_case and t.isupper() and len(t) > 1]
        name = [f for t, f in zip(tokens, folded, strict=True)
                if f == "," or (t not in acronyms and not _CODE.fullmatch(f) and re.fullmatch(
                    rf"[{_LOWER}]+(?:['’-][{_LOWER}]+)?", f))]
        name_words = [w for w in name if w != ","]
        if not name_words:
            continue
        written = " ".join(name).replace(" ,", ",")
        forms = [" ".join(written.replace(",", " ").split())]
        if "," in written:   # "quispe mamani, maria" -> "maria quispe mamani"
            surnames, _, given = written.partition(",")
            forms.append(" ".join((given + " " + surnames).split()))
        return forms
    return []


# An interviewer's or a team's code: a hyphen with one letter on a side
# ("EV-D", "ENT-B", "KI-A", "A-EV"); no name part is one letter after a hyphen.
_CODE = re.compile(rf"[{_LOWER}]{{1,4}}-[{_LOWER}]|[{_LOWER}]-[{_LOWER}]{{1,4}}")


def _label_post(word: str) -> bool:
    return word in ROLE_WORDS or word in LABEL_ROLES or word in _ROLE_QUALIFIERS


def _holds_a_name(words: list[str]) -> bool:
    """Whether the label's words hold a given name or a surname the gazetteer
    knows, not a place or a word that is never a name."""
    entries = gazetteer()
    return any(w in entries and (entries[w].given or entries[w].surname) and w not in NOT_NAMES
               and w not in PLACE_WORDS and not _label_post(w) for w in words)


def _everyday_label(words: list[str]) -> bool:
    """A label made only of everyday words, none of them a given name or a
    surname the gazetteer knows ("Official", "Focal Point", "Staff"): a
    speaker's post or a part, not a name. (The everyday-word list holds no
    gazetteer name; "Rosa", "Grace" are gazetteer names and stay names.)"""
    common = everyday_words()
    return all(w in common or w in FUNCTION_WORDS or w in LABEL_ROLES for w in words)


def _office_account(text: str) -> bool:
    """A display name that is an office's account, not a person's: no word
    the gazetteer knows as a given name or surname, and an institution's
    acronym ("UGEL Maynas - Tutoría", "CEM Juliaca - Psicología", "Operadora
    CEM") or only an office's or a unit's words and places ("Tutoría
    Maynas", "Psicología Juliaca", "Asesoría Jurídica"). Offices often join a
    call from one shared account; "Rocío Huamán | DEMUNA" and "Huarcaya -
    DEMUNA" keep their person, and so does a name the gazetteer lacks
    ("Tamsin Achterberg": no office word in it)."""
    tokens = re.findall(r"[^\W\d_]+", text)
    entries = gazetteer()
    folded = [fold_same_length(token).lower() for token in tokens]
    for word in folded:
        entry = entries.get(word)
        if entry and (entry.given or entry.surname):   # "Rosa | CEM" is Rosa
            return False
    if any(t.isupper() and len(t) > 1 for t in tokens):
        return True
    return any(w in OFFICE_WORDS for w in folded) and all(
        w in OFFICE_WORDS or w in FUNCTION_WORDS or w in NOT_NAMES or w in PLACE_WORDS
        or w in peruvian_places() for w in folded)


# An office's, an area's or a desk's words, as shared meeting accounts are
# named ("Tutoría Maynas", "Mesa de Partes", "Front Desk"): a label made only
# of them and places names no person.
OFFICE_WORDS = frozenset(fold_same_length(w) for w in """
tutoria tutorias psicologia asesoria juridica legal admision recepcion secretaria secretariado
coordinacion gerencia subgerencia jefatura area unidad division despacho mesa partes tramite
documentario archivo logistica contabilidad tesoreria presupuesto planeamiento imagen prensa
comunicaciones informatica soporte sistemas bienestar trabajo servicio servicios social
atencion orientacion gestion pedagogica institucional academica administracion sede
defensa proteccion prevencion capacitacion monitoreo evaluacion estadistica registro
reception front desk admin helpdesk finance accounts communications
protection prevention outreach intake operations programmes programs training records
""".split())


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“”‘’«»¿¡(*_-—":
        i -= 1
    if i >= 1 and text[i] == "." and text[i - 1].isupper() and (i < 2 or not text[i - 2].isalpha()):
        return False   # after an initial ("A. Pérez", "L. M. Quispe"), not a sentence's end
    return i < 0 or text[i] in ".!?:;\n]…"


@lru_cache(maxsize=256)
def _label_is_a_word(text: str, folded: str, key: str) -> bool:
    """A speaker's label of one word that no language's names have and that
    the talk also writes in lower case ("Mediator:" beside "I'm a mediator"):
    a job or a part the speaker is named by, not a person's name."""
    if " " in key or key in gazetteer():
        return False
    # a word of its own, not a piece of an e-mail, a handle or a link ("ketty.vasquez@…")
    for m in re.finditer(rf"(?<![\w.@/_-]){re.escape(key)}(?![\w@/_-]|\.\w)", folded):
        if text[m.start()].islower():
            return True
    return False


def find_names(text: str, folded: str, known: KnownNames | None = None) -> Iterator[Found]:
    pattern = known.pattern() if known else None
    if pattern is not None:
        for m in pattern.finditer(folded):
            whole = m.group() in known.full
            if whole and _label_is_a_word(text, folded, m.group()):
                continue
            yield Found(m.start(), m.end(), PERSON, 0.95 if whole else 0.9,
                        "known-name" if whole else "known-name-part")
    # lower-case names are trusted only when no language has them as a word;
    # a capitalised one is an everyday word only in the text's own language
    strict = gazetteer()
    yield from _initials_and_lower_case(text, folded, strict)
    yield from _inverted_names(text, folded, strict)
    yield from _table_row_names(text, folded, strict)
    yield from _named_in_lower_case(text, folded, strict)
    yield from _lower_case_full_names(text, folded, strict)
    yield from _nicknames(text, folded)
    yield from _names_in_their_addresses(text, folded, strict)
    yield from _presented_by_nationality(text, folded, strict)
    yield from _families_in_the_plural(text, folded, strict)
    entries = gazetteer(text_language(folded))
    run: list[tuple[int, int, str]] = []
    last_end = -1
    for m in _WORD.finditer(text):
        start, end = m.span()
        if run and (start - last_end > 12 or not _BRIDGE.fullmatch(text, last_end, start)):
            yield from _names_in_run(text, folded, run, entries)
            run = []
        if not run and folded[start:end] in FUNCTION_WORDS:
            continue   # "And Beto, the driver,": the conjunction starts the sentence, not the name
        run.append((start, end, folded[start:end]))
        last_end = end
    if run:
        yield from _names_in_run(text, folded, run, entries)


# The user part of an e-mail address or a handle said beside a name is often made of
# it ("Oksana Kovalenko, o.kovalenko at …", "Mercedes Chalco, mchalco arroba …", "Luz
# tenía su Insta, @luzclarita_h"): the capitalised words it is made of are a name,
# whether the gazetteer knows them or not.
_ADDRESS_SIGN = re.compile(r"@|[ \t](?:at|arroba)[ \t]")
_USER_BEFORE = re.compile(r"(?<![\w.@-])[a-z][a-z0-9._-]{1,40}$")
_DOMAIN_AFTER = re.compile(r"[a-z0-9-]+(?:\.|[ \t]+(?:dot|punto)[ \t]+)[a-z]")
_HANDLE = re.compile(r"[a-z][a-z0-9_.]{2,30}")
_USER_PIECE = re.compile(r"[a-z]{3,}")
_NAME_RUN = re.compile(rf"{_WORD.pattern}(?:[ \t]+(?:(?:de|del|da|van|von)[ \t]+)?"
                       rf"{_WORD.pattern}){{0,3}}")
_ADDRESS_REACH = 120   # how far before the address its name may be said (after it: half)


def _address_users(folded: str) -> Iterator[tuple[int, list[str]]]:
    """(where, the letter pieces of its user part) for each e-mail address and handle."""
    for sign in _ADDRESS_SIGN.finditer(folded):
        at = sign.start()
        if sign.group() != "@":
            if not _DOMAIN_AFTER.match(folded, sign.end()):
                continue   # "Rosa at lunch", "Kallpa at info@…": no address's domain
            user = _USER_BEFORE.search(folded, max(0, at - 41), at)
        elif at and (folded[at - 1].isalnum() or folded[at - 1] in "._-"):
            user = _USER_BEFORE.search(folded, max(0, at - 41), at)
        else:
            user = _HANDLE.match(folded, at + 1)
        if user:
            yield at, _USER_PIECE.findall(user.group())


def _made_of(key: str, pieces: list[str]) -> bool:
    """Whether a name's word is in the address's user part: the piece itself, its
    start ("luzclarita"), or after an initial ("mchalco")."""
    return len(key) >= 3 and any(p.startswith(key) or (len(key) >= 4 and p[1:].startswith(key))
                                 for p in pieces)


_WORD_BEFORE = re.compile(rf"{_WORD.pattern}[ \t]+$")


def _words_start(text: str, at: int, floor: int) -> int:
    """`at` moved back to the start of its word and of the capitalised words before
    it (a name that starts before the reach is looked at whole)."""
    while at > floor and text[at - 1].isalpha():
        at -= 1
    while (before := _WORD_BEFORE.search(text, max(floor, at - 40), at)) is not None:
        at = before.start()
    return at


def _names_in_their_addresses(text: str, folded: str,
                              entries: dict[str, NameEntry]) -> Iterator[Found]:
    said: set[tuple[int, int]] = set()
    for at, pieces in _address_users(folded):
        if not pieces:
            continue
        line_start, line_end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
        low = _words_start(text, max(line_start, at - _ADDRESS_REACH), line_start)
        high = min(at + _ADDRESS_REACH // 2, len(text) if line_end < 0 else line_end)
        while high < len(text) and text[high].isalpha():
            high += 1   # (the whole of the last word)
        for run in _NAME_RUN.finditer(text, low, high):
            words = [(w.start(), w.end(), folded[w.start():w.end()])
                     for w in _WORD.finditer(text, run.start(), run.end())]
            while words and (words[0][2] in FUNCTION_WORDS or words[0][2] in ROLE_WORDS or
                             words[0][2] in HONORIFIC_WORDS or
                             words[0][2] in HONORIFIC_ABBREVIATIONS):
                words.pop(0)   # "Dr. Mei Ling", "the officer Oksana …": not the name
            keys = [key for _, _, key in words]
            if not keys or not any(_made_of(key, pieces) for key in keys):
                continue
            # an organisation's or a place's words are no person's ("Red Kawsay,
            # red.kawsay@…"; "Venezolanos Unidos, @venezolanosunidos")
            if any(key in NOT_NAMES or key in PLACE_WORDS or key in DEMONYMS or
                   not (key in entries or _unknown_word(key, entries)) for key in keys):
                continue
            if len(keys) == 1 and not getattr(entries.get(keys[0]), "given", False):
                continue   # one word the gazetteer has as no given name: "Kallpa, @kallpa…"
            span = (words[0][0], words[-1][1])
            if span not in said:
                said.add(span)
                yield Found(*span, PERSON, 0.9, "name-in-its-address")


# One of a group told by nationality, then named between commas: "One Haitian and
# one Syrian. The Haitian, Jean-Baptiste Pierre-Louis, had a carné …".
_NATIONALITY_THEN_NAME = re.compile(
    rf"\b[Tt]he[ \t]+([{_UPPER}][{_LOWER}]+),[ \t]+"
    rf"({_WORD.pattern}(?:[ \t]+{_WORD.pattern}){{0,2}}),")


# A family named in the plural after its noun: "a host family, the
# Ccorimanyas,", "una familia, los Quispe,", "the family next door, the Smiths".
_FAMILY_THEN_PLURAL = re.compile(
    rf"\b(?:famil(?:y|ies|ia|ias))(?:[ \t]+[a-z]+){{0,2}}[ \t]*,[ \t]+(?:the|los|las)[ \t]+"
    rf"({_WORD.pattern})(?=[ \t]*[,.;:)]|[ \t]+(?:who|que|and|y|at|in|en)\b)")


def _families_in_the_plural(text: str, folded: str,
                            entries: dict[str, NameEntry]) -> Iterator[Found]:
    if "famil" not in folded:
        return
    for m in _FAMILY_THEN_PLURAL.finditer(text):
        key = folded[m.start(1):m.end(1)]
        stems = [key] + [key[:-cut] for cut in (1, 2) if len(key) - cut >= 3 and
                         key.endswith("s")]
        if any(stem in PLACE_WORDS or stem in NOT_NAMES or stem in peruvian_places()
               or stem in PEOPLES or stem in DEMONYMS for stem in stems):
            continue
        if any(stem in entries and entries[stem].surname for stem in stems) or \
                _unknown_word(key, entries):
            yield Found(m.start(1), m.end(1), PERSON, 0.85, "family-in-the-plural")


def _presented_by_nationality(text: str, folded: str,
                              entries: dict[str, NameEntry]) -> Iterator[Found]:
    if "the " not in folded:
        return
    for m in _NATIONALITY_THEN_NAME.finditer(text):
        keys = folded[m.start(2):m.end(2)].split()
        if folded[m.start(1):m.end(1)] in DEMONYMS and all(
                (key in entries and key not in NOT_NAMES and key not in PLACE_WORDS)
                or _unknown_word(key, entries) for key in keys):
            yield Found(m.start(2), m.end(2), PERSON, 0.85, "name-after-nationality")


_MONTH_GIVEN_NAMES = frozenset(("julio", "abril"))
# Peruvian institutions, schools, hospitals, districts and programmes named
# after a historical or public figure, which a KII names without a head
# noun ("la gente de Flora Tristán", "nos derivaron al Cayetano Heredia",
# "con Manuela Ramos", "en José Leonardo Ortiz"), and the presidents of
# recent governments ("en el gobierno de Ollanta Humala"): a public figure's
# name is no informant's personal data.
NAMESAKES = frozenset(" ".join(w for w in fold_same_length(n).lower().split()
                               if w not in ("de", "del", "la", "y", "ii"))
                      for n in """
flora tristan|manuela ramos|cayetano heredia|arzobispo loayza|hipolito unanue|
daniel alcides carrion|alcides carrion|edgardo rebagliati|guillermo almenara|ricardo palma|
cesar vallejo|garcilaso de la vega|inca garcilaso|antonio raimondi|micaela bastidas|
tupac amaru|miguel grau|francisco bolognesi|jose olaya|alfonso ugarte|andres avelino caceres|
jose carlos mariategui|jorge basadre|ramon castilla|jose de san martin|simon bolivar|
maria parado de bellido|jose maria arguedas|chabuca granda|hermilio valdizan|honorio delgado|
victor larco|jose galvez|leoncio prado|daniel alomia robles|federico villarreal|
santiago antunez de mayolo|toribio rodriguez de mendoza|enrique guzman y valle|
jose faustino sanchez carrion|faustino sanchez carrion|pedro ruiz gallo|mariano melgar|
manuel gonzales prada|gonzales prada|manuel gonzalez prada|jose abelardo quinones|
abelardo quinones|maria auxiliadora|elias aguirre|cesar vallejo mendoza|
eleazar guzman barron|jose pardo|manuel pardo|augusto b leguia|fernando belaunde|
maria elena moyano|teresa de jesus|rosa de lima|martin de porres|juan pablo ii|
san juan de dios|santa rosa de lima|madre teresa|mercedes cabello|clorinda matto|
clorinda matto de turner|jose santos chocano|ciro alegria|abraham valdelomar|
juana alarco de dammert|carlos monge|ernesto guevara|hugo pesce|luis negreiros|
alberto hurtado|jorge chavez|
juan santos atahualpa|mateo pumacahua|manco capac|mama ocllo|tupac katari|bartolina sisa|
francisco de zela|jose leonardo ortiz|jacobo hunter|gregorio albarracin|alberto leveau|
fernando lores|manuel clavero|teniente manuel clavero|rosa panduro|genaro herrera|juan guerra|
luis carranza|victor larco herrera|florencia de mora|padre marquez|carlos fermin fitzcarrald|
jose luis bustamante y rivero|alto selva alegre|manuel antonio mesones muro|
alan garcia|pedro castillo|dina boluarte|ollanta humala|keiko fujimori|alberto fujimori|
martin vizcarra|pedro pablo kuczynski|alejandro toledo|valentin paniagua|manuel merino|
francisco sagasti|jose jeri|fernando belaunde terry|
mariscal ramon castilla|mariscal caceres|mariscal nieto|mariscal luzuriaga|mariscal castilla|
mariscal sucre|mariscal benavides|oscar benavides|mariscal gamarra|mariscal la mar|
canto grande
""".replace("\n", "").split("|"))


def _namesake(run: list[tuple[int, int, str]], first: int, stop: int) -> bool:
    """Whether the name words run[first:stop], with the capitalised words
    joined to them, are a namesake's ("Flora Tristán", "Daniel Alcides
    Carrión")."""
    keys = [key for _, _, key in run]
    for i in range(max(0, first - 3), first + 1):
        for j in range(stop, min(len(run), stop + 3) + 1):
            if j - i >= 2 and " ".join(keys[i:j]) in NAMESAKES:
                return True
    return False


_INITIALS_AND_SURNAME = re.compile(rf"[ \t]+(?:[A-Z]\.[ \t]*)+({_WORD.pattern})")


def _namesake_before_initials(text: str, folded: str, run: list[tuple[int, int, str]],
                              end: int) -> bool:
    """Whether the name words ending at `end`, with the initials and the
    surname after them, are a namesake's: "la Mariscal Óscar R. Benavides"."""
    after = _INITIALS_AND_SURNAME.match(text, end)
    if not after:
        return False
    keys = [key for _, e, key in run if e <= end]
    surname = folded[after.start(1):after.end(1)]
    return any(" ".join([*keys[i:], surname]) in NAMESAKES for i in range(len(keys)))


def _names_in_run(text: str, folded: str, run: list[tuple[int, int, str]],
                  entries: dict[str, NameEntry]) -> Iterator[Found]:
    """Names inside one run of capitalised words."""
    if _quoted_title(text, folded, run):
        return   # "Jóvenes Productivos", "Trabaja Perú": a programme's title
    # "Juan de Dios", "José de Dios": a given name, not the Madre de Dios region
    named = [(_is_name_word(key, entries)
              and not (key in STREET_WORDS and _street_head(text, folded, run, i)))
             or (key == "dios" and i > 0 and run[i - 1][2] in ("juan", "jose"))
             # "Julio César", "Abril Quispe": a month that is a given name, before a name
             or (key in _MONTH_GIVEN_NAMES and i + 1 < len(run)
                 and _is_name_word(run[i + 1][2], entries))
             # "el compañero Julio", "doña Abril": the month's name alone after a title
             or (key in _MONTH_GIVEN_NAMES and i == 0 and len(run) == 1
                 and not _DE_AFTER.match(text, run[0][1])
                 and cue_before(text, folded, run[0][0]) in ("honorific", "role"))
             for i, (_, _, key) in enumerate(run)]
    # "Robert Del Águila", "Eleuterio Del Carpio": a surname's particle written
    # capitalised between a name and a surname
    for i in range(1, len(run) - 1):
        if run[i][2] in ("de", "del") and named[i - 1] and named[i + 1] and \
                entries[run[i + 1][2]].surname and not text[run[i - 1][1]:run[i][0]].strip():
            named[i] = True
    for i in range(1, len(run)):
        if run[i][2] in _WORD_SURNAMES and named[i - 1] and not named[i] and \
                _trusted(run[i - 1][2], entries, "given", False) and \
                ((run[i][2] in entries and entries[run[i][2]].surname)
                 or run[i][2] in peruvian_places()) and \
                not text[run[i - 1][1]:run[i][0]].strip() and not _DE_AFTER.match(text, run[i][1]):
            named[i] = True
    # "Nilda Comas Ttito": a district's name (or a word the gazetteer has as a
    # surname only in NOT_NAMES) between a sure given name and a surname or a
    # word no list has is her first surname
    for i in range(1, len(run) - 1):
        if run[i][2] in NOT_NAMES and not named[i] and named[i - 1] and \
                ((run[i][2] in entries and entries[run[i][2]].surname)
                 or run[i][2] in peruvian_places()) and \
                _trusted(run[i - 1][2], entries, "given", False) and \
                not text[run[i][1]:run[i + 1][0]].strip() and (
                    _unknown_word(run[i + 1][2], entries) or (
                        named[i + 1] and entries[run[i + 1][2]].surname
                        and not entries[run[i + 1][2]].common)) and \
                not text[run[i - 1][1]:run[i][0]].strip() and \
                not text[run[i][1]:run[i + 1][0]].strip():
            named[i] = True
    # "in San Martín Rocío Tapullima Sangama", "en Madre de Dios Andrea Solís
    # Paz": a place's name, then a full name with no comma between
    place_lead = _place_leading_run(text, run) if len(run) >= 3 else 0
    for i in range(place_lead):
        named[i] = False
    index = 0
    while index < len(run):
        if not named[index]:
            index += 1
            continue
        first = index
        while index < len(run) and named[index]:
            index += 1
        group = run[first:index]
        start, end = group[0][0], group[-1][1]
        lead = first   # where the name starts in the run
        # A surname the gazetteer lacks after a given name ("Rebecca Lindqvist"),
        # or a given name it lacks before a surname ("Yusmary Pérez").
        # Said of a person ("I'm Aisha Bello"), an everyday word may carry it too.
        extended = False
        if index < len(run) and _unknown_word(run[index][2], entries) and (
                _trusted(group[-1][2], entries, "given", len(group) > 1 or _said_of_person(
                    text, folded, start, run[index][1]))
                # a surname first, as Chinese and Korean names are said, with
                # the person's details after: "Lin Xiaomei, diecisiete años"
                or (first == 0 and len(group) == 1
                    and _trusted(group[0][2], entries, "surname", False)
                    and (person_context(text, folded, start, run[index][1]) == "details"
                         or _CONTACT_AFTER.match(text, run[index][1])))):
            end = run[index][1]
            index += 1
            extended = True
        elif first == 1 and _unknown_word(run[0][2], entries) and \
                (not _sentence_initial(text, run[0][0])
                 or (index == len(run) and (_AT_AN_ORGANISATION_AFTER.match(text, end)
                                            or _DETAILS_AFTER.match(folded, end, end + 40))
                     and not _everyday_word(text, run[0][2]))) and \
                not _PLACE_PREPOSITION.search(text, max(0, run[0][0] - 7), run[0][0]) and \
                _trusted(group[0][2], entries, "surname", _said_of_person(
                    text, folded, run[0][0], end)):
            lead, start, extended = 0, run[0][0], True
        elif first == 1 and run[0][2] in everyday_words() and len(group) == 1 and \
                _trusted(group[0][2], entries, "surname", False) and \
                not _sentence_initial(text, run[0][0]) and (
                    _person_in_apposition_before(folded[max(0, run[0][0] - 40):run[0][0]])
                    or _SELF_NAMING_BEFORE.search(folded, max(0, run[0][0] - 30), run[0][0])):
            # "My supervisor, Will Brennan, …": a given name that is also an
            # everyday word, before a sure surname, presented by a role; a
            # nickname before one, named outright ("un tal Gringo Salazar")
            lead, start, extended = 0, run[0][0], True
        if lead == 1 and first == 1 and (extended or len(group) >= 2) and \
                _unknown_word(run[0][2], entries) and \
                _trusted(group[0][2], entries, "given", False) and \
                not _sentence_initial(text, run[0][0]) and \
                not text[run[0][1]:group[0][0]].strip() and (
                    not _PLACE_PREPOSITION.search(text, max(0, run[0][0] - 7), run[0][0])
                    or _THE_ONE_OF_BEFORE.search(folded, max(0, run[0][0] - 7), run[0][0])) and \
                _DETAILS_AFTER.match(folded, end, end + 40):
            # "el de Dayli Fernanda Shapiama, diez años": a given name the
            # gazetteer lacks before a full name, the person's age after it
            lead, start = 0, run[0][0]
        kind = cue_before(text, folded, start)
        if lead > 0 and kind is None and cue_before(text, folded, run[0][0]) == "named-place":
            kind = "named-place"   # "la provincia de Mariscal Ramón Castilla": the whole run
        cue = kind in ("honorific", "role")
        if cue and text[start - 2:start - 1].isalpha() and _HEAD_NOUN_AFTER.match(text, end) and \
                _CAPITALISED_TITLE_BEFORE.search(text, max(0, start - 20), start):
            continue   # "the Padre Pio lodge", "the Father Damien school": named after
        if kind == "named-place" or (not cue and _named_place_listed(text, folded, start)):
            continue   # a street's name (the address finder decides) or a school's
        if lead > 0 and run[lead - 1][2] in _DEITY_TITLES:
            if lead == 1 and not text[run[0][1]:start].strip() and \
                    _kin_title_named(folded, run[0][0]):
                # "people know him as Tayta Lucho", "el número de Mama Lucha": a nickname
                yield Found(run[0][0], end, PERSON, 0.9, "kin-title-nickname")
            continue   # "Mama Killa", "Tayta Inti"
        if index < len(run) and run[index][2] in NOT_NAMES and not extended and not cue:
            continue   # "Cruz del Sur", "Rosa de Lima": a company's, a saint's, a place's name
        if not cue and _of_a_region(text, run, first, index):
            continue   # "Estrella del Oriente", "Francisco de Orellana": a boat's, a district's
        if not cue and lead == 0 and _office_phrase(text, run, first, index):
            continue   # "MINSA Salud Mental", "DIRESA Esperanza Comunal": an office's name
        if lead > 0 and not cue and run[lead - 1][2] in CAPITALISED_RANKS and \
                not text[run[lead - 1][1]:start].strip() and \
                not (len(group) == 1 and entries[group[0][2]].common):
            cue = True   # "General Raúl Sotomayor" (not "the General Law", "General Assembly")
        if lead > 0 and not cue and not (lead == place_lead and (len(group) >= 2 or extended)):
            previous = run[lead - 1]
            if not _sentence_initial(text, previous[0]) or previous[2] in NOT_NAMES or \
                    previous[2] in STREET_WORDS:
                continue   # inside an institution's or a place's name ("Plaza Grau")
        if " ".join(key for _, _, key in group) in PLACE_PHRASES:
            continue
        if _namesake(run, first, index) or _namesake_before_initials(text, folded, run, end):
            continue   # "la gente de Flora Tristán", "el Cayetano Heredia": named after someone
        if not cue and len(group) >= 2 and group[-1][2] in INSTITUTION_AFTER and \
                entries[group[-1][2]].common:
            continue   # "Hope House", "Charity Hall": a shelter's or a building's name
        if not cue and (_PRODUCT_AFTER.match(folded, end) or _HEAD_NOUN_AFTER.match(text, end)
                        or _OWNED_INSTITUTION_AFTER.match(text, end)):
            continue   # "a Suzuki outboard"; "the Maria Montessori kindergarten": named after
        if not cue and _names_a_thing(folded, start):
            continue   # "the operation they called Aurora": a thing's name
        if not cue and _in_introduced_place_list(text, start):
            continue   # "communities like Infierno and Palma Real": places
        if not cue and _ARTICLE_OR_AL_BEFORE.search(folded, max(0, start - 6), start) and \
                _institution_in_sentence(folded, start):
            continue   # "un colegio de Nauta, el Inmaculada Concepción", "al Túpac Amaru"
        if not cue and (len(group) >= 2 or extended) and (
                _PLACE_BEFORE_NAME.search(folded, max(0, start - 8), start)
                or (index < len(run) and run[index][2] in INSTITUTION_AFTER)):
            continue   # "En Túpac Amaru", "at Ricardo Palma University": named after someone
        words = [entries.get(key) for _, _, key in group]
        strong = [w for w, (_, _, key) in zip(words, group, strict=True)
                  if w is not None and not w.common and key not in PLACE_WORDS]
        initial = _sentence_initial(text, start)
        initials = None if lead > 0 or extended or words[-1] is None or not words[-1].surname \
            else _INITIALS_BEFORE.search(text, max(0, start - 12), start)
        if initials and not cue and _initials_name_an_institution(text, folded, initials.start(),
                                                                  start, end):
            continue   # "la I.E. R. Benavides", "la Mariscal Óscar R. Benavides": a school
        if cue:
            yield Found(start, end, PERSON, 0.9, "title-cue")
        elif initials:   # "L. M. Sangama", "C. Ramos"
            yield Found(initials.start(), end, PERSON, 0.9, "initials-surname")
        elif (len(group) >= 2 or extended) and \
                _ARTICLE_BEFORE.search(folded, max(0, start - 6), start):
            # "la Marina de Guerra", "la Cruz Roja", "the Quispe Huamán family":
            # more often an institution's or a family's name than a person's
            if not extended and not _BRIDGE_DE.search(text, start, end):
                yield Found(start, end, PERSON, 0.6, "gazetteer-name-after-article")
        elif extended:
            yield Found(start, end, PERSON,
                        0.9 if _said_of_person(text, folded, start, end) else 0.85,
                        "gazetteer-name-unknown-word")
        elif len(group) >= 2:
            if strong:
                yield Found(start, end, PERSON, 0.9, "gazetteer-full-name")
            elif words[0] is not None and words[0].given and words[-1] is not None \
                    and words[-1].surname:
                yield Found(start, end, PERSON, HIGH, "gazetteer-common-full-name")
        else:
            yield from _single_name(text, folded, start, end, words[0], bool(strong), initial)
    yield from _after_cues(text, folded, run, entries)


_CONTACT_OF_BEFORE = re.compile(r"\b(?:" + _CONTACT_NOUNS + r")[ \t]+de[ \t]+$")


def _kin_title_named(folded: str, title_start: int) -> bool:
    """A kin title ("Mama", "Tayta") leading a nickname, not a deity: after a
    naming cue ("a woman called Mamá Nena", "known as Tayta …") or as the
    owner of a phone, an e-mail, an ID ("el número de Mama …"): no deity has one."""
    before = folded[max(0, title_start - 40):title_start]
    return bool(_NAMED_BEFORE.search(before) or _CONTACT_OF_BEFORE.search(before))


_ACRONYM_BEFORE = re.compile(r"(?<![\w])[A-Z]{2,8}[ \t]$")
# After "de"/"del" inside a name, a compass word, a sea's, a forest's or a
# region's word, or a Peruvian place's, names a thing or a place after a person
# or a hope ("Estrella del Oriente", "Perla del Pacífico", "Francisco de
# Orellana"); surnames after "de" are families' ("de la Cruz", "del Águila").
_REGION_WORDS = frozenset("""oriente occidente norte sur este oeste levante poniente pacifico
atlantico amazonas amazonia selva andes ande altiplano peru orient north south east west""".split())
_DE_BRIDGE = re.compile(r"[ \t]+(?:de|del|de la|de las|de los)[ \t]+")


def _of_a_region(text: str, run: list[tuple[int, int, str]], first: int, index: int) -> bool:
    entries = gazetteer()
    for i in range(first + 1, index):
        key = run[i][2]
        if _DE_BRIDGE.fullmatch(text, run[i - 1][1], run[i][0]) and (
                key in _REGION_WORDS or (key in peruvian_places()
                                         and not (key in entries and entries[key].given))):
            return True
    return False


def _office_phrase(text: str, run: list[tuple[int, int, str]], first: int, index: int) -> bool:
    """A given name that is also an everyday word ("Salud", "Esperanza",
    "Consuelo") leading a title-cased phrase: right after an institution's
    acronym ("DIRESA Esperanza Comunal - Tablet 1:", as shared office accounts
    are labelled), or before a capitalised everyday word no name list has
    ("Salud Mental"). An office's or a programme's name, not a person's."""
    key = run[first][2]
    entry = gazetteer().get(key)
    if entry is None or not entry.given or not entry.common:
        return False
    if _ACRONYM_BEFORE.search(text, max(0, run[first][0] - 10), run[first][0]):
        return True
    if first + 1 < len(run) and not text[run[first][1]:run[first + 1][0]].strip():
        following = run[first + 1][2]
        return following not in gazetteer() and following in everyday_words()
    return False


_PLACE_BEFORE_NAME = re.compile(r"(?:^|[ \t(])(?:en|in|at|desde|hasta|hacia)[ \t]+$")
_PLACE_PHRASE_KEYS = frozenset(" ".join(w for w in phrase.split() if w != "de")
                               for phrase in PLACE_PHRASES)


def _place_leading_run(text: str, run: list[tuple[int, int, str]]) -> int:
    """How many words at the run's start are a place's name after "en"/"in"
    with two or more words after them ("in San Martín Rocío Tapullima",
    "en Cusco Marleny Huanca"): 0 when they are not."""
    if len(run) < 3 or not _PLACE_BEFORE_NAME.search(text, max(0, run[0][0] - 8), run[0][0]):
        return 0
    keys = [key for _, _, key in run]
    for size in (3, 2):
        if len(run) - size >= 2 and " ".join(keys[:size]) in _PLACE_PHRASE_KEYS:
            return size
    if (keys[0] in peruvian_places() or (keys[0] in PLACE_WORDS and keys[0] in NOT_NAMES)) and \
            not text[run[0][1]:run[1][0]].strip():
        return 1
    # "in Geneva Rohit Banerjee", "in Washington Anil Desai": a place abroad (a
    # place's word, or a word no name list has), then a sure given name and a surname
    entries = gazetteer()
    given, surname = entries.get(keys[1]), entries.get(keys[2])
    if (keys[0] in PLACE_WORDS or (keys[0] not in entries and keys[0] not in everyday_words()
                                   and keys[0] not in NOT_NAMES and keys[0] not in FUNCTION_WORDS
                                   and keys[0] not in ROLE_WORDS
                                   and keys[0] not in HONORIFIC_WORDS and len(keys[0]) >= 3)) and \
            given is not None and given.given and not given.common and \
            keys[1] not in PLACE_WORDS and (
                (surname is not None and surname.surname)
                or (surname is None and keys[2] not in everyday_words()
                    and keys[2] not in NOT_NAMES and keys[2] not in PLACE_WORDS)) and \
            not text[run[0][1]:run[1][0]].strip():
        return 1
    return 0


# An institution's or a room's noun right after a name, as English puts the
# head last ("the Maria Montessori kindergarten", "the Javier Pérez de
# Cuéllar room", "the Loayza hospital"); lower case, so not "Rosa House" (a
# shelter the rules above decide) and not "home" ("we took Rosa home").
_CAPITALISED_TITLE_BEFORE = re.compile(rf"(?<![\w])[{_UPPER}][{_LOWER}]+[ \t]+$")
_HEAD_NOUN_AFTER = re.compile(r"[ \t]+(?:university|hospital|school|college|foundation|"
                              r"lodge|hotel|hostel|"
                              r"institute|cent(?:re|er)|clinic|kindergarten|nursery|room|hall|"
                              r"auditorium|library|stadium|building|shelter|parish|"
                              r"district|province|bridge|avenue|street|square|park|award|"
                              r"prize|scholarship|programme|program|network)s?\b")


def _street_head(text: str, folded: str, run: list[tuple[int, int, str]], i: int) -> bool:
    """A street's or a square's word that is also a surname ("Plaza", "Parque"),
    capitalised before the name or the number it heads ("Plaza Grau", "Plaza
    30 de Agosto"): the head of a place's name, unless a title is before it
    ("el señor Plaza")."""
    start, end, _ = run[i]
    heads = i + 1 < len(run) or _NUMBER_AFTER.match(text, end) is not None
    return heads and cue_before(text, folded, start) not in ("honorific", "role")
INSTITUTION_AFTER = frozenset("""university universidad hospital school college foundation
fundacion institute instituto center centre centro clinic clinica stadium estadio avenue
street road district distrito province provincia bridge puente house hall home worldwide
international""".split())
# A contact's place and phone after a name, as lists of focal points give them:
# "…; Wampuch Tiwi in Condorcanqui, 941 220 871"
_CONTACT_AFTER = re.compile(
    rf"[ \t]+(?:in|en)[ \t]+[{_UPPER}][{_LOWER}]+(?:[ \t]+[{_UPPER}][{_LOWER}]+)?,[ \t]+"
    r"(?:\+?\d{2,3}[ \t.-]?\d|(?:" + _NUMBER_WORDS + r"|cero|zero)[ \t]+(?:" + _NUMBER_WORDS +
    r"|cero|zero)\b)")
_THE_ONE_OF_BEFORE = re.compile(r"(?:^|[ \t])(?:el|la|lo)[ \t]+de[ \t]+$")   # "el de Dayli …"
_ARTICLE_BEFORE = re.compile(r"(?:^|[ \t(])(?:el|la|los|las|the|del)[ \t]+$")
_BRIDGE_DE = re.compile(r"[ \t]de[ \t]")
# Initials before a surname; the look-behind keeps "EE. UU." out.
_INITIALS_BEFORE = re.compile(r"(?<![\w./-])(?:[A-Z]\.[ \t]*)*[A-Z]\.[ \t]+$")
# A school's abbreviation or head before initials and a surname: "la I.E. R.
# Benavides", "el colegio J. Basadre" (I.E.: institución educativa; I.E.P.
# its private kind; C.E., C.E.B.A., an older name of a school).
_SCHOOL_DOTTED = r"I\.[ \t]?E\.(?:[ \t]?P\.)?|C\.[ \t]?E\.(?:[ \t]?B\.[ \t]?A\.)?"
_SCHOOL_BEFORE_INITIALS = re.compile(
    rf"(?:\b(?:{_SCHOOL_DOTTED})|\bIEP?|\bCEBA|"
    r"\b[Cc]olegio|\b[Ee]scuela|\b[Ii]nstituci[oó]n [Ee]ducativa|\b[Ss]chool|\b[Hh]ospital|"
    r"\b[Pp]osta)[ \t]+(?:[A-Z]\.[ \t]*)+$")
# the school's dotted abbreviation itself, which reads as initials ("la I.E. Inca Garcilaso")
_SCHOOL_INITIALS = re.compile(rf"(?:{_SCHOOL_DOTTED})[ \t]+")
# A given name or a rank before the initials: "la Mariscal Óscar R. Benavides"
_WORDS_BEFORE_INITIALS = re.compile(rf"((?:{_WORD.pattern}[ \t]+){{1,3}})(?:[A-Z]\.[ \t]*)+$")


def _initials_name_an_institution(text: str, folded: str, initials_start: int,
                                  start: int, end: int) -> bool:
    """Initials before the surname at text[start:end] that name a school or a
    public figure's namesake, not an informant: after "I.E.", "IEP",
    "colegio" ("la I.E. R. Benavides"), or with the capitalised words before
    them a namesake's name or a rank ("la Mariscal Óscar R. Benavides")."""
    if _SCHOOL_BEFORE_INITIALS.search(text, max(0, initials_start - 30), start) or \
            _SCHOOL_INITIALS.fullmatch(text, initials_start, start):
        return True   # "la I.E. R. Benavides"; "la I.E. Inca Garcilaso": no initials at all
    words = _WORDS_BEFORE_INITIALS.search(text, max(0, initials_start - 40), start)
    if not words:
        return False
    given = folded[words.start(1):words.end(1)].split()
    surname = folded[start:end]
    return any(" ".join([*given[i:], surname]) in NAMESAKES or given[i] in CAPITALISED_RANKS
               for i in range(len(given)))


_ARTICLE_OR_AL_BEFORE = re.compile(r"(?:^|[ \t(])(?:el|la|los|las|al|del|the)[ \t]+$")
_SENTENCE_END = re.compile(r"[.!?\n]")
_FOLDED_WORDS = re.compile(r"[a-z]+")


def _institution_in_sentence(folded: str, start: int) -> bool:
    """Whether an institution's or a place's head ("colegio", "hospital",
    "provincia") comes earlier in the sentence: a name after an
    article there names one of them ("al Colegio Nacional César Vallejo, al
    Túpac Amaru")."""
    before = folded[max(0, start - 100):start]
    cut = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    before = before[cut:]
    return any(w in NAMED_AFTER_WORDS or w in PLACE_HEADS for w in _FOLDED_WORDS.findall(before))


_OPENING_QUOTES = "\"“«'‘"
_CLOSING_QUOTES = "\"”»'’"


def _quoted_title(text: str, folded: str, run: list[tuple[int, int, str]]) -> bool:
    """Two or more capitalised words wholly inside quotation marks, not after
    "alias", "le dicen": a programme's, a campaign's or a song's title."""
    start, end = run[0][0], run[-1][1]
    return len(run) >= 2 and start > 0 and text[start - 1] in _OPENING_QUOTES and \
        end < len(text) and text[end] in _CLOSING_QUOTES and \
        run[0][2] not in HONORIFIC_WORDS and \
        not _NAMED_BEFORE.search(folded[max(0, start - 41):start - 1])
    # ('"Doña Meche" people say': a person's name with its title, no title)


def _named_place_listed(text: str, folded: str, start: int) -> bool:
    """The second of a pair of names that a place word leads: "schools named
    after Micaela Bastidas and Túpac Amaru", "los colegios Grau y Bolognesi"."""
    joined = _JOINED_BEFORE.search(text, max(0, start - 60), start) or \
        _JOINED_WITH_DE_BEFORE.search(text, max(0, start - 60), start)
    return bool(joined) and cue_before(text, folded, joined.start(1)) == "named-place"


def _said_of_person(text: str, folded: str, start: int, end: int) -> bool:
    return person_context(text, folded, start, end) in ("vocative", "named", "person", "details")


def _trusted(key: str, entries: dict[str, NameEntry], kind: str, beside_name: bool) -> bool:
    """A gazetteer word sure enough of being a given name (or a surname) to
    carry a word the gazetteer lacks beside it: not an everyday word or a
    place, unless another name is beside it already."""
    entry = entries.get(key)
    return entry is not None and getattr(entry, kind) and (
        beside_name or (key not in PLACE_WORDS and not entry.common))


# Quechua case endings after a place's name: "Qosqoman" (to Cusco), "Limapi"
# (in Lima), "Punomanta" (from Puno).
_QUECHUA_CASE = re.compile(r"(?:manta|man|pi|kama|kaman)$")


def _quechua_place(key: str) -> bool:
    stem = _QUECHUA_CASE.sub("", key)
    return stem != key and (stem in peruvian_places() or stem in NOT_NAMES)


def _unknown_word(key: str, entries: dict[str, NameEntry]) -> bool:
    """A capitalised word the gazetteer lacks that may still be a name: not a
    known non-name, role, title or street word."""
    return (key not in entries and key not in NOT_NAMES and key not in ROLE_WORDS
            and key not in FUNCTION_WORDS
            and key[:-1] not in NOT_NAMES and key[:-2] not in NOT_NAMES   # plurals
            and key not in HONORIFIC_WORDS and key not in HONORIFIC_ABBREVIATIONS
            and key not in STREET_WORDS and key not in peruvian_places() and key not in PEOPLES
            and key not in DEMONYMS
            and key not in everyday_words() and not _quechua_place(key) and len(key) >= 3)


def _everyday_word(text: str, key: str) -> bool:
    """A capitalised word the same text also writes in lower case ("Before,
    ..." beside "before") is an everyday word at a sentence's start."""
    return key in _lower_case_words(text)


_LOWER_CASE_WORD = re.compile(rf"(?<![\w])[{_LOWER}]+(?![\w])")


@lru_cache(maxsize=4)
def _lower_case_words(text: str) -> frozenset[str]:
    return frozenset(fold_same_length(w) for w in _LOWER_CASE_WORD.findall(text))


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


# "Vela, Cinthia": a surname, a comma, a given name, as lists and forms write them.
_INVERTED = re.compile(rf"(?<![\w])([{_UPPER}][{_LOWER}]+),[ \t]+([{_UPPER}][{_LOWER}]+)"
                       rf"(?![\w])(?![ \t]+[{_UPPER}])")


# A roster's row: surnames in capitals, a comma, the given names, then a cell
# separator and a date or a number ("HUAMANI QUISPE, Yeferson | 12/05/2011 | …").
_TABLE_ROW = re.compile(
    rf"^[ \t]*(?P<surnames>[{_UPPER}]{{2,}}(?:[ \t]+[{_UPPER}]{{2,}}){{0,2}}),[ \t]+"
    rf"(?P<given>[{_UPPER}][{_LOWER}]+(?:[ \t]+[{_UPPER}][{_LOWER}]+)?)[ \t]*(?:\||\t|;)[^\n]*\d",
    re.MULTILINE)


def _table_row_names(text: str, folded: str,
                     entries: dict[str, NameEntry]) -> Iterator[Found]:
    for m in _TABLE_ROW.finditer(text):
        surnames = folded[m.start("surnames"):m.end("surnames")].split()
        given = folded[m.start("given"):m.end("given")].split()
        if any(w in NOT_NAMES or w in PLACE_WORDS or w in peruvian_places() or w in FUNCTION_WORDS
               or len(w) < 3 for w in surnames + given):
            continue
        if not all((w in entries and entries[w].surname) or _unknown_word(w, entries)
                   for w in surnames) or \
                not all((w in entries and entries[w].given) or _unknown_word(w, entries)
                        for w in given):
            continue
        yield Found(m.start("surnames"), m.end("given"), PERSON, 0.9, "table-row-name")


def _inverted_names(text: str, folded: str,
                    entries: dict[str, NameEntry]) -> Iterator[Found]:
    for m in _INVERTED.finditer(text):
        surname = entries.get(folded[m.start(1):m.end(1)])
        given = entries.get(folded[m.start(2):m.end(2)])
        if surname is None or given is None or not surname.surname or not given.given or \
                given.common or folded[m.start(2):m.end(2)] in NOT_NAMES or \
                folded[m.start(1):m.end(1)] in NOT_NAMES:
            continue
        if _sentence_initial(text, m.start(1)) and \
                _everyday_word(text, folded[m.start(1):m.end(1)]):
            continue
        if cue_before(text, folded, m.start(1)) == "named-place" or \
                _PLACE_BEFORE.search(folded, max(0, m.start(1) - 40), m.start(1)):
            continue
        yield Found(m.start(), m.end(), PERSON, 0.85, "inverted-name")


# After "soy", "me llamo", "I'm": a given name in lower case, with the word
# after it when that is a name too or ends the phrase ("yo soy hilario ccoa,").
_LOWER_NAMED = re.compile(
    r"(?:" + _NAMING + rf")[ \t]+([{_LOWER}]+)(?:[ \t]+([{_LOWER}]+)(?=[ \t]*[,.;:]))?")


_CLITIC_SOY = re.compile(r"\b(?:le|te|les|os|se) soy\b")


def _named_in_lower_case(text: str, folded: str,
                         entries: dict[str, NameEntry]) -> Iterator[Found]:
    for m in _LOWER_NAMED.finditer(folded):
        if not text[m.start(1)].islower() or _CLITIC_SOY.search(folded, max(0, m.start() - 4),
                                                                 m.start() + 4):
            continue   # "le soy franco": a frank word, not a name
        first, second = m.group(1), m.group(2)
        entry = entries.get(first)
        surname = entries.get(second) if second and text[m.start(2)].islower() else None
        given = entry is not None and entry.given and not entry.common
        if first in NOT_NAMES or first in ROLE_WORDS or len(first) < 3 or not (
                given or (surname is not None and surname.surname and not surname.common)):
            continue   # "soy sabino huillca": a given name the list lacks, a surname it has
        end = m.end(1)
        if second and text[m.start(2)].islower() and second not in NOT_NAMES and \
                second not in ROLE_WORDS and not (surname is not None and surname.common):
            end = m.end(2)
        yield Found(m.start(1), end, PERSON, 0.85, "named-lower-case-name")


# A nickname, said as a person's: after "alias", "apodado", "everybody calls
# him", "le dicen", "se hacía llamar", the capitalised words are a name even
# when they are everyday words ("Chino", "Cusqueño", "Tío Teo", "Junior");
# "known as", "they call" also name things ("a session known as "Open
# Doors""), so after them only a quoted name counts, and only with a person's
# word before it in the clause ("a man everyone calls "Cusqueño""); a thing's
# noun before the cue (_names_a_thing) or an article ("La Pampa") makes it no
# person.
_NICKNAME_CUE = re.compile(
    r"(?:\balias|\bapodad[oa]|\bnicknamed|\bhac[a-z]* llamar|\bgoes by|\bwent by|"
    r"\b(?:le|la|lo|me) (?:dicen|dec[ia]an|llaman|llamaban|apodan|apodaban)|"
    r"\b(?:we|they|i|people|everyone|everybody|you) call(?:ed|s)? (?:her|him|me)"
    r"|(?P<loose>\b(?:we|they|people|everyone|everybody|you) call(?:ed|s)?|\bknown as|"
    # "the drivers knew the recruiter as "…"", "a man he knew as "…""
    r"\bkn(?:ew|ow)[ \t]+(?:[a-z]+[ \t]+){0,3}?as|"
    r"\bconocid[oa] como))[ \t]+")
# The cue's key words, looked for first as plain strings (str.find, faster
# than a regex over every text); the whole cue is then matched only around them.
_NICKNAME_KEYWORDS = ("alias", "apodad", "nicknamed", "llamar", "goes by", "went by", "dicen",
                      "knew", "know ",
                      "decian", "decean", "llaman", "apodan", "call", "known as", "conocido como",
                      "conocida como")


def _keyword_ends(folded: str) -> Iterator[tuple[int, int]]:
    """Where each key word starts, and how far after it its cue may end
    ("knew the recruiter as" runs furthest)."""
    for word in _NICKNAME_KEYWORDS:
        reach = len(word) + (30 if word.startswith("kn") else 12)
        at = folded.find(word)
        while at >= 0:
            yield at, at + reach
            at = folded.find(word, at + 1)
_NICKNAME = re.compile(
    rf"(?P<quote>[\"“'‘«])?(?:(?<=[\"“'‘«])(?:el|la)[ \t]+)?"   # 'se hacía llamar "el Chino"'
    rf"(?P<name>[{_UPPER}][{_LOWER}]+(?:[ \t]+[{_UPPER}][{_LOWER}]+){{0,2}})"
    rf"(?(quote)[\"”'’»])(?![\w'’-])")
# "Carlos "Chino" Ugaz": a nickname in quotes inside a full name.
# (the quote is looked for first, the given name before it only where one is)
_QUOTED_INSIDE_NAME = re.compile(
    rf"[\"“'‘«][{_UPPER}][{_LOWER}]+[\"”'’»][ \t]+[{_UPPER}][{_LOWER}]+(?![\w])")
_GIVEN_BEFORE_QUOTE = re.compile(rf"(?<![\w])([{_UPPER}][{_LOWER}]+)[ \t]+$")


def _person_in_clause(folded: str, start: int) -> bool:
    clause = folded[max(0, start - 90):start]
    clause = clause[max((m.end() for m in _CLAUSE_START.finditer(clause)), default=0):]
    return bool(_PERSON_WORD.search(clause)) or any(
        w in ROLE_WORDS for w in _FOLDED_WORDS.findall(clause))


def _nicknames(text: str, folded: str) -> Iterator[Found]:
    entries = gazetteer()
    cues = {}
    for key_start, cue_end in _keyword_ends(folded):
        for cue in _NICKNAME_CUE.finditer(folded, max(0, key_start - 30), cue_end):
            cues[cue.end()] = cue
    for cue in cues.values():
        m = _NICKNAME.match(text, cue.end())
        if not m or (cue.group("loose") and not (m.group("quote")
                                                 and _person_in_clause(folded, cue.start()))):
            continue
        keys = folded[m.start("name"):m.end("name")].split()
        if any(k in NOT_NAMES or k in FUNCTION_WORDS or k in STREET_WORDS for k in keys) or \
                _names_a_thing(folded, cue.end()) or _NUMBER_AFTER.match(text, m.end()):
            continue   # "le dicen La Pampa", "the camp they call "Delta"", "Línea 100"
        yield Found(m.start("name"), m.end("name"), PERSON, 0.9, "nickname")
    for m in _QUOTED_INSIDE_NAME.finditer(text):
        given = _GIVEN_BEFORE_QUOTE.search(text, max(0, m.start() - 30), m.start())
        entry = given and entries.get(folded[given.start(1):given.end(1)])
        if entry and entry.given and not entry.common:
            yield Found(given.start(1), m.end(), PERSON, 0.9, "name-with-nickname")


@lru_cache(maxsize=1)
def _distinct_given_names() -> frozenset[str]:
    """Given names that are not everyday words or non-names, to start a
    lower-case full name."""
    return frozenset(key for key, entry in gazetteer().items()
                     if entry.given and not entry.common and key not in NOT_NAMES
                     and key not in ROLE_WORDS and len(key) >= 3)


def _lower_case_full_names(text: str, folded: str,
                           entries: dict[str, NameEntry]) -> Iterator[Found]:
    """A given name and a surname, both distinct from everyday words, written
    in lower case as speech-to-text writes them ("rocío manihuari"): 0 such
    pairs in the 52,000 PII-free words of the development corpora. Only the
    given names the text holds at all are looked for (a set intersection)."""
    candidates = _distinct_given_names().intersection(_FOLDED_WORD.findall(folded))
    for key in candidates:
        for m in re.finditer(r"(?<![\w])" + key + r"[ \t]+([a-z]{3,})(?![\w])", folded):
            if not text[m.start()].islower() or not text[m.start(1)].islower():
                continue
            second = m.group(1)
            surname = entries.get(second)
            if surname is not None and surname.surname and not surname.common and \
                    second not in NOT_NAMES:
                yield Found(m.start(), m.end(), PERSON, 0.85, "lower-case-full-name")


_FOLDED_WORD = re.compile(r"[a-z]{3,}")


def _single_name(text: str, folded: str, start: int, end: int, entry: NameEntry | None,
                 strong: bool, initial: bool) -> Iterator[Found]:
    """One gazetteer word alone: what the words around it say decides. Said
    to or about a person it blocks exports; after "en", "la", "the" it is a
    place or a thing; at a sentence's start, or a name that is also an
    everyday word, it is too weak to report."""
    if entry is None:
        return
    context = person_context(text, folded, start, end)
    if context is None and _in_list_of_places(text, folded, start, end):
        return
    if context in (None, "person", "acts") and (_listed_with_a_place(text, folded, start, end)
                                                or _in_introduced_place_list(text, start)):
        return   # "visitamos a Mercedes, a Esperanza y a Florida": three villages
    # an everyday word the text only ever writes capitalised, and not at a
    # sentence's start, is used there as a name
    only_a_name = not strong and not initial and key_of(folded, start, end) not in PLACE_WORDS and \
        not _everyday_word(text, key_of(folded, start, end)) and \
        not _NAMES_A_THING_BEFORE.search(folded, max(0, start - 20), start)
    if context == "details":   # "Milagros, born 22 March 2008": a person, whatever the word
        yield Found(start, end, PERSON, 0.9 if strong else 0.85, "gazetteer-person-details")
    elif context == "acts" and (strong or only_a_name):
        # "Paucar trabaja en la DEMUNA"; "Grace paid for fuel" where the text
        # never writes "grace" as a word
        yield Found(start, end, PERSON, 0.85, "gazetteer-person-acts")
    elif context in ("vocative", "named"):
        # a name that is also a word ("Rosa", "Luz", "Grace") blocks when it is
        # said to a person or named outright as a name
        yield Found(start, end, PERSON, 0.9 if strong else 0.85, f"gazetteer-{context}")
    elif context == "person":
        # a name that is also a word or a place ("Rosa", "Victoria") is reported, not
        # blocked, unless the text never writes it as a word ("Mark wrote the guide")
        # or a role closed by commas presents it ("Amparo, la trabajadora social, …")
        yield Found(start, end, PERSON, 0.9 if strong else 0.85 if only_a_name or
                    _closed_role_apposition(folded, end) else 0.7, f"gazetteer-{context}")
    elif context == "place" or not strong or key_of(folded, start, end) in peruvian_places():
        return   # "para ir a Requena", "… y Orellana": a place that is also a surname
    elif initial:
        yield Found(start, end, PERSON, 0.45, "gazetteer-name-sentence-start")
    else:
        yield Found(start, end, PERSON, 0.7 if entry.surname else 0.6,
                    "gazetteer-surname" if entry.surname else "gazetteer-given-name")


# "se llama Esperanza" names a shelter or a programme as often as a person
_NAMES_A_THING_BEFORE = re.compile(r"\bse llam(?:a|aba|an|aban)[ \t]+$")


def key_of(folded: str, start: int, end: int) -> str:
    return folded[start:end]


def _titled_place_surname(text: str, folded: str, run: list[tuple[int, int, str]],
                          entries: dict[str, NameEntry]) -> Iterator[Found]:
    """A place's name that is also a surname, right after an honorific: "el
    señor Lima", "la señora Trujillo", "Mr. Loreto" is a person (not "el
    Señor de Sipán", a devotion: "de" follows). The word list leaves such
    places out of names everywhere else."""
    start, end, key = run[0]
    entry = entries.get(key)
    if key not in NOT_NAMES or entry is None or not (entry.surname or entry.given) or not (
            key in PLACE_WORDS or key in peruvian_places()) or _DE_AFTER.match(text, end):
        return
    if cue_before(text, folded, start) == "honorific":
        yield Found(start, end, PERSON, 0.9, "honorific-place-surname")


_DE_AFTER = re.compile(r"[ \t]+(?:de|del|of)\b")


def _after_cues(text: str, folded: str, run: list[tuple[int, int, str]],
                entries: dict[str, NameEntry]) -> Iterator[Found]:
    """A capitalised word the gazetteer lacks, right after an honorific
    ("Sr. Ccahuanihuanca", "Captain Reátegui") or a role ("el suboficial
    Cahuaza"), is a name too; so is one alone that a role or a person's
    details surround ("Mi esposa, Basilia,", "Ahuanari, el abogado")."""
    if len(run) == 1 and run[0][2] in FUNCTION_WORDS:
        return
    if run[0][2] in NOT_NAMES:
        yield from _titled_place_surname(text, folded, run, entries)
    for i, (start, end, key) in enumerate(run):
        if key in NOT_NAMES or key in entries or key in FUNCTION_WORDS:
            continue
        if i == 0:
            kind = cue_before(text, folded, start)
        elif text[run[i - 1][1]:start].strip():
            kind = None   # "Señor de Qoyllur Rit'i": a devotion, not a title
        elif run[i - 1][2] in _DEITY_TITLES:
            # "Mama Qocha", "Apu Salkantay"; but "a woman called Mamá Nena": a nickname
            kind = "honorific" if i == 1 and _kin_title_named(folded, run[0][0]) else None
        elif cue_before(text, folded, run[i - 1][0]) == "named-place" or \
                _rank_names_a_place(text, folded, run[i - 1][0], run[i - 1][1]):
            kind = None   # "jirón Sargento Lores", "cerca de Teniente Clavero": places
        else:   # a capitalised title inside the run: "Captain Reátegui"
            previous = run[i - 1][2]
            kind = ("honorific" if previous in HONORIFIC_WORDS else
                    "role" if previous in _SINGULAR_ROLE_WORDS or (
                        # "Major Cahuana" inside a sentence (not "Major Andean cities";
                        # not "General Assembly", "Mariscal Nieto": institutions, places)
                        previous in _RANKS_BEFORE_A_SURNAME and i == 1
                        and not _sentence_initial(text, run[0][0])) else None)
        if kind in ("honorific", "role") and i > 0 and _HEAD_NOUN_AFTER.match(text, end):
            return   # "the Father Anselm lodge": a place named after a priest
        if kind == "honorific":
            for _, e, k in run[i + 1:]:
                if k in NOT_NAMES:
                    break
                end = e
            yield Found(start, end, PERSON, 0.9, "honorific-unknown-name")
            return
        if kind == "role" and _unknown_word(key, entries):
            if key not in _ROLE_ADJECTIVES:   # "la fiscal Superior", "Técnico Superior"
                yield Found(start, end, PERSON, 0.85, "role-unknown-name")
            return
    unknown = all(_unknown_word(key, entries) for _, _, key in run[:3])
    if unknown and len(run) == 1 and _REAL_NAME_AFTER.match(text, run[0][1]):
        yield Found(run[0][0], run[0][1], PERSON, 0.9, "nickname-real-name")
        return   # "Chueco's real name is …": a nickname
    if unknown:
        start = run[0][0]
        end = run[min(len(run), 3) - 1][1]
        words = [key for _, _, key in run[:3]]
        if _NUMBER_AFTER.match(text, end) or _names_a_thing(folded, start):
            pass   # "They call Línea 100", "the raid they call Mercurio": no person
        elif _SELF_NAMING_BEFORE.search(folded, max(0, start - 30), start) or \
                (_NAMED_BEFORE.search(folded, max(0, start - 40), start)
                 and not _everyday_word(text, words[0])) or \
                _fronted_person(folded, start, end) or (
                    len(run) >= 2 and _CONTACT_AFTER.match(text, end)) or (
                    _IT_WAS_BEFORE.search(folded, max(0, start - 20), start)
                    and _WHO_CLAUSE_AFTER.match(folded, end)) or (
                    len(run) == 1 and _PEOPLE_SAY_BEFORE.search(folded, max(0, start - 40), start)
                    and _SENTENCE_END_AFTER.match(text, end)) or (
                len(words) >= 2 and not _JOB_WORDS.intersection(words)
                and _INTRODUCING_BEFORE.search(folded, max(0, start - 30), start)):
            yield Found(start, end, PERSON, 0.9, "named-unknown-name")   # "I'm Tamsin Achterberg"
            return
        initials = _INITIALS_BEFORE.search(text, max(0, start - 12), start)
        if initials and _initials_name_an_institution(text, folded, initials.start(), start,
                                                      run[0][1]):
            return   # "la I.E. J. Cahuide": a school named after someone
        if initials and not _everyday_word(text, run[0][2]):   # "R. Pinchi"
            yield Found(initials.start(), run[0][1], PERSON, 0.85, "initials-unknown-name")
            return
    # one word the gazetteer lacks, or two or three ("una chica venezolana,
    # Yorbelis Andreína Marcano,"), that a role or a person's details surround
    if len(run) <= 3 and unknown:
        start, end, key = run[0][0], run[-1][1], run[0][2]
        before = folded[max(0, start - 40):start]
        role_before = _person_in_apposition_before(before) or (
            len(run) > 1 and _role_is_before(before))   # "The trainer was Ewa Nowakowska"
        at_organisation = len(run) >= 2 and bool(_AT_AN_ORGANISATION_AFTER.match(text, end))
        role_after = _role_after(folded, end) or _demonym_after(text, end) \
            or _FROM_AN_ORGANISATION_AFTER.match(text, end) or at_organisation \
            or _KIN_OF_AFTER.match(folded, end, end + 30) \
            or _LISTED_WITH_THE_SPEAKER_BEFORE.search(before)   # "It's me, Jhordy, …"
        if not (role_after or role_before or _DETAILS_AFTER.match(folded, end, end + 40)) or \
                _NUMBER_AFTER.match(text, end) or _THING_AFTER.match(folded, end) or \
                _OWNED_INSTITUTION_AFTER.match(text, end) or \
                cue_before(text, folded, start) == "named-place":
            return
        if not _DETAILS_AFTER.match(folded, end, end + 40) and _PLACE_BEFORE.search(before):
            return   # "si el caso es en Sandia o en Carabaya, son diez horas"
        kin_after = bool(_KIN_OF_AFTER.match(folded, end, end + 30))
        if _sentence_initial(text, start) and (
                (role_after and not at_organisation and not kin_after
                 and not _CLOSED_APPOSITION.match(folded, end, end + 40))
                or _IMPERATIVE.search(text, start, end) or _everyday_word(text, key)):
            return   # "Before, an inspector who ...": a word starting the sentence
        yield Found(start, end, PERSON, 0.85, "unknown-name-in-apposition")


_NUMBER_AFTER = re.compile(r"[ \t]+\d")
# A name said without its surname: "la de Marisol, sin el apellido", "Marisol, without
# the surname"
_WITHOUT_SURNAME_AFTER = re.compile(r",?[ \t]+(?:sin (?:el |su )?apellido|"
                                    r"without (?:the |her |his |a )?(?:surname|last name))\b")
# A nickname with its bearer's real name after it: "Chueco's real name is …"
_REAL_NAME_AFTER = re.compile(r"['’]s[ \t]+(?:real|true|full|actual|legal)[ \t]+name\b")


def _closed_role_apposition(folded: str, end: int) -> bool:
    """A role between commas right after a name: "Amparo, la trabajadora
    social, siempre …", "Consuelo, la psicóloga, …" (a person's role, not a
    place's: "Victoria, la capital," has no role word)."""
    role = _ROLE_AFTER.match(folded, end, end + 40)
    return bool(role) and (role.group(1) in ROLE_WORDS or role.group(2) in ROLE_WORDS) and \
        bool(_CLOSED_APPOSITION.match(folded, end, end + 40))
# "Siéntese, joven, ...", "Fíjese, doctora, ...": a polite imperative with its
# pronoun, stressed on a written accent, starts the sentence like a vocative's name
_IMPERATIVE = re.compile(r"[áéíóú][a-zñ]*(?:se|me|nos|lo|la|le|les)$")
# "Ahuanari, el abogado, ...": the role between commas, as a name's apposition
_CLOSED_APPOSITION = re.compile(r",[ \t]+(?:[a-z]+[ \t]+){0,2}[a-z]+[ \t]*[,;.)]")


def _is_name_word(key: str, entries: dict[str, NameEntry]) -> bool:
    return key in entries and key not in NOT_NAMES


# (a list may repeat its preposition: "de Contamana, de Orellana y de Tamanco")
# (not "con": "hablé con Rocío, con Mercedes y …" lists people as often)
_LIST_JOINER = (r"(?:[ \t]*,[ \t]*|[ \t]+(?:y|e|and|o|or)[ \t]+)"
                r"(?:(?:a|de|en|to|from|in)[ \t]+)?")
_LIST_ITEM_BEFORE = re.compile(rf"([{_UPPER}][\w'’-]+){_LIST_JOINER}$")
_LIST_ITEM_AFTER = re.compile(rf"{_LIST_JOINER}([{_UPPER}][\w'’-]+)")


def _list_neighbours(text: str, folded: str, start: int, end: int) -> list[str]:
    """The capitalised words listed before and after text[start:end], folded,
    up to three on each side."""
    others = []
    pos = start
    while len(others) < 3 and (m := _LIST_ITEM_BEFORE.search(text, max(0, pos - 40), pos)):
        others.append(folded[m.start(1):m.end(1)])
        pos = m.start(1)
    pos = end
    for _ in range(3):
        m = _LIST_ITEM_AFTER.match(text, pos)
        if not m:
            break
        others.append(folded[m.start(1):m.end(1)])
        pos = m.end(1)
    return others


_CONJUNCTION = r"[ \t]+(?:y|e|and|o|or)[ \t]+(?:(?:a|de|en|to|from|in)[ \t]+)?"
_CONJOINED_BEFORE = re.compile(_CONJUNCTION + "$")
_CONJOINED_AFTER = re.compile(_CONJUNCTION + rf"[{_UPPER}]")


def _listed_with_a_place(text: str, folded: str, start: int, end: int) -> bool:
    """A single name word listed beside a place that is no name ("a Mercedes,
    a Esperanza y a Florida", "Victoria, Florida y Mercedes"): a list of
    places, even after a verb of contact."""
    entries = gazetteer()
    others = _list_neighbours(text, folded, start, end)
    # two others, or one joined by "y"/"and": "una niña de Ocongate, Chaska," is a
    # person in apposition; "Mercedes y Florida" two villages
    paired = bool(_CONJOINED_BEFORE.search(text, max(0, start - 6), start)
                  or _CONJOINED_AFTER.match(text, end))
    return (len(others) >= 2 or paired) and any(
        (word in PLACE_WORDS or word in peruvian_places()) and word not in entries
        for word in others)


# A list of places after the plural noun that introduces it: "communities
# like Infierno and Palma Real", "comunidades nativas, de Infierno, de Palma
# Real, de Boca Pariamanu", "caseríos como Nuevo Saposoa, San Francisco y …".
# Each item may be several capitalised words, and a full name's look-alike.
_PLACE_PLURALS = (r"zonas|distritos|provincias|comunidades|caserios|pueblos|barrios|regiones|"
                  r"ciudades|lugares|sitios|sectores|anexos|centros poblados|places|districts|"
                  r"provinces|communities|villages|towns|regions|areas|cities|settlements|"
                  r"hamlets")
_LIST_ITEM = rf"[{_UPPER}][\w'’-]+(?:[ \t]+(?:(?:de|del|de la)[ \t]+)?[{_UPPER}][\w'’-]+)*"
_LIST_LINK = (r"(?:[ \t]*,[ \t]*(?:(?:y|e|and|o|or)[ \t]+)?|[ \t]+(?:y|e|and|o|or)[ \t]+)"
              r"(?:(?:de|del|from|en|in)[ \t]+)?")
_PLACE_LIST_BEFORE = re.compile(
    rf"\b(?i:{_PLACE_PLURALS})(?:[ \t]+[a-z]+)?,?[ \t]+"
    r"(?:(?:como|tales como|like|such as|including|incluyendo|de|del|from|of|in|en)[ \t]+)"
    rf"(?:{_LIST_ITEM}{_LIST_LINK}){{0,6}}$")


def _in_introduced_place_list(text: str, start: int) -> bool:
    """Whether the name at `start` is an item of a list of places that a
    plural place noun introduces (see _PLACE_LIST_BEFORE)."""
    return bool(_PLACE_LIST_BEFORE.search(text, max(0, start - 160), start))


def _in_list_of_places(text: str, folded: str, start: int, end: int) -> bool:
    """A single name word listed among words that are not names ("Maynas,
    Alto Amazonas, Loreto-Nauta y Requena"; "Canchis, Quispicanchi,
    Paucartambo y Canas"): a list of places or things. One neighbour known
    not to be a name decides; else two neighbours, none of them a name."""
    entries = gazetteer()
    others = _list_neighbours(text, folded, start, end)
    if any(word in NOT_NAMES or any(part in NOT_NAMES for part in word.split("-"))
           for word in others):
        return True
    return len(others) >= 2 and not any(_is_name_word(word, entries) for word in others)


# A name joined to a sure one in a list or a pair ("Mark Delaney and Dr. Priya
# Raman", "con Julio Ccori y con Maritza Yupanqui", "Manihuari, Jhoselyn").
_NAME_TOKEN = rf"[{_UPPER}][{_LOWER}]+(?:['’-][{_UPPER}{_LOWER}][{_LOWER}]+)?"
# (a serial comma before "and", a list said in turn: "Brisa, Walter Condori, and
# Fiorella Zevallos", "Lizeth, then Gino Panaifo, then …")
_JOINER = (r"(?:[ \t]*,[ \t]*(?:(?:and|y|e|&|then|and then|luego|y luego|después|despues)[ \t]+)?"
           r"|[ \t]+(?:y|e|and|&)[ \t]+(?:(?:con|with)[ \t]+)?)")
_TITLE_ABBREVIATION = r"(?:(?:Dr|Dra|Sr|Sra|Srta|Mr|Mrs|Ms|Lic|Ing|Prof)\.?[ \t]+)?"
_JOINED_BEFORE = re.compile(
    rf"((?:{_NAME_TOKEN}[ \t]+){{0,2}}{_NAME_TOKEN}){_JOINER}{_TITLE_ABBREVIATION}$")
_PLACE_PREPOSITION = re.compile(r"(?:^|[ \t(])(?:de|del|en|in|from|desde|at|of)[ \t]+$")
# the pair with its preposition said again: "los colegios de San Jerónimo y de Santiago"
_JOINED_WITH_DE_BEFORE = re.compile(
    rf"((?:{_NAME_TOKEN}[ \t]+){{0,2}}{_NAME_TOKEN})(?:[ \t]*,[ \t]*|[ \t]+(?:y|e|and)[ \t]+)"
    r"(?:de|del|of)[ \t]+$")
_JOINED_AFTER = re.compile(
    rf"{_JOINER}{_TITLE_ABBREVIATION}({_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,2}})(?![\w])")


def _joined_name(text: str, folded: str, start: int, end: int,
                 entries: dict[str, NameEntry]) -> bool:
    """Whether the capitalised words at text[start:end], beside a sure name,
    can be a name too: no word that is never a name, a role or a title, and
    not a lone everyday word that only starts the sentence."""
    if _PLACE_PREPOSITION.search(text, max(0, start - 7), start) or \
            cue_before(text, folded, start) == "named-place" or \
            _in_introduced_place_list(text, start):
        return False   # "una niña de Quispicanchi, Nayra Apaza": a place
    keys = folded[start:end].split()
    if " ".join(k for k in keys if k not in ("de", "del", "la", "y")) in NAMESAKES or \
            (len(keys) == 1 and not _is_name_word(keys[0], entries) and not _unknown_word(
                keys[0], entries)):
        return False   # "…, Mariscal Cáceres, Huáscar, José Carlos Mariátegui": places
    for i, key in enumerate(keys):
        entry = entries.get(key)
        month_name = i == 0 and len(keys) > 1 and entry is not None and entry.given
        if (key in NOT_NAMES and not month_name) or key in ROLE_WORDS or \
                key in HONORIFIC_WORDS or key in HONORIFIC_ABBREVIATIONS or key in STREET_WORDS:
            return False
    if not _sentence_initial(text, start):
        return True
    if len(keys) == 1 and _unknown_word(keys[0], entries) and \
            not _everyday_word(text, keys[0]) and _LIST_COMMA_AFTER.match(text, end):
        return True   # "Four of us. Brisa, Walter Condori, and …": a list's first name
    return any(_is_name_word(key, entries) for key in keys) and not (
        len(keys) == 1 and _everyday_word(text, keys[0]))


_LIST_COMMA_AFTER = re.compile(r"[ \t]*,[ \t]+")


def _sure_words(found: list[Found], folded: str) -> set[str]:
    """The words of the sure names, but for particles and initials: of three letters
    only a given name the gazetteer has ("Liz", "Ana"; not "Paz" nor "Sol" alone:
    those are everyday words the repeats are checked for)."""
    words: set[str] = set()
    names = gazetteer()
    for f in found:
        if f.category == PERSON and f.confidence >= HIGH:
            words.update(w for w in folded[f.start:f.end].split() if w.isalpha() and (
                len(w) >= 4 or len(w) == 3 and getattr(names.get(w), "given", False)))
    return words


def settle_names(found: list[Found], text: str, folded: str) -> list[Found]:
    """What one text's sure names say about the rest of it (hits sorted by
    offset, overlaps settled). A name found surely once (a title, a full
    name, a vocative) is the same person where the text names it again
    without such evidence, even in lower case ("la señora Quispe ... Quispe
    me dijo", "Huarcaya ... teodoro huarcaya"), and a name listed or paired
    with a sure one is a name too. Those hits block exports. A name the
    text writes as an institution's is that institution elsewhere in it."""
    found = _second_surnames(found, text, folded)
    return _named_institutions(_settle_sure_names(_nicknames_after_names(found, text, folded),
                                                  text, folded), text, folded)


# A word right after a full name, before a clause's end or a lower-case word: the
# second surname, as Spanish names are said ("Hilda Pacaya Ahuanari", "Zoila Pérez
# Albela, que era …"), when the gazetteer lacks it or has it as a surname.
_SECOND_SURNAME = re.compile(
    rf"[ \t]+({_WORD.pattern})(?=[ \t]*(?:[,.;:!?)\n]|$)|[ \t]+[{_LOWER}])")


def _second_surnames(found: list[Found], text: str, folded: str) -> list[Found]:
    """The sure full names (two or three words: a given name, a surname) with the
    second surname said after them; a name hit on that word alone is taken in."""
    entries = gazetteer(text_language(folded))
    out: list[Found] = []
    skip = -1
    for i, f in enumerate(found):
        if i == skip:
            continue
        words = text[f.start:f.end].split()
        m = None if f.category != PERSON or f.confidence < HIGH or not 2 <= len(words) <= 3 \
            else _SECOND_SURNAME.match(text, f.end)
        if m is not None:
            key = folded[m.start(1):m.end(1)]
            entry = entries.get(key)
            nxt = found[i + 1] if i + 1 < len(found) else None
            overlapping = nxt is not None and nxt.start < m.end(1)
            if (_unknown_word(key, entries) or (
                    entry is not None and entry.surname and key not in NOT_NAMES
                    and key not in PLACE_WORDS and key not in peruvian_places())) and \
                    (not overlapping or (nxt.category == PERSON and nxt.end <= m.end(1))):
                f = f._replace(end=m.end(1))
                skip = i + 1 if overlapping else -1
        out.append(f)
    return out


# A nickname in quotes in apposition to a name: 'Teodoro Vilca, "el Flaco",',
# 'un tal Rigoberto, "el Chato",', 'Carlos Ugaz, "Chino",'.
_QUOTED_NICKNAME_AFTER = re.compile(
    rf",[ \t]*[\"“«‘'](?:(?:el|la|the|El|La|The)[ \t]+)?"
    rf"({_WORD.pattern}(?:[ \t]+{_WORD.pattern})?)[\"”»’']")


def _nicknames_after_names(found: list[Found], text: str, folded: str) -> list[Found]:
    """The found names with the quoted nicknames said right after a sure one."""
    added = []
    for f in found:
        if f.category != PERSON or f.confidence < HIGH or f.end >= len(text) or \
                text[f.end] != ",":
            continue
        m = _QUOTED_NICKNAME_AFTER.match(text, f.end)
        if not m or any(k in NOT_NAMES or k in FUNCTION_WORDS or k in STREET_WORDS
                        for k in folded[m.start(1):m.end(1)].split()):
            continue
        if not any(g.start < m.end(1) and m.start(1) < g.end for g in found):
            added.append(Found(m.start(1), m.end(1), PERSON, 0.9, "nickname-after-name"))
    if not added:
        return found
    return sorted([*found, *added], key=lambda f: (f.start, f.end))


def _settle_sure_names(found: list[Found], text: str, folded: str) -> list[Found]:
    entries = gazetteer(text_language(folded))
    found = list(found)
    for _ in range(3):   # a list: each round reaches one name further
        sure = [f for f in found if f.category == PERSON and f.confidence >= HIGH]
        if not sure:
            return found
        spans = []
        for f in sure:
            before = _JOINED_BEFORE.search(text, max(0, f.start - 60), f.start)
            if before and _joined_name(text, folded, before.start(1), before.end(1), entries):
                spans.append((before.start(1), before.end(1)))
            after = _JOINED_AFTER.match(text, f.end)
            if after and _joined_name(text, folded, after.start(1), after.end(1), entries):
                spans.append((after.start(1), after.end(1)))
        changed = False
        for s, e in spans:
            overlapping = [f for f in found if f.start < e and s < f.end]
            if any(f.category != PERSON or f.confidence >= HIGH for f in overlapping):
                continue
            found = [f for f in found if f not in overlapping]
            found.append(Found(s, e, PERSON, 0.85, "joined-to-a-name"))
            changed = True
        found.sort(key=lambda f: (f.start, f.end))
        if not changed:
            break
    return _repeated(found, text, folded, entries)


# The head of an institution's name written before the name of the person it
# is named after ("Hospital Antonio Lorena", "el colegio Juana Cervantes",
# "I.E. Rosa Agustina Donayre"), and a name said to be one after it ("la Juana
# Cervantes, que es un colegio", "the Loayza, which is a hospital").
_INSTITUTION_HEAD = (r"hospital|colegio|escuela|clinica|posta|universidad|instituto|"
                     r"centro de salud|i\.[ \t]?e\.(?:[ \t]?p\.)?|iep?|school|university|"
                     r"college|clinic|institute|health cent(?:er|re)|albergue|hogar|shelter|"
                     r"comedor|parroquia|parish")
_NAME_WORDS = rf"((?:{_WORD.pattern})(?:[ \t]+(?:(?:de|del|de la)[ \t]+)?(?:[A-Z]\.[ \t]*)?"\
              rf"{_WORD.pattern}){{0,3}})"
_INSTITUTION_NAMED = re.compile(rf"(?i:\b(?:{_INSTITUTION_HEAD}))[ \t]+{_NAME_WORDS}")
_INSTITUTION_SAID_AFTER = re.compile(
    rf"{_NAME_WORDS},?[ \t]+(?:que|which|that)[ \t]+(?:es|era|is|was)[ \t]+"
    rf"(?:un|una|el|la|a|an|the)[ \t]+(?:otr[oa][ \t]+|other[ \t]+)?(?i:{_INSTITUTION_HEAD})\b")


def _named_institutions(found: list[Found], text: str, folded: str) -> list[Found]:
    """A name the text writes as an institution's ("el Hospital Antonio
    Lorena", "la Juana Cervantes, que es un colegio") names that institution
    where the text says it again alone ("the Antonio Lorena has a new
    building", "de la Juana Cervantes"): such a hit below blocking is
    dropped. Names said surely (a title, a vocative) are kept."""
    weak = [f for f in found if f.category == PERSON and f.confidence < HIGH]
    if not weak:
        return found
    institutions = [" ".join(folded[m.start(1):m.end(1)].split())
                    for pattern in (_INSTITUTION_NAMED, _INSTITUTION_SAID_AFTER)
                    for m in pattern.finditer(text)]
    if not institutions:
        return found
    padded = [f" {name} " for name in institutions]
    return [f for f in found if not (f in weak and any(
        f" {' '.join(folded[f.start:f.end].split())} " in name for name in padded))]


_REPEAT_BLOCKED_BEFORE = re.compile(r"(?:^|[ \t(])(?:el|la|los|las|the|(?<!\blo )(?<!\bel )"
                                    r"(?<!\bla )(?<!\blos )(?<!\blas )de|del|en|in|of|"
                                    r"san|santa|santo|virgen|villa|puerto)[ \t]+$")
# ("lo de Killa", "la de Piero": the matter of a person, the one of a person,
# do not block a repeat as "de Paz", "Santa Rosa" do)


_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)\b")
# (English only: the names that are everyday words and repeat are English ones,
# and "Rosa está estudiando" is Rosa)
_LITTLE_ENGLISH_WORDS = frozenset("is was my your our their the a an it its of in on to for "
                                  "and or".split())


def _word_after_a_word(folded: str, end: int) -> bool:
    """Whether the word after an everyday word that repeats a name is a little
    word ("is", "my", "the") that does not make it act or speak."""
    after = _NEXT_WORD.match(folded, end)
    return bool(after) and after.group(1) in _LITTLE_ENGLISH_WORDS and not (
        _acts_after(folded, end) or _PERSON_AFTER.match(folded, end, end + 60))


def _repeated(found: list[Found], text: str, folded: str,
              entries: dict[str, NameEntry]) -> list[Found]:
    sure = _sure_words(found, folded)
    sure = {w for w in sure if w not in NOT_NAMES and w not in ROLE_WORDS
            and w not in HONORIFIC_WORDS}
    # an everyday word ("Faith", "Rosa") repeats a sure name only capitalised,
    # and not after an article or a word that makes it a place or a saint's
    everyday = {w for w in sure if w in entries and entries[w].common or w in everyday_words()}
    if not sure:
        return found
    out = []
    for f in found:
        if f.category == PERSON and f.confidence < HIGH and \
                all(w in sure for w in folded[f.start:f.end].split()) and \
                not _REPEAT_BLOCKED_BEFORE.search(folded, max(0, f.start - 12), f.start):
            f = f._replace(confidence=0.85, rule=f"{f.rule}+repeated")
        out.append(f)
    taken = [(f.start, f.end) for f in out]
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(sorted(map(re.escape, sure), key=len,
                                                               reverse=True)) + r")(?![\w])")
    for m in pattern.finditer(folded):
        s, e = m.span()
        if any(s < te and ts < e for ts, te in taken):
            continue
        # a word the gazetteer lacks is trusted again only as written, capitalised
        if (m.group() not in entries or m.group() in everyday) and not text[s].isupper():
            continue
        if m.group() in everyday and _REPEAT_BLOCKED_BEFORE.search(folded, max(0, s - 12), s):
            continue   # "Santa Rosa", "la Luz", "de Paz"
        if m.group() in everyday and _sentence_initial(text, s) and (
                m.group() not in entries or _word_after_a_word(folded, e)):
            # "Will it all last?" after "Will Brennan": a word the list has no name
            # for; "Mark my words", "Faith is important" after "Mark Whitfield",
            # "Faith Okafor": the word, not the person ("Faith built …" is her)
            continue
        out.append(Found(s, e, PERSON, 0.85, "repeated-name"))
    out.sort(key=lambda f: (f.start, f.end))
    return out
