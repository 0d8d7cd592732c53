# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT202 quotation-before-cue: a quotation followed by its cue clause.

**Anti-pattern** (caught)::

    "The Americans are angry," one Iraqi official told AFP.
    -> direct, cue "told", mention "one Iraqi official", content "The Americans are angry,"

**Best practice** (left alone: no cue clause)::

    "Derby day" was trending.

Strategy ``quote-before``: the unused quotation that ends right before the cue clause
(with a comma, "!", "?" or a dash at its end or after it); a quotation right after the
cue clause joins it ('"...," he said, "..."').
"""
from ..strategies import QuoteBefore

CODE = "AT202"


class Rule(QuoteBefore):
    """AT202 runs the quote-before strategy as it is."""
