"""Guards that keep the attribute stage's layout true (see ARCHITECTURE: every English
word lives in rules/, every key there is read, a rule code is written only in its module)."""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import attrs
import pytest

from attribution.attribute.lexicon import Lexicon, Reader
from attribution.attribute.rules import rule_modules
from attribution.ruleset import RULE_KEYS, load_rules

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "attribution"
ATTRIBUTE = PACKAGE / "attribute"
RULE_MODULE = re.compile(r"^[A-Z]{2}\d{3}_")
DOC_KEYS = {"description", "examples"}          # documentation, shown by explain and the README
ENGINE_MODULES = sorted(p for p in ATTRIBUTE.rglob("*.py") if not RULE_MODULE.match(p.name)) + [
    PACKAGE / "engine.py", PACKAGE / "quotes.py", PACKAGE / "ruleset.py"]


def word_collections(tree: ast.AST):
    """Set/list/tuple/dict literals holding two or more lowercase alphabetic strings
    (type expressions such as Literal["a", "b"] are not values and do not count)."""
    in_types = {id(node.slice) for node in ast.walk(tree) if isinstance(node, ast.Subscript)}
    for node in ast.walk(tree):
        if id(node) in in_types:
            continue
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None] + list(node.values)
        else:
            continue
        words = [e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)
                 and e.value.isalpha() and e.value.islower()]
        if len(words) >= 2:
            yield node.lineno, words


@pytest.mark.parametrize("path", [p for p in ENGINE_MODULES if ATTRIBUTE in p.parents],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_english_word_list_in_an_attribute_engine_module(path):
    found = list(word_collections(ast.parse(path.read_text(encoding="utf-8"))))
    assert not found, f"{path.name}: word lists belong in rules/cues.toml or rules/patterns.toml: {found}"


def test_the_word_list_guard_catches_a_list():
    tree = ast.parse('X = ("that", "who")\nY = {"as": 1, "by": 2}\nZ: Literal["a", "b"] = "a"\nW = ("VERB", "x")')
    assert [line for line, _ in word_collections(tree)] == [1, 2]


@pytest.mark.parametrize("path", ENGINE_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_rule_code_literal_outside_its_rule_module(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    codes = [(n.lineno, n.value) for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
             and re.search(r"\bAT\d{3}\b", n.value)]
    assert not codes, f"{path.name} writes rule codes {codes}: a rule's behaviour lives in its module or its data"


def leaf_keys(data: dict, prefix: tuple[str, ...] = ()):
    for key, value in data.items():
        if isinstance(value, dict) and key not in DOC_KEYS:
            yield from leaf_keys(value, (*prefix, key))
        else:
            yield (*prefix, key)


@pytest.mark.parametrize("file", ["cues", "patterns"])
def test_every_key_of_the_attribute_rules_files_is_read(file):
    raw = tomllib.loads((ROOT / "rules" / f"{file}.toml").read_text(encoding="utf-8"))
    reader = Reader(load_rules().data)
    Lexicon.from_data(load_rules().data, reader)
    read = {(f, t, k) for f, t, k in reader.read if f == file}
    unread = []
    for path in leaf_keys(raw):
        if path[0] == "rule":
            continue                                      # [[rule]] entries: checked below
        if path[-1] in DOC_KEYS:
            continue
        if (file, *path) not in read:
            unread.append(".".join(path))
    assert not unread, f"rules/{file}.toml keys read by nothing: {unread}"


def test_every_rule_entry_key_is_one_the_loader_reads():
    raw = tomllib.loads((ROOT / "rules" / "patterns.toml").read_text(encoding="utf-8"))
    for entry in raw["rule"]:
        assert set(entry) <= RULE_KEYS, entry["code"]


def test_every_lexicon_field_is_used_by_the_engine():
    source = "\n".join(p.read_text(encoding="utf-8") for p in ATTRIBUTE.rglob("*.py"))
    used = set(re.findall(r"\blex\.(\w+)", source))
    unused = [f.name for f in attrs.fields(Lexicon) if f.name not in used]
    assert not unused, f"lexicon fields no engine code reads: {unused}"


def test_the_unread_key_guard_sees_a_new_key(tmp_path):
    (tmp_path / "cues.toml").write_text('[function_words]\ncolours = ["red", "blue"]\n')
    data = load_rules(tmp_path).data
    reader = Reader(data)
    Lexicon.from_data(data, reader)
    assert ("cues", "function_words", "colours") not in reader.read


def test_every_shipped_rule_has_a_module_and_every_module_a_rule():
    rules = load_rules()
    modules = rule_modules()
    assert set(modules) == {r.code for r in rules.rules}
    for code, module in modules.items():
        doc = module.__doc__ or ""
        assert doc.startswith(code), f"{module.__name__}: the docstring opens with its code"
        assert "**Anti-pattern**" in doc and "**Best practice**" in doc, module.__name__
        assert module.Rule.name == rules.rule(code).strategy, code
