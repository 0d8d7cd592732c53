"""Filters on a cue word, named by a rule's ``filters`` in rules/patterns.toml. Each one
is a test the cue must pass before the rule's strategy runs.

Also the checks the rules AT101, AT102 and AT104 run on the content their strategy found
(:func:`said_spans` and the checks after it): words the parse hangs somewhere else than
on the cue's report, which the rule leaves out or refuses. They read only the parse
(relations, features) and the words of rules/cues.toml."""
from __future__ import annotations

from collections.abc import Callable

from ..model import Sentence, Span, Word
from . import shapes as sh
from .context import Context

Filter = Callable[[Context, Sentence, Word], bool]

#: the morphological feature of a verb in the imperative mood (Universal Dependencies)
IMPERATIVE = "Mood=Imp"
#: the relation of a dummy subject: 'It is worth noting that ...', 'There ...'
EXPLETIVE = "expl"
#: the relation of a subordinating conjunction to the verb of its clause
SUBORDINATOR = "mark"
#: the morphological feature of a relative pronoun: a relative clause without one ('the last
#: time she saw him') may be a reported clause the parser hung on a noun
RELATIVE = "PronType=Rel"
#: the morphological feature of a pronoun in the accusative ('them')
ACCUSATIVE = "Case=Acc"
#: the morphological feature of a neuter pronoun ('it')
NEUTER = "Gender=Neut"


