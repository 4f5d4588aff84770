"""``tasplus activity``: logging, planning, finishing; interaction levels follow (METHOD §8, §12)."""

from __future__ import annotations

import pytest

from helpers import assert_clean_error, dump, run, run_json

TODAY = "2026-11-27"


@pytest.fixture
def deals(bank, monkeypatch):
    """The bank with 王建国 and 刘芳, two deals on it, another account with 黄丽; today pinned."""
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)
    run("contact", "add", "刘芳", "-a", bank, "--reports-to", "王建国")
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000")
    run("opp", "new", "手机银行", "--account", bank, "--amount", "2000000")
    run("account", "add", "瑞康医疗集团")
    run("contact", "add", "黄丽", "-a", "瑞康医疗集团")
    run("stakeholder", "add", "OPP-0001", "刘芳", "--role", "decision-maker")
    return "OPP-0001", "OPP-0002"


def levels(opp, name):
    row = {r["name"]: r for r in run_json("stakeholder", "list", opp)}[name]
    return row["interaction"], row["interaction_overall"]


def test_three_done_activities_make_multiple_and_a_dinner_makes_deep(deals):
    core, mobile = deals
    assert levels(core, "刘芳") == ("none", "none")
    run("activity", "log", core, "--kind", "call", "--with", "刘芳", "--summary", "电话沟通", "--date", "-10d")
    assert levels(core, "刘芳") == ("occasional", "occasional")
    run("activity", "log", core, "--kind", "email", "--with", "刘芳", "--summary", "发送方案")
    r = run("activity", "log", core, "--kind", "拜访", "--with", "CON-0002", "--summary", "方案汇报", "--date", "-1d")
    assert levels(core, "刘芳") == ("multiple", "multiple")
    assert "刘芳: multiple on the deal, multiple overall" in r.stderr  # the derived level is shown, never asked
    # activities on another deal count overall only
    run("activity", "log", mobile, "--kind", "dinner", "--with", "刘芳", "--summary", "晚宴")
    assert levels(core, "刘芳") == ("multiple", "deep")
    run("activity", "log", core, "--kind", "宴请", "--with", "刘芳", "--summary", "答谢宴")
    assert levels(core, "刘芳") == ("deep", "deep")


def test_planned_counts_only_once_done_and_cancelled_never(deals):
    core, _ = deals
    run("activity", "log", core, "--kind", "meeting", "--with", "刘芳", "--summary", "拜访刘副行长",
        "--planned", "--date", "+3d")
    assert levels(core, "刘芳") == ("none", "none")
    act = run_json("activity", "list", core)[0]
    assert (act["code"], act["status"], act["day"], act["overdue"]) == ("ACT-0001", "planned", "2026-11-30", False)
    run("activity", "done", "1", "--outcome", "同意听取汇报")
    act = run_json("activity", "list", core)[0]
    assert (act["status"], act["day"], act["outcome"]) == ("done", TODAY, "同意听取汇报")  # done today, not ahead
    assert levels(core, "刘芳") == ("occasional", "occasional")
    run("activity", "log", core, "--kind", "dinner", "--with", "刘芳", "--summary", "晚宴", "--planned",
        "--date", "+5d")
    run("activity", "cancel", "ACT-0002", "--reason", "客户出差")
    assert levels(core, "刘芳") == ("occasional", "occasional")
    assert run_json("activity", "list", "--status", "cancelled")[0]["outcome"] == "客户出差"


def test_account_level_activities_count_overall(deals):
    core, _ = deals
    run("activity", "log", "--account", "华东省农商银行", "--kind", "workshop", "--with", "王建国,刘芳",
        "--summary", "年度技术交流会")
    assert levels(core, "刘芳") == ("none", "deep")
    acts = run_json("activity", "list", "--account", "ACC-0001")
    assert acts[0]["opp"] is None and [p["name"] for p in acts[0]["with"]] == ["王建国", "刘芳"]
    assert run_json("contact", "show", "王建国")["interaction"] == "deep"
    assert {c["name"]: c["interaction"] for c in run_json("contact", "list")} == {
        "王建国": "deep", "刘芳": "deep", "黄丽": "none"}


