"""Editorial checks: findings with stable codes, read from rules/checks.toml."""
from __future__ import annotations

from .model import ANONYMOUS, ArticleResult, Finding
from .ruleset import Rules

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def check_table(rules: Rules) -> dict[str, dict]:
    return {c["code"]: c for c in rules.data.get("checks", {}).get("check", [])}


def _finding(table: dict, code: str, result: ArticleResult, offset: int, message: str, severity=None) -> Finding:
    spec = table[code]
    art = result.article
    line = art.line_of(offset)
    col = offset - (art.text.rfind("\n", 0, offset) + 1) + 1
    return Finding(code, spec["name"], severity or spec["severity"], message, art.path, line, col)


def run_checks(result: ArticleResult, rules: Rules, settings: dict) -> list[Finding]:
    table = check_table(rules)
    enabled = settings.get("enabled") or set(table)
    disabled = set(settings.get("disabled") or ()) | set(result.article.suppressed)
    active = {c for c in enabled if c in table and c not in disabled}
    severities = settings.get("severity", {})
    out: list[Finding] = []

    def add(code, offset, message):
        if code in active:
            out.append(_finding(table, code, result, offset, message, severities.get(code)))

    flagged_sources = set()
    for a in result.attributions:
        sp = a.speaker
        if sp.cls in ANONYMOUS and not sp.anonymity_reason and sp.source_id not in flagged_sources:
            flagged_sources.add(sp.source_id)
            like = f" (like '{sp.resolved}')" if sp.resolved and sp.mention and sp.resolved != sp.mention else ""
            add("AC001", a.start, f"anonymous source '{sp.mention or sp.resolved}'{like} has no reason given "
                                  "for anonymity nor a description of what they know")
        if a.kind == "direct" and sp.cls == "unattributed":
            add("AC003", a.start, f"direct quotation with no speaker: \u201c{a.content[:60]}\u201d")
    share = result.summary.get("anonymous_share", 0.0)
    limit = float(settings.get("max_anonymous_share", 0.5))
    if result.summary.get("attributed") and share > limit:
        add("AC002", 0, f"anonymous share {share:.2f} is above the threshold {limit:.2f} "
                        f"({result.summary['anonymous']} of {result.summary['attributed']} attributions)")
    for q in result.quotes:
        if not q.closed:
            add("AC004", q.outer.start, "quotation mark opened here is never closed in its paragraph")
    for notice in result.article.warnings:
        if notice.kind == "not_english":
            add("AC005", 0, notice.message)
    return sorted(out, key=lambda f: (f.line, f.code))


def worst(findings: list[Finding]) -> int:
    return max((SEVERITY_RANK[f.severity] for f in findings), default=-1)
