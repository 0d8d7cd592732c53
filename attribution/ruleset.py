"""Loading and validating the rules folder (TOML data).

The shipped rules are the package ``attribution.rules`` (the repository's top-level
``rules/`` folder). ``--rules DIR`` points at a user's folder: each of its files
extends the shipped file of the same name (:func:`merge_rules_data`): tables merge key by
key, lists are merged (the user's items added after the shipped ones), an entry of a list
of tables (``[[rule]]``, ``[[check]]``) with a shipped ``code`` replaces that entry and one
with a new code is added after the shipped ones. ``replace = true`` at the top of a user
file replaces the shipped file instead.

A ``[[rule]]`` of patterns.toml becomes a :class:`Rule`: its ``nodes`` are validated into
a dependency pattern (attribution/attribute/matcher.py, numbered errors E101...), its
``strategy`` and ``filters`` must name ones the attribute stage has. The configuration's
``disable``/``enable``/``severity`` reach the rules as :class:`RuleSettings`.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
import tomllib
from importlib import resources
from pathlib import Path

import attrs

from .attribute.matcher import Pattern
from .errors import RulesError  # one error hierarchy (errors.py); re-exported here
from .regexes import PATTERN_SECTIONS, check_rules_patterns

RULE_FILES = ("cues.toml", "patterns.toml", "roles.toml", "affiliations.toml",
              "anonymity.toml", "pronouns.toml", "checks.toml", "entities.toml", "wordnet.toml")
CODE = re.compile(r"^[A-Z]{2}\d{3}$")
RULE_KEYS = frozenset({"code", "name", "kind", "strategy", "filters", "description", "examples", "nodes"})
KINDS = ("dependency", "quote")


@attrs.frozen
class Rule:
    code: str
    name: str
    kind: str
    description: str
    examples_pass: tuple[str, ...]
    examples_fail: tuple[str, ...]
    nodes: tuple[dict, ...] = ()
    strategy: str = ""
    filters: tuple[str, ...] = ()
    pattern: Pattern = attrs.field(factory=Pattern)


@attrs.frozen
class RuleSettings:
    """What the configuration says about rule codes: ``enabled`` (when given) keeps only
    the listed rules, ``disabled`` drops rules, ``severity`` is the severity of the
    warning a rule's failure is reported with."""
    disabled: frozenset[str] = frozenset()
    enabled: frozenset[str] | None = None
    severity: dict[str, str] = attrs.field(factory=dict)

    def runs(self, code: str, suppressed: frozenset[str] = frozenset()) -> bool:
        if self.enabled is not None and code not in self.enabled:
            return False
        return code not in self.disabled and code not in suppressed

    def severity_of(self, code: str) -> str:
        return self.severity.get(code, "warning")


@attrs.frozen
class Rules:
    data: dict
    rules: tuple[Rule, ...]
    source: str
    settings: RuleSettings = attrs.field(factory=RuleSettings)

    def configured(self, enable: Iterable[str] | None = None, disable: Iterable[str] | None = None,
                   severity: Mapping[str, str] | None = None) -> Rules:
        """These rules under the configuration's ``enable``/``disable``/``severity``; codes
        that are not rule codes (AC checks) are left to the checks. ``enable`` restricts
        the rules only when it lists a rule code."""
        codes = {r.code for r in self.rules}
        enabled = frozenset(c for c in enable or () if c in codes)
        return attrs.evolve(self, settings=RuleSettings(
            disabled=frozenset(c for c in disable or () if c in codes),
            enabled=enabled or None,
            severity={c: v for c, v in (severity or {}).items() if c in codes}))

    # -- convenient views --------------------------------------------------------------
    def cue_lemmas(self, cls: str) -> frozenset[str]:
        return frozenset(self.data["cues"].get(cls, {}).get("lemmas", ()))

    def section(self, file: str, name: str) -> dict:
        return self.data.get(file, {}).get(name, {})

    def rule(self, code: str) -> Rule:
        for r in self.rules:
            if r.code == code:
                return r
        raise KeyError(code)


def _shipped_dir():
    return resources.files("attribution.rules")


def _read_toml(path, label: str) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"{label}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise RulesError(f"{label}: cannot read: {exc.strerror or exc}") from None


def merge_rules_data(base: dict, extra: dict) -> dict:
    """``extra`` (a user's rules file) laid over ``base`` (the shipped one), generically:
    tables merge key by key, lists merge (see :func:`_merge_lists`), any other value of
    ``extra`` replaces the shipped one."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            out[key] = merge_rules_data(old, value)
        elif isinstance(value, list) and isinstance(old, list):
            out[key] = _merge_lists(old, value)
        else:
            out[key] = value
    return out


def _identity(item: object) -> object:
    """What makes two list entries the same entry: a table's ``code`` when it has one (a
    rule or a check), otherwise the value itself."""
    if isinstance(item, dict) and "code" in item:
        return ("code", item["code"])
    return _frozen(item)


def _frozen(item: object) -> object:
    if isinstance(item, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in item.items()))
    if isinstance(item, list):
        return tuple(_frozen(v) for v in item)
    return item


def _merge_lists(base: list, extra: list) -> list:
    """The shipped entries in their order, each replaced by the user's entry of the same
    identity, then the user's new entries in theirs (a word listed twice stays once)."""
    position = {_identity(item): i for i, item in enumerate(base)}
    out = list(base)
    for item in extra:
        key = _identity(item)
        if key in position:
            out[position[key]] = item
        else:
            position[key] = len(out)
            out.append(item)
    return out


