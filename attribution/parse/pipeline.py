"""The parsing pipeline: embedded, official or a folder of models; batching and chunking.

Two engines run the same Stanza model files. The NumPy engine (``parse/inference``) is the
default for the embedded models and for any model folder it supports: it gives Stanza's
parses without importing torch or stanza, which were most of a cold start. Stanza itself
runs the official models (``--model stanza``), a folder the NumPy engine refuses, and
everything when ``ATTRIBUTION_ENGINE=stanza`` is set. Stanza is given an empty resources
folder and every model path explicitly, so neither engine reaches the network.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import contextlib
import hashlib
import os
import sys
import tempfile
import threading
from pathlib import Path

from ..errors import ModelError, UnsupportedModelError
from ..model import Article, Parse, Sentence, Word
from . import fastparse, threads  # threads first: it sets the wait policy before torch loads
from .sentences import boundaries, rejoin

EMBEDDED = Path(__file__).parent.parent / "models" / "en_attrib"
MODEL_FILES = {
    "tokenize_model_path": "tokenizer.pt",
    "mwt_model_path": "mwt.pt",
    "pos_model_path": "pos.pt",
    "lemma_model_path": "lemma.pt",
    "depparse_model_path": "depparse.pt",
    "pos_pretrain_path": "pretrain.pt",
    "depparse_pretrain_path": "pretrain.pt",
}
PROCESSORS = "tokenize,mwt,pos,lemma,depparse"


def model_folder(spec: str | None) -> Path | None:
    """``None``/'embedded' -> the shipped models; 'stanza' -> None (official); else a folder."""
    if spec in (None, "", "embedded"):
        return EMBEDDED
    if spec == "stanza":
        return None
    return Path(spec)


def model_identity(spec: str | None) -> str:
    """Name and content hash of the model, written into every report and cache key."""
    folder = model_folder(spec)
    if folder is None:
        import stanza
        return f"stanza-official-en@{stanza.__version__}"
    stamp = []
    for name in sorted(set(MODEL_FILES.values())):
        try:
            st = (folder / name).stat()
            stamp.append((name, st.st_size, st.st_mtime_ns))
        except OSError:
            stamp.append((name, -1, 0))
    key = (str(folder), tuple(stamp), boundaries().digest)
    if key not in _IDENTITIES:     # hashing reads 2 MiB a file: once per process and model
        _IDENTITIES[key] = _hash_identity(folder)
    return _IDENTITIES[key]


_IDENTITIES: dict[tuple, str] = {}


def _hash_identity(folder: Path) -> str:
    h = hashlib.sha256()
    for name in sorted(set(MODEL_FILES.values())):
        f = folder / name
        if f.exists():
            st = f.stat()
            h.update(f"{name}:{st.st_size}".encode())
            with f.open("rb") as fh:       # first and last MiB: fast and changes on retrain
                h.update(fh.read(1 << 20))
                fh.seek(max(0, st.st_size - (1 << 20)))
                h.update(fh.read())
    label = "en_attrib" if folder == EMBEDDED else folder.name
    # the sentence-boundary data changes the parse too
    return f"{label}@{h.hexdigest()[:12]}+s{boundaries().digest}"


def require_files(folder: Path) -> None:
    """A model folder must hold every model file: one line naming the missing ones."""
    missing = [n for n in sorted(set(MODEL_FILES.values())) if not (folder / n).exists()]
    if missing:
        raise ModelError(f"model folder {folder} lacks {', '.join(missing)}")


def check_model(spec: str | None) -> None:
    """Fail early, with one clear line, when the requested model is not there."""
    folder = model_folder(spec)
    if folder is None:
        resources = os.environ.get("STANZA_RESOURCES_DIR", str(Path.home() / "stanza_resources"))
        if not (Path(resources) / "en").exists():
            raise ModelError(f"Stanza's official English models are not in {resources}; "
                             "run 'attribution models download' (needs internet) or use the embedded model")
        return
    if not folder.is_dir():
        raise ModelError(f"model folder {folder} does not exist")
    require_files(folder)


_PIPELINES: dict[str, Any] = {}
_ENGINES: dict[str, Any] = {}
_LOCK = threading.Lock()

# "stanza" runs every model with Stanza (torch) even where the NumPy engine could
ENGINE_ENV = "ATTRIBUTION_ENGINE"
ENGINES = ("numpy", "stanza")

# the model file of each NumPy engine stage, in MODEL_FILES' terms
_NUMPY_STAGES = {"tokenize": "tokenize_model_path", "mwt": "mwt_model_path", "pos": "pos_model_path",
                 "lemma": "lemma_model_path", "depparse": "depparse_model_path", "pretrain": "pos_pretrain_path"}


def engine_choice() -> str:
    choice = os.environ.get(ENGINE_ENV, "numpy").strip().lower() or "numpy"
    if choice not in ENGINES:
        raise ModelError(f"{ENGINE_ENV}={choice!r}: expected one of {', '.join(ENGINES)}")
    return choice


def load_engine(spec: str | None = None) -> Any:
    """The engine (once per process) that parses with model ``spec``: NumPy where it can,
    else Stanza. Both have ``parse(texts, fix) -> sentences of Document.to_dict() entries``."""
    choice = engine_choice()
    key = f"{spec or 'embedded'}:{choice}"
    with _LOCK:
        engine = _ENGINES.get(key)
    if engine is None:
        engine = _numpy_engine(spec) if choice == "numpy" else None
        if engine is None:
            engine = StanzaEngine(load_pipeline(spec))
        with _LOCK:
            engine = _ENGINES.setdefault(key, engine)
    return engine


def engine_label(spec: str | None = None) -> str:
    """Which engine parses with ``spec``, in words (loads it)."""
    engine = load_engine(spec)
    if isinstance(engine, StanzaEngine):
        return "stanza (torch)"
    return "numpy (Stanza's models without torch)"


def _numpy_engine(spec: str | None) -> Any:
    folder = model_folder(spec)
    if folder is None:
        return None                 # Stanza's official models (character language models)
    require_files(folder)
    from .inference.engine import Engine
    files = {stage: folder / MODEL_FILES[option] for stage, option in _NUMPY_STAGES.items()}
    threads.apply_blas()
    try:
        return Engine.load(files)
    except UnsupportedModelError as exc:       # an unreadable file is an error, not a reason
        if folder == EMBEDDED:
            raise                   # the shipped models must run on NumPy: a bug, not a choice
        # a user's model with settings only Stanza runs: said once, then Stanza parses
        print(f"attribution: note: {exc}; parsing {folder} with Stanza", file=sys.stderr)
        return None


class StanzaEngine:
    """Stanza's pipeline behind the NumPy engine's ``parse``."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def parse(self, texts: list[str], fix: Any = None) -> list[list[list[dict]]]:
        from stanza import Document
        return [d.to_dict() for d in _process(self.nlp, [Document([], text=t) for t in texts], fix)]


