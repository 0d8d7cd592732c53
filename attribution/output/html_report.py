"""The annotated draft: one self-contained HTML page (inline CSS, no JavaScript, no
external resources).

For each article: its summary, the findings linking to anchors in the text, what the
story's suppression comments hid, its anonymous sources with the reason for anonymity the
auditor accepted (why a source was *not* flagged) or the AC001 finding, the story text and
a list of the attributions linking to their marks. In the text every attribution's content
is highlighted by the source's class (``<mark class="cls-...">``, with a ``title`` for the
hover) and followed by a visible label with its number and speaker type, so colour is
never the only signal; the speaker's own words are boxed (``<span class="who">``) and
labelled with the numbers of their attributions. A Markdown story is shown as text: the
characters the reader blanked as markup (``#``, ``**``, list numbers, link targets) are
left out. The page fits an 800 px window. Every piece of story text goes through
:func:`html.escape`.
"""
from __future__ import annotations

import bisect
import html
from typing import Any

from .. import __version__
from ..errors import ErrorRecord
from ..model import ANONYMOUS, ArticleResult, Attribution, line_starts
from ..read.documents import LONG_RUN
from ..summary import corpus_summary


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


# class of the source -> CSS class and visible label
def class_key(cls: str) -> str:
    if cls in ("named person", "named organisation"):
        return "named"
    if cls in ANONYMOUS:
        return "anonymous"
    if cls == "document":
        return "document"
    return "unattributed"


# Okabe-Ito colours (colour-blind safe), each class with its own border style too.
CSS = """
:root { --named:#0072B2; --anonymous:#E69F00; --document:#009E73; --unattributed:#CC79A7; }
*, *::before, *::after { box-sizing: border-box; }
body { font-family: Georgia, "Times New Roman", serif; margin: 0 auto; max-width: 90rem;
       padding: 1rem 1.5rem 3rem; color: #1a1a1a; background: #fff; line-height: 1.55;
       overflow-wrap: break-word; }
h1, h2, h3, table, aside, dl, .meta, .legend, .findings, .errors, .sources, .suppressed { font-family: system-ui,
       -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem;
     overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta { color: #444; font-size: .9rem; overflow-wrap: anywhere; }
.meta code { background: #f3f3f3; padding: 0 .25rem; }
dl.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(7.5rem, 1fr)); gap: .3rem;
             margin: .5rem 0; font-size: .85rem; }
dl.summary > div { border: 1px solid #ccc; padding: .2rem .5rem; }
dl.summary dt { color: #444; font-size: .75rem; }
dl.summary dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
dl.summary .caption { grid-column: 1 / -1; border: 0; padding: 0; color: #666; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border: 1px solid #ccc; padding: .2rem .4rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.layout { display: flex; gap: 1.5rem; align-items: flex-start; flex-wrap: wrap; }
.story { flex: 1 1 28rem; min-width: 0; overflow-wrap: anywhere; }
.story p { margin: 0 0 .9rem; }
aside { flex: 1 1 30rem; min-width: 0; font-size: .85rem; }
aside table { width: 100%; }
aside td.content { min-width: 8rem; overflow-wrap: anywhere; }
aside tr:hover { background: #f6f6f6; }
mark, .key { color: inherit; padding: 0 .1rem; border-radius: 2px; }
mark.cls-named, .key.cls-named { background: rgba(0,114,178,.14); border-bottom: 2px solid var(--named); }
mark.cls-anonymous, .key.cls-anonymous { background: rgba(230,159,0,.20); border-bottom: 2px dashed var(--anonymous); }
mark.cls-document, .key.cls-document { background: rgba(0,158,115,.15); border-bottom: 2px dotted var(--document); }
mark.cls-unattributed, .key.cls-unattributed { background: rgba(204,121,167,.18); border-bottom: 3px double var(--unattributed); }
mark:hover { outline: 2px solid #000; }
mark.cls-named:hover { background: rgba(0,114,178,.30); }
mark.cls-anonymous:hover { background: rgba(230,159,0,.40); }
mark.cls-document:hover { background: rgba(0,158,115,.30); }
mark.cls-unattributed:hover { background: rgba(204,121,167,.35); }
mark:target, .who:target { outline: 3px solid #000; }
.who { border: 1.5px solid #555; border-radius: 3px; padding: 0 .15rem; }
.who.cls-named { border-color: var(--named); }
.who.cls-anonymous { border-color: var(--anonymous); }
.who.cls-document { border-color: var(--document); }
.tag { font-family: system-ui, Arial, sans-serif; font-size: .7rem; font-weight: 600;
       vertical-align: super; margin-left: .1rem; line-height: 1; }
.tag.cls-named { color: #005a8c; }
.tag.cls-anonymous { color: #8a5a00; }
.tag.cls-document { color: #00694d; }
.tag.cls-unattributed { color: #8e3a6c; }
.swatch { display: inline-block; padding: 0 .4rem; margin-right: .6rem; }
a.flag { font-family: system-ui, Arial, sans-serif; font-size: .7rem; font-weight: 700;
         vertical-align: super; color: #b00020; text-decoration: none; margin-right: .15rem; }
a.flag:hover { text-decoration: underline; }
a.flag:target { outline: 2px solid #b00020; }
.findings li:target, aside tr:target { background: #fff3c4; }
.sev-error { color: #b00020; font-weight: 700; }
.sev-warning { color: #8a5a00; font-weight: 700; }
.sev-info { color: #005a8c; font-weight: 700; }
.errors li { color: #b00020; }
.reason { color: #00694d; }
.noreason { color: #8a5a00; }
.muted { color: #666; }
"""


