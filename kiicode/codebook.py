"""The codebook: evaluation framework, codes with their patterns, findings,
conclusions, recommendations and reporting conventions, loaded from YAML and
validated all at once (every problem with its file:line and key path)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from rapidfuzz import process

from .errors import CodebookError, Location, Problem
from .yamlsource import KeyPath, YamlSource, YamlSyntaxError, parse_yaml

DEFAULT_FUZZY_THRESHOLD = 90
PATTERN_LANGUAGE_KEYS = ("any",)
PATTERN_RULE_KEYS = ("near", "unless", "regex")
# Control characters a regex has no use for. Tab, newline and carriage return are
# left out: they mean themselves in a regex too (and a (?x) expression may span
# lines), so a double-quoted "\t" or "\n" changes nothing.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class LineOfInquiry:
    id: str
    name: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    text: str


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class RespondentType:
    id: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attribute:
    """A respondent attribute the codebook declares (sex, age_group, ...):
    roster columns or front-matter keys named by `id` or an alias are this
    attribute; when `values` is given, only those values (or their aliases)
    are accepted, so a typo is caught at ingest."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()
    values: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def value_for(self, raw: str) -> str | None:
        """The declared value `raw` names (the value or an alias), or None;
        any value when none are declared."""
        if not self.values:
            return raw
        wanted = _fold(raw)
        for value, aliases in self.values.items():
            if any(_fold(name) == wanted for name in (value, *aliases)):
                return value
        return None

    def value_names(self) -> list[str]:
        return [name for value, aliases in self.values.items() for name in (value, *aliases)]


@dataclass(frozen=True)
class Near:
    terms: tuple[str, ...]
    with_: tuple[str, ...]
    within: int


@dataclass(frozen=True)
class Patterns:
    """A code's patterns: terms per language (`en`, `es`, `any`), proximity
    rules, veto terms and regular expressions."""

    terms: dict[str, tuple[str, ...]]
    near: tuple[Near, ...] = ()
    unless: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()

    def count_for(self, language: str) -> int:
        return len(self.terms.get(language, ())) + len(self.terms.get("any", ()))


PROSE_FIELDS = ("definition", "use_when", "do_not_use_when", "examples", "talk")
# Guidance fields that hold a list of texts rather than one text.
LIST_PROSE_FIELDS = ("examples", "talk")


@dataclass(frozen=True)
class Prose:
    """A code's guidance for coders in one language."""

    definition: str = ""
    use_when: str = ""
    do_not_use_when: str = ""
    examples: tuple[str, ...] = ()
    # how respondents themselves talk about it: situations, people,
    # institutions, everyday words (read by the similarity signal)
    talk: tuple[str, ...] = ()


@dataclass(frozen=True)
class Code:
    """A code. `definition`, `use_when`, `do_not_use_when`, `examples` and
    `talk` hold the text shown where one language is wanted (a plain string,
    or the first language a per-language mapping gives); `prose` holds each
    declared language's text, for comparing a segment with the codebook in
    its own language (`prose_in`)."""

    id: str
    name: str
    loi: str = ""
    questions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    definition: str = ""
    use_when: str = ""
    do_not_use_when: str = ""
    examples: tuple[str, ...] = ()
    talk: tuple[str, ...] = ()
    parent: str = ""
    fuzzy_threshold: int = DEFAULT_FUZZY_THRESHOLD
    patterns: Patterns = field(default_factory=lambda: Patterns({}))
    prose: dict[str, Prose] = field(default_factory=dict)

    def prose_in(self, language: str) -> Prose:
        """The guidance in `language`, else the text shown by default."""
        return self.prose.get(language) or Prose(self.definition, self.use_when,
                                                 self.do_not_use_when, self.examples, self.talk)


@dataclass(frozen=True)
class EvidenceRule:
    """Which codings make a segment support a finding."""

    any_codes: tuple[str, ...] = ()
    all_codes: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    contrary_codes: tuple[str, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.any_codes + self.all_codes))

    def supported_by(self, codes: set[str], themes_of: dict[str, tuple[str, ...]]) -> bool:
        """True when a segment holding `codes` supports the finding."""
        if not self.any_codes and not self.all_codes:
            return False
        if self.any_codes and not codes.intersection(self.any_codes):
            return False
        if not set(self.all_codes) <= codes:
            return False
        if self.themes:
            relevant = codes.intersection(self.codes) or codes
            if not any(set(themes_of.get(c, ())) & set(self.themes) for c in relevant):
                return False
        return True

    def contradicted_by(self, codes: set[str]) -> bool:
        return bool(codes.intersection(self.contrary_codes))


