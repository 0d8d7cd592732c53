"""Settings of one run: the configuration file's values overridden by flags, as one typed record,
and each story's own where its nearest configuration differs (:class:`StoryConfigs`)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, cast

import attrs

from ..checks import CheckSettings, check_table
from ..config import (DEFAULT_SHARE, SCHEMA, STORY_KEYS, FoundConfig, check_flag, find_config, layered,
                      load_config, resolve_config, stricter)
from ..errors import UsageError
from ..model import Severity
from ..output import FORMATS
from ..output.text import one_line
from ..read import DEFAULT_EXCLUDE, DEFAULT_MAX_BYTES, Walk
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
    jobs: int | None = None         # None: auto (parse/threads.py auto_jobs)
    fail_on: Severity = "warning"
    config_path: Path | None = None
    walk: Walk = Walk()             # what folder walks skip (exclude, .gitignore files)
    stories: StoryConfigs | None = attrs.field(default=None, eq=False, repr=False)

    def for_story(self, path: str) -> tuple[Rules, CheckSettings]:
        """The rules and checks a story is audited with (its nearest configuration's)."""
        own = self.stories.settings_of(path) if self.stories is not None else None
        return own or (self.rules, self.checks)


def _codes(flag: str, value: str | None, known: set[str]) -> list[str] | None:
    if not value:
        return None
    listed = [c.strip() for c in value.split(",") if c.strip()]
    unknown = [c for c in listed if c not in known]
    if unknown:
        raise UsageError(f"unknown code(s) in --{flag}: {', '.join(unknown)}")
    return listed


def flag_values(args: argparse.Namespace, codes: set[str]) -> dict[str, Any]:
    """The flags given, as configuration keys, validated by the configuration's schema."""
    out: dict[str, Any] = {}
    for key, spec in SCHEMA.items():
        if spec.flag is None:
            continue
        value = getattr(args, spec.flag.removeprefix("--").replace("-", "_"), None)
        if value is None or value is False:
            continue
        if key in ("enable", "disable"):
            value = _codes(key, value, codes)
            if value is None:
                continue
        out[key] = check_flag(key, value)
    return out


def _story_values(found: FoundConfig) -> dict[str, Any]:
    """What a story is checked against: the per-story keys of ``found`` (``rules`` as the
    path it names, relative to the file that names it)."""
    values = {k: found.values[k] for k in STORY_KEYS if k in found.values}
    if "rules" in values:
        values["rules"] = str(found.relative("rules"))
    return values


def _identity(values: dict[str, Any]) -> tuple:
    return tuple((k, tuple(sorted(v.items())) if isinstance(v, dict) else tuple(v) if isinstance(v, list) else v)
                 for k, v in sorted(values.items()))


class StoryConfigs:
    """Each story's nearest configuration (as ruff does), resolved once per folder, and the
    rules and checks it gives where they differ from the run's. A nested file the
    repository does not allow only makes the gate stricter (:func:`~attribution.config.stricter`)."""

    def __init__(self, run: tuple, repo: Path | None, codes: set[str], flags: dict[str, Any],
                 default_severity: dict[str, str], quiet: bool):
        self.run = run                 # the identity of the run's own values
        self.repo, self.codes, self.flags = repo, codes, flags
        self.default_severity, self.quiet = default_severity, quiet
        self._nearest: dict[Path, Path | None] = {}
        self._loaded: dict[Path, dict[str, Any]] = {}
        self._built: dict[tuple, tuple[Rules, CheckSettings] | None] = {}
        self._rules: dict[str | None, Rules] = {}
        self.warned: set[Path] = set()

    def _load(self, path: Path) -> dict[str, Any]:
        if path not in self._loaded:
            self._loaded[path] = load_config(path, self.codes)
        return self._loaded[path]

    def values_of(self, path: str) -> dict[str, Any]:
        """The per-story values for the story at ``path``."""
        folder = Path(path).resolve().parent
        if folder not in self._nearest:
            self._nearest[folder] = find_config(folder)
        return self.effective(layered(self.repo, self._nearest[folder], self.codes, self._load))

    def effective(self, found: FoundConfig) -> dict[str, Any]:
        """The per-story keys of ``found``, made stricter by the nested file it ignores (if
        any), then the flags (which win over every file)."""
        values = _story_values(found)
        if found.ignored is not None:
            self.warn(found)
            values = stricter(values, self._load(found.ignored), self.default_severity)
        values.update({k: v for k, v in self.flags.items() if k in STORY_KEYS})
        return values

    def settings_of(self, path: str) -> tuple[Rules, CheckSettings] | None:
        """The story's rules and checks, or None where the run's apply."""
        if path in ("-", "<stdin>"):
            return None
        values = self.values_of(path)
        key = _identity(values)
        if key == self.run:
            return None
        if key not in self._built:
            self._built[key] = configured(self.rules_at(values.get("rules")), values)
        return self._built[key]

    def rules_at(self, folder: str | None) -> Rules:
        if folder not in self._rules:
            self._rules[folder] = load_rules(folder)
        return self._rules[folder]

    def warn(self, found: FoundConfig) -> None:
        if self.quiet or found.ignored is None or found.ignored in self.warned:
            return
        self.warned.add(found.ignored)
        print(f"attribution: warning: ignoring {one_line(str(found.ignored))} except what makes the gate "
              f"stricter (a lower max_anonymous_share, a higher severity): the repository's configuration "
              f"{one_line(str(found.path))} does not set allow_nested_config", file=sys.stderr)


def configured(rules: Rules, values: dict[str, Any]) -> tuple[Rules, CheckSettings]:
    """``rules`` and their checks under per-story ``values`` (enable, disable, severity, share)."""
    enable, disable = values.get("enable"), values.get("disable")
    severity = cast(dict[str, Severity], values.get("severity", {}))
    share = values.get("max_anonymous_share")
    return (rules.configured(enable, disable, severity),     # AT codes reach the rules
            CheckSettings.configured(check_table(rules), enable, disable, severity,
                                     DEFAULT_SHARE if share is None else float(share)))


def ignore_files_within(explicit: bool, repo_values: dict[str, Any] | None, repo: Path | None) -> Path | None:
    """Where folder walks may read .gitignore files: everywhere, unless a trusted file (the
    repository's, or ``--config``) does not allow nested configuration; then only in the
    repository's folder (the current folder for ``--config``) and above, as for
    configuration files: a pull request must not hide its stories with a .gitignore beside them."""
    if explicit:
        return Path.cwd()
    if repo is None or repo_values is None or repo_values.get("allow_nested_config", False):
        return None
    return repo.resolve().parent


def settings_for(args: argparse.Namespace) -> Settings:
    """Configuration file values overridden by flags."""
    rules_flag = getattr(args, "rules", None)
    base_rules = load_rules(rules_flag)
    checks = check_table(base_rules)
    codes = set(checks) | {r.code for r in base_rules.rules}
    flags = flag_values(args, codes)
    explicit = getattr(args, "config", None)
    first = next((p for p in getattr(args, "paths", []) if p != "-"), ".")
    found = resolve_config(explicit, Path(first), codes)
    cfg = found.values
    default_severity = {**{c: spec["severity"] for c, spec in checks.items()},
                        **{r.code: "warning" for r in base_rules.rules}}
    repo = None if explicit else find_config(Path.cwd())
    stories = StoryConfigs((), repo, codes, flags, default_severity,
                           bool(getattr(args, "quiet", False)))
    run_values = stories.effective(found)
    stories.run = _identity(run_values)
    rules = base_rules if rules_flag or not run_values.get("rules") else stories.rules_at(run_values["rules"])
    stories._rules.setdefault(run_values.get("rules"), rules)
    run_rules, run_checks = configured(rules, run_values)

    def pick(key: str) -> Any:
        return flags[key] if key in flags else cfg.get(key)

    fmt = pick("format") or "table"
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    size_mb = pick("max_size_mb")
    if "cache_dir" in flags:
        cache_dir = flags["cache_dir"]
    else:
        cache_dir = str(found.relative("cache_dir", DEFAULT_CACHE))
    exclude = tuple(cfg.get("exclude", DEFAULT_EXCLUDE)) + tuple(cfg.get("extend_exclude", ()))
    where = found.origin.get("exclude") or found.origin.get("extend_exclude")
    exclude_root = where.parent if where is not None else Path.cwd()
    return Settings(
        rules=run_rules,
        checks=run_checks,
        format=fmt,
        model=pick("model"),
        cache_dir=cache_dir,
        no_cache=bool(flags.get("no_cache") or cfg.get("no_cache", False)),
        max_bytes=int(size_mb * 1024 * 1024) if size_mb else DEFAULT_MAX_BYTES,
        jobs=None if pick("jobs") in (None, "auto") else pick("jobs"),
        fail_on=pick("fail_on") or "warning",
        config_path=found.path,
        walk=Walk(exclude, exclude_root, tuple(flags.get("exclude", ())), ignore_files_within=ignore_files_within(
            bool(explicit), stories._load(repo) if repo else None, repo)),
        stories=None if explicit else stories,      # --config applies to every story
    )


def configured_cache_dir(explicit: str | None = None) -> str:
    """The parse cache folder the configuration names (relative to the file that names it),
    for a command that reads no stories (``cache clear``)."""
    rules = load_rules()
    codes = set(check_table(rules)) | {r.code for r in rules.rules}
    return str(resolve_config(explicit, Path("."), codes).relative("cache_dir", DEFAULT_CACHE))
