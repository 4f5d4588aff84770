"""Start-up stays light: help, version, completion and usage errors import no
database, migration, validation or prompt library (measured on the real console script);
``--version`` imports no command, a named command only its own module, and a table
module only its own table (issue 16: everyday commands import what they need)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

HEAVY = ("sqlmodel", "sqlalchemy", "alembic", "pydantic", "questionary")


def _imported(args: list[str], extra_env: dict | None = None, full: bool = False) -> set[str]:
    script = shutil.which("tasplus", path=os.path.dirname(sys.executable)) or shutil.which("tasplus")
    assert script, "the tasplus console script is not installed"
    env = dict(os.environ, **(extra_env or {}))
    proc = subprocess.run([sys.executable, "-X", "importtime", script, *args], capture_output=True, text=True,
                          env=env, timeout=60)
    mods = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            mods.add(name if full else name.split(".")[0])
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


def test_version_imports_no_command():
    commands = {m for m in _imported(["--version"], full=True) if m.startswith("tasplus_cli.cli.")}
    assert commands == {"tasplus_cli.cli.main"}


def test_a_named_command_imports_its_own_module_only():
    """Sub-commands load when named (cli/app.py ``COMMANDS``): ``opp`` brings cli/opp.py and what
    it imports, never the modules of the other commands."""
    commands = {m for m in _imported(["opp", "show", "--help"], full=True) if m.startswith("tasplus_cli.cli.")}
    assert "tasplus_cli.cli.opp" in commands
    assert not commands & {"tasplus_cli.cli.survey", "tasplus_cli.cli.review", "tasplus_cli.cli.io",
                           "tasplus_cli.cli.competitor", "tasplus_cli.cli.db"}


def _tables_after(code: str) -> list[str]:
    script = f"{code}\nfrom sqlmodel import SQLModel\nprint(' '.join(sorted(SQLModel.metadata.tables)))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    return proc.stdout.split()


def test_a_table_is_built_alone_and_models_registers_every_one():
    from tasplus_cli.store.tables import WHERE

    assert _tables_after("from tasplus_cli.store.tables import Opportunity") == ["opportunity"]
    assert _tables_after("from tasplus_cli.store.models import Survey") == _tables_after(
        "import tasplus_cli.store.models")
    assert len(_tables_after("from tasplus_cli.store import models")) == len(WHERE) == 28
