# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT204 quotation-beside-subject-verb: a quotation next to '<subject> <verb>', any verb.

The cue lexicon decides only for reported speech without quotation marks; a quotation
right beside a bare subject and verb is that subject's words whatever the verb.

**Anti-pattern** (caught)::

    "We will never give up," he exclaimed.
    -> direct, cue "exclaimed", mention "he", content "We will never give up"

    "Why now?" the senator fumed.
    -> direct, cue "fumed", mention "the senator", content "Why now?"

**Best practice** (left alone: the subject is inside the quotation, or the clause says more
than who spoke)::

    "The Crown" returns to television next week.

Strategy ``quote-beside``: the sentence outside its quotations is only the subject (with
its relative clause or appositive: '"...," read the statement, which was issued by the
union'), the verb and bare modifiers (relations ``bare_cue_clause``: "he shot back"); the
quotation ends right before the clause, or follows it after a colon. After a quotation of
three words or more the verb may also say how it was said (relations
``manner_of_speaking``: '"Oh, my God," a young woman exclaimed upon seeing him').
"""
from ..strategies import QuoteBeside

CODE = "AT204"


class Rule(QuoteBeside):
    """AT204 runs the quote-beside strategy as it is."""
