"""Reading stories from disk: encodings, formats, hostile and broken inputs.

Fast: no Stanza model is loaded here.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from attribution.errors import InputError
from attribution.read.docx_text import docx_text
from attribution.read import find_stories
from attribution.read.documents import read_article
from attribution.read.html_text import html_text

FIXTURES = Path(__file__).parent / "fixtures"

ENGLISH = (
    "The minister said on Tuesday that the government would review the plan. "
    "\"We are looking at every option,\" she told reporters in the capital.\n\n"
    "Officials said the talks were expected to continue next week.\n"
)


def paragraph_texts(article) -> list[str]:
    return [article.clean[p.start:p.end] for p in article.paragraphs]


def assert_offsets_consistent(article) -> None:
    assert len(article.clean) == len(article.text)
    for p in article.paragraphs:
        assert 0 <= p.start < p.end <= len(article.text)


# --- plain text and encodings -----------------------------------------------------------

def test_txt_utf8(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Caf\u00e9 owners protest\n\n" + ENGLISH, encoding="utf-8")
    a = read_article(f)
    assert a.text.startswith("Caf\u00e9 owners protest")
    assert a.warnings == ()
    assert len(a.paragraphs) == 3
    assert_offsets_consistent(a)


def test_txt_utf8_with_bom(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + ENGLISH.encode("utf-8"))
    a = read_article(f)
    assert not a.text.startswith("\ufeff")
    assert a.text.startswith("The minister said")
    assert a.warnings == ()


def test_txt_utf16_with_bom(tmp_path):
    f = tmp_path / "utf16.txt"
    f.write_bytes(ENGLISH.encode("utf-16"))  # Python writes the BOM
    assert f.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    a = read_article(f)
    assert a.text.startswith("The minister said")
    assert "\x00" not in a.text
    assert len(a.paragraphs) == 2


def test_txt_cp1252_decoded_with_warning(tmp_path):
    text = ("The owner of the caf\u00e9 said the \u201cnew rules\u201d would hurt business. "
            "\u201cWe have been here for thirty years,\u201d she said, adding that the "
            "council had not consulted the residents of the old quarter before the vote.\n\n"
            "The mayor\u2019s office said the r\u00e9gime of fines would be reviewed.\n") * 3
    f = tmp_path / "cp1252.txt"
    f.write_bytes(text.encode("cp1252"))
    a = read_article(f)
    assert any(w.kind == "encoding" and "not UTF-8" in w.message for w in a.warnings), a.warnings
    assert "caf" in a.text and "owner" in a.text
    assert_offsets_consistent(a)


def test_latin1_short_file_decoded_with_warning(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Der B\u00e4cker sagte, das Brot sei teuer.\n".encode("latin-1"))
    a = read_article(f)
    assert any(w.kind == "encoding" and "not UTF-8" in w.message for w in a.warnings), a.warnings
    assert "cker sagte" in a.text


def test_invalid_utf8_never_raises_other_exceptions(tmp_path):
    f = tmp_path / "garbage.txt"
    # bytes that are not UTF-8 and not any plausible text encoding, no NUL bytes
    f.write_bytes(bytes(range(0x80, 0x100)) * 8 + b"\xc3\x28\xa0\xa1\xe2\x28\xa1")
    try:
        a = read_article(f)
    except InputError:
        return
    assert a.warnings, "a lossy decode must be reported"


@pytest.mark.parametrize("content", [
    b"\xff\xfeA\x00B",                  # UTF-16 BOM, odd number of bytes
    b"\xff\xfe\x00\xd8\x00\x00",          # UTF-16 BOM, lone surrogate
    b"\xef\xbb\xbfabc\xff\xfe more",       # UTF-8 BOM, invalid UTF-8 after it
])
def test_broken_text_after_byte_order_mark(tmp_path, content):
    f = tmp_path / "bom.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match="byte-order mark"):
        read_article(f)


# --- Markdown --------------------------------------------------------------------------------

MARKDOWN = """---
outlet: Example Times
date: 2021-03-04
---
# Council approves **new** budget

The council approved the budget on **Monday**, the mayor said.

