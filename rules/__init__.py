"""The shipped rules, as data (TOML). Installed as ``attribution.rules``."""
