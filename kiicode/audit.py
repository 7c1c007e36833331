"""The traceability audit: every recommendation rests on conclusions, every
conclusion on findings, every finding on evidence from more than one kind of
respondent. Problems come back as data (level, check, ids, message, fix);
the CLI decides how to show them and what exit code they mean."""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import DEFAULT_STATUS, Evidence, Tally, TallyReport, plural, with_ancestors
from .codebook import Codebook
from .progress import Progress
from .store import Store

ERROR, WARNING = "error", "warning"

# check id -> (level, what it means); docs/reporting.md lists the same.
CHECKS = {
    "undefined_finding": (ERROR, "a conclusion cites a finding the codebook does not define"),
    "undefined_conclusion": (ERROR, "a recommendation cites a conclusion the codebook does "
                                    "not define"),
    "conclusion_without_findings": (ERROR, "a conclusion cites no finding"),
    "recommendation_without_conclusions": (ERROR, "a recommendation cites no conclusion"),
    "finding_without_evidence": (ERROR, "no respondent supports a finding"),
    "conclusion_without_evidence": (ERROR, "none of a conclusion's findings has evidence"),
    "uncited_finding": (WARNING, "a finding is cited by no conclusion"),
    "unused_conclusion": (WARNING, "a conclusion is cited by no recommendation"),
    "single_respondent_type": (WARNING, "a finding rests on one respondent type only"),
    "single_region": (WARNING, "a finding rests on respondents from one region only"),
    "mostly_unreviewed": (WARNING, "most of a finding's evidence is unreviewed suggestions"),
    "contested_finding": (WARNING, "as many respondents speak against a finding as for it"),
    "code_never_applied": (WARNING, "a code is applied to no segment"),
    "code_unused": (WARNING, "no finding's evidence rule uses a code"),
}


@dataclass(frozen=True)
class AuditProblem:
    level: str                     # error | warning
    check: str                     # a key of CHECKS
    ids: tuple[str, ...]           # the codebook ids involved, most specific last
    message: str
    fix: str

    def as_dict(self) -> dict:
        return {"level": self.level, "check": self.check, "ids": list(self.ids),
                "message": self.message, "fix": self.fix}


def _problem(check: str, ids: tuple[str, ...], message: str, fix: str) -> AuditProblem:
    return AuditProblem(CHECKS[check][0], check, ids, message, fix)


@dataclass(frozen=True)
class FindingNode:
    id: str
    statement: str
    defined: bool
    tally: Tally | None
    checks: tuple[str, ...] = ()   # checks that fired on this finding

    def as_dict(self) -> dict:
        found = {"id": self.id, "statement": self.statement, "defined": self.defined,
                 "checks": list(self.checks)}
        if self.tally is not None:
            found.update(respondents=self.tally.n, of=self.tally.population,
                         by_type={t: {"n": s.n, "N": s.total}
                                  for t, s in self.tally.by["type"].items() if s.n},
                         group_answers=list(self.tally.group_answers),
                         quotes=self.tally.quotes, strength=self.tally.strength.level,
                         sentence=self.tally.sentence)
        return found


@dataclass(frozen=True)
class ConclusionNode:
    id: str
    statement: str
    defined: bool
    findings: tuple[FindingNode, ...]
    checks: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"id": self.id, "statement": self.statement, "defined": self.defined,
                "checks": list(self.checks), "findings": [f.as_dict() for f in self.findings]}


@dataclass(frozen=True)
class RecommendationNode:
    id: str
    statement: str
    audience: str
    conclusions: tuple[ConclusionNode, ...]
    checks: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"id": self.id, "statement": self.statement, "audience": self.audience,
                "checks": list(self.checks),
                "conclusions": [c.as_dict() for c in self.conclusions]}


@dataclass(frozen=True)
class AuditReport:
    """What the audit found, and the recommendation -> conclusion -> finding
    tree with each node's evidence. `uncited_findings` and
    `unused_conclusions` are the branches no recommendation reaches."""

    counted: str
    problems: tuple[AuditProblem, ...]
    recommendations: tuple[RecommendationNode, ...]
    unused_conclusions: tuple[ConclusionNode, ...]
    uncited_findings: tuple[FindingNode, ...]
    tallies: TallyReport | None = field(default=None, repr=False)

    @property
    def errors(self) -> tuple[AuditProblem, ...]:
        return tuple(p for p in self.problems if p.level == ERROR)

    @property
    def warnings(self) -> tuple[AuditProblem, ...]:
        return tuple(p for p in self.problems if p.level == WARNING)

    def failed(self, strict: bool = False) -> bool:
        """True when the audit should fail: on errors, and with `strict` on warnings too."""
        return bool(self.errors or (strict and self.warnings))

    def as_dict(self) -> dict:
        return {"counted": self.counted, "errors": len(self.errors),
                "warnings": len(self.warnings),
                "problems": [p.as_dict() for p in self.problems],
                "tree": {"recommendations": [r.as_dict() for r in self.recommendations],
                         "unused_conclusions": [c.as_dict() for c in self.unused_conclusions],
                         "uncited_findings": [f.as_dict() for f in self.uncited_findings]}}


