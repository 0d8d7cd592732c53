"""Settings of one run: the configuration file's values overridden by flags, as one typed record."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, cast

import attrs

from ..checks import CheckSettings, check_table
from ..config import resolve_config
from ..errors import UsageError
from ..model import Severity
from ..output import FORMATS
from ..output.text import one_line
from ..read import DEFAULT_MAX_BYTES
from ..ruleset import Rules, load_rules

DEFAULT_CACHE = ".attribution-cache"


@attrs.frozen
class Settings:
    """Everything a command needs to know about how to run (flags win over the file)."""
    rules: Rules                    # configured: enable/disable/severity of AT codes applied
    checks: CheckSettings           # the same for AC codes, and the AC002 threshold
    format: str = "table"
    model: str | None = None
    cache_dir: str = DEFAULT_CACHE
    no_cache: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1
    fail_on: Severity = "warning"
    config_path: Path | None = None

    def for_story(self, path: str) -> tuple[Rules, CheckSettings]:
        """The rules and checks a story is audited with (its nearest configuration's)."""
        return self.rules, self.checks


def _codes(flag: str, value: str | None, known: set[str]) -> list[str] | None:
    if not value:
        return None
    listed = [c.strip() for c in value.split(",") if c.strip()]
    unknown = [c for c in listed if c not in known]
    if unknown:
        raise UsageError(f"unknown code(s) in --{flag}: {', '.join(unknown)}")
    return listed


def settings_for(args: argparse.Namespace) -> Settings:
    """Configuration file values overridden by flags."""
    rules_flag = getattr(args, "rules", None)
    rules = load_rules(rules_flag)
    checks = check_table(rules)
    codes = set(checks) | {r.code for r in rules.rules}
    first = next((p for p in getattr(args, "paths", []) if p != "-"), ".")
    found = resolve_config(getattr(args, "config", None), Path(first), codes)
    if found.ignored is not None and not getattr(args, "quiet", False):
        print(f"attribution: warning: ignoring {one_line(str(found.ignored))}: the repository's configuration "
              f"{one_line(str(found.path))} does not set allow_nested_config", file=sys.stderr)
    cfg, cfg_path = found.values, found.path
    if cfg.get("rules") and not rules_flag:
        base = cfg_path.parent if cfg_path else Path(".")
        rules = load_rules(base / cfg["rules"])

    def pick(flag: str, key: str) -> Any:
        value = getattr(args, flag, None)
        return value if value is not None else cfg.get(key)

    jobs = cfg.get("jobs", 1) if getattr(args, "jobs", 1) == 1 else args.jobs   # --jobs 1 is the default
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    fmt = pick("format", "format") or "table"
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    enable = _codes("enable", getattr(args, "enable", None), codes) or cfg.get("enable")
    disable = _codes("disable", getattr(args, "disable", None), codes) or cfg.get("disable")
    severity = cast(dict[str, Severity], cfg.get("severity", {}))
    share = pick("max_anonymous_share", "max_anonymous_share")
    size_mb = pick("max_size", "max_size_mb")
    return Settings(
        rules=rules.configured(enable, disable, severity),    # AT codes reach the rules
        checks=CheckSettings.configured(checks, enable, disable, severity,
                                        0.5 if share is None else float(share)),
        format=fmt,
        model=pick("model", "model"),
        cache_dir=pick("cache_dir", "cache_dir") or DEFAULT_CACHE,
        no_cache=bool(getattr(args, "no_cache", False) or cfg.get("no_cache", False)),
        max_bytes=int(size_mb * 1024 * 1024) if size_mb else DEFAULT_MAX_BYTES,
        jobs=jobs,
        fail_on=pick("fail_on", "fail_on") or "warning",
        config_path=cfg_path,
    )
