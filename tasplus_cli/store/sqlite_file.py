"""How tasplus opens a SQLite database file: it changes only what it created (docs/files.md).

Invariants:
- A new database is created by tasplus itself, 0600, with ``O_CREAT | O_EXCL |
  O_NOFOLLOW`` (never through a link or over a file that appeared meanwhile),
  and only for a command that writes; its folder is created 0700 when
  missing. A command that only reads a missing database gets ``NotFound``.
- The mode of a file or folder that exists is never changed. SQLite never
  creates the file itself: connections use ``mode=rw`` or ``mode=ro`` URIs.
- A file that grants no write at all (0400, 0444: honoured even by root),
  that this user cannot write, or whose folder cannot take its -wal, is
  read-only: a command that writes is refused (``Unavailable``), one that
  reads opens it ``mode=ro`` when a -wal or -journal exists (the owner is
  using it; the -shm lets it see the last commits), else ``immutable=1``
  (a read-only reader cannot make the -shm a WAL file needs, and the file
  then holds every committed transaction).
- A symbolic link as the database is followed only to an existing SQLite
  file; to nothing, to an empty file or to anything else it is refused
  (``InvalidValue``), so no link makes tasplus create, chmod or fill a file.
- A file that is not SQLite (or not a file) is refused and left alone.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tasplus_cli.domain.errors import InvalidValue, NotFound
from tasplus_cli.messages import command, msg
from tasplus_cli.paths import ensure_private_dir
from tasplus_cli.store.db import Unavailable

_SQLITE_HEADER = b"SQLite format 3\x00"


def _cannot_open(path: Path, e: OSError) -> Unavailable:
    return Unavailable(msg("error.db.cannot_open", path=path, reason=e.strerror or e),
                       msg("hint.db.cannot_open"))


def prepare(path: Path, write: bool) -> tuple[Path, str]:
    """The file to open and how: ``rw``, ``ro`` or ``immutable`` (module docstring, "Files").
    Creates a missing database (and only for a command that writes); changes no mode of
    anything that exists; refuses what is not SQLite and a link that does not lead to a
    database."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        if not write:
            raise NotFound(msg("error.db.none_at", path=path), msg("hint.db.init", command=command("init"))) from None
        return _create(path, write)
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
    except OSError as e:
        raise _cannot_open(path, e) from None
    if st.st_mode & 0o222 and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK):
        return path, "rw"
    if write:
        raise Unavailable(msg("error.db.read_only", path=path), msg("hint.db.read_only"))
    pending = any(os.path.lexists(f"{path}{suffix}") for suffix in ("-wal", "-journal"))
    return path, "ro" if pending else "immutable"


def _head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(len(_SQLITE_HEADER))


def _create(path: Path, write: bool) -> tuple[Path, str]:
    """A new empty database file, 0600, never through a link or over a file (``O_EXCL``); its
    folder is created 0700 when missing, left as it is otherwise."""
    try:
        if not path.parent.exists():
            ensure_private_dir(path.parent)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600))
    except FileExistsError:  # another process was first, or a link appeared: look at it again
        return prepare(path, write)
    except OSError as e:
        raise _cannot_open(path, e) from None
    return path, "rw"


def connector(path: Path, mode: str, timeout_ms: int):  # noqa: ANN202
    """Connections that never create the file: ``mode=rw``, ``mode=ro``, or ``immutable=1`` for a
    read-only WAL database whose -shm cannot be made (there is no -wal or -journal, so the file
    holds every committed transaction; a writer starting meanwhile may make that read fail)."""
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(str(path))}?mode={'rw' if mode == 'rw' else 'ro'}"
    if mode == "immutable":
        uri += "&immutable=1"
    return lambda: sqlite3.connect(uri, uri=True, timeout=timeout_ms / 1000)
