#!/usr/bin/env python3
"""Turn PolNeAR's brat attribution annotations into the project's gold format.

    python scripts/polnear_gold.py PATH_TO_POLNEAR OUT_DIR --split train|dev

PATH_TO_POLNEAR is a PolNeAR checkout (holding ``data/``) or an export of it; the split's
``text/`` and ``attributions/`` folders are looked for under ``PATH/data/SPLIT`` and then
``PATH/SPLIT``. One JSON file per article is written to OUT_DIR, named after the text file,
in the shape of the project's gold files (``{"article", "attributions": [{"content",
"kind", "cue", "speaker": {"mention", "resolved", "name"}, "optional"?, "flag"?}]}``).

Conversion rules:

- an attribution is *required* when its content holds a quotation mark or its cue holds a
  speech verb of the project's cue lexicon (``[speech]`` in rules/cues.toml, matched by a
  simple lemmatiser); otherwise (beliefs, stances, ``learned``, ``according to``) it is
  ``optional``: the auditor may find it or not without penalty. Also optional, as the
  project's guide does not count them: a negated cue or non-answer (a ``[negation]``
  governor of the lexicon, or ``n't``, in the cue: ``did not respond``, ``isn't saying``),
  and a content of one or two words without a quotation mark (a topic, not a
  proposition: ``declared bankruptcy``, ``wrote his book``);
- the content is the longest uninterrupted piece of PolNeAR's content span (pieces split
  only by white space or quotation marks, as a quotation running over paragraphs, count
  as one), folded to single spaces, without outer quotation marks or a trailing comma:
  the project guide's convention for quotations interrupted by their cue;
- the speaker's ``mention`` and ``resolved`` are the PolNeAR source text (PolNeAR does not
  resolve pronouns), ``name`` is null; a source that is only a relative pronoun (``who``,
  ``which``: rules/pronouns.toml ``[relatives]``) keeps its mention but no ``resolved``, as
  its antecedent is not annotated: that speaker is not judged; a source with an
  appositive, a bracket or a relative clause (``Ann Lee, a spokeswoman, who ...``) gets
  its head, the part before them, as ``name``, so that a speaker found as ``Ann Lee`` or
  as ``Ann Lee, a spokeswoman`` is right (the scorer tries ``resolved``, then ``name``); class, role, affiliation and speaker type are left
  out, so only content and speaker can be scored (bench/polnear.py does that);
- an article annotated by several annotators takes the alphabetically first annotator.

PolNeAR's test split is refused: it is kept for an independent check. PolNeAR ships no
licence: never commit what this script writes.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CUES_TOML = ROOT / "rules" / "cues.toml"
SPLITS = ("train", "dev")
REFUSED_SPLIT = "test"
GUIDE = "PolNeAR annotation guidelines, converted by scripts/polnear_gold.py"

# Quotation marks that open or close a quotation; the straight and curly single marks are
# also apostrophes, so they count only in an opening-and-closing pair (see has_quotation).
DOUBLE_MARKS = "\"\u201c\u201d\u201e\u00ab\u00bb"
TWO_CHAR_MARKS = ("''", "``")
SINGLE_OPEN = "\u2018"
STRAIGHT_SINGLE_PAIR = re.compile(r"(?:^|[\s(\[\u2014\u2013-])'(?=[^\s']).*?[^\s]'(?=[\s.,;:!?)\]]|$)", re.DOTALL)
ALL_MARKS = DOUBLE_MARKS + "'\u2018\u2019`"

# Past forms of lexicon verbs that suffix stripping cannot undo. The lexicon itself stays
# the only list of cue words; this table only maps inflections onto its entries.
IRREGULAR = {"said": "say", "told": "tell", "wrote": "write", "written": "write",
             "thought": "think", "forecasted": "forecast", "sworn": "swear", "swore": "swear"}


class SplitRefused(Exception):
    """The split asked for is not one this converter reads."""


# --- the cue lexicon ---------------------------------------------------------------------

def speech_lemmas(cues_toml: Path = CUES_TOML) -> frozenset[str]:
    """The ``[speech]`` lemmas of the project's cue lexicon."""
    data = tomllib.loads(cues_toml.read_text(encoding="utf-8"))
    return frozenset(w.lower() for w in data["speech"]["lemmas"])


