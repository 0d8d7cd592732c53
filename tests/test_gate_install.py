"""Install paths that work (issue 14): a pre-commit hook that uses the installed auditor (no
CUDA torch resolved), and install hints that name real packages and extras."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from attribution import extras
from attribution.cli.parser import build_parser

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXTRAS = PYPROJECT["project"]["optional-dependencies"]


def test_a_system_hook_runs_the_installed_auditor():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    system = hooks["attribution-check-system"]
    assert system["language"] == "system" and system["entry"].split() == ["attribution", "check"]
    assert all(re.search(system["files"], name) for name in ("a.txt", "b.md", "c.html", "d.docx"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "attribution-check-system" in readme and "pip install torch==2.13.0" in readme


def test_the_fallback_requirements_are_pyprojects():
    for extra, reqs in extras.FALLBACK.items():
        assert list(reqs) == EXTRAS[extra], extra


def test_install_hints_name_requirements_of_a_real_extra():
    for extra in ("dask", "plots"):
        hint = extras.install_hint(extra)
        named = re.findall(r"'([^']+)'", hint)
        assert named[:-1] == EXTRAS[extra] or named == EXTRAS[extra] + [f".[{extra}]"], hint
        assert "attribution-auditor[" not in hint


def test_no_hint_in_the_package_names_an_unpublished_distribution():
    for path in (ROOT / "attribution").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "pip install 'attribution-auditor" not in text, path
        for extra in re.findall(r"pip install -e '\.\[([a-z]+)\]'", text):
            assert extra in EXTRAS, (path, extra)


def test_the_help_shows_the_working_hint():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices
    help_text = sub["report"].format_help() + sub["audit"].format_help()
    assert "matplotlib" in help_text and "dask[distributed]" in help_text
    assert "attribution-auditor[" not in help_text
