"""The second, ranked signal of the match stage: how close a segment's words
are to each code's own codebook text in the segment's language (BM25), and to
the segments coders accepted for the code (exemplars).

Every segment is scored against every code, so a code can be suggested
without any pattern firing (the "similar" tier) and findings can be ranked
for every segment. It works on the tokens the nlp stage produced: each
token's folded lemma is reduced to its Snowball stem, function words are
dropped, and the same is done to the codebook text, so "capacitaciones",
"capacitar" and the pattern "capacit*" meet as `capacit`.

Scoring is our own BM25 on those token arrays (a term x code weight matrix in
numpy, the rows of a batch of segments gathered and summed at once) rather
than the `bm25s` package: bm25s scores the same formula but tokenises for
itself, and we need each shared word's weight and the codebook field it came
from for the explanation, the negative `do_not_use_when` documents and the
exemplars; measured in benchmarks/results.md."""

from __future__ import annotations

import base64
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .codebook import Code, Codebook
from .nlp import Token, stemmer, stop_words

# BM25 constants (the usual ones) and how much each codebook field counts
# towards a code's term frequencies: a word of the code's name or patterns
# says more about the code than one of its longer prose.
K1, B = 1.2, 0.75
# The weights' formula (2: median length, rows in term order); hashed with the
# other constants, so stored outcomes scored under another formula are never
# taken as this one's.
WEIGHTS_VERSION = 2
FIELD_WEIGHTS = {"name": 2.0, "patterns": 1.5, "definition": 1.0, "use_when": 1.0,
                 "examples": 1.0, "talk": 1.0}
# Words of `do_not_use_when` count against the code, at this share.
NEGATIVE_WEIGHT = 0.5
# A raw BM25 sum grows with the segment's length and, through IDF, with the
# number of codes: divided by the square root of the segment's distinct terms
# (which separated the right codes from the wrong ones best on the sample's
# development split: AUC 0.83, against 0.82 raw and 0.73 per term) and by the
# largest IDF a word can have in this codebook, it becomes a 0-1 similarity
# x / (x + SCALE).
SCALE = 0.8
# The "similar" tier: a code no pattern fired for is suggested when its
# similarity reaches SIMILAR_THRESHOLD and lies within SIMILAR_MARGIN of the
# segment's best similarity, at most SIMILAR_CAP per segment (measured in
# docs/matching.md, "Third round": 0.5 / 0.05 / 1 cover more segments than
# 0.55 / - / 2 at about the same precision).
SIMILAR_THRESHOLD = 0.5
SIMILAR_MARGIN = 0.05
SIMILAR_CAP = 1
# A segment of at least FLOOR_WORDS words that gets no other suggestion is
# shown its closest code when that code's similarity reaches SIMILAR_FLOOR,
# marked weak (docs/matching.md, "Fifth round: coverage": on retired sets 1-3
# 29 of the 30 coded segments that got nothing had a best similarity of
# 0.35-0.5 and at least 16 words; the greetings and goodbyes that got nothing
# are shorter, and a short text's similarity runs high on one shared word).
# Sixth round: 16 -> 10 words (docs/matching.md, "Sixth round: coverage of
# short answers": the English answers blind set 5 left bare were shorter).
SIMILAR_FLOOR = 0.35
FLOOR_WORDS = 10
# How much similarity adds to a pattern hit's score: fused = 1 - (1-p)(1-w*s).
FUSION_WEIGHT = 0.5
# Exemplars: a segment a coder accepted for a code counts like codebook text;
# one the coder rejected counts against the code at this share.
REJECTED_WEIGHT = 0.5
# The share of words a segment shares with its nearest exemplar counts only
# above this floor (rescaled to 0-1 above it): on the sample (100 segments
# reviewed, the other 104 measured) a share of 0.1 was as common on the wrong
# codes as on any (precision 0.12), 0.2 and more three times likelier right.
# With the codebook's everyday `talk`, on retired sets 1+2 (100 reviewed, 178
# coded segments of the rest) a nearest exemplar at a share of 0.2-0.3 named
# a right code 8 times in 46, at 0.3 or more 16 times in 21: 0.3.
EXEMPLAR_FLOOR = 0.3
# How many shared words an explanation lists.
EXPLAINED_WORDS = 6


