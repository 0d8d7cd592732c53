#!/usr/bin/env python3
"""Measure the auditor on real news: a PolNeAR split, content and speaker only.

    python bench/polnear.py PATH_TO_POLNEAR --split dev
    python bench/polnear.py PATH_TO_POLNEAR --split train --sample 100 --seed 13
    python bench/polnear.py PATH_TO_POLNEAR --split dev --score ../eval/score.py --show-errors

PATH_TO_POLNEAR is a PolNeAR checkout or an export of its train and dev splits (see
scripts/polnear_gold.py, which turns the annotations into gold in memory here). The
auditor runs in this process through the package API (``attribution.corpus.process``)
with a parse cache, by default in the system temporary folder, outside the repository:
PolNeAR ships no licence, and its parses must not end up in a commit.

Printed: content precision, recall and F1 over the required attributions (quotations and
speech-cue attributions; beliefs and stances are optional), speaker accuracy over the
matched required attributions that have a PolNeAR source, the error categories with
counts (missed, spurious, unattributed although the gold has a source, wrong speaker),
and words per second (with how many parses came from the cache). Matching is the
project's (``attribution`` evaluate module), or the reference scorer's ``match`` and
``same_speaker`` when ``--score`` names its file; neither's ``score`` is used because
PolNeAR gold has no class, role or affiliation to score.

Nothing printed holds article text unless ``--show-errors`` is given, and that listing
goes to the terminal only (``--json`` writes figures, never text).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CATEGORIES = ("missed", "spurious", "unattributed", "wrong_speaker")
CATEGORY_LABELS = {"missed": "missed (required gold not found)",
                   "spurious": "spurious (found, matches no gold)",
                   "unattributed": "unattributed, gold has a source",
                   "wrong_speaker": "wrong speaker"}
KINDS = ("direct", "partial", "indirect")


def load_module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module           # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


# Where each piece of the package API lives, newest layout first; the package is being
# reorganised, so a name found in none of these is looked for in every module of it.
API = {
    "process": ("attribution.research.corpus", "attribution.corpus"),
    "read_article": ("attribution.read.documents", "attribution.documents"),
    "ParseCache": ("attribution.parse.pipeline", "attribution.parsing"),
    "load_pipeline": ("attribution.parse.pipeline", "attribution.parsing"),
    "model_identity": ("attribution.parse.pipeline", "attribution.parsing"),
    "to_json_obj": ("attribution.output.json_report", "attribution.output.tables", "attribution.report"),
    "load_rules": ("attribution.ruleset",),
    "match": ("attribution.research.evaluate", "attribution.evaluate"),
    "same_speaker": ("attribution.research.evaluate", "attribution.evaluate"),
}


def api(name: str):
    """A function or class of the auditor's package, wherever this checkout keeps it."""
    for module in API[name]:
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
    import pkgutil

    import attribution
    for info in pkgutil.walk_packages(attribution.__path__, "attribution."):
        try:
            found = getattr(importlib.import_module(info.name), name, None)
        except ImportError:        # an optional extra (plots, browser) not installed
            found = None
        if found is not None:
            return found
    raise ImportError(f"the attribution package has no {name}")


def polnear_gold():
    return load_module("polnear_gold", ROOT / "scripts" / "polnear_gold.py")


def matcher(score_path: str | None):
    """(match, same_speaker) of the reference scorer at ``score_path``, else the project's."""
    if score_path:
        ref = load_module("reference_score", Path(score_path))
        return ref.match, ref.same_speaker
    return api("match"), api("same_speaker")


def choose(stems: list[str], limit: int | None, sample: int | None, seed: int) -> list[str]:
    """A seeded random sample (kept in file-name order), then the first ``limit``."""
    if sample is not None and sample < len(stems):
        stems = sorted(random.Random(seed).sample(stems, sample))
    return stems[:limit] if limit is not None else stems


# --- running the auditor ---------------------------------------------------------------------