@dataclass(frozen=True)
class Finding:
    """A finding. `statement` is the text shown by default (a plain string, or
    the first language of `statement: {en: ..., es: ...}`); `statements` holds
    it per language."""

    id: str
    statement: str
    loi: str = ""
    questions: tuple[str, ...] = ()
    evidence: EvidenceRule = field(default_factory=EvidenceRule)
    statements: dict[str, str] = field(default_factory=dict)

    def statement_in(self, language: str) -> str:
        return self.statements.get(language) or self.statement


@dataclass(frozen=True)
class Conclusion:
    id: str
    statement: str
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    id: str
    statement: str
    audience: str = ""
    conclusions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quantifier:
    word: str
    min_share: float
    exclusive: bool = False  # True: the share must be strictly above min_share

    def applies(self, share: float) -> bool:
        return share > self.min_share if self.exclusive else share >= self.min_share


@dataclass(frozen=True)
class StrengthLevel:
    name: str
    min_respondents: int
    min_types: int
    min_regions: int


@dataclass(frozen=True)
class Reporting:
    quantifiers: tuple[Quantifier, ...]
    strength: tuple[StrengthLevel, ...]
    max_unreviewed_share: float = 0.5
    # A quote whose respondent shares type x institution x region with fewer
    # people than this identifies them (docs/anonymisation.md).
    min_cell_size: int = 2


DEFAULT_REPORTING = Reporting(
    quantifiers=(
        Quantifier("all", 1.0),
        Quantifier("almost all", 0.8),
        Quantifier("most", 0.5, exclusive=True),
        Quantifier("some", 0.2),
        Quantifier("a few", 0.0, exclusive=True),
    ),
    strength=(
        StrengthLevel("strong", 6, 3, 2),
        StrengthLevel("moderate", 3, 2, 1),
        StrengthLevel("limited", 1, 1, 1),
    ),
    max_unreviewed_share=0.5,
)


@dataclass(frozen=True)
class Codebook:
    path: str
    sha256: str
    name: str
    languages: tuple[str, ...]
    lines_of_inquiry: dict[str, LineOfInquiry]
    questions: dict[str, Question]
    themes: dict[str, Theme]
    respondent_types: dict[str, RespondentType]
    codes: dict[str, Code]
    findings: dict[str, Finding]
    conclusions: dict[str, Conclusion]
    recommendations: dict[str, Recommendation]
    reporting: Reporting = DEFAULT_REPORTING
    # Things that do not stop the codebook from loading but that a user should
    # fix, such as a declared language without its own definitions.
    warnings: tuple[Problem, ...] = ()
    attributes: dict[str, Attribute] = field(default_factory=dict)

    def attribute_for(self, name: str) -> str | None:
        """The declared attribute id that `name` names (id, label or alias), if any."""
        wanted = attribute_name(name)
        for attribute in self.attributes.values():
            if any(attribute_name(n) == wanted for n in
                   (attribute.id, attribute.label, *attribute.aliases)):
                return attribute.id
        return None

    def themes_of(self) -> dict[str, tuple[str, ...]]:
        return {code.id: code.themes for code in self.codes.values()}

    def respondent_type_for(self, value: str) -> str | None:
        """The respondent type id that `value` names (id, label or alias), if any."""
        wanted = _fold(value)
        for rtype in self.respondent_types.values():
            names = (rtype.id, rtype.label, *rtype.aliases)
            if any(_fold(name) == wanted for name in names):
                return rtype.id
        return None

    def respondent_type_names(self) -> list[str]:
        names: list[str] = []
        for rtype in self.respondent_types.values():
            names += [rtype.id, rtype.label, *rtype.aliases]
        return names


