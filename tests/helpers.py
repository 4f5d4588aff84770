"""Test helpers: run the real Typer app in-process with separate stdout/stderr."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tasplus_cli.cli.app import app

runner = CliRunner()


def run(*args: str, input: str | None = None, code: int | None = 0):
    """Invoke ``tasplus ARGS``; assert the exit code when ``code`` is not None."""
    result = runner.invoke(app, list(args), input=input)
    if code is not None:
        assert result.exit_code == code, (
            f"tasplus {' '.join(args)} exited {result.exit_code}, wanted {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}\nexc: {result.exception!r}")
    return result


def run_json(*args: str):
    return json.loads(run(*args, "--json").stdout)


def assert_clean_error(result, code: int) -> None:
    """One error line (plus an optional hint), no traceback, the right code."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "no message on stderr"
    assert lines[0].startswith("error:") or "Error" in result.stderr, result.stderr


def _dump_url(target) -> str | None:
    """The URL ``dump`` reads: a URL, a SQLite file, or a home folder (then what the CLI would use)."""
    import os
    from pathlib import Path

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
