"""Finding attributions: cue words, their content and the words that name the source.

Input: an article, its parse, its quotations and the rules. Output: ``Attribution``
objects whose speaker has only ``mention`` filled; ``speakers.py`` resolves and types it.

How a cue becomes an attribution (each step names the rule code it records):
1. cue words: lemmas of the cue lexicon outside quotations, not negated (rules/cues.toml);
2. a quotation right after or right before the cue clause is the content (AT201, AT202),
   and quotations that follow it with no cue of their own join it (split quotations);
3. otherwise the dependency rules of rules/patterns.toml give the content clause
   (AT101 complement, AT102 trailing/parenthetical, AT103 according to, AT104
   characterising verb);
4. left-over quotations: a whole-sentence quotation after an attributed one continues
   that speaker (AT203); one with no speaker before it is unattributed (AT301).
"""
from __future__ import annotations

import bisect
import re

import attrs

from .model import Article, Attribution, Parse, Quote, Sentence, Span, Speaker, Word
from .ruleset import Rule, Rules

CONTENT_RELS = frozenset({"ccomp", "parataxis", "conj", "cc", "advcl", "xcomp", "csubj"})
PERSONAL = frozenset({"he", "she", "they", "it", "we", "i"})
EDGE_PUNCT = " \t\n,;:\u2014\u2013-"
_BETWEEN_AFTER = re.compile(r"^[\s,:;\u2014\u2013-]*(that\b)?[\s,:]*$", re.I)
_BETWEEN_BEFORE = re.compile(r"^[\s,\u2014\u2013-]*$")
_DATELINE = re.compile(r"[A-Z][A-Z/ .,'-]{2,40}\s*[\u2014\u2013]\s*")
_LEADING_JUNK = re.compile(r"^(that|and|but|so|,|:|;|\s)+", re.I)


@attrs.frozen
class Match:
    rule: Rule
    sent_index: int
    cue: Word
    source: Word | None
    content: Word | None


def fold(text: str) -> str:
    return " ".join(text.split())


