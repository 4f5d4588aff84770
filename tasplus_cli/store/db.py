"""Engines, sessions and automatic migration, for a SQLite file or a PostgreSQL server.

Invariants:
- Every SQLite connection runs ``foreign_keys=ON`` and a busy timeout, and a
  writable file WAL; a write session runs ``PRAGMA optimize`` before it commits (``sqlite_open.optimize``);
  write sessions begin with ``BEGIN IMMEDIATE`` so two writers queue instead
  of failing half-way; read sessions begin deferred. A connection's
  ``tasplus_write`` execution option overrides the engine's default (the
  migration runner uses it to lock before it reads the revision).
- PostgreSQL (``postgresql+psycopg://user@host/db``; plain ``postgresql://``
  means the same driver) runs the same migrations; ``lock_timeout`` is the
  busy timeout, so a lock wait, a deadlock or a serialization failure is
  ``Busy`` like a locked SQLite file. The password comes from the URL in
  ``TASPLUS_DB``, ``PGPASSWORD`` or ``~/.pgpass`` (libpq reads the last two).
- One session per command = one transaction: commit at the end, roll back on
  any exception, so a failed command writes nothing. The session's
  ``info["write"]`` says whether it is a write session (``records.writing``).
- PostgreSQL runs at READ COMMITTED; writers of one record take turns through
  ``records.for_change`` (row locks) and ``records.claim_name``. A unique
  violation that still escapes (another writer inserted the same key first) is
  a ``Conflict`` (exit 1), never an internal error.
- A database is migrated to head when opened (backup first when it already
  holds data); new databases come from the migrations, never ``create_all``.
  A command that only reads never creates one (``NotFound``, hint ``init``).
- Files (docs/files.md, ``store.sqlite_open``): tasplus changes only what it
  created; a file this user cannot write is opened read-only, and only read;
  a session that read a snapshot (``immutable``) of a file written meanwhile
  ends ``Busy``, before the command shows anything.
- "database is locked" after the busy timeout (``TASPLUS_BUSY_TIMEOUT_MS``,
  default 30 s) becomes ``Busy`` (exit 3); a database that cannot be opened
  (server down, login refused, driver missing, unreadable or not SQLite) is
  ``Unavailable`` (exit 1); a SQLite file or PostgreSQL database holding
  another program's tables is refused by ``migrate.ensure_head``.
- No message carries a password: URLs go through ``redact``, driver messages
  through ``_reason``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError
from sqlmodel import Session

from tasplus_cli.domain.errors import Busy, Conflict, InvalidValue, TasplusError
from tasplus_cli.messages import command, msg

BUSY_TIMEOUT_MS = 30_000
MAX_BUSY_TIMEOUT_MS = 86_400_000  # 24 hours
CONNECT_TIMEOUT_S = 10
# lock_not_available (lock_timeout), serialization_failure, deadlock_detected
_PG_BUSY = {"55P03", "40001", "40P01"}
_PG_UNIQUE = "23505"


class Unavailable(TasplusError):
    """The database cannot be opened; exit 1 like other fixable errors.

    Not in ``domain.errors`` because only the store can tell (and it is about
    the machine, not the method); ``cli/errors`` handles every ``TasplusError``.
    """


def to_url(target: str) -> str:
    """A database URL from a ``--db`` value: a URL is kept, a path becomes sqlite."""
    if "://" in target:
        return target
    path = Path(os.path.abspath(Path(target).expanduser()))
    return f"sqlite:///{path.parent.resolve() / path.name}"  # a link as the file itself stays visible


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError):
        raise InvalidValue(msg("error.db.not_a_url"), msg("hint.db.url")) from None


def backend(url: str) -> str:
    """``sqlite`` or ``postgresql`` (others are refused by ``make_engine``)."""
    return _parse(url).get_backend_name()


def sqlite_path(url: str) -> Path | None:
    u = _parse(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<database url>"


def busy_timeout_ms() -> int:
    """``TASPLUS_BUSY_TIMEOUT_MS`` checked: whole ASCII digits, at most ``MAX_BUSY_TIMEOUT_MS``
    (SQLite and PostgreSQL keep it in a 32-bit int: a bigger value would wrap, not wait longer)."""
    from tasplus_cli import envvars

    raw = (envvars.busy_timeout_ms() or "").strip()
    if not raw:
        return BUSY_TIMEOUT_MS
    if not (raw.isascii() and raw.isdigit()):
        raise InvalidValue(msg("error.db.busy_timeout", raw=repr(raw)), msg("hint.db.busy_timeout"))
    if int(raw) > MAX_BUSY_TIMEOUT_MS:
        raise InvalidValue(msg("error.db.busy_timeout_long", raw=raw, max=MAX_BUSY_TIMEOUT_MS),
                           msg("hint.db.busy_timeout"))
    return int(raw)


def read_only(engine: Engine) -> bool:
    """Whether ``make_engine`` opened the database read-only (a file this user cannot write)."""
    opening = engine.get_execution_options().get("tasplus_opening")
    return opening is not None and opening.mode != "rw"


def _check_snapshot(engine: Engine) -> None:
    """``Busy`` when the engine read a snapshot of a file written meanwhile (``store.sqlite_open``)."""
    opening = engine.get_execution_options().get("tasplus_opening")
    if opening is not None:
        from tasplus_cli.store.sqlite_open import check_unchanged

        check_unchanged(opening)


def _switch_to_wal(cur, write: bool) -> bool:  # noqa: ANN001
    """Whether this file may be switched to WAL (a write to its header): a tasplus database, or
    an empty one a command that writes is about to fill; never another program's file (which
    ``ensure_head`` then refuses) nor an empty file a read only looks at."""
    tables = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return "alembic_version" in tables or (write and not tables)


def _wal(cur, timeout_ms: int) -> None:  # noqa: ANN001
    """Switch to WAL. A file still in rollback mode (an old or restored one) needs an exclusive lock
    for that, and SQLite answers "locked" at once, without its busy handler, while another process
    reads it: retry until the busy timeout instead of failing the command."""
    import sqlite3
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def make_engine(url: str, write: bool = False) -> Engine:
    """An engine with the connection rules above; does not connect or migrate."""
    u = _parse(url)
    name = u.get_backend_name()
    if name == "sqlite":
        return _sqlite_engine(url, write)
    if name == "postgresql":
        return _postgres_engine(u)
    raise InvalidValue(msg("error.db.backend", backend=name, url=redact(url)), msg("hint.db.backend"))


def _sqlite_engine(url: str, write: bool) -> Engine:
    path = sqlite_path(url)
    timeout = busy_timeout_ms()
    mode = "rw"
    if path is None:
        engine = create_engine(url, connect_args={"timeout": timeout / 1000})
    else:
        from tasplus_cli.store.sqlite_open import connector, prepare

        opening = prepare(path, write)
        mode = opening.mode
        engine = create_engine(url, creator=connector(opening, timeout), execution_options={"tasplus_opening": opening})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        cur.execute("PRAGMA foreign_keys = ON")
        if mode == "rw" and _switch_to_wal(cur, write):
            _wal(cur, timeout)
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        immediate = conn.get_execution_options().get("tasplus_write", write)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgres_engine(u: URL) -> Engine:
    if u.drivername == "postgresql":
        u = u.set(drivername="postgresql+psycopg")
    if u.drivername != "postgresql+psycopg":
        raise InvalidValue(msg("error.db.driver", driver=u.drivername), msg("hint.db.driver"))
    options = f"-c lock_timeout={max(busy_timeout_ms(), 1)}"
    if u.query.get("options"):
        options = f"{u.query['options']} {options}"
    try:
        return create_engine(u, connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                                              "application_name": "tasplus", "options": options})
    except ImportError:
        raise Unavailable(msg("error.db.no_driver"), msg("hint.db.no_driver")) from None


def _reason(exc: BaseException, url: str) -> str:
    """The driver's first line, without the password should a driver ever echo it."""
    orig = getattr(exc, "orig", None) or exc
    text = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    password = _parse(url).password
    return text.replace(str(password), "***") if password else text


