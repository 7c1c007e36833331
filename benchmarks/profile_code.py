"""Profile one `kiicode code` run (library call, fresh token cache) with
pyinstrument and say where the time goes.

    pip install pyinstrument        # a dev tool, not a kiicode dependency
    python benchmarks/profile_code.py STORE CODEBOOK [--out benchmarks/profile-code.txt]

STORE must be freshly ingested (run.py --profile keeps such a copy). Writes
pyinstrument's call tree to --out and prints self time grouped by stage and
the functions with the most self time."""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

# Self time is charged to the first group whose marker is in the frame's file path.
GROUPS = (
    ("kiicode/matching.py", "matching (kiicode.matching)"),
    ("kiicode/nlp.py", "token building (kiicode.nlp)"),
    ("kiicode/store.py", "store (kiicode.store)"),
    ("kiicode/pipeline.py", "pipeline glue + token JSON (kiicode.pipeline)"),
    ("rapidfuzz", "fuzzy (rapidfuzz)"),
    ("spacy", "spaCy"), ("thinc", "spaCy"), ("srsly", "spaCy"), ("cymem", "spaCy"),
    ("/json/", "json (stdlib)"),
    ("sqlite3", "sqlite3 (stdlib)"),
    ("unicodedata", "unicodedata"),
    ("kiicode/codebook.py", "codebook load"), ("yaml", "codebook load"),
    ("kiicode/", "kiicode (other)"),
)


# Inclusive time of the pipeline's stages (function names as pyinstrument shows them).
STAGES = (
    ("load_codebook", "load the codebook (YAML)"),
    ("LanguagePipeline.__init__", "build spaCy pipelines (import, lemma tables)"),
    ("CompiledCodebook.__init__", "compile the codebook"),
    ("Store.segments", "read segments from the store"),
    ("tokens_for", "tokens: nlp + token cache (JSON encode/decode, SQL)"),
    ("LanguagePipeline.pipe", "  spaCy + token building (segments and pattern words)"),
    ("LanguageMatcher.match", "match segments"),
    ("NearRule.closest", "  of which proximity rules"),
    ("LanguageMatcher._veto", "  of which vetoes"),
    ("Hit.as_evidence", "  evidence dicts"),
    ("Store.replace_suggestions", "write suggestions (JSON + SQL)"),
)


def group_of(path: str) -> str:
    for marker, name in GROUPS:
        if marker in path:
            return name
    return "other"


def profile_code(store_path: str, codebook_path: str, out: Path) -> dict:
    from pyinstrument import Profiler

    from kiicode.codebook import load_codebook
    from kiicode.pipeline import code
    from kiicode.store import Store

    profiler = Profiler(interval=0.002)
    start = time.perf_counter()
    profiler.start()
    codebook = load_codebook(codebook_path)
    with Store.open(store_path) as store:
        report = code(store, codebook)
    profiler.stop()
    seconds = time.perf_counter() - start
    session = profiler.last_session
    out.write_text(profiler.output_text(unicode=True, color=False, show_all=False),
                   encoding="utf-8")
    by_group: dict[str, float] = defaultdict(float)
    by_function: dict[str, float] = defaultdict(float)
    by_stage: dict[str, float] = defaultdict(float)
    root = session.root_frame()
    stack = [(root, frozenset())] if root else []
    while stack:
        frame, above = stack.pop()
        name = f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function
        if name not in above:   # recursion or re-entry counts once
            by_stage[name] += frame.time
        stack.extend((child, above | {name}) for child in frame.children)
        if not frame.is_synthetic_leaf:
            continue
        # A synthetic "[self]" leaf holds its parent's own time.
        parent = frame.parent
        if parent is None:
            continue
        # Built-ins and dataclass methods (`<string>`) count for the code calling them.
        owner = parent
        while owner.parent is not None and (owner.file_path or "<").startswith("<"):
            owner = owner.parent
        by_group[group_of(owner.file_path or "")] += frame.time
        name = f"{parent.class_name}.{parent.function}" if parent.class_name else parent.function
        by_function[f"{name} ({parent.file_path_short}:{parent.line_no})"] += frame.time
    total = session.duration
    return {"seconds": seconds, "sampled": total, "segments": report.segments,
            "suggestions": report.suggestions,
            "groups": sorted(by_group.items(), key=lambda kv: -kv[1]),
            "stages": [(label, by_stage.get(name, 0.0)) for name, label in STAGES],
            "functions": sorted(by_function.items(), key=lambda kv: -kv[1])[:25]}


def render(result: dict) -> str:
    total = result["sampled"] or 1.0
    lines = [f"kiicode code: {result['seconds']:.1f} s for {result['segments']} segments, "
             f"{result['suggestions']} suggestions (times under the profiler, which slows "
             "Python code down)", "", "| stage (inclusive time) | s | share |", "|---|---:|---:|"]
    lines += [f"| {label} | {t:.2f} | {t / total:.0%} |" for label, t in result["stages"]]
    lines += ["", "| where (self time, by module) | s | share |", "|---|---:|---:|"]
    lines += [f"| {name} | {t:.2f} | {t / total:.0%} |" for name, t in result["groups"]]
    lines += ["", "| function (self time) | s | share |", "|---|---:|---:|"]
    lines += [f"| `{name}` | {t:.2f} | {t / total:.0%} |" for name, t in result["functions"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("codebook")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "profile-code.txt")
    args = parser.parse_args()
    result = profile_code(args.store, args.codebook, args.out)
    summary = render(result)
    args.out.with_suffix(".md").write_text(summary + "\n", encoding="utf-8")
    print(summary)


if __name__ == "__main__":
    main()
