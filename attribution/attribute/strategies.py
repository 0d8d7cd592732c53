"""Content strategies: what a rule does once its nodes have matched.

A rule in rules/patterns.toml names one strategy (``strategy = "complement"``); the
rule whose strategy finds content is the rule recorded. Strategies that start from a
cue word (:class:`CueStrategy`) get the match of the rule's nodes (``cue``, ``source``,
``content`` and any other node the strategy reads); strategies that start from a
quotation no cue claimed (:class:`QuoteStrategy`) get the quotation.

To add a strategy: subclass one of the two bases, give it a ``name`` and list it in
:data:`STRATEGY_CLASSES`; a rule then names it in data.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

import attrs

from ..model import Attribution, Quote, Sentence, Span, Word
from . import shapes as sh
from .context import Context, fold
from .matcher import Match, cue_of

if TYPE_CHECKING:
    from ..ruleset import Rule


@attrs.frozen
class Content:
    """What a strategy found: spans of the article, their kind, and quotations it credits."""
    spans: list[Span]
    kind: str
    quotes: tuple[int, ...] = ()


def clause(ctx: Context, spans: list[Span]) -> Content | None:
    """Reported speech in the words of the article: spans widened to whole quotations."""
    if not spans:
        return None
    spans = [sh.widen_to_quotes(ctx, s) for s in spans]
    return Content(spans, sh.kind_of(ctx, spans))


def bounds(core: list[Word]) -> tuple[int, int]:
    return min(w.start for w in core), max(w.end for w in core)


class Strategy:
    name: ClassVar[str]
    from_cue: ClassVar[bool]
    #: node ids the strategy reads besides cue/source/content (documented for rule writers)
    reads: ClassVar[tuple[str, ...]] = ()

    def __init__(self, rule: Rule):
        self.rule = rule


class CueStrategy(Strategy):
    """Content found from a cue word. Subclasses override the hooks they need."""
    from_cue = True

    def mention(self, ctx: Context, sent: Sentence, match: Match) -> list[Word]:
        return sh.speech_mention(ctx, sent, cue_of(match), match.get("source"))

    def cue_phrase(self, match: Match) -> list[Word]:
        """The cue word and the nodes marked ``in_cue``, in text order."""
        words = [cue_of(match)] + [w for n in self.rule.pattern.nodes if n.in_cue
                                   and (w := match.get(n.id)) is not None]
        return sorted(words, key=lambda w: w.index)

    def core(self, ctx: Context, sent: Sentence, match: Match, mention: list[Word]) -> list[Word]:
        extra = [w for w in self.cue_phrase(match) if w is not cue_of(match)]
        return sh.core_words(ctx, sent, cue_of(match), mention, extra)

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        raise NotImplementedError

    def cue_text(self, ctx: Context, sent: Sentence, match: Match) -> str:
        return " ".join(w.text for w in self.cue_phrase(match))

    def attribute(self, ctx: Context, sent_index: int, sent: Sentence, match: Match) -> Attribution | None:
        cue = cue_of(match)
        mention = self.mention(ctx, sent, match)
        core = self.core(ctx, sent, match, mention)
        found = self.content(ctx, sent, match, core)
        if found is None:
            return None
        spans = [s for s in (sh.trim(ctx, s, found.kind) for s in found.spans) if len(s)]
        if not spans:
            return None
        ctx.used_quotes.update(found.quotes)
        a = Attribution(content=" ".join(fold(ctx.text[s.start:s.end]) for s in spans), content_spans=spans,
                        kind=found.kind, cue=self.cue_text(ctx, sent, match), cue_span=Span(cue.start, cue.end),
                        rule=self.rule.code, sentence=sent_index, speaker=sh.speaker_from(ctx, mention),
                        strategy=self.name)
        if found.kind == "direct":
            join_continuation(ctx, a)
        for qi in {i for sp in a.content_spans for i in ctx.quotes_between(sp.start, sp.end + 1)}:
            q = ctx.quotes[qi]
            if any(sp.start <= q.inner.start and q.inner.end <= sp.end + 1 for sp in a.content_spans):
                ctx.used_quotes.add(qi)
        return a


# -- quotations next to the cue clause --------------------------------------------------------

class QuoteBefore(CueStrategy):
    """'"...," one official told AFP': the quotation before the cue clause (and one after
    it too: '"...," he said, "..."'); with the words of its sentence before it when the
    quotation only ends the reported clause ('The bill's failure was "heartbreaking," she
    said')."""
    name = "quote-before"

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        start, end = bounds(core)
        before, after = sh.adjacent_quotes(ctx, start, end, sent.paragraph)
        if before is None:
            return None
        cue = cue_of(match)
        opens = not any(w.end <= ctx.quotes[before].outer.start and w.upos != "PUNCT" for w in sent.words)
        if after is None and not opens and any(c.deprel in ctx.lex.reported_rels and c.start > cue.end
                                               and not ctx.in_quote(c) and not sh.misattached_relative(ctx, sent, cue, c)
                                               for c in sent.children(cue.index)):
            return None                # 'On "Meet the Press," X said the talks had failed': AT101's clause
        chosen = tuple(q for q in (before, after) if q is not None)
        lead = sh.words_leading_to_quote(ctx, sent, ctx.quotes[before])
        if lead and after is None:
            # 'The bill's failure was "heartbreaking," she said': the quotation only ends the
            # reported clause, which the cue credits whole
            found = clause(ctx, [Span(lead[0].start, ctx.quotes[before].outer.end)])
            if found is not None:
                return Content(found.spans, found.kind, (before,))
        return Content([ctx.quotes[q].inner for q in chosen], "direct", chosen)


class QuoteAfter(CueStrategy):
    """'Another said: "..."': the quotation right after the cue clause; with the rest of
    the sentence when the quotation only opens the reported clause ('said "a bomb" had
    gone off'); or after a colon that ends a phrase the cue governs, a few words on
    ('recalled the pay freeze: "..."')."""
    name = "quote-after"

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        start, end = bounds(core)
        _, after = sh.adjacent_quotes(ctx, start, end, sent.paragraph)
        if after is None:
            # 'recalled the two-year freeze on council wages: "..."': what the cue names, a
            # colon, then the quotation
            introduced = sh.colon_quote(ctx, sent, end, sh.MAX_COLON_GAP_WORDS_SPEECH)
            if introduced is None or sh.quote_continues(ctx, introduced):
                return None
            return Content([ctx.quotes[introduced].inner], "direct", (introduced,))
        q = ctx.quotes[after]
        tail = sh.clause_after_quote(ctx, sent, cue_of(match), q)
        if tail:
            # 'X said that "a bomb" had gone off': the quotation opens the reported clause
            found = clause(ctx, [Span(q.outer.start, tail[-1].end)])
            if found is not None:
                return Content(found.spans, found.kind, (after,))
        return Content([q.inner], "direct", (after,))


class QuoteBeside(CueStrategy):
    """'"...," he exclaimed' / '"...?" the senator fumed' / 'He went on: "..."': a quotation
    right next to a bare '<subject> <verb>' clause is that subject's, whatever the verb.
    The clause must be the whole sentence outside the quotations: the subject (after an
    inverted verb the parser may call it the object), the verb
    and its bare modifiers (relations ``bare_cue_clause``), the subject's own relative clause
    or appositive, and after a quotation the verb's phrases of manner (relations
    ``manner_of_speaking``: '"Oh, my God," a woman exclaimed upon seeing him'), nothing
    else; a quotation after it needs a colon between them. A clause with a subject before
    its verb that ends in a colon introduces the quotation after it, however long ('X made
    the following comment:'), unless that quotation ends in a comma: its own cue follows
    ('X defends his record: "...," the senator says.')."""
    name = "quote-beside"
    #: a slogan quoted in a longer sentence ('"Fortress Europe," the minister repeated in a
    #: speech') is no sign of speech; a sentence of the speaker's is
    MIN_MANNER_QUOTE_WORDS: ClassVar[int] = 3

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        cue = cue_of(match)
        source = match.get("source")
        if source is None or ctx.in_quote(source):      # a word of the quotation the parser took for one
            source = sh.subject_of(ctx, sent, cue)
        if source is None or ctx.in_quote(source) or source.upos not in sh.NOMINAL:
            return None
        if source.index > cue.index and not sh.inverted(ctx, sent, cue):
            return None                        # '"...," continued Smith' is parsed with an object
        start, end = bounds(core)
        introduced = sh.colon_quote(ctx, sent, end)
        if introduced is not None and source.index < cue.index and cue.deprel not in ctx.lex.relative_clause_rels \
                and not sh.quote_continues(ctx, introduced):
            return Content([ctx.quotes[introduced].inner], "direct", (introduced,))   # 'X made this comment: "..."'
        before, after = sh.adjacent_quotes(ctx, start, end, sent.paragraph)
        if after is not None and ":" not in ctx.text[end:ctx.quotes[after].outer.start] \
                and not self.comma_introduced(ctx, sent, source, cue, end, ctx.quotes[after]):
            after = None
        # the subject's own words ('the statement, which was issued by the union'); after a
        # quotation, what the verb says of the speaking ('exclaimed upon seeing him')
        clause_words = {cue.index} | {w.index for w in sent.subtree(source.index)} \
            | {w.index for w in self.mention(ctx, sent, match)}
        manner = sh.manner_of_speaking(ctx, sent, cue) \
            if before is not None and after is None and self.MIN_MANNER_QUOTE_WORDS <= len(
                fold(ctx.text[ctx.quotes[before].inner.start:ctx.quotes[before].inner.end]).split()) else set()
        for w in sent.words:
            if w.index in clause_words or w.index in manner or ctx.in_quote(w) or w.upos == "PUNCT":
                continue
            if w.head == cue.index and w.deprel in ctx.lex.bare_cue_clause_rels:
                continue
            return None
        chosen = tuple(q for q in (before, after) if q is not None)
        if not chosen:
            return None
        return Content([ctx.quotes[q].inner for q in chosen], "direct", chosen)

    @staticmethod
    def comma_introduced(ctx: Context, sent: Sentence, source: Word, cue: Word, end: int, quote: Quote) -> bool:
        """'She continued, "..."': a comma introduces the quotation as a colon does when the
        clause (subject first) opens the sentence and the quotation ends it."""
        if source.index > cue.index or ctx.text[end:quote.outer.start].strip() != ",":
            return False
        if any(w.end <= source.start and w.upos != "PUNCT" for w in sent.words):
            return False
        return not any(w.start >= quote.outer.end and w.upos != "PUNCT" for w in sent.words)


# -- reported clauses -------------------------------------------------------------------------

def own_clause(ctx: Context, sent: Sentence, rest: list[Word]) -> bool:
    """The words after the cue hold a finite verb with its own subject among them."""
    rest_idx = {w.index for w in rest}
    for w in rest[:8]:
        if not sh.finite(w):
            continue
        head = w.index if w.upos == "VERB" else (w.head or w.index)
        if any(c.deprel in ctx.lex.subject_rels and c.index in rest_idx for c in sent.children(head)):
            return True
    return False


class Complement(CueStrategy):
    """'X said (that) Y': the clause after the cue clause. Reads the optional nodes
    ``content`` (the cue's clausal complement) and ``governor`` (a head the cue hangs
    from: then a subject before the cue does not make the rest its complement)."""
    name = "complement"
    reads = ("governor",)

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        cue, comp = cue_of(match), match.get("content")
        start, end = bounds(core)
        rest = sh.before_comment(ctx, sh.within_cue_clause(ctx, sent, cue, sh.in_relative_clause(
            ctx, sent, cue, sh.before_shared_cue(ctx, sent, cue, sh.rest_after(ctx, sent, end)))))
        before = [w for w in sent.words if w.end <= start]
        adjunct = bool(rest) and sh.is_adjunct(rest[0]) and "," in ctx.text[end:rest[0].start]
        if comp is not None and comp.start >= end and rest and not (adjunct and before):
            # 'told a friend on a regular basis that ...': the complement starts after its
            # own complementiser, whatever the parser attached before it
            mark = next((w for w in rest if w.head == comp.index and w.text.lower() in ctx.lex.complementisers
                         and w.start < comp.start), None)
            if mark is not None and mark is not rest[0]:
                rest = [w for w in rest if w.start > mark.start]
            if sh.parenthetical(ctx, sent, before, start, end, rest):
                return None            # 'His downfall, diplomats said, could be ...': AT102's, parenthetical
            if sh.misattached_relative(ctx, sent, cue, comp):
                return None            # '"...," said X, who stressed that ...': the source's relative clause
            return clause(ctx, [sh.span_of(rest)])
        if (comp is None and sh.passive(ctx, sent, cue)) or sh.addressed_subject(ctx, sent, cue):
            return None                        # 'X, who was posted at the embassy', 'X was asked if ...'
        if comp is not None and before and rest and adjunct:
            return None                        # 'Y, the people said, asking ...': trailing
        if comp is None and rest and (sh.relative_gap(ctx, sent, cue, rest) or sh.question_after(ctx, rest)):
            return clause(ctx, [sh.span_of(rest)])     # 'which judges said discriminated ...', 'asked whether ...'
        if rest and ctx.text[end:rest[0].start].strip().lower() in ctx.lex.complementisers and not before:
            return clause(ctx, [sh.span_of(rest)])
        if comp is None and match.get("governor") is None and not sh.trailing_shape(ctx, sent, cue) \
                and rest and sh.leading_subject(ctx, sent, cue) and not sh.is_adjunct(rest[0]) \
                and rest[0].upos in ("DET", "NOUN", "PROPN", "PRON", "NUM", "ADJ") and own_clause(ctx, sent, rest):
            return clause(ctx, [sh.span_of(rest)])     # 'Officials say the deal is close' misparsed
        if comp is None and (match.get("governor") is None or sh.comma_participle(sent, cue)) and rest \
                and not sh.trailing_shape(ctx, sent, cue) and ctx.lemma_in(cue, ctx.lex.clause_takers) and rest[0].upos in sh.CLAUSE_STARTS \
                and (match.get("source") is not None or sh.leading_subject(ctx, sent, cue)
                     or sh.shared_cue(ctx, sent, cue) is not None) \
                and sh.verb_within(rest):
            return clause(ctx, [sh.span_of(rest)])     # 'X said the two raised $5m': the parser found no clause
        infinitive = sh.infinitive_of(ctx, sent, cue)
        if comp is None and infinitive:
            return clause(ctx, [Span(cue.start, infinitive[-1].end)])   # 'vowed to punish ...'
        after = sh.before_comment(ctx, sh.within_cue_clause(ctx, sent, cue, sh.in_relative_clause(
            ctx, sent, cue, sh.before_shared_cue(ctx, sent, cue, sh.after_that(ctx, sent, end)))))
        if after and not sh.cue_is_trailing(before, after):
            return clause(ctx, [sh.span_of(after)])
        thing = sh.object_said(ctx, sent, cue) or sh.topic_said(ctx, sent, cue)
        if comp is None and thing:
            return clause(ctx, [sh.span_of(thing)])     # 'has denied any wrongdoing', 'complained about X'
        if comp is None and not rest and (match.get("source") is not None or sh.leading_subject(ctx, sent, cue)):
            block = sh.block_quoted_paragraph(ctx, sent, end)
            if block is not None:
                return Content([block], "indirect")     # 'The governor added:' and his words set apart
        return None


class Trailing(CueStrategy):
    """'Y, officials said.' / 'Y, X said, Z': the sentence around the cue clause. Reads the
    optional nodes ``content`` (the head the cue hangs from) and ``complement`` (a clausal
    complement of the cue: 'His downfall, diplomats said, could be a nightmare')."""
    name = "trailing"
    reads = ("complement",)

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        cue, comp, head = cue_of(match), match.get("complement"), match.get("content")
        if sh.passive(ctx, sent, cue) and cue.deprel in ctx.lex.relative_clause_rels:
            return None                        # 'The clerk, who was posted to the embassy, ...'
        if comp is None and head is not None and sh.as_clause(ctx, sent, cue):
            # 'As the minister noted, the talks will resume': the clause the 'as' clause modifies
            inside = {w.index for w in sent.subtree(cue.index)}
            words = [w for w in sent.words if w.index not in inside and w.text not in sh.SENTENCE_END]
            left = [w for w in words if w.end <= cue.start]
            right = [w for w in words if w.start >= cue.end]
            spans = [sh.span_of(x) for x in (left, right) if len([w for w in x if w.upos != "PUNCT"]) >= sh.MIN_CLAUSE_TAIL]
            return clause(ctx, spans) if spans else None
        start, end = bounds(core)
        rest = sh.before_comment(ctx, sh.rest_after(ctx, sent, end))
        before = [w for w in sent.words if w.end <= start]
        if comp is not None and before and rest and sh.is_adjunct(rest[0]):
            return clause(ctx, [sh.span_of(before)])
        if comp is None and head is None and not sh.trailing_shape(ctx, sent, cue):
            return None
        if comp is None and head is not None and not (sh.trailing_shape(ctx, sent, cue)
                                                      or sh.inverted_with_source(ctx, sent, cue)):
            return None                        # ', denied involvement': a second predicate
        if comp is not None and not before:
            return None
        spans = []
        if before:
            spans.append(sh.span_of(before))
        if rest and not sh.is_adjunct(rest[0]):
            spans.append(sh.span_of(rest))
        return clause(ctx, spans)


class AccordingTo(CueStrategy):
    """'Y, according to X': X (the words after the cue phrase) is the source of the rest
    of the sentence, when it looks like one ('according to plan' does not)."""
    name = "according-to"

    def source_phrase(self, ctx: Context, sent: Sentence, match: Match) -> list[Word]:
        """The words after the cue word ('to a UN report'), the rest of the cue phrase included."""
        cue = cue_of(match)
        return sh.phrase_after(ctx, sent, sent.words[cue.index]) if cue.index < len(sent.words) else []

    def mention(self, ctx: Context, sent: Sentence, match: Match) -> list[Word]:
        cue_words = {w.index for w in self.cue_phrase(match)}
        return [w for w in self.source_phrase(ctx, sent, match) if w.index not in cue_words]

    def core(self, ctx: Context, sent: Sentence, match: Match, mention: list[Word]) -> list[Word]:
        return sh.core_words(ctx, sent, cue_of(match), mention, self.source_phrase(ctx, sent, match))

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        mention = self.mention(ctx, sent, match)
        if not sh.source_like(mention) or sh.no_source(ctx, mention):
            return None
        start, end = bounds(core)
        core_idx = {c.index for c in core}
        words = [w for w in sent.words if w.index not in core_idx]
        left = [w for w in words if w.end <= start]
        right = [w for w in words if w.start >= end]
        return clause(ctx, [sh.span_of(x) for x in (left, right) if x])


class Characterising(CueStrategy):
    """'X slammed the strikes as "illegal acts"': the verb phrase is the content, when it
    holds a quotation or a characterising marker ('as') and its object is not reflexive."""
    name = "characterising"
    MIN_QUOTED_WORDS: ClassVar[int] = 1     # 'called the plan a "disaster"'
    #: a characterising marker ('described as short-sighted') counts without a quotation
    MARKER_COUNTS: ClassVar[bool] = True

    def mention(self, ctx: Context, sent: Sentence, match: Match) -> list[Word]:
        cue = cue_of(match)
        src = sh.subject_of(ctx, sent, cue) or match.get("source")
        if src is not None and src.start < cue.start:
            dep = sh.reduced_relative_source(sh.mention_words(ctx, sent, src, cue), src)
            if dep and not any(w.upos == "VERB" and "VerbForm=Fin" in w.feats for w in dep):
                return dep
        return sh.speech_mention(ctx, sent, cue, match.get("source"), look_after=False)

    def core(self, ctx: Context, sent: Sentence, match: Match, mention: list[Word]) -> list[Word]:
        return sh.core_words(ctx, sent, cue_of(match), mention, dependents=False)

    def cue_text(self, ctx: Context, sent: Sentence, match: Match) -> str:
        text = super().cue_text(ctx, sent, match)
        cue = cue_of(match)
        nxt = sent.words[cue.index] if cue.index < len(sent.words) else None
        if nxt is not None and nxt.upos == "ADP" and nxt.text.lower() not in ctx.lex.characterising_markers:
            text += " " + nxt.text              # call for, hit out at
        return text

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        cue, text = cue_of(match), ctx.text
        skip = ctx.lex.characterisation_skip_rels
        words = [cue] + [w for c in sent.children(cue.index) if c.deprel not in skip
                         for w in sent.subtree(c.index)]
        words = [w for w in words if w.start >= cue.start]
        # 'declaring a "moral equivalent of war", and telling Americans ...': another cue
        # after a comma or a conjunction is an attribution of its own
        other = next((w for w in sorted(words, key=lambda w: w.index) if w is not cue and w.upos == "VERB"
                      and ctx.cue_class(w) is not None and w.index > 1
                      and sent.words[w.index - 2].upos in ("PUNCT", "CCONJ") and not ctx.in_quote(w)), None)
        if other is not None:
            words = [w for w in words if w.index < other.index and not (w.index == other.index - 1)]
        span = Span(cue.start, max(w.end for w in words))
        near = [q for q in map(ctx.quotes.__getitem__, ctx.quotes_between(cue.end, sent.end + 2))
                if q.outer.start > cue.end and q.outer.end <= sent.end + 2
                and len(text[cue.end:q.outer.start].split()) <= 6
                and len(text[q.inner.start:q.inner.end].split()) >= self.MIN_QUOTED_WORDS]
        # the characterisation runs to its quotation, and a comma after the quotation ends
        # it however the parser attached what follows ('as "illegal acts", denied ...')
        if near and (near[0].outer.end > span.end or
                     text[near[0].outer.end:near[0].outer.end + 2].lstrip()[:1] in (",", ";")):
            span = Span(cue.start, near[0].outer.end)
        has_quote = any(span.start <= q.inner.start and q.inner.end <= span.end
                        and len(text[q.inner.start:q.inner.end].split()) >= self.MIN_QUOTED_WORDS
                        for q in map(ctx.quotes.__getitem__, ctx.quotes_between(span.start, span.end)))
        has_marker = any(x.text.lower() in ctx.lex.characterising_markers for x in words)
        reflexive = any(x.text.lower().endswith(ctx.lex.reflexive_suffixes) for x in words[1:3])
        if any(c.deprel in ctx.lex.passive_rels for c in sent.children(cue.index)):
            return None                # 'The report was called "Fortress"': a name, nobody's words
        nxt = sent.words[cue.index] if cue.index < len(sent.words) else None
        infinitive = sh.infinitive_of(ctx, sent, cue) if nxt is not None and nxt.upos == "ADP" else []
        if infinitive and not has_quote and not has_marker:
            return clause(ctx, [Span(cue.start, infinitive[-1].end)])   # 'called on the governor to resign'
        return clause(ctx, [span]) if (has_quote or (has_marker and self.MARKER_COUNTS)) and not reflexive else None


class NounComplement(CueStrategy):
    """'his claim that the figures were wrong', 'the senator's call for "a total ban"', 'her
    promise to cut taxes': a speech noun whose owner is named by a possessive (relations
    ``possessive``) credits its complement to the owner: the noun's own words after it, up
    to a clause boundary, holding a verb or a quotation."""
    name = "noun-complement"

    def owner(self, sent: Sentence, match: Match, ctx: Context) -> Word | None:
        cue = cue_of(match)
        return next((c for c in sent.children(cue.index) if c.deprel in ctx.lex.possessive_rels
                     and c.index < cue.index and not ctx.in_quote(c)), None)

    def mention(self, ctx: Context, sent: Sentence, match: Match) -> list[Word]:
        owner = self.owner(sent, match, ctx)
        if owner is None:
            return []
        words = [w for w in sent.subtree(owner.index) if w.upos not in ("PART", "PUNCT") or w.index < owner.index]
        return sh.clean_mention(ctx, words)

    def core(self, ctx: Context, sent: Sentence, match: Match, mention: list[Word]) -> list[Word]:
        cue = cue_of(match)
        if not mention:
            return [cue]
        return [w for w in sent.words if mention[0].index <= w.index <= cue.index]

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        cue = cue_of(match)
        if len(core) < 2:
            return None                        # no owner: 'the claim that ...' credits nobody
        words: list[Word] = []
        for w in sent.subtree(cue.index):
            if w.index <= cue.index:
                continue
            if not ctx.in_quote(w) and (w.text in sh.BOUNDARY or w.text in sh.SENTENCE_END
                                        or (words and sh.after_clause_break(ctx, w))):
                break
            words.append(w)
        while words and (words[0].text.lower() in ctx.lex.complementisers or words[0].upos == "PUNCT"):
            words = words[1:]
        if len(words) < sh.MIN_CLAUSE_TAIL or words[0].index > cue.index + 2 \
                or not any(w.upos in ("VERB", "AUX") or ctx.in_quote(w) for w in words):
            return None
        return clause(ctx, [sh.span_of(words)])


class Headline(CueStrategy):
    """'Mayor Says Budget Cuts Will Spare Libraries' / '..., Jane Roe Says': a headline in
    title case (the article's first paragraph, one sentence, most words capitalised),
    which the parser reads badly, is read on the surface: a capitalised word whose form
    is a speech or characterising cue ('Says', 'Calls', 'Tweets'), a name of capitalised
    words before it, and the rest of the headline is the content; a cue closing the
    headline after a comma credits the words before the comma."""
    name = "headline"
    MIN_CAPITALISED: ClassVar[float] = 0.7      # share of the headline's words
    MAX_SOURCE_WORDS: ClassVar[int] = 6
    MIN_CONTENT_WORDS: ClassVar[int] = 2

    def title(self, ctx: Context, sent: Sentence) -> bool:
        para = ctx.article.paragraphs[sent.paragraph] if sent.paragraph < len(ctx.article.paragraphs) else None
        if sent.paragraph != 0 or para is None or sent.words[0].start < para.start \
                or ctx.text[sent.words[-1].end:para.end].strip(" .\u2019\u201d'\"") :
            return False                       # the whole first paragraph is this one sentence
        letters = [w for w in sent.words if w.text[:1].isalpha()]
        return bool(letters) and sum(w.text[:1].isupper() for w in letters) >= self.MIN_CAPITALISED * len(letters)

    def parts(self, ctx: Context, sent: Sentence, match: Match) -> tuple[list[Word], list[Word]] | None:
        """(source words, content words) of a headline cue, or None."""
        cue = cue_of(match)
        if not cue.text[:1].isupper() or ctx.in_quote(cue) or not self.title(ctx, sent) \
                or not any(lemma in lemmas for lemma in ctx.lemmas(cue)
                           for name, lemmas in ctx.lex.cue_classes.items() if name in ctx.lex.headline_classes):
            return None
        before = [w for w in sent.words if w.index < cue.index]
        after = [w for w in sent.words if w.index > cue.index and w.text not in sh.SENTENCE_END]
        comma = next((k for k in range(len(before) - 1, -1, -1) if before[k].text == "," and not ctx.in_quote(before[k])), None)
        if comma is not None and not any(w.upos not in ("PUNCT",) for w in after):
            source, content = before[comma + 1:], before[:comma]       # '..., Jane Roe Says.'
        else:
            source, content = before, after
        source = [w for w in source if w.upos != "PUNCT"]
        if not source or len(source) > self.MAX_SOURCE_WORDS or any(ctx.in_quote(w) or not w.text[:1].isupper()
                                                                     for w in source):
            return None
        if len([w for w in content if w.upos != "PUNCT"]) < self.MIN_CONTENT_WORDS:
            return None
        return source, content

    def mention(self, ctx: Context, sent: Sentence, match: Match) -> list[Word]:
        found = self.parts(ctx, sent, match)
        return found[0] if found else []

    def core(self, ctx: Context, sent: Sentence, match: Match, mention: list[Word]) -> list[Word]:
        return [*mention, cue_of(match)]

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        found = self.parts(ctx, sent, match)
        if found is None:
            return None
        return clause(ctx, [sh.span_of(found[1])])


class NameColon(CueStrategy):
    """'Jane Roe: Budget cuts will spare libraries' / 'ROE: Well, look, ...': a name alone
    before a colon at the start of a sentence introduces its words (headlines and
    transcripts). Every word before the colon is a proper noun, at most
    ``MAX_NAME_WORDS`` of them ('The Latest:', 'Correction:' are no names)."""
    name = "name-colon"
    MAX_NAME_WORDS: ClassVar[int] = 4

    def mention(self, ctx: Context, sent: Sentence, match: Match) -> list[Word]:
        cue = cue_of(match)
        words = list(sent.words[:cue.index - 1])
        if not words or len(words) > self.MAX_NAME_WORDS or any(
                w.upos != "PROPN" or ctx.in_quote(w) or not w.text[:1].isupper() for w in words):
            return []
        return words

    def core(self, ctx: Context, sent: Sentence, match: Match, mention: list[Word]) -> list[Word]:
        return [*mention, cue_of(match)]

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list[Word]) -> Content | None:
        if len(core) < 2:
            return None
        rest = sh.rest_after(ctx, sent, bounds(core)[1])
        if len([w for w in rest if w.text[:1].isalnum()]) < 2:
            return None                        # 'Twitter: @handle': a credit line, no words
        return clause(ctx, [sh.span_of(rest)])


