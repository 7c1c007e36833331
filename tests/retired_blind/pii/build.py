"""Rebuild the seeded PII transcripts and their gold file from the marked-up sources.

source/*.md carry each seeded item inline as {{category|original text}}. This script
strips the markers, writes the plain transcripts to seeded/ and writes gold.csv with one
row per item: file, start, end (character offsets into the produced file's full text,
front matter included), category, text. Run: python tests/retired_blind/pii/build.py
"""

import csv
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
MARKER = re.compile(r"\{\{([a-z_]+)\|(.*?)\}\}")
CATEGORIES = {"email", "url", "phone", "id_number", "date_of_birth", "address", "person_name"}


def strip_markers(marked: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Return the plain text and the (start, end, category, text) of every marker."""
    out: list[str] = []
    items = []
    length = 0
    last = 0
    for match in MARKER.finditer(marked):
        category, original = match.group(1), match.group(2)
        if category not in CATEGORIES:
            raise SystemExit(f"unknown category {category!r} in marker {match.group(0)!r}")
        before = marked[last : match.start()]
        out.append(before)
        length += len(before)
        items.append((length, length + len(original), category, original))
        out.append(original)
        length += len(original)
        last = match.end()
    out.append(marked[last:])
    return "".join(out), items


def main() -> None:
    seeded = HERE / "seeded"
    seeded.mkdir(exist_ok=True)
    rows = []
    for source in sorted((HERE / "source").glob("*.md")):
        text, items = strip_markers(source.read_text(encoding="utf-8"))
        assert "{{" not in text and "}}" not in text, f"{source.name}: stray marker"
        target = seeded / source.name
        target.write_text(text, encoding="utf-8", newline="")
        written = target.read_text(encoding="utf-8")
        for start, end, category, original in items:
            assert written[start:end] == original, (source.name, start, end, original)
            row = {"file": source.name, "start": start, "end": end}
            rows.append({**row, "category": category, "text": original})
    with open(HERE / "gold.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "start", "end", "category", "text"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} items in {len(list(seeded.glob('*.md')))} files")


if __name__ == "__main__":
    main()
