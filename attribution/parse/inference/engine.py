"""The embedded pipeline on NumPy: tokenize -> expand multi-word tokens -> (the caller's
sentence fixes) -> tag -> lemmatise -> parse, with Stanza's model files and Stanza's
results, without importing torch or stanza.

Every stage returns sentences as Stanza's ``Document.to_dict()`` does (a list of dicts per
sentence: a multi-word token is an entry with a tuple id before its words), so that the
parse stage reads one shape whichever engine ran."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from .lemma import Lemmatizer
from .mwt import MWTExpander
from .parser import Parser
from .tagger import Pretrained, Tagger
from .tokenizer import Tokenizer

Sentence = list[dict]
# what the caller may do to each text's sentences between tokenizing and tagging
SentenceFix = Callable[[list[Sentence]], list[Sentence]]


class Engine:
    def __init__(self, tokenizer: Tokenizer, mwt: MWTExpander | None, tagger: Tagger, lemmatizer: Lemmatizer,
                 parser: Parser) -> None:
        self.tokenizer, self.mwt, self.tagger = tokenizer, mwt, tagger
        self.lemmatizer, self.parser = lemmatizer, parser

    @classmethod
    def load(cls, files: Mapping[str, Path]) -> Engine:
        """``files``: the model file of each stage, keys as Stanza's ``*_model_path``
        options (``tokenize``, ``mwt``, ``pos``, ``lemma``, ``depparse``, ``pretrain``)."""
        pretrained = Pretrained(files["pretrain"])
        return cls(Tokenizer.load(files["tokenize"]),
                   MWTExpander.load(files["mwt"]) if files.get("mwt") else None,
                   Tagger.load(files["pos"], pretrained), Lemmatizer.load(files["lemma"]),
                   Parser.load(files["depparse"], pretrained))

    def tokenize(self, texts: list[str]) -> list[list[Sentence]]:
        docs = self.tokenizer.tokenize(texts)
        if self.mwt is None:
            return docs
        flat = [s for doc in docs for s in doc]
        expanded = iter(self.mwt.expand(flat))
        return [[next(expanded) for _ in doc] for doc in docs]

    def annotate(self, docs: list[list[Sentence]]) -> list[list[Sentence]]:
        """Tags, lemmas, heads and relations written into every word entry (new dicts)."""
        out = [[[dict(e) for e in s] for s in doc] for doc in docs]
        sentences = [[e for e in s if isinstance(e["id"], int)] for doc in out for s in doc]
        tags = self.tagger.tag([[w["text"] for w in s] for s in sentences])
        flat = [w for s in sentences for w in s]
        flat_tags = [t for s in tags for t in s]
        lemmas = self.lemmatizer.lemmatize([(w["text"], t[0]) for w, t in zip(flat, flat_tags)])
        for w, (upos, xpos, feats), lemma in zip(flat, flat_tags, lemmas):
            w["upos"], w["xpos"], w["lemma"] = upos, xpos, lemma
            if feats != "_":
                w["feats"] = feats
        trees = self.parser.parse([[(w["text"], w["upos"], w["xpos"], w.get("feats", "_"), w["lemma"]) for w in s]
                                   for s in sentences])
        for s, tree in zip(sentences, trees):
            for w, (head, deprel) in zip(s, tree):
                w["head"], w["deprel"] = head, deprel
        return out

    def parse(self, texts: list[str], fix: SentenceFix | None = None) -> list[list[Sentence]]:
        docs = self.tokenize(texts)
        if fix is not None:
            docs = [fix(doc) for doc in docs]
        return self.annotate(docs)
