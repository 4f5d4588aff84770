"""Concurrent writers (QUALITY "Concurrent use").

Eight processes log 100 activities each and advance their deals, all against
one SQLite file at the same moment, through the real commands (the Typer app
run in each forked process: one engine, one session, one transaction per
command, as from the shell). Every write must land and none may fail with
"database is locked". The many-writers test is about SQLite, so it uses the
``sqlite_db`` fixture in both runs; the held-lock test runs on the backend of
the run (SQLite or PostgreSQL).
"""

from __future__ import annotations

import io
import json
import multiprocessing
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from helpers import assert_clean_error, dump, run, run_json
from sqlalchemy import text
from typer.main import get_command

from tasplus_cli.cli.app import app
from tasplus_cli.store.db import session

PROCS, ACTIVITIES, ADVANCE_EVERY = 8, 100, 20
STAGES_AFTER = ["validate", "initiate", "analyze", "present", "tender", "bid"][ACTIVITIES // ADVANCE_EVERY]


def _tasplus():
    """``tasplus ARGS`` in this process → (exit code, stderr); the command tree is built once
    (CliRunner rebuilds it per call, which would dominate 800 calls)."""
    cmd = get_command(app)

    def call(*args: str) -> tuple[int, str]:
        err = io.StringIO()
        with redirect_stdout(io.StringIO()), redirect_stderr(err):
            try:
                code = cmd.main(list(args), prog_name="tasplus", standalone_mode=False)
            except SystemExit as e:
                code = e.code
        return code or 0, err.getvalue()

    return call


def _writer(i: int, start, out: Path) -> None:  # noqa: ANN001 - runs in a forked process
    tasplus = _tasplus()
    start.wait(60)
    deal, problems = f"OPP-{i + 1:04d}", []
    for n in range(ACTIVITIES):
        code, err = tasplus("activity", "log", deal, "--kind", "call", "--summary", f"worker {i} call {n}")
        if code:
            problems.append(f"activity {n}: exit {code}: {err.strip()}")
        if n % ADVANCE_EVERY == ADVANCE_EVERY - 1:
            code, err = tasplus("opp", "advance", deal, "--reason", f"worker {i}")
            if code:
                problems.append(f"advance after {n}: exit {code}: {err.strip()}")
    out.write_text(json.dumps(problems, ensure_ascii=False), encoding="utf-8")


def test_eight_processes_write_at_once_and_every_write_lands(sqlite_db, tmp_path):
    run("account", "add", "瑞康医疗集团")
    for i in range(PROCS):
        run("opp", "new", f"项目{i}", "--account", "瑞康医疗集团", "--amount", "100000")  # grade D: no gates
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    outs = [tmp_path / f"writer-{i}.json" for i in range(PROCS)]
    procs = [ctx.Process(target=_writer, args=(i, start, out)) for i, out in enumerate(outs)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(600)
    assert [p.exitcode for p in procs] == [0] * PROCS
    problems = [line for out in outs for line in json.loads(out.read_text(encoding="utf-8"))]
    assert problems == [], problems[:5]

    acts = run_json("activity", "list")
    assert len(acts) == PROCS * ACTIVITIES
    assert len({a["code"] for a in acts}) == PROCS * ACTIVITIES
    per_worker = Counter(a["summary"].split(" call ")[0] for a in acts)
    assert per_worker == {f"worker {i}": ACTIVITIES for i in range(PROCS)}
    for i in range(PROCS):
        deal = f"OPP-{i + 1:04d}"
        assert run_json("opp", "show", deal)["stage"] == STAGES_AFTER
        moves = [h for h in run_json("opp", "history", deal) if h["field"] == "stage"]
        assert len(moves) == ACTIVITIES // ADVANCE_EVERY
    assert run_json("db", "doctor")["ok"]


def _hold_write_lock(s) -> None:  # noqa: ANN001
    if s.connection().dialect.name == "sqlite":
        return  # the write session's BEGIN IMMEDIATE already holds the lock
    s.exec(text("LOCK TABLE activity IN EXCLUSIVE MODE"))


def test_a_write_that_cannot_get_the_lock_exits_3(db_url, tasplus_home, monkeypatch):
    run("account", "add", "瑞康医疗集团")
    run("opp", "new", "影像云平台", "--account", "瑞康医疗集团", "--amount", "100000")
    before = dump(tasplus_home)
    monkeypatch.setenv("TASPLUS_BUSY_TIMEOUT_MS", "50")
    with session(db_url, write=True) as s:
        _hold_write_lock(s)
        blocked = run("activity", "log", "OPP-0001", "--kind", "call", "--summary", "blocked", code=None)
    assert_clean_error(blocked, 3)
    assert "busy" in blocked.stderr and "TASPLUS_BUSY_TIMEOUT_MS" in blocked.stderr
    assert "locked" not in blocked.stderr.lower().replace("is busy", "")
    assert dump(tasplus_home) == before
    run("activity", "log", "OPP-0001", "--kind", "call", "--summary", "after")  # the lock is gone: it lands
    assert [a["summary"] for a in run_json("activity", "list")] == ["after"]


def test_a_bad_busy_timeout_is_a_clean_error(monkeypatch):
    monkeypatch.setenv("TASPLUS_BUSY_TIMEOUT_MS", "soon")
    assert_clean_error(run("account", "list", code=None), 2)
