"""Resource limits of the read stage (issue 16): no story, however made, takes the machine
down or blocks the run. No model is loaded."""
from __future__ import annotations

import io
import os
import threading
import time
import zipfile

import pytest

from attribution.errors import InputError
from attribution.read.documents import MAX_FRONT_MATTER, article_from_text, decode, read_article, read_bounded
from attribution.read.docx_text import MAX_DOCX_XML, docx_text

ENGLISH = "The council said the plan was over, and the mayor said that it was not.\n"


def test_a_fifo_named_as_a_story_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            read_article(fifo)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            outcome.append(exc)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(5)
    if t.is_alive():                     # unblock the reader before failing
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], InputError) and "not a regular file" in str(outcome[0])


def test_a_device_is_refused():
    with pytest.raises(InputError, match="not a regular file"):
        read_article("/dev/zero")


def test_standard_input_is_bounded():
    assert read_bounded(io.BytesIO(b"x" * 10), 10, "<stdin>") == b"x" * 10
    with pytest.raises(InputError, match="size limit"):
        read_bounded(io.BytesIO(b"x" * 11), 10, "<stdin>")


def test_yaml_alias_bomb_in_front_matter_is_dropped():
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    start = time.monotonic()
    art = article_from_text(f"---\n{bomb}title: T\n---\n\n{ENGLISH}", "s.md", "md")
    assert time.monotonic() - start < 5
    assert art.metadata == {}


def test_front_matter_keeps_scalars_only_and_is_bounded():
    art = article_from_text(f"---\ntitle: T\noutlet: O\ntags: [a, b]\nnested: {{x: 1}}\n---\n\n{ENGLISH}",
                            "s.md", "md")
    assert art.metadata == {"title": "T", "outlet": "O"}
    big = "title: T\n" + "x: " + "y" * MAX_FRONT_MATTER + "\n"
    assert article_from_text(f"---\n{big}---\n\n{ENGLISH}", "s.md", "md").metadata == {}


def test_docx_xml_parts_are_bounded_in_total():
    buf = io.BytesIO()
    part = b"<w:hdr>" + b"a" * (MAX_DOCX_XML // 4) + b"</w:hdr>"       # each under every per-part limit
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(5):
            zf.writestr(f"word/header{i}.xml", part)
    with pytest.raises(InputError, match="XML parts"):
        docx_text(buf.getvalue(), "bomb.docx")


def test_one_stray_byte_keeps_a_utf8_story_utf8():
    text = "\u201cIt is over,\u201d an official said. The caf\u00e9 \u2014 closed \u2014 said so.\n" * 3
    data = text.encode()
    data = data[:40] + b"\xff" + data[40:]
    decoded, notices = decode(data, "s.txt")
    assert "\u201cIt is over,\u201d" in decoded and "caf\u00e9" in decoded      # no mojibake
    assert [n.kind for n in notices] == ["encoding"] and "1 place" in notices[0].message


# --- the rules stage stays linear in long quoted stories (stored parses, no model) ----------------

def test_rules_stage_is_linear_in_quotations(rules):
    """3,000 quoted paragraphs took 24.5 s on a cached parse when every cue searched every
    quotation (and every speaker every earlier one); the stage is now linear: four times the
    paragraphs take about four times as long, not sixteen."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from rules_stage import measure
    small = min(measure(600, rules)["rules_s"] for _ in range(2))
    large = measure(2400, rules)
    assert large["quotations"] >= 2000 and large["attributions"] >= 2400
    assert large["rules_s"] < 8 * small, (small, large)         # quadratic: 16 times (main: 22)


def test_speaker_stage_is_linear_in_a_story_that_repeats_its_names(rules):
    """A long story names the same people again and again: every speaker used to read every
    mention of every name (and all their descriptions), so 4 MB took minutes. Stored real
    parses of the dev stories, repeated; four times the story takes about four times as long."""
    import sys
    import tempfile
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import large_stories
    from attribution.engine import analyse
    from attribution.read.documents import read_article
    parse_texts, _ = large_stories.stand_in()
    seconds = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (0.005, 0.02):
            article = read_article(large_stories.write_story("20 MB story", scale, Path(tmp)))
            [parse] = parse_texts([article])
            t = time.perf_counter()
            result = analyse(article, parse, rules)
            seconds.append(time.perf_counter() - t)
            assert len(result.attributions) > scale * 3000
    assert seconds[1] < 8 * seconds[0], seconds


# --- regular expressions in a rules folder are checked when the rules load -----------------------

CATASTROPHIC = [r"(a+)+$", r"(a|aa)*b", r"(\w+\s?)*$", r"(.*a){20}", r".*.*.*x", r"(x+x+)+y", r"^(a|a?)+$",
                r"(\d+)*\.", r"((ab)*)+c", r"(a*)*", r"(?:[a-z]+)+!", r"(a)\1"]
HARMLESS = [r"(\w+ )+said", r"on (the )?condition", r"\bsaid\b", r".*a.*", r"(\w+ ){0,3}told",
            r"[^,]+, (he|she) said", r"\s+the\s+", r"(?:an? )?officials?", r"(\s*,\s*\w+)*;", r"(a{2})+"]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_catastrophic_pattern_is_refused(pattern):
    from attribution.errors import RulesError
    from attribution.regexes import checked_pattern
    with pytest.raises(RulesError, match="exponential|backreference"):
        checked_pattern(pattern, "house/anonymity.toml")


def test_harmless_and_shipped_patterns_are_kept(rules):
    from attribution.regexes import checked_pattern
    for p in HARMLESS:
        checked_pattern(p, "house/anonymity.toml")
    shipped = rules.data["anonymity"]                 # not judged at each load: held to it here
    patterns = shipped["reasons"]["patterns"] + shipped["knowledge"]["patterns"]
    assert len(patterns) > 50
    for p in patterns:
        checked_pattern(p, "rules/anonymity.toml")


def test_a_rules_folder_with_a_catastrophic_pattern_fails_in_one_line(tmp_path, capsys):
    """It used to load, and '(a+)+$' on a sentence of 30 a's hangs the run."""
    from attribution.cli import main
    house = tmp_path / "house"
    house.mkdir()
    (house / "anonymity.toml").write_text("[reasons]\npatterns = ['(a+)+$']\n", encoding="utf-8")
    story = tmp_path / "s.txt"
    story.write_text(ENGLISH, encoding="utf-8")
    start = time.monotonic()
    assert main(["audit", "--rules", str(house), str(story), "--no-cache"]) == 2
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(err) == 1 and "(a+)+$" in err[0] and "anonymity.toml" in err[0], err
    assert time.monotonic() - start < 10
    (house / "anonymity.toml").write_text("[reasons]\npatterns = ['(unclosed']\n", encoding="utf-8")
    assert main(["audit", "--rules", str(house), str(story), "--no-cache"]) == 2
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(err) == 1 and "not a regular expression" in err[0], err


def test_rules_loaded_again_and_again_are_not_all_kept(rules):
    """Every CLI run in one process (tests, the fuzz worker) loads its rules anew: the
    compiled rules and the speaker lexicons of each were kept, and 1,300 runs reached 2 GB."""
    from attribution.attribute import driver
    from attribution.ruleset import Rules
    from attribution.speakers import lexicon
    for _ in range(10):
        again = Rules(rules.data, rules.rules, rules.source)
        driver.compiled(again)
        lexicon.lexicon_for(again)
    assert len(driver._COMPILED) <= driver.KEEP_COMPILED and len(lexicon._LEXICONS) <= 4
