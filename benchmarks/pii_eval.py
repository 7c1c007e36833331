"""Measure a PII scanner on a seeded corpus with gold.csv and on PII-free text.

    python benchmarks/pii_eval.py SEEDED_DIR GOLD_CSV [--clean DIR_OR_FILE ...]
                                  [--engine kiicode|presidio] [--json OUT]
                                  [--misses [CATEGORY ...]]

kiicode reads the folders the way `kiicode pii scan DIR` does (transcript
readers, speakers maps and labels as known names). The presidio engine runs
Presidio's predefined pattern recognisers without any NLP model (so no
names), Spanish and English, phones checked for the PE and US regions; it
needs `pip install presidio-analyzer` (not a kiicode dependency) and reads
the same text kiicode scans: for .md and .txt files that is the file itself,
for meeting-tool files (.vtt, .srt, .docx) the turns kiicode keeps, which is
what gold offsets point into. Folders are read the way `kiicode ingest DIR`
reads them: every transcript format, with a roster (respondents.csv) beside
the files supplying their metadata.

A gold item counts as found when a hit of the same category overlaps it; a
hit in PII-free text is a false positive, reported per 10,000 words (words of
the transcript bodies, front matter left out). Figures are given for every
hit the scan reports (confidence >= 0.5) and for the high-confidence hits that
stop exports (>= 0.8). `--misses` lists, for development corpora only, each
gold item not found at high confidence and each false positive, with its
text (never run it on a blind corpus: reading its misses unblinds it)."""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

CATEGORIES = ("person_name", "phone", "email", "url", "id_number", "date_of_birth", "address")
THRESHOLDS = {"all": 0.5, "high": 0.8}
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def body_words(text: str) -> int:
    if text.startswith("---"):
        closing = re.search(r"^---[ \t]*$", text[3:], re.MULTILINE)
        if closing:
            text = text[3 + closing.end():]
    return len(text.split())


def files_of(paths: list[str]) -> list[Path]:
    from kiicode.transcripts.corpus import transcript_files

    return transcript_files(paths)[0]


def kept_corpus(paths: list[Path]):
    """The transcripts as kiicode keeps them, with the rosters beside the files
    (read once per set of files: hits, word counts and misses all need them)."""
    return _read_kept(tuple(paths))


@lru_cache(maxsize=4)
def _read_kept(paths: tuple[Path, ...]):
    from kiicode.codebook import load_codebook
    from kiicode.transcripts.corpus import read_corpus, rosters_beside

    book = load_codebook(ROOT / "codebooks" / "cpc_peru.yaml")
    return read_corpus([*paths, *rosters_beside(paths)], book)


def corpus_words(paths: list[Path]) -> int:
    return sum(body_words(t.text) for t in kept_corpus(paths).transcripts) if paths else 0


def kiicode_hits(paths: list[Path]) -> dict[str, list[tuple[int, int, str, float]]]:
    from kiicode.pii.scan import scan_transcripts

    corpus = kept_corpus(paths)
    by_id = {t.id: Path(t.path).name for t in corpus.transcripts}
    hits: dict[str, list] = defaultdict(list)
    for hit in scan_transcripts(corpus.transcripts, min_confidence=0.0).hits:
        hits[by_id[hit.transcript]].append((hit.start, hit.end, hit.category, hit.confidence))
    return hits


PRESIDIO_MAP = {"EMAIL_ADDRESS": "email", "URL": "url", "PHONE_NUMBER": "phone",
                "DATE_TIME": "date_of_birth", "US_SSN": "id_number",
                "US_PASSPORT": "id_number", "US_DRIVER_LICENSE": "id_number",
                "ES_NIF": "id_number", "ES_NIE": "id_number", "US_BANK_NUMBER": "id_number",
                "US_ITIN": "id_number", "CREDIT_CARD": "id_number", "IBAN_CODE": "id_number",
                "IP_ADDRESS": "url"}


def presidio_hits(paths: list[Path]) -> dict[str, list[tuple[int, int, str, float]]]:
    from presidio_analyzer import predefined_recognizers as pr

    recognisers = []
    for language in ("es", "en"):
        for cls, kwargs in ((pr.EmailRecognizer, {}), (pr.UrlRecognizer, {}),
                            (pr.PhoneRecognizer, {"supported_regions": ("PE", "US")}),
                            (pr.DateRecognizer, {}), (pr.UsSsnRecognizer, {}),
                            (pr.UsPassportRecognizer, {}), (pr.EsNifRecognizer, {}),
                            (pr.CreditCardRecognizer, {}), (pr.IpRecognizer, {})):
            try:
                recognisers.append(cls(supported_language=language, **kwargs))
            except TypeError:
                recognisers.append(cls(**kwargs))
    hits: dict[str, list] = defaultdict(list)
    for transcript in kept_corpus(paths).transcripts:
        text, name = transcript.text, Path(transcript.path).name
        seen = set()
        for recogniser in recognisers:
            entities = recogniser.supported_entities
            for r in recogniser.analyze(text, entities, None) or []:
                category = PRESIDIO_MAP.get(r.entity_type)
                if category and (r.start, r.end, category) not in seen:
                    seen.add((r.start, r.end, category))
                    # presidio's scores are not kiicode's: every result counts as "high"
                    hits[name].append((r.start, r.end, category, 1.0))
    return hits