def audit(paths: list[Path], model: str | None, cache_dir: Path | None, runs: int) -> tuple[dict, dict]:
    """The JSON report of the articles and the timing figures."""
    process, read_article, to_json_obj = api("process"), api("read_article"), api("to_json_obj")
    ParseCache, load_pipeline, model_identity = api("ParseCache"), api("load_pipeline"), api("model_identity")
    load_rules = api("load_rules")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rules = load_rules()
    articles = [read_article(p) for p in paths]
    cache = ParseCache(cache_dir) if cache_dir else None
    model_id = model_identity(model)
    cached = sum(cache.get(a, model_id) is not None for a in articles) if cache else 0
    load_s = 0.0
    if cached < len(articles):       # load the model before the clock starts: warm speed
        t0 = time.perf_counter()
        load_pipeline(model)
        load_s = time.perf_counter() - t0
    times, results, errors = [], [], []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        results, _, errors = process(articles, rules, model, cache, quiet=True)
        times.append(time.perf_counter() - t0)
    n_words = sum(len(a.clean.split()) for a in articles)
    timing = {"articles": len(articles), "words": n_words, "model": model_id,
              "parses_cached": cached, "runs": len(times), "model_load_s": round(load_s, 2),
              "run_s": [round(t, 2) for t in times],
              "words_per_s": round(n_words / statistics.median(times), 1) if times else 0.0,
              "failed": len(errors)}
    return to_json_obj(results, errors, {}), timing


# --- scoring ---------------------------------------------------------------------------------

def has_speaker(pred_speaker: dict) -> bool:
    if (pred_speaker.get("class") or "").lower() == "unattributed":
        return False
    return any(pred_speaker.get(k) for k in ("resolved", "name", "mention"))


def evaluate(gold: dict[str, dict], report: dict, match, same_speaker) -> tuple[dict, list[dict]]:
    """Content P/R/F1, speaker accuracy and error counts; and the error records."""
    arts = {Path(a["path"]).stem: a for a in report.get("articles", [])}
    t = Counter()
    errors: list[dict] = []
    for stem, doc in gold.items():
        preds = arts.get(stem, {}).get("attributions", [])
        golds = doc["attributions"]
        pairs, used = match(preds, golds)
        required = [g for g in golds if not g.get("optional")]
        matched = [(p, g) for p, g in pairs if not g.get("optional")]
        matched_ids = {id(g) for _, g in matched}
        t["gold"] += len(required)
        t["found"] += len(preds)
        t["tp"] += len(matched)
        t["fp"] += len(preds) - len(pairs)
        t["optional_found"] += len(pairs) - len(matched)
        for g in required:
            t[f"gold_{g['kind']}"] += 1
            if id(g) in matched_ids:
                t[f"tp_{g['kind']}"] += 1
            else:
                t["missed"] += 1
                errors.append({"article": stem, "category": "missed", "gold": g, "pred": None})
        for i, p in enumerate(preds):
            if i not in used:
                t["spurious"] += 1
                errors.append({"article": stem, "category": "spurious", "gold": None, "pred": p})
        for p, g in matched:
            if not g["speaker"].get("resolved"):
                t["unjudged"] += bool(g["speaker"].get("mention"))   # a relative pronoun source
                continue
            ps = p.get("speaker") or {}
            t["sourced"] += 1
            t[f"sourced_{g['kind']}"] += 1
            if not has_speaker(ps):
                category = "unattributed"
            elif same_speaker(ps, g["speaker"]):
                t["speaker_ok"] += 1
                t[f"speaker_ok_{g['kind']}"] += 1
                continue
            else:
                category = "wrong_speaker"
            t[category] += 1
            errors.append({"article": stem, "category": category, "gold": g, "pred": p})
    p = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 0.0
    r = t["tp"] / t["gold"] if t["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    figures = {
        "articles": len(gold), "gold_required": t["gold"], "found": t["found"], "matched": t["tp"],
        "optional_found": t["optional_found"],
        "content_precision": round(p, 3), "content_recall": round(r, 3), "content_f1": round(f, 3),
        "speaker_sourced": t["sourced"], "speaker_unjudged": t["unjudged"],
        "speaker_acc": round(t["speaker_ok"] / t["sourced"], 3) if t["sourced"] else 0.0,
        "by_kind": {k: {"gold": t[f"gold_{k}"],
                        "recall": round(t[f"tp_{k}"] / t[f"gold_{k}"], 3) if t[f"gold_{k}"] else None,
                        "speaker_acc": (round(t[f"speaker_ok_{k}"] / t[f"sourced_{k}"], 3)
                                        if t[f"sourced_{k}"] else None)} for k in KINDS},
        "errors": {c: t[c] for c in CATEGORIES},
    }
    return figures, errors


# --- output ----------------------------------------------------------------------------------

