# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT201 quotation-after-cue: a quotation introduced by its cue clause.

**Anti-pattern** (caught)::

    Another said: "The honeymoon is over."
    -> direct, cue "said", mention "Another", content "The honeymoon is over."

**Best practice** (left alone: scare quotes, no cue)::

    The so-called "humanitarian pause" collapsed.

Strategy ``quote-after``: the unused quotation that starts right after the cue clause
in the same paragraph, with only punctuation or a complementiser between them, or that
opens the next paragraph after a cue clause ending in a colon ("The mayor told the
council:" + a quotation paragraph). A quotation that only opens the reported clause takes
the rest of the sentence with it ('said that "a bomb" had gone off in the city'). A colon
that ends a phrase the cue governs, a few words on, introduces the quotation after it
('The mayor recalled the two-year freeze on council wages: "..."'), unless the quotation
ends in a comma (its own cue clause follows it).
"""
from ..strategies import QuoteAfter

CODE = "AT201"


class Rule(QuoteAfter):
    """AT201 runs the quote-after strategy as it is."""
