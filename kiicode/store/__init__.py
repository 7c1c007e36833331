"""The project store: transcripts, respondents, turns, segments, codings,
finding links and memos, in one SQLite file (the default) or a PostgreSQL
database a team shares (`postgresql://user@host:5432/dbname`).

All SQL lives in this package, behind a small interface. It is written once
in the spelling both databases accept; `backends.py` answers what still
differs. Each command's writes happen in one transaction."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from .. import __version__
from ..errors import Location, NotFoundError, Problem, StoreError
from ..transcripts.models import INTERVIEWER, Respondent, Segment, Transcript, Turn
from .backends import SQLite, backend_for, check_location, is_postgres

SCHEMA_VERSION = 7
AUTO_CODER = "auto"   # the coder name of machine suggestions

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transcript (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL, language TEXT NOT NULL,
    mode TEXT NOT NULL, text TEXT NOT NULL, metadata TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS respondent (
    transcript TEXT NOT NULL REFERENCES transcript(id) ON DELETE CASCADE,
    id TEXT NOT NULL, label TEXT NOT NULL, type TEXT NOT NULL, institution TEXT NOT NULL,
    region TEXT NOT NULL, is_group INTEGER NOT NULL, PRIMARY KEY (transcript, id));
CREATE TABLE IF NOT EXISTS turn (
    transcript TEXT NOT NULL REFERENCES transcript(id) ON DELETE CASCADE,
    turn_no INTEGER NOT NULL, speaker TEXT NOT NULL, role TEXT NOT NULL, respondent TEXT,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, paragraphs TEXT NOT NULL,
    PRIMARY KEY (transcript, turn_no));
CREATE TABLE IF NOT EXISTS segment (
    id TEXT PRIMARY KEY, transcript TEXT NOT NULL REFERENCES transcript(id) ON DELETE CASCADE,
    respondent TEXT NOT NULL, turn_no INTEGER NOT NULL, para_no INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, language TEXT NOT NULL,
    text_sha TEXT NOT NULL, ordinal INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS segment_transcript ON segment(transcript, ordinal);
CREATE TABLE IF NOT EXISTS coding (
    segment TEXT NOT NULL REFERENCES segment(id) ON DELETE CASCADE, code TEXT NOT NULL,
    coder TEXT NOT NULL, origin TEXT NOT NULL, status TEXT NOT NULL, score REAL,
    evidence TEXT NOT NULL DEFAULT '[]', created TEXT NOT NULL, updated TEXT NOT NULL,
    PRIMARY KEY (segment, code, coder));
CREATE INDEX IF NOT EXISTS coding_code ON coding(code);
CREATE TABLE IF NOT EXISTS finding_link (
    segment TEXT NOT NULL REFERENCES segment(id) ON DELETE CASCADE, finding TEXT NOT NULL,
    coder TEXT NOT NULL, origin TEXT NOT NULL, created TEXT NOT NULL,
    PRIMARY KEY (segment, finding, coder));
CREATE TABLE IF NOT EXISTS memo (
    id INTEGER PRIMARY KEY AUTOINCREMENT, target_kind TEXT NOT NULL, target_id TEXT NOT NULL,
    coder TEXT NOT NULL, text TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS review (
    segment TEXT NOT NULL REFERENCES segment(id) ON DELETE CASCADE, coder TEXT NOT NULL,
    reviewed_at TEXT NOT NULL, PRIMARY KEY (segment, coder));
CREATE TABLE IF NOT EXISTS decision_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, coder TEXT NOT NULL, action TEXT NOT NULL,
    undo TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS coded_segment (
    segment TEXT PRIMARY KEY REFERENCES segment(id) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS token_cache (
    text_sha TEXT NOT NULL, pipeline TEXT NOT NULL, tokens TEXT NOT NULL,
    PRIMARY KEY (text_sha, pipeline));
"""

# Each entry upgrades the schema from version N-1 to N; append, never edit.
# Write DDL with the types TEXT, INTEGER, REAL, BLOB and INTEGER PRIMARY KEY
# AUTOINCREMENT only: PostgreSQL gets them translated (backends.Postgres.ddl).
MIGRATIONS: dict[int, str] = {
    # 2: any respondent attribute (sex, age_group, district, ...), one row per value,
    # so a backend can filter and group on them in SQL.
    2: """
CREATE TABLE IF NOT EXISTS respondent_attribute (
    transcript TEXT NOT NULL, respondent TEXT NOT NULL, name TEXT NOT NULL,
    value TEXT NOT NULL, PRIMARY KEY (transcript, respondent, name),
    FOREIGN KEY (transcript, respondent) REFERENCES respondent(transcript, id)
        ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS respondent_attribute_name ON respondent_attribute(name, value);
""",
    # 3: coders' "not personal" decisions on PII scan hits (kiicode pii dismiss),
    # one per category x text key, so a false positive is decided once.
    3: """
CREATE TABLE IF NOT EXISTS pii_decision (
    category TEXT NOT NULL, text_key TEXT NOT NULL, decision TEXT NOT NULL,
    masked TEXT NOT NULL, coder TEXT NOT NULL, note TEXT NOT NULL, decided_at TEXT NOT NULL,
    PRIMARY KEY (category, text_key));
""",
    # 4: a suggestion's tier (pattern hit or similarity only) and the two
    # signals' parts of its fused score; each segment's likely findings
    # (JSON [[id, score], ...], best first) and line of inquiry.
    4: """
ALTER TABLE coding ADD COLUMN tier TEXT NOT NULL DEFAULT 'pattern';
ALTER TABLE coding ADD COLUMN pattern_score REAL;
ALTER TABLE coding ADD COLUMN similarity REAL;
UPDATE coding SET pattern_score = score WHERE coder = 'auto';
CREATE TABLE IF NOT EXISTS segment_outlook (
    segment TEXT PRIMARY KEY REFERENCES segment(id) ON DELETE CASCADE,
    loi TEXT NOT NULL, findings TEXT NOT NULL);
""",
    # 5: a coder's choice of the quotes a findings report shows: pin (always
    # show) or exclude (never show). No foreign key to segment: a choice on a
    # segment that re-ingest replaced is kept and simply matches nothing.
    5: """
CREATE TABLE IF NOT EXISTS quote_choice (
    finding TEXT NOT NULL, segment TEXT NOT NULL, coder TEXT NOT NULL, choice TEXT NOT NULL,
    created TEXT NOT NULL, PRIMARY KEY (finding, segment, coder));
""",
    # 6: blind double-coding: the segments each coder of a sample must code
    # (kiicode sample), and who decided each consensus decision (kiicode adjudicate).
    6: """
CREATE TABLE IF NOT EXISTS double_coding (
    segment TEXT NOT NULL REFERENCES segment(id) ON DELETE CASCADE, coder TEXT NOT NULL,
    stratum TEXT NOT NULL, drawn_at TEXT NOT NULL, PRIMARY KEY (segment, coder));
CREATE TABLE IF NOT EXISTS adjudication (
    segment TEXT NOT NULL REFERENCES segment(id) ON DELETE CASCADE, code TEXT NOT NULL,
    consensus TEXT NOT NULL, coders TEXT NOT NULL, decided_by TEXT NOT NULL,
    status TEXT NOT NULL, decided_at TEXT NOT NULL, PRIMARY KEY (segment, code, consensus));
""",
    # 7: what the interviewer's question before a segment pointed at (JSON:
    # its turn, line of inquiry, evaluation question, and the segment's line
    # of inquiry without it), shown beside the line of inquiry it moved.
    7: """
ALTER TABLE segment_outlook ADD COLUMN asked TEXT NOT NULL DEFAULT '';
""",
}


