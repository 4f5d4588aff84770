"""Running the Alembic migrations shipped with tasplus.

The Alembic config is built in code from the package path (``_migrations``
inside an installed wheel, top-level ``migrations/`` in a checkout). Opening a
database compares its revision with ``HEAD`` by one plain query and imports
Alembic (slow) only when an upgrade is due; a database that already holds
data is backed up first (SQLite online backup API, file mode 0600).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from tasplus_cli.domain.errors import Conflict

HEAD = "0002"  # tests/store/test_migrations.py checks this equals the script head


def migrations_dir() -> Path:
    pkg = Path(__file__).resolve().parent.parent
    for candidate in (pkg / "_migrations", pkg.parent / "migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise FileNotFoundError("tasplus migrations are missing from this installation")


def alembic_config(connection=None):  # noqa: ANN001
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _holds_data(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def backup_sqlite(src: Path, dest: Path) -> Path:
    """Copy a live SQLite database with the online backup API; dest is 0600."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(dest, 0o600)
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    s.close()
    d.close()
    return dest


def ensure_head(engine: Engine, url: str) -> Path | None:
    """Migrate to head if needed; return the backup taken, if any."""
    rev = current_revision(engine)
    if rev == HEAD:
        return None
    backup = None
    from tasplus_cli.store.db import sqlite_path

    path = sqlite_path(url)
    if path is not None and _holds_data(engine):
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        backup = backup_sqlite(path, path.with_name(f"{path.name}.{rev or 'none'}.{stamp}.bak"))
    upgrade(engine)
    if current_revision(engine) != HEAD:
        raise Conflict("the database schema is newer than this tasplus", "upgrade tasplus: pip install -U tasplus")
    return backup


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
