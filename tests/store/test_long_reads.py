"""The long reads (issue 16): ``opp list`` and ``funnel`` read raw driver rows and print what they
always printed — the same bytes as ``bench/bare_lists.py``, the standard-library floor the bench
times them against — and a write session leaves the query planner its statistics (``PRAGMA
optimize``) only when it commits."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from tasplus_cli.store import db
from tasplus_cli.store.read.rows import iso
from helpers import run

BARE = Path(__file__).resolve().parents[2] / "bench" / "bare_lists.py"


def test_a_date_reads_as_iso_text_from_either_driver():
    assert iso(date(2027, 1, 5)) == "2027-01-05"  # PostgreSQL's driver, an ORM object
    assert iso("2027-01-05") == "2027-01-05"  # SQLite's raw text
    assert iso(None) is None


@pytest.mark.parametrize("what", ["list", "funnel"])
def test_the_bare_script_prints_the_bytes_tasplus_prints(demo_db, monkeypatch, what):
    path = demo_db()
    monkeypatch.setenv("TASPLUS_DB", str(path))
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-27")
    bank = "外币银行"
    run("account", "add", bank)
    run("fx", "set", "USD", "7.12", "--date", "2026-11-01")
    run("opp", "new", "美元项目", "--account", bank, "--amount", "1000000.5", "--currency", "USD")
    run("fx", "set", "EUR", "7.8", "--date", "2026-11-01")
    run("opp", "new", "欧元项目", "--account", bank, "--amount", "200000", "--currency", "EUR")
    run("fx", "remove", "EUR")  # no rate any more: left out of the sums
    args = ["opp", "list", "--json"] if what == "list" else ["funnel", "--json"]
    ours = run(*args).stdout.encode("utf-8")
    bare = subprocess.run([sys.executable, str(BARE), what, str(path)], capture_output=True, check=True,
                          env={"TASPLUS_TODAY": "2026-11-27", "PATH": ""}).stdout
    assert b'"left_out": [{"currency": "EUR"' in ours or what == "list"
    assert b'"rate": 7.12' in ours
    assert ours == bare


def _stats(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [t for (t,) in conn.execute("SELECT DISTINCT tbl FROM sqlite_stat1")]


def _forget_stats(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM sqlite_stat1")


def _count_planned(s) -> None:  # noqa: ANN001
    s.execute(text("SELECT count(*) FROM activity WHERE opp_id = 1 AND status = 'planned'")).all()


def test_a_write_session_gives_the_planner_statistics_when_it_commits(demo_db):
    path = demo_db()
    _forget_stats(path)
    with db.session(f"sqlite:///{path}", write=True) as s:
        _count_planned(s)
    assert "activity" in _stats(path)


def test_a_failed_or_read_session_leaves_the_statistics_alone(demo_db):
    path = demo_db()
    _forget_stats(path)
    with pytest.raises(LookupError), db.session(f"sqlite:///{path}", write=True) as s:
        _count_planned(s)
        raise LookupError("the command failed")
    with db.session(f"sqlite:///{path}") as s:
        _count_planned(s)
    assert _stats(path) == []
