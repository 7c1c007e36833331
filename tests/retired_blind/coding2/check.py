"""Check that every gold.csv row of blind set 2 points at a real segment with that text.

Ingests coding2/ and coding2/prose2/ into a temporary store with the kiicode CLI
(ingest and show only: nothing is coded or scored) and compares, for each folder,
the gold segment ids and their first 60 characters with what `kiicode show` prints.
Run from anywhere: python tests/retired_blind/coding2/check.py
"""

import csv
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]


def kiicode() -> str:
    local = REPO / ".venv" / "bin" / "kiicode"
    found = str(local) if local.exists() else shutil.which("kiicode")
    if not found:
        sys.exit("kiicode not found: run `make` in the repository first")
    return found


def segments(cli: str, store: str, transcript_id: str) -> dict[str, str]:
    out = subprocess.run(
        [cli, "show", transcript_id, "--store", store, "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = json.loads(out[out.index("[") : out.rindex("]") + 1])
    return {row["segment"]: row["text"] for row in rows if row["segment"]}


def check_folder(cli: str, folder: pathlib.Path) -> int:
    problems = 0
    with tempfile.TemporaryDirectory() as tmp:
        store = str(pathlib.Path(tmp) / "check.sqlite")
        subprocess.run(
            [cli, "ingest", str(folder), "--store", store], check=True, capture_output=True
        )
        gold = list(csv.DictReader(open(folder / "gold.csv", encoding="utf-8")))
        ids = sorted({row["segment"].split(":")[0] for row in gold})
        actual = {}
        for transcript_id in ids:
            actual.update(segments(cli, store, transcript_id))
        for row in gold:
            text = actual.get(row["segment"])
            if text is None:
                print(f"{folder.name}/gold.csv: {row['segment']} is no segment")
                problems += 1
            elif text[:60] != row["text"]:
                print(f"{folder.name}/gold.csv: {row['segment']} text differs: {text[:60]!r}")
                problems += 1
        missing = sorted(set(actual) - {row["segment"] for row in gold})
        for segment in missing:
            print(f"{folder.name}/gold.csv: segment {segment} has no gold row")
            problems += 1
        print(
            f"{folder.name}: {len(gold)} gold rows, {len(actual)} segments, {len(ids)} transcripts"
        )
    return problems


def main() -> int:
    cli = kiicode()
    problems = check_folder(cli, HERE) + check_folder(cli, HERE / "prose2")
    print("OK" if not problems else f"{problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
