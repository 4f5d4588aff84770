"""A manager's whole week through the CLI (issue "the manager's week", done-when): the team review
→ actions and acks for every warning → record → a week of activity (one action done and its
warning answered, one action done, one left to go overdue, one deal's win rate falling after a
survey) → the next review shows exactly those, per rep, in table, Markdown and JSON."""

from __future__ import annotations

from coach_helpers import add_users
from helpers import run, run_json

MONDAY, NEXT_MONDAY = "2026-11-16", "2026-11-23"


def survey(code, us, them, day):
    run("survey", "run", code, "--date", day, "--inside-source", "yes", "--our-fit", str(us[0]),
        "--our-closeness", str(us[1]), "--competitor", f"翼辰软件={them[0]},{them[1]}", "--reviewed-by", "王磊",
        "--no-input")


def test_a_managers_week(bank, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", MONDAY)
    add_users(("王磊", None), ("张伟", "王磊"), ("李娜", "王磊"))
    run("competitor", "add", "翼辰软件")
    new = lambda name, owner: run_json("opp", "new", name, "--account", bank, "--amount", "6000000",  # noqa: E731
                                       "--owner", owner)["code"]
    core, mobile, his = new("Core", "张伟"), new("Mobile", "张伟"), new("HIS", "李娜")
    run("event", "add", core, "预算已批", "--confirmed")
    survey(core, (4, 4), (3, 3), MONDAY)

    # --- Monday: the meeting -----------------------------------------------------------------
    first = run_json("review", "--team", "王磊")
    agenda = {d["code"]: [w["key"] for w in d["warnings"]] for d in first["deals"]}
    assert set(agenda) == {core, mobile, his} and first["actions_last_time"] == []
    # one action per deal on its first warning, every other warning acknowledged
    run("coach", "add", core, "约信息中心主任面谈", "--owner", "张伟", "--due", "+4d", "--warning", agenda[core][0])
    run("coach", "add", mobile, "Confirm the budget with the CFO", "--owner", "张伟", "--due", "+3d",
        "--warning", agenda[mobile][0])
    run("coach", "add", his, "约客户做一次方案交流", "--owner", "李娜", "--due", "+5d", "--warning", "no_recent_activity")
    for code, keys in agenda.items():
        for key in keys:
            if key != {core: agenda[core][0], mobile: agenda[mobile][0], his: "no_recent_activity"}[code]:
                run("review", "ack", code, key, "--until", "+14d", "--reason", "下周再看")
    run("review", "--team", "王磊", "--record", "--note", "周会")
    right_after = run_json("review", "--team", "王磊")
    assert right_after["deals"] == [] and [r["agenda"] for r in right_after["reps"]] == [[], []]

    # --- the week --------------------------------------------------------------------------------
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-18")
    run("activity", "log", his, "--kind", "meeting", "--summary", "方案交流")  # answers 李娜's action
    run("coach", "done", "AGR-0003", "--note", "客户认可方案")
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-19")
    run("coach", "done", "AGR-0001")
    before = run_json("winrate", core)["win_rate"]
    survey(core, (3, 2), (4, 4), "2026-11-19")  # the competitor came closer: the win rate falls
    after = run_json("winrate", core)["win_rate"]
    assert after < before
    # AGR-0002 (Mobile, due 2026-11-19) is left alone: overdue by next Monday

    # --- next Monday -------------------------------------------------------------------------
    monkeypatch.setenv("TASPLUS_TODAY", NEXT_MONDAY)
    data = run_json("review", "--team", "王磊")
    assert [(a["code"], a["deal"], a["status"]) for a in data["actions_last_time"]] == [
        ("AGR-0002", mobile, "overdue"), ("AGR-0001", core, "done"), ("AGR-0003", his, "done")]
    deals = {d["code"]: d for d in data["deals"]}
    assert set(deals) == {core, mobile}  # HIS: its action done and its warning answered, nothing changed
    moved = deals[core]
    assert [c["field"] for c in moved["changes"]] == ["win_rate"]
    assert (moved["changes"][0]["old"], moved["changes"][0]["new"]) == (f"{before}%", f"{after}%")
    # its action is done but did not clear its warning (back on the agenda), and the fall is new
    assert [w["key"] for w in moved["warnings"]] == [agenda[core][0], "win_rate_moved"]
    assert moved["actions"] == [] and {h["key"] for h in moved["in_hand"]} == set(agenda[core][1:])
    stalled = deals[mobile]
    assert stalled["changes"] == [] and [w["key"] for w in stalled["warnings"]] == [agenda[mobile][0]]
    assert stalled["actions_due"] == ["AGR-0002"] and stalled["actions"][0]["status"] == "overdue"
    reps = {r["name"]: r for r in data["reps"]}
    assert reps["张伟"]["agenda"] == [core, mobile] and reps["李娜"]["agenda"] == []
    assert [a["code"] for a in reps["张伟"]["overdue_actions"]] == ["AGR-0002"] and reps["李娜"]["overdue_actions"] == []
    assert reps["张伟"]["focus"]["code"] == core and reps["李娜"]["focus"] is None

    table = run("review", "--team", "王磊").stdout
    md = run("review", "--team", "王磊", "--format", "markdown").stdout
    for out in (table, md.replace("\\[", "[").replace("\\]", "]")):
        assert "[overdue] OPP-0002 · AGR-0002 Confirm the budget with the CFO" in out
        assert "[done] OPP-0001 · AGR-0001 约信息中心主任面谈" in out and "[done] OPP-0003 · AGR-0003" in out
        assert f"win rate: {before}% → {after}%" in out and "AGR-0002 Confirm the budget" in out.split("Mobile")[1]
        assert "OPP-0003 HIS" not in out
    assert "most worth discussing: OPP-0001 Core" in table and "## Actions agreed last time" in md
    assert md.index("## 张伟") < md.index("### OPP-0001 Core") < md.index("### OPP-0002 Mobile") < md.index("## 李娜")
