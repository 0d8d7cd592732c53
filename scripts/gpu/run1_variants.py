# Record of the first GPU run for the shipped model; see scripts/gpu/README.md.
"""One-shot GPU training run: two vector variants x (tagger, parser) plus a tokenizer.

Run from the repo root on the device:  python3 gpu/train.py OUTDIR SECONDS
Everything it needs is under gpu/ (data gz, vectors, old pretrain).
"""
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(sys.argv[1])
BUDGET = float(sys.argv[2])
EVAL = sys.argv[3] if len(sys.argv) > 3 else "400"
G = Path("gpu").resolve()
W = Path("/tmp/gtrain")
W.mkdir(exist_ok=True)
SHORT = "en_attrib"
T0 = time.time()


def log(*a):
    print(f"[{time.time() - T0:6.1f}s]", *a, flush=True)


def gunzip(name):
    dst = W / name[:-3]
    with gzip.open(G / "data" / name, "rb") as f, open(dst, "wb") as g:
        shutil.copyfileobj(f, g)
    return dst


files = {n: gunzip(n) for n in os.listdir(G / "data") if n.endswith(".gz")}
log("unpacked", sorted(files))

# pretrain B from the compact vectors
import numpy as np  # noqa: E402
from stanza.models.common.pretrain import Pretrain  # noqa: E402

vocab = (G / "vec" / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
vecs = np.load(G / "vec" / "vectors.npy").astype(np.float32)
assert len(vocab) == len(vecs), (len(vocab), vecs.shape)
txt = W / "vectorsB.txt"
with open(txt, "w", encoding="utf-8") as f:
    f.write(f"{len(vocab)} {vecs.shape[1]}\n")
    for w, v in zip(vocab, vecs):
        f.write(w + " " + " ".join(f"{x:.5f}" for x in v) + "\n")
pre = {"A": str(Path("attribution/models/en_attrib/pretrain.pt").resolve()), "B": str(W / "pretrainB.pt")}
Pretrain(pre["B"], str(txt)).load()
log("pretrain B built", os.path.getsize(pre["B"]))

env = dict(os.environ, OMP_NUM_THREADS="3", MKL_NUM_THREADS="3", HF_HUB_OFFLINE="1")
procs = {}


ONLY = os.environ.get("ONLY", "")


def start(name, args):
    if ONLY and name not in ONLY.split(","):
        return
    (W / name).mkdir(exist_ok=True)
    logf = open(W / f"{name}.log", "w")
    procs[name] = subprocess.Popen([sys.executable, *args], stdout=logf, stderr=subprocess.STDOUT,
                                   env=env, cwd=W / name)
    log("started", name)


for v in ("A", "B"):
    start(f"pos{v}", ["-m", "stanza.models.tagger", "--mode", "train", "--lang", "en", "--shorthand", SHORT,
                      "--train_file", str(files["train.gold.conllu.gz"]), "--eval_file", str(files["dev.gold.conllu.gz"]),
                      "--output_file", "dev.pred.conllu", "--wordvec_pretrain_file", pre[v],
                      "--save_dir", ".", "--save_name", "pos.pt", "--share_hid",
                      "--char_hidden_dim", "200", "--deep_biaff_hidden_dim", "200",
                      "--batch_size", "250", "--eval_interval", EVAL, "--max_steps", "100000"])
    start(f"dep{v}", ["-m", "stanza.models.parser", "--mode", "train", "--lang", "en", "--shorthand", SHORT,
                      "--train_file", str(files["train.pred.conllu.gz"]), "--eval_file", str(files["dev.pred.conllu.gz"]),
                      "--output_file", "dev.pred.conllu", "--wordvec_pretrain_file", pre[v],
                      "--save_dir", ".", "--save_name", "depparse.pt",
                      "--hidden_dim", "200", "--num_layers", "2", "--char_hidden_dim", "100",
                      "--deep_biaff_hidden_dim", "200", "--batch_size", "5000",
                      "--eval_interval", EVAL, "--max_steps", "100000", "--second_optim_start_step", "4000"])
start("tok", ["-m", "stanza.models.tokenizer", "--mode", "train", "--lang", "en", "--shorthand", SHORT,
              "--label_file", str(files["train.toklabels.gz"]), "--txt_file", str(files["train.txt.gz"]),
              "--dev_txt_file", str(files["dev.txt.gz"]), "--dev_label_file", str(files["dev.toklabels.gz"]),
              "--dev_conll_gold", str(files["dev.tokgold.conllu.gz"]), "--mwt_json_file", str(files["dev-mwt.json.gz"]),
              "--max_seqlen", "300", "--save_dir", ".", "--save_name", "tokenizer.pt",
              "--steps", "50000", "--eval_steps", str(int(EVAL) + 100), "--max_steps_before_stop", "50000"])

# fail fast: anything dead after 45 s is a bug, not a budget
time.sleep(float(os.environ.get('FAILFAST', '45')))
for name, p in procs.items():
    if p.poll() is not None:
        log(f"{name} died rc={p.returncode}:\n" + (W / f"{name}.log").read_text()[-3000:])
if shutil.which("nvidia-smi"):
    subprocess.run(["nvidia-smi", "--query-gpu=utilization.gpu,memory.used", "--format=csv"])

deadline = T0 + BUDGET
while time.time() < deadline and any(p.poll() is None for p in procs.values()):
    time.sleep(10)
for name, p in procs.items():
    if p.poll() is None:
        p.send_signal(2)
time.sleep(8)
for name, p in procs.items():
    if p.poll() is None:
        p.kill()
log("stopped all")


def best(name, pattern):
    if not (W / f"{name}.log").exists():
        return 0.0, 0
    text = (W / f"{name}.log").read_text()
    scores = [float(x) for x in re.findall(pattern, text)]
    return (max(scores) if scores else 0.0), len(scores)


summary = {}
for v in ("A", "B"):
    summary[f"pos{v}"] = best(f"pos{v}", r"dev_score = ([0-9.]+)")
    summary[f"dep{v}"] = best(f"dep{v}", r"dev_score = ([0-9.]+)")
summary["tok"] = best("tok", r"Dev score: ([0-9.]+)")
log("summary", summary)
gain_b = (summary["posB"][0] - summary["posA"][0]) + (summary["depB"][0] - summary["depA"][0])
pick = "B" if gain_b > 0 else "A"
log("pick", pick, "gain", gain_b)

pack = W / "pack"
pack.mkdir(exist_ok=True)
for src, dst in ((W / f"pos{pick}" / "pos.pt", "pos.pt"), (W / f"dep{pick}" / "depparse.pt", "depparse.pt"),
                 (W / "tok" / "tokenizer.pt", "tokenizer.pt"), (Path(pre[pick]), "pretrain.pt")):
    if src.exists():
        shutil.copy(src, pack / dst)
    else:
        log("missing", src)
for name in procs:
    shutil.copy(W / f"{name}.log", pack / f"{name}.log")
(pack / "summary.json").write_text(json.dumps({"summary": summary, "pick": pick, "seconds": time.time() - T0}, indent=1))
subprocess.run(["tar", "czf", str(W / "pack.tgz"), "-C", str(pack), "."], check=True)
subprocess.run(["split", "-b", "15m", "-d", str(W / "pack.tgz"), str(OUT / "pack.tgz.part")], check=True)
log("packed", sorted(os.listdir(OUT)))
