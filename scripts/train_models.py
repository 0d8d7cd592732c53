#!/usr/bin/env python3
"""Train the compact English Stanza models that ship inside the package.

Uses Stanza's own model trainers (``stanza.models.tokenizer``, ``mwt_expander``,
``tagger``, ``lemmatizer``, ``parser``), called directly because the
``stanza.utils.training.run_*`` wrappers try to download vectors and character
models.  Everything here works offline.

Data: UD English EWT (CC BY-SA 4.0) plus the CC BY genres of UD English GUM.
GUM's wikiHow (``GUM_whow_*``) and fiction (``GUM_fiction_*``) documents are
non-commercial and are dropped by document id, so the shipped models are
CC BY-SA 4.0.

Usage::

    python scripts/train_models.py --ud ../shared/ud --work build/train \
        --out attribution/models/en_attrib --minutes-parser 60 --minutes-tagger 40

Two chains run side by side, one core each (OMP_NUM_THREADS=1):
  A: word vectors -> dependency parser (the slowest model)
  B: tokenizer -> MWT -> lemmatizer -> POS tagger
Each trainer keeps its best dev checkpoint on disk, so a stage that reaches its
time budget is stopped with SIGINT and its best checkpoint is kept.
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


def train_vectors(work: Path, train_conllu: Path, out: Path) -> dict:
    """word2vec on the treebank's own words; small vocabulary keeps the pretrain small."""
    from gensim.models import Word2Vec
    from stanza.models.common.pretrain import Pretrain

    sentences = []
    for _, block in read_conllu_docs(train_conllu):
        words = [l.split("\t")[1].lower() for l in block.splitlines()
                 if l and not l.startswith("#") and l.split("\t")[0].isdigit()]
        sentences.append(words)
    model = Word2Vec(sentences, vector_size=100, window=5, min_count=2, workers=1, epochs=15, seed=1)
    txt = work / "vectors.txt"
    model.wv.save_word2vec_format(str(txt), binary=False)
    if out.exists():
        out.unlink()
    pt = Pretrain(str(out), str(txt))
    pt.load()
    return {"vocabulary": len(model.wv), "dimensions": 100, "sentences": len(sentences)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ud", type=Path, required=True, help="folder holding UD_English-EWT and UD_English-GUM")
    ap.add_argument("--work", type=Path, default=Path("build/train"), help="scratch folder for data and checkpoints")
    ap.add_argument("--out", type=Path, required=True, help="folder to write the finished model files into")
    ap.add_argument("--minutes-parser", type=float, default=60)
    ap.add_argument("--minutes-tagger", type=float, default=40)
    ap.add_argument("--minutes-tokenizer", type=float, default=12)
    ap.add_argument("--minutes-mwt", type=float, default=4)
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

    def chain_parser():
        report["vectors"] = train_vectors(work, train, pretrain)
        runner.run("depparse", ["-m", "stanza.models.parser", "--mode", "train", "--lang", "en",
                                "--shorthand", SHORT, "--train_file", str(train), "--eval_file", str(dev),
                                "--output_file", str(work / "depparse.dev.pred.conllu"),
                                "--wordvec_pretrain_file", str(pretrain),
                                "--save_dir", str(saved), "--save_name", "depparse.pt",
                                "--hidden_dim", "200", "--num_layers", "2", "--char_hidden_dim", "100",
                                "--deep_biaff_hidden_dim", "200", "--batch_size", "1000",
                                "--eval_interval", "200", "--max_steps", "100000"],
                   args.minutes_parser)

    def chain_tagging():
        tok_dir = data_root / "tokenize"
        runner.run("prepare-tokenize", ["-m", "stanza.utils.datasets.prepare_tokenizer_treebank", TREEBANK])
        seqlen = "300"
        runner.run("tokenizer", ["-m", "stanza.models.tokenizer", "--mode", "train", "--lang", "en",
                                 "--shorthand", SHORT,
                                 "--label_file", str(tok_dir / f"{SHORT}-ud-train.toklabels"),
                                 "--txt_file", str(tok_dir / f"{SHORT}.train.txt"),
                                 "--dev_txt_file", str(tok_dir / f"{SHORT}.dev.txt"),
                                 "--dev_label_file", str(tok_dir / f"{SHORT}-ud-dev.toklabels"),
                                 "--dev_conll_gold", str(tok_dir / f"{SHORT}.dev.gold.conllu"),
                                 "--mwt_json_file", str(tok_dir / f"{SHORT}-ud-dev-mwt.json"),
                                 "--max_seqlen", seqlen, "--save_dir", str(saved),
                                 "--save_name", "tokenizer.pt", "--max_steps", "20000"],
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
        while not pretrain.exists():  # the tagger shares the parser chain's vectors
            time.sleep(5)
        time.sleep(5)
        runner.run("pos", ["-m", "stanza.models.tagger", "--mode", "train", "--lang", "en",
                           "--shorthand", SHORT, "--train_file", str(train), "--eval_file", str(dev),
                           "--output_file", str(work / "pos.dev.pred.conllu"),
                           "--wordvec_pretrain_file", str(pretrain),
                           "--save_dir", str(saved), "--save_name", "pos.pt", "--share_hid",
                           "--char_hidden_dim", "200", "--deep_biaff_hidden_dim", "200",
                           "--batch_size", "64", "--eval_interval", "200", "--max_steps", "100000"],
                   args.minutes_tagger)

    threads = [threading.Thread(target=chain_parser), threading.Thread(target=chain_tagging)]
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
        "settings": {"minutes_parser": args.minutes_parser, "minutes_tagger": args.minutes_tagger,
                     "minutes_tokenizer": args.minutes_tokenizer, "minutes_mwt": args.minutes_mwt},
        "stage_seconds": runner.timings,
        "total_seconds": round(time.time() - started, 1),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "data": {"train": "UD English EWT train + GUM train without GUM_whow_* and GUM_fiction_*",
                 "dev": "UD English EWT dev", "test": "UD English EWT test"},
    })
    (args.out / "training.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
