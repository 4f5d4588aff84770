"""Where config and data live (CLI.md "Locations").

``TASPLUS_HOME`` puts config and data in one folder (tests use it); otherwise
platformdirs' user config and data dirs. Data dirs are created 0700 because the
database holds customer data.
"""

from __future__ import annotations

import os
from pathlib import Path

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
    """Create ``path`` (and parents) and make it 0700."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def shipped(name: str, marker: str) -> Path:
    """A top-level folder of the project (``migrations``, ``sample_data``): inside an installed wheel
    it is ``tasplus_cli/_<name>``, in a checkout ``<repo>/<name>``; ``marker`` is a file it must hold."""
    pkg = Path(__file__).resolve().parent
    for candidate in (pkg / f"_{name}", pkg.parent / name):
        if (candidate / marker).exists():
            return candidate
    raise FileNotFoundError(f"{name}/{marker} is missing from this tasplus installation")
