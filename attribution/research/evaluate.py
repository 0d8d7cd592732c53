"""Scoring the auditor against gold attribution files (``attribution evaluate``).

The gold format: one JSON file per story, ``{"article": ..., "attributions": [{"content",
"kind", "cue", "optional"?, "speaker": {"mention", "resolved", "name", "class", "role",
"affiliation", "speaker_type"}}]}``, paired with an audited story by file name without
extension. The matching and the figures are those of the project's reference scorer:
a prediction matches a gold attribution when their contents have a word-overlap F1 of at
least 0.5, or the prediction covers 90% of the gold words while being at most 2.5 times
as long; pairs are taken greedily by overlap. Optional gold attributions are neither
required nor counted as false positives when matched.
"""
from __future__ import annotations

from collections.abc import Callable

import json
import re
from pathlib import Path

from ..errors import UsageError

STOP = {"a", "an", "the", "of", "in", "at", "from", "to", "and", "for", "on", "with", "'s"}
ANON = {"anonymous individual", "anonymous group"}


def words(text: str | None) -> list[str]:
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def _common(a: list[str], b: list[str]) -> int:
    pool, hit = list(b), 0
    for w in a:
        if w in pool:
            pool.remove(w)
            hit += 1
    return hit


def overlap_f1(a: str | None, b: str | None) -> float:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    common = _common(wa, wb)
    if not common:
        return 0.0
    p, r = common / len(wa), common / len(wb)
    return 2 * p * r / (p + r)


def coverage(pred: str | None, gold: str | None) -> float:
    """Share of the gold words found in the prediction, if it is at most 2.5 times as long."""
    wp, wg = words(pred), words(gold)
    if not wg or len(wp) > 2.5 * len(wg):
        return 0.0
    return _common(wg, wp) / len(wg)


def same_speaker(pred: dict, gold: dict) -> bool:
    """Resolved, name or mention shares enough content words with the gold resolved or name."""
    for c in (pred.get("resolved"), pred.get("name"), pred.get("mention")):
        cw = set(words(c)) - STOP
        if not cw:
            continue
        for t in (gold.get("resolved"), gold.get("name")):
            tw = set(words(t)) - STOP
            if tw and len(cw & tw) / len(tw) >= 0.5 and len(cw & tw) / len(cw) >= 0.34:
                return True
    return False


def norm(v: str | None) -> str | None:
    return (v or "").strip().lower() or None


def match(preds: list[dict], golds: list[dict]) -> tuple[list[tuple[dict, dict]], set[int]]:
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            f = overlap_f1(p.get("content"), g["content"])
            if f >= 0.5 or coverage(p.get("content"), g["content"]) >= 0.9:
                pairs.append((f, i, j))
    pairs.sort(reverse=True)
    used_p, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((preds[i], golds[j]))
    return out, used_p


def share(atts: list[dict], key: Callable[[dict], str | None]) -> float:
    rows = [a for a in atts if key(a) != "unattributed"]
    return sum(key(a) in ANON for a in rows) / len(rows) if rows else 0.0


def load_gold(folder: str | Path) -> dict[str, dict]:
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: gold folder not found")
    gold = {}
    for p in sorted(folder.glob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            if not isinstance(data.get("attributions"), list):
                raise ValueError("no 'attributions' list")
        except (OSError, ValueError, AttributeError) as exc:
            raise UsageError(f"{p}: not a gold attribution file ({exc})") from None
        gold[p.stem] = data
    if not gold:
        raise UsageError(f"{folder}: holds no gold .json files")
    return gold


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


ACC = (("speaker", "speaker_acc"), ("anon", "anonymity_acc"), ("cls", "class_acc"), ("role", "role_acc"),
       ("aff", "affiliation_acc"), ("stype", "speaker_type_acc"))


def score(gold: dict[str, dict], report: dict) -> dict:
    """Score a JSON report (``attribution audit --format json``) against gold files."""
    arts = {Path(a["path"]).stem: a for a in report.get("articles", [])}
    t = dict(tp=0, fp=0, fn=0, speaker=0, cls=0, anon=0, role=0, aff=0, stype=0, e2e=0, matched=0)
    per: list[dict] = []
    for stem, g in gold.items():
        preds = arts.get(stem, {"attributions": []}).get("attributions", [])
        golds = g["attributions"]
        pairs, used = match(preds, golds)
        req = [x for x in golds if not x.get("optional")]
        matched_req = [(p, x) for p, x in pairs if not x.get("optional")]
        a = dict(tp=len(matched_req), fp=len(preds) - len(pairs), fn=len(req) - len(matched_req),
                 speaker=0, cls=0, anon=0, role=0, aff=0, stype=0, e2e=0, matched=0)
        errs = []
        for p, x in matched_req:
            ps, gs = p.get("speaker") or {}, x["speaker"]
            ok_sp = same_speaker(ps, gs)
            ok_anon = (norm(ps.get("class")) in ANON) == (gs["class"] in ANON)
            ok_role = norm(ps.get("role")) == gs["role"]
            a["matched"] += 1
            a["speaker"] += ok_sp
            a["anon"] += ok_anon
            a["cls"] += norm(ps.get("class")) == gs["class"]
            a["role"] += ok_role
            a["aff"] += norm(ps.get("affiliation")) == norm(gs.get("affiliation"))
            a["stype"] += norm(ps.get("speaker_type")) == norm(gs.get("speaker_type"))
            a["e2e"] += ok_sp and ok_anon
            if not (ok_sp and ok_anon and ok_role):
                errs.append(f"  wrong: {x['content'][:60]!r}: gold {gs['resolved']!r}/{gs['class']}/{gs['role']}"
                            f" got {ps.get('resolved') or ps.get('mention')!r}/{ps.get('class')}/{ps.get('role')}")
        for x in req:
            if not any(x is gx for _, gx in matched_req):
                errs.append(f"  missed: {x['content'][:70]!r} ({x['speaker']['resolved']})")
        for i, p in enumerate(preds):
            if i not in used:
                errs.append(f"  extra: {str(p.get('content'))[:70]!r}")
        for k in t:
            t[k] += a[k]
        gshare = share(req, lambda x: x["speaker"]["class"])
        pshare = share(preds, lambda x: norm((x.get("speaker") or {}).get("class")) or "unattributed")
        p_, r_, f_ = _prf(a["tp"], a["fp"], a["fn"])
        m = max(a["matched"], 1)
        per.append({"article": stem, "gold": len(req), "found": len(preds), "matched": len(matched_req),
                    "gold_anonymous_share": round(gshare, 3), "anonymous_share": round(pshare, 3),
                    "share_error": round(abs(gshare - pshare), 3),
                    "content_precision": round(p_, 3), "content_recall": round(r_, 3),
                    "content_f1": round(f_, 3),
                    **{name: round(a[k] / m, 3) for k, name in ACC},
                    "errors": errs})
    precision, recall, f1 = _prf(t["tp"], t["fp"], t["fn"])
    m = max(t["matched"], 1)
    e2e_p = t["e2e"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 0.0
    e2e_r = t["e2e"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 0.0
    e2e_f = 2 * e2e_p * e2e_r / (e2e_p + e2e_r) if e2e_p + e2e_r else 0.0
    return {
        "content_precision": round(precision, 3), "content_recall": round(recall, 3), "content_f1": round(f1, 3),
        **{name: round(t[k] / m, 3) for k, name in ACC},
        "attribution_f1": round(e2e_f, 3),
        "mean_share_error": round(sum(x["share_error"] for x in per) / max(len(per), 1), 3),
        "articles": per,
    }
