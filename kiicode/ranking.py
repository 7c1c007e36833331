"""Fuse the two signals of the match stage into suggestions in two tiers, and
rank every segment's likely findings and its line of inquiry.

- **pattern** tier: a code whose patterns fired (high confidence); its score
  is the pattern score raised by the similarity (`similarity.fuse`).
- **similar** tier: a code no pattern fired for, whose similarity to the
  segment reaches `SIMILAR_THRESHOLD` and is within `SIMILAR_MARGIN` of the
  segment's best; at most `SIMILAR_CAP` per segment, so a coder is not flooded
  (a runner-up well behind a code the patterns already give is noise).

Findings are ranked from every code's score, not only the suggested ones'
(`outlook_scores`: the two signals fused with similarity in full): a finding
scores as its best evidence code, where a child code counts fully for its
parent and a parent code counts at PARENT_SHARE for the findings of its
children (a segment coded only "implementation challenges" still points at
the findings about turnover or buy-in). The segment's line of inquiry is
the one whose evidence is strongest (`Ranker.outlooks`): its best finding's
score, plus LOI_CODE_SHARE x its best code's score, plus, for an answer,
LOI_QUESTION_SHARE x the question's own best finding of that line; with no
likely finding, the line of its top code. A top code that leads every other
by DECISIVE_MARGIN and is evidence for a finding gives the line of that
finding instead (a code filed under one line whose finding reports under
another: the answer is about the finding); a top code that is no finding's
evidence in full and leads by OWN_LINE_MARGIN gives its own line (its line
has no finding of its own to outweigh the weaker codes' findings).

The interviewer's question a segment answers (the nearest interviewer turn
before it) is scored against every code like a segment, and counts as a
prior on the findings and line of inquiry (`QUESTION_WEIGHT`): "How did the
Partnership contribute to those changes?" moves an answer about sharper
prosecutors from capacity towards partnership contribution, while an answer
whose own words point clearly elsewhere keeps its own line (answers drift)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from .codebook import Codebook
from .similarity import (
    FLOOR_WORDS,
    FUSION_WEIGHT,
    SIMILAR_CAP,
    SIMILAR_FLOOR,
    SIMILAR_MARGIN,
    SIMILAR_THRESHOLD,
    SegmentScores,
)

PATTERN_TIER, SIMILAR_TIER = "pattern", "similar"
TIERS = (PATTERN_TIER, SIMILAR_TIER)
PARENT_SHARE = 0.5
# Findings and the line of inquiry are ranked from their own fusion of the two
# signals, 1 - (1 - OUTLOOK_PATTERN_SHARE x pattern)(1 - similarity): similarity
# counts fully and a pattern hit at half, because a pattern that fires on one
# word is more often a wrong code than the best-similar one (pattern-tier
# precision 0.42-0.64 on interview speech). 0.6 was fitted in the third round
# on set 1 and the sample; since then the similarity reads each code's
# everyday talk too, and on sets 1-7 a hit at half (with LOI_CODE_SHARE 1)
# put more segments' gold finding in the top 3 and their gold line first;
# docs/matching.md, "Ninth round: line of inquiry". The suggestions' own
# scores keep `similarity.fuse`.
OUTLOOK_PATTERN_SHARE = 0.5
# The interviewer's question before a segment raises each code's outlook score
# as 1 - (1 - outlook)(1 - QUESTION_WEIGHT x the question's similarity to the
# code). Fitted on retired sets 1 and 2 (0.3-0.7; 0.5 best for LOI without
# losing finding@3), checked on set 3; docs/matching.md, "The interviewer's
# question". Findings and LOI only: the suggestions and their tiers are the
# answer's own.
QUESTION_WEIGHT = 0.5
# A segment's line of inquiry scores as its best finding's outlook score +
# LOI_CODE_SHARE x its best code's + LOI_QUESTION_SHARE x the best finding of
# the question it answers (the question's similarity alone): the top finding
# alone let one finding with a single code decide against a line that several
# codes or the question point at. Fitted on retired sets 1-3 (0-1 / 0-0.3),
# accepted on set 4 held out (LOI en 0.59 -> 0.69, es 0.69 -> 0.74); docs/matching.md,
# "Fifth round: line of inquiry". Since the ninth round the best code counts
# as much as the best finding (1, was 0.75): with a pattern hit at half in the
# outlook, a line's codes no longer need discounting against its findings.
# The likely findings are unchanged by it.
LOI_CODE_SHARE = 1.0
LOI_QUESTION_SHARE = 0.3
# A segment whose top code leads every other code by at least DECISIVE_MARGIN
# (outlook scores) takes the line of inquiry of that code's first finding (in
# codebook order, of those it counts for in full), if it is evidence for any:
# the answer is about what that finding reports, whatever the code's own `loi:`
# or the weaker codes around it. A line's best code counts under the code's
# own `loi:` otherwise, so a code whose finding is on another line
# (`community_prevention`: capacity, its finding F15 partnership contribution)
# pulled its clearest answers to the wrong line; moving its `loi:` instead costs
# English answers about prevention in general, which read close to it and its
# parent. Chosen on retired sets 1-8 and the summaries (0.1-0.3: 0.2 best, Spanish
# up on six sets, none down); docs/matching.md, "Tenth round: line of inquiry".
DECISIVE_MARGIN = 0.2
# A top code that counts in full for no finding (`corruption`, `context_factors`,
# `activity_delivery`, a parent such as `partnership_design`) and leads every
# other code by at least OWN_LINE_MARGIN gives the segment its own `loi:`: a
# line scored as best finding + best code let the findings of the weaker codes
# around it (a capacity code beside a tip-off, the partners' training beside
# technical assistance) outvote the answer's clearly strongest code, whose line
# has no finding to add. Chosen on retired sets 1-9 and 11 (interviews and
# summaries; 0.05-0.2: 0.05-0.12 a plateau, 0.1 taken), set 10 held out;
# docs/matching.md, "Twelfth round: line of inquiry".
OWN_LINE_MARGIN = 0.1
LIKELY_FINDINGS = 3
# A finding below this score is not listed as likely.
MIN_FINDING_SCORE = 0.05


@dataclass(frozen=True)
class Ranked:
    """A suggestion as the ranking decided it: tier, fused score, the two
    signals' parts and the evidence (JSON, as the store keeps it)."""

    code: str
    tier: str
    score: float
    pattern_score: float
    similarity: float
    evidence: str