# -- quotations no cue claimed ------------------------------------------------------------------

class QuoteStrategy(Strategy):
    """Content found from a quotation that no cue claimed: a whole sentence of three words
    or more."""
    from_cue = False

    @staticmethod
    def leftover(ctx: Context, qi: int) -> bool:
        q = ctx.quotes[qi]
        return len(fold(ctx.text[q.inner.start:q.inner.end]).split()) >= 3 and sh.starts_sentence(ctx, qi)

    def attribute_quote(self, ctx: Context, qi: int, found: list[Attribution]) -> Attribution | None:
        raise NotImplementedError

    def direct(self, ctx: Context, qi: int) -> tuple[Span, str]:
        span = sh.trim(ctx, ctx.quotes[qi].inner, "direct")
        return span, fold(ctx.text[span.start:span.end])


class Continuation(QuoteStrategy):
    """'"We played well," he said. / "But not enough."': a whole-sentence quotation right
    after a direct attribution (same or next paragraph) continues that speaker; so does one
    opening the sentence right after any attribution's own sentence in its paragraph ('X
    said the wording was "careful". "If we touch the treaty, ..."')."""
    name = "continuation"

    def attribute_quote(self, ctx: Context, qi: int, found: list[Attribution]) -> Attribution | None:
        if not self.leftover(ctx, qi):
            return None
        q = ctx.quotes[qi]
        # the last direct attribution of ``found`` ending before the quotation (from the end:
        # the quotations' own attributions come last and are nearly always it)
        p = next((a for a in reversed(found) if a.end <= q.outer.start and a.kind == "direct"), None)
        if p is not None and ctx.article.paragraph_of(p.end) < ctx.article.paragraph_of(q.outer.start) - 1:
            p = None
        if p is None:
            p = self.reported_just_before(ctx, q, found)
        if p is None or not sh.ends_sentence(ctx, qi):
            return None
        span, content = self.direct(ctx, qi)
        return Attribution(content, [span], "direct", None, None, self.rule.code, p.sentence,
                           attrs.evolve(p.speaker), strategy=self.name)

    @staticmethod
    def reported_just_before(ctx: Context, q: Quote, found: list[Attribution]) -> Attribution | None:
        """The attribution with a speaker whose sentence ends right before the quotation, in
        its paragraph ('X said the wording was "careful". "If we touch the treaty, ..."'),
        or ending the paragraph before one the quotation opens."""
        p = next((a for a in reversed(found) if a.end <= q.outer.start), None)
        if p is None or p.sentence < 0 or not p.speaker.mention \
                or p.speaker.mention.lower() in ctx.lex.relative_pronouns:
            return None
        paragraph, own = ctx.article.paragraph_of(q.outer.start), ctx.article.paragraph_of(p.end)
        between = ctx.text[ctx.parse.sentences[p.sentence].end:q.outer.start]
        if own == paragraph and not between.strip():
            return p
        # the paragraph before ends on this attribution, and the quotation opens its own
        # paragraph: the speaker introduced just before carries over
        if own == paragraph - 1 and not between.strip() and sh.starts_paragraph(ctx, q):
            return p
        return None


