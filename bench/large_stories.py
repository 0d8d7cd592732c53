#!/usr/bin/env python3
"""Very large stories through the whole audit: seconds and peak memory of each.

    python bench/large_stories.py                       # the three stories, stored parses
    python bench/large_stories.py --parser real --scale 0.02

The three stories of issue 16: a 20 MB story (the dev stories repeated), one 5 MB
paragraph and 100,000 one-word paragraphs. Each runs in its own process (read, parse in
bounded batches, rules, checks, JSON report) and reports its wall time and peak resident
memory (ru_maxrss of that process). ``--scale`` shrinks every story (0.02: 400 KB, 100 KB,
2,000 paragraphs) so that a run with the real parser ends in minutes on a small machine.

``--parser stored`` (default) stands the stored real parses of the dev stories in for the
parser (a paragraph it does not know gets one flat sentence per cut), so the row measures
everything but the neural network, at full size; ``--parser real`` runs Stanza.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

STORIES = {
    "20 MB story": 20_000_000,
    "one 5 MB paragraph": 5_000_000,
    "100,000 one-word paragraphs": 100_000,
}
SENTENCE = "The minister said the plan would go ahead next year, officials told reporters. "


def write_story(kind: str, scale: float, folder: Path) -> Path:
    size = max(1, int(STORIES[kind] * scale))
    path = folder / (kind.replace(" ", "-").replace(",", "") + ".txt")
    if kind == "20 MB story":
        from stored_parses import STORIES as STORED
        texts = [p.read_text(encoding="utf-8").strip("\n") for p in STORED.values()]
        parts, n, k = [], 0, 0
        while n < size:
            parts.append(texts[k % len(texts)])
            n += len(parts[-1]) + 2
            k += 1
        path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    elif kind == "one 5 MB paragraph":
        path.write_text(SENTENCE * (size // len(SENTENCE) + 1) + "\n", encoding="utf-8")
    else:
        path.write_text("Headline\n\n" + "".join(f"word{i % 97}\n\n" for i in range(size)), encoding="utf-8")
    return path


def stand_in_parser() -> None:
    """Parsing from the stored real parses of the dev stories, in this process."""
    import attribution.parse.pipeline as pipeline
    import attribution.research.corpus as corpus
    parse_texts, model_id = stand_in()
    pipeline.parse_texts = parse_texts
    corpus.model_identity = lambda spec=None: model_id


def stand_in():
    """(parse_texts, model id): parsing from the stored real parses of the dev stories,
    paragraph by paragraph (a paragraph they do not hold: one flat sentence per cut)."""
    import attribution.parse.pipeline as pipeline
    from attribution.model import Parse, Sentence, Word
    from attribution.read.documents import read_article
    from stored_parses import STORIES as STORED, stored_parse
    known: dict[str, list[Sentence]] = {}
    model_id = ""
    for stem, p in STORED.items():
        art, parse = read_article(p), stored_parse(stem)
        model_id = parse.model_id
        for pi, para in enumerate(art.paragraphs):
            known.setdefault(art.clean[para.start:para.end], [
                Sentence(tuple(Word(w.index, w.text, w.lemma, w.upos, w.xpos, w.feats, w.head, w.deprel,
                                    w.start - para.start, w.end - para.start) for w in s.words),
                         s.start - para.start, s.end - para.start, 0)
                for s in parse.sentences if s.paragraph == pi])

    def flat(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
        out = []
        for a, b in pipeline.chunks(text, start, end):
            words, pos = [], a
            for token in text[a:b].split():
                at = text.index(token, pos)
                pos = at + len(token)
                words.append(Word(len(words) + 1, token, token.lower(), "NOUN", "NN", "_",
                                  0 if not words else 1, "root" if not words else "dep", at, pos))
            if words:
                out.append(Sentence(tuple(words), words[0].start, words[-1].end, paragraph))
        return out

    def parse_texts(articles, spec=None):
        parses = []
        for a in articles:
            sents: list[Sentence] = []
            for pi, para in enumerate(a.paragraphs):
                stored = known.get(a.clean[para.start:para.end])
                if stored is None:
                    sents.extend(flat(a.clean, para.start, para.end, pi))
                    continue
                for s in stored:
                    d = para.start
                    sents.append(Sentence(tuple(Word(w.index, w.text, w.lemma, w.upos, w.xpos, w.feats, w.head,
                                                     w.deprel, w.start + d, w.end + d) for w in s.words),
                                          s.start + d, s.end + d, pi))
            parses.append(Parse(tuple(sents), model_id))
        return parses

    return parse_texts, model_id


def run_one(path: Path, parser: str) -> dict:
    """Audit one story in this process: read, parse, rules, checks, JSON report."""
    if parser == "stored":
        stand_in_parser()
    from attribution.checks import run_checks
    from attribution.output.json_report import render_json
    from attribution.read.documents import read_article
    from attribution.research.corpus import process
    from attribution.ruleset import load_rules
    rules = load_rules()
    if parser == "real":
        from attribution.parse.pipeline import load_pipeline
        load_pipeline(None)
    t0 = time.perf_counter()
    article = read_article(path, max_bytes=25 * 1024 * 1024)
    t1 = time.perf_counter()
    results, model_id, errors = process([article], rules, None, None, quiet=True)
    t2 = time.perf_counter()
    for r in results:
        r.findings = run_checks(r, rules)
    report = render_json(results, errors, {"model": model_id, "rules": rules.source})
    t3 = time.perf_counter()
    words = sum(len(s.words) for r in results if r.parse for s in r.parse.sentences)
    return {"chars": len(article.text), "paragraphs": len(article.paragraphs), "words": words,
            "attributions": sum(len(r.attributions) for r in results), "errors": [e.message for e in errors],
            "read_s": t1 - t0, "parse_and_rules_s": t2 - t1, "report_s": t3 - t2, "total_s": t3 - t0,
            "report_mb": len(report) / 1e6,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parser", choices=["stored", "real"], default="stored")
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of each story's size (default 1)")
    ap.add_argument("--only", choices=sorted(STORIES), action="append", help="only this story (repeatable)")
    ap.add_argument("--one", help=argparse.SUPPRESS)          # internal: audit this file, print JSON
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(Path(args.one), args.parser)))
        return 0
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
           "MKL_NUM_THREADS": os.environ.get("MKL_NUM_THREADS", "1"), "HF_HUB_OFFLINE": "1"}
    print(f"parser: {args.parser}, scale {args.scale}, OMP_NUM_THREADS={env['OMP_NUM_THREADS']}")
    print(f"{'story':<30} {'MB':>6} {'paragraphs':>10} {'words':>9} {'attrib.':>7} {'read s':>7} "
          f"{'parse+rules s':>13} {'report s':>8} {'total s':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory(prefix="attribution-large-") as tmp:
        for kind in args.only or list(STORIES):
            path = write_story(kind, args.scale, Path(tmp))
            proc = subprocess.Popen([sys.executable, __file__, "--one", str(path), "--parser", args.parser],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            out, err = proc.communicate()
            if proc.returncode != 0:
                print(f"{kind:<30} FAILED: {err.strip().splitlines()[-1] if err.strip() else proc.returncode}")
                continue
            row = json.loads(out.strip().splitlines()[-1])
            print(f"{kind:<30} {row['chars'] / 1e6:>6.2f} {row['paragraphs']:>10} {row['words']:>9} "
                  f"{row['attributions']:>7} {row['read_s']:>7.1f} {row['parse_and_rules_s']:>13.1f} "
                  f"{row['report_s']:>8.1f} {row['total_s']:>8.1f} {row['peak_mb']:>8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
