"""Count the words of interview text in clean/, front matter excluded.

Run: python tests/retired_blind/pii/count_words.py
"""

import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent


def body_words(path: pathlib.Path) -> int:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return len(re.findall(r"\S+", text))


def main() -> None:
    totals: dict[str, int] = {}
    for path in sorted((HERE / "clean").glob("*.md")):
        words = body_words(path)
        language = "es" if "-ES-" in path.name else "en"
        totals[language] = totals.get(language, 0) + words
        print(f"{path.name}\t{words}")
    by_language = "\t".join(f"{lang} {count}" for lang, count in sorted(totals.items()))
    print(by_language, f"\ttotal {sum(totals.values())}")


if __name__ == "__main__":
    main()
