"""Cheap literal cues before costly patterns: the scan's prefilter (issue 16).

The cue patterns of `rules.windows` are searched in every text, and Python's
`re` tries an alternation such as "@|arroba|aroba|… at … dot com|…" at every
position of the text: on 1M words that costs more than the rules that then run
near the cues. But most of a cue's alternatives cannot match in a given text at
all, because each needs a literal piece the text lacks ("arroba", "gmail",
"[at]"), and `literal in text` rules a literal out far faster than the engine.

`finditer(pattern, text)` gives exactly `pattern.finditer(text)`'s matches,
found faster:

1. The pattern is read once, with `re`'s own parser, for the literals a match
   must contain (`_needed`): a run of plain characters every match passes
   through ("arroba" in `\\barroba\\b`), or one of an alternation's ("gmail" or
   "hotmail" in `(?:gmail|hotmail)`: the best piece of each alternative). `\\d`,
   `\\w`, a class of letters, an optional part, a lookaround or a letter under
   IGNORECASE give none (a Unicode digit is not "0"-"9"; "A" may match "a").
   This is done for the whole pattern and for each alternative of the
   alternations a match begins with (the ones tried at every position).
2. Per text: when a literal the whole pattern needs is in none of its forms in
   the text, nothing can match and nothing is run. An alternative whose
   literals are all missing cannot match anywhere in the text, so leaving it out
   changes no match (the engine takes, at each position, the first alternative
   that leads to a match; one that never can is never that one). The pattern
   without those alternatives is compiled from the parsed tree (cached per set
   left out) and run. Alternatives that capture a group are always kept.

So the cue is sufficient by construction: it is derived from the pattern as the
rules' authors wrote it and stays right when they change one; no list of cue
words is kept by hand beside the patterns. Where the engine is fast anyway (a
pattern beginning with an uncommon character, which it skips to) or the lookups
would cost more than they save (over `_TOO_MANY` literals), the pattern runs as
it is. `tests/pii/test_cues.py` checks the prefilter against `re` on every
pattern of the PII modules and on generated texts; `benchmarks/pii_same_hits.py`
compares every finding of the scan with main's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

try:   # Python 3.11+
    from re import _compiler as _sre_compile
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:   # pragma: no cover - Python 3.10
    import sre_compile as _sre_compile  # type: ignore[no-redef]
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]


def _compile(tree, flags: int) -> re.Pattern[str]:
    """A parsed (and reduced) pattern, compiled by `re`'s own compiler."""
    return _sre_compile.compile(tree, flags)


_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT}
if hasattr(_sre, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_sre.POSSESSIVE_REPEAT)
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)
_SMALL_CLASS = 12   # a class of up to this many plain characters is a set of literals


