"""Inter-coder agreement: percent agreement, Cohen's kappa and Krippendorff's
alpha (nominal) between two coders, per code and overall.

Only segments *both* coders reviewed count. On those, each code is a binary
decision per segment: present when the coder accepted it (a suggestion) or
assigned it by hand; absent otherwise (rejected, or a suggestion left pending).
"Overall" pools every (segment, code) decision of the codes either coder used.

Also here: the agreement rule for counts (`agreed_codings`), one of the rules
tallies and exports can choose by flag (see docs/review.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .analysis import ACCEPTED, SegmentCode, effective_codings, require_coders
from .codebook import Codebook
from .errors import KiicodeError, Location, Problem
from .store import Store

KAPPA_BANDS = ((0.81, "almost perfect"), (0.61, "substantial"), (0.41, "moderate"),
               (0.21, "fair"), (0.0, "slight"))
KAPPA_SUBSTANTIAL = 0.61
ALPHA_RELIABLE = 0.80
ALPHA_TENTATIVE = 0.667
EXAMPLES_PER_CODE = 3


def kappa_band(kappa: float | None) -> str:
    """Landis & Koch's words for a kappa value."""
    if kappa is None:
        return "n/a"
    for floor, word in KAPPA_BANDS:
        if kappa >= floor:
            return word
    return "poor"


def alpha_band(alpha: float | None) -> str:
    """Krippendorff's reading: >= 0.80 reliable, >= 0.667 tentative."""
    if alpha is None:
        return "n/a"
    if alpha >= ALPHA_RELIABLE:
        return "reliable"
    if alpha >= ALPHA_TENTATIVE:
        return "tentative"
    return "unreliable"


def percent_agreement(a: list[int], b: list[int]) -> float:
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a) if a else 0.0


def cohen_kappa(a: list[int], b: list[int]) -> float | None:
    """Cohen's kappa for two coders' binary decisions; None when chance
    agreement is 1 (both coders gave one and the same value throughout)."""
    n = len(a)
    if not n:
        return None
    observed = percent_agreement(a, b)
    a_yes, b_yes = sum(a) / n, sum(b) / n
    expected = a_yes * b_yes + (1 - a_yes) * (1 - b_yes)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(a: list[int], b: list[int]) -> float | None:
    """Krippendorff's alpha, nominal level (the `krippendorff` package); None
    when only one value occurs, where alpha is undefined."""
    if not a or len(set(a) | set(b)) < 2:
        return None
    import krippendorff  # with numpy: only `agreement` needs them, not every command
    import numpy as np

    return float(krippendorff.alpha(reliability_data=np.array([a, b], dtype=float),
                                    level_of_measurement="nominal"))


@dataclass(frozen=True)
class Disagreement:
    segment: str
    code: str
    held_by: str             # the coder who had the code
    text: str


@dataclass
class CodeAgreement:
    """Agreement on one code (or, for 'overall', on all pooled)."""

    code: str
    units: int               # decisions compared (segments, or segment x code pooled)
    used_by_a: int
    used_by_b: int
    percent: float
    kappa: float | None
    alpha: float | None
    examples: list[Disagreement] = field(default_factory=list)

    @property
    def kappa_band(self) -> str:
        return kappa_band(self.kappa)

    @property
    def alpha_band(self) -> str:
        return alpha_band(self.alpha)

    @property
    def below(self) -> bool:
        """Below the usual thresholds: kappa < 0.61 or alpha < 0.80. An
        undefined figure only happens with perfect agreement, so is never below."""
        return ((self.kappa is not None and self.kappa < KAPPA_SUBSTANTIAL) or
                (self.alpha is not None and self.alpha < ALPHA_RELIABLE))

    def as_dict(self) -> dict:
        return {"code": self.code, "units": self.units, "used_by_a": self.used_by_a,
                "used_by_b": self.used_by_b, "percent_agreement": round(self.percent * 100, 1),
                "kappa": _round(self.kappa), "kappa_band": self.kappa_band,
                "alpha": _round(self.alpha), "alpha_band": self.alpha_band,
                "below": self.below,
                "examples": [{"segment": d.segment, "held_by": d.held_by, "text": d.text}
                             for d in self.examples]}


