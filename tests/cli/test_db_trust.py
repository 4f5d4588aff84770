"""``db restore`` trusts no backup, ``db doctor`` reads every value, and backup/restore leave
nothing behind when killed or cancelled; a database its user may only read is backed up and
checked like any other.

A refused restore leaves the live database exactly as it was (``dump``) and no file beside it.
Tests run as root (CI too), so "may not write" is simulated: ``os.access`` says no (a real
read-only mount is used too where the machine allows one). SQLite files (``sqlite_db``) in both
runs; ``test_doctor_reads_every_value_on_the_runs_backend`` runs on PostgreSQL in a PG run.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from helpers import assert_clean_error, dump, run, run_json

from tasplus_cli import paths
from tasplus_cli.store import migrate, sqlite_copies, sqlite_open

SCHEMA_0001 = Path(__file__).resolve().parent.parent / "fixtures" / "schema_0001.db"


def _deals() -> None:
    run("account", "add", "华东省农商银行")
    run("contact", "add", "王建国", "--account", "华东省农商银行")
    run("opp", "new", "核心系统升级", "--account", "华东省农商银行", "--amount", "600万")
    run("activity", "log", "OPP-0001", "--kind", "dinner", "--with", "王建国", "--summary", "晚宴",
        "--tactic", "reference visits", "--answers", "relationship")


def _backup_then(sqlite_db: Path, tmp_path: Path, *sql: str) -> Path:
    """A backup of the current database, then changed by ``sql`` behind tasplus's back."""
    path = Path(run_json("db", "backup", str(tmp_path / "backup.db"))["backup"])
    with sqlite3.connect(path) as conn:
        for statement in sql:
            conn.execute(statement)
    conn.close()
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _refused(sqlite_db: Path, backup: Path, *wanted: str) -> str:
    """Restore ``backup``: refused (exit 2) naming ``wanted``, the database and its folder unchanged."""
    before, files = dump(sqlite_db), sorted(sqlite_db.parent.iterdir())
    r = run("db", "restore", str(backup), "--yes", code=None)
    assert_clean_error(r, 2)
    first = r.stderr.splitlines()[0]
    for w in wanted:
        assert w in first, (w, first)
    assert "nothing was changed" in first and r.stderr.splitlines()[1].startswith("hint: ")
    assert dump(sqlite_db) == before and sorted(sqlite_db.parent.iterdir()) == files
    return first


# --- case 7: restore trusts the backup ------------------------------------------------------

def test_a_backup_missing_two_columns_is_refused_naming_them(sqlite_db, tmp_path):
    _deals()
    backup = _backup_then(sqlite_db, tmp_path, "ALTER TABLE activity DROP COLUMN tactic",
                          "ALTER TABLE activity DROP COLUMN answers")
    _refused(sqlite_db, backup, "missing column activity.tactic", "missing column activity.answers")
    assert run_json("activity", "list")[0]["tactic"] == "reference visits"


def test_a_backup_with_an_extra_column_or_table_is_refused(sqlite_db, tmp_path):
    _deals()
    backup = _backup_then(sqlite_db, tmp_path, "ALTER TABLE opportunity ADD COLUMN secret TEXT",
                          "CREATE TABLE extra (x)")
    _refused(sqlite_db, backup, "extra column opportunity.secret", "extra table extra")


def test_an_older_backup_is_checked_against_the_columns_of_its_own_revision(sqlite_db, tmp_path):
    _deals()
    old = tmp_path / "old.db"
    shutil.copyfile(SCHEMA_0001, old)
    with sqlite3.connect(old) as conn:
        conn.execute("ALTER TABLE contact DROP COLUMN circle")
    conn.close()
    _refused(sqlite_db, old, "schema 0001", "missing column contact.circle")
    with sqlite3.connect(old) as conn:  # values are checked too, after the upgrade
        conn.execute("ALTER TABLE contact ADD COLUMN circle VARCHAR")
        conn.execute("UPDATE contact SET orientation = 'power' WHERE id = 1")
    conn.close()
    _refused(sqlite_db, old, "contact CON-0001, orientation = 'power': not one of professional")


