"""The jobs that run the pipeline end to end: ingest transcripts into a
project and summarise what is there. Commands call these; they never print."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .codebook import Codebook
from .errors import Problem
from .matching import CompiledCodebook
from .nlp import (
    LanguagePipeline,
    Token,
    UnsupportedLanguage,
    language_detector,
    pipeline,
    sentence_splitter,
)
from .store import AUTO_CODER, Coding, IngestReport, Store, text_sha
from .transcripts.corpus import Corpus, read_corpus
from .transcripts.models import Segment


@dataclass
class IngestResult:
    report: IngestReport
    warnings: list[Problem] = field(default_factory=list)


def read_transcripts(paths: Iterable[str | Path], codebook: Codebook, unit: str = "paragraph",
                     roster: str | Path | None = None) -> Corpus:
    """Read and check every transcript; raises TranscriptError listing all problems."""
    return read_corpus(paths, codebook, unit=unit, split_sentences=sentence_splitter,
                       detect_language=language_detector(codebook.languages), roster=roster)


def ingest(store: Store, paths: Iterable[str | Path] | Corpus, codebook: Codebook,
           unit: str = "paragraph", roster: str | Path | None = None) -> IngestResult:
    """Read every transcript first; only when all are valid, write them in one
    transaction (so bad input leaves the store as it was)."""
    corpus = paths if isinstance(paths, Corpus) else read_transcripts(paths, codebook, unit,
                                                                      roster)
    with store.transaction():
        report = store.ingest(corpus.transcripts)
        store.set_meta("codebook_path", str(Path(codebook.path).resolve()))
        store.set_meta("unit", unit)
    return IngestResult(report, corpus.warnings)


@dataclass
class ProjectSummary:
    transcripts: int
    respondents_by_type: dict[str, int]
    segments: int
    segments_by_language: dict[str, int]
    transcripts_by_language: dict[str, int]
    group_transcripts: int
    regions: dict[str, int]
    words: int


def summarise(store: Store) -> ProjectSummary:
    transcripts = store.transcripts()
    respondents = [r for r in store.respondents() if not r.is_group]
    segments = store.segments()
    distinct = {r.id: r for r in respondents}
    return ProjectSummary(
        transcripts=len(transcripts),
        respondents_by_type=dict(Counter(r.type for r in distinct.values()).most_common()),
        segments=len(segments),
        segments_by_language=dict(Counter(s.language for s in segments).most_common()),
        transcripts_by_language=dict(Counter(t.language for t in transcripts).most_common()),
        group_transcripts=sum(1 for t in transcripts if t.mode == "group"),
        regions=dict(Counter(r.region or "(none)" for r in distinct.values()).most_common()),
        words=sum(len(s.text.split()) for s in segments),
    )


@dataclass
class CodingReport:
    segments: int = 0
    suggestions: int = 0
    tokenised: int = 0          # segments run through the nlp pipeline
    from_cache: int = 0         # segments whose tokens came from the store's cache
    added: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)


Progress = Callable[[int, int], None]


def code(store: Store, codebook: Codebook, model: str | None = None,
         on_progress: Progress | None = None, batch_size: int = 1000) -> CodingReport:
    """Suggest codes for every segment; replaces only machine suggestions.

    Tokens are cached by segment text, so re-running after a codebook edit
    only re-matches. All writes happen in one transaction."""
    report = CodingReport()
    segments = store.segments()
    report.segments = len(segments)
    languages = sorted({s.language for s in segments})
    pipelines = {}
    for language in languages:
        first = next(s for s in segments if s.language == language)
        if language not in codebook.languages:
            raise UnsupportedLanguage(language, first.transcript_id,
                                      f"the codebook declares {', '.join(codebook.languages)}")
        try:
            pipelines[language] = pipeline(language, model)
        except UnsupportedLanguage:
            raise UnsupportedLanguage(language, first.transcript_id) from None
    compiled = CompiledCodebook(codebook, pipelines)
    suggestions: list[Coding] = []
    done = 0
    with store.transaction():
        for language in languages:
            nlp = pipelines[language]
            subset = [s for s in segments if s.language == language]
            for start in range(0, len(subset), batch_size):
                batch = subset[start:start + batch_size]
                tokens = tokens_for(store, nlp, batch, report)
                for segment, segment_tokens in zip(batch, tokens, strict=True):
                    for code_id, match in compiled.match(language, segment.text, segment_tokens,
                                                         segment.start).items():
                        if match.suggested:
                            suggestions.append(Coding(
                                segment.id, code_id, AUTO_CODER, "auto", "suggested",
                                match.score, [h.as_evidence() for h in match.hits]))
                done += len(batch)
                if on_progress:
                    on_progress(done, len(segments))
        report.added, report.removed = store.replace_suggestions(suggestions)
        store.set_meta("codebook_sha256", codebook.sha256)
        store.set_meta("codebook_path", str(Path(codebook.path).resolve()))
    report.suggestions = len(suggestions)
    return report


def tokens_for(store: Store, nlp: LanguagePipeline, segments: list[Segment],
               report: CodingReport | None = None) -> list[list[Token]]:
    """Tokens of each segment, from the cache where possible; new ones are cached."""
    shas = [text_sha(s.text) for s in segments]
    cached = store.cached_tokens(list(set(shas)), nlp.id)
    missing = [i for i, sha in enumerate(shas) if sha not in cached]
    fresh: dict[str, str] = {}
    texts = [segments[i].text for i in missing]
    for i, tokens in zip(missing, nlp.pipe(texts), strict=True):
        fresh[shas[i]] = encode_tokens(tokens)
    if fresh:
        store.cache_tokens((sha, nlp.id, blob) for sha, blob in fresh.items())
    if report is not None:
        report.tokenised += len(missing)
        report.from_cache += len(segments) - len(missing)
    return [decode_tokens(cached.get(sha) or fresh[sha]) for sha in shas]


def encode_tokens(tokens: list[Token]) -> str:
    rows = [[t.start, t.end, t.norm, t.surface, t.sentence, int(t.upper)] for t in tokens]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def decode_tokens(blob: str) -> list[Token]:
    return [Token(s, e, n, f, sent, bool(u)) for s, e, n, f, sent, u in json.loads(blob)]