class Signed(QuoteStrategy):
    """'"Trump scares me. ..." \u2015 Maria Lopez': a whole-sentence quotation signed with a
    dash and a name at the end of its paragraph is that person's."""
    name = "signed"
    MAX_SIGNATURE_WORDS: ClassVar[int] = 8

    def attribute_quote(self, ctx: Context, qi: int, found: list[Attribution]) -> Attribution | None:
        if not self.leftover(ctx, qi):
            return None
        q = ctx.quotes[qi]
        para = ctx.article.paragraphs[ctx.article.paragraph_of(q.outer.start)]
        dash = sh.SIGNATURE.match(ctx.text, q.outer.end, para.end)
        if dash is None:
            return None
        words = [w for si in ctx.parse.sentences_over(dash.end(), para.end) for w in ctx.parse.sentences[si].words
                 if dash.end() <= w.start < para.end]
        names = [w for w in words if w.upos == "PROPN"]
        if not names or len(words) > self.MAX_SIGNATURE_WORDS or not words[0].text[:1].isupper():
            return None
        span, content = self.direct(ctx, qi)
        sentence = next(i for i, s in enumerate(ctx.parse.sentences) if s.words and s.words[-1].end >= q.outer.end)
        return Attribution(content, [span], "direct", ctx.text[dash.start():dash.end()].strip(),
                           Span(dash.start(), dash.end()), self.rule.code, sentence,
                           sh.speaker_from(ctx, words), strategy=self.name)


