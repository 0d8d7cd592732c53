"""`attribution check` reports findings, in every format, plus errors (issue 14): never the
audit's attributions or tables; --statistics, --exit-zero, colour, --stdin-filename; every
failure is one line on stderr and exit 2. No model (see gate_helpers)."""
from __future__ import annotations

import csv
import io
import json
import sys

import pytest

from attribution.cli import main
from gate_helpers import UNCLOSED, no_parses

FIELDS = {"path", "line", "column", "code", "severity", "message"}


@pytest.fixture
def story(tmp_path, monkeypatch):
    no_parses(monkeypatch)
    path = tmp_path / "story.txt"
    path.write_text(UNCLOSED)
    monkeypatch.chdir(tmp_path)
    return path


def run(capsys, *args):
    status = main(["check", "--no-cache", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_check_csv_lists_findings_and_errors_not_attributions(story, capsys):
    status, out, _ = run(capsys, story, "missing.txt", "--format", "csv")
    assert status == 2
    rows = list(csv.DictReader(io.StringIO(out)))
    assert set(rows[0]) >= FIELDS and "speaker_type" not in rows[0]
    finding = next(r for r in rows if r["code"] == "AC004")
    assert (finding["path"], finding["line"], finding["column"], finding["severity"]) == (str(story), "5", "9", "error")
    error = next(r for r in rows if r["status"] == "error")
    assert error["path"] == "missing.txt" and error["code"] == "AE005"


def test_check_markdown_is_a_findings_table_not_the_audit_tables(story, capsys):
    status, out, _ = run(capsys, story, "missing.txt", "--format", "markdown")
    assert status == 2
    assert "## Findings" in out and "Speaker types" not in out and "## Articles" not in out
    assert "| path" in out and "AC004" in out and f"{story}" in out
    assert "## Errors" in out and "missing.txt" in out


def test_check_json_has_findings_with_path_line_and_column(story, capsys):
    status, out, _ = run(capsys, story, "--format", "json")
    assert status == 1
    doc = json.loads(out)
    assert "articles" not in doc and doc["errors"] == []
    [finding] = doc["findings"]
    assert set(finding) >= FIELDS
    assert (finding["path"], finding["line"], finding["column"], finding["code"]) == (str(story), 5, 9, "AC004")
    assert doc["summary"]["findings"] == 1


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "github", "sarif"])
def test_every_format_reports_the_errors_too(story, capsys, fmt):
    status, out, err = run(capsys, story, "missing.txt", "--format", fmt)
    assert status == 2
    assert "missing.txt" in out and "AC004" in out
    assert "missing.txt" in err


def test_quiet_never_hides_an_error(story, capsys):
    status, out, err = run(capsys, "-q", "nothere.txt")
    assert status == 2
    assert "nothere.txt: no such file" in err
    assert "1 error" in out


def test_sarif_to_an_unwritable_place_is_one_line(story, capsys):
    status, out, err = run(capsys, story, "--format", "sarif", "-o", "/proc/x.sarif")
    assert status == 2
    assert err.count("\n") == 1 and "Traceback" not in err and "/proc/x.sarif" in err


def test_statistics_count_findings_per_code(story, tmp_path, capsys):
    other = tmp_path / "other.txt"
    other.write_text(UNCLOSED + "\nShe said \"no.\n")
    status, out, _ = run(capsys, story, other, "--statistics")
    assert status == 1
    first = out.splitlines()[0].split()
    assert first[:3] == ["3", "AC004", "unbalanced-quotation-marks"]
    status, out, _ = run(capsys, story, other, "--statistics", "--format", "json")
    assert json.loads(out)["statistics"] == [{"code": "AC004", "name": "unbalanced-quotation-marks",
                                              "severity": "error", "count": 3, "suppressed": 0}]
    status, _, err = run(capsys, story, "--statistics", "--format", "sarif")
    assert status == 2 and "--statistics" in err


def test_exit_zero_passes_findings_but_not_errors(story, capsys):
    assert run(capsys, story, "--exit-zero")[0] == 0
    assert run(capsys, story, "missing.txt", "--exit-zero")[0] == 2


