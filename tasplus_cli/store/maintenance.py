"""Database upkeep behind ``tasplus db``: backup, restore, doctor, upgrade.

Invariants:
- Backups use SQLite's online backup API (never a file copy of an open
  database), land 0600 and are checked with ``PRAGMA integrity_check``.
  PostgreSQL has no file to copy: ``backup``/``restore`` say to use
  ``pg_dump``/``pg_restore`` (``Conflict``, exit 1).
- ``restore`` never touches the live database until the file to restore is
  proven a tasplus database (a known revision, the core tables, integrity
  ok) and migrated to head in a private copy. The swap is ONE write
  transaction on the live database (every table emptied and refilled under
  ``BEGIN IMMEDIATE`` with deferred foreign keys), so other processes see the
  old or the new data, never a mix, and no ``-wal`` file can meet the wrong
  database. The previous content is saved first, under the same lock, as a
  ``.bak`` next to the database.
- ``doctor`` only reads: it never creates, migrates or switches the journal
  mode of the database; its checks say how to fix what they find. A check's
  ``detail`` and ``fix`` are ``Phrase``s: English in ``--json``, the reader's
  language on screen.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.messages import command, msg
from tasplus_cli.messages.phrase import counted, phrase
from tasplus_cli.paths import ensure_private_dir
from tasplus_cli.store import migrate
from tasplus_cli.store.db import backend, busy_error, busy_timeout_ms, check_open, make_engine, redact, sqlite_path

CORE_TABLES = ("account", "contact", "opportunity", "opp_change")  # present since 0001


# --- shared -----------------------------------------------------------------------------

def _pg_command(url: str, tool: str) -> str:
    """The pg_dump / pg_restore line for this server (never with the password)."""
    u = make_url(url)
    where = " ".join(f"{flag} {value}" for flag, value in (("-h", u.host), ("-p", u.port), ("-U", u.username))
                     if value)
    if tool == "pg_dump":
        return f"pg_dump -Fc {where} -f tasplus.dump {u.database or ''}".replace("  ", " ")
    return f"pg_restore --clean {where} -d {u.database or 'DBNAME'} tasplus.dump".replace("  ", " ")


def _sqlite_file(url: str, doing: str, pg_tool: str) -> Path:
    """The database file, or a clear refusal for PostgreSQL."""
    if backend(url) == "postgresql":
        raise Conflict(msg("error.db.postgres_file", command=command("db", doing), url=redact(url)),
                       msg("hint.db.pg_tool", tool=pg_tool, command=_pg_command(url, pg_tool)))
    path = sqlite_path(url)
    if path is None:
        raise InvalidValue(msg("error.db.needs_file", command=command("db", doing), url=redact(url)),
                           msg("hint.db.give_path"))
    return path


def _ro(path: Path, live: bool = False) -> sqlite3.Connection:
    """A connection that never creates the file and, here, only reads. ``live``: the
    database in use, opened read-write (``mode=rw``) so that closing it tidies its
    -wal/-shm like any tasplus connection; else strictly read-only (a backup file)."""
    if not path.is_file():
        raise NotFound(msg("error.db.none_at", path=path), msg("hint.db.init", command=command("init")))
    conn = sqlite3.connect(f"file:{path}?mode={'rw' if live else 'ro'}", uri=True, timeout=busy_timeout_ms() / 1000)
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    return conn


def _integrity(conn: sqlite3.Connection) -> list[str]:
    """Problems found by ``PRAGMA integrity_check`` (empty when ok)."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def _revision(conn: sqlite3.Connection) -> str | None:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone():
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _tables(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    return [r[0] for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type='table' "
                                       "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()]


# --- backup --------------------------------------------------------------------------------

def backup(url: str, dest: Path | None = None) -> Path:
    """Copy the live database to ``dest`` (a file or a folder; default next to it)."""
    path = _sqlite_file(url, "backup", "pg_dump")
    with closing(_ro(path, live=True)) as conn:
        rev = _revision(conn)
        if dest is None or dest.is_dir():
            dest = migrate.backup_name((dest or path.parent) / path.name, rev)
        dest = dest.expanduser().resolve()
        if dest.exists():
            raise Conflict(msg("error.db.backup_exists", path=dest), msg("hint.db.backup_exists"))
        if dest == path:
            raise InvalidValue(msg("error.db.backup_is_database"), msg("hint.db.another_path"))
        if not dest.parent.is_dir():
            raise NotFound(msg("error.db.no_folder", path=dest.parent), msg("hint.db.no_folder"))
        try:
            return migrate.copy_sqlite(conn, dest)
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise busy_error() from None
            raise


# --- restore -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Restored:
    source_revision: str
    previous: Path | None  # the database as it was, kept as a .bak (None when there was none)
    migrated: bool  # the restored file was older and was upgraded


def verify(src: Path) -> str:
    """Raise unless ``src`` is a tasplus database this version can open; return its revision."""
    try:
        with closing(_ro(src)) as conn:
            rev = _revision(conn)
            missing = [t for t in CORE_TABLES if t not in _tables(conn)]
            if rev is None or missing:
                raise InvalidValue(msg("error.db.not_tasplus", path=src), _made_by_backup())
            migrate.check_known(rev)
            problems = _integrity(conn)
    except sqlite3.DatabaseError as e:
        raise InvalidValue(msg("error.db.not_tasplus_because", path=src, reason=e), _made_by_backup()) from None
    if problems:
        raise Conflict(msg("error.db.damaged", path=src, problem=problems[0]), msg("hint.db.another_backup"))
    return rev


def _made_by_backup() -> str:
    return msg("hint.db.made_by_backup", command=command("db", "backup"))


def _stage(src: Path, stage: Path) -> None:
    """A private copy of ``src`` (beside the live file), migrated to head."""
    with closing(_ro(src)) as conn:
        migrate.copy_sqlite(conn, stage)
    upgrade(f"sqlite:///{stage}", backup=False)  # the source file itself is the backup


def check_restore(url: str, src: Path) -> str:
    """Everything ``restore`` checks before it changes anything; returns the file's revision."""
    live = _sqlite_file(url, "restore", "pg_restore")
    if src.expanduser().resolve() == live:
        raise InvalidValue(msg("error.db.restore_itself"), msg("hint.db.give_backup"))
    return verify(src.expanduser().resolve())


def restore(url: str, src: Path) -> Restored:
    """Replace the database's content with ``src`` (see module docstring)."""
    rev = check_restore(url, src)
    live, src = _sqlite_file(url, "restore", "pg_restore"), src.expanduser().resolve()
    if live.exists():
        upgrade(url)  # the live database must be at head too, so that the tables match
    elif not live.parent.exists():
        ensure_private_dir(live.parent)
    stage = live.with_name(f".{live.name}.restore-{os.getpid()}")
    try:
        _stage(src, stage)
        if not live.exists():  # nothing to keep, nobody to disturb
            os.replace(stage, live)
            return Restored(rev, None, rev != migrate.HEAD)
        return Restored(rev, _swap(live, stage), rev != migrate.HEAD)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{stage}{suffix}").unlink(missing_ok=True)


def _swap(live: Path, stage: Path) -> Path:
    conn = sqlite3.connect(live, timeout=busy_timeout_ms() / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
        conn.execute("PRAGMA foreign_keys = ON")  # checked at COMMIT (deferred below)
        conn.execute("ATTACH DATABASE ? AS r", (str(stage),))  # not allowed inside a transaction
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            raise busy_error() from None
        try:
            with closing(sqlite3.connect(live)) as reader:  # sees what is committed: nobody else can commit now
                previous = migrate.copy_sqlite(reader, migrate.backup_name(live, _revision(reader)))
            tables = _tables(conn)
            if tables != _tables(conn, "r"):
                raise Conflict(msg("error.db.tables_differ"),
                               msg("hint.db.doctor_both", command=command("db", "doctor")))
            conn.execute("PRAGMA defer_foreign_keys = ON")
            for t in tables:
                cols = ", ".join(f'"{r[1]}"' for r in conn.execute(f'PRAGMA main.table_info("{t}")'))
                conn.execute(f'DELETE FROM main."{t}"')
                conn.execute(f'INSERT INTO main."{t}" ({cols}) SELECT {cols} FROM r."{t}"')
            try:
                conn.execute("COMMIT")
            except sqlite3.IntegrityError:  # a deferred foreign key: the backup is inconsistent
                raise Conflict(msg("error.db.broken_backup"), msg("hint.db.broken_backup")) from None
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return previous
    finally:
        conn.close()


# --- doctor ----------------------------------------------------------------------------------

_RESTORE = phrase("db.fix.restore")

@dataclass(frozen=True)
class Check:
    check: str  # the check's English name: file, integrity, foreign keys, schema, journal mode, permissions …
    status: str  # ok | note | warn | fail; warn and fail make doctor exit 1
    detail: str  # a Phrase, or a path/URL as it is
    fix: str | None = None  # a Phrase, or a command to type

    def as_dict(self) -> dict:
        """The check as ``--json`` prints it; ``detail`` and ``fix`` stay phrases (English as strings)."""
        return {"check": self.check, "status": self.status, "detail": self.detail, "fix": self.fix}


def _perm_checks(path: Path) -> list[Check]:
    """The database, its -wal/-shm and its backups (``<name>.*.bak`` beside it) must be private."""
    out = []
    files = [path] + [Path(f"{path}{s}") for s in ("-wal", "-shm")] + sorted(path.parent.glob(f"{path.name}.*.bak"))
    exposed = [(f, stat.S_IMODE(f.stat().st_mode)) for f in files if f.exists() and
               stat.S_IMODE(f.stat().st_mode) & 0o077]
    if not exposed:
        private = "db.check.private_wal" if files[1].exists() else "db.check.private"
        n = len(files) - 3
        out.append(Check("permissions", "ok", phrase(private, backups=counted("db.count.backups", n, f"{n} backup(s)"))))
    for f, mode in exposed:
        who = phrase("db.who.others" if mode & 0o004 else "db.who.group")
        out.append(Check("permissions", "warn", phrase("db.check.readable", path=f, who=who, mode=f"{mode:04o}"),
                         f"chmod 600 {f}"))
    return out


def doctor(url: str) -> list[Check]:
    """Every check of ``tasplus db doctor``; reads only."""
    if backend(url) == "postgresql":
        return _doctor_pg(url)
    path = _sqlite_file(url, "doctor", "pg_dump")
    checks = [Check("file", "ok", str(path))]
    try:
        with closing(_ro(path, live=True)) as conn:
            problems = _integrity(conn)
            found = counted("db.count.problems", len(problems), f"{len(problems)} problem(s)")
            checks.append(Check("integrity", "fail", phrase("db.check.problems", problems=found, first=problems[0]),
                                _RESTORE) if problems
                          else Check("integrity", "ok", phrase("db.check.integrity_ok")))
            bad = conn.execute("PRAGMA foreign_key_check").fetchall()
            rows = counted("db.count.broken_rows", len(bad), f"{len(bad)} row(s) point")
            checks.append(Check("foreign keys", "fail", phrase("db.check.broken_links", rows=rows, table=bad[0][0]),
                                _RESTORE) if bad
                          else Check("foreign keys", "ok", phrase("db.check.links_ok")))
            checks.append(_revision_check(_revision(conn), bool(_tables(conn))))
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            checks.append(Check("journal mode", "ok", phrase("db.check.wal")) if mode == "wal"
                          else Check("journal mode", "note", phrase("db.check.not_wal", mode=mode)))
    except sqlite3.DatabaseError as e:
        checks.append(Check("integrity", "fail", phrase("db.check.unreadable", path=path, reason=str(e)), _RESTORE))
    return checks + _perm_checks(path)


def _revision_check(rev: str | None, has_tables: bool) -> Check:
    if rev == migrate.HEAD:
        return Check("schema", "ok", phrase("db.check.current", rev=rev))
    if rev is None:
        return (Check("schema", "fail", phrase("db.check.no_revision"), None) if has_tables
                else Check("schema", "note", phrase("db.check.empty")))
    if rev not in migrate.known_revisions():
        return Check("schema", "fail", phrase("db.check.newer", rev=rev, head=migrate.HEAD),
                     phrase("db.fix.upgrade_tasplus"))
    return Check("schema", "note", phrase("db.check.older", rev=rev, head=migrate.HEAD), phrase("db.fix.upgrade_now"))


def _doctor_pg(url: str) -> list[Check]:
    engine = make_engine(url)
    try:
        check_open(engine, url)
        rev = migrate.current_revision(engine)
    finally:
        engine.dispose()
    return [Check("server", "ok", redact(url)), _revision_check(rev, rev is not None),
            Check("integrity", "note", phrase("db.check.pg_keys"), phrase("db.fix.pg_amcheck")),
            Check("backups", "note", phrase("db.check.pg_backups"), _pg_command(url, "pg_dump"))]


# --- upgrade --------------------------------------------------------------------------------

def upgrade(url: str, backup: bool = True) -> migrate.Upgrade:
    """Migrate to head now (first a backup of a SQLite file that holds data, unless ``backup=False``)."""
    engine = make_engine(url, write=True)
    try:
        check_open(engine, url)
        return migrate.upgrade(engine, url if backup else None)
    finally:
        engine.dispose()
