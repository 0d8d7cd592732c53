"""Fuzzing the whole command line on raw bytes (issue 16): generated cases, a runner with a
time and a memory limit per case, and the properties every run must keep.

A case is a command (``audit``, ``check``, ``report``, ``parse``), an output format, some
flags and the files it reads, all made from one seed and one number (so any failure is
reproduced by ``python bench/fuzz.py --cli --only N``): story bytes as .txt, .md with
front matter, .html, .docx or standard input, a configuration file, a parse cache entry.
Story bytes are the dev stories and short quoted texts mutated byte by byte (flips,
inserted quotation marks, control bytes, invalid UTF-8, long runs, markup, cuts).

The runner calls :func:`attribution.cli.main` in this process with the parser replaced by
:func:`stand_in_parse_texts`: a paragraph the stored real parses hold gets its real
sentences, any other paragraph a small parse made by rule (a cue word is the root, the
word before it its subject, the rest its complement), so the rules run on every case and
no model is loaded. What must hold for every case:

- the exit status is one the command documents (audit 0/2, check 0/1/2, report 0/2, parse 0/2);
- no traceback and no "internal error" (a bug); every line on stderr is one
  ``attribution: ...`` message;
- the report parses in its format (JSON against the schema, SARIF, CSV, JSON lines; HTML
  with its Content-Security-Policy; every ``github`` line a workflow command);
- no temporary file is left behind;
- the run ends within ``seconds`` (SIGALRM stops it) and the process's peak memory grows by
  less than ``memory_mb``.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import random
import re
import resource
import signal
import sys
import time
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import attrs

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PARSES = FIXTURES / "parses"
SCHEMA = Path(__file__).resolve().parent.parent / "attribution" / "schema" / "report.schema.json"

KINDS = ("txt", "md", "html", "docx", "stdin", "config", "cache", "rules")
FORMATS = {
    "audit": ("table", "markdown", "json", "csv", "html", "github", "sarif"),
    "check": ("table", "markdown", "json", "csv", "html", "github", "sarif"),
    "report": ("table", "markdown", "csv", "jsonl"),
    "parse": ("text", "conllu"),
}
STATUSES = {"audit": {0, 2}, "check": {0, 1, 2}, "report": {0, 2}, "parse": {0, 2}}
CUES = {"said": "say", "says": "say", "told": "tell", "added": "add", "claimed": "claim",
        "warned": "warn", "according": "accord"}

INTERESTING = [
    b'"', "\u201c".encode(), "\u201d".encode(), "\u2018".encode(), "\u2019".encode(), b"'", "\u00ab".encode(),
    "\u00bb".encode(), "\u201e".encode(), b"\n", b"\n\n", b"\r\n", b"\r", b"\t", b"\x00", b"\x1b[31m", b"\x0c",
    b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
    b" said ", b" told AFP ", b", an official said.", b"according to ", b"::add-mask::x", b"\n::stop-commands::t\n",
    b"<!-- attribution: disable=AC001 -->", b"<!--", b"-->", b"---\n", b"# ", b"**", b"`", b"<script>", b"</p>",
    b"<p>", b"&amp;", b"&#0;", b"&#x110000;", b"|", b"=cmd|' /C calc'!A0", b"@SUM(1)", b"%0A", b"\\", "\u2028".encode(),
    "\u202e".encode(), b"\xcc\x81" * 20, b"A" * 300,
]
TEMPLATES = [
    '"We will appeal," the minister said on Monday.\n\nShe added: "It is not over."\n',
    "Officials said the talks had stalled, according to two diplomats.\n",
    '"It is a sad day," said one librarian, who asked not to be named.\n',
    "The council voted to close the library.\n\n\"No,\" he said. \"Never.\"\n",
    "Headline\n\nA source close to the talks said the main sticking point was prisoners.\n",
]
FRONT = [b"title: T\n", b"outlet: Wire\n", b"date: 2020-01-01\n", b"a: &a [1,2]\nb: *a\n", b"- x\n- y\n",
         b"tags: [a, b]\n", b"!!python/object:os.system x\n", b"k: {x: {y: {z: 1}}}\n", b"k: '" + b"v" * 5000 + b"'\n",
         b":\n", b"\t- bad\n", b"outlet: \xff\xfe\n", b"title: \"::error::x\"\n", b"? complex\n: key\n"]
CONFIG = [b"max_anonymous_share = 0.2\n", b"fail_on = \"info\"\n", b"disable = [\"AC001\"]\n",
          b"enable = [\"AC999\"]\n", b"severity = { AC001 = \"error\" }\n", b"severity = { AC001 = 3 }\n",
          b"format = \"json\"\n", b"format = \"nope\"\n", b"max_size_mb = -1\n", b"max_size_mb = 0.0001\n",
          b"exclude = [\"*.md\"]\n", b"rules = \"nowhere\"\n", b"model = \"nowhere\"\n", b"colour = 1\n",
          b"[tool.attribution]\nfail_on = \"error\"\n", b"allow_nested_config = true\n", b"no_cache = true\n",
          b"max_anonymous_share = \"high\"\n", b"= = =\n", b"\xff\xfe\n", b"disable = \"AC001\"\n"]
RULES = {
    "anonymity.toml": [b"[reasons]\npatterns = ['on background', '(a+)+$']\n", b"[reasons]\npatterns = ['(']\n",
                       b"[knowledge]\npatterns = [1, 2]\n", b"[knowledge]\npatterns = 'x'\n", b"reasons = 3\n",
                       b"[reasons]\npatterns = ['" + b"a" * 2000 + b"']\n"],
    "cues.toml": [b"[speech]\nlemmas = ['reckon']\n", b"[speech]\nlemmas = 'say'\n", b"speech = []\n",
                  b"[newclass]\nlemmas = ['x', 1]\n"],
    "patterns.toml": [b"[[rule]]\ncode = 'AT150'\nname = 'x'\nkind = 'dependency'\nstrategy = 'complement'\n"
                      b"description = 'd'\nnodes = [{ id = 'cue', lemma = ['reckon'] },"
                      b" { id = 'content', parent = 'cue', rel = ['ccomp'] }]\n",
                      b"[[rule]]\ncode = 'bad'\n", b"rule = 5\n", b"[[rule]]\ncode = 'AT101'\nnodes = []\n"],
    "roles.toml": [b"[roles]\nanalyst = ['pundit']\n", b"roles = [1]\n"],
    "bogus.toml": [b"x = 1\n"],
}


@attrs.frozen
class Case:
    number: int
    kind: str
    command: str
    fmt: str
    files: dict[str, bytes]            # relative path -> bytes
    argv: tuple[str, ...]              # paths relative to the case folder
    stdin: bytes = b""
    output: str | None = None          # the report file, when not standard output


@attrs.frozen
class Outcome:
    case: Case
    status: int | None
    seconds: float
    grown_mb: float
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


# --- the parser stand-in ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def stored_paragraphs() -> tuple[dict[str, list], str]:
    """Paragraph text -> its stored real sentences (offsets from the paragraph's start)."""
    from attribution.model import Sentence
    from attribution.parse.conllu import from_conllu
    from attribution.read.documents import read_article
    from stored_parses import STORIES, stored_parse
    known: dict[str, list] = {}
    model_id = ""
    pairs = [(read_article(p), stored_parse(s)) for s, p in STORIES.items()]
    for txt in sorted(PARSES.glob("rule-*.txt")):
        from attribution.read.documents import article_from_text
        pairs.append((article_from_text(txt.read_text(encoding="utf-8"), txt.name),
                      from_conllu(txt.with_suffix(".conllu").read_text(encoding="utf-8"))))
    for art, parse in pairs:
        model_id = model_id or parse.model_id
        for pi, para in enumerate(art.paragraphs):
            d = para.start
            known.setdefault(art.clean[para.start:para.end], [
                Sentence(tuple(attrs.evolve(w, start=w.start - d, end=w.end - d) for w in s.words),
                         s.start - d, s.end - d, 0)
                for s in parse.sentences if s.paragraph == pi])
    return known, model_id


def _made_up(text: str, start: int, end: int, paragraph: int) -> list:
    """A parse by rule of text the stored parses do not hold: one sentence per cut (the
    pipeline's own chunks), a cue word its root, the word before it the subject."""
    from attribution.model import Sentence, Word
    from attribution.parse.pipeline import chunks
    out = []
    for a, b in chunks(text, start, end):
        spans, pos = [], a
        for token in text[a:b].split():
            at = text.index(token, pos)
            pos = at + len(token)
            spans.append((token, at, pos))
        if not spans:
            continue
        root = next((k for k, (t, _, _) in enumerate(spans) if t.lower().strip(",.") in CUES), 0)
        words = []
        for k, (token, s, e) in enumerate(spans):
            low = token.lower().strip(",.")
            if k == root:
                words.append(Word(k + 1, token, CUES.get(low, low), "VERB" if low in CUES else "NOUN", "VBD", "_",
                                  0, "root", s, e))
            elif k == root - 1:
                words.append(Word(k + 1, token, low, "NOUN", "NN", "_", root + 1, "nsubj", s, e))
            elif k == root + 1:
                words.append(Word(k + 1, token, low, "VERB", "VBD", "_", root + 1, "ccomp", s, e))
            else:
                head = root + 2 if k > root + 1 else root + 1
                words.append(Word(k + 1, token, low, "PUNCT" if not low else "NOUN", "NN", "_", head,
                                  "punct" if not low else "dep", s, e))
        out.append(Sentence(tuple(words), words[0].start, words[-1].end, paragraph))
    return out


def stand_in_parse_texts(articles, spec=None):
    from attribution.model import Parse, Sentence
    known, model_id = stored_paragraphs()
    parses = []
    for a in articles:
        sents: list = []
        for pi, para in enumerate(a.paragraphs):
            stored = known.get(a.clean[para.start:para.end])
            if stored is None:
                sents.extend(_made_up(a.clean, para.start, para.end, pi))
                continue
            d = para.start
            sents.extend(Sentence(tuple(attrs.evolve(w, start=w.start + d, end=w.end + d) for w in s.words),
                                  s.start + d, s.end + d, pi) for s in stored)
        parses.append(Parse(tuple(sents), model_id))
    return parses


@contextlib.contextmanager
def stand_in_parser() -> Iterator[None]:
    """Replace the parser (and the model's identity) for the duration."""
    import attribution.engine
    import attribution.parse.pipeline as pipeline
    import attribution.parsing
    import attribution.research.corpus as corpus
    _, model_id = stored_paragraphs()
    saved = []
    for mod, name, value in [(pipeline, "parse_texts", stand_in_parse_texts),
                             (attribution.parsing, "parse_texts", stand_in_parse_texts),
                             (attribution.engine, "parse_texts", stand_in_parse_texts),
                             (corpus, "model_identity", lambda spec=None: model_id),
                             (pipeline, "model_identity", lambda spec=None: model_id)]:
        if hasattr(mod, name):
            saved.append((mod, name, getattr(mod, name)))
            setattr(mod, name, value)
    try:
        yield
    finally:
        for mod, name, value in saved:
            setattr(mod, name, value)


# --- generating cases ----------------------------------------------------------------------

@lru_cache(maxsize=1)
def base_texts() -> list[bytes]:
    from stored_parses import STORIES
    texts = [p.read_bytes() for p in STORIES.values()]
    texts += [p.read_bytes() for p in sorted(PARSES.glob("rule-*.txt"))]
    return texts + [t.encode() for t in TEMPLATES]


def mutate(data: bytes, rng: random.Random, most: int = 8) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(0, most)):
        op = rng.random()
        at = rng.randint(0, len(b))
        if op < 0.30:
            b[at:at] = rng.choice(INTERESTING)
        elif op < 0.45 and b:
            b[min(at, len(b) - 1)] ^= 1 << rng.randint(0, 7)
        elif op < 0.55:
            b[at:at + rng.randint(1, 40)] = b""
        elif op < 0.65 and b:
            a = rng.randint(0, len(b) - 1)
            b[at:at] = b[a:a + rng.randint(1, 400)]
        elif op < 0.72:
            b[at:at] = bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 16)))
        elif op < 0.77:
            b[at:at] = rng.choice([b"x", b" ", b"\n", b'"', b"\xe2\x80\x9c", b"-", b"."]) * rng.randint(50, 3000)
        elif op < 0.82:
            del b[at:]
        elif op < 0.87:
            b = bytearray(bytes(b).replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n\n", b" "])))
        elif op < 0.92:
            b = bytearray(bytes(b).replace(b'"', rng.choice([b"\xe2\x80\x9c", b"'", b"", b'""'])))
        else:
            b = bytearray(b * rng.randint(1, 3))
    return bytes(b[:200_000])


def story_bytes(rng: random.Random) -> bytes:
    return mutate(rng.choice(base_texts()), rng)


def markdown_bytes(rng: random.Random) -> bytes:
    front = b"".join(rng.choice(FRONT) for _ in range(rng.randint(0, 4)))
    close = rng.choice([b"---\n", b"---\n", b"...\n", b""])
    body = story_bytes(rng)
    if rng.random() < 0.3:
        body = b"# " + body.replace(b"\n\n", b"\n\n> ", 1)
    return mutate(b"---\n" + front + close + b"\n" + body, rng, 2)


def html_bytes(rng: random.Random) -> bytes:
    paras = story_bytes(rng).split(b"\n\n")
    tags = [b"p", b"div", b"blockquote", b"li", b"h1", b"span", b"td"]
    body = b"".join(b"<%s>%s</%s>" % (t, p, t) if rng.random() < 0.9 else b"<%s>%s" % (t, p)
                    for p in paras for t in [rng.choice(tags)])
    extra = rng.choice([b"", b"<script>var a = '\"said the script,\" he said';</script>",
                        b"<style>p::before{content:'x'}</style>", b"<noscript>said</noscript>",
                        b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", b"<" * 500, b"<b>" * 2000])
    page = b"<!doctype html><html><head><title>T</title>" + extra + b"</head><body><article>" + body + \
        b"</article></body></html>"
    return mutate(page, rng, 4)


def docx_bytes(rng: random.Random) -> bytes:
    from xml.sax.saxutils import escape
    paras = story_bytes(rng).decode("utf-8", "replace").split("\n\n")
    xml = "".join(f"<w:p><w:r><w:t>{escape(''.join(c for c in p if c >= ' ' or c in chr(9)))}</w:t></w:r></w:p>"
                  for p in paras).encode()
    doc = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body>' + xml + b"</w:body></w:document>")
    if rng.random() < 0.3:
        doc = mutate(doc, rng, 3)                  # broken XML
    if rng.random() < 0.1:
        doc = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>' + doc
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_template())) as template, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in template.infolist():
            if info.filename == "word/document.xml":
                if rng.random() < 0.95:
                    zf.writestr(info.filename, doc)
            else:
                zf.writestr(info, template.read(info))
        if rng.random() < 0.1:
            zf.writestr("word/header1.xml", b"<w:hdr>" + b"a" * 100_000 + b"</w:hdr>")
    data = buf.getvalue()
    return mutate(data, rng, 3) if rng.random() < 0.3 else data


@lru_cache(maxsize=1)
def docx_template() -> bytes:
    """python-docx's own empty document: every part a .docx needs."""
    import docx
    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def make_case(seed: int, number: int) -> Case:
    rng = random.Random(seed * 1_000_003 + number)
    kind = KINDS[number % len(KINDS)]
    command = rng.choice(["audit", "audit", "check", "check", "report", "parse"])
    fmt = rng.choice(FORMATS[command])
    files: dict[str, bytes] = {}
    stdin = b""
    name = {"txt": "story.txt", "md": "story.md", "html": "story.html", "docx": "story.docx"}
    if kind in name:
        maker = {"txt": story_bytes, "md": markdown_bytes, "html": html_bytes, "docx": docx_bytes}[kind]
        files[f"stories/{name[kind]}"] = maker(rng)
        path = f"stories/{name[kind]}"
    elif kind == "stdin":
        stdin = rng.choice([story_bytes, markdown_bytes, html_bytes])(rng)
        path = "-"
    else:
        files["stories/story.txt"] = story_bytes(rng)
        path = "stories/story.txt"
    if command in ("audit", "check", "report") and rng.random() < 0.3:
        files["stories/other.txt"] = story_bytes(rng)
        path = "stories" if path != "-" else path
    argv: list[str] = [command, path, "--format", fmt]
    if kind == "stdin":
        argv += ["--stdin-filename", rng.choice(["a.txt", "a.md", "a.html", "a.docx", "noext", "../x.md", "a\nb.md"])]
    if command != "parse":
        argv += ["--cache-dir", "cache"] if kind == "cache" else ["--no-cache"]
    if kind == "config":
        files["attribution.toml"] = mutate(b"".join(rng.choice(CONFIG) for _ in range(rng.randint(1, 4))), rng, 2)
        if rng.random() < 0.5 and command != "parse":
            argv += ["--config", "attribution.toml"]
    if kind == "rules" and command != "parse":
        for name in rng.sample(sorted(RULES), rng.randint(1, 2)):
            files[f"house/{name}"] = mutate(rng.choice(RULES[name]), rng, 2)
        argv += ["--rules", "house"]
    if command == "check":
        if rng.random() < 0.4:
            argv += ["--fail-on", rng.choice(["info", "warning", "error"])]
        if rng.random() < 0.2:
            argv += ["--max-anonymous-share", rng.choice(["0", "0.5", "1", "2", "-1", "x"])]
        if rng.random() < 0.2:
            argv += [rng.choice(["--enable", "--disable"]), rng.choice(["AC001", "AC001,AC003", "AT101", "ZZ999", ""])]
        if rng.random() < 0.1:
            argv += ["--statistics"]
    if command == "audit" and rng.random() < 0.3:
        argv += ["--details"]
    if command == "report" and rng.random() < 0.5:
        argv += ["--by", rng.choice(["folder", "outlet", "title", "nothing"])]
    if command != "parse" and rng.random() < 0.08:
        argv += ["--max-size", rng.choice(["0.001", "1", "0", "-3", "nan"])]
    output = None
    if command != "parse" and rng.random() < 0.4:
        output = "out/report"
        argv += ["-o", output]
    return Case(number, kind, command, fmt, files, tuple(argv), stdin, output)


def cache_entry(case_dir: Path, story: Path, rng: random.Random) -> None:
    """A damaged cache entry for the story, where the cache looks for it."""
    from attribution.parse.cache import ParseCache
    from attribution.parse.conllu import to_conllu
    from attribution.read.documents import read_article
    try:
        article = read_article(story)
    except Exception:              # noqa: BLE001 - an unreadable story has no entry
        return
    cache = ParseCache(case_dir / "cache")
    [parse] = stand_in_parse_texts([article])
    if not parse.sentences:
        return
    cache.put(article, parse)
    entry = cache.path(cache.key(article, parse.model_id))
    good = entry.read_bytes()
    damage = rng.choice(["mutate", "cut", "random", "empty", "body", "offsets"])
    if damage == "mutate":
        bad = mutate(good, rng, 6)
    elif damage == "cut":
        bad = good[:rng.randint(0, len(good))]
    elif damage == "random":
        bad = bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 2000)))
    elif damage == "empty":
        bad = b""
    elif damage == "body":                 # no checksum line: the older entries' shape
        bad = to_conllu(parse).encode()
        bad = mutate(bad, rng, 4)
    else:
        bad = to_conllu(parse).replace("start_char=", "start_char=9").encode()
    entry.write_bytes(bad)


