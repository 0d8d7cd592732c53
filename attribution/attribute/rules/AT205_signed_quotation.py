# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT205 signed-quotation: a quotation signed with a dash and a name.

Readers' comments and testimonials end with their author's name after a dash.

**Anti-pattern** (caught)::

    "The new bridge has changed my commute completely." \u2015 Maria Lopez
    -> direct, cue "\u2015", mention "Maria Lopez",
       content "The new bridge has changed my commute completely."

**Best practice** (left alone: no name after the dash)::

    "The new bridge has changed my commute completely." \u2015 and it has.

Strategy ``signed``: a whole-sentence quotation of three words or more followed, to the
end of its paragraph, by a dash and at most eight words that start with a capital and
hold a proper noun. It is tried before the continuation rule: a signed quotation is its
signer's, not the previous speaker's.
"""
from ..strategies import Signed

CODE = "AT205"


class Rule(Signed):
    """AT205 runs the signed strategy as it is."""
