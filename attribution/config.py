"""Configuration layers: [tool.attribution] in pyproject.toml or attribution.toml (found by
walking up from the first story), overridden by --config FILE, overridden by flags."""
from __future__ import annotations

import tomllib
from pathlib import Path

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
        return "attribution" in tomllib.loads(f.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False


def load_config(path: Path | None, known_codes: set[str]) -> dict:
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


def validate(data: dict, where: str, known_codes: set[str]) -> dict:
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
