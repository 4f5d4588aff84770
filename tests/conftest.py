"""Every test gets its own TASPLUS_HOME (config and database in a temp folder).

``TASPLUS_TEST_DB`` (a PostgreSQL URL) makes the ``db_url`` fixture point at a
server instead of a temp SQLite file; see README "Tests".
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def tasplus_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("TASPLUS_HOME", str(home))
    monkeypatch.setenv("TASPLUS_USER", "tester")
    for var in ("TASPLUS_DB", "TASPLUS_LANG", "TASPLUS_NO_INPUT", "TASPLUS_DEBUG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return home


@pytest.fixture
def db_url(tasplus_home):
    return os.environ.get("TASPLUS_TEST_DB") or f"sqlite:///{tasplus_home / 'tasplus.db'}"
