"""scripts/polnear_gold.py and bench/polnear.py's scoring, on a hand-written brat sample.

tests/fixtures/brat/ is laid out like a PolNeAR checkout (data/dev/text, data/dev/attributions)
with invented sentences: no PolNeAR text is used here.
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BRAT = Path(__file__).parent / "fixtures" / "brat"
STEM = "harbour-bridge-repairs"


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pg():
    return load("polnear_gold", ROOT / "scripts" / "polnear_gold.py")


@pytest.fixture(scope="module")
def gold(pg):
    docs = pg.gold_for_split(BRAT, "dev")
    assert list(docs) == [STEM]
    return docs[STEM]["attributions"]


def by_cue(gold, cue):
    found = [g for g in gold if g["cue"] == cue]
    assert found, cue
    return found


def test_every_relation_with_content_becomes_one_attribution_in_text_order(gold):
    assert [g["cue"] for g in gold] == ["says", "said", "said", "expect", "told", "according to", "said", "reads", "said",
                                        "did not respond to", "had announced"]


def test_required_when_quoted_or_speech_cue_optional_otherwise(gold):
    optional = {g["cue"] for g in gold if g.get("optional")}
    # stance; document cue; non-answer; a two-word topic after a speech verb
    assert optional == {"expect", "according to", "did not respond to", "had announced"}
    assert all(g["flag"] for g in gold if g.get("optional"))
    assert not any(g.get("optional") for g in by_cue(gold, "told"))   # irregular past of a lexicon verb
    assert not by_cue(gold, "reads")[0].get("optional")                # no speech cue, but quoted


def test_split_quotation_keeps_the_longer_piece_without_outer_marks(gold):
    mayor = next(g for g in gold if g["speaker"]["mention"] == "the mayor")
    assert mayor["content"] == "The repairs are nearly done and the inspectors are happy with the new deck."
    assert mayor["kind"] == "direct"


def test_quotation_over_two_paragraphs_is_one_piece(gold):
    ada = next(g for g in gold if (g["speaker"]["mention"] or "").startswith("Ada Brennan"))
    assert ada["content"].startswith("But we would rather have the noise now")
    assert ada["content"].endswith("come on foot anyway.")
    assert "Night work is noisy" not in ada["content"]
    assert ada["speaker"]["resolved"] == "Ada Brennan, who runs a bakery by the bridge"
    assert ada["speaker"]["name"] == "Ada Brennan"             # the head, before the relative clause


def test_source_text_is_mention_and_resolved_and_no_class_role_or_affiliation(gold):
    council = next(g for g in gold if g["speaker"]["mention"] == "Council officials")
    assert council["speaker"] == {"mention": "Council officials", "resolved": "Council officials", "name": None}
    assert council["content"] == "the repair budget would cover the extra cost of night work"
    assert council["kind"] == "indirect"
    sign = by_cue(gold, "reads")[0]
    assert sign["speaker"]["mention"] is None and sign["speaker"]["resolved"] is None
    assert sign["content"] == "Walkway closed until further notice."


def test_relative_pronoun_source_keeps_its_mention_but_is_not_resolved(gold):
    ferry = gold[8]
    assert ferry["content"] == "it would add weekend sailings" and not ferry.get("optional")
    assert ferry["speaker"]["mention"] == "which" and ferry["speaker"]["resolved"] is None
    assert ferry["flag"]


def test_the_first_annotator_by_name_is_taken(pg):
    _txt, ann = pg.articles(BRAT, "dev")[0]
    assert ann.name == f"{STEM}_aa11.ann"


def test_continuation_lines_and_other_labels_are_skipped(pg):
    spans, relations = pg.parse_ann((BRAT / "data/dev/attributions" / f"{STEM}_aa11.ann").read_text(encoding="utf-8"))
    assert {s.label for s in spans.values()} >= {"Discuss", "Discard"}
    assert len(relations) == 11
    assert spans["T25"].pieces == [(512, 534), (586, 656), (658, 701)]


@pytest.mark.parametrize("word, lemma", [("said", "say"), ("says", "say"), ("noted", "note"), ("denied", "deny"),
                                          ("admitted", "admit"), ("warning", "warn"), ("told", "tell")])
def test_simple_lemmatiser_reaches_the_lexicon(pg, word, lemma):
    assert lemma in pg.lemma_candidates(word)
    assert pg.is_speech_cue(word, pg.speech_lemmas())


def test_negation_needs_a_governor_not_a_stripped_suffix(pg):
    governors = pg.negation_governors()
    assert pg.is_negated_cue("declined to say", governors)
    assert pg.is_negated_cue("isn\u2019t saying", governors)
    assert not pg.is_negated_cue("noted", governors)         # strips to "not"
    assert not pg.is_negated_cue("notes", governors)


def test_quotation_marks_but_not_apostrophes(pg):
    assert pg.has_quotation("the plan was \u201ca mistake\u201d")
    assert pg.has_quotation("it was ''a mistake''")
    assert pg.has_quotation("it was 'a mistake' all along")
    assert not pg.has_quotation("the council\u2019s plan and the traders' survey")


def test_command_writes_gold_files_and_refuses_test(tmp_path):
    script = ROOT / "scripts" / "polnear_gold.py"
    ok = subprocess.run([sys.executable, str(script), str(BRAT), str(tmp_path / "gold"), "--split", "dev"],
                        check=False, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    doc = json.loads((tmp_path / "gold" / f"{STEM}.json").read_text(encoding="utf-8"))
    assert doc["article"] == f"{STEM}.txt" and len(doc["attributions"]) == 11
    refused = subprocess.run([sys.executable, str(script), str(BRAT), str(tmp_path / "t"), "--split", "test"],
                             check=False, capture_output=True, text=True)
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1 and "test" in refused.stderr
    assert not (tmp_path / "t").exists()


def test_bench_scores_content_and_speaker_with_error_categories(gold):
    bench = load("polnear_bench", ROOT / "bench" / "polnear.py")
    match, same_speaker = bench.matcher(None)
    def speaker(mention):
        return {"mention": mention, "resolved": mention, "name": None, "class": "named person"}
    preds = [
        {"content": "The repairs are nearly done and the inspectors are happy with the new deck.",
         "speaker": speaker("the mayor")},                                          # right
        {"content": "the repair budget would cover the extra cost of night work",
         "speaker": speaker("the chief engineer")},                                 # wrong speaker
        {"content": "that the last steel beams had arrived on Tuesday",
         "speaker": {"mention": None, "resolved": None, "class": "unattributed"}},  # unattributed
        {"content": "the reopening to lift sales along the waterfront", "speaker": speaker("Local traders")},
        {"content": "Ferries will run every twenty minutes", "speaker": speaker("the operator")},  # spurious
    ]
    report = {"articles": [{"path": f"x/{STEM}.txt", "attributions": preds}]}
    figures, errors = bench.evaluate({STEM: {"attributions": gold}}, report, match, same_speaker)
    assert figures["gold_required"] == 7 and figures["matched"] == 3 and figures["optional_found"] == 1
    assert figures["content_precision"] == 0.75 and figures["content_recall"] == round(3 / 7, 3)
    assert figures["errors"] == {"missed": 4, "spurious": 1, "unattributed": 1, "wrong_speaker": 1}
    assert figures["speaker_sourced"] == 3 and figures["speaker_acc"] == round(1 / 3, 3)
    assert {e["category"] for e in errors} == {"missed", "spurious", "unattributed", "wrong_speaker"}


def test_a_second_content_piece_named_content2_counts_and_the_longer_piece_wins(pg):
    # brat names the second piece of a quotation split by its cue clause Content2; the
    # gold content is the longest piece, as the guide says, wherever brat put it
    text = '"Fares stay," the mayor said on Monday. "The new trams will run every six minutes from June."'
    first, second = text.index('"Fares'), text.index('"The new')
    cue, source = text.index("said"), text.index("the mayor")
    ann = (f"T1\tContent {first} {first + 13}\t\"Fares stay,\"\n"
           f"T2\tSource {source} {source + 9}\tthe mayor\n"
           f"T3\tCue {cue} {cue + 4}\tsaid\n"
           f"T4\tAttribution {cue} {cue + 4}\tsaid\n"
           f"E1\tAttribution:T4 Cue:T3 Source:T2 Content:T1 Content2:T5\n"
           f"T5\tContent {second} {len(text)}\t{text[second:]}\n")
    rows = pg.convert(text, ann, pg.Lexicon.read())
    assert [r["content"] for r in rows] == ["The new trams will run every six minutes from June."]
    assert rows[0]["kind"] == "direct" and not rows[0].get("optional")