BAD_VALUES = [
    ("UPDATE opportunity SET amount_minor = 'lots'", "opportunity OPP-0001, amount_minor = 'lots': not a whole number"),
    ("UPDATE opportunity SET amount_minor = -5", "amount_minor = -5: not an amount in minor units"),
    ("UPDATE opportunity SET close_date = '2027-13-45'", "opportunity OPP-0001, close_date = '2027-13-45': not a date"),
    ("UPDATE opportunity SET created_at = 'yesterday'", "created_at = 'yesterday': not a time"),
    ("UPDATE opportunity SET grade = 'Z'", "grade = 'Z': not one of A, B, C, D, E"),
    ("UPDATE opportunity SET stage = 'dreaming'", "stage = 'dreaming': not one of validate, initiate"),
    ("UPDATE opportunity SET currency = 'yuan'", "currency = 'yuan': not a three-letter currency code"),
    ("UPDATE opportunity SET grade_manual = 'maybe'", "grade_manual = 'maybe': not true or false"),
    ("UPDATE contact SET relationship = 'frenemy'", "contact CON-0001, relationship = 'frenemy'"),
    ("UPDATE activity SET kind = 'seance'", "activity ACT-0001, kind = 'seance'"),
    ("UPDATE activity SET answers = 'everything'", "answers = 'everything'"),
    ("UPDATE opp_change SET at = 17", "opp_change id 1, at = 17: not a time"),
    ("UPDATE account SET name = X'00ff'", "account ACC-0001, name = b'\\x00\\xff': not text"),
]


@pytest.mark.parametrize("sql,named", BAD_VALUES, ids=[n.split(":")[0] for _, n in BAD_VALUES])
def test_a_backup_with_a_value_tasplus_cannot_read_is_refused_naming_it(sqlite_db, tmp_path, sql, named):
    _deals()
    backup = _backup_then(sqlite_db, tmp_path, sql)
    _refused(sqlite_db, backup, named)


def test_the_issues_lots_backup_is_refused_and_doctor_lists_the_row(sqlite_db, tmp_path):
    _deals()
    run("opp", "new", "影像云平台", "--account", "华东省农商银行", "--amount", "45万")
    backup = _backup_then(sqlite_db, tmp_path, "UPDATE opportunity SET amount_minor = 'lots'")
    first = _refused(sqlite_db, backup, "2 values", "(first: opportunity OPP-0001, amount_minor = 'lots'")
    assert str(backup) in first
    report = json_of(run("--db", str(backup), "db", "doctor", "--json", code=1))
    bad = [c["detail"] for c in report["checks"] if c["check"] == "values" and c["status"] == "fail"]
    assert report["ok"] is False and bad[1:] == [
        "opportunity OPP-0001, amount_minor = 'lots': not a whole number",
        "opportunity OPP-0002, amount_minor = 'lots': not a whole number"]
    screen = run("--db", str(backup), "db", "doctor", code=1).stdout
    assert "OPP-0002" in screen and "amount_minor" in screen


def json_of(result):
    import json

    return json.loads(result.stdout)


def test_doctor_reads_every_value_on_the_runs_backend(db_url):
    from sqlalchemy import create_engine, text

    run("account", "add", "华东省农商银行")
    run("opp", "new", "核心系统升级", "--account", "华东省农商银行", "--amount", "600万")
    checks = {c["check"]: c for c in run_json("db", "doctor")["checks"]}
    assert checks["columns"]["status"] == "ok" and checks["values"]["status"] == "ok"
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE opportunity SET grade = 'Z', stage = 'dreaming'"))
    engine.dispose()
    report = json_of(run("db", "doctor", "--json", code=1))
    bad = [c["detail"] for c in report["checks"] if c["check"] == "values"]
    assert bad == ["2 values tasplus cannot read (listed below)",
                   "opportunity OPP-0001, stage = 'dreaming': not one of validate, initiate, analyze, present, "
                   "tender, bid, negotiate", "opportunity OPP-0001, grade = 'Z': not one of A, B, C, D, E"]


def test_a_good_backup_still_restores_and_doctor_says_so(sqlite_db, tmp_path):
    _deals()
    first = dump(sqlite_db)
    backup = Path(run_json("db", "backup")["backup"])
    run("opp", "edit", "OPP-0001", "--amount", "800万")
    run("db", "restore", str(backup), "--yes")
    assert dump(sqlite_db) == first
    checks = {c["check"]: c["status"] for c in run_json("db", "doctor")["checks"]}
    assert checks["columns"] == checks["values"] == "ok" and "temporaries" not in checks
    assert _leftovers(sqlite_db.parent) == []


# --- case 8: read-only databases --------------------------------------------------------------

@pytest.fixture
def cannot_write(monkeypatch, sqlite_db):
    """A database with deals in it that this user may read but not write, nor its folder (as root
    could not be told)."""
    _deals()
    real = os.access
    folder = str(sqlite_db.parent)

    def access(path, mode, *a, **k):  # noqa: ANN001, ANN202
        if mode & os.W_OK and str(path).startswith(folder):
            return False
        return real(path, mode, *a, **k)

    monkeypatch.setattr(os, "access", access)
    return sqlite_db