def content_terms(tokens: Iterable[Token], language: str,
                  known: dict[tuple[str, str], str] | None = None) -> list[tuple[str, Token]]:
    """(term, token) for the tokens the similarity signal compares: stems of
    folded lemmas; no stop words, numbers or one-letter tokens. `known`
    remembers the term ('' for none) of each (lemma, surface) seen, which
    repeats from segment to segment."""
    if known is None:
        known = {}
    get = known.get
    found = []
    for token in tokens:
        key = token[2:4]        # (norm, surface), sliced: the hot loop of scoring
        term = get(key)
        if term is None:
            term = known[key] = _term(token.norm, token.surface, language)
        if term:
            found.append((term, token))
    return found


def _term(norm: str, surface: str, language: str) -> str:
    skip = stop_words(language)
    if len(norm) < 2 or not norm.isalpha() or norm in skip or surface in skip:
        return ""
    return stemmer(language).full(norm)


def similarity_terms(tokens: Iterable[Token], language: str) -> list[str]:
    return [term for term, _ in content_terms(tokens, language)]


def code_texts(code: Code, language: str) -> dict[str, list[str]]:
    """field -> the texts of a code's codebook entry in `language`."""
    prose = code.prose_in(language)
    patterns = [*code.patterns.terms.get(language, ()), *code.patterns.terms.get("any", ())]
    patterns += [s for rule in code.patterns.near for s in (*rule.terms, *rule.with_)]
    return {
        "name": [code.name],
        "definition": [prose.definition],
        "use_when": [prose.use_when],
        "examples": list(prose.examples),
        "talk": list(prose.talk),
        # a pattern's wildcard and fuzzy marks are not words
        "patterns": [p.lstrip("~").replace("*", "") for p in patterns],
        "do_not_use_when": [prose.do_not_use_when],
    }


def texts_to_tokenise(codebook: Codebook, language: str) -> list[str]:
    """Every codebook text the similarity index of `language` needs tokens for."""
    found = set()
    for code in codebook.codes.values():
        for texts in code_texts(code, language).values():
            found.update(t for t in texts if t.strip())
    return sorted(found)


@dataclass
class Exemplar:
    """A segment a coder decided on: accepted (counts for the code) or rejected."""

    segment: str
    code: str
    coder: str
    accepted: bool
    tokens: list[Token]
    transcript: str = ""    # the interview it comes from
    language: str = ""      # its language: it counts in that language's index only


@dataclass
class SimilarWord:
    """One word a segment shares with a code, its weight and where it came from."""

    term: str
    text: str           # the word as the segment writes it (first occurrence)
    start: int          # its span in the segment
    end: int
    weight: float
    fields: tuple[str, ...]

    def as_evidence(self, offset: int) -> dict:
        return {"pattern": f"similar: {self.text}", "kind": "similar", "text": self.text,
                "start": offset + self.start, "end": offset + self.end,
                "weight": round(self.weight, 3), "fields": list(self.fields)}


@dataclass
class Nearest:
    """The accepted segment most like this one, for the explanation."""

    segment: str
    coder: str
    similarity: float

    def as_evidence(self) -> dict:
        return {"pattern": f"like {self.segment}, accepted by {self.coder}",
                "kind": "exemplar", "segment": self.segment, "coder": self.coder,
                "weight": round(self.similarity, 3)}


@dataclass
class SegmentScores:
    """A segment's similarity to every code of one language index."""

    index: LanguageIndex
    raw: np.ndarray            # BM25 sum per code (codebook text, minus do_not_use_when)
    exemplar: np.ndarray       # 0-1 similarity to the code's accepted segments, net
    tokens: Callable[[], Sequence[Token]]   # the segment's tokens, asked for only to explain
    distinct: int              # how many distinct terms
    nearest: dict[int, Nearest] = field(default_factory=dict)

    similarities: np.ndarray | None = None    # set when scored in a batch
    before: np.ndarray | None = None   # the similarities under the index's previous weights
    moved: np.ndarray | None = None    # the codes some weight of the segment's terms moved for
    _pairs: list[tuple[str, Token]] | None = None

    @property
    def pairs(self) -> list[tuple[str, Token]]:
        """(term, token) of the segment's content words."""
        if self._pairs is None:
            self._pairs = content_terms(self.tokens(), self.index.language, self.index._known)
        return self._pairs

    def similarity(self) -> np.ndarray:
        if self.similarities is None:
            self.similarities = similarity_of(self.raw[np.newaxis, :],
                                              np.array([self.distinct]),
                                              self.exemplar[np.newaxis, :],
                                              self.index.idf_ceiling)[0]
        return self.similarities

    def explain(self, code: str, text: str, limit: int = EXPLAINED_WORDS) -> list[SimilarWord]:
        """The words of the segment (`text`) behind a code's codebook
        similarity, heaviest first, each with the fields it shares."""
        column = self.index.code_index.get(code)
        if column is None:
            return []
        first: dict[str, Token] = {}
        for term, token in self.pairs:
            first.setdefault(term, token)
        words = []
        for term, token in first.items():
            row = self.index.vocabulary.get(term)
            if row is None:
                continue
            weight = float(self.index.weights[row, column])
            if weight > 0:
                words.append(SimilarWord(term, text[token.start:token.end], token.start,
                                         token.end, weight, self.index.fields_of(term, code)))
        words.sort(key=lambda w: -w.weight)
        return words[:limit]


