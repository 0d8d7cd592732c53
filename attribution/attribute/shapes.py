"""Surface shapes of news writing, read from the words and the parse of one sentence.

The shapes survive parser errors that a dependency pattern alone would not: a trailing
", officials said.", an inverted '"...," said X', a noun phrase right before a cue.
Strategies (strategies.py) build content and mentions from them. Every function takes
the article's :class:`Context` first; the words they know come from ``ctx.lex``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Quote, Sentence, Span, Speaker, Word
from .context import Context, fold

EDGE_PUNCT = " \t\n,;:\u2014\u2013-"
BETWEEN_BEFORE = re.compile(r"^[\s,\u2014\u2013-]*$")
DATELINE = re.compile(r"[A-Z][A-Z/ .,'-]{2,40}\s*[\u2014\u2013]\s*")
SENTENCE_END = (".", "!", "?")
NESTED_CLOSE = "'\u2019\"\u201d"
SIGNATURE = re.compile(r"[ \t]*[\u2015\u2014\u2013]+[ \t]*")   # '"..." \u2015 Maria Lopez'
# a comma or dash, perhaps inside the closing marks of a quotation, right before a word: '... \"tired,\" he'
CLAUSE_BREAK = re.compile(r"[,;\u2014\u2013]['\"\u2019\u201d]*\s*$")
CLAUSE_BREAK_WINDOW = 4           # characters: a comma, a closing mark or two and a space

BOUNDARY = (",", ";", ":", "\u2014", "\u2013", "(", ")")
COMMENT_BREAKS = (",", "\u2014", "\u2013", "--")
ASIDE_MARKS = (",", "\u2014", "\u2013", "--", "-")    # around a relative clause inside a subject
NOMINAL = ("NOUN", "PROPN", "PRON")
CLAUSE_STARTS = ("DET", "NOUN", "PROPN", "PRON", "NUM", "ADJ")
PARAGRAPH_BREAK_NEWLINES = 2     # a colon introduces a quotation at most one paragraph on
MAX_COLON_GAP_WORDS = 6         # 'told the council in a letter:' before a quotation paragraph
MAX_COLON_GAP_WORDS_SPEECH = 12  # after a speech verb: 'recalled the two-year freeze on council wages:'
TOPIC_GAP_WORDS = 4             # 'asked the senator about': the object and the preposition
MIN_CLAUSE_TAIL = 2              # words after a quotation that make it part of a clause
MAX_CLAUSE_VERB = 10             # a reported clause has its verb within this many words
MAX_MENTION = 20                 # words of a leading subject
MAX_BRACKET_WORDS = 8            # '(R-Ky.)' after a name
MAX_NAME_WORDS = 6               # a name before its appositive: 'Col. Jane A. Roe'
MAX_MENTION_AFTER_QUOTE = 32     # '"...," X, director of ... and a professor at ..., said'


def finite(w: Word) -> bool:
    return w.upos in ("VERB", "AUX") and "VerbForm=Fin" in w.feats


def participle(w: Word) -> bool:
    return "VerbForm=Ger" in w.feats or "VerbForm=Part" in w.feats


# -- the cue word ----------------------------------------------------------------------------

def sentence_initial(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """'Asked about the striker, the coach said': a cue verb that opens the sentence has no
    subject before it and introduces no quotation of its own ('(Reporting by ...': opening
    punctuation does not count)."""
    return all(w.upos == "PUNCT" and not ctx.in_quote(w) for w in sent.words[:cue.index - 1])


def negated(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """declined to comment, did not respond, refused to say whether ...; and actions
    that are not speech: claimed responsibility."""
    lex = ctx.lex
    lemma = cue.lemma.lower()
    for child in sent.children(cue.index):
        if (lemma, child.lemma.lower()) in lex.not_speech:
            return True
    if ctx.text[max(0, cue.start - 1):cue.start] == "-" or cue.deprel in lex.adjectival_rels:
        return True                        # so-called, much-quoted, 'in written evidence': adjectives
    for child in sent.children(cue.index):
        if child.deprel == "advmod" and child.lemma.lower() in lex.negation_governors and not ctx.in_quote(child):
            return True                    # a quoted 'not' is the speaker's ('"... Probably not," X said')
        if child.deprel in lex.non_answer_object_rels and child.lemma.lower() in lex.non_answer_objects \
                and lemma in lex.answer_verbs:
            return True
    w = cue
    for _ in range(3):               # climb xcomp chains: declined to (be able to) comment
        if w.head == 0 or w.deprel not in lex.control_rels:
            break
        w = sent.word(w.head)
        if w.lemma.lower() in lex.negation_governors:
            return True
    return False


def trailing_shape(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """', officials said.' or ', officials said, ' whatever the parse says: a noun phrase
    after a comma, the cue, then only the end of the sentence or another comma."""
    before = surface_before(ctx, sent, cue)
    if not before:
        return False
    first = before[0]
    if first.index < 2 or sent.word(first.index - 1).text != ",":
        return False
    for w in sent.words[cue.index:]:
        if w.text in (",", ".", "!", "?", ";") or w.text in COMMENT_BREAKS:
            return True
        if w.upos in ("VERB", "SCONJ") or w.text.lower() in ctx.lex.complementisers or ctx.in_quote(w):
            return False
    return True


def inverted(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """The cue comes right after a quotation or a comma: '"...," said X' / ', said X'."""
    prev = sent.words[cue.index - 2] if cue.index > 1 else None
    if prev is None:
        para = ctx.article.paragraphs[sent.paragraph]
        return ctx.text[para.start:cue.start].rstrip()[-1:] in ",\"\u201d'\u2019"
    return prev.text in (",", "\"", "\u201d", "'", "\u2019") or ctx.in_quote(prev)


def inverted_with_source(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """', said X': an inverted cue has its source after it; ', denied involvement' has none."""
    return inverted(ctx, sent, cue) and bool(surface_mention(ctx, sent, cue, after_only=True))


def subject_of(ctx: Context, sent: Sentence, word: Word) -> Word | None:
    """The subject of a cue, climbing xcomp/advcl/conj chains: took to Twitter to call for."""
    lex = ctx.lex
    w = word
    for _ in range(4):
        for rel in sorted(lex.subject_rels, key=len):       # the active subject first
            found = [c for c in sent.children(w.index) if c.deprel == rel and not ctx.in_quote(c)]
            if found:
                # two subjects: 'DAYTON, Ohio (UPI) -- Jane Roe criticized': the dateline
                # is the parser's error, the subject nearest before the verb is the source
                before = [c for c in found if c.index < w.index]
                return before[-1] if before else found[0]
        if w.head == 0 or w.deprel not in lex.chain_rels:
            return None
        w = sent.word(w.head)
    return None


def shared_cue(ctx: Context, sent: Sentence, cue: Word) -> Word | None:
    """The earlier cue whose subject a second cue shares: 'X said A, adding that B',
    'X said A, and said B', 'X says A but said B'. The second cue has no subject of its
    own, follows a comma or a conjunction, is a gerund or repeats the first cue's verb,
    and hangs (perhaps through the first one's content: the parser hangs 'adding' from
    the reported verb) from a cue before it."""
    if cue.index < 3 or any(c.deprel in ctx.lex.subject_rels for c in sent.children(cue.index)):
        return None
    prev = sent.words[cue.index - 2]
    if prev.upos == "ADV" and cue.index > 3:
        prev = sent.words[cue.index - 3]          # 'and then said', ', later adding'
    gerund = "VerbForm=Ger" in cue.feats or ("VerbForm=Part" in cue.feats and "Tense=Pres" in cue.feats)
    after_comma = prev.text == "," or (ctx.in_quote(prev) and after_clause_break(ctx, cue))   # '..."' adding'
    if not (after_comma or prev.upos == "CCONJ") or not (gerund or cue.deprel == "conj"):
        return None
    w = cue
    for _ in range(4):
        if w.head == 0:
            return None
        w = sent.word(w.head)
        if w.start < cue.start and ctx.cue_class(w) is not None and not ctx.in_quote(w):
            # a coordinated verb is a cue of its own only when it repeats the first one:
            # 'said A and predicted B' is one attribution, 'said A, and said B' two
            return w if gerund or ctx.lemma_in(w, ctx.lemmas(cue)) else None
    return None


def in_relative_clause(ctx: Context, sent: Sentence, cue: Word, words: list[Word]) -> list[Word]:
    """'the union, which contended that X, is ...': the content of a cue heading a relative
    clause ends with the clause, at the comma after which the parse leaves the clause."""
    if cue.deprel not in ctx.lex.relative_clause_rels:
        return words
    inside = {w.index for w in sent.subtree(cue.index)}
    for k, w in enumerate(words[:-1]):
        if w.text == "," and words[k + 1].index not in inside and not ctx.in_quote(w):
            return words[:k]           # the comma that closes the clause
    return words


def after_clause_break(ctx: Context, w: Word) -> bool:
    """A comma or a dash right before the word, perhaps inside closing quotation marks:
    '... "founded ISIS," saying ...'."""
    return CLAUSE_BREAK.search(ctx.text, max(0, w.start - CLAUSE_BREAK_WINDOW), w.start) is not None


def misattached_relative(ctx: Context, sent: Sentence, cue: Word, clause_head: Word) -> bool:
    """'"...," said X, who stressed that ...': a clause the parser hangs from the cue as its
    complement but that a relative pronoun opens, after the cue and right after a comma, is
    the source's relative clause, not reported words ('donations, which he said were
    gifts' is reported words: the pronoun comes before the cue)."""
    first = min((w for w in sent.subtree(clause_head.index) if w.upos != "PUNCT"), key=lambda w: w.start)
    return first.start > cue.end and first.text.lower() in ctx.lex.relative_pronouns \
        and after_clause_break(ctx, first)


