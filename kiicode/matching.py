"""Compile a codebook's patterns once, match them against segment tokens, and
keep for every suggestion the patterns that fired and where.

Matching works on the tokens the nlp stage produced (and the store caches),
so a codebook edit re-runs only this stage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import regex
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .codebook import Code, Codebook
from .errors import CodebookError, Location, Problem
from .nlp import LanguagePipeline, Stemmer, Token, fold, function_words, stemmer

# How much one fired pattern of each kind says about a code (0-1). A code's
# score combines its distinct fired patterns as independent signals:
# 1 - prod(1 - weight). Longer phrases are more specific, so they weigh more.
# A regex gets this long per segment. The `regex` module can stop a search
# (the standard `re` cannot), so a pattern that backtracks catastrophically,
# such as (a+)+$, is a located error within seconds instead of a hang; a sane
# pattern takes microseconds on a paragraph, far below it even on a loaded
# machine. docs/codebook.md says which patterns to avoid.
REGEX_SECONDS = 0.5

WEIGHTS = {"phrase": 0.6, "any": 0.6, "prefix": 0.5, "fuzzy": 0.45, "near": 0.7, "regex": 0.6}
PHRASE_BONUS_PER_TOKEN = 0.1
MAX_PHRASE_WEIGHT = 0.9
PREFIX_INDEX_LENGTH = 3
# A stem shorter than this is too ambiguous to match on ("car", "tra").
MIN_STEM_LENGTH = 4
# How many function words the text may add inside a phrase ("turnover of the staff").
MAX_FUNCTION_WORD_GAP = 2


class Element:
    """One token of a pattern term. Compared by identity: terms are built once."""

    __slots__ = ("kind", "norm", "surface", "threshold", "acronym", "stem", "function_word",
                 "optional")

    def __init__(self, kind: str, norm: str, surface: str, threshold: int = 0,
                 acronym: bool = False, stem: str = "", function_word: bool = False,
                 optional: bool = False):
        self.kind = kind            # exact | prefix | fuzzy
        self.norm = norm            # folded lemma (exact/fuzzy) or folded prefix
        self.surface = surface      # folded surface form of the pattern word
        self.threshold = threshold
        self.acronym = acronym      # written in capitals: matches only capitalised text
        self.stem = stem            # Snowball stem of the surface ('' if too short)
        self.function_word = function_word
        self.optional = optional    # a function word inside a phrase: the text may lack it

    def matches(self, token: Token, stem: str = "") -> float:
        """Similarity 0-100 when the token (whose stem is `stem`) matches this
        element, else 0."""
        if self.acronym:
            return 100.0 if token.upper and token.surface in (self.surface,
                                                               self.surface + "s") else 0.0
        if self.kind == "exact":
            # Lemma tables are uneven (es: "proyecto" -> "proyectar" but "proyectos" ->
            # "proyecto"), so a token matches on its lemma, its written form or,
            # as a third form, its stem.
            return 100.0 if (token.norm in (self.norm, self.surface) or
                             token.surface in (self.norm, self.surface) or
                             (self.stem and stem == self.stem)) else 0.0
        if self.kind == "prefix":
            return 100.0 if (token.surface.startswith(self.norm) or
                             token.norm.startswith(self.norm)) else 0.0
        if token.norm == self.norm or token.surface == self.surface:
            return 100.0
        score = max(similarity(token.norm, self.norm), similarity(token.surface, self.surface))
        return score if score >= self.threshold else 0.0


def similarity(a: str, b: str) -> float:
    """Levenshtein similarity 0-100: one typo in an 11-letter word scores 90.9.
    (Indel-based ratios score a substitution as two edits' worth of match and
    would let "exportacion" pass for "explotacion".)"""
    return Levenshtein.normalized_similarity(a, b) * 100.0


# What a term is for: a code's own pattern, one side of a proximity rule, or a veto.
CODE_TERM, NEAR_LEFT, NEAR_RIGHT, VETO = "code", "near-left", "near-right", "veto"


class Term:
    """A compiled pattern term: a sequence of elements, tagged with its role.
    Compared by identity: terms are built once, when a codebook is compiled."""

    __slots__ = ("code", "source", "kind", "elements", "role", "rule", "weight", "tolerant")

    def __init__(self, code: str, source: str, kind: str, elements: tuple[Element, ...],
                 role: str = CODE_TERM, rule: int = -1):
        self.code = code
        self.source = source          # the pattern as written in the codebook
        self.kind = kind              # phrase | prefix | fuzzy | any (as reported)
        self.elements = elements
        self.role = role
        self.rule = rule              # index of its proximity rule (near terms only)
        base = WEIGHTS[kind]
        if kind in ("phrase", "any"):
            base += PHRASE_BONUS_PER_TOKEN * (len(elements) - 1)
        self.weight = min(base, MAX_PHRASE_WEIGHT)
        # Function words may be skipped only in a phrase of two or more content
        # words: in "en provincia" the function word is half the phrase.
        self.tolerant = sum(1 for e in elements if not e.function_word) >= 2

    def tagged(self, role: str, rule: int = -1) -> Term:
        return Term(self.code, self.source, self.kind, self.elements, role, rule)


@dataclass(frozen=True)
class Hit:
    """One pattern that fired in a segment; offsets are absolute in the transcript."""

    code: str
    pattern: str
    kind: str
    start: int
    end: int
    text: str
    weight: float
    similarity: float = 100.0
    vetoed_by: str = ""

    def as_evidence(self) -> dict:
        evidence = {"pattern": self.pattern, "kind": self.kind, "start": self.start,
                    "end": self.end, "text": self.text, "weight": round(self.weight, 3)}
        if self.similarity < 100:
            evidence["similarity"] = round(self.similarity, 1)
        return evidence


@dataclass
class CodeMatch:
    """All hits of one code in one segment."""

    code: str
    hits: list[Hit] = field(default_factory=list)
    vetoed: list[Hit] = field(default_factory=list)
    implied_by: str = ""   # a child code that fired: the child already counts as this code

    @property
    def suggested(self) -> bool:
        return bool(self.hits) and not self.implied_by

    @property
    def score(self) -> float:
        best: dict[str, float] = {}
        for hit in self.hits:
            best[hit.pattern] = max(best.get(hit.pattern, 0.0), hit.weight)
        missing = 1.0
        for weight in best.values():
            missing *= 1.0 - weight
        return round(1.0 - missing, 3)


@dataclass(frozen=True)
class NearRule:
    """One of its left terms within `within` tokens of one of its right terms."""

    code: str
    source: str
    within: int

    def closest(self, left: list[tuple[int, int]],
                right: list[tuple[int, int]]) -> tuple[int, int] | None:
        """(first, last) token index of the closest qualifying pair of spans."""
        best = None
        for a in left:
            for b in right:
                # tokens strictly between the two terms; overlapping terms are 0 apart
                gap = max(b[0] - a[1] - 1, a[0] - b[1] - 1, 0)
                if gap <= self.within and (best is None or gap < best[0]):
                    best = (gap, min(a[0], b[0]), max(a[1], b[1]))
        return (best[1], best[2]) if best else None


WordKey = tuple[str, str, bool]
Starts = tuple[tuple[Term, float], ...]


class TermIndex:
    """Terms indexed by what their first element can match, so each token
    consults only the few terms that could start there.

    Which terms can start at a word is worked out once per distinct word and
    remembered (a corpus has far fewer distinct words than tokens). Terms of
    two or more words are looked up by word pair, also remembered: a phrase
    starting with a common word ("la", "the") is then only considered where
    its second word follows."""

    def __init__(self, terms: list[Term], stem: Stemmer | None = None,
                 skippable: frozenset[str] = frozenset()):
        self.stem = stem or (lambda word: "")
        self.skippable = skippable     # function words the text may add inside a phrase
        self.exact: dict[str, list[Term]] = defaultdict(list)
        self.prefix: dict[str, list[Term]] = defaultdict(list)
        self.short_prefix: list[Term] = []
        self.fuzzy: list[Term] = []
        for term in terms:
            first = term.elements[0]
            if first.kind == "exact":
                self.exact[first.norm].append(term)
                if first.surface != first.norm:
                    self.exact[first.surface].append(term)
                if first.stem and first.stem not in (first.norm, first.surface):
                    self.exact[first.stem].append(term)
            elif first.kind == "prefix" and len(first.norm) >= PREFIX_INDEX_LENGTH:
                self.prefix[first.norm[:PREFIX_INDEX_LENGTH]].append(term)
            elif first.kind == "prefix":
                self.short_prefix.append(term)
            else:
                self.fuzzy.append(term)
        self._fuzzy_words = [t.elements[0].norm for t in self.fuzzy]
        self._fuzzy_cutoff = min((t.elements[0].threshold for t in self.fuzzy), default=100)
        self.starts: dict[WordKey, tuple[Starts, Starts]] = {}     # (single, longer)
        self._starters: set[WordKey] = set()      # words some term can start at
        self._no_starters: set[WordKey] = set()
        self._stem_of: dict[str, str] = {}
        self.pairs: dict[tuple[WordKey, WordKey], Starts] = {}

    def starting_at(self, token: Token) -> tuple[Starts, Starts]:
        """(one-word terms, longer terms) whose first element matches `token`,
        each with that element's similarity."""
        key = (token.norm, token.surface, token.upper)
        found = self.starts.get(key)
        if found is None:
            every = self._starting_at(token)
            found = self.starts[key] = (tuple(e for e in every if len(e[0].elements) == 1),
                                        tuple(e for e in every if len(e[0].elements) > 1))
        return found

    def starters(self, words: list[WordKey]) -> list[WordKey]:
        """The words at which some term can start (set operations, as this
        runs over every distinct word of every segment a re-code checks)."""
        distinct = set(words)
        for word in distinct - self._starters - self._no_starters:
            found = self.starting_at(Token(0, 0, word[0], word[1], 0, word[2]))
            (self._starters if found[0] or found[1] else self._no_starters).add(word)
        return [w for w in words if w in self._starters] if distinct & self._starters else []

    def stems_of(self, surfaces: Iterable[str]) -> set[str]:
        """The stems of these surfaces (`self.stem`), remembered per surface."""
        surfaces = list(surfaces)
        memo = self._stem_of
        found = set(map(memo.get, surfaces))
        if None in found:
            for surface in surfaces:
                if surface not in memo:
                    memo[surface] = self.stem(surface)
            found = set(map(memo.get, surfaces))
        return found

    def continuing(self, longer: Starts, token: Token, following: Token) -> Starts:
        """(term, similarity so far, elements matched) for the longer terms
        that can go on at `following`: their second element matches it, or is
        a function word that may be missing or differ (`rest` checks the rest)."""
        key = ((token.norm, token.surface, token.upper),
               (following.norm, following.surface, following.upper))
        found = self.pairs.get(key)
        if found is None:
            kept = []
            for term, score in longer:
                second = self.element_matches(term.elements[1], following)
                if second:     # the first two elements are matched: `rest` goes on at the third
                    kept.append((term, min(score, second), 2))
                elif term.tolerant and term.elements[1].optional:
                    kept.append((term, score, 1))
            found = self.pairs[key] = tuple(kept)
        return found

    def element_matches(self, element: Element, token: Token) -> float:
        """`element.matches`, stemming the token only when the cheaper forms fail."""
        found = element.matches(token)
        if not found and element.stem:
            found = element.matches(token, self.stem(token.surface))
        return found

    def is_skippable(self, token: Token) -> bool:
        return not token.upper and (token.surface in self.skippable or
                                    token.norm in self.skippable)

    def rest(self, term: Term, tokens: list[Token], at: int, score: float,
             k: int = 1) -> tuple[int, float] | None:
        """(last token, lowest similarity) when `term`'s elements after the
        first match from token `at` on, else None. In a phrase of two or more
        content words, a function word of the pattern may be missing or differ
        ("de" / "del"), and where the pattern has one, up to
        MAX_FUNCTION_WORD_GAP function words of the text may stand ("of" /
        "of the")."""
        elements = term.elements
        count = len(tokens)
        tolerant = term.tolerant
        gaps = 0
        while k < len(elements):
            element = elements[k]
            if at >= count:
                return None
            token = tokens[at]
            found = self.element_matches(element, token)
            if found:
                score = min(score, found)
                k, at = k + 1, at + 1
            elif tolerant and element.optional:
                k += 1
            elif (tolerant and elements[k - 1].function_word and gaps < MAX_FUNCTION_WORD_GAP
                  and self.is_skippable(token)):
                gaps, at = gaps + 1, at + 1
            else:
                return None
        return at - 1, score

    def _starting_at(self, token: Token) -> Starts:
        candidates: dict[int, Term] = {}
        stem = self.stem(token.surface)
        # dicts, not sets, of the forms: candidates (and so a code's hits) then
        # come in the same order in every process, whatever the string hashing
        for key in dict.fromkeys((token.norm, token.surface, stem)):
            for term in self.exact.get(key, ()):
                candidates[id(term)] = term
        for key in dict.fromkeys((token.norm[:PREFIX_INDEX_LENGTH],
                                  token.surface[:PREFIX_INDEX_LENGTH])):
            for term in self.prefix.get(key, ()):
                candidates[id(term)] = term
        for term in self.short_prefix:
            candidates[id(term)] = term
        if self.fuzzy:
            for word in dict.fromkeys((token.norm, token.surface)):
                for _, _, index in process.extract(
                        word, self._fuzzy_words, scorer=Levenshtein.normalized_similarity,
                        score_cutoff=self._fuzzy_cutoff / 100.0, limit=None):
                    candidates[id(self.fuzzy[index])] = self.fuzzy[index]
        found = []
        for term in candidates.values():
            score = term.elements[0].matches(token, stem)
            if score:
                found.append((term, score))
        return tuple(found)