def load_pipeline(spec: str | None = None, pretokenized: bool = False) -> Any:
    """Build (once per process) the Stanza pipeline for ``spec``."""
    key = f"{spec or 'embedded'}:{pretokenized}"
    with _LOCK:
        if key not in _PIPELINES:
            _PIPELINES[key] = _build(spec, pretokenized)
        return _PIPELINES[key]


def _build(spec: str | None, pretokenized: bool = False) -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import logging
    threads.apply()

    import stanza
    logging.getLogger("stanza").setLevel(logging.ERROR)
    folder = model_folder(spec)
    if folder is None:
        return _build_official(stanza)
    require_files(folder)
    paths = {k: str(folder / v) for k, v in MODEL_FILES.items()}
    # Stanza reads an (empty) resources.json only while it builds the pipeline: the folder
    # is removed at once, not left in /tmp on every model load
    with tempfile.TemporaryDirectory(prefix="attribution-stanza-") as tmp, no_optimizers(), \
            trusted_loading(folder if folder == EMBEDDED else None):
        (Path(tmp) / "resources.json").write_text("{}")
        nlp = stanza.Pipeline("en", dir=tmp, processors=PROCESSORS, download_method=None,
                              allow_unknown_language=True, use_gpu=False, verbose=False,
                              tokenize_pretokenized=pretokenized, **paths)
    fastparse.install(nlp)          # same parses, less than half the parser's time
    return nlp


@contextlib.contextmanager
def no_optimizers() -> Iterator[None]:
    """Stanza's tokenizer builds a training optimizer even to predict, and the first torch
    optimizer costs a second of imports: loading for inference needs none."""
    from stanza.models.common import utils
    originals = {name: getattr(utils, name) for name in ("get_optimizer", "get_split_optimizer")
                 if hasattr(utils, name)}
    utils.get_optimizer = lambda *args, **kwargs: None
    utils.get_split_optimizer = lambda *args, **kwargs: {}
    try:
        yield
    finally:
        for name, fn in originals.items():
            setattr(utils, name, fn)