def negation_governors(cues_toml: Path = CUES_TOML) -> frozenset[str]:
    """The ``[negation]`` governors of the lexicon (decline, not, ...)."""
    data = tomllib.loads(cues_toml.read_text(encoding="utf-8"))
    return frozenset(w.lower() for w in data.get("negation", {}).get("governors", []))


def relative_pronouns(pronouns_toml: Path) -> frozenset[str]:
    """Every ``[relatives]`` entry of the project's pronoun lexicon (none if it is absent)."""
    if not pronouns_toml.is_file():
        return frozenset()
    data = tomllib.loads(pronouns_toml.read_text(encoding="utf-8")).get("relatives", {})
    return frozenset(w.lower() for words in data.values() if isinstance(words, list) for w in words)


def lemma_candidates(word: str) -> set[str]:
    """Possible lemmas of an inflected verb form; the lexicon decides which is real."""
    w = word.lower().strip(ALL_MARKS + ".,;:!?()[]")
    out = {w}
    if w in IRREGULAR:
        out.add(IRREGULAR[w])
    for suffix in ("s", "es", "d", "ed", "ing"):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            stem = w[: -len(suffix)]
            out.update({stem, stem + "e"})
            if len(stem) > 2 and stem[-1] == stem[-2]:          # admitted, quipped
                out.add(stem[:-1])
    for suffix in ("ies", "ied"):                                 # denies, replied
        if w.endswith(suffix):
            out.add(w[: -len(suffix)] + "y")
    return out


def is_speech_cue(cue: str, lemmas: frozenset[str]) -> bool:
    return any(lemma_candidates(w) & lemmas for w in cue.split())


def is_negated_cue(cue: str, governors: frozenset[str]) -> bool:
    """A governor as a word, ``n't``, or an inflected governing verb (declined, refusing).

    Inflections count only for lemmas of four letters or more: "notes" and "noted" strip
    to "not", which is no verb."""
    words = [w.strip(".,;:!?") for w in cue.lower().replace("\u2019", "'").split()]
    return any(w in governors or w.endswith("n't")
               or any(len(c) > 3 for c in lemma_candidates(w) & governors) for w in words)


# --- brat ----------------------------------------------------------------------------------

@dataclass
class Span:
    label: str
    pieces: list[tuple[int, int]]


@dataclass
class Relation:
    roles: dict[str, str] = field(default_factory=dict)     # role -> span id


def parse_ann(ann: str) -> tuple[dict[str, Span], list[Relation]]:
    """Text-bound spans (``T``) and relations (``E``) of a brat file.

    The text column of a span may hold a newline (brat writes the covered text verbatim),
    so lines that start with neither id are continuations and are skipped; the text
    itself is always taken from the article by offset.
    """
    spans: dict[str, Span] = {}
    relations: list[Relation] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        ident, body = cols[0], cols[1].strip()
        if re.fullmatch(r"T\d+", ident):
            label, _, offsets = body.partition(" ")
            pieces = []
            for part in offsets.split(";"):
                bounds = part.split()
                if len(bounds) == 2 and all(b.isdigit() for b in bounds):
                    pieces.append((int(bounds[0]), int(bounds[1])))
            if pieces:
                spans[ident] = Span(label, sorted(pieces))
        elif re.fullmatch(r"E\d+", ident):
            rel = Relation()
            for arg in body.split():
                role, _, target = arg.partition(":")
                if target:
                    rel.roles.setdefault(role, target)
            relations.append(rel)
    return spans, relations


def content_of(spans: dict[str, Span], rel: Relation) -> Span | None:
    """All the content of a relation: brat names a second content piece of the same
    attribution (a quotation split by its cue clause) ``Content2``, a third ``Content3``."""
    pieces = [piece for role in sorted(rel.roles) if re.fullmatch(r"Content\d*", role)
              for piece in (span_of(spans, rel, role, label="Content") or Span("Content", [])).pieces]
    return Span("Content", sorted(pieces)) if pieces else None