def find_terms(index: TermIndex, tokens: list[Token]) -> list[tuple[Term, int, int, float]]:
    """(term, first token, last token, lowest element similarity) for every
    term occurrence."""
    found = []
    count = len(tokens)
    for i, token in enumerate(tokens):
        single, longer = index.starting_at(token)
        for term, score in single:
            found.append((term, i, i, score))
        if not longer or i + 1 >= count:
            continue
        for term, score, matched in index.continuing(longer, token, tokens[i + 1]):
            if matched == len(term.elements):
                found.append((term, i, i + 1, score))
                continue
            end = index.rest(term, tokens, i + matched, score, matched)
            if end is not None:
                found.append((term, i, end[0], end[1]))
    return found


class SegmentWords:
    """A segment's distinct words, to ask whether any of them matches an element."""

    def __init__(self, index: TermIndex, words: list[WordKey]):
        self.index = index
        self.words = words
        self.forms = {w[0] for w in words} | {w[1] for w in words}
        self._stems: set[str] | None = None
        self._tokens: list[Token] | None = None

    def has(self, element: Element) -> bool:
        if element.kind == "exact" and not element.acronym:
            # `Element.matches` on lemma, surface, or the stem `element_matches` gives
            if element.norm in self.forms or element.surface in self.forms:
                return True
            if not element.stem:
                return False
            if self._stems is None:
                self._stems = self.index.stems_of(w[1] for w in self.words)
            return element.stem in self._stems
        if self._tokens is None:
            self._tokens = [Token(0, 0, w[0], w[1], 0, w[2]) for w in self.words]
        return any(self.index.element_matches(element, t) for t in self._tokens)


