"""Shared fixtures. The whole suite runs offline: any model-hub access fails fast."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HTTPS_PROXY", "http://127.0.0.1:9")
os.environ.setdefault("HTTP_PROXY", "http://127.0.0.1:9")

FIXTURES = Path(__file__).parent / "fixtures"
PARSES = FIXTURES / "parses"


EMBEDDED_MODELS = Path(__file__).resolve().parents[1] / "attribution" / "models" / "en_attrib"


def embedded_model_changed(name: str, out: Path, change) -> Path:
    """The embedded model file ``name`` with ``change(data)`` applied to what it holds,
    saved (torch's legacy format, as Stanza writes most of its files) to ``out``."""
    import torch
    data = torch.load(EMBEDDED_MODELS / name, map_location="cpu", weights_only=False)
    change(data)
    torch.save(data, out, _use_new_zipfile_serialization=False)
    return out


@pytest.fixture(scope="session")
def stanza_nlp():
    """Stanza's own pipeline on the embedded models, which the NumPy engine must equal.
    Loaded once, outside ``torch.inference_mode``, so that its weights stay ordinary
    tensors for every later test."""
    from attribution.parse.pipeline import load_pipeline
    return load_pipeline(None)


@pytest.fixture(scope="session")
def rules():
    from attribution.ruleset import load_rules
    return load_rules()


def stored(name: str, text: str | None = None, path: Path | None = None):
    """An article and its stored real-pipeline parse (tests/make_fixtures.py wrote it)."""
    from attribution.parse.conllu import from_conllu
    from attribution.read.documents import article_from_text, read_article
    if path is not None:
        article = read_article(path)
    else:
        if text is None:
            text = (PARSES / f"{name}.txt").read_text(encoding="utf-8")
        article = article_from_text(text, f"{name}.txt")
    parse = from_conllu((PARSES / f"{name}.conllu").read_text(encoding="utf-8"))
    return article, parse


@pytest.fixture(scope="session")
def analyse_stored(rules):
    from attribution.engine import analyse

    def run(name: str, path: Path | None = None):
        article, parse = stored(name, path=path)
        return analyse(article, parse, rules)
    return run
