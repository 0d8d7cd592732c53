"""The HTML report in a real headless Chromium (Selenium): nothing in the story runs, every
attribution is marked, the hostile text is shown as text; the editor's view (speaker's words
boxed, speaker types and reasons for anonymity visible, Markdown shown as text, what was
suppressed) fits an 800 px window as well as a 1400 px one, with no horizontal scrolling.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (CI installs them). When they
are missing the test fails: it is not skipped.

Set ATTRIBUTION_SCREENSHOT_DIR to keep the screenshots there (html-report-screenshot.png,
editor-view-800.png, editor-view-1400.png).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from attribution.output.html_report import render_html

from test_formats import META, attribution, make_result
from test_view_html import MARKDOWN, anonymous_results

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

HOSTILE = (
    "Council cuts <script>window.__pwned=1</script> & more\n"
    "\n"
    '"It is over," an official said. <img src=x onerror="window.__pwned=2">\n'
    "\n"
    'The mayor, Ann Lee, said the plan was "a betrayal of the whole town".\n'
    "\n"
    "According to a council report, costs rose 20% last year.\n"
    "\n"
    '"Nobody <b onmouseover="window.__pwned=3">asked</b> us."\n'
)


def hostile_results():
    text = HOSTILE
    attrs_ = [
        attribution(text, '"It is over,"', "direct", "anon", cue="said"),
        attribution(text, 'the plan was "a betrayal of the whole town"', "partial", "named", cue="said"),
        attribution(text, "costs rose 20% last year", "indirect", "doc", cue="According to"),
        attribution(text, '"Nobody <b onmouseover="window.__pwned=3">asked</b> us."', "direct", "none"),
    ]
    return [make_result(text, attrs_, path="stories/hostile.txt")]


@pytest.fixture()
def driver(tmp_path, monkeypatch):
    # chromedriver listens on localhost: never reach it through an HTTP proxy from the environment
    for var in ("no_proxy", "NO_PROXY"):
        current = os.environ.get(var, "")
        monkeypatch.setenv(var, ",".join(x for x in (current, "localhost", "127.0.0.1", "::1") if x))
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (Path(p).exists() or shutil.which(Path(p).name))]
    if missing:
        pytest.fail(f"headless browser test needs {', '.join(missing)}: install the Debian packages "
                    "'chromium' and 'chromium-driver' (apt-get install -y chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("headless browser test needs selenium: pip install -e '.[test]'")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1800", f"--user-data-dir={tmp_path / 'chrome-profile'}"):
        options.add_argument(arg)
    service = Service(CHROMEDRIVER if Path(CHROMEDRIVER).exists() else shutil.which("chromedriver"))
    d = webdriver.Chrome(service=service, options=options)
    d.set_page_load_timeout(60)
    try:
        yield d
    finally:
        d.quit()


def test_html_report_in_headless_chromium(driver, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    results = hostile_results()
    page = tmp_path / "report.html"
    page.write_text(render_html(results, [], META), encoding="utf-8")
    driver.get(page.as_uri())

    assert driver.title == "Attribution report"
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    marks = driver.find_elements(By.TAG_NAME, "mark")
    assert len(marks) == len(results[0].attributions)
    classes = [m.get_attribute("class") for m in marks]
    assert classes == ["cls-anonymous", "cls-named", "cls-document", "cls-unattributed"]
    assert marks[0].get_attribute("title") == "anonymous official: an official"
    # the hostile markup is shown as text, not run or rendered
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "<script>window.__pwned=1</script>" in body
    assert '<img src=x onerror="window.__pwned=2">' in body
    assert driver.find_elements(By.CSS_SELECTOR, ".story img, .story b, script") == []
    assert marks[3].text == '"Nobody <b onmouseover="window.__pwned=3">asked</b> us."'
    # hovering a mark changes nothing but its look (CSS :hover, no script)
    ActionChains(driver).move_to_element(marks[3]).perform()
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    # the colour of each class is the Okabe-Ito one
    border = driver.execute_script(
        "return getComputedStyle(arguments[0]).borderBottomColor", marks[0])
    assert border == "rgb(230, 159, 0)"
    # the side list links to the marks
    link = driver.find_element(By.CSS_SELECTOR, 'aside a[href="#a0-2"]')
    link.click()
    assert driver.execute_script("return location.hash") == "#a0-2"

    folder = os.environ.get("ATTRIBUTION_SCREENSHOT_DIR")
    target = Path(folder) if folder else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    shot = target / "html-report-screenshot.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 1000


def editor_results():
    """A Markdown story with a suppression comment, and a story with anonymous sources, one
    with a reason for anonymity, next to the hostile one."""
    md = MARKDOWN
    quay = attribution(md, '"We will rebuild the quay,"', "direct", "named", cue="said")
    markdown = make_result(md, [quay], path="stories/harbour.md", fmt="md")
    return [markdown, *anonymous_results(), *hostile_results()]


def screenshot_dir(tmp_path: Path) -> Path:
    folder = os.environ.get("ATTRIBUTION_SCREENSHOT_DIR")
    target = Path(folder) if folder else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    return target


# elements whose content is wider than their box (scrolled or clipped sideways)
WIDE = """return [...document.querySelectorAll('body *')].filter(e => {
  const s = getComputedStyle(e);
  return e.scrollWidth > e.clientWidth + 1 && s.overflowX !== 'visible' && s.display !== 'inline';
}).map(e => e.tagName.toLowerCase() + '.' + e.className)"""


@pytest.mark.parametrize("width", [800, 1400])
def test_editor_view_fits_the_window(driver, tmp_path, width):
    from selenium.webdriver.common.by import By

    page = tmp_path / "report.html"
    page.write_text(render_html(editor_results(), [], META), encoding="utf-8")
    driver.set_window_size(width, 1000)
    driver.get(page.as_uri())
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    inner = driver.execute_script("return document.documentElement.clientWidth")
    assert width - 40 <= inner <= width                      # the viewport, less a scroll bar
    # no horizontal overflow: the page is no wider than the window, nothing scrolls sideways
    assert driver.execute_script("return document.documentElement.scrollWidth") <= inner
    assert driver.execute_script(WIDE) == []
    for table in driver.find_elements(By.CSS_SELECTOR, "dl.summary, table"):
        box = table.rect
        assert box["x"] >= 0 and box["x"] + box["width"] <= inner + 0.5, table.get_attribute("class")

    harbour, anon = driver.find_elements(By.CSS_SELECTOR, "section.article")[:2]
    # Markdown is shown as text
    story = harbour.find_element(By.CSS_SELECTOR, ".story").text
    assert "Harbour plan approved" in story and "#" not in story and "**" not in story
    assert "secret-target" not in story and "disable=" not in story
    # what the suppression comment switched off
    assert "AC003" in harbour.find_element(By.CSS_SELECTOR, "ul.suppressed").text
    # the speaker's words are boxed and labelled, the speaker type stands beside the highlight
    who = anon.find_elements(By.CSS_SELECTOR, ".story .who")
    assert [w.text for w in who] == ["an official", "a second official"]
    assert all(w.is_displayed() and w.size["width"] > 0 for w in who)
    tags = [t.text for t in anon.find_elements(By.CSS_SELECTOR, ".story .tag")]
    assert "[1 anonymous official]" in tags and "[2 anonymous official \u00b7 reason given]" in tags
    assert "[speaker 1]" in tags
    mark = anon.find_element(By.CSS_SELECTOR, "mark#a1-0")
    tag = driver.execute_script("return arguments[0].nextElementSibling", mark)
    assert tag.text == "[1 anonymous official]" and tag.is_displayed()
    # why the second source was not flagged
    sources = anon.find_element(By.CSS_SELECTOR, "ul.sources").text
    assert "not flagged: the story gives a reason" in sources
    assert "spoke on condition of anonymity because <b>she</b> was not authorised" in sources
    assert driver.find_elements(By.CSS_SELECTOR, "ul.sources b") == []

    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(int(height) + 100, 8000))
    shot = screenshot_dir(tmp_path) / f"editor-view-{width}.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 1000
