"""``attribution evaluate``: the package's scorer gives exactly the figures of the
project's reference scorer (a copy: tests/fixtures/score_reference.py)."""
from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys

import pytest

from attribution.cli import UsageError, main
from attribution.output.scores import render_scores
from attribution.research.evaluate import load_gold, score
from stored_parses import FIXTURES, copy_stories, serve_stored, warm_cache

GOLD = FIXTURES / "gold"
REFERENCE = FIXTURES / "score_reference.py"


def reference():
    spec = importlib.util.spec_from_file_location("score_reference", REFERENCE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def assert_same(ours: dict, ref: dict) -> None:
    for k, v in ref.items():
        if k != "articles":
            assert ours[k] == v, k
    assert len(ours["articles"]) == len(ref["articles"])
    for mine, theirs in zip(ours["articles"], ref["articles"]):
        for k, v in theirs.items():
            assert mine[k] == v, (mine["article"], k)


def perturbed_report() -> dict:
    """A report made from the gold itself, with misses, extras and wrong speakers."""
    gold = load_gold(GOLD)
    articles = []
    for n, (stem, g) in enumerate(sorted(gold.items())):
        atts = copy.deepcopy(g["attributions"])
        for i, a in enumerate(atts):
            sp = a["speaker"]
            if i % 4 == 1:
                sp["class"] = "named person" if sp["class"] != "named person" else "anonymous group"
                sp["resolved"] = "Someone Else Entirely"
            if i % 5 == 2:
                sp["role"] = None
                sp["affiliation"] = "Mars"
            if i % 3 == 0:
                a["content"] = " ".join(a["content"].split()[: max(1, len(a["content"].split()) // 2 + 1)])
        atts = [a for i, a in enumerate(atts) if i % 6 != 5]
        atts.append({"content": "completely invented words nobody ever said here", "speaker": {}})
        if n % 2:
            atts.append({"content": atts[0]["content"], "speaker": {"class": "UNATTRIBUTED"}})
        articles.append({"path": f"stories/{stem}.txt", "attributions": atts})
    articles = articles[:-1]                    # one gold file without any story
    return {"articles": articles}


def test_same_figures_as_reference_on_perturbed_gold(tmp_path):
    report = perturbed_report()
    ref = reference().score(str(GOLD), report)
    ours = score(load_gold(GOLD), report)
    assert_same(ours, ref)
    assert 0 < ours["content_f1"] < 1 and 0 < ours["speaker_acc"] < 1


def test_perfect_report_scores_one():
    gold = load_gold(GOLD)
    report = {"articles": [{"path": f"{s}.md", "attributions": g["attributions"]} for s, g in gold.items()]}
    ours = score(gold, report)
    assert ours["content_recall"] == 1.0 and ours["speaker_acc"] == 1.0 and ours["class_acc"] == 1.0
    assert ours["content_precision"] == 1.0 and ours["mean_share_error"] < 0.05


def test_render_formats():
    ours = score(load_gold(GOLD), perturbed_report())
    table = render_scores(ours, "table", {"model": "m", "rules": "r"}, verbose=True)
    assert "content F1" in table and "ceasefire-talks" in table and "missed:" in table
    md = render_scores(ours, "markdown")
    assert "## Overall" in md
    data = json.loads(render_scores(ours, "json", {"model": "m"}))
    assert data["model"] == "m" and data["content_f1"] == ours["content_f1"]


def test_bad_gold_folder(tmp_path):
    with pytest.raises(UsageError, match="no gold"):
        load_gold(tmp_path)
    (tmp_path / "x.json").write_text("[1, 2]")
    with pytest.raises(UsageError, match="not a gold attribution file"):
        load_gold(tmp_path)


def test_evaluate_cli_matches_reference_scorer(tmp_path, monkeypatch, capsys):
    """The stored fixture stories, audited (parses from the cache), scored both ways."""
    stories = copy_stories(tmp_path / "stories")
    cache = warm_cache(tmp_path / "cache", stories)
    serve_stored(monkeypatch, fail=True)
    common = [*map(str, stories), "--cache-dir", str(cache.folder), "--quiet"]
    report = tmp_path / "report.json"
    assert main(["audit", *common, "--format", "json", "-o", str(report)]) == 0
    scores = tmp_path / "scores.json"
    assert main(["evaluate", str(GOLD), *common, "--format", "json", "-o", str(scores)]) == 0
    ours = json.loads(scores.read_text())

    ref = subprocess.run([sys.executable, str(REFERENCE), str(GOLD), str(report), "--json"],
                         capture_output=True, text=True, check=True)
    assert_same(ours, json.loads(ref.stdout))
    assert main(["evaluate", str(GOLD), *common]) == 0
    out = capsys.readouterr().out
    assert "Overall" in out and "speaker-type accuracy" in out


def test_gold_word_path_splits_multiword_tokens():
    """Stanza does not expand a token it is handed, so the gold-token evaluation must hand
    it UD's syntactic words: 'we've' arrives as 'we' + "'ve", aligned with the gold."""
    from attribution.parse.evaluate import read_gold
    text, words = read_gold(str(FIXTURES / "ewt-test-sample.conllu"))
    flat = [w for sent in words for w in sent]
    assert "we've" in text and "we've" not in flat
    assert "we" in flat and "'ve" in flat
    gold_words = sum(1 for line in (FIXTURES / "ewt-test-sample.conllu").read_text(encoding="utf-8").splitlines()
                     if line and line.split("\t")[0].isdigit())
    assert len(flat) == gold_words


@pytest.mark.parametrize("content,message", [(None, "no such file"), ("just words\n", "no CoNLL-U sentences"),
                                             (b"\xff\xfe\x00", "not UTF-8")])
def test_models_evaluate_on_missing_or_odd_files_is_one_line(tmp_path, capsys, content, message):
    f = tmp_path / "gold.conllu"
    if isinstance(content, bytes):
        f.write_bytes(content)
    elif content is not None:
        f.write_text(content)
    assert main(["models", "evaluate", str(f)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_an_unexpected_exception_is_one_line_and_exit_2(monkeypatch, capsys):
    from attribution.cli import commands

    def boom(args):
        raise ZeroDivisionError("division by zero\n::error::injected")

    monkeypatch.setattr(commands, "dispatch", boom)
    monkeypatch.delenv("ATTRIBUTION_TRACEBACK", raising=False)
    assert main(["cache", "clear"]) == 2                # not 1: exit 1 means findings to a CI gate
    err = capsys.readouterr().err
    assert err.startswith("attribution: internal error: ZeroDivisionError") and len(err.splitlines()) == 1
