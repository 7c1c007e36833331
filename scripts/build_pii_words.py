"""Build kiicode/pii/data/everyday_words.txt: frequent Spanish and English
words that are no name in the shipped gazetteer (data/names.tsv), folded,
one a line. The scanner does not take such a word, capitalised, for a name
the gazetteer lacks ("Peor, joven." is no one in apposition; "el fiscal
Adjunto" no fiscal's name).

Source: spaCy's lexeme probabilities (spacy-lookups-data, MIT License,
Explosion AI): a lower-case form at least as frequent as WORD_PROB whose
capitalised form is rarer by GAP or more (a word people write in lower
case, not a name written in capitals).

Run it by hand after build_pii_names.py (needs spacy-lookups-data, a kiicode
dependency), never at run time: python scripts/build_pii_words.py
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "kiicode" / "pii" / "data"
TARGET = DATA / "everyday_words.txt"
WORD_PROB = -11.0
GAP = 0.5
WORD = re.compile(r"[a-záéíóúñü]{3,}")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def main() -> int:
    import spacy_lookups_data

    names = {line.split("\t")[0] for line in (DATA / "names.tsv").read_text("utf-8").splitlines()
             if line and not line.startswith("#")}
    source = Path(os.path.dirname(spacy_lookups_data.__file__)) / "data"
    words: set[str] = set()
    for language in ("es", "en"):
        with gzip.open(source / f"{language}_lexeme_prob.json.gz") as handle:
            prob = json.load(handle)
        for word, value in prob.items():
            if value >= WORD_PROB and WORD.fullmatch(word) and \
                    value - prob.get(word.capitalize(), -30.0) >= GAP and fold(word) not in names:
                words.add(fold(word))
    header = ["# frequent Spanish and English words that are no name in names.tsv, folded;",
              "# built by scripts/build_pii_words.py from spacy-lookups-data (MIT); see NOTICE"]
    TARGET.write_text("\n".join(header + sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(words)} everyday words -> {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
