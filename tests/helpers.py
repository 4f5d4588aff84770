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


def dump(home) -> str:
    """The whole SQLite database as SQL text, to prove a failed command wrote nothing."""
    import sqlite3

    conn = sqlite3.connect(home / "tasplus.db")
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()
