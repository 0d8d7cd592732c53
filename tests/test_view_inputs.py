"""Markdown stories through a CommonMark parser, front matter that cannot be read, and
``report --by`` on a field no story has (issue 14, the editor's inputs)."""
from __future__ import annotations

import json

import attrs
import pytest

from attribution.cli import main
from attribution.errors import UsageError
from attribution.model import ArticleResult
from attribution.read.documents import article_from_text, read_article
from attribution.research.groups import report_rows

LIST_STORY = """# Council vote

The council met on Monday.

1. "We will not back down," said Ann Lee, the mayor.
2. "It is a bad day for the town," said Raj Patel, a councillor.
"""


def paragraphs(article):
    return [article.clean[p.start:p.end].strip() for p in article.paragraphs]


def test_numbered_list_items_are_prose_of_their_own():
    a = article_from_text(LIST_STORY, "list.md", "md")
    assert len(a.clean) == len(a.text)
    assert "1." not in a.clean and "2." not in a.clean and "#" not in a.clean
    # each list item is a paragraph: a quotation never runs on into the next item
    assert paragraphs(a) == ["Council vote", "The council met on Monday.",
                             '"We will not back down," said Ann Lee, the mayor.',
                             '"It is a bad day for the town," said Raj Patel, a councillor.']
    quote = a.text.index('"It is a bad day')
    assert a.clean[quote:quote + 16] == '"It is a bad day'     # offsets still index the file's text


MARKUP = """Intro with _emphasis_, __strong__, `code`, an escaped \\*star\\* and a
[link to the report](https://example.org/report_(final).pdf "The report") plus ![a chart](chart.png)
and <b>inline html</b>.

> "We are ready," said a spokesman.
> "So are we."

[ref]: https://example.org/hidden-reference

Setext heading
==============

* * *

5 * 3 is fifteen, said the teacher.
"""


def test_inline_and_block_markup_is_blanked_and_text_kept():
    a = article_from_text(MARKUP, "m.md", "md")
    clean = " ".join(a.clean.split())
    for kept in ("Intro with emphasis , strong , code , an escaped *star * and a link to the report plus and",
                 "inline html .", '"We are ready," said a spokesman. "So are we."', "Setext heading",
                 "5 * 3 is fifteen, said the teacher."):
        assert kept in clean, kept
    for gone in ("example.org", "chart", "<b>", "_emphasis_", "__", "`", "\\*", "===", "* * *", ">"):
        assert gone not in a.clean, gone


def test_unknown_markup_keeps_its_text():
    """Text the walk cannot place is kept as written, never dropped."""
    text = 'An <span title="x">odd</span> line &amp; more, said Ann Lee.\n'
    a = article_from_text(text, "odd.md", "md")
    assert "odd" in a.clean and "said Ann Lee." in a.clean and "&amp;" in a.clean


def test_markdown_reading_is_linear_enough():
    import time
    text = ("A paragraph of **bold** and _em_ text, said the mayor.\n\n" * 4000
            + "[" * 5000 + "\n\n" + "> " * 3000 + "deep\n")
    started = time.perf_counter()
    a = article_from_text(text, "big.md", "md")
    assert time.perf_counter() - started < 20
    assert len(a.clean) == len(text)


@pytest.mark.parametrize("front, message", [
    ("title: [unclosed\noutlet: Gazette\n", "not valid YAML"),
    ("- a\n- list\n", "not a list of 'field: value' lines"),
    ("base: &a x\nother: *a\n", "anchors or aliases"),
])
def test_broken_front_matter_warns(tmp_path, front, message):
    f = tmp_path / "story.md"
    f.write_text(f"---\n{front}---\n\n# Title\n\nThe mayor said the plan was dead.\n", encoding="utf-8")
    a = read_article(f)
    assert a.metadata == {}
    notices = [w for w in a.warnings if w.kind == "front_matter"]
    assert len(notices) == 1 and message in notices[0].message
    assert "Title" in a.clean and "outlet" not in a.clean


def test_front_matter_never_closed_warns(tmp_path):
    f = tmp_path / "story.md"
    f.write_text("---\ntitle: Rates\noutlet: Gazette\n\nThe mayor said the plan was dead.\n", encoding="utf-8")
    a = read_article(f)
    assert [w.kind for w in a.warnings] == ["front_matter"]
    assert "never closed" in a.warnings[0].message


def test_good_front_matter_has_no_notice(tmp_path):
    f = tmp_path / "story.md"
    f.write_text("---\ntitle: Rates\noutlet: Gazette\n---\n\nThe mayor said the plan was dead.\n", encoding="utf-8")
    a = read_article(f)
    assert a.metadata == {"title": "Rates", "outlet": "Gazette"} and a.warnings == ()


def result_with(metadata: dict) -> ArticleResult:
    article = attrs.evolve(article_from_text("The mayor said the plan was dead.\n", "s.txt"), metadata=metadata)
    return ArticleResult(article=article, attributions=[], summary={"attributed": 0})


def test_report_by_a_field_no_story_has_is_a_usage_error():
    results = [result_with({"outlet": "Gazette"}), result_with({})]
    with pytest.raises(UsageError, match=r"--by nosuchfield: no story has this field \(fields found: outlet"):
        report_rows(results, "nosuchfield")
    groups = [r["group"] for r in report_rows(results, "Outlet")]       # case-insensitive, as the grouping
    assert groups == ["Gazette", "(none)", "ALL"]
    assert [r["group"] for r in report_rows(results, "folder")][-1] == "ALL"
    assert [r["group"] for r in report_rows(results, "desk", {"s.txt": {"desk": "Metro"}})] == ["Metro", "ALL"]


def test_report_cli_by_unknown_field_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    """The whole command: one line on stderr, exit 2 (stories parsed by a stand-in: the field
    check needs no model)."""
    import attribution.research.corpus as corpus
    from attribution.engine import analyse
    from attribution.model import Parse

    def fake_process(articles, rules, *args, **kwargs):
        return [analyse(a, Parse((), "test-model"), rules) for a in articles], "test-model", []
    monkeypatch.setattr(corpus, "process", fake_process)
    monkeypatch.setattr("attribution.parse.pipeline.check_model", lambda *a, **k: None)
    (tmp_path / "a.md").write_text("---\noutlet: Gazette\n---\n\nThe plan is dead.\n", encoding="utf-8")
    code = main(["report", str(tmp_path), "--by", "nosuchfield", "--no-cache", "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "--by nosuchfield: no story has this field" in err[0]


def test_numbered_list_quotations_are_attributed(tmp_path):
    """The real embedded pipeline: each numbered item's quotation has its speaker, and no
    AC003 (a quotation credited to nobody) is raised for them."""
    f = tmp_path / "list.md"
    f.write_text(LIST_STORY, encoding="utf-8")
    out = tmp_path / "r.json"
    code = main(["audit", str(f), "--no-cache", "--quiet", "--format", "json", "-o", str(out)])
    article = json.loads(out.read_text(encoding="utf-8"))["articles"][0]
    assert code == 0
    assert [x for x in article["findings"] if x["code"] == "AC003"] == []
    speakers = {a["speaker"]["name"] for a in article["attributions"]}
    assert {"Ann Lee", "Raj Patel"} <= speakers
    assert all(a["speaker"]["class"] == "named person" for a in article["attributions"])
