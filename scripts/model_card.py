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

from attribution.evaluate_model import evaluate  # noqa: E402
from attribution.parsing import EMBEDDED, MODEL_FILES, model_identity  # noqa: E402

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

    card = f"""# Model card: en_attrib (embedded English Stanza models)

Identity: `{model_identity(spec)}`

## What
Stanza {__import__('stanza').__version__} models, trained by `scripts/train_models.py` with Stanza's own
trainers, used by default by the attribution auditor: tokenizer (+ multi-word token expander),
POS tagger, lemmatizer (dictionary), dependency parser, and 100-dimension word2vec vectors
built from the training text with gensim (the pretrain file Stanza requires).

Files and sizes (MB): {', '.join(f'{k} {v}' for k, v in sizes.items())}; total {round(sum(sizes.values()), 1)} MB.

## Data and licence
- Training: UD English EWT train (CC BY-SA 4.0) + UD English GUM train **without** the
  non-commercial genres: documents `GUM_whow_*` (wikiHow) and `GUM_fiction_*` are dropped by
  document id. Counts: {json.dumps(training.get('treebank_counts', {}))}.
- Model selection: UD English EWT dev. Tests: EWT test; GUM test news documents.
- Licence of these model files: **CC BY-SA 4.0** (derived from EWT, CC BY-SA 4.0, and GUM's
  CC BY documents).

## Settings
- Parser: hidden 200, 2 layers, char hidden 100, deep biaffine 200, batch 1000 words,
  trained on gold tags; tagger: shared hidden layer (`--share_hid`), char hidden 200,
  deep biaffine 200; no character language model, no transformer.
- Training time budget per stage (minutes): {json.dumps(training.get('settings', {}))};
  measured stage seconds: {json.dumps(training.get('stage_seconds', {}))}.

## Scores (CoNLL 2018 scorer)
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