@dataclass
class AgreementReport:
    coders: tuple[str, str]
    segments: int            # reviewed by both
    per_code: list[CodeAgreement]
    overall: CodeAgreement

    @property
    def below(self) -> list[CodeAgreement]:
        return [c for c in self.per_code if c.below]

    def as_dict(self) -> dict:
        return {"coders": list(self.coders), "segments": self.segments,
                "thresholds": {"kappa_substantial": KAPPA_SUBSTANTIAL,
                               "alpha_reliable": ALPHA_RELIABLE,
                               "alpha_tentative": ALPHA_TENTATIVE},
                "overall": self.overall.as_dict(),
                "per_code": [c.as_dict() for c in self.per_code]}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def held_codes(store: Store, coder: str, segment_ids: list[str]) -> dict[str, set[str]]:
    """segment -> codes the coder accepted or assigned."""
    held: dict[str, set[str]] = defaultdict(set)
    for coding in store.codings(segment_ids, coder=coder):
        if coding.status == ACCEPTED:
            held[coding.segment].add(coding.code)
    return held


def agreement(store: Store, coder_a: str, coder_b: str, codebook: Codebook | None = None,
              examples: int = EXAMPLES_PER_CODE) -> AgreementReport:
    """Agreement between two coders on the segments both reviewed. Codes are
    those either coder used there (a code neither used agrees trivially)."""
    if coder_a == coder_b:
        raise KiicodeError(Problem(Location(store.path), "agreement needs two different coders",
                                   "e.g. --coders ana luis"))
    require_coders(store, (coder_a, coder_b))
    reviewed = store.reviewed()
    both = sorted(s for s, who in reviewed.items() if {coder_a, coder_b} <= who)
    if not both:
        raise KiicodeError(Problem(Location(store.path), f"'{coder_a}' and '{coder_b}' have "
                                   "reviewed no segment in common",
                                   "both must review the same segments (kiicode review)"))
    held_a, held_b = held_codes(store, coder_a, both), held_codes(store, coder_b, both)
    codes = sorted(set().union(*held_a.values(), *held_b.values()))
    if codebook is not None:
        order = {c: i for i, c in enumerate(codebook.codes)}
        codes.sort(key=lambda c: (order.get(c, len(order)), c))
    texts = {s.id: s.text for s in store.segments() if s.id in set(both)}
    per_code = []
    pooled_a: list[int] = []
    pooled_b: list[int] = []
    for code in codes:
        a = [int(code in held_a.get(s, ())) for s in both]
        b = [int(code in held_b.get(s, ())) for s in both]
        pooled_a += a
        pooled_b += b
        result = _compare(code, a, b)
        for segment, x, y in zip(both, a, b, strict=True):
            if x != y and len(result.examples) < examples:
                result.examples.append(Disagreement(segment, code, coder_a if x else coder_b,
                                                    _excerpt(texts.get(segment, ""))))
        per_code.append(result)
    return AgreementReport((coder_a, coder_b), len(both), per_code,
                           _compare("overall", pooled_a, pooled_b))


def _compare(code: str, a: list[int], b: list[int]) -> CodeAgreement:
    return CodeAgreement(code, len(a), sum(a), sum(b), percent_agreement(a, b),
                         cohen_kappa(a, b), krippendorff_alpha(a, b))


def _excerpt(text: str, width: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


# --- the agreement rule for counts ------------------------------------------------

def agreed_codings(store: Store, coders: list[str] | tuple[str, ...],
                   segment_ids: list[str] | None = None) -> dict[str, dict[str, SegmentCode]]:
    """segment -> code -> SegmentCode under the agreement rule
    (`analysis.agreed_status`): a code holds on a segment only when every
    named coder holds it, each by their decision or, where they did not
    decide, the suggestion. Same shape as `effective_codings`, which it is,
    with the coders as a tuple (the same rule `tally --agreement` counts by)."""
    require_coders(store, coders)
    return effective_codings(store, tuple(coders), segment_ids)
