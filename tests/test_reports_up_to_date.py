"""reports/seed-report.md is what scripts/make_reports.py makes now (loads the embedded model).

When this fails after a change to the rules, the model or the report format, run
``python scripts/make_reports.py`` and commit reports/.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "seed-report.md"


def load_script():
    spec = importlib.util.spec_from_file_location("make_reports", ROOT / "scripts" / "make_reports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_markdown_report_is_up_to_date(tmp_path):
    assert REPORT.exists(), "reports/seed-report.md is missing: run python scripts/make_reports.py"
    make_reports = load_script()
    fresh = tmp_path / "seed-report.md"
    rc = make_reports.run_audit("seed-report.md", fresh)
    assert rc == 0, f"attribution {' '.join(make_reports.audit_argv('seed-report.md', fresh))} exited {rc}"
    assert fresh.read_text(encoding="utf-8") == REPORT.read_text(encoding="utf-8"), (
        "reports/seed-report.md is out of date: run python scripts/make_reports.py and commit reports/")
