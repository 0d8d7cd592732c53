# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT203 quotation-continues: a quotation with no cue right after an attributed one.

**Anti-pattern** (caught)::

    "We played well," he said.

    "But not enough. We have to do better next week."
    -> direct, no cue, the speaker of the quotation before ("he"),
       content "But not enough. We have to do better next week."

**Best practice** (left alone: a title in quotation marks, not a sentence)::

    The report was called "Fortress".

Strategy ``continuation``: a whole-sentence quotation of three words or more, in the same
paragraph as a direct attribution before it or the next one; or opening the sentence right
after any attribution's own sentence in the same paragraph (reported speech, then the
speaker's quotation: 'Doe said the wording was "careful". "If we touch the treaty, ..."'),
or opening the paragraph after one that ends on an attribution (the carry-over of a
speaker introduced just before).
"""
from ..strategies import Continuation

CODE = "AT203"


class Rule(Continuation):
    """AT203 runs the continuation strategy as it is."""
