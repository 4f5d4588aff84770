"""How tasplus opens a SQLite database file: the one rule for which files it may write and how it
reads the others, for every command (``store.db``), for ``db backup|restore|doctor``
(``opened``) and for completion (docs/files.md "Read-only databases").

Invariants:
- SQLite never creates a file: connections use ``mode=rw`` or ``mode=ro`` URIs. A new database
  is created here, by tasplus, 0600, with ``O_CREAT | O_EXCL | O_NOFOLLOW`` (never through a
  link or over a file that appeared meanwhile), and only for a command that writes; its
  missing folders are created 0700. A command that only reads a missing database gets
  ``NotFound``. The mode of a file or folder that exists is never changed.
- ``writable``: the file grants some write bit (0400 and 0444 are read-only even for root),
  ``os.access`` lets this user write it, and its folder takes new files (the -wal and -shm).
  Anything else is read-only: a command that writes is refused (``Unavailable``) before anything
  happens.
- ``for_reading`` is how a reader that writes nothing opens a file: a read-only database, a file
  tasplus reads but does not own (the backup ``db restore`` checks), and completion. With a -wal
  or -journal beside it (its owner is using it) it is opened ``mode=ro``, through the -shm that
  sees the last commits, and ``connect`` reads it at once (cannot: ``Unavailable`` with the
  reason; locked: ``Busy``). Without, it is an ``immutable=1`` snapshot (a read-only reader
  cannot make the -shm a WAL file needs, and the file then holds every committed transaction),
  and the file must be unchanged when the read ends (``check_unchanged``): written meanwhile is
  ``Busy`` (read it again), never a wrong answer. Either way nothing is created beside it.
- A symbolic link as the database is followed only to an existing SQLite file; to nothing, to
  an empty file or to anything else it is refused (``InvalidValue``), so no link makes tasplus
  create, chmod or fill a file. A file that is not SQLite (or not a file) is refused, left alone.
- Imports nothing heavy at module level: completion uses it on every TAB. The store's errors
  (``store.db``) are imported where one is raised.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import quote

from tasplus_cli.domain.errors import InvalidValue, NotFound
from tasplus_cli.messages import command, msg
from tasplus_cli.paths import ensure_private_dir

_SQLITE_HEADER = b"SQLite format 3\x00"
_IN_USE = ("-wal", "-journal")  # beside a file its owner is writing or has not yet folded in


@dataclass(frozen=True)
class Opening:
    """A database file and how to open it: ``rw``, ``ro`` (through its -wal/-shm) or
    ``immutable`` (a snapshot, with the file's state when it was taken)."""

    path: Path
    mode: str
    before: tuple | None = None

    @property
    def snapshot(self) -> bool:
        return self.mode == "immutable"


def writable(path: Path, st: os.stat_result | None = None) -> bool:
    """Whether this user may write ``path`` and its folder (see the module docstring)."""
    st = st or os.stat(path)
    return bool(st.st_mode & 0o222) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def for_reading(path: Path) -> Opening:
    """How a reader that writes nothing opens ``path`` (see the module docstring)."""
    if any(os.path.lexists(f"{path}{suffix}") for suffix in _IN_USE):
        return Opening(path, "ro")
    return Opening(path, "immutable", _state(path))


def _state(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, *(os.path.lexists(f"{path}{s}") for s in _IN_USE)


def unchanged(o: Opening) -> bool:
    """Whether a snapshot's file is still as it was when the snapshot was taken."""
    return o.before is None or _state(o.path) == o.before


def check_unchanged(o: Opening) -> None:
    """``Busy`` when a snapshot's file was written while it was read: what was read may be wrong."""
    if not unchanged(o):
        from tasplus_cli.store.db import busy_error

        raise busy_error()


# --- the database of a command -------------------------------------------------------------

def _cannot_open(path: Path, e: OSError):  # noqa: ANN202 - store.db.Unavailable
    from tasplus_cli.store.db import Unavailable

    return Unavailable(msg("error.db.cannot_open", path=path, reason=e.strerror or e), msg("hint.db.cannot_open"))


def prepare(path: Path, write: bool) -> Opening:
    """The file a command opens and how. Creates a missing database (and only for a command that
    writes); changes no mode of anything that exists; refuses what is not SQLite, a link that
    does not lead to a database, and a read-only file to a command that writes."""
    from tasplus_cli.store.db import Unavailable

    try:
        st = os.lstat(path)
    except FileNotFoundError:
        if not write:
            raise NotFound(msg("error.db.none_at", path=path), msg("hint.db.init", command=command("init"))) from None
        return _create(path)
    except OSError as e:
        raise _cannot_open(path, e) from None
    try:
        if stat.S_ISLNK(st.st_mode):
            target = Path(os.path.realpath(path))
            if not target.is_file() or _head(target) != _SQLITE_HEADER:
                raise InvalidValue(msg("error.db.symlink", path=path, target=target), msg("hint.db.symlink"))
            path, st = target, os.stat(target)
        if not stat.S_ISREG(st.st_mode) or _head(path) not in (b"", _SQLITE_HEADER):
            raise Unavailable(msg("error.db.not_sqlite", path=path), msg("hint.db.not_sqlite"))
        if writable(path, st):
            return Opening(path, "rw")
        if write:
            raise Unavailable(msg("error.db.read_only", path=path), msg("hint.db.read_only"))
        return for_reading(path)
    except OSError as e:
        raise _cannot_open(path, e) from None


def _head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(len(_SQLITE_HEADER))


def _create(path: Path) -> Opening:
    """A new empty database file, 0600, never through a link or over a file (``O_EXCL``); its
    folder is created 0700 when missing, left as it is otherwise."""
    try:
        if not path.parent.exists():
            ensure_private_dir(path.parent)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600))
    except FileExistsError:  # another process was first, or a link appeared: look at it again
        return prepare(path, write=True)
    except OSError as e:
        raise _cannot_open(path, e) from None
    return Opening(path, "rw")