- "It is a good day for the city," she told reporters.
"""


def test_markdown_front_matter_and_blanked_syntax(tmp_path):
    f = tmp_path / "story.md"
    f.write_text(MARKDOWN, encoding="utf-8")
    a = read_article(f)
    assert a.metadata["outlet"] == "Example Times"
    assert str(a.metadata["date"]) == "2021-03-04"
    assert a.text == MARKDOWN  # text is the file as it is
    assert len(a.clean) == len(a.text)
    assert "#" not in a.clean and "**" not in a.clean
    assert "outlet" not in a.clean  # front matter blanked
    for word in ("Council approves", "Monday", "mayor said", "It is a good day"):
        i = a.clean.index(word)
        assert a.text[i:i + len(word)] == word
    texts = [t.strip() for t in paragraph_texts(a)]
    assert texts[0].startswith("Council approves")
    assert any(t.startswith('"It is a good day') for t in texts)


# --- HTML ------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head>
<title>Budget vote | Example Times</title>
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
<meta property="og:site_name" content="Example Times">
<style>body { font-family: "Secret Style"; }</style>
<script>alert(1)</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header>Subscribe now</header>
<article>
<h1>Council approves budget</h1>
<p>The council approved the budget on Monday, the mayor&#8217;s office said.</p>
<p>&quot;It is a good   day
   for the city,&quot; she told reporters.</p>
<script>var tracking = "SECRET_TRACKER";</script>
</article>
<footer>Copyright Example Times</footer>
</body></html>
"""


def test_html_drops_script_and_style_and_keeps_paragraphs(tmp_path):
    f = tmp_path / "story.html"
    f.write_text(HTML, encoding="utf-8")
    a = read_article(f)
    assert "alert(1)" not in a.text and "SECRET_TRACKER" not in a.text
    assert "Secret Style" not in a.text and "font-family" not in a.text
    assert "Home" not in a.text and "Subscribe" not in a.text and "Copyright" not in a.text
    texts = paragraph_texts(a)
    assert texts[0] == "Council approves budget"
    assert texts[1] == "The council approved the budget on Monday, the mayor\u2019s office said."
    assert texts[2] == '"It is a good day for the city," she told reporters.'
    assert len(texts) == 3
    assert a.metadata == {"title": "Budget vote | Example Times", "author": "Jane Reporter",
                          "date": "2021-03-04T10:00:00Z", "outlet": "Example Times"}


def test_html_without_article_uses_body_and_br():
    text, meta = html_text("<html><body><div>First line<br>second line</div>"
                           "<div><p>Next</p></div><noscript>enable js</noscript></body></html>")
    assert text == "First line\nsecond line\n\nNext"
    assert meta == {}


@pytest.mark.parametrize("page", [
    "", "<", "<<<>>>&&&;", "<p>unclosed <b>bold <div>mixed</p></b>", "</p></div></html>",
    "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 10,
    "<p>" * 2000, "<script>never closed", "<!-- comment never closed <p>x</p>",
    "<meta content><meta name=author><title></title>", "<p>&#xFFFFFFFF; &#0; &bogus;</p>",
])
def test_html_text_never_raises(page):
    text, meta = html_text(page)
    assert isinstance(text, str) and isinstance(meta, dict)


# --- .docx -----------------------------------------------------------------------------------

def make_docx(paragraphs: list[str]) -> bytes:
    import docx as docx
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_read(tmp_path):
    f = tmp_path / "story.docx"
    f.write_bytes(make_docx(["Council approves budget", "",
                             "The council approved the budget on Monday.",
                             '"It is a good day," she said.']))
    a = read_article(f)
    assert a.text == ("Council approves budget\n\nThe council approved the budget on Monday."
                      '\n\n"It is a good day," she said.')
    assert len(a.paragraphs) == 3


def test_docx_not_a_zip(tmp_path):
    f = tmp_path / "fake.docx"
    f.write_text("This is plain text pretending to be a Word file.", encoding="utf-8")
    with pytest.raises(InputError, match="not a valid .docx"):
        read_article(f)


def test_docx_missing_document_part(tmp_path):
    data = make_docx(["Hello there."])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info))
    f = tmp_path / "broken.docx"
    f.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="not a valid .docx") as exc:
        read_article(f)
    assert "\n" not in str(exc.value)


def _zip_of_zeros(path: Path, megabytes: int) -> None:
    chunk = b"\x00" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("word/document.xml", "w") as out:
            for _ in range(megabytes):
                out.write(chunk)


