"""Configuration layers: [tool.attribution] in pyproject.toml or attribution.toml, overridden
by flags; ``--config FILE`` replaces the files found.

Which file: the repository's (found walking up from the current folder, where CI runs) wins
over one found walking up from the first story, because in CI the stories come from pull
requests: a story folder's own ``attribution.toml`` must not switch the gate off. A file
inside the audited tree applies only where the repository's sets ``allow_nested_config``,
and then on top of it. With no repository configuration, the story's file applies (stories
audited from elsewhere). A ``pyproject.toml`` that cannot be parsed is an error.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs

from .errors import ConfigError

KEYS = {
    "max_anonymous_share": float,
    "fail_on": str,
    "enable": list,
    "disable": list,
    "severity": dict,
    "rules": str,
    "model": str,
    "cache_dir": str,
    "no_cache": bool,
    "max_size_mb": float,
    "format": str,
    "jobs": int,
    "allow_nested_config": bool,
}


def find_config(start: Path) -> Path | None:
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in [here, *here.parents]:
        for name in ("attribution.toml", "pyproject.toml"):
            f = folder / name
            if f.is_file() and (name == "attribution.toml" or _has_tool_table(f)):
                return f
    return None


def _has_tool_table(f: Path) -> bool:
    try:
        data = tomllib.loads(f.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{f}: cannot read configuration: {exc}") from None
    except OSError:
        return False
    tool = data.get("tool", {})
    return isinstance(tool, dict) and "attribution" in tool


@attrs.frozen
class FoundConfig:
    """The configuration that applies to a run: its values, and where each layer came from."""
    values: dict[str, Any]
    path: Path | None = None                 # the file whose 'rules' path is relative to it
    layers: tuple[Path, ...] = ()
    ignored: Path | None = None              # a nested file the repository does not allow


def resolve_config(explicit: str | Path | None, first_story: Path, known_codes: set[str],
                   cwd: Path | None = None) -> FoundConfig:
    """The configuration for a run (see the module docstring for which file wins)."""
    if explicit:
        path = Path(explicit)
        return FoundConfig(load_config(path, known_codes), path, (path,))
    repo = find_config(cwd or Path.cwd())
    story = find_config(first_story)
    if repo is None:
        return FoundConfig(load_config(story, known_codes), story, (story,) if story else ())
    base = load_config(repo, known_codes)
    if story is None or story.resolve() == repo.resolve():
        return FoundConfig(base, repo, (repo,))
    if not base.get("allow_nested_config", False):
        return FoundConfig(base, repo, (repo,), ignored=story)
    nested = load_config(story, known_codes)
    rules_from = story if "rules" in nested else repo
    return FoundConfig({**base, **nested}, rules_from, (repo, story))


def load_config(path: Path | None, known_codes: set[str]) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    if Path(path).name == "pyproject.toml":
        data = data.get("tool", {}).get("attribution", {})
    elif "tool" in data and "attribution" in data["tool"]:
        data = data["tool"]["attribution"]
    return validate(data, str(path), known_codes)


def validate(data: dict[str, Any], where: str, known_codes: set[str]) -> dict[str, Any]:
    for key, value in data.items():
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown configuration key '{key}' "
                              f"(known: {', '.join(sorted(KEYS))})")
        want = KEYS[key]
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
            data[key] = value
        if not isinstance(value, want):
            raise ConfigError(f"{where}: '{key}' must be a {want.__name__}")
    for key in ("enable", "disable"):
        for code in data.get(key, []):
            if code not in known_codes:
                raise ConfigError(f"{where}: unknown code '{code}' in '{key}'")
    for code, sev in data.get("severity", {}).items():
        if code not in known_codes:
            raise ConfigError(f"{where}: unknown code '{code}' in 'severity'")
        if sev not in ("info", "warning", "error"):
            raise ConfigError(f"{where}: severity of {code} must be info, warning or error")
    if "fail_on" in data and data["fail_on"] not in ("info", "warning", "error"):
        raise ConfigError(f"{where}: fail_on must be info, warning or error")
    share = data.get("max_anonymous_share")
    if share is not None and not 0 <= share <= 1:
        raise ConfigError(f"{where}: max_anonymous_share must be between 0 and 1")
    return data
