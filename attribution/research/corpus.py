"""Many articles: batching, progress, processes and a Dask cluster.

Every backend runs the same unit of work, :func:`work_chunk`: parse the articles of a
chunk that have no cached parse (one batch; on failure one by one) and run the rules on
every article of the chunk. The parent process alone reads and writes the parse cache
(atomically, through :class:`ParseCache`), so workers need no shared folder, and the
results come back in input order: identical whatever the backend.

- ``jobs == 1``: in this process.
- ``jobs > 1``: a ``ProcessPoolExecutor`` (spawn); each worker loads the pipeline once.
- ``dask_local=N``: a ``distributed.LocalCluster`` of N one-thread worker processes.
- ``scheduler='tcp://HOST:PORT'``: an existing Dask cluster (its workers need this package
  and, for uncached articles, the model).
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from typing import Any
import os
import sys

import attrs

from ..engine import analyse
from ..errors import AuditError, BackendError, ErrorCode, ErrorRecord
from ..model import Article, ArticleResult, Parse, Sentence, Span, Word
from ..parse import pipeline, threads
from ..parse.cache import ParseCache
from ..parse.pipeline import model_identity
from ..ruleset import Rules
from ..extras import install_hint

# what one chunk gives back: results, new parses (index in the chunk, parse), error records
ChunkOutcome = tuple[list[ArticleResult], list[tuple[int, Parse]], list[ErrorRecord]]

DASK_HINT = install_hint("dask")


def show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


# --- parsing in bounded batches -----------------------------------------------------------

# characters of story text given to the parser in one call: bounds the parser's memory
# (a 20 MB story is parsed a batch at a time, never whole) and what an interrupt loses
# (every article of a finished batch is handed on, and cached, at once). 50,000 (about
# 8,000 words, a few seconds): smaller batches cost 10-15% more parse time on real news
# (the tagger and parser sort and batch sentences within one call), larger ones no less
BATCH_CHARS = 50_000
BATCH_ARTICLES = 16


@attrs.frozen
class Piece:
    """What one article gives one batch: the article itself, or (an article longer than a
    batch) a copy of it holding only some of its paragraphs, or of one long paragraph's
    cuts; ``paragraphs`` maps each paragraph of the copy to the article's own."""
    article: int
    part: Article
    paragraphs: tuple[int, ...] | None = None      # None: the whole article
    last: bool = True                              # the article's last piece
    size: int = 0


def pieces_of(k: int, article: Article, limit: int = BATCH_CHARS) -> list[Piece]:
    """The article in pieces of at most ``limit`` characters, cut between paragraphs, and a
    paragraph longer than that where the parser cuts it anyway (pipeline.chunks)."""
    total = sum(len(p) for p in article.paragraphs)
    if total <= limit:
        return [Piece(k, article, None, True, total)]
    out: list[Piece] = []
    spans: list[Span] = []
    owners: list[int] = []
    size = 0

    def close() -> None:
        nonlocal spans, owners, size
        if spans:
            out.append(Piece(k, attrs.evolve(article, paragraphs=tuple(spans)), tuple(owners), False, size))
        spans, owners, size = [], [], 0

    for pi, para in enumerate(article.paragraphs):
        cuts = [para] if len(para) <= limit else \
            [Span(a, b) for a, b in pipeline.chunks(article.clean, para.start, para.end)]
        for cut in cuts:
            if size + len(cut) > limit:
                close()
            spans.append(cut)
            owners.append(pi)
            size += len(cut)
    close()
    out[-1] = attrs.evolve(out[-1], last=True)
    return out


def batches(pieces: list[Piece], limit: int = BATCH_CHARS, most: int = BATCH_ARTICLES) -> Iterator[list[Piece]]:
    """Consecutive pieces, at most ``limit`` characters and ``most`` pieces a batch."""
    batch: list[Piece] = []
    size = 0
    for piece in pieces:
        if batch and (size + piece.size > limit or len(batch) >= most):
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += piece.size
    if batch:
        yield batch