def _quiet(sqlite_db: Path) -> None:
    """The database closed cleanly, as an owner leaves it: no -wal, no -shm."""
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{sqlite_db}{suffix}").exists()


def test_a_database_one_may_only_read_is_backed_up_and_checked(cannot_write, tmp_path):
    _quiet(cannot_write)
    before = dump(cannot_write)
    out = tmp_path / "mine"
    out.mkdir()
    copy = Path(run_json("db", "backup", str(out))["backup"])
    assert dump(copy) == before and stat.S_IMODE(copy.stat().st_mode) == 0o600
    report = run_json("db", "doctor")
    checks = {c["check"]: c for c in report["checks"]}
    assert report["ok"] and checks["file"]["status"] == "note" and "read-only for you" in checks["file"]["detail"]
    assert checks["integrity"]["status"] == "ok" and checks["values"]["status"] == "ok"
    assert checks["journal mode"]["status"] == "ok"  # the header says wal, not the snapshot's "delete"
    assert _leftovers(cannot_write.parent) == [] and dump(cannot_write) == before


def test_a_snapshot_changed_while_read_is_busy_not_a_wrong_copy(cannot_write):
    from tasplus_cli.domain.errors import Busy

    with pytest.raises(Busy):
        with sqlite_open.opened(cannot_write) as o:
            assert o.snapshot
            with sqlite3.connect(cannot_write) as writer:
                writer.execute("UPDATE account SET region = 'x'")
            writer.close()


def test_a_backup_into_a_folder_one_may_not_write_is_a_clean_error(sqlite_db, monkeypatch):
    _deals()
    real = os.open

    def refuse(path, flags, *a):  # noqa: ANN001, ANN202
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *a)

    monkeypatch.setattr(os, "open", refuse)
    r = run("db", "backup", code=None)
    assert_clean_error(r, 1)
    assert "cannot write in" in r.stderr and "tasplus db backup FOLDER" in r.stderr
    assert not list(sqlite_db.parent.glob("*.bak"))


def _mountable() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.mark.skipif(not _mountable(), reason="needs root and mount for a real read-only folder")
def test_on_a_real_read_only_mount(sqlite_db, tmp_path):
    _deals()
    ro = tmp_path / "ro"
    ro.mkdir()
    if subprocess.run(["mount", "--bind", "-o", "ro", str(sqlite_db.parent), str(ro)], capture_output=True).returncode:
        pytest.skip("this machine allows no bind mount")
    try:
        db = str(ro / sqlite_db.name)
        out = tmp_path / "out"
        out.mkdir()
        copy = Path(run_json("--db", db, "db", "backup", str(out))["backup"])
        assert dump(copy) == dump(sqlite_db)
        report = run_json("--db", db, "db", "doctor")
        assert report["ok"] and {c["check"]: c["status"] for c in report["checks"]}["file"] == "note"
        assert_clean_error(run("--db", db, "db", "backup", code=None), 1)  # beside it: cannot write there
    finally:
        subprocess.run(["umount", str(ro)], check=True)


@pytest.mark.skipif(not _mountable(), reason="needs root and mount for a real read-only folder")
def test_one_rule_for_a_read_only_database_in_use(sqlite_db, tmp_path):
    """A -wal that only a writer can fold in (its -shm gone) on a read-only mount: every command,
    db backup and db doctor refuse it alike, with the reason (the same rule opens them all)."""
    _deals()
    owner = sqlite3.connect(sqlite_db)  # open: the next commit stays in the -wal
    try:
        owner.execute("SELECT count(*) FROM account").fetchone()
        run("account", "add", "瑞康医疗集团")
        stale = tmp_path / "stale"
        stale.mkdir()
        for suffix in ("", "-wal"):  # as a crashed owner may leave it: no -shm
            shutil.copyfile(f"{sqlite_db}{suffix}", stale / f"tasplus.db{suffix}")
    finally:
        owner.close()
    ro = tmp_path / "ro"
    ro.mkdir()
    if subprocess.run(["mount", "--bind", "-o", "ro", str(stale), str(ro)], capture_output=True).returncode:
        pytest.skip("this machine allows no bind mount")
    try:
        db = str(ro / "tasplus.db")
        out = tmp_path / "out"
        out.mkdir()
        firsts = set()
        for command in (["account", "list"], ["db", "backup", str(out)]):
            r = run("--db", db, *command, code=None)
            assert_clean_error(r, 1)
            firsts.add(r.stderr.splitlines()[0])
        (first,) = firsts
        assert "it is in use" in first and "-wal" in r.stderr.splitlines()[1]
        report = json_of(run("--db", db, "db", "doctor", "--json", code=1))
        assert report["checks"][0]["status"] == "warn" and report["checks"][0]["detail"] in first
        assert list(out.iterdir()) == []
    finally:
        subprocess.run(["umount", str(ro)], check=True)
    assert sorted(p.name for p in stale.iterdir()) == ["tasplus.db", "tasplus.db-wal"]


