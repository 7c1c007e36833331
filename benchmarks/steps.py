"""Benchmark steps that are not kiicode commands. `run.py` starts each in a
fresh process (so its peak memory is its own) and reads the JSON line it
prints last.

    python benchmarks/steps.py floor STORE            # kiicode's pipelines, 1 process
    python benchmarks/steps.py floor-spacy STORE      # spaCy + lemma lookup, no kiicode tokens
    python benchmarks/steps.py floor-2proc STORE      # kiicode's pipelines, spaCy n_process=2
    python benchmarks/steps.py baseline STORE CODEBOOK

Segment texts are read from the store before the clock starts: the figures
are tokenisation (or regex matching) alone, on exactly the text kiicode codes.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Callable

from baseline import code_segments, compile_baseline

from kiicode.codebook import load_codebook
from kiicode.nlp import pipeline


def segment_texts(store: str) -> dict[str, list[str]]:
    """language -> segment texts, in the order kiicode codes them."""
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    texts: dict[str, list[str]] = {}
    for language, text in db.execute(
            "SELECT language, text FROM segment ORDER BY transcript, ordinal"):
        texts.setdefault(language, []).append(text)
    db.close()
    return texts


def loaded_pipelines(store: str) -> tuple[dict[str, list[str]], dict]:
    """The segment texts and their languages' pipelines, with the lemma tables
    loaded before any timing starts (kiicode loads them lazily)."""
    texts = segment_texts(store)
    pipelines = {language: pipeline(language) for language in texts}
    for nlp in pipelines.values():
        nlp.load()
    return texts, pipelines


def _timed_floor(store: str, count_tokens) -> dict:
    """Time `count_tokens(nlp, texts)` over each language's segments, with the
    pipelines and lemma tables loaded before the clock starts."""
    texts, pipelines = loaded_pipelines(store)
    setup_cpu = time.process_time()
    start = time.perf_counter()
    tokens = sum(count_tokens(pipelines[language], batch) for language, batch in texts.items())
    return {"seconds": time.perf_counter() - start, "tokens": tokens,
            "segments": sum(map(len, texts.values())), "setup_cpu": setup_cpu}


def floor(store: str) -> dict:
    """kiicode.nlp.pipeline(lang).pipe over every segment, one process."""
    return _timed_floor(store, lambda nlp, batch: sum(map(len, nlp.pipe(batch))))


def floor_spacy(store: str) -> dict:
    """The same spaCy pipelines and lemma tables with nothing of kiicode on top:
    tokenise, split sentences and look each lower-cased token up."""
    def count(nlp, batch) -> int:
        table = nlp._table if nlp._table is not None else {}
        tokens = 0
        for doc in nlp._nlp.pipe(batch, batch_size=256):
            for token in doc:
                table.get(token.lower_)
                tokens += 1
        return tokens

    return _timed_floor(store, count)


def floor_2proc(store: str) -> dict:
    """kiicode's token building over spaCy's own multiprocessing (n_process=2):
    what using both cores for the NLP would give."""
    return _timed_floor(store, lambda nlp, batch: sum(
        len(nlp._tokens(doc)) for doc in nlp._nlp.pipe(batch, batch_size=256, n_process=2)))


def baseline(store: str, codebook_path: str) -> dict:
    texts = segment_texts(store)
    codebook = load_codebook(codebook_path)
    setup_cpu = time.process_time()
    start = time.perf_counter()
    compiled = compile_baseline(codebook)
    compiled_at = time.perf_counter()
    result = code_segments(compiled, ((language, text) for language, batch in texts.items()
                                      for text in batch))
    end = time.perf_counter()
    return {"seconds": end - start, "compile_seconds": compiled_at - start,
            "segments": result.segments, "suggestions": result.suggestions,
            "hits": result.hits, "setup_cpu": setup_cpu}


STEPS: dict[str, Callable[..., dict]] = {
    "floor": floor, "floor-spacy": floor_spacy, "floor-2proc": floor_2proc,
    "baseline": baseline,
}


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in STEPS:
        sys.exit(f"usage: steps.py {{{','.join(STEPS)}}} STORE [CODEBOOK]")
    result = STEPS[argv[0]](*argv[1:])
    # CPU seconds of the timed work (steadier than wall time on a shared machine);
    # setup_cpu is the process's CPU clock when the wall clock started.
    result["cpu_seconds"] = time.process_time() - result.pop("setup_cpu")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