def load_rules(user_dir: str | Path | None = None) -> Rules:
    shipped = _shipped_dir()
    data: dict = {}
    for name in RULE_FILES:
        f = shipped / name
        data[name.removesuffix(".toml")] = _read_toml(f, f"rules/{name}") if f.is_file() else {}
    source = "shipped"
    shipped_patterns = copy.deepcopy({k: data[k] for k in PATTERN_SECTIONS if k in data})
    if user_dir is not None:
        folder = Path(user_dir)
        if not folder.is_dir():
            raise RulesError(f"rules folder {folder} does not exist")
        unknown = [p.name for p in folder.glob("*.toml") if p.name not in RULE_FILES]
        if unknown:
            raise RulesError(f"{folder}: unknown rules file(s) {', '.join(sorted(unknown))}; "
                             f"expected some of {', '.join(RULE_FILES)}")
        for name in RULE_FILES:
            f = folder / name
            if f.is_file():
                key = name.removesuffix(".toml")
                user = _read_toml(f, str(f))
                replace = user.pop("replace", False)
                if not isinstance(replace, bool):
                    raise RulesError(f"{f}: 'replace' must be true or false")
                data[key] = user if replace else merge_rules_data(data.get(key, {}), user)
        source = str(folder)
    if user_dir is None:
        return Rules(data, tuple(_validate(data)), source)
    # before any of the user's patterns runs on a story (attribution/regexes.py)
    check_rules_patterns(data, source, shipped_patterns)
    try:                                   # a user's file of the wrong shape: one line, not a traceback
        rules = Rules(data, tuple(_validate(data)), source)
        _build_lexicons(rules)
    except (TypeError, AttributeError, KeyError, ValueError, IndexError) as exc:
        if isinstance(exc, RulesError):
            raise
        raise RulesError(f"{source}: a rules file holds a value of the wrong kind "
                         f"({type(exc).__name__}: {exc})") from None
    return rules


def _build_lexicons(rules: Rules) -> None:
    """Build (and keep) what the attribute stage makes of the rules, so that a user's file
    that does not fit fails here, at load, rather than on every story (the speaker stage's
    lexicon, which imports this module, fails per story: error records, not a traceback)."""
    from .attribute.driver import compiled
    compiled(rules)


def _validate(data: dict) -> list[Rule]:
    from .attribute.filters import FILTERS
    from .attribute.matcher import PatternError, parse_pattern
    from .attribute.rules import shipped_strategy
    from .attribute.strategies import STRATEGIES
    rules, seen = [], set()
    cue_classes = {name for name, section in data.get("cues", {}).items()
                   if isinstance(section, dict) and "lemmas" in section}
    for raw in data.get("patterns", {}).get("rule", []):
        code = raw.get("code", "?")
        where = f"rule {code}"
        for key in ("code", "name", "kind", "description"):
            if not raw.get(key):
                raise RulesError(f"{where}: missing '{key}'")
        if not CODE.match(code):
            raise RulesError(f"{where}: code must look like two capital letters and three digits")
        if code in seen:
            raise RulesError(f"{where}: duplicate code")
        seen.add(code)
        if raw["kind"] not in KINDS:
            raise RulesError(f"{where}: unknown kind {raw['kind']!r} (one of {', '.join(KINDS)})")
        bad_keys = set(raw) - RULE_KEYS
        if bad_keys:
            raise RulesError(f"{where}: unknown key(s) {', '.join(sorted(bad_keys))} "
                             f"(known: {', '.join(sorted(RULE_KEYS))})")
        strategy = raw.get("strategy") or shipped_strategy(code)
        if strategy not in STRATEGIES:
            raise RulesError(f"{where}: unknown strategy {strategy!r} "
                             f"(one of {', '.join(STRATEGIES)})" if strategy else
                             f"{where}: missing 'strategy' (one of {', '.join(STRATEGIES)})")
        from_cue = STRATEGIES[strategy].from_cue
        filters = tuple(raw.get("filters", FILTERS if from_cue else ()))
        for name in filters:
            if name not in FILTERS:
                raise RulesError(f"{where}: unknown filter {name!r} (one of {', '.join(FILTERS)})")
        if not from_cue and raw.get("nodes"):
            raise RulesError(f"{where}: strategy {strategy!r} starts from a quotation and takes no nodes")
        try:
            pattern = parse_pattern(raw.get("nodes", ()), cue_classes, needs_cue=from_cue)
        except PatternError as exc:
            raise RulesError(f"{where}: {exc}") from None
        ex = raw.get("examples", {})
        rules.append(Rule(code, raw["name"], raw["kind"], raw["description"],
                          tuple(ex.get("pass", ())), tuple(ex.get("fail", ())), tuple(raw.get("nodes", ())),
                          strategy, filters, pattern))
    return rules
