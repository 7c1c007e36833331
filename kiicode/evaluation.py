"""Measure auto-coding against hand-coded gold: precision, recall and F1 per
code, per line of inquiry and per language, micro- and macro-averaged; each
suggestion tier's precision and recall; and, per segment, whether its line of
inquiry is right (and would be without the interviewer's question) and the
gold finding is among its three likely findings — every figure beside the
"always the most common answer" baseline."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .codebook import Codebook, did_you_mean
from .errors import KiicodeError, Location, Problem
from .ranking import Asked
from .store import AUTO_CODER, Store

GOLD_COLUMNS = ("segment", "codes")
TIERS = ("pattern", "similar")


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "support": self.support, "tp": self.tp, "fp": self.fp,
                "fn": self.fn}


@dataclass
class LabelReport:
    """Scores for one label set (codes or lines of inquiry) over some segments."""

    per_label: dict[str, Scores] = field(default_factory=dict)

    def add(self, gold: set[str], predicted: set[str]) -> None:
        for label in gold | predicted:
            scores = self.per_label.setdefault(label, Scores())
            if label in gold and label in predicted:
                scores.tp += 1
            elif label in predicted:
                scores.fp += 1
            else:
                scores.fn += 1

    @property
    def micro(self) -> Scores:
        total = Scores()
        for s in self.per_label.values():
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        return total

    @property
    def macro_f1(self) -> float:
        # Over every label seen in gold or predictions: a code the machine
        # suggests but the gold never uses counts as F1 = 0.
        labels = self.per_label.values()
        return sum(s.f1 for s in labels) / len(labels) if labels else 0.0

    def summary(self) -> dict:
        micro = self.micro
        return {"micro_precision": round(micro.precision, 3),
                "micro_recall": round(micro.recall, 3), "micro_f1": round(micro.f1, 3),
                "macro_f1": round(self.macro_f1, 3), "labels": len(self.per_label)}


@dataclass
class Share:
    """A share of segments, beside the best constant guess's share."""

    hits: int = 0
    total: int = 0
    baseline_hits: int = 0

    @property
    def value(self) -> float | None:
        return round(self.hits / self.total, 3) if self.total else None

    @property
    def baseline(self) -> float | None:
        return round(self.baseline_hits / self.total, 3) if self.total else None

    def as_dict(self) -> dict:
        return {"value": self.value, "baseline": self.baseline, "segments": self.total}


@dataclass
class SegmentFigures:
    """Per-segment figures for one scope (all segments, or one language)."""

    with_suggestion: Share = field(default_factory=Share)
    coded_with_suggestion: Share = field(default_factory=Share)  # over segments gold codes
    loi_accuracy: Share = field(default_factory=Share)
    # the line of inquiry the answer alone gives, without the interviewer's question
    loi_without_question: Share = field(default_factory=Share)
    finding_at_3: Share = field(default_factory=Share)
    tiers: dict[str, Scores] = field(default_factory=dict)   # tier -> its suggestions' scores
    majority_code: str = ""
    majority_codes: Scores = field(default_factory=Scores)   # always the most common code

    def as_dict(self) -> dict:
        return {
            "with_suggestion": self.with_suggestion.as_dict(),
            "coded_with_suggestion": self.coded_with_suggestion.as_dict(),
            "loi_accuracy": self.loi_accuracy.as_dict(),
            "loi_without_question": self.loi_without_question.as_dict(),
            "finding_at_3": self.finding_at_3.as_dict(),
            "tiers": {tier: {"precision": round(s.precision, 3), "recall": round(s.recall, 3),
                             "suggestions": s.tp + s.fp} for tier, s in self.tiers.items()},
            "majority_code": {"code": self.majority_code,
                              "precision": round(self.majority_codes.precision, 3),
                              "recall": round(self.majority_codes.recall, 3),
                              "f1": round(self.majority_codes.f1, 3)},
        }


@dataclass
class Evaluation:
    segments: int
    codes: LabelReport
    lines_of_inquiry: LabelReport
    by_language: dict[str, dict[str, LabelReport]]
    min_score: float
    predicted_by: str
    figures: dict[str, SegmentFigures] = field(default_factory=dict)   # "all" and per language
    gold_findings: str = ""    # "gold" (columns given) or "derived" (from the gold codes)

    def as_dict(self) -> dict:
        return {
            "segments": self.segments, "predicted_by": self.predicted_by,
            "min_score": self.min_score,
            "segment_figures": {scope: f.as_dict() for scope, f in self.figures.items()},
            "gold_findings": self.gold_findings,
            "codes": {"summary": self.codes.summary(),
                      "per_code": {k: v.as_dict() for k, v in
                                   sorted(self.codes.per_label.items())}},
            "lines_of_inquiry": {"summary": self.lines_of_inquiry.summary(),
                                 "per_loi": {k: v.as_dict() for k, v in
                                             sorted(self.lines_of_inquiry.per_label.items())}},
            "by_language": {lang: {level: report.summary() for level, report in reports.items()}
                            for lang, reports in sorted(self.by_language.items())},
        }


