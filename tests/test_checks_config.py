"""Editorial checks, configuration layers and inline suppression (no model load)."""
from __future__ import annotations

from pathlib import Path

import pytest

from attribution.checks import CheckSettings, check_modules, check_table, run_checks
from attribution.config import ConfigError, find_config, load_config
from attribution.read.documents import article_from_text
from attribution.engine import analyse
from attribution.parse.conllu import from_conllu

from conftest import FIXTURES, PARSES


@pytest.fixture(scope="module")
def seed_result(rules):
    from attribution.read.documents import read_article
    art = read_article(FIXTURES / "seed.txt")
    parse = from_conllu((PARSES / "seed.conllu").read_text())
    return analyse(art, parse, rules)


def codes(findings):
    return {f.code for f in findings}


def test_seed_has_anonymous_share_and_no_reason_findings(seed_result, rules):
    found = run_checks(seed_result, rules)
    assert {"AC001", "AC002"} <= codes(found)
    ac002 = next(f for f in found if f.code == "AC002")
    assert "0.5" in ac002.message


def test_threshold_and_disable(seed_result, rules):
    assert "AC002" not in codes(run_checks(seed_result, rules, CheckSettings(max_anonymous_share=0.95)))
    assert "AC001" not in codes(run_checks(seed_result, rules, CheckSettings(disabled=frozenset({"AC001"}))))
    only = run_checks(seed_result, rules, CheckSettings(enabled=frozenset({"AC002"})))
    assert codes(only) == {"AC002"}


def test_severity_override(seed_result, rules):
    found = run_checks(seed_result, rules, CheckSettings(severity={"AC002": "error"}))
    assert next(f for f in found if f.code == "AC002").severity == "error"


def test_findings_point_at_lines(seed_result, rules):
    for f in run_checks(seed_result, rules):
        assert 1 <= f.line <= seed_result.article.text.count("\n") + 1


def test_anonymity_reason_silences_ac001(rules):
    name = "rule-AT102-pass-0"
    text = (PARSES / f"{name}.txt").read_text()
    art = article_from_text(text, "x.txt")
    result = analyse(art, from_conllu((PARSES / f"{name}.conllu").read_text()), rules)
    assert result.attributions and result.attributions[0].speaker.cls.startswith("anonymous")
    assert "AC001" in codes(run_checks(result, rules))
    result.attributions[0].speaker.anonymity_reason = "on condition of anonymity"
    assert "AC001" not in codes(run_checks(result, rules))


def test_inline_suppression_in_markdown(rules):
    art = article_from_text("<!-- attribution: disable=AC001, AC002 -->\n\nA story.\n", "s.md", "md")
    assert art.suppressed == frozenset({"AC001", "AC002"})


def test_every_finding_code_is_documented(rules):
    for spec in check_table(rules).values():
        assert spec["name"] and spec["description"] and spec["severity"] in ("info", "warning", "error")


# --- configuration -------------------------------------------------------------------------

def test_config_found_walking_up_from_the_story(tmp_path: Path, rules):
    (tmp_path / "pyproject.toml").write_text("[tool.attribution]\nmax_anonymous_share = 0.3\n")
    story = tmp_path / "a" / "b" / "story.txt"
    story.parent.mkdir(parents=True)
    story.write_text("x")
    found = find_config(story)
    assert found == tmp_path / "pyproject.toml"
    assert load_config(found, set(check_table(rules)))["max_anonymous_share"] == 0.3


def test_attribution_toml_is_found_first(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.attribution]\nfail_on = 'error'\n")
    (tmp_path / "attribution.toml").write_text("fail_on = 'info'\n")
    assert find_config(tmp_path / "story.txt").name == "attribution.toml"


@pytest.mark.parametrize("content,message", [
    ("colour = 1\n", "unknown configuration key 'colour'"),
    ("disable = ['ZZ001']\n", "unknown code 'ZZ001'"),
    ("max_anonymous_share = 2\n", "between 0 and 1"),
    ("fail_on = 'loud'\n", "fail_on"),
    ("severity = { AC001 = 'fatal' }\n", "severity"),
    ("max_anonymous_share = 'high'\n", "must be a float"),
    ("this is not toml = = \n", "cannot read configuration"),
])
def test_bad_configuration_is_a_clear_error(tmp_path: Path, rules, content, message):
    f = tmp_path / "attribution.toml"
    f.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(f, set(check_table(rules)))


def test_missing_config_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", set())


def test_inline_suppression_in_html():
    from attribution.read.documents import article_from_bytes
    page = b"<html><body><!-- attribution: disable=AC002 --><p>A story.</p></body></html>"
    art = article_from_bytes(page, "s.html", "html")
    assert art.suppressed == frozenset({"AC002"})
    assert "attribution:" not in art.text


def test_every_check_code_has_one_module_and_every_module_a_code(rules):
    assert set(check_modules()) == set(check_table(rules))
    for code, module in check_modules().items():
        assert module.CODE == code and module.__doc__ and code in module.__doc__


def test_enable_listing_only_rule_codes_keeps_every_check(rules):
    settings = CheckSettings.configured(check_table(rules), enable=["AT101"], disable=["AT102", "AC004"])
    assert settings.enabled is None and settings.disabled == frozenset({"AC004"})
    assert CheckSettings.configured(check_table(rules), enable=["AC002", "AT101"]).enabled == {"AC002"}


def test_a_check_that_raises_is_a_finding_of_its_own_code(seed_result, rules, monkeypatch):
    module = check_modules()["AC004"]

    def broken(result, settings):
        raise ValueError("boom")
        yield

    monkeypatch.setattr(module, "check", broken)
    found = run_checks(seed_result, rules)
    failed = [f for f in found if f.code == "AC004"]
    assert len(failed) == 1 and failed[0].severity == "error" and "boom" in failed[0].message
    assert {"AC001", "AC002"} <= codes(found)           # the other checks still ran