def within_cue_clause(ctx: Context, sent: Sentence, cue: Word, words: list[Word]) -> list[Word]:
    """'X said A, but the workers were furious' / 'Although X admitted A, he claimed B' /
    'X attacked Y, saying A, and reminded Z': a cue's content ends where a clause that is
    not the cue's starts: words outside the cue's subtree, or a clause coordinated with the
    cue (relations ``coordinated``) that has a subject of its own and no complementiser
    ('said A, and that B' is one content). The cut is at a comma or a dash, a verb of the
    other clause follows it and a verb of the content comes before it; a coordinated verb
    without its own subject stays ('said A and predicted B'). A participle of the cue
    after a comma (relations ``adverbial``: 'said A, citing B') is no part of it either."""
    if len(words) < 2:
        return words
    own = {w.index for w in sent.subtree(cue.index)}
    first = words[0].start
    for c in sent.children(cue.index):
        children = sent.children(c.index)
        if c.start <= max(cue.start, first):
            continue
        coordinated = c.deprel in ctx.lex.coordinated_rels \
            and any(s.deprel in ctx.lex.subject_rels for s in children) \
            and not any(m.text.lower() in ctx.lex.complementisers for m in children)   # 'and that B'
        # 'said A, citing B' / 'hopes A, pointing to B': a participle of the cue after a
        # comma says how the source spoke (a cue of its own, 'adding that B', is one already)
        manner = c.deprel in ctx.lex.adverbial_rels and c.upos == "VERB" and participle(c) \
            and min(w.start for w in sent.subtree(c.index) if w.upos != "PUNCT") == c.start \
            and after_clause_break(ctx, c)
        if coordinated or manner:
            own -= {w.index for w in sent.subtree(c.index)}
    for k, w in enumerate(words):
        if k == 0 or w.index in own or ctx.in_quote(w):
            continue
        if not (w.text in BOUNDARY or after_clause_break(ctx, w)):
            continue
        if not any(x.index not in own and x.upos in ("VERB", "AUX") for x in words[k:]) \
                or not any(x.upos in ("VERB", "AUX") for x in words[:k]):
            continue               # no other clause after the cut, or no clause of the cue's before it
        out = words[:k]
        while out and not ctx.in_quote(out[-1]) and out[-1].upos in ("PUNCT", "CCONJ"):
            out = out[:-1]
        return out or words
    return words


def before_comment(ctx: Context, words: list[Word]) -> list[Word]:
    """'he would resign, a decision that surprised the council' / '... -- a development that
    raises new questions': a noun phrase after a comma or a dash, opened by a determiner,
    its head followed by a relative clause or a participle, to the end, comments on the
    reported clause; it is the writer's, not the source's; so is a relative clause after a
    comma that runs to the end ('the FBI had the help of Jane Roe, who worked on the
    campaign'). Content before it keeps a finite verb (or there is none: the comment
    follows the cue clause)."""
    for k, w in enumerate(words):
        if w.text not in COMMENT_BREAKS or ctx.in_quote(w) or k + 2 >= len(words) \
                or (k and not any(finite(x) for x in words[:k])):
            continue
        if w.text == "," and k and words[k + 1].text.lower() in ctx.lex.relative_pronouns \
                and not any(ctx.in_quote(x) or x.text in BOUNDARY for x in words[k + 1:]):
            return words[:k]           # '..., who worked on the campaign in 2008': the writer's background
        if words[k + 1].upos != "DET":
            continue
        j = k + 2
        while j < len(words) and words[j].upos in ("ADJ", "NOUN", "PROPN", "NUM"):
            j += 1
        if j == k + 2 or j >= len(words) or words[j - 1].upos != "NOUN":
            continue
        nxt = words[j]
        opens = nxt.text.lower() in ctx.lex.clause_openers or (nxt.upos == "VERB" and participle(nxt))
        if opens and not any(ctx.in_quote(x) or x.text in BOUNDARY for x in words[j:]):
            return words[:k]
    return words


