"""README's quick start and .ci/run stay in step; docs/reference.md matches ``--help``."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = ci[ci.index(next(line for line in ci if "README quick start" in line)) + 1].strip()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"python3 -m venv .venv && {command}" in readme
    assert "tasplus demo" in readme


def test_command_reference_matches_help():
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    from reference import END, START, markdown

    page = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    current = page.split(START, 1)[1].split(END, 1)[0].strip()
    assert current == markdown().strip(), "docs/reference.md is stale: python tools/reference.py --write"


def test_readme_stays_short():
    assert len((ROOT / "README.md").read_bytes()) <= 8192, "README.md over 8 KB: move the detail to docs/"
