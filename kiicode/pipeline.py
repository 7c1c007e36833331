"""The jobs that run the pipeline end to end: ingest transcripts into a
project and summarise what is there. Commands call these; they never print."""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing as mp
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np

from . import ranking, similarity
from .analysis import effective_codings, findings_supported
from .codebook import Codebook, did_you_mean
from .errors import Location, NotFoundError, Problem, TranscriptError
from .matching import CodeMatch, CompiledCodebook, words_to_normalise
from .nlp import (
    LanguagePipeline,
    Token,
    UnsupportedLanguage,
    language_detector,
    pipeline,
    sentence_splitter,
)
from .progress import Progress
from .ranking import Ranker, SegmentOutlook
from .similarity import Exemplar, LanguageIndex, code_texts, texts_to_tokenise
from .store import AUTO_CODER, Coding, IngestReport, Outlook, Store, Suggestion, text_sha
from .transcripts.corpus import Corpus, FileReport, inspect_corpus, read_corpus, stream_corpus
from .transcripts.models import Segment, Transcript
from .transcripts.turns import asks


@dataclass
class IngestResult:
    report: IngestReport
    warnings: list[Problem] = field(default_factory=list)


def read_transcripts(paths: Iterable[str | Path], codebook: Codebook, unit: str = "paragraph",
                     roster: str | Path | None = None) -> Corpus:
    """Read and check every transcript; raises TranscriptError listing all problems."""
    return read_corpus(paths, codebook, unit=unit, split_sentences=sentence_splitter,
                       detect_language=language_detector(codebook.languages), roster=roster)


def inspect_transcripts(paths: Iterable[str | Path], codebook: Codebook,
                        unit: str = "paragraph", roster: str | Path | None = None
                        ) -> list[FileReport]:
    """What `ingest` would make of each file, writing nothing (`ingest --dry-run`)."""
    return inspect_corpus(paths, codebook, unit=unit, split_sentences=sentence_splitter,
                          detect_language=language_detector(codebook.languages), roster=roster)


def ingest(store: Store, paths: Iterable[str | Path] | Corpus, codebook: Codebook,
           unit: str = "paragraph", roster: str | Path | None = None,
           on_progress: Progress | None = None) -> IngestResult:
    """Store transcripts one by one as they are read (a corpus is never held
    in memory), in one transaction: when any file has a problem, every
    problem is raised at the end and nothing is written. `on_progress` hears
    of each file read."""
    warnings: list[Problem] = []
    if isinstance(paths, Corpus):
        transcripts: Iterable[Transcript] = paths.transcripts
        warnings = paths.warnings
    else:
        transcripts = stream_corpus(paths, codebook, unit, sentence_splitter,
                                    language_detector(codebook.languages), roster, warnings,
                                    on_progress)
    clashes: list[Problem] = []
    with store.transaction():
        stored = {t.id: t.path for t in store.transcripts()}
        report = store.ingest(_same_files(transcripts, stored, clashes, warnings))
        if clashes:   # raised inside the transaction: nothing of this ingest is kept
            raise TranscriptError(clashes)
        store.set_meta("codebook_path", str(Path(codebook.path).resolve()))
        store.set_meta("unit", unit)
    return IngestResult(report, warnings)


def _same_files(transcripts: Iterable[Transcript], stored: dict[str, str],
                clashes: list[Problem], warnings: list[Problem]) -> Iterator[Transcript]:
    """A transcript is its id *and* its file: a new file claiming a stored
    transcript's id (a copy, a second interview given the same id) would
    replace that interview and drop the coders' decisions on it, so it is a
    clash naming both files. When the stored file is gone, the interview was
    moved or renamed: it is updated, with a warning."""
    for transcript in transcripts:
        old = stored.get(transcript.id)
        if old is None or Path(old).resolve() == Path(transcript.path).resolve():
            yield transcript
        elif Path(old).exists():
            clashes.append(Problem(
                Location(transcript.path), f"id '{transcript.id}' is already the transcript "
                f"ingested from {old}", "give this file its own id (front matter or roster); "
                "kiicode never replaces one interview with another"))
        else:
            warnings.append(Problem(Location(transcript.path), f"'{transcript.id}' was ingested "
                                    f"from {old}, which is gone: taken as moved here"))
            yield transcript


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
    segments: int = 0           # segments matched in this run
    suggestions: int = 0        # suggestions written in this run
    tokenised: int = 0          # segments run through the nlp pipeline
    from_cache: int = 0         # segments whose tokens came from the store's cache
    codes_matched: int = 0      # codes whose patterns were matched (all, or those edited)
    kept: int = 0               # re-matched segments whose outcome provably stayed the same
    first_run: bool = False
    added: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)

    def count(self, added: dict[str, int], removed: dict[str, int]) -> None:
        for mine, theirs in ((self.added, added), (self.removed, removed)):
            for code_id, n in theirs.items():
                mine[code_id] = mine.get(code_id, 0) + n


