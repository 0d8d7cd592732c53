"""Helpers of the CI gate tests (tests/test_gate_*.py): runs of the command line with no model."""
from __future__ import annotations

from attribution.model import Parse

MODEL_ID = "test-model@0"


def no_parses(monkeypatch) -> None:
    """Parsing returns no sentences: quotations (AC004) are still found, nothing needs Stanza."""
    import attribution.engine
    import attribution.parse.pipeline
    import attribution.parsing
    import attribution.research.corpus

    def parse_texts(articles, spec=None):
        return [Parse((), MODEL_ID) for _ in articles]

    for mod in (attribution.parse.pipeline, attribution.parsing, attribution.engine):
        monkeypatch.setattr(mod, "parse_texts", parse_texts)
    monkeypatch.setattr(attribution.research.corpus, "model_identity", lambda spec=None: MODEL_ID)
    monkeypatch.setattr(attribution.parse.pipeline, "check_model", lambda spec=None: None)


# a story with one AC004 (line 5) and nothing a parse would be needed for
UNCLOSED = "Council votes\n\nThe council met on Monday.\n\nIt said \"we will win.\n"
