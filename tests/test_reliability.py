"""CLI robustness: bad inputs, huge inputs, bad flags, untouched inputs, atomic output, Ctrl-C.

Every test runs the real command (``python -m attribution``) offline in a subprocess. Only
three runs load the model: the mixed folder (good and bad stories, oddities), the huge
line, and the interrupted run; the others fail before any parsing.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEV = FIXTURES / "dev"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HTTPS_PROXY": "http://127.0.0.1:9",
       "HTTP_PROXY": "http://127.0.0.1:9", "PYTHONUNBUFFERED": "1"}
ENV.pop("CI", None)


def cli(*args, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "attribution", *map(str, args)], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=timeout)


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def dev_story(i: int) -> Path:
    return sorted(DEV.glob("*.txt"))[i]


# --- the mixed folder: two good stories, six bad ones and some oddities (one model load) ----------

BAD = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\t\n \r\n   \n", "white space"),
    "photo.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    "scan.txt": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\ntrailer\n%%EOF\n", "PDF"),
    "garbled.txt": (bytes(range(0x80, 0x100)) * 8, "UTF-8"),
    "letter.docx": (b"This is plain text with a .docx name, not a zip archive.\n", ".docx"),
}

GERMAN = ("Die Regierung hat am Montag neue Ma\u00dfnahmen angek\u00fcndigt. \u201eWir werden die Steuern "
          "nicht erh\u00f6hen\u201c, sagte der Finanzminister bei einer Pressekonferenz vor zahlreichen "
          "Journalisten. Die Opposition kritisierte die Pl\u00e4ne scharf und forderte eine Debatte im "
          "Bundestag. Nach Angaben von Beobachtern bleibt die Lage angespannt, weil viele B\u00fcrger "
          "\u00fcber steigende Preise klagen und die Gewerkschaften mit Streiks drohen.\n\n"
          "Der Kanzler schwieg zun\u00e4chst zu den Vorw\u00fcrfen der Opposition.\n")

SCRIPT_MARK = "XyzzyScriptPayload"
HTML = f"""<!doctype html><html><head><title>Council vote</title>
<script>var a = "{SCRIPT_MARK} one"; document.write('"{SCRIPT_MARK} quoted," said the script.');</script>
<style>p::before {{ content: "{SCRIPT_MARK} style"; }}</style></head>
<body><script type="text/javascript">for (var i = 0; i < 9; i++) {{ console.log("{SCRIPT_MARK}", i); }}</script>
<article><h1>Council votes to close libraries</h1>
<p>"We had no choice," the council leader, Maria Lopez, said on Monday.</p>
<script>window.dataLayer = [{{"quote": "\\"{SCRIPT_MARK} in article,\\" he said."}}];</script>
<p>Campaigners said the decision would hurt children and older readers.</p>
<noscript>{SCRIPT_MARK} noscript said nothing</noscript>
<p>"It is a sad day for the town," said one librarian, who asked not to be named.</p>
<script>{SCRIPT_MARK}("said", "told")</script></article></body></html>
"""


def unclosed_quotes_story() -> str:
    paras = []
    for i in range(50):
        words = " ".join(f"\u201cword{j}" if j % 2 == 0 else f"\"part{j}" for j in range(10))
        paras.append(f"The minister said {words} and left the room on day {i}.")
    text = "\n\n".join(paras) + "\n"
    assert text.count("\u201c") + text.count('"') == 500 and "\u201d" not in text
    return text


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    stories = root / "stories"
    stories.mkdir()
    shutil.copyfile(dev_story(0), stories / "good-one.txt")
    shutil.copyfile(dev_story(1), stories / "good-two.txt")
    for name, (data, _) in BAD.items():
        (stories / name).write_bytes(data)
    (stories / "german.txt").write_text(GERMAN, encoding="utf-8")
    (stories / "page.html").write_text(HTML, encoding="utf-8")
    (stories / "unclosed.txt").write_text(unclosed_quotes_story(), encoding="utf-8")
    (stories / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")           # not a story: ignored
    before = digest(stories)
    out_dir = root / "out"
    out_dir.mkdir()
    out = out_dir / "report.json"
    t = time.perf_counter()
    proc = cli("audit", stories, "--format", "json", "--output", out, "--cache-dir", root / "cache",
               cwd=root)
    return {"proc": proc, "root": root, "stories": stories, "before": before, "out": out,
            "seconds": time.perf_counter() - t,
            "doc": json.loads(out.read_text(encoding="utf-8")) if out.exists() else None}


def article(doc, name):
    found = [a for a in doc["articles"] if Path(a["path"]).name == name]
    assert len(found) == 1, [a["path"] for a in doc["articles"]]
    return found[0]


def test_mixed_folder_exit_2_and_good_stories_reported(mixed):
    proc, doc = mixed["proc"], mixed["doc"]
    no_traceback(proc)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert doc is not None, proc.stderr[-2000:]
    names = {Path(a["path"]).name for a in doc["articles"]}
    assert {"good-one.txt", "good-two.txt", "german.txt", "page.html", "unclosed.txt"} <= names
    assert not names & set(BAD)
    assert article(doc, "good-one.txt")["attributions"]
    assert article(doc, "good-two.txt")["attributions"]


@pytest.mark.parametrize("name", sorted(BAD))
def test_mixed_folder_each_bad_file_in_errors(mixed, name):
    doc, proc = mixed["doc"], mixed["proc"]
    errors = [e for e in doc["errors"] if Path(e["path"]).name == name]
    assert len(errors) == 1, doc["errors"]
    message = errors[0]["error"]
    assert name in message and BAD[name][1].lower() in message.lower(), message
    assert "\n" not in message and len(message) < 300
    assert any(name in line and BAD[name][1].lower() in line.lower() for line in proc.stderr.splitlines())


def test_mixed_folder_ignores_non_story_files(mixed):
    assert not [e for e in mixed["doc"]["errors"] if "picture.png" in e["path"]]


def test_non_english_story_warns(mixed):
    lines = [ln for ln in mixed["proc"].stderr.splitlines() if "german.txt" in ln]
    assert any("English" in ln and "warning" in ln for ln in lines), mixed["proc"].stderr
    assert any("English" in w for w in article(mixed["doc"], "german.txt")["warnings"])


def test_html_script_text_never_reported(mixed):
    page = article(mixed["doc"], "page.html")
    dumped = json.dumps(page, ensure_ascii=False)
    assert SCRIPT_MARK not in dumped
    contents = [a["content"] for a in page["attributions"]]
    assert any("We had no choice" in c for c in contents), contents


def test_500_unclosed_quotation_marks(mixed):
    story = article(mixed["doc"], "unclosed.txt")
    text = (mixed["stories"] / "unclosed.txt").read_text(encoding="utf-8")
    for a in story["attributions"]:
        for start, end in a["spans"]:
            assert 0 <= start <= end <= len(text)


def test_inputs_never_modified(mixed):
    assert digest(mixed["stories"]) == mixed["before"]


def test_output_written_atomically(mixed):
    out = mixed["out"]
    assert out.exists()
    assert [p.name for p in out.parent.iterdir()] == ["report.json"]      # no .report.json.*.tmp
    assert not list(mixed["root"].rglob("*.tmp"))
    assert not list(mixed["stories"].rglob(".*"))                        # nothing written beside inputs


# --- failing before any parsing (no model load) -------------------------------------------------

def one_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_folder_without_stories(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    proc = cli("audit", tmp_path / "empty", "--no-cache", "--format", "json", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2
    assert "no story files" in one_line(proc.stderr)


def test_missing_path(tmp_path):
    proc = cli("audit", tmp_path / "nowhere.txt", "--no-cache", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2
    assert "no such file" in one_line(proc.stderr)


def test_file_over_the_size_limit(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:            # sparse: instant, no disk used
        fh.truncate(50 * 1024 * 1024)
    proc = cli("audit", big, "--no-cache", "--format", "json", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2
    line = one_line(proc.stderr)
    assert "--max-size" in line and "huge.txt" in line
    doc = json.loads(proc.stdout)
    assert doc["articles"] == [] and "--max-size" in doc["errors"][0]["error"]


@pytest.mark.parametrize("flags, needle", [
    (["--format", "nope"], "format"),
    (["--jobs", "0"], "--jobs"),
    (["--jobs", "many"], "--jobs"),
    (["--max-size", "big"], "--max-size"),
    (["--config", "missing.toml"], "missing.toml"),
    (["--frobnicate"], "--frobnicate"),
])
def test_bad_flags(tmp_path, flags, needle):
    story = tmp_path / "story.txt"
    shutil.copyfile(dev_story(0), story)
    proc = cli("audit", story, "--no-cache", *flags, cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2
    assert needle in one_line(proc.stderr)
    assert proc.stdout == ""


def test_config_with_unknown_key(tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copyfile(dev_story(0), folder / "story.txt")
    (folder / "attribution.toml").write_text("colour = 1\n", encoding="utf-8")
    proc = cli("audit", folder / "story.txt", "--no-cache", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2
    assert "colour" in one_line(proc.stderr)


def test_config_that_is_not_toml(tmp_path):
    story = tmp_path / "story.txt"
    shutil.copyfile(dev_story(0), story)
    (tmp_path / "bad.toml").write_text("this is = = not toml\n", encoding="utf-8")
    proc = cli("check", story, "--no-cache", "--config", tmp_path / "bad.toml", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2
    assert "bad.toml" in one_line(proc.stderr)


# --- a 1 MB line with no spaces (one model load) ------------------------------------------------

def test_one_megabyte_line_without_spaces(tmp_path):
    story = tmp_path / "line.txt"
    story.write_text("Headline\n\n" + ("abcdefghij" * 100_000) + "\n", encoding="utf-8")
    proc = cli("audit", story, "--no-cache", "--max-size", "5", "--format", "json", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode in (0, 2), proc.stderr[-2000:]
    if proc.returncode == 2:
        assert proc.stderr.strip()
    else:
        doc = json.loads(proc.stdout)
        assert [Path(a["path"]).name for a in doc["articles"]] == ["line.txt"]


# --- Ctrl-C (one model load) ----------------------------------------------------------------------

# Enough stories that the run outlasts the half second the test waits after the first
# chunk is cached, on an idle machine too: with 64 a fast parser finished them all within it.
N_INTERRUPTED = 240


def test_interrupt_keeps_a_valid_cache(tmp_path):
    from attribution.parse.conllu import from_conllu
    stories = tmp_path / "stories"
    stories.mkdir()
    dev = sorted(DEV.glob("*.txt"))
    for i in range(N_INTERRUPTED):            # several chunks; distinct texts, distinct keys
        src = dev[i % len(dev)]
        head = src.read_text(encoding="utf-8")[:900].rsplit("\n", 1)[0]      # keep the run short
        (stories / f"{i:02d}-{src.name}").write_text(f"{head}\n\nCopy number {i} of this story.\n",
                                                     encoding="utf-8")
    cache = tmp_path / "cache"
    proc = subprocess.Popen([sys.executable, "-m", "attribution", "audit", str(stories), "--format", "json",
                             "--cache-dir", str(cache)], cwd=tmp_path, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            # a shell's background job starts with Ctrl-C ignored, and Python then
                            # never raises KeyboardInterrupt: give the child the default handling
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 540
        while time.monotonic() < deadline and proc.poll() is None:
            if cache.exists() and any(cache.rglob("*.conllu")):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "finished before it could be interrupted"
        time.sleep(0.5)                       # let the chunk's cache writes end
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err[-3000:]
    assert "Traceback" not in err
    assert "interrupted" in err and "kept in the cache" in err
    entries = sorted(cache.rglob("*.conllu"))
    assert 1 <= len(entries) < N_INTERRUPTED
    assert not [p for p in cache.rglob("*") if p.is_file() and p.suffix != ".conllu"
                and p.name != "CACHEDIR.TAG"]   # no temp files
    model_ids = set()
    for p in entries:
        parse = from_conllu(p.read_text(encoding="utf-8"))
        assert parse.sentences and all(s.words for s in parse.sentences)
        model_ids.add(parse.model_id)
    assert len(model_ids) == 1 and "unknown" not in model_ids


def test_long_run_without_spaces_is_blanked_not_parsed():
    from attribution.read.documents import LONG_RUN, article_from_text
    blob = "Q" * (LONG_RUN + 1)
    art = article_from_text(f"\u201cWe will appeal,\u201d she said.\n\nData: {blob} end.\n")
    assert len(art.clean) == len(art.text) and blob not in art.clean and "Data:" in art.clean
    assert any(w.kind == "long_runs" and "without a space" in w.message for w in art.warnings)
    art = article_from_text("A word of " + "w" * LONG_RUN + " is kept.\n")
    assert not art.warnings and "w" * LONG_RUN in art.clean


# --- parsing in bounded batches: Ctrl-C keeps what is done, progress per article (no model) -------

def paragraph_aware_parser(monkeypatch, budget: int | None = None):
    """Stand in for the parser with the stored real parses: a copy of an article holding
    some of its paragraphs (or cuts of one) gets the sentences that lie in them. With
    ``budget``, the interrupt arrives once that many characters have been parsed."""
    import attrs as _attrs

    import attribution.parse.pipeline as pipeline
    import attribution.research.corpus as corpus
    from stored_parses import STORIES, require, stored_parse
    from attribution.model import Parse
    from attribution.read.documents import read_article
    require()
    by_text = {read_article(p).clean: stored_parse(s) for s, p in STORIES.items()}
    calls: list[int] = []

    def parse_texts(articles, spec=None):
        size = sum(len(p) for a in articles for p in a.paragraphs)
        if budget is not None and sum(calls) + size > budget:
            raise KeyboardInterrupt
        calls.append(size)
        out = []
        for a in articles:
            whole = by_text[a.clean]
            sents = []
            for s in whole.sentences:
                k = next((k for k, p in enumerate(a.paragraphs) if p.start <= s.start < p.end), None)
                if k is not None:
                    sents.append(_attrs.evolve(s, paragraph=k))
            out.append(Parse(tuple(sents), whole.model_id))
        return out

    monkeypatch.setattr(pipeline, "parse_texts", parse_texts)
    monkeypatch.setattr(corpus, "model_identity", lambda spec=None: next(iter(by_text.values())).model_id)
    return calls


def test_interrupt_keeps_every_finished_parse(tmp_path, monkeypatch, rules):
    """One 16-story chunk used to be parsed in one call: Ctrl-C in it kept nothing, though the
    message says finished parses are kept. Now batches of BATCH_CHARS are cached as they end."""
    import attribution.research.corpus as corpus
    from attribution.parse.cache import ParseCache
    from attribution.read.documents import read_article
    from attribution.research.corpus import process
    from stored_parses import STORIES
    articles = [read_article(p) for p in STORIES.values()]
    total = sum(len(p) for a in articles for p in a.paragraphs)
    monkeypatch.setattr(corpus, "BATCH_CHARS", 10_000)                  # stories of dev size
    assert total > 3 * corpus.BATCH_CHARS and len(articles) <= 16    # one chunk, several batches
    calls = paragraph_aware_parser(monkeypatch, budget=total * 2 // 3)
    cache = ParseCache(tmp_path / "cache")
    with pytest.raises(KeyboardInterrupt):
        process(articles, rules, None, cache, quiet=True)
    model_id = corpus.model_identity(None)
    kept = [a for a in articles if cache.get(a, model_id) is not None]
    assert len(calls) >= 2 and len(kept) >= 3, (calls, len(kept))
    assert len(kept) == len(cache.entries()) < len(articles)
    assert kept == articles[:len(kept)]                                 # the finished ones, in order


def test_progress_advances_per_article(monkeypatch, rules):
    import attribution.research.corpus as corpus
    from attribution.read.documents import read_article
    from stored_parses import STORIES
    paragraph_aware_parser(monkeypatch)
    updates: list[int] = []

    class Bar:
        def __init__(self, total, **kwargs):
            self.total = total

        def update(self, n):
            updates.append(n)

        def close(self):
            pass

    import tqdm
    monkeypatch.setattr(tqdm, "tqdm", Bar)
    monkeypatch.setattr(corpus, "show_progress", lambda quiet: True)
    articles = [read_article(p) for p in STORIES.values()]
    results, _, errors = corpus.process(articles, rules, None, None)
    assert not errors and len(results) == len(articles)
    assert updates == [1] * len(articles)


def test_a_long_story_is_parsed_in_bounded_pieces_with_the_same_result(monkeypatch, rules):
    """A story longer than a batch goes to the parser in pieces of at most BATCH_CHARS
    characters (its paragraphs, or the parser's own cuts of a long one) and is put back
    together: the same parse, the same report."""
    import attribution.research.corpus as corpus
    from attribution.engine import analyse
    from attribution.read.documents import read_article
    from stored_parses import STORIES, stored_parse
    calls = paragraph_aware_parser(monkeypatch)
    article = read_article(STORIES["seed"])
    limit = 400
    assert sum(len(p) for p in article.paragraphs) > 5 * limit
    monkeypatch.setattr(corpus, "BATCH_CHARS", limit)
    [(i, parse)] = list(corpus.stream_parses([article], [0], None, limit=limit))
    assert i == 0 and len(calls) > 5 and max(calls) <= limit
    assert parse == stored_parse("seed")
    results, _, errors = corpus.process([article], rules, None, None, quiet=True)
    assert not errors
    assert as_json(results) == as_json([analyse(article, stored_parse("seed"), rules)])


def as_json(results) -> str:
    from attribution.output.json_report import to_json_obj
    return json.dumps(to_json_obj(results, [], {}), sort_keys=True)


def test_one_huge_paragraph_is_cut_into_bounded_pieces():
    from attribution.read.documents import article_from_text
    from attribution.research.corpus import BATCH_CHARS, batches, pieces_of
    sentence = "The minister said the plan would go ahead next year. "
    art = article_from_text(sentence * (5_000_000 // len(sentence)) + "\n", "big.txt")
    assert len(art.paragraphs) == 1
    t = time.perf_counter()
    pieces = pieces_of(0, art)
    groups = list(batches(pieces))
    assert time.perf_counter() - t < 20
    assert all(p.size <= BATCH_CHARS for p in pieces) and pieces[-1].last and not pieces[0].last
    assert all(sum(p.size for p in g) <= BATCH_CHARS for g in groups)
    assert sum(p.size for p in pieces) == len(art.paragraphs[0])          # every character, once
    assert {o for p in pieces for o in p.paragraphs or ()} == {0}


# --- the faults of issue 16, each through the path a user takes (no model) -------------------------

def test_a_cache_entry_written_for_another_text_is_a_miss(tmp_path):
    """An entry copied (or renamed) over another text's key: its recorded key gives it away."""
    from attribution.parse.cache import ParseCache
    from attribution.read.documents import read_article
    from stored_parses import STORIES, stored_model_id, warm_cache
    seed, other = read_article(STORIES["seed"]), read_article(STORIES["freight-merger"])
    cache = warm_cache(tmp_path / "cache", [STORIES["seed"]])
    model_id = stored_model_id()
    target = cache.path(cache.key(other, model_id))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cache.path(cache.key(seed, model_id)), target)
    fresh = ParseCache(cache.folder)
    assert fresh.get(other, model_id) is None and fresh.damaged == [target]
    assert fresh.get(seed, model_id) is not None


