"""The speaker stage's lexicon: role, affiliation, pronoun and entity words from the rules
(roles.toml, affiliations.toml, pronouns.toml, anonymity.toml, entities.toml, and the
generated wordnet.toml), indexed for look-up. Every word the stage knows comes from here."""
from __future__ import annotations

import re

from ..ruleset import Rules


def fold(text: str) -> str:
    return " ".join(text.split())


def longest_matches(tokens: list[str], table: dict[tuple[str, ...], str], longest: int,
                    firsts: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Values of the phrases of ``table`` found in ``tokens``, in text order, the longest
    phrase winning at each place (``firsts``: the words phrases start with, to skip fast)."""
    out, i = [], 0
    while i < len(tokens):
        if firsts and tokens[i] not in firsts:
            i += 1
            continue
        for n in range(min(longest, len(tokens) - i), 0, -1):
            value = table.get(tuple(tokens[i:i + n]))
            if value:
                out.append(value)
                i += n - 1
                break
        i += 1
    return out


def join_hyphens(tokens: list[str]) -> list[str]:
    """'vice', '-', 'chancellor' -> 'vice-chancellor': the tokenizer splits some compounds."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "-" and out and i + 1 < len(tokens):
            out[-1] = out[-1] + "-" + tokens[i + 1]
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


class Lexicon:
    """Role, affiliation and pronoun tables from the rules, indexed for look-up."""

    def __init__(self, rules: Rules):
        roles = rules.data.get("roles", {})
        self.role_of: dict[tuple[str, ...], str] = {}
        order = roles.get("priority", {}).get("order", [])
        self.role_order: list[str] = list(order)
        for role, phrases in roles.get("roles", {}).items():
            for p in phrases:
                key = tuple(p.lower().split())
                if key not in self.role_of or (role in order and self.role_of[key] in order
                                               and order.index(role) < order.index(self.role_of[key])):
                    self.role_of[key] = role
        self.max_role_len = max((len(k) for k in self.role_of), default=1)
        aff = rules.data.get("affiliations", {})
        self.place_of: dict[tuple[str, ...], str] = {}
        for section in ("countries", "blocs", "international"):
            for label, forms in aff.get(section, {}).items():
                for f in forms:
                    self.place_of.setdefault(tuple(f.split()), label)
        self.region_of: dict[tuple[str, ...], str] = {tuple(f.split()): f for f in aff.get("regions", {}).get("names", ())}
        self.max_place_len = max((len(k) for k in list(self.place_of) + list(self.region_of)), default=1)
        self.place_firsts = {k[0] for k in self.place_of}
        self.role_firsts = {k[0] for k in self.role_of}
        self.org_suffixes = {w.lower() for w in aff.get("org_suffixes", {}).get("words", ())}
        pro = rules.data.get("pronouns", {})
        self.singular = set(pro.get("pronouns", {}).get("singular", ()))
        self.plural = set(pro.get("pronouns", {}).get("plural", ()))
        self.neuter = set(pro.get("pronouns", {}).get("neuter", ()))
        self.masculine = set(pro.get("pronouns", {}).get("masculine", ()))
        self.feminine = set(pro.get("pronouns", {}).get("feminine", ()))
        self.person_relatives = set(pro.get("relatives", {}).get("person", ()))
        titles = rules.data.get("entities", {}).get("titles", {})
        self.title_gender = {t: 1 for t in titles.get("masculine", ())} | {t: -1 for t in titles.get("feminine", ())}
        self.body_relatives = set(pro.get("relatives", {}).get("body", ()))
        ell = pro.get("elliptical", {})
        self.elliptical_one = {tuple(x.split()) for x in ell.get("individual", ())}
        self.elliptical_group = {tuple(x.split()) for x in ell.get("group", ())}
        self.partitive = ell.get("partitive", "")
        det = pro.get("determiners", {})
        self.definite = set(det.get("definite", ()))
        self.indefinite = set(det.get("indefinite", ()))
        self.plural_numbers = set(det.get("plural_numbers", ()))
        ent = rules.data.get("entities", {})
        names = ent.get("names", {})
        self.particles = frozenset(names.get("particles", ()))
        self.joiners = frozenset(names.get("joiners", ()))
        self.possessives = tuple(names.get("possessives", ()))
        self.quote_marks = frozenset(names.get("quote_marks", ()))
        self.demonym_suffixes = tuple(names.get("demonym_suffixes", ()))
        self.description_ends = frozenset(ent.get("descriptions", {}).get("ends", ()))
        self.plural_heads = frozenset(ent.get("descriptions", {}).get("plural_heads", ()))
        self.collective_heads = frozenset(ent.get("descriptions", {}).get("collective_heads", ()))
        self.person_titles = frozenset(ent.get("titles", {}).get("person", ()))
        bodies = ent.get("bodies", {})
        self.generic_bodies = frozenset(bodies.get("generic", ()))
        self.government_bodies = frozenset(bodies.get("government", ()))
        self.collective_bodies = frozenset(bodies.get("collective", ()))
        self.government_roles = frozenset(ent.get("roles", {}).get("government", ()))
        self.party_role = ent.get("roles", {}).get("party_member")
        self.testimony_listeners = frozenset(ent.get("roles", {}).get("testimony_listeners", ()))
        affs = ent.get("affiliations", {})
        self.attach_order = list(affs.get("attach", ()))
        self.attach_preps = frozenset(self.attach_order)
        self.residence_preps = frozenset(affs.get("residence", ()))
        self.before_body = frozenset(affs.get("before_body", ()))
        self.never_affiliation = frozenset(affs.get("never", ()))
        self.party_of: dict[tuple[str, ...], str] = {tuple(p.split()): p for p in ent.get("parties", {}).get("names", ())}
        self.max_party_len = max((len(k) for k in self.party_of), default=1)
        self.party_firsts = {k[0] for k in self.party_of}
        # generated WordNet lexicon: fills gaps only, the hand-curated roles win
        wn = rules.data.get("wordnet", {})
        for role, phrases in wn.get("roles", {}).items():
            for p in phrases:
                self.role_of.setdefault(tuple(p.lower().split()), role)
        for section, role in (("bodies", "organisation"), ("documents", "document")):
            for p in wn.get(section, {}).get("words", ()):
                self.role_of.setdefault(tuple(p.lower().split()), role)
        self.max_role_len = max((len(k) for k in self.role_of), default=1)
        self.role_firsts = {k[0] for k in self.role_of}
        anon = rules.data.get("anonymity", {})
        self.reasons = [re.compile(p) for p in anon.get("reasons", {}).get("patterns", ())]
        self.knowledge = [re.compile(p) for p in anon.get("knowledge", {}).get("patterns", ())]

    def role_rank(self, role: str) -> int:
        """A role's place in the rules' priority order (most specific first)."""
        return self.role_order.index(role) if role in self.role_order else len(self.role_order)

    def roles_in(self, tokens: list[str]) -> list[str]:
        """Roles named by the tokens, in text order (longest phrase first at each place)."""
        poss = self.possessives
        tokens = join_hyphens(tokens)
        # a possessor gives no role ('the rebels' political chief'), unless it is a body
        # ('the council's leader' is a council leader)
        low = [t.lower().strip(".,'\u2019") for i, t in enumerate(tokens)
               if t not in poss and not (i + 1 < len(tokens) and tokens[i + 1] in poss
                                         and self.role_of.get((t.lower(),)) != "organisation")]
        return longest_matches(low, self.role_of, self.max_role_len, self.role_firsts)

    def role_of_word(self, word: str) -> str | None:
        return self.role_of.get((word.lower().strip(".,"),))

    def parties_in(self, tokens: list[str]) -> list[str]:
        """Political parties written in the tokens (case as written)."""
        clean = [t.strip(".,") for t in tokens]
        return longest_matches(clean, self.party_of, self.max_party_len, self.party_firsts)

    def regions_in(self, tokens: list[str]) -> list[str]:
        clean = [t.strip(",").removesuffix("'s").removesuffix("\u2019s") for t in tokens]
        return longest_matches(clean, self.region_of, self.max_place_len)

    def is_place(self, tokens: list[str]) -> bool:
        """The tokens are a country, a region or a country's form ("Ohio", "Iraq")."""
        key = tuple(t.strip(",").removesuffix("'s").removesuffix("\u2019s") for t in tokens)
        return key in self.place_of or key in self.region_of

    def places_in(self, tokens: list[str]) -> list[str]:
        clean = [t.strip(".,").removesuffix("'s").removesuffix("\u2019s") for t in tokens]
        return longest_matches(clean, self.place_of, self.max_place_len, self.place_firsts)


_LEXICONS: dict[int, tuple[object, Lexicon]] = {}


def lexicon_for(rules: Rules) -> Lexicon:
    """One Lexicon per rules object: building it indexes thousands of phrases."""
    hit = _LEXICONS.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = (rules, Lexicon(rules))
        if len(_LEXICONS) >= 4:               # rules loaded again and again (tests): keep a few
            _LEXICONS.clear()
        _LEXICONS[id(rules)] = hit
    return hit[1]
