"""Write what a blind-set writer may know of a codebook: no patterns.

    python benchmarks/blind_brief.py codebooks/cpc_peru.yaml > codebook_definitions.md

A blind coding set is written and gold-coded from the codebook's definitions
alone (tests/blind/README.md). This prints lines of inquiry, evaluation
questions, respondent types, every code's name, parent, line, questions,
themes, definition, use_when and do_not_use_when (both languages), and every
finding's statement, line and evidence codes. It leaves out everything the
matcher is tuned with — patterns, regexes, vetoes, examples and talk — so a
writer cannot aim at (or around) them."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def in_languages(value) -> list[str]:
    if isinstance(value, dict):
        return [f"  - {lang}: {text}" for lang, text in value.items()]
    return [f"  - {value}"] if value else []


def brief(book: dict) -> str:
    out = [f"# {book['project']['name']}: codebook definitions (no patterns)", ""]
    out += ["## Lines of inquiry", ""]
    out += [f"- `{loi['id']}` {loi['name']}: {', '.join(loi['questions'])}"
            for loi in book["lines_of_inquiry"]]
    out += ["", "## Evaluation questions", ""]
    out += [f"- {q['id']}: {q['text']}" for q in book["questions"]]
    out += ["", "## Themes", ""]
    out += [f"- `{t['id']}` {t['name']}: {t['description']}" for t in book["themes"]]
    out += ["", "## Respondent types", ""]
    out += [f"- `{t['id']}` {t['label']}" for t in book["respondent_types"]]
    out += ["", "## Codes", ""]
    for code in book["codes"]:
        head = f"### `{code['id']}` {code['name']}"
        out += [head, ""]
        facts = [f"line of inquiry `{code['loi']}`"]
        if code.get("parent"):
            facts.append(f"parent `{code['parent']}`")
        if code.get("questions"):
            facts.append("questions " + ", ".join(code["questions"]))
        if code.get("themes"):
            facts.append("themes " + ", ".join(code["themes"]))
        out += ["; ".join(facts), ""]
        for field in ("definition", "use_when", "do_not_use_when"):
            if code.get(field):
                out += [f"- {field}:"] + in_languages(code[field])
        out.append("")
    out += ["## Findings", ""]
    for finding in book["findings"]:
        evidence = finding.get("evidence", {})
        codes = ", ".join(evidence.get("any_codes", []) + evidence.get("all_codes", []))
        contrary = ", ".join(evidence.get("contrary_codes", []))
        out += [f"### {finding['id']} (line `{finding['loi']}`, questions "
                f"{', '.join(finding.get('questions', []))})", ""]
        out += in_languages(finding["statement"])
        out += [f"- evidence codes: {codes}"] + ([f"- contrary codes: {contrary}"]
                                                 if contrary else [])
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(brief(yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))))
