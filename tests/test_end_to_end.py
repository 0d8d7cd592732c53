"""End to end with the REAL embedded Stanza pipeline, offline."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_4aebac7c11516d7c.txt"


def run_cli(*args, env_extra=None, cwd=None, stdin=None):
    env = dict(os.environ, HF_HUB_OFFLINE="1", HTTPS_PROXY="http://127.0.0.1:9",
               HTTP_PROXY="http://127.0.0.1:9", **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "attribution", *args], capture_output=True, text=True,
                          env=env, cwd=cwd or ROOT, input=stdin, timeout=300)


def test_embedded_pipeline_offline_finds_subject_of_said(tmp_path, monkeypatch):
    """An empty Stanza resources folder and no hub: the embedded model still parses."""
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from attribution.read.documents import article_from_text
    from attribution.parse.pipeline import parse_article
    art = article_from_text('"The honeymoon is over," an Iraqi official said.\n')
    parse = parse_article(art)
    words = [w for s in parse.sentences for w in s.words]
    said = next(w for w in words if w.text == "said")
    subjects = [w for w in words if w.head == said.index and w.deprel.startswith("nsubj")]
    assert [w.text for w in subjects] == ["official"]
    assert list(tmp_path.iterdir()) == []        # nothing was downloaded there


def test_audit_seed_json_contract(tmp_path):
    out = tmp_path / "report.json"
    r = run_cli("audit", "--format", "json", "--no-cache", "--output", str(out), str(SEED))
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text())
    art = data["articles"][0]
    assert data["model"].startswith("en_attrib@")
    assert art["summary"]["attributions"] >= 12
    for a in art["attributions"]:
        assert set(a) >= {"content", "kind", "cue", "speaker", "rule"}
        assert set(a["speaker"]) >= {"mention", "resolved", "name", "class", "role", "affiliation",
                                     "speaker_type"}
    text = SEED.read_text()
    folded = " ".join(text.split())
    for a in art["attributions"]:
        for start, end in a["spans"]:
            assert " ".join(text[start:end].split()) in folded
    assert 0.6 <= art["summary"]["anonymous_share"] <= 1.0


def test_audit_table_is_default_and_has_both_tables():
    r = run_cli("audit", "--no-cache", str(SEED))
    assert r.returncode == 0, r.stderr
    assert "anonymous share" in r.stdout and "speaker type" in r.stdout
    assert "anonymous Iraqi official" in r.stdout


def test_check_seed_exits_one_with_anonymous_share_finding():
    r = run_cli("check", "--no-cache", str(SEED))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "AC002" in r.stdout


def test_bad_flag_exits_two_with_one_line():
    r = run_cli("audit", "--no-such-flag", str(SEED))
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1


def test_missing_file_among_good_ones_exits_two_and_reports_the_rest(tmp_path):
    out = tmp_path / "r.json"
    r = run_cli("audit", "--format", "json", "--no-cache", "-o", str(out), str(SEED), str(tmp_path / "nope.txt"))
    assert r.returncode == 2
    data = json.loads(out.read_text())
    assert len(data["articles"]) == 1 and "nope.txt" in data["errors"][0]["error"]


def test_stdin_input():
    r = run_cli("audit", "--format", "json", "--no-cache", "-", stdin='"We won," the coach said.\n')
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["articles"][0]["attributions"][0]["speaker"]["mention"] == "the coach"


def test_input_file_is_never_modified(tmp_path):
    import hashlib
    story = tmp_path / "s.txt"
    story.write_bytes(SEED.read_bytes())
    before = hashlib.sha256(story.read_bytes()).hexdigest()
    run_cli("audit", "--cache-dir", str(tmp_path / "c"), str(story))
    assert hashlib.sha256(story.read_bytes()).hexdigest() == before


def test_official_model_without_resources_fails_with_one_clear_line(tmp_path):
    r = run_cli("audit", "--model", "stanza", str(SEED), env_extra={"STANZA_RESOURCES_DIR": str(tmp_path)})
    assert r.returncode == 2
    assert "attribution models download" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("code", ["AT101", "AC001"])
def test_explain(code):
    r = run_cli("explain", code)
    assert r.returncode == 0 and code in r.stdout


def test_explain_unknown_code_exits_two():
    assert run_cli("explain", "ZZ999").returncode == 2


def test_models_evaluate_prints_scores():
    r = run_cli("models", "evaluate", str(ROOT / "tests" / "fixtures" / "ewt-test-sample.conllu"))
    assert r.returncode == 0, r.stderr
    assert "LAS" in r.stdout and "raw_text" in r.stdout and "gold_tokens" in r.stdout
    gold_row = next(line for line in r.stdout.splitlines() if line.startswith("gold_tokens"))
    las = float(gold_row.split()[-1])
    assert 50 <= las <= 100


def test_parse_prints_conllu_with_offsets():
    r = run_cli("parse", "--format", "conllu", str(SEED))
    assert r.returncode == 0, r.stderr
    rows = [line.split("\t") for line in r.stdout.splitlines() if line and not line.startswith("#")]
    assert all(len(row) == 10 for row in rows)
    assert any(row[1] == "said" and row[7] in ("root", "parataxis", "ccomp", "conj") for row in rows)
    assert all("start_char=" in row[9] for row in rows)


def test_parse_text_view_lists_quotations():
    r = run_cli("parse", str(SEED))
    assert r.returncode == 0, r.stderr
    assert "# quotations" in r.stdout and "honeymoon is over" in r.stdout


def test_model_load_leaves_no_temporary_folder(tmp_path):
    """Loading the embedded model used to leave /tmp/attribution-stanza-* behind every time."""
    story = tmp_path / "s.txt"
    story.write_text('"It is over," an official said.\n')
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = run_cli("audit", str(story), "--no-cache", "--quiet", env_extra={"TMPDIR": str(scratch)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert [p.name for p in scratch.iterdir() if p.name.startswith("attribution-stanza-")] == []
