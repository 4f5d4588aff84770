"""Files and folders tasplus may touch (docs/files.md): it changes only what it created.

A shared folder keeps its mode; a foreign or damaged SQLite file is refused
before anything is written (no tables, no WAL, no mode, no backup); a read
never creates a database; a read-only database is read and never written; a
link is not a way to make tasplus create or fill a file; temporaries are
private, random and never followed.

The tests run as root (here and in CI), which may write any file: a database
"read-only for this user" is a file that grants no write (0400/0444), which
tasplus honours even for root, or ``os.access`` saying no, as it says to
another user on a root-owned 0644 file.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from helpers import assert_clean_error, dump, rows, run, run_json

from tasplus_cli.store.migrate import HEAD

SCHEMA_0001 = Path(__file__).resolve().parent.parent / "fixtures" / "schema_0001.db"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder of the test's own (``tmp_path`` also holds the test's home)."""
    path = tmp_path / "files"
    path.mkdir()
    return path


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _state(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of ``folder``: mode and bytes (links: their target's name)."""
    return {p.name: (_mode(p), os.readlink(p).encode() if p.is_symlink() else p.read_bytes())
            for p in sorted(folder.iterdir())}


def _firefox(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
                       "CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, fk INTEGER);"
                       "INSERT INTO moz_places (url) VALUES ('https://example.com/');")
    conn.close()
    os.chmod(path, 0o644)
    return path


def _tasplus_db(path: Path) -> Path:
    """A tasplus database at head with one account, closed (no -wal beside it)."""
    run("--db", str(path), "account", "add", "华东省农商银行")
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)) == [path.name]
    return path


# --- folders --------------------------------------------------------------------------------