@dataclass(frozen=True)
class GoldOutlook:
    """What a gold segment supports: its findings (main first) and line of inquiry."""

    findings: tuple[str, ...]
    lois: tuple[str, ...]    # one from a `loi` column; from codes, each of theirs


def read_gold(path: str | Path, store: Store, codebook: Codebook) -> dict[str, set[str]]:
    """segment id -> gold codes. Unknown segments or codes are errors with the line."""
    return _read_gold(path, store, codebook)[0]


def read_gold_outlook(path: str | Path, store: Store,
                      codebook: Codebook) -> tuple[dict[str, GoldOutlook], str]:
    """(segment -> gold findings and line of inquiry, "gold" | "derived").
    From the `finding` and `loi` columns when the file has them, else derived
    from the gold codes (the findings they support, their lines of inquiry)."""
    return _read_gold(path, store, codebook)[1:]


def derived_outlook(codebook: Codebook, codes: set[str]) -> GoldOutlook:
    from .analysis import findings_supported

    lois = Counter(codebook.codes[c].loi for c in codes if codebook.codes[c].loi)
    return GoldOutlook(tuple(f for f, _ in findings_supported(codebook, dict.fromkeys(codes, 1.0))),
                       tuple(loi for loi, _ in lois.most_common()))


def _read_gold(path: str | Path, store: Store, codebook: Codebook
               ) -> tuple[dict[str, set[str]], dict[str, GoldOutlook], str]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KiicodeError(Problem(Location(str(path)), f"cannot read gold file ({exc})",
                                   "give a UTF-8 CSV with columns segment, codes[, finding, "
                                   "loi]")) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in GOLD_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise KiicodeError(Problem(Location(str(path), 1), f"gold file lacks column(s) "
                                   f"{', '.join(missing)}",
                                   "columns: segment, codes[, finding, loi, text]"))
    columns = set(reader.fieldnames or [])
    given = "finding" in columns or "loi" in columns
    known = {s.id: s for s in store.segments()}
    gold: dict[str, set[str]] = {}
    outlooks: dict[str, GoldOutlook] = {}
    problems: list[Problem] = []
    for line, row in enumerate(reader, 2):
        segment_id = (row.get("segment") or "").strip()
        if segment_id not in known:
            problems.append(Problem(Location(str(path), line), f"unknown segment '{segment_id}'",
                                    "ingest the transcripts first; ids come from `kiicode show`"))
            continue
        expected = (row.get("text") or "").strip()
        actual = " ".join(known[segment_id].text.split())
        if expected and not actual.startswith(" ".join(expected.split())):
            problems.append(Problem(Location(str(path), line), f"segment '{segment_id}' text "
                                    "does not match the gold row",
                                    "the transcript changed since the gold was written"))
        codes = {c.strip() for c in (row.get("codes") or "").split(";") if c.strip()}
        for code in codes - set(codebook.codes):
            problems.append(Problem(Location(str(path), line), f"unknown code '{code}'",
                                    did_you_mean(code, sorted(codebook.codes))))
        gold[segment_id] = codes & set(codebook.codes)
        if not given:
            outlooks[segment_id] = derived_outlook(codebook, gold[segment_id])
            continue
        findings = [f.strip() for f in (row.get("finding") or "").split(";") if f.strip()]
        for finding in [f for f in findings if f not in codebook.findings]:
            problems.append(Problem(Location(str(path), line), f"unknown finding '{finding}'",
                                    did_you_mean(finding, sorted(codebook.findings))))
        loi = (row.get("loi") or "").strip()
        if loi and loi not in codebook.lines_of_inquiry:
            problems.append(Problem(Location(str(path), line),
                                    f"unknown line of inquiry '{loi}'",
                                    did_you_mean(loi, sorted(codebook.lines_of_inquiry))))
        outlooks[segment_id] = GoldOutlook(tuple(findings), (loi,) if loi else ())
    if problems:
        raise KiicodeError(problems)
    return gold, outlooks, "gold" if given else "derived"


def evaluate(store: Store, codebook: Codebook, gold: dict[str, set[str]],
             min_score: float = 0.0, coder: str = AUTO_CODER,
             outlook: dict[str, GoldOutlook] | None = None,
             gold_findings: str = "") -> Evaluation:
    """Compare a coder's codes (by default the machine's suggestions) with
    gold. With `outlook` (gold findings and lines of inquiry) and the
    machine as coder, also each segment's likely findings and LOI."""
    predicted: dict[str, set[str]] = defaultdict(set)
    tiers: dict[str, dict[str, str]] = defaultdict(dict)
    for coding in store.codings(list(gold), coder=coder):
        if coding.status == "rejected":
            continue
        if coder == AUTO_CODER and (coding.score or 0) < min_score:
            continue
        predicted[coding.segment].add(coding.code)
        tiers[coding.segment][coding.code] = coding.tier
    languages = {s.id: s.language for s in store.segments() if s.id in gold}
    codes, lois = LabelReport(), LabelReport()
    by_language: dict[str, dict[str, LabelReport]] = defaultdict(
        lambda: {"codes": LabelReport(), "lines_of_inquiry": LabelReport()})

    def loi_of(found: set[str]) -> set[str]:
        return {codebook.codes[c].loi for c in found if codebook.codes[c].loi}

    for segment_id, gold_codes in gold.items():
        guess = predicted.get(segment_id, set()) & set(codebook.codes)
        codes.add(gold_codes, guess)
        lois.add(loi_of(gold_codes), loi_of(guess))
        language = by_language[languages[segment_id]]
        language["codes"].add(gold_codes, guess)
        language["lines_of_inquiry"].add(loi_of(gold_codes), loi_of(guess))
    if outlook is None:
        outlook = {s: derived_outlook(codebook, c) for s, c in gold.items()}
        gold_findings = "derived"
    figures = segment_figures(store, gold, predicted, tiers, outlook, languages,
                              machine=coder == AUTO_CODER)
    return Evaluation(len(gold), codes, lois, dict(by_language), min_score, coder, figures,
                      gold_findings)


