#!/usr/bin/env python3
"""Regenerate reports/ from seeds/ with the real command line (in-process, no cache).

    python scripts/make_reports.py               # reports/seed-report.{md,html,json}
    python scripts/make_reports.py --screenshot  # also reports/seed-report.png (headless Chromium)

tests/test_reports_up_to_date.py runs the Markdown command again and compares.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = "seeds"

# output file -> the audit flags that make it (paths are relative to the repository root)
REPORTS = {
    "seed-report.md": ["--format", "markdown", "--details"],
    "seed-report.html": ["--format", "html"],
    "seed-report.json": ["--format", "json"],
}


def audit_argv(name: str, output: str | Path) -> list[str]:
    """The argument list of ``attribution`` that writes report ``name`` to ``output``."""
    return ["audit", SEEDS, *REPORTS[name], "--output", str(output), "--no-cache", "--quiet"]


def run_audit(name: str, output: str | Path) -> int:
    """Run the CLI in-process from the repository root (so paths in the report are relative)."""
    sys.path.insert(0, str(ROOT))
    from attribution.cli import main
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        return main(audit_argv(name, output))
    finally:
        os.chdir(here)


def screenshot(html: Path, png: Path) -> None:
    """A full-page screenshot of an HTML report in headless Chromium (Debian: chromium, chromium-driver)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for var in ("no_proxy", "NO_PROXY"):
        os.environ[var] = ",".join(x for x in (os.environ.get(var, ""), "localhost", "127.0.0.1") if x)
    with tempfile.TemporaryDirectory() as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1400,1000", f"--user-data-dir={profile}"):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.get(html.resolve().as_uri())
            if driver.execute_script("return typeof window.__pwned") != "undefined":
                raise SystemExit("the HTML report ran a script from the story")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1400, min(max(int(height) + 40, 800), 12000))
            png.parent.mkdir(parents=True, exist_ok=True)
            if not driver.save_screenshot(str(png)):
                raise SystemExit(f"could not save {png}")
        finally:
            driver.quit()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "reports"), help="folder for the reports (default reports/)")
    ap.add_argument("--screenshot", action="store_true",
                    help="also save seed-report.png, the HTML report in headless Chromium")
    args = ap.parse_args(argv)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    status = 0
    for name in REPORTS:
        rc = run_audit(name, out / name)
        print(f"{out / name}: exit {rc}")
        status = max(status, rc)
    if args.screenshot:
        screenshot(out / "seed-report.html", out / "seed-report.png")
        print(f"{out / 'seed-report.png'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
