"""A generic dependency matcher, in the spirit of spaCy's DependencyMatcher.

A pattern is a list of nodes, validated into :class:`Pattern` when the rules are loaded.
The first node is the anchor (any word of the sentence that satisfies it); every other
node is tied to a node before it:

* ``parent = "cue", rel = [...]``: a dependent of that node by one of the relations
  (candidates in the order of ``rel``);
* ``child = "cue", rel = [...]``: the head of that node, which hangs by one of the relations;
* ``follows = "cue"``: the word right after that node.

Constraints on a word: ``cue_class`` / ``not_cue_class`` (classes of rules/cues.toml),
``lemma``, ``lower``, ``upos`` (lists of allowed values), ``side`` (``after``/``before``
the cue). ``optional`` lets the match stand without the node; ``in_cue`` makes the word
part of the cue phrase ("according to").

A bad pattern is a :class:`PatternError` with a numbered code (E101...), like spaCy's
``E098``-style errors, so that the README can list them and a user can look one up.
"""
from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, Literal

import attrs

from ..model import Sentence, Word

Side = Literal["after", "before"]

# Numbered pattern errors: code -> what is wrong (the README lists them).
PATTERN_ERRORS: dict[str, str] = {
    "E101": "a node is not a table",
    "E102": "unknown node key",
    "E103": "a node has no id",
    "E104": "two nodes share an id",
    "E105": "a node links to a node that is not before it",
    "E106": "a node links in more than one way (parent, child, follows)",
    "E107": "'rel' without 'parent' or 'child'",
    "E108": "'side' must be 'after' or 'before'",
    "E109": "unknown cue class",
    "E110": "a constraint must be a list of strings",
    "E111": "the first node must be the anchor (no parent, child or follows)",
    "E112": "the pattern needs a 'cue' node",
    "E113": "the anchor cannot be optional",
}

SIDES = typing.get_args(Side)
class PatternError(ValueError):
    """A pattern that cannot be matched; ``code`` is one of :data:`PATTERN_ERRORS`."""

    def __init__(self, code: str, detail: str):
        self.code = code
        self.detail = detail
        super().__init__(f"{code} {PATTERN_ERRORS[code]}: {detail}")


