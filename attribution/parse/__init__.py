"""The parse stage: the Stanza pipeline, CoNLL-U and the parse cache (the only stage that touches torch)."""
