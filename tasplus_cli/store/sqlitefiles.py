"""SQLite files as ``db backup``, ``restore`` and ``doctor`` handle them: opening one to read
(also without write access), private temporaries, and copies that appear only when complete.

Invariants:
- ``opened`` never creates a file. A database the user may not write (or whose folder they may
  not write, so SQLite cannot make its ``-shm``) is read as an immutable snapshot when no
  ``-wal`` is beside it, and the file is checked unchanged afterwards (else ``Busy``: read it
  again); with a ``-wal`` (in use) it is read through that ``-shm`` or refused with the reason.
- A temporary is ``.<name>.<16 hex>.<tag>.tmp`` beside the file it becomes or serves: created
  ``O_CREAT | O_EXCL | O_NOFOLLOW``, 0600, with a random name, and ``flock``ed while in use.
  It is removed with its ``-journal``/``-wal``/``-shm`` however the block ends (an error,
  Ctrl-C). One left by a killed process is unlocked: ``abandoned`` finds it, ``sweep``
  removes it (backup and restore do, in the folders they write to), doctor reports it.
- ``copy_to`` writes a copy into a temporary and links it to its name only when complete and
  checked, never over an existing file: a name never holds half a backup.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from tasplus_cli.domain.errors import Conflict, NotFound
from tasplus_cli.messages import command, msg
from tasplus_cli.store import migrate
from tasplus_cli.store.db import Unavailable, busy_error, busy_timeout_ms

try:
    import fcntl
except ImportError:  # not POSIX: temporaries are never taken for abandoned
    fcntl = None  # type: ignore[assignment]

_TEMPORARY = re.compile(r"^\..+\.[0-9a-f]{16}\.(backup|restore)\.tmp$")
_SIDE_FILES = ("", "-journal", "-wal", "-shm")


@dataclass(frozen=True)
class Opened:
    conn: sqlite3.Connection
    read_only: bool  # no write access: an immutable snapshot (its journal mode read from the header)


def may_write(path: Path) -> bool:
    """Whether this user may write the file and its folder (where SQLite keeps -wal/-shm)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect(path: Path, query: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{quote(str(path))}?{query}", uri=True, timeout=busy_timeout_ms() / 1000)
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    return conn


def _state(path: Path) -> tuple:
    st = path.stat()
    return st.st_ino, st.st_size, st.st_mtime_ns, Path(f"{path}-wal").exists()


@contextmanager
def opened(path: Path, live: bool = False) -> Iterator[Opened]:
    """``path`` opened to read (see the module docstring). ``live``: the database in use, opened
    read-write when allowed so that closing it tidies its -wal/-shm like any tasplus connection."""
    if not path.is_file():
        raise NotFound(msg("error.db.none_at", path=path), msg("hint.db.init", command=command("init")))
    if may_write(path):
        conn = _connect(path, f"mode={'rw' if live else 'ro'}")
        try:
            yield Opened(conn, False)
        finally:
            conn.close()
        return
    if Path(f"{path}-wal").exists():  # in use: readable only through its -shm
        conn = _connect(path, "mode=ro")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as e:
            conn.close()
            raise Unavailable(msg("error.db.read_only_in_use", path=path, reason=e),
                              msg("hint.db.read_only_in_use")) from None
        try:
            yield Opened(conn, False)
        finally:
            conn.close()
        return
    before = _state(path)
    conn = _connect(path, "mode=ro&immutable=1")
    try:
        yield Opened(conn, True)
    finally:
        conn.close()
    if _state(path) != before:  # written while we read a snapshot that assumed it was not
        raise busy_error()


def journal_mode(path: Path, o: Opened) -> str:
    """The file's journal mode (an immutable snapshot says "delete": the header knows)."""
    if not o.read_only:
        return o.conn.execute("PRAGMA journal_mode").fetchone()[0]
    with open(path, "rb") as f:
        header = f.read(20)
    return "wal" if len(header) == 20 and header[18] == 2 else "delete"


# --- temporaries ---------------------------------------------------------------------------

@contextmanager
def temporary(beside: Path, tag: str) -> Iterator[Path]:
    """A new private, locked temporary beside ``beside`` (see the module docstring)."""
    tmp = beside.with_name(f".{beside.name}.{secrets.token_hex(8)}.{tag}.tmp")
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(tmp, flags, 0o600)
    except OSError as e:
        raise Unavailable(msg("error.db.cannot_write_in", folder=tmp.parent, reason=e.strerror),
                          msg("hint.db.cannot_write_in", command=command("db", "backup", "FOLDER"))) from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield tmp
    finally:
        _remove(tmp)
        os.close(fd)  # last: closing a file's descriptor drops this process's SQLite locks on it


def _remove(tmp: Path) -> None:
    for suffix in _SIDE_FILES:
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def _in_use(tmp: Path) -> bool:
    if fcntl is None:
        return True
    try:
        fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return True  # not ours to judge (a link, or unreadable)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def abandoned(folder: Path, name: str | None = None) -> list[Path]:
    """Temporaries in ``folder`` (of the file ``name``, or any) that no running tasplus holds."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [p for p in entries if _TEMPORARY.match(p.name) and (name is None or p.name.startswith(f".{name}."))
            and p.is_file() and not p.is_symlink() and not _in_use(p)]


def sweep(folder: Path) -> list[Path]:
    """Remove the abandoned temporaries of ``folder``; return them."""
    found = abandoned(folder)
    for tmp in found:
        try:
            _remove(tmp)
        except OSError:  # not ours to remove: doctor keeps reporting it
            pass
    return found


# --- copies --------------------------------------------------------------------------------

def copy_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """Online backup of ``conn`` into the new file ``dest`` (0600, integrity-checked), through a
    temporary linked to ``dest`` only when complete; an existing ``dest`` is never replaced."""
    with temporary(dest, "backup") as tmp:
        try:
            migrate.copy_sqlite(conn, tmp)
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise busy_error() from None
            raise
        try:
            os.link(tmp, dest)
        except FileExistsError:
            raise Conflict(msg("error.db.backup_exists", path=dest), msg("hint.db.backup_exists")) from None
        except OSError:  # no hard links on this file system
            if dest.exists():
                raise Conflict(msg("error.db.backup_exists", path=dest), msg("hint.db.backup_exists")) from None
            os.rename(tmp, dest)
    return dest
