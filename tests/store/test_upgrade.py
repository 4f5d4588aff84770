"""Upgrades from a saved old database: ``tests/fixtures/schema_NNNN.db`` (one per
schema milestone, made by ``tests/fixtures/make_schema_NNNN.py``) opens in
today's tasplus, migrated automatically after a backup, every row intact.

These are about SQLite files, so they use the ``sqlite_db`` fixture in both
the SQLite and the PostgreSQL run.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import shutil
import stat
import subprocess
from pathlib import Path

from helpers import rows, run, run_json

from tasplus_cli.store.migrate import HEAD

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCHEMA_0001 = FIXTURES / "schema_0001.db"
TABLES_0001 = {"account", "contact", "opportunity", "compelling_event", "opp_change", "team_member"}


def test_fixture_is_schema_0001_with_data_in_every_table():
    data = rows(SCHEMA_0001)
    assert data.pop("alembic_version") == [("0001",)]
    assert set(data) == TABLES_0001
    assert all(data[t] for t in TABLES_0001), {t: len(r) for t, r in data.items()}


def test_fixture_is_not_ignored_by_git():
    root = FIXTURES.parent.parent
    ignored = subprocess.run(["git", "check-ignore", "-q", str(SCHEMA_0001.relative_to(root))], cwd=root)
    assert ignored.returncode == 1  # 0 would mean .gitignore hides it from commits
    assert subprocess.run(["git", "check-ignore", "-q", "tests/other.db"], cwd=root).returncode == 0


def _backups(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.0001.*.bak"))


def test_opening_a_0001_database_migrates_it_after_a_backup(sqlite_db):
    sqlite_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCHEMA_0001, sqlite_db)
    before = rows(sqlite_db)

    deals = run_json("opp", "list", "--status", "all")  # any command
    assert [(d["code"], d["name"], d["amount"], d["owner"]) for d in deals] == [
        ("OPP-0001", "核心系统升级", 6_000_000, "张伟"), ("OPP-0002", "影像云平台", 450_000, "李娜"),
        ("OPP-0003", "渠道项目", 120_000, "张伟")]

    (backup,) = _backups(sqlite_db)
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    assert rows(backup) == before  # taken before the upgrade touched anything
    after = rows(sqlite_db)
    assert after["alembic_version"] == [(HEAD,)]
    for table in TABLES_0001:  # later revisions add columns at the end: the old ones keep every value
        assert [r[:len(before[table][0])] for r in after[table]] == before[table], table
    doctor = run_json("db", "doctor")
    assert doctor["ok"] and {c["check"]: c["status"] for c in doctor["checks"]}["schema"] == "ok"

    shown = run_json("opp", "show", "OPP-0002")
    assert (shown["grade"], shown["grade_manual"], shown["status"], shown["closed_on"]) == ("B", True, "lost",
                                                                                           "2026-11-16")
    assert [h["field"] for h in run_json("opp", "history", "OPP-0001")] == ["created", "approved", "stage"]
    run("opp", "advance", "OPP-0003")  # and it takes writes
    assert len(_backups(sqlite_db)) == 1  # migrated once, backed up once


def _open_in_child(db: str, start, out: Path) -> None:  # noqa: ANN001
    start.wait(30)
    result = run("--db", db, "opp", "list", "--json", code=None)
    out.write_text(f"{result.exit_code}\n{result.stderr}", encoding="utf-8")
    os._exit(0)


def test_processes_opening_an_old_database_at_once_migrate_it_once(sqlite_db, tmp_path):
    sqlite_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCHEMA_0001, sqlite_db)
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    outs = [tmp_path / f"open-{i}.txt" for i in range(4)]
    procs = [ctx.Process(target=_open_in_child, args=(str(sqlite_db), start, out)) for out in outs]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    assert [o.read_text(encoding="utf-8") for o in outs] == ["0\n"] * 4
    assert len(_backups(sqlite_db)) == 1
    assert run_json("db", "doctor")["ok"]


# --- 0003 → head: free-text names become users (schema 0004) ----------------------------------

SCHEMA_0003 = FIXTURES / "schema_0003.db"
NAMED_0003 = (("opportunity", "owner"), ("survey", "answered_by"), ("survey", "reviewed_by"), ("review", "owner"),
              ("review", "by"))  # every column of 0003 that held a person's name


def _fixture_0003():
    spec = importlib.util.spec_from_file_location("make_schema_0003", FIXTURES / "make_schema_0003.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _names(data: dict[str, list[tuple]], columns: dict[str, list[str]]) -> set[str]:
    out = set()
    for table, column in NAMED_0003:
        i = columns[table].index(column)
        out |= {r[i] for r in data[table] if r[i]}
    return out


def _columns(db) -> dict[str, list[str]]:  # noqa: ANN001 - a SQLite path or a URL
    from sqlalchemy import create_engine, inspect

    url = str(db) if "://" in str(db) else f"sqlite:///{db}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        insp = inspect(engine)
        return {t: [c["name"] for c in insp.get_columns(t)] for t in insp.get_table_names()}
    finally:
        engine.dispose()


def _check_users_after_upgrade(before: dict, columns_before: dict) -> None:
    """Every distinct name of the old free-text columns is exactly one user, no deal is lost, the owners are
    as they were, and the owner filters work on them."""
    names = _names(before, columns_before)
    assert {"张伟", "李娜", "Mike Chen", "欧阳 晓峰", "赵强", "王磊"} <= names
    users = run_json("user", "list")
    assert sorted(u["name"] for u in users) == sorted(names)  # each once
    assert all(u["manager"] is None and u["email"] is None for u in users)
    owner = columns_before["opportunity"].index("owner")
    code = columns_before["opportunity"].index("code")
    deals = run_json("opp", "list", "--status", "all")
    assert {d["code"]: d["owner"] for d in deals} == {r[code]: r[owner] for r in before["opportunity"]}
    for name in ("Mike Chen", "欧阳 晓峰", "张伟"):
        mine = run_json("opp", "list", "--owner", name, "--status", "all")
        assert sorted(d["code"] for d in mine) == sorted(r[code] for r in before["opportunity"] if r[owner] == name)
    assert {u["name"]: u["open_deals"] for u in users}["Mike Chen"] == 1  # one open, one won
    assert run_json("db", "doctor")["ok"]  # every user column names a user


def test_opening_a_0003_database_makes_every_name_a_user_once(sqlite_db):
    sqlite_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCHEMA_0003, sqlite_db)
    before, columns = rows(sqlite_db), _columns(sqlite_db)
    assert before.pop("alembic_version") == [("0003",)]
    assert before["survey"] and before["review"] and "app_user" not in before

    _check_users_after_upgrade(before, columns)

    assert len(sorted(sqlite_db.parent.glob(f"{sqlite_db.name}.0003.*.bak"))) == 1  # one migration run
    after = rows(sqlite_db)
    assert after["alembic_version"] == [(HEAD,)]
    for table, old in before.items():  # later revisions add columns at the end: the old ones keep every value
        assert [r[:len(old[0])] for r in after[table]] == old, table
    run("user", "edit", "Mike Chen", "--manager", "王磊")  # and they are users like any other
    run("opp", "reassign", "Mike Chen", "欧阳 晓峰", "--yes")
    assert [d["owner"] for d in run_json("opp", "list", "--owner", "欧阳 晓峰")] == ["欧阳 晓峰"] * 2


def test_upgrading_names_to_users_on_this_backend(db_url):
    """The same rows at revision 0003 on the backend of the run (PostgreSQL too), upgraded by one run."""
    from tasplus_cli.store.db import make_engine
    from tasplus_cli.store.migrate import ensure_head, upgrade

    engine = make_engine(db_url, write=True)
    try:
        upgrade(engine, revision="0003")
        with engine.begin() as conn:
            _fixture_0003().fill(conn)
        before, columns = rows(db_url), _columns(db_url)
        ensure_head(engine, db_url)
    finally:
        engine.dispose()
    before.pop("alembic_version")
    _check_users_after_upgrade(before, columns)


def test_names_typed_in_several_spellings_become_one_user(db_url):
    """"Mike Chen", "mike chen " and "MIKE CHEN" on old rows are one person: one user, spelled as most
    rows spell it, and every row rewritten to that spelling (so --owner finds all their deals)."""
    from sqlalchemy import text as sql

    from tasplus_cli.store.db import make_engine
    from tasplus_cli.store.migrate import ensure_head, upgrade

    engine = make_engine(db_url, write=True)
    try:
        upgrade(engine, revision="0003")
        with engine.begin() as conn:
            _fixture_0003().fill(conn)
            codes = [c for c, in conn.execute(sql("SELECT code FROM opportunity ORDER BY code"))]
            conn.execute(sql("UPDATE opportunity SET owner = 'mike chen ' WHERE code = :c"), {"c": codes[0]})
            conn.execute(sql("UPDATE survey SET answered_by = 'MIKE CHEN' WHERE id = (SELECT MIN(id) FROM survey)"))
            mikes = conn.execute(sql("SELECT COUNT(*) FROM opportunity WHERE lower(trim(owner)) = 'mike chen'")).scalar()
        ensure_head(engine, db_url)
    finally:
        engine.dispose()
    users = [u["name"] for u in run_json("user", "list")]
    assert [u for u in users if u.casefold() == "mike chen"] == ["Mike Chen"]
    assert len(run_json("opp", "list", "--owner", "mike chen", "--status", "all")) == mikes
    assert {s["answered_by"] for d in run_json("opp", "list", "--status", "all")
            for s in run_json("survey", "list", d["code"])} <= set(users) | {None}
    assert run_json("db", "doctor")["ok"]