# Bump when matching itself changes meaning, so every code is matched again.
MATCHING_VERSION = "2"


def code_fingerprints(codebook: Codebook, pipelines: dict[str, LanguagePipeline],
                      exemplars: dict[str, list[Exemplar]] | None = None) -> dict:
    """code -> a hash of everything its suggestions depend on: its patterns,
    its codebook text in each language and the segments coders decided on
    for it (the similarity signal's exemplars)."""
    context = [MATCHING_VERSION, sorted(p.id for p in pipelines.values())]
    decided = exemplars or {}
    found = {}
    for c in codebook.codes.values():
        p = c.patterns
        material = [context, c.fuzzy_threshold, {k: list(v) for k, v in p.terms.items()},
                    [[list(n.terms), list(n.with_), n.within] for n in p.near],
                    list(p.unless), list(p.regex), c.parent,
                    {lang: code_texts(c, lang) for lang in sorted(pipelines)},
                    sorted([e.segment, e.coder, e.accepted] for e in decided.get(c.id, ()))]
        found[c.id] = hashlib.sha256(json.dumps(material, ensure_ascii=False).encode()
                                     ).hexdigest()[:16]
    return found


# The meta key of the similarity weights the stored outcomes were scored with.
INDEX_SNAPSHOT = "similarity_snapshot"


def outcome_context(codebook: Codebook, pipelines: dict[str, LanguagePipeline],
                    exemplars: dict[str, list[Exemplar]]) -> str:
    """A hash of what a segment's suggestions and outlook depend on besides
    its pattern hits and the similarity weights: the codes and their tree and
    lines of inquiry, the findings' rules, the coders' exemplars, the nlp and
    the scoring constants. When it differs from the previous run's, no
    segment keeps its outcome unranked."""
    material = [MATCHING_VERSION, sorted(p.id for p in pipelines.values()),
                [[c.id, c.parent, c.loi] for c in codebook.codes.values()],
                [[f.id, f.loi, list(f.questions), repr(f.evidence)]
                 for f in codebook.findings.values()],
                sorted([e.segment, e.code, e.coder, e.accepted, e.transcript,
                        [t.norm for t in e.tokens]]
                       for code_exemplars in exemplars.values() for e in code_exemplars),
                repr(ranking_constants())]
    return hashlib.sha256(json.dumps(material, ensure_ascii=False).encode()).hexdigest()[:16]


def ranking_constants() -> list:
    return [getattr(module, name) for module in (ranking, similarity)
            for name in sorted(dir(module)) if name.isupper()]


def code_families(codebook: Codebook, codes: set[str]) -> set[str]:
    """`codes` with their whole family trees: a parent's suggestion depends on
    whether its children fired, so a family is always matched together."""
    def root(code_id: str) -> str:
        while codebook.codes[code_id].parent in codebook.codes:
            code_id = codebook.codes[code_id].parent
        return code_id

    roots = {root(c) for c in codes if c in codebook.codes}
    return {c for c in codebook.codes if root(c) in roots}


