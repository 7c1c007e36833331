"""Synthetic corpora and codebooks for the benchmarks.

`generate_corpus` scales the sample transcripts to N words of respondent
text by recombining what the sample's respondents and interviewers said;
`scale_codebook` grows a codebook to ~300 codes with variant codes. Both are
deterministic for a given seed.

    python benchmarks/generate.py corpus OUT_DIR --words 100000
    python benchmarks/generate.py codebook OUT.yaml --codes 300
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "transcripts_sample"
CODEBOOK = ROOT / "codebooks" / "cpc_peru.yaml"
WORDS_PER_TRANSCRIPT = 1_000

LABELS = {
    "es": {"interviewer": "Entrevistadora", "respondent": "Entrevistada", "group": "Moderadora"},
    "en": {"interviewer": "Interviewer", "respondent": "Respondent", "group": "Moderator"},
}


@dataclass(frozen=True)
class Person:
    """Who a sample respondent was: what generated respondents are drawn from."""

    type: str
    institution: str
    region: str


@dataclass
class LanguagePool:
    """What the sample says in one language, cut into reusable pieces."""

    sentences: list[str] = field(default_factory=list)
    paragraph_sizes: list[int] = field(default_factory=list)   # sentences per paragraph
    turn_sizes: list[int] = field(default_factory=list)        # paragraphs per respondent turn
    questions: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    words: int = 0
    transcripts: int = 0
    group_transcripts: int = 0


@dataclass
class CorpusStats:
    transcripts: int = 0
    segments: int = 0
    words: int = 0
    words_by_language: dict[str, int] = field(default_factory=dict)
    group_transcripts: int = 0
    distinct_segment_texts: int = 0


def sample_pools(sample_dir: Path = SAMPLE_DIR,
                 codebook_path: Path = CODEBOOK) -> dict[str, LanguagePool]:
    """Sentences, questions, paragraph and turn shapes and respondents of the
    sample, per language, read through kiicode's own reader."""
    # Imported here so that run.py can use scale_codebook without loading spaCy:
    # its own memory would count in every step's peak (fork keeps it).
    from kiicode.codebook import load_codebook
    from kiicode.nlp import sentence_splitter
    from kiicode.transcripts.corpus import read_corpus

    codebook = load_codebook(codebook_path)
    corpus = read_corpus([sample_dir], codebook)
    pools: dict[str, LanguagePool] = {}
    for transcript in corpus.transcripts:
        pool = pools.setdefault(transcript.language, LanguagePool())
        split = sentence_splitter(transcript.language)
        pool.transcripts += 1
        pool.group_transcripts += transcript.mode == "group"
        text = transcript.text
        for turn in transcript.turns:
            paragraphs = [_one_line(text[s:e]) for s, e in turn.paragraphs]
            if turn.role == "interviewer":
                pool.questions.append(" ".join(paragraphs))
                continue
            pool.turn_sizes.append(len(paragraphs))
            for paragraph in paragraphs:
                spans = split(paragraph)
                pool.paragraph_sizes.append(len(spans))
                pool.sentences.extend(paragraph[s:e] for s, e in spans)
                pool.words += len(paragraph.split())
        for respondent in transcript.respondents:
            if not respondent.is_group:
                pool.people.append(Person(respondent.type, respondent.institution,
                                          respondent.region or "Lima"))
    return pools


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def generate_corpus(out_dir: str | Path, words: int = 1_000_000, seed: int = 7,
                    sample_dir: Path = SAMPLE_DIR,
                    codebook_path: Path = CODEBOOK) -> CorpusStats:
    """Write .md transcripts of ~1,000 respondent words each until the corpus
    holds `words` words of respondent text (what kiicode codes).

    Respondent paragraphs are rebuilt from sentences drawn across all of the
    sample's respondents in that language, so segment texts are (almost all)
    distinct and the token cache cannot shortcut the NLP; paragraph and turn
    lengths, interviewer questions, the es/en word mix, the share of group
    KIIs and respondents' type, institution and region follow the sample.
    Files are written one at a time: the corpus is never held in memory."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.md"):
        old.unlink()
    rng = random.Random(seed)
    pools = sample_pools(sample_dir, codebook_path)
    languages = sorted(pools)
    total = sum(p.words for p in pools.values())
    share = {lang: pools[lang].words / total for lang in languages}
    group_share = (sum(p.group_transcripts for p in pools.values())
                   / sum(p.transcripts for p in pools.values()))
    stats = CorpusStats(words_by_language={lang: 0 for lang in languages})
    seen: set[int] = set()
    number = 0
    while stats.words < words:
        number += 1
        # Keep the language mix: write next whichever language is furthest behind.
        language = min(languages, key=lambda lang: stats.words_by_language[lang]
                       / max(share[lang] * max(stats.words, 1), 1e-9))
        group = rng.random() < group_share
        budget = min(WORDS_PER_TRANSCRIPT, words - stats.words)
        text, segments = _transcript(rng, pools[language], language, number, group, budget)
        (out / f"BENCH-{number:06d}.md").write_text(text, encoding="utf-8")
        stats.transcripts += 1
        stats.group_transcripts += group
        stats.segments += len(segments)
        for segment in segments:
            count = len(segment.split())
            stats.words += count
            stats.words_by_language[language] += count
            seen.add(hash(segment))
    stats.distinct_segment_texts = len(seen)
    return stats


def _transcript(rng: random.Random, pool: LanguagePool, language: str, number: int,
                group: bool, budget: int) -> tuple[str, list[str]]:
    labels = LABELS.get(language, LABELS["en"])
    date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    header = {"id": f"BENCH-{number:06d}", "language": language, "date": date,
              "interviewer": f"EV-{rng.randint(1, 3)}"}
    if group:
        people = rng.sample(pool.people, k=min(3, len(pool.people)))
        speakers = [f"P{n}" for n in range(1, len(people) + 1)]
        header.update(mode="group", region=people[0].region, participants=[
            {"label": label, "respondent_type": p.type, "institution": p.institution,
             "region": p.region} for label, p in zip(speakers, people, strict=True)])
        interviewer = labels["group"]
    else:
        person = rng.choice(pool.people)
        speakers = [labels["respondent"]]
        header.update(mode="individual", respondent_type=person.type,
                      institution=person.institution, region=person.region)
        interviewer = labels["interviewer"]
    lines = ["---", yaml.safe_dump(header, allow_unicode=True, sort_keys=False,
                                   default_flow_style=False).strip(), "---"]
    segments: list[str] = []
    words = 0
    seconds = rng.randint(2, 20)
    while words < budget:
        lines.append(f"[{_clock(seconds)}] {interviewer}: {rng.choice(pool.questions)}\n")
        seconds += rng.randint(5, 40)
        paragraphs = []
        for _ in range(rng.choice(pool.turn_sizes)):
            size = rng.choice(pool.paragraph_sizes)
            paragraph = " ".join(rng.choice(pool.sentences) for _ in range(size))
            paragraphs.append(paragraph)
            segments.append(paragraph)
            words += len(paragraph.split())
            if words >= budget:
                break
        lines.append(f"[{_clock(seconds)}] {rng.choice(speakers)}: " + "\n\n".join(paragraphs)
                     + "\n")
        seconds += rng.randint(20, 120)
    return "\n".join(lines) + "\n", segments


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


# --- codebook --------------------------------------------------------------------

TERM_KEYS = ("es", "en", "any")


def scale_codebook(src: str | Path = CODEBOOK, dst: str | Path = "scaled.yaml",
                   codes: int = 300, seed: int = 7) -> int:
    """Write a copy of `src` grown to `codes` codes by adding variant codes;
    returns the number of codes written.

    A variant copies a source code's place in the framework (line of
    inquiry, questions, themes) under a new id, with no parent, so findings
    and the evidence rules that name codes are unchanged. Its patterns are a
    rotated subset of the source's terms plus one reworded term (a prefix
    wildcard or a fuzzy term), so the compiled index grows the way a richer
    codebook's would; some variants keep the source's proximity rules, vetoes
    and regexes."""
    rng = random.Random(seed)
    data = yaml.safe_load(Path(src).read_text(encoding="utf-8"))
    originals = list(data["codes"])
    variants = []
    round_no = 0
    while len(originals) + len(variants) < codes:
        round_no += 1
        for code in originals:
            if len(originals) + len(variants) >= codes:
                break
            variants.append(_variant(code, round_no, rng))
    data["codes"] = originals + variants
    data["findings"] = list(data.get("findings") or []) + _variant_findings(
        data.get("findings") or [], {v["id"] for v in variants})
    Path(dst).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                         encoding="utf-8")
    return len(data["codes"])


VARIANT_FINDING_ROUNDS = (1, 2)


def _variant_findings(findings: list[dict], variant_ids: set[str]) -> list[dict]:
    """Copies of the findings resting on variant codes (rounds 1 and 2): a
    bigger evaluation has more findings, and the evidence matrix grows with
    them (21 findings x 3 gives ~100,000 evidence rows at 1M words)."""
    copies = []
    for n in VARIANT_FINDING_ROUNDS:
        for finding in findings:
            rule = finding.get("evidence") or {}
            codes = [f"{c}_v{n}" for c in rule.get("any_codes", []) if f"{c}_v{n}" in variant_ids]
            if codes:
                copies.append({"id": f"{finding['id']}_v{n}",
                               "statement": f"{finding['statement']} (variant {n})",
                               "loi": finding.get("loi"), "questions": finding.get("questions", []),
                               "evidence": {"any_codes": codes}})
    return copies


def _variant(code: dict, n: int, rng: random.Random) -> dict:
    variant = {key: value for key, value in code.items()
               if key in ("loi", "questions", "themes", "definition", "fuzzy_threshold")}
    variant = {"id": f"{code['id']}_v{n}", "name": f"{code['name']} (variant {n})", **variant}
    source = code.get("patterns") or {}
    patterns: dict = {}
    for key in TERM_KEYS:
        terms = list(source.get(key) or [])
        if not terms:
            continue
        shift = (n * 3) % len(terms)
        rotated = terms[shift:] + terms[:shift]
        keep = rotated[:max(1, (len(rotated) * 2 + 2) // 3)]
        reworded = _reword(rng.choice(terms), rng)
        if reworded and reworded not in keep:
            keep.append(reworded)
        patterns[key] = keep
    for key in ("near", "unless", "regex"):
        if source.get(key) and (n + len(code["id"])) % 2 == 0:
            patterns[key] = source[key]
    if not any(patterns.get(key) for key in TERM_KEYS) and source.get("near"):
        patterns["near"] = source["near"]
    variant["patterns"] = patterns
    return variant


def _reword(term: str, rng: random.Random) -> str | None:
    """A prefix-wildcard or fuzzy version of a pattern term; None when the term
    is already special or an acronym."""
    if term.startswith("~") or "*" in term:
        return None
    words = term.split()
    last = words[-1]
    if any(w.isupper() and len(w) > 1 for w in words) or not last.isalpha():
        return None
    if len(words) == 1 and len(last) >= 6 and rng.random() < 0.5:
        return "~" + last
    if len(last) >= 6:
        return " ".join(words[:-1] + [last[:max(4, len(last) - 3)] + "*"])
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    corpus = sub.add_parser("corpus", help="write a synthetic transcript corpus")
    corpus.add_argument("out_dir", type=Path)
    corpus.add_argument("--words", type=int, default=1_000_000)
    corpus.add_argument("--seed", type=int, default=7)
    book = sub.add_parser("codebook", help="write a scaled codebook")
    book.add_argument("out", type=Path)
    book.add_argument("--codes", type=int, default=300)
    book.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.what == "corpus":
        stats = generate_corpus(args.out_dir, args.words, args.seed)
        print(json.dumps(stats.__dict__))
    else:
        print(scale_codebook(CODEBOOK, args.out, args.codes, args.seed), "codes")


def language_mix(stats: CorpusStats) -> str:
    counts = Counter(stats.words_by_language)
    total = sum(counts.values()) or 1
    return ", ".join(f"{lang} {count / total:.0%}" for lang, count in sorted(counts.items()))


if __name__ == "__main__":
    main()
