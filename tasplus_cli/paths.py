"""Where config and data live (CLI.md "Locations"), and how tasplus makes its files there.

``TASPLUS_HOME`` puts config and data in one folder (tests use it); otherwise
platformdirs' user config and data dirs.

Invariants (docs/files.md):
- A folder tasplus creates is made 0700 (the database holds customer data); a
  folder that already exists is never chmod'ed, whoever made it (a shared
  ``TASPLUS_HOME`` with mode 1777 stays 1777).
- A file is replaced through a temporary beside it made by ``mkstemp``: a
  random name, ``O_CREAT | O_EXCL | O_NOFOLLOW``, mode 0600, so a file or a
  symbolic link already at some name is never opened, followed or reused;
  the temporary is removed when the writing fails or is interrupted.
"""

from __future__ import annotations

import os
import tempfile
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
    """Create ``path`` and its missing parents 0700; folders that exist are left as they are."""
    missing = []
    folder = Path(os.path.abspath(path.expanduser()))
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


@contextmanager
def replacing(target: Path) -> Iterator[BinaryIO]:
    """Write ``target`` whole or not at all: a private temporary beside it (see the module
    docstring), moved over ``target`` when the block ends, removed when it raises."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)


def shipped(name: str, marker: str) -> Path:
    """A top-level folder of the project (``migrations``, ``sample_data``): inside an installed wheel
    it is ``tasplus_cli/_<name>``, in a checkout ``<repo>/<name>``; ``marker`` is a file it must hold."""
    pkg = Path(__file__).resolve().parent
    for candidate in (pkg / f"_{name}", pkg.parent / name):
        if (candidate / marker).exists():
            return candidate
    raise FileNotFoundError(f"{name}/{marker} is missing from this tasplus installation")