def code(store: Store, codebook: Codebook, model: str | None = None,
         on_progress: Progress | None = None, batch_size: int = 500,
         jobs: int | None = None) -> CodingReport:
    """Suggest codes for every segment; replaces only machine suggestions.

    New segments are matched against every code; segments coded before are
    matched again only for the codes whose patterns changed since (and their
    families). Tokens are cached by segment text, so a codebook edit re-runs
    neither the nlp nor the unchanged codes. Suggestions are written batch by
    batch, each batch in its own short transaction (see below). With `jobs` >
    1 (default: up to two, as cores allow) a large run tokenises and matches
    in worker processes while this one writes."""
    report = CodingReport()
    segments = store.segments()
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
    by_id = {s.id: s for s in segments}
    exemplars = decided_exemplars(store, codebook, by_id, pipelines)
    fingerprints = code_fingerprints(codebook, pipelines, exemplars)
    previous = json.loads(store.get_meta("code_fingerprints") or "{}")
    edited = {c for c, fp in fingerprints.items() if previous.get(c) != fp}
    changed = code_families(codebook, edited)
    gone = set(previous) - set(fingerprints)
    context = outcome_context(codebook, pipelines, exemplars)
    kept = json.loads(store.get_meta(INDEX_SNAPSHOT) or "null") or {}
    coded = store.coded_segment_ids()
    report.first_run = not coded
    fresh = [s for s in segments if s.id not in coded]
    # A code gone, or findings, exemplars or scoring changed (or the previous
    # run did not finish): every coded segment is ranked again, even where no
    # code's patterns need matching again.
    again = ([s for s in segments if s.id in coded]
             if changed or gone or kept.get("context") != context else [])
    report.segments = len(fresh) + len(again)
    report.codes_matched = len(codebook.codes) if fresh else len(changed)
    # Short transactions, one per batch (~0.2 s at 500 segments), so a coder's
    # decision never waits behind a whole re-code (8.4 s at 1M words before),
    # and the run is re-runnable: a batch's suggestions and its segments'
    # "coded" marks commit together, and the fingerprints that say which codes
    # are current are written last. A run that fails half-way leaves every
    # earlier decision and batch; the next run matches the rest again.
    # Tokenising pattern words and building the similarity indexes takes
    # seconds with 300 codes: outside any transaction (their cache writes are
    # short ones of their own), so no decision waits for them.
    asked = questions_answered(store, segments) if report.segments else {}
    words = pattern_tokens(store, codebook, pipelines) if report.segments else {}
    indexes = (similarity_indexes(store, codebook, pipelines, exemplars)
               if report.segments else {})
    ranker = Ranker(codebook, list(codebook.codes))
    if kept.get("context") == context:
        for language, index in indexes.items():
            index.remember(kept["languages"].get(language))
    if gone or report.segments:
        with store.transaction():
            report.count({}, store.delete_suggestions(gone))
            # From the first batch written on, the stored outcomes no longer all
            # come from the kept weights: a run that stops half-way leaves none.
            store.set_meta(INDEX_SNAPSHOT, "")
    with _frozen_heap():
        done = 0
        for subset, codes in ((fresh, None), (again, changed)):
            if not subset:
                continue
            of_subset = {lang: pipelines[lang] for lang in {s.language for s in subset}}
            compiled = CompiledCodebook(codebook, of_subset, codes, words)
            # Codes not matched again keep their pattern hits; similarity and the
            # findings are ranked again over every code, except on segments whose
            # outcome provably stays the same (`Signals.segments`).
            held = store.pattern_suggestions([s.id for s in subset]) if codes is not None else {}
            batches = [(language, chunk, {s.id: held[s.id] for s in chunk if s.id in held},
                        [asked.get(s.id) for s in chunk])
                       for language in languages
                       for of_language in [[s for s in subset if s.language == language]]
                       for start in range(0, len(of_language), batch_size)
                       for chunk in [of_language[start:start + batch_size]]]
            gc.freeze()    # the stored hits too live for the whole subset
            signals = Signals(compiled, indexes, ranker, recoding=codes is not None)
            if codes is not None:
                signals.edited = CompiledCodebook(codebook, of_subset, edited, words)
                signals.edited_or_below = frozenset(
                    c for c in codebook.codes
                    if c in edited or not edited.isdisjoint(ranker.parents[c]))
            # Segments coded before have cached tokens: workers need no nlp for them.
            for batch, (blobs, suggestions, outlooks, tokenised, rescored) in zip(
                    batches, _run_batches(store, signals, pipelines, batches, jobs,
                                          preload=codes is None), strict=True):
                with store.transaction():
                    store.cache_tokens((sha, pipelines[batch[0]].id, blob)
                                       for sha, blob in blobs.items())
                    report.count(*store.replace_suggestions(suggestions, rescored))
                    store.replace_outlooks(outlooks)
                    if codes is None:
                        store.mark_coded(s.id for s in batch[1])
                report.tokenised += tokenised
                report.from_cache += len(batch[1]) - tokenised
                left = {s.id for s in batch[1]} - set(rescored)
                report.suggestions += len(suggestions) + (
                    store.machine_suggestion_count(left) if left else 0)
                report.kept += len(batch[1]) - len(rescored)
                done += len(batch[1])
                if on_progress:
                    on_progress(done, report.segments)
    with store.transaction():
        if indexes:
            store.set_meta(INDEX_SNAPSHOT, json.dumps(
                {"context": context,
                 "languages": {lang: index.snapshot() for lang, index in indexes.items()}}))
        store.set_meta("code_fingerprints", json.dumps(fingerprints, sort_keys=True))
        store.set_meta("codebook_sha256", codebook.sha256)
        store.set_meta("codebook_path", str(Path(codebook.path).resolve()))
    return report


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Everything built before the batches (codebook, indexes, lemma tables,
    stored hits) lives for the whole run: kept out of the garbage collector's
    full passes, which otherwise walk it again and again while the batches
    allocate millions of short-lived tuples (forked workers inherit it frozen)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass
