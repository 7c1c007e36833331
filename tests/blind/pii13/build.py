"""Build seeded/ and gold.csv from source/, where every seeded item is marked inline.

A marker is `{{category|original text}}`. seeded/ gets each transcript with the markers
stripped (and the roster copied as is), and gold.csv one row per item,
`file,start,end,category,text,language`, where start and end are character offsets into
the produced file's full text (front matter, WebVTT header and cue timings included), so
that file_text[start:end] == text (asserted here for every row). The language is the
transcript's: its front matter `language:` for .md, its roster row for .txt and .vtt.

For .md and .txt the file's text is the text kiicode keeps, so one set of offsets serves
both. A .vtt or .srt is kept as one line per turn, `[hh:mm:ss] Speaker: text` (docs/transcripts.md;
turns separated by a blank line, consecutive cues of one speaker joined with a space, the
Teams role in brackets kept in the label), so their items get two sets of offsets:
gold.csv has offsets into that kept text (what a scanner of the ingested transcript
reports), gold_file_offsets.csv has offsets into the caption file itself. The two differ in
rows too: a speaker's name that labels two consecutive cues in the file labels one turn in
the kept text. The counts printed are gold.csv's.
Run: python tests/blind/pii13/build.py
"""

import csv
import pathlib
import re
import shutil

HERE = pathlib.Path(__file__).resolve().parent
CATEGORIES = ("person_name", "phone", "email", "url", "id_number", "date_of_birth", "address")
MARKER = re.compile(r"\{\{([a-z_]+)\|([^{}|]+)\}\}")
FRONT_LANGUAGE = re.compile(r"^language: *(\w+)", re.MULTILINE)
ROSTER = "respondents.csv"
CUE_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d)[.,]\d+ --> ")
TEAMS_VOICE = re.compile(r"^<v ([^>]+)>(.*)</v>$")
ZOOM_NAME = re.compile(r"^([^:]+): (.*)$")


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
    for bad in ("{{", "}}"):
        if bad in produced:
            line = produced.count("\n", 0, produced.find(bad)) + 1
            raise SystemExit(f"source/{name}:{line}: a marker is malformed")
    return produced, rows


def vtt_kept_text(vtt: str) -> str:
    """The text kiicode keeps for a WebVTT file of the two shapes used here (markers kept)."""
    turns: list[list[str]] = []
    lines = vtt.split("\n")
    for number, line in enumerate(lines):
        timing = CUE_TIME.match(line)
        if not timing:
            continue
        cue = lines[number + 1]
        voice = TEAMS_VOICE.match(cue) or ZOOM_NAME.match(cue)
        if not voice:
            raise SystemExit(f"cue without a speaker at line {number + 2}: {cue!r}")
        speaker, text = voice.group(1), voice.group(2)
        if turns and turns[-1][1] == speaker:
            turns[-1][2] += " " + text
        else:
            turns.append([f"{timing.group(1)}:{timing.group(2)}:{timing.group(3)}", speaker, text])
    return "\n\n".join(f"[{time}] {speaker}: {text}" for time, speaker, text in turns)


def roster_languages() -> dict[str, str]:
    with open(HERE / "source" / ROSTER, newline="", encoding="utf-8") as handle:
        return {row["file"]: row["language"] for row in csv.DictReader(handle) if row["file"]}


def language_of(name: str, produced: str, roster: dict[str, str]) -> str:
    if name in roster:
        return roster[name]
    found = FRONT_LANGUAGE.search(produced)
    if not found:
        raise SystemExit(f"source/{name}: no language in front matter or roster")
    return found.group(1)


def main() -> None:
    gold, file_gold = [], []
    roster = roster_languages()
    suffixes = (".md", ".txt", ".vtt", ".srt")
    sources = sorted(p for p in (HERE / "source").iterdir() if p.suffix in suffixes)
    (HERE / "seeded").mkdir(exist_ok=True)
    shutil.copyfile(HERE / "source" / ROSTER, HERE / "seeded" / ROSTER)
    for path in sources:
        produced, rows = strip_markers(path.read_text(encoding="utf-8"), path.name)
        language = language_of(path.name, produced, roster)
        for row in rows:
            assert produced[row[1] : row[2]] == row[4], (path.name, row[1], row[4])
            row.append(language)
        with open(HERE / "seeded" / path.name, "w", encoding="utf-8", newline="") as handle:
            handle.write(produced)
        written = (HERE / "seeded" / path.name).read_text(encoding="utf-8")
        assert all(written[r[1] : r[2]] == r[4] for r in rows), path.name
        file_gold.extend(rows)
        if path.suffix in (".vtt", ".srt"):
            marked_kept = vtt_kept_text(path.read_text(encoding="utf-8"))
            kept, kept_rows = strip_markers(marked_kept, path.name)
            for row in kept_rows:
                assert kept[row[1] : row[2]] == row[4], (path.name, row[1], row[4])
                row.append(language)
            rows = kept_rows
        gold.extend(rows)
    for name, rows_out in (("gold.csv", gold), ("gold_file_offsets.csv", file_gold)):
        with open(HERE / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["file", "start", "end", "category", "text", "language"])
            writer.writerows(rows_out)
    counts: dict[tuple[str, str], int] = {}
    for *_, category, _, language in gold:
        counts[(category, language)] = counts.get((category, language), 0) + 1
    for category in CATEGORIES:
        es, en = counts.get((category, "es"), 0), counts.get((category, "en"), 0)
        share = (es + en) / len(gold) * 100
        print(f"{category:14} es {es:3}  en {en:3}  all {es + en:3}  {share:4.1f}%")
    es = sum(n for (_, lang), n in counts.items() if lang == "es")
    print(f"{'all':14} es {es:3}  en {len(gold) - es:3}  all {len(gold):3}")
    print(f"{len(gold)} items in {len(sources)} files")


if __name__ == "__main__":
    main()
