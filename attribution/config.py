"""Configuration: [tool.attribution] in pyproject.toml or attribution.toml, overridden by
flags; ``--config FILE`` replaces the files found. One schema (:data:`SCHEMA`) validates
configuration keys and the flags that set the same values.

Which file, for the run: the repository's (found walking up from the current folder, where
CI runs) wins over one found walking up from a story, because in CI the stories come from
pull requests: a story folder's own ``attribution.toml`` must not switch the gate off. A
file inside the audited tree applies only where the repository's sets
``allow_nested_config``, and then on top of it. With no repository configuration, the
story's file applies (stories audited from elsewhere). A ``pyproject.toml`` that cannot be
parsed is an error.

Which file, for each story (as ruff does): the story's nearest file, under the same rule.
Only the keys of :data:`STORY_KEYS` (what a story is checked against) may differ from story
to story; the others (model, cache, format, jobs, exclusions, the exit level) are the run's.
A nested file the repository does not allow may still make the gate stricter for its
stories (:func:`stricter`): a lower ``max_anonymous_share``, a higher ``severity``.
Relative paths (``rules``, ``cache_dir``) are relative to the file that sets them.
"""
from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from .errors import ConfigError, UsageError

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
DEFAULT_SHARE = 0.5


def _share(value: float) -> str | None:
    return None if 0 <= value <= 1 else "must be between 0 and 1"         # nan compares false


def _positive(value: float) -> str | None:
    return None if math.isfinite(value) and value > 0 else "must be a positive number"


def _at_least_one(value: int) -> str | None:
    return None if value >= 1 else "must be at least 1"


def _severity(value: str) -> str | None:
    return None if value in SEVERITIES else "must be info, warning or error"


def _strings(value: list) -> str | None:
    return None if all(isinstance(v, str) for v in value) else "must be a list of strings"


def _severity_table(value: dict) -> str | None:
    for code, level in value.items():
        if level not in SEVERITIES:
            return f"of {code} must be info, warning or error"
    return None


@attrs.frozen
class Key:
    """One setting: its type, the flag that sets the same value, a test of its value
    (returns what is wrong, or None) and whether a story's nearest file may set it."""
    kind: type
    flag: str | None = None
    check: Callable[[Any], str | None] | None = None
    per_story: bool = False
    path: bool = False                        # a path, relative to the file that sets it
    also: tuple = ()                          # words accepted besides the kind ('auto')


SCHEMA: dict[str, Key] = {
    "max_anonymous_share": Key(float, "--max-anonymous-share", _share, per_story=True),
    "fail_on": Key(str, "--fail-on", _severity),
    "enable": Key(list, "--enable", _strings, per_story=True),
    "disable": Key(list, "--disable", _strings, per_story=True),
    "severity": Key(dict, None, _severity_table, per_story=True),
    "rules": Key(str, "--rules", per_story=True, path=True),
    "model": Key(str, "--model"),
    "cache_dir": Key(str, "--cache-dir", path=True),
    "no_cache": Key(bool, "--no-cache"),
    "max_size_mb": Key(float, "--max-size", _positive),
    "format": Key(str, "--format"),
    "jobs": Key(int, "--jobs", _at_least_one, also=("auto",)),
    "exclude": Key(list, "--exclude", _strings),
    "extend_exclude": Key(list, None, _strings),
    "allow_nested_config": Key(bool),
}
KEYS = {name: key.kind for name, key in SCHEMA.items()}
STORY_KEYS = tuple(name for name, key in SCHEMA.items() if key.per_story)


def _wrong(name: str, value: Any) -> tuple[Any, str | None]:
    """``value`` as the key's type (an integer is a float), and what is wrong with it."""
    key = SCHEMA[name]
    if isinstance(value, str) and value in key.also:
        return value, None
    if key.kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    # bool is an int to Python: 'jobs = true' must not be one process
    if not isinstance(value, key.kind) or (isinstance(value, bool) and key.kind is not bool):
        article = "an" if key.kind.__name__[0] in "aeiou" else "a"
        return value, f"must be {article} {key.kind.__name__}"
    return value, key.check(value) if key.check else None


def check_value(name: str, value: Any, where: str) -> Any:
    """A configuration value, validated by the schema; raises :class:`ConfigError`."""
    value, wrong = _wrong(name, value)
    if wrong:
        raise ConfigError(f"{where}: '{name}' {wrong}")
    return value


