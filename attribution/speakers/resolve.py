"""Speakers: resolution of pronouns and references back, class, role, affiliation and
speaker type, from the story's entities (entities.py).

Input: the attributions found by the attribute stage (with ``speaker.mention`` and its
span), the parse, and the rules. The speaker of each attribution is typed from the entity
its mention names or refers to: a body the story identifies is on the record (guide
section 3), a role comes from the head of a description given anywhere in the story, an
affiliation is written in full as the story writes it (section 4).
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator

import attrs

from ..model import ANONYMOUS, Article, Attribution, Parse, Sentence, Span, Speaker, Word
from ..ruleset import Rules
from .anonymity import reason_for
from .entities import Entity, StoryEntities
from .lexicon import fold, join_hyphens, lexicon_for


class Resolver(StoryEntities):
    """Types the speakers of one story, in text order."""

    def __init__(self, article: Article, parse: Parse, rules: Rules):
        super().__init__(article, parse, lexicon_for(rules))
        nats = self.nationalities()
        top = max(sorted(set(nats)), key=nats.count) if nats else None
        second = max((nats.count(n) for n in set(nats) if n != top), default=0)
        # the story's country: the nationality written most, clearly ahead of the next
        self.dominant_nationality = top if top and nats.count(top) >= 3 and nats.count(top) >= 1.25 * second else None
        self.main_organisation = self.main_organisation_name()
        self._subjects: list[tuple[int, Speaker]] | None = None
        self._sorted_subjects: tuple[list[tuple[int, int]], list[Speaker]] | None = None
        # the speakers of the history so far, sorted by position (see earlier_speakers)
        self._history: list[Attribution] | None = None
        self._history_seen = 0
        self._history_keys: list[tuple[int, int]] = []
        self._history_speakers: list[Speaker] = []
        self.person_tokens = {t for e in self.entities if len(e.name.split()) > 1 and not self.is_body(e.name)
                              for t in e.name.split()}

    def name_of(self, sent: Sentence, words: list[Word]) -> str | None:
        head = self.head_of(sent, words)
        if head is None:
            return None
        cands = []
        if self.is_capitalised(head, sent) or head.upos == "PROPN":
            cands.append(head)
        cands += [w for w in words if w.head == head.index and w.deprel == "appos" and w.upos == "PROPN"]
        if head.deprel == "appos" and head.head and sent.word(head.head).upos == "PROPN":
            cands.append(sent.word(head.head))
        runs = self.runs_in(sent, words, head)
        if cands and runs and len(self.name_run(sent, cands[0])) == 1:
            cands = runs + cands
        else:
            cands += runs
        for c in cands:
            run = [w for w in self.name_run(sent, c) if w in words or c not in words]
            if run and all(x.text.isupper() and len(x.text) > 2 for x in run):
                continue
            if run and not (len(run) == 1 and self.lex.places_in([run[0].text])) \
                    and not self.lex.roles_in([w.text for w in run]):
                return self.join_name(run)
        return None

    def runs_in(self, sent: Sentence, words: list[Word], head: Word) -> list[Word]:
        """Heads of proper-name runs in the mention, longest first, skipping runs after a
        preposition (an affiliation: 'at the University of Eastmarch') and modifiers of the head."""
        out, i = [], 0
        while i < len(words):
            if words[i].upos != "PROPN":
                i += 1
                continue
            j = i
            while j + 1 < len(words) and (words[j + 1].upos == "PROPN" or words[j + 1].text.lower() in self.lex.particles):
                j += 1
            run = words[i:j + 1]
            prev = words[i - 1].text.lower() if i > 0 else ""
            if prev not in self.lex.before_body \
                    and not (len(run) == 1 and run[0].deprel == "compound" and run[0].head == head.index) \
                    and not self.lex.places_in([w.text for w in run]):
                out.append(run)
            i = j + 1
        out.sort(key=len, reverse=True)
        return [r[-1] for r in out if len(r) > 1]

    # -- one speaker -------------------------------------------------------------------------
    def describe(self, a: Attribution, history: list[Attribution]) -> Speaker:
        sp = a.speaker
        if sp.mention_span is None or not sp.mention:
            return attrs.evolve(sp, cls="unattributed", speaker_type="unattributed", role=None)
        sent, words = self.words_in(sp.mention_span)
        low = [w.text.lower() for w in words]
        # pronouns and elliptical mentions take their description from an antecedent
        if tuple(low) in self.lex.elliptical_one or tuple(low) in self.lex.elliptical_group \
                or (tuple(low[:3]) in self.lex.elliptical_one and self.lex.partitive in low[:3]):
            group = tuple(low) in self.lex.elliptical_group
            of_them = self.lex.partitive in low[1:2] or group
            ante = self.antecedent(a, history, want_plural=True if of_them else None, prefer_sources=True)
            return self.inherit(sp, ante, new_source=True, number="plural" if group else "singular")
        # "another official", "one of the officials": one more source like an earlier one
        prefix = next((n for n in range(len(low) - 1, 0, -1) if tuple(low[:n]) in self.lex.elliptical_one), 0)
        bare = all(w.upos in ("DET", "ADP", "NOUN", "PRON") and (w.upos != "NOUN" or w.deprel not in ("compound",))
                   for w in words[prefix:])
        if prefix and bare:
            rest = self.head_roles(words[prefix:])
            if rest and rest[0] not in ("organisation", "document"):
                ante = self.same_role_antecedent(a, history, rest[0])
                if ante is not None:
                    return self.inherit(sp, ante, new_source=True, number="singular")
        if len(low) == 1 and (low[0] in self.lex.singular or low[0] in self.lex.plural or low[0] in self.lex.neuter):
            plural = low[0] in self.lex.plural
            gender = 1 if low[0] in self.lex.masculine else -1 if low[0] in self.lex.feminine else 0
            ante = self.antecedent(a, history, want_plural=plural, prefer_sources=False,
                                   want_org=low[0] in self.lex.neuter, want_gender=gender)
            return self.inherit(sp, ante, new_source=False)
        name = self.name_of(sent, words) if sent is not None else None
        head = self.head_of(sent, words) if sent is not None else None
        if name is None and head is not None and sent is not None:
            # "the paper's correspondent, Jane Doe, ...": the name is the appositive
            appos = [c for c in sent.children(head.index) if c.deprel == "appos" and c.upos == "PROPN"]
            if appos:
                run = self.name_run(sent, appos[0])
                if len(run) > 1 or self.full_name(appos[0].text, 10 ** 9):
                    name = self.join_name(run)
        plural = self.is_plural(words, head)
        head_roles = self.head_roles(words) if head is not None else []
        head_role = head_roles[0] if head_roles else None
        if name is None and head is not None and head_role == "organisation" and self.speaks_as_body(words, head, plural):
            return self.body_speaker(sp, words, head)
        definite = bool(words) and (words[0].text.lower() in self.lex.definite or
                                    words[0].deprel == "nmod:poss")
        if name is None and head is not None and head_role == "document" and definite:
            ante = self.earlier_document(a, history, head)
            if ante is not None:
                return self.inherit(sp, ante, new_source=False)
        if name is None and head is not None and not plural and head_role not in (None, "organisation", "document", "source") \
                and words[0].text.lower() in self.lex.definite:
            # "the coroner" after "Area coroner Jane Doe": the person the story gave that title
            person = self.described_person(head, sp.mention_span.start)
            if person is not None:
                return attrs.evolve(person, mention=sp.mention, mention_span=sp.mention_span)
        if name is None and head is not None and words and words[0].text.lower() in self.lex.definite \
                and head_role != "document" \
                and not any(w.upos == "PROPN" and not self.lex.places_in([w.text]) for w in words):
            ante = self.antecedent(a, history, want_plural=plural, prefer_sources=True, definite_of=head)
            if ante is not None:
                return self.inherit(sp, ante, new_source=False)
        return self.type_new(sp, words, name, plural, a)

    # -- bodies on the record ------------------------------------------------------------------
    def speaks_as_body(self, words: list[Word], head: Word, plural: bool) -> bool:
        """A description whose head is a body noun names a body (guide section 3) unless it
        is indefinite ("a company", "two banks") or a plural that is no collective noun."""
        first = words[0].text.lower()
        if first in self.lex.indefinite and first not in self.lex.definite:
            return False
        return not plural or head.text.lower() in self.lex.collective_bodies

    def body_named_by(self, head: Word | str, before: int) -> str | None:
        """The story's body that a description with head noun ``head`` refers to: one whose
        name holds the noun ("the trust" -> "Eastmarch Hospitals NHS Trust"), else one
        described by it anywhere ("X, a militia ..."), else, for a generic noun ("the
        company"), the story's main body. The last one named before the mention wins."""
        noun = head.lower() if isinstance(head, str) else head.text.lower()
        lemma = noun if isinstance(head, str) else head.lemma.lower()
        bodies = self.body_entities()
        def last(cands):
            # the fullest name: a short form ("Police") gives way to the name it is part of
            cands = [b for b in cands if not any(len(o[0]) > len(b[0]) and b[0] in o[0] for o in cands)]
            cands = sorted(cands, key=lambda b: b[1])
            earlier = [b for b in cands if b[1] < before]
            return (earlier or cands)[-1][0] if cands else None
        by_name = [b for b in bodies if {noun, lemma} & {t.lower().strip(".,") for t in b[0].split()}]
        if by_name:
            return last(by_name)
        by_description = [b for b in bodies if {noun, lemma} & {t.lower() for t in b[2] if t.islower()}]
        if by_description:
            return last(by_description)
        if lemma in self.lex.generic_bodies or noun in self.lex.generic_bodies:
            # "the company": the last body named before it whose own name holds no other
            # body noun (an association or a ministry is no company), else the main body
            plain = [b for b in bodies if b[1] < before and not any(
                self.lex.role_of_word(t) == "organisation" and t.lower() not in (noun, lemma) for t in b[0].split())]
            # a name that shows it is a body ("... City", "X said it") before a bare unknown word
            strong = [b for b in plain if self.is_org_name(b[0], []) or self.body_votes(b[0]) > 0]
            return last(strong or plain) if plain else self.main_organisation
        return None

    def body_speaker(self, sp: Speaker, words: list[Word], head: Word) -> Speaker:
        assert sp.mention_span is not None
        sent = self.words_in(sp.mention_span)[0]
        written = [w for w in words if w.upos not in ("DET", "PUNCT") and w.deprel != "nmod:poss"]
        proper = any(self.is_capitalised(w, sent) and w.index > 1 for w in written)
        name = None if proper else self.body_named_by(head, sp.mention_span.start)
        if name is None:
            # a body named by its function: its name is the description as written
            content = [w for w in words if w.upos not in ("DET", "PUNCT")]
            name = fold(self.text[content[0].start:content[-1].end]) if content else sp.mention
            resolved = sp.mention
        else:
            resolved = name
        descriptors = [w.text for w in words]
        for b in self.body_entities():
            if b[0] == name:
                descriptors += b[2]
        affiliation = self.body_affiliation(name, descriptors, head)
        return self.finish(attrs.evolve(sp, resolved=resolved, name=name, cls="named organisation",
                                        role="organisation", affiliation=affiliation, number="singular"))

    def body_affiliation(self, name: str | None, descriptors: list[str], head: Word | None) -> str | None:
        """A body takes the country its own description names ("Ostrava's defence
        ministry"); a body of a state with no such word takes the story's country."""
        # "an Iran-backed militia" is not Iranian: a place inside a compound modifier
        plain = [t for k, t in enumerate(descriptors)
                 if not (k + 1 < len(descriptors) and descriptors[k + 1] == "-") and "-" not in t]
        places = [p for p in self.lex.places_in(plain) if p not in ("foreign",)]
        demonyms = [self.demonym(t) for t in plain if self.demonym(t)]
        if places or demonyms:
            return (places or demonyms)[0]
        words = [t.lower() for t in (name or "").split()] + ([head.lemma.lower()] if head is not None else [])
        if any(t in self.lex.government_bodies for t in words):
            return self.dominant_nationality
        return None

    def earlier_document(self, a: Attribution, history: list[Attribution], head: Word) -> Speaker | None:
        """'the statement', 'the audit': the earlier document with the same head noun."""
        for h in reversed(history):
            if h.speaker.cls != "document" or not h.speaker.resolved:
                continue
            if head.text.lower() in h.speaker.resolved.lower().split() or \
                    head.lemma.lower() in h.speaker.resolved.lower().split():
                return h.speaker
        return None

    def head_roles(self, words: list[Word]) -> list[str]:
        """Roles named by the mention's head noun with its compounds ('research note')."""
        if not words:
            return []
        sent, _ = self.words_in(Span(words[0].start, words[-1].end))
        head = self.head_of(sent, words) if sent else None
        if head is not None and head.upos == "VERB":      # 'figures compiled by ...'
            head = next((w for w in words if w.upos == "NOUN"), head)
        if head is None:
            return []
        comp = [w for w in words if w.head == head.index and w.deprel == "compound"] + [head]
        comp.sort(key=lambda w: w.index)
        return self.lex.roles_in([w.text for w in comp])[-1:] or self.lex.roles_in([head.text])

    def is_plural(self, words: list[Word], head: Word | None) -> bool:
        if head is None:
            return False
        core = []
        for w in words:                    # the noun phrase before any attachment
            if w.upos == "ADP" or w.text == ",":
                break
            core.append(w)
        if any(w.upos == "NOUN" and "Number=Plur" in w.feats for w in core):
            return True
        if "Number=Plur" in head.feats or any(w.deprel == "conj" and w.head == head.index and w.upos in ("NOUN", "PROPN")
                                              for w in words):
            return True
        # "a group of backbench MPs": a collective head of several people
        if head.text.lower() in self.lex.collective_heads and any(
                w.head == head.index and w.deprel.startswith("nmod") and "Number=Plur" in w.feats for w in words):
            return True
        return any(w.text.lower() in self.lex.plural_numbers and w.head == head.index for w in words) \
            or head.text.lower() in self.lex.plural_heads

    def type_new(self, sp: Speaker, words: list[Word], name: str | None, plural: bool,
                 a: Attribution) -> Speaker:
        tokens = [w.text for w in words]
        resolved = self.core_mention(words) or sp.mention
        descriptors = self.surface(words)
        if name and (self.head_roles(words) or [""])[0] == "document":
            name = None                    # figures compiled by Shipping Ledger: a document
        if name:
            longer = self.full_name(name, sp.mention_span.start if sp.mention_span else 0)
            ent = longer or self.entity(name)
            if longer is not None:
                name = longer.name
                if len(tokens) <= len(name.split()):
                    resolved = name
            descriptors += self.names.described(name, ending=True)
            is_org = (ent.is_org if ent is not None else False) or self.is_org_name(name, tokens) \
                or (len(name.split()) == 1 and longer is None)
            cls = "named organisation" if is_org else "named person"
        else:
            roles = self.head_roles(words) or self.lex.roles_in(tokens)
            if roles and roles[0] == "document":
                cls = "document"
            elif roles and roles[0] == "organisation" and any(
                    w.upos == "PROPN" and self.lex.role_of_word(w.text) in (None, "organisation") for w in words):
                cls = "named organisation"
            else:
                cls = "anonymous group" if plural else "anonymous individual"
                later = None if plural or sp.mention_span is None else self.named_later(words, sp.mention_span.start)
                if later is not None:
                    # "A coroner has warned ..." then "Area coroner Jane Doe recorded ...":
                    # a source described first and named later is the named person
                    return attrs.evolve(later, mention=sp.mention, mention_span=sp.mention_span)
        role = self.role_for(cls, descriptors)
        if role == "other" and cls == "named person" and not self.head_roles_in(descriptors) and self.testifies(a):
            role = "witness"        # "X told the inquest that ...": a trial witness
        if role == "source" and cls in ANONYMOUS and self.occupation_head(words):
            role = "other"          # "two shipping agents": a job the lexicon lacks, not a "source"
        if cls == "named organisation":
            affiliation = self.body_affiliation(name, descriptors, None)
        elif cls == "document":
            affiliation = self.possessor_body(words) or self.affiliation_for(words, descriptors, name, person=False)
        else:
            affiliation = self.affiliation_for(words, descriptors, name) or self.default_affiliation(cls, role, name)
            role = self.party_member_role(role, affiliation)
        return self.finish(attrs.evolve(sp, resolved=resolved, name=name if cls.startswith("named") else None,
                                        cls=cls, role=role, affiliation=affiliation,
                                        number="plural" if plural else "singular"))

    def testifies(self, a: Attribution) -> bool:
        """The cue tells a court-like body ("told the inquest", "told the jury"): the
        source, with no other role, is giving evidence (rules: entities.toml [roles])."""
        if a.cue_span is None:
            return False
        sent, cue_words = self.words_in(a.cue_span)
        if sent is None or not cue_words:
            return False
        for cue in cue_words:
            for child in sent.children(cue.index):
                if child.deprel in ("obj", "iobj", "obl") and child.lemma.lower() in self.lex.testimony_listeners:
                    return True
        return False

    def occupation_head(self, words: list[Word]) -> bool:
        """The mention's head is a common noun no lexicon knows: some occupation, not one
        of the words that only say "someone" (those are the `source` role's own words)."""
        sent, _ = self.words_in(Span(words[0].start, words[-1].end)) if words else (None, [])
        head = self.head_of(sent, words) if sent is not None else None
        return head is not None and head.upos == "NOUN" and not self.lex.roles_in([w.text for w in words]) \
            and not self.lex.roles_in([head.lemma])

    def core_mention(self, words: list[Word]) -> str | None:
        """The mention without the clause that tells why or how the source speaks: "a senior
        official, speaking on condition of anonymity because ..." -> "a senior official"."""
        for k, w in enumerate(words[:-1]):
            nxt = words[k + 1]
            if w.text == "," and k > 0 and (("VerbForm=Ger" in nxt.feats or "VerbForm=Part" in nxt.feats)
                                            and nxt.upos == "VERB" or nxt.text.lower() in self.lex.person_relatives):
                return fold(self.text[words[0].start:words[k - 1].end])
        return None

    def role_for(self, cls: str, descriptors: list[str]) -> str:
        if cls == "document":
            return "document"
        if cls == "named organisation":
            return "organisation"
        roles = [r for r in self.head_roles_in(descriptors) if r not in ("document",)]
        if cls.startswith("anonymous"):
            roles = [r for r in roles if r != "organisation"]
            return roles[0] if roles else "source"
        roles = [r for r in roles if r not in ("organisation", "source")]
        # several descriptions ("Sheikh X, a prominent cleric"): the most specific role
        # wins, in the rules' priority order (roles.toml [priority])
        return min(roles, key=self.lex.role_rank) if roles else "other"

    def head_roles_in(self, tokens: list[str]) -> list[str]:
        """The roles of the heads of the descriptions in ``tokens``, in text order. A
        description's head is the last role word of its noun phrase ("a consultant
        orthopaedic surgeon" is a surgeon; "a retail sector analyst at a bank" an
        analyst): phrases end at prepositions, commas and coordinations, and a name
        ends the pre-modifying title before it ("Foreign Minister X")."""
        out: list[str] = []
        segment: list[str] = []
        def close():
            found = self.lex.roles_in(segment)
            if found:
                out.append(found[-1])
            segment.clear()
        for t in join_hyphens(tokens):
            low = t.lower()
            if low in self.lex.attach_preps or low in self.lex.residence_preps or low in self.lex.description_ends \
                    or (t[:1].isupper() and not self.lex.roles_in([t]) and segment):
                close()
                if t[:1].isupper() and not self.lex.roles_in([t]):
                    continue
            segment.append(t)
        close()
        return out

    def affiliation_for(self, words: list[Word], descriptors: list[str], name: str | None,
                        person: bool = True) -> str | None:
        own = set(name.split()) if name else set()
        # a party the text ties the person to: "Republican Senator X", "who leads the Liberal Democrat group"
        party = self.party_in(self.surface(words) + descriptors, own)
        if party:
            return party
        # "an analyst at Al-Ahram", "a note from Vesk & Co": organisations by name
        org = self.attached_org(words, person)
        if org:
            return self.expand_body(org)
        org = self.premodifier_body(self.surface(words) + descriptors, own)
        if org:
            return org
        org = self.possessor_body(words)
        if org:
            return org
        org = self.attached_org_in(descriptors, own)
        if org:
            return self.expand_body(org)
        places = self.lex.places_in([w.text for w in words if not name or w.text not in name.split()])
        if places:
            return places[0]
        for w in words:                    # an unknown demonym: "a senior Veldanian official"
            if w.upos == "ADJ" and w.text[:1].isupper() and w.index > 1 \
                    and w.text.endswith(self.lex.demonym_suffixes):
                return w.text
            if self.demonym(w.text):
                return self.demonym(w.text)
        own = set(name.split()) if name else set()
        own |= self.person_tokens
        for k, t in enumerate(descriptors):   # "Quillon engineers", "United manager Jo Bell"
            t = t.removesuffix("'s").removesuffix("\u2019s")
            if k > 0 and descriptors[k - 1].lower() in self.lex.residence_preps and not self.is_body_name(t):
                continue                   # "a retired teacher from Dover": where she lives
            if t[:1].isupper() and t not in own and not self.lex.roles_in([t]) and t.isalpha() \
                    and not self.lex.places_in([t]):
                ent = self.full_name(t, 10 ** 9) or self.entity(t)
                if ent is not None and ent.is_org and not self.lex.roles_in(ent.name.split()[:1]) \
                        and self.is_body_name(ent.name):
                    return ent.name
        for t in descriptors:              # "a council report": the council the story names
            ent = self.named_like(t)
            if ent is not None:
                return ent.name
        places = self.lex.places_in([t for t in descriptors if t not in own])
        return places[0] if places else None

    def default_affiliation(self, cls: str, role: str, name: str | None) -> str | None:
        """What the story ties a source to when the words around it do not: a government
        figure or body takes the story's dominant nationality; a company spokesperson or
        executive takes the organisation the story is about."""
        if cls == "named person" and role in self.lex.government_roles:
            return self.dominant_nationality
        if cls == "named organisation" and name and name.split()[-1].lower() in self.lex.government_bodies:
            return self.dominant_nationality
        if cls == "named person" and role in ("spokesperson", "executive"):
            return self.main_organisation
        return None

    def main_organisation_name(self) -> str | None:
        counts: dict[str, int] = {}
        for e in self.entities:
            if self.lex.places_in(e.name.split()) or self.demonym(e.name):
                continue            # a place is no organisation
            full = self.full_name(e.name, 10 ** 9)
            # the main body shows it is one: a body noun in its name, or "X said it ..."
            if self.is_body_name((full or e).name):
                key = (self.full_name(e.name, 10 ** 9) or e).name
                counts[key] = counts.get(key, 0) + 1
        # "the university" counts for the University of X the story names
        bodies = [b for b in counts if self.is_org_name(b, [])]
        for sent in self.parse.sentences:
            for w in sent.words:
                if w.text.islower() and self.lex.role_of_word(w.text) == "organisation" and w.index > 1 \
                        and sent.word(w.index - 1).text.lower() in self.lex.definite:
                    named = [b for b in bodies if w.text.lower() in b.lower().split()]
                    if len(named) == 1:
                        counts[named[0]] += 1
        if not counts:
            return None
        best = max(counts, key=lambda k: counts[k])
        return self.expand_body(best) if counts[best] >= 3 else None

    def party_in(self, tokens: list[str], own: set[str]) -> str | None:
        """A political party in the tokens, with the capitalised words of its name that
        follow ("Green" + "Alliance"), never the person's own name or a role."""
        for i in range(len(tokens)):
            found = self.lex.parties_in(tokens[i:i + self.lex.max_party_len])
            if not found or not tokens[i].startswith(found[0].split()[0]):
                continue
            run = found[0].split()
            j = i + len(run)
            while j < len(tokens) and tokens[j][:1].isupper() and tokens[j] not in own \
                    and not self.lex.roles_in([tokens[j]]) and tokens[j].lower() in self.lex.org_suffixes:
                run.append(tokens[j])
                j += 1
            return " ".join(run)
        return None

    def premodifier_body(self, tokens: list[str], own: set[str]) -> str | None:
        """The body named right before a role word: "Eastmarch manager", "Birch County Fire
        District Chief", "the Daily Courier's correspondent", "ASU branch secretary",
        "company spokeswoman" (a generic noun: the story's main body)."""
        for i, t in enumerate(tokens):
            role = self.lex.role_of_word(t)
            if role is None or role in ("organisation", "document"):
                continue
            if i > 0 and tokens[i - 1].islower() and self.lex.role_of_word(tokens[i - 1]) == "organisation":
                body = self.body_named_by(tokens[i - 1], 10 ** 9)     # "a club insider"
                if body:
                    return body
            k = i
            while k > 0 and self.lex.role_of.get(tuple(x.lower() for x in tokens[k - 1:i + 1])) is not None:
                k -= 1            # multi-word role: "football correspondent"
            while k > 0 and tokens[k - 1].islower() and not self.lex.role_of_word(tokens[k - 1]) \
                    and tokens[k - 1] not in self.lex.possessives and tokens[k - 1].isalpha() \
                    and tokens[k - 1].lower() not in self.lex.definite and tokens[k - 1].lower() not in self.lex.indefinite:
                k -= 1            # lower-case modifiers: "branch secretary", "football correspondent"
            if k > 0 and tokens[k - 1] in self.lex.possessives:
                k -= 1            # "the Daily Courier's correspondent"
            run: list[str] = []
            j = k - 1
            while j >= 0 and tokens[j][:1].isupper() and tokens[j] not in own \
                    and self.lex.role_of_word(tokens[j]) in (None, "organisation") and not self.function_word(tokens[j]):
                run.insert(0, tokens[j])
                j -= 1
            if not run:
                if k < i and self.lex.role_of_word(tokens[k]) == "organisation" and tokens[k].islower():
                    body = self.body_named_by(tokens[k], 10 ** 9)     # "a club insider"
                    if body:
                        return body
                if k > 0 and tokens[k - 1].lower() in self.lex.generic_bodies and self.main_organisation:
                    return self.main_organisation
                if k > 0 and tokens[k - 1].lower() in self.lex.generic_bodies:
                    continue
                generic = t.lower() in self.lex.generic_bodies
                if generic and self.main_organisation:
                    return self.main_organisation
                continue
            text = " ".join(run)
            places = self.lex.places_in(run)
            if places and (len(run) == 1 or tuple(run) in self.lex.place_of):
                return places[0]        # "a State Department official"
            if self.lex.is_place(run):
                return text             # "Oregon Gov.": a region as written
            full = self.expand_body(text)
            known = full != text or self.entity(text) is not None or (len(run) > 1 and self.is_org_name(text, []))
            if not ((known and self.is_body_name(full)) or text.isupper()):
                continue                # "Independent security researcher": no body the story names
            if self.lex.role_of_word(run[0]) == "organisation" and len(run) == 1:
                return self.body_named_by(run[0], 10 ** 9)   # "Company spokeswoman X"
            return self.expand_body(text)
        return None

    def function_word(self, token: str) -> bool:
        """Determiners, numbers, days: capitalised at a sentence start, never a name."""
        low = token.lower()
        return low in self.lex.never_affiliation or low in self.lex.definite or low in self.lex.indefinite \
            or low in self.lex.plural_numbers or low in self.lex.singular or low in self.lex.plural

    def expand_body(self, short: str) -> str:
        """A body's short form or acronym written beside a person ("Eastmarch", "NFU") is the
        body the story names in full ("Eastmarch Albion", "National Farmers Union")."""
        short = short.strip(".,;:")
        parts = short.split()
        best = None
        for b in self.body_entities():
            full = b[0].split()
            if len(full) > len(parts) and (full[:len(parts)] == parts or full[-len(parts):] == parts):
                best = best or b[0]
            elif len(parts) == 1 and short.isupper() and len(short) > 1 and \
                    "".join(w[0] for w in full if w[:1].isupper()) == short:
                best = best or b[0]
        return best or short

    def attached_org(self, words: list[Word], person: bool = False) -> str | None:
        """The body a preposition attaches: "an analyst at X", "a spokesman for Y". With
        several ("editor of the P at X"), the preposition listed first in the rules wins."""
        found = []
        for i, w in enumerate(words):
            if w.text.lower() not in self.lex.attach_preps:
                continue
            body = self.attached_at(words, i)
            if body and person and w.text.lower() in self.lex.residence_preps and not self.is_body_name(body):
                continue            # "a retired teacher from Dover": where she lives
            if body:
                found.append((self.lex.attach_order.index(w.text.lower()), i, body))
        return min(found)[2] if found else None

    def attached_at(self, words: list[Word], i: int) -> str | None:
        rest = words[i + 1:i + 10]
        while rest and rest[0].text.lower() in self.lex.definite | self.lex.indefinite:
            rest = rest[1:]
        # "a source from Peru's mining network": the country
        if len(rest) > 1 and rest[1].text in self.lex.possessives and self.lex.places_in([rest[0].text]):
            return self.lex.places_in([rest[0].text])[0]
        # "a memo from the university's finance office": the story's university
        if rest and rest[0].text.islower() and self.lex.role_of_word(rest[0].text) == "organisation" \
                and (len(rest) == 1 or rest[1].text in self.lex.possessives or rest[1].upos in ("ADP", "PUNCT")):
            body = self.body_named_by(rest[0], rest[0].start)
            if body:
                return body
        while rest and rest[0].text.islower() and len(rest) > 1 and rest[0].upos in ("NOUN", "ADJ"):
            rest = rest[1:]
        run: list[Word] = []
        for k, x in enumerate(rest):
            joined = run and x.start == run[-1].end      # Al-Ahram: no space inside
            nxt = rest[k + 1] if k + 1 < len(rest) else None
            inner_possessive = run and x.text in self.lex.possessives and nxt is not None and nxt.text[:1].isupper()
            if x.text[:1].isupper() or (joined and x.text not in self.lex.possessives and x.upos != "PUNCT") \
                    or inner_possessive or (run and x.text.lower() in self.lex.joiners and x.text.lower() != "the"):
                run.append(x)
            else:
                break
        while run and (run[-1].text.lower() in self.lex.joiners or run[-1].upos == "PUNCT"):
            run.pop()
        if not run:
            return None
        after = words[words.index(run[-1]) + 1] if words.index(run[-1]) + 1 < len(words) else None
        if after is not None and after.text.islower() and self.lex.role_of_word(after.text) == "organisation":
            run.append(after)       # "the Quist family"
        text = fold(self.text[run[0].start:run[-1].end]).removesuffix("'s").removesuffix("\u2019s")
        if not self.lex.is_place(text.split()) and (not self.lex.roles_in([run[0].text]) or len(run) > 1):
            return text
        return None

    def attached_org_in(self, tokens: list[str], own: set[str]) -> str | None:
        """A body attached by a preposition in a description gathered elsewhere in the
        story ("Bell, a senior engineer at Eastmarch Water" for a later "Bell")."""
        for i, t in enumerate(tokens):
            if t.lower() not in self.lex.attach_preps or t.lower() in self.lex.residence_preps and t.lower() != "from":
                continue
            rest = tokens[i + 1:i + 10]
            while rest and rest[0].lower() in self.lex.definite | self.lex.indefinite:
                rest = rest[1:]
            run: list[str] = []
            for k, x in enumerate(rest):
                nxt = rest[k + 1] if k + 1 < len(rest) else ""
                if (x[:1].isupper() and x not in own) or (run and x in self.lex.possessives and nxt[:1].isupper()) \
                        or (run and x.lower() in self.lex.joiners and nxt[:1].isupper()):
                    run.append(x)
                else:
                    break
            if not run or self.function_word(run[0]):
                continue
            text = " ".join(run)
            for p in self.lex.possessives:
                text = text.replace(" " + p, p)
            if self.lex.places_in(run) and len(self.lex.places_in(run)) == 1 and len(run) == 1:
                continue        # "a nurse from Lyon": where someone lives
            if self.is_body_name(text):
                return text
        return None

    def is_body_name(self, text: str) -> bool:
        """A name the story shows to be a body: a body noun in it, or evidence ("X said it")."""
        full = self.full_name(text, 10 ** 9)
        name = full.name if full is not None else text
        return self.is_org_name(name, []) or self.body_votes(name) > 0

    def named_like(self, token: str) -> Entity | None:
        """A lower-case organisation noun ('council') names the story's body of that kind."""
        if not token.islower() or token.lower() not in self.lex.org_suffixes:
            return None
        return self.names.body_ending(token)

    def inherit(self, sp: Speaker, ante: Speaker | None, new_source: bool, number: str | None = None) -> Speaker:
        if ante is None:
            cls = "anonymous group" if number == "plural" else "anonymous individual"
            return self.finish(attrs.evolve(sp, resolved=sp.mention, cls=cls, role="source", affiliation=None))
        out = attrs.evolve(sp, resolved=ante.resolved, name=ante.name, cls=ante.cls, role=ante.role,
                           affiliation=ante.affiliation, number=number or ante.number,
                           source_id=None if new_source else ante.source_id)
        if new_source and out.cls == "anonymous group" and (number or "singular") == "singular":
            out = attrs.evolve(out, cls="anonymous individual")
        if new_source and number == "plural":
            out = attrs.evolve(out, cls="anonymous group")
        return self.finish(out)

    def finish(self, sp: Speaker) -> Speaker:
        if sp.cls == "unattributed":
            return attrs.evolve(sp, speaker_type="unattributed")
        status = "anonymous" if sp.cls in ANONYMOUS else "named"
        aff = sp.affiliation if sp.affiliation and sp.affiliation.lower() != "foreign" else None
        label = " ".join(x for x in (status, aff, sp.role or "other") if x)
        return attrs.evolve(sp, speaker_type=label)

    # -- antecedents ---------------------------------------------------------------------------
    def antecedent(self, a: Attribution, history: list[Attribution], want_plural: bool | None,
                   prefer_sources: bool, want_org: bool = False, definite_of: Word | None = None,
                   want_gender: int = 0) -> Speaker | None:
        """The nearest earlier speaker (or named subject) compatible with the mention."""
        pos = a.speaker.mention_span.start if a.speaker.mention_span else a.start
        role_wanted = self.lex.roles_in([definite_of.text]) if definite_of is not None else []
        for s in self.earlier_speakers(history, pos, with_subjects=not prefer_sources):
            plural = s.number == "plural" or s.cls == "anonymous group"
            if want_org:
                if s.cls in ("named organisation", "document"):
                    return s
                continue
            if s.cls == "document":
                continue
            if want_gender and s.cls == "named person" and self.gender_of(s.name) * want_gender < 0:
                continue            # "she" is not the man named before
            if want_plural is not None and plural != want_plural and s.cls != "named organisation":
                continue
            if want_plural is False and s.cls == "named organisation" and definite_of is None:
                continue
            if definite_of is not None and role_wanted and role_wanted[0] == "organisation" \
                    and s.cls != "named organisation":
                continue
            if definite_of is not None and s.cls == "named organisation" and \
                    (not role_wanted or role_wanted[0] != "organisation"):
                continue
            return s
        return None

    def earlier_speakers(self, history: list[Attribution], pos: int, with_subjects: bool) -> Iterator[Speaker]:
        """The speakers of ``history`` (and with ``with_subjects`` the named subjects) placed
        before ``pos``, nearest first; at one position the history's first, in its order.
        The history only grows while a story is resolved: its speakers are kept sorted by
        position as it grows, and each question reads back from ``pos`` only as far as
        it must, so a long story stays linear."""
        if history is not self._history or len(history) < self._history_seen:
            self._history, self._history_seen = history, 0
            self._history_keys, self._history_speakers = [], []
        for seq in range(self._history_seen, len(history)):
            h = history[seq]
            if h.speaker.cls == "unattributed":
                continue
            key = (h.speaker.mention_span.start if h.speaker.mention_span else h.start, -seq)
            at = bisect.bisect(self._history_keys, key)
            self._history_keys.insert(at, key)
            self._history_speakers.insert(at, h.speaker)
        self._history_seen = len(history)
        h_keys, h_speakers = self._history_keys, self._history_speakers
        s_keys, s_speakers = self.sorted_subjects() if with_subjects else ([], [])
        i = bisect.bisect_left(h_keys, (pos, -len(history) - 1)) - 1
        j = bisect.bisect_left(s_keys, (pos, -len(s_keys) - 1)) - 1
        while i >= 0 or j >= 0:
            if j < 0 or (i >= 0 and h_keys[i][0] >= s_keys[j][0]):
                yield h_speakers[i]
                i -= 1
            else:
                yield s_speakers[j]
                j -= 1

    def sorted_subjects(self) -> tuple[list[tuple[int, int]], list[Speaker]]:
        if self._sorted_subjects is None:
            if self._subjects is None:
                self._subjects = self._all_subjects()
            order = sorted((p, -k) for k, (p, _) in enumerate(self._subjects))
            self._sorted_subjects = (order, [self._subjects[-k][1] for _, k in order])
        return self._sorted_subjects

    def possessor_body(self, words: list[Word]) -> str | None:
        """"the company's latest filing", "Acme's report": the body that owns the words."""
        for w in words:
            if w.deprel == "nmod:poss" and w.upos == "PRON" and w.text.lower() in self.lex.neuter:
                # "Its chief executive": the body the story named last before
                before = [b for b in self.body_entities() if b[1] < w.start and self.is_body_name(b[0])]
                if before:
                    return max(before, key=lambda b: b[1])[0]
                continue
            if w.deprel != "nmod:poss" or w.upos == "PRON":
                continue
            if w.text.islower() and self.lex.role_of_word(w.text) == "organisation":
                return self.body_named_by(w, w.start)
            if w.text[:1].isupper():
                sent, _ = self.words_in(Span(w.start, w.end))
                if sent is None:
                    continue
                name = self.join_name(self.name_run(sent, w))
                places = self.lex.places_in(name.split())
                if places and self.lex.is_place(name.split()):
                    return places[0]            # "Iraq's network": the country
                if self.lex.is_place(name.split()):
                    return name
                return self.expand_body(name)
        return None

    def same_role_antecedent(self, a: Attribution, history: list[Attribution], role: str) -> Speaker | None:
        """The nearest earlier anonymous source with the same role."""
        for h in reversed(history):
            if h.speaker.cls in ANONYMOUS and h.speaker.role == role:
                return h.speaker
        return None

    def named_later(self, words: list[Word], after: int) -> Speaker | None:
        """The one named person, introduced after ``after``, whose title is this indefinite
        description's head noun and carries all its modifiers ("a coroner" -> "Area coroner
        X"; "a senior Iraqi official" matches only a named senior Iraqi official)."""
        if not words:
            return None
        sent, _ = self.words_in(Span(words[0].start, words[-1].end))
        head = self.head_of(sent, words) if sent is not None else None
        if head is None or head.upos != "NOUN" or self.lex.role_of_word(head.text) in (None, "organisation", "document", "source"):
            return None
        if words[0].text.lower() not in self.lex.indefinite or any(
                w.deprel in ("nmod", "acl", "acl:relcl", "appos") for w in words if w.head == head.index):
            return None
        modifiers = {w.text.lower() for w in words if w.head == head.index and w.upos in ("ADJ", "NOUN", "PROPN")}
        matches = []
        for e in self.names.described_as(head.text.lower()):
            if e.start <= after or len(e.name.split()) < 2 or not self.is_person(e.name):
                continue
            desc = {d.lower() for d in e.descriptors if d not in e.name.split()}
            if head.text.lower() in desc and modifiers <= desc:
                matches.append(e.name)
        if len(set(matches)) != 1:
            return None
        e0 = self.names.named(matches[0])[0]
        return self.named_speaker(e0.name, e0.name, Span(e0.start, e0.start + len(e0.name)))

    def described_person(self, head: Word, before: int) -> Speaker | None:
        """The named person whose descriptions, anywhere before ``before``, have ``head``'s
        noun as a title or appositive head; the one named last wins."""
        nouns = {head.text.lower(), head.lemma.lower()}
        found = None
        for e in self.names.described_as(*nouns):
            if e.start >= before or e.is_org or len(e.name.split()) < 2:
                continue
            if not self.is_person(e.name):
                continue
            if nouns & {d.lower() for d in e.descriptors if d not in e.name.split()}:
                found = e
        if found is None:
            return None
        return self.named_speaker(found.name, found.name, Span(found.start, found.start + len(found.name)))

    def named_speaker(self, full: str, mention: str, span: Span) -> Speaker:
        """A speaker for a person or body the story names, typed from its descriptions."""
        ent = self.entity(full)
        is_org = ent.is_org if ent else len(full.split()) == 1
        cls = "named organisation" if is_org else "named person"
        desc = list(self.names.described(full)) or [full]
        sp = Speaker(mention=mention, mention_span=span, resolved=full, name=full,
                     cls=cls, role=self.role_for(cls, desc), affiliation=None, source_id=f"name:{full.lower()}")
        if cls == "named organisation":
            aff = self.body_affiliation(full, desc, None)
        else:
            aff = self.affiliation_for([], desc, full) or self.default_affiliation(cls, sp.role or "other", full)
        return self.finish(attrs.evolve(sp, affiliation=aff, role=self.party_member_role(sp.role or "other", aff)))

    def party_member_role(self, role: str, affiliation: str | None) -> str:
        """A person the text ties to a political party, with no other role, is a politician."""
        if role in ("other", "source") and affiliation and self.lex.parties_in(affiliation.split()) and self.lex.party_role:
            return self.lex.party_role
        return role

    def _all_subjects(self) -> list[tuple[int, Speaker]]:
        out = []
        for s in self.parse.sentences:
            for w in s.words:
                if w.deprel in ("nsubj", "nsubj:pass") and w.upos in ("PROPN", "NOUN") and not w.text.isupper():
                    name = self.name_of(s, s.subtree(w.index, skip=frozenset({"acl:relcl", "ccomp", "parataxis"})))
                    if not name:
                        continue
                    ent = self.full_name(name, w.start) or self.entity(name)
                    full = ent.name if ent and len(ent.name) > len(name) else name
                    out.append((w.start, self.named_speaker(full, w.text, Span(w.start, w.end))))
        return out


def resolve_speakers(article: Article, parse: Parse, attributions: list[Attribution], rules: Rules) -> None:
    """Fill every attribution's speaker in place, in text order."""
    r = Resolver(article, parse, rules)
    history: list[Attribution] = []
    counter = 0
    for a in attributions:
        if a.strategy == "continuation" and history:      # continuation: same speaker as before
            a.speaker = attrs.evolve(history[-1].speaker)
            history.append(a)
            continue
        a.speaker = r.describe(a, history)
        if a.speaker.cls != "unattributed" and a.speaker.source_id is None:
            if a.speaker.cls.startswith("named") and a.speaker.name:
                a.speaker.source_id = f"name:{a.speaker.name.lower()}"
            elif a.speaker.cls == "document":
                a.speaker.source_id = f"doc:{(a.speaker.resolved or '').lower()}"
            else:
                counter += 1
                a.speaker.source_id = f"anon:{counter}"
        history.append(a)
    # anonymity reasons belong to the source: any of its attributions may carry them
    reasons: dict[str, str] = {}
    for a in attributions:
        if a.speaker.cls in ANONYMOUS and a.speaker.source_id:
            why = reason_for(r.parse, r.text, a, r.lex)
            if why:
                reasons.setdefault(a.speaker.source_id, why)
    for a in attributions:
        if a.speaker.source_id in reasons:
            a.speaker.anonymity_reason = reasons[a.speaker.source_id]