# --- running one case --------------------------------------------------------------------------

class OverTime(BaseException):
    """Raised in the run when it passes its time limit (a BaseException: nothing catches it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def on_alarm(signum, frame):
        raise OverTime()
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@lru_cache(maxsize=1)
def schema_validator():
    import jsonschema
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def run_case(case: Case, folder: Path, seconds: float = 20, memory_mb: float = 2048, seed: int = 0) -> Outcome:
    """Run one case in ``folder`` (made empty for it) and check the properties."""
    from attribution.cli import main
    for rel, data in case.files.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    (folder / "stories").mkdir(exist_ok=True)
    (folder / "out").mkdir(exist_ok=True)
    if case.kind == "cache":
        cache_entry(folder, folder / "stories" / "story.txt", random.Random(seed * 7 + case.number))
    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(case.stdin), encoding="utf-8", errors="surrogateescape")
    problems: list[str] = []
    status: int | None = None
    before = peak_mb()
    cwd = os.getcwd()
    saved_stdin = sys.stdin
    start = time.monotonic()
    try:
        os.chdir(folder)
        sys.stdin = stdin
        with stand_in_parser(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                time_limit(seconds):
            status = main(list(case.argv))
    except OverTime:
        problems.append(f"ran past {seconds} s")
    except SystemExit as exc:                  # argparse: usage errors
        status = exc.code if isinstance(exc.code, int) else 2
    except BaseException as exc:               # noqa: BLE001 - a failure of the case
        problems.append(f"raised {type(exc).__name__}: {exc}"[:300])
    finally:
        sys.stdin = saved_stdin
        os.chdir(cwd)
    took = time.monotonic() - start
    grown = peak_mb() - before
    if grown > memory_mb:
        problems.append(f"peak memory grew by {grown:.0f} MB (limit {memory_mb:.0f})")
    problems += check_outcome(case, folder, status, out.getvalue(), err.getvalue())
    return Outcome(case, status, took, grown, tuple(problems))


def check_outcome(case: Case, folder: Path, status: int | None, stdout: str, stderr: str) -> list[str]:
    problems = []
    if status is not None and status not in STATUSES[case.command]:
        problems.append(f"exit status {status}")
    for bad in ("Traceback", "internal error"):
        if bad in stderr:
            problems.append(f"{bad!r} on stderr: {stderr.strip()[-300:]}")
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    stray = [ln for ln in lines if not ln.startswith("attribution: ") and not _usage_line(ln)]
    if stray:
        problems.append(f"stderr line not a message: {stray[0][:200]!r}")
    if status == 2 and not lines:
        problems.append("exit 2 with nothing on stderr")
    leftovers = [p for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".report")]
    if leftovers:
        problems.append(f"left {leftovers[0].name}")
    if status in (0, 1):
        report = stdout
        if case.output:
            target = folder / case.output
            if not target.is_file():
                return problems + ["no report written"]
            report = target.read_text(encoding="utf-8", errors="strict")
        problems += check_report(case, report)
    return problems


def _usage_line(line: str) -> bool:
    """argparse's usage message spans lines: its continuation lines and its error line."""
    return line.startswith(("usage:", " ")) or bool(re.match(r"^attribution( [a-z]+)*: error: ", line))