CODING_COLUMNS = "segment, code, coder, origin, status, score, evidence, created, updated"
SUGGESTION_COLUMNS = "segment, code, score, evidence, tier, pattern_score, similarity"
# What re-ingesting a changed transcript carries over to its unchanged segments.
DECISION_COLUMNS = {
    "coding": "code, coder, origin, status, score, evidence, created, updated, tier",
    "finding_link": "finding, coder, origin, created",
    "review": "coder, reviewed_at",
}


def now() -> str:
    """This machine's clock; the store itself stamps rows with the database
    server's (`Store.now()`), so coders' laptops never disagree on order."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Coding:
    segment: str
    code: str
    coder: str
    origin: str            # auto | manual
    status: str            # suggested | accepted | rejected
    score: float | None
    evidence: list[dict]
    created: str = ""
    updated: str = ""
    tier: str = "pattern"   # a machine suggestion's tier: pattern | similar


class Suggestion(NamedTuple):
    """A machine suggestion as written: its evidence already JSON, so workers
    can encode it and the writing process need not. `score` is the fused
    score; `pattern_score` and `similarity` its two parts."""

    segment: str
    code: str
    score: float
    evidence: str
    tier: str = "pattern"
    pattern_score: float | None = None
    similarity: float | None = None

    @classmethod
    def of(cls, segment: str, code: str, score: float, evidence: list[dict]) -> Suggestion:
        return cls(segment, code, score, json.dumps(evidence, ensure_ascii=False), "pattern",
                   score)


@dataclass(frozen=True)
class Outlook:
    """A segment's likely findings (id, score), best first, and line of inquiry,
    as auto-coding last ranked them."""

    segment: str
    findings: tuple[tuple[str, float], ...]
    loi: str
    # the interviewer's question the segment answers, as `ranking.Asked.as_json`
    # gives it ('' for none: prose, monologue, or a question that points nowhere)
    asked: str = ""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_decisions: int = 0
    dropped_decisions: int = 0


@dataclass(frozen=True)
class TranscriptRow:
    id: str
    path: str
    sha256: str
    language: str
    mode: str
    metadata: dict
    ingested_at: str
    text: str = ""


# --- coders' decisions ---------------------------------------------------------
# Every decision is its own transaction and is logged with what undoes it, so
# a coder's work is saved the moment it is shown as saved, and can be undone.

@dataclass(frozen=True)
class FindingLink:
    segment: str
    finding: str
    coder: str
    origin: str
    created: str


@dataclass(frozen=True)
class Memo:
    id: int
    target_kind: str
    target_id: str
    coder: str
    text: str
    created: str


@dataclass(frozen=True)
class QuoteChoice:
    finding: str
    segment: str
    coder: str
    choice: str            # pin | exclude
    created: str


QUOTE_CHOICES = ("pin", "exclude")


class DecisionsMixin:
    db: sqlite3.Connection

    def _log(self, coder: str, action: str, undo: list) -> None:
        self.db.execute("INSERT INTO decision_log(coder, action, undo, created) "
                        "VALUES (?, ?, ?, ?)", (coder, action, json.dumps(undo), self.now()))

    @contextmanager
    def _decision(self, coder: str) -> Iterator[None]:
        """One decision, in its own transaction, holding the coder's lock: one
        coder's decisions (and undos) never interleave, even from two terminals,
        while other coders' decisions go on in parallel."""
        with self.transaction():
            self.lock(f"coder:{coder}")
            yield

    def _coding_state(self, segment: str, code: str, coder: str) -> list:
        """SQL that restores the current row (or its absence) for undo."""
        row = self.db.execute("SELECT * FROM coding WHERE segment=? AND code=? AND coder=?",
                              (segment, code, coder)).fetchone()
        restore = [["DELETE FROM coding WHERE segment=? AND code=? AND coder=?",
                    [segment, code, coder]]]
        if row is not None:
            columns = ", ".join(f'"{k}"' for k in row.keys())
            marks = ", ".join("?" * len(row.keys()))
            restore.append([f"INSERT INTO coding ({columns}) VALUES ({marks})", list(row)])
        return restore

    def decide(self, segment: str, code: str, coder: str, status: str,
               origin: str = "auto", verb: str | None = None) -> None:
        """Record a coder's status for a code on a segment (accept, reject, or
        a manual code with origin='manual'); marks the segment reviewed.
        `verb` is how the decision log (and so `undo`) names it, the status by
        default: a code assigned by hand is "assigned", even where it was also
        suggested."""
        if coder == AUTO_CODER:
            raise StoreError(f"'{AUTO_CODER}' is reserved for machine suggestions; "
                             "choose another coder name")
        with self._decision(coder):
            undo = self._decide(segment, code, coder, status, origin)
            self._log(coder, f"{verb or status} {code} on {segment}", undo)

    def _decide(self, segment: str, code: str, coder: str, status: str, origin: str) -> list:
        """The rows of one decision (inside the coder's transaction); returns its undo."""
        self._require_segment(segment)
        undo = self._coding_state(segment, code, coder)
        suggestion = self.db.execute(
            "SELECT score, evidence, tier FROM coding WHERE segment=? AND code=? AND coder=?",
            (segment, code, AUTO_CODER)).fetchone()
        taken = suggestion if suggestion and origin == "auto" else None
        score = taken["score"] if taken else None
        evidence = taken["evidence"] if taken else "[]"
        tier = taken["tier"] if taken else "pattern"
        stamp = self.now()
        self.db.execute(
            f"INSERT INTO coding ({CODING_COLUMNS}, tier) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(segment, code, coder) DO UPDATE SET status=excluded.status, "
            "origin=excluded.origin, updated=excluded.updated",
            (segment, code, coder, origin, status, score, evidence, stamp, stamp, tier))
        return undo + self._mark_reviewed(segment, coder)

    # --- blind double-coding and adjudication ---------------------------------------
    def set_double_coding(self, rows: Iterable[tuple[str, str, str]],
                          coders: Iterable[str]) -> int:
        """Replace the double-coding sample of `coders` with (segment, coder,
        stratum) rows; returns how many rows were written."""
        rows = list(rows)
        with self.transaction():
            for coder in coders:
                self.db.execute("DELETE FROM double_coding WHERE coder=?", (coder,))
            stamp = self.now()
            self.db.executemany("INSERT INTO double_coding VALUES (?, ?, ?, ?)",
                                [(*row, stamp) for row in rows])
        return len(rows)

    def double_coding(self, coder: str | None = None) -> dict[str, dict[str, str]]:
        """coder -> segment -> stratum of the double-coding sample."""
        found: dict[str, dict[str, str]] = {}
        rows = self.db.execute("SELECT segment, coder, stratum FROM double_coding"
                               + (" WHERE coder=?" if coder else ""),
                               (coder,) if coder else ())
        for r in rows:
            found.setdefault(r["coder"], {})[r["segment"]] = r["stratum"]
        return found

    def adjudicate(self, segment: str, code: str, consensus: str, status: str,
                   decided_by: str, coders: Iterable[str]) -> None:
        """Record the consensus decision on a code of a segment (as the coder
        `consensus`), who decided it and between which coders; one undo step."""
        if decided_by == consensus:
            raise StoreError(f"say who decided: --by NAME (not '{consensus}')")
        with self._decision(consensus):
            undo = self._decide(segment, code, consensus, status, "auto")
            row = self.db.execute("SELECT * FROM adjudication WHERE segment=? AND code=? "
                                  "AND consensus=?", (segment, code, consensus)).fetchone()
            undo.append(["DELETE FROM adjudication WHERE segment=? AND code=? AND consensus=?",
                         [segment, code, consensus]])
            if row is not None:
                undo.append(["INSERT INTO adjudication VALUES (?, ?, ?, ?, ?, ?, ?)", list(row)])
            self.db.execute(
                "INSERT INTO adjudication VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(segment, "
                "code, consensus) DO UPDATE SET coders=excluded.coders, "
                "decided_by=excluded.decided_by, status=excluded.status, "
                "decided_at=excluded.decided_at",
                (segment, code, consensus, " ".join(coders), decided_by, status, self.now()))
            self._log(consensus, f"{status} {code} on {segment} (decided by {decided_by})", undo)

    def adjudications(self, consensus: str) -> dict[tuple[str, str], tuple[str, str, str]]:
        """(segment, code) -> (status, decided_by, decided_at) of `consensus`'s decisions."""
        return {(r["segment"], r["code"]): (r["status"], r["decided_by"], r["decided_at"])
                for r in self.db.execute("SELECT * FROM adjudication WHERE consensus=?",
                                         (consensus,))}

    def remove_decision(self, segment: str, code: str, coder: str) -> None:
        """Forget a coder's decision (a manual code is removed; a suggestion
        goes back to unreviewed)."""
        with self._decision(coder):
            undo = self._coding_state(segment, code, coder)
            self.db.execute("DELETE FROM coding WHERE segment=? AND code=? AND coder=?",
                            (segment, code, coder))
            self._log(coder, f"remove {code} on {segment}", undo)

    def link(self, segment: str, finding: str, coder: str, linked: bool = True) -> None:
        """Link (or unlink) a segment to a finding by hand."""
        with self._decision(coder):
            self._require_segment(segment)
            row = self.db.execute("SELECT * FROM finding_link WHERE segment=? AND finding=? "
                                  "AND coder=?", (segment, finding, coder)).fetchone()
            undo = [["DELETE FROM finding_link WHERE segment=? AND finding=? AND coder=?",
                     [segment, finding, coder]]]
            if row is not None:
                undo.append(["INSERT INTO finding_link VALUES (?, ?, ?, ?, ?)", list(row)])
            if linked:
                self.db.execute("INSERT INTO finding_link VALUES (?, ?, ?, ?, ?) "
                                "ON CONFLICT DO NOTHING",
                                (segment, finding, coder, "manual", self.now()))
            else:
                self.db.execute("DELETE FROM finding_link WHERE segment=? AND finding=? AND "
                                "coder=?", (segment, finding, coder))
            if linked:   # removing a link is no review of the segment's codes
                undo += self._mark_reviewed(segment, coder)
            self._log(coder, f"{'link' if linked else 'unlink'} {finding} on {segment}", undo)

    def add_memo(self, target_kind: str, target_id: str, coder: str, text: str) -> int:
        with self._decision(coder):
            memo_id = self.db.execute(
                "INSERT INTO memo(target_kind, target_id, coder, text, created) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                (target_kind, target_id, coder, text, self.now())).fetchone()[0]
            self._log(coder, f"memo on {target_kind} {target_id}",
                      [["DELETE FROM memo WHERE id=?", [memo_id]]])
        return memo_id

    def choose_quote(self, finding: str, segment: str, coder: str,
                     choice: str | None) -> None:
        """Pin or exclude a quote for a finding's report (None clears the
        coder's choice); logged, so `undo` restores the previous choice."""
        if choice is not None and choice not in QUOTE_CHOICES:
            raise ValueError(f"choice must be one of {', '.join(QUOTE_CHOICES)}")
        with self.transaction():
            self._require_segment(segment)
            row = self.db.execute("SELECT * FROM quote_choice WHERE finding=? AND segment=? "
                                  "AND coder=?", (finding, segment, coder)).fetchone()
            undo = [["DELETE FROM quote_choice WHERE finding=? AND segment=? AND coder=?",
                     [finding, segment, coder]]]
            if row is not None:
                undo.append(["INSERT INTO quote_choice(finding, segment, coder, choice, created) "
                             "VALUES (?, ?, ?, ?, ?)", [finding, segment, coder, row["choice"],
                                                        row["created"]]])
            if choice is None:
                self.db.execute("DELETE FROM quote_choice WHERE finding=? AND segment=? AND "
                                "coder=?", (finding, segment, coder))
            else:
                self.db.execute(
                    "INSERT INTO quote_choice(finding, segment, coder, choice, created) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (finding, segment, coder) DO UPDATE "
                    "SET choice = excluded.choice, created = excluded.created",
                    (finding, segment, coder, choice, self.now()))
            self._log(coder, f"{choice or 'clear'} quote {segment} for {finding}", undo)

    def quote_choices(self) -> list[QuoteChoice]:
        rows = self.db.execute("SELECT * FROM quote_choice ORDER BY created, finding, segment")
        return [QuoteChoice(r["finding"], r["segment"], r["coder"], r["choice"], r["created"])
                for r in rows]

    def mark_reviewed(self, segment: str, coder: str) -> None:
        with self._decision(coder):
            undo = self._mark_reviewed(segment, coder)
            self._log(coder, f"reviewed {segment}", undo)

    def _mark_reviewed(self, segment: str, coder: str) -> list:
        row = self.db.execute("SELECT * FROM review WHERE segment=? AND coder=?",
                              (segment, coder)).fetchone()
        if row is not None:
            return []
        self.db.execute("INSERT INTO review VALUES (?, ?, ?)", (segment, coder, self.now()))
        return [["DELETE FROM review WHERE segment=? AND coder=?", [segment, coder]]]

    def undo_last(self, coder: str) -> str | None:
        """Undo the coder's most recent decision; returns what was undone."""
        with self._decision(coder):
            row = self.db.execute("SELECT * FROM decision_log WHERE coder=? ORDER BY id DESC "
                                  "LIMIT 1", (coder,)).fetchone()
            if row is None:
                return None
            for sql, params in json.loads(row["undo"]):
                self.db.execute(sql, params)
            self.db.execute("DELETE FROM decision_log WHERE id=?", (row["id"],))
            return row["action"]

    def finding_links(self, segment_ids: Iterable[str] | None = None) -> list[FindingLink]:
        rows = self.db.execute("SELECT * FROM finding_link ORDER BY segment, finding")
        wanted = set(segment_ids) if segment_ids is not None else None
        return [FindingLink(r["segment"], r["finding"], r["coder"], r["origin"], r["created"])
                for r in rows if wanted is None or r["segment"] in wanted]

    def memos(self, target_kind: str | None = None,
              target_id: str | None = None) -> list[Memo]:
        rows = self.db.execute("SELECT * FROM memo ORDER BY id")
        return [Memo(r["id"], r["target_kind"], r["target_id"], r["coder"], r["text"],
                     r["created"]) for r in rows
                if (target_kind is None or r["target_kind"] == target_kind)
                and (target_id is None or r["target_id"] == target_id)]

    def reviewed(self, coder: str | None = None) -> dict[str, set[str]]:
        """segment -> coders who reviewed it."""
        found: dict[str, set[str]] = {}
        for r in self.db.execute("SELECT segment, coder FROM review"):
            if coder is None or r["coder"] == coder:
                found.setdefault(r["segment"], set()).add(r["coder"])
        return found

    def coders(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT coder FROM coding WHERE coder != ? UNION "
            "SELECT DISTINCT coder FROM review ORDER BY 1", (AUTO_CODER,))]

    def _require_segment(self, segment: str) -> None:
        if self.db.execute("SELECT 1 FROM segment WHERE id=?", (segment,)).fetchone() is None:
            raise NotFoundError(Problem(Location(getattr(self, "path", "")),
                                        f"no segment '{segment}'",
                                        "segment ids look like KII-ES-01:4; see `kiicode show`"))