def test_a_dead_worker_is_reported_on_stderr_and_in_the_report(tmp_path, monkeypatch, capsys):
    """48 of 64 articles used to come back BrokenProcessPool with nothing on stderr: now the
    story that kills its worker is the only one lost, with one line each and its code."""
    import concurrent.futures

    from attribution.cli import main
    from stored_parses import STORIES, serve_stored
    from test_corpus import DyingPool
    stems = ["seed", "ceasefire-talks", "derby-comeback", "freight-merger"]
    folder = tmp_path / "stories"
    folder.mkdir()
    for i in range(20):                           # two chunks of 16: the pool is used
        shutil.copyfile(STORIES[stems[i % 4]], folder / f"{i:02d}-{stems[i % 4]}.txt")
    serve_stored(monkeypatch, stems=stems)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", DyingPool)
    DyingPool.made = []
    out = tmp_path / "report.json"
    status = main(["audit", str(folder), "--jobs", "2", "--no-cache", "--format", "json", "-o", str(out)])
    err = capsys.readouterr().err
    doc = json.loads(out.read_text(encoding="utf-8"))
    killed = sorted(p.name for p in folder.iterdir() if DyingPool.KILLER in p.name)
    assert status == 2 and len(killed) == 5
    assert sorted(Path(e["path"]).name for e in doc["errors"]) == killed
    assert {e["code"] for e in doc["errors"]} == {"AE010"}
    assert len(doc["articles"]) == 15
    lines = [ln for ln in err.splitlines() if "worker failed" in ln]
    assert sorted(n for n in killed if any(n in ln for ln in lines)) == killed and len(lines) == 5
    assert "Traceback" not in err


def test_a_stray_byte_is_replaced_and_warned_about_on_stderr(tmp_path, capsys):
    """One stray byte used to make a UTF-8 story decode in a legacy code page (mojibake)."""
    from attribution.cli.run import read_inputs
    text = "\u201cIt is over,\u201d an official said. The caf\u00e9 \u2014 closed \u2014 said so.\n" * 3
    data = text.encode()
    story = tmp_path / "s.txt"
    story.write_bytes(data[:40] + b"\xff" + data[40:])
    [article], errors = read_inputs([str(story)], 1 << 20, quiet=False)
    assert not errors
    assert "\ufffd" in article.text and article.text.replace("\ufffd", "") == text   # nothing else changed
    warned = [ln for ln in capsys.readouterr().err.splitlines() if "s.txt" in ln]
    assert len(warned) == 1 and "warning" in warned[0] and "1 place" in warned[0], warned
