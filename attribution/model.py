"""The data that flows between the stages, as ``attrs`` classes.

read (documents) -> parse (parsing) -> quotes -> attribute -> speakers -> summary -> report/checks

Every character offset refers to ``Article.text``: the decoded text of the input
(for Markdown, the file's text; for HTML and .docx, the extracted article text).
"""
from __future__ import annotations

import bisect
import re
from operator import attrgetter
from typing import Literal

import attrs

from .errors import Notice

KINDS = ("direct", "partial", "indirect")
CLASSES = ("named person", "named organisation", "document", "anonymous individual",
           "anonymous group", "unattributed")
ANONYMOUS = frozenset({"anonymous individual", "anonymous group"})
SEVERITIES = ("info", "warning", "error")
Severity = Literal["info", "warning", "error"]


_START = attrgetter("start")


@attrs.frozen
class Span:
    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start:self.end]

    def __len__(self) -> int:
        return max(0, self.end - self.start)


@attrs.frozen
class SourceMap:
    """Where the characters of an extracted text (HTML, .docx) sit in the source file.

    ``runs`` are ``(text offset, line, column)`` in text order; inside a run each character
    of the text is one column further on the same source line. For HTML, lines and columns
    are the page's; for .docx (which has no lines) ``line`` is the paragraph number in the
    document (1-based, empty paragraphs and table cells counted) and ``column`` the
    character in that paragraph. ``directives`` are the suppression comments of the source
    (markup the extraction drops), as ``(line, column, end line, next line with text, body)``.
    """
    unit: Literal["line", "paragraph"] = "line"
    runs: tuple[tuple[int, int, int], ...] = ()
    directives: tuple[tuple[int, int, int, int, str], ...] = ()

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, column) in the source of the character at ``offset`` of the text."""
        if not self.runs:
            return 1, 1
        i = max(0, bisect.bisect_right(self.runs, (offset, 1 << 62, 0)) - 1)
        start, line, column = self.runs[i]
        return line, column + max(0, offset - start)


@attrs.frozen
class Article:
    """A story as read from disk.

    ``clean`` has exactly the length of ``text``: markup, hard wraps and other
    non-prose characters are blanked to spaces, so offsets found in ``clean``
    are offsets into ``text``.
    """
    path: str
    text: str
    clean: str
    paragraphs: tuple[Span, ...]
    metadata: dict = attrs.field(factory=dict, hash=False)
    warnings: tuple[Notice | RuleWarning, ...] = ()   # records with .kind and .message
    suppressed: frozenset[str] = frozenset()
    # HTML and .docx: where the extracted text came from (None: the text is the source)
    source_map: SourceMap | None = attrs.field(default=None, eq=False)

    def source_position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) in the source file of the character at ``offset``."""
        if self.source_map is not None:
            return self.source_map.position(offset)
        offset = max(0, min(offset, len(self.text)))
        return self.line_of(offset), offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def paragraph_of(self, offset: int) -> int:
        """The paragraph holding ``offset`` (the last one when none does). Paragraphs are in
        text order and disjoint: a binary search, so the rules stay linear in long stories."""
        i = bisect.bisect_right(self.paragraphs, offset, key=_START) - 1
        if i >= 0 and offset < self.paragraphs[i].end:
            return i
        return max(0, len(self.paragraphs) - 1)

    def line_of(self, offset: int) -> int:
        if len(self.text) < LINE_INDEX_FROM:
            return self.text.count("\n", 0, max(0, offset)) + 1
        # a long story: the line starts once, then a binary search per offset (counting
        # from the top for every attribution was quadratic in the story's length)
        return bisect.bisect_right(_newlines(self.text), max(0, offset) - 1) + 1


LINE_INDEX_FROM = 20_000
_NEWLINES: dict[int, tuple[str, list[int]]] = {}


def line_starts(text: str) -> list[int]:
    """The offset at which each line of ``text`` begins."""
    return [0, *(n + 1 for n in _newlines(text))]


def _newlines(text: str) -> list[int]:
    """The offsets of the newlines of ``text`` (a few recent texts kept)."""
    hit = _NEWLINES.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    if len(_NEWLINES) >= 8:
        _NEWLINES.clear()
    offsets = [m.start() for m in re.finditer("\n", text)]
    _NEWLINES[id(text)] = (text, offsets)
    return offsets