# --- connections ---------------------------------------------------------------------------

def raw_connect(o: Opening, timeout_ms: int) -> sqlite3.Connection:
    """A connection as ``o`` says, that never creates the file; nothing is read yet."""
    uri = f"file:{quote(str(o.path))}?mode={'rw' if o.mode == 'rw' else 'ro'}"
    if o.snapshot:
        uri += "&immutable=1"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout_ms / 1000)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
    return conn


def connect(o: Opening, timeout_ms: int) -> sqlite3.Connection:
    """``raw_connect``, and a file in use read at once through its -shm (module docstring)."""
    conn = raw_connect(o, timeout_ms)
    if o.mode == "ro":
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as e:
            conn.close()
            from tasplus_cli.store.db import Unavailable, busy_error

            if "locked" in str(e) or "busy" in str(e):
                raise busy_error() from None
            raise Unavailable(msg("error.db.read_only_in_use", path=o.path, reason=e),
                              msg("hint.db.read_only_wal")) from None
    return conn


def connector(o: Opening, timeout_ms: int) -> Callable[[], sqlite3.Connection]:
    """``connect`` as an SQLAlchemy ``creator``."""
    return lambda: connect(o, timeout_ms)


ANALYSIS_LIMIT = 1000  # rows a sampled ANALYZE reads per index (PRAGMA optimize; an import's: SQLite suggests 100 to 1000)


def optimize(conn: Any) -> None:
    """SQLite's advice for a connection about to close: ``PRAGMA optimize``, which analyzes the tables
    this connection's queries would have planned better with statistics (never analyzed, or grown a
    lot since: a database filled command by command, or by a bulk load). Usually a no-op; bounded by
    ``analysis_limit``. ``store.db`` runs it in a write session (``conn``: its SQLAlchemy connection)
    just before the commit: it waits for no one (the transaction holds the write lock), and a
    command that fails changes nothing, not even the statistics."""
    conn.exec_driver_sql(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
    conn.exec_driver_sql("PRAGMA optimize")


# --- a file read by db backup, restore and doctor -------------------------------------------

@dataclass(frozen=True)
class Opened:
    conn: sqlite3.Connection
    opening: Opening

    @property
    def snapshot(self) -> bool:
        return self.opening.snapshot


@contextmanager
def opened(path: Path, live: bool = False) -> Iterator[Opened]:
    """``path`` opened to read. ``live``: the database in use, opened read-write when this user
    may write it, so that closing it tidies its -wal/-shm like any tasplus connection; anything
    else is read as ``for_reading`` says, and a snapshot changed meanwhile is ``Busy``."""
    from tasplus_cli.store.db import busy_timeout_ms

    if not path.is_file():
        raise NotFound(msg("error.db.none_at", path=path), msg("hint.db.init", command=command("init")))
    o = Opening(path, "rw") if live and writable(path) else for_reading(path)
    conn = connect(o, busy_timeout_ms())
    try:
        yield Opened(conn, o)
    except sqlite3.DatabaseError:
        conn.close()
        check_unchanged(o)  # a file written under a snapshot reads as damaged: say busy instead
        raise
    finally:
        conn.close()
    check_unchanged(o)


def journal_mode(o: Opened) -> str:
    """The file's journal mode (a snapshot would say "delete": the header knows)."""
    if not o.snapshot:
        return o.conn.execute("PRAGMA journal_mode").fetchone()[0]
    with open(o.opening.path, "rb") as f:
        header = f.read(20)
    return "wal" if len(header) == 20 and header[18] == 2 else "delete"
