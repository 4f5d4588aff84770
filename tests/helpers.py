"""Test helpers: run the real Typer app in-process with separate stdout/stderr; factories for
the common records; the whole database as rows; setups built once per session and copied.

Invariants: a test's environment is ``isolated_env`` (its own TASPLUS_HOME, user "tester",
no inherited TASPLUS_* choice); a copied database is exactly what tasplus would have made
(file 0600 in a 0700 folder); nothing here reads outside the repository or the temp folders.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from typer.testing import CliRunner

runner = CliRunner()
_CLEARED = ("TASPLUS_DB", "TASPLUS_LANG", "TASPLUS_NO_INPUT", "TASPLUS_DEBUG", "NO_COLOR", "TASPLUS_BUSY_TIMEOUT_MS",
            "TASPLUS_TODAY")


def isolated_env(mp: pytest.MonkeyPatch, home: Path) -> None:
    """The environment every test starts in: ``home`` as TASPLUS_HOME, nothing inherited."""
    mp.setenv("TASPLUS_HOME", str(home))
    mp.setenv("TASPLUS_USER", "tester")
    for var in _CLEARED:
        mp.delenv(var, raising=False)
    mp.setenv("COLUMNS", "200")


@functools.cache
def _command():
    """The click command tree of the app, built once: Typer's test runner builds it again on
    every call (a third of a command's time in-process); the shell's ``tasplus`` builds it once
    per process, as here."""
    from typer.main import get_command

    from tasplus_cli.cli.app import app

    return get_command(app)


def run(*args: str, input: str | None = None, code: int | None = 0):
    """Invoke ``tasplus ARGS``; assert the exit code when ``code`` is not None."""
    import typer.testing

    from tasplus_cli.cli.app import app

    with mock.patch.object(typer.testing, "_get_command", lambda _app: _command()):
        result = runner.invoke(app, list(args), input=input)
    if code is not None:
        assert result.exit_code == code, (
            f"tasplus {' '.join(args)} exited {result.exit_code}, wanted {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}\nexc: {result.exception!r}")
    return result


def run_json(*args: str):
    return json.loads(run(*args, "--json").stdout)


def _workspace():
    """The API object a command of this test would use (its TASPLUS_HOME / TASPLUS_DB, user, today)."""
    from tasplus_cli.api import Workspace

    return Workspace.from_environment()


def add_account(name: str, **fields: Any) -> str:
    """A new account through the API (``account add``'s fields by name); its code."""
    return _workspace().add_account(name, **fields)["code"]


def add_contact(name: str, account: str, **fields: Any) -> str:
    """A new contact at ``account`` through the API; its code."""
    return _workspace().add_contact(account, name, **fields)["code"]


def add_deal(name: str, account: str, amount: int | str = 1_000_000, **options: Any) -> str:
    """A new deal through the API (``opp new``'s options by name, dates as ``date``); its code."""
    return _workspace().new_deal(name, account=account, amount=amount, **options)["code"]


def assert_clean_error(result, code: int) -> None:
    """One error line (plus an optional hint), no traceback, the right code."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "no message on stderr"
    assert lines[0].startswith("error:") or "Error" in result.stderr, result.stderr


def _dump_url(target) -> str | None:
    """The URL ``dump`` reads: a URL, a SQLite file, or a home folder (then what the CLI would use)."""
    from tasplus_cli.store.db import to_url

    if isinstance(target, str) and "://" in target:
        return target
    path = Path(target)
    if path.is_dir() or not path.suffix:
        env_db = os.environ.get("TASPLUS_DB")
        if env_db:
            return to_url(env_db)
        path = path / "tasplus.db"
    return to_url(str(path)) if path.exists() else None


def rows(target) -> dict[str, list[tuple]]:
    """Every table's rows, ordered by primary key: {table: [row, ...]} (read only)."""
    from sqlalchemy import MetaData, create_engine, select

    url = _dump_url(target)
    if url is None:
        return {}
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        meta = MetaData()
        with engine.connect() as conn:
            meta.reflect(conn)
            out = {}
            for name in sorted(meta.tables):
                table = meta.tables[name]
                order = list(table.primary_key.columns) or list(table.columns)
                out[name] = [tuple(r) for r in conn.execute(select(table).order_by(*order))]
            return out
    finally:
        engine.dispose()


def dump(home) -> str:
    """The whole database as deterministic text, to prove a failed command wrote nothing.

    ``home``: the test's home folder (the database the CLI uses: TASPLUS_DB, else
    ``home/tasplus.db``), a SQLite file, or a URL. Works on SQLite and PostgreSQL.
    """
    lines = []
    for name, table_rows in rows(home).items():
        lines.append(f"-- {name}")
        lines.extend(repr(r) for r in table_rows)
    return "\n".join(lines)


# --- databases for tests: migrate, copy, clone (conftest's fixtures use these) --------------

def migrate(url: str) -> None:
    """Bring the database at ``url`` to head with tasplus's own migration code."""
    from tasplus_cli.store.db import make_engine
    from tasplus_cli.store.migrate import ensure_head

    engine = make_engine(url, write=True)
    try:
        ensure_head(engine, url)
    finally:
        engine.dispose()


def install_sqlite(source: Path, path: Path) -> Path:
    """Copy a closed SQLite file to ``path`` as tasplus would have made it: 0600 in a 0700 folder."""
    from tasplus_cli.paths import ensure_private_dir

    if not path.parent.exists():
        ensure_private_dir(path.parent)
    shutil.copyfile(source, path)
    os.chmod(path, 0o600)
    return path


def create_pg(server, name: str, template: str) -> str:
    """(Re)create PostgreSQL database ``name`` as a copy of ``template``; its URL."""
    from sqlalchemy import text

    drop_pg(server, name)
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\''))
    return server.url.set(database=name).render_as_string(hide_password=False)


