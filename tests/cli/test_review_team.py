"""The team review per rep (issue "the manager's week", item 3): ``review --team NAME`` groups by
rep with each one's pipeline, deals on the agenda, overdue actions, unreviewed surveys and the deal
most worth discussing; ``--record`` with ``--team`` opens the next team review's window; table,
Markdown and JSON."""

from __future__ import annotations

import pytest
from helpers import run, run_json
from coach_helpers import add_users

TODAY = "2026-11-17"


@pytest.fixture
def team(bank, monkeypatch):
    """王磊 manages 张伟 and 李娜; 赵六 is in nobody's team. Deals: 张伟 OPP-0001 (A) and OPP-0002 (C),
    李娜 OPP-0003 (A, one survey nobody reviewed), 赵六 OPP-0004 (A)."""
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)
    add_users(("王磊", None), ("张伟", "王磊"), ("李娜", "王磊"), ("赵六", None))
    run("competitor", "add", "翼辰软件")
    new = lambda name, amount, owner: run_json("opp", "new", name, "--account", bank, "--amount", amount,  # noqa: E731
                                               "--owner", owner)["code"]
    codes = [new("Core", "6000000", "张伟"), new("Small", "300000", "张伟"), new("HIS", "5000000", "李娜"),
             new("Other", "7000000", "赵六")]
    run("event", "add", codes[2], "预算已批", "--confirmed")
    run("survey", "run", codes[2], "--inside-source", "yes", "--our-fit", "4", "--our-closeness", "3",
        "--competitor", "翼辰软件=3,3", "--no-input")
    return codes


def test_team_review_groups_by_rep(team, monkeypatch):
    core, small, his, other = team
    run("coach", "add", small, "Call the customer", "--owner", "张伟", "--due", "+1d")
    run("coach", "add", his, "约院长", "--owner", "李娜", "--due", "+10d")
    data = run_json("review", "--team", "王磊", "--limit", "0")
    assert data["team"] == "王磊" and data["owner"] is None
    assert other not in [d["code"] for d in data["deals"]]
    reps = {r["name"]: r for r in data["reps"]}
    assert list(reps) == ["张伟", "李娜"]  # 王磊 has nothing of their own; 赵六 is not in the team
    opps = run_json("opp", "list")
    for name, rep in reps.items():
        mine = [o for o in opps if o["owner"] == name]
        assert rep["open_deals"] == len(mine) and rep["amount"] == sum(o["amount"] for o in mine)
        totals = run_json("funnel", "--owner", name)["totals"]
        assert (rep["classic_forecast"], rep["tasplus_forecast"]) == (totals["classic_forecast"],
                                                                      totals["tasplus_forecast"])
    assert reps["张伟"]["agenda"] == [core] and reps["李娜"]["agenda"] == [his]
    assert reps["张伟"]["focus"] == {"code": core, "name": "Core"}
    assert reps["李娜"]["unreviewed_surveys"] == 1 and reps["张伟"]["unreviewed_surveys"] == 0
    assert reps["张伟"]["overdue_actions"] == []

    run("opp", "edit", core, "--amount", "6500000")  # a change, so the recorded review is visible below
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-19")  # the C deal's action is overdue now: on the agenda, under its rep
    data = run_json("review", "--team", "王磊")
    reps = {r["name"]: r for r in data["reps"]}
    assert reps["张伟"]["agenda"][-1] == small and [a["code"] for a in reps["张伟"]["overdue_actions"]] == ["AGR-0001"]

    table = run("review", "--team", "王磊").stdout
    assert table.index(" 张伟 ─") < table.index("OPP-0001 Core") < table.index(" 李娜 ─") < table.index("OPP-0003 HIS")
    assert "most worth discussing: OPP-0001 Core" in table and "[overdue] OPP-0002 · AGR-0001" in table
    assert "Weekly review · Team 王磊" in table
    md = run("review", "--team", "王磊", "--format", "markdown").stdout
    assert "## 张伟" in md and "### OPP-0001 Core" in md and "## 李娜" in md and "### OPP-0003 HIS" in md
    assert "- most worth discussing: OPP-0001 Core" in md
    assert "- 2 open · 6,800,000 CNY" in md


def test_recording_a_team_review_opens_the_next_team_window(team):
    core = team[0]
    run("opp", "edit", core, "--amount", "6500000")
    first = run_json("review", "--team", "王磊")
    assert any(c["field"] == "amount" for c in next(d for d in first["deals"] if d["code"] == core)["changes"])
    run("review", "--team", "王磊", "--record", "--note", "周会")
    after = run_json("review", "--team", "王磊")
    assert after["since"] > first["since"]
    assert all(d["changes"] == [] for d in after["deals"])
    assert run_json("review")["since"] == first["since"]  # the whole team's window did not move
    assert run_json("review", "--owner", "张伟")["since"] == first["since"]
    # a whole-team review counts for every team
    run("review", "--record")
    assert run_json("review", "--team", "王磊")["since"] >= run_json("review")["since"]


def test_one_to_one_with_owner_and_chinese_team_screen(team, monkeypatch):
    data = run_json("review", "--owner", "李娜")
    assert "reps" not in data and [d["code"] for d in data["deals"]] == [team[2]]
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    out = run("review", "--team", "王磊").stdout
    for words in ("团队 王磊", "在途 2 个", "传统预测", "最值得讨论：OPP-0001 Core", "未审阅问卷 1"):
        assert words in out, words
    assert "open ·" not in out and "most worth" not in out
