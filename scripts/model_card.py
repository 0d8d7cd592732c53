#!/usr/bin/env python3
"""Evaluate the embedded models on UD test sets and write MODEL_CARD.md beside them.

    python scripts/model_card.py --ud ../shared/ud [--model attribution/models/en_attrib]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from attribution.parse.evaluate import evaluate  # noqa: E402
from attribution.parse.pipeline import EMBEDDED, MODEL_FILES, model_identity  # noqa: E402

NEWS_PREFIX = "GUM_news_"


def gum_news_test(ud: Path) -> Path:
    out, doc = [], ""
    for block in (ud / "UD_English-GUM" / "en_gum-ud-test.conllu").read_text(encoding="utf-8").split("\n\n"):
        for line in block.splitlines():
            if line.startswith("# newdoc id ="):
                doc = line.split("=", 1)[1].strip()
        if block.strip() and doc.startswith(NEWS_PREFIX):
            out.append(block.strip("\n"))
    path = Path(tempfile.mkdtemp()) / "gum-news-test.conllu"
    path.write_text("\n\n".join(out) + "\n\n", encoding="utf-8")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ud", type=Path, required=True)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    folder = Path(args.model) if args.model else EMBEDDED
    spec = None if args.model is None else args.model
    t0 = time.time()
    ewt = evaluate(str(args.ud / "UD_English-EWT" / "en_ewt-ud-test.conllu"), spec)
    news = evaluate(str(gum_news_test(args.ud)), spec)
    training = json.loads((folder / "training.json").read_text()) if (folder / "training.json").exists() else {}
    sizes = {name: round((folder / name).stat().st_size / 1e6, 2) for name in sorted(set(MODEL_FILES.values()))}
    scores = {"ewt_test": ewt, "gum_news_test": news, "evaluated_in_seconds": round(time.time() - t0, 1)}
    (folder / "scores.json").write_text(json.dumps(scores, indent=2) + "\n")

    def row(name, res):
        r, g = res["raw_text"], res["gold_tokens"]
        return (f"| {name} | {r['Tokens']} | {r['Sentences']} | {r['UPOS']} | {r['UAS']} | {r['LAS']} | "
                f"{g['UPOS']} | {g['LAS']} |")

    vectors = training.get("vectors", {})
    history = "\n".join(f"| {h['model']} | {h['device']} | {h['run']} | {h['dev']} |"
                        for h in training.get("history", []))
    card = f"""# Model card: en_attrib (embedded English Stanza models)

Identity: `{model_identity(spec)}`

## What
Stanza {__import__('stanza').__version__} models, trained by `scripts/train_models.py` with Stanza's own
trainers, used by default by the attribution auditor: tokenizer (+ multi-word token expander),
POS tagger, lemmatizer (dictionary), dependency parser, and the word vectors Stanza requires
({vectors.get('vocabulary', '?')} words x {vectors.get('dimensions', '?')} dimensions, kind `{vectors.get('kind', '?')}`).
No character language model and no transformer run at parse time.

Files and sizes (MB): {', '.join(f'{k} {v}' for k, v in sizes.items())}; total {round(sum(sizes.values()), 1)} MB.

## Data and licence
- Training: UD English EWT train (CC BY-SA 4.0) + UD English GUM train **without** the
  non-commercial genres: documents `GUM_whow_*` (wikiHow) and `GUM_fiction_*` are dropped by
  document id. Counts: {json.dumps(training.get('treebank_counts', {}))}.
- Word vectors (`broad`): the treebank's own word2vec vectors (60 dimensions after PCA), an
  estimate of them for 27,000 more words from wordfreq's English list (CC BY-SA 4.0), and 40
  dimensions of decontextualised all-MiniLM-L6-v2 features (Apache-2.0), computed once at
  training time.
- Model selection: UD English EWT dev. Tests: EWT test; GUM test news documents.
- Licence of these model files: **CC BY-SA 4.0** (derived from EWT, CC BY-SA 4.0, GUM's
  CC BY documents, wordfreq's CC BY-SA data and MiniLM's Apache-2.0 weights).

## Settings
- Parser: graph (biaffine), hidden 200, 2 layers, char hidden 100, deep biaffine 200;
  trained on tags predicted by a tagger, as it sees them at parse time.
- Tagger: shared hidden layer (`--share_hid`), char hidden 200, deep biaffine 200.
- {training.get('settings_note', '')}

## How the shipped files were trained
| model | device | run | best dev score |
|---|---|---|---|
{history}

## Scores (CoNLL 2018 scorer)
"Gold tokens" hands the pipeline UD's gold syntactic words (contractions already split),
so its tokens F1 is below 100 where UD writes a multi-word token.

| test set | tokens F1 | sentences F1 | UPOS | UAS | LAS | UPOS (gold tokens) | LAS (gold tokens) |
|---|---|---|---|---|---|---|---|
{row('UD English EWT test', ewt)}
{row('GUM test, news documents', news)}

## Limits
Small, fast models: expect parse errors on long sentences, inverted quotation cues and rare
names. The auditor's rules are written to survive them (surface fall-backs), but accuracy is
lower than with Stanza's official models (`--model stanza`).
"""
    (folder / "MODEL_CARD.md").write_text(card)
    print(card)


if __name__ == "__main__":
    main()