def render(figures: dict, timing: dict, split: str, matcher_name: str) -> str:
    cache_note = ("all parses cached: rules only" if timing["parses_cached"] == timing["articles"]
                  else f"{timing['parses_cached']} of {timing['articles']} parses cached")
    lines = [
        (f"PolNeAR {split}: {figures['articles']} articles, {timing['words']} words, model {timing['model']}, "
         f"matching: {matcher_name}"),
        (f"required gold {figures['gold_required']}, found {figures['found']}, matched {figures['matched']} "
         f"(+{figures['optional_found']} optional gold found, not counted)"),
        (f"content precision {figures['content_precision']:.3f}  recall {figures['content_recall']:.3f}  "
         f"F1 {figures['content_f1']:.3f}"),
        (f"speaker accuracy {figures['speaker_acc']:.3f} (matched required attributions with a source: "
         f"{figures['speaker_sourced']}; {figures['speaker_unjudged']} with a relative-pronoun source not judged)"),
        "by kind:  " + "  ".join(
            f"{k} n={v['gold']} recall={v['recall']} speaker={v['speaker_acc']}"
            for k, v in figures["by_kind"].items()),
        "errors:",
        *[f"  {CATEGORY_LABELS[c]:<36} {figures['errors'][c]}" for c in CATEGORIES],
        (f"speed {timing['words_per_s']:.0f} words/s (median of {timing['runs']} run(s) {timing['run_s']} s; "
         f"{cache_note}; model load {timing['model_load_s']} s not counted)"),
    ]
    if timing["failed"]:
        lines.append(f"{timing['failed']} article(s) failed")
    return "\n".join(lines)


def show_errors(errors: list[dict]) -> None:
    """The error records, with article text: terminal only."""
    def speaker(p):
        s = (p or {}).get("speaker") or {}
        return s.get("resolved") or s.get("mention") or s.get("class")
    for e in errors:
        g, p = e["gold"], e["pred"]
        head = f"[{e['category']}] {e['article']}"
        if g:
            head += f"\n    gold ({g['kind']}, cue {g['cue']!r}, source {g['speaker']['mention']!r}): {g['content'][:160]!r}"
        if p:
            head += f"\n    found ({p.get('kind')}, rule {p.get('rule')}, speaker {speaker(p)!r}): {str(p.get('content'))[:160]!r}"
        print(head)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("polnear", help="PolNeAR checkout or export (holding data/)")
    ap.add_argument("--split", default="dev", help="dev (default) or train")
    ap.add_argument("--limit", type=int, help="only the first N articles (after --sample)")
    ap.add_argument("--sample", type=int, help="a seeded random sample of N articles")
    ap.add_argument("--seed", type=int, default=13, help="seed of --sample (default 13)")
    ap.add_argument("--cues", help="cue lexicon deciding which gold is required (default rules/cues.toml;"
                    " pin one file to compare runs while the lexicon changes)")
    ap.add_argument("--score", help="the reference scorer (score.py) whose matching to use")
    ap.add_argument("--model", help="as for attribution audit (default: the embedded model)")
    ap.add_argument("--cache-dir", default=str(Path(tempfile.gettempdir()) / "attribution-polnear-cache"),
                    help="parse cache (default: attribution-polnear-cache in the temporary folder)")
    ap.add_argument("--no-cache", action="store_true", help="parse everything (speed without a cache)")
    ap.add_argument("--runs", type=int, default=1, help="repeat the audit, report the median speed")
    ap.add_argument("--json", help="also write the figures (no article text) to this file")
    ap.add_argument("--show-errors", action="store_true",
                    help="list every error with its text, on the terminal (never written to a file)")
    a = ap.parse_args(argv)

    pg = polnear_gold()
    root = Path(a.polnear)
    try:
        gold_all = pg.gold_for_split(root, a.split, Path(a.cues) if a.cues else pg.CUES_TOML)
        match, same_speaker = matcher(a.score)
    except pg.SplitRefused as exc:
        print(f"polnear: {exc}", file=sys.stderr)
        return 2
    except (OSError, ImportError, AttributeError, KeyError, ValueError) as exc:
        print(f"polnear: {exc}", file=sys.stderr)
        return 2
    stems = choose(sorted(gold_all), a.limit, a.sample, a.seed)
    gold = {s: gold_all[s] for s in stems}
    folder = pg.split_folder(root, a.split)
    paths = [folder / "text" / gold[s]["article"] for s in stems]
    report, timing = audit(paths, a.model, None if a.no_cache else Path(a.cache_dir), a.runs)
    figures, errors = evaluate(gold, report, match, same_speaker)
    print(render(figures, timing, a.split, "reference score.py" if a.score else "the package's evaluate module"))
    if a.json:
        Path(a.json).write_text(json.dumps({"split": a.split, "sample": a.sample, "seed": a.seed,
                                            "limit": a.limit, **figures, "timing": timing}, indent=2) + "\n",
                                encoding="utf-8")
    if a.show_errors:
        show_errors(errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
