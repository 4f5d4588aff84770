"""Running the Alembic migrations shipped with tasplus, on SQLite and PostgreSQL.

The Alembic config is built in code from the package path (``_migrations``
inside an installed wheel, top-level ``migrations/`` in a checkout). Opening a
database compares its revision with ``HEAD`` by one plain query and imports
Alembic (slow) only when an upgrade is due.

Invariants:
- An upgrade runs in one transaction under the database's write lock
  (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL) and reads
  the revision again inside it, so two processes opening an old database at
  once migrate it once.
- A SQLite database that already holds tables is backed up first
  (``<file>.<rev>.<time>.bak``, online backup API, mode 0600). PostgreSQL has
  transactional DDL and no file to copy: back it up with ``pg_dump``.
- On SQLite the upgrade runs with foreign keys off (so batch migrations can
  rebuild tables) and ends with ``PRAGMA foreign_key_check``: a violation
  rolls the whole upgrade back.
- A database whose revision this tasplus does not know is newer than it and
  is never touched.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from tasplus_cli.domain.errors import Conflict
from tasplus_cli.messages import msg

HEAD = "0002"  # tests/store/test_migrations.py checks this equals the script head
_PG_LOCK = 0x74617370  # "tasp": the advisory lock key migrations hold on PostgreSQL


@dataclass(frozen=True)
class Upgrade:
    """What an upgrade did: ``old`` is None for an empty database."""

    old: str | None
    new: str
    backup: Path | None


def migrations_dir() -> Path:
    from tasplus_cli.paths import shipped

    return shipped("migrations", "env.py")


def known_revisions() -> list[str]:
    """Revision ids shipped with this tasplus (file names ``NNNN_*.py``), oldest first."""
    return sorted(p.name.split("_", 1)[0] for p in (migrations_dir() / "versions").glob("[0-9]*_*.py"))


def alembic_config(connection=None):  # noqa: ANN001
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    with engine.connect().execution_options(tasplus_write=False) as conn:
        return _revision(conn)


def check_known(rev: str | None) -> None:
    if rev is not None and rev not in known_revisions():
        raise Conflict(msg("error.db.schema_newer", rev=rev, head=HEAD), msg("db.fix.upgrade_tasplus"))


def copy_sqlite(src: sqlite3.Connection, dest: Path) -> Path:
    """Online backup of ``src`` into a new file ``dest``: 0600, one self-contained file
    (rollback journal, so opening it later leaves no -wal beside it), integrity-checked."""
    fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(dest, 0o600)
    d = sqlite3.connect(dest)
    try:
        src.backup(d)
        d.execute("PRAGMA journal_mode = DELETE")
        problems = [r[0] for r in d.execute("PRAGMA integrity_check").fetchall()]
    finally:
        d.close()
    if problems != ["ok"]:
        dest.unlink(missing_ok=True)
        raise Conflict(msg("error.db.copy_damaged", problem=problems[0]), msg("hint.db.doctor"))
    return dest


def backup_sqlite(src: Path, dest: Path) -> Path:
    """Copy a live SQLite database file with the online backup API (see ``copy_sqlite``)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    s = sqlite3.connect(src)
    try:
        return copy_sqlite(s, dest)
    finally:
        s.close()


def backup_name(path: Path, rev: str | None) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    return path.with_name(f"{path.name}.{rev or 'none'}.{stamp}.bak")


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """One transaction holding the database's write lock (see module docstring)."""
    conn = engine.connect().execution_options(tasplus_write=True)
    sqlite = engine.dialect.name == "sqlite"
    raw = conn.connection.driver_connection if sqlite else None
    try:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or SQLite ignores it
        with conn.begin():
            if sqlite:
                yield conn
                bad = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if bad:
                    raise Conflict(msg("error.db.upgrade_breaks", n=len(bad), table=bad[0][0]),
                                   msg("hint.db.upgrade_breaks"))
            else:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
                yield conn
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = ON")
        conn.close()


def upgrade(engine: Engine, url: str | None = None, revision: str = "head") -> Upgrade:
    """Migrate to ``revision`` under the write lock, backing up a SQLite file that holds data."""
    from alembic import command

    from tasplus_cli.store.db import sqlite_path

    path = sqlite_path(url) if url else None
    with _locked(engine) as conn:
        old = _revision(conn)
        check_known(old)
        target = HEAD if revision == "head" else revision
        if old == target:
            return Upgrade(old, old, None)
        backup = None
        if path is not None and inspect(conn).get_table_names():
            backup = backup_sqlite(path, backup_name(path, old))
        command.upgrade(alembic_config(conn), revision)
        new = _revision(conn)
    return Upgrade(old, new, backup)


def ensure_head(engine: Engine, url: str) -> Path | None:
    """Migrate to head if needed; return the backup taken, if any."""
    rev = current_revision(engine)
    if rev == HEAD:
        return None
    check_known(rev)
    return upgrade(engine, url).backup
