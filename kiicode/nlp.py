"""Language pipelines: tokens, sentences and normalised lemmas.

Patterns and transcripts meet on one representation: every token's lemma,
lower-cased and stripped of accents ("Capacitaciones" -> "capacitacion"). We
build on `spacy.blank(lang)` with spaCy's lookup lemmatizer tables, which ship
in spacy-lookups-data and need no download; a user with a trained spaCy model
installed can use it instead (`--nlp-model es_core_news_sm`)."""

from __future__ import annotations

import importlib.util
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .errors import KiicodeError, Location, Problem

NLP_VERSION = "2"   # bump when tokens change shape, to invalidate cached tokens


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Capacitación' -> 'capacitacion'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Function words that may sit inside a phrase pattern without breaking it
# ("rotación del personal" for "rotación de personal", "training of the staff"),
# and that the similarity signal ignores. Folded, per language. Deliberately
# short: articles, prepositions, contractions, conjunctions and possessive
# determiners; never negations ("no", "sin", "not"), which `unless` vetoes need.
FUNCTION_WORDS = {
    "es": frozenset("""
        el la los las lo un una unos unas al del de a en con por para sobre entre hacia
        desde hasta y e o u que su sus mi mis tu tus nuestro nuestra nuestros nuestras
        este esta estos estas ese esa esos esas
        """.split()),
    "en": frozenset("""
        the a an of in on at to for with by from into about and or that this these those
        its their our his her my your as
        """.split()),
}


def function_words(language: str) -> frozenset[str]:
    return FUNCTION_WORDS.get(language, frozenset())


@lru_cache(maxsize=16)
def stop_words(language: str) -> frozenset[str]:
    """Words the similarity signal ignores, folded: spaCy's stop list for the
    language (read from its data file, without importing spaCy, which
    re-coding from cached tokens never needs) and the function words."""
    found = set(function_words(language))
    spec = importlib.util.find_spec("spacy")
    for folder in (spec.submodule_search_locations or ()) if spec else ():
        path = Path(folder) / "lang" / language / "stop_words.py"
        if path.exists():
            namespace: dict = {}
            exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
            found.update(fold(word) for word in namespace.get("STOP_WORDS", ()))
            break
    return frozenset(found)


# A stem counts as a matching form only when it takes at most this many
# letters off the word: inflections ("trainings", "coordinated") rather than
# derivations ("capacitador", "participativo",
# "equipamiento"), which measured as false positives on the sample.
MAX_INFLECTION_LETTERS = 3


class Stemmer:
    """Snowball stems of folded words in one language, each word stemmed once.
    Calling it gives the inflection stem that pattern matching uses as a third
    form beside lemma and surface ('' when the stem would cut a derivational
    ending); `full` gives the plain Snowball stem."""

    def __init__(self, language: str):
        import Stemmer  # PyStemmer: the Snowball algorithms in C

        name = SNOWBALL_NAMES.get(language)
        self._stemmer = Stemmer.Stemmer(name) if name else None
        self._stems: dict[str, str] = {}
        self._full: dict[str, str] = {}

    def full(self, word: str) -> str:
        found = self._full.get(word)
        if found is None:
            found = self._full[word] = (self._stemmer.stemWord(word) if self._stemmer
                                        else word)
        return found

    def __call__(self, word: str) -> str:
        found = self._stems.get(word)
        if found is None:
            stem = self.full(word)
            found = self._stems[word] = (stem if len(word) - len(stem) <= MAX_INFLECTION_LETTERS
                                         else "")
        return found


SNOWBALL_NAMES = {"es": "spanish", "en": "english", "pt": "portuguese", "fr": "french",
                  "it": "italian", "de": "german", "nl": "dutch"}


@lru_cache(maxsize=16)
def stemmer(language: str) -> Stemmer:
    return Stemmer(language)


def is_acronym(word: str) -> bool:
    """Two or more letters, all capitals: 'CEM', 'UPE', 'NNA' (and plurals: 'UPEs')."""
    if len(word) > 2 and word.endswith("s") and is_acronym(word[:-1]):
        return True
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


class Token(NamedTuple):
    """A token of a segment: offsets relative to the segment text. A named
    tuple, not a dataclass: a million of these are built per million words."""

    start: int
    end: int
    norm: str       # folded lemma: what patterns match
    surface: str    # folded lower-cased text: for wildcards and fuzzy terms
    sentence: int   # sentence number within the segment
    upper: bool = False  # written in capitals (CEM, UPE): acronym patterns need this


