"""Suppression comments (issue 14): next-line and range suppression, case-insensitive codes,
warnings for unknown and unused codes, and every report saying what was suppressed."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from attribution.checks import run_checks
from attribution.cli import main
from attribution.model import ArticleResult
from attribution.quotes import find_quotes
from attribution.read.documents import article_from_bytes, article_from_text
from attribution.ruleset import load_rules
from gate_helpers import no_parses

# an unclosed quotation on lines 3, 6 and 11 (AC004 each)
STORY = (
    "Council votes\n\n"
    "He said \"one.\n\n"
    "<!-- attribution: disable-next-line=ac004 -->\n"
    "He said \"two.\n\n"
    "<!-- Attribution: disable=AC004 -->\n\n"
    "<!-- attribution: enable=AC004 -->\n"
    "He said \"three.\n"
)


def check(text: str, path: str = "s.md", summary: dict | None = None):
    article = article_from_text(text, path, "md")
    result = ArticleResult(article, [], None, find_quotes(article.clean, article.paragraphs))
    result.summary = summary or {}
    return run_checks(result, load_rules()), result


def test_next_line_suppression_hides_only_the_next_line_case_insensitively():
    kept, result = check(STORY)
    assert [f.line for f in kept] == [3, 11]
    [hidden] = result.suppressed
    assert (hidden.code, hidden.line, hidden.suppressed_by) == ("AC004", 6, 5)


def test_a_range_hides_findings_between_disable_and_enable():
    text = ("Council votes\n\n<!-- attribution: disable=AC004 -->\n\nHe said \"one.\n\nHe said \"two.\n\n"
            "<!-- attribution: enable=ac004 -->\n\nHe said \"three.\n")
    kept, result = check(text)
    assert [f.line for f in kept] == [11]
    assert [f.line for f in result.suppressed] == [5, 7]
    assert result.directive_notices == []


def test_a_disable_with_no_enable_runs_to_the_end():
    kept, result = check("He said \"one.\n\n<!-- attribution: disable=AC004 -->\n\nHe said \"two.\n")
    assert [f.line for f in kept] == [1] and [f.line for f in result.suppressed] == [5]


def test_unknown_and_unused_codes_warn():
    _, result = check(STORY)
    messages = [(n.line, n.message) for n in result.directive_notices]
    assert any(line == 8 and "unused suppression" in m and "AC004" in m for line, m in messages)
    _, result = check("<!-- attribution: disable=AC0O4 -->\n\nHe said \"one.\n")
    assert any("unknown code 'AC0O4'" in n.message for n in result.directive_notices)
    _, result = check("<!-- attribution: ignore AC004 -->\n\nHe said \"one.\n")
    assert any("not understood" in n.message for n in result.directive_notices)


def test_a_story_wide_finding_is_hidden_by_a_disable_anywhere():
    summary = {"anonymous_share": 0.9, "attributed": 10, "anonymous": 9}
    kept, result = check("A story.\n\nMore of it.\n\n<!-- attribution: disable=ac002 -->\n", summary=summary)
    assert "AC002" not in [f.code for f in kept]
    assert [f.code for f in result.suppressed] == ["AC002"] and result.directive_notices == []


def test_html_comments_suppress_by_page_line():
    page = (b"<html><body>\n<p>He said \"one.</p>\n<!-- attribution: disable-next-line=AC004 -->\n"
            b"<p>He said \"two.</p>\n</body></html>\n")
    article = article_from_bytes(page, "p.html", "html")
    result = ArticleResult(article, [], None, find_quotes(article.clean, article.paragraphs))
    kept = run_checks(result, load_rules())
    assert [f.line for f in kept] == [2] and [f.line for f in result.suppressed] == [4]


def test_rule_codes_in_comments_are_case_insensitive():
    article = article_from_text("<!-- attribution: disable=at102 -->\n\nA story.\n", "s.md", "md")
    assert "AT102" in article.suppressed


@pytest.fixture
def story(tmp_path, monkeypatch):
    no_parses(monkeypatch)
    path = tmp_path / "s.md"
    path.write_text(STORY)
    return path


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "github", "sarif"])
def test_every_report_says_what_was_suppressed(story, capsys, fmt):
    assert main(["check", "--no-cache", str(story), "--format", fmt]) == 1
    out, err = capsys.readouterr()
    assert "unused suppression" in err                      # a warning on stderr
    if fmt == "json":
        doc = json.loads(out)
        assert [(s["line"], s["suppressed_by_line"]) for s in doc["suppressed"]] == [(6, 5)]
        assert doc["suppression_warnings"]
    elif fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        hidden = [r for r in results if r.get("suppressions")]
        assert len(hidden) == 1 and hidden[0]["suppressions"][0]["kind"] == "inSource"
        assert hidden[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [r["line"] for r in rows if r["status"].startswith("suppressed")] == ["6"]
    elif fmt == "markdown":
        section = out.split("## Suppressed by comments")[1].split("##")[0]
        assert re.search(r"\|\s+6\s+\|.*AC004\s+\|\s+5\s+\|", section)
    elif fmt == "github":
        assert re.search(r"^::notice .*suppressed.*s\.md:6 AC004", out, re.M)
    else:
        assert f"{story}:6:9: AC004 (the comment on line 5)" in out


def test_the_audit_reports_say_what_was_suppressed_too(story, capsys):
    import jsonschema
    from pathlib import Path
    schema = json.loads((Path(__file__).resolve().parents[1] / "attribution" / "schema" / "report.schema.json")
                        .read_text(encoding="utf-8"))
    assert main(["audit", "--no-cache", str(story), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, schema)
    assert [(s["code"], s["line"], s["suppressed_by_line"]) for s in doc["articles"][0]["suppressed"]] == [
        ("AC004", 6, 5)]
    assert main(["audit", "--no-cache", str(story)]) == 0
    assert "Suppressed by comments" in capsys.readouterr().out


def test_many_comments_and_findings_stay_fast():
    import time
    n = 5000
    text = "".join(f"<!-- attribution: disable-next-line=AC004 -->\nHe said \"{i}.\n\n" for i in range(n))
    article = article_from_text(text, "s.md", "md")
    result = ArticleResult(article, [], None, find_quotes(article.clean, article.paragraphs))
    started = time.perf_counter()                   # the checks and the suppression, not the reading
    kept = run_checks(result, load_rules())
    assert kept == [] and len(result.suppressed) == n
    assert time.perf_counter() - started < 10       # a second here; quadratic would be minutes
