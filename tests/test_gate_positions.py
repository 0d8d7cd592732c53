"""The CI gate points at the source file (issue 14): findings in .html and .docx stories carry
the line and column of the page (the element's text in the markup) or the paragraph number
of the Word document, not a line of the extracted text. No model: AC004 needs only quotations."""
from __future__ import annotations

import io
import json

from attribution.checks import run_checks
from attribution.model import ArticleResult
from attribution.quotes import find_quotes
from attribution.read.documents import article_from_bytes, article_from_text
from attribution.read.html_text import html_extract

PAGE = (
    "<!doctype html>\n"
    "<html><head><title>Council</title>\n"
    "<script>var s = \"<p>not prose</p>\";</script></head>\n"
    "<body>\n"
    "<!-- page chrome would go here -->\n"
    "<p>The council met on Monday &amp; voted.</p>\n"
    "  <div><p>Residents, said <b>the mayor</b>, were\n"
    "     angry.</p>\n"
    "<p>\"We will win, the mayor said.</p></div>\n"
    "</body></html>\n"
)


def checked(article):
    result = ArticleResult(article, [], None, find_quotes(article.clean, article.paragraphs))
    return run_checks(result, __import__("attribution.ruleset", fromlist=["load_rules"]).load_rules())


def source_at(source: str, line: int, column: int, length: int) -> str:
    return source.split("\n")[line - 1][column - 1:column - 1 + length]


def test_an_html_finding_points_at_the_quotation_mark_in_the_page():
    article = article_from_bytes(PAGE.encode(), "page.html", "html")
    [finding] = checked(article)
    assert finding.code == "AC004"
    assert (finding.line, finding.column) == (9, 4)           # the '"' after <p> on line 9 of the page
    assert source_at(PAGE, finding.line, finding.column, 3) == '"We'


def test_every_word_of_an_html_page_maps_to_its_place_in_the_markup():
    body, _, where = html_extract(PAGE)
    assert where is not None and where.unit == "line"
    for word in ("council", "voted", "Residents", "mayor", "were", "angry", "win"):
        line, column = where.position(body.index(word))
        assert source_at(PAGE, line, column, len(word)) == word, word
    line, column = where.position(body.index("voted"))          # after an entity: '&amp;' is five columns
    assert (line, column) == (6, PAGE.split("\n")[5].index("voted") + 1)


def test_a_docx_finding_is_at_its_paragraph_number():
    import docx
    doc = docx.Document()
    for text in ("Council votes", "", "The council met on Monday.", "  \"We will win, the mayor said."):
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    article = article_from_bytes(buf.getvalue(), "story.docx", "docx")
    [finding] = checked(article)
    assert finding.code == "AC004"
    # the fourth paragraph of the document (the empty third counts), its third character
    assert (finding.line, finding.column) == (4, 3)
    assert article.source_map is not None and article.source_map.unit == "paragraph"


def test_plain_text_and_markdown_positions_are_the_files_own():
    text = "Headline\n\nThe council met.\n\nIt said \"we will win.\n"
    article = article_from_text(text, "story.md", "md")
    [finding] = checked(article)
    assert (finding.line, finding.column) == (5, 9)
    assert article.source_map is None


def test_github_and_sarif_reports_of_an_html_story_use_page_lines(tmp_path, monkeypatch, capsys):
    from gate_helpers import no_parses
    from attribution.cli import main
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    no_parses(monkeypatch)
    assert main(["check", str(page), "--no-cache", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert f"::error file={page},line=9,col=4,title=AC004" in out.replace("%3A", ":")
    assert main(["check", str(page), "--no-cache", "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "AC004"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 9, "startColumn": 4}


def test_text_after_a_dropped_script_is_not_placed_inside_it():
    page = ("<html><body><p>Before.</p><script>var said = 'The mayor said';</script>\n"
            "<p>The mayor said \"no.</p></body></html>\n")
    body, _, where = html_extract(page)
    line, column = where.position(body.index("The mayor"))
    assert (line, column) == (2, 4)
