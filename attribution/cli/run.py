"""The steps every auditing command shares: read the inputs, run the engine, write the report."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import attrs

from ..errors import ErrorRecord, InputError
from ..files import check_output_target, write_report
from ..model import Article, ArticleResult
from ..output.text import one_line
from ..ruleset import Rules
from ..parse.cache import ParseCache
from ..read import Walk, article_from_bytes, find_stories, read_article, read_bounded
from ..read.documents import format_of
from .settings import Settings


def read_inputs(paths: list[str], max_bytes: int, quiet: bool, follow_symlinks: bool = False,
                output: str | None = None, companions: tuple[str, ...] = (),
                stdin_name: str | None = None, walk: Walk | None = None) -> tuple[list[Article], list[ErrorRecord]]:
    """Read every story; ``output`` is refused before anything is read if it is one of them.
    Standard input is reported as ``stdin_name`` and read as its suffix says (.html, .md).
    ``quiet`` hides warnings, never errors."""
    files, errors = find_stories(paths, follow_symlinks=follow_symlinks, walk=walk)
    if output:
        check_output_target(output, [*files, *companions])
    articles = []
    for f in files:
        try:
            if f == "-":
                name = stdin_name or "<stdin>"
                data = read_bounded(sys.stdin.buffer, max_bytes, name)
                articles.append(article_from_bytes(data, name, format_of(name) if stdin_name else "txt"))
            else:
                articles.append(read_article(f, max_bytes))
        except InputError as exc:
            errors.append(exc.record(f))
    for e in errors:
        print(f"attribution: {one_line(e.message)}", file=sys.stderr)
    if not quiet:
        for a in articles:
            for w in a.warnings:
                print(f"attribution: warning: {one_line(a.path)}: {one_line(w.message)}", file=sys.stderr)
    return articles, errors


def run_engine(args: argparse.Namespace, s: Settings) -> tuple[list[ArticleResult], list[ErrorRecord], dict]:
    from ..parse.pipeline import check_model
    from ..research.corpus import process
    check_model(s.model)            # a missing model is one clear line, not an error per file
    articles, errors = read_inputs(args.paths, s.max_bytes, args.quiet,
                                   follow_symlinks=getattr(args, "follow_symlinks", False),
                                   output=getattr(args, "output", None), companions=companions(args),
                                   stdin_name=getattr(args, "stdin_filename", None),
                                   walk=attrs.evolve(s.walk, follow_symlinks=getattr(args, "follow_symlinks", False)))
    cache = None if s.no_cache else ParseCache(s.cache_dir)
    results, model_id, run_errors = [], "", []
    for rules, group in by_rules(articles, s):      # stories whose nearest configuration has other rules
        found, model_id, failed = process(group, rules, s.model, cache, jobs=s.jobs, quiet=args.quiet,
                                          scheduler=getattr(args, "scheduler", None),
                                          dask_local=getattr(args, "dask_local", None))
        results += found
        run_errors += failed
    order = {a.path: i for i, a in reversed(list(enumerate(articles)))}
    results.sort(key=lambda r: order.get(r.article.path, 0))
    for e in run_errors:            # every per-article failure reaches stderr, not only the report
        print(f"attribution: {one_line(e.message)}", file=sys.stderr)
    if not args.quiet:
        for entry in cache.damaged if cache is not None else ():
            print(f"attribution: warning: {one_line(entry)}: damaged cache entry; parsed again and rewritten",
                  file=sys.stderr)
    errors += run_errors
    meta = {"model": model_id, "rules": s.rules.source}
    return results, errors, meta


def by_rules(articles: list[Article], s: Settings) -> list[tuple[Rules, list[Article]]]:
    """The articles grouped by the rules they are audited with (one group, the run's, unless
    a story's nearest configuration names other rules or rule settings)."""
    groups: dict[int, tuple[Rules, list[Article]]] = {id(s.rules): (s.rules, [])}
    for a in articles:
        rules = s.for_story(a.path)[0]
        groups.setdefault(id(rules), (rules, []))[1].append(a)
    return [g for g in groups.values() if g[1]] or [(s.rules, [])]


def companions(args: argparse.Namespace) -> tuple[str, ...]:
    """Files a run reads besides the stories (a report must not replace them either)."""
    return tuple(str(v) for v in (getattr(args, "config", None), getattr(args, "metadata", None)) if v)


def emit(text: str, output: str | None) -> None:
    if output:
        write_report(Path(output), text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
