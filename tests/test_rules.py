"""Every rule carries examples, and each example does what the rule says (sqlfluff/proselint
style). Runs on stored CoNLL-U parses of the examples made by the real pipeline."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import PARSES

from attribution.checks import check_table
from attribution.ruleset import RulesError, load_rules

RULES = load_rules()


def test_every_rule_has_examples_and_a_description():
    for r in RULES.rules:
        assert r.description and r.name, r.code
        assert r.examples_pass, f"{r.code} has no passing example"
        assert r.examples_fail, f"{r.code} has no failing example"


def test_every_check_has_examples():
    for code, c in check_table(RULES).items():
        assert c.get("examples", {}).get("fail") and c["examples"].get("pass"), code


def test_cue_classes_have_examples():
    classes = [name for name, section in RULES.data["cues"].items() if "lemmas" in section]
    assert {"speech", "evaluative"} <= set(classes)
    for name in classes:
        assert RULES.data["cues"][name].get("examples"), name


def _examples(kind: str):
    for r in RULES.rules:
        for i, _ in enumerate(r.examples_pass if kind == "pass" else r.examples_fail):
            yield pytest.param(r.code, f"rule-{r.code}-{kind}-{i}", id=f"{r.code}-{kind}-{i}")


@pytest.mark.parametrize("code,name", list(_examples("pass")))
def test_rule_finds_its_passing_examples(code, name, analyse_stored):
    result = analyse_stored(name)
    assert code in {a.rule for a in result.attributions}, \
        f"{code} did not fire on {name}: {[(a.rule, a.content) for a in result.attributions]}"


@pytest.mark.parametrize("code,name", list(_examples("fail")))
def test_rule_ignores_its_failing_examples(code, name, analyse_stored):
    result = analyse_stored(name)
    assert code not in {a.rule for a in result.attributions}


def test_stored_parses_exist_for_every_example():
    for r in RULES.rules:
        for i in range(len(r.examples_pass)):
            assert (PARSES / f"rule-{r.code}-pass-{i}.conllu").exists(), \
                "run python tests/make_fixtures.py after changing rule examples"


def test_user_rules_folder_overrides_and_extends(tmp_path: Path):
    (tmp_path / "cues.toml").write_text('[speech]\nlemmas = ["say", "murmur"]\n')
    rules = load_rules(tmp_path)
    assert "murmur" in rules.cue_lemmas("speech")
    assert "tell" in rules.cue_lemmas("speech")       # a list extends the shipped one (issue 14)


def test_user_rule_with_shipped_code_replaces_it(tmp_path: Path):
    (tmp_path / "patterns.toml").write_text(
        '[[rule]]\ncode = "AT103"\nname = "according-to-x"\nkind = "dependency"\n'
        'description = "d"\nexamples.pass = ["a"]\nexamples.fail = ["b"]\n'
        'nodes = [{ id = "cue", lower = ["according"] }]\n')
    rules = load_rules(tmp_path)
    assert rules.rule("AT103").name == "according-to-x"
    assert rules.rule("AT103").strategy == "according-to"     # the shipped module's, when left out
    assert len(rules.rules) == len(RULES.rules)


def entry(code: str, body: str) -> str:
    return f'[[rule]]\ncode = "{code}"\nname = "n"\ndescription = "d"\n{body}\n'


DEP = 'kind = "dependency"\nstrategy = "complement"\n'


@pytest.mark.parametrize("content,message", [
    (entry("X1", 'kind = "dependency"'), "code must look like"),
    (entry("AT999", 'kind = "magic"'), "unknown kind"),
    (entry("AT998", DEP + 'nodes = [{id = "cue", colour = "red"}]'), "E102 unknown node key"),
    (entry("AT997", 'kind = "dependency"'), "missing 'strategy'"),
    (entry("AT996", 'kind = "dependency"\nstrategy = "guess"'), "unknown strategy 'guess'"),
    (entry("AT995", DEP + 'filters = ["loud"]\nnodes = [{id = "cue"}]'), "unknown filter 'loud'"),
    (entry("AT994", DEP + 'nodes = [{id = "cue"}, {id = "content", parent = "verb", rel = ["ccomp"]}]'), "E105"),
    (entry("AT993", DEP + 'nodes = [{id = "source", lemma = ["x"]}]'), "E112"),
    (entry("AT992", DEP + 'nodes = [{id = "cue", cue_class = ["shouting"]}]'), "E109 unknown cue class"),
    (entry("AT991", DEP + 'nodes = [{id = "cue"}, {id = "content", rel = ["ccomp"]}]'), "E107"),
    (entry("AT990", DEP + 'colour = "red"\nnodes = [{id = "cue"}]'), "unknown key"),
    (entry("AT989", 'kind = "quote"\nstrategy = "unattributed"\nnodes = [{id = "cue"}]'), "takes no nodes"),
    (entry("AT988", DEP + 'nodes = [{id = "cue", lemma = "say"}]'), "E110"),
    (entry("AT987", DEP + 'nodes = [{id = "cue"}, {id = "cue"}]'), "E104"),
    (entry("AT986", DEP + 'nodes = [{id = "cue"}, {id = "x", follows = "cue", side = "left"}]'), "E108"),
    ("this is = not toml [", "invalid TOML"),
])
def test_bad_rules_are_clear_errors(tmp_path: Path, content, message):
    (tmp_path / "patterns.toml").write_text(content)
    with pytest.raises(RulesError, match=message):
        load_rules(tmp_path)


def test_unknown_rules_file_is_an_error(tmp_path: Path):
    (tmp_path / "colours.toml").write_text("")
    with pytest.raises(RulesError, match="unknown rules file"):
        load_rules(tmp_path)


def test_shipped_lexicons_are_general():
    aff = tomllib.loads((Path(__file__).parents[1] / "rules" / "affiliations.toml").read_text())
    assert len(aff["countries"]) >= 190
