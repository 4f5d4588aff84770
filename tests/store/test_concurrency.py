"""Concurrent writers (QUALITY "Concurrent use", docs/team-database.md "Concurrent writers").

Eight processes log 100 activities each and advance their deals, all against
one SQLite file at the same moment, through the real commands (the Typer app
run in each forked process: one engine, one session, one transaction per
command, as from the shell). Every write must land and none may fail with
"database is locked". The many-writers test is about SQLite, so it uses the
``sqlite_db`` fixture in both runs; the held-lock test and the races below run
on the backend of the run (SQLite or PostgreSQL, where READ COMMITTED without
row locks lost updates and turned unique races into internal errors):

- six ``opp advance`` of one deal at once: one path of stage changes, the
  history a chain (each line's old value is the previous line's new one);
- eight processes × 10 ``opp edit --amount``: the amount history is a chain
  and the deal's amount is its last line;
- eight ``account add`` (also contact, competitor) of one name at once: one
  lands, the others get the clean "already exists";
- eight ``opp new`` at once: eight distinct codes.
"""

from __future__ import annotations

import io
import json
import multiprocessing
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
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


# --- races on one record (both backends) ------------------------------------------------

def _racer(commands: list[list[str]], start, out: Path) -> None:  # noqa: ANN001 - runs in a forked process
    tasplus = _tasplus()
    start.wait(60)
    results = []
    for args in commands:
        code, err = tasplus(*args)
        results.append([code, err])
    out.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


