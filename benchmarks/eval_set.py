"""Measure the auto-coder on one coding set (blind or retired), per language.

    python benchmarks/eval_set.py SET_DIR [--json OUT] [--store-dir DIR]

SET_DIR holds transcripts, a roster `respondents.csv` and `gold.csv`
(segment, codes, finding, loi, text), and may hold summary folders
(`prose*/`, each with its own transcripts and gold.csv). Each part is read
into a fresh store, coded with the default codebook and scored by
`kiicode evaluate --format json`. Only summary figures are printed:
coverage of the segments with a gold code, line of inquiry, finding@3 and
each tier's precision, beside the "always the most common answer"
baseline. It never prints a segment's text or its misses, so it may be run
on a blind set (at the start and the end of a round, as
tests/blind/README.md says).

This is the script the figures in docs/matching.md come from since the
twelfth round; earlier rounds used the same steps from a lead's notes."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

TRANSCRIPT_SUFFIXES = {".md", ".txt", ".docx", ".vtt", ".srt"}
NOT_TRANSCRIPTS = {"README.md", "CLEAN_README.md"}
KIICODE = [sys.executable, "-m", "kiicode"]


def transcripts_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in TRANSCRIPT_SUFFIXES
                  and p.name not in NOT_TRANSCRIPTS)


def run(args: list[str]) -> str:
    done = subprocess.run(KIICODE + args, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"kiicode {' '.join(args[:2])} failed:\n{done.stderr}")
    return done.stdout


def measure(folder: Path, store: Path, codebook: Path | None = None) -> dict:
    """Ingest, code and evaluate one folder; the evaluate JSON's segment figures."""
    args = ["ingest", *map(str, transcripts_in(folder)), "--store", str(store)]
    if codebook:   # the store keeps it: code and evaluate then use it too
        args += ["--codebook", str(codebook)]
    roster = folder / "respondents.csv"
    if roster.exists():
        args += ["--roster", str(roster)]
    run(args)
    run(["code", "--store", str(store)])
    data = json.loads(run(["evaluate", str(folder / "gold.csv"), "--store", str(store),
                           "--format", "json", "--no-per-code"]))
    return data["segment_figures"]


def share(entry: dict) -> str:
    if entry.get("value") is None:
        return "—"
    text = f"{entry['value']:.2f}"
    if entry.get("baseline") is not None:
        text += f" (mc {entry['baseline']:.2f})"
    return text


def summary_lines(name: str, figures: dict) -> list[str]:
    lines = []
    for scope, f in figures.items():
        pattern, similar = f["tiers"]["pattern"], f["tiers"]["similar"]
        lines.append(
            f"{name:10} {scope:3} n{f['loi_accuracy']['segments']:<3}"
            f" cov {f['coded_with_suggestion']['value']:.2f} | LOI {share(f['loi_accuracy'])}"
            f" | noQ {f['loi_without_question']['value']:.2f}"
            f" | f@3 {share(f['finding_at_3'])} n{f['finding_at_3']['segments']}"
            f" | patP {pattern['precision']:.3f} ({pattern['suggestions']})"
            f" | simP {similar['precision']:.3f} ({similar['suggestions']})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set_dir", type=Path)
    parser.add_argument("--json", type=Path, help="Write every part's segment figures here.")
    parser.add_argument("--codebook", type=Path, help="Code with this codebook (default: the "
                        "one shipped in the package, i.e. this checkout's codebooks/).")
    parser.add_argument("--store-dir", type=Path, help="Keep the stores here (default: a "
                        "temporary folder, removed afterwards).")
    options = parser.parse_args()
    parts = [options.set_dir] + sorted(p for p in options.set_dir.iterdir()
                                       if p.is_dir() and (p / "gold.csv").exists())
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        where = options.store_dir or Path(scratch)
        where.mkdir(parents=True, exist_ok=True)
        for part in parts:
            name = "interviews" if part == options.set_dir else part.name
            results[name] = measure(part, where / f"{name}.sqlite", options.codebook)
            print("\n".join(summary_lines(name, results[name])), flush=True)
    if options.json:
        options.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
