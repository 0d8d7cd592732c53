"""SARIF 2.1.0 (code scanning)."""
from __future__ import annotations

import json
import os
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from .. import __version__
from ..checks import check_table
from ..errors import ErrorRecord, RulesError
from ..model import ArticleResult
from ..ruleset import Rules, load_rules

SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# where the codes are documented when the installed distribution names no Documentation URL
DOCUMENTATION_URL = "https://example.org/your-fork/attribution/blob/main/README.md"


def artifact_uri(path: str) -> str:
    """The path as given, as a URI reference: forward slashes, unsafe characters escaped;
    an absolute path becomes a file:// URI."""
    if os.name == "nt":
        w = PureWindowsPath(path)
        return w.as_uri() if w.is_absolute() else quote(w.as_posix(), safe="/")
    p = PurePosixPath(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(path, safe="/")


def load_checks(meta: dict) -> dict[str, dict]:
    """The checks of the rules named in ``meta`` (for callers that have no rules object)."""
    source = meta.get("rules")
    if source and source != "shipped":
        try:
            return check_table(load_rules(source))
        except (RulesError, OSError):
            pass
    return check_table(load_rules())


def first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end == -1 else text[: end + 1]


def help_uri(check: dict) -> str:
    """Where a code is documented: the check's own ``help_uri`` (a newsroom's style guide,
    from its rules folder), else the README's table of finding codes."""
    own = check.get("help_uri")
    return own if isinstance(own, str) and own else f"{documentation_url()}#finding-codes-attribution-check"


def documentation_url() -> str:
    """The ``Documentation`` URL of the installed distribution (pyproject's [project.urls])."""
    try:
        from importlib.metadata import metadata
        for entry in metadata("attribution-auditor").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() == "documentation" and url.strip():
                return url.strip()
    except Exception:       # not installed (a source tree on sys.path)
        pass
    return DOCUMENTATION_URL


def sarif_rule(check: dict) -> dict:
    description = check.get("description") or check.get("name") or check["code"]
    ex = check.get("examples") or {}
    examples = "".join([
        "\n\nFlagged:\n" + "\n".join(f"- {e}" for e in ex.get("fail", [])) if ex.get("fail") else "",
        "\n\nNot flagged:\n" + "\n".join(f"- {e}" for e in ex.get("pass", [])) if ex.get("pass") else ""])
    explain = f"Run 'attribution explain {check['code']}' for examples."
    rule = {
        "id": check["code"],
        "name": check.get("name", check["code"]),
        "shortDescription": {"text": first_sentence(description)},
        "fullDescription": {"text": description},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(check.get("severity", "warning"), "warning")},
        "helpUri": help_uri(check),
        "help": {"text": f"{description}{examples}\n\n{explain}",
                 "markdown": f"**{check['code']} {check.get('name', '')}**\n\n{description}{examples}\n\n{explain}"},
    }
    if ex:
        rule["properties"] = {"examples": {"flagged": list(ex.get("fail", [])),
                                           "not_flagged": list(ex.get("pass", []))}}
    return rule


def sarif_obj(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict,
              run_rules: Rules | None = None) -> dict:
    """``run_rules``: the rules the run used (a user's --rules folder may change the checks)."""
    checks = check_table(run_rules) if run_rules is not None else load_checks(meta)
    rules = [sarif_rule(c) for c in checks.values()]
    index = {r["id"]: i for i, r in enumerate(rules)}
    out_results = []
    notices: list[dict] = []
    for r in results:
        for n in r.directive_notices:
            notices.append({"level": "warning", "message": {"text": n.message},
                            "descriptor": {"id": "suppression-comment"},
                            "locations": [_location(n.path, n.line, n.column)]})
        for f in [*r.findings, *r.suppressed]:
            if f.code not in index:          # a code no rules file describes: describe it minimally
                index[f.code] = len(rules)
                rules.append({"id": f.code, "name": f.name, "shortDescription": {"text": f.name},
                              "defaultConfiguration": {"level": SARIF_LEVEL.get(f.severity, "warning")}})
            result = {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": SARIF_LEVEL.get(f.severity, "warning"),
                "message": {"text": f.message},
                "locations": [_location(f.path, f.line, f.column)],
            }
            if f.suppressed_by is not None:     # code scanning shows it as dismissed, not open
                result["suppressions"] = [{"kind": "inSource", "status": "accepted",
                                           "justification": f"suppression comment on line {f.suppressed_by}"}]
            out_results.append(result)
    notifications = notices + [{
        "level": "error",
        "message": {"text": e.message},
        "descriptor": {"id": e.code},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(e.path)}}}]
        if e.path else [],
    } for e in errors]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "attribution", "version": __version__,
                                "semanticVersion": __version__, "rules": rules}},
            "invocations": [{"executionSuccessful": not errors,
                             "toolExecutionNotifications": notifications}],
            "results": out_results,
            "properties": {"model": meta.get("model"), "rules": meta.get("rules")},
        }],
    }


def _location(path: str, line: int, column: int) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)},
                                 "region": {"startLine": max(1, int(line)), "startColumn": max(1, int(column))}}}


def render_sarif(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict,
                 run_rules: Rules | None = None) -> str:
    return json.dumps(sarif_obj(results, errors, meta, run_rules), indent=2, ensure_ascii=False) + "\n"