@dataclass(frozen=True)
class Asked:
    """What the interviewer's question before a segment points at: the turn,
    the question's own line of inquiry and evaluation question (of its top
    likely finding), and the line of inquiry the segment would have without it."""

    turn: int
    loi: str
    question: str
    alone: str

    def as_json(self) -> str:
        return json.dumps({"turn": self.turn, "loi": self.loi, "question": self.question,
                           "alone": self.alone}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Asked | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(int(data["turn"]), data["loi"], data.get("question", ""),
                   data.get("alone", ""))


@dataclass(frozen=True)
class Question:
    """The interviewer turn a segment answers, scored against every code:
    `similarity` under the index's weights, `before` under the weights the
    stored outcome was scored with (re-coding), if known."""

    turn: int
    similarity: np.ndarray
    before: np.ndarray | None = None


@dataclass(frozen=True)
class SegmentOutlook:
    """A segment's likely findings (id, score), best first, its line of
    inquiry, and what the question it answers pointed at (None without one)."""

    findings: tuple[tuple[str, float], ...]
    loi: str
    asked: Asked | None = None


class Ranker:
    """Precomputed, for one codebook: which codes reach which finding, with
    what share, as a findings x codes matrix."""

    def __init__(self, codebook: Codebook, codes: list[str]):
        self.codebook = codebook
        self.codes = codes
        self._ancestors_of: dict[str, list[str]] = {}
        self.column = {c: i for i, c in enumerate(codes)}
        self.findings = list(codebook.findings)
        self.reach = np.zeros((len(self.findings), len(codes)), dtype=np.float32)
        self.required: list[list[list[int]]] = []     # all_codes: columns per required code
        for row, finding_id in enumerate(self.findings):
            rule = codebook.findings[finding_id].evidence
            for code_id in rule.codes:
                for other, share in self._reaching(code_id).items():
                    self.reach[row, self.column[other]] = max(self.reach[row, self.column[other]],
                                                              share)
            self.required.append([[self.column[o] for o in self._reaching(c)]
                                  for c in rule.all_codes])
        self.parents = {c: self._ancestors(c) for c in codes}
        self._ancestor_columns = [[self.column[a] for a in self.parents[c] if a in self.column]
                                  for c in codes]
        # codes x codes: 1 where the column is an ancestor of the row's code
        self._ancestry = np.zeros((len(codes), len(codes)), dtype=np.float32)
        for column, ancestors in enumerate(self._ancestor_columns):
            self._ancestry[column, ancestors] = 1.0
        # per finding: the columns that reach it and their shares
        self._reach_columns = [(np.nonzero(r)[0], r[np.nonzero(r)[0]]) for r in self.reach]
        self.loi_of_code = [codebook.codes[c].loi for c in codes]
        self.loi_of_finding = [codebook.findings[f].loi for f in self.findings]
        self.lois = [loi for loi in dict.fromkeys([*codebook.lines_of_inquiry,
                                                   *self.loi_of_code, *self.loi_of_finding])
                     if loi]
        # per line of inquiry: which findings' and which codes' columns are of it
        self._loi_findings = [np.array([f == loi for f in self.loi_of_finding], dtype=bool)
                              for loi in self.lois]
        self._loi_codes = [np.array([c == loi for c in self.loi_of_code], dtype=bool)
                           for loi in self.lois]
        # per code: the line (index into `lois`) of the first finding it counts
        # for in full, -1 if none (DECISIVE_MARGIN)
        self._finding_line = np.full(len(codes), -1, dtype=int)
        for row in reversed(range(len(self.findings))):
            if self.loi_of_finding[row] in self.lois:
                full = self.reach[row] >= 1.0
                self._finding_line[full] = self.lois.index(self.loi_of_finding[row])
        # per code: its own `loi:` (index into `lois`), -1 if none (OWN_LINE_MARGIN)
        self._own_line = np.array([self.lois.index(loi) if loi in self.lois else -1
                                   for loi in self.loi_of_code], dtype=int)
        self.question_of_finding = {f: next(iter(codebook.findings[f].questions), "")
                                    for f in self.findings}

    def _ancestors(self, code_id: str) -> list[str]:
        found = self._ancestors_of.get(code_id)    # asked per code for every finding
        if found is None:
            found = self._ancestors_of[code_id] = self._find_ancestors(code_id)
        return found

    def _find_ancestors(self, code_id: str) -> list[str]:
        found = []
        parent = self.codebook.codes[code_id].parent if code_id in self.codebook.codes else ""
        while parent and parent in self.codebook.codes and parent not in found:
            found.append(parent)
            parent = self.codebook.codes[parent].parent
        return found

    def _reaching(self, code_id: str) -> dict[str, float]:
        """code -> share with which it counts as `code_id`: itself and its
        descendants fully, its ancestors at PARENT_SHARE."""
        found = {c: 1.0 for c in self.codebook.codes
                 if c == code_id or code_id in self._ancestors(c)}
        for ancestor in self._ancestors(code_id):
            found.setdefault(ancestor, PARENT_SHARE)
        return {c: s for c, s in found.items() if c in self.column}

    def rank(self, pattern: dict[str, tuple[float, str]], scores: SegmentScores | None,
             text: str, offset: int, question: Question | None = None
             ) -> tuple[list[Ranked], SegmentOutlook]:
        """Suggestions and outlook for one segment. `pattern` maps each code
        whose patterns fired (and that is suggested) to (pattern score,
        evidence JSON); `scores` is its similarity to every code; `question`
        the interviewer's question it answers, if any."""
        ranked, outlooks = self.rank_batch([pattern], [scores], [text], [offset], [question])
        return ranked[0], outlooks[0]

    def rank_batch(self, patterns: list[dict[str, tuple[float, str]]],
                   scores: list[SegmentScores | None], texts: list[str], offsets: list[int],
                   questions: list[Question | None] | None = None
                   ) -> tuple[list[list[Ranked]], list[SegmentOutlook]]:
        """`rank` for many segments: the fused scores and the findings of a
        whole batch are computed as matrices (segments x codes, segments x
        findings); only the few suggestions themselves are built one by one."""
        similarity = np.zeros((len(patterns), len(self.codes)), dtype=np.float32)
        for row, segment_scores in enumerate(scores):
            if segment_scores is not None:
                similarity[row] = segment_scores.similarity()
        patterned, _ = self._patterned(patterns)
        fused = 1.0 - (1.0 - patterned) * (1.0 - FUSION_WEIGHT * similarity)
        candidates: dict[int, list[int]] = {}
        for row, column in zip(*np.nonzero(similarity >= SIMILAR_THRESHOLD), strict=True):
            candidates.setdefault(int(row), []).append(int(column))
        ranked_of = []
        for row, pattern in enumerate(patterns):
            ranked_of.append(self._suggestions(pattern, scores[row], similarity[row], fused[row],
                                               candidates.get(row, []), texts[row],
                                               offsets[row]))
        return ranked_of, self.outlooks_asked(patterned, similarity, questions)

    def outlooks_asked(self, patterned: np.ndarray, similarity: np.ndarray,
                       questions: list[Question | None] | None) -> list[SegmentOutlook]:
        """Outlooks with the question prior; for each segment that answers a
        question pointing somewhere, what it pointed at and the segment's
        line of inquiry without it."""
        asked_rows = [i for i, q in enumerate(questions or ()) if q is not None]
        if not asked_rows:
            return self.outlooks(outlook_scores(patterned, similarity))
        asked = self._asked_matrix(questions, len(patterned))
        found = self.outlooks(outlook_scores(patterned, similarity, asked), asked)
        alone = self.outlooks(outlook_scores(patterned[asked_rows], similarity[asked_rows]))
        pointed = self.outlooks(asked[asked_rows])
        for row, own, question in zip(asked_rows, alone, pointed, strict=True):
            if question.loi:
                top = question.findings[0][0] if question.findings else ""
                found[row] = SegmentOutlook(found[row].findings, found[row].loi, Asked(
                    questions[row].turn, question.loi, self.question_of_finding.get(top, ""),
                    own.loi))
        return found

    def _asked_matrix(self, questions: list[Question | None] | None, rows: int,
                      before: bool = False) -> np.ndarray:
        """segments x codes: each segment's question's similarity to every
        code (zero without a question); `before`: under the previous weights."""
        asked = np.zeros((rows, len(self.codes)), dtype=np.float32)
        for row, question in enumerate(questions or ()):
            if question is not None:
                values = question.before if before else question.similarity
                if values is not None:
                    asked[row] = values
        return asked

    def _patterned(self, patterns: list[dict[str, tuple[float, str]]]
                   ) -> tuple[np.ndarray, np.ndarray]:
        """(pattern scores, which codes fired): segments x codes matrices."""
        patterned = np.zeros((len(patterns), len(self.codes)), dtype=np.float32)
        fired = np.zeros(patterned.shape, dtype=bool)
        for row, pattern in enumerate(patterns):
            for code_id, (score, _) in pattern.items():
                column = self.column.get(code_id)
                if column is not None:
                    patterned[row, column] = score
                    fired[row, column] = True
        return patterned, fired

    def same_outcomes(self, patterns: list[dict[str, tuple[float, str]]], before: np.ndarray,
                      after: np.ndarray, questions: list[Question | None] | None = None,
                      texts: list[str] | None = None,
                      moved: np.ndarray | None = None) -> np.ndarray:
        """Which segments get exactly the same suggestions and outlook from
        similarities `after` as from `before` (segments x codes), their pattern
        hits being the same: every similar-tier choice is the same (see
        below), every fired code's fused score and similarity round alike,
        and the likely findings and line of inquiry are equal — with the
        question prior, without it, and of the question itself (each
        question's `similarity` and `before`; a question without `before` is
        unsure). False where unsure.

        Without `moved` (segments x codes: where some weight of the segment's
        words moved), no code may reach the similar tier under either (every
        code at the threshold fired, or is a fired code's ancestor), and,
        given the segments' `texts`, none may get a weak suggestion (`_weak`).
        With it, a code may, when its similarity and weights did not move:
        no moved code may reach the tier, the best similarity is the same
        (the tier's margin is measured from it), and a weak suggestion's code
        is the same unmoved one."""
        patterned, fired = self._patterned(patterns)
        covered = fired | ((fired.astype(np.float32) @ self._ancestry) > 0)
        fused_before = 1.0 - (1.0 - patterned) * (1.0 - FUSION_WEIGHT * before)
        fused_after = 1.0 - (1.0 - patterned) * (1.0 - FUSION_WEIGHT * after)
        reach = ((before >= SIMILAR_THRESHOLD) | (after >= SIMILAR_THRESHOLD)) & ~covered
        if moved is not None:
            moved = moved | (before != after)
            reach &= moved
        same = ~reach.any(axis=1)
        if moved is not None and before.shape[1]:
            same &= before.max(axis=1) == after.max(axis=1)
        for old, new in ((fused_before, fused_after), (before, after)):
            same &= (_rounds_alike(old, new) | ~fired).all(axis=1)
        # a segment without hits that may get its closest code, weak (its
        # explanation's word weights move with the index): unsure, unless
        # that code is the same and did not move. Its text says whether it
        # is long enough; without `texts` none is.
        if texts is not None and before.shape[1]:
            long = np.array([_long_enough(t) for t in texts], dtype=bool)
            weak = ~fired.any(axis=1) & long & ((before.max(axis=1) >= SIMILAR_FLOOR)
                                                | (after.max(axis=1) >= SIMILAR_FLOOR))
            if moved is not None:
                closest = before.argmax(axis=1)
                weak &= ((closest != after.argmax(axis=1))
                         | moved[np.arange(len(closest)), closest])
            same &= ~weak
        questions = questions or [None] * len(patterns)
        for row, question in enumerate(questions):
            if question is not None and question.before is None:
                same[row] = False
        rows = np.nonzero(same)[0]
        asked_before = self._asked_matrix(questions, len(patterns), before=True)[rows]
        asked_after = self._asked_matrix(questions, len(patterns))[rows]
        same[rows] = self._same_outlooks(
            outlook_scores(patterned[rows], before[rows], asked_before),
            outlook_scores(patterned[rows], after[rows], asked_after), asked_before, asked_after)
        asked_rows = [row for row in np.nonzero(same)[0] if questions[row] is not None]
        if asked_rows:
            position = {row: i for i, row in enumerate(rows)}
            at = [position[row] for row in asked_rows]
            same[asked_rows] = (
                self._same_outlooks(outlook_scores(patterned[asked_rows], before[asked_rows]),
                                    outlook_scores(patterned[asked_rows], after[asked_rows]))
                & self._same_outlooks(asked_before[at], asked_after[at]))
        return same

    def _suggestions(self, pattern: dict[str, tuple[float, str]], scores: SegmentScores | None,
                     similarity: np.ndarray, fused: np.ndarray, candidates: list[int],
                     text: str, offset: int) -> list[Ranked]:
        ranked = [Ranked(code_id, PATTERN_TIER, round(float(fused[self.column[code_id]]), 3),
                         score, round(float(similarity[self.column[code_id]]), 3), evidence)
                  for code_id, (score, evidence) in pattern.items() if code_id in self.column]
        if scores is None:
            return ranked
        weak = not ranked and not candidates and _weak(similarity, text)
        if weak:    # nothing else: the closest code, marked weak
            candidates = [int(similarity.argmax())]
        if not candidates:
            return ranked
        covered = set(pattern)
        for code_id in pattern:
            covered.update(self.parents.get(code_id, ()))
        chosen: list[str] = []
        floor = float(similarity.max()) - SIMILAR_MARGIN
        # best first; equal similarities in codebook order
        for column in sorted(candidates, key=lambda c: (-similarity[c], c)):
            if len(chosen) >= SIMILAR_CAP or similarity[column] < floor:
                break
            code_id = self.codes[column]
            if code_id in covered:
                continue
            chosen.append(code_id)
            covered.update(self.parents[code_id])
        for code_id in chosen:
            column = self.column[code_id]
            evidence = [w.as_evidence(offset) for w in scores.explain(code_id, text)]
            if column in scores.nearest:   # the nearest accepted segment comes first
                evidence.insert(0, scores.nearest[column].as_evidence())
            if weak:
                evidence.insert(0, WEAK_EVIDENCE)
            ranked.append(Ranked(code_id, SIMILAR_TIER, round(float(fused[column]), 3), 0.0,
                                 round(float(similarity[column]), 3),
                                 json.dumps(evidence, ensure_ascii=False)))
        return ranked

    def outlook(self, fused: np.ndarray) -> SegmentOutlook:
        """Likely findings and line of inquiry from every code's score
        (`outlook_scores`)."""
        return self.outlooks(fused[np.newaxis, :])[0]

    def outlooks(self, fused: np.ndarray, asked: np.ndarray | None = None
                 ) -> list[SegmentOutlook]:
        """`outlook` of each row of a segments x codes matrix of `outlook_scores`:
        a finding reaches the best share-weighted score of the codes that
        reach it, capped by the best of each code it requires. The line of
        inquiry is `_lois`' (`asked`: the similarity of each segment's
        question to every code, as in `outlook_scores`)."""
        best_code = fused.argmax(axis=1) if fused.shape[1] else np.zeros(len(fused), int)
        top_code_loi = [self.loi_of_code[int(c)] if fused.shape[1] and
                        float(fused[row, c]) >= MIN_FINDING_SCORE else ""
                        for row, c in enumerate(best_code)]
        if not self.findings:
            return [SegmentOutlook((), loi) for loi in top_code_loi]
        reached, order = self._findings_reached(fused)
        lois = self._lois(fused, reached, asked)
        found = []
        for segment, top in enumerate(order):
            likely = tuple((self.findings[i], round(float(reached[segment, i]), 3)) for i in top
                           if reached[segment, i] >= MIN_FINDING_SCORE)
            loi = lois[segment] if likely else ""
            found.append(SegmentOutlook(likely, loi or top_code_loi[segment]))
        return found

    def _lois(self, fused: np.ndarray, reached: np.ndarray, asked: np.ndarray | None
              ) -> list[str]:
        """Each segment's line of inquiry: the one with the highest best
        finding score + LOI_CODE_SHARE x best code score (+ LOI_QUESTION_SHARE
        x the question's best finding score of it), unless its top code leads
        by DECISIVE_MARGIN and is evidence for a finding (then that finding's
        line), or leads by OWN_LINE_MARGIN and counts in full for no finding
        (then the code's own line); '' without lines."""
        if not self.lois:
            return [""] * len(fused)
        scores = self._by_loi(reached, self._loi_findings)
        scores += LOI_CODE_SHARE * self._by_loi(fused, self._loi_codes)
        if asked is not None:
            scores += LOI_QUESTION_SHARE * self._by_loi(self._findings_reached(asked)[0],
                                                        self._loi_findings)
        chosen = scores.argmax(axis=1)
        if fused.shape[1] > 1:
            best_two = -np.partition(-fused, 1, axis=1)[:, :2]
            lead = best_two[:, 0] - best_two[:, 1]
            top = fused.argmax(axis=1)
            top_line = self._finding_line[top]
            decisive = (lead >= DECISIVE_MARGIN) & (top_line >= 0)
            chosen = np.where(decisive, top_line, chosen)
            own_line = self._own_line[top]
            own = (lead >= OWN_LINE_MARGIN) & (top_line < 0) & (own_line >= 0)
            chosen = np.where(own, own_line, chosen)
        return [self.lois[int(i)] for i in chosen]

    @staticmethod
    def _by_loi(values: np.ndarray, masks: list[np.ndarray]) -> np.ndarray:
        """segments x lines of inquiry: the best of each line's columns (0 if none)."""
        found = np.zeros((len(values), len(masks)), dtype=np.float32)
        for column, mask in enumerate(masks):
            if mask.any():
                found[:, column] = values[:, mask].max(axis=1)
        return found

    def _findings_reached(self, fused: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(each finding's score, segments x findings; the columns of each
        segment's LIKELY_FINDINGS best findings, best first)."""
        reached = np.zeros((len(fused), len(self.findings)), dtype=np.float32)
        for row, (columns, shares) in enumerate(self._reach_columns):
            if len(columns):
                reached[:, row] = (fused[:, columns] * shares).max(axis=1)
        for row, required in enumerate(self.required):
            for columns in required:
                cap = fused[:, columns].max(axis=1) if columns else 0.0
                reached[:, row] = np.minimum(reached[:, row], cap)
        return reached, np.argsort(-reached, axis=1, kind="stable")[:, :LIKELY_FINDINGS]

    def _same_outlooks(self, before: np.ndarray, after: np.ndarray,
                       asked_before: np.ndarray | None = None,
                       asked_after: np.ndarray | None = None) -> np.ndarray:
        """Which rows of two matrices of `outlook_scores` surely give the
        same `outlooks` (with the questions' similarities `asked_*`, if given):
        the same best code (on the same side of MIN_FINDING_SCORE) and, if
        there are findings, the same likely findings in the same order, their
        scores rounding alike, and the same line of inquiry."""
        if not self.codes:
            return np.ones(len(before), dtype=bool)
        same = ((before.argmax(axis=1) == after.argmax(axis=1)) &
                ((before.max(axis=1) >= MIN_FINDING_SCORE) ==
                 (after.max(axis=1) >= MIN_FINDING_SCORE)))
        if self.findings:
            (was, was_order), (now, now_order) = (self._findings_reached(before),
                                                  self._findings_reached(after))
            was_top = np.take_along_axis(was, was_order, axis=1)
            now_top = np.take_along_axis(now, now_order, axis=1)
            listed = was_top >= MIN_FINDING_SCORE
            same &= ((was_order == now_order).all(axis=1) &
                     (listed == (now_top >= MIN_FINDING_SCORE)).all(axis=1) &
                     (_rounds_alike(was_top, now_top) | ~listed).all(axis=1))
            same &= (np.array(self._lois(before, was, asked_before)) ==
                     np.array(self._lois(after, now, asked_after)))
        return same


def outlook_scores(pattern: np.ndarray, similarity: np.ndarray,
                   asked: np.ndarray | None = None) -> np.ndarray:
    """The per-code scores findings and the line of inquiry are ranked from
    (segments x codes): similarity in full, a pattern hit at OUTLOOK_PATTERN_SHARE,
    and the similarity of the question the segment answers at QUESTION_WEIGHT."""
    fused = 1.0 - (1.0 - OUTLOOK_PATTERN_SHARE * pattern) * (1.0 - similarity)
    if asked is None:
        return fused
    return 1.0 - (1.0 - fused) * (1.0 - QUESTION_WEIGHT * asked)


# The first evidence of a weak suggestion (`_weak`), as `why` and the review show it.
WEAK_EVIDENCE = {"kind": "weak", "pattern": "weak: the closest code, nothing else fits"}


def _weak(similarity: np.ndarray, text: str) -> bool:
    """Whether a segment with no other suggestion is shown its closest code:
    at least FLOOR_WORDS words, best similarity at SIMILAR_FLOOR or more."""
    return (bool(similarity.size) and float(similarity.max()) >= SIMILAR_FLOOR
            and _long_enough(text))


def _long_enough(text: str) -> bool:
    """Whether a segment is long enough for a weak suggestion (FLOOR_WORDS words)."""
    return len(text.split()) >= FLOOR_WORDS


def _rounds_alike(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Where `round(x, 3)` surely gives the same for both: same thousandth,
    and neither within 1e-6 of a rounding boundary (where numpy's and
    Python's rounding, or float32 sums in another order, could differ)."""
    alike = np.ones(old.shape, dtype=bool)
    nearest = []
    for values in (old, new):
        scaled = values.astype(np.float64) * 1000.0
        nearest.append(np.floor(scaled + 0.5))
        alike &= np.abs(scaled - np.floor(scaled) - 0.5) > 1e-3
    return alike & (nearest[0] == nearest[1])


def explanation(evidence: list[dict], limit: int = 4) -> str:
    """A suggestion's evidence in one line, the same in `why`, `show --codes`,
    the review screen and `export codings`: a pattern hit as `pattern
    "matched text"`, a shared word as `word — fields it shares`, an exemplar
    as `like SEGMENT, accepted by CODER`."""
    parts: list[str] = []
    seen = set()
    for item in evidence:
        kind = item.get("kind")
        if kind == "similar":
            text = f"{item['text']} — {', '.join(item.get('fields') or ['codebook'])}"
        elif kind in ("exemplar", "weak"):
            text = item["pattern"]
        else:
            text = f"{item.get('pattern', '')} \"{item.get('text', '')}\""
        if text not in seen:
            seen.add(text)
            parts.append(text)
    shown = parts[:limit] + ([f"+{len(parts) - limit} more"] if len(parts) > limit else [])
    return "; ".join(shown)


def describe_findings(findings: tuple[tuple[str, float], ...] | list) -> str:
    """Likely findings as `F3 0.71, F1 0.40`."""
    return ", ".join(f"{f} {score:.2f}" for f, score in findings)


def describe_asked(outlook, questions: dict[int, str], limit: int = 80) -> str:
    """What the question a segment answers pointed at, in one line, the same
    in `why`, `show --codes`, the review screen and `export codings`:
    `asked: EQ6 partnership_contribution — "How did the Partnership
    contribute…" (the answer alone: capacity)`. `questions` maps interviewer
    turn numbers to their text (without it, the turn is named instead: the
    export writes no interviewer text the PII guard did not check); '' when
    the segment answers no question."""
    asked = Asked.from_json(outlook.asked) if outlook is not None else None
    if asked is None:
        return ""
    text = " ".join(questions.get(asked.turn, "").split())
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    where = " ".join(part for part in (asked.question, asked.loi) if part)
    line = f"asked: {where}" + (f' — "{text}"' if text else f" (turn {asked.turn})")
    if asked.alone != outlook.loi:
        line += f" (the answer alone: {asked.alone or 'none'})"
    return line