# --- the story text ------------------------------------------------------------------------

CONTENT, SPEAKER = 0, 1
# (start, end, attribution index, piece index, CONTENT or SPEAKER)
Piece = tuple[int, int, int, int, int]


def accepted_spans(result: ArticleResult) -> list[Piece]:
    """The pieces to highlight, in text order: every attribution's content spans, then the
    speaker's words (its mention) where they overlap no content. A piece that overlaps one
    already accepted is skipped (marks never interleave); attributions of one speaker share
    the mention's piece (the first of them holds it)."""
    n = len(result.article.text)
    spans: list[Piece] = []
    for i, a in enumerate(result.attributions):
        for j, s in enumerate(sorted(a.content_spans, key=lambda s: (s.start, s.end))):
            start, end = max(0, s.start), min(n, s.end)
            if start < end:
                spans.append((start, end, i, j, CONTENT))
    spans.sort(key=lambda t: (t[0], -(t[1] - t[0]), t[2]))
    out: list[Piece] = []
    last_end = -1
    for t in spans:
        if t[0] >= last_end:
            out.append(t)
            last_end = t[1]
    starts = [t[0] for t in out]
    seen: set[tuple[int, int]] = set()
    speakers: list[Piece] = []
    for i, a in enumerate(result.attributions):
        m = a.speaker.mention_span
        if m is None:
            continue
        start, end = max(0, m.start), min(n, m.end)
        if start >= end or (start, end) in seen:
            continue
        k = bisect.bisect_left(starts, end)           # the content pieces starting before its end
        if k > 0 and out[k - 1][1] > start:           # overlaps one (content pieces never overlap)
            continue
        seen.add((start, end))
        speakers.append((start, end, i, 0, SPEAKER))
    speakers.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[Piece] = []
    last_end = -1
    for t in speakers:                                # mentions never overlap each other either
        if t[0] >= last_end:
            kept.append(t)
            last_end = t[1]
    return sorted(out + kept, key=lambda t: (t[0], t[1]))


def paragraph_ranges(result: ArticleResult) -> list[tuple[int, int]]:
    n = len(result.article.text)
    ranges = sorted((max(0, p.start), min(n, p.end)) for p in result.article.paragraphs)
    ranges = [(s, e) for s, e in ranges if s < e]
    out: list[tuple[int, int]] = []
    for s, e in ranges:               # drop overlaps, whatever the reader produced
        if out and s < out[-1][1]:
            s = out[-1][1]
            if s >= e:
                continue
        out.append((s, e))
    return out or ([(0, n)] if n else [(0, 0)])


