"""One module per rule code: ``AT101_cue_with_complement.py`` and so on.

A rule is one entry in rules/patterns.toml plus, for a shipped rule, one module here.
The module's docstring says what the rule catches (anti-pattern) and what it leaves
alone (best practice), with expected output; its ``Rule`` class is the strategy the rule
runs (a subclass of one in strategies.py, where a rule needs behaviour of its own). A
user's rule with a new code needs no module: its data names a strategy.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..strategies import Strategy

MODULE_NAME = re.compile(r"^(?P<code>[A-Z]{2}\d{3})_[a-z0-9_]+$")


@cache
def rule_modules() -> dict[str, ModuleType]:
    """code -> module, for every rule module in this package."""
    out = {}
    for info in pkgutil.iter_modules(__path__):
        m = MODULE_NAME.match(info.name)
        if m:
            module = importlib.import_module(f"{__name__}.{info.name}")
            if getattr(module, "CODE", None) != m.group("code"):
                raise ImportError(f"{info.name}: CODE must be {m.group('code')}")
            out[m.group("code")] = module
    return out


def shipped_strategy(code: str) -> str | None:
    """The strategy a shipped rule module runs (a user's entry for that code may leave
    ``strategy`` out)."""
    module = rule_modules().get(code)
    return module.Rule.name if module is not None else None


def strategy_class(code: str, strategy: str) -> type[Strategy]:
    """The class that runs a rule: its module's ``Rule`` when it runs the strategy the data
    names, else the generic strategy."""
    from ..strategies import STRATEGIES
    module = rule_modules().get(code)
    if module is not None and module.Rule.name == strategy:
        return module.Rule
    return STRATEGIES[strategy]