class Finder:
    """Runs the cue rules over one article."""

    def __init__(self, article: Article, parse: Parse, quotes: list[Quote], rules: Rules):
        self.article = article
        self.text = article.clean
        self.parse = parse
        self.quotes = quotes
        self.rules = rules
        cues = rules.data["cues"]
        self.speech = rules.cue_lemmas("speech")
        self.evaluative = rules.cue_lemmas("evaluative")
        self.listeners = {w.lower() for w in cues.get("listeners", {}).get("words", ())}
        self.not_speech = {tuple(p.split()) for p in cues.get("not_speech", {}).get("pairs", ())}
        neg = cues.get("negation", {})
        self.neg_governors = set(neg.get("governors", ()))
        self.neg_objects = set(neg.get("cue_objects", ()))
        self.used_quotes: set[int] = set()
        self.quote_starts = [q.outer.start for q in quotes]     # quotes are sorted and disjoint
        self._cue_classes: dict[tuple[str, str, str], str | None] = {}

    # -- helpers -------------------------------------------------------------------------
    def quote_at(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.quote_starts, offset) - 1
        if i >= 0 and offset < self.quotes[i].outer.end:
            return i
        return None

    def in_quote(self, word: Word) -> bool:
        return self.quote_at(word.start) is not None

    def cue_class(self, word: Word) -> str | None:
        if word.upos != "VERB":
            return None
        key = (word.lemma, word.text, word.upos)
        if key not in self._cue_classes:
            found = None
            for lemma in lemma_candidates(word):
                if lemma in self.speech:
                    found = "speech"
                    break
                if lemma in self.evaluative:
                    found = "evaluative"
                    break
            self._cue_classes[key] = found
        return self._cue_classes[key]

    def negated(self, sent: Sentence, cue: Word) -> bool:
        """declined to comment, did not respond, refused to say whether ...; and actions
        that are not speech: claimed responsibility."""
        for child in sent.children(cue.index):
            if (cue.lemma.lower(), child.lemma.lower()) in self.not_speech:
                return True
        if self.text[max(0, cue.start - 1):cue.start] == "-":
            return True                        # so-called, much-quoted: adjectives
        for child in sent.children(cue.index):
            if child.deprel == "advmod" and child.lemma.lower() in self.neg_governors:
                return True
            if child.deprel in ("obl", "obj") and child.lemma.lower() in self.neg_objects \
                    and cue.lemma.lower() in ("respond", "reply", "answer", "comment", "return"):
                return True
        if cue.lemma.lower() in ("comment",):
            return True
        w = cue
        for _ in range(3):               # climb xcomp chains: declined to (be able to) comment
            if w.head == 0 or w.deprel not in ("xcomp", "ccomp"):
                break
            w = sent.word(w.head)
            if w.lemma.lower() in self.neg_governors:
                return True
        return False

    # -- dependency matching ---------------------------------------------------------------
    def node_ok(self, word: Word, node: dict, cue: Word | None) -> bool:
        if "cue_class" in node and self.cue_class(word) not in node["cue_class"]:
            return False
        if "not_cue_class" in node and self.cue_class(word) in node["not_cue_class"]:
            return False
        if "lemma" in node and word.lemma.lower() not in node["lemma"]:
            return False
        if "lower" in node and word.text.lower() not in node["lower"]:
            return False
        if "upos" in node and word.upos not in node["upos"]:
            return False
        if cue is not None and "side" in node and word is not cue:
            if node["side"] == "after" and word.start < cue.start:
                return False
            if node["side"] == "before" and word.start > cue.start:
                return False
        return True

    def candidates(self, sent: Sentence, node: dict, assigned: dict) -> list[Word]:
        rels = node.get("rel")
        if "parent" in node:
            parent = assigned.get(node["parent"])
            if parent is None:
                return []
            kids = [w for w in sent.children(parent.index) if rels is None or w.deprel in rels]
            return sorted(kids, key=lambda w: rels.index(w.deprel) if rels else 0)
        if "child" in node:
            child = assigned.get(node["child"])
            if child is None or child.head == 0 or (rels is not None and child.deprel not in rels):
                return []
            return [sent.word(child.head)]
        return list(sent.words)

    def match_rule(self, rule: Rule, sent: Sentence) -> list[dict]:
        nodes = rule.nodes
        found: list[dict] = []

        def walk(i: int, assigned: dict):
            if i == len(nodes):
                found.append(dict(assigned))
                return
            node = nodes[i]
            hit = False
            anchor = "parent" not in node and "child" not in node
            for w in self.candidates(sent, node, assigned):
                if w in assigned.values() or not self.node_ok(w, node, assigned.get("cue")):
                    continue
                before = len(found)
                assigned[node["id"]] = w
                walk(i + 1, assigned)
                del assigned[node["id"]]
                if len(found) > before:
                    hit = True
                    if not anchor:
                        break             # first candidate in rule order that completes a match
            if not hit and node.get("optional"):
                assigned[node["id"]] = None
                walk(i + 1, assigned)
                del assigned[node["id"]]

        walk(0, {})
        return found

    def matches(self) -> list[Match]:
        out, taken = [], set()
        dep_rules = [r for r in self.rules.rules if r.kind == "dependency"]
        for si, sent in enumerate(self.parse.sentences):
            for rule in dep_rules:
                for m in self.match_rule(rule, sent):
                    cue = m["cue"]
                    key = (si, cue.index)
                    if key in taken or self.in_quote(cue) or \
                            (rule.code != "AT103" and self.initial_participle(sent, cue)):
                        continue
                    if rule.code != "AT103" and self.negated(sent, cue):
                        continue
                    taken.add(key)
                    out.append(Match(rule, si, cue, m.get("source"), m.get("content")))
            # a cue word that no dependency rule matched can still introduce a quotation
            for w in sent.words:
                if (si, w.index) in taken or self.in_quote(w) or self.cue_class(w) != "speech" \
                        or self.initial_participle(sent, w):
                    continue
                if self.negated(sent, w):
                    continue
                taken.add((si, w.index))
                src = self.subject_of(sent, w)
                code = "AT102" if self.trailing_shape(sent, w) else "AT202"
                out.append(Match(self.rules.rule(code), si, w, src, None))
        return sorted(out, key=lambda m: m.cue.start)

    @staticmethod
    def initial_participle(sent: Sentence, cue: Word) -> bool:
        """'Asked about Okafor, the coach said': a cue verb that opens the sentence has no
        subject before it and introduces no quotation of its own."""
        return cue.index == 1

    def trailing_shape(self, sent: Sentence, cue: Word) -> bool:
        """', officials said.' or ', officials said, ' whatever the parse says: a noun phrase
        after a comma, the cue, then only the end of the sentence or another comma."""
        if not self.surface_before(sent, cue):
            return False
        first = self.surface_before(sent, cue)[0]
        if first.index < 2 or sent.word(first.index - 1).text != ",":
            return False
        for w in sent.words[cue.index:]:
            if w.text in (",", ".", "!", "?", ";"):
                return True
            if w.upos in ("VERB", "SCONJ") or w.text.lower() == "that" or self.in_quote(w):
                return False
        return True

    def subject_of(self, sent: Sentence, word: Word) -> Word | None:
        """The subject of a cue, climbing xcomp/advcl/conj chains: took to Twitter to call for."""
        w = word
        for _ in range(4):
            for rel in ("nsubj", "nsubj:pass"):
                for c in sent.children(w.index):
                    if c.deprel == rel and not self.in_quote(c):
                        return c
            if w.head == 0 or w.deprel not in ("xcomp", "advcl", "conj", "acl"):
                return None
            w = sent.word(w.head)
        return None

    # -- building attributions ----------------------------------------------------------------
    def core_words(self, sent: Sentence, m: Match, mention: list[Word]) -> list[Word]:
        """The cue clause: cue, mention, listener, time and place words; not the content."""
        words = {m.cue.index: m.cue}
        for w in mention:
            words[w.index] = w
        if m.rule.code == "AT103":
            for w in self.according_source(sent, m.cue):
                words[w.index] = w
        if m.rule.code != "AT104":
            content_idx = m.content.index if m.content is not None else None
            # ', an official said.': a dependent before the comma belongs to the reported
            # clause however the parser attached it ('Ahead of the visit, ...')
            first = min((w.index for w in mention), default=m.cue.index) \
                if mention and self.trailing_shape(sent, m.cue) else 0
            for child in sent.children(m.cue.index):
                if child.index == content_idx or child.deprel in CONTENT_RELS or child.deprel == "punct":
                    continue
                if child.index < first:
                    continue
                if child.deprel in ("obj", "iobj") and not (child.text.lower() in self.listeners
                                                           or child.upos in ("PROPN", "PRON")):
                    continue
                if child.deprel in ("nsubj", "nsubj:pass") and mention:
                    continue
                for w in self.phrase_part(sent, child):
                    words[w.index] = w
        # the core is one stretch of text: fill the gaps up to the cue, then keep only
        # the dependents that follow the cue without a gap
        lo = min(words)
        for w in sent.words[lo - 1:m.cue.index]:
            words.setdefault(w.index, w)
        hi = m.cue.index
        while hi + 1 in words:
            hi += 1
        return sorted((w for i, w in words.items() if i <= hi and not self.in_quote(w)), key=lambda w: w.index)

    def phrase_part(self, sent: Sentence, head: Word) -> list[Word]:
        """A dependent's words up to the first clause boundary: a misparsed 'in a statement'
        must not swallow the 'that ...' clause after it."""
        words = sent.subtree(head.index)
        out = []
        for w in words:
            if w.index < head.index:
                out.append(w)
                continue
            if self.in_quote(w) or w.text in (",", ":", ";") or \
                    w.text.lower() in ("that", "who", "which") or \
                    (w.upos in ("VERB", "AUX") and "VerbForm=Fin" in w.feats):
                break
            out.append(w)
        return out

    def mention_for(self, sent: Sentence, m: Match) -> list[Word]:
        """The words naming the source. The surface shapes of news writing come first,
        because they survive parser errors; the parse's subject is the fall-back."""
        if m.rule.code == "AT103":
            return [w for w in self.according_source(sent, m.cue) if w.text.lower() != "to"]
        if m.rule.code == "AT104":
            src = m.source if m.source is not None else self.subject_of(sent, m.cue)
            if src is not None and src.start < m.cue.start:
                dep = self.mention_words(sent, src, m.cue)
                if dep and not any(w.upos == "VERB" and "VerbForm=Fin" in w.feats for w in dep):
                    return dep
        after = self.surface_mention(sent, m.cue, after_only=True) if m.rule.code != "AT104" else []
        if after and self.inverted(sent, m.cue):
            return after                   # "...," said Ali Mamouri, an analyst at Al-Monitor.
        anchor = self.anchor_verb(sent, m.cue)
        before = self.surface_before(sent, anchor)
        if before:
            return before                  # ..., a Western diplomat in Baghdad told AFP.
        leading = self.leading_subject(sent, anchor)
        if leading:
            return leading                 # Tom Farrow, who leads the group, called ...
        src = m.source if m.source is not None else self.subject_of(sent, m.cue)
        listener = src is not None and src.deprel in ("obj", "iobj") and src.text.lower() in self.listeners
        if src is not None and not listener:
            dep = self.mention_words(sent, src, m.cue)
            if dep:
                return dep
        return after

    def anchor_verb(self, sent: Sentence, cue: Word) -> Word:
        """The verb whose subject speaks: 'took to Twitter to call for' -> took."""
        w = cue
        for _ in range(3):
            has_subject = any(c.deprel.startswith("nsubj") for c in sent.children(w.index))
            if has_subject or "VerbForm=Fin" in w.feats or w.head == 0 \
                    or w.deprel not in ("xcomp", "advcl", "conj", "acl") \
                    or sent.word(w.head).upos not in ("VERB", "AUX"):
                return w
            w = sent.word(w.head)
        return w

    def inverted(self, sent: Sentence, cue: Word) -> bool:
        """The cue comes right after a quotation or a comma: '"...," said X' / ', said X'."""
        prev = sent.words[cue.index - 2] if cue.index > 1 else None
        if prev is None:
            para = self.article.paragraphs[sent.paragraph]
            return self.text[para.start:cue.start].rstrip()[-1:] in ",\"\u201d'\u2019"
        return prev.text in (",", "\"", "\u201d", "'", "\u2019") or self.in_quote(prev)

    def inverted_with_source(self, sent: Sentence, cue: Word) -> bool:
        """', said X': an inverted cue has its source after it; ', denied involvement' has none."""
        return self.inverted(sent, cue) and bool(self.surface_mention(sent, cue, after_only=True))

    def leading_subject(self, sent: Sentence, cue: Word) -> list[Word]:
        """A subject at the start of the sentence, relative clauses taken out."""
        words = clean_mention(list(sent.words[:cue.index - 1]))
        if not words or self.in_quote(words[0]):
            return []
        out, skipping = [], False
        for i, w in enumerate(words):
            if w.text == "," and i + 1 < len(words) and words[i + 1].text.lower() in ("who", "whose", "which", "where"):
                skipping = True
                continue
            if skipping:
                if w.text == ",":
                    skipping = False
                continue
            out.append(w)
        while out and (out[-1].upos in ("AUX", "ADV", "PART", "PUNCT") or out[-1].deprel in ("aux", "advmod")):
            out.pop()
        if not out or len(out) > 20 or any(self.in_quote(w) for w in out):
            return []
        if any(verbish(sent, w) and "VerbForm=Fin" in w.feats for w in out) or verbish(sent, out[0]):
            return []
        if not any(w.upos in ("NOUN", "PROPN", "PRON") for w in out):
            return []
        return out

    def surface_before(self, sent: Sentence, cue: Word) -> list[Word]:
        """The noun phrase between the last boundary (comma, quotation, sentence start) and the cue."""
        words = []
        for w in reversed(sent.words[:cue.index - 1]):
            if self.in_quote(w) or w.text in (",", ";", ":", "\u2014", "\u2013", "(", ")"):
                break
            words.insert(0, w)
        while words and (words[-1].upos in ("AUX", "ADV", "PART") or words[-1].deprel in ("aux", "advmod")):
            words.pop()
        words = clean_mention(words)
        finite = [w for w in words if w.upos == "VERB" and not ("VerbForm=Ger" in w.feats or "VerbForm=Part" in w.feats)]
        if not words or len(words) > 12 or finite or words[0].upos == "VERB":
            return []
        nominal = any(w.upos in ("NOUN", "PROPN", "PRON", "NUM") for w in words) or \
            (words[0].upos == "DET" and words[-1].upos in ("ADJ", "X"))   # 'an Iraqi official' mistagged
        if not nominal:
            return []
        if words[-1].upos == "PRON" and words[-1].text.lower() in PERSONAL:
            return words[-1:]
        return words

    def speaker_from(self, words: list[Word]) -> Speaker:
        words = [w for w in words if w.text not in (",", ";")] if len(words) == 1 else words
        while words and words[-1].text in (",", ";", ".", ":"):
            words = words[:-1]
        while words and words[0].text in (",", ";", ":"):
            words = words[1:]
        if not words:
            return Speaker()
        span = Span(words[0].start, words[-1].end)
        text = fold(self.text[span.start:span.end]).strip(" ,;:")
        return Speaker(mention=text or None, mention_span=span)

    def according_source(self, sent: Sentence, cue: Word) -> list[Word]:
        """'according to a UN report published last month' -> to, a UN report."""
        if cue.index >= len(sent.words) or sent.words[cue.index].text.lower() != "to":
            return []
        out = []
        words = sent.words[cue.index:]
        for k, w in enumerate(words):
            if w.text in (",", ".", ";", ":", "!", "?") or self.in_quote(w):
                break
            agent = k + 1 < len(words) and words[k + 1].text.lower() == "by"
            if out and len(out) > 1 and w.upos == "VERB" and not agent:
                break                      # 'published last month' is not the source; 'compiled by X' is
            out.append(w)
        return out

    def mention_words(self, sent: Sentence, source: Word, cue: Word | None = None) -> list[Word]:
        words = sent.subtree(source.index, skip=frozenset({"acl:relcl", "punct", "parataxis", "ccomp"}))
        if cue is not None:
            below_cue = {w.index for w in sent.subtree(cue.index)} if cue.head != source.index else {cue.index}
            if source.index not in below_cue:
                words = [w for w in words if w.index != cue.index and not
                         (w.index in below_cue and w.head == cue.index)]
        return clean_mention([w for w in words if not self.in_quote(w)])

    def adjacent_quotes(self, start: int, end: int, paragraph: int) -> tuple[int | None, int | None]:
        para = self.article.paragraphs[paragraph]
        before = after = None
        for i, q in enumerate(self.quotes):
            if i in self.used_quotes:
                continue
            inner_end = self.text[q.inner.start:q.inner.end].rstrip()[-1:]
            if q.outer.end <= start and q.outer.start >= para.start \
                    and _BETWEEN_BEFORE.match(self.text[q.outer.end:start]) \
                    and (inner_end in ",!?\u2014-" or "," in self.text[q.outer.end:start]):
                before = i
            if q.outer.start >= end and q.outer.start <= para.end and after is None \
                    and _BETWEEN_AFTER.match(self.text[end:q.outer.start]):
                after = i
        return before, after

    def build(self, m: Match) -> Attribution | None:
        sent = self.parse.sentences[m.sent_index]
        mention = self.mention_for(sent, m)
        core = self.core_words(sent, m, mention)
        start, end = min(w.start for w in core), max(w.end for w in core)
        rule = m.rule
        before, after = self.adjacent_quotes(start, end, sent.paragraph)
        if m.rule.code in ("AT103", "AT104"):
            before = after = None
        spans: list[Span] = []
        if before is not None or after is not None:
            for qi in (before, after):
                if qi is not None:
                    spans.append(self.quotes[qi].inner)
                    self.used_quotes.add(qi)
            rule = self.rules.rule("AT202" if before is not None else "AT201")
            kind = "direct"
        else:
            spans, code = self.clause_content(sent, m, core, start, end)
            if not spans:
                return None
            rule = self.rules.rule(code)
            spans = [self.widen_to_quotes(s) for s in spans]
            kind = self.kind_of(spans)
        spans = [s for s in (self.trim(s, kind) for s in spans) if len(s)]
        if not spans:
            return None
        content = " ".join(fold(self.text[s.start:s.end]) for s in spans)
        speaker = self.speaker_from(mention)
        cue_text = m.cue.text + (" to" if m.cue.text.lower() == "according" else "")
        nxt = sent.words[m.cue.index] if m.cue.index < len(sent.words) else None
        if rule.code == "AT104" and nxt is not None and nxt.upos == "ADP" and nxt.text.lower() != "as":
            cue_text += " " + nxt.text              # call for, hit out at
        a = Attribution(content=content, content_spans=spans, kind=kind, cue=cue_text,
                        cue_span=Span(m.cue.start, m.cue.end), rule=rule.code,
                        sentence=m.sent_index, speaker=speaker)
        if kind == "direct":
            self.join_continuation(a)
        for qi, q in enumerate(self.quotes):
            if any(sp.start <= q.inner.start and q.inner.end <= sp.end + 1 for sp in a.content_spans):
                self.used_quotes.add(qi)
        return a

    def clause_content(self, sent: Sentence, m: Match, core: list[Word], start: int, end: int):
        """Content of reported speech: the clause after a leading cue, or the sentence around
        a trailing or parenthetical cue clause."""
        code = m.rule.code
        if code == "AT103" and not self.source_like([w for w in self.according_source(sent, m.cue)
                                                      if w.text.lower() != "to"]):
            return [], code                    # according to plan
        if code in ("AT103", "AT104"):
            return self.dependency_content(sent, m, core, start, end), code
        rest = [w for w in sent.words if w.start >= end and w.text not in (".", "!", "?")]
        while rest and (rest[0].text in (",", ":", ";") or rest[0].text.lower() == "that"):
            rest = rest[1:]
        before = [w for w in sent.words if w.end <= start]
        if code == "AT101" and m.content is not None and m.content.start >= end and rest \
                and not (self.is_adjunct(rest[0]) and before):
            return [Span(rest[0].start, rest[-1].end)], "AT101"
        if code == "AT101" and before and rest and self.is_adjunct(rest[0]):
            return [Span(before[0].start, before[-1].end)], "AT102"
        if rest and self.text[end:rest[0].start].strip().lower() == "that" and not before:
            return [Span(rest[0].start, rest[-1].end)], "AT101"
        rest_idx = {w.index for w in rest}
        own_clause = any(w.upos in ("VERB", "AUX") and "VerbForm=Fin" in w.feats and
                         any(c.deprel.startswith("nsubj") and c.index in rest_idx
                             for c in sent.children(w.index if w.upos == "VERB" else w.head or w.index))
                         for w in rest[:8])
        if code == "AT202" and rest and self.leading_subject(sent, m.cue) and not self.is_adjunct(rest[0]) \
                and rest[0].upos in ("DET", "NOUN", "PROPN", "PRON", "NUM", "ADJ") and own_clause:
            return [Span(rest[0].start, rest[-1].end)], "AT101"
        after_that = self.after_that(sent, end)
        if after_that and not self.cue_is_trailing(before, after_that):
            return [Span(after_that[0].start, after_that[-1].end)], "AT101"
        if code == "AT102" and not (self.trailing_shape(sent, m.cue) or self.inverted_with_source(sent, m.cue)):
            return [], code                    # ', denied involvement': a second predicate
        if code == "AT102" or (code == "AT101" and m.content is not None):
            spans = []
            if before:
                spans.append(Span(before[0].start, before[-1].end))
            if rest and not self.is_adjunct(rest[0]):
                spans.append(Span(rest[0].start, rest[-1].end))
            if not before and code == "AT101":
                return [], code
            return spans, "AT102"
        return [], code

    def after_that(self, sent: Sentence, end: int) -> list[Word]:
        """'told reporters outside the Palais des Nations that ...': the clause after a
        complementiser a few words after the cue clause, whatever the parse attached."""
        rest = [w for w in sent.words if w.start >= end and w.text not in (".", "!", "?")]
        for k, w in enumerate(rest[:12]):
            aside = w.text == "," and all(x.text == "," or x.upos == "ADV" for x in rest[:k + 1])
            if (w.text == "," and not aside) or (w.upos in ("VERB", "AUX") and "VerbForm=Fin" in w.feats):
                return []
            clause_follows = any(x.upos in ("VERB", "AUX") and "VerbForm=Fin" in x.feats for x in rest[k + 1:k + 12])
            if w.text.lower() == "that" and (w.upos == "SCONJ" or clause_follows) and k + 1 < len(rest):
                return rest[k + 1:]
        return []

    @staticmethod
    def cue_is_trailing(before: list[Word], after: list[Word]) -> bool:
        return len(before) > 3 * max(1, len(after))

    @staticmethod
    def source_like(words: list[Word]) -> bool:
        """A determiner, a name, a number or a plural: 'a UN report', 'police', 'figures'."""
        return any(w.upos in ("DET", "PROPN", "NUM", "PRON") or "Number=Plur" in w.feats for w in words)

    def is_adjunct(self, w: Word) -> bool:
        """'..., the people said, asking not to be identified': a participle after the cue
        clause describes the speaking, it is not what was said."""
        return w.upos == "VERB" and ("VerbForm=Ger" in w.feats or "VerbForm=Part" in w.feats)

    def widen_to_quotes(self, span: Span) -> Span:
        """A content span that cuts a quotation in two takes the whole quotation."""
        s, e = span.start, span.end
        for q in self.quotes:
            if q.outer.start < e <= q.outer.end - 1 and q.outer.start >= s:
                e = q.outer.end
            if q.outer.start + 1 <= s < q.outer.end and q.outer.end <= e:
                s = q.outer.start
        return Span(s, e)

    def dependency_content(self, sent: Sentence, m: Match, core: list[Word],
                           start: int, end: int) -> list[Span]:
        code = m.rule.code
        if code == "AT104":
            words = [m.cue] + [w for c in sent.children(m.cue.index)
                               if c.deprel not in ("nsubj", "nsubj:pass", "punct", "cc", "conj", "aux",
                                                   "aux:pass", "mark", "advmod", "parataxis", "ccomp")
                               for w in sent.subtree(c.index)]
            words = [w for w in words if w.start >= m.cue.start]
            span = Span(m.cue.start, max(w.end for w in words))
            near = [q for q in self.quotes if q.outer.start > m.cue.end and q.outer.end <= sent.end + 2
                    and len(self.text[m.cue.end:q.outer.start].split()) <= 6
                    and len(self.text[q.inner.start:q.inner.end].split()) >= 2]
            # the characterisation runs to its quotation, and a comma after the quotation ends
            # it however the parser attached what follows ('as "illegal acts", denied ...')
            if near and (near[0].outer.end > span.end or
                         self.text[near[0].outer.end:near[0].outer.end + 2].lstrip()[:1] in (",", ";")):
                span = Span(m.cue.start, near[0].outer.end)
            has_quote = any(span.start <= q.inner.start and q.inner.end <= span.end
                            and len(self.text[q.inner.start:q.inner.end].split()) >= 2 for q in self.quotes)
            has_as = any(x.text.lower() == "as" for x in words)
            reflexive = any(x.text.lower().endswith(("self", "selves")) for x in words[1:3])
            return [span] if (has_quote or has_as) and not reflexive else []
        if code == "AT103":
            core_idx = {c.index for c in core}
            words = [w for w in sent.words if w.index not in core_idx]
            left = [w for w in words if w.end <= start]
            right = [w for w in words if w.start >= end]
            return [Span(x[0].start, x[-1].end) for x in (left, right) if x]
        if m.content is None:
            return []
        words = [w for w in sent.subtree(m.content.index) if w.index not in {c.index for c in core}]
        if code == "AT102":
            words = [w for w in words if w.index not in {x.index for x in sent.subtree(m.cue.index)}]
        left = [w for w in words if w.end <= start]
        right = [w for w in words if w.start >= end]
        spans = []
        for side in (left, right):
            if side:
                spans.append(Span(side[0].start, side[-1].end))
        return spans

    def kind_of(self, spans: list[Span]) -> str:
        inside = [q for q in self.quotes
                  if any(s.start <= q.outer.start and q.outer.end <= s.end + 1 for s in spans)]
        if not inside:
            return "indirect"
        quoted = sum(len(q.inner) for q in inside)
        total = sum(len(s) for s in spans)
        return "direct" if quoted >= total - 4 else "partial"

    def trim(self, span: Span, kind: str) -> Span:
        s, e = span.start, span.end
        text = self.text
        dateline = _DATELINE.match(text, s, e)
        if dateline:
            s = dateline.end()
        if kind != "direct":
            m = _LEADING_JUNK.match(text[s:e])
            if m:
                s += m.end()
        while s < e and text[s] in EDGE_PUNCT:
            s += 1
        while e > s and text[e - 1] in EDGE_PUNCT + ".":
            if text[e - 1] == "." and kind == "direct":
                break
            e -= 1
        return Span(s, e)

    # -- mentions -----------------------------------------------------------------------------
    def surface_mention(self, sent: Sentence, cue: Word, after_only: bool = False) -> list[Word]:
        """No subject in the parse: the noun phrase after an inverted cue, or before a trailing one."""
        after, stopped_by_quote = [], False
        for w in sent.words[cue.index:]:
            if self.in_quote(w):
                stopped_by_quote = True
                break
            if w.text in (".", "!", "?", ":") or w.text.lower() in ("who", "which", "that"):
                break
            after.append(w)
        clause = any(w.upos in ("AUX", "VERB") and "VerbForm=Fin" in w.feats for w in after)
        if after and any(w.upos in ("NOUN", "PROPN", "PRON") for w in after) and not clause \
                and not stopped_by_quote \
                and after[0].upos != "ADP" and after[0].text.lower() not in self.listeners:
            while after and after[-1].text in (",", ";"):
                after.pop()
            return after
        if after_only:
            return []
        before = []
        for w in reversed(sent.words[:cue.index - 1]):
            if self.in_quote(w) or w.text in (",", ";", ":", "\u2014"):
                break
            before.insert(0, w)
        before = [w for w in before if w.upos not in ("AUX",) and w.deprel not in ("advmod",)]
        if any(w.upos in ("NOUN", "PROPN", "PRON", "DET", "NUM") for w in before):
            return before
        return []

    # -- quotations no cue claimed --------------------------------------------------------------
    def leftover_quotes(self, found: list[Attribution]) -> list[Attribution]:
        out = []
        for qi, q in enumerate(self.quotes):
            if qi in self.used_quotes or any(s.start <= q.inner.start < s.end for a in found
                                             for s in a.content_spans):
                continue
            words = fold(self.text[q.inner.start:q.inner.end]).split()
            if len(words) < 3 or not self.starts_sentence(q):
                continue
            prev = [a for a in found + out if a.end <= q.outer.start and a.kind == "direct"]
            para = self.article.paragraph_of(q.outer.start)
            span = self.trim(q.inner, "direct")
            content = fold(self.text[span.start:span.end])
            if prev and self.article.paragraph_of(prev[-1].end) >= para - 1 and self.ends_sentence(q):
                p = prev[-1]
                speaker = attrs.evolve(p.speaker)
                out.append(Attribution(content, [span], "direct", None, None, "AT203",
                                       p.sentence, speaker))
            else:
                out.append(Attribution(content, [span], "direct", None, None, "AT301", -1, Speaker()))
        return out

    def starts_sentence(self, q: Quote) -> bool:
        para = self.article.paragraphs[self.article.paragraph_of(q.outer.start)]
        before = self.text[para.start:q.outer.start].rstrip()
        return not before or before[-1] in ".!?:\u201d\""

    def ends_sentence(self, q: Quote) -> bool:
        para = self.article.paragraphs[self.article.paragraph_of(q.outer.start)]
        after = self.text[q.outer.end:para.end].strip()
        inner = self.text[q.inner.start:q.inner.end].rstrip()
        return (not after or after[0] in ".!?\"\u201c") and inner[-1:] in ".!?,"

    def join_continuation(self, a: Attribution) -> None:
        """ "X," he said. "Y." -> one attribution: the next quotation joins it when only the
        cue clause and a sentence end stand between them."""
        para = self.article.paragraphs[self.article.paragraph_of(a.start)]
        ends = [q.outer.end for q in self.quotes if q.inner.start <= a.end <= q.outer.end]
        last_end = max(ends) if ends else a.end
        nxt = next((i for i, q in enumerate(self.quotes) if q.outer.start >= last_end), None)
        if nxt is None or nxt in self.used_quotes or a.cue_span is None:
            return
        q = self.quotes[nxt]
        gap = self.text[last_end:q.outer.start]
        if q.outer.start > para.end or len(gap) > 250 or not (last_end <= a.cue_span.start < q.outer.start):
            return
        if not re.search(r"[.,:;]\s*$", gap) or self.has_other_cue(gap, last_end, a):
            return
        span = self.trim(q.inner, "direct")
        a.content_spans.append(span)
        a.content = a.content + " " + fold(self.text[span.start:span.end])
        self.used_quotes.add(nxt)

    def has_other_cue(self, gap: str, offset: int, a: Attribution) -> bool:
        for s in self.parse.sentences:
            for w in s.words:
                if offset <= w.start < offset + len(gap) and w.start != a.cue_span.start \
                        and self.cue_class(w) == "speech" and w.upos == "VERB":
                    return True
        return False

    def run(self) -> list[Attribution]:
        found = []
        for m in self.matches():
            a = self.build(m)
            if a is not None:
                found.append(a)
        found = drop_nested(found)
        found.extend(self.leftover_quotes(found))
        return sorted(found, key=lambda a: a.start)


