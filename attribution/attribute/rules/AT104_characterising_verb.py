# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT104 characterising-verb: a verb that characterises, with quoted words or an 'as'.

**Anti-pattern** (caught)::

    The militia slammed the attacks as "illegal military acts".
    -> partial, cue "slammed", mention "The militia",
       content 'slammed the attacks as "illegal military acts"'

    a decision campaigners described as short-sighted and cruel
    -> cue "described", mention "campaigners"

**Best practice** (left alone: no characterisation)::

    Pompeo called Iraqi President Barham Saleh last week.

Strategy ``characterising``: the verb phrase from the cue, run on to a quotation that
follows within six words; it counts only with a quotation or a characterising marker
("as"), not with a reflexive object ("described himself as") and never passive ("was
called \"Fortress\"": a name). With a particle and an infinitive it needs neither:
"called on the governor to resign".
"""
from ..strategies import Characterising

CODE = "AT104"


class Rule(Characterising):
    """AT104 runs the characterising strategy as it is."""