def check_flag(name: str, value: Any) -> Any:
    """A flag's value, validated by the same schema as the key; raises :class:`UsageError`."""
    value, wrong = _wrong(name, value)
    if wrong:
        raise UsageError(f"{SCHEMA[name].flag} {wrong} (got {value!r})")
    return value


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
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:      # not UTF-8: one line, not a traceback
        raise ConfigError(f"{f}: cannot read configuration: {exc}") from None
    except OSError:
        return False
    tool = data.get("tool", {})
    return isinstance(tool, dict) and "attribution" in tool


@attrs.frozen
class FoundConfig:
    """The configuration that applies: its values, and where each layer came from."""
    values: dict[str, Any]
    path: Path | None = None                 # the file whose 'rules' path is relative to it
    layers: tuple[Path, ...] = ()
    ignored: Path | None = None              # a nested file the repository does not allow
    origin: dict[str, Path] = attrs.field(factory=dict)     # key -> the file that set it

    def relative(self, name: str, default: str | None = None) -> Path | None:
        """The path a key names, relative to the file that set it (``default`` as given)."""
        value = self.values.get(name)
        if not value:
            return Path(default) if default else None
        where = self.origin.get(name)
        return where.parent / value if where is not None else Path(value)


def resolve_config(explicit: str | Path | None, story: Path, known_codes: set[str],
                   cwd: Path | None = None) -> FoundConfig:
    """The configuration for a story (see the module docstring for which file wins)."""
    if explicit:
        return layered(Path(explicit), None, known_codes)
    return layered(find_config(cwd or Path.cwd()), find_config(story), known_codes)


def layered(repo: Path | None, nested: Path | None, known_codes: set[str],
            load: Callable[[Path], dict[str, Any]] | None = None) -> FoundConfig:
    """The repository's file ``repo`` and a story's nearest file ``nested``, layered."""
    def read(path: Path) -> dict[str, Any]:
        return load(path) if load else load_config(path, known_codes)

    if repo is None:
        if nested is None:
            return FoundConfig({})
        values = read(nested)
        return FoundConfig(values, nested, (nested,), origin=dict.fromkeys(values, nested))
    base = read(repo)
    origin = dict.fromkeys(base, repo)
    if nested is None or nested.resolve() == repo.resolve():
        return FoundConfig(base, repo, (repo,), origin=origin)
    if not base.get("allow_nested_config", False):
        return FoundConfig(base, repo, (repo,), ignored=nested, origin=origin)
    extra = read(nested)
    origin.update(dict.fromkeys(extra, nested))
    return FoundConfig({**base, **extra}, nested if "rules" in extra else repo, (repo, nested), origin=origin)


def stricter(values: dict[str, Any], untrusted: dict[str, Any],
             default_severity: dict[str, str]) -> dict[str, Any]:
    """``values`` with what of ``untrusted`` (a nested file the repository does not allow)
    only makes the gate stricter: a lower ``max_anonymous_share``, a higher ``severity``
    (``default_severity``: each code's severity where ``values`` sets none)."""
    out = dict(values)
    share = untrusted.get("max_anonymous_share")
    if share is not None and share < values.get("max_anonymous_share", DEFAULT_SHARE):
        out["max_anonymous_share"] = share
    severity = dict(values.get("severity", {}))
    for code, level in untrusted.get("severity", {}).items():
        current = severity.get(code) or default_severity.get(code, "warning")
        if SEVERITY_RANK[level] > SEVERITY_RANK.get(current, 0):
            severity[code] = level
    if severity:
        out["severity"] = severity
    return out


def load_config(path: Path | None, known_codes: set[str]) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    if Path(path).name == "pyproject.toml":
        data = data.get("tool", {}).get("attribution", {})
    elif "tool" in data and "attribution" in data["tool"]:
        data = data["tool"]["attribution"]
    return validate(data, str(path), known_codes)


def validate(data: dict[str, Any], where: str, known_codes: set[str]) -> dict[str, Any]:
    """The values of one file, checked against :data:`SCHEMA` (``extend-exclude`` is
    ``extend_exclude``: either spelling)."""
    out: dict[str, Any] = {}
    for raw, value in data.items():
        key = raw.replace("-", "_")
        if key not in SCHEMA:
            raise ConfigError(f"{where}: unknown configuration key '{raw}' "
                              f"(known: {', '.join(sorted(SCHEMA))})")
        if key in out:
            raise ConfigError(f"{where}: '{key}' is given twice")
        out[key] = check_value(key, value, where)
    for key in ("enable", "disable"):
        for code in out.get(key, []):
            if code not in known_codes:
                raise ConfigError(f"{where}: unknown code '{code}' in '{key}'")
    for code in out.get("severity", {}):
        if code not in known_codes:
            raise ConfigError(f"{where}: unknown code '{code}' in 'severity'")
    return out
