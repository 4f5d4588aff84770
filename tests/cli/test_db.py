"""``tasplus db backup|restore|doctor|upgrade``, PostgreSQL connection errors
and passwords, and owner-scoped views.

Backup, restore and the file checks are about SQLite files (``sqlite_db``
fixture, both runs); the rest runs on the backend of the run.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import pytest
from helpers import assert_clean_error, dump, run, run_json

from tasplus_cli.store.migrate import HEAD

SCHEMA_0001 = Path(__file__).resolve().parent.parent / "fixtures" / "schema_0001.db"
SECRET = "hunter2-Secret"
DEAD_SERVER = f"postgresql+psycopg://tasplus:{SECRET}@127.0.0.1:1/tasplus"  # loopback port 1: refused


def _some_deals() -> None:
    run("account", "add", "华东省农商银行")
    run("opp", "new", "核心系统升级", "--account", "华东省农商银行", "--amount", "600万")


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_backup_and_restore_round_trip(sqlite_db, tasplus_home):
    _some_deals()
    first = dump(tasplus_home)
    backup = Path(run_json("db", "backup")["backup"])
    assert backup.parent == sqlite_db.parent and backup.name.startswith(f"tasplus.db.{HEAD}.")
    assert _mode(backup) == 0o600 and dump(backup) == first

    run("opp", "edit", "OPP-0001", "--amount", "800万")
    run("account", "add", "瑞康医疗集团")
    changed = dump(tasplus_home)
    refused = run("db", "restore", str(backup), code=None)  # not interactive and no --yes
    assert_clean_error(refused, 2)
    assert "--yes" in refused.stderr and dump(tasplus_home) == changed

    r = run("db", "restore", str(backup), "--yes")
    assert dump(tasplus_home) == first
    (previous,) = [p for p in sqlite_db.parent.glob("tasplus.db.*.bak") if p != backup]
    assert str(previous) in r.stderr.replace("\n", "")
    assert _mode(previous) == 0o600 and dump(previous) == changed
    assert [a["name"] for a in run_json("account", "list")] == ["华东省农商银行"]
    run("account", "add", "瑞康医疗集团")  # the restored database takes writes


def test_backup_to_a_folder_or_file_and_never_over_a_file(sqlite_db, tmp_path):
    _some_deals()
    folder = tmp_path / "backups"
    folder.mkdir()
    into_folder = Path(run_json("db", "backup", str(folder))["backup"])
    assert into_folder.parent == folder
    named = tmp_path / "weekly.db"
    run("db", "backup", str(named))
    assert dump(named) == dump(into_folder)
    assert_clean_error(run("db", "backup", str(named), code=None), 1)  # exists: never overwritten
    assert_clean_error(run("db", "backup", str(tmp_path / "no" / "such" / "x.db"), code=None), 1)


def test_restore_refuses_what_is_not_a_tasplus_backup(sqlite_db, tasplus_home, tmp_path):
    _some_deals()
    before = dump(tasplus_home)
    text_file = tmp_path / "notes.db"
    text_file.write_text("客户名单\n", encoding="utf-8")
    truncated = tmp_path / "half.db"
    full = Path(run_json("db", "backup")["backup"])
    truncated.write_bytes(full.read_bytes()[: full.stat().st_size // 3])
    for path, code in ((text_file, 2), (tmp_path / "missing.db", 1), (sqlite_db, 2), (truncated, 2)):
        r = run("db", "restore", str(path), "--yes", code=None)
        assert_clean_error(r, code)
    assert dump(tasplus_home) == before


def test_restore_upgrades_an_older_backup(sqlite_db):
    _some_deals()
    r = run("db", "restore", str(SCHEMA_0001), "--yes")
    assert "upgraded from schema 0001" in r.stderr
    assert [d["code"] for d in run_json("opp", "list", "--status", "all")] == ["OPP-0001", "OPP-0002", "OPP-0003"]
    assert run_json("opp", "show", "OPP-0001")["amount"] == 6_000_000
    assert run_json("db", "doctor")["ok"]
    assert SCHEMA_0001.read_bytes()[:16] == b"SQLite format 3\x00"  # the source file is never written


def test_doctor_warns_on_files_others_can_read(sqlite_db):
    _some_deals()
    run("db", "backup")
    report = run_json("db", "doctor")
    assert report["ok"] and {c["status"] for c in report["checks"]} == {"ok"}
    (backup,) = sqlite_db.parent.glob("tasplus.db.*.bak")
    for exposed in (sqlite_db, backup):
        os.chmod(exposed, 0o644)
        r = run("db", "doctor", code=1)
        assert "chmod 600" in r.stdout and "readable by others" in r.stdout
        report = run_json_code("db", "doctor", code=1)
        warned = [c for c in report["checks"] if c["status"] == "warn"]
        assert report["ok"] is False and [c["fix"] for c in warned] == [f"chmod 600 {exposed}"]
        os.chmod(exposed, 0o600)
    assert run_json("db", "doctor")["ok"]


def run_json_code(*args: str, code: int):
    import json

    return json.loads(run(*args, "--json", code=code).stdout)


def test_doctor_fails_a_damaged_database(tmp_path, sqlite_db):
    _some_deals()
    damaged = tmp_path / "damaged.db"
    full = Path(run_json("db", "backup")["backup"]).read_bytes()
    damaged.write_bytes(full[: len(full) // 2])
    report = run_json_code("--db", str(damaged), "db", "doctor", code=1)
    assert any(c["status"] == "fail" and "restore" in c["fix"] for c in report["checks"])
    assert_clean_error(run("--db", str(tmp_path / "none.db"), "db", "doctor", code=None), 1)
    assert not (tmp_path / "none.db").exists()  # doctor never creates a database


def test_db_upgrade_reports_from_and_to_with_the_backup(sqlite_db):
    sqlite_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCHEMA_0001, sqlite_db)
    os.chmod(sqlite_db, 0o600)
    doctor = run_json("db", "doctor")  # doctor only reads: it reports the old revision, changes nothing
    assert {c["check"]: c["status"] for c in doctor["checks"]}["schema"] == "note"
    r = run("db", "upgrade")
    assert f"0001 → {HEAD}" in r.stderr and ".bak" in r.stderr
    assert run_json("db", "upgrade") == {"from": HEAD, "to": HEAD, "backup": None}
    assert "nothing to do" in run("db", "upgrade").stderr


def test_doctor_and_upgrade_on_the_runs_backend(db_url):
    run("init")
    report = run_json("db", "doctor")
    assert report["ok"], report
    assert {c["check"]: c["status"] for c in report["checks"]}["schema"] == "ok"
    assert run_json("db", "upgrade")["to"] == HEAD


@pytest.mark.parametrize("command", [["db", "backup"], ["db", "restore", "x.db", "--yes"]])
def test_backup_and_restore_on_postgresql_point_to_pg_tools(monkeypatch, command):
    monkeypatch.setenv("TASPLUS_DB", DEAD_SERVER)
    r = run(*command, code=None)
    assert_clean_error(r, 1)
    assert ("pg_dump" if command[1] == "backup" else "pg_restore") in r.stderr and SECRET not in r.stderr


@pytest.mark.parametrize("command", [["account", "list"], ["db", "doctor"], ["db", "upgrade"], ["init"]])
def test_an_unreachable_server_is_a_clean_error_without_the_password(monkeypatch, command):
    monkeypatch.setenv("TASPLUS_DB", DEAD_SERVER)
    r = run(*command, code=None)
    assert_clean_error(r, 1)
    assert "cannot connect to postgresql+psycopg://tasplus:***@127.0.0.1:1/tasplus" in r.stderr
    assert "PGPASSWORD" in r.stderr and SECRET not in r.stdout + r.stderr


def test_a_missing_driver_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if tasplus[postgres] were not installed
    monkeypatch.setenv("TASPLUS_DB", DEAD_SERVER)
    r = run("account", "list", code=None)
    assert_clean_error(r, 1)
    assert "pip install 'tasplus[postgres]'" in r.stderr and SECRET not in r.stderr


def test_a_password_is_never_taken_from_a_flag_or_the_config(tasplus_home):
    r = run("--db", DEAD_SERVER, "account", "list", code=None)
    assert_clean_error(r, 2)
    assert "PGPASSWORD" in r.stderr and SECRET not in r.stderr
    tasplus_home.mkdir(parents=True, exist_ok=True)
    (tasplus_home / "config.toml").write_text(f'database = "{DEAD_SERVER}"\n', encoding="utf-8")
    r = run("config", "show", code=None)
    assert_clean_error(r, 2)
    assert SECRET not in r.stdout + r.stderr


def test_other_databases_and_drivers_are_refused(monkeypatch):
    for url in ("mysql://u@localhost/db", "postgresql+psycopg2://u@localhost/db"):
        monkeypatch.setenv("TASPLUS_DB", url)
        assert_clean_error(run("account", "list", code=None), 2)


def test_mine_follows_the_configured_user(monkeypatch):
    run("account", "add", "华东省农商银行")
    run("user", "add", "李娜")
    monkeypatch.setenv("TASPLUS_USER", "张伟")
    run("opp", "new", "核心系统升级", "--account", "华东省农商银行", "--amount", "600万")
    run("opp", "new", "数据中台", "--account", "华东省农商银行", "--amount", "200万", "--owner", "李娜")
    assert [d["name"] for d in run_json("opp", "list", "--mine")] == ["核心系统升级"]
    assert [d["name"] for d in run_json("opp", "list", "--owner", "李娜")] == ["数据中台"]
    monkeypatch.delenv("TASPLUS_USER")
    run("config", "set", "user", "李娜")
    assert [d["name"] for d in run_json("opp", "list", "--mine")] == ["数据中台"]


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path):
    notes = tmp_path / "客户名单.txt"
    notes.write_text("王建国 13800000000\n", encoding="utf-8")
    os.chmod(notes, 0o644)
    assert_clean_error(run("--db", str(notes), "account", "list", code=None), 1)
    assert _mode(notes) == 0o644 and notes.read_text(encoding="utf-8") == "王建国 13800000000\n"
