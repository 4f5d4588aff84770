"""Where config and data live (CLI.md "Locations"), and how tasplus makes its files there.

``TASPLUS_HOME`` puts config and data in one folder (tests use it); otherwise
platformdirs' user config and data dirs.

Invariants (docs/files.md):
- A folder tasplus creates is made 0700 (the database holds customer data); a
  folder that already exists is never chmod'ed, whoever made it (a shared
  ``TASPLUS_HOME`` with mode 1777 stays 1777).
- Every temporary tasplus makes (``replacing`` here; ``store.sqlite_copies``
  for backups and restores) comes from ``private_temporary``: a new file
  ``.<name>.<16 hex>[.<tag>].tmp`` beside the file it becomes or serves,
  created ``O_CREAT | O_EXCL | O_NOFOLLOW`` and 0600 (``fchmod`` of its own
  descriptor, whatever the umask), so a file or a symbolic link already at
  some name is never opened, followed or reused; it is removed (with the
  companions named) however the block ends: an error, Ctrl-C, a full disk.
- A file is replaced (``replacing``) by writing such a temporary whole, then
  renaming it over the file.
"""

from __future__ import annotations

import errno
import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from tasplus_cli import envvars


def home_override() -> Path | None:
    home = envvars.home()
    return Path(home).expanduser() if home else None


def config_dir() -> Path:
    home = home_override()
    if home:
        return home
    import platformdirs

    return Path(platformdirs.user_config_dir("tasplus", appauthor=False))


def data_dir() -> Path:
    home = home_override()
    if home:
        return home
    import platformdirs

    return Path(platformdirs.user_data_dir("tasplus", appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


def default_db() -> Path:
    return data_dir() / "tasplus.db"


def database_target(flag: str | None, configured: str | None) -> str:
    """The one rule for which database a command uses (CLI.md "Locations"):
    ``--db`` > ``TASPLUS_DB`` > the config's ``database`` > ``<data dir>/tasplus.db``.
    Returns a file path or a URL, as typed."""
    return flag or envvars.database() or configured or str(default_db())


def demo_db() -> Path:
    return data_dir() / "demo.db"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents 0700; folders that exist are left as they are.
    Raises ``OSError``: ``NotADirectoryError`` when ``path`` is something else than a folder."""
    missing = []
    folder = Path(os.path.abspath(path.expanduser()))
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # made by another process meanwhile: not ours to chmod
            continue
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
    return path


_NEW_PRIVATE = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                | getattr(os, "O_CLOEXEC", 0))


@contextmanager
def private_temporary(beside: Path, tag: str = "", companions: tuple[str, ...] = ()) -> Iterator[tuple[Path, int]]:
    """A new private temporary beside ``beside`` and its open descriptor (see the module
    docstring). Creating it raises ``OSError`` before the block runs; when the block ends, however
    it ends, the file and ``<file><companion>`` for each of ``companions`` are removed, then the
    descriptor is closed."""
    tmp = beside.with_name(f".{beside.name}.{secrets.token_hex(8)}{'.' + tag if tag else ''}.tmp")
    fd = os.open(tmp, _NEW_PRIVATE, 0o600)
    try:
        if hasattr(os, "fchmod"):  # our own new file: the umask may have taken the owner's bits
            os.fchmod(fd, 0o600)
        yield tmp, fd
    finally:
        for suffix in ("", *companions):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        os.close(fd)


@contextmanager
def replacing(target: Path) -> Iterator[BinaryIO]:
    """Write ``target`` whole or not at all: a private temporary beside it (see the module
    docstring), renamed over ``target`` when the block ends, removed when it raises."""
    with private_temporary(target) as (tmp, fd):
        with open(fd, "wb", closefd=False) as f:
            yield f
        os.replace(tmp, target)


def shipped(name: str, marker: str) -> Path:
    """A top-level folder of the project (``migrations``, ``sample_data``): inside an installed wheel
    it is ``tasplus_cli/_<name>``, in a checkout ``<repo>/<name>``; ``marker`` is a file it must hold."""
    pkg = Path(__file__).resolve().parent
    for candidate in (pkg / f"_{name}", pkg.parent / name):
        if (candidate / marker).exists():
            return candidate
    raise FileNotFoundError(f"{name}/{marker} is missing from this tasplus installation")
