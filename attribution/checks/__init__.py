"""Editorial checks (``attribution check``): findings with stable AC codes.

A check is one entry in rules/checks.toml (name, default severity, description, examples)
plus one module here named by its code (``AC001_anonymous_without_reason.py``) whose
``check`` yields :class:`Hit` values. The settings decide which checks run and at what
severity; a check that raises is reported under its own code and the others still run.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from types import ModuleType
from typing import cast, get_args

import attrs

from ..registry import coded_modules
from ..model import ArticleResult, Finding, Severity
from ..ruleset import Rules
from . import suppress
from .base import Hit

__all__ = ["SEVERITY_RANK", "CheckSettings", "Hit", "check_modules", "check_table", "run_checks", "worst"]

SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(get_args(Severity))}


@attrs.frozen
class CheckSettings:
    """Which checks run and how: ``enabled`` (when given) keeps only the listed codes,
    ``disabled`` drops codes, ``severity`` overrides a code's default severity."""
    enabled: frozenset[str] | None = None
    disabled: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = attrs.field(factory=dict)
    max_anonymous_share: float = 0.5

    @classmethod
    def configured(cls, check_codes: Iterable[str], enable: Iterable[str] | None = None,
                   disable: Iterable[str] | None = None, severity: Mapping[str, Severity] | None = None,
                   max_anonymous_share: float = 0.5) -> CheckSettings:
        """The settings of the check codes among configured codes (rule codes are the rules'):
        ``enable`` restricts the checks only when it lists a check code."""
        codes = set(check_codes)
        enabled = frozenset(c for c in enable or () if c in codes)
        return cls(enabled=enabled or None, disabled=frozenset(c for c in disable or () if c in codes),
                   severity={c: v for c, v in (severity or {}).items() if c in codes},
                   max_anonymous_share=max_anonymous_share)

    def runs(self, code: str, suppressed: frozenset[str] = frozenset()) -> bool:
        if self.enabled is not None and code not in self.enabled:
            return False
        return code not in self.disabled and code not in suppressed


def check_table(rules: Rules) -> dict[str, dict]:
    """code -> its entry in rules/checks.toml."""
    return {c["code"]: c for c in rules.data.get("checks", {}).get("check", [])}


@cache
def check_modules() -> dict[str, ModuleType]:
    """code -> module, for every check module in this package."""
    return coded_modules(__name__, __path__)


def _finding(spec: dict, result: ArticleResult, hit: Hit, severity: Severity) -> Finding:
    """A hit at its place in the source file (for HTML and .docx, not in the extracted text)."""
    art = result.article
    line, col = art.source_position(hit.offset)
    return Finding(spec["code"], spec["name"], severity, hit.message, art.path, line, col)


def run_checks(result: ArticleResult, rules: Rules, settings: CheckSettings | None = None) -> list[Finding]:
    """The findings of one article that no suppression comment hides; the hidden ones go to
    ``result.suppressed`` and comments naming an unknown code or hiding nothing to
    ``result.directive_notices``."""
    settings = settings or CheckSettings()
    table = check_table(rules)
    modules = check_modules()
    out: list[Finding] = []
    for code, spec in table.items():
        module = modules.get(code)
        if module is None or not settings.runs(code):
            continue
        severity = settings.severity.get(code) or cast(Severity, spec["severity"])
        try:
            hits = list(module.check(result, settings))
        except Exception as exc:  # a broken check is a finding of its own code, never a crash
            hits, severity = [Hit(0, f"the check failed on this article: {exc!r}")], "error"
        out.extend(_finding(spec, result, hit, severity) for hit in hits)
    rule_codes = {r.code for r in rules.rules}
    scope = {c for c, m in modules.items() if getattr(m, "SCOPE", "place") == "article"}
    kept, hidden, notices = suppress.apply(result.article, out, set(table) | rule_codes, scope, rule_codes)
    result.suppressed, result.directive_notices = hidden, notices
    return sorted(kept, key=lambda f: (f.line, f.column, f.code))


def worst(findings: list[Finding]) -> int:
    return max((SEVERITY_RANK[f.severity] for f in findings), default=-1)
