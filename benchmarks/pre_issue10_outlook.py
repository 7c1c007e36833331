"""The "before" column of the blind tables: the matcher before issue 10
(commit 650f501) had no likely findings or segment line of inquiry, so its
per-segment figures are computed from its suggestions by the rule it implied:
a segment's line of inquiry is the majority LOI of its suggested codes (ties:
the larger summed score), its findings those its codes support, strongest
first. This writes those outlooks into a store the old matcher coded, so
`kiicode evaluate` scores them exactly as it scores today's.

    git worktree add --detach /tmp/old 650f501
    PYTHONPATH=/tmp/old python -m kiicode ingest FOLDER --store old.sqlite \\
        -c /tmp/old/codebooks/cpc_peru.yaml
    PYTHONPATH=/tmp/old python -m kiicode code --store old.sqlite
    python benchmarks/pre_issue10_outlook.py old.sqlite codebooks/cpc_peru.yaml
    kiicode evaluate FOLDER/gold.csv --store old.sqlite -c codebooks/cpc_peru.yaml
"""

from __future__ import annotations

import sys
from collections import defaultdict

from kiicode.analysis import findings_supported
from kiicode.codebook import load_codebook
from kiicode.store import Outlook, Store


def pattern_outlooks(store: Store, codebook) -> list[Outlook]:
    scores: dict[str, dict[str, float]] = defaultdict(dict)
    for coding in store.codings([s.id for s in store.segments()], coder="auto"):
        if coding.status != "rejected" and coding.code in codebook.codes:
            scores[coding.segment][coding.code] = coding.score or 0.0
    outlooks = []
    for segment, codes in scores.items():
        votes: dict[str, list[float]] = defaultdict(list)
        for code, score in codes.items():
            if codebook.codes[code].loi:
                votes[codebook.codes[code].loi].append(score)
        loi = max(votes, key=lambda line: (len(votes[line]), sum(votes[line])), default="")
        outlooks.append(Outlook(segment, tuple(findings_supported(codebook, codes)[:3]), loi))
    return outlooks


def main() -> None:
    store_path, codebook_path = sys.argv[1], sys.argv[2]
    codebook = load_codebook(codebook_path)
    with Store.open(store_path) as store:
        store.replace_outlooks(pattern_outlooks(store, codebook))


if __name__ == "__main__":
    main()
