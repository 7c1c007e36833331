"""Every stored outcome of a first coding and of a re-code, for comparing
two versions of kiicode that must give the same results.

    python benchmarks/outcomes.py OUT FOLDER [FOLDER ...] [--codebook C]

For each FOLDER of transcripts: ingest into a fresh store, `kiicode code`,
write the machine's suggestions (every stored column but the timestamps),
the likely findings and lines of inquiry, and `export codings`; then add one
pattern to `staff_turnover` (the benchmark's edit), re-code and write them
again. Run it once per version (the version is the kiicode that runs it:
`PYTHONPATH=/path/to/tree`) into two OUT folders and compare them with
`diff -r OUT1 OUT2`: an optimisation that keeps results identical leaves no
difference."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import yaml

EDIT = {"en": "personnel changes", "es": "cambio de personal"}


def kiicode(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "kiicode", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "COLUMNS": "200"})


def dump(store: Path, out: Path) -> None:
    """The stored outcomes, one line per row, in a fixed order."""
    db = sqlite3.connect(store)
    with open(f"{out}.suggestions", "w", encoding="utf-8") as f:
        for row in db.execute("SELECT segment, code, status, score, tier, pattern_score, "
                              "similarity, evidence FROM coding WHERE coder='auto' "
                              "ORDER BY segment, code"):
            f.write("\t".join(map(repr, row)) + "\n")
    with open(f"{out}.outlooks", "w", encoding="utf-8") as f:
        for row in db.execute("SELECT segment, loi, findings FROM segment_outlook "
                              "ORDER BY segment"):
            f.write("\t".join(map(repr, row)) + "\n")
    db.close()


def edited(codebook: Path, out: Path) -> Path:
    data = yaml.safe_load(codebook.read_text(encoding="utf-8"))
    code = next((c for c in data["codes"] if c["id"] == "staff_turnover"), data["codes"][0])
    for language, term in EDIT.items():
        code.setdefault("patterns", {}).setdefault(language, []).append(term)
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--codebook", type=Path,
                        default=Path(__file__).resolve().parent.parent / "codebooks/cpc_peru.yaml")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.out / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    edit = edited(args.codebook, work / "edited.yaml")
    for folder in args.folders:
        name = folder.resolve().name
        store = work / f"{name}.sqlite"
        kiicode("ingest", str(folder), "--store", str(store), "-c", str(args.codebook))
        for step, codebook in (("first", args.codebook), ("recode", edit)):
            kiicode("code", "--store", str(store), "-c", str(codebook))
            dump(store, args.out / f"{name}.{step}")
            kiicode("export", "codings", str(args.out / f"{name}.{step}.csv"), "--store",
                    str(store), "-c", str(codebook), "--allow-pii")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