# --- checks on the codebook alone ------------------------------------------------

def traceability_problems(codebook: Codebook) -> list[AuditProblem]:
    """Broken or missing links between findings, conclusions and
    recommendations. `load_codebook` already rejects undefined references; a
    Codebook built in code is checked here."""
    problems = []
    for conclusion in codebook.conclusions.values():
        if not conclusion.findings:
            problems.append(_problem(
                "conclusion_without_findings", (conclusion.id,),
                f"{conclusion.id} cites no finding",
                f"list the findings {conclusion.id} rests on under its 'findings:'"))
        for finding_id in conclusion.findings:
            if finding_id not in codebook.findings:
                problems.append(_problem(
                    "undefined_finding", (conclusion.id, finding_id),
                    f"{conclusion.id} cites {finding_id}, which is not defined",
                    f"define {finding_id} under 'findings:' or remove it from "
                    f"{conclusion.id}'s findings"))
    for recommendation in codebook.recommendations.values():
        if not recommendation.conclusions:
            problems.append(_problem(
                "recommendation_without_conclusions", (recommendation.id,),
                f"{recommendation.id} cites no conclusion",
                f"list the conclusions {recommendation.id} follows from under its "
                "'conclusions:'"))
        for conclusion_id in recommendation.conclusions:
            if conclusion_id not in codebook.conclusions:
                problems.append(_problem(
                    "undefined_conclusion", (recommendation.id, conclusion_id),
                    f"{recommendation.id} cites {conclusion_id}, which is not defined",
                    f"define {conclusion_id} under 'conclusions:' or remove it from "
                    f"{recommendation.id}'s conclusions"))
    cited_findings = {f for c in codebook.conclusions.values() for f in c.findings}
    for finding_id in codebook.findings:
        if finding_id not in cited_findings:
            problems.append(_problem(
                "uncited_finding", (finding_id,),
                f"{finding_id} is cited by no conclusion",
                f"cite {finding_id} in the conclusion it informs, or say in the report why "
                "it stands alone"))
    cited_conclusions = {c for r in codebook.recommendations.values() for c in r.conclusions}
    for conclusion_id in codebook.conclusions:
        if conclusion_id not in cited_conclusions:
            problems.append(_problem(
                "unused_conclusion", (conclusion_id,),
                f"{conclusion_id} is cited by no recommendation",
                f"cite {conclusion_id} in the recommendation it leads to, or drop it"))
    return problems


def unused_codes(codebook: Codebook) -> list[str]:
    """Codes no finding's evidence rule uses. A code counts as used when it,
    an ancestor (a child code counts as its parent) or a descendant (a parent
    groups codes that are used) appears in a rule."""
    in_rules = {c for f in codebook.findings.values()
                for c in f.evidence.codes + f.evidence.contrary_codes}
    used = set()
    for code_id in codebook.codes:
        if with_ancestors(codebook, {code_id}) & in_rules:
            used |= with_ancestors(codebook, {code_id})
    return [code_id for code_id in codebook.codes if code_id not in used]


# --- checks on the evidence ---------------------------------------------------------

