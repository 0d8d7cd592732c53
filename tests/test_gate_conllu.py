"""`parse --format conllu` writes valid CoNLL-U (# newdoc/# newpar, # sent_id, # text, range
lines for multi-word tokens) that `models evaluate` reads; a bad CoNLL-U file is one line,
exit 2 (issue 14)."""
from __future__ import annotations

import subprocess
import sys

from attribution.cli import main
from attribution.parse.conllu import from_conllu, to_conllu
from attribution.parse.evaluate import read_gold
from stored_parses import STORIES, require, stored_parse
from attribution.read.documents import read_article


def seed_conllu(tmp_path):
    require("seed")
    article = read_article(STORIES["seed"])
    parse = stored_parse("seed")
    path = tmp_path / "seed.conllu"
    path.write_text(to_conllu(parse, article.clean), encoding="utf-8")
    return article, parse, path


def test_conllu_has_sentence_ids_and_texts_that_match_the_tokens(tmp_path):
    article, parse, path = seed_conllu(tmp_path)
    text = path.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if b.strip()]
    assert len(blocks) == len(parse.sentences)
    for number, block in enumerate(blocks, start=1):
        lines = block.splitlines()
        assert f"# sent_id = {number}" in lines
        [sentence] = [line[len("# text = "):] for line in lines if line.startswith("# text = ")]
        rows = [line.split("\t") for line in lines if not line.startswith("#")]
        assert all(len(row) == 10 for row in rows)
        words = {int(r[0]) for r in rows if r[0].isdigit()}
        covered = {i for r in rows if "-" in r[0] for i in range(int(r[0].split("-")[0]), int(r[0].split("-")[1]) + 1)}
        tokens = [r[1] for r in rows if "-" in r[0] or (r[0].isdigit() and int(r[0]) not in covered)]
        assert words == set(range(1, len(words) + 1))
        assert "".join(tokens) == sentence.replace(" ", "")          # the CoNLL 2018 scorer's test
    assert from_conllu(text) == parse                                  # the cache still reads it


def test_models_evaluate_reads_the_tools_own_output(tmp_path):
    from stanza.models.common.utils import ud_scores
    _, _, path = seed_conllu(tmp_path)
    raw, words = read_gold(str(path))
    assert raw and words
    scores = ud_scores(str(path), str(path))        # the scorer accepts it: against itself, all 100
    assert scores["LAS"].f1 == 1.0 and scores["Tokens"].f1 == 1.0


def test_models_evaluate_on_a_missing_file_is_one_line(capsys):
    assert main(["models", "evaluate", "nothere.conllu"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nothere.conllu" in err and "Traceback" not in err


def test_models_evaluate_on_text_that_is_not_conllu_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.conllu"
    bad.write_text("1\tonly\ttwo columns\n\n")
    assert main(["models", "evaluate", str(bad)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_parse_then_evaluate_with_the_real_model(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("The minister said the talks had failed. \"We will try again,\" she added.\n\n"
                     "Officials didn't comment.\n")
    conllu = tmp_path / "s.conllu"
    run = [sys.executable, "-m", "attribution"]
    parsed = subprocess.run([*run, "parse", "--format", "conllu", str(story)], capture_output=True, text=True,
                            timeout=300)
    assert parsed.returncode == 0, parsed.stderr
    conllu.write_text(parsed.stdout)
    assert "# sent_id = 1" in parsed.stdout and "# text = Officials didn't comment." in parsed.stdout
    scored = subprocess.run([*run, "models", "evaluate", str(conllu)], capture_output=True, text=True, timeout=300)
    assert scored.returncode == 0, scored.stderr
    gold_row = next(line for line in scored.stdout.splitlines() if line.startswith("gold_tokens"))
    assert float(gold_row.split()[-1]) == 100.0      # the model agrees with its own parse
