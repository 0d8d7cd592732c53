"""Untrusted story files and file names in CI (issue 16, security): each reproduction of the
red-team pass, and that it no longer works. No model is loaded: stored parses stand in.

The threat: in CI the stories, their names and the folders that hold them come from pull
requests, and the runner often runs as root. The repository's configuration is trusted.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from attribution.cli import main
from attribution.config import resolve_config
from attribution.errors import ConfigError, OutputError
from attribution.files import check_output_target
from attribution.model import ArticleResult, Attribution, Span, Speaker
from attribution.output.csv_report import render_csv
from attribution.output.tables import render_tables
from attribution.output.text import csv_cell, markdown_cell, one_line
from attribution.parse.cache import TAG_NAME, ParseCache
from attribution.read import find_stories
from attribution.read.documents import article_from_text
from attribution.summary import summarise
from stored_parses import STORIES, serve_stored

META = {"model": "m", "rules": "shipped"}
CODES = {"AC001", "AC002", "AC003", "AC004", "AC005", "AT101", "AT102"}


def seed_copy(folder: Path, name: str = "story.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(STORIES["seed"], target)
    return target


def audit(monkeypatch, *argv: str) -> int:
    serve_stored(monkeypatch, stems=["seed"])
    return main(["audit", "--no-cache", "--quiet", *argv])


# --- --output never replaces what is not a regular file ----------------------------------

def test_output_over_a_fifo_is_refused(tmp_path, monkeypatch, capsys):
    story = seed_copy(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert audit(monkeypatch, str(story), "--format", "json", "-o", str(fifo)) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)              # still a FIFO


def test_device_nodes_are_refused_without_writing():
    with pytest.raises(OutputError, match="not a regular file"):
        check_output_target("/dev/null")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_output_through_a_symlink_is_refused(tmp_path, monkeypatch, capsys):
    story = seed_copy(tmp_path / "stories")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("precious\n")
    link = tmp_path / "report.json"
    link.symlink_to(outside)
    assert audit(monkeypatch, str(story), "--format", "json", "-o", str(link)) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and outside.read_text() == "precious\n"


def test_output_that_is_an_input_is_refused(tmp_path, monkeypatch, capsys):
    story = seed_copy(tmp_path)
    before = story.read_bytes()
    assert audit(monkeypatch, str(story), "--format", "json", "-o", str(story)) == 2
    assert "one of the inputs" in capsys.readouterr().err
    assert story.read_bytes() == before
    hard = tmp_path / "hard-link.txt"                        # same inode, other name
    os.link(story, hard)
    assert audit(monkeypatch, str(tmp_path), "--format", "json", "-o", str(hard)) == 2
    assert story.read_bytes() == before


def test_a_regular_output_is_still_written(tmp_path, monkeypatch):
    story = seed_copy(tmp_path / "stories")
    out = tmp_path / "out" / "report.json"
    assert audit(monkeypatch, str(story), "--format", "json", "-o", str(out)) == 0
    assert json.loads(out.read_text())["articles"]
    assert audit(monkeypatch, str(story), "--format", "json", "-o", str(out)) == 0   # replaced


# --- cache clear removes only a marked cache's own entries -------------------------------

def test_cache_clear_refuses_a_folder_that_is_not_a_cache(tmp_path, capsys):
    data = tmp_path / "data"
    (data / "ud").mkdir(parents=True)
    treebank = data / "ud" / "en_ewt-ud-train.conllu"
    treebank.write_text("# sent_id = 1\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\n")
    assert main(["cache", "clear", "--cache-dir", str(data)]) == 2
    assert "not a parse cache" in capsys.readouterr().err
    assert treebank.exists()


def test_cache_clear_removes_only_its_own_entries(tmp_path, capsys, rules):
    from stored_parses import stored_parse
    from attribution.read.documents import read_article
    folder = tmp_path / "cache"
    cache = ParseCache(folder)
    cache.put(read_article(STORIES["seed"]), stored_parse("seed"))
    assert (folder / TAG_NAME).read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    mine = folder / "ab" / "user-notes.conllu"                 # not named as an entry
    mine.parent.mkdir()
    mine.write_text("keep me")
    assert main(["cache", "clear", "--cache-dir", str(folder)]) == 0
    assert "removed 1 cached parse" in capsys.readouterr().out
    assert mine.read_text() == "keep me" and not cache.entries()


# --- folder walks do not follow links out of the given roots -----------------------------

def test_links_in_a_story_folder_are_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the machine's private text")
    stories = tmp_path / "stories"
    real = seed_copy(stories, "real.txt")
    (stories / "leak.txt").symlink_to(secret)
    (stories / "linked-dir").symlink_to(tmp_path, target_is_directory=True)
    files, errors = find_stories([str(stories)])
    assert files == [str(real)] and not errors
    # --follow-symlinks follows links that stay inside the folder, never out of it
    (stories / "inside.txt").symlink_to(real)
    files, _ = find_stories([str(stories)], follow_symlinks=True)
    assert sorted(Path(f).name for f in files) == ["inside.txt", "real.txt"]


def test_cli_report_holds_no_text_of_a_linked_file(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("Top secret words said the minister.\n")
    stories = tmp_path / "stories"
    seed_copy(stories)
    (stories / "leak.txt").symlink_to(secret)
    out = tmp_path / "r.json"
    assert audit(monkeypatch, str(stories), "--format", "json", "-o", str(out)) == 0
    assert "Top secret" not in out.read_text()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_an_unreadable_sub_folder_is_an_error(tmp_path):
    stories = tmp_path / "stories"
    seed_copy(stories)
    locked = stories / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        _, errors = find_stories([str(stories)])
    finally:
        locked.chmod(0o755)
    assert errors and errors[0].code == "AE005" and "cannot read folder" in errors[0].reason


# --- every path and piece of story text is escaped for its sink --------------------------

EVIL = "x\n::add-mask::secret\n::stop-commands::tok\x1b[31m|=cmd"


def test_escaping_helpers():
    assert "\n" not in one_line(EVIL) and "\x1b" not in one_line(EVIL)
    assert one_line("a\nb\x1b[2J\u2028c") == "a\\nb\\x1b[2J\\u2028c"
    assert markdown_cell("a|b") == "a\\|b"
    assert [csv_cell(v) for v in ("=1+2", "+x", "-y", "@z", "plain", 3)] == ["'=1+2", "'+x", "'-y", "'@z", "plain", 3]


def evil_result() -> ArticleResult:
    text = '"It is over," an official said.\n'
    article = article_from_text(text, EVIL + ".txt")
    content = "It is over,"
    a = Attribution(content=content, content_spans=[Span(1, 1 + len(content))], kind="direct", cue="said",
                    cue_span=None, rule="AT201", sentence=0,
                    speaker=Speaker(mention="=HYPERLINK(x)", resolved="a|b\n::warning::c", cls="anonymous individual",
                                    speaker_type="anonymous official", source_id="s1"))
    result = ArticleResult(article=article, attributions=[a])
    result.summary = summarise([a])
    return result


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_table_reports_escape_paths_and_text(fmt):
    out = render_tables([evil_result()], [], META, fmt, details=True)
    assert not [ln for ln in out.splitlines() if ln.lstrip("| ").startswith("::")], out
    assert "\x1b" not in out
    if fmt == "markdown":
        assert "a\\|b" in out


def test_csv_cells_do_not_start_formulas():
    rows = list(csv.DictReader(io.StringIO(render_csv([evil_result()], [], META))))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    assert rows[0]["mention"] == "'=HYPERLINK(x)" and rows[0]["article"] == EVIL + ".txt"   # quoted, kept whole


def test_check_output_and_stderr_escape_file_names(tmp_path, monkeypatch, capsys):
    story = seed_copy(tmp_path, "a\n::add-mask::x.txt")
    missing = str(tmp_path / "b\n::stop-commands::tok.txt")
    serve_stored(monkeypatch, stems=["seed"])
    code = main(["check", str(story), missing, "--no-cache"])
    captured = capsys.readouterr()
    assert code == 2                                    # the missing file is an input error
    for stream in (captured.out, captured.err):
        assert not [ln for ln in stream.splitlines() if ln.startswith("::")], stream
    assert "\\n::add-mask::x.txt" in captured.out and "\\n::stop-commands::" in captured.err


# --- the repository's configuration wins over files in the audited tree -------------------

def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_config_beside_the_stories_does_not_switch_the_gate_off(tmp_path):
    repo = write(tmp_path / "attribution.toml", "max_anonymous_share = 0.2\n")
    nested = write(tmp_path / "stories" / "attribution.toml", 'disable = ["AC001", "AC002"]\nfail_on = "error"\n')
    story = write(tmp_path / "stories" / "s.txt", "x")
    found = resolve_config(None, story, CODES, cwd=tmp_path)
    assert found.values == {"max_anonymous_share": 0.2} and found.path == repo and found.ignored == nested


def test_allow_nested_config_layers_the_nested_file(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.attribution]\nallow_nested_config = true\nmax_anonymous_share = 0.2\n")
    nested = write(tmp_path / "stories" / "attribution.toml", 'fail_on = "error"\n')
    story = write(tmp_path / "stories" / "s.txt", "x")
    found = resolve_config(None, story, CODES, cwd=tmp_path)
    assert found.values["fail_on"] == "error" and found.values["max_anonymous_share"] == 0.2
    assert found.layers[-1] == nested and found.ignored is None


def test_without_a_repository_config_the_stories_config_applies(tmp_path):
    (tmp_path / "here").mkdir()
    nested = write(tmp_path / "stories" / "attribution.toml", 'fail_on = "error"\n')
    found = resolve_config(None, tmp_path / "stories" / "s.txt", CODES, cwd=tmp_path / "here")
    assert found.path == nested and found.values == {"fail_on": "error"}


def test_cli_warns_and_ignores_a_nested_config(tmp_path, monkeypatch, capsys):
    write(tmp_path / "attribution.toml", "max_anonymous_share = 0.99\n")
    write(tmp_path / "stories" / "attribution.toml", 'disable = ["AC001", "AC002", "AC003", "AC004"]\n')
    story = seed_copy(tmp_path / "stories")
    monkeypatch.chdir(tmp_path)
    serve_stored(monkeypatch, stems=["seed"])
    assert main(["check", str(story), "--no-cache"]) == 1          # AC001 still fires
    captured = capsys.readouterr()
    assert "AC001" in captured.out and "does not set allow_nested_config" in captured.err


def test_a_broken_pyproject_is_an_error(tmp_path, monkeypatch, capsys):
    write(tmp_path / "pyproject.toml", "[tool.attribution\nfail_on = 'info'\n")
    story = seed_copy(tmp_path / "stories")
    with pytest.raises(ConfigError, match="cannot read configuration"):
        resolve_config(None, story, CODES, cwd=tmp_path)
    monkeypatch.chdir(tmp_path)
    serve_stored(monkeypatch, stems=["seed"])
    assert main(["check", str(story), "--no-cache"]) == 2
    assert "cannot read configuration" in capsys.readouterr().err
