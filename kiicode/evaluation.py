"""Measure auto-coding against hand-coded gold: precision, recall and F1 per
code, per line of inquiry and per language, micro- and macro-averaged."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .codebook import Codebook, did_you_mean
from .errors import KiicodeError, Location, Problem
from .store import AUTO_CODER, Store

GOLD_COLUMNS = ("segment", "codes")


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
class Evaluation:
    segments: int
    codes: LabelReport
    lines_of_inquiry: LabelReport
    by_language: dict[str, dict[str, LabelReport]]
    min_score: float
    predicted_by: str

    def as_dict(self) -> dict:
        return {
            "segments": self.segments, "predicted_by": self.predicted_by,
            "min_score": self.min_score,
            "codes": {"summary": self.codes.summary(),
                      "per_code": {k: v.as_dict() for k, v in
                                   sorted(self.codes.per_label.items())}},
            "lines_of_inquiry": {"summary": self.lines_of_inquiry.summary(),
                                 "per_loi": {k: v.as_dict() for k, v in
                                             sorted(self.lines_of_inquiry.per_label.items())}},
            "by_language": {lang: {level: report.summary() for level, report in reports.items()}
                            for lang, reports in sorted(self.by_language.items())},
        }


def read_gold(path: str | Path, store: Store, codebook: Codebook) -> dict[str, set[str]]:
    """segment id -> gold codes. Unknown segments or codes are errors with the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KiicodeError(Problem(Location(str(path)), f"cannot read gold file ({exc})",
                                   "give a UTF-8 CSV with columns segment, codes")) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in GOLD_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise KiicodeError(Problem(Location(str(path), 1), f"gold file lacks column(s) "
                                   f"{', '.join(missing)}", "columns: segment, codes[, text]"))
    known = {s.id: s for s in store.segments()}
    gold: dict[str, set[str]] = {}
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
    if problems:
        raise KiicodeError(problems)
    return gold


def evaluate(store: Store, codebook: Codebook, gold: dict[str, set[str]],
             min_score: float = 0.0, coder: str = AUTO_CODER) -> Evaluation:
    """Compare a coder's codes (by default the machine's suggestions) with gold."""
    predicted: dict[str, set[str]] = defaultdict(set)
    for coding in store.codings(list(gold), coder=coder):
        if coding.status == "rejected":
            continue
        if coder == AUTO_CODER and (coding.score or 0) < min_score:
            continue
        predicted[coding.segment].add(coding.code)
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
    return Evaluation(len(gold), codes, lois, dict(by_language), min_score, coder)


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
