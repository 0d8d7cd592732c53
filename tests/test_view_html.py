"""The annotated draft for an editor (issue 14): the speaker's words boxed, the speaker type
beside every highlight, the reason for anonymity that was accepted, Markdown shown as text,
what was suppressed; every piece of story text escaped. No model: hand-built results."""
from __future__ import annotations

import re

import attrs

from attribution.model import Span
from attribution.output.html_report import render_html

from test_formats import META, STORY, attribution, make_result, parse_html

REASON = "spoke on condition of anonymity because <b>she</b> was not authorised"

ANON_STORY = (
    '"It is over," an official said.\n'
    "\n"
    '"We were never told," said a second official, who ' + REASON + ".\n"
)

MARKDOWN = """---
title: Harbour <plan> & "quay"
outlet: Gazette
---
# Harbour plan **approved**

The council *finally* voted on [the plan](https://example.org/secret-target.pdf), the mayor said.

1. "We will rebuild the quay," said Ann Lee.

<!-- attribution: disable=AC003 -->
"Nobody asked us."
"""


def story_of(page: str) -> str:
    return page[page.index('<div class="story">'):page.index("<aside")]


def text_of(html: str) -> str:
    p = parse_html(html if html.startswith("<!DOCTYPE") else f"<div>{html}</div>")
    return "".join(p.text)


def anonymous_results():
    text = ANON_STORY
    flagged = attribution(text, '"It is over,"', "direct", "anon", cue="said")
    given = attribution(text, '"We were never told,"', "direct", "anon", cue="said")
    given.speaker = attrs.evolve(given.speaker, mention="a second official", source_id="s9",
                                 anonymity_reason=REASON)
    m = text.index("a second official")
    given.speaker.mention_span = Span(m, m + len("a second official"))
    return [make_result(text, [flagged, given], path="stories/anon.txt")]


def test_speaker_words_are_boxed_and_labelled():
    page = render_html(make_result_story(), [], META)
    p = parse_html(page)
    boxes = [a for t, a in p.tags if t == "span" and "who" in (a.get("class") or "").split() and "id" in a]
    assert [b["id"] for b in boxes] == ["s0-1", "s0-2", "s0-3"]        # the unattributed have none
    assert boxes[0]["class"] == "who cls-anonymous" and boxes[1]["class"] == "who cls-named"
    story = story_of(page)
    assert re.search(r'<span class="who cls-anonymous" id="s0-1"[^>]*>an official</span>'
                     r'<span class="tag cls-anonymous">\[speaker 2\]</span>', story)
    assert re.search(r'<span class="who cls-document" id="s0-3"[^>]*>a council report</span>', story)
    # the side list links the speaker to its box
    assert 'href="#s0-2">Ann Lee</a>' in page


def make_result_story():
    from test_formats import build_results
    return build_results()


def test_every_highlight_is_followed_by_its_speaker_type():
    results = make_result_story()
    story = story_of(render_html(results, [], META))
    for i, a in enumerate(results[0].attributions):
        label = f"[{i + 1} {a.speaker.speaker_type}]"
        assert story.count(f">{label}</span>") == 1, label
    # the label sits right after the mark it belongs to
    assert re.search(r'costs rose 20% last year</mark><span class="tag cls-document">'
                     r'\[4 named council document\]</span>', story)


def test_the_accepted_reason_for_anonymity_is_shown():
    results = anonymous_results()
    assert [f.code for f in results[0].findings].count("AC001") == 1    # only the one without a reason
    page = render_html(results, [], META)
    parse_html(page)
    sources = page[page.index("<h3>Anonymous sources</h3>"):page.index('<div class="layout">')]
    items = re.findall(r"<li>.*?</li>", sources)
    assert len(items) == 2
    assert "no reason for anonymity given (AC001)" in items[0]
    assert "not flagged: the story gives a reason" in items[1]
    assert "spoke on condition of anonymity because &lt;b&gt;she&lt;/b&gt; was not authorised" in items[1]
    assert "<b>she</b>" not in page                                   # the reason is story text: escaped
    # beside the highlight, and in the attribution list
    story = story_of(page)
    assert "[2 anonymous official \u00b7 reason given]" in story
    assert "[1 anonymous official]" in story
    aside = page[page.index("<aside"):]
    assert "reason: \u201cspoke on condition of anonymity because &lt;b&gt;" in aside
    assert "no reason given" in aside


