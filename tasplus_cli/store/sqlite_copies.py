"""Copies of SQLite files and the private temporaries they pass through: ``db backup``, the
``.bak`` kept before an upgrade (``migrate``) or a restore, and the copy ``db restore`` checks.
How a file is opened to be copied is ``store.sqlite_open``'s rule.

Invariants:
- A temporary is ``.<name>.<16 hex>.<tag>.tmp`` beside the file it becomes or serves, made by
  ``paths.private_temporary`` (random name, ``O_CREAT | O_EXCL | O_NOFOLLOW``, 0600), and
  ``flock``ed while in use. It is removed with its ``-journal``/``-wal``/``-shm`` however the
  block ends (an error, Ctrl-C). One left by a killed process is unlocked: ``abandoned`` finds
  it, ``sweep`` removes it (backup, restore and the upgrade's backup do, in the folders they
  write to), doctor reports it.
- ``copy_sqlite`` writes only into such a temporary: SQLite's online backup API (never a file
  copy of an open database), one self-contained file (rollback journal, so opening it later
  leaves no -wal beside it), integrity-checked.
- ``copy_to`` links the temporary to its name only when complete and checked, never over an
  existing file: a name never holds half a backup, whoever is killed when.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator

from tasplus_cli.domain.errors import Conflict
from tasplus_cli.messages import command, msg
from tasplus_cli.paths import private_temporary
from tasplus_cli.store.db import Unavailable, busy_error, busy_timeout_ms
from tasplus_cli.store.sqlite_open import Opening, raw_connect

try:
    import fcntl
except ImportError:  # not POSIX: temporaries are never taken for abandoned
    fcntl = None  # type: ignore[assignment]

_TEMPORARY = re.compile(r"^\..+\.[0-9a-f]{16}\.(backup|restore)\.tmp$")
_COMPANIONS = ("-journal", "-wal", "-shm")


# --- temporaries ---------------------------------------------------------------------------

@contextmanager
def temporary(beside: Path, tag: str) -> Iterator[Path]:
    """A new private, locked temporary beside ``beside`` (see the module docstring)."""
    with ExitStack() as stack:
        try:
            tmp, fd = stack.enter_context(private_temporary(beside, tag, _COMPANIONS))
        except OSError as e:
            raise Unavailable(msg("error.db.cannot_write_in", folder=beside.parent, reason=e.strerror),
                              msg("hint.db.cannot_write_in", command=command("db", "backup", "FOLDER"))) from None
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield tmp


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
            for suffix in ("", *_COMPANIONS):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        except OSError:  # not ours to remove: doctor keeps reporting it
            pass
    return found


# --- copies --------------------------------------------------------------------------------

def copy_sqlite(src: sqlite3.Connection, tmp: Path) -> Path:
    """Online backup of ``src`` into ``tmp``, a new empty temporary of ``temporary`` (see the
    module docstring)."""
    d = raw_connect(Opening(tmp, "rw"), busy_timeout_ms())
    try:
        src.backup(d)
        d.execute("PRAGMA journal_mode = DELETE")
        problems = [r[0] for r in d.execute("PRAGMA integrity_check").fetchall()]
    finally:
        d.close()
    if problems != ["ok"]:
        raise Conflict(msg("error.db.copy_damaged", problem=problems[0]), msg("hint.db.doctor"))
    return tmp


def copy_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """Online backup of ``conn`` into the new file ``dest`` (0600, integrity-checked), through a
    temporary linked to ``dest`` only when complete; an existing ``dest`` is never replaced."""
    with temporary(dest, "backup") as tmp:
        try:
            copy_sqlite(conn, tmp)
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