def test_a_shared_home_keeps_its_mode(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    monkeypatch.setenv("TASPLUS_HOME", str(shared))
    db = shared / "team.db"
    run("--db", str(db), "account", "add", "华东省农商银行")
    run("config", "set", "user", "张伟")
    assert _mode(shared) == 0o1777
    assert _mode(db) == 0o600 and _mode(shared / "config.toml") == 0o600


@pytest.mark.fresh_home
def test_folders_tasplus_creates_are_private(folder):
    db = folder / "new" / "deeper" / "tasplus.db"
    run("--db", str(db), "account", "add", "华东省农商银行")
    assert _mode(db.parent) == 0o700 and _mode(db.parent.parent) == 0o700 and _mode(db) == 0o600


# --- foreign and damaged files --------------------------------------------------------------

@pytest.mark.parametrize("command", [["opp", "list"], ["account", "add", "X"], ["db", "upgrade"], ["init"],
                                     ["db", "backup"]])
def test_another_programs_sqlite_file_is_refused_and_left_alone(folder, command):
    places = _firefox(folder / "places.sqlite")
    before = _state(folder)
    r = run("--db", str(places), *command, code=None)
    assert_clean_error(r, 2)
    assert "moz_bookmarks, moz_places" in r.stderr and "another program" in r.stderr
    assert "--db or TASPLUS_DB" in r.stderr
    assert _state(folder) == before  # no tables, no WAL, no mode change, no backup


def _without_revision(path: Path) -> Path:
    shutil.copyfile(SCHEMA_0001, path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE alembic_version")
    conn.commit()
    conn.close()
    os.chmod(path, 0o600)
    return path


@pytest.mark.parametrize("command", [["opp", "list"], ["account", "add", "X"], ["db", "upgrade"]])
def test_tasplus_tables_without_a_revision_are_damaged_not_an_internal_error(folder, command):
    db = _without_revision(folder / "tasplus.db")
    before = _state(folder)
    for _ in range(2):  # each attempt used to leave another full .bak
        r = run("--db", str(db), *command, code=None)
        assert_clean_error(r, 1)
        assert "damaged" in r.stderr and "alembic_version" in r.stderr and "db restore" in r.stderr
        assert "internal error" not in r.stderr
    assert _state(folder) == before


def test_a_damaged_database_can_still_be_backed_up(folder, tmp_path):
    db = _without_revision(folder / "tasplus.db")
    before = _state(folder)
    run("--db", str(db), "db", "backup", str(tmp_path / "saved.db"))
    assert rows(tmp_path / "saved.db") == rows(db)
    assert _state(folder) == before


# --- reading never creates ------------------------------------------------------------------

@pytest.mark.fresh_home
def test_a_read_on_no_database_says_how_to_create_one(tasplus_home, sqlite_db):
    for command in (["opp", "list"], ["account", "list"], ["review"], ["export", "accounts"]):
        r = run(*command, code=None)
        assert_clean_error(r, 1)
        assert f"no database at {sqlite_db}" in r.stderr and "tasplus init" in r.stderr
    assert not tasplus_home.exists()  # neither the file nor its folder
    run("init")
    assert run_json("opp", "list") == []


def test_a_read_on_an_empty_database_creates_no_tables(db_url, tasplus_home):
    """An empty SQLite file or an empty PostgreSQL database: a read names it, writes nothing."""
    from sqlalchemy import create_engine, inspect

    from tasplus_cli.store.db import sqlite_path

    path = sqlite_path(db_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o640)
        os.chmod(path, 0o640)
    r = run("opp", "list", code=None)
    assert_clean_error(r, 1)
    assert "holds no tasplus data yet" in r.stderr and "tasplus init" in r.stderr
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == []
    engine.dispose()
    if path is not None:
        assert path.stat().st_size == 0 and sorted(p.name for p in path.parent.iterdir()) == [path.name]
    run("account", "add", "华东省农商银行")  # a write fills it
    assert [a["name"] for a in run_json("account", "list")] == ["华东省农商银行"]
    if path is not None:
        assert _mode(path) == 0o640  # an existing file keeps its mode


def test_another_programs_tables_are_refused_on_the_runs_backend(db_url):
    from sqlalchemy import create_engine, inspect, text

    from tasplus_cli.store.db import sqlite_path

    if sqlite_path(db_url) is not None:
        sqlite_path(db_url).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)"))
    for command in (["opp", "list"], ["account", "add", "X"]):
        r = run(*command, code=None)
        assert_clean_error(r, 2)
        assert "(tables moz_places)" in r.stderr
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["moz_places"]
    engine.dispose()


def test_an_existing_database_keeps_its_mode(sqlite_db):
    os.chmod(sqlite_db, 0o640)
    run("account", "add", "华东省农商银行")
    run("account", "list")
    assert _mode(sqlite_db) == 0o640


# --- read-only databases --------------------------------------------------------------------

@pytest.mark.parametrize("mode", [0o400, 0o444])
def test_a_read_only_database_is_read_and_never_written(folder, mode):
    db = _tasplus_db(folder / "tasplus.db")
    os.chmod(db, mode)
    before = _state(folder)
    assert [a["name"] for a in run_json("--db", str(db), "account", "list")] == ["华东省农商银行"]
    r = run("--db", str(db), "account", "add", "Other", code=None)
    assert_clean_error(r, 1)
    assert "read-only for you" in r.stderr and "folder" in r.stderr
    assert _state(folder) == before  # no chmod, no write, no -wal/-shm left behind


def as_other_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """As another user sees a root-owned 0644 file in a root-owned folder: readable, nothing
    writable, and chmod refused (EPERM), which tasplus must never need."""
    real_access = os.access

    def access(path, mode, *args, **kwargs):  # noqa: ANN001, ANN202
        return False if mode & os.W_OK else real_access(path, mode, *args, **kwargs)

    def chmod(path, *args, **kwargs):  # noqa: ANN001, ANN202
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(path))

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "chmod", chmod)


def test_another_users_database_can_be_read(folder, monkeypatch):
    db = _tasplus_db(folder / "tasplus.db")
    os.chmod(db, 0o644)
    before = _state(folder)
    as_other_user(monkeypatch)
    assert [a["name"] for a in run_json("--db", str(db), "account", "list")] == ["华东省农商银行"]
    r = run("--db", str(db), "opp", "new", "核心系统升级", "--account", "华东省农商银行", "--amount", "1", code=None)
    assert_clean_error(r, 1)
    assert "read-only for you" in r.stderr
    monkeypatch.undo()
    assert _state(folder) == before  # immutable read: no -shm made, nothing changed