def _caseless(ch: str) -> bool:
    """A character IGNORECASE cannot widen (an ASCII digit or punctuation)."""
    return ch.isascii() and not ch.isalpha()


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective of several literal sets a match must each meet: the one
    whose shortest literal is longest (a long piece is rarer), then the smallest."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _needed(items, ignorecase: bool) -> frozenset[str] | None:
    """Literals one of which every match of the parsed sequence `items` contains
    (None: no such set is known)."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _sre.LITERAL and not (ignorecase and not _caseless(chr(av))):
            run.append(chr(av))
            continue
        flush()
        need = None
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            case = (ignorecase or bool(add_flags & re.IGNORECASE)) and \
                not del_flags & re.IGNORECASE
            need = _needed(sub, case)
        elif op is _ATOMIC:
            need = _needed(av, ignorecase)
        elif op is _sre.BRANCH:
            alternatives = [_needed(alt, ignorecase) for alt in av[1]]
            if all(alternatives):
                need = frozenset().union(*alternatives)
        elif op in _REPEATS:
            low, _high, sub = av
            need = _needed(sub, ignorecase) if low >= 1 else None
        elif op is _sre.IN:
            chars = [chr(v) for o, v in av if o is _sre.LITERAL]
            if len(chars) == len(av) <= _SMALL_CLASS and \
                    not (ignorecase and not all(map(_caseless, chars))):
                need = frozenset(chars)
        # (AT, ANY, CATEGORY, NOT_LITERAL, lookarounds, back references: none)
        if need:
            candidates.append(need)
    flush()
    return _best(candidates)


def _has_group(items) -> bool:
    """Whether the parsed sequence captures a group anywhere inside it."""
    for op, av in items:
        if op is _sre.SUBPATTERN and av[0] is not None:
            return True
        for sub in _children(op, av):
            if _has_group(sub):
                return True
    return False


def _children(op, av) -> list:
    """The parsed sequences directly inside one node."""
    if op is _sre.SUBPATTERN:
        return [av[3]]
    if op is _sre.BRANCH:
        return list(av[1])
    if op in _REPEATS:
        return [av[2]]
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op is _ATOMIC:
        return [av]
    if op is _sre.GROUPREF_EXISTS:
        return [sub for sub in av[1:] if sub is not None]
    return []


# The commonest characters of Spanish and English speech, folded: a pattern whose
# matches may begin with one of them is tried at almost every position.
_COMMON = frozenset(" \t\neaosnrildtcump")


def _first_is_fast(items) -> bool:
    """Whether the engine can skip through a text by the first character of every
    match, an uncommon one ("EAC|WAC|…", "[VE]", "\\.(?:com|…)", "km|kilomet",
    "https?:|www\\.|…"): the engine is fast on such a pattern, which is left as
    it is."""
    if not items:
        return False
    op, av = items[0]
    if op is _sre.LITERAL:
        return chr(av) not in _COMMON
    if op is _sre.IN:
        return all(o is _sre.LITERAL and chr(v) not in _COMMON for o, v in av)
    if op is _sre.BRANCH:
        return all(_first_is_fast(alt) for alt in av[1])
    if op is _sre.SUBPATTERN:
        return _first_is_fast(av[3])
    return False


class _Plan(NamedTuple):
    tree: object                                  # the parsed pattern
    need: tuple[str, ...]                         # what any match needs (or ())
    choices: tuple[tuple[int, int, tuple[str, ...]], ...]   # (branch, alternative, need)
    alternatives: dict[int, int]                  # branch -> how many alternatives


def _in_order(need: frozenset[str] | None) -> tuple[str, ...]:
    """The literals, shortest first: the likeliest to be found, ending the lookups."""
    return tuple(sorted(need or (), key=lambda literal: (len(literal), literal)))


_TOO_MANY = 40   # literals: a lookup costs about one fast pass over the text
_SHORT = 3       # an alternative needing a shorter piece ("o", "da") is in every text
_PLANS: dict[re.Pattern[str], _Plan | None] = {}
_REDUCED: dict[tuple[re.Pattern[str], frozenset[tuple[int, int]]], re.Pattern[str]] = {}


def plan(pattern: re.Pattern[str]) -> _Plan | None:
    """What may be left out of `pattern`: the literals any match needs, and each
    alternative of the alternations a match begins with, with the literals it
    needs. None when the engine is as fast without the prefilter: no literal,
    too many to look up, or an uncommon first character to skip by."""
    if pattern in _PLANS:
        return _PLANS[pattern]
    result = None
    try:
        tree = _sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:   # pragma: no cover - a compiled pattern parses
        tree = None
    if tree is not None and not _first_is_fast(tree.data):
        ignorecase = bool(pattern.flags & re.IGNORECASE)
        choices: list[tuple[int, int, tuple[str, ...]]] = []
        alternatives: dict[int, int] = {}

        def walk(items, case: bool) -> None:
            # (only the alternations a match begins with: the engine tries them at
            # every position, while one further in runs only where its match got to)
            for op, av in items:
                if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
                    continue   # zero-width: the match begins with what follows
                if op is _sre.BRANCH:
                    alternatives[id(av[1])] = len(av[1])
                    for i, alt in enumerate(av[1]):
                        need = _needed(alt, case)
                        # (an alternative that captures a group is kept: leaving it
                        # out cannot change a match, but a reader need not check)
                        if need and min(map(len, need)) >= _SHORT and not _has_group(alt):
                            choices.append((id(av[1]), i, _in_order(need)))
                        walk(alt, case)
                elif op is _sre.SUBPATTERN:
                    walk(av[3], (case or bool(av[1] & re.IGNORECASE)) and
                         not av[2] & re.IGNORECASE)
                return

        walk(tree.data, ignorecase)
        need = _needed(tree.data, ignorecase)
        literals = set(need or ()).union(*(n for _, _, n in choices))
        if literals and len(literals) <= _TOO_MANY:
            result = _Plan(tree, _in_order(need), tuple(choices), alternatives)
    _PLANS[pattern] = result
    return result


def _without(items, gone: dict[int, set[int]]):
    """A copy of the parsed sequence `items` without the alternatives `gone`."""
    out = []
    for op, av in items:
        if op is _sre.BRANCH:
            left_out = gone.get(id(av[1]), ())
            av = (av[0], [_sub_without(alt, gone) for i, alt in enumerate(av[1])
                          if i not in left_out])
        elif op is _sre.SUBPATTERN:
            av = (*av[:3], _sub_without(av[3], gone))
        elif op in _REPEATS:
            av = (av[0], av[1], _sub_without(av[2], gone))
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            av = (av[0], _sub_without(av[1], gone))
        elif op is _ATOMIC:
            av = _sub_without(av, gone)
        elif op is _sre.GROUPREF_EXISTS:
            av = (av[0], *(None if sub is None else _sub_without(sub, gone) for sub in av[1:]))
        out.append((op, av))
    return out


def _sub_without(sub, gone: dict[int, set[int]]):
    return _sre_parse.SubPattern(sub.state, _without(sub.data, gone))


class _Present:
    """Which literals one text holds, each looked up once (cues share them), and
    the spans of the cues already searched in it (some finders share a cue)."""

    __slots__ = ("text", "seen", "spans")

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: dict[str, bool] = {}
        self.spans: dict[re.Pattern[str], list[tuple[int, int]]] = {}

    def any(self, literals: tuple[str, ...]) -> bool:
        seen = self.seen
        for literal in literals:
            found = seen.get(literal)
            if found is None:
                found = seen[literal] = literal in self.text
            if found:
                return True
        return False


_RECENT: list[_Present] = []
_RECENT_SIZE = 4   # a text, its folded copy and its copy with plain separators


def _present(text: str) -> _Present:
    """The literal lookups of `text`, kept for the few texts last asked about
    (each finder is given the text and its folded copy, one after the other)."""
    recent = _RECENT
    for present in recent:
        if present.text is text:
            return present
    present = _Present(text)
    recent.insert(0, present)
    del recent[_RECENT_SIZE:]
    return present


def reduced(pattern: re.Pattern[str], text: str) -> re.Pattern[str] | None:
    """`pattern` without the alternatives that cannot match in `text` (None when
    no match can: a literal every match needs is not there). An alternation
    keeps all its alternatives when none of them can match (rare)."""
    p = plan(pattern)
    if p is None:
        return pattern
    present = _present(text)
    if p.need and not present.any(p.need):
        return None
    gone: dict[int, set[int]] = {}
    for branch, i, need in p.choices:
        if not present.any(need):
            gone.setdefault(branch, set()).add(i)
    drops = frozenset((branch, i) for branch, left_out in gone.items()
                      if len(left_out) < p.alternatives[branch] for i in left_out)
    if not drops:
        return pattern
    key = (pattern, drops)
    small = _REDUCED.get(key)
    if small is None:
        keep = {branch: {i for b, i in drops if b == branch} for branch, _ in drops}
        small = _REDUCED[key] = _compile(_sub_without(p.tree, keep), pattern.flags)
    return small


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Exactly `pattern.finditer(text)`'s matches (same spans, same order),
    without trying the alternatives that cannot match in `text`."""
    small = reduced(pattern, text)
    return iter(()) if small is None else small.finditer(text)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The (start, end) of each of `pattern.finditer(text)`'s matches, found once
    for the texts being scanned (`finditer`)."""
    present = _present(text)
    found = present.spans.get(pattern)
    if found is None:
        found = present.spans[pattern] = [m.span() for m in finditer(pattern, text)]
    return found
