"""Build seeded/ and gold.csv from source/, where every seeded item is marked inline.

A marker is `{{category|original text}}`. seeded/ gets each file with the markers
stripped, and gold.csv one row per item, `file,start,end,category,text`, where start and
end are character offsets into the produced file's full text (front matter included), so
that file_text[start:end] == text (asserted here for every row).
Run: python tests/retired_blind/pii3/build.py
"""

import csv
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
CATEGORIES = ("person_name", "phone", "email", "url", "id_number", "date_of_birth", "address")
MARKER = re.compile(r"\{\{([a-z_]+)\|([^{}|]+)\}\}")


def strip_markers(source: str, name: str) -> tuple[str, list[list]]:
    pieces, rows, last, length = [], [], 0, 0
    for match in MARKER.finditer(source):
        category, text = match.group(1), match.group(2)
        if category not in CATEGORIES:
            line = source.count("\n", 0, match.start()) + 1
            raise SystemExit(f"source/{name}:{line}: unknown category {category!r}")
        before = source[last : match.start()]
        pieces.append(before)
        length += len(before)
        rows.append([name, length, length + len(text), category, text])
        pieces.append(text)
        length += len(text)
        last = match.end()
    pieces.append(source[last:])
    produced = "".join(pieces)
    if "{{" in produced or "}}" in produced:
        line = produced.count("\n", 0, produced.find("{{" if "{{" in produced else "}}")) + 1
        raise SystemExit(f"source/{name}:{line}: a marker is malformed")
    return produced, rows


def main() -> None:
    gold = []
    sources = sorted((HERE / "source").glob("*.md"))
    (HERE / "seeded").mkdir(exist_ok=True)
    for path in sources:
        produced, rows = strip_markers(path.read_text(encoding="utf-8"), path.name)
        for _, start, end, _, text in rows:
            assert produced[start:end] == text, (path.name, start, text)
        (HERE / "seeded" / path.name).write_text(produced, encoding="utf-8")
        gold.extend(rows)
    with open(HERE / "gold.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "start", "end", "category", "text"])
        writer.writerows(gold)
    counts: dict[tuple[str, str], int] = {}
    for name, _, _, category, _ in gold:
        language = "es" if "-ES-" in name else "en"
        counts[(category, language)] = counts.get((category, language), 0) + 1
    for category in CATEGORIES:
        es, en = counts.get((category, "es"), 0), counts.get((category, "en"), 0)
        print(f"{category:14} es {es:3}  en {en:3}  all {es + en:3}")
    es = sum(n for (_, lang), n in counts.items() if lang == "es")
    print(f"{'all':14} es {es:3}  en {len(gold) - es:3}  all {len(gold):3}")
    print(f"{len(gold)} items in {len(sources)} files")


if __name__ == "__main__":
    main()