class Explanation:
    """Why a code was (or was not) suggested for a segment."""

    segment: Segment
    code: str
    match: CodeMatch       # hits, vetoed hits, and the child that implies it, if any
    decisions: list[Coding]
    findings: list[str]    # findings the segment supports as it stands
    similarity: float = 0.0          # 0-1, to the code's codebook text and exemplars
    similar_words: list = field(default_factory=list)   # SimilarWord, heaviest first
    nearest: object = None           # the nearest accepted segment (similarity.Nearest)
    suggestion: Coding | None = None  # the machine's suggestion as stored, if any
    outlook: Outlook | None = None    # the segment's likely findings and line of inquiry
    questions: dict[int, str] = field(default_factory=dict)   # interviewer turn -> text


def explain(store: Store, codebook: Codebook, segment_id: str, code_id: str) -> Explanation:
    """Match one code (with its family, for the parent rule) against one
    segment again, from cached tokens, and gather the decisions on it."""
    if code_id not in codebook.codes:
        raise NotFoundError(Problem(Location(codebook.path), f"no code '{code_id}'",
                                    did_you_mean(code_id, sorted(codebook.codes))))
    segment = store.segment(segment_id)
    pipelines = {segment.language: pipeline(segment.language)}
    tokens = tokens_for(store, pipelines[segment.language], [segment])[0]
    compiled = CompiledCodebook(codebook, pipelines, code_families(codebook, {code_id}),
                                pattern_tokens(store, codebook, pipelines))
    match = compiled.match(segment.language, segment.text, tokens,
                           segment.start).get(code_id) or CodeMatch(code_id)
    decided = effective_codings(store, segment_ids=[segment.id]).get(segment.id, {})
    held = {c: sc.score for c, sc in decided.items() if sc.status != "rejected"}
    exemplars = decided_exemplars(store, codebook, {}, pipelines)
    index = similarity_indexes(store, codebook, pipelines, exemplars)[segment.language]
    scores = index.score(tokens, exclude=segment.id, transcript=segment.transcript_id)
    column = index.code_index[code_id]
    codings = store.codings([segment.id], code=code_id)
    return Explanation(segment, code_id, match, codings,
                       [f for f, _ in findings_supported(codebook, held)],
                       round(float(scores.similarity()[column]), 3),
                       scores.explain(code_id, segment.text), scores.nearest.get(column),
                       next((c for c in codings if c.coder == AUTO_CODER), None),
                       store.outlooks([segment.id]).get(segment.id),
                       dict(store.interviewer_turns(segment.transcript_id).get(
                           segment.transcript_id, ())))


# --- the similarity signal's inputs --------------------------------------------

def decided_exemplars(store: Store, codebook: Codebook, segments: dict[str, Segment],
                      pipelines: dict[str, LanguagePipeline]) -> dict[str, list[Exemplar]]:
    """code -> the segments coders accepted (or assigned) it on, and rejected
    it on, with their tokens: what the similarity signal learns from. A
    segment two coders decided on counts once per coder."""
    rows = [r for r in store.decided_segments() if r[1] in codebook.codes]
    if not rows:
        return {}
    wanted = sorted({r[0] for r in rows} - set(segments))
    known = dict(segments)
    known.update({s.id: s for s in (store.segment(i) for i in wanted)})
    tokens: dict[str, list[Token]] = {}
    for language, nlp in pipelines.items():
        of_language = [known[i] for i in sorted({r[0] for r in rows})
                       if known[i].language == language]
        tokens.update(zip((s.id for s in of_language), tokens_for(store, nlp, of_language),
                          strict=True))
    found: dict[str, list[Exemplar]] = {}
    for segment_id, code_id, coder, status in rows:
        if segment_id in tokens:
            found.setdefault(code_id, []).append(Exemplar(
                segment_id, code_id, coder, status == "accepted", tokens[segment_id],
                known[segment_id].transcript_id, known[segment_id].language))
    return found


