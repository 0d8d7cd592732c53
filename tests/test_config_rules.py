"""A user's rules folder extends the shipped rules (issue 14): lists merge, an entry with a
shipped code or key replaces that entry, ``replace = true`` replaces the shipped file.
No model is loaded: stored parses stand in."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from stored_parses import STORIES, serve_stored

from attribution.checks import check_table
from attribution.cli import main
from attribution.errors import RulesError
from attribution.ruleset import load_rules

SHIPPED = Path(__file__).resolve().parents[1] / "rules"
ONE_CHECK = '''[[check]]
code = "AC001"
name = "anonymous-without-reason"
severity = "error"
description = "House wording."
'''


def shipped(name: str) -> dict:
    return tomllib.loads((SHIPPED / name).read_text(encoding="utf-8"))


def test_a_checks_file_with_one_check_keeps_the_others(tmp_path):
    (tmp_path / "checks.toml").write_text(ONE_CHECK)
    table = check_table(load_rules(tmp_path))
    assert list(table) == ["AC001", "AC002", "AC003", "AC004", "AC005"]      # shipped order kept
    assert table["AC001"]["severity"] == "error" and table["AC001"]["description"] == "House wording."
    assert table["AC002"] == check_table(load_rules())["AC002"]


def test_enable_names_a_shipped_check_beside_a_house_checks_file(tmp_path, monkeypatch, capsys):
    house = tmp_path / "house"
    house.mkdir()
    (house / "checks.toml").write_text(ONE_CHECK)
    serve_stored(monkeypatch, stems=["seed"])
    monkeypatch.chdir(tmp_path)
    status = main(["check", str(STORIES["seed"]), "--no-cache", "--rules", str(house), "--enable", "AC002"])
    out = capsys.readouterr()
    assert "unknown code" not in out.err
    assert status == 1 and "AC002" in out.out and "AC001" not in out.out


def test_a_roles_file_with_one_official_word_keeps_every_shipped_official_word(tmp_path):
    (tmp_path / "roles.toml").write_text('[roles]\nofficial = ["harbourmaster"]\n')
    roles = load_rules(tmp_path).data["roles"]["roles"]
    shipped_roles = shipped("roles.toml")["roles"]
    assert roles["official"] == [*shipped_roles["official"], "harbourmaster"]
    assert roles["analyst"] == shipped_roles["analyst"]
    assert load_rules(tmp_path).data["roles"]["priority"] == shipped("roles.toml")["priority"]


def test_a_word_already_shipped_is_not_listed_twice(tmp_path):
    (tmp_path / "roles.toml").write_text('[roles]\nofficial = ["official", "harbourmaster"]\n')
    official = load_rules(tmp_path).data["roles"]["roles"]["official"]
    assert official.count("official") == 1 and official[-1] == "harbourmaster"


def test_the_merged_role_words_reach_the_speaker_lexicon(tmp_path):
    from attribution.speakers.lexicon import Lexicon
    (tmp_path / "roles.toml").write_text('[roles]\nofficial = ["harbourmaster"]\n')
    lexicon = Lexicon(load_rules(tmp_path))
    assert lexicon.role_of[("harbourmaster",)] == "official"
    assert lexicon.role_of[("minister",)] == "official"


def test_replace_true_replaces_the_shipped_file(tmp_path):
    (tmp_path / "checks.toml").write_text("replace = true\n" + ONE_CHECK)
    rules = load_rules(tmp_path)
    assert list(check_table(rules)) == ["AC001"]
    assert "replace" not in rules.data["checks"]


def test_replace_must_be_a_boolean(tmp_path):
    (tmp_path / "checks.toml").write_text('replace = "yes"\n' + ONE_CHECK)
    with pytest.raises(RulesError, match="'replace' must be true or false"):
        load_rules(tmp_path)


def test_a_rule_with_a_shipped_code_replaces_it_in_place(tmp_path):
    first = load_rules().rules[0]
    (tmp_path / "patterns.toml").write_text(
        f'[[rule]]\ncode = "{first.code}"\nname = "house"\nkind = "{first.kind}"\n'
        f'description = "house version"\nstrategy = "{first.strategy}"\n'
        'nodes = [{ id = "cue", lemma = ["say"] }]\n')
    rules = load_rules(tmp_path)
    assert [r.code for r in rules.rules] == [r.code for r in load_rules().rules]
    assert rules.rules[0].description == "house version"


def test_merge_is_generic():
    from attribution.ruleset import merge_rules_data
    base = {"t": {"a": [1, 2], "b": "x", "n": {"deep": ["p"]}},
            "entry": [{"code": "X1", "v": 1}, {"code": "X2", "v": 2}], "pairs": [["a", "b"]]}
    extra = {"t": {"a": [2, 3], "b": "y", "n": {"deep": ["q"]}, "c": [9]},
             "entry": [{"code": "X2", "v": 20}, {"code": "X3", "v": 3}], "pairs": [["a", "b"], ["c", "d"]]}
    assert merge_rules_data(base, extra) == {
        "t": {"a": [1, 2, 3], "b": "y", "n": {"deep": ["p", "q"]}, "c": [9]},
        "entry": [{"code": "X1", "v": 1}, {"code": "X2", "v": 20}, {"code": "X3", "v": 3}],
        "pairs": [["a", "b"], ["c", "d"]]}
    assert base["t"]["a"] == [1, 2]                    # the shipped data is not changed