def drop_pg(server, name: str) -> None:
    """Drop database ``name`` even if a session or an autovacuum worker is still on it.

    ``WITH (FORCE)`` ends other sessions, but a role without ``pg_signal_backend`` may not end
    an autovacuum worker (its role is none of ours); a plain ``DROP`` stops that worker itself,
    so it is the fallback, retried while a closing session lets go.
    """
    import time

    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for attempt in range(50):
        force = " WITH (FORCE)" if attempt % 2 == 0 else ""
        try:
            with server.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"{force}'))
            return
        except DBAPIError:
            if attempt == 49:
                raise
            time.sleep(0.1)


class Prebuilt:
    """Setups built once per session, then copied into each test that asks for them.

    A setup is keyed by its builder function (or "demo") and the TASPLUS_* choices in force (today,
    language, user; not home or database), so two tests that pin different days never share
    one. It is built in a home of its own on the backend of the test (a migrated SQLite copy,
    or a clone of the PostgreSQL template) and reaches the test as a file copy or a
    ``CREATE DATABASE … TEMPLATE`` clone.
    """

    def __init__(self, folder: Path, sqlite_template: Path, pg_server=None, pg_template: str | None = None):
        self.folder, self.sqlite_template = folder, sqlite_template
        self.pg_server, self.pg_template = pg_server, pg_template
        self.built: dict[tuple, tuple[Path, str | None, Any]] = {}

    @staticmethod
    def _key(name: object) -> tuple:
        on_pg = os.environ.get("TASPLUS_DB", "").startswith("postgresql")
        chosen = sorted((k, v) for k, v in os.environ.items()
                        if k.startswith("TASPLUS_") and k not in ("TASPLUS_HOME", "TASPLUS_DB"))
        return name, on_pg, tuple(chosen)

    def _build(self, key: tuple, make: Callable[[Path], Any], database: bool = True) -> tuple[Path, str | None, Any]:
        n = len(self.built)
        home = self.folder / f"setup{n}" / "home"
        pg_name = None
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("TASPLUS_HOME", str(home))
            mp.delenv("TASPLUS_DB", raising=False)
            if database and key[1]:
                pg_name = f"tasplus_prebuilt_{os.getpid()}_{n}"
                mp.setenv("TASPLUS_DB", create_pg(self.pg_server, pg_name, self.pg_template))
            elif database:
                install_sqlite(self.sqlite_template, home / "tasplus.db")
            result = make(home)
        self.built[key] = home, pg_name, result
        return self.built[key]

    def install(self, builder: Callable[[], Any], home: Path, url: str) -> Any:
        """Make ``home`` (and the test's database at ``url``) what ``builder()`` left; a copy of its
        result. Call it before the test writes anything: the setup's files replace the test's."""
        key = self._key(builder)  # the function itself: a closure made per test is built per test
        source, pg_name, result = self.built.get(key) or self._build(key, lambda _home: builder())
        if not home.exists():  # PostgreSQL runs: nothing made the home folder yet
            from tasplus_cli.paths import ensure_private_dir

            ensure_private_dir(home)
        for path in sorted(source.rglob("*")):
            target = home / path.relative_to(source)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif path.name.endswith(".db"):
                install_sqlite(path, target)
            else:
                shutil.copy2(path, target)
        if pg_name:
            from sqlalchemy.engine import make_url

            create_pg(self.pg_server, make_url(url).database, pg_name)
        return copy.deepcopy(result)

    def demo(self, path: Path) -> Path:
        """The demo company at ``path``, built by ``tasplus demo`` once per key."""
        key = self._key("demo")
        source, _, _ = self.built.get(key) or self._build(
            key, lambda home: run("demo", "--path", str(home.parent / "demo.db")), database=False)
        return install_sqlite(source.parent / "demo.db", path)

    def close(self) -> None:
        for _, pg_name, _ in self.built.values():
            if pg_name:
                drop_pg(self.pg_server, pg_name)