def imperative(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """'Ask yourself that question', 'Tell your neighbours the polls close at eight': an
    imperative cue without a subject is the writer addressing the reader, nobody's report."""
    return IMPERATIVE in cue.feats and not any(c.deprel in ctx.lex.subject_rels for c in sent.children(cue.index))


def writer_aside(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """'It is worth noting that ...', 'It goes without saying that ...': a cue with no
    subject of its own under a clause whose subject is a dummy (an expletive, or a neuter
    pronoun the cue only borrows through a subordinated clause) is the writer's narration."""
    if any(c.deprel in ctx.lex.subject_rels for c in sent.children(cue.index)):
        return False
    w = cue
    for _ in range(4):
        if w.head == 0 or w.deprel not in ctx.lex.chain_rels:
            return False
        subordinated = any(c.deprel == SUBORDINATOR for c in sent.children(w.index))
        if not subordinated and w.deprel not in ctx.lex.control_rels:
            return False               # 'There is no chance, officials insist': a trailing cue
        governor = sent.word(w.head)
        children = sent.children(governor.index)
        if any(c.deprel == EXPLETIVE for c in children):
            return True
        subject = next((c for c in children if c.deprel in ctx.lex.subject_rels), None)
        if subject is not None:
            return subordinated and NEUTER in subject.feats and subject.upos == "PRON" \
                and ctx.cue_class(governor) is None
        w = governor
    return False


FILTERS: dict[str, Filter] = {
    # a cue inside a quotation is the quoted speaker's, not the article's
    "outside-quote": lambda ctx, sent, cue: not ctx.in_quote(cue),
    # 'Asked about X, the coach said': an opening participle is no cue of its own
    "not-sentence-initial": lambda ctx, sent, cue: not sh.sentence_initial(ctx, sent, cue),
    # declined to comment, did not respond, claimed responsibility
    "not-negated": lambda ctx, sent, cue: not sh.negated(ctx, sent, cue),
    # 'Ask yourself that question': the writer speaking to the reader
    "not-imperative": lambda ctx, sent, cue: not imperative(ctx, sent, cue),
    # 'It is worth noting that ...': the writer's own narration
    "not-writer-aside": lambda ctx, sent, cue: not writer_aside(ctx, sent, cue),
}
DEFAULT_FILTERS: tuple[str, ...] = tuple(FILTERS)


# -- checks on the content found ----------------------------------------------------------------

def content_words(sent: Sentence, spans: list[Span]) -> list[Word]:
    return [w for w in sent.words if any(s.start <= w.start and w.end <= s.end for s in spans)]


def tops(sent: Sentence, words: list[Word]) -> list[Word]:
    """The words of ``words`` whose head lies outside them: where the parse hangs them."""
    inside = {w.index for w in words}
    return [w for w in words if w.head not in inside and w.upos != "PUNCT"]


def governed_phrase(ctx: Context, sent: Sentence, noun: Word, cue: Word) -> bool:
    """The noun is in a phrase the cue governs through nouns only ('told one of his aides',
    'yelling to the officers'), not through a verb of another clause."""
    w = noun
    for _ in range(6):
        if w.head == cue.index:
            return True
        if w.head == 0 or sent.word(w.head).upos not in (*sh.NOMINAL, "NUM"):
            return False
        w = sent.word(w.head)
    return False


def relative_clause_of_other(ctx: Context, sent: Sentence, cue: Word, top: list[Word]) -> bool:
    """'accused the audience of being groups that support X' -> 'support X': a relative
    clause on a noun of the sentence describes that noun; it is no report of the cue. The
    clause must have its relative pronoun, and a 'that' after a noun phrase the cue governs,
    before a clause with its own subject, may be the complementiser the parser misread
    ('told one of the officers that he was unarmed'); a cue that hangs from the content,
    heads the relative clause with it or stands inside it, is aside."""
    for t in top:
        if t.deprel not in ctx.lex.relative_clause_rels or t.head in (cue.head, cue.index) or cue.head == t.index:
            continue
        children = sent.children(t.index)
        relative = [c for c in children if RELATIVE in c.feats]
        if not relative or any(c.start < cue.start < t.start for c in relative):
            continue                   # 'a letter that he said was drafted by the firm': the cue is inside
        own_subject = any(c.deprel in ctx.lex.subject_rels and RELATIVE not in c.feats for c in children)
        if own_subject and all(c.text.lower() in ctx.lex.complementisers for c in relative) \
                and governed_phrase(ctx, sent, sent.word(t.head), cue):
            continue
        return True
    return False


def on_source(ctx: Context, words: list[Word], top: list[Word], mention: set[int]) -> bool:
    """'..., said Jane Roe, who leads the group' -> 'who leads the group': words the parse
    hangs from the source's mention, other than by a clausal relation, describe the source."""
    return bool(top) and all(t.head in mention and t.deprel not in ctx.lex.clausal_rels for t in top) \
        and not any(w.index in mention for w in words)


def relative_opener(ctx: Context, sent: Sentence, words: list[Word]) -> bool:
    """'..., said John Doe, who leads the department' parsed with 'leads' as the cue's
    clause: a span opened, after a comma, by a relative pronoun (not a 'that', which may
    be a complementiser) is a relative clause, whatever the parse says ('asked who was
    there' has no comma: a reported question)."""
    solid = [w for w in words if w.upos != "PUNCT"]
    if not solid or RELATIVE not in solid[0].feats or solid[0].text.lower() in ctx.lex.complementisers:
        return False
    first = solid[0]
    return first.index > 1 and sent.word(first.index - 1).text == ","


def after_first_comma(ctx: Context, words: list[Word]) -> list[Word]:
    """The words but punctuation after the first comma outside quotation marks."""
    for k, w in enumerate(words):
        if w.text == "," and not ctx.in_quote(w):
            return [x for x in words[k + 1:] if x.upos != "PUNCT"]
    return []


def said_spans(ctx: Context, sent: Sentence, cue: Word, spans: list[Span], mention: list[Word]) -> list[Span]:
    """The spans of a reported-speech content that report the cue: a span is left out when
    it is only a relative clause on another noun or the source's own phrase, and a span
    opened by a relative pronoun keeps only what follows the clause (quoted words are
    somebody's: the quotation rules judge those)."""
    phrase = {w.index for w in mention} - {cue.index}
    kept = []
    for span in spans:
        words = content_words(sent, [span])
        if words and not any(ctx.in_quote(w) for w in words):
            top = [t for t in tops(sent, words) if t is not cue]     # 'vowed to ...' runs from the cue
            if relative_opener(ctx, sent, words):
                rest = after_first_comma(ctx, words)
                if rest:                       # 'X, said Y, who leads the group, will ...'
                    kept.append(Span(rest[0].start, span.end))
                continue
            if relative_clause_of_other(ctx, sent, cue, top) or on_source(ctx, words, top, phrase):
                continue
        kept.append(span)
    return kept


# -- checks of the trailing cue (AT102) ----------------------------------------------------------

def relative_cue(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """'..., the agency, which first reported the story': a cue heading a relative clause
    speaks of its antecedent; the words before it are no report of it. The clause must
    have its relative pronoun: '..., two officials said' may be parsed as a relative clause."""
    return cue.deprel in ctx.lex.relative_clause_rels and any(RELATIVE in c.feats for c in sent.children(cue.index))


def verbless_object_source(ctx: Context, sent: Sentence, cue: Word, source: Word | None) -> bool:
    """'Get the jokes off, adding levity': an object after a participle is what it does;
    only a finite cue is inverted with its source (', said the minister'), and never with
    a pronoun in the accusative ('..., and disclosed them to the agency')."""
    return source is not None and source.deprel in ctx.lex.object_rels and source.start > cue.start \
        and (not sh.finite(cue) or ACCUSATIVE in source.feats)


def modifier_only(ctx: Context, sent: Sentence, cue: Word, spans: list[Span]) -> bool:
    """'Like her colleagues, I believe in ...', 'In July, the firm failed as predicted': a
    phrase with no verb that the parse hangs from the cue (or from the clause the cue
    modifies) is a modifier of the saying, no report."""
    words = [w for w in content_words(sent, spans) if w.upos not in ("PUNCT", "CCONJ")
             and w.text.lower() not in ctx.lex.leading_words]
    if not words or any(w.upos in ("VERB", "AUX") or ctx.in_quote(w) for w in words):
        return False
    top = tops(sent, words)
    return all(t.deprel not in ctx.lex.subject_rels and t.deprel not in ctx.lex.clausal_rels for t in top)


def own_complement(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """'someone as wealthy as he claims to be': the cue of an 'as' clause has a clause of
    its own, so it reports no other."""
    return any(c.deprel in ctx.lex.control_rels for c in sent.children(cue.index))


def nests_a_cue(ctx: Context, sent: Sentence, cue: Word, spans: list[Span]) -> bool:
    """'Acts of protest, X said, are acts of patriotism, ... as Y said before he died': the
    clause an 'as' clause modifies holds another speech cue with a subject; that cue's
    report holds the 'as' clause, not the other way round."""
    for w in content_words(sent, spans):
        if w is not cue and not ctx.in_quote(w) and ctx.cue_class(w) is not None \
                and any(c.deprel in ctx.lex.subject_rels for c in sent.children(w.index)):
            return True
    return False


def sourceless_as_clause(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """'The firm failed as predicted', 'as expected': an 'as' clause whose cue has no subject
    names nobody who said anything."""
    return sh.heads_as_clause(ctx, sent, cue) \
        and not any(c.deprel in ctx.lex.subject_rels for c in sent.children(cue.index))


# -- checks of the characterising cue (AT104) ----------------------------------------------------

#: the relation of the second word of a fixed expression ('such as', 'as well as')
FIXED = "fixed"


def fixed_markers_only(ctx: Context, sent: Sentence, spans: list[Span]) -> bool:
    """'touted his polling while needling opponents such as X': a characterising marker
    that is part of a fixed expression characterises nothing; without a quotation the
    verb phrase is then no characterisation."""
    words = content_words(sent, spans)
    if any(ctx.in_quote(w) for w in words):
        return False
    markers = [w for w in words if w.text.lower() in ctx.lex.characterising_markers]
    return bool(markers) and all(m.deprel == FIXED for m in markers)


def cut_after_quote(ctx: Context, sent: Sentence, spans: list[Span]) -> list[Span]:
    """'what lawmakers called "fraud" led two senators to ...': a characterisation runs to
    its quotation; a verb right after the quotation is the sentence going on, however the
    parser attached it (as a comma after the quotation ends it)."""
    out = []
    for span in spans:
        for qi in ctx.quotes_between(span.start, span.end):
            q = ctx.quotes[qi]
            if not (span.start < q.outer.start and q.outer.end < span.end):
                continue
            nxt = next((w for w in sent.words if w.start >= q.outer.end), None)
            if nxt is not None and nxt.start < span.end and nxt.upos == "VERB" and not ctx.in_quote(nxt):
                span = Span(span.start, q.outer.end)
                break
        out.append(span)
    return out