def similarity_indexes(store: Store, codebook: Codebook, pipelines: dict[str, LanguagePipeline],
                       exemplars: dict[str, list[Exemplar]]) -> dict[str, LanguageIndex]:
    """language -> every code's codebook text (tokens through the token
    cache, like pattern words) and exemplars, indexed for BM25."""
    found = {}
    for language, nlp in pipelines.items():
        texts = texts_to_tokenise(codebook, language)
        tokens, _ = cached_tokens(store, nlp, texts)
        language_exemplars = [e for code_exemplars in exemplars.values() for e in code_exemplars
                              if e.tokens is not None]
        found[language] = LanguageIndex(codebook, language, dict(zip(texts, tokens, strict=True)),
                                        language_exemplars)
    return found


# --- batches, in this process or in workers -----------------------------------------

# (language, segments, segment -> code -> (pattern score, evidence) kept from before,
#  each segment's question: (interviewer turn number, its text), or None)
Batch = tuple[str, list[Segment], dict[str, dict[str, tuple[float, str]]],
              list[tuple[int, str] | None]]
# (token blobs new to the cache, suggestions, outlooks, segments tokenised,
#  segments whose suggestions and outlook these are; the others' are kept as stored)
BatchResult = tuple[dict[str, str], list[Suggestion], list[Outlook], int, list[str]]
DEFAULT_JOBS = min(2, os.cpu_count() or 1)
MIN_SEGMENTS_FOR_WORKERS = 4000   # below this, starting workers costs more than it saves


