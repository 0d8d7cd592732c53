"""The speaker stage: story entities (entities.py), then each attribution's speaker typed
from them (resolve.py), with anonymity reasons from the source's own words (anonymity.py)."""
from .entities import Entity, StoryEntities
from .lexicon import Lexicon, lexicon_for
from .resolve import Resolver, resolve_speakers

__all__ = ["Entity", "Lexicon", "Resolver", "StoryEntities", "lexicon_for", "resolve_speakers"]