@dataclass
class LanguageMatcher:
    """A codebook compiled for one language: one index holds every term —
    codes' own, both sides of proximity rules, vetoes — so a segment is
    scanned once."""

    language: str
    index: TermIndex
    near: list[NearRule]
    # each distinct expression runs once per segment, for every code that uses it
    regexes: dict[str, tuple[regex.Pattern[str], list[str]]]

    def match(self, text: str, tokens: list[Token], offset: int) -> dict[str, CodeMatch]:
        """Code matches for a segment whose text starts at `offset` in its transcript."""
        occurrences = find_terms(self.index, tokens)
        if not occurrences and not self.regexes:
            return {}
        hits: list[tuple[Hit, range]] = []
        sides: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
        vetoes: dict[str, dict[int, str]] = defaultdict(dict)   # code -> sentence -> term
        for term, i, last, score in occurrences:
            if term.role == CODE_TERM:
                weight = term.weight * (score / 100.0 if term.kind == "fuzzy" else 1.0)
                hits.append((self._hit(term.code, term.source, term.kind, tokens, i, last, text,
                                       offset, weight, score), range(i, last + 1)))
            elif term.role == VETO:
                vetoes[term.code].setdefault(tokens[i].sentence, term.source)
            else:
                sides[(term.rule, term.role)].append((i, last))
        for number in sorted({n for n, role in sides if role == NEAR_LEFT}):
            right = sides.get((number, NEAR_RIGHT))
            rule = self.near[number]
            span = rule.closest(sides[(number, NEAR_LEFT)], right) if right else None
            if span:
                hits.append((self._hit(rule.code, rule.source, "near", tokens, span[0], span[1],
                                       text, offset, WEIGHTS["near"]),
                             range(span[0], span[1] + 1)))
        for source, (compiled, codes) in self.regexes.items():
            try:
                found_all = list(compiled.finditer(text, timeout=REGEX_SECONDS))
            except TimeoutError:
                raise RegexTooSlow(source, codes, offset) from None
            for found in found_all:
                if found.end() > found.start():
                    inside = [n for n, t in enumerate(tokens)
                              if t.end > found.start() and t.start < found.end()]
                    for code in codes:
                        hits.append((Hit(code, source, "regex", offset + found.start(),
                                         offset + found.end(), found.group(0),
                                         WEIGHTS["regex"]), inside))
        matches: dict[str, CodeMatch] = {}
        for hit, token_indexes in hits:
            entry = matches.setdefault(hit.code, CodeMatch(hit.code))
            vetoing = vetoes.get(hit.code)
            veto = next((vetoing[s] for s in sorted({tokens[n].sentence for n in token_indexes})
                         if s in vetoing), "") if vetoing else ""
            if veto:
                entry.vetoed.append(replace(hit, vetoed_by=veto))
            else:
                entry.hits.append(hit)
        return matches

    def may_match(self, text: str, words: list[WordKey], offset: int) -> bool:
        """False when `match` surely finds no hit in a segment of these
        distinct words: no code term (nor both sides of a proximity rule) has
        every word it requires among them, and no regex is found in the text
        (a superset: an empty regex match counts). Veto terms only remove
        hits, so they do not count."""
        index = self.index
        possible: list[Term] = []
        present: SegmentWords | None = None
        for word in index.starters(words):
            single, longer = index.starts[word]
            for term, _ in single:
                if term.role == CODE_TERM:
                    return True
                possible.append(term)
            for term, _ in longer:
                if term.role == VETO:
                    continue
                if present is None:
                    present = SegmentWords(index, words)
                if all(e.optional and term.tolerant or present.has(e) for e in term.elements[1:]):
                    if term.role == CODE_TERM:
                        return True
                    possible.append(term)
        if possible:
            sides = {(t.rule, t.role) for t in possible}
            if any((rule, NEAR_RIGHT) in sides for rule, role in sides if role == NEAR_LEFT):
                return True
        for source, (compiled, codes) in self.regexes.items():
            try:
                if compiled.search(text, timeout=REGEX_SECONDS):
                    return True
            except TimeoutError:
                raise RegexTooSlow(source, codes, offset) from None
        return False

    @staticmethod
    def _hit(code: str, source: str, kind: str, tokens: list[Token], first: int, last: int,
             text: str, offset: int, weight: float, similarity: float = 100.0) -> Hit:
        start, end = tokens[first].start, tokens[last].end
        return Hit(code, source, kind, offset + start, offset + end, text[start:end], weight,
                   similarity)


