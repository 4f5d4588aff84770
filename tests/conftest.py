"""Every test gets its own TASPLUS_HOME (config and database in a temp folder).

Two backends, one suite (README "Tests"):
- by default each test's database is ``$TASPLUS_HOME/tasplus.db`` (SQLite);
- with ``TASPLUS_TEST_DB=postgresql+psycopg://user@host/postgres`` (a server
  where that role may ``CREATE DATABASE``) each test gets a fresh PostgreSQL
  database, dropped afterwards, and ``TASPLUS_DB`` points at it. It holds no
  rows: a copy of a template that tasplus's own migrations brought to head
  once per session (cloning costs a fifth of migrating); tests that ask for
  ``db_url`` get a truly empty database and so migrate it themselves.

Tests about the SQLite file itself (permissions, WAL, --db paths) ask for the
``sqlite_db`` fixture, which points ``TASPLUS_DB`` at the SQLite file in both
runs, so nothing is skipped.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def tasplus_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("TASPLUS_HOME", str(home))
    monkeypatch.setenv("TASPLUS_USER", "tester")
    for var in ("TASPLUS_DB", "TASPLUS_LANG", "TASPLUS_NO_INPUT", "TASPLUS_DEBUG", "NO_COLOR",
                "TASPLUS_BUSY_TIMEOUT_MS", "TASPLUS_TODAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return home


@pytest.fixture(scope="session")
def pg_server():
    """An AUTOCOMMIT engine on the TASPLUS_TEST_DB server, or None for SQLite runs."""
    server = os.environ.get("TASPLUS_TEST_DB")
    if not server:
        yield None
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(server)
    if url.get_backend_name() != "postgresql":
        raise pytest.UsageError("TASPLUS_TEST_DB must be a postgresql+psycopg:// URL of a server")
    engine = create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def _create(server, name: str, template: str) -> str:  # noqa: ANN001
    from sqlalchemy import text

    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\''))
    return server.url.set(database=name).render_as_string(hide_password=False)


def _drop(server, name: str) -> None:  # noqa: ANN001
    from sqlalchemy import text

    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_template(pg_server):
    """A database at head, made by tasplus's migrations, to clone per test (PostgreSQL runs)."""
    if pg_server is None:
        yield None
        return
    from tasplus_cli.store.db import make_engine
    from tasplus_cli.store.migrate import ensure_head

    name = f"tasplus_template_{os.getpid()}"
    url = _create(pg_server, name, "template0")
    engine = make_engine(url, write=True)
    ensure_head(engine, url)
    engine.dispose()
    yield name
    _drop(pg_server, name)


@pytest.fixture(autouse=True)
def tasplus_db(request, tasplus_home, pg_server, pg_template, monkeypatch):
    """The test's database URL; on PostgreSQL a fresh database exported as TASPLUS_DB."""
    if pg_server is None:
        yield f"sqlite:///{tasplus_home / 'tasplus.db'}"
        return
    name = f"tasplus_test_{os.getpid()}_{next(_counter)}"
    empty = "db_url" in request.fixturenames
    url = _create(pg_server, name, "template0" if empty else pg_template)
    monkeypatch.setenv("TASPLUS_DB", url)
    yield url
    _drop(pg_server, name)


@pytest.fixture
def db_url(tasplus_db):
    return tasplus_db


@pytest.fixture
def sqlite_db(tasplus_home, monkeypatch) -> Path:
    """Force this test onto the SQLite file ``$TASPLUS_HOME/tasplus.db`` (both runs)."""
    path = tasplus_home / "tasplus.db"
    monkeypatch.setenv("TASPLUS_DB", str(path))
    return path
