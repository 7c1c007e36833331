"""A coder's decisions, checked against the codebook and the store before they
are written. The review screen and the plain commands (`kiicode accept`,
`assign`, `link`, ...) both go through `Coder`, so they behave the same.

Every method writes one decision in its own transaction (through the
store's decisions API): once it returns, the decision is saved."""

from __future__ import annotations

import re

from ..analysis import ACCEPTED, REJECTED
from ..codebook import Codebook, did_you_mean
from ..errors import KiicodeError, Location, NotFoundError, Problem
from ..store import AUTO_CODER, Store

# "cell": a framework matrix cell, RESPONDENT/FINDING (or RESPONDENT/CODE):
# the coder's summary of what that respondent said on that finding.
MEMO_TARGETS = ("segment", "code", "finding", "transcript", "cell")
# A coder's name: it lands in every export and spreadsheet (docs/review.md).
CODER_NAME = re.compile(r"^[^\W_][\w .-]{0,39}$")


class Coder:
    """One named coder acting on a project with a codebook."""

    def __init__(self, store: Store, codebook: Codebook, name: str):
        name = name.strip()
        if not name or name == AUTO_CODER:
            raise KiicodeError(Problem(Location(store.path), f"'{name}' cannot be a coder name",
                                       f"choose a name other than '{AUTO_CODER}' (reserved "
                                       "for machine suggestions), e.g. --coder ana"))
        if not CODER_NAME.match(name):
            raise KiicodeError(Problem(Location(store.path), f"'{name}' cannot be a coder name",
                                       "use letters, digits, spaces and . _ - (starting with a "
                                       "letter or digit), e.g. --coder ana; a name is written "
                                       "into every export, where '=...' would run as a formula"))
        self.store = store
        self.codebook = codebook
        self.name = name

    # --- checks -----------------------------------------------------------------
    def require_code(self, code: str) -> None:
        if code not in self.codebook.codes:
            raise NotFoundError(Problem(Location(self.codebook.path, key="codes"),
                                        f"no code '{code}'",
                                        did_you_mean(code, sorted(self.codebook.codes))
                                        or "see `kiicode codebook show`"))

    def require_finding(self, finding: str) -> None:
        if finding not in self.codebook.findings:
            raise NotFoundError(Problem(Location(self.codebook.path, key="findings"),
                                        f"no finding '{finding}'",
                                        did_you_mean(finding, sorted(self.codebook.findings))
                                        or "see the codebook's findings"))

    def require_cell(self, target: str) -> None:
        """A framework matrix cell: RESPONDENT/FINDING or RESPONDENT/CODE, both known."""
        respondent, _, subject = target.rpartition("/")
        if not respondent:
            raise NotFoundError(Problem(Location(), f"'{target}' is not a cell",
                                        "write RESPONDENT/FINDING, e.g. KII-ES-01/F3"))
        known = sorted({r.id for r in self.store.respondents()})
        if respondent not in known:
            raise NotFoundError(Problem(Location(self.store.path), f"no respondent "
                                        f"'{respondent}'", did_you_mean(respondent, known)
                                        or "see `kiicode transcripts`"))
        if subject not in self.codebook.codes:
            self.require_finding(subject)

    def require_segments(self, segment_ids: list[str]) -> None:
        """Every id must exist; all unknown ids are reported at once."""
        known = {s.id for s in self.store.segments()} if len(segment_ids) > 1 else None
        problems: list[Problem] = []
        for segment_id in segment_ids:
            if known is not None and segment_id in known:
                continue
            try:
                self.store.segment(segment_id)
            except NotFoundError as exc:
                problems += exc.problems
        if problems:
            raise NotFoundError(problems)

    def suggestion(self, segment: str, code: str):
        found = self.store.codings([segment], coder=AUTO_CODER, code=code)
        return found[0] if found else None

    def decision(self, segment: str, code: str):
        found = self.store.codings([segment], coder=self.name, code=code)
        return found[0] if found else None

    # --- decisions ----------------------------------------------------------------
    def accept(self, segment: str, code: str) -> None:
        """Accept the machine's suggestion of `code` on `segment`."""
        self.require_code(code)
        self.store.segment(segment)
        if self.suggestion(segment, code) is None:
            raise NotFoundError(Problem(Location(self.store.path, key=segment),
                                        f"'{code}' was not suggested for segment '{segment}'",
                                        f"to code it by hand: kiicode assign {code} {segment}"))
        self.store.decide(segment, code, self.name, ACCEPTED, origin="auto")

    def reject(self, segment: str, code: str) -> None:
        """Say `code` does not apply to `segment` (suggested or not)."""
        self.require_code(code)
        self.store.segment(segment)
        origin = "auto" if self.suggestion(segment, code) is not None else "manual"
        self.store.decide(segment, code, self.name, REJECTED, origin=origin)

    def accept_all(self, segment: str) -> list[str]:
        """Accept every suggestion of the segment this coder has not decided;
        returns the codes accepted (each its own saved decision)."""
        self.store.segment(segment)
        decided = {c.code for c in self.store.codings([segment], coder=self.name)}
        pending = sorted(c.code for c in self.store.codings([segment], coder=AUTO_CODER)
                         if c.code not in decided and c.code in self.codebook.codes)
        for code in pending:
            self.store.decide(segment, code, self.name, ACCEPTED, origin="auto")
        return pending

    def assign(self, segment: str, code: str) -> None:
        """Code a segment by hand."""
        self.require_code(code)
        self.store.segment(segment)
        origin = "auto" if self.suggestion(segment, code) is not None else "manual"
        self.store.decide(segment, code, self.name, ACCEPTED, origin=origin, verb="assigned")

    def unassign(self, segment: str, code: str) -> bool:
        """Forget this coder's decision on `code` (a hand-added code goes away;
        an accepted or rejected suggestion is pending again). False when there
        was no decision to forget."""
        self.store.segment(segment)
        if self.decision(segment, code) is None:
            return False
        self.store.remove_decision(segment, code, self.name)
        return True

    def has_link(self, segment: str, finding: str) -> bool:
        return any(link.finding == finding and link.coder == self.name
                   for link in self.store.finding_links([segment]))

    def link(self, segment: str, finding: str, linked: bool = True) -> bool:
        """Link (or unlink) a segment to a finding. Unlinking is False, and
        changes nothing, when this coder had no such link."""
        self.require_finding(finding)
        self.store.segment(segment)
        if not linked and not self.has_link(segment, finding):
            return False
        self.store.link(segment, finding, self.name, linked=linked)
        return True

    def mark_reviewed(self, segment: str) -> None:
        """The segment is reviewed even if no code applies to it."""
        self.store.segment(segment)
        self.store.mark_reviewed(segment, self.name)

    def memo(self, target_id: str, text: str, kind: str = "segment") -> int:
        text = text.strip()
        if not text:
            raise KiicodeError(Problem(Location(self.store.path), "empty memo",
                                       "write the memo's text"))
        if kind not in MEMO_TARGETS:
            raise KiicodeError(Problem(Location(), f"cannot write a memo on a '{kind}'",
                                       f"use one of: {', '.join(MEMO_TARGETS)}"))
        if kind == "segment":
            self.store.segment(target_id)
        elif kind == "code":
            self.require_code(target_id)
        elif kind == "finding":
            self.require_finding(target_id)
        elif kind == "cell":
            self.require_cell(target_id)
        else:
            self.store.transcript(target_id)
        return self.store.add_memo(kind, target_id, self.name, text)

    def undo(self) -> str | None:
        """Undo this coder's last decision; returns what was undone (as the
        decision log names it, see `describe`), or None."""
        return self.store.undo_last(self.name)

    def describe(self, action: str) -> str:
        """A logged decision as a coder reads it: the code's or finding's
        label from the codebook beside its id, and the verb in the past
        tense ("assigned Training (training) on KII-ES-01:4")."""
        reviewed = LOGGED_REVIEW.match(action)
        if reviewed:
            return f"marked {reviewed.group(1)} reviewed"
        found = LOGGED_DECISION.match(action)
        if found is None:
            return action
        verb, what, segment, rest = found.groups()
        if verb in CODE_VERBS:
            code = self.codebook.codes.get(what)
            named = f"{code.name} ({what})" if code else what
            return f"{CODE_VERBS[verb]} {named} on {segment}{rest}"
        finding = self.codebook.findings.get(what)
        named = f"{what} ({finding.statement})" if finding else what
        return FINDING_VERBS[verb].format(segment=segment, finding=named) + rest


# What the store logs for a decision on a code or a finding ("VERB ID on
# SEGMENT"; an adjudication adds " (decided by NAME)"), and how `describe` says it.
CODE_VERBS = {"accepted": "accepted", "rejected": "rejected", "assigned": "assigned",
              "remove": "removed your decision on"}
FINDING_VERBS = {"link": "linked {segment} to {finding}",
                 "unlink": "unlinked {segment} from {finding}"}
LOGGED_DECISION = re.compile(rf"^({'|'.join([*CODE_VERBS, *FINDING_VERBS])}) "
                             r"(\S+) on (\S+)(.*)$")
LOGGED_REVIEW = re.compile(r"^reviewed (\S+)$")