def test_list_filters_overdue_and_contact(deals):
    core, mobile = deals
    run("activity", "log", core, "--kind", "meeting", "--with", "刘芳", "--summary", "逾期拜访", "--planned",
        "--date", "-2d")
    run("activity", "log", mobile, "--kind", "call", "--with", "王建国", "--summary", "电话")
    run("activity", "log", core, "--kind", "demo", "--with", "王建国", "--summary", "演示", "--planned",
        "--date", "+2d")
    assert [a["summary"] for a in run_json("activity", "list", "--overdue")] == ["逾期拜访"]
    assert [a["summary"] for a in run_json("activity", "list", "--contact", "王建国")] == ["电话", "演示"]
    assert [a["summary"] for a in run_json("activity", "list", core)] == ["逾期拜访", "演示"]
    out = run("activity", "list").stdout
    assert "overdue" in out and "3 activities · 1 overdue" in out


def test_the_analyze_gate_sees_planned_activities(deals):
    core, _ = deals
    run("opp", "grade", core, "--set", "C", "--reason", "fast track")
    run("opp", "advance", core, "--to", "analyze")
    run("opp", "grade", core, "--auto")
    missing = lambda: {m["gate"] for m in run_json("opp", "show", core)["next_gate"]["missing"]}  # noqa: E731
    assert "planned_activity" in missing()
    run("activity", "log", core, "--kind", "meeting", "--with", "刘芳", "--summary", "方案汇报", "--planned",
        "--date", "next-friday")
    assert "planned_activity" not in missing()


@pytest.mark.parametrize("args, code, words", [
    (("OPP-0001", "--kind", "karaoke", "--summary", "x"), 2, "unknown activity kind"),
    (("OPP-0001", "--kind", "call", "--with", "黄丽", "--summary", "x"), 2, "not at 华东省农商银行"),
    (("OPP-0001", "--kind", "call", "--summary", "x", "--date", "+3d"), 2, "--planned"),
    (("OPP-0001", "--kind", "call", "--summary", "x", "--planned"), 2, "needs --date"),
    (("OPP-0001", "--kind", "call", "--summary", "   "), 2, "cannot be empty"),
    (("--kind", "call", "--summary", "x"), 2, "--account"),
    (("OPP-0001", "--account", "瑞康医疗集团", "--kind", "call", "--summary", "x"), 2, "another account"),
    (("OPP-0001", "--kind", "call", "--summary", "x", "--answers", "price"), 2, "unknown problem answered"),
    (("OPP-0001", "--kind", "call", "--summary", "x", "--tactic", "#9"), 2, "no tactic #9"),
    (("OPP-0001", "--kind", "call", "--summary", "x", "--date", "2026-02-30"), 2, "not a date"),
])
def test_bad_log_writes_nothing(tasplus_home, deals, args, code, words):
    before = dump(tasplus_home)
    r = run("activity", "log", *args, code=None)
    assert_clean_error(r, code)
    assert words in r.stderr
    assert dump(tasplus_home) == before


def test_done_and_cancel_only_from_planned(tasplus_home, deals):
    core, _ = deals
    run("activity", "log", core, "--kind", "call", "--with", "刘芳", "--summary", "电话")
    before = dump(tasplus_home)
    for cmd in (("done", "ACT-0001"), ("cancel", "act-1")):
        r = run("activity", *cmd, code=None)
        assert_clean_error(r, 1)
        assert "already done" in r.stderr
    assert_clean_error(run("activity", "done", "ACT-0099", code=None), 1)
    assert_clean_error(run("activity", "done", "电话", code=None), 2)
    assert dump(tasplus_home) == before


def test_thresholds_and_kinds_come_from_config(tasplus_home, deals):
    core, _ = deals
    for _ in range(2):
        run("activity", "log", core, "--kind", "call", "--with", "刘芳", "--summary", "电话")
    assert levels(core, "刘芳")[0] == "multiple"
    run("config", "set", "interaction.deep", "4")
    run("config", "set", "interaction.multiple", "3")
    assert levels(core, "刘芳")[0] == "occasional"  # derived again from the same activities, nothing stored
    run("config", "set", "activities.kinds", "call,karaoke,executive-meeting,site-visit,dinner,workshop")
    run("activity", "log", core, "--kind", "karaoke", "--with", "刘芳", "--summary", "KTV")
    assert levels(core, "刘芳")[0] == "multiple"
    run("config", "set", "interaction.deep_kinds", "karaoke")
    assert levels(core, "刘芳")[0] == "deep"
    before = (tasplus_home / "config.toml").read_text(encoding="utf-8")
    for key, value in (("interaction.deep", "2"), ("interaction.deep_kinds", "opera"), ("activities.kinds", "call")):
        assert_clean_error(run("config", "set", key, value, code=None), 2)
    assert (tasplus_home / "config.toml").read_text(encoding="utf-8") == before