class RegexTooSlow(Exception):
    """A regex search ran past REGEX_SECONDS (CompiledCodebook says where)."""

    def __init__(self, source: str, codes: list[str], offset: int):
        super().__init__(source)
        self.source, self.codes, self.offset = source, codes, offset


class CompiledCodebook:
    """A codebook's patterns compiled for each of its languages; `codes`
    limits it to some codes (re-coding after an edit matches only those)."""

    def __init__(self, codebook: Codebook, pipelines: dict[str, LanguagePipeline],
                 codes: set[str] | None = None,
                 words: dict[str, dict[str, list[Token]]] | None = None):
        self.codebook = codebook
        self.codes = [c for c in codebook.codes.values() if codes is None or c.id in codes]
        self.matchers: dict[str, LanguageMatcher] = {}
        # language -> pattern word -> its tokens (given ones are not normalised again)
        self.words = words if words is not None else {}
        problems: list[Problem] = []
        for language, nlp in pipelines.items():
            self.matchers[language] = self._compile(language, nlp, problems)
        if problems:
            raise CodebookError(problems)

    def match(self, language: str, text: str, tokens: list[Token],
              offset: int) -> dict[str, CodeMatch]:
        """Code matches for a segment; `suggested` ones become suggestions.

        A parent code whose child also fired is not suggested on its own, as a
        coder would not add both: the child already counts as its parent."""
        matches = self._located(self.matchers[language].match, text, tokens, offset)
        codes = self.codebook.codes
        for code in [code for code, m in matches.items() if m.hits]:
            parent = codes[code].parent
            while parent:
                if parent in matches and matches[parent].hits and not matches[parent].implied_by:
                    matches[parent].implied_by = code
                parent = codes[parent].parent if parent in codes else ""
        return matches

    def may_match(self, language: str, text: str, words: list[WordKey], offset: int) -> bool:
        """False when `match` surely finds no hit in a segment of these
        distinct (norm, surface, upper) words (`LanguageMatcher.may_match`)."""
        return self._located(self.matchers[language].may_match, text, words, offset)

    def _located(self, call, *args):
        """`call(*args)`, a regex that runs too long reported with its place."""
        try:
            return call(*args)
        except RegexTooSlow as slow:
            raise CodebookError(Problem(
                Location(self.codebook.path, None, None,
                         f"codes -> {slow.codes[0]} -> patterns -> regex"),
                f"code '{slow.codes[0]}': regex {slow.source!r} ran over {REGEX_SECONDS} s on "
                f"one segment (text at offset {slow.offset}): it backtracks catastrophically",
                "avoid nested repetition such as (a+)+ or (a|aa)+ (docs/codebook.md)")) from None

    def _compile(self, language: str, nlp: LanguagePipeline,
                 problems: list[Problem]) -> LanguageMatcher:
        terms: list[Term] = []
        near: list[NearRule] = []
        regexes: dict[str, tuple[regex.Pattern[str], list[str]]] = {}
        words = self.words.setdefault(language, {})   # each word normalised once

        def compiled(code: Code, source: str, kind: str = "phrase") -> Term | None:
            return compile_term(code, source, kind, nlp, words, language)

        for code in self.codes:
            patterns = code.patterns
            for kind, sources in (("phrase", patterns.terms.get(language, ())),
                                  ("any", patterns.terms.get("any", ()))):
                for source in sources:
                    term = compiled(code, source, kind)
                    if term is None:
                        problems.append(Problem(Location(self.codebook.path, None, None,
                                                         f"codes -> {code.id} -> patterns"),
                                                f"code '{code.id}': pattern {source!r} has no "
                                                "words to match", "write a word or phrase"))
                    else:
                        terms.append(term)
            for rule in patterns.near:
                number = len(near)
                near.append(NearRule(code.id, f"near({', '.join(rule.terms)} / "
                                              f"{', '.join(rule.with_)}, {rule.within})",
                                     rule.within))
                for role, sources in ((NEAR_LEFT, rule.terms), (NEAR_RIGHT, rule.with_)):
                    terms += [t.tagged(role, number) for t in map(
                        lambda s: compiled(code, s), sources) if t]
            terms += [t.tagged(VETO) for t in (compiled(code, s) for s in patterns.unless) if t]
            for source in patterns.regex:
                regexes.setdefault(source, (regex.compile(source, regex.IGNORECASE | regex.V0),
                                            []))[1].append(code.id)
        return LanguageMatcher(language, TermIndex(terms, stemmer(language),
                                                   function_words(language)), near, regexes)