def test_docx_zip_bomb_total_size(tmp_path):
    f = tmp_path / "bomb.docx"
    _zip_of_zeros(f, 300)  # ~300 KB on disk, 300 MB expanded
    assert f.stat().st_size < 2_000_000
    with pytest.raises(InputError, match="zip bomb"):
        read_article(f)


def test_docx_zip_bomb_compression_ratio(tmp_path):
    f = tmp_path / "ratio.docx"
    _zip_of_zeros(f, 20)  # under the total limit, but expands ~1000-fold
    with pytest.raises(InputError, match="zip bomb"):
        read_article(f)


def test_docx_too_many_entries():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for i in range(10_001):
            zf.writestr(f"e/{i}", b"")
    with pytest.raises(InputError, match="entries"):
        docx_text(buf.getvalue(), "many.docx")


# --- paths -----------------------------------------------------------------------------------

def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_path_below_a_file(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(ENGLISH)
    with pytest.raises(InputError, match="cannot be read"):
        read_article(f / "child.txt")  # NotADirectoryError from stat()


def test_folder_is_not_a_story(tmp_path):
    with pytest.raises(InputError, match="folder"):
        read_article(tmp_path)


def test_find_stories_empty_folder(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    files, errors = find_stories([str(tmp_path)])
    assert files == []
    assert len(errors) == 1 and "no story files" in errors[0].message and errors[0].code == "AE005"


def test_find_stories_nested_and_missing(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "one.txt").write_text(ENGLISH)
    (tmp_path / "a" / "two.md").write_text(ENGLISH)
    (tmp_path / "a" / "b" / "three.TXT").write_text(ENGLISH)
    (tmp_path / "a" / "b" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "a" / ".hidden.txt").write_text(ENGLISH)
    files, errors = find_stories([str(tmp_path), str(tmp_path / "missing.txt")])
    assert sorted(Path(f).name for f in files) == ["one.txt", "three.TXT", "two.md"]
    assert len(errors) == 1 and "no such file" in errors[0].message


# --- empty, binary, too big, unreadable ------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n  ", "\u00a0\u00a0\n".encode()])
def test_empty_or_whitespace_file(tmp_path, content):
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match="no text"):
        read_article(f)


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    b"ELF\x00\x01\x02" + bytes(100),
])
def test_binary_files_rejected(tmp_path, content):
    f = tmp_path / "story.txt"
    f.write_bytes(content)
    with pytest.raises(InputError):
        read_article(f)


