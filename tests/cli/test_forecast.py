"""``tasplus forecast`` and ``tasplus target`` (issue: the manager's week, item 4): periods by
close date, forecast categories, targets, the manager's call, coverage and gap; the team's
numbers equal sums computed here from ``opp list --json`` and ``target list --json``."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import assert_clean_error, dump, run, run_json
from tasplus_cli.defaults import DEFAULT_STAGES

PROBABILITY = {s["key"]: s["probability"] for s in DEFAULT_STAGES}


def add_users(**managers: str | None) -> None:
    """Users with their managers, written directly (``user add`` is another command's business)."""
    from tasplus_cli.api import Workspace
    from tasplus_cli.store.models import AppUser
    from tasplus_cli.store.users import find_user

    with Workspace.from_environment().session(write=True) as s:
        for name, boss in managers.items():
            if find_user(s, name) is None:
                s.add(AppUser(name=name, manager=boss))


# --- the demo team: the numbers are the sums of the deals and the targets ----------------

def _expected(deals: list[dict], goal: int | None, start: str, end: str, owners: set[str]) -> dict:
    """One rep's or team's numbers, from ``opp list --status all --json`` rows (all in CNY)."""
    mine = [d for d in deals if d["owner"] in owners and (d["grade"] != "E" or d["registration_status"] == "approved")]
    pipe = [d for d in mine if d["status"] == "open" and d["close_date"] and start <= d["close_date"] <= end
            and d["forecast_category"] != "omitted"]
    won = sum(d["amount"] for d in mine if d["status"] == "won" and start <= d["closed_on"] <= end)
    commit = sum(d["amount"] for d in pipe if d["forecast_category"] == "commit")
    best = commit + sum(d["amount"] for d in pipe if d["forecast_category"] == "best-case")
    open_ = sum(d["amount"] for d in pipe)
    classic = sum(d["amount"] * 100 * PROBABILITY[d["stage"]] // 100 for d in pipe) / 100
    tas = sum(d["amount"] * 100 * (d["win_rate"] or 0) // 100 for d in pipe) / 100
    left = None if goal is None else goal - won
    return {"target": goal, "closed_won": won, "commit": commit, "best_case": best, "open_pipeline": open_,
            "open_deals": len(pipe), "classic_forecast": classic, "tasplus_forecast": tas,
            "coverage": round(open_ / left, 2) if left and left > 0 else None,
            "gap": None if goal is None else goal - won - commit}


def _numbers(row: dict) -> dict:
    return {k: row[k] for k in ("target", "closed_won", "commit", "best_case", "open_pipeline", "open_deals",
                                "classic_forecast", "tasplus_forecast", "coverage", "gap")}


@pytest.mark.parametrize("period,start,end", [("this-quarter", "2027-01-01", "2027-03-31"),
                                              ("next-quarter", "2027-04-01", "2027-06-30")])
def test_team_forecast_equals_the_sums_of_its_deals_and_targets(demo_db, monkeypatch, period, start, end):
    monkeypatch.setenv("TASPLUS_TODAY", "2027-01-20")
    monkeypatch.setenv("TASPLUS_DB", str(demo_db()))
    key = "2027Q1" if period == "this-quarter" else "2027Q2"
    deals = run_json("opp", "list", "--status", "all")
    goals = {t["user"]: t["amount"] for t in run_json("target", "list", "--period", key)}
    calls = {c["user"]: c for c in run_json("target", "list", "--period", key, "--calls")}
    data = run_json("forecast", "--team", "王磊", "--period", period)
    assert (data["period"], data["start"], data["end"], data["currency"]) == (key, start, end, "CNY")
    assert data["scope"] == {"team": "王磊", "owner": None}
    reps = {r["user"]: r for r in data["reps"]}
    assert set(reps) == {"张伟", "李娜", "Mike Chen"}  # the manager owns no deal: no rep line
    for name, row in reps.items():
        assert row["manager"] == "王磊"
        assert _numbers(row) == _expected(deals, goals.get(name), start, end, {name}), name
    team = data["teams"][0]
    assert [t["manager"] for t in data["teams"]] == ["王磊"]
    assert _numbers(team) == _expected(deals, goals["王磊"], start, end, {"王磊", "张伟", "李娜", "Mike Chen"})
    for k in ("closed_won", "commit", "best_case", "open_pipeline", "classic_forecast", "tasplus_forecast"):
        assert team[k] == sum(r[k] for r in data["reps"]), k
    assert team["adjusted"] == (calls["王磊"]["amount"] if "王磊" in calls else None)
    in_period = [d for d in deals if d["status"] == "open" and d["close_date"] and start <= d["close_date"] <= end]
    unbacked = sorted(d["code"] for d in in_period if d["forecast_category"] == "commit"
                      and (d["win_rate"] is None or d["win_rate"] < 40))
    assert sorted(d["code"] for d in data["unbacked_commits"]) == unbacked
    assert data["left_out"] == [] and data["deals_left_out"] == 0


def test_the_demo_shows_every_part_of_the_forecast(demo_db, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2027-01-20")
    monkeypatch.setenv("TASPLUS_DB", str(demo_db()))
    data = run_json("forecast")
    team = data["teams"][0]
    assert team["target"] and team["commit"] and team["best_case"] > team["commit"] and team["adjusted"]
    assert team["adjusted_note"] and team["classic_forecast"] != team["tasplus_forecast"]
    assert [d["code"] for d in data["unbacked_commits"]] == ["OPP-0010"]  # 智能排班: n/a
    later = run_json("forecast", "--period", "next-quarter")
    assert later["teams"][0]["target"] and [(d["code"], d["win_rate"]) for d in later["unbacked_commits"]] == [
        ("OPP-0001", 16)]  # 配网自动化主站, its close date pushed into the next quarter
    omitted = [d for d in run_json("opp", "list", "--forecast", "omitted")]
    assert [d["name"] for d in omitted] == ["网点智能化改造"]
    table = run("forecast").stdout
    assert "Per rep" in table and "Manager's call" in table and "commit without a win rate" in table.lower()
    md = run("forecast", "--format", "markdown").stdout
    assert md.startswith("# Forecast 2027Q1 (2027-01-01 – 2027-03-31)") and "| 王磊 |" in md and "OPP-0010" in md
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    zh = run("forecast").stdout
    assert "按销售" in zh and "经理预测" in zh and "没有赢单率支撑的承诺" in zh
    for english in ("Per rep", "Target", "Commit", "Coverage", "Gap", "Manager", "everyone", "open deals"):
        assert english not in zh, english


# --- a team built by commands (runs on PostgreSQL too) -----------------------------------

def _team(bank: str) -> None:
    add_users(王磊=None, 张伟="王磊", 李娜="王磊")
    run("opp", "new", "Big", "--account", bank, "--amount", "6000000", "--owner", "张伟", "--close-date", "2027-03-20")
    run("opp", "new", "Small", "--account", bank, "--amount", "400000", "--owner", "李娜", "--close-date", "2027-02-28")
    run("opp", "advance", "Small", "--to", "negotiate")
    run("opp", "new", "Later", "--account", bank, "--amount", "1000000", "--owner", "张伟", "--close-date", "2027-05-10")
    run("opp", "new", "Won", "--account", bank, "--amount", "300000", "--owner", "李娜", "--close-date", "2027-02-10")
    run("opp", "close", "Won", "--won", "--date", "2027-02-01", "--force", "--reason", "signed")
    run("opp", "new", "Omit", "--account", bank, "--amount", "500000", "--owner", "张伟", "--close-date", "2027-03-01")
    run("opp", "new", "E-pending", "--account", bank, "--amount", "700000", "--owner", "李娜",
        "--close-date", "2027-03-15", "--partner", "P", "--registration", "R1")
    run("fx", "set", "USD", "7.12")
    run("opp", "new", "Dollars", "--account", bank, "--amount", "100000", "--currency", "USD", "--owner", "张伟",
        "--close-date", "2027-03-10")
    run("fx", "remove", "USD")  # no rate any more: left out of every sum, and counted
    run("opp", "edit", "Big", "--forecast", "commit", "--reason", "PO expected in March")
    run("opp", "edit", "Small", "--forecast", "最佳情况")
    run("opp", "edit", "Omit", "--forecast", "omitted")
    run("target", "set", "张伟", "2027Q1", "5,000,000")
    run("target", "set", "李娜", "2027Q1", "100万")


def test_forecast_by_rep_and_team(bank, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2027-02-15")
    _team(bank)
    data = run_json("forecast")
    assert (data["period"], data["start"], data["end"]) == ("2027Q1", "2027-01-01", "2027-03-31")
    reps = {r["user"]: r for r in data["reps"]}
    assert _numbers(reps["张伟"]) == {"target": 5_000_000, "closed_won": 0, "commit": 6_000_000,
                                      "best_case": 6_000_000, "open_pipeline": 6_000_000, "open_deals": 1,
                                      "classic_forecast": 600_000, "tasplus_forecast": 0, "coverage": 1.2,
                                      "gap": -1_000_000}
    assert _numbers(reps["李娜"]) == {"target": 1_000_000, "closed_won": 300_000, "commit": 0, "best_case": 400_000,
                                      "open_pipeline": 400_000, "open_deals": 1, "classic_forecast": 360_000,
                                      "tasplus_forecast": 0, "coverage": 0.57, "gap": 700_000}
    assert set(reps) == {"张伟", "李娜"}  # the manager owns no deal of the period: no rep line
    team = data["teams"][0]
    assert team["manager"] == "王磊" and team["members"] == ["张伟", "李娜", "王磊"]
    assert _numbers(team) == {"target": 6_000_000, "closed_won": 300_000, "commit": 6_000_000, "best_case": 6_400_000,
                              "open_pipeline": 6_400_000, "open_deals": 2, "classic_forecast": 960_000,
                              "tasplus_forecast": 0, "coverage": 1.12, "gap": -300_000}
    assert team["adjusted"] is None
    assert [(d["name"], d["win_rate"]) for d in data["unbacked_commits"]] == [("Big", None)]
    assert data["left_out"] == [{"currency": "USD", "deals": 1, "amount": 100_000}]

    run("target", "set", "王磊", "2027Q1", "7000000")  # the manager's own target is the team's
    run("target", "call", "王磊", "this-quarter", "5500000", "--note", "Big slips")
    team = run_json("forecast", "--team", "王磊")["teams"][0]
    assert (team["target"], team["adjusted"], team["adjusted_note"]) == (7_000_000, 5_500_000, "Big slips")
    one = run_json("forecast", "--owner", "李娜")
    assert [r["user"] for r in one["reps"]] == ["李娜"] and one["teams"] == []
    monkeypatch.setenv("TASPLUS_USER", "张伟")
    assert [r["user"] for r in run_json("forecast", "--mine")["reps"]] == ["张伟"]
    later = run_json("forecast", "--period", "next-quarter", "--owner", "张伟")["reps"][0]
    assert (later["open_pipeline"], later["target"], later["coverage"], later["gap"]) == (1_000_000, None, None, None)
    month = run_json("forecast", "--period", "2027-02", "--owner", "李娜")["reps"][0]
    assert (month["closed_won"], month["open_pipeline"], month["target"]) == (300_000, 400_000, None)


def test_fiscal_year_starting_in_april(bank, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2027-02-15")
    _team(bank)
    run("config", "set", "forecast.fiscal_year_start", "4")
    data = run_json("forecast")  # 2027-02-15 is in fiscal 2026's last quarter
    assert (data["period"], data["start"], data["end"], data["fiscal_year_start"]) == \
        ("2026Q4", "2027-01-01", "2027-03-31", 4)
    assert {r["user"]: r["open_pipeline"] for r in data["reps"]}["张伟"] == 6_000_000
    q1 = run_json("forecast", "--period", "2027Q1", "--owner", "张伟")
    assert (q1["start"], q1["end"]) == ("2027-04-01", "2027-06-30")
    assert q1["reps"][0]["open_pipeline"] == 1_000_000 and q1["reps"][0]["target"] == 5_000_000


def test_forecast_category_is_recorded_shown_and_filtered(bank):
    add_users(张伟=None)
    code = run_json("opp", "new", "Deal", "--account", bank, "--amount", "2000000", "--owner", "张伟")["code"]
    assert run_json("opp", "show", code)["forecast_category"] == "pipeline"
    run("opp", "edit", code, "--forecast", "承诺", "--reason", "signed LOI")
    last = run_json("opp", "history", code)[-1]
    assert (last["field"], last["old"], last["new"], last["by"], last["reason"]) == \
        ("forecast_category", "pipeline", "commit", "tester", "signed LOI")
    assert run_json("opp", "show", code)["forecast_category"] == "commit"
    assert "Forecast category" in run("opp", "show", code).stdout
    assert [d["code"] for d in run_json("opp", "list", "--forecast", "commit")] == [code]
    assert run_json("opp", "list", "--forecast", "best-case") == []
    csv = run("export", "opportunities").stdout
    assert "forecast_category" in csv.splitlines()[0] and ",commit," in csv


# --- bad input: exit code, one line naming the value, nothing written --------------------

@pytest.mark.parametrize("args,code,named", [
    (("target", "set", "张伟", "2027Q5", "5000000"), 2, "'2027Q5'"),
    (("target", "set", "张伟", "2027-13", "5000000"), 2, "'2027-13'"),
    (("target", "set", "张伟", "Q1", "5000000"), 2, "'Q1'"),
    (("target", "set", "张伟", "2027Q1", "-5000"), 2, "-5000"),
    (("target", "set", "张伟", "2027Q1", "lots"), 2, "'lots'"),
    (("target", "set", "王五", "2027Q1", "5000000"), 1, "'王五'"),
    (("target", "call", "张伟", "2027Q1", "5000000"), 2, "张伟"),
    (("target", "call", "王磊", "2027Q1", "-1"), 2, "-1"),
    (("target", "remove", "张伟", "2027Q2"), 1, "2027Q2"),
    (("target", "list", "--period", "2027Q5"), 2, "'2027Q5'"),
    (("forecast", "--period", "2027Q5"), 2, "'2027Q5'"),
    (("forecast", "--team", "王磊", "--owner", "张伟"), 2, "--team '王磊', --owner '张伟'"),
    (("forecast", "--team", "王磊", "--mine"), 2, "--mine"),
    (("forecast", "--team", "王五"), 1, "'王五'"),
    (("forecast", "--owner", "王五"), 1, "'王五'"),
    (("forecast", "--format", "pdf"), 2, "'pdf'"),
    (("opp", "edit", "OPP-0001", "--forecast", "maybe"), 2, "maybe"),
    (("opp", "list", "--forecast", "maybe"), 2, "maybe"),
])
def test_bad_input_names_the_value_and_writes_nothing(bank, tasplus_home, args, code, named):
    add_users(王磊=None, 张伟="王磊")
    run("opp", "new", "Deal", "--account", bank, "--amount", "2000000", "--owner", "张伟")
    run("target", "set", "张伟", "2027Q1", "5000000")
    before = dump(tasplus_home)
    result = run(*args, code=None)
    assert_clean_error(result, code)
    assert named in result.stderr.splitlines()[0], result.stderr
    assert dump(tasplus_home) == before


def test_targets_replace_list_and_remove(monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2027-02-15")
    add_users(王磊=None, 张伟="王磊", 李娜="王磊", 赵六=None)
    assert "target of 张伟 for 2027Q1: 5,000,000 CNY" in run("target", "set", "张伟", "this-quarter", "500万").stderr
    out = run("target", "set", "张伟", "2027q1", "6000000").stderr
    assert "5,000,000 CNY → 6,000,000 CNY" in out
    run("target", "set", "李娜", "2027-03", "800000")
    run("target", "set", "赵六", "2027Q1", "900000")
    rows = run_json("target", "list")
    assert [(r["period"], r["user"], r["amount"], r["manager"]) for r in rows] == [
        ("2027-03", "李娜", 800_000, "王磊"), ("2027Q1", "张伟", 6_000_000, "王磊"), ("2027Q1", "赵六", 900_000, None)]
    assert [r["user"] for r in run_json("target", "list", "--team", "王磊", "--period", "2027Q1")] == ["张伟"]
    assert "Targets" in run("target", "list").stdout
    run("target", "call", "王磊", "2027Q1", "6500000", "--note", "两单延期")
    assert "6,500,000 CNY → 6,000,000 CNY" in run("target", "call", "王磊", "2027Q1", "6000000").stderr
    assert [(c["user"], c["amount"]) for c in run_json("target", "list", "--calls")] == [("王磊", 6_000_000)]
    run("target", "remove", "张伟", "2027Q1")
    run("target", "remove", "王磊", "2027Q1", "--call")
    assert [r["user"] for r in run_json("target", "list")] == ["李娜", "赵六"]
    assert run_json("target", "list", "--calls") == []
    assert date.fromisoformat(rows[0]["updated_at"][:10])


def test_targets_travel_in_csv(tmp_path, tasplus_home):
    add_users(王磊=None, 张伟="王磊")
    run("target", "set", "张伟", "2027Q1", "5000000")
    run("target", "call", "王磊", "2027Q1", "4000000", "--note", "保守")
    sheet = tmp_path / "quotas.csv"
    sheet.write_text("销售,季度,目标\n张伟,2027q2,6000000\n", encoding="utf-8")
    run("import", "targets", str(sheet))
    assert [(r["period"], r["amount"]) for r in run_json("target", "list")] == [("2027Q1", 5_000_000),
                                                                                  ("2027Q2", 6_000_000)]
    relative = tmp_path / "relative.csv"
    relative.write_text("user,period,amount\n张伟,next-quarter,1\n", encoding="utf-8")
    before = dump(tasplus_home)
    bad = run("import", "targets", str(relative), code=1)  # a bad row: the import's exit code
    assert "'next-quarter' is not a period" in bad.stderr and "nothing was written" in bad.stderr
    assert dump(tasplus_home) == before
    out = tmp_path / "calls.csv"
    run("export", "forecast-calls", str(out))
    assert "王磊,2027Q1,4000000,CNY,保守" in out.read_text(encoding="utf-8-sig")