def stream_parses(articles: list[Article], todo: list[int], model: str | None,
                  limit: int | None = None) -> Iterator[tuple[int, Parse | Exception]]:
    """``(index, parse)`` for each article of ``todo`` as soon as its last piece is parsed,
    in order; ``(index, exception)`` for one that cannot be parsed. A batch that fails is
    parsed again one piece at a time, so one bad article fails only itself. ``limit``
    defaults to BATCH_CHARS as it is when called."""
    limit = limit or BATCH_CHARS
    pieces = [p for i in todo for p in pieces_of(i, articles[i], limit)]
    sentences: dict[int, list[Sentence]] = {}
    failed: set[int] = set()
    for batch in batches(pieces, limit):
        try:
            done: list[Parse | Exception] = list(pipeline.parse_texts([p.part for p in batch], model))
        except Exception:          # one bad piece: the others of the batch one by one
            done = []
            for piece in batch:
                try:
                    done.append(pipeline.parse_texts([piece.part], model)[0])
                except Exception as exc:
                    done.append(exc)
        for piece, parse in zip(batch, done):
            i = piece.article
            if i in failed:
                continue
            if isinstance(parse, Exception):
                failed.add(i)
                sentences.pop(i, None)
                yield i, parse
                continue
            owners = piece.paragraphs
            sentences.setdefault(i, []).extend(
                compact(s, s.paragraph if owners is None else owners[s.paragraph]) for s in parse.sentences)
            if piece.last:
                yield i, Parse(tuple(sentences.pop(i)), parse.model_id)


def compact(sentence: Sentence, paragraph: int) -> Sentence:
    """The sentence (in ``paragraph``) with its tags, relations, features and lemmas
    interned: the parser makes a new string of each for every word, and a long story's
    parse takes half the memory with them shared."""
    it = sys.intern
    words = tuple(Word(w.index, w.text, w.text if w.lemma == w.text else it(w.lemma), it(w.upos), it(w.xpos),
                       it(w.feats), w.head, it(w.deprel), w.start, w.end) for w in sentence.words)
    return Sentence(words, sentence.start, sentence.end, paragraph)


# --- the unit of work -------------------------------------------------------------------

def work_chunk(articles: list[Article], parses: list[Parse | None], rules: Rules,
               model: str | None, on_parsed: Callable[[int, Parse], None] | None = None,
               on_done: Callable[[int], None] | None = None) -> ChunkOutcome:
    """Parse what is missing (in bounded batches) and analyse everything.

    Returns ``(results, new_parses, errors)``: results in article order (failed articles
    left out), ``new_parses`` as ``(index, parse)`` pairs for the cache, and error records.
    ``on_parsed(i, parse)`` is called as each new parse is made (the caller caches it at
    once: an interrupt keeps it), ``on_done(i)`` as each article is finished (progress).
    """
    new: list[tuple[int, Parse]] = []
    results: dict[int, ArticleResult] = {}
    errors: dict[int, ErrorRecord] = {}

    def analysed(i: int, parse: Parse) -> None:
        a = articles[i]
        try:
            results[i] = analyse(a, parse, rules)
        except Exception as exc:
            errors[i] = _failure(exc, a.path, "AE009", "rules failed", repr(exc))

    for i, p in enumerate(parses):
        if p is not None:
            analysed(i, p)
            if on_done:
                on_done(i)
    todo = [i for i, p in enumerate(parses) if p is None]
    for i, got in stream_parses(articles, todo, model):
        if isinstance(got, Exception):
            errors[i] = _failure(got, articles[i].path, "AE008", "parsing failed", str(got))
        else:
            new.append((i, got))
            if on_parsed:
                on_parsed(i, got)
            analysed(i, got)
        if on_done:
            on_done(i)
    return [results[i] for i in sorted(results)], new, [errors[i] for i in sorted(errors)]


def _failure(exc: BaseException, path: str, code: ErrorCode, what: str, detail: str) -> ErrorRecord:
    """The record of an article that failed: an AuditError keeps its own code and reason."""
    if isinstance(exc, AuditError):
        return ErrorRecord(exc.code, path, f"{what}: {exc.reason}")
    return ErrorRecord(code, path, f"{what}: {detail}")


