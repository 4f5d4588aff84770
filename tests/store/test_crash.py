"""Crash safety (QUALITY "Crashes", issue 7): an import killed half-way
writes nothing.

The real console script imports 100,000 deals (two of them updates of stored
deals) into a SQLite database that already holds an account, people, deals,
a competitor, a compelling event, a survey and an activity. Each row carries
a long note, so the transaction outgrows SQLite's page cache (64 MB during a
big import) and SQLite writes the uncommitted pages to the -wal file well
before the commit: the test waits, by polling, until that file holds pages,
which proves the import is inside its write, then kills or interrupts it.
Afterwards every table holds exactly the rows it held before (``dump``), the
-wal pages were really there, ``PRAGMA integrity_check`` and the foreign-key
check (``db doctor``) are ok, and the database takes the next write.

These are tests of the SQLite file, so they use ``sqlite_db`` in both runs.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import dump, rows, run, run_json

ROWS = 100_000
TODAY = "2026-11-27"
ACCOUNT = "华东省农商银行"
STAGES = ["validate", "initiate", "analyze", "present", "tender", "bid", "negotiate"]
NOTE = "客户希望分期建设：先上核心账务，再上信贷与报表；预算已列入年度计划，需向监管报备。" * 5  # ~200 characters
TIMEOUT_S = 300  # generous: the write starts after a few seconds on an idle machine


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    """100,000 deals of ``ACCOUNT``: the first two update stored deals, the rest are new."""
    path = tmp_path_factory.mktemp("crash") / "opportunities.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "account", "amount", "stage", "close_date", "owner", "grade_reason"])
        w.writerow(["核心系统升级一期", ACCOUNT, 9_000_000, "validate", "2027-09-30", "tester", NOTE])
        w.writerow(["核心系统升级二期", ACCOUNT, 3_000_000, "validate", "2027-09-30", "tester", NOTE])
        for i in range(ROWS - 2):
            w.writerow([f"导入商机 {i:06d}", ACCOUNT, 10_000 + (i * 7919) % 20_000_000, STAGES[i % 7],
                        f"2027-{i % 12 + 1:02d}-{i % 28 + 1:02d}", f"rep{i % 30:02d}", f"{i}: {NOTE}"])
    return path


@pytest.fixture
def stocked(sqlite_db, monkeypatch) -> Path:
    """A SQLite database with a little of everything, made through the CLI."""
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)
    for name in ["王磊", *(f"rep{i:02d}" for i in range(30))]:  # the team the file's owners belong to
        run("user", "add", name)
    run("account", "add", ACCOUNT, "--industry", "banking")
    run("contact", "add", "王建国", "--account", ACCOUNT, "--title", "行长")
    run("contact", "add", "孙悦", "--account", ACCOUNT, "--reports-to", "王建国")
    run("opp", "new", "核心系统升级一期", "--account", ACCOUNT, "--amount", "600万", "--close-date", "2027-06-30")
    run("opp", "new", "核心系统升级二期", "--account", ACCOUNT, "--amount", "200万")
    run("competitor", "add", "翼辰软件", "--opp", "OPP-0001")
    run("event", "add", "OPP-0001", "监管要求2027年底前完成改造", "--kind", "regulation", "--confirmed")
    run("survey", "run", "OPP-0001", "--inside-source", "yes", "--source-contact", "孙悦", "--our-fit", "4",
        "--our-closeness", "4", "--competitor", "翼辰软件=5,3", "--reviewed-by", "王磊")
    run("activity", "log", "OPP-0001", "--kind", "call", "--with", "王建国", "--summary", "电话沟通方案")
    return sqlite_db


def _start_import(csv_path: Path) -> subprocess.Popen:
    """``tasplus import opportunities FILE`` through the installed console script."""
    script = Path(sys.executable).with_name("tasplus")
    assert script.exists(), f"the console script is not installed next to {sys.executable}"
    return subprocess.Popen(
        [str(script), "import", "opportunities", str(csv_path)], env=dict(os.environ),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        # a shell's Ctrl-C reaches a process whose SIGINT is at its default, whatever pytest inherited
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _wait_until_writing(proc: subprocess.Popen, wal: Path) -> None:
    """Poll until uncommitted pages of the import reach the -wal file (no fixed sleeps)."""
    deadline = time.monotonic() + TIMEOUT_S
    while _size(wal) == 0:
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the import ended (exit {proc.returncode}) before it wrote a page:\n{err.decode()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            pytest.fail(f"no page reached {wal.name} within {TIMEOUT_S} s")
        time.sleep(0.001)


def _counts(home: Path) -> dict[str, int]:
    return {table: len(table_rows) for table, table_rows in rows(home).items()}


def _assert_as_before(home: Path, before: str, counts: dict[str, int]) -> None:
    assert _counts(home) == counts
    assert dump(home) == before
    doctor = json.loads(run("db", "doctor", "--json", code=None).stdout)
    checks = {c["check"]: c for c in doctor["checks"]}
    assert checks["integrity"]["status"] == "ok", checks["integrity"]
    assert checks["foreign keys"]["status"] == "ok", checks["foreign keys"]


def _import_interrupted(db: Path, csv_path: Path, sig: signal.Signals) -> subprocess.CompletedProcess:
    wal = db.with_name(db.name + "-wal")
    assert _size(wal) == 0, "a -wal file with pages before the import would make the wait meaningless"
    proc = _start_import(csv_path)
    _wait_until_writing(proc, wal)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=TIMEOUT_S)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out.decode(), err.decode())


def _next_write_lands() -> None:
    run("opp", "new", "崩溃之后的新商机", "--account", ACCOUNT, "--amount", "100000")
    assert [d["code"] for d in run_json("opp", "list")] == ["OPP-0001", "OPP-0002", "OPP-0003"]


def test_sigkill_mid_import_leaves_every_row_as_it_was(stocked, tasplus_home, big_csv):
    before, counts = dump(tasplus_home), _counts(tasplus_home)
    assert counts["opportunity"] == 2 and counts["survey"] == 1 and counts["activity"] == 1

    done = _import_interrupted(stocked, big_csv, signal.SIGKILL)

    assert done.returncode == -signal.SIGKILL
    wal = stocked.with_name(stocked.name + "-wal")
    assert _size(wal) > 0, "the killed import left no pages in the -wal file: it was not inside its write"
    _assert_as_before(tasplus_home, before, counts)
    _next_write_lands()


def test_ctrl_c_mid_import_exits_130_and_writes_nothing(stocked, tasplus_home, big_csv):
    before, counts = dump(tasplus_home), _counts(tasplus_home)

    done = _import_interrupted(stocked, big_csv, signal.SIGINT)

    assert done.returncode == 130, (done.returncode, done.stderr[-2000:])
    assert done.stderr.strip().splitlines() == ["error: cancelled; nothing was written"]
    assert "Traceback" not in done.stderr and done.stdout == ""
    _assert_as_before(tasplus_home, before, counts)
    _next_write_lands()