class Unattributed(QuoteStrategy):
    """A whole-sentence quotation with no cue and no speaker: recorded, so that a check
    can report it (AC003)."""
    name = "unattributed"

    def attribute_quote(self, ctx: Context, qi: int, found: list[Attribution]) -> Attribution | None:
        if not self.leftover(ctx, qi):
            return None
        span, content = self.direct(ctx, qi)
        return Attribution(content, [span], "direct", None, None, self.rule.code, -1, strategy=self.name)


def join_continuation(ctx: Context, a: Attribution) -> None:
    """ "X," he said. "Y." -> one attribution: the next quotation joins it when only the
    cue clause and a sentence end stand between them."""
    para = ctx.article.paragraphs[ctx.article.paragraph_of(a.start)]
    ends = [q.outer.end for q in map(ctx.quotes.__getitem__, ctx.quotes_between(a.end, a.end))
            if q.inner.start <= a.end <= q.outer.end]
    last_end = max(ends) if ends else a.end
    nxt = next(iter(ctx.quotes_from(last_end)), None)
    if nxt is None or nxt in ctx.used_quotes or a.cue_span is None:
        return
    q = ctx.quotes[nxt]
    gap = ctx.text[last_end:q.outer.start]
    if q.outer.start > para.end or len(gap) > 250 or not (last_end <= a.cue_span.start < q.outer.start):
        return
    if not (re.search(r"[.,:;]\s*$", gap) or joined_by_conjunction(ctx, last_end, q.outer.start)) \
            or has_other_cue(ctx, last_end, last_end + len(gap), a):
        return
    span = sh.trim(ctx, q.inner, "direct")
    a.content_spans.append(span)
    a.content = a.content + " " + fold(ctx.text[span.start:span.end])
    ctx.used_quotes.add(nxt)


