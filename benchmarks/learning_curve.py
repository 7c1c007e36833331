"""Learning curve: how much auto-coding improves on the segments nobody
reviewed after a coder has reviewed N segments.

The review is simulated from a gold CSV the way a coder would do it: on each
of the first N segments (in a seeded random order) every suggestion whose
code the gold has is accepted, every other one rejected, and every gold code
not suggested is assigned. `kiicode code` then runs again (it learns from the
decisions) and the machine is measured against the gold on the REST only.

    .venv/bin/python benchmarks/learning_curve.py FOLDER [GOLD.csv] [FOLDER [GOLD.csv] ...] \\
        [--codebook codebooks/cpc_peru.yaml] [--sizes 10 25 50 100] [--seed 7]

Each FOLDER is read as `kiicode ingest FOLDER` reads it (its roster included);
its GOLD defaults to the folder's gold.csv, else gold_codings.csv, so the
development data runs as `learning_curve.py transcripts_sample`. Several
folders make one project (their golds joined), so the rest measured after
100 reviewed segments is larger: `learning_curve.py
tests/retired_blind/coding tests/retired_blind/coding2` measures 216.

Every N is measured on the same rest (the segments after the largest N).
Prints one row per N and language: share of segments with a suggestion, LOI
accuracy, finding@3, code micro P/R/F1, and the similar tier's precision."""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from pathlib import Path

from kiicode.codebook import load_codebook
from kiicode.evaluation import evaluate, read_gold, read_gold_outlook
from kiicode.pipeline import code, ingest
from kiicode.store import AUTO_CODER, Store

CODER = "simulated"


def review(store: Store, segment_ids: list[str], gold: dict[str, set[str]]) -> None:
    """Decide every segment as a coder following the gold would."""
    for segment_id in segment_ids:
        suggested = {c.code for c in store.codings([segment_id], coder=AUTO_CODER)}
        for code_id in sorted(suggested):
            store.decide(segment_id, code_id, CODER,
                         "accepted" if code_id in gold[segment_id] else "rejected")
        for code_id in sorted(gold[segment_id] - suggested):
            store.decide(segment_id, code_id, CODER, "accepted", origin="manual")
        store.mark_reviewed(segment_id, CODER)


def figures(store: Store, book, gold, outlook, kind, rest: list[str]) -> dict[str, dict]:
    result = evaluate(store, book, {s: gold[s] for s in rest},
                      outlook={s: outlook[s] for s in rest}, gold_findings=kind)
    found = {}
    for scope, f in result.figures.items():
        codes = result.codes if scope == "all" else result.by_language[scope]["codes"]
        micro = codes.micro
        data = f.as_dict()
        found[scope] = {"segments": data["with_suggestion"]["segments"],
                        "with_suggestion": data["with_suggestion"]["value"],
                        "loi": data["loi_accuracy"]["value"],
                        "finding_at_3": data["finding_at_3"]["value"],
                        "p": round(micro.precision, 3), "r": round(micro.recall, 3),
                        "f1": round(micro.f1, 3),
                        "similar_p": data["tiers"]["similar"]["precision"],
                        "similar_n": data["tiers"]["similar"]["suggestions"]}
    return found


def golds_of(parser: argparse.ArgumentParser, paths: list[Path]) -> dict[Path, Path]:
    """folder -> its gold CSV, from FOLDER [GOLD] FOLDER [GOLD] ..."""
    folders: dict[Path, Path | None] = {}
    last = None
    for path in paths:
        if path.suffix.lower() == ".csv":
            if last is None or folders[last] is not None:
                parser.error(f"{path}: a gold CSV must follow its folder")
            folders[last] = path
        else:
            folders[last := path] = None
    for folder, gold in folders.items():
        if gold is None:
            gold = next((p for p in (folder / "gold.csv", folder / "gold_codings.csv")
                         if p.exists()), None)
            if gold is None:
                parser.error(f"{folder} has no gold.csv or gold_codings.csv: name the gold")
            folders[folder] = gold
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", type=Path, nargs="+", metavar="FOLDER [GOLD]",
                        help="folders of transcripts (and roster), each optionally followed by "
                             "its gold CSV (default: FOLDER/gold.csv, else gold_codings.csv)")
    parser.add_argument("--codebook", type=Path, default=Path("codebooks/cpc_peru.yaml"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 25, 50, 100])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folders = golds_of(parser, args.paths)
    book = load_codebook(args.codebook)
    work = Path(tempfile.mkdtemp(prefix="kiicode-curve-"))
    base = work / "base.sqlite"
    gold, outlook = {}, {}
    with Store.open(base, create=True) as store:
        ingest(store, list(folders), book)
        code(store, book)
        for gold_path in folders.values():
            gold.update(read_gold(gold_path, store, book))
            found, kind = read_gold_outlook(gold_path, store, book)
            outlook.update(found)
    order = sorted(gold)
    random.Random(args.seed).shuffle(order)
    print("| reviewed | scope | rest | with a suggestion | LOI | finding@3 | codes P / R / F1 "
          "| similar P (n) |")
    print("|---|---|---|---|---|---|---|---|")
    largest = max(s for s in args.sizes if s < len(order))
    rest = order[largest:]    # the same unreviewed rest for every N, so rows compare
    for size in [0, *sorted(s for s in args.sizes if s <= largest)]:
        path = work / f"n{size}.sqlite"
        shutil.copy(base, path)
        with Store.open(path) as store:
            review(store, order[:size], gold)
            code(store, book)
            for scope, f in figures(store, book, gold, outlook, kind, rest).items():
                print(f"| {size} | {scope} | {f['segments']} | {f['with_suggestion']} | "
                      f"{f['loi']} | {f['finding_at_3']} | {f['p']} / {f['r']} / {f['f1']} | "
                      f"{f['similar_p']} ({f['similar_n']}) |", flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
