"""Guards for the speaker stage (attribution/speakers/): every English word it uses lives
in rules/ (roles, affiliations, pronouns, anonymity, entities, wordnet), and every key of
those files is read by something."""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from test_guards import word_collections

ROOT = Path(__file__).resolve().parents[1]
SPEAKERS = ROOT / "attribution" / "speakers"
FILES = ("roles", "affiliations", "pronouns", "anonymity", "entities")
# tables whose keys are labels the engine iterates (a role, a country), not names it reads
LABEL_TABLES = {("roles", "roles"), ("affiliations", "countries"), ("affiliations", "blocs"),
                ("affiliations", "international")}
DOC_KEYS = {"examples", "description"}
# vocabularies that are not English words: Universal Dependencies relations and the guide's
# roles and classes (the report's own values)
UD = {"nsubj", "obj", "iobj", "csubj", "ccomp", "xcomp", "obl", "vocative", "expl", "dislocated",
      "advcl", "advmod", "discourse", "aux", "cop", "mark", "nmod", "appos", "nummod", "acl",
      "amod", "det", "clf", "case", "conj", "cc", "fixed", "flat", "compound", "list", "parataxis",
      "orphan", "goeswith", "reparandum", "punct", "root", "dep"}
GUIDE = {"official", "diplomat", "politician", "spokesperson", "military", "analyst", "source",
         "executive", "lawyer", "witness", "cleric", "journalist", "organisation", "document", "other",
         "singular", "plural", "anonymous", "named", "unattributed"}


def table_names() -> set[str]:
    out: set[str] = set()
    for f in FILES + ("wordnet",):
        for table, value in tomllib.loads((ROOT / "rules" / f"{f}.toml").read_text(encoding="utf-8")).items():
            out.add(table)
            if isinstance(value, dict):
                out.update(value)
    return out


def test_the_speaker_stage_holds_no_english_word_list():
    allowed = UD | GUIDE | table_names()
    found = [(path.name, line, words) for path in sorted(SPEAKERS.glob("*.py"))
             for line, words in word_collections(ast.parse(path.read_text(encoding="utf-8")))
             if set(words) - allowed]
    assert not found, f"word lists belong in rules/: {found}"


def test_every_key_of_the_speaker_rules_files_is_read():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "attribution").rglob("*.py"))
    quoted = set(re.findall(r"""["']([a-z_]+)["']""", source))
    unread = []
    for f in FILES:
        data = tomllib.loads((ROOT / "rules" / f"{f}.toml").read_text(encoding="utf-8"))
        for table, value in data.items():
            if table not in quoted:
                unread.append(f"{f}.{table}")
            if not isinstance(value, dict) or (f, table) in LABEL_TABLES:
                continue
            unread += [f"{f}.{table}.{k}" for k in value if k not in quoted and k not in DOC_KEYS]
    assert not unread, f"keys no speaker code reads: {unread}"


def test_the_word_list_guard_sees_a_new_list():
    tree = ast.parse('X = ("people", "sources")\nY = ("nsubj", "appos")')
    allowed = UD | GUIDE
    assert [line for line, words in word_collections(tree) if set(words) - allowed] == [1]