KIICODE_TABLES = {"meta", "transcript", "segment", "coding"}


def _check_owner(connection, path: Path | str, create: bool, backend=SQLite) -> None:
    """Refuse a database kiicode did not create, before any write (not even
    the switch to WAL): pointing --store at another application's SQLite file
    (or PostgreSQL schema) must leave it as it was. An empty one is a new
    project only when the command creates one."""
    tables = backend.table_names(connection)
    if not tables:
        if create:
            return
        raise StoreError(Problem(Location(str(path)), "no kiicode project here (an empty "
                                 "database)", "run `kiicode ingest` first, or pass --store"))
    marked = KIICODE_TABLES <= tables and connection.execute(
        "SELECT 1 FROM meta WHERE key='schema_version'").fetchone()
    if not marked:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(Problem(
            Location(str(path)), f"not a kiicode project: another application's database "
            f"(tables {shown}); kiicode writes nothing to it",
            "pass --store a new file name, or a .sqlite file kiicode created"))


def _write_error(path: str, exc: sqlite3.OperationalError) -> StoreError:
    """A write the database refused, said as what to do about it."""
    reason = str(exc)
    if "readonly" in reason or "read-only" in reason:
        return StoreError(Problem(Location(path), "the project store is read-only: nothing was "
                                  "saved", "make the file and its folder writable (SQLite "
                                  "writes a -wal file beside it), or work on a copy"))
    if "locked" in reason or "busy" in reason:
        return StoreError(Problem(Location(path), "the project store stayed busy (another "
                                  "command is writing): nothing was saved", "try again"))
    return StoreError(Problem(Location(path), f"the project store refused a write ({reason}): "
                              "nothing was saved", "check the disk and the file"))


