"""Output formats (html, github, sarif, json schema, csv) on hand-built results: no model."""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from attribution.checks import check_table, run_checks
from attribution.output.github import escape_data, escape_property, render_github
from attribution.output.sarif import render_sarif
from attribution.read.documents import article_from_text
from attribution.errors import ErrorRecord
from attribution.output.html_report import render_html
from attribution.model import ArticleResult, Attribution, Finding, Span, Speaker
from attribution.output import render
from attribution.output.csv_report import render_csv
from attribution.output.json_report import render_json
from attribution.ruleset import load_rules
from attribution.summary import summarise

SCHEMA = Path(__file__).resolve().parent.parent / "attribution" / "schema" / "report.schema.json"
META = {"model": "embedded:test-model", "rules": "shipped"}

STORY = (
    'Council cuts & "votes": <script>alert(1)</script>\n'
    "\n"
    '"It is over," an official said.\n'
    "\n"
    'The mayor, Ann Lee, said the plan was "a betrayal of the whole town".\n'
    "\n"
    "According to a council report, costs rose 20% last year.\n"
    "\n"
    '"Nobody asked us."\n'
)

SPEAKERS = {
    "anon": dict(mention="an official", resolved="an official", cls="anonymous individual", role="official",
                 speaker_type="anonymous official", source_id="s1"),
    "named": dict(mention="Ann Lee", resolved="Ann Lee", name="Ann Lee", cls="named person", role="official",
                  affiliation="Harbridge City Council", speaker_type="named Harbridge City Council official",
                  source_id="s2"),
    "doc": dict(mention="a council report", resolved="a council report", cls="document", role="document",
                affiliation="council", speaker_type="named council document", source_id="s3"),
    "none": dict(cls="unattributed", speaker_type="unattributed"),
}


def attribution(text: str, content: str, kind: str, speaker: str, cue: str | None = None,
                occurrence: int = 0, rule: str = "AT101") -> Attribution:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(content, start + 1)
    span = Span(start, start + len(content))
    cue_span = None
    if cue:
        c = text.find(cue, start + len(content))
        if c == -1:
            c = text.find(cue)
        cue_span = Span(c, c + len(cue))
    sp = dict(SPEAKERS[speaker])
    mention = sp.get("mention")
    if mention and mention in text:
        m = text.index(mention)
        sp["mention_span"] = Span(m, m + len(mention))
    return Attribution(content=content, content_spans=[span], kind=kind, cue=cue, cue_span=cue_span,
                       rule=rule, sentence=0, speaker=Speaker(**sp))


def make_result(text: str, attributions: list[Attribution], path: str = "stories/cuts & votes.txt",
                extra_findings: tuple[Finding, ...] = (), fmt: str = "txt") -> ArticleResult:
    article = article_from_text(text, path, fmt)
    result = ArticleResult(article=article, attributions=attributions)
    result.summary = summarise(attributions)
    result.findings = run_checks(result, load_rules()) + list(extra_findings)
    return result


def build_results(text: str = STORY) -> list[ArticleResult]:
    """The sample corpus: one article with every class of source and some hostile text."""
    attrs_ = [
        attribution(text, "<script>alert(1)</script>", "direct", "none"),
        attribution(text, '"It is over,"', "direct", "anon", cue="said"),
        attribution(text, 'the plan was "a betrayal of the whole town"', "partial", "named", cue="said"),
        attribution(text, "costs rose 20% last year", "indirect", "doc", cue="According to"),
        attribution(text, '"Nobody asked us."', "direct", "none"),
    ]
    odd = Finding("AC002", "anonymous-share-high", "info", "100% sure: a, b\nnext line\r", "stories/cuts & votes.txt",
                  line=3, column=1)
    return [make_result(text, attrs_, extra_findings=(odd,))]


