"""Configuration (issue 14): each story's nearest configuration, paths relative to the file
that names them, and one schema for configuration keys and flags. No model is loaded:
stored parses stand in. The security side (a nested file must not switch the gate off) is
tests/test_security.py; here, what a nested file may still do."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from stored_parses import STORIES, serve_stored

from attribution.cli import main
from attribution.cli.parser import build_parser
from attribution.cli.settings import settings_for
from attribution.config import load_config
from attribution.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def seed_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(STORIES["seed"], folder / "story.txt"))


def run(monkeypatch, capsys, cwd: Path, *argv: str) -> tuple[int, str, str]:
    serve_stored(monkeypatch, stems=["seed"])
    monkeypatch.chdir(cwd)
    status = main([*argv[:1], "--no-cache", *argv[1:]])
    out = capsys.readouterr()
    return status, out.out, out.err


def codes_by_story(out: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for line in out.splitlines():
        if ": AC" in line:
            path, rest = line.split(":", 1)
            found.setdefault(Path(path).parent.name, set()).add(rest.split()[1])
    return found


def settings(cwd: Path, monkeypatch, *argv: str):
    monkeypatch.chdir(cwd)
    return settings_for(build_parser().parse_args(list(argv)))


# --- the nearest configuration of each story ------------------------------------------------

def test_each_story_is_checked_with_its_nearest_configuration(tmp_path, monkeypatch, capsys):
    write(tmp_path / "a" / "attribution.toml", 'disable = ["AC001"]\n')
    write(tmp_path / "b" / "attribution.toml", 'max_anonymous_share = 0.9\n')
    a, b, c = seed_in(tmp_path / "a"), seed_in(tmp_path / "b"), seed_in(tmp_path / "c")
    status, out, _ = run(monkeypatch, capsys, tmp_path / "c", "check", str(a), str(b), str(c))
    by_story = codes_by_story(out)
    assert status == 1
    assert "AC001" not in by_story["a"] and "AC002" in by_story["a"]
    assert "AC001" in by_story["b"] and "AC002" not in by_story["b"]       # 0.81 < 0.9
    assert {"AC001", "AC002"} <= by_story["c"]                              # no file: the defaults


def test_a_storys_rules_folder_applies_to_that_story_only(tmp_path, monkeypatch, capsys):
    write(tmp_path / "a" / "attribution.toml", 'rules = "house"\n')
    write(tmp_path / "a" / "house" / "checks.toml",
          '[[check]]\ncode = "AC001"\nname = "anonymous-without-reason"\nseverity = "error"\ndescription = "x"\n')
    a, b = seed_in(tmp_path / "a"), seed_in(tmp_path / "b")
    _, out, _ = run(monkeypatch, capsys, tmp_path / "b", "check", str(a), str(b))
    severities = {(Path(line.split(":")[0]).parent.name, line.split()[2]) for line in out.splitlines()
                  if " AC001 " in line}
    assert severities == {("a", "[error]"), ("b", "[warning]")}


def test_a_storys_rule_settings_reach_the_engine_for_that_story_only(tmp_path, monkeypatch, capsys):
    a, b = seed_in(tmp_path / "a"), seed_in(tmp_path / "b")
    status, out, _ = run(monkeypatch, capsys, tmp_path / "b", "audit", "--format", "json", str(a), str(b))
    rules_of = {Path(x["path"]).parent.name: {t["rule"] for t in x["attributions"]}
                for x in json.loads(out)["articles"]}
    dropped = sorted(rules_of["a"])[0]
    write(tmp_path / "a" / "attribution.toml", f'disable = ["{dropped}"]\n')
    status, out, _ = run(monkeypatch, capsys, tmp_path / "b", "audit", "--format", "json", str(a), str(b))
    articles = json.loads(out)["articles"]
    assert [Path(x["path"]).parent.name for x in articles] == ["a", "b"]     # input order kept
    now = {Path(x["path"]).parent.name: {t["rule"] for t in x["attributions"]} for x in articles}
    assert dropped not in now["a"] and now["b"] == rules_of["b"]


def test_nested_files_layer_per_story_where_the_repository_allows(tmp_path, monkeypatch, capsys):
    write(tmp_path / "attribution.toml", "allow_nested_config = true\nmax_anonymous_share = 0.9\n")
    write(tmp_path / "stories" / "a" / "attribution.toml", 'disable = ["AC001"]\n')
    a, b = seed_in(tmp_path / "stories" / "a"), seed_in(tmp_path / "stories" / "b")
    _, out, err = run(monkeypatch, capsys, tmp_path, "check", "stories/")
    by_story = codes_by_story(out)
    assert by_story.get("a", set()) == set()                      # AC001 off, AC002 under 0.9
    assert by_story["b"] == {"AC001"} and "allow_nested_config" not in err
    assert a.exists() and b.exists()


def test_a_nested_file_the_repository_does_not_allow_may_only_make_the_gate_stricter(tmp_path, monkeypatch, capsys):
    write(tmp_path / "attribution.toml", "max_anonymous_share = 0.9\n")
    write(tmp_path / "stories" / "strict" / "attribution.toml",
          'max_anonymous_share = 0.2\nseverity = { AC001 = "error" }\ndisable = ["AC002"]\n')
    write(tmp_path / "stories" / "loose" / "attribution.toml",
          'max_anonymous_share = 0.99\nseverity = { AC001 = "info" }\nfail_on = "error"\n')
    seed_in(tmp_path / "stories" / "strict")
    seed_in(tmp_path / "stories" / "loose")
    status, out, err = run(monkeypatch, capsys, tmp_path, "check", "stories/")
    lines = {(Path(line.split(":")[0]).parent.name, line.split()[1], line.split()[2])
             for line in out.splitlines() if ": AC" in line}
    assert ("strict", "AC002", "[warning]") in lines and ("strict", "AC001", "[error]") in lines
    assert ("loose", "AC001", "[warning]") in lines and not any(s == "loose" and c == "AC002" for s, c, _ in lines)
    assert status == 1 and err.count("does not set allow_nested_config") == 2


def test_cache_dir_and_rules_are_relative_to_the_file_that_sets_them(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", '[tool.attribution]\ncache_dir = "cache"\nrules = "house"\n')
    write(tmp_path / "house" / "roles.toml", '[roles]\nofficial = ["harbourmaster"]\n')
    story = seed_in(tmp_path / "stories")
    deeper = tmp_path / "sub" / "deeper"
    deeper.mkdir(parents=True)
    s = settings(deeper, monkeypatch, "audit", str(story))
    assert Path(s.cache_dir).resolve() == (tmp_path / "cache").resolve()
    assert "harbourmaster" in s.rules.data["roles"]["roles"]["official"]
    s = settings(deeper, monkeypatch, "audit", str(story), "--cache-dir", "mine")
    assert s.cache_dir == "mine"                                    # a flag is relative to where it is typed


# --- one schema for flags and keys ----------------------------------------------------------

@pytest.mark.parametrize("argv,message", [
    (["--max-anonymous-share", "5"], "--max-anonymous-share must be between 0 and 1"),
    (["--max-anonymous-share", "-1"], "--max-anonymous-share must be between 0 and 1"),
    (["--max-anonymous-share", "nan"], "--max-anonymous-share must be between 0 and 1"),
    (["--max-size", "-1"], "--max-size must be a positive number"),
    (["--max-size", "inf"], "--max-size must be a positive number"),
    (["--jobs", "0"], "--jobs must be at least 1"),
])
def test_bad_flag_values_are_one_line_and_exit_2(tmp_path, monkeypatch, capsys, argv, message):
    story = seed_in(tmp_path / "stories")
    status, out, err = run(monkeypatch, capsys, tmp_path, "check", str(story), *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and message in err


@pytest.mark.parametrize("content,message", [
    ("jobs = true\n", "'jobs' must be an int"),
    ("jobs = 0\n", "'jobs' must be at least 1"),
    ("max_size_mb = -1\n", "'max_size_mb' must be a positive number"),
    ("max_size_mb = nan\n", "'max_size_mb' must be a positive number"),
    ("max_anonymous_share = nan\n", "'max_anonymous_share' must be between 0 and 1"),
    ("no_cache = 1\n", "'no_cache' must be a bool"),
    ("exclude = [1]\n", "'exclude' must be a list of strings"),
    ("extend-exclude = 'old'\n", "'extend_exclude' must be a list"),
    ("exclude = []\nextend-exclude = []\nextend_exclude = []\n", "given twice"),
])
def test_bad_configuration_values_are_refused_by_the_same_schema(tmp_path, content, message):
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path / "attribution.toml", content), set())


def test_a_bad_configuration_value_from_the_cli_is_one_line(tmp_path, monkeypatch, capsys):
    write(tmp_path / "attribution.toml", "jobs = true\n")
    story = seed_in(tmp_path / "stories")
    status, out, err = run(monkeypatch, capsys, tmp_path, "check", str(story))
    assert status == 2 and err.count("\n") == 1 and "'jobs' must be an int" in err


def test_every_key_with_a_flag_names_a_flag_the_parser_has():
    from attribution.config import SCHEMA
    parser = build_parser()
    check = next(a for a in parser._subparsers._group_actions[0].choices.values() if a.prog.endswith("check"))
    flags = {s for action in check._actions for s in action.option_strings}
    for key, spec in SCHEMA.items():
        assert spec.flag is None or spec.flag in flags, key


def test_hyphenated_keys_are_the_underscored_ones(tmp_path):
    assert load_config(write(tmp_path / "attribution.toml", "max-anonymous-share = 0.3\n"), set()) == \
        {"max_anonymous_share": 0.3}


def test_the_readme_lists_every_configuration_key_and_its_flag():
    from attribution.config import SCHEMA
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    for key, spec in SCHEMA.items():
        row = next((r for r in rows if f"`{key}`" in r.split("|")[1]), None)
        assert row is not None, key
        assert spec.flag is None or f"`{spec.flag}`" in row, key


def test_a_flag_wins_over_the_configuration_even_at_its_default_value(tmp_path, monkeypatch):
    write(tmp_path / "attribution.toml", "jobs = 4\n")
    assert settings(tmp_path, monkeypatch, "audit", "x.txt").jobs == 4
    assert settings(tmp_path, monkeypatch, "audit", "x.txt", "--jobs", "1").jobs == 1


def test_the_configured_cache_dir_is_relative_to_its_file(tmp_path, monkeypatch):
    from attribution.cli.settings import configured_cache_dir
    write(tmp_path / "attribution.toml", 'cache_dir = "cache"\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert Path(configured_cache_dir()).resolve() == (tmp_path / "cache").resolve()
