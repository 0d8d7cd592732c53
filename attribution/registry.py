"""One module per code: the rule (AT1xx) and check (AC0xx) packages find their modules the
same way, by file name (``AT101_cue_with_complement.py``), each declaring its ``CODE``."""
from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from types import ModuleType

MODULE_NAME = re.compile(r"^(?P<code>[A-Z]{2}\d{3})_[a-z0-9_]+$")


def coded_modules(package: str, path: Iterable[str]) -> dict[str, ModuleType]:
    """code -> module, for every module of ``package`` (at ``path``) named by a code."""
    out = {}
    for info in pkgutil.iter_modules(path):
        m = MODULE_NAME.match(info.name)
        if m:
            module = importlib.import_module(f"{package}.{info.name}")
            if getattr(module, "CODE", None) != m.group("code"):
                raise ImportError(f"{info.name}: CODE must be {m.group('code')}")
            out[m.group("code")] = module
    return out
