"""The NumPy engine parses as Stanza does with the embedded models, runs without torch or
stanza, and is chosen (or refused, or left for Stanza) as parse/pipeline.py promises."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import embedded_model_changed
from attribution.errors import ModelError, UnsupportedModelError
from attribution.parse import pipeline
from attribution.parse.inference import tagger as tagger_module
from attribution.parse.inference.engine import Engine
from attribution.parse.sentences import rejoin
from attribution.read.documents import article_from_text, read_article

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed.txt"
# the seed and two of the shorter dev stories: quotes, names, numbers, multi-word tokens
STORIES = [SEED, FIXTURES / "dev" / "derby-comeback.txt", FIXTURES / "dev" / "payroll-breach.txt"]
EMBEDDED = pipeline.EMBEDDED


def story_chunks(paths: list[Path]) -> list[str]:
    """The texts parse_texts hands the engine: each paragraph chunk of each story."""
    texts = []
    for path in paths:
        article = read_article(path)
        for para in article.paragraphs:
            for start, end in pipeline.chunks(article.clean, para.start, para.end):
                if article.clean[start:end].strip():
                    texts.append(article.clean[start:end])
    return texts


def child_env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != pipeline.ENGINE_ENV}
    env.update({"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)})
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


@pytest.fixture(scope="module")
def stanza_docs():
    """Stanza's own run over the stories' chunks (tokenize + mwt, rejoin, pos, lemma,
    depparse), exactly as the Stanza engine runs: one stanza Document per chunk."""
    from stanza import Document
    nlp = pipeline.load_pipeline(None)
    texts = story_chunks(STORIES)
    return pipeline._process(nlp, [Document([], text=t) for t in texts], rejoin)


@pytest.fixture(scope="module")
def numpy_engine() -> Engine:
    files = {stage: EMBEDDED / pipeline.MODEL_FILES[option] for stage, option in pipeline._NUMPY_STAGES.items()}
    return Engine.load(files)


def stanza_words(docs) -> list[list]:
    return [list(s.words) for d in docs for s in d.sentences]


# --- (a) the tagger and the parser on Stanza's own tokens ----------------------------

def test_the_tagger_gives_stanzas_tags_on_stanzas_tokens(stanza_docs, numpy_engine):
    sentences = stanza_words(stanza_docs)
    expected = [[(w.upos, w.xpos, w.feats or "_") for w in s] for s in sentences]
    got = numpy_engine.tagger.tag([[w.text for w in s] for s in sentences])
    assert sum(map(len, expected)) > 1500
    assert got == expected
    assert len({t[1] for s in got for t in s}) > 25           # many XPOS tags, not a few repeated
    assert sum(t[2] != "_" for s in got for t in s) > 500     # and features


def test_the_parser_gives_stanzas_trees_on_stanzas_tags(stanza_docs, numpy_engine):
    sentences = stanza_words(stanza_docs)
    expected = [[(w.head, w.deprel) for w in s] for s in sentences]
    got = numpy_engine.parser.parse([[(w.text, w.upos, w.xpos, w.feats or "_", w.lemma) for w in s]
                                     for s in sentences])
    assert got == expected
    assert len({rel for s in got for _, rel in s}) > 25
    assert any(len(s) > 40 for s in sentences)                 # long sentences too


def test_annotate_writes_stanzas_annotations_into_stanzas_tokens(stanza_docs, numpy_engine):
    # what evaluate.py runs on gold tokens: the tagger, lemmatizer and parser in one call
    keys = ("upos", "xpos", "feats", "lemma", "head", "deprel")
    analysed = [d.to_dict() for d in stanza_docs]
    bare = [[[{k: v for k, v in e.items() if k not in keys} for e in s] for s in doc] for doc in analysed]
    got = numpy_engine.annotate(bare)
    assert got == analysed
    assert bare[0][0][0].keys().isdisjoint(keys)              # its input is left as it was


# --- (b) parse_texts with either engine ---------------------------------------------

def test_parse_texts_is_the_same_with_either_engine(monkeypatch):
    articles = [read_article(p) for p in STORIES]
    monkeypatch.setenv(pipeline.ENGINE_ENV, "numpy")
    assert isinstance(pipeline.load_engine(None), Engine)
    with_numpy = pipeline.parse_texts(articles)
    monkeypatch.setenv(pipeline.ENGINE_ENV, "stanza")
    assert isinstance(pipeline.load_engine(None), pipeline.StanzaEngine)
    with_stanza = pipeline.parse_texts(articles)
    assert [len(p.sentences) for p in with_numpy] == [len(p.sentences) for p in with_stanza]
    for a, b, path in zip(with_numpy, with_stanza, STORIES):
        assert a.sentences == b.sentences, path.name
        assert a.model_id == b.model_id           # same model, same cache key, whichever engine
    assert sum(len(s.words) for p in with_numpy for s in p.sentences) > 1500


# --- (c) no torch, no stanza ------------------------------------------------------------

NO_TORCH_AUDIT = """
import json, sys
from attribution.cli import main
code = main(["audit", sys.argv[1], "--no-cache", "--quiet", "--format", "json", "-o", sys.argv[2]])
print(json.dumps({"code": code, "loaded": sorted(m for m in ("torch", "stanza") if m in sys.modules)}))
"""


def test_an_audit_imports_neither_torch_nor_stanza(tmp_path):
    out = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-c", NO_TORCH_AUDIT, str(SEED), str(out)], cwd=tmp_path,
                          env=child_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"code": 0, "loaded": []}
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["errors"] == []
    assert report["model"].startswith("en_attrib@")
    assert report["corpus"]["attributions"] > 10


# --- (d) a bad engine name ------------------------------------------------------------

def test_a_bad_engine_name_is_an_error_and_exit_2(tmp_path):
    out = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-m", "attribution", "audit", str(SEED), "--no-cache", "--format", "json",
                           "-o", str(out)], cwd=tmp_path, env=child_env(ATTRIBUTION_ENGINE="bogus"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "ATTRIBUTION_ENGINE='bogus': expected one of numpy, stanza" in done.stderr
    assert "Traceback" not in done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["articles"] == []
    assert [e["code"] for e in report["errors"]] == ["AE004"]


@pytest.mark.parametrize("value", ["bogus", "torch", "numpy2"])
def test_load_engine_refuses_a_bad_engine_name(monkeypatch, value):
    monkeypatch.setenv(pipeline.ENGINE_ENV, value)
    with pytest.raises(ModelError, match=f"ATTRIBUTION_ENGINE='{value}'"):
        pipeline.load_engine(None)


@pytest.mark.parametrize("value", ["", " NumPy ", "STANZA"])
def test_engine_names_are_read_loosely(monkeypatch, value):
    monkeypatch.setenv(pipeline.ENGINE_ENV, value)
    assert pipeline.engine_choice() == (value.strip().lower() or "numpy")


# --- (e) which engine runs which models ------------------------------------------------

def model_copy(folder: Path, pos_config: dict | None = None) -> Path:
    """The embedded model files in ``folder`` (linked), ``pos.pt`` rewritten with a changed
    config when ``pos_config`` is given."""
    folder.mkdir()
    for name in sorted(set(pipeline.MODEL_FILES.values())):
        (folder / name).symlink_to(EMBEDDED / name)
    if pos_config is not None:
        (folder / "pos.pt").unlink()
        embedded_model_changed("pos.pt", folder / "pos.pt", lambda data: data["config"].update(pos_config))
    return folder


def test_a_supported_model_folder_runs_on_numpy(tmp_path, monkeypatch):
    monkeypatch.delenv(pipeline.ENGINE_ENV, raising=False)
    folder = model_copy(tmp_path / "mine")
    assert isinstance(pipeline.load_engine(str(folder)), Engine)
    assert pipeline.engine_label(str(folder)).startswith("numpy")


# a setting Stanza's tagger does not read (it lowercases nothing) but the NumPy tagger
# refuses: the folder is then Stanza's to run
UNSUPPORTED = {"char_lowercase": True}


def test_a_model_folder_the_numpy_engine_refuses_runs_on_stanza(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(pipeline.ENGINE_ENV, raising=False)
    folder = model_copy(tmp_path / "mine", UNSUPPORTED)
    files = {stage: folder / pipeline.MODEL_FILES[option] for stage, option in pipeline._NUMPY_STAGES.items()}
    with pytest.raises(UnsupportedModelError, match="char_lowercase=True"):
        Engine.load(files)
    engine = pipeline.load_engine(str(folder))
    assert isinstance(engine, pipeline.StanzaEngine)
    assert pipeline.engine_label(str(folder)).startswith("stanza")
    # the user is told why, once (the engine is kept for the process)
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("attribution: note:")]
    assert len(notes) == 1 and "char_lowercase=True" in notes[0] and str(folder) in notes[0], notes
    # the same weights, so the same parse as the embedded model on NumPy
    text = (FIXTURES / "dev" / "derby-comeback.txt").read_text(encoding="utf-8")
    article = article_from_text("\n\n".join(text.split("\n\n")[:4]), "short.txt")
    assert len(article.paragraphs) >= 3
    theirs = pipeline.parse_texts([article], str(folder))[0]
    mine = pipeline.parse_texts([article])[0]
    assert theirs.sentences == mine.sentences
    assert theirs.model_id != mine.model_id


def test_an_unreadable_model_file_in_a_user_folder_is_a_clear_model_error(tmp_path, monkeypatch, capsys):
    # the NumPy engine's one line, not Stanza's bare EOFError after a fallback
    monkeypatch.delenv(pipeline.ENGINE_ENV, raising=False)
    folder = model_copy(tmp_path / "mine")
    (folder / "pos.pt").unlink()
    (folder / "pos.pt").write_bytes((EMBEDDED / "pos.pt").read_bytes()[:100_000])
    with pytest.raises(ModelError) as info:
        pipeline.load_engine(str(folder))
    assert not isinstance(info.value, UnsupportedModelError)
    assert str(info.value).startswith(f"cannot read model file {folder / 'pos.pt'}: ")
    assert "\n" not in str(info.value)
    assert "note:" not in capsys.readouterr().err          # no fallback was tried
    assert not any(k.startswith(f"{folder}:") for k in pipeline._PIPELINES)


def refuse(*args, **kwargs):
    # the refusal a user's folder would fall back to Stanza on
    raise UnsupportedModelError("the NumPy tagger does not support this (test)")


def test_the_embedded_models_never_fall_back_to_stanza(monkeypatch):
    monkeypatch.delenv(pipeline.ENGINE_ENV, raising=False)
    monkeypatch.setattr(pipeline, "_ENGINES", {})          # not the engine an earlier test loaded
    monkeypatch.setattr(tagger_module.Tagger, "__init__", refuse)
    for spec in (None, "embedded"):
        with pytest.raises(ModelError, match=r"does not support this \(test\)"):
            pipeline.load_engine(spec)
    assert pipeline._ENGINES == {}                         # nothing half-made was kept


def test_a_model_folder_lacking_a_file_is_an_error_not_a_fallback(tmp_path, monkeypatch):
    monkeypatch.delenv(pipeline.ENGINE_ENV, raising=False)
    folder = model_copy(tmp_path / "mine")
    (folder / "lemma.pt").unlink()
    with pytest.raises(ModelError, match="lacks lemma.pt"):
        pipeline.load_engine(str(folder))


# --- (f) models info names the engine -----------------------------------------------------

@pytest.mark.parametrize(("choice", "expected"), [(None, "engine: numpy"), ("stanza", "engine: stanza")])
def test_models_info_names_the_engine(monkeypatch, capsys, choice, expected):
    from attribution.cli import main
    if choice is None:
        monkeypatch.delenv(pipeline.ENGINE_ENV, raising=False)
    else:
        monkeypatch.setenv(pipeline.ENGINE_ENV, choice)
    assert main(["models", "info"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("engine:")]
    assert len(lines) == 1 and lines[0].startswith(expected), lines


def test_models_info_with_a_bad_engine_name_is_exit_2(monkeypatch, capsys):
    from attribution.cli import main
    monkeypatch.setenv(pipeline.ENGINE_ENV, "bogus")
    assert main(["models", "info"]) == 2
    assert "ATTRIBUTION_ENGINE='bogus'" in capsys.readouterr().err


# --- BLAS threads -------------------------------------------------------------------------

BLAS_THREADS = """
import json
from threadpoolctl import threadpool_info
from attribution.parse import pipeline
pipeline.load_engine(None)
print(json.dumps(sorted({i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"})))
"""


def test_loading_the_numpy_engine_sets_the_planned_blas_threads(tmp_path):
    env = child_env(ATTRIBUTION_THREADS="1", OMP_NUM_THREADS=None, MKL_NUM_THREADS=None, OPENBLAS_NUM_THREADS=None)
    done = subprocess.run([sys.executable, "-c", BLAS_THREADS], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [1]


@pytest.mark.parametrize("variable", ["OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"])
def test_the_users_thread_setting_wins_over_the_blas_plan(monkeypatch, variable):
    from attribution.parse import threads
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(threads.ENV_THREADS, "1")
    monkeypatch.setenv(variable, "3")
    assert threads.apply_blas() is None
