# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT108 headline-cue: "Mayor Says Budget Cuts Will Spare Libraries".

A headline in title case is parsed badly (every word looks like a proper noun), so it is
read on the surface: the cue word, the name before it and the words after it.

**Anti-pattern** (caught)::

    Mayor Says Budget Cuts Will Spare Libraries
    -> indirect, cue "Says", mention "Mayor", content "Budget Cuts Will Spare Libraries"

    Jane Roe Calls Harbour Plan 'A Disaster'
    -> partial, cue "Calls", mention "Jane Roe"

    'Worst Client Ever', Jane Roe Says
    -> the words before the comma, credited to Jane Roe

**Best practice** (left alone: no cue word, or not a title-case headline)::

    Budget Cuts Will Spare Libraries
    The Latest: Budget Talks Resume In The City

Strategy ``headline``: the article's first paragraph is one sentence with most words
capitalised; a capitalised word one of whose lemmas belongs to a cue class of
``[headline] classes`` (rules/cues.toml), at most six capitalised words before it (the
source) and at least two words of content after it, or, when the cue closes the headline
after a comma, the words before the comma.
"""
from ..strategies import Headline

CODE = "AT108"


class Rule(Headline):
    """AT108 runs the headline strategy as it is."""
