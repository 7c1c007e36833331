"""Compile a codebook's patterns once, match them against segment tokens, and
keep for every suggestion the patterns that fired and where.

Matching works on the tokens the nlp stage produced (and the store caches),
so a codebook edit re-runs only this stage."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .codebook import Code, Codebook
from .errors import CodebookError, Location, Problem
from .nlp import LanguagePipeline, Token, fold

# How much one fired pattern of each kind says about a code (0-1). A code's
# score combines its distinct fired patterns as independent signals:
# 1 - prod(1 - weight). Longer phrases are more specific, so they weigh more.
WEIGHTS = {"phrase": 0.6, "any": 0.6, "prefix": 0.5, "fuzzy": 0.45, "near": 0.7, "regex": 0.6}
PHRASE_BONUS_PER_TOKEN = 0.1
MAX_PHRASE_WEIGHT = 0.9
PREFIX_INDEX_LENGTH = 3


@dataclass(frozen=True)
class Element:
    """One token of a pattern term."""

    kind: str          # exact | prefix | fuzzy
    norm: str          # folded lemma (exact/fuzzy) or folded prefix
    surface: str       # folded surface form of the pattern word
    threshold: int = 0
    acronym: bool = False  # written in capitals: matches only capitalised text

    def matches(self, token: Token) -> float:
        """Similarity 0-100 when the token matches this element, else 0."""
        if self.acronym:
            return 100.0 if token.upper and token.surface in (self.surface,
                                                               self.surface + "s") else 0.0
        if self.kind == "exact":
            # Lemma tables are uneven (es: "proyecto" -> "proyectar" but "proyectos" ->
            # "proyecto"), so a token matches on either its lemma or its written form.
            return 100.0 if (token.norm in (self.norm, self.surface) or
                             token.surface in (self.norm, self.surface)) else 0.0
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


@dataclass(frozen=True)
class Term:
    """A compiled pattern term: a sequence of elements."""

    code: str
    source: str        # the pattern as written in the codebook
    kind: str          # phrase | prefix | fuzzy | any (what it is reported as)
    elements: tuple[Element, ...]

    @property
    def weight(self) -> float:
        base = WEIGHTS[self.kind]
        if self.kind in ("phrase", "any"):
            base += PHRASE_BONUS_PER_TOKEN * (len(self.elements) - 1)
        return min(base, MAX_PHRASE_WEIGHT)


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


class NearRule:
    """One of `left` within `within` tokens of one of `right`, either order."""

    def __init__(self, code: str, source: str, left: list[Term], right: list[Term], within: int):
        self.code = code
        self.source = source
        self.left = TermIndex(left)
        self.right = TermIndex(right)
        self.within = within

    def closest(self, tokens: list[Token]) -> tuple[int, int] | None:
        """(first, last) token index of the closest qualifying pair, or None."""
        left = [(i, i + len(t.elements) - 1) for t, i, _ in find_terms(self.left, tokens)]
        if not left:
            return None
        right = [(i, i + len(t.elements) - 1) for t, i, _ in find_terms(self.right, tokens)]
        best = None
        for a in left:
            for b in right:
                # tokens strictly between the two terms; overlapping terms are 0 apart
                gap = max(b[0] - a[1] - 1, a[0] - b[1] - 1, 0)
                if gap <= self.within and (best is None or gap < best[0]):
                    best = (gap, min(a[0], b[0]), max(a[1], b[1]))
        return (best[1], best[2]) if best else None


class TermIndex:
    """Terms indexed by what their first element can match, so each token
    consults only the few terms that could start there."""

    def __init__(self, terms: list[Term]):
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
            elif first.kind == "prefix" and len(first.norm) >= PREFIX_INDEX_LENGTH:
                self.prefix[first.norm[:PREFIX_INDEX_LENGTH]].append(term)
            elif first.kind == "prefix":
                self.short_prefix.append(term)
            else:
                self.fuzzy.append(term)
        self._fuzzy_words = [t.elements[0].norm for t in self.fuzzy]
        self._fuzzy_cutoff = min((t.elements[0].threshold for t in self.fuzzy), default=100)
        self._fuzzy_cache: dict[str, list[Term]] = {}

    def candidates(self, token: Token) -> list[Term]:
        found = list(self.exact.get(token.norm, ()))
        if token.surface != token.norm:
            found += [t for t in self.exact.get(token.surface, ()) if t not in found]
        for key in {token.norm[:PREFIX_INDEX_LENGTH], token.surface[:PREFIX_INDEX_LENGTH]}:
            found += self.prefix.get(key, ())
        found += self.short_prefix
        if self.fuzzy:
            found += self._fuzzy_candidates(token)
        return found

    def _fuzzy_candidates(self, token: Token) -> list[Term]:
        # Fuzzy comparison is the costly part: do it once per distinct word.
        key = f"{token.norm}\t{token.surface}"
        cached = self._fuzzy_cache.get(key)
        if cached is None:
            picks: set[int] = set()
            for word in {token.norm, token.surface}:
                for _, _, index in process.extract(
                        word, self._fuzzy_words, scorer=Levenshtein.normalized_similarity,
                        score_cutoff=self._fuzzy_cutoff / 100.0, limit=None):
                    picks.add(index)
            cached = [self.fuzzy[i] for i in sorted(picks)]
            self._fuzzy_cache[key] = cached
        return cached


def match_term(term: Term, tokens: list[Token], i: int) -> float:
    """Lowest element similarity if `term` matches tokens starting at i, else 0."""
    if i + len(term.elements) > len(tokens):
        return 0.0
    lowest = 100.0
    for offset, element in enumerate(term.elements):
        similarity = element.matches(tokens[i + offset])
        if not similarity:
            return 0.0
        lowest = min(lowest, similarity)
    return lowest


@dataclass
class LanguageMatcher:
    """A codebook compiled for one language."""

    language: str
    index: TermIndex
    near: list[NearRule]
    vetoes: dict[str, TermIndex]          # code -> its `unless` terms
    regexes: list[tuple[str, str, re.Pattern[str]]]

    def match(self, text: str, tokens: list[Token], offset: int) -> dict[str, CodeMatch]:
        """Code matches for a segment whose text starts at `offset` in its transcript."""
        matches: dict[str, CodeMatch] = {}
        for term, i, similarity in find_terms(self.index, tokens):
            last = i + len(term.elements) - 1
            hit = self._hit(term.code, term.source, term.kind, tokens, i, last, text, offset,
                            term.weight * (similarity / 100.0 if term.kind == "fuzzy" else 1.0),
                            similarity)
            self._add(matches, hit, tokens, range(i, last + 1))
        for rule in self.near:
            span = rule.closest(tokens)
            if span:
                hit = self._hit(rule.code, rule.source, "near", tokens, span[0], span[1], text,
                                offset, WEIGHTS["near"])
                self._add(matches, hit, tokens, range(span[0], span[1] + 1))
        for code, source, compiled in self.regexes:
            for found in compiled.finditer(text):
                if found.end() > found.start():
                    hit = Hit(code, source, "regex", offset + found.start(), offset + found.end(),
                              found.group(0), WEIGHTS["regex"])
                    inside = [n for n, t in enumerate(tokens)
                              if t.end > found.start() and t.start < found.end()]
                    self._add(matches, hit, tokens, inside)
        return matches

    @staticmethod
    def _hit(code: str, source: str, kind: str, tokens: list[Token], first: int, last: int,
             text: str, offset: int, weight: float, similarity: float = 100.0) -> Hit:
        start, end = tokens[first].start, tokens[last].end
        return Hit(code, source, kind, offset + start, offset + end, text[start:end], weight,
                   similarity)

    def _add(self, matches: dict[str, CodeMatch], hit: Hit, tokens: list[Token],
             token_indexes) -> None:
        entry = matches.setdefault(hit.code, CodeMatch(hit.code))
        sentences = {tokens[n].sentence for n in token_indexes}
        veto = self._veto(hit.code, tokens, sentences)
        if veto:
            entry.vetoed.append(replace(hit, vetoed_by=veto))
        else:
            entry.hits.append(hit)

    def _veto(self, code: str, tokens: list[Token], sentences: set[int]) -> str:
        """The `unless` term of `code` found in one of `sentences`, if any."""
        index = self.vetoes.get(code)
        if index is None:
            return ""
        for term, i, _ in find_terms(index, tokens):
            if tokens[i].sentence in sentences:
                return term.source
        return ""


def find_terms(index: TermIndex, tokens: list[Token]) -> list[tuple[Term, int, float]]:
    found = []
    for i, token in enumerate(tokens):
        for term in index.candidates(token):
            similarity = match_term(term, tokens, i)
            if similarity:
                found.append((term, i, similarity))
    return found


class CompiledCodebook:
    """A codebook's patterns compiled for each of its languages."""

    def __init__(self, codebook: Codebook, pipelines: dict[str, LanguagePipeline]):
        self.codebook = codebook
        self.matchers: dict[str, LanguageMatcher] = {}
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
        matches = self.matchers[language].match(text, tokens, offset)
        fired = [code for code, m in matches.items() if m.hits]
        for code in fired:
            parent = self.codebook.codes[code].parent
            while parent:
                if parent in matches and matches[parent].hits and not matches[parent].implied_by:
                    matches[parent].implied_by = code
                parent = self.codebook.codes[parent].parent if parent in self.codebook.codes \
                    else ""
        return matches

    def _compile(self, language: str, nlp: LanguagePipeline,
                 problems: list[Problem]) -> LanguageMatcher:
        terms: list[Term] = []
        near: list[NearRule] = []
        vetoes: dict[str, TermIndex] = {}
        regexes: list[tuple[str, str, re.Pattern[str]]] = []
        for code in self.codebook.codes.values():
            patterns = code.patterns
            for kind, sources in (("phrase", patterns.terms.get(language, ())),
                                  ("any", patterns.terms.get("any", ()))):
                for source in sources:
                    term = compile_term(code, source, kind, nlp)
                    if term is None:
                        problems.append(Problem(Location(self.codebook.path, None, None,
                                                         f"codes -> {code.id} -> patterns"),
                                                f"code '{code.id}': pattern {source!r} has no "
                                                "words to match", "write a word or phrase"))
                    else:
                        terms.append(term)
            for rule in patterns.near:
                left = [compile_term(code, s, "phrase", nlp) for s in rule.terms]
                right = [compile_term(code, s, "phrase", nlp) for s in rule.with_]
                source = (f"near({', '.join(rule.terms)} / {', '.join(rule.with_)}, "
                          f"{rule.within})")
                near.append(NearRule(code.id, source, [t for t in left if t],
                                     [t for t in right if t], rule.within))
            if patterns.unless:
                vetoes[code.id] = TermIndex([t for t in (compile_term(code, s, "phrase", nlp)
                                                         for s in patterns.unless) if t])
            for source in patterns.regex:
                regexes.append((code.id, source, re.compile(source, re.IGNORECASE)))
        return LanguageMatcher(language, TermIndex(terms), near, vetoes, regexes)


def compile_term(code: Code, source: str, kind: str, nlp: LanguagePipeline) -> Term | None:
    """Turn a written pattern into elements normalised like transcript tokens."""
    fuzzy = source.startswith("~")
    body = source[1:] if fuzzy else source
    elements: list[Element] = []
    any_prefix = False
    for word in body.split():
        if word.endswith("*") and word.strip("*"):
            any_prefix = True
            elements.append(Element("prefix", fold(word.rstrip("*")), fold(word.rstrip("*"))))
            continue
        for token in nlp.tokens(word):
            if fuzzy:
                elements.append(Element("fuzzy", token.norm, token.surface,
                                        code.fuzzy_threshold))
            else:
                elements.append(Element("exact", token.norm, token.surface,
                                        acronym=token.upper))
    if not elements:
        return None
    reported = "fuzzy" if fuzzy else ("prefix" if any_prefix and kind == "phrase" else kind)
    return Term(code.id, source, reported, tuple(elements))