def evaluate(seeded: list[Path], gold_csv: Path, clean: list[Path], engine: str,
             misses: tuple[str, ...] = ()) -> dict:
    """Recall and false positives per category; with `misses` (categories), also
    the texts of the gold items of those categories not found at high confidence
    and of their false positives in the PII-free text."""
    finder = kiicode_hits if engine == "kiicode" else presidio_hits
    with gold_csv.open(encoding="utf-8") as handle:
        gold = [(r["file"], int(r["start"]), int(r["end"]), r["category"])
                for r in csv.DictReader(handle)]
    seeded_hits = finder(seeded)
    clean_hits = finder(clean) if clean else {}
    words_clean = corpus_words(clean)
    words_seeded = corpus_words(seeded)
    result: dict = {"engine": engine, "gold_items": len(gold), "seeded_words": words_seeded,
                    "clean_words": words_clean, "by_threshold": {}}
    for name, threshold in THRESHOLDS.items():
        per: dict[str, dict] = {}
        for category in CATEGORIES:
            items = [g for g in gold if g[3] == category]
            found = sum(1 for f, s, e, c in items if any(
                hs < e and s < he and hc == c and conf >= threshold
                for hs, he, hc, conf in seeded_hits.get(f, ())))
            found_any = sum(1 for f, s, e, c in items if any(
                hs < e and s < he and conf >= threshold
                for hs, he, hc, conf in seeded_hits.get(f, ())))
            fp_clean = sum(1 for hits in clean_hits.values() for h in hits
                           if h[2] == category and h[3] >= threshold)
            spurious = sum(1 for f, hits in seeded_hits.items() for hs, he, hc, conf in hits
                           if hc == category and conf >= threshold and not any(
                               hs < e and s < he for gf, s, e, _ in gold if gf == f))
            per[category] = {
                "items": len(items), "found": found,
                "recall": round(found / len(items), 3) if items else None,
                "found_any_category": found_any,
                "false_positives_clean": fp_clean,
                "fp_per_10k_words": round(fp_clean / words_clean * 10_000, 2)
                if words_clean else None,
                "spurious_in_seeded": spurious,
            }
        fp_total = sum(p["false_positives_clean"] for p in per.values())
        result["by_threshold"][name] = {
            "threshold": threshold, "categories": per,
            "false_positives_clean": fp_total,
            "fp_per_10k_words": round(fp_total / words_clean * 10_000, 2) if words_clean
            else None,
            "recall_all": round(sum(p["found"] for p in per.values()) / len(gold), 3)
            if gold else None,
        }
    if misses:
        result["misses"] = missed_items(seeded, gold, seeded_hits, misses)
        result["false_positives"] = [
            f"{name}: {hc} {conf:.2f} {text!r}" for name, hits in sorted(clean_hits.items())
            for hs, he, hc, conf in hits if hc in misses and conf >= THRESHOLDS["all"]
            for text in [_texts(clean)[name][hs:he]]]
    return result


def _texts(paths: list[Path]) -> dict[str, str]:
    return {Path(t.path).name: t.text for t in kept_corpus(paths).transcripts}


def missed_items(seeded: list[Path], gold: list, seeded_hits: dict,
                 categories: tuple[str, ...]) -> list[str]:
    """One line per gold item of `categories` with no same-category hit at high
    confidence: its text and what the scan did find over it, if anything."""
    texts, lines = _texts(seeded), []
    high = THRESHOLDS["high"]
    for f, s, e, c in gold:
        hits = [h for h in seeded_hits.get(f, ()) if h[0] < e and s < h[1]]
        if c not in categories or any(hc == c and conf >= high for _, _, hc, conf in hits):
            continue
        text = texts[f]
        found = ", ".join(f"{hc} {conf:.2f} {text[hs:he]!r}" for hs, he, hc, conf in hits)
        lines.append(f"{f}: {c} {text[s:e]!r} in {text[max(0, s - 50):e + 30]!r}"
                     f" -> {found or 'nothing'}")
    return lines


def render(result: dict) -> str:
    lines = [f"engine {result['engine']}: {result['gold_items']} gold items in "
             f"{result['seeded_words']:,} seeded words; {result['clean_words']:,} PII-free words"]
    for name, block in result["by_threshold"].items():
        lines.append(f"\n[{name}: confidence >= {block['threshold']}]  overall recall "
                     f"{block['recall_all']}, false positives {block['false_positives_clean']} "
                     f"= {block['fp_per_10k_words']} per 10k words")
        lines.append("| category | items | found | recall | FP in PII-free | FP/10k words | "
                     "unmatched hits in seeded |")
        lines.append("|---|---|---|---|---|---|---|")
        for category, p in block["categories"].items():
            lines.append(f"| {category} | {p['items']} | {p['found']} | {p['recall']} | "
                         f"{p['false_positives_clean']} | {p['fp_per_10k_words']} | "
                         f"{p['spurious_in_seeded']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeded")
    parser.add_argument("gold")
    parser.add_argument("--clean", nargs="*", default=[])
    parser.add_argument("--engine", choices=("kiicode", "presidio"), default="kiicode")
    parser.add_argument("--json")
    parser.add_argument("--misses", nargs="*", choices=CATEGORIES,
                        help="development corpora only: list misses and false positives "
                             "of these categories (all when none is named)")
    args = parser.parse_args()
    shown = tuple(args.misses or CATEGORIES) if args.misses is not None else ()
    result = evaluate(files_of([args.seeded]), Path(args.gold), files_of(args.clean),
                      args.engine, shown)
    print(render(result))
    for line in result.get("misses", []) + result.get("false_positives", []):
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
