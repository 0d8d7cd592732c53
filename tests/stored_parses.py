"""Helpers for the corpus, cache and evaluate tests: the stored real-pipeline parses of the
seed and dev stories (tests/make_fixtures.py writes them), served in place of Stanza."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from attribution.parse.cache import ParseCache
from attribution.parse.conllu import from_conllu
from attribution.read.documents import read_article

FIXTURES = Path(__file__).parent / "fixtures"
PARSES = FIXTURES / "parses"
DEV = FIXTURES / "dev"
STORIES = {"seed": FIXTURES / "seed.txt",
           **{p.stem: p for p in sorted(DEV.glob("*.txt"))}}
SEED_GOLD_STEM = "000_4aebac7c11516d7c"


def require(*stems: str) -> None:
    missing = [s for s in stems or STORIES if not (PARSES / f"{s}.conllu").exists()]
    if missing:
        pytest.fail(f"stored parses missing ({', '.join(missing)}): run tests/make_fixtures.py")


def stored_parse(stem: str):
    return from_conllu((PARSES / f"{stem}.conllu").read_text(encoding="utf-8"))


def copy_stories(folder: Path, stems=None, seed_as_gold: bool = True) -> list[Path]:
    """Copy stories into ``folder`` (the seed under its gold name); returns the new paths."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for stem in stems or STORIES:
        name = f"{SEED_GOLD_STEM}.txt" if stem == "seed" and seed_as_gold else f"{stem}.txt"
        target = folder / name
        shutil.copyfile(STORIES[stem], target)
        target.chmod(0o644)
        out.append(target)
    return out


def serve_stored(monkeypatch, fail: bool = False, stems=None) -> list[list[str]]:
    """Make parsing return the stored parse of the story with the same text (or fail, with
    ``fail``), and the model identity that of the stored parses. Returns the calls made."""
    import attribution.engine
    import attribution.parse.pipeline
    import attribution.parsing
    import attribution.research.corpus
    stems = list(stems or STORIES)
    require(*stems)
    by_text = {read_article(STORIES[s]).clean: stored_parse(s) for s in stems}
    model_id = next(iter(by_text.values())).model_id
    calls: list[list[str]] = []

    def parse_texts(articles, spec=None):
        calls.append([a.path for a in articles])
        if fail:
            raise AssertionError(f"parse_texts called for {[a.path for a in articles]}")
        return [by_text[a.clean] for a in articles]

    for mod in (attribution.parse.pipeline, attribution.parsing, attribution.engine):
        monkeypatch.setattr(mod, "parse_texts", parse_texts)
    monkeypatch.setattr(attribution.research.corpus, "model_identity", lambda spec=None: model_id)
    return calls


def warm_cache(folder: Path, paths) -> ParseCache:
    """A parse cache holding the stored parse of every story in ``paths``."""
    require()
    cache = ParseCache(folder)
    by_text = {read_article(p).clean: stored_parse(s) for s, p in STORIES.items()}
    for p in paths:
        art = read_article(p)
        cache.put(art, by_text[art.clean])
    return cache


def stored_model_id() -> str:
    require()
    return stored_parse(next(iter(STORIES))).model_id