def snap(offset: int, paras: list[tuple[int, int]]) -> int:
    """An offset inside a paragraph, as near as possible to ``offset`` (anchors outside any
    paragraph, in blank lines or front matter, move to the next paragraph's start)."""
    for s, e in paras:
        if offset < s:
            return s
        if offset < e:
            return offset
    s, e = paras[-1]
    return max(s, e - 1) if e > s else s


def shown_chars(result: ArticleResult) -> list[str]:
    """The story text as the page shows it, one entry per character of ``Article.text``
    (so offsets index it): characters the reader blanked as markup (Markdown's ``#``,
    ``**``, list numbers, link targets, comments) are empty. White space the reader blanked
    stays, and so does a blanked run of over LONG_RUN characters (data, not markup: the
    editor must see it)."""
    art = result.article
    text, clean = art.text, art.clean
    chars = list(text)
    if len(clean) != len(text):
        return chars
    i, n = 0, len(text)
    while i < n:
        if clean[i] == " " and not text[i].isspace():
            j = i
            while j < n and clean[j] == " " and not text[j].isspace():
                j += 1
            if j - i <= LONG_RUN:
                chars[i:j] = [""] * (j - i)
            i = j
        else:
            i += 1
    return chars


def attribution_label(a: Attribution) -> str:
    sp = a.speaker
    who = sp.resolved or sp.mention or "(no speaker)"
    return f"{sp.speaker_type}: {who}"


def has_reason(a: Attribution) -> bool:
    return a.speaker.cls in ANONYMOUS and bool(a.speaker.anonymity_reason)


def content_tag(result: ArticleResult, i: int) -> str:
    """The visible label after a highlight: the attribution's number and speaker type (and,
    for an anonymous source, that a reason for anonymity was accepted)."""
    a = result.attributions[i]
    key = class_key(a.speaker.cls)
    reason = " \u00b7 reason given" if has_reason(a) else ""
    return f'<span class="tag cls-{key}">[{i + 1} {esc(a.speaker.speaker_type)}{esc(reason)}]</span>'


def speaker_numbers(result: ArticleResult) -> dict[tuple[int, int], list[int]]:
    """(start, end) of a mention -> the numbers of the attributions it speaks."""
    out: dict[tuple[int, int], list[int]] = {}
    for i, a in enumerate(result.attributions):
        m = a.speaker.mention_span
        if m is not None:
            out.setdefault((m.start, m.end), []).append(i + 1)
    return out


