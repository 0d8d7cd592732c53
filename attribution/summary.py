"""Per-article and corpus figures (guide section 5)."""
from __future__ import annotations

from collections import Counter

from .model import ANONYMOUS, KINDS, Attribution


def summarise(attributions: list[Attribution]) -> dict:
    attributed = [a for a in attributions if a.speaker.cls != "unattributed"]
    anonymous = [a for a in attributed if a.speaker.cls in ANONYMOUS]
    words_all = sum(a.word_count() for a in attributed)
    words_anon = sum(a.word_count() for a in anonymous)
    kinds = Counter(a.kind for a in attributions)
    classes = Counter(a.speaker.cls for a in attributions)
    sources: dict[str, set] = {}
    for a in attributed:
        sources.setdefault(a.speaker.cls, set()).add(a.speaker.source_id or a.speaker.resolved)
    return {
        "attributions": len(attributions),
        "attributed": len(attributed),
        "anonymous": len(anonymous),
        "named": len(attributed) - len(anonymous),
        "unattributed": len(attributions) - len(attributed),
        **{k: kinds.get(k, 0) for k in KINDS},
        "by_class": dict(sorted(classes.items())),
        "distinct_sources": {k: len(v) for k, v in sorted(sources.items())},
        "distinct_anonymous_sources": sum(len(v) for k, v in sources.items() if k in ANONYMOUS),
        "anonymous_share": round(len(anonymous) / len(attributed), 3) if attributed else 0.0,
        "anonymous_word_share": round(words_anon / words_all, 3) if words_all else 0.0,
        "content_words": words_all,
        "anonymous_with_reason": sum(1 for a in anonymous if a.speaker.anonymity_reason),
    }


def corpus_summary(summaries: list[dict], attributions: list[Attribution]) -> dict:
    """Pooled figures over many articles, plus the mean of the per-article shares."""
    pooled = summarise(attributions)
    shares = [s["anonymous_share"] for s in summaries if s.get("attributed")]
    pooled["articles"] = len(summaries)
    pooled["mean_anonymous_share"] = round(sum(shares) / len(shares), 3) if shares else 0.0
    # source ids are numbered within each article: distinct sources add up across articles
    pooled["distinct_anonymous_sources"] = sum(s.get("distinct_anonymous_sources", 0) for s in summaries)
    by_class: dict[str, int] = {}
    for s in summaries:
        for cls, n in s.get("distinct_sources", {}).items():
            by_class[cls] = by_class.get(cls, 0) + n
    pooled["distinct_sources"] = dict(sorted(by_class.items()))
    return pooled


def by_speaker_type(attributions: list[Attribution]) -> list[dict]:
    rows: dict[str, dict] = {}
    for a in attributions:
        r = rows.setdefault(a.speaker.speaker_type, {"speaker_type": a.speaker.speaker_type,
                                                     "attributions": 0, "sources": set(), "words": 0})
        r["attributions"] += 1
        r["sources"].add(a.speaker.source_id or a.speaker.resolved or "?")
        r["words"] += a.word_count()
    out = [dict(r, sources=len(r["sources"])) for r in rows.values()]
    return sorted(out, key=lambda r: (-r["attributions"], r["speaker_type"]))
