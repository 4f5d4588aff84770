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
  (``<file>.<rev>.<time>.bak``, 0600) by ``sqlite_copies.copy_to``, as
  ``db backup`` does: the ``.bak`` appears only when complete and checked, so
  an upgrade killed meanwhile leaves no half backup (only an abandoned
  temporary, removed by the next backup). PostgreSQL has transactional DDL
  and no file to copy: back it up with ``pg_dump``.
- On SQLite the upgrade runs with foreign keys off (so batch migrations can
  rebuild tables) and ends with ``PRAGMA foreign_key_check``: a violation
  rolls the whole upgrade back.
- A database whose revision this tasplus does not know is newer than it and
  is never touched.
- Only an empty database or a tasplus one is migrated: tables without
  ``alembic_version`` are another program's (``InvalidValue``, exit 2) or,
  when they are tasplus's own, a damaged database (``Conflict``); both are
  refused before any backup, so nothing is written. A command that only
  reads never creates the tables of an empty database, nor upgrades a file
  it cannot write; an older tasplus schema it can write is upgraded once,
  after its backup, by whichever command opens it first.
"""

from __future__ import annotations

from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.messages import command, msg

HEAD = "0004"  # tests/store/test_migrations.py checks this equals the script head
CORE_TABLES = ("account", "contact", "opportunity", "opp_change")  # in every revision since 0001
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


def _where(url: str | None) -> str:
    from tasplus_cli.store.db import redact, sqlite_path

    return str(sqlite_path(url) or redact(url)) if url else "the database"


def check_foreign(rev: str | None, tables: list[str], url: str | None) -> None:
    """Refuse another program's tables (``InvalidValue``); a damaged tasplus database passes."""
    others = sorted(t for t in tables if t != "alembic_version")
    if rev is not None or not others or set(CORE_TABLES) & set(others):
        return
    shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
    raise InvalidValue(msg("error.db.foreign", where=_where(url), tables=shown), msg("hint.db.foreign"))


def check_schema(rev: str | None, tables: list[str], url: str | None) -> None:
    """Refuse tables that are not a tasplus schema (module docstring); ``rev`` is None here
    only for a database without ``alembic_version``."""
    check_foreign(rev, tables, url)
    if rev is None and set(CORE_TABLES) & set(tables):
        raise Conflict(msg("error.db.no_revision", where=_where(url)),
                       msg("hint.db.no_revision", command=command("db", "restore", "FILE")))


def backup_sqlite(src: Path, dest: Path) -> Path:
    """Copy the live SQLite database ``src`` to the new file ``dest`` (module docstring), after
    removing what killed backups left in its folder."""
    from tasplus_cli.store.db import busy_timeout_ms
    from tasplus_cli.store.sqlite_copies import copy_to, sweep
    from tasplus_cli.store.sqlite_open import Opening, raw_connect

    sweep(dest.parent)
    with closing(raw_connect(Opening(src, "rw"), busy_timeout_ms())) as conn:
        return copy_to(conn, dest)


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
        check_schema(old, inspect(conn).get_table_names(), url)
        target = HEAD if revision == "head" else revision
        if old == target:
            return Upgrade(old, old, None)
        backup = None
        if path is not None and inspect(conn).get_table_names():
            backup = backup_sqlite(path, backup_name(path, old))
        command.upgrade(alembic_config(conn), revision)
        new = _revision(conn)
        gather_statistics(conn)
    return Upgrade(old, new, backup)


def gather_statistics(conn: Connection) -> None:
    """Refresh the query planner's statistics (``ANALYZE``) after the tables changed shape or
    grew a lot: without them SQLite counts activities through the index on their status (most are
    "done") instead of the deal's. Runs inside the caller's write transaction."""
    conn.exec_driver_sql("ANALYZE")


def ensure_head(engine: Engine, url: str, create: bool = True) -> Path | None:
    """Migrate to head if needed; return the backup taken, if any. ``create``: a command that
    writes, which may give an empty database its tables."""
    from tasplus_cli.store.db import Unavailable, read_only

    rev = current_revision(engine)
    if rev == HEAD:
        return None
    check_known(rev)
    with engine.connect().execution_options(tasplus_write=False) as conn:
        check_schema(rev, inspect(conn).get_table_names(), url)
    if rev is None and not create:
        raise NotFound(msg("error.db.empty", where=_where(url)), msg("hint.db.init", command=command("init")))
    if read_only(engine):
        raise Unavailable(msg("error.db.old_read_only", path=_where(url), rev=rev),
                          msg("hint.db.old_read_only", command=command("db", "upgrade")))
    return upgrade(engine, url).backup