def _strings(value: list[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(value)


SCHEMA = "schema"      # field metadata: which kind of node key a field is


def _constraint() -> Any:
    return attrs.field(default=None, metadata={SCHEMA: "list"})


def _link(schema: str = "link") -> Any:
    return attrs.field(default=None, metadata={SCHEMA: schema})


@attrs.frozen
class Node:
    """One validated node; its field names are the node keys of patterns.toml."""
    id: str
    cue_class: tuple[str, ...] | None = _constraint()
    not_cue_class: tuple[str, ...] | None = _constraint()
    lemma: frozenset[str] | None = _constraint()
    lower: frozenset[str] | None = _constraint()
    upos: frozenset[str] | None = _constraint()
    rel: tuple[str, ...] | None = _constraint()
    parent: str | None = _link()
    child: str | None = _link()
    follows: str | None = _link("next")
    side: Side | None = None
    optional: bool = False
    in_cue: bool = False

    @property
    def anchor(self) -> bool:
        return self.parent is None and self.child is None and self.follows is None


NODE_KEYS = frozenset(f.name for f in attrs.fields(Node))
LIST_KEYS = tuple(f.name for f in attrs.fields(Node) if f.metadata.get(SCHEMA) == "list")
RELATION_LINKS = tuple(f.name for f in attrs.fields(Node) if f.metadata.get(SCHEMA) == "link")  # take a `rel`
LINK_KEYS = (*RELATION_LINKS, *(f.name for f in attrs.fields(Node) if f.metadata.get(SCHEMA) == "next"))


@attrs.frozen
class Pattern:
    nodes: tuple[Node, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nodes)

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)


def parse_pattern(raw_nodes: list[Any] | tuple[Any, ...] | None, cue_classes: set[str], needs_cue: bool = True) -> Pattern:
    """Validate a rule's ``nodes`` (a list of tables) into a :class:`Pattern`."""
    nodes: list[Node] = []
    for position, raw in enumerate(raw_nodes or ()):
        if not isinstance(raw, dict):
            raise PatternError("E101", repr(raw))
        bad = set(raw) - NODE_KEYS
        if bad:
            raise PatternError("E102", ", ".join(sorted(bad)))
        node_id = raw.get("id")
        if not node_id or not isinstance(node_id, str):
            raise PatternError("E103", f"node {position + 1}")
        if any(n.id == node_id for n in nodes):
            raise PatternError("E104", node_id)
        for key in LIST_KEYS:
            value = raw.get(key)
            if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
                raise PatternError("E110", f"node {node_id}: {key}")
        links = [k for k in LINK_KEYS if k in raw]
        if len(links) > 1:
            raise PatternError("E106", node_id)
        for k in links:
            if raw[k] not in {n.id for n in nodes}:
                raise PatternError("E105", f"node {node_id} links to {raw[k]}")
        if "rel" in raw and not (set(RELATION_LINKS) & set(raw)):
            raise PatternError("E107", node_id)
        if raw.get("side") is not None and raw["side"] not in SIDES:
            raise PatternError("E108", f"node {node_id}: {raw['side']!r}")
        for key in ("cue_class", "not_cue_class"):
            for cls in raw.get(key) or ():
                if cls not in cue_classes:
                    raise PatternError("E109", f"node {node_id}: {cls!r}")
        node = Node(
            id=node_id,
            cue_class=_strings(raw.get("cue_class")),
            not_cue_class=_strings(raw.get("not_cue_class")),
            lemma=frozenset(v.lower() for v in raw["lemma"]) if "lemma" in raw else None,
            lower=frozenset(v.lower() for v in raw["lower"]) if "lower" in raw else None,
            upos=frozenset(raw["upos"]) if "upos" in raw else None,
            rel=_strings(raw.get("rel")),
            parent=raw.get("parent"), child=raw.get("child"), follows=raw.get("follows"),
            side=raw.get("side"), optional=bool(raw.get("optional", False)),
            in_cue=bool(raw.get("in_cue", False)))
        if position == 0 and not node.anchor:
            raise PatternError("E111", node_id)
        if position == 0 and node.optional:
            raise PatternError("E113", node_id)
        nodes.append(node)
    pattern = Pattern(tuple(nodes))
    if needs_cue and "cue" not in pattern.ids:
        raise PatternError("E112", ", ".join(pattern.ids) or "no nodes")
    return pattern


Match = dict[str, Word | None]


def cue_of(match: Match) -> Word:
    """The cue word of a match (every cue pattern has a required ``cue`` node)."""
    cue = match["cue"]
    assert cue is not None
    return cue


class DependencyMatcher:
    """Matches patterns over one sentence. ``cue_class(word)`` names a word's cue class;
    ``lemmas(word)`` gives the lemmas a word may have (the lemmatizer's and guesses)."""

    def __init__(self, cue_class: Callable[[Word], str | None], lemmas: Callable[[Word], list[str]]):
        self.cue_class = cue_class
        self.lemmas = lemmas

    def word_ok(self, word: Word, node: Node, cue: Word | None) -> bool:
        if node.cue_class is not None and self.cue_class(word) not in node.cue_class:
            return False
        if node.not_cue_class is not None and self.cue_class(word) in node.not_cue_class:
            return False
        if node.lemma is not None and not any(x in node.lemma for x in self.lemmas(word)):
            return False
        if node.lower is not None and word.text.lower() not in node.lower:
            return False
        if node.upos is not None and word.upos not in node.upos:
            return False
        if cue is not None and node.side is not None and word is not cue:
            if node.side == "after" and word.start < cue.start:
                return False
            if node.side == "before" and word.start > cue.start:
                return False
        return True

    @staticmethod
    def candidates(sent: Sentence, node: Node, assigned: Match) -> list[Word]:
        rels = node.rel
        if node.parent is not None:
            parent = assigned.get(node.parent)
            if parent is None:
                return []
            kids = [w for w in sent.children(parent.index) if rels is None or w.deprel in rels]
            return sorted(kids, key=lambda w: rels.index(w.deprel) if rels else 0)
        if node.child is not None:
            child = assigned.get(node.child)
            if child is None or child.head == 0 or (rels is not None and child.deprel not in rels):
                return []
            return [sent.word(child.head)]
        if node.follows is not None:
            before = assigned.get(node.follows)
            if before is None or before.index >= len(sent.words):
                return []
            return [sent.words[before.index]]
        return list(sent.words)

    def match(self, pattern: Pattern, sent: Sentence) -> list[Match]:
        """Every match of the pattern; a linked node takes the first candidate (in the
        order of its ``rel``) that completes a match, the anchor takes every word."""
        nodes = pattern.nodes
        found: list[Match] = []

        def walk(i: int, assigned: Match) -> None:
            if i == len(nodes):
                found.append(dict(assigned))
                return
            node = nodes[i]
            hit = False
            for w in self.candidates(sent, node, assigned):
                if w in assigned.values() or not self.word_ok(w, node, assigned.get("cue")):
                    continue
                before = len(found)
                assigned[node.id] = w
                walk(i + 1, assigned)
                del assigned[node.id]
                if len(found) > before:
                    hit = True
                    if not node.anchor:
                        break
            if not hit and node.optional:
                assigned[node.id] = None
                walk(i + 1, assigned)
                del assigned[node.id]

        walk(0, {})
        return found