def test_colour_only_when_asked_or_on_a_terminal(story, capsys, monkeypatch):
    assert "\x1b[" in run(capsys, story, "--color", "always")[1]
    assert "\x1b[" not in run(capsys, story, "--color", "never")[1]
    assert "\x1b[" not in run(capsys, story)[1]                     # captured: not a terminal
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert "\x1b[" in run(capsys, story)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, story)[1]
    assert "\x1b[" in run(capsys, story, "--color", "always")[1]


def test_stdin_filename_names_the_story_and_picks_its_reader(story, capsys, monkeypatch):
    page = b"<html><body><p>The council met.</p><p>Analysts said \"it will pass.</p></body></html>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    status, out, _ = run(capsys, "-", "--stdin-filename", "news/page.html", "--format", "json")
    [finding] = json.loads(out)["findings"]
    assert finding["path"] == "news/page.html" and finding["code"] == "AC004"
    assert (finding["line"], finding["column"]) == (1, page.decode().index("\"it") + 1)   # read as HTML

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    assert main(["audit", "--no-cache", "-", "--stdin-filename", "page.html", "--format", "json"]) == 0
    article = json.loads(capsys.readouterr().out)["articles"][0]
    assert article["path"] == "page.html"


def test_explain_json_and_lookup_by_name(capsys):
    assert main(["explain", "anonymous-without-reason", "--format", "json"]) == 0
    entry = json.loads(capsys.readouterr().out)
    assert entry["code"] == "AC001" and entry["type"] == "check" and entry["examples"]["flagged"]
    assert main(["explain", "ac001"]) == 0
    assert "anonymous-without-reason" in capsys.readouterr().out
    assert main(["explain", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    rule = next(e for e in listed if e["type"] == "rule")
    assert main(["explain", rule["name"].upper()]) == 0
    assert rule["code"] in capsys.readouterr().out
    assert main(["explain", "no-such-rule"]) == 2


def test_sarif_rules_have_help_uri_and_full_descriptions(story, capsys):
    status, out, _ = run(capsys, story, "--format", "sarif")
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["helpUri"].startswith("https://")
        assert rule["fullDescription"]["text"] and rule["help"]["markdown"]
    ac001 = next(r for r in rules if r["id"] == "AC001")
    assert "Flagged:" in ac001["help"]["text"]


def test_check_json_follows_its_schema(story, tmp_path, capsys):
    import jsonschema
    from pathlib import Path
    schema = json.loads((Path(__file__).resolve().parents[1] / "attribution" / "schema" / "check.schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    marked = tmp_path / "marked.md"
    marked.write_text("<!-- attribution: disable-next-line=AC004 -->\nHe said \"one.\n\n"
                      "<!-- attribution: disable=AC009 -->\n")
    for extra in ([], ["--statistics"]):
        status, out, _ = run(capsys, story, marked, "missing.txt", "--format", "json", *extra)
        doc = json.loads(out)
        jsonschema.validate(doc, schema)
        assert doc["findings"] and doc["suppressed"] and doc["suppression_warnings"] and doc["errors"]


def test_parse_reads_stdin_by_the_name_given(monkeypatch, capsys):
    import attribution.parse.pipeline
    from attribution.model import Parse
    monkeypatch.setattr(attribution.parse.pipeline, "parse_article", lambda article, spec=None: Parse((), "m"))
    page = b"<html><body><p>Analysts said \"it will pass.\"</p></body></html>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    assert main(["parse", "-", "--stdin-filename", "page.html"]) == 0
    out = capsys.readouterr().out
    assert "\u201cit will pass.\u201d" in out or "\"it will pass.\"" in out
    assert "<p>" not in out and "p>" not in out


def test_a_house_checks_file_points_help_uri_at_its_style_guide(tmp_path):
    from attribution.output.sarif import sarif_obj
    from attribution.ruleset import load_rules
    (tmp_path / "checks.toml").write_text('[[check]]\ncode = "AC001"\nname = "anonymous-without-reason"\n'
                                          'severity = "warning"\ndescription = "House rule."\n'
                                          'help_uri = "https://style.example.org/anonymous"\n')
    rules = {r["id"]: r for r in sarif_obj([], [], {}, load_rules(tmp_path))["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["AC001"]["helpUri"] == "https://style.example.org/anonymous"
    assert rules["AC002"]["helpUri"].endswith("#finding-codes-attribution-check")