@dataclass
class Signals:
    """What scores a segment: compiled patterns (maybe of some codes only),
    the similarity index of each language, and the ranking of tiers and findings."""

    patterns: CompiledCodebook
    similarity: dict[str, LanguageIndex]
    ranker: Ranker
    # re-coding: `held` has every stored pattern hit, and a segment whose
    # outcome provably stays the same is left as stored
    recoding: bool = False
    # re-coding: the patterns of the codes whose fingerprint changed, and those
    # codes with their descendants (see `segments`)
    edited: CompiledCodebook | None = None
    edited_or_below: frozenset[str] = frozenset()

    def segments(self, segments: list[Segment], source: BatchTokens,
                 held: dict[str, dict[str, tuple[float, str]]],
                 asked: list[tuple[int, int] | None] | None = None
                 ) -> tuple[list[Suggestion], list[SegmentOutlook], list[int]]:
        """(suggestions of both tiers, outlooks, which segments they are for;
        the others are left as stored) for segments of one language; `held`
        are the stored pattern hits, kept for codes not matched again.
        Patterns are matched segment by segment; similarity and ranking are
        computed for the whole batch at once.

        Re-coding, a segment is left as stored when its pattern hits are the
        same as stored and either none of its words (nor its question's)
        carries a weight that moved since the stored outcomes were scored
        (`LanguageIndex.unmoved`: it is not even scored), or its similarities
        under the new weights give the same suggestions and outlook as under
        the weights it was scored with (`Ranker.same_outcomes`): an edit of
        one code moves that code's weights (and, where a word enters or
        leaves its text, that word's IDF), seldom any rounded score, tier or
        likely finding. A
        segment none of whose words can start a term of the codes matched
        again (and no regex of theirs finds anything), which had no hit of
        theirs before, keeps its stored hits without being matched, and its
        tokens are not even decoded unless a similar suggestion is explained.

        `asked` gives each segment's question (interviewer turn number, and
        which text of `source` it is), scored against the codes like the
        segments (`questions`)."""
        matched = {c.id for c in self.patterns.codes}
        patterns = []
        for i, segment in enumerate(segments):
            stored = held.get(segment.id) or {}
            # An edited code that matches nothing here, and had no hit before
            # (neither it nor a descendant, which would have hidden it, is
            # stored), leaves its family's hits as stored: the others' patterns
            # are unchanged, and which parent a child hides is the same.
            if (self.edited is not None and stored.keys().isdisjoint(self.edited_or_below) and
                    not self.edited.may_match(segment.language, segment.text, source.words(i),
                                              segment.start)):
                patterns.append(dict(stored))
                continue
            matches = self.patterns.match(segment.language, segment.text, source.tokens(i),
                                          segment.start)
            pattern = {c: hit for c, hit in stored.items() if c not in matched}
            for code_id, match in matches.items():
                if match.suggested:
                    pattern[code_id] = (match.score, json.dumps(
                        [h.as_evidence() for h in match.hits], ensure_ascii=False))
            patterns.append(pattern)
        index = self.similarity.get(segments[0].language) if segments else None
        asked = asked or [None] * len(segments)
        scored = list(range(len(segments)))
        recoding = self.recoding and index is not None and index.previous is not None
        if recoding:
            # hits as stored, and no weight of its words (or its question's)
            # moved: every similarity and explanation is the same, bit for bit
            scored = [i for i in scored if not (
                patterns[i] == held.get(segments[i].id, {}) and index.unmoved(source.words(i))
                and (asked[i] is None or index.unmoved(source.words(asked[i][1]))))]
        scores = dict(zip(scored, index.score_words(
            [source.words(i) for i in scored], [partial(source.tokens, i) for i in scored],
            [segments[i].id for i in scored], [segments[i].transcript_id for i in scored])
            if index is not None else [None] * len(scored), strict=True))
        questions = dict(zip(scored, self.questions(
            index, [segments[i] for i in scored], source, [asked[i] for i in scored])
            if index is not None else [None] * len(scored), strict=True))
        rescored = scored
        if recoding:
            same = [i for i in scored if patterns[i] == held.get(segments[i].id, {})]
            if same:
                unchanged = self.ranker.same_outcomes(
                    [patterns[i] for i in same], np.array([scores[i].before for i in same]),
                    np.array([scores[i].similarity() for i in same]),
                    [questions[i] for i in same], [segments[i].text for i in same],
                    np.array([scores[i].moved for i in same]))
                left = {same[j] for j in np.nonzero(unchanged)[0]}
                rescored = [i for i in scored if i not in left]
        ranked_of, outlooks = self.ranker.rank_batch(
            [patterns[i] for i in rescored], [scores[i] for i in rescored],
            [segments[i].text for i in rescored], [segments[i].start for i in rescored],
            [questions[i] for i in rescored])
        suggestions = [Suggestion(segments[i].id, r.code, r.score, r.evidence, r.tier,
                                  r.pattern_score if r.tier == "pattern" else None, r.similarity)
                       for i, ranked in zip(rescored, ranked_of, strict=True)
                       for r in ranked]
        return suggestions, outlooks, rescored

    @staticmethod
    def questions(index: LanguageIndex, segments: list[Segment], source: BatchTokens,
                  asked: list[tuple[int, int] | None] | None) -> list[ranking.Question | None]:
        """Each segment's question scored against every code, like a segment
        (each distinct question once; exemplars of the segment's own
        interview left out, as for the segment)."""
        found: list[ranking.Question | None] = [None] * len(segments)
        if not asked:
            return found
        distinct: dict[tuple[str, int], int] = {}
        rows, transcripts = [], []
        for segment, question in zip(segments, asked, strict=True):
            if question is not None and (segment.transcript_id, question[0]) not in distinct:
                distinct[(segment.transcript_id, question[0])] = len(rows)
                rows.append(question[1])
                transcripts.append(segment.transcript_id)
        scored = (index.score_words([source.words(j) for j in rows],
                                    [partial(source.tokens, j) for j in rows], None,
                                    transcripts) if rows else [])
        for row, (segment, question) in enumerate(zip(segments, asked, strict=True)):
            if question is not None:
                scores = scored[distinct[(segment.transcript_id, question[0])]]
                found[row] = ranking.Question(question[0], scores.similarity(), scores.before)
        return found


def questions_answered(store: Store, segments: list[Segment]) -> dict[str, tuple[int, str]]:
    """segment -> (turn number, text) of the interviewer turn it answers: the
    nearest one before its own turn, in a group KII too, when that turn asks
    something (`asks`). After a greeting, thanks, an interpreter's note or a
    summary's heading, and in transcripts without interviewer turns (a
    monologue), a segment answers no question: on the retired sets such turns
    pointed the prior nowhere useful (summaries' finding@3 0.97 -> 1.00 without them)."""
    turns = store.interviewer_turns()
    found = {}
    for segment in segments:
        before = [t for t in turns.get(segment.transcript_id, ()) if t[0] < segment.turn_no]
        if before and asks(before[-1][1]):
            found[segment.id] = before[-1]
    return found


