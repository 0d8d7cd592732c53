# Record of the second GPU run for the shipped model; see scripts/gpu/README.md.
"""Second stage for the parser picked in run 1: Adam (stanza's second optimizer, lr 2e-4)
from the best Adadelta checkpoint, alone on the GPU.  python3 gpu/cont.py OUT SECONDS EVAL"""
import gzip, os, re, shutil, subprocess, sys, time
from pathlib import Path
import numpy as np
from stanza.models.common.pretrain import Pretrain
OUT, BUDGET, EVAL = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
G = Path("gpu").resolve(); W = Path("/tmp/gcont"); W.mkdir(exist_ok=True); T0 = time.time()
def log(*a): print(f"[{time.time() - T0:6.1f}s]", *a, flush=True)
for n in ("train.pred.conllu.gz", "dev.pred.conllu.gz"):
    with gzip.open(G / "data" / n, "rb") as f, open(W / n[:-3], "wb") as g:
        shutil.copyfileobj(f, g)
vocab = (G / "vec" / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
vecs = np.load(G / "vec" / "vectors.npy").astype(np.float32)
with open(W / "v.txt", "w", encoding="utf-8") as f:
    f.write(f"{len(vocab)} {vecs.shape[1]}\n")
    for w, v in zip(vocab, vecs):
        f.write(w + " " + " ".join(f"{x:.5f}" for x in v) + "\n")
Pretrain(str(W / "pretrainB.pt"), str(W / "v.txt")).load()
log("pretrain built")
(W / "dep").mkdir(exist_ok=True)
# switching optimizers reloads the best model file, so start it as run 1's best
shutil.copy(G / "depB.pt", W / "dep" / "depparse.pt")
env = dict(os.environ, OMP_NUM_THREADS="8", HF_HUB_OFFLINE="1")
p = subprocess.Popen([sys.executable, "-m", "stanza.models.parser", "--mode", "train", "--lang", "en",
    "--shorthand", "en_attrib", "--train_file", str(W / "train.pred.conllu"), "--eval_file", str(W / "dev.pred.conllu"),
    "--output_file", "dev.out.conllu", "--wordvec_pretrain_file", str(W / "pretrainB.pt"),
    "--save_dir", ".", "--save_name", "depparse.pt", "--continue_from", str(G / "depB.pt"),
    "--hidden_dim", "200", "--num_layers", "2", "--char_hidden_dim", "100", "--deep_biaff_hidden_dim", "200",
    "--batch_size", "5000", "--eval_interval", EVAL, "--max_steps", "100000", "--second_optim_start_step", "0"],
    stdout=open(W / "dep.log", "w"), stderr=subprocess.STDOUT, env=env, cwd=W / "dep")
while time.time() < T0 + BUDGET and p.poll() is None:
    time.sleep(5)
if p.poll() is None:
    p.send_signal(2); time.sleep(6)
if p.poll() is None:
    p.kill()
text = (W / "dep.log").read_text()
print("\n".join(re.findall(r"step \d+: .*dev_score = [0-9.]+|Switching.*|Error.*", text)[-12:]))
shutil.copy(W / "dep.log", OUT / "dep.log")
if (W / "dep" / "depparse.pt").exists():
    subprocess.run(["split", "-b", "15m", "-d", str(W / "dep" / "depparse.pt"), str(OUT / "depparse.pt.part")], check=True)
log("done", sorted(os.listdir(OUT)))