class NestingChecker(HTMLParser):
    VOID = {"meta", "br", "img", "hr", "input", "link", "col", "area", "base", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_html(page: str) -> NestingChecker:
    p = NestingChecker()
    p.feed(page)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, p.stack
    return p


# --- HTML ------------------------------------------------------------------------------------

def test_html_escapes_story_text():
    page = render_html(build_results(), [], META)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Council cuts &amp; &quot;votes&quot;" in page
    assert "javascript:" not in page.lower()
    # self-contained: no external resources, no script
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<link" not in page and "@import" not in page
    p = parse_html(page)
    assert "<script>alert(1)</script>" in "".join(p.text)


def test_html_marks_one_per_attribution_with_class():
    results = build_results()
    page = render_html(results, [], META)
    p = parse_html(page)
    marks = [a for t, a in p.tags if t == "mark"]
    assert len(marks) == len(results[0].attributions)
    expected = {"a0-0": "cls-unattributed", "a0-1": "cls-anonymous", "a0-2": "cls-named",
                "a0-3": "cls-document", "a0-4": "cls-unattributed"}
    got = {m["id"]: m["class"] for m in marks}
    assert got == expected
    by_id = {m["id"]: m for m in marks}
    assert by_id["a0-1"]["title"] == "anonymous official: an official"
    assert by_id["a0-1"]["data-class"] == "anonymous individual"
    assert by_id["a0-0"]["title"] == "unattributed: (no speaker)"
    # visible label after each mark (its number and speaker type), and the side list links to every mark
    assert page.count('<span class="tag cls-anonymous">[anonymous]</span>') == 1  # the legend
    assert page.count('<span class="tag cls-anonymous">[2 anonymous official]</span>') == 1
    for i in range(5):
        assert f'href="#a0-{i}"' in page
    # the marked text is the content, escaped
    assert re.search(r'<mark class="cls-document"[^>]*>costs rose 20% last year</mark>', page)


def test_html_summary_findings_and_header():
    results = build_results()
    page = render_html(results, [ErrorRecord("AE005", "bad<file>.txt", "not UTF-8 & broken")],
                       META)
    p = parse_html(page)
    assert '<dl class="summary">' in page
    for label in ("attributions", "direct", "partial", "indirect", "named", "anonymous", "anonymous share",
                  "anonymous word share", "distinct anonymous sources"):
        assert f"<dt>{label}</dt>" in page
    s = results[0].summary
    assert f'<dd class="num">{s["anonymous_share"]:.2f}</dd>' in page
    assert "embedded:test-model" in page and "shipped" in page
    assert "bad&lt;file&gt;.txt: not UTF-8 &amp; broken" in page
    ids = {a.get("id") for _t, a in p.tags}
    hrefs = {a.get("href") for _t, a in p.tags}
    assert results[0].findings, "the sample has findings"
    for j, _f in enumerate(results[0].findings):
        assert f"f0-{j}" in ids and f"#f0-{j}" in hrefs
        assert f"fl0-{j}" in ids
    # every internal link has its target
    for h in hrefs:
        if h and h.startswith("#"):
            assert h[1:] in ids, h
    # the AC003 finding for the headline quote sits on line 1: the anchor is at the text start
    story = page[page.index('<div class="story">'):]
    first_p = story[story.index("<p>"):story.index("</p>")]
    assert 'class="flag"' in first_p


def test_html_overlapping_and_multi_paragraph_spans():
    text = 'She said: "We will fight on.\n\n"And we will win," she added, "whatever it takes."\n'
    a1 = attribution(text, '"We will fight on.\n\n"And we will win,"', "direct", "named", cue="said")
    a2 = attribution(text, "we will win", "direct", "anon", cue="added")    # inside a1: skipped
    a3 = attribution(text, '"whatever it takes."', "direct", "named", cue="added")
    a3.content_spans.append(Span(text.index("She"), text.index("She") + 3))  # a second piece
    result = make_result(text, [a1, a2, a3])
    page = render_html([result], [], META)
    p = parse_html(page)
    marks = [a for t, a in p.tags if t == "mark"]
    ids = [m.get("id") for m in marks]
    assert ids.count("a0-0") == 1 and "a0-1" not in ids and ids.count("a0-2") == 1
    assert any("cont" in m["class"] for m in marks)          # a0-0 continues in the next paragraph
    anchors = [a for t, a in p.tags if t == "a" and a.get("id") == "a0-1"]
    assert len(anchors) == 1                                   # the skipped one still has a link target
    assert page.count("<p>") == 2


def test_html_no_attributions_and_empty_corpus():
    text = "Nothing was said today.\n"
    page = render_html([make_result(text, [])], [], META)
    parse_html(page)
    assert "<mark" not in page and "No attributions found." in page
    page = render_html([], [], META)
    parse_html(page)
    assert "Attribution report" in page


def test_render_dispatch_html_github_sarif():
    results = build_results()
    assert render("html", results, [], META).startswith("<!DOCTYPE html>")
    assert render("github", results, [], META).startswith("::")
    assert json.loads(render("sarif", results, [], META))["version"] == "2.1.0"


# --- GitHub -----------------------------------------------------------------------------------

def test_github_escaping_rules():
    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_lines():
    results = build_results()
    errors = [ErrorRecord("AE005", "dir/x,y.txt", "cannot read: 50% done\nmore")]
    out = render_github(results, errors, META)
    lines = out.splitlines()
    assert out.endswith("\n")
    findings = results[0].findings
    assert len(lines) == len(findings) + 1
    pattern = re.compile(r"^::(warning|error|notice) file=([^,:]+),line=(\d+),col=(\d+),title=([^,:]+)::(.*)$")
    path = "stories/cuts & votes.txt"
    for f, line in zip(findings, lines):
        m = pattern.match(line)
        assert m, line
        assert m.group(1) == {"warning": "warning", "error": "error", "info": "notice"}[f.severity]
        assert m.group(2) == path and int(m.group(3)) == f.line and int(m.group(4)) == f.column
        assert m.group(5) == f"{f.code} {f.name}"
    odd = lines[len(findings) - 1] if findings[-1].code == "AC002" else next(
        ln for ln in lines if "AC002" in ln)
    assert odd.startswith("::notice ")
    assert odd.endswith("::100%25 sure: a, b%0Anext line%0D")
    assert lines[-1] == "::error file=dir/x%2Cy.txt::dir/x,y.txt: cannot read: 50%25 done%0Amore"
    ac001 = next(ln for ln in lines if "AC001" in ln)
    assert ac001.startswith("::warning file=stories/cuts & votes.txt,line=3,col=1,title=AC001 "
                            "anonymous-without-reason::")


def test_github_empty():
    assert render_github([], [], META) == ""


# --- SARIF -------------------------------------------------------------------------------------

# The parts of the SARIF 2.1.0 schema (OASIS) that this tool uses, with its required keys.
SARIF_MINI_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/run"}},
    },
    "$defs": {
        "message": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
        "level": {"enum": ["none", "note", "warning", "error"]},
        "multiformat": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
        "rule": {
            "type": "object", "required": ["id"],
            "properties": {
                "id": {"type": "string"}, "name": {"type": "string"},
                "shortDescription": {"$ref": "#/$defs/multiformat"},
                "fullDescription": {"$ref": "#/$defs/multiformat"},
                "help": {"$ref": "#/$defs/multiformat"},
                "defaultConfiguration": {"type": "object", "properties": {"level": {"$ref": "#/$defs/level"}}},
            },
        },
        "location": {
            "type": "object",
            "properties": {"physicalLocation": {
                "type": "object",
                "properties": {
                    "artifactLocation": {"type": "object", "properties": {"uri": {"type": "string",
                                                                                  "format": "uri-reference"}}},
                    "region": {"type": "object", "properties": {
                        "startLine": {"type": "integer", "minimum": 1},
                        "startColumn": {"type": "integer", "minimum": 1}}},
                }}},
        },
        "run": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"},
                                   "informationUri": {"type": "string", "format": "uri"},
                                   "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}}}}}},
                "invocations": {"type": "array", "items": {
                    "type": "object", "required": ["executionSuccessful"],
                    "properties": {"executionSuccessful": {"type": "boolean"},
                                   "toolExecutionNotifications": {"type": "array", "items": {
                                       "type": "object", "required": ["message"],
                                       "properties": {"message": {"$ref": "#/$defs/message"},
                                                      "level": {"$ref": "#/$defs/level"},
                                                      "locations": {"type": "array",
                                                                    "items": {"$ref": "#/$defs/location"}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {"ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": 0},
                                   "level": {"$ref": "#/$defs/level"},
                                   "message": {"$ref": "#/$defs/message"},
                                   "locations": {"type": "array", "items": {"$ref": "#/$defs/location"}}}}},
            },
        },
    },
}


def test_sarif_structure():
    results = build_results()
    errors = [ErrorRecord("AE005", "missing.txt", "no such file")]
    doc = json.loads(render_sarif(results, errors, META))
    jsonschema.Draft202012Validator.check_schema(SARIF_MINI_SCHEMA)
    jsonschema.validate(doc, SARIF_MINI_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "attribution" and driver["version"]
    table = check_table(load_rules())
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == set(table) == {"AC001", "AC002", "AC003", "AC004", "AC005"}
    level = {"warning": "warning", "error": "error", "info": "note"}
    for code, check in table.items():
        r = rules[code]
        assert r["name"] == check["name"]
        assert r["fullDescription"]["text"] == check["description"]
        assert r["shortDescription"]["text"]
        assert r["defaultConfiguration"]["level"] == level[check["severity"]]
    assert rules["AC004"]["defaultConfiguration"]["level"] == "error"
    assert rules["AC005"]["defaultConfiguration"]["level"] == "note"
    findings = results[0].findings
    assert len(run["results"]) == len(findings)
    for f, res in zip(findings, run["results"]):
        assert res["ruleId"] == f.code
        assert driver["rules"][res["ruleIndex"]]["id"] == f.code
        assert res["level"] == level[f.severity]
        assert res["message"]["text"] == f.message
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "stories/cuts%20%26%20votes.txt"
        assert loc["region"] == {"startLine": f.line, "startColumn": f.column}
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["message"]["text"] == "missing.txt: no such file"


def test_sarif_no_findings():
    doc = json.loads(render_sarif([make_result("Nothing was said.\n", [])], [], META))
    assert doc["runs"][0]["results"] == []
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert len(doc["runs"][0]["tool"]["driver"]["rules"]) == 5


# --- JSON report schema --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def schema():
    s = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(s)
    return s


def validator(schema):
    return jsonschema.Draft202012Validator(schema)


def test_json_report_validates(schema):
    results = build_results()
    results.append(make_result("Nothing was said today.\n", [], path="empty.md", fmt="md"))
    doc = json.loads(render_json(results, [ErrorRecord("AE005", "x.bin", "binary file")], META))
    errors = sorted(validator(schema).iter_errors(doc), key=str)
    assert not errors, [e.message for e in errors[:5]]
    assert len(doc["articles"][0]["attributions"]) == 5


@pytest.mark.parametrize("breakage", [
    lambda d: d.pop("corpus"),
    lambda d: d["articles"][0]["attributions"][0].pop("speaker"),
    lambda d: d["articles"][0]["attributions"][0].__setitem__("kind", "quoted"),
    lambda d: d["articles"][0]["attributions"][0]["speaker"].__setitem__("class", "anonymous"),
    lambda d: d["articles"][0]["attributions"][0]["speaker"].pop("source_id"),
    lambda d: d["articles"][0]["attributions"][0].__setitem__("spans", [[1, 2, 3]]),
    lambda d: d["articles"][0]["summary"].pop("anonymous_share"),
    lambda d: d["articles"][0]["summary"].__setitem__("surprise", 1),
    lambda d: d["articles"][0]["findings"][0].__setitem__("severity", "fatal"),
    lambda d: d["errors"].append({"path": "x"}),
    lambda d: d.__setitem__("extra", True),
])
def test_json_schema_rejects_broken_reports(schema, breakage):
    doc = json.loads(render_json(build_results(), [], META))
    assert validator(schema).is_valid(doc)
    breakage(doc)
    assert not validator(schema).is_valid(doc)


def test_json_schema_is_packaged():
    import tomllib
    pyproject = tomllib.loads((SCHEMA.parent.parent.parent / "pyproject.toml").read_text())
    assert "schema/*.json" in pyproject["tool"]["setuptools"]["package-data"]["attribution"]


# --- CSV ------------------------------------------------------------------------------------------

def test_csv_header_and_rows():
    results = build_results()
    out = render_csv(results, [], META)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["article", "line", "kind"]
    assert len(rows) == 1 + len(results[0].attributions)
    records = list(csv.DictReader(io.StringIO(out)))
    assert records[0]["content"] == "<script>alert(1)</script>"
    assert records[2]["content"] == 'the plan was "a betrayal of the whole town"'
    assert records[1]["class"] == "anonymous individual" and records[1]["line"] == "3"