def match_batch(batch: Batch, signals: Signals, nlp: LanguagePipeline,
                cached: dict[str, str]) -> BatchResult:
    """Tokenise (what `cached` lacks) and score one batch of segments and
    the questions they answer (tokenised and cached like the segments)."""
    _, segments, held, questions = batch
    texts = [s.text for s in segments]
    asked_texts = sorted({q[1] for q in questions if q is not None})
    source = BatchTokens(nlp, texts + asked_texts, cached)
    position = {text: len(texts) + j for j, text in enumerate(asked_texts)}
    asked = [(q[0], position[q[1]]) if q is not None else None for q in questions]
    suggestions, found, rescored = signals.segments(segments, source, held, asked)
    outlooks = [Outlook(segments[i].id, outlook.findings, outlook.loi,
                        outlook.asked.as_json() if outlook.asked else "")
                for i, outlook in zip(rescored, found, strict=True)]
    tokenised = sum(1 for sha in source.shas[:len(texts)] if sha in source.blobs)
    return (source.blobs, suggestions, outlooks, tokenised,
            [segments[i].id for i in rescored])


def _run_batches(store: Store, signals: Signals,
                 pipelines: dict[str, LanguagePipeline], batches: list[Batch],
                 jobs: int | None, preload: bool = True) -> Iterator[BatchResult]:
    """Results of `match_batch` for each batch, in order. Large runs go to
    forked workers that read the token cache through their own read-only
    connection (WAL lets them read while this process writes)."""
    jobs = DEFAULT_JOBS if jobs is None else jobs
    count = sum(len(b[1]) for b in batches)
    # Workers are forked so they share the compiled codebook and lemma tables;
    # fork is only safe on Linux (macOS frameworks and Windows lack it).
    if jobs < 2 or count < MIN_SEGMENTS_FOR_WORKERS or not sys.platform.startswith("linux"):
        for batch in batches:
            nlp = pipelines[batch[0]]
            yield match_batch(batch, signals, nlp, store.cached_tokens(batch_shas(batch), nlp.id))
        return
    global _WORKER
    if preload:
        for nlp in pipelines.values():
            nlp.load()   # before the fork, so workers share the loaded tables
    _WORKER = (store.path, signals, pipelines)
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_worker_batch, batches)
    finally:
        _WORKER = None


_WORKER: tuple | None = None     # (store path, signals, pipelines) for forked workers
_WORKER_STORE: list = []


def _worker_batch(batch: Batch) -> BatchResult:
    path, signals, pipelines = _WORKER
    if not _WORKER_STORE:
        # each worker reads through its own read-only connection, never the parent's
        _WORKER_STORE.append(Store.open(path, readonly=True))
    nlp = pipelines[batch[0]]
    cached = _WORKER_STORE[0].cached_tokens(batch_shas(batch), nlp.id)
    return match_batch(batch, signals, nlp, cached)


def batch_shas(batch: Batch) -> list[str]:
    """The token cache keys a batch needs: its segments' and questions' texts."""
    return list({text_sha(s.text) for s in batch[1]} |
                {text_sha(q[1]) for q in batch[3] if q is not None})


def tokens_for(store: Store, nlp: LanguagePipeline, segments: list[Segment],
               report: CodingReport | None = None) -> list[list[Token]]:
    """Tokens of each segment, from the cache where possible; new ones are cached."""
    tokens, fresh = cached_tokens(store, nlp, [s.text for s in segments])
    if report is not None:
        report.tokenised += fresh
        report.from_cache += len(segments) - fresh
    return tokens


def cached_tokens(store: Store, nlp: LanguagePipeline,
                  texts: list[str]) -> tuple[list[list[Token]], int]:
    """(tokens of each text, how many were not cached): the store caches
    tokens by text hash, for segments and pattern words alike."""
    cached = store.cached_tokens(list({text_sha(text) for text in texts}), nlp.id)
    tokens, blobs = tokenise(nlp, texts, cached)
    if blobs:
        with store.transaction():   # only the write: tokenising holds no lock
            store.cache_tokens((sha, nlp.id, blob) for sha, blob in blobs.items())
    return tokens, sum(1 for text in texts if text_sha(text) in blobs)


def tokenise(nlp: LanguagePipeline, texts: list[str],
             cached: dict[str, str]) -> tuple[list[list[Token]], dict[str, str]]:
    """(tokens of each text, blobs of the texts `cached` lacked, to cache)."""
    source = BatchTokens(nlp, texts, cached)
    return [source.tokens(i) for i in range(len(texts))], source.blobs


