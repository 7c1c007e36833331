"""Build kiicode/pii/data/names.tsv, the name gazetteer `kiicode pii scan` ships.

Sources (both allow redistribution):
- Faker's person providers (MIT licence, (c) Daniele Faraglia and contributors):
  first and last names of the locales in LOCALES below (Spanish, English,
  Brazilian Portuguese, Nigerian, Kenyan, Swahili, Indian, Pakistani, Irish,
  Italian, French), and the Latin-letter names of zh_CN and ja_JP;
- scripts/pii_andean_names.txt: Quechua, Aymara and common Peruvian given
  names and surnames, Venezuelan migrants' given names and Amazonian
  surnames, compiled by hand for kiicode (MIT, with kiicode).

Each name is also marked "common", with the languages (es, en) in which it
is an everyday word too (rosa, flores, paz: es; will, hope: en): spaCy's
lexeme probabilities (spacy-lookups-data, MIT) say its lower-case form is
frequent there and not much rarer than its capitalised form. The scanner
trusts such a name, in a text of that language, only beside another name,
a title cue or strong evidence.

Run it by hand (needs faker and spacy-lookups-data installed), never at run
time: python scripts/build_pii_names.py
"""

from __future__ import annotations

import gzip
import importlib
import json
import os
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent / "kiicode" / "pii" / "data" / "names.tsv"
LOCALES = ("es_ES", "es_MX", "es_CO", "es_AR", "es_CL", "en_US", "en_GB",
           # people an evaluation of child protection in Peru meets too: Brazilian
           # border communities, Nigerian, Kenyan, Indian and Pakistani staff and
           # victims, Irish, Italian and French volunteers and clergy
           "pt_BR", "en_NG", "yo_NG", "ig_NG", "ha_NG", "en_KE", "sw", "en_IN", "en_PK",
           "en_IE", "it_IT", "fr_FR",
           # Chinese and Japanese names as written in Latin letters
           "zh_CN", "ja_JP")
# A lower-case form at least this frequent (log probability) ...
COMMON_PROB = -12.5
# ... and at most this much rarer than the capitalised form is an everyday word.
COMMON_GAP = -0.6
# Particles of compound names ("María del Carmen", "De la Cruz") are not names.
PARTICLES = {"de", "del", "la", "las", "los", "y", "e", "da", "di", "do", "du", "van", "von",
             "der", "den", "san", "santa", "santo", "mc", "mac", "st", "le", "el"}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def faker_names() -> tuple[set[str], set[str]]:
    given: set[str] = set()
    surnames: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute, bucket in (("first_names", given), ("first_names_female", given),
                                  ("first_names_male", given), ("last_names", surnames),
                                  ("first_romanized_names", given),
                                  ("last_romanized_names", surnames)):
            values = provider.__dict__.get(attribute)
            if values is None or isinstance(values, property):
                continue
            for name in values:
                for part in str(name).replace("-", " ").split():
                    if len(part) > 1 and part[0].isupper() and _latin(part):
                        bucket.add(part)
    return given, surnames


def _latin(word: str) -> bool:
    """Latin letters only (with accents): a name as Spanish or English text writes it."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in word)


def andean_names() -> tuple[set[str], set[str]]:
    given: set[str] = set()
    surnames: set[str] = set()
    bucket = surnames
    for line in (HERE / "pii_andean_names.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line == "[surnames]":
            bucket = surnames
        elif line == "[given]":
            bucket = given
        else:
            bucket.add(line)
    return given, surnames


def everyday_words(names: set[str]) -> dict[str, set[str]]:
    """Folded key -> the languages ("es", "en") in which the name (as spelled,
    accents kept) is also a frequent lower-case word: "paredes" is one in
    Spanish only, "grace" in English only."""
    import spacy_lookups_data

    data = Path(os.path.dirname(spacy_lookups_data.__file__)) / "data"
    common: dict[str, set[str]] = {}
    for language in ("es", "en"):
        with gzip.open(data / f"{language}_lexeme_prob.json.gz") as handle:
            prob = json.load(handle)
        for name in names:
            lower = prob.get(name.lower(), -30.0)
            if lower >= COMMON_PROB and lower - prob.get(name, -30.0) >= COMMON_GAP:
                common.setdefault(fold(name), set()).add(language)
    return common


def main() -> int:
    given, surnames = faker_names()
    more_given, more_surnames = andean_names()
    given |= more_given
    surnames |= more_surnames
    common = everyday_words(given | surnames)
    kinds: dict[str, set[str]] = {}
    for names, kind in ((given, "g"), (surnames, "s")):
        for name in names:
            if fold(name) not in PARTICLES:
                kinds.setdefault(fold(name), set()).add(kind)
    lines = ["# name (folded)\tkind: g given, s surname\tcommon: the languages (es, en) in "
             "which it is also an everyday word, 0 for none",
             "# built by scripts/build_pii_names.py from Faker (MIT) and kiicode's own "
             "Andean list; see kiicode/pii/data/NOTICE"]
    for key in sorted(kinds):
        kind = "".join(sorted(kinds[key]))
        lines.append(f"{key}\t{kind}\t{','.join(sorted(common.get(key, ()))) or '0'}")
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(kinds)} names ({sum(k in common for k in kinds)} also everyday words) "
          f"-> {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
