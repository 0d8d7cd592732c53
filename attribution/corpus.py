"""Many articles: batching, progress, processes (and, in corpus_dask, a Dask cluster)."""
from __future__ import annotations

import os
import sys

from .engine import Engine, analyse
from .model import Article, ArticleResult
from .parsing import ParseCache
from .ruleset import Rules


def show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


def process(articles: list[Article], rules: Rules, model: str | None, cache: ParseCache | None,
            jobs: int = 1, quiet: bool = False, chunk: int = 16):
    """Parse (cache first) and analyse; one failing article never stops the others."""
    engine = Engine(rules, model, cache, batch_size=chunk)
    results: list[ArticleResult] = []
    errors: list[dict] = []
    bar = None
    if show_progress(quiet) and len(articles) > 1:
        from tqdm import tqdm
        bar = tqdm(total=len(articles), unit="article", file=sys.stderr)
    try:
        for start in range(0, len(articles), chunk):
            batch = articles[start:start + chunk]
            try:
                parses = engine.parse_many(batch)
            except Exception as exc:  # one bad batch: retry its articles one by one
                parses = []
                for a in batch:
                    try:
                        parses.extend(engine.parse_many([a]))
                    except Exception as inner:
                        parses.append(None)
                        errors.append({"path": a.path, "error": f"{a.path}: parsing failed: {inner}"})
            for a, p in zip(batch, parses):
                if p is None:
                    continue
                try:
                    results.append(analyse(a, p, rules))
                except Exception as exc:
                    errors.append({"path": a.path, "error": f"{a.path}: rules failed: {exc!r}"})
                if bar:
                    bar.update(1)
    finally:
        if bar:
            bar.close()
    return results, engine.model_id, errors