class BatchTokens:
    """The tokens of a batch of texts: run through the nlp where `cached`
    lacks them, else decoded from the cache only when asked for; and each
    text's distinct words, which the similarity signal and the re-code's
    prefilter need, read from a cached blob without decoding its tokens."""

    def __init__(self, nlp: LanguagePipeline, texts: list[str], cached: dict[str, str]):
        self.shas = [text_sha(text) for text in texts]
        missing = {sha: text for sha, text in zip(self.shas, texts, strict=True)
                   if sha not in cached}
        self._cached = cached
        self._tokens: dict[int, list[Token]] = {}
        self._words: dict[int, list[Word]] = {}
        fresh: dict[str, list[Token]] = {}
        if missing:   # with everything cached, spaCy is never even loaded
            fresh = dict(zip(missing, nlp.pipe(list(missing.values())), strict=True))
        for i, sha in enumerate(self.shas):
            if sha in fresh:
                self._tokens[i] = fresh[sha]
        self.blobs = {sha: encode_tokens(tokens) for sha, tokens in fresh.items()}
        self.tokenised = sum(1 for sha in self.shas if sha in fresh)

    def tokens(self, i: int) -> list[Token]:
        found = self._tokens.get(i)
        if found is None:
            found = self._tokens[i] = decode_tokens(self._cached[self.shas[i]],
                                                    self._words.get(i))
        return found

    def words(self, i: int) -> list[Word]:
        """Distinct (norm, surface, upper) of text `i`'s tokens."""
        found = self._words.get(i)
        if found is None:
            found = self._words[i] = (
                list(dict.fromkeys(t[2:4] + (t[5],) for t in self._tokens[i]))
                if i in self._tokens else decode_words(self._cached[self.shas[i]]))
        return found


def pattern_tokens(store: Store, codebook: Codebook,
                   pipelines: dict[str, LanguagePipeline]) -> dict[str, dict[str, list[Token]]]:
    """language -> pattern word -> tokens, through the token cache, so that
    compiling a codebook needs no nlp when nothing new was written."""
    found = {}
    for language, nlp in pipelines.items():
        words = sorted(words_to_normalise(codebook, language))
        tokens, _ = cached_tokens(store, nlp, words)
        found[language] = dict(zip(words, tokens, strict=True))
    return found


# The token cache's blobs: TOKENS_MARK, the distinct words ("norm RS surface RS
# upper", joined by US), GS, then four integers per token (start, end, word,
# sentence). The words come first so that a re-code can read them without
# decoding the tokens, and plain splits read several times faster than JSON
# rows of named tuples. Blobs of the earlier format (JSON rows) still decode.
TOKENS_MARK, _GS, _RS, _US = "\x1c", "\x1d", "\x1e", "\x1f"
_SEPARATORS = frozenset(TOKENS_MARK + _GS + _RS + _US)
Word = tuple[str, str, bool]


def encode_tokens(tokens: list[Token]) -> str:
    numbers: dict[tuple, int] = {}
    positions = []
    for t in tokens:
        key = (t.norm, t.surface, bool(t.upper))
        number = numbers.get(key)
        if number is None:
            number = numbers[key] = len(numbers)
        positions += (t.start, t.end, number, t.sentence)
    if any(not _SEPARATORS.isdisjoint(n + s) for n, s, _ in numbers):
        # a control character in the text itself: the JSON rows cannot be confused
        rows = [[t.start, t.end, t.norm, t.surface, t.sentence, int(t.upper)] for t in tokens]
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    words = _US.join(f"{n}{_RS}{s}{_RS}{'1' if u else ''}" for n, s, u in numbers)
    return f"{TOKENS_MARK}{words}{_GS}{','.join(map(str, positions))}"


def decode_words(blob: str) -> list[Word]:
    """The distinct (norm, surface, upper) of a blob's tokens, in order of first use."""
    if not blob.startswith(TOKENS_MARK):
        return list(dict.fromkeys((r[2], r[3], bool(r[5])) for r in json.loads(blob)))
    words = blob[1:blob.index(_GS)]
    if not words:
        return []
    parts = iter(words.replace(_US, _RS).split(_RS))
    return [(norm, surface, upper == "1")
            for norm, surface, upper in zip(parts, parts, parts, strict=True)]


def decode_tokens(blob: str, words: list[Word] | None = None) -> list[Token]:
    """A blob's tokens; `words`, its `decode_words` if already read."""
    if not blob.startswith(TOKENS_MARK):
        # `upper` stays 0/1 (as true as True, and an equal dict key)
        return list(map(Token._make, json.loads(blob)))
    if words is None:
        words = decode_words(blob)
    positions = blob[blob.index(_GS) + 1:]
    if not positions:
        return []
    numbers = iter(map(int, positions.split(",")))
    make = tuple.__new__
    return [make(Token, (start, end, *words[number][:2], sentence, words[number][2]))
            for start, end, number, sentence in zip(numbers, numbers, numbers, numbers,
                                                    strict=True)]
