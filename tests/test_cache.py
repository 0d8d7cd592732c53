"""The parse cache: hits skip parsing, corrupt entries are re-parsed, writes are atomic,
``attribution cache clear``. Stored parses stand in for the model (no Stanza load)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from attribution.cli import main
from attribution.files import atomic_write
from attribution.output.json_report import to_json_obj
from attribution.parse.cache import ParseCache
from attribution.read.documents import read_article
from attribution.research.corpus import process
from stored_parses import STORIES, copy_stories, serve_stored, stored_model_id, warm_cache


def as_json(results):
    return json.dumps(to_json_obj(results, [], {}), sort_keys=True)


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_cache_hit_parses_nothing(tmp_path, monkeypatch, rules):
    stories = [STORIES["seed"], STORIES["derby-comeback"], STORIES["payroll-breach"]]
    articles = [read_article(p) for p in stories]
    cache = ParseCache(tmp_path / "cache")
    calls = serve_stored(monkeypatch)
    first, model_id, errors = process(articles, rules, None, cache, quiet=True)
    assert not errors and len(first) == 3
    assert sum(len(c) for c in calls) == 3
    assert len(list((tmp_path / "cache").rglob("*.conllu"))) == 3

    calls = serve_stored(monkeypatch, fail=True)        # any parse now fails the test
    second, model_id2, errors = process(articles, rules, None, cache, quiet=True)
    assert calls == [] and not errors
    assert model_id2 == model_id == stored_model_id()
    assert as_json(second) == as_json(first)


def test_corrupt_entry_is_parsed_again(tmp_path, monkeypatch, rules):
    stories = [STORIES["seed"], STORIES["freight-merger"]]
    articles = [read_article(p) for p in stories]
    cache = warm_cache(tmp_path / "cache", stories)
    model_id = stored_model_id()
    broken = cache.path(cache.key(articles[1], model_id))
    broken.write_bytes(b"1\tnot\ta\tparse\n\xff\xfe garbage")
    calls = serve_stored(monkeypatch)
    results, _, errors = process(articles, rules, None, cache, quiet=True)
    assert not errors and len(results) == 2
    assert calls == [[articles[1].path]]                 # only the corrupt one
    assert cache.get(articles[1], model_id) is not None  # and it was written back
    calls.clear()
    process(articles, rules, None, cache, quiet=True)
    assert calls == []


def test_entry_of_another_model_is_a_miss(tmp_path, monkeypatch, rules):
    article = read_article(STORIES["seed"])
    cache = warm_cache(tmp_path / "cache", [STORIES["seed"]])
    assert cache.get(article, "other-model@123") is None
    assert cache.get(article, stored_model_id()) is not None


def test_cache_writes_leave_no_temp_files(tmp_path, monkeypatch, rules):
    stories = list(STORIES.values())
    articles = [read_article(p) for p in stories]
    cache = ParseCache(tmp_path / "cache")
    serve_stored(monkeypatch)
    results, _, errors = process(articles, rules, None, cache, quiet=True, chunk=2)
    assert not errors and len(results) == len(articles)
    assert len(list((tmp_path / "cache").rglob("*.conllu"))) == len(articles)
    assert temp_files(tmp_path / "cache") == []


def test_atomic_write_failure_keeps_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "sub" / "report.json"
    atomic_write(target, "old")
    assert target.read_text() == "old"

    def broken_replace(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert temp_files(tmp_path) == []
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["report.json"]


def test_cache_clear_command(tmp_path, capsys):
    folder = tmp_path / "cache"
    warm_cache(folder, [STORIES["seed"], STORIES["derby-comeback"]])
    assert len(list(folder.rglob("*.conllu"))) == 2
    assert main(["cache", "clear", "--cache-dir", str(folder)]) == 0
    assert "removed 2 cached parses" in capsys.readouterr().out
    assert list(folder.rglob("*.conllu")) == []
    assert main(["cache", "clear", "--cache-dir", str(folder)]) == 0
    assert "removed 0 cached parses" in capsys.readouterr().out


def test_cli_audit_uses_the_cache(tmp_path, monkeypatch):
    """The CLI path: a warm cache answers every story, nothing is parsed."""
    paths = copy_stories(tmp_path / "stories", ["seed", "library-closures"])
    cache = warm_cache(tmp_path / "cache", paths)
    calls = serve_stored(monkeypatch, fail=True)
    out = tmp_path / "report.json"
    code = main(["audit", *map(str, paths), "--cache-dir", str(cache.folder), "--format", "json",
                 "-o", str(out), "--quiet"])
    assert code == 0 and calls == []
    data = json.loads(out.read_text())
    assert data["model"] == stored_model_id()
    assert len(data["articles"]) == 2


def test_an_entry_cut_at_a_sentence_boundary_is_a_miss_and_repaired(tmp_path, monkeypatch, rules):
    """A cut entry used to give wrong results with no message: its checksum no longer matches."""
    stems = ["seed", "freight-merger"]
    articles = [read_article(STORIES[s]) for s in stems]
    cache = warm_cache(tmp_path / "cache", [STORIES[s] for s in stems])
    model_id = stored_model_id()
    entry = cache.path(cache.key(articles[1], model_id))
    text = entry.read_text()
    entry.write_text(text[: text.index("\n\n", len(text) // 2) + 2])       # whole sentences, fewer of them
    fresh = ParseCache(cache.folder)
    assert fresh.get(articles[1], model_id) is None and fresh.damaged == [entry]
    calls = serve_stored(monkeypatch, stems=stems)
    results, _, errors = process(articles, rules, None, fresh, quiet=True)
    assert not errors and calls == [[articles[1].path]]
    assert ParseCache(cache.folder).get(articles[1], model_id) is not None      # rewritten


def test_an_entry_with_shifted_offsets_is_a_miss(tmp_path):
    """An entry of an older version (no checksum line) whose offsets run past the text."""
    from attribution.parse.conllu import to_conllu
    from stored_parses import stored_parse
    article = read_article(STORIES["seed"])
    parse = stored_parse("seed")
    cache = ParseCache(tmp_path / "cache")
    shifted = to_conllu(parse).replace("start_char=", "start_char=9").replace("end_char=", "end_char=9")
    path = cache.path(cache.key(article, parse.model_id))
    path.parent.mkdir(parents=True)
    path.write_text(shifted)
    assert cache.get(article, parse.model_id) is None and cache.damaged == [path]
    path.write_text(to_conllu(parse))                                            # the same, unshifted
    assert ParseCache(cache.folder).get(article, parse.model_id) is not None


def test_cli_warns_about_a_damaged_entry(tmp_path, monkeypatch, capsys):
    paths = copy_stories(tmp_path / "stories", ["seed"])
    cache = warm_cache(tmp_path / "cache", paths)
    entry = cache.path(cache.key(read_article(paths[0]), stored_model_id()))
    entry.write_text(entry.read_text().replace("\tsaid\t", "\tSAID\t", 1))    # edited: checksum fails
    serve_stored(monkeypatch, stems=["seed"])
    assert main(["audit", str(paths[0]), "--cache-dir", str(cache.folder), "--format", "json",
                 "-o", str(tmp_path / "r.json")]) == 0
    assert "damaged cache entry; parsed again" in capsys.readouterr().err