def span_of(spans: dict[str, Span], rel: Relation, role: str, label: str | None = None) -> Span | None:
    """The span filling ``role`` when it carries that label (a few relations point a role
    at a span of another label: those are annotation slips and are ignored)."""
    span = spans.get(rel.roles.get(role, ""))
    return span if span is not None and span.label == (label or role) else None


# --- text helpers ----------------------------------------------------------------------------

def source_head(source: str, relatives: frozenset[str]) -> str | None:
    """The part of a source before its first appositive, bracket or relative clause."""
    cut = len(source)
    for mark in (",", "(", " \u2014", " --"):
        i = source.find(mark)
        if 0 < i < cut:
            cut = i
    for rel in relatives:
        m = re.search(rf"\s{re.escape(rel)}\s", source, re.IGNORECASE)
        if m and 0 < m.start() < cut:
            cut = m.start()
    head = source[:cut].strip(" ,;:")
    return head if head and head != source.strip(" ,;:") else None


def fold(text: str) -> str:
    return " ".join(text.split())


def has_quotation(text: str) -> bool:
    if any(c in text for c in DOUBLE_MARKS + SINGLE_OPEN):
        return True
    if any(m in text for m in TWO_CHAR_MARKS):
        return True
    return bool(STRAIGHT_SINGLE_PAIR.search(text))


def joined(text: str, pieces: list[tuple[int, int]]) -> str:
    return fold(" ".join(text[s:e] for s, e in pieces))