def joined_by_conjunction(ctx: Context, start: int, end: int) -> bool:
    """'"...," he said, but "..."' / '..., and still "..."': after the cue clause a comma,
    then only a coordinating conjunction (and an adverb) before the next quotation."""
    gap = ctx.text[start:end]
    comma = gap.rfind(",")
    if comma < 0:
        return False
    words = [w for si in ctx.parse.sentences_over(start + comma, end) for w in ctx.parse.sentences[si].words
             if start + comma < w.start and w.end <= end]
    return bool(words) and words[0].upos == "CCONJ" and all(w.upos in ("CCONJ", "ADV") for w in words)


def has_other_cue(ctx: Context, start: int, end: int, a: Attribution) -> bool:
    interrupting = ctx.lex.interrupting_classes
    own = a.cue_span.start if a.cue_span is not None else -1
    for si in ctx.parse.sentences_over(start, end):
        for w in ctx.parse.sentences[si].words:
            if start <= w.start < end and w.start != own \
                    and w.upos == "VERB" and ctx.cue_class(w) in interrupting:
                return True
    return False


STRATEGY_CLASSES: tuple[type[Strategy], ...] = (
    QuoteBefore, QuoteAfter, QuoteBeside, Complement, Trailing, AccordingTo, Characterising, NounComplement,
    Headline, NameColon, Continuation,
    Signed, Unattributed)
STRATEGIES: dict[str, type[Strategy]] = {cls.name: cls for cls in STRATEGY_CLASSES}