def _is_busy(exc: DatabaseError) -> bool:
    state = getattr(exc.orig, "sqlstate", None)
    if state in _PG_BUSY:
        return True
    text = str(exc.orig if exc.orig is not None else exc).lower()
    return isinstance(exc, OperationalError) and state is None and ("database is locked" in text or "busy" in text)


def _is_unique(exc: IntegrityError) -> bool:
    state = getattr(exc.orig, "sqlstate", None)
    return state == _PG_UNIQUE or (state is None and "UNIQUE constraint failed" in str(exc.orig))


def busy_error() -> Busy:
    return Busy(msg("error.db.busy"), msg("hint.db.busy", ms=busy_timeout_ms()))


def check_open(engine: Engine, url: str) -> None:
    """Connect once (the pool keeps it): turn "cannot open" into ``Unavailable``."""
    try:
        with engine.connect():
            pass
    except DatabaseError as e:
        if _is_busy(e):
            raise busy_error() from None
        path = sqlite_path(url)
        if path is not None and read_only(engine):
            raise Unavailable(msg("error.db.cannot_open_as", path=path, reason=_reason(e, url)),
                              msg("hint.db.read_only_wal")) from None
        if path is not None:
            raise Unavailable(msg("error.db.cannot_open_as", path=path, reason=_reason(e, url)),
                              msg("hint.db.cannot_open_as", command=command("db", "restore"))) from None
        raise Unavailable(msg("error.db.cannot_connect", url=redact(url), reason=_reason(e, url)),
                          msg("hint.db.pg")) from None


@contextmanager
def session(url: str, write: bool = False, migrate: bool = True) -> Iterator[Session]:
    """One transaction over the store: commit on success, roll back on error."""
    engine = make_engine(url, write=write)
    try:
        check_open(engine, url)
        if migrate:
            from tasplus_cli.store.migrate import ensure_head

            ensure_head(engine, url, create=write)
        with Session(engine, expire_on_commit=False, info={"write": write}) as s:
            try:
                yield s
                if write and engine.dialect.name == "sqlite" and s.in_transaction():  # not after a rollback (--dry-run, refused rows)
                    from tasplus_cli.store.sqlite_open import optimize

                    optimize(s.connection())
                s.commit()
            except BaseException:
                s.rollback()
                raise
        _check_snapshot(engine)
    except DatabaseError as e:
        _check_snapshot(engine)  # a snapshot written under it may read as damaged: say busy instead
        if isinstance(e, OperationalError) and _is_busy(e):
            raise busy_error() from None
        path = sqlite_path(url)
        if isinstance(e, OperationalError) and path is not None and "readonly" in str(e.orig).lower():
            # the file or its folder changed meanwhile
            raise Unavailable(msg("error.db.read_only", path=path), msg("hint.db.read_only")) from None
        if isinstance(e, IntegrityError) and _is_unique(e):
            raise Conflict(msg("error.db.unique"), msg("hint.db.unique")) from None
        raise
    finally:
        engine.dispose()
