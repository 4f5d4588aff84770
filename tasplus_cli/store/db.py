"""Engines, sessions and automatic migration.

Invariants:
- Every SQLite connection runs ``foreign_keys=ON``, WAL and a busy timeout;
  write sessions begin with ``BEGIN IMMEDIATE`` so two writers queue instead
  of failing half-way; read sessions begin deferred.
- One session per command = one transaction: commit at the end, roll back on
  any exception, so a failed command writes nothing.
- A database is migrated to head when opened (backup first when it already
  holds data); new databases come from the migrations, never ``create_all``.
- The data dir is 0700 and the database file 0600.
- "database is locked" after the busy timeout becomes ``Busy`` (exit 3).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from tasplus_cli.domain.errors import Busy, InvalidValue
from tasplus_cli.paths import ensure_private_dir

BUSY_TIMEOUT_MS = 30_000


def to_url(target: str) -> str:
    """A database URL from a ``--db`` value: a URL is kept, a path becomes sqlite."""
    if "://" in target:
        return target
    path = Path(target).expanduser().resolve()
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<database url>"


def _prepare_file(path: Path) -> None:
    ensure_private_dir(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)


def make_engine(url: str, write: bool) -> Engine:
    """An engine with the connection rules above; does not migrate."""
    path = sqlite_path(url)
    if path is not None:
        _prepare_file(path)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        timeout = int(os.environ.get("TASPLUS_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS))

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # noqa: ANN001
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {int(timeout)}")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # noqa: ANN001
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    try:
        return create_engine(url, pool_pre_ping=False)
    except (ImportError, ArgumentError, NoSuchModuleError) as e:
        raise InvalidValue(f"cannot use database {redact(url)}: {type(e).__name__}",
                           "for PostgreSQL install tasplus[postgres]; check the URL") from None


def _is_locked(exc: OperationalError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return "locked" in text or "busy" in text


@contextmanager
def session(url: str, write: bool = False, migrate: bool = True) -> Iterator[Session]:
    """One transaction over the store: commit on success, roll back on error."""
    engine = make_engine(url, write=write)
    try:
        if migrate:
            from tasplus_cli.store.migrate import ensure_head

            ensure_head(engine, url)
        with Session(engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise
    except OperationalError as e:
        if _is_locked(e):
            raise Busy("the database is busy: another tasplus process is writing to it",
                       "try again in a moment; set TASPLUS_BUSY_TIMEOUT_MS to wait longer") from None
        raise
    finally:
        engine.dispose()