@dataclass(frozen=True)
class PiiDecision:
    """A coder's decision on a PII scan hit's text: 'not_personal'."""

    category: str
    text_key: str
    decision: str
    masked: str
    coder: str
    note: str
    decided_at: str


NOT_PERSONAL = "not_personal"


class PiiDecisionsMixin:
    db: sqlite3.Connection

    def dismiss_pii(self, entries: Iterable[tuple[str, str, str]], coder: str,
                    note: str = "") -> int:
        """Mark (category, text key, masked text) hits 'not personal'; a later
        decision on the same text replaces the earlier one. Returns how many."""
        rows = [(category, key, NOT_PERSONAL, masked, coder, note, self.now())
                for category, key, masked in entries]
        with self.transaction():
            self.db.executemany(
                "INSERT INTO pii_decision VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(category, text_key) DO UPDATE SET decision=excluded.decision, "
                "coder=excluded.coder, note=excluded.note, decided_at=excluded.decided_at",
                rows)
        return len(rows)

    def restore_pii(self, text_keys: Iterable[str]) -> int:
        """Forget decisions: those texts count as personal data again."""
        removed = 0
        with self.transaction():
            for key in text_keys:
                removed += self.db.execute("DELETE FROM pii_decision WHERE text_key=?",
                                           (key,)).rowcount
        return removed

    def pii_decisions(self) -> list[PiiDecision]:
        return [PiiDecision(*row) for row in self.db.execute(
            "SELECT category, text_key, decision, masked, coder, note, decided_at "
            "FROM pii_decision ORDER BY decided_at, category, text_key")]

    def dismissed_pii(self) -> set[tuple[str, str]]:
        """(category, text key) of every hit decided 'not personal'."""
        return {(r[0], r[1]) for r in self.db.execute(
            "SELECT category, text_key FROM pii_decision WHERE decision=?", (NOT_PERSONAL,))}

    def speaker_labels(self) -> dict[str, list[str]]:
        """transcript id -> the distinct speaker labels of its turns."""
        found: dict[str, list[str]] = {}
        for r in self.db.execute("SELECT DISTINCT transcript, speaker FROM turn "
                                 "ORDER BY transcript, speaker"):
            found.setdefault(r[0], []).append(r[1])
        return found


