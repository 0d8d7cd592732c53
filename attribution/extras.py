"""Install hints that work: the packages an optional feature needs, as pip would take them.

The distribution is not on any package index, so a hint naming ``attribution-auditor[plots]``
would fail; a hint names the extra's own requirements (``pip install 'matplotlib>=3.7'``),
read from the installed distribution's metadata (pyproject.toml's optional-dependencies),
and, from a source checkout, the editable install of the extra.
"""
from __future__ import annotations

import re

DISTRIBUTION = "attribution-auditor"
# pyproject.toml's [project.optional-dependencies], for a source tree that was never installed
# (tests/test_gate_install.py keeps the two the same)
FALLBACK: dict[str, tuple[str, ...]] = {
    "dask": ("dask[distributed]>=2024.1",),
    "plots": ("matplotlib>=3.7",),
    "train": ("gensim>=4.3", "wordfreq>=3.1", "transformers>=4.40"),
}
_EXTRA_MARKER = re.compile(r"""\s*;\s*extra\s*==\s*["']([^"']+)["']\s*$""")


def requirements(extra: str) -> tuple[str, ...]:
    """The requirements of one extra of the installed distribution (the fallback when not installed)."""
    try:
        from importlib.metadata import PackageNotFoundError, requires
        listed = requires(DISTRIBUTION)
    except (ImportError, PackageNotFoundError):
        listed = None
    if not listed:
        return FALLBACK.get(extra, ())
    out = []
    for req in listed:
        m = _EXTRA_MARKER.search(req)
        if m and m.group(1) == extra:
            out.append(req[:m.start()].strip().replace(" ", ""))
    return tuple(out) or FALLBACK.get(extra, ())


def install_hint(extra: str) -> str:
    """``pip install 'REQ' ...`` for the extra (or the editable install of the extra in a checkout)."""
    reqs = requirements(extra)
    return "pip install " + " ".join(f"'{r}'" for r in reqs) + f" (from a checkout: pip install -e '.[{extra}]')"
