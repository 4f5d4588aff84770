"""The demo company shows what the weekly review is for (issue: plan and review)."""

from __future__ import annotations

from helpers import run, run_json

ALL_WARNINGS = {"no_compelling_event", "compelling_event_lost", "no_inside_source", "not_top_three",
                "competition_unknown", "survey_stale", "win_rate_moved", "stage_optimism", "key_person_not_contacted",
                "key_person_negative", "single_threaded", "no_recent_activity", "overdue_activities",
                "close_date_passed", "plan_missing"}


def test_demo_review_record_and_a_new_survey(tasplus_home):
    out = run("demo")
    assert "Weekly review" in out.stdout and "Stage optimism" in out.stdout
    db = str(tasplus_home / "demo.db")
    data = run_json("--db", db, "review", "--limit", "0")
    deals = {d["code"]: d for d in run_json("--db", db, "opp", "list")}
    agenda = [d["code"] for d in data["deals"]]
    overdue = {d["code"] for d in data["deals"] if any(a["status"] == "overdue" for a in d["actions"])}
    assert agenda and all(deals[c]["grade"] in "AB" or c in overdue for c in agenda)  # C/D/E: big change, overdue action
    assert {d["code"] for d in deals.values() if d["grade"] in "AB"} <= set(agenda)  # each A/B deal warns
    keys = {w["key"] for d in data["deals"] for w in d["warnings"]} | {h["key"] for d in data["deals"]
                                                                      for h in d["in_hand"]}
    assert ALL_WARNINGS <= keys
    assert all(w["question"] and w["command"].startswith("tasplus") for d in data["deals"] for w in d["warnings"])
    sm = data["summary"]
    assert sm["classic_forecast"] > 0 and sm["tasplus_forecast"] > 0 and sm["stage_optimism"]
    optimistic = deals[sm["stage_optimism"][0]]
    stage_prob = run_json("--db", db, "winrate", optimistic["code"])["stage_probability"]
    assert stage_prob - optimistic["win_rate"] >= 30

    run("--db", db, "review", "--record", "--note", "周会")
    quiet = run_json("--db", db, "review", "--limit", "0")
    assert all(d["changes"] == [] for d in quiet["deals"])

    before = run_json("--db", db, "winrate", "OPP-0004")["win_rate"]
    run("--db", db, "survey", "run", "OPP-0004", "--inside-source", "no", "--our-fit", "3", "--our-closeness", "3",
        "--competitor", "翼辰软件=5,4", "--competitor", "澜拓数科=2,2", "--reviewed-by", "王磊", "--no-input")
    after = run_json("--db", db, "winrate", "OPP-0004")["win_rate"]
    assert before - after >= 15
    moved = next(d for d in run_json("--db", db, "review")["deals"] if d["code"] == "OPP-0004")
    change = next(c for c in moved["changes"] if c["field"] == "win_rate")
    assert (change["old"], change["new"]) == (f"{before}%", f"{after}%") and "inside source yes → no" in change["reason"]
    assert any(w["key"] == "win_rate_moved" for w in moved["warnings"])


def test_chinese_review_reads_as_chinese(tasplus_home, monkeypatch):
    run("demo")
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    out = run("--db", str(tasplus_home / "demo.db"), "review").stdout
    for words in ("周度商机督导", "本周变化", "预警与督导问题", "阶段乐观", "招标准备", "赢单率", "摘要"):
        assert words in out
    assert "Weekly review" not in out and "survey older than" not in out
    data = run_json("--db", str(tasplus_home / "demo.db"), "review")  # JSON stays English
    stale = next(w for d in data["deals"] for w in d["warnings"] if w["key"] == "survey_stale")
    assert stale["question"] == "Let's answer the four questions together now."
    assert data["deals"][0]["stage"] in ("validate", "initiate", "analyze", "present", "tender", "bid", "negotiate")