def lemma_candidates(word: Word) -> list[str]:
    """The lemmatizer's answer first, then the surface form undone by hand: the small
    dictionary lemmatizer misses forms it never saw ('insisting', 'signalled')."""
    text = word.text.lower()
    out = [word.lemma.lower(), text]
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""),
                         ("ied", "y"), ("ies", "y")):
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            stem = text[: len(text) - len(suffix)] + repl
            out.append(stem)
            if len(stem) > 3 and stem[-1] == stem[-2] and not repl:
                out.append(stem[:-1])          # signalled -> signal, slammed -> slam
    return out


def verbish(sent: Sentence, w: Word) -> bool:
    """A verb, unless it is a capitalised word inside a name ('Save Harbridge Libraries')."""
    if w.upos != "VERB":
        return False
    nxt = sent.words[w.index] if w.index < len(sent.words) else None
    return not (w.text[:1].isupper() and nxt is not None and nxt.upos == "PROPN")


def clean_mention(words: list[Word]) -> list[Word]:
    """Drop a dateline ('GENEVA \u2014'), leading conjunctions and edge punctuation."""
    for i, w in enumerate(words):
        if w.text in ("\u2014", "\u2013", "--") and i < len(words) - 1:
            words = words[i + 1:]
            break
    while words and (words[0].upos in ("CCONJ", "SCONJ", "PUNCT", "ADV", "ADP") or words[0].text.lower() in ("that", "but", "and")):
        words = words[1:]
    while words and words[-1].upos == "PUNCT":
        words = words[:-1]
    return words


def drop_nested(found: list[Attribution]) -> list[Attribution]:
    """A cue inside another attribution's content is part of that content (nested speech).
    When two attributions contain each other's cue ('the US signalled it was ..., an
    official said'), the later cue is the article's attribution: it credits the whole."""
    def inside(a: Attribution, b: Attribution) -> bool:
        return a.cue_span is not None and any(s.start <= a.cue_span.start < s.end for s in b.content_spans)

    keep = []
    for a in found:
        dropped = False
        for b in found:
            if b is a or not inside(a, b):
                continue
            if inside(b, a) and a.cue_span.start > b.cue_span.start:
                continue                       # mutual: the later cue wins
            dropped = True
            break
        if not dropped:
            keep.append(a)
    return keep


def find_attributions(article: Article, parse: Parse, quotes: list[Quote], rules: Rules) -> list[Attribution]:
    return Finder(article, parse, quotes, rules).run()
