"""One module per rule code: ``AT101_cue_with_complement.py`` and so on.

A rule is one entry in rules/patterns.toml plus, for a shipped rule, one module here.
The module's docstring says what the rule catches (anti-pattern) and what it leaves
alone (best practice), with expected output; its ``Rule`` class is the strategy the rule
runs (a subclass of one in strategies.py, where a rule needs behaviour of its own). A
user's rule with a new code needs no module: its data names a strategy.
"""
from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from ...registry import coded_modules

if TYPE_CHECKING:
    from ..strategies import Strategy


@cache
def rule_modules() -> dict[str, ModuleType]:
    """code -> module, for every rule module in this package."""
    return coded_modules(__name__, __path__)


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