@attrs.frozen
class Word:
    """One syntactic word of Stanza's parse, with absolute character offsets."""
    index: int          # 1-based within its sentence
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int           # 0 for the root
    deprel: str
    start: int
    end: int


@attrs.frozen
class Sentence:
    words: tuple[Word, ...]
    start: int
    end: int
    paragraph: int

    def word(self, index: int) -> Word:
        return self.words[index - 1]

    def children(self, index: int) -> list[Word]:
        return [w for w in self.words if w.head == index]

    def subtree(self, index: int, skip: frozenset[str] = frozenset()) -> list[Word]:
        """Words dominated by ``index`` (itself included), not entering ``skip`` relations."""
        out, todo = [], [index]
        while todo:
            i = todo.pop()
            out.append(self.word(i))
            todo.extend(w.index for w in self.words
                        if w.head == i and w.deprel not in skip and w.index != i)
        return sorted(out, key=lambda w: w.index)


@attrs.frozen
class Parse:
    """Sentences in text order, their words' offsets never going back (the cache checks it):
    offsets are found by binary search, not by walking every sentence."""
    sentences: tuple[Sentence, ...]
    model_id: str

    def sentences_over(self, start: int, end: int) -> range:
        """Indexes of the sentences that may hold a word starting in [start, end): a few more
        than those (the sentence before ``start`` too), never fewer."""
        lo = bisect.bisect_left(self.sentences, start, key=_START)
        return range(max(0, lo - 1), bisect.bisect_left(self.sentences, end, key=_START))

    def sentences_at(self, offset: int, slack: int = 0) -> list[int]:
        """Indexes, in text order, of the sentences with ``start <= offset < end + slack``."""
        out = []
        k = bisect.bisect_right(self.sentences, offset, key=_START) - 1
        while k >= 0 and offset < self.sentences[k].end + slack:
            out.append(k)
            k -= 1
        return out[::-1]


@attrs.frozen
class Quote:
    """A quotation found by the scanner: ``outer`` includes the marks, ``inner`` does not."""
    outer: Span
    inner: Span
    closed: bool = True
    style: str = "double"


@attrs.define
class Speaker:
    mention: str | None = None
    mention_span: Span | None = None
    resolved: str | None = None
    name: str | None = None
    cls: str = "unattributed"
    role: str | None = None
    affiliation: str | None = None
    speaker_type: str = "unattributed"
    source_id: str | None = None
    anonymity_reason: str | None = None
    number: str = "singular"   # singular | plural


@attrs.define
class Attribution:
    """One piece of content credited to a source through a cue."""
    content: str
    content_spans: list[Span]
    kind: str
    cue: str | None
    cue_span: Span | None
    rule: str
    sentence: int
    speaker: Speaker = attrs.field(factory=Speaker)
    optional: bool = False
    strategy: str | None = None  # the content strategy of the rule that found it (continuation, ...)

    @property
    def start(self) -> int:
        return min(s.start for s in self.content_spans)

    @property
    def end(self) -> int:
        return max(s.end for s in self.content_spans)

    def word_count(self) -> int:
        return len(self.content.split())


@attrs.frozen
class RuleWarning:
    """A rule that raised on an article, reported under the rule's own code; the article
    still reports (without that rule's attributions). Travels with the article's notices."""
    code: str
    reason: str
    severity: str = "warning"
    kind: str = "rule_failed"

    @property
    def message(self) -> str:
        return f"{self.code}: {self.reason}"

    def __str__(self) -> str:
        return self.message


@attrs.define
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int = 1
    column: int = 1
    span: Span | None = None
    suppressed_by: int | None = None    # the line of the suppression comment that hid it


@attrs.frozen
class DirectiveNotice:
    """A suppression comment that names an unknown code or suppressed nothing."""
    path: str
    line: int
    column: int
    message: str


@attrs.define
class ArticleResult:
    """Everything the report needs about one article."""
    article: Article
    attributions: list[Attribution]
    parse: Parse | None = None
    quotes: list[Quote] = attrs.field(factory=list)
    findings: list[Finding] = attrs.field(factory=list)
    summary: dict = attrs.field(factory=dict)
    error: str | None = None
    suppressed: list[Finding] = attrs.field(factory=list)           # hidden by suppression comments
    directive_notices: list[DirectiveNotice] = attrs.field(factory=list)