def segment_figures(store: Store, gold: dict[str, set[str]], predicted: dict[str, set[str]],
                    tiers: dict[str, dict[str, str]], outlook: dict[str, GoldOutlook],
                    languages: dict[str, str], machine: bool) -> dict[str, SegmentFigures]:
    """Coverage, LOI accuracy, finding@3 and tier P/R for all segments and per
    language, each with the best constant guess computed on the same scope."""
    likely = store.outlooks(list(gold)) if machine else {}
    scopes: dict[str, list[str]] = {"all": list(gold)}
    for segment_id in gold:
        scopes.setdefault(languages[segment_id], []).append(segment_id)
    found = {}
    for scope, segment_ids in scopes.items():
        figures = SegmentFigures(tiers={tier: Scores() for tier in TIERS})
        lois = Counter(outlook[s].lois[0] for s in segment_ids if outlook[s].lois)
        common_loi = lois.most_common(1)[0][0] if lois else ""
        findings = Counter(f for s in segment_ids for f in outlook[s].findings)
        common_findings = {f for f, _ in findings.most_common(3)}
        codes = Counter(c for s in segment_ids for c in gold[s])
        figures.majority_code = codes.most_common(1)[0][0] if codes else ""
        for segment_id in segment_ids:
            guess, truth, expected = predicted.get(segment_id, set()), gold[segment_id], \
                outlook[segment_id]
            # (no constant guess for coverage: its baseline stays 0)
            count(figures.with_suggestion, bool(guess), False)
            if truth:
                count(figures.coded_with_suggestion, bool(guess), False)
            for tier, scores in figures.tiers.items():
                mine = {c for c in guess if tiers[segment_id].get(c, "pattern") == tier}
                scores.tp += len(mine & truth)
                scores.fp += len(mine - truth)
                scores.fn += len(truth - mine)
            majority = {figures.majority_code} if figures.majority_code else set()
            figures.majority_codes.tp += len(majority & truth)
            figures.majority_codes.fp += len(majority - truth)
            figures.majority_codes.fn += len(truth - majority)
            if not machine:
                continue
            mine = likely.get(segment_id)
            if expected.lois:
                count(figures.loi_accuracy, bool(mine and mine.loi in expected.lois),
                      common_loi in expected.lois)
                asked = Asked.from_json(mine.asked) if mine else None
                alone = asked.alone if asked else (mine.loi if mine else "")
                count(figures.loi_without_question, alone in expected.lois,
                      common_loi in expected.lois)
            if expected.findings:
                top = {f for f, _ in mine.findings[:3]} if mine else set()
                count(figures.finding_at_3, bool(top & set(expected.findings)),
                      bool(common_findings & set(expected.findings)))
        found[scope] = figures
    return found


def count(share: Share, hit: bool, baseline_hit: bool) -> None:
    share.total += 1
    share.hits += hit
    share.baseline_hits += baseline_hit


def gold_from_coder(store: Store, coder: str,
                    codebook: Codebook | None = None) -> dict[str, set[str]]:
    """A coder's decisions as gold: segment id -> the codes the coder accepted
    or assigned, for every segment the coder reviewed (a reviewed segment with
    no code is gold 'no code'). Codes the codebook lacks are left out."""
    if coder == AUTO_CODER:
        raise KiicodeError(Problem(Location(store.path), f"'{AUTO_CODER}' is the machine, "
                                   "not a gold coder", "name a person who reviewed segments"))
    reviewed = sorted(store.reviewed(coder))
    if not reviewed:
        known = store.coders()
        raise KiicodeError(Problem(Location(store.path), f"coder '{coder}' has reviewed no "
                                   "segment", did_you_mean(coder, known) or
                                   f"coders in this project: {', '.join(known) or 'none yet'}"))
    gold: dict[str, set[str]] = {segment: set() for segment in reviewed}
    for coding in store.codings(reviewed, coder=coder):
        if coding.status == "accepted" and (codebook is None or coding.code in codebook.codes):
            gold[coding.segment].add(coding.code)
    return gold