class Store(DecisionsMixin, PiiDecisionsMixin):
    """A kiicode project database: an SQLite file or a PostgreSQL database."""

    def __init__(self, connection, path: str, backend=SQLite):
        self.db = connection
        self.path = path          # what to show and to reopen: a file, or a URL without password
        self.backend = backend
        self._stamp: str | None = None

    # --- opening ------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, create: bool = False, readonly: bool = False) -> Store:
        """Open (with `create`, make) the project at `path`: a file path or a
        postgresql:// URL. A PostgreSQL database must exist already; `create`
        makes kiicode's tables in it. `readonly` opens without migrating, for
        worker processes that only read."""
        location = check_location(path)
        backend = backend_for(location)
        if backend is SQLite:
            connection = cls._open_sqlite(Path(location), create, readonly)
        else:
            connection = backend.connect(location, readonly=readonly)
            try:
                _check_owner(connection, location, create, backend)
            except StoreError:
                connection.close()
                raise
        store = cls(connection, location, backend)
        if not readonly:
            try:
                store._migrate(create)
            except BaseException:
                store.close()
                raise
        return store

    @staticmethod
    def _open_sqlite(path: Path, create: bool, readonly: bool):
        if not create and not path.exists():
            raise StoreError(Problem(Location(str(path)), "no kiicode project here",
                                     "run `kiicode ingest` first, or pass --store"))
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = SQLite.connect_raw(str(path), readonly=readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(Problem(Location(str(path)), f"not a kiicode project ({exc})",
                                     "point --store at a .sqlite file kiicode created")) from None
        try:
            _check_owner(connection, path, create)   # before anything can write
            SQLite.configure(connection, readonly=readonly)
        except sqlite3.OperationalError as exc:
            connection.close()
            raise StoreError(Problem(
                Location(str(path)), f"cannot open the project store ({exc})",
                "SQLite writes -wal and -shm files beside the store: make the file and its "
                "folder readable and writable, or work on a copy")) from None
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise StoreError(Problem(Location(str(path)), f"not a kiicode project ({exc})",
                                     "point --store at a .sqlite file kiicode created")) from None
        except StoreError:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self, create: bool = True) -> None:
        try:
            has_meta = self.backend.has_table(self.db, "meta")
        except sqlite3.DatabaseError as exc:
            raise StoreError(Problem(Location(self.path), f"not a kiicode project ({exc})",
                                     "point --store at a .sqlite file kiicode created")) from None
        if not has_meta and not create:   # an empty PostgreSQL database
            raise StoreError(Problem(Location(self.path), "no kiicode project in this database",
                                     "run `kiicode ingest` first (it creates the tables)"))
        version = int(self.get_meta("schema_version", "0")) if has_meta else 0
        if version > SCHEMA_VERSION:
            raise StoreError(Problem(Location(self.path), f"this project was written by a newer "
                                     f"kiicode (schema {version})", "upgrade kiicode"))
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            self.lock("migrate")   # two coders opening an old project at once
            has_meta = self.backend.has_table(self.db, "meta")
            version = int(self.get_meta("schema_version", "0")) if has_meta else 0
            if version == SCHEMA_VERSION:
                return
            if version == 0:
                for statement in _statements(self.backend.ddl(SCHEMA)):
                    self.db.execute(statement)
                self._set_meta("created_with", __version__)
            for target in range(max(version, 1) + 1, SCHEMA_VERSION + 1):
                for statement in _statements(self.backend.ddl(MIGRATIONS[target])):
                    self.db.execute(statement)
            self._set_meta("schema_version", str(SCHEMA_VERSION))

    @property
    def is_shared(self) -> bool:
        """A PostgreSQL store several coders use at once."""
        return is_postgres(self.path)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside are committed together, or not at all. A lock
        held too long by another command becomes a StoreError, never a
        driver traceback."""
        if self.db.in_transaction:
            yield
            return
        self._stamp = None
        try:
            self.backend.start(self.db)
            try:
                yield
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise _write_error(self.path, exc) from None
        except Exception as exc:
            if self.backend.is_busy(exc):
                raise StoreError(Problem(
                    Location(self.path), "the project store stayed busy: another command "
                    f"held it for more than {self.backend.BUSY_SECONDS} s", "nothing was "
                    "saved by this command; try it again (docs/team.md)")) from None
            raise
        finally:
            self._stamp = None

    def now(self) -> str:
        """The database server's time, one instant per transaction (ISO 8601,
        UTC, microseconds): the order of decisions, whoever's laptop made them."""
        if self._stamp is None or not self.db.in_transaction:
            self._stamp = self.backend.clock(self.db)
        return self._stamp

    def lock(self, name: str) -> None:
        """Inside a transaction: wait for the named lock and hold it to commit."""
        self.backend.lock(self.db, name)

    # --- meta ---------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row["value"] if row else default

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES(?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._set_meta(key, value)

    # --- transcripts ------------------------------------------------------------
    def ingest(self, transcripts: Iterable[Transcript]) -> IngestReport:
        """Store transcripts: unchanged ones (same sha256) are skipped; changed
        ones are replaced, and the coders' decisions on segments whose text did
        not change are carried over to the new segments."""
        report = IngestReport()
        with self.transaction():
            for transcript in transcripts:
                row = self.db.execute("SELECT sha256 FROM transcript WHERE id=?",
                                      (transcript.id,)).fetchone()
                if row and row["sha256"] == transcript.sha256:
                    report.unchanged.append(transcript.id)
                    continue
                saved = self._take_decisions(transcript.id) if row else []
                if row:
                    self.db.execute("DELETE FROM transcript WHERE id=?", (transcript.id,))
                    report.updated.append(transcript.id)
                else:
                    report.added.append(transcript.id)
                self._insert_transcript(transcript)
                kept, dropped = self._restore_decisions(transcript, saved)
                report.kept_decisions += kept
                report.dropped_decisions += dropped
        return report

    def _insert_transcript(self, t: Transcript) -> None:
        self.db.execute(
            "INSERT INTO transcript VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (t.id, t.path, t.sha256, t.language, t.mode, t.text,
             json.dumps(t.metadata, ensure_ascii=False), self.now()))
        self.db.executemany(
            "INSERT INTO respondent VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(t.id, r.id, r.label, r.type, r.institution, r.region, int(r.is_group))
             for r in t.respondents])
        self.db.executemany(
            "INSERT INTO respondent_attribute VALUES (?, ?, ?, ?)",
            [(t.id, r.id, name, value) for r in t.respondents
             for name, value in sorted(r.attributes.items())])
        self.db.executemany(
            'INSERT INTO turn VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [(t.id, u.number, u.speaker, u.role, u.respondent_id, u.start, u.end,
              json.dumps(u.paragraphs)) for u in t.turns])
        self.db.executemany(
            "INSERT INTO segment VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(s.id, t.id, s.respondent_id, s.turn_no, s.para_no, s.start, s.end, s.text,
              s.language, text_sha(s.text), n) for n, s in enumerate(t.segments, 1)])

    def _take_decisions(self, transcript_id: str) -> list[tuple[str, str, str, tuple]]:
        """Human decisions on a transcript's segments, keyed by (respondent, text)."""
        saved = []
        for table, columns in DECISION_COLUMNS.items():
            where = "AND c.coder != ?" if table == "coding" else ""  # suggestions are redone
            params = (transcript_id, AUTO_CODER) if table == "coding" else (transcript_id,)
            for row in self.db.execute(
                    f"SELECT s.respondent, s.text_sha, {columns} FROM {table} c "
                    f"JOIN segment s ON s.id = c.segment WHERE s.transcript=? {where}", params):
                saved.append((table, row[0], row[1], tuple(row)[2:]))
        for row in self.db.execute(
                "SELECT s.respondent, s.text_sha, m.id FROM memo m JOIN segment s "
                "ON m.target_kind='segment' AND m.target_id = s.id WHERE s.transcript=?",
                (transcript_id,)):
            saved.append(("memo", row[0], row[1], (row[2],)))
        return saved

    def _restore_decisions(self, t: Transcript, saved: list) -> tuple[int, int]:
        new_ids: dict[tuple[str, str], str] = {}
        for segment in t.segments:
            new_ids.setdefault((segment.respondent_id, text_sha(segment.text)), segment.id)
        kept = dropped = 0
        for table, respondent, sha, values in saved:
            segment_id = new_ids.get((respondent, sha))
            if table == "memo":
                if segment_id:
                    self.db.execute("UPDATE memo SET target_id=? WHERE id=?",
                                    (segment_id, values[0]))
                    kept += 1
                else:
                    dropped += 1   # the memo stays, pointing at a segment that is gone
                continue
            if segment_id is None:
                dropped += 1
                continue
            marks = ", ".join("?" * (len(values) + 1))
            # two old segments with one text map to one new segment: keep the first
            self.db.execute(f"INSERT INTO {table} (segment, {DECISION_COLUMNS[table]}) "
                            f"VALUES ({marks}) ON CONFLICT DO NOTHING",
                            (segment_id, *values))
            kept += 1
        return kept, dropped

    def transcripts(self) -> list[TranscriptRow]:
        return [self._transcript_row(row, with_text=False) for row in self.db.execute(
            "SELECT id, path, sha256, language, mode, metadata, ingested_at FROM transcript "
            "ORDER BY id")]

    def transcript(self, transcript_id: str) -> TranscriptRow:
        row = self.db.execute("SELECT * FROM transcript WHERE id=?", (transcript_id,)).fetchone()
        if row is None:
            known = [r["id"] for r in self.db.execute("SELECT id FROM transcript")]
            from ..codebook import did_you_mean
            raise NotFoundError(Problem(Location(self.path), f"no transcript '{transcript_id}'",
                                        did_you_mean(transcript_id, known) or
                                        "see `kiicode transcripts`"))
        return self._transcript_row(row, with_text=True)

    @staticmethod
    def _transcript_row(row: sqlite3.Row, with_text: bool) -> TranscriptRow:
        return TranscriptRow(row["id"], row["path"], row["sha256"], row["language"], row["mode"],
                             json.loads(row["metadata"]), row["ingested_at"],
                             row["text"] if with_text else "")

    def respondents(self, transcript_id: str | None = None) -> list[Respondent]:
        sql = "SELECT * FROM respondent" + (" WHERE transcript=?" if transcript_id else "")
        rows = self.db.execute(sql + " ORDER BY transcript, id",
                               (transcript_id,) if transcript_id else ())
        attributes: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        for a in self.db.execute(
                "SELECT transcript, respondent, name, value FROM respondent_attribute"
                + (" WHERE transcript=?" if transcript_id else "") + " ORDER BY name",
                (transcript_id,) if transcript_id else ()):
            attributes[(a["transcript"], a["respondent"])][a["name"]] = a["value"]
        return [Respondent(r["id"], r["transcript"], r["type"], r["institution"], r["region"],
                           r["label"], bool(r["is_group"]),
                           attributes.get((r["transcript"], r["id"]), {})) for r in rows]

    def attribute_names(self) -> list[str]:
        """Every respondent attribute recorded in the project, sorted."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT name FROM respondent_attribute ORDER BY name")]

    def turns(self, transcript_id: str) -> list[Turn]:
        rows = self.db.execute("SELECT * FROM turn WHERE transcript=? ORDER BY turn_no",
                               (transcript_id,))
        return [Turn(r["turn_no"], r["speaker"], r["role"], r["respondent"], r["start"], r["end"],
                     tuple(tuple(p) for p in json.loads(r["paragraphs"]))) for r in rows]

    def interviewer_turns(self, transcript_id: str | None = None
                          ) -> dict[str, list[tuple[int, str]]]:
        """transcript -> (turn number, text) of each interviewer turn, in
        order: the questions respondents' segments answer."""
        sql = ('SELECT t.transcript, t.turn_no, substr(x.text, t.start + 1, t."end" - t.start) '
               "FROM turn t JOIN transcript x ON x.id = t.transcript WHERE t.role = ?"
               + (" AND t.transcript = ?" if transcript_id else "")
               + " ORDER BY t.transcript, t.turn_no")
        found: dict[str, list[tuple[int, str]]] = {}
        for row in self.db.execute(sql, (INTERVIEWER, transcript_id) if transcript_id
                                   else (INTERVIEWER,)):
            found.setdefault(row[0], []).append((row[1], row[2]))
        return found

    def segments(self, transcript_id: str | None = None,
                 with_text: bool = True) -> list[Segment]:
        """Segments in transcript order; `with_text=False` leaves `text` empty,
        for counts that need only who said what where (much less to read)."""
        columns = "*" if with_text else ("id, transcript, respondent, turn_no, para_no, start, "
                                         '"end", \'\' AS text, language')
        sql = f"SELECT {columns} FROM segment" + (" WHERE transcript=?" if transcript_id else "")
        rows = self.db.execute(sql + " ORDER BY transcript, ordinal",
                               (transcript_id,) if transcript_id else ())
        return [_segment(r) for r in rows]

    def segment(self, segment_id: str) -> Segment:
        row = self.db.execute("SELECT * FROM segment WHERE id=?", (segment_id,)).fetchone()
        if row is None:
            raise NotFoundError(Problem(Location(self.path), f"no segment '{segment_id}'",
                                        "segment ids look like KII-ES-01:4; see `kiicode show`"))
        return _segment(row)

    def counts(self) -> dict[str, int]:
        return {table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("transcript", "respondent", "segment", "coding", "finding_link",
                              "memo")}

    # --- token cache ----------------------------------------------------------
    def cached_tokens(self, shas: list[str], pipeline: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in _chunks(shas, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                    f"SELECT text_sha, tokens FROM token_cache WHERE pipeline=? "
                    f"AND text_sha IN ({marks})", (pipeline, *chunk)):
                found[row[0]] = row[1]
        return found

    def cache_tokens(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """(text_sha, pipeline, tokens json) rows; call inside a transaction."""
        self.db.executemany("INSERT INTO token_cache VALUES (?, ?, ?) ON CONFLICT(text_sha, "
                            "pipeline) DO UPDATE SET tokens=excluded.tokens", rows)

    # --- codings -------------------------------------------------------------
    def codings(self, segment_ids: Iterable[str] | None = None, coder: str | None = None,
                code: str | None = None) -> list[Coding]:
        clauses, params = [], []
        if coder is not None:
            clauses.append("coder=?")
            params.append(coder)
        if code is not None:
            clauses.append("code=?")
            params.append(code)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        if segment_ids is None:
            rows = list(self.db.execute(f"SELECT * FROM coding{where}", params))
        else:
            rows = []
            for chunk in _chunks(list(segment_ids), 500):
                marks = ",".join("?" * len(chunk))
                extra = f"segment IN ({marks})"
                sql = f"SELECT * FROM coding{where}{' AND ' if where else ' WHERE '}{extra}"
                rows += list(self.db.execute(sql, (*params, *chunk)))
        return [_coding(r) for r in rows]

    def replace_suggestions(self, suggestions: Iterable[Suggestion],
                            segment_ids: Iterable[str] | None = None,
                            codes: set[str] | None = None) -> tuple[dict, dict]:
        """Replace machine suggestions (for `segment_ids`, or everywhere; for
        `codes`, or every code) with `suggestions`; coders' rows are never
        touched. Returns (added, removed) counts per code."""
        new = {(c.segment, c.code): c for c in suggestions}
        with self.transaction():
            self.lock("code")   # two re-codes at once: the second works on the first's result
            if segment_ids is None:
                old_rows = list(self.db.execute(
                    f"SELECT {SUGGESTION_COLUMNS} FROM coding WHERE coder=?", (AUTO_CODER,)))
            else:
                old_rows = []
                for chunk in _chunks(list(segment_ids), 500):
                    marks = ",".join("?" * len(chunk))
                    old_rows += list(self.db.execute(
                        f"SELECT {SUGGESTION_COLUMNS} FROM coding WHERE coder=? "
                        f"AND segment IN ({marks})", (AUTO_CODER, *chunk)))
            old = {(r["segment"], r["code"]): r for r in old_rows
                   if codes is None or r["code"] in codes}
            added: dict[str, int] = {}
            removed: dict[str, int] = {}
            for key in old.keys() - new.keys():
                removed[key[1]] = removed.get(key[1], 0) + 1
            self.db.executemany("DELETE FROM coding WHERE segment=? AND code=? AND coder=?",
                                [(s, c, AUTO_CODER) for s, c in old.keys() - new.keys()])
            stamp = self.now()
            rows = []
            for key, coding in new.items():
                evidence = coding.evidence
                previous = old.get(key)
                if previous is None:
                    added[key[1]] = added.get(key[1], 0) + 1
                elif (previous["evidence"] == evidence and previous["score"] == coding.score
                      and previous["tier"] == coding.tier
                      and previous["similarity"] == coding.similarity
                      and previous["pattern_score"] == coding.pattern_score):
                    continue
                rows.append((coding.segment, coding.code, AUTO_CODER, "auto", "suggested",
                             coding.score, evidence, stamp, stamp, coding.tier,
                             coding.pattern_score, coding.similarity))
            self.db.executemany(
                f"INSERT INTO coding ({CODING_COLUMNS}, tier, pattern_score, similarity) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(segment, code, coder) DO UPDATE SET score=excluded.score, "
                "evidence=excluded.evidence, updated=excluded.updated, tier=excluded.tier, "
                "pattern_score=excluded.pattern_score, similarity=excluded.similarity", rows)
        return added, removed

    def delete_suggestions(self, codes: set[str]) -> dict[str, int]:
        """Remove every machine suggestion of `codes` (codes gone from the
        codebook); returns how many per code."""
        removed: dict[str, int] = {}
        with self.transaction():
            for code in sorted(codes):
                cursor = self.db.execute("DELETE FROM coding WHERE coder=? AND code=?",
                                         (AUTO_CODER, code))
                if cursor.rowcount:
                    removed[code] = cursor.rowcount
        return removed

    def pattern_suggestions(self, segment_ids: Iterable[str],
                            skip_codes: set[str] = frozenset()
                            ) -> dict[str, dict[str, tuple[float, str]]]:
        """segment -> code -> (pattern score, evidence JSON) of the machine's
        pattern-tier suggestions, for codes not in `skip_codes`: what
        re-coding keeps of codes it does not match again."""
        found: dict[str, dict[str, tuple[float, str]]] = {}
        for chunk in _chunks(list(segment_ids), 500):
            marks = ",".join("?" * len(chunk))
            for segment, code, score, evidence in self.db.execute(
                    f"SELECT segment, code, COALESCE(pattern_score, score), evidence FROM coding "
                    f"WHERE coder=? AND tier='pattern' AND segment IN ({marks})",
                    (AUTO_CODER, *chunk)):
                if code not in skip_codes:
                    found.setdefault(segment, {})[code] = (score or 0.0, evidence)
        return found

    def machine_suggestion_count(self, segment_ids: Iterable[str]) -> int:
        """How many suggestions of the machine these segments have (both tiers)."""
        count = 0
        for chunk in _chunks(list(segment_ids), 500):
            marks = ",".join("?" * len(chunk))
            count += self.db.execute(f"SELECT COUNT(*) FROM coding WHERE coder=? AND segment IN "
                                     f"({marks})", (AUTO_CODER, *chunk)).fetchone()[0]
        return count

    def replace_outlooks(self, outlooks: Iterable[Outlook]) -> None:
        """Store segments' likely findings and line of inquiry (unchanged ones
        are not rewritten)."""
        new = {o.segment: (o.loi, json.dumps([list(f) for f in o.findings]), o.asked)
               for o in outlooks}
        with self.transaction():
            old = {}
            keys = list(new)
            for chunk in _chunks(keys, 500):
                marks = ",".join("?" * len(chunk))
                old.update({r[0]: (r[1], r[2], r[3]) for r in self.db.execute(
                    f"SELECT segment, loi, findings, asked FROM segment_outlook WHERE segment IN "
                    f"({marks})", chunk)})
            self.db.executemany(
                "INSERT INTO segment_outlook (segment, loi, findings, asked) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(segment) DO UPDATE SET loi=excluded.loi, findings=excluded.findings, "
                "asked=excluded.asked",
                [(segment, *value) for segment, value in new.items() if old.get(segment) != value])

    def outlooks(self, segment_ids: Iterable[str] | None = None) -> dict[str, Outlook]:
        """segment -> its likely findings and line of inquiry (segments never
        auto-coded have none)."""
        if segment_ids is None:
            rows = list(self.db.execute(
                "SELECT segment, loi, findings, asked FROM segment_outlook"))
        else:
            rows = []
            for chunk in _chunks(list(segment_ids), 500):
                marks = ",".join("?" * len(chunk))
                rows += list(self.db.execute(
                    f"SELECT segment, loi, findings, asked FROM segment_outlook WHERE segment IN "
                    f"({marks})", chunk))
        return {r[0]: Outlook(r[0], tuple((f, s) for f, s in json.loads(r[2])), r[1], r[3])
                for r in rows}

    def decided_segments(self) -> list[tuple[str, str, str, str]]:
        """(segment, code, coder, status) of every coder's accepted or rejected
        code: the exemplars auto-coding learns from."""
        return [tuple(r) for r in self.db.execute(
            "SELECT segment, code, coder, status FROM coding WHERE coder != ? AND status IN "
            "('accepted', 'rejected') ORDER BY segment, code, coder", (AUTO_CODER,))]

    def coded_segment_ids(self) -> set[str]:
        """Segments that have been through auto-coding (with any codebook)."""
        return {r[0] for r in self.db.execute("SELECT segment FROM coded_segment")}

    def mark_coded(self, segment_ids: Iterable[str]) -> None:
        self.db.executemany("INSERT INTO coded_segment VALUES (?) ON CONFLICT DO NOTHING",
                            [(s,) for s in segment_ids])

    def coding_statuses(self) -> list[tuple[str, str, str, str, str]]:
        """(segment, code, coder, status, updated) of every coding row, in the
        order `codings()` returns them, without parsing the evidence JSON:
        the fast read that tallies and the audit need (read-only)."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        return cursor.execute("SELECT segment, code, coder, status, updated "
                              "FROM coding").fetchall()

    def coding_patterns(self) -> list[tuple[str, str, str, str, str, str, str]]:
        """(segment, code, coder, status, updated, origin, patterns) of every
        coding row, in the order `codings()` returns them; `patterns` is a JSON
        array of the distinct patterns that fired (from the evidence), so the
        evidence itself is never parsed in Python: what exports need (read-only)."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        return cursor.execute(
            "SELECT c.segment, c.code, c.coder, c.status, c.updated, c.origin, "
            f"{self.backend.patterns_sql} FROM coding AS c").fetchall()


def store_exists(location: str | Path) -> bool:
    """Whether a project may already be there: a file that exists, or any
    PostgreSQL database (kiicode never deletes a database)."""
    location = check_location(location)
    return is_postgres(location) or Path(location).exists()


def remove_store(location: str | Path) -> None:
    """Delete a project file kiicode just created (and its WAL files); a
    PostgreSQL database is left alone."""
    if is_postgres(location):
        return
    for leftover in (Path(location), Path(f"{location}-wal"), Path(f"{location}-shm")):
        leftover.unlink(missing_ok=True)


def _segment(r: sqlite3.Row) -> Segment:
    return Segment(r["id"], r["transcript"], r["respondent"], r["turn_no"], r["para_no"],
                   r["start"], r["end"], r["text"], r["language"])


def _coding(r: sqlite3.Row) -> Coding:
    return Coding(r["segment"], r["code"], r["coder"], r["origin"], r["status"], r["score"],
                  json.loads(r["evidence"]), r["created"], r["updated"], r["tier"])


def _statements(script: str) -> list[str]:
    # executescript() would commit mid-transaction, so statements run one by one.
    return [statement for statement in script.split(";") if statement.strip()]


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