class LanguageIndex:
    """BM25 weights of every code's codebook text in one language, and the
    exemplar segments coders decided on."""

    def __init__(self, codebook: Codebook, language: str, text_tokens: dict[str, list[Token]],
                 exemplars: list[Exemplar] = ()):
        self.language = language
        self._known: dict[tuple[str, str], str] = {}    # content_terms' memory
        self._term_of_word: dict[tuple, str] = {}       # _terms' memory
        self.codes = list(codebook.codes)
        self.code_index = {c: i for i, c in enumerate(self.codes)}
        positive: list[Counter] = []
        negative: list[Counter] = []
        self._fields: dict[tuple[str, str], set[str]] = defaultdict(set)
        for code_id in self.codes:
            counts: Counter = Counter()
            against: Counter = Counter()
            for field_name, texts in code_texts(codebook.codes[code_id], language).items():
                for text in texts:
                    if not text.strip():
                        continue
                    terms = similarity_terms(text_tokens.get(text, ()), language)
                    if field_name == "do_not_use_when":
                        against.update(terms)
                        continue
                    weight = FIELD_WEIGHTS[field_name]
                    for term in terms:
                        counts[term] += weight
                        self._fields[(term, code_id)].add(field_name)
            positive.append(counts)
            negative.append(against)
        # the IDF of a word only one code uses: what similarity is measured against
        self.idf_ceiling = math.log(1 + (len(self.codes) - 0.5) / 1.5) if self.codes else 1.0
        # rows in term order, not code order, so that a segment's terms are
        # summed in the same order under an edited codebook's weights as before
        self.vocabulary = {term: row for row, term in enumerate(
            sorted({term for counts in (*positive, *negative) for term in counts}))}
        self.weights = self._bm25(positive) - NEGATIVE_WEIGHT * self._bm25(negative,
                                                                          idf_from=positive)
        self._exemplars(exemplars)
        # (vocabulary, weights) of the index the stored suggestions were scored with
        self.previous: tuple[dict[str, int], np.ndarray] | None = None
        # term -> the columns whose weight differs from `previous` (`remember`)
        self.moved: dict[str, np.ndarray] = {}

    def snapshot(self) -> dict:
        """This index's weights, exactly (float32 bits) and sparsely, for the
        next run to `remember`: a one-code edit moves every column a little
        (IDF, average length), so telling which segments' outcome stays the
        same needs the weights they were scored with."""
        rows, columns = np.nonzero(self.weights)
        return {"codes": self.codes, "terms": list(self.vocabulary),
                "rows": _packed(rows.astype(np.int32)),
                "columns": _packed(columns.astype(np.int32)),
                "values": _packed(self.weights[rows, columns].astype(np.float32))}

    def remember(self, snapshot: dict | None) -> None:
        """Take a previous run's `snapshot` as the weights `score_batch` also
        scores with (`SegmentScores.before`), and find which weights moved
        since (`moved`); ignored when the codes differ."""
        self.previous = None
        self.moved = {}
        if not snapshot or snapshot.get("codes") != self.codes:
            return
        terms = snapshot["terms"]
        weights = np.zeros((len(terms), len(self.codes)), dtype=np.float32)
        weights[_unpacked(snapshot["rows"], np.int32),
                _unpacked(snapshot["columns"], np.int32)] = _unpacked(snapshot["values"],
                                                                      np.float32)
        self.previous = ({t: i for i, t in enumerate(terms)}, weights)
        # A term in one vocabulary only counts as moved in every column (its
        # row would join a segment's sum in one run and not the other).
        everywhere = np.arange(len(self.codes))
        for term in set(self.previous[0]) ^ set(self.vocabulary):
            self.moved[term] = everywhere
        for term, old in self.previous[0].items():
            new = self.vocabulary.get(term)
            if new is not None:
                columns = np.nonzero(weights[old] != self.weights[new])[0]
                if len(columns):
                    self.moved[term] = columns

    def unmoved(self, words: Iterable[tuple]) -> bool:
        """Whether none of these distinct words' terms carries a weight that
        moved since the remembered weights: a segment of such words has the
        same similarities, bit for bit, and the same explanations, under both."""
        return self.previous is not None and self._terms(words).isdisjoint(self.moved)

    def _bm25(self, documents: list[Counter], idf_from: list[Counter] | None = None) -> np.ndarray:
        weights = np.zeros((len(self.vocabulary), len(documents)), dtype=np.float32)
        if not self.vocabulary:
            return weights
        df: Counter = Counter()
        for counts in idf_from or documents:
            df.update(counts.keys())
        n = len(documents)
        lengths = [sum(c.values()) for c in documents]
        # the median, not the mean: an edit of one code seldom moves it, so
        # the other codes' weights stay exactly as they were (`moved`)
        average = typical_length(lengths)
        for column, counts in enumerate(documents):
            norm = K1 * (1 - B + B * lengths[column] / average)
            for term, tf in counts.items():
                idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                weights[self.vocabulary[term], column] = idf * tf * (K1 + 1) / (tf + norm)
        return weights

    def _exemplars(self, exemplars: Iterable[Exemplar]) -> None:
        """Index decided segments by term, with an IDF over them all."""
        # A segment in another language shares no words with this one's (its
        # lemmas would be stemmed with the wrong language's rules): left out.
        self.exemplars = [e for e in exemplars if e.code in self.code_index
                          and e.language in ("", self.language)]
        self._exemplar_terms = [set(similarity_terms(e.tokens, self.language))
                                for e in self.exemplars]
        df: Counter = Counter()
        for terms in self._exemplar_terms:
            df.update(terms)
        n = max(len(self.exemplars), 1)
        self._exemplar_idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._postings: dict[str, list[int]] = defaultdict(list)
        for number, terms in enumerate(self._exemplar_terms):
            for term in terms:
                self._postings[term].append(number)
        self._exemplar_mass = [sum(self._exemplar_idf[t] for t in terms) or 1.0
                               for terms in self._exemplar_terms]

    def fields_of(self, term: str, code: str) -> tuple[str, ...]:
        return tuple(f for f in FIELD_WEIGHTS if f in self._fields.get((term, code), ()))

    def score(self, tokens: list[Token], exclude: str = "",
              transcript: str = "") -> SegmentScores:
        """Similarity of a segment to every code; `exclude` leaves one
        exemplar segment out (a segment is not its own nearest neighbour),
        `transcript` every exemplar of the segment's own interview."""
        return self.score_batch([tokens], [exclude], [transcript])[0]

    def score_batch(self, token_lists: list[Sequence[Token]], excludes: list[str] | None = None,
                    transcripts: list[str] | None = None) -> list[SegmentScores]:
        """`score` of many segments at once (`score_words`)."""
        return self.score_words([dict.fromkeys(t[2:4] for t in tokens) for tokens in token_lists],
                                [lambda tokens=tokens: tokens for tokens in token_lists],
                                excludes, transcripts)

    def score_words(self, words_of: list[Iterable[tuple]],
                    tokens_of: list[Callable[[], Sequence[Token]]],
                    excludes: list[str] | None = None,
                    transcripts: list[str] | None = None) -> list[SegmentScores]:
        """`score` of many segments from their distinct words ((norm,
        surface, ...) each) alone: one gather of the weight rows of all their
        terms and one segmented sum (numpy) instead of a gather and a sum per
        segment, their similarities as one matrix too. `tokens_of` gives a
        segment's tokens, asked for only when a code is explained."""
        count = len(words_of)
        terms_of = [self._terms(words) for words in words_of]
        raw = self._sums(terms_of, self.vocabulary, self.weights)
        exemplar = np.zeros_like(raw)
        found = [SegmentScores(self, raw[i], exemplar[i], tokens_of[i], len(terms_of[i]))
                 for i in range(count)]
        if self.exemplars:
            for i, scores in enumerate(found):
                self._score_exemplars(terms_of[i], scores, excludes[i] if excludes else "",
                                      transcripts[i] if transcripts else "")
        distinct = np.array([len(t) for t in terms_of])
        matrix = similarity_of(raw, distinct, exemplar, self.idf_ceiling)
        before = (similarity_of(self._sums(terms_of, *self.previous), distinct, exemplar,
                                self.idf_ceiling) if self.previous is not None else None)
        for i, scores in enumerate(found):
            scores.similarities = matrix[i]
            if before is not None:
                scores.before = before[i]
                scores.moved = np.zeros(len(self.codes), dtype=bool)
                for term in terms_of[i].intersection(self.moved):
                    scores.moved[self.moved[term]] = True
        return found

    def _terms(self, words: Iterable[tuple]) -> set[str]:
        """The distinct terms of distinct words, each (norm, surface, ...);
        each word's term is remembered, so a segment's are a few set
        operations (this runs over every segment a re-code checks)."""
        words = list(words)
        memo = self._term_of_word
        found = set(map(memo.get, words))
        if None in found:
            known = self._known
            for word in words:
                if word not in memo:
                    key = word[:2]
                    term = known.get(key)
                    if term is None:
                        term = known[key] = _term(key[0], key[1], self.language)
                    memo[word] = term
            found = set(map(memo.get, words))
        found.discard("")
        return found

    def _sums(self, terms_of: list[set[str]], vocabulary: dict[str, int],
              weights: np.ndarray) -> np.ndarray:
        """BM25 sums (segments x codes) of each segment's terms under `weights`."""
        rows: list[int] = []
        starts = []
        for terms in terms_of:
            starts.append(len(rows))
            # in row order, not the set's (which varies with the process's string
            # hashing), so float32 sums are the same in every run
            rows.extend(sorted(vocabulary[t] for t in terms if t in vocabulary))
        raw = np.zeros((len(terms_of), len(self.codes)), dtype=np.float32)
        if rows:
            ends = starts[1:] + [len(rows)]
            filled = [i for i in range(len(terms_of)) if ends[i] > starts[i]]
            raw[filled] = np.add.reduceat(weights[rows], [starts[i] for i in filled], axis=0)
        return raw

    def _score_exemplars(self, terms: set[str], scores: SegmentScores, exclude: str,
                         transcript: str = "") -> None:
        """The share of the heavier side's IDF mass two segments share (0-1),
        best accepted minus REJECTED_WEIGHT x best rejected, per code, counted
        above EXEMPLAR_FLOOR. Exemplars from the segment's own interview are
        left out: they share its people, places and topics whatever the code
        (on the sample, a nearest exemplar from the same interview was the
        right code's 19 times in 472)."""
        shared: Counter = Counter()
        for term in terms:
            idf = self._exemplar_idf.get(term)
            if idf is None:
                continue
            for number in self._postings[term]:
                shared[number] += idf
        mass = sum(self._exemplar_idf.get(t, 0.0) for t in terms) or 1.0
        best: dict[int, float] = {}
        worst: dict[int, float] = {}
        for number, weight in shared.items():
            exemplar = self.exemplars[number]
            if exemplar.segment == exclude or (transcript and exemplar.transcript == transcript):
                continue
            value = weight / max(mass, self._exemplar_mass[number])
            if value <= EXEMPLAR_FLOOR:
                continue
            value = (value - EXEMPLAR_FLOOR) / (1.0 - EXEMPLAR_FLOOR)
            column = self.code_index[exemplar.code]
            if exemplar.accepted:
                if value > best.get(column, 0.0):
                    best[column] = value
                    scores.nearest[column] = Nearest(exemplar.segment, exemplar.coder, value)
            else:
                worst[column] = max(worst.get(column, 0.0), value)
        for column in set(best) | set(worst):
            scores.exemplar[column] = max(0.0, best.get(column, 0.0) -
                                          REJECTED_WEIGHT * worst.get(column, 0.0))