def test_over_size_limit(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text(("The council met. " * 200)[:2048])
    with pytest.raises(InputError, match="size limit"):
        read_article(f, max_bytes=1000)


def test_permission_denied(tmp_path, monkeypatch):
    f = tmp_path / "locked.txt"
    f.write_text(ENGLISH)

    def deny(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(InputError, match="permission denied"):
        read_article(f)


def test_file_disappears_before_read(tmp_path, monkeypatch):
    f = tmp_path / "gone.txt"
    f.write_text(ENGLISH)

    def vanish(self, *args, **kwargs):
        raise FileNotFoundError(2, "No such file or directory", str(self))

    monkeypatch.setattr(Path, "open", vanish)
    with pytest.raises(InputError, match="disappeared"):
        read_article(f)


def test_other_os_error_on_read(tmp_path, monkeypatch):
    f = tmp_path / "io.txt"
    f.write_text(ENGLISH)

    def fail(self, *args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "open", fail)
    with pytest.raises(InputError, match="cannot be read"):
        read_article(f)


def test_one_megabyte_line_without_spaces(tmp_path):
    f = tmp_path / "long.txt"
    f.write_bytes(b"x" * 1_000_000 + b"\n")
    start = time.monotonic()
    try:
        a = read_article(f)
        assert len(a.clean) == len(a.text)
    except InputError:
        pass
    assert time.monotonic() - start < 20


def test_non_english_warning(tmp_path):
    german = (
        "Die Regierung hat am Dienstag einen neuen Plan vorgestellt, der die Preise "
        "für Energie senken soll. Der Minister sagte vor Journalisten, man werde alle "
        "Möglichkeiten prüfen. Kritiker halten das Vorhaben für zu teuer und fordern "
        "mehr Geld für Schulen. Die Opposition kündigte an, im Parlament gegen den "
        "Entwurf zu stimmen, weil er die Familien nicht genug entlaste. Eine Entscheidung "
        "wird für nächste Woche erwartet.\n"
    )
    assert len(german.split()) >= 60
    f = tmp_path / "de.txt"
    f.write_text(german, encoding="utf-8")
    a = read_article(f)
    assert [w.kind for w in a.warnings] == ["not_english"], a.warnings


def test_english_has_no_language_warning(tmp_path):
    f = tmp_path / "en.txt"
    f.write_text(ENGLISH * 4)
    assert not any(w.kind == "not_english" for w in read_article(f).warnings)


@pytest.mark.parametrize("name,content", [
    ("story.txt", ENGLISH.encode()),
    ("story.md", MARKDOWN.encode()),
    ("story.html", HTML.encode()),
])
def test_input_file_never_modified(tmp_path, name, content):
    f = tmp_path / name
    f.write_bytes(content)
    before = (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns, f.stat().st_size)
    read_article(f)
    after = (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns, f.stat().st_size)
    assert before == after


# --- paragraphs of hard-wrapped wire copy -----------------------------------------------------

WIRE = """Storm closes ports along the coast
Heavy
rain and winds of up to 120 kilometres an hour forced the closure of three ports
on Tuesday, officials said, as the storm moved north along the coast.
The
coast guard said it had rescued 14 fishermen whose boats were caught in the open
sea before the warning was issued late on Monday.
"We
have never seen water rise this fast," one harbour worker told reporters at the
main port, where cranes were tied down.
Schools
remain shut in four districts.
"""


def test_wire_style_paragraphs(tmp_path):
    f = tmp_path / "wire.txt"
    f.write_text(WIRE, encoding="utf-8")
    a = read_article(f)
    texts = paragraph_texts(a)
    assert len(texts) == 5
    assert texts[0] == "Storm closes ports along the coast"
    assert texts[1].startswith("Heavy rain and winds")
    assert texts[3].startswith('"We have never seen')
    assert texts[4] == "Schools remain shut in four districts."
    assert all("\n" not in t for t in texts)
    assert a.text == WIRE  # the newlines are only blanked in clean
    assert_offsets_consistent(a)


def test_seed_fixture_paragraphs():
    a = read_article(FIXTURES / "seed.txt")
    texts = paragraph_texts(a)
    # paragraph 0 is the headline; the story body has 30 paragraphs
    assert texts[0] == "New US threats to Iraq widen rifts, leave PM exposed"
    body = texts[1:]
    assert len(body) == 30
    assert body[4].startswith('"The')
    assert body[4].startswith('"The Americans aren\'t just angry.')
    assert all("\n" not in t for t in texts)
    assert_offsets_consistent(a)


def test_seed_fixture_matches_seed():
    seed = Path(__file__).parents[1] / "seeds" / "000_4aebac7c11516d7c.txt"
    if not seed.exists():
        pytest.fail("seed file not present")
    assert (FIXTURES / "seed.txt").read_bytes() == seed.read_bytes()


def test_copy_is_read_identically(tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(FIXTURES / "seed.txt", copy)
    assert read_article(copy).clean == read_article(FIXTURES / "seed.txt").clean


def test_a_blank_line_block_with_a_long_line_is_one_paragraph_per_line(tmp_path):
    # Web copy: some paragraphs are separated by a blank line, others by a newline only.
    # A line longer than any wrap width shows the block is not hard-wrapped, so each of
    # its lines is a paragraph and no sentence runs across two signed quotations.
    long_quote = ("\u201cThe council has ignored the people who live on this street for years, and "
                  "the new plan only makes the traffic worse for everyone.\u201d \u2015 Ana Ruiz")
    text = ("Readers on the new bus plan\n\n" + long_quote + "\n"
            "\u201cIt is a waste of money.\u201d \u2015 Tom Berg\n\n"
            "Photo: archive.\n\n"
            "The plan was approved\non Monday by the\ncouncil.\n")
    f = tmp_path / "web.txt"
    f.write_text(text, encoding="utf-8")
    texts = paragraph_texts(read_article(f))
    assert texts[1] == long_quote
    assert texts[2] == "\u201cIt is a waste of money.\u201d \u2015 Tom Berg"
    # a block whose lines all fit a wrap width is still one hard-wrapped paragraph
    assert texts[-1] == "The plan was approved on Monday by the council."
    assert len(texts) == 5