def uninterrupted_pieces(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge pieces separated only by white space or quotation marks."""
    merged: list[list[int]] = []
    for s, e in sorted(pieces):
        if merged and not text[merged[-1][1]:s].strip(" \t\r\n" + ALL_MARKS):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def clean_content(piece: str) -> str:
    """Folded, without outer quotation marks and a trailing comma."""
    out = fold(piece)
    prev = None
    while prev != out:
        prev = out
        out = out.strip().rstrip(",").strip()
        out = out.strip(DOUBLE_MARKS + "\u2018\u2019`").strip()
        for m in TWO_CHAR_MARKS:
            out = out.removeprefix(m).removesuffix(m)
    return out


def kind_of(piece: str) -> str:
    t = fold(piece).rstrip(",.;: ")
    opens = t[:1] in DOUBLE_MARKS + SINGLE_OPEN or t[:2] in TWO_CHAR_MARKS
    closes = t[-1:] in DOUBLE_MARKS + "\u2019" or t[-2:] in TWO_CHAR_MARKS
    inner = t.rstrip(DOUBLE_MARKS + "\u2019'")
    if opens and (closes or inner[-1:] in ".?!"):
        return "direct"
    return "partial" if has_quotation(t) else "indirect"


# --- conversion ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lexicon:
    """What the conversion takes from the project's rules."""
    speech: frozenset[str]
    governors: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()

    @classmethod
    def read(cls, cues_toml: Path = CUES_TOML) -> Lexicon:
        return cls(speech_lemmas(cues_toml), negation_governors(cues_toml),
                   relative_pronouns(cues_toml.parent / "pronouns.toml"))


MIN_PROPOSITION_WORDS = 3     # shorter unquoted contents are topics ("declared bankruptcy")


def optional_reason(whole: str, cue: str | None, lex: Lexicon) -> str | None:
    """Why an attribution is optional, or None when it is required."""
    if cue and is_negated_cue(cue, lex.governors):
        return "negated cue or non-answer"
    if has_quotation(whole):
        return None
    if len(whole.split()) < MIN_PROPOSITION_WORDS:
        return "a content of one or two words without quotation marks: a topic, not reported speech"
    if cue and is_speech_cue(cue, lex.speech):
        return None
    return "no quotation mark and no speech cue (belief, stance or other cue)"


def convert(text: str, ann: str, lex: Lexicon) -> list[dict]:
    """The gold attributions of one article, in text order."""
    spans, relations = parse_ann(ann)
    rows = []
    for rel in relations:
        content = content_of(spans, rel)
        if content is None:
            continue
        pieces = uninterrupted_pieces(text, content.pieces)
        s, e = max(pieces, key=lambda p: (len(text[p[0]:p[1]].split()), -p[0]))
        body = clean_content(text[s:e])
        if not body:
            continue
        cue_span = span_of(spans, rel, "Cue")
        cue = joined(text, cue_span.pieces) if cue_span else None
        source_span = span_of(spans, rel, "Source")
        source = joined(text, source_span.pieces) if source_span else None
        unresolved = source is not None and source.lower() in lex.relatives
        row = {"content": body, "kind": kind_of(text[s:e]), "cue": cue,
               "speaker": {"mention": source, "resolved": None if unresolved else source,
                           "name": source_head(source, lex.relatives) if source and not unresolved else None}}
        reason = optional_reason(joined(text, content.pieces), cue, lex)
        if reason:
            row["optional"] = True
            row["flag"] = reason
        elif unresolved:
            row["flag"] = "the source is a relative pronoun whose antecedent is not annotated"
        rows.append((s, row))
    rows.sort(key=lambda r: r[0])
    return [r for _, r in rows]


def split_folder(root: Path, split: str) -> Path:
    """``root/data/split`` or ``root/split``, holding text/ and attributions/."""
    if split == REFUSED_SPLIT:
        raise SplitRefused(f"the {REFUSED_SPLIT} split is kept for an independent check; "
                           f"use {' or '.join(SPLITS)}")
    if split not in SPLITS:
        raise SplitRefused(f"unknown split {split!r}; use {' or '.join(SPLITS)}")
    for folder in (root / "data" / split, root / split):
        if (folder / "text").is_dir() and (folder / "attributions").is_dir():
            return folder
    raise FileNotFoundError(f"{root}: no data/{split}/text and data/{split}/attributions folders")


def annotation_for(folder: Path, stem: str) -> Path | None:
    """The .ann file of an article: ``<stem>_<annotator>.ann``, first annotator by name."""
    found = sorted(p for p in (folder / "attributions").glob(f"{stem}_*.ann")
                   if re.fullmatch(re.escape(stem) + r"_[0-9a-z]+", p.stem))
    return found[0] if found else None


def articles(root: Path, split: str) -> list[tuple[Path, Path]]:
    """(text file, annotation file) pairs of a split, in file-name order."""
    folder = split_folder(root, split)
    pairs = []
    for txt in sorted((folder / "text").glob("*.txt")):
        ann = annotation_for(folder, txt.stem)
        if ann is not None:
            pairs.append((txt, ann))
    return pairs


def read_text(path: Path) -> str:
    # newline="" keeps "\r\n" as two characters: brat offsets count them
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def gold_document(txt: Path, ann: Path, lex: Lexicon) -> dict:
    return {"article": txt.name, "guide": GUIDE,
            "notes": f"annotator {ann.stem.rsplit('_', 1)[1]}; class, role and affiliation not annotated",
            "attributions": convert(read_text(txt), read_text(ann), lex)}


def gold_for_split(root: Path, split: str, cues_toml: Path = CUES_TOML) -> dict[str, dict]:
    """Gold documents of a split by article stem, in memory (bench/polnear.py)."""
    lex = Lexicon.read(cues_toml)
    return {txt.stem: gold_document(txt, ann, lex) for txt, ann in articles(root, split)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("polnear", help="PolNeAR checkout or export (holding data/)")
    ap.add_argument("out_dir", help="folder for the gold JSON files (created)")
    ap.add_argument("--split", required=True, help="train or dev")
    ap.add_argument("--cues", default=str(CUES_TOML), help="cue lexicon (default rules/cues.toml)")
    a = ap.parse_args(argv)
    try:
        docs = gold_for_split(Path(a.polnear), a.split, Path(a.cues))
    except SplitRefused as exc:
        print(f"polnear_gold: {exc}", file=sys.stderr)
        return 2
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        print(f"polnear_gold: {exc}", file=sys.stderr)
        return 2
    out = Path(a.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_req = n_opt = 0
    for stem, doc in docs.items():
        (out / f"{stem}.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        n_opt += sum(1 for x in doc["attributions"] if x.get("optional"))
        n_req += sum(1 for x in doc["attributions"] if not x.get("optional"))
    print(f"polnear_gold: {len(docs)} articles, {n_req} required and {n_opt} optional attributions -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
