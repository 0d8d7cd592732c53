"""Folder walks (issue 14): hidden and virtual-env folders are skipped, .gitignore is honoured
(as git does, but in CI only the repository's own), ``exclude`` / ``extend-exclude`` /
``--exclude`` add patterns, and a file named on the command line is always read."""
from __future__ import annotations

import shutil
from pathlib import Path

from stored_parses import STORIES, serve_stored

from attribution.cli import main
from attribution.cli.parser import build_parser
from attribution.cli.settings import settings_for
from attribution.read import Walk, find_stories


def touch(path: Path, text: str = "A story.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def names(files: list[str], root: Path) -> list[str]:
    return sorted(Path(f).resolve().relative_to(root.resolve()).as_posix() for f in files)


def walked(root: Path, walk: Walk | None = None, *paths: str) -> list[str]:
    files, errors = find_stories(list(paths) or [str(root)], walk=walk or Walk(exclude_root=root))
    assert errors == []
    return names(files, root)


def test_hidden_virtual_env_and_tool_folders_are_skipped(tmp_path):
    touch(tmp_path / "stories" / "a.txt")
    for folder in (".venv/lib", ".git", ".drafts", "venv", "node_modules/pkg", "__pycache__", "stories/.cache"):
        touch(tmp_path / folder / "README.md")
    touch(tmp_path / "env" / "pyvenv.cfg", "home = /usr/bin\n")      # a virtual environment by any name
    touch(tmp_path / "env" / "lib" / "LICENSE.txt")
    assert walked(tmp_path) == ["stories/a.txt"]


def test_gitignore_is_honoured_as_git_does(tmp_path):
    (tmp_path / ".git").mkdir()
    touch(tmp_path / ".gitignore", "build/\n*.draft.md\n!keep.draft.md\n")
    touch(tmp_path / "stories" / ".gitignore", "private/\n")
    for name in ("stories/a.txt", "stories/b.draft.md", "stories/keep.draft.md", "build/out.html",
                 "stories/private/c.txt", "private/d.txt"):
        touch(tmp_path / name)
    assert walked(tmp_path) == ["private/d.txt", "stories/a.txt", "stories/keep.draft.md"]
    # the .gitignore files above a walked folder apply too, from the top of the checkout
    assert walked(tmp_path, None, str(tmp_path / "stories")) == ["stories/a.txt", "stories/keep.draft.md"]


def test_the_gitignore_files_read_can_be_limited_to_the_repository(tmp_path):
    (tmp_path / ".git").mkdir()
    touch(tmp_path / ".gitignore", "build/\n")
    touch(tmp_path / "stories" / ".gitignore", "*.txt\n")         # from a pull request
    touch(tmp_path / "stories" / "a.txt")
    touch(tmp_path / "stories" / "b.md")
    touch(tmp_path / "build" / "c.txt")
    limited = Walk(exclude_root=tmp_path, ignore_files_within=tmp_path)
    assert walked(tmp_path, limited) == ["stories/a.txt", "stories/b.md"]
    assert walked(tmp_path) == ["stories/b.md"]
    touch(tmp_path / "only" / ".gitignore", "*.txt\n")
    touch(tmp_path / "only" / "x.txt")
    _, errors = find_stories([str(tmp_path / "only")], walk=Walk(exclude_root=tmp_path))
    assert "1 skipped by exclude patterns or .gitignore" in errors[0].reason     # says why it is empty


def test_exclude_patterns_and_a_named_file_is_always_read(tmp_path):
    touch(tmp_path / "stories" / "a.txt")
    touch(tmp_path / "stories" / "old" / "b.txt")
    touch(tmp_path / ".venv" / "c.txt")
    walk = Walk(exclude=(*Walk().exclude, "old/"), exclude_root=tmp_path)
    assert walked(tmp_path, walk) == ["stories/a.txt"]
    assert walked(tmp_path, walk, str(tmp_path / "stories"), str(tmp_path / "stories" / "old" / "b.txt"),
                  str(tmp_path / ".venv" / "c.txt")) == [".venv/c.txt", "stories/a.txt", "stories/old/b.txt"]
    assert walked(tmp_path, Walk(exclude_root=tmp_path, also_exclude=("b.txt",))) == ["stories/a.txt"]
    # a named folder that the patterns exclude is read; the patterns then apply below it
    assert walked(tmp_path, walk, str(tmp_path / ".venv")) == [".venv/c.txt"]
    assert walked(tmp_path, Walk(exclude=(), exclude_root=tmp_path)) == [
        ".venv/c.txt", "stories/a.txt", "stories/old/b.txt"]


def settings_in(cwd: Path, monkeypatch, *argv: str):
    monkeypatch.chdir(cwd)
    return settings_for(build_parser().parse_args(["audit", *argv]))


def test_exclude_keys_and_flag_reach_the_walk(tmp_path, monkeypatch):
    touch(tmp_path / "attribution.toml", 'extend-exclude = ["old/"]\n')
    walk = settings_in(tmp_path, monkeypatch, "stories").walk
    assert walk.exclude == (*Walk().exclude, "old/") and walk.exclude_root == tmp_path
    touch(tmp_path / "attribution.toml", 'exclude = ["old/"]\n')
    assert settings_in(tmp_path, monkeypatch, "stories").walk.exclude == ("old/",)   # replaces the defaults
    walk = settings_in(tmp_path, monkeypatch, "stories", "--exclude", "a/", "--exclude", "b/").walk
    assert walk.exclude == ("old/",) and walk.also_exclude == ("a/", "b/")      # the flag adds


def test_a_repository_configuration_limits_the_gitignore_files_read(tmp_path, monkeypatch):
    touch(tmp_path / "attribution.toml", "max_anonymous_share = 0.4\n")
    assert settings_in(tmp_path, monkeypatch, "stories").walk.ignore_files_within == tmp_path.resolve()
    touch(tmp_path / "attribution.toml", "allow_nested_config = true\n")
    assert settings_in(tmp_path, monkeypatch, "stories").walk.ignore_files_within is None
    (tmp_path / "attribution.toml").unlink()
    assert settings_in(tmp_path, monkeypatch, "stories").walk.ignore_files_within is None


def test_check_of_a_repository_skips_its_virtual_env(tmp_path, monkeypatch, capsys):
    shutil.copyfile(STORIES["seed"], touch(tmp_path / "stories" / "story.txt"))
    shutil.copyfile(STORIES["seed"], touch(tmp_path / ".venv" / "lib" / "site-packages" / "x" / "README.txt"))
    shutil.copyfile(STORIES["seed"], touch(tmp_path / "drafts" / "story.txt"))
    serve_stored(monkeypatch, stems=["seed"])
    monkeypatch.chdir(tmp_path)
    assert main(["check", ".", "--no-cache", "--format", "json", "--exclude", "drafts/"]) == 1
    out = capsys.readouterr().out
    assert "stories/story.txt" in out and ".venv" not in out and "drafts" not in out
