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


def sarif_rule(check: dict) -> dict:
    description = check.get("description") or check.get("name") or check["code"]
    rule = {
        "id": check["code"],
        "name": check.get("name", check["code"]),
        "shortDescription": {"text": first_sentence(description)},
        "fullDescription": {"text": description},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(check.get("severity", "warning"), "warning")},
        "help": {"text": f"{description}\n\nRun 'attribution explain {check['code']}' for examples."},
    }
    ex = check.get("examples") or {}
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
    for r in results:
        for f in r.findings:
            if f.code not in index:          # a code no rules file describes: describe it minimally
                index[f.code] = len(rules)
                rules.append({"id": f.code, "name": f.name, "shortDescription": {"text": f.name},
                              "defaultConfiguration": {"level": SARIF_LEVEL.get(f.severity, "warning")}})
            out_results.append({
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": SARIF_LEVEL.get(f.severity, "warning"),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(f.path)},
                    "region": {"startLine": max(1, int(f.line)), "startColumn": max(1, int(f.column))},
                }}],
            })
    notifications = [{
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


def render_sarif(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict,
                 run_rules: Rules | None = None) -> str:
    return json.dumps(sarif_obj(results, errors, meta, run_rules), indent=2, ensure_ascii=False) + "\n"