# --- case 8: killed or cancelled backup and restore ---------------------------------------------

def _killed_inside(beside: Path, tag: str) -> None:
    """A process killed while it holds a temporary (no cleanup runs: ``os._exit``)."""
    pid = os.fork()
    if pid == 0:
        with sqlite_copies.temporary(beside, tag) as tmp:
            tmp.write_bytes(b"x" * 4096)
            os._exit(0)
    os.waitpid(pid, 0)


def test_what_a_killed_backup_or_restore_left_is_reported_then_removed(sqlite_db):
    _deals()
    _killed_inside(sqlite_db, "restore")
    _killed_inside(migrate.backup_name(sqlite_db, migrate.HEAD), "backup")
    assert len(_leftovers(sqlite_db.parent)) == 2
    report = json_of(run("db", "doctor", "--json", code=1))
    (left,) = [c for c in report["checks"] if c["check"] == "temporaries"]
    assert left["status"] == "warn" and left["detail"].startswith("2 temporary files left by a killed")
    assert "tasplus db backup" in left["fix"]
    run("db", "backup")
    assert _leftovers(sqlite_db.parent) == []
    assert run_json("db", "doctor")["ok"]


def test_a_temporary_in_use_is_neither_reported_nor_removed(sqlite_db):
    _deals()
    with sqlite_copies.temporary(sqlite_db, "restore") as tmp:
        assert run_json("db", "doctor")["ok"]
        run("db", "backup")
        assert tmp.exists()
    assert not tmp.exists()


def test_ctrl_c_during_a_backup_leaves_no_file(sqlite_db, tmp_path, monkeypatch):
    _deals()
    real = sqlite_copies.copy_sqlite

    def interrupted(conn, dest):  # noqa: ANN001, ANN202
        real(conn, dest)  # the whole copy is written, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(sqlite_copies, "copy_sqlite", interrupted)
    for where in ([], [str(tmp_path)], [str(tmp_path / "named.db")]):
        r = run("db", "backup", *where, code=130)
        assert "nothing was written" in r.stderr
        assert _leftovers(sqlite_db.parent) == [] and not list(sqlite_db.parent.glob("*.bak"))
        assert [p.name for p in tmp_path.iterdir()] == ["home"]


def test_ctrl_c_during_a_restore_changes_nothing_and_leaves_no_file(sqlite_db, monkeypatch):
    _deals()
    backup = Path(run_json("db", "backup")["backup"])
    run("opp", "edit", "OPP-0001", "--amount", "800万")
    before, files = dump(sqlite_db), sorted(sqlite_db.parent.iterdir())
    class Interrupting(sqlite3.Connection):  # Ctrl-C on the first row copied into the live database
        def execute(self, sql, *a):  # noqa: ANN001, ANN202
            if sql.startswith("INSERT INTO main."):
                raise KeyboardInterrupt
            return super().execute(sql, *a)

    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real_connect(*a, factory=Interrupting, **k))
    r = run("db", "restore", str(backup), "--yes", code=130)
    assert "nothing was written" in r.stderr
    monkeypatch.undo()
    assert dump(sqlite_db) == before and sorted(sqlite_db.parent.iterdir()) == files


# --- temporaries are private, new and never a link ----------------------------------------------

def test_a_temporary_is_new_private_random_and_never_follows_a_link(tmp_path, monkeypatch):
    target = tmp_path / "victim"
    target.write_text("keep")
    beside = tmp_path / "tasplus.db"
    with sqlite_copies.temporary(beside, "backup") as a, sqlite_copies.temporary(beside, "backup") as b:
        assert a != b and re.fullmatch(r"\.tasplus\.db\.[0-9a-f]{16}\.backup\.tmp", a.name)
        assert stat.S_IMODE(a.stat().st_mode) == 0o600
    monkeypatch.setattr(paths.secrets, "token_hex", lambda n: "0" * 16)
    planted = tmp_path / ".tasplus.db.0000000000000000.backup.tmp"
    planted.symlink_to(target)
    from tasplus_cli.store.db import Unavailable

    with pytest.raises(Unavailable):
        with sqlite_copies.temporary(beside, "backup"):
            pass
    assert target.read_text() == "keep" and planted.is_symlink()
