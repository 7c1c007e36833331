"""Count the words of the PII-free transcripts in clean/.

Markdown files: the body (front matter excluded). Tool files (.vtt, .srt, Otter .txt): the
spoken text only (no WEBVTT header, NOTE blocks, cue ids, timings, speaker labels, voice tags,
Otter headers or footer). respondents.csv is not counted.

Run: python tests/blind/pii13/count_clean_words.py
"""

import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
ROSTER = HERE / "clean" / "respondents.csv"

TIMING = re.compile(r"^\d\d:\d\d:\d\d[.,]\d{3} --> ")
OTTER_HEADER = re.compile(r"^.+\s{2,}\d+:\d\d(:\d\d)?$")
VOICE = re.compile(r"<v [^>]*>|</v>")
LABEL = re.compile(r"^[^:]{1,60}: ")


def body(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def caption_text(text: str) -> str:
    """Spoken text of a .vtt or .srt file: the lines after each timing line."""
    spoken = []
    blocks = text.replace("\r\n", "\n").split("\n\n")
    for block in blocks:
        lines = block.strip().split("\n")
        for i, line in enumerate(lines):
            if TIMING.match(line):
                cue = " ".join(lines[i + 1 :])
                cue = VOICE.sub("", cue)
                if "<v " not in block:
                    cue = LABEL.sub("", cue, count=1)
                spoken.append(cue)
                break
    return "\n".join(spoken)


def otter_text(text: str) -> str:
    """Spoken text of an Otter export: lines that are neither headers nor the footer."""
    keep = []
    for line in text.splitlines():
        if OTTER_HEADER.match(line) or line.startswith("Transcribed by "):
            continue
        keep.append(line)
    return "\n".join(keep)


def spoken(path: pathlib.Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return body(text)
    if path.suffix in (".vtt", ".srt"):
        return caption_text(text)
    return otter_text(text)


def language(path: pathlib.Path) -> str:
    if "-ES-" in path.name:
        return "es"
    if "-EN-" in path.name:
        return "en"
    for row in ROSTER.read_text(encoding="utf-8").splitlines()[1:]:
        cells = row.split(",")
        if cells[1] == path.name:
            return "es" if "-ES-" in cells[0] else "en"
    raise SystemExit(f"no language for {path.name}")


def main() -> None:
    totals = {"md": {"es": 0, "en": 0}, "tool": {"es": 0, "en": 0}}
    suffixes = (".md", ".vtt", ".srt", ".txt")
    paths = sorted(p for p in (HERE / "clean").iterdir() if p.suffix in suffixes)
    for path in paths:
        words = len(spoken(path).split())
        kind = "md" if path.suffix == ".md" else "tool"
        totals[kind][language(path)] += words
        print(f"{path.name[:60]:62} {words:6}")
    for kind, label in (("md", ".md bodies"), ("tool", "tool files, spoken text")):
        es, en = totals[kind]["es"], totals[kind]["en"]
        print(f"{label}: es {es}, en {en}, all {es + en}")
    es = totals["md"]["es"] + totals["tool"]["es"]
    en = totals["md"]["en"] + totals["tool"]["en"]
    print(f"all files: es {es}, en {en}, all {es + en}")


if __name__ == "__main__":
    main()
