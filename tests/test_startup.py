"""Start-up stays light: help, version, completion and usage errors import no
database, migration, validation or prompt library (measured on the real console script);
``--version`` imports no command, a named command only its own module, and a table
module only its own table (issue 16: everyday commands import what they need)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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

    assert _tables_after("from tasplus_cli.store.tables import Account") == ["account"]
    # a deal refers to its account and to the incumbent competitor: their modules' tables come with it
    assert _tables_after("from tasplus_cli.store.tables import Opportunity") == [
        "account", "competitor", "opp_competitor", "opportunity"]
    assert _tables_after("from tasplus_cli.store.models import Survey") == _tables_after(
        "import tasplus_cli.store.models")
    assert len(_tables_after("from tasplus_cli.store import models")) == len(WHERE) == 28
    from tasplus_cli.store.tables import AREA_OF_TABLE

    assert sorted(AREA_OF_TABLE) == _tables_after("from tasplus_cli.store import models")
    assert set(AREA_OF_TABLE.values()) == set(WHERE.values())


def test_every_table_comes_with_the_tables_its_foreign_keys_name():
    """A write flushes its rows in foreign-key order, which SQLAlchemy cannot find for a table whose
    target was never defined: each table, imported alone in a fresh interpreter, brings them."""
    from tasplus_cli.store.tables import WHERE

    check = ("from sqlmodel import SQLModel\nfrom tasplus_cli.store import tables\ngetattr(tables, {name!r})\n"
             "t = SQLModel.metadata.tables\n"
             "print(sorted({{fk.target_fullname.split('.')[0] for x in t.values() for fk in x.foreign_keys}} - set(t)))")
    procs = {name: subprocess.Popen([sys.executable, "-c", check.format(name=name)], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for name in WHERE}
    missing = {name: p.communicate(timeout=120) for name, p in procs.items()}
    assert {name: out for name, (out, err) in missing.items() if out.strip() != "[]"} == {}


def test_a_deal_is_written_by_a_fresh_process(tmp_path):
    """The real console script, no table imported beforehand by a test: ``opp new`` flushes a deal."""
    env = dict(os.environ, TASPLUS_HOME=str(tmp_path), TASPLUS_USER="tester")
    env.pop("TASPLUS_DB", None)
    tasplus = str(Path(sys.executable).parent / "tasplus")
    for args in (["account", "add", "华东银行"], ["opp", "new", "测试", "--account", "华东银行", "--amount", "600万",
                                                  "--close-date", "2027-06-30"]):
        done = subprocess.run([tasplus, *args], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