# --- process-pool workers -----------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(rules: Rules, model: str | None, preload: bool, n_threads: int) -> None:
    _WORKER["rules"], _WORKER["model"] = rules, model
    if preload:                    # load the pipeline once per worker, before the first chunk
        os.environ[threads.ENV_THREADS] = str(max(1, n_threads))   # the engine applies it
        try:
            pipeline.load_engine(model)
        except Exception:          # reported per article by work_chunk
            pass


def _pool_chunk(articles: list[Article], parses: list[Parse | None]) -> ChunkOutcome:
    return work_chunk(articles, parses, _WORKER["rules"], _WORKER["model"])


# --- Dask --------------------------------------------------------------------------------

def _dask_chunk(articles: list[Article], parses: list[Parse | None], rules: Rules,
                model: str | None) -> ChunkOutcome:
    return work_chunk(articles, parses, rules, model)


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise BackendError(f"the Dask backend needs dask[distributed]: {DASK_HINT}") from None
    return distributed


def _dask_client(scheduler: str | None, dask_local: int | None) -> tuple[Any, Any]:
    """(client, cluster or None) for an address or a new local cluster."""
    distributed = _import_distributed()
    if scheduler:
        if "://" not in scheduler:
            raise BackendError(f"scheduler address {scheduler!r} should look like tcp://HOST:PORT")
        try:
            return distributed.Client(scheduler, timeout="15s", set_as_default=False), None
        except (OSError, TimeoutError) as exc:
            raise BackendError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    import logging
    cluster = distributed.LocalCluster(n_workers=dask_local, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None,
                                       silence_logs=logging.ERROR)
    try:
        return distributed.Client(cluster, set_as_default=False), cluster
    except BaseException:
        cluster.close()
        raise


# --- the driver --------------------------------------------------------------------------