def render_story(result: ArticleResult, k: int, spans: list[Piece]) -> str:
    art = result.article
    text = art.text
    shown = shown_chars(result)
    paras = paragraph_ranges(result)
    numbers = speaker_numbers(result)
    first_piece: dict[int, int] = {}
    pos_of = {t: pos for pos, t in enumerate(spans)}
    for pos, t in enumerate(spans):
        if t[4] == CONTENT:
            first_piece.setdefault(t[2], pos)

    # anchors: findings, and attributions none of whose spans could be highlighted
    anchors: dict[int, list[str]] = {}
    starts = line_starts(text)
    for j, f in enumerate(result.findings):
        line = max(1, int(f.line or 1))
        offset = starts[line - 1] if line <= len(starts) else len(text)
        title = f"{f.code} {f.name}: {f.message}"
        anchors.setdefault(snap(offset, paras), []).append(
            f'<a class="flag" id="f{k}-{j}" href="#fl{k}-{j}" title="{esc(title)}">{esc(f.code)}</a>')
    for i, a in enumerate(result.attributions):
        if i not in first_piece:
            offset = a.start if a.content_spans else 0
            anchors.setdefault(snap(min(max(0, offset), len(text)), paras), []).append(
                f'<a class="anchor" id="a{k}-{i}" title="{esc(attribution_label(a))}"></a>')

    def open_mark(span: Piece, continued: bool) -> str:
        start, end, i, _j, role = span
        a = result.attributions[i]
        key = class_key(a.speaker.cls)
        cont = " cont" if continued else ""
        if role == SPEAKER:
            ident = "" if continued else f' id="s{k}-{i}"'
            nums = ", ".join(str(x) for x in numbers.get((start, end), [i + 1]))
            return (f'<span class="who cls-{key}{cont}"{ident} title="{esc("speaker of " + nums)}: '
                    f'{esc(attribution_label(a))}" data-class="{esc(a.speaker.cls)}">')
        ident = ""
        if not continued and first_piece.get(i) == pos_of[span]:
            ident = f' id="a{k}-{i}"'
        return (f'<mark class="cls-{key}{cont}"{ident} title="{esc(attribution_label(a))}" '
                f'data-class="{esc(a.speaker.cls)}" data-kind="{esc(a.kind)}" data-attribution="{i + 1}">')

    def close_mark(span: Piece, last: bool) -> str:
        start, end, i, _j, role = span
        if role == SPEAKER:
            if not last:
                return "</span>"
            key = class_key(result.attributions[i].speaker.cls)
            nums = ", ".join(str(x) for x in numbers.get((start, end), [i + 1]))
            return f'</span><span class="tag cls-{key}">[speaker {esc(nums)}]</span>'
        return "</mark>" + (content_tag(result, i) if last else "")

    span_starts = [t[0] for t in spans]
    out = []
    for ps, pe in paras:
        points = {ps, pe}
        points.update(o for o in anchors if ps <= o < pe)
        # the spans that touch this paragraph
        lo = max(0, bisect.bisect_right(span_starts, ps) - 1)
        inside = [t for t in spans[lo:] if t[0] < pe and t[1] > ps]
        for t in inside:
            points.update(p for p in (t[0], t[1]) if ps <= p <= pe)
        order = sorted(points)
        parts = ["<p>"]
        current = None
        for t in inside:                      # a span that began in an earlier paragraph
            if t[0] < ps < t[1]:
                current = t
        if current is not None:
            parts.append(open_mark(current, continued=True))
        for idx, p in enumerate(order):
            if current is not None and current[1] == p:
                parts.append(close_mark(current, last=True))
                current = None
            if p < pe:
                parts.extend(anchors.get(p, ()))
                for t in inside:
                    if t[0] == p:
                        current = t
                        parts.append(open_mark(t, continued=False))
                        break
                nxt = order[idx + 1] if idx + 1 < len(order) else pe
                parts.append(esc("".join(shown[p:nxt])))
        if current is not None:                # runs on into the next paragraph
            parts.append(close_mark(current, last=False))
        parts.append("</p>")
        out.append("".join(parts))
    return "\n".join(out)


# --- the summary, the lists --------------------------------------------------------------

SUMMARY_ROWS = [("attributions", "attributions", "d"), ("direct", "direct", "d"),
                ("partial", "partial", "d"), ("indirect", "indirect", "d"), ("named", "named", "d"),
                ("anonymous", "anonymous", "d"), ("unattributed", "unattributed", "d"),
                ("anonymous share", "anonymous_share", "f"),
                ("anonymous word share", "anonymous_word_share", "f"),
                ("distinct anonymous sources", "distinct_anonymous_sources", "d")]


def fmt_value(value: Any, kind: str) -> str:
    if value is None:
        return "-"
    if kind == "f":
        try:
            return f"{float(value):.2f}"
        except (TypeError, ValueError):
            return esc(value)
    return esc(value)


def summary_table(summary: dict, caption: str = "Summary") -> str:
    """The figures as a grid of label/value cells: it wraps to any width (a ten-column table
    does not fit an 800 px window)."""
    cells = "".join(f'<div><dt>{esc(label)}</dt><dd class="num">{fmt_value(summary.get(key), kind)}</dd></div>'
                    for label, key, kind in SUMMARY_ROWS)
    return f'<dl class="summary"><div class="caption">{esc(caption)}</div>{cells}</dl>'