def check_report(case: Case, report: str) -> list[str]:
    fmt = case.fmt
    try:
        if fmt == "json" and case.command == "audit":
            doc = json.loads(report)
            errors = sorted(schema_validator().iter_errors(doc), key=str)
            if errors:
                return [f"JSON report off the schema: {errors[0].message[:200]}"]
        elif fmt == "json":
            if not isinstance(json.loads(report).get("findings"), list):
                return ["check's JSON report without a findings list"]
        elif fmt == "sarif":
            doc = json.loads(report)
            if doc.get("version") != "2.1.0" or not isinstance(doc.get("runs"), list):
                return ["SARIF report without version 2.1.0 runs"]
        elif fmt == "jsonl":
            for line in report.splitlines():
                if line.strip():
                    json.loads(line)
        elif fmt == "csv":
            list(csv.reader(io.StringIO(report)))
        elif fmt == "html":
            if "Content-Security-Policy" not in report or "<script" in report.lower():
                return ["HTML report without its CSP, or with a script"]
        elif fmt == "github":
            bad = [ln for ln in report.splitlines() if ln.strip() and not ln.startswith("::")]
            if bad:
                return [f"github line that is no workflow command: {bad[0][:200]!r}"]
    except (ValueError, csv.Error) as exc:
        return [f"{fmt} report does not parse: {exc}"[:300]]
    return []


def describe(outcome: Outcome) -> str:
    c = outcome.case
    return (f"case {c.number} ({c.kind}, {' '.join(c.argv)!r}): " + "; ".join(outcome.problems))
