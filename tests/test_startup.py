"""Start-up stays light: help, version, completion and usage errors import no
database, migration, validation or prompt library (measured on the real console script)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

HEAVY = ("sqlmodel", "sqlalchemy", "alembic", "pydantic", "questionary")


def _imported(args: list[str], extra_env: dict | None = None) -> set[str]:
    script = shutil.which("tasplus", path=os.path.dirname(sys.executable)) or shutil.which("tasplus")
    assert script, "the tasplus console script is not installed"
    env = dict(os.environ, **(extra_env or {}))
    proc = subprocess.run([sys.executable, "-X", "importtime", script, *args], capture_output=True, text=True,
                          env=env, timeout=60)
    mods = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            mods.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert mods, proc.stderr[-500:]
    return mods


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["opp", "--help"], ["opp", "new", "--help"],
                                  ["survey", "run", "--help"], ["review", "--help"], ["import", "--help"],
                                  [], ["opp"]])
def test_help_imports_nothing_heavy(args):
    assert not (_imported(args) & set(HEAVY))


@pytest.mark.parametrize("args", [["opp", "new"], ["opp", "lst"], ["opp", "list", "--bogus"]])
def test_usage_errors_import_nothing_heavy(args):
    """A missing value (no terminal: refused, never prompted) or a typo is answered before any
    database or prompt library loads."""
    assert not (_imported(args, {"TASPLUS_NO_INPUT": "1"}) & set(HEAVY))


def test_completion_imports_nothing_heavy():
    env = {"_TASPLUS_COMPLETE": "complete_bash", "COMP_WORDS": "tasplus opp sh", "COMP_CWORD": "2"}
    assert not (_imported([], env) & set(HEAVY))
