"""Loading and validating the rules folder (TOML data).

The shipped rules are the package ``attribution.rules`` (the repository's top-level
``rules/`` folder). ``--rules DIR`` points at a user's folder: each of its files
extends the shipped file of the same name (tables are merged key by key; a rule with a
shipped code replaces it; ``[[rule]]`` entries with new codes are added).
"""
from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import attrs

from .errors import RulesError  # one error hierarchy (errors.py); re-exported here

RULE_FILES = ("cues.toml", "patterns.toml", "roles.toml", "affiliations.toml",
              "anonymity.toml", "pronouns.toml", "checks.toml")
NODE_KEYS = {"id", "cue_class", "not_cue_class", "lemma", "lower", "upos", "parent", "child", "rel", "side", "optional"}
CODE = re.compile(r"^[A-Z]{2}\d{3}$")


@attrs.frozen
class Rule:
    code: str
    name: str
    kind: str
    description: str
    examples_pass: tuple[str, ...]
    examples_fail: tuple[str, ...]
    nodes: tuple[dict, ...] = ()


@attrs.frozen
class Rules:
    data: dict
    rules: tuple[Rule, ...]
    source: str

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
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{label}: invalid TOML: {exc}") from None


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        if key == "rule" and isinstance(value, list):
            by_code = {r.get("code"): r for r in out.get("rule", [])}
            for r in value:
                by_code[r.get("code")] = r
            out["rule"] = list(by_code.values())
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_rules(user_dir: str | Path | None = None) -> Rules:
    shipped = _shipped_dir()
    data: dict = {}
    for name in RULE_FILES:
        f = shipped / name
        data[name.removesuffix(".toml")] = _read_toml(f, f"rules/{name}") if f.is_file() else {}
    source = "shipped"
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
                data[key] = _merge(data.get(key, {}), _read_toml(f, str(f)))
        source = str(folder)
    return Rules(data, tuple(_validate(data)), source)


def _validate(data: dict) -> list[Rule]:
    rules, seen = [], set()
    cue_classes = set(data.get("cues", {}))
    for raw in data.get("patterns", {}).get("rule", []):
        code = raw.get("code", "?")
        where = f"rule {code}"
        for key in ("code", "name", "kind", "description"):
            if not raw.get(key):
                raise RulesError(f"{where}: missing '{key}'")
        if not CODE.match(code):
            raise RulesError(f"{where}: code must look like AT101")
        if code in seen:
            raise RulesError(f"{where}: duplicate code")
        seen.add(code)
        if raw["kind"] not in ("dependency", "quote"):
            raise RulesError(f"{where}: unknown kind {raw['kind']!r}")
        ex = raw.get("examples", {})
        nodes = tuple(raw.get("nodes", ()))
        ids = {n.get("id") for n in nodes}
        for n in nodes:
            bad = set(n) - NODE_KEYS
            if bad:
                raise RulesError(f"{where}: unknown node key(s) {', '.join(sorted(bad))}")
            for link in ("parent", "child"):
                if link in n and n[link] not in ids:
                    raise RulesError(f"{where}: node {n.get('id')} links to unknown node {n[link]}")
            for cls in n.get("cue_class", ()):
                if cls not in cue_classes:
                    raise RulesError(f"{where}: unknown cue class {cls!r}")
        if raw["kind"] == "dependency" and "cue" not in ids:
            raise RulesError(f"{where}: a dependency rule needs a 'cue' node")
        rules.append(Rule(code, raw["name"], raw["kind"], raw["description"],
                          tuple(ex.get("pass", ())), tuple(ex.get("fail", ())), nodes))
    return rules