class LanguagePipeline:
    """Tokenises and normalises text in one language."""

    def __init__(self, language: str, model: str | None = None):
        self.language = language
        self.model = model
        self._words: dict[str, tuple[str, str, bool]] = {}
        self._loaded: tuple | None = None
        # Check now, load later: re-coding from cached tokens never needs spaCy,
        # and importing it alone takes over half a second.
        if model and not (importlib.util.find_spec(model) or Path(model).exists()):
            raise KiicodeError(Problem(Location(), f"spaCy model '{model}' is not installed",
                                       f"install it (python -m spacy download {model}) or "
                                       "leave out --nlp-model"))
        if not model and not spacy_knows(language):
            raise UnsupportedLanguage(language)

    def load(self) -> tuple:
        """(spaCy pipeline, lemma table or None for a trained model), built once."""
        if self._loaded is not None:
            return self._loaded
        import spacy

        if self.model:
            nlp, table = spacy.load(self.model, exclude=["ner"]), None
        else:
            nlp = spacy.blank(self.language)
            lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
            try:
                nlp.initialize()
            except (ValueError, OSError):  # no lookup table for this language
                table = {}
            else:
                table = lemmatizer.lookups.get_table("lemma_lookup")
            # The lemmatizer only carries the table: lemmas are looked up on the
            # lower-cased token below, so it need not run in the pipeline.
            nlp.remove_pipe("lemmatizer")
            nlp.add_pipe("sentencizer")
        self._loaded = (nlp, table)
        return self._loaded

    @property
    def _nlp(self):
        return self.load()[0]

    @property
    def _table(self):
        return self.load()[1]

    @property
    def id(self) -> str:
        """Identifies the pipeline in the token cache."""
        return f"{self.language}:{self.model or 'blank'}:{NLP_VERSION}"

    def tokens(self, text: str) -> list[Token]:
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[list[Token]]:
        for doc in self._nlp.pipe(texts, batch_size=batch_size):
            yield self._tokens(doc)

    def _tokens(self, doc) -> list[Token]:
        if not len(doc):
            return []
        # One array read instead of a Python object per spaCy token: this loop
        # runs over every token of the corpus.
        trained = self._table is None
        columns = ["IDX", "LENGTH", "SENT_START", "IS_SPACE"] + (["LEMMA"] if trained else [])
        rows = doc.to_array(columns).tolist()
        source = doc.text
        texts = [source[row[0]:row[0] + row[1]] for row in rows]
        starts = opening_marks_moved({i for i, row in enumerate(rows) if row[2] == 1}, texts)
        strings = doc.vocab.strings
        words = self._words
        table = self._table
        tokens: list[Token] = []
        sentence = 0
        for i, row in enumerate(rows):
            if i in starts and i > 0:
                sentence += 1
            if row[3]:
                continue
            text = texts[i]
            if trained:   # a trained model's lemma depends on context
                lower = text.lower()
                word = (fold(strings[row[4]].lower() or lower), fold(lower), is_acronym(text))
            else:
                word = words.get(text)
                if word is None:      # normalise each distinct word once
                    lower = text.lower()
                    word = words[text] = (fold(_lookup(table, lower) or lower), fold(lower),
                                          is_acronym(text))
            tokens.append(Token(row[0], row[0] + row[1], word[0], word[1], sentence, word[2]))
        return tokens

    def sentence_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each sentence, trimmed of surrounding space."""
        doc = self._nlp(text)
        starts = sorted(sentence_starts(doc) | {0}) if len(doc) else []
        spans = []
        for first, following in zip(starts, starts[1:] + [len(doc)], strict=True):
            start = doc[first].idx
            end = doc[following - 1].idx + len(doc[following - 1].text)
            chunk = text[start:end]
            start += len(chunk) - len(chunk.lstrip())
            end -= len(chunk) - len(chunk.rstrip())
            if end > start:
                spans.append((start, end))
        return spans


OPENING_MARKS = ("¿", "¡")


def sentence_starts(doc) -> set[int]:
    """Token indexes that start a sentence (see `opening_marks_moved`)."""
    return opening_marks_moved({token.i for token in doc if token.is_sent_start},
                               [token.text for token in doc])


def opening_marks_moved(starts: set[int], texts: list[str]) -> set[int]:
    """spaCy's rule-based sentencizer leaves Spanish opening marks at the end
    of the previous sentence ("... oración. ¿ | Segunda?"): move them to the
    sentence they open."""
    starts = set(starts)
    for i, text in enumerate(texts):
        if text in OPENING_MARKS and i + 1 in starts and i not in starts:
            starts.discard(i + 1)
            starts.add(i)
    return starts


def _lookup(table, lower: str) -> str:
    value = table.get(lower, lower)
    return value if isinstance(value, str) else lower


class UnsupportedLanguage(KiicodeError):
    """A language kiicode cannot process; `where` names the transcript."""

    def __init__(self, language: str, where: str = "", reason: str = ""):
        self.language = language
        message = f"language '{language}' is not supported" + (f": {reason}" if reason else
                                                               " by spaCy")
        super().__init__(Problem(Location(where), message,
                                 "use a language spaCy knows (such as es or en) that the "
                                 "codebook declares"))


def spacy_knows(language: str) -> bool:
    """Whether spaCy has a language class for `language`: its folder under
    spacy/lang is checked first, without importing spaCy; other languages
    (registered by plugins) are asked of spaCy itself."""
    spec = importlib.util.find_spec("spacy")
    if spec and any((Path(folder) / "lang" / language / "__init__.py").exists()
                    for folder in spec.submodule_search_locations or ()):
        return True
    import spacy

    try:
        spacy.util.get_lang_class(language)
    except ImportError:
        return False
    return True


@lru_cache(maxsize=16)
def pipeline(language: str, model: str | None = None) -> LanguagePipeline:
    """One pipeline per language and model, built once per process."""
    return LanguagePipeline(language, model)


def sentence_splitter(language: str) -> Callable[[str], list[tuple[int, int]]]:
    return pipeline(language).sentence_spans


def language_detector(languages: Iterable[str]) -> Callable[[str], tuple[str | None, float]]:
    """A detector restricted to the codebook's languages (lingua, offline)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    known = []
    for code in languages:
        try:
            known.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue
    if len(known) < 2:
        only = known[0].iso_code_639_1.name.lower() if known else None
        return lambda text: (only, 1.0 if only else 0.0)
    detector = LanguageDetectorBuilder.from_languages(*known).build()

    def detect(text: str) -> tuple[str | None, float]:
        # A thousand characters settle the language; more only costs time.
        values = detector.compute_language_confidence_values(text[:1000])
        if not values:
            return None, 0.0
        best = values[0]
        return best.language.iso_code_639_1.name.lower(), best.value

    return detect
