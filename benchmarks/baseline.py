"""The baseline a careful scripter would write instead of kiicode.

Per code and language, one compiled alternation of the code's terms (its
`es`/`en` terms plus its `any` terms) over lower-cased, accent-folded segment
text, applied to every segment. No lemmas, no fuzzy matching, no proximity
rules, vetoes or regexes: `*` becomes `\\w*`, a leading `~` is dropped and the
rest is escaped."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kiicode.codebook import Codebook
from kiicode.nlp import fold


@dataclass
class BaselineResult:
    segments: int = 0
    suggestions: int = 0     # (segment, code) pairs with at least one hit
    hits: int = 0            # every match, with its span (what evidence would list)


def term_regex(term: str) -> str:
    """`capacit* de jueces` -> `capacit\\w*\\s+de\\s+jueces` (folded, escaped)."""
    words = fold(term.lstrip("~")).split()
    parts = []
    for word in words:
        stem = word.rstrip("*")
        parts.append(re.escape(stem) + (r"\w*" if word.endswith("*") else ""))
    return r"\s+".join(parts)


def compile_baseline(codebook: Codebook) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """language -> [(code id, one alternation of its terms)]."""
    compiled: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for language in codebook.languages:
        regexes = []
        for code in codebook.codes.values():
            terms = (*code.patterns.terms.get(language, ()), *code.patterns.terms.get("any", ()))
            alternatives = sorted({term_regex(t) for t in terms if term_regex(t)},
                                  key=len, reverse=True)
            if alternatives:
                pattern = r"\b(?:" + "|".join(alternatives) + r")\b"
                regexes.append((code.id, re.compile(pattern)))
        compiled[language] = regexes
    return compiled


def code_segments(compiled: dict[str, list[tuple[str, re.Pattern[str]]]],
                  segments: Iterable[tuple[str, str]]) -> BaselineResult:
    """Apply every code's regex to every (language, text) segment."""
    result = BaselineResult()
    for language, text in segments:
        folded = fold(text)
        result.segments += 1
        for _code, regex in compiled[language]:
            spans = [m.span() for m in regex.finditer(folded)]
            if spans:
                result.suggestions += 1
                result.hits += len(spans)
    return result