def typical_length(lengths: list[float]) -> float:
    """The document length BM25 normalises by: the median of the non-empty
    documents' lengths."""
    present = sorted(x for x in lengths if x > 0)
    return float(statistics.median(present)) if present else 1.0


def _packed(values: np.ndarray) -> str:
    return base64.b64encode(values.tobytes()).decode("ascii")


def _unpacked(text: str, dtype: type) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype)


def similarity_of(raw: np.ndarray, distinct: np.ndarray, exemplar: np.ndarray,
                  idf_ceiling: float) -> np.ndarray:
    """0-1 similarities (segments x codes) from BM25 sums: divided by the
    square root of each segment's distinct terms and by the IDF ceiling,
    mapped as x / (x + SCALE), then raised by the exemplar similarity."""
    scale = (np.sqrt(np.maximum(distinct, 1)) * idf_ceiling).astype(np.float32)
    base = np.maximum(raw, 0.0) / scale[:, np.newaxis]
    codebook = base / (base + SCALE)
    return 1.0 - (1.0 - codebook) * (1.0 - exemplar)


def fuse(pattern: float, similarity: float) -> float:
    """One score per (segment, code) from a pattern hit's score and the
    similarity: similarity raises a pattern hit, and alone it counts at
    FUSION_WEIGHT."""
    return round(1.0 - (1.0 - pattern) * (1.0 - FUSION_WEIGHT * similarity), 3)