def anonymity_cell(a: Attribution) -> str:
    if a.speaker.cls not in ANONYMOUS:
        return "-"
    if a.speaker.anonymity_reason:
        return f'<span class="reason">reason: \u201c{esc(a.speaker.anonymity_reason)}\u201d</span>'
    return '<span class="noreason">no reason given</span>'


def attribution_list(result: ArticleResult, k: int, spans: list[Piece]) -> str:
    art = result.article
    boxed = {(t[0], t[1]): t[2] for t in spans if t[4] == SPEAKER}   # a mention -> whose id its box has
    rows = []
    for i, a in enumerate(result.attributions):
        sp = a.speaker
        key = class_key(sp.cls)
        who = sp.resolved or sp.mention or "-"
        line = art.line_of(a.start) if a.content_spans else "-"
        content = " ".join(a.content.split())
        if len(content) > 80:
            content = content[:79] + "\u2026"
        who_cell = esc(who)
        m = sp.mention_span
        if m is not None and (m.start, m.end) in boxed:
            who_cell = f'<a href="#s{k}-{boxed[(m.start, m.end)]}">{esc(who)}</a>'
        rows.append(
            f'<tr id="l{k}-{i}"><td class="num"><a href="#a{k}-{i}">{i + 1}</a></td>'
            f'<td class="num">{esc(line)}</td>'
            f'<td><span class="key cls-{key}">{esc(sp.speaker_type)}</span></td>'
            f"<td>{who_cell}</td><td>{anonymity_cell(a)}</td><td>{esc(a.cue or '-')}</td><td>{esc(a.kind)}</td>"
            f'<td class="content"><a href="#a{k}-{i}">{esc(content)}</a></td></tr>')
    if not rows:
        return '<aside><h3>Attributions</h3><p class="muted">No attributions found.</p></aside>'
    return ('<aside><h3>Attributions</h3><table class="attributions"><thead><tr>'
            '<th>#</th><th>line</th><th>speaker type</th><th>speaker</th><th>anonymity</th><th>cue</th>'
            '<th>kind</th><th>content</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></aside>")


def findings_list(result: ArticleResult, k: int) -> str:
    if not result.findings:
        return '<h3>Findings</h3><p class="muted">No findings.</p>'
    items = []
    for j, f in enumerate(result.findings):
        items.append(
            f'<li id="fl{k}-{j}"><a href="#f{k}-{j}">line {esc(f.line)}:{esc(f.column)}</a> '
            f'<code>{esc(f.code)}</code> <span class="sev-{esc(f.severity)}">{esc(f.severity)}</span> '
            f"{esc(f.name)}: {esc(f.message)}</li>")
    return '<h3>Findings</h3><ol class="findings">' + "".join(items) + "</ol>"


def suppressed_list(result: ArticleResult) -> str:
    """What the story's suppression comments did: each comment (where it is, what it
    switches off), each finding it hid, and the comments that could not be used (an unknown
    code, nothing to hide). Always shown, so "nothing was suppressed" is said too."""
    from ..checks.suppress import directives
    found, _unread = directives(result.article)
    items = []
    for d in found:
        what = "the next line" if d.action == "disable-next-line" else (
            "from here on" if d.action == "disable" else "again from here")
        items.append(f"<li>comment on line {esc(d.line)}: <code>{esc(d.action)}</code> "
                     + ", ".join(f"<code>{esc(c)}</code>" for c in d.codes) + f" ({esc(what)})</li>")
    for f in result.suppressed:
        by = f" (by the comment on line {esc(f.suppressed_by)})" if f.suppressed_by else ""
        items.append(f'<li>hidden: line {esc(f.line)}:{esc(f.column)} <code>{esc(f.code)}</code> '
                     f'{esc(f.name)}: {esc(f.message)}{by}</li>')
    for n in result.directive_notices:
        items.append(f'<li class="noreason">line {esc(n.line)}: {esc(n.message)}</li>')
    if not items:
        return '<h3>Suppressed</h3><p class="muted suppressed">Nothing suppressed.</p>'
    return '<h3>Suppressed</h3><ul class="suppressed">' + "".join(items) + "</ul>"


def anonymous_sources(result: ArticleResult, k: int) -> str:
    """Each anonymous source once: its type, its words, and the reason for anonymity the
    auditor accepted (why AC001 did not flag it) or that none was found."""
    seen: set[str] = set()
    items = []
    for i, a in enumerate(result.attributions):
        sp = a.speaker
        if sp.cls not in ANONYMOUS:
            continue
        ident = sp.source_id or sp.resolved or sp.mention or str(i)
        if ident in seen:
            continue
        seen.add(ident)
        who = sp.mention or sp.resolved or "-"
        if sp.anonymity_reason:
            why = (f'<span class="reason">not flagged: the story gives a reason, '
                   f'\u201c{esc(sp.anonymity_reason)}\u201d</span>')
        else:
            why = '<span class="noreason">no reason for anonymity given (AC001)</span>'
        items.append(f'<li><a href="#a{k}-{i}">{i + 1}</a> <span class="key cls-anonymous">'
                     f'{esc(sp.speaker_type)}</span> {esc(who)}: {why}</li>')
    if not items:
        return ""
    return '<h3>Anonymous sources</h3><ul class="sources">' + "".join(items) + "</ul>"


def legend() -> str:
    items = [("named", "named person or organisation"), ("anonymous", "anonymous individual or group"),
             ("document", "document"), ("unattributed", "unattributed quotation")]
    return ('<p class="legend">' + "".join(
        f'<span class="swatch"><span class="key cls-{key}">{esc(label)}</span>'
        f'<span class="tag cls-{key}">[{key}]</span></span>' for key, label in items)
        + '<span class="swatch"><span class="who">the speaker\u2019s words</span>'
        '<span class="tag">[speaker 1]</span></span></p>')


def article_section(result: ArticleResult, k: int) -> str:
    art = result.article
    title = art.metadata.get("title") if isinstance(art.metadata, dict) else None
    head = f'<section class="article" id="article-{k}"><h2>{esc(title or art.path)}</h2>'
    head += f'<p class="meta">file: <code>{esc(art.path)}</code></p>'
    if result.error is not None:
        return head + f'<p class="errors">error: {esc(result.error)}</p></section>'
    parts = [head, summary_table(result.summary)]
    if art.warnings:
        parts.append('<ul class="meta">' + "".join(f"<li>warning: {esc(w)}</li>" for w in art.warnings)
                     + "</ul>")
    parts.append(findings_list(result, k))
    parts.append(suppressed_list(result))
    parts.append(anonymous_sources(result, k))
    parts.append('<div class="layout"><div class="story"><h3>Story</h3>')
    spans = accepted_spans(result)
    parts.append(render_story(result, k, spans))
    parts.append("</div>")
    parts.append(attribution_list(result, k, spans))
    parts.append("</div></section>")
    return "\n".join(p for p in parts if p)


def render_html(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict) -> str:
    ok = [r for r in results if r.error is None]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           'style-src \'unsafe-inline\'; img-src data:">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>Attribution report</title>", f"<style>{CSS}</style></head><body>",
           "<header><h1>Attribution report</h1>",
           f'<p class="meta">attribution {esc(__version__)} &middot; model: <code>{esc(meta.get("model"))}</code>'
           f' &middot; rules: <code>{esc(meta.get("rules"))}</code> &middot; articles: {len(results)}</p>',
           legend()]
    if len(ok) > 1:
        corpus = corpus_summary([r.summary for r in ok], [a for r in ok for a in r.attributions])
        out.append(summary_table(corpus, "All articles"))
    if len(results) > 1:
        out.append("<nav><ol>" + "".join(
            f'<li><a href="#article-{k}">{esc(r.article.path)}</a></li>' for k, r in enumerate(results))
            + "</ol></nav>")
    if errors:
        out.append('<h2>Errors</h2><ul class="errors">' + "".join(
            f"<li><code>{esc(e.path)}</code>: {esc(e.message)}</li>" for e in errors) + "</ul>")
    out.append("</header><main>")
    for k, r in enumerate(results):
        out.append(article_section(r, k))
    out.append("</main></body></html>\n")
    return "\n".join(out)
