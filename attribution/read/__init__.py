"""The read stage: story files (txt, md, html, docx) to :class:`~attribution.model.Article`.

A bad file is an :class:`~attribution.errors.InputError` (a record in the report), never a crash.
"""
from .documents import (DEFAULT_MAX_BYTES, STORY_EXTENSIONS, article_from_bytes, article_from_text,
                        read_article, read_bounded)
from .walk import DEFAULT_EXCLUDE, Walk, find_stories

__all__ = ["DEFAULT_EXCLUDE", "DEFAULT_MAX_BYTES", "STORY_EXTENSIONS", "Walk", "article_from_bytes",
           "article_from_text", "find_stories", "read_article", "read_bounded"]
