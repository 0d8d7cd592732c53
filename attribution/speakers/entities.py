"""Story entities: every person and body a story names, before any speaker is typed.

For each name the story writes: its name chain (full name, short forms: a surname, a
body's first word, an acronym), every description attached to it anywhere in the story
(pre-modifying titles, appositives, relative clauses, attachments by preposition), and
its kind decided from evidence in the text (a personal title, the pronoun its own clause
takes it up with, its relative pronoun, its appositive's head noun, a body noun in its
name, the short form the story uses) rather than from capital letters, with its gender
where the text shows one. The speaker stage (resolve.py) types speakers from these.
"""
from __future__ import annotations

import bisect

import attrs

from ..model import Article, Parse, Sentence, Span, Word
from .lexicon import Lexicon, fold


@attrs.define
class Entity:
    """A name seen in the article, with the words written around it."""
    name: str
    start: int
    is_org: bool
    descriptors: list[str] = attrs.field(factory=list)
    # evidence of kind from this mention: > 0 a body ("X said it ..."), < 0 a person ("Mr X")
    votes: int = 0
    # evidence of gender from this mention: > 0 masculine, < 0 feminine
    gender: int = 0


class NameIndex:
    """The story's name mentions (``Entity``, in text order) by name, by the words their name
    ends or (a body) starts with, by the last word of a body's name and by the words that
    describe them: each question about a name reads its own mentions, not the whole story's
    (a story's mentions grow with its length; every speaker asks)."""

    def __init__(self, entities: list[Entity]):
        self.entities = entities
        self.by_name: dict[str, list[int]] = {}
        self.by_words: dict[tuple[str, ...], list[int]] = {}
        self.by_tail: dict[tuple[str, ...], list[int]] = {}        # a proper tail of a longer name
        self.body_by_head: dict[tuple[str, ...], list[int]] = {}   # a proper start of a body's name
        self.by_spaced_tail: dict[str, list[int]] = {}             # the text after a space of the name
        self.body_by_last: dict[str, list[int]] = {}               # bodies of two words or more
        self.by_descriptor: dict[str, list[int]] = {}              # lower case, not a word of the name
        self.single_words: set[str] = set()
        for k, e in enumerate(entities):
            parts = e.name.split()
            self.by_name.setdefault(e.name, []).append(k)
            self.by_words.setdefault(tuple(parts), []).append(k)
            if len(parts) == 1:
                self.single_words.add(e.name)
            for n in range(1, len(parts)):
                self.by_tail.setdefault(tuple(parts[-n:]), []).append(k)
                if e.is_org:
                    self.body_by_head.setdefault(tuple(parts[:n]), []).append(k)
            for i, ch in enumerate(e.name):
                if ch == " ":
                    self.by_spaced_tail.setdefault(e.name[i + 1:], []).append(k)
            if e.is_org and len(parts) > 1:
                self.body_by_last.setdefault(parts[-1].lower(), []).append(k)
            for d in {d.lower() for d in e.descriptors if d not in parts}:
                self.by_descriptor.setdefault(d, []).append(k)
        self.in_order = all(a.start <= b.start for a, b in zip(entities, entities[1:]))
        self._described: dict[tuple[str, bool], list[str]] = {}

    def pick(self, *groups: list[int]) -> list[Entity]:
        """The mentions of these index lists, once each, in text order."""
        if len(groups) == 1:
            return [self.entities[k] for k in groups[0]]
        return [self.entities[k] for k in sorted({k for g in groups for k in g})]

    @staticmethod
    def descriptions(mentions: list[Entity]) -> list[str]:
        """The descriptions of these mentions, in order, each mention's words once: a name a
        long story repeats with the same words around it adds nothing to what it is, and
        would make every question about it as long as the story."""
        seen: set[tuple[str, ...]] = set()
        out: list[str] = []
        for e in mentions:
            key = tuple(e.descriptors)
            if key not in seen:
                seen.add(key)
                out.extend(e.descriptors)
        return out

    def described(self, name: str, ending: bool = False) -> list[str]:
        """``descriptions`` of the mentions named ``name`` (``ending``: or ending with it)."""
        key = (name, ending)
        if key not in self._described:
            self._described[key] = self.descriptions(self.named_or_ending(name) if ending else self.named(name))
        return self._described[key]

    def named(self, name: str) -> list[Entity]:
        return self.pick(self.by_name.get(name, []))

    def name_or_its_tails(self, name: str) -> list[Entity]:
        """Mentions named ``name``, or by a shorter name its last words make ('Lund' for 'Ana Lund')."""
        parts = name.split()
        tails = [self.by_words.get(tuple(parts[-n:]), []) for n in range(1, len(parts))]
        return self.pick(self.by_name.get(name, []), *tails)

    def named_or_ending(self, name: str) -> list[Entity]:
        """Mentions named ``name`` or whose name ends with a space and ``name``."""
        return self.pick(self.by_name.get(name, []), self.by_spaced_tail.get(name, []))

    def longer(self, name: str, before: int) -> Entity | None:
        """The longer name ``name`` ends (or a body's name starts) with: the last such mention
        before ``before``, else the first one."""
        parts = tuple(name.split())
        if not parts:                  # no words: every body's name starts with none of them
            found = [e for e in self.entities if e.is_org and e.name.split()]
        else:
            found = self.pick(self.by_tail.get(parts, []), self.body_by_head.get(parts, []))
        if not found:
            return None
        if self.in_order:
            starts = [e.start for e in found]
            k = bisect.bisect_left(starts, before)
            return found[bisect.bisect_left(starts, starts[k - 1])] if k else found[0]
        best = None
        for e in found:
            if best is None or (e.start < before and (best.start > before or e.start > best.start)):
                best = e
        return best

    def body_ending(self, word: str) -> Entity | None:
        """The first body of two words or more whose name ends with ``word`` (any case)."""
        found = self.body_by_last.get(word.lower())
        return self.entities[found[0]] if found else None

    def described_as(self, *words: str) -> list[Entity]:
        """Mentions with one of these words (lower case) among their descriptions, in text order."""
        return self.pick(*(self.by_descriptor.get(w, []) for w in words))


