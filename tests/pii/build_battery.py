"""Rebuild seeded/ and gold.csv from source/, where each seeded name is
marked inline as `{{person_name|text}}` (.md transcripts only, so an offset
into the file is an offset into the text kiicode keeps).

One script for every battery folder (battery7, battery8, ...).

Run: python tests/pii/build_battery.py tests/pii/battery8
"""

import csv
import pathlib
import re
import sys

MARKER = re.compile(r"\{\{(person_name)\|([^{}|]+)\}\}")
LANGUAGE = re.compile(r"^language: *(\w+)", re.MULTILINE)


def main(folder: str) -> None:
    here = pathlib.Path(folder).resolve()
    rows = []
    (here / "seeded").mkdir(exist_ok=True)
    for path in sorted((here / "source").glob("*.md")):
        marked = path.read_text(encoding="utf-8")
        language = LANGUAGE.search(marked).group(1)
        # each marker's offset in the output: its offset in the source, less
        # what the markers before it took
        taken = 0
        for m in MARKER.finditer(marked):
            start = m.start() - taken
            rows.append([path.name, start, start + len(m.group(2)), m.group(1), m.group(2),
                         language])
            taken += len(m.group()) - len(m.group(2))
        plain = MARKER.sub(lambda m: m.group(2), marked)
        assert "{{" not in plain and "}}" not in plain, path.name
        (here / "seeded" / path.name).write_text(plain, encoding="utf-8")
        for row in rows:
            if row[0] == path.name:
                assert plain[row[1]:row[2]] == row[4], row
    with open(here / "gold.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "start", "end", "category", "text", "language"])
        writer.writerows(rows)
    print(f"{len(rows)} names in {len({r[0] for r in rows})} files")


if __name__ == "__main__":
    main(sys.argv[1])
