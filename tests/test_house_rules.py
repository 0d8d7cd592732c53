"""A rule is data: a user's rule with a new code works without code, the configuration
acts on rule codes, and a rule that raises is reported under its own code."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, stored

from attribution.engine import analyse
from attribution.ruleset import load_rules

ROOT = Path(__file__).resolve().parents[1]
HOUSE = FIXTURES / "rule_cases" / "house"


def readme_house_rule() -> str:
    """The TOML example of the README's rule schema section (the test runs what users read)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The rule schema", 1)[1]
    return re.search(r"```toml\n(.*?)```", section, re.DOTALL).group(1)


def house_article():
    """The example's article and its stored parse by the real embedded pipeline."""
    from attribution.documents import article_from_text
    from attribution.parsing import from_conllu
    article = article_from_text((HOUSE / "reckon.txt").read_text(encoding="utf-8"), "reckon.txt")
    return article, from_conllu((HOUSE / "reckon.conllu").read_text(encoding="utf-8"))


def test_the_readme_house_rule_finds_both_reckoned_attributions(tmp_path):
    (tmp_path / "patterns.toml").write_text(readme_house_rule(), encoding="utf-8")
    rules = load_rules(tmp_path)
    assert rules.rule("AT150").strategy == "complement"
    article, parse = house_article()
    found = [(a.rule, a.cue, a.speaker.mention, a.content, a.kind)
             for a in analyse(article, parse, rules).attributions]
    assert found == [
        ("AT150", "reckoned", "Two senior officials", "the deal was close to being signed", "indirect"),
        ("AT150", "reckoned", "The minister", "the deal would hold", "indirect"),
    ]


def test_without_the_house_rule_reckon_is_no_cue(rules):
    article, parse = house_article()
    assert analyse(article, parse, rules).attributions == []


def test_disable_removes_a_rules_attributions(rules, analyse_stored):
    seed = analyse_stored("seed", path=FIXTURES / "seed.txt")
    assert any(a.rule == "AT102" for a in seed.attributions)
    article, parse = stored("seed", path=FIXTURES / "seed.txt")
    without = analyse(article, parse, rules.configured(disable=["AT102"]))
    assert without.attributions and not any(a.rule == "AT102" for a in without.attributions)
    kept = {(a.rule, a.content) for a in seed.attributions if a.rule != "AT102"}
    assert kept <= {(a.rule, a.content) for a in without.attributions}


def test_enable_keeps_only_the_rules_it_names_and_ignores_check_codes(rules):
    article, parse = stored("seed", path=FIXTURES / "seed.txt")
    only = analyse(article, parse, rules.configured(enable=["AT201", "AC001"]))
    assert {a.rule for a in only.attributions} == {"AT201"}
    assert rules.configured(enable=["AC001"]).settings.enabled is None


def test_suppressed_rule_codes_act_like_disable(rules):
    import attrs
    article, parse = stored("seed", path=FIXTURES / "seed.txt")
    result = analyse(attrs.evolve(article, suppressed=frozenset({"AT202"})), parse, rules)
    assert result.attributions and not any(a.rule == "AT202" for a in result.attributions)


def test_a_rule_that_raises_is_reported_under_its_code_and_the_article_still_reports(rules, monkeypatch):
    from attribution.attribute import strategies

    def broken(self, ctx, sent, match, core):
        raise RuntimeError("boom")

    monkeypatch.setattr(strategies.Trailing, "content", broken)
    article, parse = stored("seed", path=FIXTURES / "seed.txt")
    result = analyse(article, parse, rules.configured(severity={"AT102": "error"}))
    warnings = [w for w in result.article.warnings if getattr(w, "kind", None) == "rule_failed"]
    assert [(w.code, w.severity) for w in warnings] == [("AT102", "error")]
    assert "boom" in warnings[0].message and warnings[0].message.startswith("AT102")
    assert result.attributions and not any(a.rule == "AT102" for a in result.attributions)
    assert any(a.rule == "AT101" for a in result.attributions)


def test_settings_passed_to_analyse_override_the_rules_own(rules):
    from attribution.ruleset import RuleSettings
    article, parse = stored("seed", path=FIXTURES / "seed.txt")
    result = analyse(article, parse, rules, RuleSettings(disabled=frozenset({"AT201", "AT202"})))
    assert not any(a.rule in ("AT201", "AT202") for a in result.attributions)


@pytest.mark.parametrize("bad", ["AT150", "AC001"])
def test_configured_leaves_unknown_codes_to_others(rules, bad):
    assert rules.configured(disable=[bad]).settings.disabled == frozenset()
