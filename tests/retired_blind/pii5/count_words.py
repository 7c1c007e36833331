"""Count the words of the PII-free transcripts in clean/ (front matter excluded).

Run: python tests/blind/pii5/count_words.py
"""

import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def body(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def main() -> None:
    totals = {"es": 0, "en": 0}
    for path in sorted((HERE / "clean").glob("*.md")):
        words = len(body(path.read_text(encoding="utf-8")).split())
        totals["es" if "-ES-" in path.name else "en"] += words
        print(f"{path.name:24} {words:6}")
    print(f"es {totals['es']}, en {totals['en']}, all {totals['es'] + totals['en']}")


if __name__ == "__main__":
    main()