def test_another_users_database_in_use_shows_its_latest_writes(folder, monkeypatch):
    """The owner is using it: its -wal holds a commit not yet in the file, and the reader sees it."""
    db = _tasplus_db(folder / "tasplus.db")
    owner = sqlite3.connect(db)  # open: the commit below stays in the -wal
    try:
        owner.execute("SELECT count(*) FROM account").fetchone()
        run("--db", str(db), "account", "add", "Late")
        frozen = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
        assert frozen.execute("SELECT count(*) FROM account").fetchone() == (1,)  # not in the file yet
        frozen.close()
        as_other_user(monkeypatch)
        names = [a["name"] for a in run_json("--db", str(db), "account", "list")]
        monkeypatch.undo()
    finally:
        owner.close()
    assert sorted(names) == ["Late", "华东省农商银行"]


def test_a_read_only_database_written_while_a_command_reads_it_is_busy(folder, monkeypatch):
    """The command path reads the same snapshot as db backup/doctor, with the same check: a file
    written under an immutable read is ``Busy`` (exit 3), never a list of what may be wrong."""
    from tasplus_cli.store import accounts

    db = _tasplus_db(folder / "tasplus.db")
    os.chmod(db, 0o444)
    real = accounts.list_accounts

    def written_meanwhile(s):  # noqa: ANN001, ANN202
        with sqlite3.connect(db) as owner:  # root may write a 0444 file; tasplus does not
            owner.execute("UPDATE account SET region = 'x'")
        owner.close()
        return real(s)

    monkeypatch.setattr(accounts, "list_accounts", written_meanwhile)
    r = run("--db", str(db), "account", "list", code=None)
    assert_clean_error(r, 3)
    assert "busy" in r.stderr