@contextlib.contextmanager
def trusted_loading(folder: Path | None) -> Iterator[None]:
    """Stanza loads every model file with torch's safe unpickler, which is written in
    Python: 0.8 s of a cold start, most of it the word vectors' vocabulary. The files
    shipped inside this package are ours and load with the standard (C) unpickler; a user's
    ``--model`` folder (``folder`` None here) always takes the safe one."""
    if folder is None:
        yield
        return
    import torch
    original = torch.load
    inside = str(folder.resolve()) + os.sep

    def load(f: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(f, (str, os.PathLike)) and str(Path(f).resolve()).startswith(inside):
            kwargs["weights_only"] = False
        return original(f, *args, **kwargs)

    torch.load = load
    try:
        yield
    finally:
        torch.load = original


def _build_official(stanza: Any) -> Any:
    resources = os.environ.get("STANZA_RESOURCES_DIR", str(Path.home() / "stanza_resources"))
    if not (Path(resources) / "en").exists():
        raise ModelError(f"Stanza's official English models are not in {resources}; "
                         "run 'attribution models download' (needs internet) or use the embedded model")
    try:
        nlp = stanza.Pipeline("en", dir=resources, processors=PROCESSORS, download_method=None,
                              use_gpu=False, verbose=False)
        fastparse.install(nlp)
        return nlp
    except Exception as exc:  # stanza raises several kinds for a broken resources folder
        raise ModelError(f"cannot load Stanza's official English models from {resources}: {exc}") from exc


def download_official() -> str:
    import stanza
    resources = os.environ.get("STANZA_RESOURCES_DIR", str(Path.home() / "stanza_resources"))
    stanza.download("en", model_dir=resources, processors=PROCESSORS)
    return resources


# --- running ------------------------------------------------------------------------

def parse_article(article: Article, spec: str | None = None) -> Parse:
    return parse_texts([article], spec)[0]


def parse_texts(articles: list[Article], spec: str | None = None) -> list[Parse]:
    """Parse several articles in one batch (every paragraph chunk is one text)."""
    engine = load_engine(spec)
    ident = model_identity(spec)
    jobs, texts = [], []
    for ai, article in enumerate(articles):
        for pi, para in enumerate(article.paragraphs):
            for start, end in chunks(article.clean, para.start, para.end):
                chunk = article.clean[start:end]
                if chunk.strip():
                    jobs.append((ai, pi, start))
                    texts.append(chunk)
    done = engine.parse(texts, rejoin) if texts else []
    sentences: list[list[Sentence]] = [[] for _ in articles]
    for (ai, pi, offset), doc in zip(jobs, done):
        for sent in doc:
            sentences[ai].append(_sentence(sent, pi, offset))
    return [Parse(tuple(s), ident) for s in sentences]


def _process(nlp: Any, docs: list, fix: Any = rejoin) -> list:
    """Tokenize, rejoin the sentences the tokenizer split inside a name or after a title
    (parse/sentences.py), then tag, lemmatise and parse."""
    import torch
    from stanza import Document

    names = list(nlp.processors)
    first = [n for n in names if n in ("tokenize", "mwt")]
    rest = [n for n in names if n not in first]
    with torch.inference_mode():    # no autograd bookkeeping at all, not only no gradients
        if not first or not rest:
            return nlp.bulk_process(docs)
        with threads.single():      # the tokenizer's steps are too small to share
            tokenized = nlp.bulk_process(docs, processors=",".join(first))
        fixed = [Document(fix(d.to_dict()) if fix else d.to_dict(), text=d.text) for d in tokenized]
        return nlp.bulk_process(fixed, processors=",".join(rest))


MAX_CHUNK = 3000


def chunks(text: str, start: int, end: int, limit: int = MAX_CHUNK) -> Iterator[tuple[int, int]]:
    """Split a paragraph longer than ``limit`` characters at sentence ends (else at spaces):
    the parser's cost grows with the square of a sentence's length, and a paragraph with no
    full stop would otherwise become one enormous sentence."""
    while end - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind('." '))
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit - 1
        yield start, start + cut + 1
        start = start + cut + 1
    if end > start:
        yield start, end


def _sentence(entries: list[dict], paragraph: int, offset: int) -> Sentence:
    """One sentence of ``Document.to_dict()`` entries, offsets made article-wide."""
    words = []
    token_span: tuple[int, int] | None = None
    for e in entries:
        if isinstance(e["id"], (tuple, list)):       # a multi-word token: its words follow
            token_span = (e["start_char"] + offset, e["end_char"] + offset)
            continue
        start, end = e.get("start_char"), e.get("end_char")
        if start is None or end is None:
            # words of a multi-word token ("don't" -> do + n't) share the token's span
            assert token_span is not None, "a word without offsets outside a multi-word token"
            w_start, w_end = token_span
        else:
            w_start, w_end = start + offset, end + offset
        text = e["text"]
        words.append(Word(int(e["id"]), text, e.get("lemma") or text, e.get("upos") or "X", e.get("xpos") or "_",
                          e.get("feats") or "_", int(e.get("head") or 0), e.get("deprel") or "dep", w_start, w_end))
    return Sentence(tuple(words), words[0].start, words[-1].end, paragraph)
