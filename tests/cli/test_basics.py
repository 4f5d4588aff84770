"""Accounts, contacts, config, init, demo, and the global conventions."""

from __future__ import annotations

import os
import re
import stat
import tomllib

import pytest
from helpers import assert_clean_error, dump, run, run_json


def test_version_and_help():
    assert run("--version").stdout.startswith("tasplus ")
    assert "opp" in run("--help").stdout


def test_accounts_and_contacts(tasplus_home):
    run("account", "add", "瑞康医疗集团", "--industry", "healthcare", "--region", "苏州")
    assert_clean_error(run("account", "add", "瑞康医疗集团", code=None), 1)  # duplicate
    run("contact", "add", "陈志远", "-a", "瑞康", "--title", "院长", "--influence", "高")
    run("contact", "add", "黄丽", "-a", "ACC-0001", "--reports-to", "陈志远", "--orientation", "专业务实型",
        "--relationship", "正向", "--circle", "技术派")
    c = run_json("contact", "show", "黄丽")
    assert (c["reports_to"], c["orientation"], c["relationship"], c["circle"]) == (
        "CON-0001", "professional-pragmatic", "positive", "技术派")
    before = dump(tasplus_home)
    r = run("contact", "edit", "陈志远", "--reports-to", "黄丽", code=1)
    assert "cycle" in r.stderr and dump(tasplus_home) == before
    run("account", "add", "Other")
    run("contact", "add", "X", "-a", "Other")
    assert_clean_error(run("contact", "edit", "黄丽", "--reports-to", "CON-0003", code=None), 2)
    accs = run_json("account", "list")
    assert accs[0]["contacts"] == 2 and accs[0]["deals"] == 0
    run("account", "edit", "瑞康医疗集团", "--region", "无锡")
    assert run_json("account", "show", "ACC-0001")["region"] == "无锡"
    assert [p["name"] for p in run_json("contact", "list", "--account", "瑞康医疗集团")] == ["陈志远", "黄丽"]


def test_config_show_set_path(tasplus_home, monkeypatch):
    monkeypatch.delenv("TASPLUS_USER")
    assert run("config", "path").stdout.strip() == str(tasplus_home / "config.toml")
    run("config", "set", "grades.A", "6000000")
    run("config", "set", "user", "张伟")
    data = tomllib.loads((tasplus_home / "config.toml").read_text(encoding="utf-8"))
    assert data == {"grades": {"A": 6_000_000}, "user": "张伟"}
    assert_clean_error(run("config", "set", "grades.A", "100", code=None), 2)  # A must exceed B
    assert_clean_error(run("config", "set", "nope", "1", code=None), 2)
    assert_clean_error(run("config", "set", "language", "fr", code=None), 2)
    assert tomllib.loads((tasplus_home / "config.toml").read_text(encoding="utf-8"))["grades"]["A"] == 6_000_000
    assert run_json("config", "show")["grades"]["A"] == 6_000_000
    run("account", "add", "A")
    run("opp", "new", "D", "--account", "A", "--amount", "5500000")
    d = run_json("opp", "show", "D")
    assert d["grade"] == "B" and d["owner"] == "张伟"


def test_bad_config_file_is_a_clean_error(tasplus_home):
    tasplus_home.mkdir(parents=True, exist_ok=True)
    (tasplus_home / "config.toml").write_text("grades = [", encoding="utf-8")
    assert_clean_error(run("opp", "list", code=None), 2)


def test_db_flag_and_env_precedence(tasplus_home, monkeypatch, tmp_path):
    other = tmp_path / "other.db"
    run("--db", str(other), "account", "add", "Flagged")
    monkeypatch.setenv("TASPLUS_DB", str(tmp_path / "env.db"))
    run("account", "add", "FromEnv")
    assert [a["name"] for a in run_json("account", "list")] == ["FromEnv"]
    assert [a["name"] for a in run_json("--db", str(other), "account", "list")] == ["Flagged"]


@pytest.mark.fresh_home
def test_init_creates_private_files(tasplus_home, sqlite_db):
    run("init")
    run("init")
    db = tasplus_home / "tasplus.db"
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tasplus_home).st_mode) == 0o700
    import sqlite3

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_demo_builds_its_own_database(tasplus_home):
    run("account", "add", "Mine")
    before = dump(tasplus_home)
    r = run("demo")
    assert "核心系统升级" in r.stdout and "demo company built" in r.stderr
    assert dump(tasplus_home) == before  # the user's own database is untouched
    demo = str(tasplus_home / "demo.db")
    deals = run_json("--db", demo, "opp", "list", "--status", "all")
    assert len(deals) >= 12
    assert {d["grade"] for d in deals} == set("ABCDE")
    assert {d["status"] for d in deals} == {"open", "won", "lost", "abandoned"}
    assert len({d["stage"] for d in deals}) >= 6
    pipeline = r.stdout.split("Weekly review", 1)[0]  # the pipeline it shows: the open deals, not the closed year
    assert set(re.findall(r"OPP-\d{4}", pipeline)) == {d["code"] for d in deals if d["status"] == "open"}
    run("demo")  # rebuilding is repeatable
    assert len(run_json("--db", demo, "opp", "list", "--status", "all")) == len(deals)
