"""The words and relations the attribute stage reads, gathered from the rules data once.

Every English word and every set of dependency relations the engine uses comes from
rules/cues.toml or rules/patterns.toml through this class; the engine modules hold none.
:class:`Reader` records which keys were read, so that a test can find keys that nothing
reads.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs


class Reader:
    """Reads ``data[file][table][key]`` and remembers every key it was asked for."""

    def __init__(self, data: dict):
        self.data = data
        self.read: set[tuple[str, str, str]] = set()

    def get(self, file: str, table: str, key: str, default: Any = ()) -> Any:
        self.read.add((file, table, key))
        return self.data.get(file, {}).get(table, {}).get(key, default)

    def words(self, file: str, table: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in self.get(file, table, key))

    def relations(self, key: str) -> frozenset[str]:
        return frozenset(self.get("patterns", "relations", key))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@attrs.frozen
class Lexicon:
    cue_classes: dict[str, frozenset[str]]        # class -> lemmas, in file order
    listeners: frozenset[str]
    not_sources: frozenset[str]
    clause_takers: frozenset[str]
    infinitive_takers: frozenset[str]
    object_takers: frozenset[str]
    topic_takers: frozenset[str]
    topic_prepositions: frozenset[str]
    topic_rels: frozenset[str]
    not_speech: frozenset[tuple[str, str]]
    negation_governors: frozenset[str]
    answer_verbs: frozenset[str]
    non_answer_objects: frozenset[str]
    complementisers: frozenset[str]
    clause_openers: frozenset[str]
    interrogatives: frozenset[str]
    adverbial_openers: frozenset[str]
    as_clause_markers: frozenset[str]
    relative_pronouns: frozenset[str]
    leading_words: frozenset[str]
    agent_markers: frozenset[str]
    characterising_markers: frozenset[str]
    reflexive_suffixes: tuple[str, ...]
    personal_pronouns: frozenset[str]
    lemma_endings: tuple[tuple[str, str], ...]
    interrupting_classes: frozenset[str]
    headline_classes: frozenset[str]
    subject_rels: frozenset[str]
    object_rels: frozenset[str]
    clausal_rels: frozenset[str]
    chain_rels: frozenset[str]
    control_rels: frozenset[str]
    non_answer_object_rels: frozenset[str]
    mention_skip_rels: frozenset[str]
    cue_modifier_rels: frozenset[str]
    characterisation_skip_rels: frozenset[str]
    bare_cue_clause_rels: frozenset[str]
    infinitive_rels: frozenset[str]
    passive_rels: frozenset[str]
    adjectival_rels: frozenset[str]
    relative_clause_rels: frozenset[str]
    coordinated_rels: frozenset[str]
    manner_rels: frozenset[str]
    possessive_rels: frozenset[str]
    adverbial_rels: frozenset[str]
    appositive_rels: frozenset[str]
    reported_rels: frozenset[str]
    between_after: re.Pattern = attrs.field(eq=False)   # what may stand between a cue clause and its quotation
    leading_junk: re.Pattern = attrs.field(eq=False)    # stripped from the start of indirect content

    @classmethod
    def from_data(cls, data: dict, reader: Reader | None = None) -> Lexicon:
        r = reader or Reader(data)
        classes = {}
        for name, section in data.get("cues", {}).items():
            if isinstance(section, dict) and "lemmas" in section:
                classes[name] = frozenset(r.get("cues", name, "lemmas"))
        complementisers = r.words("cues", "function_words", "complementisers")
        leading = r.words("cues", "function_words", "leading_words")
        return cls(
            cue_classes=classes,
            listeners=r.words("cues", "listeners", "words"),
            not_sources=r.words("cues", "according_to", "not_sources"),
            clause_takers=r.words("cues", "clause_takers", "verbs"),
            infinitive_takers=r.words("cues", "infinitive_takers", "verbs"),
            object_takers=r.words("cues", "object_takers", "verbs"),
            topic_takers=r.words("cues", "topic_takers", "verbs"),
            topic_prepositions=r.words("cues", "topic_takers", "prepositions"),
            topic_rels=r.relations("topic"),
            not_speech=frozenset(tuple(p.lower().split()) for p in r.get("cues", "not_speech", "pairs")),
            negation_governors=r.words("cues", "negation", "governors"),
            answer_verbs=r.words("cues", "negation", "answer_verbs"),
            non_answer_objects=r.words("cues", "negation", "cue_objects"),
            complementisers=complementisers,
            clause_openers=r.words("cues", "function_words", "clause_openers"),
            interrogatives=r.words("cues", "function_words", "interrogatives"),
            adverbial_openers=r.words("cues", "function_words", "adverbial_openers"),
            as_clause_markers=r.words("cues", "function_words", "as_clause_markers"),
            relative_pronouns=r.words("cues", "function_words", "relative_pronouns"),
            leading_words=leading,
            agent_markers=r.words("cues", "function_words", "agent_markers"),
            characterising_markers=r.words("cues", "function_words", "characterising_markers"),
            reflexive_suffixes=tuple(r.words("cues", "function_words", "reflexive_suffixes")),
            personal_pronouns=r.words("pronouns", "pronouns", "subject"),
            lemma_endings=tuple((str(a), str(b)) for a, b in r.get("cues", "lemma_guesses", "endings")),
            interrupting_classes=frozenset(r.get("cues", "continuation", "interrupting_classes")),
            headline_classes=frozenset(r.get("cues", "headline", "classes")),
            subject_rels=r.relations("subject"),
            object_rels=r.relations("object"),
            clausal_rels=r.relations("clausal"),
            chain_rels=r.relations("chain"),
            control_rels=r.relations("control"),
            non_answer_object_rels=r.relations("non_answer_object"),
            mention_skip_rels=r.relations("mention_skip"),
            cue_modifier_rels=r.relations("cue_modifier"),
            characterisation_skip_rels=r.relations("characterisation_skip"),
            bare_cue_clause_rels=r.relations("bare_cue_clause"),
            infinitive_rels=r.relations("infinitive"),
            passive_rels=r.relations("passive"),
            adjectival_rels=r.relations("adjectival"),
            relative_clause_rels=r.relations("relative_clause"),
            coordinated_rels=r.relations("coordinated"),
            manner_rels=r.relations("manner_of_speaking"),
            possessive_rels=r.relations("possessive"),
            adverbial_rels=r.relations("adverbial"),
            appositive_rels=r.relations("appositive"),
            reported_rels=r.relations("reported_clause"),
            between_after=re.compile(
                rf"^[\s,:;\u2014\u2013-]*(({_alternation(complementisers) or '(?!)'})\b)?[\s,:]*$", re.IGNORECASE),
            # whole words only: "so" must not cut "some officials" to "me officials"
            leading_junk=re.compile(rf"^((({_alternation(leading) or '(?!)'})\b)|,|:|;|\s)+", re.IGNORECASE),
        )