def passive(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """'was posted', 'was told': the cue has a passive auxiliary (relations ``passive``)."""
    return any(c.deprel in ctx.lex.passive_rels for c in sent.children(cue.index))


def heads_as_clause(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """The cue heads an adverbial clause opened by a marker of ``[function_words]
    as_clause_markers`` ('as the minister noted', 'as predicted')."""
    return cue.head != 0 and cue.deprel in ctx.lex.adverbial_rels and any(
        c.text.lower() in ctx.lex.as_clause_markers and c.index < cue.index for c in sent.children(cue.index))


def as_clause(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """'As the minister noted, the talks will resume' / '..., as Roe put it': a cue heading
    an 'as' clause, with its own subject and no complement or object, reports the clause
    it modifies."""
    if not heads_as_clause(ctx, sent, cue):
        return False
    children = sent.children(cue.index)
    return any(c.deprel in ctx.lex.subject_rels for c in children) \
        and not any(c.deprel in ctx.lex.object_rels for c in children)   # 'as she maintained her lead'


def addressed_subject(ctx: Context, sent: Sentence, cue: Word) -> bool:
    """'When X was asked if ...', 'X was told that ...': the passive subject of a speech cue
    was spoken to, not the speaker (an impersonal 'it was reported that', a neuter
    pronoun, still reports speech)."""
    if not passive(ctx, sent, cue):
        return False
    subject = next((c for c in sent.children(cue.index) if c.deprel in ctx.lex.subject_rels), None)
    return subject is not None and not (subject.upos == "PRON" and "Gender=Neut" in subject.feats)


def relative_gap(ctx: Context, sent: Sentence, cue: Word, rest: list[Word]) -> bool:
    """'the rules, which local judges said discriminated against tenants': a cue heading a
    relative clause, its own subject before it (no relative pronoun), a verb right after it:
    the relative's antecedent is the reported clause's missing subject, the rest is what
    was said."""
    if cue.deprel not in ctx.lex.relative_clause_rels or rest[0].upos not in ("VERB", "AUX") \
            or rest[0].index != cue.index + 1:
        return False
    subject = next((c for c in sent.children(cue.index) if c.deprel in ctx.lex.subject_rels), None)
    return subject is not None and subject.index < cue.index and not ctx.in_quote(subject) \
        and subject.text.lower() not in ctx.lex.relative_pronouns | ctx.lex.clause_openers


def question_after(ctx: Context, rest: list[Word]) -> bool:
    """'asked the minister whether the plan was costed', 'explained why it failed': a reported
    question opens with an interrogative word and has its verb within a few words."""
    return rest[0].text.lower() in ctx.lex.interrogatives and verb_within(rest)


def before_shared_cue(ctx: Context, sent: Sentence, cue: Word, words: list[Word]) -> list[Word]:
    """A cue's content stops before a second cue that shares its subject ('X said A, and
    said B': A is the first one's, B the second's), and the comma or conjunction before it."""
    for k, w in enumerate(words):
        if k and w.upos == "VERB" and ctx.cue_class(w) is not None and shared_cue(ctx, sent, w) is cue:
            out = words[:k]
            while out and (out[-1].upos in ("PUNCT", "CCONJ") or
                           (out[-1].upos == "ADV" and len(out) > 1 and out[-2].upos in ("PUNCT", "CCONJ"))):
                out = out[:-1]
            return out
    return words


def anchor_verb(ctx: Context, sent: Sentence, cue: Word) -> Word:
    """The verb whose subject speaks: 'took to Twitter to call for' -> took."""
    w = cue
    for _ in range(3):
        has_subject = any(c.deprel in ctx.lex.subject_rels for c in sent.children(w.index))
        if has_subject or "VerbForm=Fin" in w.feats or w.head == 0 \
                or w.deprel not in ctx.lex.chain_rels \
                or sent.word(w.head).upos not in ("VERB", "AUX"):
            return w
        w = sent.word(w.head)
    return w


# -- mentions --------------------------------------------------------------------------------

def verbish(sent: Sentence, w: Word) -> bool:
    """A verb, unless it is a capitalised word inside a name ('Save Harbridge Libraries')."""
    if w.upos != "VERB":
        return False
    nxt = sent.words[w.index] if w.index < len(sent.words) else None
    return not (w.text[:1].isupper() and nxt is not None and nxt.upos == "PROPN")


def clean_mention(ctx: Context, words: list[Word]) -> list[Word]:
    """Drop a dateline ('GENEVA \u2014'), leading conjunctions and edge punctuation."""
    for i, w in enumerate(words):
        if w.text in ("\u2014", "\u2013", "--") and i < len(words) - 1:
            words = words[i + 1:]
            break
    while words and (words[0].upos in ("CCONJ", "SCONJ", "PUNCT", "ADV", "ADP")
                     or words[0].text.lower() in ctx.lex.leading_words):
        words = words[1:]
    while words and words[-1].upos == "PUNCT" and not closes_bracket(words):
        words = words[:-1]
    return words


def closes_bracket(words: list[Word]) -> bool:
    """'Sen. Jane Roe (R-Ga.)': the closing bracket of a bracket the mention opens stays."""
    return words[-1].text == ")" and any(w.text == "(" for w in words[:-1])


def drop_cue_modifiers(ctx: Context, words: list[Word]) -> list[Word]:
    """'officials have repeatedly (said)': auxiliaries and adverbs before the cue."""
    while words and (words[-1].upos in ("AUX", "ADV", "PART") or words[-1].deprel in ctx.lex.cue_modifier_rels):
        words = words[:-1]
    return words


def reduced_relative(words: list[Word], k: int) -> bool:
    """'a forecast issued Monday (warned)': a past form right after a noun, inside the
    phrase before the cue, is a participle the tagger took for a finite verb."""
    w = words[k]
    return 0 < k < len(words) - 1 and words[k - 1].upos in ("NOUN", "PROPN") and "Tense=Past" in w.feats \
        and words[k + 1].upos not in ("DET", "PRON")        # 'the deal angered a contractor' has an object


def surface_before(ctx: Context, sent: Sentence, cue: Word) -> list[Word]:
    """The noun phrase between the last boundary (comma, quotation, sentence start) and the
    cue; a party label in brackets right after a name does not end it ('Sen. Jane Roe
    (R-Ky.) said'; an acronym in brackets still does: the speaker stage types a body by
    its own name)."""
    words: list[Word] = []
    before = sent.words[:cue.index - 1]
    k = len(before) - 1
    while k >= 0:
        w = before[k]
        if w.text == ")" and k and not ctx.in_quote(w):
            opening = next((j for j in range(k - 1, max(-1, k - MAX_BRACKET_WORDS), -1) if before[j].text == "("), None)
            if opening is not None and opening and before[opening - 1].upos == "PROPN" \
                    and any(x.text == "-" for x in before[opening:k]):
                words[:0] = before[opening:k + 1]
                k = opening - 1        # a party label: the name before it goes on the mention
                continue
        if ctx.in_quote(w) or w.text in BOUNDARY:
            break
        words.insert(0, w)
        k -= 1
    words = clean_mention(ctx, drop_cue_modifiers(ctx, words))
    verbs = [w for k, w in enumerate(words) if (w.upos == "VERB" and not participle(w)
                                                and not reduced_relative(words, k)) or (w.upos == "AUX" and finite(w))]
    if not words or len(words) > 12 or verbs or words[0].upos == "VERB":
        return []
    nominal = any(w.upos in ("NOUN", "PROPN", "PRON", "NUM") for w in words) or \
        (words[0].upos == "DET" and words[-1].upos in ("ADJ", "X"))   # 'an Iraqi official' mistagged
    if not nominal:
        return []
    if words[-1].upos == "PRON" and words[-1].text.lower() in ctx.lex.personal_pronouns:
        return words[-1:]
    return appositive_name(ctx, sent, words) + words


def appositive_name(ctx: Context, sent: Sentence, words: list[Word]) -> list[Word]:
    """'..., Col. Jane Roe, a military spokesman in the city, said': the name (proper nouns)
    right before the comma that opens a description the parse hangs from it as an appositive
    (relations ``appositive``), or makes a second subject of the same verb; with the
    comma, or nothing."""
    first = words[0].index
    if first < 3 or sent.words[first - 2].text != ",":
        return []
    name: list[Word] = []
    for w in reversed(sent.words[:first - 2]):
        if w.upos != "PROPN" or ctx.in_quote(w) or len(name) >= MAX_NAME_WORDS:
            break
        name.insert(0, w)
    if not name:
        return []
    inside = {w.index for w in name}
    head = next((w for w in name if w.head not in inside), name[-1])
    appositive = any(w.deprel in ctx.lex.appositive_rels and w.head in inside for w in words)
    # the parser's other reading: name and description both subjects of the cue
    both_subjects = head.deprel in ctx.lex.subject_rels and any(
        w.deprel in ctx.lex.subject_rels and w.head == head.head for w in words)
    return [*name, sent.words[first - 2]] if appositive or both_subjects else []


def surface_mention(ctx: Context, sent: Sentence, cue: Word, after_only: bool = False) -> list[Word]:
    """No subject in the parse: the noun phrase after an inverted cue, or before a trailing one."""
    after: list[Word] = []
    stopped_by_quote = False
    for w in sent.words[cue.index:]:
        if ctx.in_quote(w):
            stopped_by_quote = True
            break
        if w.text in (".", "!", "?", ":") or w.text.lower() in ctx.lex.clause_openers:
            break
        if after and after[-1].text == "," and w.text.lower() in ctx.lex.relative_pronouns:
            break                      # '..., said X, whose campaign ...': the source's relative clause
        after.append(w)
    clause = any(finite(w) for w in after)
    if after and any(w.upos in NOMINAL for w in after) and not clause \
            and not stopped_by_quote \
            and after[0].upos != "ADP" and after[0].text.lower() not in ctx.lex.listeners:
        while after and after[-1].text in (",", ";"):
            after.pop()
        return after
    if after_only:
        return []
    before: list[Word] = []
    for w in reversed(sent.words[:cue.index - 1]):
        if ctx.in_quote(w) or w.text in (",", ";", ":", "\u2014"):
            break
        before.insert(0, w)
    before = [w for w in before if w.upos != "AUX" and w.deprel != "advmod"]
    if any(w.upos in ("NOUN", "PROPN", "PRON", "DET", "NUM") for w in before):
        return before
    return []


def leading_subject(ctx: Context, sent: Sentence, cue: Word) -> list[Word]:
    """A subject at the start of the sentence, or right after a quotation that opens it
    ('"...," a senior officer, who was not authorised to speak, told reporters'), relative
    clauses taken out. The parser often hangs such a subject from the quotation's verb."""
    words = list(sent.words[:cue.index - 1])
    quoted = [k for k, w in enumerate(words) if ctx.in_quote(w)]
    after_quote = bool(quoted) and quoted[0] == 0 and words[0] is sent.words[0]
    if after_quote:
        words = words[quoted[-1] + 1:]
        if any(ctx.in_quote(w) for w in words):
            return []
    words = clean_mention(ctx, words)
    if not words or ctx.in_quote(words[0]):
        return []
    out, skipping = [], None
    for i, w in enumerate(words):
        if w.text in ASIDE_MARKS and i + 1 < len(words) and words[i + 1].text.lower() in ctx.lex.relative_pronouns:
            skipping = w.text         # ', who leads the group,' / '— who was posted there —'
            continue
        if skipping:
            if w.text == skipping or (w.text in ASIDE_MARKS and skipping != ","):
                skipping = None
            continue
        out.append(w)
    while out and (out[-1].upos in ("AUX", "ADV", "PART", "PUNCT") or out[-1].deprel in ctx.lex.cue_modifier_rels) \
            and not closes_bracket(out):
        out.pop()
    if not out or len(out) > (MAX_MENTION_AFTER_QUOTE if after_quote else MAX_MENTION) \
            or any(ctx.in_quote(w) for w in out):
        return []
    if any(verbish(sent, w) and "VerbForm=Fin" in w.feats for w in out) or verbish(sent, out[0]):
        return []
    head_words = out[:next((k for k, w in enumerate(out) if w.text == ","), len(out))]
    if any(w.upos == "AUX" and finite(w) for w in head_words):
        # a clause, not a subject: 'the walk-ins were the third time X (said)'; for a
        # participle after it ('X was furious, insisting ...') its subject is the source
        return main_subject(ctx, sent, cue, head_words)
    if not any(w.upos in NOMINAL for w in out):
        return []
    return from_subject(ctx, sent, cue, out)


def comma_participle(sent: Sentence, cue: Word) -> bool:
    """', insisting ...': a present participle right after a comma."""
    return ("VerbForm=Ger" in cue.feats or ("VerbForm=Part" in cue.feats and "Tense=Pres" in cue.feats)) \
        and cue.index > 1 and sent.words[cue.index - 2].text == ","


def main_subject(ctx: Context, sent: Sentence, cue: Word, words: list[Word]) -> list[Word]:
    """'Athletic manager Jane Roe was furious, insisting ...': for a participle after a
    comma, the noun phrase before the main clause's first finite verb."""
    if not comma_participle(sent, cue):
        return []
    first = next((k for k, w in enumerate(words) if finite(w)), 0)
    subject = words[:first]
    if not subject or any(w.upos in ("VERB", "AUX", "SCONJ", "ADP") for w in subject) \
            or not any(w.upos in NOMINAL for w in subject):
        return []
    return subject


def from_subject(ctx: Context, sent: Sentence, cue: Word, words: list[Word]) -> list[Word]:
    """'In a meeting with the board on Monday Jane Roe said': the phrase before the
    subject's own words is no part of the mention."""
    subject = subject_of(ctx, sent, cue)
    if subject is None or subject not in words or words[0].index < 2:
        return words
    if sent.words[words[0].index - 2].upos != "ADP" and words[0].upos != "ADP":
        return words                   # only a leading prepositional phrase: 'people familiar with'
    first = min(w.index for w in sent.subtree(subject.index))
    out = [w for w in words if w.index >= first]
    name = appositive_name(ctx, sent, out) if out else []
    if name and all(w in words for w in name):
        return name + out              # 'On Monday, Jane Roe, a lawyer for the family, said'
    return out or words


def mention_words(ctx: Context, sent: Sentence, source: Word, cue: Word | None = None) -> list[Word]:
    """The words of a source's phrase in the parse, without its relative clause."""
    words = sent.subtree(source.index, skip=ctx.lex.mention_skip_rels)
    if cue is not None:
        below_cue = {w.index for w in sent.subtree(cue.index)} if cue.head != source.index else {cue.index}
        if source.index not in below_cue:
            words = [w for w in words if w.index != cue.index and not
                     (w.index in below_cue and w.head == cue.index)]
    return clean_mention(ctx, [w for w in words if not ctx.in_quote(w)])


def speech_mention(ctx: Context, sent: Sentence, cue: Word, source: Word | None,
                   look_after: bool = True) -> list[Word]:
    """The words naming the source of a speech cue. The surface shapes come first,
    because they survive parser errors; the parse's subject is the fall-back."""
    relative = source if source is not None else subject_of(ctx, sent, cue)
    if relative is not None and relative.text.lower() in ctx.lex.relative_pronouns and relative.index < cue.index \
            and cue.deprel in ctx.lex.relative_clause_rels:
        return [relative]              # 'an architect who said ...': the speaker stage resolves 'who'
    if relative is not None and relative.upos == "PRON" and relative.text.lower() in ctx.lex.clause_openers \
            and relative.index < cue.index and cue.deprel in ctx.lex.relative_clause_rels and cue.head:
        antecedent = mention_words(ctx, sent, sent.word(cue.head), cue)
        while antecedent and antecedent[0].upos not in (*NOMINAL, "DET", "ADJ", "NUM"):
            antecedent = antecedent[1:]        # 'including big firms that ...'
        if antecedent:
            return antecedent          # 'big firms that warn ...': the noun the clause modifies
    first = shared_cue(ctx, sent, cue)
    if first is not None:
        shared = speech_mention(ctx, sent, first, None, look_after)
        if shared:
            return shared              # X said A, adding that B: X
    after = surface_mention(ctx, sent, cue, after_only=True) if look_after else []
    anchor = anchor_verb(ctx, sent, cue)
    if after and inverted(ctx, sent, cue) and not leading_subject(ctx, sent, anchor):
        return after                   # "...," said Jane Roe, an analyst at a think tank.
    before = from_subject(ctx, sent, anchor, surface_before(ctx, sent, anchor))
    if before:
        return before                  # ..., a Western diplomat in Baghdad told AFP.
    leading = leading_subject(ctx, sent, anchor)
    if leading:
        return leading                 # John Doe, who leads the group, called ...
    src = source if source is not None else subject_of(ctx, sent, cue)
    listener = src is not None and src.deprel in ctx.lex.object_rels and src.text.lower() in ctx.lex.listeners
    if src is not None and not listener:
        dep = mention_words(ctx, sent, src, cue)
        if dep:
            return dep
    if not after and comma_participle(sent, cue):
        root = next((w for w in sent.words if w.head == 0), None)
        subject = next((c for c in sent.children(root.index) if c.deprel in ctx.lex.subject_rels
                        and c.index < cue.index and not ctx.in_quote(c)), None) if root is not None else None
        if subject is not None:
            return mention_words(ctx, sent, subject)   # 'X appeared ... and endorsed Y, saying, "..."'
    return after


def phrase_after(ctx: Context, sent: Sentence, word: Word) -> list[Word]:
    """'according to a UN report published last month' -> to, a UN report: the words after
    ``word`` up to a boundary or a participle that is not followed by its agent."""
    out: list[Word] = []
    words = sent.words[word.index - 1:]
    for k, w in enumerate(words):
        if w.text in (",", ".", ";", ":", "!", "?") or ctx.in_quote(w):
            break
        agent = k + 1 < len(words) and words[k + 1].text.lower() in ctx.lex.agent_markers
        if out and len(out) > 1 and w.upos == "VERB" and not agent:
            break                      # 'published last month' is not the source; 'compiled by X' is
        out.append(w)
    return out


def speaker_from(ctx: Context, words: list[Word]) -> Speaker:
    words = [w for w in words if w.text not in (",", ";")] if len(words) == 1 else words
    while words and words[-1].text in (",", ";", ".", ":"):
        words = words[:-1]
    while words and words[0].text in (",", ";", ":"):
        words = words[1:]
    if not words:
        return Speaker()
    span = Span(words[0].start, words[-1].end)
    text = fold(ctx.text[span.start:span.end]).strip(" ,;:")
    return Speaker(mention=text or None, mention_span=span)


def reduced_relative_source(words: list[Word], source: Word) -> list[Word]:
    """'a decision campaigners described as cruel': an indefinite article cannot go with a
    plural source; the article and the nouns after it are the noun the clause modifies."""
    if len(words) > 1 and words[0].upos == "DET" and "Definite=Ind" in words[0].feats \
            and "Number=Plur" in source.feats and words[-1] is source \
            and all(w.upos in ("NOUN", "PROPN", "DET") for w in words[1:-1]) and len(words) > 2:
        return [source]
    return words


def no_source(ctx: Context, words: list[Word]) -> bool:
    """'according to (the) plan', 'according to schedule': the phrase's head is one of the
    nouns of [according_to] that name no source."""
    nouns = [w for w in words if w.upos in ("NOUN", "PROPN")]
    return bool(nouns) and nouns[-1].lemma.lower() in ctx.lex.not_sources


def source_like(words: list[Word]) -> bool:
    """A determiner, a name, a number or a plural: 'a UN report', 'police', 'figures'."""
    return any(w.upos in ("DET", "PROPN", "NUM", "PRON") or "Number=Plur" in w.feats for w in words)


# -- the cue clause and the content around it ---------------------------------------------------

def phrase_part(ctx: Context, sent: Sentence, head: Word) -> list[Word]:
    """A dependent's words up to the first clause boundary: a misparsed 'in a statement'
    must not swallow the 'that ...' clause after it."""
    out = []
    for w in sent.subtree(head.index):
        if w.index < head.index:
            out.append(w)
            continue
        if ctx.in_quote(w) or w.text in (",", ":", ";") or \
                w.text.lower() in ctx.lex.clause_openers or w.text.lower() in ctx.lex.interrogatives or \
                (w.upos in ("VERB", "AUX") and "VerbForm=Fin" in w.feats):
            break
        out.append(w)
    return out


def core_words(ctx: Context, sent: Sentence, cue: Word, mention: list[Word], extra: Sequence[Word] = (),
               dependents: bool = True) -> list[Word]:
    """The cue clause: cue, mention, listener, time and place words; not the content.
    ``extra`` words belong to it too; ``dependents`` takes the cue's own dependents in."""
    lex = ctx.lex
    words = {cue.index: cue}
    for w in [*mention, *extra]:
        words[w.index] = w
    if dependents:
        # ', an official said.': a dependent before the comma belongs to the reported
        # clause however the parser attached it ('Ahead of the visit, ...')
        first = min((w.index for w in mention), default=cue.index) \
            if mention and trailing_shape(ctx, sent, cue) else 0
        for child in sent.children(cue.index):
            if child.deprel in lex.clausal_rels or child.deprel == "punct" or child.index < first:
                continue
            if ctx.in_quote(child) and child.index < cue.index:
                continue               # '"... Probably not," Ms. Roe said': quoted words are content
            if child.index < cue.index and ctx.quotes_between(child.end, cue.start):
                # (the subtree is read only when a quotation stands between: cue clauses are many)
                phrase_end = max(w.end for w in sent.subtree(child.index) if w.upos != "PUNCT")
                if any(phrase_end <= ctx.quotes[q].outer.start and ctx.quotes[q].outer.end <= cue.start
                       for q in ctx.quotes_between(phrase_end, cue.start)):
                    continue           # 'As for cost, "...," X said': a quotation parts it from the cue
            if child.deprel in lex.object_rels and not (child.text.lower() in lex.listeners
                                                        or child.upos in ("PROPN", "PRON")
                                                        or before_complementiser(ctx, sent, child)):
                continue
            if child.deprel in lex.subject_rels and mention:
                continue
            for w in phrase_part(ctx, sent, child):
                words[w.index] = w
    # the core is one stretch of text: fill the gaps up to the cue, then keep only
    # the dependents that follow the cue without a gap
    lo = min(words)
    for w in sent.words[lo - 1:cue.index]:
        words.setdefault(w.index, w)
    hi = cue.index
    while hi + 1 in words:
        hi += 1
    return sorted((w for i, w in words.items() if i <= hi and not ctx.in_quote(w)), key=lambda w: w.index)


def before_complementiser(ctx: Context, sent: Sentence, obj: Word) -> bool:
    """'told the inquest that ...', 'asked the minister whether ...': an object right before a
    complementiser or an interrogative word is who was told or asked, part of the cue
    clause, whatever the noun."""
    last = max((w.index for w in phrase_part(ctx, sent, obj)), default=obj.index)
    nxt = sent.words[last] if last < len(sent.words) else None
    if nxt is None or ctx.in_quote(nxt):
        return False
    if nxt.text.lower() in ctx.lex.interrogatives:     # not 'the club where the killing occurred'
        return nxt.head == 0 or sent.word(nxt.head).deprel not in ctx.lex.relative_clause_rels
    return nxt.text.lower() in ctx.lex.complementisers and nxt.upos == "SCONJ"


def infinitive_of(ctx: Context, sent: Sentence, cue: Word) -> list[Word]:
    """'vowed to punish ...', 'urged his followers to stay calm': the infinitive a cue of
    [infinitive_takers] governs after it, its object included (from the cue on)."""
    if not ctx.lemma_in(cue, ctx.lex.infinitive_takers):
        return []
    if cue.deprel == "conj" and cue.head and ctx.cue_class(sent.word(cue.head)) is not None \
            and not any(c.deprel in ctx.lex.subject_rels for c in sent.children(cue.index)):
        return []                  # 'called X "..." and urged Y to ...': one attribution, the first cue's
        #                            ('..., and he urged Y to ...' has its own subject: its own attribution)
    xcomp = next((c for c in sent.children(cue.index) if c.deprel in ctx.lex.infinitive_rels and c.start > cue.start
                  and any(m.upos == "PART" for m in sent.children(c.index) if m.start < c.start)), None)
    if xcomp is None or ctx.in_quote(xcomp):
        return []
    if any(c.lemma.lower() in ctx.lex.negation_governors for c in sent.children(xcomp.index)) \
            or any(c.deprel in ctx.lex.passive_rels for c in sent.children(cue.index)):
        return []                  # 'asked not to be named', 'was told to leave': no speech
    words = [w for w in sent.subtree(xcomp.index) if w.text not in SENTENCE_END]
    while words and words[-1].upos == "PUNCT" and not ctx.in_quote(words[-1]):
        words = words[:-1]
    return words


def object_said(ctx: Context, sent: Sentence, cue: Word) -> list[Word]:
    """'has denied any wrongdoing', 'promised lower taxes': the noun-phrase object of a cue
    of [object_takers] is what was said (up to a comma or a clause)."""
    if not ctx.lemma_in(cue, ctx.lex.object_takers):
        return []
    obj = next((c for c in sent.children(cue.index) if c.deprel in ctx.lex.object_rels and c.start > cue.start
                and c.upos in ("NOUN", "PROPN", "NUM")), None)
    if obj is None or obj.text.lower() in ctx.lex.listeners:
        return []
    words = []
    for w in sent.subtree(obj.index):
        if w.index < obj.index and w.start < cue.end:
            continue
        if w.index > obj.index and not ctx.in_quote(w) and (w.text in BOUNDARY or w.text in SENTENCE_END):
            break
        words.append(w)
    # 'accused the firm of hiding losses': a clause of the cue right after the object that
    # a preposition or subordinator opens belongs to what was said
    nxt = sent.words[words[-1].index] if words and words[-1].index < len(sent.words) else None
    if nxt is not None and nxt.upos in ("ADP", "SCONJ") and not ctx.in_quote(nxt):
        dependent = sent.word(nxt.head) if nxt.head else None
        if dependent is not None and dependent.head == cue.index and dependent.start > nxt.start \
                and dependent.upos == "VERB":              # 'of hiding losses', not 'in his speech'
            for w in sent.subtree(dependent.index):
                if w.start < nxt.start:
                    continue
                if not ctx.in_quote(w) and (w.text in BOUNDARY or w.text in SENTENCE_END):
                    break
                words.append(w)
    taken = {w.index for w in words}
    if any(ctx.in_quote(w) and w.upos != "PUNCT" and w.index not in taken
           for w in sent.subtree(cue.index) if w.start > obj.start):
        return []          # 'blamed the delays on "a handful of officials"': the quoted words are AT106's
    if any(w.start > obj.start and w.upos == "VERB" and ctx.cue_class(w) is not None
           and shared_cue(ctx, sent, w) is cue for w in sent.words):
        return []          # 'denied the accusation, saying ...': the participle carries what was said
    return words if len(words) >= MIN_CLAUSE_TAIL else []


def topic_said(ctx: Context, sent: Sentence, cue: Word) -> list[Word]:
    """'complained about his microphone', 'asked the senator about her emails', 'joked about
    moving abroad': the topic a cue of [topic_takers] names in a prepositional phrase or a
    gerund clause right after it (or its object)."""
    if not ctx.lemma_in(cue, ctx.lex.topic_takers):
        return []
    for c in sent.children(cue.index):
        gerund = c.upos == "VERB" and ("VerbForm=Ger" in c.feats or ("VerbForm=Part" in c.feats and "Tense=Pres" in c.feats))
        if (c.deprel not in ctx.lex.topic_rels and not gerund) or c.start < cue.end or ctx.in_quote(c):
            continue
        if not any(m.text.lower() in ctx.lex.topic_prepositions for m in sent.children(c.index) if m.start < c.start):
            continue                   # 'joked in the dressing room': a place, no topic
        words = [w for w in sent.subtree(c.index)
                 if not (w.head == c.index and w.start < c.start and w.upos in ("ADP", "SCONJ"))]
        between = [w for w in sent.words if cue.end <= w.start and w.end <= c.start and w not in words]
        if len(between) > TOPIC_GAP_WORDS or not words:
            continue
        out = []
        for w in words:
            if not ctx.in_quote(w) and (w.text in BOUNDARY or w.text in SENTENCE_END):
                break
            out.append(w)
        return out if len(out) >= MIN_CLAUSE_TAIL else []
    return []


def verb_within(rest: list[Word]) -> bool:
    """A verb among the first words of the rest, before any comma: 'the two raised $5m'."""
    for w in rest[:MAX_CLAUSE_VERB]:
        if w.text in BOUNDARY:
            return False
        if w.upos in ("VERB", "AUX") and w is not rest[0]:
            return True
    return False


def parenthetical(ctx: Context, sent: Sentence, before: list[Word], start: int, end: int,
                  rest: list[Word]) -> bool:
    """'A, X said, B': a cue clause between commas after a phrase with no finite verb of its
    own (the reported clause's subject: 'The plan', 'Riding alone at night', 'Part of the
    problem in detecting leaks') and before the rest of that clause."""
    words = [w for w in before if w.upos != "PUNCT"]
    return bool(words) and bool(rest) and ctx.text[before[-1].end:start].strip() in ("", ",") \
        and before[-1].text == "," and ctx.text[end:rest[0].start].strip() == "," \
        and not any(finite(w) or w.upos == "AUX" or ctx.in_quote(w) for w in words) \
        and any(w.upos in NOMINAL for w in words) and len(words) <= MAX_MENTION


def rest_after(ctx: Context, sent: Sentence, end: int) -> list[Word]:
    """The words after the cue clause, without the sentence end and a leading complementiser."""
    rest = [w for w in sent.words if w.start >= end and w.text not in SENTENCE_END]
    while rest and (rest[0].text in (",", ":", ";") or rest[0].text.lower() in ctx.lex.complementisers):
        rest = rest[1:]
    # 'X estimates Y; the other centre puts it lower': a semicolon ends the reported clause
    stop = next((k for k, w in enumerate(rest) if w.text == ";" and not ctx.in_quote(w)), len(rest))
    return rest[:stop]


def after_that(ctx: Context, sent: Sentence, end: int) -> list[Word]:
    """'told reporters outside the court house that ...': the clause after a
    complementiser a few words after the cue clause, whatever the parse attached."""
    rest = [w for w in sent.words if w.start >= end and w.text not in SENTENCE_END]
    for k, w in enumerate(rest[:12]):
        aside = w.text == "," and all(x.text == "," or x.upos == "ADV" for x in rest[:k + 1])
        if (w.text == "," and not aside) or finite(w):
            return []
        clause_follows = any(finite(x) for x in rest[k + 1:k + 12]) \
            and not (k and rest[k - 1].upos in ("NOUN", "PROPN") and w.upos != "SCONJ")   # 'a development that'
        if w.text.lower() in ctx.lex.complementisers and (w.upos == "SCONJ" or clause_follows) \
                and k + 1 < len(rest):
            return rest[k + 1:]
    return []


def cue_is_trailing(before: list[Word], after: list[Word]) -> bool:
    return len(before) > 3 * max(1, len(after))


def is_adjunct(w: Word) -> bool:
    """'..., the people said, asking not to be identified': a participle after the cue
    clause describes the speaking, it is not what was said."""
    return w.upos == "VERB" and participle(w)


def span_of(words: list[Word]) -> Span:
    return Span(words[0].start, words[-1].end)


# -- quotations ------------------------------------------------------------------------------

def adjacent_quotes(ctx: Context, start: int, end: int, paragraph: int) -> tuple[int | None, int | None]:
    """The unused quotations right before and right after the cue clause [start, end)."""
    para = ctx.article.paragraphs[paragraph]
    before = after = None
    text = ctx.text
    # the last quotation of the paragraph closed before the clause that passes (quotations
    # are sorted: search back from the clause, not through the story)
    for i in reversed(ctx.quotes_before(start)):
        q = ctx.quotes[i]
        if q.outer.start < para.start:
            break
        if i in ctx.used_quotes:
            continue
        # a nested quotation may close with the outer one: '... put this off,\'\'\' he said'
        inner_end = text[q.inner.start:q.inner.end].rstrip().rstrip(NESTED_CLOSE)[-1:]
        if BETWEEN_BEFORE.match(text[q.outer.end:start]) \
                and (inner_end in ",!?\u2014-" or "," in text[q.outer.end:start]):
            before = i
            break
    # the first quotation after it that passes: in this paragraph, or opening the next one
    paragraphs = ctx.article.paragraphs
    nxt = paragraphs[paragraph + 1] if paragraph + 1 < len(paragraphs) else None
    for i in ctx.quotes_from(end):
        q = ctx.quotes[i]
        if q.outer.start > para.end and (nxt is None or text[nxt.start:q.outer.start].strip()):
            break                      # past the paragraph and not opening the next one: none later can
        if i in ctx.used_quotes:
            continue
        if (q.outer.start <= para.end and ctx.lex.between_after.match(text[end:q.outer.start])) \
                or opens_next_paragraph(ctx, paragraph, end, q):
            after = i
            break
    return before, after


def words_leading_to_quote(ctx: Context, sent: Sentence, quote: Quote) -> list[Word]:
    """The words of the sentence before a quotation when they open the clause it ends:
    from the sentence start, none quoted, no cue word and no colon among them, a finite
    verb among them or inside the quotation ('The bill's failure was "heartbreaking,"')."""
    if quote.outer.start < sent.start:
        return []
    words = [w for w in sent.words if w.end <= quote.outer.start]
    words = [w for w in words if not (w.upos == "PUNCT" and w is words[0])]
    if len(words) < MIN_CLAUSE_TAIL or any(ctx.in_quote(w) or w.text in (":", ";") or
                                           (w.upos == "VERB" and ctx.cue_class(w) is not None) for w in words):
        return []
    if words[-1].text in BOUNDARY or not any(finite(w) for w in words):
        return []                    # 'Back home, "..."': an introductory phrase, not the clause
    return words


def clause_after_quote(ctx: Context, sent: Sentence, cue: Word, quote: Quote) -> list[Word]:
    """The words that carry on the reported clause right after a quotation ('"a bomb" had
    gone off in the city'): none when punctuation follows the quotation or the quotation
    runs past the sentence."""
    if quote.outer.end > sent.end or not ctx.text[quote.outer.end:quote.outer.end + 2].strip()[:1].isalnum():
        return []
    if ctx.text[quote.inner.start:quote.inner.end].rstrip()[-1:] in ",.!?":
        return []                      # '"What a night!" and said ...': the quoted words end their clause
    rest = [w for w in sent.words if w.start >= quote.outer.end and w.text not in SENTENCE_END]
    if rest and rest[0].text.lower() in ctx.lex.adverbial_openers:
        return []                      # '"no contract, no peace" after the talks failed': an adverbial clause
    stop = next((k for k, w in enumerate(rest) if w.text == ";" and not ctx.in_quote(w)), len(rest))
    rest = before_shared_cue(ctx, sent, cue, rest[:stop])
    while rest and rest[-1].upos == "PUNCT" and not ctx.in_quote(rest[-1]):
        rest = rest[:-1]
    return rest if len(rest) >= MIN_CLAUSE_TAIL else []


def colon_quote(ctx: Context, sent: Sentence, end: int, max_gap: int = MAX_COLON_GAP_WORDS) -> int | None:
    """The unused quotation a colon ending the sentence's clause introduces: right after the
    colon, in the same paragraph or opening the next one; the colon at most ``max_gap``
    words after the cue clause."""
    colon = next((w for w in sent.words if w.start >= end and w.text == ":" and not ctx.in_quote(w)), None)
    if colon is None or len(ctx.text[end:colon.start].split()) > max_gap:
        return None
    if any(finite(w) or (w.upos == "VERB" and w.deprel not in ctx.lex.adjectival_rels)
           for w in sent.words if end <= w.start < colon.start):
        return None                    # the colon ends another verb's clause: '..., who used it, said:'
    for i in ctx.quotes_from(colon.end):
        q = ctx.quotes[i]
        if i in ctx.used_quotes:
            continue
        gap = ctx.text[colon.end:q.outer.start]
        return i if not gap.strip() and gap.count("\n") <= PARAGRAPH_BREAK_NEWLINES else None
    return None


def quote_continues(ctx: Context, qi: int) -> bool:
    """'"We cut taxes," the senator says': a quotation ending in a comma inside its marks goes
    on with its own cue clause."""
    q = ctx.quotes[qi]
    return ctx.text[q.inner.start:q.inner.end].rstrip().rstrip(NESTED_CLOSE).endswith(",")


def manner_of_speaking(ctx: Context, sent: Sentence, cue: Word) -> set[int]:
    """'exclaimed upon seeing him', 'continued, prompting loud cheers', 'shouted from the
    bench': the words of the verb's dependents after it by a relation of
    ``manner_of_speaking`` that hold no quotation and no clause with a subject of its own."""
    out: set[int] = set()
    for c in sent.children(cue.index):
        if c.start < cue.end or c.deprel not in ctx.lex.manner_rels:
            continue
        words = sent.subtree(c.index)
        if any(ctx.in_quote(w) or (w.deprel in ctx.lex.subject_rels and w.head != cue.index) for w in words):
            continue
        out |= {w.index for w in words}
    return out


def opens_next_paragraph(ctx: Context, paragraph: int, end: int, quote: Quote) -> bool:
    """'X said:' / 'X told the council:' ends its paragraph and the next one opens with the
    quotation: X's (the carry-over of a speaker introduced just before)."""
    paragraphs = ctx.article.paragraphs
    if paragraph + 1 >= len(paragraphs):
        return False
    nxt = paragraphs[paragraph + 1]
    gap = ctx.text[end:paragraphs[paragraph].end].strip()
    return gap.endswith(":") and len(gap.split()) <= MAX_COLON_GAP_WORDS and \
        ctx.text[nxt.start:quote.outer.start].strip() == ""


def block_quoted_paragraph(ctx: Context, sent: Sentence, end: int) -> Span | None:
    """'The governor added:' ends its paragraph with a colon right after the cue clause and
    the next paragraph, with no quotation mark, is the words it introduces (a block
    quotation whose marks the page dropped): that paragraph's span."""
    paragraphs = ctx.article.paragraphs
    if sent.paragraph + 1 >= len(paragraphs) or ctx.text[end:paragraphs[sent.paragraph].end].strip() != ":":
        return None
    nxt = paragraphs[sent.paragraph + 1]
    if any(ctx.quotes[q].outer.start <= nxt.start + 1 for q in ctx.quotes_between(nxt.start, nxt.start + 1)):
        return None                    # it opens with a quotation: the quotation rules' case
    body = ctx.text[nxt.start:nxt.end]
    if not body.strip():
        return None
    return Span(nxt.start + len(body) - len(body.lstrip()), nxt.start + len(body.rstrip()))


def widen_to_quotes(ctx: Context, span: Span) -> Span:
    """A content span that cuts a quotation in two takes the whole quotation."""
    s, e = span.start, span.end
    for i in ctx.quotes_between(s, e):
        q = ctx.quotes[i]
        if q.outer.start < e <= q.outer.end - 1 and q.outer.start >= s:
            e = q.outer.end
        if q.outer.start + 1 <= s < q.outer.end and q.outer.end <= e:
            s = q.outer.start
    return Span(s, e)


def kind_of(ctx: Context, spans: list[Span]) -> str:
    near = {i for s in spans for i in ctx.quotes_between(s.start, s.end + 1)}
    inside = [q for q in map(ctx.quotes.__getitem__, sorted(near))
              if any(s.start <= q.outer.start and q.outer.end <= s.end + 1 for s in spans)]
    if not inside:
        return "indirect"
    quoted = sum(len(q.inner) for q in inside)
    total = sum(len(s) for s in spans)
    return "direct" if quoted >= total - 4 else "partial"


def trim(ctx: Context, span: Span, kind: str) -> Span:
    s, e = span.start, span.end
    text = ctx.text
    dateline = DATELINE.match(text, s, e)
    if dateline:
        s = dateline.end()
    if kind != "direct":
        m = ctx.lex.leading_junk.match(text[s:e])
        if m:
            s += m.end()
    while s < e and text[s] in EDGE_PUNCT:
        s += 1
    while e > s and text[e - 1] in EDGE_PUNCT + ".":
        if text[e - 1] == "." and kind == "direct":
            break
        e -= 1
    return Span(s, e)


def starts_paragraph(ctx: Context, quote: Quote) -> bool:
    """The quotation opens its paragraph."""
    para = ctx.article.paragraphs[ctx.article.paragraph_of(quote.outer.start)]
    return not ctx.text[para.start:quote.outer.start].strip()


def starts_sentence(ctx: Context, qi: int) -> bool:
    q = ctx.quotes[qi]
    para = ctx.article.paragraphs[ctx.article.paragraph_of(q.outer.start)]
    before = ctx.text[para.start:q.outer.start].rstrip()
    return not before or before[-1] in ".!?:\u201d\""


def ends_sentence(ctx: Context, qi: int) -> bool:
    q = ctx.quotes[qi]
    para = ctx.article.paragraphs[ctx.article.paragraph_of(q.outer.start)]
    after = ctx.text[q.outer.end:para.end].strip()
    inner = ctx.text[q.inner.start:q.inner.end].rstrip()
    return (not after or after[0] in ".!?\"\u201c") and inner[-1:] in ".!?,"