def pattern_words(source: str) -> list[tuple[str, bool]]:
    """(word, is a prefix wildcard) for each word of a written term."""
    body = source[1:] if source.startswith("~") else source
    return [(word, word.endswith("*") and bool(word.strip("*"))) for word in body.split()]


def words_to_normalise(codebook: Codebook, language: str) -> set[str]:
    """Every pattern word the nlp must normalise to compile `language`."""
    found = set()
    for code in codebook.codes.values():
        p = code.patterns
        sources = [*p.terms.get(language, ()), *p.terms.get("any", ()), *p.unless]
        sources += [s for rule in p.near for s in (*rule.terms, *rule.with_)]
        found.update(word for source in sources for word, prefix in pattern_words(source)
                     if not prefix)
    return found


def compile_term(code: Code, source: str, kind: str, nlp: LanguagePipeline,
                 words: dict[str, list[Token]] | None = None,
                 language: str = "") -> Term | None:
    """Turn a written pattern into elements normalised like transcript tokens;
    `words` holds words already normalised (and receives new ones). Function
    words after the first become optional, and each word gets its stem."""
    language = language or nlp.language
    stem = stemmer(language)
    skippable = function_words(language)
    fuzzy = source.startswith("~")
    elements: list[Element] = []
    any_prefix = False
    words = {} if words is None else words
    for word, prefix in pattern_words(source):
        if prefix:
            any_prefix = True
            elements.append(Element("prefix", fold(word.rstrip("*")), fold(word.rstrip("*"))))
            continue
        if word not in words:
            words[word] = nlp.tokens(word)
        for token in words[word]:
            if fuzzy:
                elements.append(Element("fuzzy", token.norm, token.surface,
                                        code.fuzzy_threshold))
            else:
                word_stem = stem(token.surface)
                elements.append(Element("exact", token.norm, token.surface,
                                        acronym=token.upper,
                                        stem=word_stem if len(word_stem) >= MIN_STEM_LENGTH
                                        else "",
                                        function_word=not token.upper and
                                        token.surface in skippable))
    if not elements:
        return None
    # A function word strictly inside a phrase may be missing or differ in the
    # text; the first and last words are always required ("training for").
    for element in elements[1:-1]:
        element.optional = element.function_word
    reported = "fuzzy" if fuzzy else ("prefix" if any_prefix and kind == "phrase" else kind)
    return Term(code.id, source, reported, tuple(elements))