def evidence_problems(codebook: Codebook, findings: TallyReport,
                      applied_codes: set[str]) -> list[AuditProblem]:
    """Findings without, thin or unreviewed evidence; codes never applied or unused."""
    problems = []
    limit = codebook.reporting.max_unreviewed_share
    by_id = {t.id: t for t in findings.tallies}
    for t in findings.tallies:
        if t.n == 0:
            waiting = t.all_segments - t.quotes
            hint = (f"{plural(waiting, 'more segment')} would support it once reviewed; "
                    "review them" if waiting else
                    "code or link segments that support it, or check its evidence rule")
            group = f" (only unattributed group answers in {', '.join(t.group_answers)})" \
                if t.group_answers else ""
            problems.append(_problem("finding_without_evidence", (t.id,),
                                     f"{t.id} has no supporting respondent{group}", hint))
            continue
        if len(t.types) == 1:
            label = findings.population.labels.get(t.types[0], t.types[0])
            problems.append(_problem(
                "single_respondent_type", (t.id,),
                f"{t.id} rests on one respondent type only ({label}, "
                f"{t.by['type'][t.types[0]]})",
                "look for support from other respondent types before reporting it as "
                "triangulated"))
        if len(t.regions) == 1:
            problems.append(_problem(
                "single_region", (t.id,),
                f"{t.id} rests on respondents from one region only ({t.regions[0]})",
                "say the finding is specific to that region, or find support elsewhere"))
        if len(t.contrary_respondents) >= t.n:
            problems.append(_problem(
                "contested_finding", (t.id,),
                f"{t.id}: {plural(len(t.contrary_respondents), 'respondent')} against, "
                f"{t.n} for",
                "report the disagreement, or revise the finding"))
    for t in findings.tallies:
        if t.all_segments and t.pending_share > limit:
            problems.append(_problem(
                "mostly_unreviewed", (t.id,),
                f"{t.id}: {t.all_unreviewed_segments} of {t.all_segments} supporting segments "
                f"({t.pending_share:.0%}) are unreviewed suggestions (limit {limit:.0%})",
                "review these segments (accept or reject the suggestions) before reporting"))
    for conclusion in codebook.conclusions.values():
        cited = [f for f in conclusion.findings if f in by_id]
        if cited and all(by_id[f].n == 0 for f in cited):
            problems.append(_problem(
                "conclusion_without_evidence", (conclusion.id, *cited),
                f"{conclusion.id}: none of its findings ({', '.join(cited)}) has evidence",
                f"add evidence for {', '.join(cited)} or revise {conclusion.id}"))
    for code_id in codebook.codes:
        if code_id not in applied_codes:
            problems.append(_problem(
                "code_never_applied", (code_id,), f"code {code_id} is applied to no segment",
                "check its patterns with `kiicode why`, code it by hand, or remove it"))
    for code_id in unused_codes(codebook):
        problems.append(_problem(
            "code_unused", (code_id,), f"code {code_id} is used by no finding",
            f"add {code_id} to a finding's evidence rule, or remove it from the codebook"))
    return problems


# --- the audit -------------------------------------------------------------------

def audit(store: Store, codebook: Codebook, status: str = DEFAULT_STATUS,
          coder: str | None = None, evidence: Evidence | None = None,
          on_progress: Progress | None = None) -> AuditReport:
    """Run every check (see CHECKS) on the codebook's links and the store's
    evidence, counted under `status` and `coder` as `analysis.tally` counts.
    Pass `evidence` (collected for the same coder) to reuse a pass already made."""
    evidence = evidence or Evidence(store, codebook, coder, on_progress=on_progress)
    findings = evidence.report("finding", status)
    problems = (traceability_problems(codebook) +
                evidence_problems(codebook, findings, evidence.applied_codes(status)))
    order = list(CHECKS)
    problems.sort(key=lambda p: (p.level != ERROR, order.index(p.check)))
    fired: dict[str, list[str]] = {}
    for p in problems:
        fired.setdefault(p.ids[-1], []).append(p.check)
        if p.check in ("undefined_finding", "undefined_conclusion"):
            fired.setdefault(p.ids[0], []).append(p.check)

    evidence = {t.id: t for t in findings.tallies}

    def finding_node(finding_id: str) -> FindingNode:
        finding = codebook.findings.get(finding_id)
        return FindingNode(finding_id, finding.statement if finding else "",
                           finding is not None, evidence.get(finding_id),
                           tuple(dict.fromkeys(fired.get(finding_id, ()))))

    def conclusion_node(conclusion_id: str) -> ConclusionNode:
        conclusion = codebook.conclusions.get(conclusion_id)
        return ConclusionNode(
            conclusion_id, conclusion.statement if conclusion else "", conclusion is not None,
            tuple(finding_node(f) for f in (conclusion.findings if conclusion else ())),
            tuple(dict.fromkeys(fired.get(conclusion_id, ()))))

    recommendations = tuple(
        RecommendationNode(r.id, r.statement, r.audience,
                           tuple(conclusion_node(c) for c in r.conclusions),
                           tuple(dict.fromkeys(fired.get(r.id, ()))))
        for r in codebook.recommendations.values())
    cited_conclusions = {c for r in codebook.recommendations.values() for c in r.conclusions}
    cited_findings = {f for c in codebook.conclusions.values() for f in c.findings}
    return AuditReport(
        counted=findings.counted, problems=tuple(problems), recommendations=recommendations,
        unused_conclusions=tuple(conclusion_node(c) for c in codebook.conclusions
                                 if c not in cited_conclusions),
        uncited_findings=tuple(finding_node(f) for f in codebook.findings
                               if f not in cited_findings),
        tallies=findings)
