"""Check that every gold.csv row of blind coding set 7 points at a real segment with that text.

Ingests coding7/ and coding7/prose7/ into a temporary store with the kiicode CLI
(ingest and show only: nothing is coded or scored) and compares, for each folder,
the gold segment ids and their first 60 characters with what `kiicode show` prints,
and that every segment has exactly one gold row. Transcript ids come from the
Markdown file names and from the roster (`respondents.csv`), which names the ids of
the Zoom WebVTT, the Teams WebVTT, the SubRip file, the Otter text export and the
Word file.
Run from anywhere: python tests/blind/coding7/check.py
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


def transcript_ids(folder: pathlib.Path) -> list[str]:
    ids = {path.stem for path in folder.glob("KII-*.md")}
    roster = folder / "respondents.csv"
    if roster.exists():
        with open(roster, encoding="utf-8", newline="") as handle:
            ids.update(row["transcript_id"] for row in csv.DictReader(handle))
    return sorted(ids)


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
        with open(folder / "gold.csv", encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != ["segment", "codes", "finding", "loi", "text"]:
                print(f"{folder.name}/gold.csv: columns {reader.fieldnames}")
                problems += 1
            gold = list(reader)
        ids = transcript_ids(folder)
        actual: dict[str, str] = {}
        for transcript_id in ids:
            actual.update(segments(cli, store, transcript_id))
        seen: set[str] = set()
        for row in gold:
            if row["segment"] in seen:
                print(f"{folder.name}/gold.csv: {row['segment']} has two rows")
                problems += 1
            seen.add(row["segment"])
            text = actual.get(row["segment"])
            if text is None:
                print(f"{folder.name}/gold.csv: {row['segment']} is no segment")
                problems += 1
            elif text[:60] != row["text"]:
                print(f"{folder.name}/gold.csv: {row['segment']} text differs: {text[:60]!r}")
                problems += 1
            if bool(row["codes"]) != bool(row["loi"]):
                print(f"{folder.name}/gold.csv: {row['segment']}: codes and loi: both or neither")
                problems += 1
        for segment in sorted(set(actual) - seen):
            print(f"{folder.name}/gold.csv: segment {segment} has no gold row")
            problems += 1
        counts = f"{len(gold)} gold rows, {len(actual)} segments, {len(ids)} transcripts"
        print(f"{folder.name}: {counts}")
    return problems


def main() -> int:
    cli = kiicode()
    problems = check_folder(cli, HERE) + check_folder(cli, HERE / "prose7")
    print("OK" if not problems else f"{problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