def _race(tmp_path: Path, per_process: list[list[list[str]]]) -> list[list[tuple[int, str]]]:
    """Run each process's commands (in order) in its own forked process, all starting at once;
    return each process's (exit code, stderr) per command."""
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    outs = [tmp_path / f"racer-{i}.json" for i in range(len(per_process))]
    procs = [ctx.Process(target=_racer, args=(cmds, start, out)) for cmds, out in zip(per_process, outs)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(600)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    return [[(code, err) for code, err in json.loads(out.read_text(encoding="utf-8"))] for out in outs]


def _assert_chain(lines: list[dict], first: str) -> None:
    """Each history line's old value is the previous line's new one."""
    olds = [h["old"] for h in lines]
    news = [h["new"] for h in lines]
    assert olds == [first] + news[:-1], list(zip(olds, news))


def _assert_clean(code: int, err: str) -> None:
    assert code in (1, 3), (code, err)
    assert err.startswith("error:") and "hint:" in err, err
    assert "internal error" not in err and "Traceback" not in err, err


def test_six_advances_at_once_take_one_path(tmp_path):
    run("account", "add", "瑞康医疗集团")
    run("opp", "new", "影像云平台", "--account", "瑞康医疗集团", "--amount", "100000")  # grade D: no gates
    results = [r for rs in _race(tmp_path, [[["opp", "advance", "OPP-0001"]]] * 6) for r in rs]

    moves = [h for h in run_json("opp", "history", "OPP-0001") if h["field"] == "stage"]
    _assert_chain(moves, "validate")
    assert len(moves) == len({h["new"] for h in moves})  # no stage reached twice: one path
    assert run_json("opp", "show", "OPP-0001")["stage"] == moves[-1]["new"]
    won = [err for code, err in results if code == 0]
    assert len(won) == len(moves)
    printed = [line for err in won for line in err.splitlines() if "→" in line]
    assert len(printed) == len(set(printed)) == len(moves), printed  # each winner said its own move
    for code, err in results:
        if code:
            _assert_clean(code, err)


def test_eight_processes_editing_the_amount_keep_a_chain(tmp_path):
    from tasplus_cli.domain.money import fmt

    run("account", "add", "瑞康医疗集团")
    run("opp", "new", "影像云平台", "--account", "瑞康医疗集团", "--amount", "100000")
    edits = [[["opp", "edit", "OPP-0001", "--amount", str(100_000 + 100 * i + n)] for n in range(1, 11)]
             for i in range(8)]
    results = [r for rs in _race(tmp_path, edits) for r in rs]
    assert [(code, err) for code, err in results if code] == []

    lines = [h for h in run_json("opp", "history", "OPP-0001") if h["field"] == "amount"]
    assert len(lines) == 80
    _assert_chain(lines, fmt(100_000_00, "CNY"))
    deal = run_json("opp", "show", "OPP-0001")
    assert fmt(round(deal["amount"] * 100), deal["currency"]) == lines[-1]["new"]


NAME_RACES = {
    "account": (lambda name: ["account", "add", name], lambda: None, ["account", "list"]),
    "contact": (lambda name: ["contact", "add", name, "--account", "瑞康医疗集团"],
                lambda: run("account", "add", "瑞康医疗集团"), ["contact", "list"]),
    "competitor": (lambda name: ["competitor", "add", name], lambda: None, ["competitor", "list"]),
    "deal": (lambda name: ["opp", "new", name, "--account", "瑞康医疗集团", "--amount", "100000"],
             lambda: run("account", "add", "瑞康医疗集团"), ["opp", "list"]),  # one open deal per name
}


@pytest.mark.parametrize("kind", sorted(NAME_RACES))
def test_eight_adds_of_one_name_at_once_give_one_record_and_clean_errors(kind, tmp_path):
    command, setup, listing = NAME_RACES[kind]
    setup()
    names = ["SameName"] * 8 if kind == "contact" else ["SameName", "SAMENAME"] * 4  # names are case-blind
    results = [r for rs in _race(tmp_path, [[command(name)] for name in names]) for r in rs]

    assert sorted(code for code, _ in results) == [0] + [1] * 7, results
    for code, err in results:
        if code:
            _assert_clean(code, err)
            assert "already" in err, err
    assert len([r for r in run_json(*listing) if r["name"].lower() == "samename"]) == 1


def test_eight_new_deals_at_once_get_distinct_codes(tmp_path):
    run("account", "add", "瑞康医疗集团")
    news = [[["opp", "new", f"项目{i}", "--account", "瑞康医疗集团", "--amount", "100000"],
             ["activity", "log", "--account", "瑞康医疗集团", "--kind", "call", "--summary", f"call {i}"]] for i in range(8)]
    results = [r for rs in _race(tmp_path, news) for r in rs]
    assert [(code, err) for code, err in results if code] == []
    deals = run_json("opp", "list")
    assert len(deals) == 8 and len({d["code"] for d in deals}) == 8
    assert sorted(d["name"] for d in deals) == [f"项目{i}" for i in range(8)]
    assert len({a["code"] for a in run_json("activity", "list")}) == 8


def _one_deal_with_everything() -> None:
    run("account", "add", "瑞康医疗集团")
    run("contact", "add", "王建国", "--account", "瑞康医疗集团")
    run("competitor", "add", "云擎科技")
    run("opp", "new", "影像云平台", "--account", "瑞康医疗集团", "--amount", "100000")
    run("event", "add", "OPP-0001", "监管要求年底前上线")
    run("activity", "log", "OPP-0001", "--kind", "call", "--summary", "回访", "--planned", "--date", "2030-01-01")


ONCE = {  # the same change from six processes at once: it lands once, the others are told why not
    "team": ["opp", "team", "add", "OPP-0001", "陈静"],
    "stakeholder": ["stakeholder", "add", "OPP-0001", "王建国", "--role", "approver"],
    "competitor": ["competitor", "add", "云擎科技", "--opp", "OPP-0001"],
    "event": ["event", "confirm", "EVT-0001"],
    "approve": ["opp", "approve", "OPP-0001"],
    "close": ["opp", "close", "OPP-0001", "--abandoned"],
    "activity": ["activity", "done", "ACT-0001", "--date", "2026-01-01"],
}


@pytest.mark.parametrize("change", sorted(ONCE))
def test_one_change_from_six_processes_lands_once(change, tmp_path):
    _one_deal_with_everything()
    before = run_json("opp", "history", "OPP-0001")
    results = [r for rs in _race(tmp_path, [[ONCE[change]]] * 6) for r in rs]
    assert sorted(code for code, _ in results) == [0] + [1] * 5, results
    for code, err in results:
        if code:
            _assert_clean(code, err)
    after = run_json("opp", "history", "OPP-0001")
    assert len(after) - len(before) <= 2  # one change's line(s), not six (confirming may add a win-rate line)
    assert len(after) > len(before) or change == "activity"


def test_two_people_made_each_others_boss_at_once_make_no_cycle(tmp_path):
    run("account", "add", "瑞康医疗集团")
    run("contact", "add", "王建国", "--account", "瑞康医疗集团")
    run("contact", "add", "刘芳", "--account", "瑞康医疗集团")
    both_ends = [[["contact", "edit", "CON-0001", "--reports-to", "CON-0002"]],
                 [["contact", "edit", "CON-0002", "--reports-to", "CON-0001"]]] * 3
    results = [r for rs in _race(tmp_path, both_ends) for r in rs]
    for code, err in results:
        if code:
            _assert_clean(code, err)
            assert code == 1 and "report" in err, err  # the cycle, not busy: the account is locked first
    bosses = {c["code"]: c["reports_to"] for c in run_json("contact", "list")}
    assert sorted(bosses.values(), key=str) in (["CON-0001", None], ["CON-0002", None]), bosses