def test_markdown_story_is_shown_as_text():
    text = MARKDOWN
    a1 = attribution(text, '"We will rebuild the quay,"', "direct", "named", cue="said")
    result = make_result(text, [a1], path="stories/harbour.md", fmt="md")
    page = render_html([result], [], META)
    parse_html(page)
    story = story_of(page)
    shown = text_of(story)
    for raw in ("#", "**", "*finally*", "[the plan]", "secret-target", "1.", "<!--", "disable=", "outlet:"):
        assert raw not in shown, raw
    shown = re.sub(r"\[[^\]]*\]", "", shown)                          # the labels
    for prose in ("Harbour plan approved", "The council finally voted on the plan, the mayor said.",
                  '"We will rebuild the quay," said Ann Lee.', '"Nobody asked us."'):
        assert prose in " ".join(shown.split()), prose
    # the title from front matter is escaped like any story text
    assert "<h2>Harbour &lt;plan&gt; &amp; &quot;quay&quot;</h2>" in page
    # the list item is a paragraph of its own, its quotation marked
    assert re.search(r'<p>\s*<mark class="cls-named" id="a0-0"[^>]*>&quot;We will rebuild the quay,&quot;</mark>',
                     story)


def test_what_was_suppressed_is_said():
    result = make_result(MARKDOWN, [], path="stories/harbour.md", fmt="md")
    page = render_html([result], [], META)
    section = page[page.index("<h3>Suppressed</h3>"):page.index('<div class="layout">')]
    assert "AC003" in section
    # the unattributed quotation's AC003 is not among the findings
    assert "AC003" not in page[page.index("<h3>Findings</h3>"):page.index("<h3>Suppressed</h3>")]
    plain = make_result("Nothing was said today.\n", [])
    assert '<p class="muted suppressed">Nothing suppressed.</p>' in render_html([plain], [], META)


def test_suppressed_findings_are_listed_with_their_comment():
    text = ('"It is over," an official said.\n'
            "\n"
            "<!-- attribution: disable-next-line=AC001 -->\n"
            '"We were never told," said a second official.\n'
            "<!-- attribution: disable=AC009 -->\n")
    flagged = attribution(text, '"It is over,"', "direct", "anon", cue="said")
    hidden = attribution(text, '"We were never told,"', "direct", "anon", cue="said")
    hidden.speaker = attrs.evolve(hidden.speaker, mention="a second official", source_id="s9")
    result = make_result(text, [flagged, hidden], path="stories/hidden.md", fmt="md")
    assert [f.code for f in result.findings].count("AC001") == 1 and len(result.suppressed) == 1
    page = render_html([result], [], META)
    section = page[page.index("<h3>Suppressed</h3>"):page.index('<div class="layout">')]
    assert "comment on line 3: <code>disable-next-line</code> <code>AC001</code> (the next line)" in section
    assert "hidden: line 4:1 <code>AC001</code> anonymous-without-reason: anonymous source" in section
    assert "(by the comment on line 3)" in section
    assert "unknown code" in section and "AC009" in section


def test_summary_is_a_grid_that_wraps():
    page = render_html(make_result_story(), [], META)
    assert '<dl class="summary">' in page and "<table class=\"summary\">" not in page
    assert "grid-template-columns: repeat(auto-fill" in page


def test_hostile_text_in_every_new_place_is_escaped():
    text = STORY
    a = attribution(text, '"It is over,"', "direct", "anon", cue="said")
    a.speaker = attrs.evolve(a.speaker, speaker_type="anonymous <i>official</i>", anonymity_reason="<script>x</script>",
                             mention="an official")
    page = render_html([make_result(text, [a])], [], META)
    p = parse_html(page)
    assert not [t for t, _ in p.tags if t in ("script", "i")]
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "anonymous &lt;i&gt;official&lt;/i&gt;" in page