def attribute_name(text: str) -> str:
    """A roster column or front-matter key as an attribute name: 'Age group',
    'age-group' and 'AGE GROUP' are 'age_group'; 'Años en el cargo' is
    'anos_en_el_cargo' (accents dropped, so spelling them or not is the same)."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "_".join(re.findall(r"[^\W_]+", plain))


def _fold(text: str) -> str:
    return " ".join(str(text).replace("_", " ").lower().split())


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """A ' (did you mean X?)' hint from the closest choice, or ''."""
    if not choices:
        return ""
    best = process.extractOne(str(value), list(choices), score_cutoff=60)
    return f"did you mean '{best[0]}'?" if best else ""


# --- schema -----------------------------------------------------------------

TOP_KEYS = {
    "project": True, "lines_of_inquiry": True, "questions": True, "themes": True,
    "respondent_types": True, "codes": True, "findings": False, "conclusions": False,
    "recommendations": False, "reporting": False, "attributes": False,
}
ITEM_KEYS = {
    "project": {"name", "languages", "description"},
    "lines_of_inquiry": {"id", "name", "questions", "description"},
    "questions": {"id", "text"},
    "themes": {"id", "name", "description"},
    "respondent_types": {"id", "label", "aliases", "description"},
    "codes": {"id", "name", "loi", "questions", "themes", "definition", "use_when",
              "do_not_use_when", "examples", "talk", "parent", "fuzzy_threshold", "patterns"},
    "findings": {"id", "statement", "loi", "questions", "evidence"},
    "conclusions": {"id", "statement", "findings"},
    "recommendations": {"id", "statement", "audience", "conclusions"},
    "reporting": {"quantifiers", "strength", "min_cell_size"},
    "attributes": {"id", "label", "aliases", "values", "description"},
}
EVIDENCE_KEYS = {"any_codes", "all_codes", "themes", "contrary_codes"}
NEAR_KEYS = {"terms", "with", "within"}
QUANTIFIER_KEYS = {"word", "min_share", "exclusive"}
STRENGTH_LEVEL_KEYS = {"min_respondents", "min_types", "min_regions"}


DEFAULT_CODEBOOK = "cpc_peru.yaml"


def default_codebook_path() -> Path:
    """The default codebook shipped inside the package (`kiicode.codebooks`,
    which is the repository's codebooks/ folder: see setup.py), so kiicode
    works from any folder and after a plain `pip install`. A real file path,
    since a project records where its codebook came from."""
    from importlib.resources import files

    return Path(str(files("kiicode.codebooks").joinpath(DEFAULT_CODEBOOK)))


def load_codebook(path: str | Path) -> Codebook:
    """Load and validate a codebook; raise CodebookError listing every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CodebookError(Problem(Location(str(path)), f"cannot read codebook: {exc.strerror}",
                                    "check the path")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CodebookError(Problem(Location(str(path)), f"codebook is not UTF-8 ({exc.reason})",
                                    "save the file as UTF-8")) from None
    try:
        source = parse_yaml(text, str(path))
    except YamlSyntaxError as exc:
        raise CodebookError(exc.problem) from None
    builder = _CodebookBuilder(source, hashlib.sha256(raw).hexdigest())
    codebook = builder.build()
    if builder.problems:
        raise CodebookError(builder.problems)
    return codebook


class _CodebookBuilder:
    """Walks the YAML once, building the model and collecting problems."""

    def __init__(self, source: YamlSource, sha256: str):
        self.source = source
        self.sha256 = sha256
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.languages: tuple[str, ...] = ()
        self.single_language_prose: list[str] = []  # codes whose guidance is plain text only

    def problem(self, keypath: KeyPath, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.source.location(keypath), message, hint))

    def warning(self, keypath: KeyPath, message: str, hint: str = "") -> None:
        self.warnings.append(Problem(self.source.location(keypath), message, hint))

    # generic helpers
    def check_keys(self, mapping: dict, allowed: set[str], keypath: KeyPath) -> None:
        for key in mapping:
            if key not in allowed:
                self.problem(keypath + (key,), f"unknown key '{key}'",
                             did_you_mean(str(key), sorted(allowed)) or
                             f"allowed keys: {', '.join(sorted(allowed))}")

    def text(self, mapping: dict, key: str, keypath: KeyPath, required: bool = False) -> str:
        value = mapping.get(key)
        if value is None:
            if required:
                self.problem(keypath, f"missing '{key}'", f"add a '{key}:' entry")
            return ""
        if isinstance(value, (dict, list)):
            self.problem(keypath + (key,), f"'{key}' must be text")
            return ""
        return str(value)

    def id_list(self, mapping: dict, key: str, keypath: KeyPath) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            return ()
        if isinstance(value, (str, int, float)):
            return (str(value),)
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            self.problem(keypath + (key,), f"'{key}' must be a list of ids")
            return ()
        return tuple(str(v) for v in value)

    def items(self, section: str) -> list[tuple[KeyPath, dict]]:
        """The mapping items of a list section, reporting non-mappings and duplicates."""
        value = self.source.data.get(section)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem((section,), f"'{section}' must be a list")
            return []
        found: list[tuple[KeyPath, dict]] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            keypath = (section, index)
            if section == "themes" and isinstance(item, str):
                item = {"id": item}
            if not isinstance(item, dict):
                self.problem(keypath, "each entry must be a mapping with an 'id'")
                continue
            self.check_keys(item, ITEM_KEYS[section], keypath)
            item_id = item.get("id")
            if item_id is None or str(item_id).strip() == "":
                self.problem(keypath, "entry has no 'id'", "add an 'id:' entry")
                continue
            item_id = str(item_id)
            if item_id in seen:
                self.problem(keypath + ("id",), f"duplicate id '{item_id}'",
                             f"first defined at {section} -> {seen[item_id]}")
                continue
            seen[item_id] = index
            found.append((keypath, item))
        return found

    def refs(self, ids: tuple[str, ...], known: dict | set, kind: str, keypath: KeyPath) -> None:
        for ref in ids:
            if ref not in known:
                self.problem(keypath, f"undefined {kind} '{ref}'",
                             did_you_mean(ref, sorted(known)) or f"define the {kind} first")

    # sections
    def build(self) -> Codebook:
        data = self.source.data
        path = self.source.path
        if not isinstance(data, dict):
            self.problem((), "a codebook must be a YAML mapping with 'project', 'codes', ...")
            return _empty_codebook(path, self.sha256)
        for keypath, first in self.source.duplicates:
            self.problem(keypath, f"duplicate key '{keypath[-1]}'",
                         f"first given at line {first}; YAML keeps only the last one")
        self.check_keys(data, set(TOP_KEYS), ())
        for key, required in TOP_KEYS.items():
            if required and key not in data:
                self.problem((), f"missing top-level '{key}'", f"add a '{key}:' section")

        project = data.get("project") or {}
        if not isinstance(project, dict):
            self.problem(("project",), "'project' must be a mapping with name and languages")
            project = {}
        self.check_keys(project, ITEM_KEYS["project"], ("project",))
        languages = self.id_list(project, "languages", ("project",))
        self.languages = languages
        if "project" in data and not languages:
            self.problem(("project",), "no 'languages' declared", "add languages: [es, en]")

        questions = {
            str(item["id"]): Question(str(item["id"]), self.text(item, "text", kp, required=True))
            for kp, item in self.items("questions")
        }
        lois: dict[str, LineOfInquiry] = {}
        for kp, item in self.items("lines_of_inquiry"):
            qs = self.id_list(item, "questions", kp)
            self.refs(qs, questions, "question", kp + ("questions",))
            name = self.text(item, "name", kp) or str(item["id"])
            lois[str(item["id"])] = LineOfInquiry(str(item["id"]), name, qs)
        themes = {
            str(item["id"]): Theme(str(item["id"]), self.text(item, "name", kp) or str(item["id"]),
                                   self.text(item, "description", kp))
            for kp, item in self.items("themes")
        }
        rtypes = {
            str(item["id"]): RespondentType(str(item["id"]),
                                            self.text(item, "label", kp) or str(item["id"]),
                                            self.id_list(item, "aliases", kp))
            for kp, item in self.items("respondent_types")
        }
        attributes = {str(item["id"]): self.attribute(kp, item)
                      for kp, item in self.items("attributes")}
        code_items = self.items("codes")
        code_ids = {str(item["id"]) for _, item in code_items}
        codes = {str(item["id"]): self.code(kp, item, languages, lois, questions, themes, code_ids)
                 for kp, item in code_items}
        self.parent_cycles(code_items, codes)
        findings = {str(item["id"]): self.finding(kp, item, lois, questions, themes, codes)
                    for kp, item in self.items("findings")}
        if len(languages) > 1 and self.single_language_prose:
            first = self.single_language_prose[0]
            self.warning(("codes",), f"{len(self.single_language_prose)} codes (first: '{first}') "
                         "give definition/use_when/examples as plain text, one text for "
                         f"every language ({', '.join(languages)})",
                         "write each as {" + ", ".join(f"{lang}: ..." for lang in languages)
                         + "} so every language's segments are compared with text in that "
                         "language; the first language written is the one shown by default")
        conclusions: dict[str, Conclusion] = {}
        for kp, item in self.items("conclusions"):
            fs = self.id_list(item, "findings", kp)
            self.refs(fs, findings, "finding", kp + ("findings",))
            conclusions[str(item["id"])] = Conclusion(
                str(item["id"]), self.text(item, "statement", kp, required=True), fs)
        recommendations: dict[str, Recommendation] = {}
        for kp, item in self.items("recommendations"):
            cs = self.id_list(item, "conclusions", kp)
            self.refs(cs, conclusions, "conclusion", kp + ("conclusions",))
            recommendations[str(item["id"])] = Recommendation(
                str(item["id"]), self.text(item, "statement", kp, required=True),
                self.text(item, "audience", kp), cs)
        return Codebook(
            path=path, sha256=self.sha256,
            name=self.text(project, "name", ("project",)) or Path(path).stem,
            languages=languages, lines_of_inquiry=lois, questions=questions, themes=themes,
            respondent_types=rtypes, codes=codes, findings=findings, conclusions=conclusions,
            recommendations=recommendations, reporting=self.reporting(data.get("reporting")),
            warnings=tuple(self.warnings),
            attributes=attributes,
        )

    def localised(self, mapping: dict, key: str, keypath: KeyPath, languages: tuple[str, ...],
                  many: bool = False) -> dict[str, Any] | None:
        """A text (or, with `many`, a list of texts) given per language as
        `{en: ..., es: ...}`: language -> value, in the order written. None when
        the value is not a mapping (a plain value serves every language; the
        caller reads it)."""
        value = mapping.get(key)
        if not isinstance(value, dict):
            return None
        self.check_keys(value, set(languages), keypath + (key,))
        found: dict[str, Any] = {}
        for lang in languages:
            if lang not in value or value[lang] is None:
                continue
            if many:
                found[lang] = self.text_list(value, lang, keypath + (key,))
            elif isinstance(value[lang], (dict, list)):
                self.problem(keypath + (key, lang), f"'{key}' in '{lang}' must be text")
            else:
                found[lang] = str(value[lang])
        # Keep the order the author wrote the languages in: the first is the default.
        order = [lang for lang in value if lang in found]
        return {lang: found[lang] for lang in order}

    def text_list(self, mapping: dict, key: str, keypath: KeyPath) -> tuple[str, ...]:
        value = mapping.get(key) or []
        if isinstance(value, (str, int, float)):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            self.problem(keypath + (key,), f"'{key}' must be a list of texts")
            return ()
        return tuple(str(v) for v in value)

    def attribute(self, kp: KeyPath, item: dict) -> Attribute:
        """`values` is a list of values, or a mapping value -> list of aliases."""
        raw = item.get("values")
        values: dict[str, tuple[str, ...]] = {}
        if isinstance(raw, dict):
            for value, aliases in raw.items():
                if aliases is None:
                    aliases = []
                if isinstance(aliases, (str, int, float)):
                    aliases = [aliases]
                if not isinstance(aliases, list):
                    self.problem(kp + ("values", value), "a value's aliases must be a list")
                    aliases = []
                values[str(value)] = tuple(str(a) for a in aliases)
        elif raw is not None:
            values = dict.fromkeys(self.id_list(item, "values", kp), ())
        return Attribute(attribute_name(item["id"]), self.text(item, "label", kp) or
                         str(item["id"]), self.id_list(item, "aliases", kp), values)

    def code(self, kp, item, languages, lois, questions, themes, code_ids) -> Code:
        code_id = str(item["id"])
        loi = self.text(item, "loi", kp)
        if loi and loi not in lois:
            self.problem(kp + ("loi",), f"undefined line of inquiry '{loi}'",
                         did_you_mean(loi, sorted(lois)))
        qs = self.id_list(item, "questions", kp)
        self.refs(qs, questions, "question", kp + ("questions",))
        ts = self.id_list(item, "themes", kp)
        self.refs(ts, themes, "theme", kp + ("themes",))
        parent = self.text(item, "parent", kp)
        if parent and parent not in code_ids:
            self.problem(kp + ("parent",), f"undefined parent code '{parent}'",
                         did_you_mean(parent, sorted(code_ids)))
        if parent == code_id:
            self.problem(kp + ("parent",), "a code cannot be its own parent")
        threshold = item.get("fuzzy_threshold", DEFAULT_FUZZY_THRESHOLD)
        if not isinstance(threshold, (int, float)) or not 0 <= threshold <= 100:
            self.problem(kp + ("fuzzy_threshold",), "fuzzy_threshold must be a number 0-100")
            threshold = DEFAULT_FUZZY_THRESHOLD
        default, prose = self.prose(kp, item, languages)
        return Code(
            id=code_id, name=self.text(item, "name", kp, required=True), loi=loi, questions=qs,
            themes=ts, definition=default.definition, use_when=default.use_when,
            do_not_use_when=default.do_not_use_when, examples=default.examples,
            talk=default.talk, parent=parent,
            fuzzy_threshold=int(threshold),
            patterns=self.patterns(kp + ("patterns",), item.get("patterns"), languages, code_id),
            prose=prose,
        )

    def prose(self, kp: KeyPath, item: dict,
              languages: tuple[str, ...]) -> tuple[Prose, dict[str, Prose]]:
        """A code's guidance: the default text and, per declared language, its
        own text (a field given as a plain string serves every language). Warns
        when a per-language field lacks a declared language."""
        plain: dict[str, Any] = {}
        per_language: dict[str, dict[str, Any]] = {}
        for key in PROSE_FIELDS:
            many = key in LIST_PROSE_FIELDS
            given = self.localised(item, key, kp, languages, many=many)
            if given is None:
                plain[key] = self.text_list(item, key, kp) if many else self.text(item, key, kp)
                continue
            per_language[key] = given
            plain[key] = next(iter(given.values()), () if many else "")
            missing = [lang for lang in languages if lang not in given]
            if missing:
                self.warning(kp + (key,), f"code '{item['id']}': no '{key}' in "
                             f"{', '.join(missing)}",
                             f"add {missing[0]}: under '{key}' so {missing[0]} segments are "
                             "compared with text in their own language")
        default = Prose(**plain)
        if not per_language:
            if any(plain.values()):
                self.single_language_prose.append(str(item["id"]))
            return default, {}
        prose = {}
        for lang in languages:
            fields = {key: per_language[key].get(lang, plain[key]) if key in per_language
                      else plain[key] for key in PROSE_FIELDS}
            prose[lang] = Prose(**fields)
        return default, prose

    def parent_cycles(self, code_items: list[tuple[KeyPath, dict]], codes: dict[str, Code]) -> None:
        """Report parent links that loop (a -> b -> a): every walk up a family
        (matching, counting a child as its parent, re-coding families) would
        never end. Each cycle is reported once, at its first code's parent."""
        where = {str(item["id"]): kp for kp, item in code_items}
        reported: set[str] = set()
        for start in codes:
            path, seen = [start], {start}
            parent = codes[start].parent
            while parent in codes and parent not in seen:
                path.append(parent)
                seen.add(parent)
                parent = codes[parent].parent
            if parent not in seen or parent == start and len(path) == 1:
                continue   # no loop; a code that is its own parent is reported already
            loop = path[path.index(parent):]
            if reported.isdisjoint(loop):
                reported.update(loop)
                first = min(loop, key=lambda c: where[c])
                shown = loop[loop.index(first):] + loop[:loop.index(first)] + [first]
                self.problem(where[first] + ("parent",),
                             f"parent links form a cycle: {' -> '.join(shown)}",
                             "a code's parent must not be its own descendant")

    def patterns(self, kp: KeyPath, raw: Any, languages: tuple[str, ...], code_id: str) -> Patterns:
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.problem(kp, "'patterns' must be a mapping of language -> list of terms")
            raw = {}
        allowed = set(languages) | set(PATTERN_LANGUAGE_KEYS) | set(PATTERN_RULE_KEYS)
        self.check_keys(raw, allowed, kp)
        terms: dict[str, tuple[str, ...]] = {}
        for lang in (*languages, *PATTERN_LANGUAGE_KEYS):
            values = raw.get(lang) or []
            if not isinstance(values, list):
                values = [values]
            clean = []
            for index, value in enumerate(values):
                if isinstance(value, (dict, list)) or str(value).strip() in ("", "*", "~"):
                    self.problem(kp + (lang, index), f"pattern {value!r} is not a term",
                                 "write a word or phrase, optionally with * or a leading ~")
                    continue
                clean.append(str(value).strip())
            terms[lang] = tuple(clean)
        near = []
        for index, rule in enumerate(raw.get("near") or []):
            rkp = kp + ("near", index)
            if not isinstance(rule, dict):
                self.problem(rkp, "a near rule is {terms: [...], with: [...], within: N}")
                continue
            self.check_keys(rule, NEAR_KEYS, rkp)
            within = rule.get("within", 6)
            if not isinstance(within, int) or within < 1:
                self.problem(rkp + ("within",), "'within' must be a whole number of tokens >= 1")
                within = 6
            a, b = self.id_list(rule, "terms", rkp), self.id_list(rule, "with", rkp)
            if not a or not b:
                self.problem(rkp, "a near rule needs both 'terms' and 'with'")
                continue
            near.append(Near(a, b, within))
        regexes = []
        for index, expr in enumerate(self.id_list(raw, "regex", kp)):
            if not expr.strip():
                self.problem(kp + ("regex", index), f"code '{code_id}': an empty regex would "
                             "match everywhere", "write the expression, or remove the entry")
                continue
            try:
                regex.compile(expr, regex.IGNORECASE | regex.V0)   # the engine matching uses
            except regex.error as exc:
                self.problem(kp + ("regex", index),
                             f"code '{code_id}': regex {expr!r} does not compile: {exc}",
                             "fix the expression or escape special characters with \\")
                continue
            control = _CONTROL_CHARACTER.search(expr)
            if control:
                # A double-quoted YAML string turns "\b" into a backspace (and "\t"
                # into a tab...), so the expression silently stops meaning a word
                # boundary; a pattern has no reason to hold a control character.
                self.warning(kp + ("regex", index),
                             f"code '{code_id}': regex {expr!r} contains the control "
                             f"character {control.group()!r}; in a double-quoted YAML "
                             "string \\b is a backspace, not a word boundary",
                             "write the regex in single quotes ('\\bword\\b') or "
                             "double the backslashes (\"\\\\bword\\\\b\")")
            regexes.append(expr)
        patterns = Patterns(terms, tuple(near), self.id_list(raw, "unless", kp), tuple(regexes))
        has_rules = bool(near or regexes)
        for lang in languages:
            if patterns.count_for(lang) == 0 and not has_rules:
                self.problem(kp, f"code '{code_id}' has no patterns for declared language '{lang}'",
                             f"add patterns under '{lang}:' or 'any:'")
        return patterns

    def finding(self, kp, item, lois, questions, themes, codes) -> Finding:
        loi = self.text(item, "loi", kp)
        if loi and loi not in lois:
            self.problem(kp + ("loi",), f"undefined line of inquiry '{loi}'",
                         did_you_mean(loi, sorted(lois)))
        qs = self.id_list(item, "questions", kp)
        self.refs(qs, questions, "question", kp + ("questions",))
        raw = item.get("evidence") or {}
        ekp = kp + ("evidence",)
        if not isinstance(raw, dict):
            self.problem(ekp, "'evidence' must be a mapping (any_codes, all_codes, themes)")
            raw = {}
        self.check_keys(raw, EVIDENCE_KEYS, ekp)
        rule = EvidenceRule(*(self.id_list(raw, key, ekp) for key in
                              ("any_codes", "all_codes", "themes", "contrary_codes")))
        for key in ("any_codes", "all_codes", "contrary_codes"):
            self.refs(getattr(rule, key), codes, "code", ekp + (key,))
        self.refs(rule.themes, themes, "theme", ekp + ("themes",))
        statements = self.localised(item, "statement", kp, self.languages)
        if statements is None:
            return Finding(str(item["id"]), self.text(item, "statement", kp, required=True), loi,
                           qs, rule)
        if not statements:
            first = self.languages[0] if self.languages else "en"
            self.problem(kp + ("statement",), "'statement' gives no text",
                         f"write statement: {{{first}: ...}}")
        missing = [lang for lang in self.languages if lang not in statements]
        if statements and missing:
            self.warning(kp + ("statement",), f"finding '{item['id']}': no statement in "
                         f"{', '.join(missing)}", f"add {missing[0]}: under 'statement'")
        return Finding(str(item["id"]), next(iter(statements.values()), ""), loi, qs, rule,
                       statements)

    def reporting(self, raw: Any) -> Reporting:
        if raw is None:
            return DEFAULT_REPORTING
        kp: KeyPath = ("reporting",)
        if not isinstance(raw, dict):
            self.problem(kp, "'reporting' must be a mapping with quantifiers and strength")
            return DEFAULT_REPORTING
        quantifiers = DEFAULT_REPORTING.quantifiers
        if "quantifiers" in raw:
            parsed = []
            for index, q in enumerate(raw.get("quantifiers") or []):
                qkp = kp + ("quantifiers", index)
                if not isinstance(q, dict) or "word" not in q or "min_share" not in q:
                    self.problem(qkp, "a quantifier is {word: most, min_share: 0.5}")
                    continue
                self.check_keys(q, QUANTIFIER_KEYS, qkp)
                share = q["min_share"]
                if not isinstance(share, (int, float)) or not 0 <= share <= 1:
                    self.problem(qkp + ("min_share",), "min_share must be a number from 0 to 1")
                    continue
                parsed.append(Quantifier(str(q["word"]), float(share), bool(q.get("exclusive"))))
            quantifiers = tuple(sorted(parsed, key=lambda q: (-q.min_share, q.exclusive)))
        strength = DEFAULT_REPORTING.strength
        max_unreviewed = DEFAULT_REPORTING.max_unreviewed_share
        raw_strength = raw.get("strength")
        if raw_strength is not None:
            if not isinstance(raw_strength, dict):
                self.problem(kp + ("strength",), "'strength' must be a mapping of levels")
            else:
                levels = []
                for name, crit in raw_strength.items():
                    skp = kp + ("strength", name)
                    if name == "max_unreviewed_share":
                        if not isinstance(crit, (int, float)) or not 0 <= crit <= 1:
                            self.problem(skp, "max_unreviewed_share must be from 0 to 1")
                        else:
                            max_unreviewed = float(crit)
                        continue
                    if not isinstance(crit, dict):
                        self.problem(skp, "a strength level is {min_respondents: N, ...}")
                        continue
                    self.check_keys(crit, STRENGTH_LEVEL_KEYS, skp)
                    values = [crit.get(k, 0) for k in
                              ("min_respondents", "min_types", "min_regions")]
                    if not all(isinstance(v, int) and v >= 0 for v in values):
                        self.problem(skp, "strength minima must be whole numbers >= 0")
                        continue
                    levels.append(StrengthLevel(str(name), *values))
                strength = tuple(levels) or strength
        min_cell = DEFAULT_REPORTING.min_cell_size
        if "min_cell_size" in raw:
            value = raw["min_cell_size"]
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                self.problem(kp + ("min_cell_size",), "min_cell_size must be a whole number "
                             ">= 1 (2: flag a respondent who is the only one of their type, "
                             "institution and region)")
            else:
                min_cell = value
        return Reporting(quantifiers, strength, max_unreviewed, min_cell)


def _empty_codebook(path: str, sha256: str) -> Codebook:
    return Codebook(path, sha256, "", (), {}, {}, {}, {}, {}, {}, {}, {})