@pytest.mark.parametrize("who", ["0400", "another user"])
def test_db_backup_and_doctor_read_a_read_only_database_as_every_command_does(folder, tmp_path, monkeypatch, who):
    db = _tasplus_db(folder / "tasplus.db")
    os.chmod(db, 0o400 if who == "0400" else 0o600)
    before = _state(folder)
    if who == "another user":
        as_other_user(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    copy = Path(run_json("--db", str(db), "db", "backup", str(out))["backup"])
    assert [r[1] for r in rows(copy)["account"]] == [r[1] for r in rows(db)["account"]]
    checks = {c["check"]: c for c in run_json("--db", str(db), "db", "doctor")["checks"]}
    assert checks["file"]["status"] == "note" and "read-only for you" in checks["file"]["detail"]
    assert "read-only here" in checks["statistics"]["detail"]  # the planner's statistics are not gathered
    monkeypatch.undo()
    assert _state(folder) == before  # neither opened read-write nor given a -wal/-shm


def test_an_old_read_only_database_is_not_upgraded(folder):
    db = folder / "tasplus.db"
    shutil.copyfile(SCHEMA_0001, db)
    os.chmod(db, 0o400)
    before = _state(folder)
    r = run("--db", str(db), "opp", "list", code=None)
    assert_clean_error(r, 1)
    assert "older schema (0001)" in r.stderr and "tasplus db upgrade" in r.stderr
    assert _state(folder) == before


def test_an_old_database_is_upgraded_once_by_a_read(sqlite_db):
    shutil.copyfile(SCHEMA_0001, sqlite_db)
    for _ in range(3):
        run("opp", "list")
    assert len(list(sqlite_db.parent.glob("tasplus.db.0001.*.bak"))) == 1
    assert rows(sqlite_db)["alembic_version"] == [(HEAD,)]


# --- links ----------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["missing", "empty"])
@pytest.mark.parametrize("command", [["account", "add", "X"], ["opp", "list"]])
def test_no_database_is_created_or_filled_through_a_link(folder, target, command):
    victim = folder / "victim"
    if target == "empty":
        victim.touch()
        os.chmod(victim, 0o644)
    link = folder / "tasplus.db"
    link.symlink_to(victim)
    before = _state(folder)
    r = run("--db", str(link), *command, code=None)
    assert_clean_error(r, 2)
    assert "symbolic link" in r.stderr
    assert _state(folder) == before


def test_a_link_to_a_tasplus_database_is_used_and_its_mode_kept(folder):
    real = _tasplus_db(folder / "real.db")
    os.chmod(real, 0o640)
    link = folder / "tasplus.db"
    link.symlink_to(real)
    run("--db", str(link), "account", "add", "Other")
    assert sorted(a["name"] for a in run_json("--db", str(real), "account", "list")) == ["Other", "华东省农商银行"]
    assert _mode(real) == 0o640 and link.is_symlink()


# --- the busy timeout -----------------------------------------------------------------------

@pytest.mark.parametrize("value", [str(2**32), str(2**32 + 500), "86400001", "²", "３０"])
def test_a_busy_timeout_too_long_or_not_ascii_is_refused(monkeypatch, value):
    monkeypatch.setenv("TASPLUS_BUSY_TIMEOUT_MS", value)
    r = run("account", "list", code=None)
    assert_clean_error(r, 2)
    assert "TASPLUS_BUSY_TIMEOUT_MS" in r.stderr


def test_the_longest_busy_timeout_is_accepted(monkeypatch):
    monkeypatch.setenv("TASPLUS_BUSY_TIMEOUT_MS", "86400000")
    assert run_json("account", "list") == []


# --- temporaries ----------------------------------------------------------------------------

def test_export_never_uses_a_file_or_link_at_the_temporary_name(tmp_path, tasplus_home):
    run("account", "add", "华东省农商银行")
    out = tmp_path / "out"
    out.mkdir()
    planted = out / ".accounts.csv.tmp"
    planted.touch()
    os.chmod(planted, 0o666)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    (out / ".b.csv.tmp").symlink_to(precious)
    run("export", "accounts", str(out / "accounts.csv"))
    run("export", "accounts", str(out / "b.csv"))
    assert _mode(out / "accounts.csv") == 0o600 and _mode(out / "b.csv") == 0o600
    assert "华东省农商银行" in (out / "accounts.csv").read_text(encoding="utf-8-sig")
    assert precious.read_text(encoding="utf-8") == "keep me" and _mode(planted) == 0o666
    assert sorted(p.name for p in out.iterdir()) == [".accounts.csv.tmp", ".b.csv.tmp", "accounts.csv", "b.csv"]


@pytest.mark.parametrize("error", [KeyboardInterrupt, OSError(errno.ENOSPC, "No space left on device")])
def test_an_interrupted_export_leaves_no_temporary(tmp_path, monkeypatch, error):
    run("account", "add", "华东省农商银行")

    def fail(out, *args, **kwargs):  # noqa: ANN001, ANN202
        out.write(b"half")
        raise error

    monkeypatch.setattr("tasplus_cli.csvio.write_chunks", fail)
    r = run("export", "accounts", str(tmp_path / "accounts.csv"), code=None)
    assert_clean_error(r, 130 if error is KeyboardInterrupt else 2)
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == []


def test_config_is_written_through_a_private_temporary(tasplus_home, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    tasplus_home.mkdir(parents=True, exist_ok=True)
    (tasplus_home / "config.toml.tmp").symlink_to(precious)
    run("config", "set", "user", "张伟")
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert _mode(tasplus_home / "config.toml") == 0o600 and "张伟" in (tasplus_home / "config.toml").read_text("utf-8")


def test_a_refused_write_changes_no_data(sqlite_db, tasplus_home):
    run("account", "add", "华东省农商银行")
    before = dump(tasplus_home)
    os.chmod(sqlite_db, 0o444)
    assert_clean_error(run("account", "add", "Other", code=None), 1)
    os.chmod(sqlite_db, 0o600)
    assert dump(tasplus_home) == before


# --- the .bak before an upgrade -------------------------------------------------------------

def test_an_upgrade_killed_while_it_backs_up_leaves_no_half_bak(sqlite_db, monkeypatch):
    """The automatic .bak goes through a temporary linked to its name only when complete, as
    ``db backup`` does: a kill leaves no file under a .bak name, only a temporary the next
    backup removes."""
    from tasplus_cli.store import sqlite_copies

    shutil.copyfile(SCHEMA_0001, sqlite_db)
    os.chmod(sqlite_db, 0o600)
    real = sqlite_copies.copy_sqlite

    def killed(conn, tmp):  # noqa: ANN001, ANN202
        real(conn, tmp)  # the whole copy is in its temporary, then the process is killed
        os._exit(0)

    pid = os.fork()
    if pid == 0:  # the upgrading process: no cleanup runs
        try:
            monkeypatch.setattr(sqlite_copies, "copy_sqlite", killed)
            run("opp", "list", code=None)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0  # killed inside the copy
    assert not list(sqlite_db.parent.glob("tasplus.db.*.bak"))
    assert [p.name.endswith(".backup.tmp") for p in sqlite_db.parent.iterdir() if p.name.startswith(".")] == [True]
    assert rows(sqlite_db)["alembic_version"] == [("0001",)]  # not upgraded: the backup came first
    run("opp", "list")  # upgrades once, with a whole backup, and removes what the killed one left
    (bak,) = sqlite_db.parent.glob("tasplus.db.0001.*.bak")
    assert rows(bak)["alembic_version"] == [("0001",)] and _mode(bak) == 0o600
    assert [p.name for p in sqlite_db.parent.iterdir() if p.name.startswith(".")] == []


# --- the demo -------------------------------------------------------------------------------

@pytest.mark.parametrize("yes", [[], ["--yes"]], ids=["ask", "yes"])
@pytest.mark.parametrize("target", ["a file", "nothing"])
def test_demo_never_replaces_what_a_link_points_to(folder, yes, target):
    precious = folder / "precious.db"
    if target == "a file":
        precious.write_text("keep me", encoding="utf-8")
        os.chmod(precious, 0o644)
    link = folder / "demo.db"
    link.symlink_to(precious)
    before = _state(folder)
    r = run("demo", "--path", str(link), *yes, code=None)
    assert_clean_error(r, 2)
    assert "symbolic link" in r.stderr and "--path" in r.stderr.splitlines()[1]
    assert _state(folder) == before


def test_demo_replaces_its_own_file_only_when_told(folder):
    demo = folder / "demo.db"
    demo.write_text("mine", encoding="utf-8")
    assert_clean_error(run("demo", "--path", str(demo), code=None), 1)
    assert demo.read_text(encoding="utf-8") == "mine"
    run("demo", "--path", str(demo), "--yes")
    assert run_json("--db", str(demo), "account", "list")


# --- export folders -------------------------------------------------------------------------

def test_export_all_makes_new_folders_private_and_keeps_existing_ones(tmp_path):
    run("account", "add", "华东省农商银行")
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    umask = os.umask(0o022)
    try:
        run("export", "--all", str(shared / "exports" / "2027" / "week1"))
        run("export", "--all", str(shared))
    finally:
        os.umask(umask)
    assert _mode(shared) == 0o755
    for made in ("exports", "exports/2027", "exports/2027/week1"):
        assert _mode(shared / made) == 0o700, made
    assert _mode(shared / "exports" / "2027" / "week1" / "accounts.csv") == 0o600


def test_export_all_into_a_file_is_a_clean_error(tmp_path):
    run("account", "add", "华东省农商银行")
    taken = tmp_path / "notes.txt"
    taken.write_text("keep me", encoding="utf-8")
    r = run("export", "--all", str(taken), code=None)
    assert_clean_error(r, 2)
    assert "cannot make the folder" in r.stderr and taken.read_text(encoding="utf-8") == "keep me"