class StoryEntities:
    """The people and bodies of one story, with the evidence of what each is."""

    def __init__(self, article: Article, parse: Parse, lex: Lexicon):
        self.article = article
        self.text = article.clean
        self.parse = parse
        self.lex = lex
        self.midsentence_capitals = {w.text for s in parse.sentences for w in s.words
                                     if w.index > 1 and w.text[:1].isupper()}
        self.imperative_names = {w.text for s in parse.sentences for w in s.words
                                 if w.upos == "VERB" and w.text[:1].isupper() and w.index < len(s.words)
                                 and s.words[w.index].upos == "PROPN"}
        self.unknown_demonyms = {w.text for s in parse.sentences for w in s.words
                                 if w.upos in ("ADJ", "PROPN") and w.index > 1 and w.text[:1].isupper()
                                 and w.deprel in ("amod", "compound", "nmod") and len(w.text) > 5
                                 and w.text.endswith(self.lex.demonym_suffixes)
                                 and not self.lex.places_in([w.text])}
        self._bodies: list[tuple[str, int, list[str]]] | None = None
        self._entity_memo: dict[str, Entity | None] = {}
        self.entities = self.collect_entities()
        self.names = NameIndex(self.entities)

    # -- words and names ---------------------------------------------------------------------
    def words_in(self, span: Span) -> tuple[Sentence | None, list[Word]]:
        for k in self.parse.sentences_at(span.start, slack=1)[:1]:
            s = self.parse.sentences[k]
            return s, [w for w in s.words if span.start <= w.start and w.end <= span.end]
        return None, []

    @staticmethod
    def head_of(sent: Sentence, words: list[Word]) -> Word | None:
        idx = {w.index for w in words}
        heads = [w for w in words if w.head not in idx]
        nominal = [w for w in heads if w.upos in ("NOUN", "PROPN", "PRON", "NUM")]
        if nominal:
            return nominal[0]
        content = [w for w in words if w.upos not in ("DET", "PUNCT", "ADP", "CCONJ")]
        if heads and heads[0].upos not in ("DET", "PUNCT", "ADP"):
            return heads[0]
        return content[-1] if content else (words[0] if words else None)

    def is_capitalised(self, w: Word, sent: Sentence | None = None) -> bool:
        if not w.text[:1].isupper() or w.upos == "PRON":
            return False
        if w.upos == "PROPN" or (w.upos in ("NOUN", "ADJ", "X") and w.index > 1):
            return True
        # a name word the tagger took for a verb: 'Save Harbridge Libraries'
        nxt = sent.words[w.index] if sent is not None and w.index < len(sent.words) else None
        return w.upos == "VERB" and nxt is not None and nxt.upos == "PROPN"

    def name_run(self, sent: Sentence, head: Word) -> list[Word]:
        """The proper-name words around ``head`` (flat/compound chain), titles removed."""
        run = [head]
        i = head.index - 1
        while i >= 1:
            w = sent.word(i)
            joint = w.text in ("'", "\u2019", "'s", "\u2019s", "&") and i > 1 and self.is_capitalised(sent.word(i - 1))
            if self.is_capitalised(w, sent) or joint or (w.text.lower() in self.lex.particles and i > 1):
                run.insert(0, w)
                i -= 1
            elif i > 1 and self.body_joiner(sent, i, [sent.word(i - 1)] + run, backwards=True):
                run[:0] = [sent.word(i - 1), w]
                i -= 2
            else:
                break
        i = head.index + 1
        while i <= len(sent.words):
            w = sent.word(i)
            joined = w.start - run[-1].end <= 1 and (w.text == "-" or run[-1].text == "-")
            if (self.is_capitalised(w, sent) or w.text.lower() in self.lex.particles or joined) \
                    and w.start - run[-1].end <= 1:
                run.append(w)
                i += 1
            elif self.body_joiner(sent, i, run):
                run += [w, sent.word(i + 1)]
                i += 2
            else:
                break
        while run and run[-1].text == "-":
            run.pop()
        # drop leading titles, roles and places: Foreign Minister, US, Rovers manager
        body_name = run[-1].text.lower() in self.lex.org_suffixes
        if not body_name:
            # a capitalised title inside the run ends its pre-modifying description:
            # "Birch County Fire District Chief | Jo Bell", "Utah Gov. | Max Reed"
            titles = [k for k, x in enumerate(run[:-1]) if self.lex.role_of_word(x.text) not in (None, "organisation", "document")]
            if titles:
                run = run[titles[-1] + 1:]
        while len(run) > 1 and not body_name and ((self.lex.roles_in([run[0].text]) and not self.body_joiner(sent, run[1].index, run))
                                or self.lex.places_in([run[0].text])
                                or tuple(x.text.lower() for x in run[:2]) in self.lex.role_of):
            run.pop(0)
        return run

    def body_joiner(self, sent: Sentence, i: int, run: list[Word], backwards: bool = False) -> bool:
        """Word ``i`` joins two capitalised parts of one body's name ("University of X",
        "Department of Health and Social Care"): a joiner between capitals, in a run that
        holds a body noun."""
        w = sent.word(i)
        if w.text.lower() not in self.lex.joiners or w.text.lower() == "the" or i + 1 > len(sent.words):
            return False
        other = sent.word(i - 1) if backwards else (sent.word(i + 1) if i + 1 <= len(sent.words) else None)
        if other is None or not other.text[:1].isupper() or other.upos not in ("PROPN", "NOUN", "ADJ"):
            return False
        if backwards:               # "University | of X": the body noun comes before "of"
            return other.text.lower() in self.lex.org_suffixes
        return any(x.text.lower() in self.lex.org_suffixes for x in run)

    def join_name(self, run: list[Word]) -> str:
        return fold(self.text[run[0].start:run[-1].end]).removesuffix("'s").removesuffix("\u2019s").strip()

    def is_org_name(self, name: str, context: list[str]) -> bool:
        """An organisation: its last word is an organisation word, or the noun written
        right before it is ('maker Quillon', 'logistics group Varde')."""
        if not name.split():
            return False
        last = name.split()[-1].lower().strip(".,")
        if last in self.lex.org_suffixes or "&" in name:
            return True
        words = name.split()
        joiner = next((k for k, t in enumerate(words) if t in self.lex.joiners), None)
        if joiner and words[joiner - 1].lower() in self.lex.org_suffixes:
            return True             # "University of X", "Department for Y"
        if name.split()[0] in self.imperative_names:      # campaigns: Save Harbridge Libraries
            return True
        first = name.split()[0]
        if first in context:
            i = context.index(first)
            if i > 0:
                roles = self.lex.roles_in(context[max(0, i - 2):i])
                return bool(roles) and roles[-1] == "organisation"
        return False

    def collect_entities(self) -> list[Entity]:
        out: list[Entity] = []
        for s in self.parse.sentences:
            seen: set[int] = set()
            for w in s.words:
                if w.upos != "PROPN" or w.index in seen:
                    continue
                if w.head and s.word(w.head).upos == "PROPN" and w.deprel in ("flat", "compound", "flat:name") \
                        and s.word(w.head).start > w.start:
                    continue                # not the head of its name
                run = self.name_run(s, w)
                seen.update(x.index for x in run)
                if not run or all(x.text.isupper() and len(x.text) > 2 for x in run):
                    continue
                name = self.join_name(run)
                if name.lower() in self.lex.never_affiliation or self.lex.is_place(name.split()):
                    continue                # a day, a month, a place
                ctx_words = self.surface_context(s, run)
                is_org = self.is_org_name(name, ctx_words) or (run[0].index > 1 and
                                                            s.word(run[0].index - 1).text.lower() == "the")
                out.append(Entity(name, run[0].start, is_org, ctx_words, self.kind_votes(s, run),
                                  self.gender_votes(s, run)))
        return out

    def gender_votes(self, s: Sentence, run: list[Word]) -> int:
        """> 0 masculine, < 0 feminine: a gendered title before the name, or the first
        personal pronoun after a name that is its clause's subject ("X said she ...",
        "X conceded during his evidence"), unless another name comes first."""
        votes = 0
        before = s.word(run[0].index - 1) if run[0].index > 1 else None
        if before is not None:
            votes += self.lex.title_gender.get(before.text.lower(), 0)
        idx = {w.index for w in run}
        head = next((w for w in run if w.head not in idx), run[-1])
        subject = head.deprel in ("nsubj", "nsubj:pass") or (
            head.deprel in ("appos", "flat", "compound") and head.head and s.word(head.head).deprel in ("nsubj", "nsubj:pass"))
        if not subject:
            return votes
        for w in s.words[run[-1].index:]:
            if w.upos == "PROPN":
                break
            low = w.text.lower()
            if w.upos == "PRON" and (low in self.lex.masculine or low in self.lex.feminine):
                votes += 1 if low in self.lex.masculine else -1
                break
        return votes

    def gender_of(self, name: str | None) -> int:
        if not name:
            return 0
        return sum(e.gender for e in self.names.name_or_its_tails(name))

    def kind_votes(self, s: Sentence, run: list[Word]) -> int:
        """Evidence in the sentence of whether the name ``run`` is a person or a body: a
        personal title before it, the pronoun that takes it up in its own clause ("X said
        it would ..."), its appositive's head noun, its relative pronoun ("which"/"who")."""
        votes = 0
        before = s.word(run[0].index - 1) if run[0].index > 1 else None
        if before is not None and before.text.lower() in self.lex.person_titles:
            votes -= 2
        idx = {w.index for w in run}
        head = next((w for w in run if w.head not in idx), run[-1])
        if head.deprel in ("nsubj", "nsubj:pass") and head.head:
            # "X said (in a statement) that it ...": the next subject, outside quotation marks
            for w in s.words[run[-1].index:]:
                if w.upos == "PUNCT" and w.text in self.lex.quote_marks:
                    break
                if w.deprel in ("nsubj", "nsubj:pass"):
                    if w.upos == "PRON":
                        votes += self.pronoun_vote(w.text.lower()) * 2
                    break
        for child in s.children(head.index):
            if child.deprel == "appos":
                role = self.lex.role_of_word(child.text)
                if role == "organisation":
                    votes += 2
                elif role not in (None, "document", "source"):
                    votes -= 2
            if child.deprel == "acl:relcl":
                rel = next((c for c in s.children(child.index) if "PronType=Rel" in c.feats), None)
                if rel is not None:
                    votes += self.relative_vote(rel.text.lower())
        return votes

    def pronoun_vote(self, pronoun: str) -> int:
        if pronoun in self.lex.neuter:
            return 1
        if pronoun in self.lex.masculine or pronoun in self.lex.feminine:
            return -1
        return 0

    def relative_vote(self, pronoun: str) -> int:
        if pronoun in self.lex.body_relatives:
            return 1
        if pronoun in self.lex.person_relatives:
            return -1
        return 0

    def body_votes(self, name: str) -> int:
        """All the story's evidence for a name and its short forms: > 0 body, < 0 person.
        A surname used alone elsewhere marks a person; a first word used alone ("Acme" for
        "Acme Holdings") marks a body."""
        parts = name.split()
        votes = sum(e.votes for e in self.names.name_or_its_tails(name))
        if len(parts) > 1:
            alone = self.names.single_words
            if parts[-1] in alone:
                votes -= 1
            if parts[0] in alone:
                votes += 1
        return votes

    def surface_word(self, w: Word) -> str:
        """A word as evidence: a capital at the start of a sentence says nothing, unless the
        word is a name elsewhere, a place or a party ("Republican Senator X said ...")."""
        if w.index == 1 and w.text not in self.midsentence_capitals and not self.lex.parties_in([w.text]) \
                and not self.lex.is_place([w.text]):
            return w.text.lower()
        return w.text

    def surface(self, words: list[Word]) -> list[str]:
        return [self.surface_word(w) for w in words]

    def surface_context(self, s: Sentence, run: list[Word]) -> list[str]:
        """'United manager Jo Bell', 'Ana Lund, a transport analyst at Varde
        Securities', 'The council's leader, Kay Ames': the words written right
        before a name and the appositives around it."""
        def text_of(w: Word) -> str:
            return self.surface_word(w)
        pre: list[str] = []
        i = run[0].index - 1
        while i >= 1:
            w = s.word(i)
            hyphen = w.text == "-" and i > 1 and s.word(i - 1).end == w.start
            if w.upos in ("NOUN", "PROPN", "ADJ", "NUM", "VERB") and (w.upos != "VERB" or "VerbForm=Part" in w.feats) \
                    or w.text in ("'s", "\u2019s") or hyphen:
                pre.insert(0, text_of(w))
                i -= 1
            else:
                break
        if i >= 1 and s.word(i).text == "," and not pre:      # "X's leader, NAME,"
            k = i - 1
            while k >= 1 and s.word(k).text not in (",", ";", ":") and k > i - 10:
                pre.insert(0, text_of(s.word(k)))
                k -= 1
        post: list[str] = []
        j = run[-1].index + 1
        if j <= len(s.words) and s.word(j).text == "," and j + 1 <= len(s.words) \
                and (s.word(j + 1).upos in ("DET", "NUM", "ADJ", "NOUN") or s.word(j + 1).text.lower() in self.lex.attach_preps):
            for k, w in enumerate(s.words[j:], start=j):
                if w.text in (",", ".", ";", ":") or w.upos == "VERB" or len(post) > 14:
                    break
                # "X, the agency and Y Council": a list, not an appositive
                nxt = s.words[k + 1] if k + 1 < len(s.words) else None
                if w.upos == "CCONJ" and nxt is not None and (nxt.upos in ("DET", "PROPN") or nxt.text[:1].isupper()):
                    post = []
                    break
                post.append(w.text)
        # "X, who leads the Y group on the council, ...": the relative clause describes X
        if j <= len(s.words) and s.word(j).text == "," and j + 1 <= len(s.words) \
                and s.word(j + 1).text.lower() in self.lex.person_relatives:
            for w in s.words[j:]:
                if w.text in (",", ";", ":", ".") or len(post) > 20:
                    break
                post.append(w.text)
        return pre + [w.text for w in run] + post

    def full_name(self, name: str, before: int) -> Entity | None:
        """A surname or short form resolves to the longer name written earlier (or later)."""
        return self.names.longer(name, before)

    def entity(self, name: str) -> Entity | None:
        if name not in self._entity_memo:
            self._entity_memo[name] = self._entity(name)
        return self._entity_memo[name]

    def is_body(self, name: str) -> bool:
        ent = self.entity(name)
        return ent is not None and ent.is_org

    def is_person(self, name: str) -> bool:
        ent = self.entity(name)
        return ent is not None and not ent.is_org

    def _entity(self, name: str) -> Entity | None:
        found = self.names.named(name)
        if not found:
            return None
        longer = self.full_name(name, 10 ** 9)
        full = longer.name if longer is not None else name
        votes = self.body_votes(full)
        if self.is_org_name(full, []) and votes > -2:
            is_org = True           # a body's own noun in its name outweighs a short form
        elif votes:
            is_org = votes > 0
        else:
            is_org = any(e.is_org for e in found) or (len(name.split()) == 1 and longer is None)
        return attrs.evolve(found[0], is_org=is_org, descriptors=list(self.names.described(name)))

    def body_entities(self) -> list[tuple[str, int, list[str]]]:
        """The bodies the story names: full name, first position, every description."""
        if self._bodies is None:
            self._bodies = self._collect_bodies()
        return self._bodies

    def _collect_bodies(self) -> list[tuple[str, int, list[str]]]:
        out: dict[str, tuple[str, int, list[str]]] = {}
        said: dict[str, dict[tuple[str, ...], None]] = {}    # each body's distinct mention descriptions
        for e in self.entities:
            full = self.full_name(e.name, 10 ** 9)
            name = full.name if full is not None else e.name
            ent = self.entity(name)
            if ent is None or not ent.is_org or self.lex.places_in([name]) or len(self.lex.places_in(name.split())) == len(name.split()):
                continue
            if name in out:
                out[name] = (name, min(out[name][1], e.start), out[name][2])
            else:
                out[name] = (name, e.start, [])
                said[name] = {}
            said[name].setdefault(tuple(e.descriptors), None)
        # a short form ("Acme" beside "Acme Holdings") is the same body
        for short in sorted(out, key=lambda n: len(n.split())):
            parts = short.split()
            longer = [n for n in out if len(n.split()) > len(parts) and
                      (n.split()[:len(parts)] == parts or n.split()[-len(parts):] == parts)]
            if len(longer) == 1:
                name, start, _ = out.pop(short)
                keep = out[longer[0]]
                out[longer[0]] = (keep[0], min(keep[1], start), keep[2])
                for d in said.pop(short):
                    said[longer[0]].setdefault(d, None)
        return [(name, start, [w for d in said[name] for w in d]) for name, start, _ in out.values()]

    def demonym(self, token: str) -> str | None:
        """An unknown demonym written in the story: 'Veldanian' (and 'Veldania's' -> it)."""
        if token in self.unknown_demonyms:
            return token
        stem = token.removesuffix("'s").removesuffix("\u2019s")
        if stem[:1].isupper() and not self.lex.places_in([stem]):
            for d in sorted(self.unknown_demonyms):
                if d.startswith(stem[:-1]) and len(stem) > 3:
                    return d
        return None

    def nationalities(self) -> list[str]:
        out = []
        for s in self.parse.sentences:
            tokens = [w.text for w in s.words]
            out += [p for p in self.lex.places_in(tokens) if p not in ("foreign", "Western")]
            out += [d for d in (self.demonym(w.text) for w in s.words) if d]
        return out
