"""Every test gets its own TASPLUS_HOME (config and database in a temp folder).

Two backends, one suite (docs/development.md "Tests"):
- by default each test's database is ``$TASPLUS_HOME/tasplus.db`` (SQLite): a
  copy of a template that tasplus's own migrations brought to head once per
  session, so no test pays for the migrations (copying a file costs nothing);
- with ``TASPLUS_TEST_DB=postgresql+psycopg://user@host/postgres`` (a server
  where that role may ``CREATE DATABASE``) each test gets a fresh PostgreSQL
  database, dropped afterwards, and ``TASPLUS_DB`` points at it: a clone of a
  template migrated to head once per session (cloning costs a fifth of
  migrating).

Either way the database holds no rows. Opting out:
- ``@pytest.mark.fresh_home``: no database file at all (tests about what a
  missing file does: ``init`` creating it 0600 in a 0700 folder, completion
  never creating one, a read on no database);
- a test that asks for ``db_url`` gets a truly empty database (SQLite: no
  file; PostgreSQL: a clone of ``template0``) and so migrates it itself.

Tests about the SQLite file itself (permissions, WAL, --db paths) ask for the
``sqlite_db`` fixture, which points ``TASPLUS_DB`` at the SQLite file in both
runs (the migrated copy unless the test opts out), so nothing is skipped.

Setups built once per session and copied per test: ``prebuilt(builder)`` (any
setup made of commands) and ``demo_db`` (the demo company); factories for the
common records: ``make_account``, ``make_contact``, ``make_deal`` (``helpers``).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import helpers
import pytest
from helpers import Prebuilt, create_pg, drop_pg, install_sqlite, isolated_env, migrate

_counter = itertools.count(1)


def pytest_configure(config):
    config.addinivalue_line("markers", "fresh_home: start with no database file (nothing migrated, nothing copied)")


@pytest.fixture(autouse=True)
def tasplus_home(tmp_path, monkeypatch):
    from tasplus_cli import messages

    home = tmp_path / "home"
    isolated_env(monkeypatch, home)
    messages.set_language("en")  # a command run in-process in Chinese before must not leak into this test
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


@pytest.fixture(scope="session")
def pg_template(pg_server):
    """A database at head, made by tasplus's migrations, to clone per test (PostgreSQL runs)."""
    if pg_server is None:
        yield None
        return
    name = f"tasplus_template_{os.getpid()}"
    migrate(create_pg(pg_server, name, "template0"))
    yield name
    drop_pg(pg_server, name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file at head, made by tasplus's migrations once per session (WAL, no rows)."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "tasplus.db"
    with pytest.MonkeyPatch.context() as mp:
        isolated_env(mp, folder)
        migrate(f"sqlite:///{path}")
    assert sorted(p.name for p in folder.iterdir()) == ["tasplus.db"], "the template left a -wal file behind"
    return path


def is_fresh(request) -> bool:
    """Whether this test opted out of the migrated copy (see the module docstring)."""
    return request.node.get_closest_marker("fresh_home") is not None or "db_url" in request.fixturenames


@pytest.fixture(autouse=True)
def tasplus_db(request, tasplus_home, pg_server, pg_template, monkeypatch):
    """The test's database URL; on PostgreSQL a fresh database exported as TASPLUS_DB."""
    if pg_server is None:
        if not is_fresh(request):
            install_sqlite(request.getfixturevalue("sqlite_template"), tasplus_home / "tasplus.db")
        yield f"sqlite:///{tasplus_home / 'tasplus.db'}"
        return
    name = f"tasplus_test_{os.getpid()}_{next(_counter)}"
    empty = "db_url" in request.fixturenames
    url = create_pg(pg_server, name, "template0" if empty else pg_template)
    monkeypatch.setenv("TASPLUS_DB", url)
    yield url
    drop_pg(pg_server, name)


@pytest.fixture
def db_url(tasplus_db):
    return tasplus_db


@pytest.fixture
def sqlite_db(request, tasplus_home, monkeypatch) -> Path:
    """Force this test onto the SQLite file ``$TASPLUS_HOME/tasplus.db`` (both runs): the
    migrated copy, or no file for a ``fresh_home`` test."""
    path = tasplus_home / "tasplus.db"
    if not is_fresh(request) and not path.exists():  # PostgreSQL runs put no file there
        install_sqlite(request.getfixturevalue("sqlite_template"), path)
    monkeypatch.setenv("TASPLUS_DB", str(path))
    return path


@pytest.fixture(scope="session")
def _prebuilt_store(tmp_path_factory, pg_server, pg_template, sqlite_template):
    store = Prebuilt(tmp_path_factory.mktemp("prebuilt"), sqlite_template, pg_server, pg_template)
    yield store
    store.close()


@pytest.fixture
def prebuilt(_prebuilt_store, tasplus_home, tasplus_db):
    """``prebuilt(builder)``: this test's home and database become what ``builder()`` (a
    module-level function running commands through ``helpers.run``) left, built once per
    session per environment; returns a copy of what it returned."""
    return lambda builder: _prebuilt_store.install(builder, tasplus_home, tasplus_db)


@pytest.fixture
def demo_db(_prebuilt_store, tasplus_home):
    """``demo_db(path=None)``: the demo company (``tasplus demo``, built once per session for this
    test's TASPLUS_TODAY and TASPLUS_LANG) copied to ``path`` (default ``$TASPLUS_HOME/demo.db``)."""
    return lambda path=None: _prebuilt_store.demo(Path(path or tasplus_home / "demo.db"))


@pytest.fixture
def make_account():
    return helpers.add_account


@pytest.fixture
def make_contact():
    return helpers.add_contact


@pytest.fixture
def make_deal():
    return helpers.add_deal