def process(articles: list[Article], rules: Rules, model: str | None, cache: ParseCache | None,
            jobs: int | None = 1, quiet: bool = False, chunk: int = 16,
            scheduler: str | None = None,
            dask_local: int | None = None) -> tuple[list[ArticleResult], str, list[ErrorRecord]]:
    """Parse (cache first) and analyse; one failing article never stops the others.

    Returns ``(results, model_id, errors)``; results are in input order. ``jobs=None`` is
    ``--jobs auto`` (parse/threads.py): processes when there is enough to parse.
    """
    if dask_local is not None and dask_local < 1:
        raise BackendError("--dask-local needs at least 1 worker")
    model_id = model_identity(model)
    chunk = max(1, chunk)
    cached_all = [cache.get(a, model_id) if cache else None for a in articles]
    if jobs is None:
        jobs = threads.auto_jobs(-(-sum(p is None for p in cached_all) // chunk))
    if jobs > 1:                   # chunks small enough that every worker gets several
        chunk = max(1, min(chunk, -(-len(articles) // (6 * jobs))))
    threads.plan(jobs)
    chunks = [articles[i:i + chunk] for i in range(0, len(articles), chunk)]
    cached = [cached_all[i:i + chunk] for i in range(0, len(articles), chunk)]
    outcome: list[ChunkOutcome | None] = [None] * len(chunks)
    errors: list[ErrorRecord] = []

    bar = None
    if show_progress(quiet) and len(articles) > 1:
        from tqdm import tqdm
        bar = tqdm(total=len(articles), unit="article", file=sys.stderr)

    def keep(article: Article, parse: Parse) -> None:
        if cache is not None:
            try:
                cache.put(article, parse)
            except OSError:            # a read-only cache folder never fails the audit
                pass

    def finish(k: int, out: ChunkOutcome) -> None:
        outcome[k] = out
        for i, parse in out[1]:
            keep(chunks[k][i], parse)
        if bar:
            bar.update(len(chunks[k]))

    def lost(k: int, exc: BaseException) -> None:
        outcome[k] = ([], [], [ErrorRecord("AE010", a.path, f"worker failed: {exc!r}") for a in chunks[k]])
        if bar:
            bar.update(len(chunks[k]))

    try:
        if scheduler or dask_local:
            _run_dask(chunks, cached, rules, model, scheduler, dask_local, finish, lost)
        elif jobs > 1 and len(chunks) > 1:
            _run_pool(chunks, cached, rules, model, jobs, finish, lost)
        else:                      # here: each parse cached as it is made, progress per article
            def advance(_: int) -> None:
                if bar:
                    bar.update(1)

            for k, (c, p) in enumerate(zip(chunks, cached)):
                def kept(i: int, parse: Parse, c: list[Article] = c) -> None:
                    keep(c[i], parse)
                outcome[k] = work_chunk(c, p, rules, model, on_parsed=kept, on_done=advance)
    finally:
        if bar:
            bar.close()

    results: list[ArticleResult] = []
    for out in outcome:
        if out is None:            # interrupted
            continue
        results.extend(out[0])
        errors.extend(out[2])
    return results, model_id, errors


PoolFactory = Callable[[int], Any]


def _run_pool(chunks: list[list[Article]], cached: list[list[Parse | None]], rules: Rules, model: str | None,
              jobs: int, finish: Callable[[int, ChunkOutcome], None],
              lost: Callable[[int, BaseException], None], make_pool: PoolFactory | None = None) -> None:
    """Chunks on a process pool. A dead worker breaks the whole pool, so the chunks it took
    down are run again on a new pool, and what is lost again runs one article at a time
    (a new worker after each death): one article that kills its worker loses itself only."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    workers = min(jobs, len(chunks))
    preload = any(p is None for ps in cached for p in ps)
    per_worker = threads.plan(workers)

    def default_pool(n: int) -> Any:
        return ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(rules, model, preload, per_worker))

    new_pool = make_pool or default_pool

    def run_round(todo: list[int], n: int) -> list[int]:
        pool = new_pool(n)
        again: list[int] = []
        try:
            # the longest chunks first: the last to finish are short, so no worker idles long
            order = sorted(todo, key=lambda k: -sum(len(a.clean) for a, p in zip(chunks[k], cached[k]) if p is None))
            futures = {pool.submit(_pool_chunk, chunks[k], cached[k]): k for k in order}
            for fut in as_completed(futures):
                k = futures[fut]
                try:
                    out = fut.result()
                except Exception:          # a worker died (out of memory, killed)
                    again.append(k)
                else:
                    finish(k, out)
        except BaseException:              # interrupted: do not wait for the queued chunks
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return sorted(again)

    again = run_round(list(range(len(chunks))), workers)
    if again:
        again = run_round(again, min(workers, len(again)))
    for k in again:
        finish(k, _one_by_one(chunks[k], cached[k], new_pool))


def _one_by_one(articles: list[Article], parses: list[Parse | None], new_pool: PoolFactory) -> ChunkOutcome:
    """A chunk that lost its worker twice, each article alone on a one-worker pool."""
    results: list[ArticleResult] = []
    new: list[tuple[int, Parse]] = []
    errors: list[ErrorRecord] = []
    pool = None
    try:
        for i, (a, p) in enumerate(zip(articles, parses)):
            pool = pool or new_pool(1)
            try:
                out = pool.submit(_pool_chunk, [a], [p]).result()
            except Exception as exc:       # this article takes its worker down
                errors.append(ErrorRecord("AE010", a.path, f"worker failed on this story, three times: {exc!r}"))
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
                continue
            results.extend(out[0])
            new.extend((i, parse) for _, parse in out[1])
            errors.extend(out[2])
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    return results, new, errors


def _run_dask(chunks: list[list[Article]], cached: list[list[Parse | None]], rules: Rules, model: str | None,
              scheduler: str | None, dask_local: int | None, finish: Callable[[int, ChunkOutcome], None],
              lost: Callable[[int, BaseException], None]) -> None:
    distributed = _import_distributed()
    client, cluster = _dask_client(scheduler, dask_local)
    try:
        [rules_f] = client.scatter([rules], broadcast=True)
        n = len(chunks)
        futures = client.map(_dask_chunk, chunks, cached, [rules_f] * n, [model] * n, pure=False)
        index = {f.key: k for k, f in enumerate(futures)}
        for fut in distributed.as_completed(futures, loop=client.loop):
            k = index[fut.key]
            try:
                out = fut.result()
            except Exception as exc:
                lost(k, exc)
            else:
                finish(k, out)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
