"""The scan's prefilter (kiicode/pii/cues.py, issue 16): the literal cues of a
pattern found in a text give the pattern's own matches; a text without them
gives none; and the faster fold is the fold."""

from __future__ import annotations

import random
import re

import pytest

from kiicode.pii import addresses, cues, names, rules
from kiicode.pii.rules import _FOLD, fold_same_length, windows


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for module in (rules, addresses, names):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__.rsplit('.', 1)[-1]}.{name}", value))
    return found


PATTERNS = _patterns()
PLANNED = [(name, p) for name, p in PATTERNS if cues.plan(p) is not None]


def _literals() -> list[str]:
    out: set[str] = set()
    for _, p in PLANNED:
        plan = cues.plan(p)
        out.update(plan.need)
        for _, _, need in plan.choices:
            out.update(need)
    return sorted(out)


_FILLER = ("el la de que y en los se del las un por con no una su para es al lo como "
           "niña señora número teléfono calle the of and to in is was it for that on "
           "with as at by phone born street María Quispe Rosa José").split()
_PIECES = ("987 654 321", "45.218.963", "+51 984 123 456", "12/05/2009", "@", "arroba",
           "punto com", "gmail", "\u00a0", "\u2013", "…", "\n", "\nR: ", ", ", ". ", "3",
           "2010", "www.", "http://", "Av.", "DNI", "km 5", "(01) 234-5678")


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    literals = _literals()
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(5, 120)):
            roll = rng.random()
            if roll < 0.15:
                literal = rng.choice(literals)
                parts.append(rng.choice((literal, literal.upper(), literal.title())))
            elif roll < 0.3:
                parts.append(rng.choice(_PIECES))
            else:
                parts.append(rng.choice(_FILLER))
        text = " ".join(parts)
        texts += [text, fold_same_length(text)]
    return texts


TEXTS = _texts(60, seed=16)


def _all(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def _prefiltered(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in cues.finditer(pattern, text)]


def test_the_prefilter_plans_the_costly_cues():
    planned = {name for name, _ in PLANNED}
    for cue in ("rules._AT", "rules._EMAIL_CUE", "rules._CARDINAL_CUE", "rules._ID_CUE",
                "rules._YEAR_WORDS_CUE", "rules._BIRTH_VERB", "addresses._STREET_CUE_LOWER"):
        assert cue in planned
    assert set(cues.plan(rules._AT).need) >= {"@", "arroba", "[at]", "gmail"}
    assert cues.plan(rules._BIRTH_VERB).need == ("born", "naci")


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_same_matches_as_the_pattern(name, pattern):
    """Every pattern of the PII modules, on texts that hold some of the cues'
    literals (in three letter cases) and lack others."""
    for text in TEXTS:
        assert _prefiltered(pattern, text) == _all(pattern, text), (name, text)


@pytest.mark.parametrize(("name", "pattern"), PLANNED, ids=[n for n, _ in PLANNED])
def test_each_alternative_cue_found_gives_the_same_matches(name, pattern):
    """A text holding one alternative's literal (so the others are left out)."""
    plan = cues.plan(pattern)
    for _, _, need in plan.choices:
        for literal in need:
            text = f"la señora dijo que {literal} 987 654 321 y {literal}. Fin"
            for t in (text, fold_same_length(text)):
                assert _prefiltered(pattern, t) == _all(pattern, t), (name, literal)


@pytest.mark.parametrize(("name", "pattern"), PLANNED, ids=[n for n, _ in PLANNED])
def test_text_without_the_cues_has_no_matches(name, pattern):
    plan = cues.plan(pattern)
    if not plan.need:
        return
    # (a text of one character that none of the literals has)
    text = next(ch for ch in "zqx#ÿ" if ch not in "".join(plan.need)) * 80
    assert not any(literal in text for literal in plan.need)
    assert cues.reduced(pattern, text) is None
    assert list(cues.finditer(pattern, text)) == [] == list(pattern.finditer(text))


def test_missing_alternatives_are_left_out():
    text = "me lo mandó al correo de la oficina"
    small = cues.reduced(rules._EMAIL_CUE, text)
    assert small is not None and small is not rules._EMAIL_CUE
    assert [m.span() for m in small.finditer(text)] == \
        [m.span() for m in rules._EMAIL_CUE.finditer(text)]
    # every alternative's cue there: the pattern itself
    every = " ".join(need[0] for _, _, need in cues.plan(rules._EMAIL_CUE).choices)
    assert cues.reduced(rules._EMAIL_CUE, every) is rules._EMAIL_CUE


@pytest.mark.parametrize(("pattern", "text"), [
    # a letter under IGNORECASE is no literal: "CALLE" matches "(?i:calle)"
    (re.compile(r"(?i:calle|jiron)\s+\w+|zzz"), "la CALLE Lima y el JIRÓN Puno"),
    (re.compile(r"calle\s+\w+|zzz", re.IGNORECASE), "la CALLE Lima"),
    # a Unicode digit matches \d: no "0"-"9" literal is assumed
    (re.compile(r"\d{3}-\d{3}|arroba"), "tel ٣٤٥-٦٧٨"),
    # an alternative that captures a group is kept, groups as they were
    (re.compile(r"(?:(?P<a>arroba)|gmail|(hotmail))\b"), "hotmail y arroba"),
    # a lookbehind sees the text before the match
    (re.compile(r"(?<!\w)(?:soy|me llamo)\s+(\w+)"), "yo soy rosa, pero me llamo ana"),
    (re.compile(r"\b(?:mil|millon)\b|thousand"), "dos mil, familia, un millon"),
])
def test_tricky_patterns(pattern, text):
    assert _prefiltered(pattern, text) == _all(pattern, text)


def _windows_reference(cue, text, before, after):
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


def test_windows_are_those_of_the_cue_everywhere():
    for text in TEXTS[:40]:
        for _, cue in PLANNED:
            assert list(windows(cue, text, 20, 40)) == \
                list(_windows_reference(cue, text, 20, 40))


def _fold_reference(text: str) -> str:
    folded = text.translate(_FOLD).lower()
    if len(folded) != len(text):
        folded = "".join(ch.translate(_FOLD).lower()[:1] or ch for ch in text)
    return folded


def test_the_faster_fold_is_the_fold():
    rng = random.Random(7)
    alphabet = "aeiouAEIOU ÁÉÍÓÚÜÑáéíóúüñçÇ.,-\n9İßẞǅΣ…—“”"
    samples = ["", "Rosa", "MARÍA", "ÑANDÚ", "İstanbul", "Straße", "a" * 65, "é" * 65]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300)))
                for _ in range(300)]
    for text in samples:
        assert fold_same_length(text) == _fold_reference(text), text
        assert len(fold_same_length(text)) == len(text)
