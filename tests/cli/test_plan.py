"""Strategy, tactics, value proposition and ``tasplus plan`` (METHOD §10–11)."""

from __future__ import annotations

from helpers import assert_clean_error, dump, run, run_json


def deal_with_survey(bank, us=("4", "4"), rivals=("云擎=5,3", "澜拓=3,2", "星河=2,2")):
    for name in ("云擎", "澜拓", "星河"):
        run("competitor", "add", name)
    run("opp", "new", "核心系统", "--account", bank, "--amount", "6000000")
    run("event", "add", "核心系统", "监管要求", "--confirmed")
    args = ["survey", "run", "核心系统", "--inside-source", "yes", "--our-fit", us[0], "--our-closeness", us[1]]
    for r in rivals:
        args += ["--competitor", r]
    run(*args, "--no-input")


def test_suggestion_reads_rank_and_margin(bank):
    deal_with_survey(bank)  # us 8, 云擎 8, 澜拓 5: rank 1 but no margin
    sug = run_json("strategy", "suggest", "核心系统")
    assert sug["strategy"] == "defensive" and "only 0 point(s) ahead of 云擎" in sug["reason"]
    run("survey", "run", "核心系统", "--inside-source", "yes", "--our-fit", "2", "--our-closeness", "3",
        "--competitor", "云擎=3,5", "--competitor", "澜拓=4,4", "--no-input")
    sug = run_json("strategy", "suggest", "核心系统")  # us 5 vs 云擎 8: rank 3, no fit advantage
    assert sug["strategy"] == "fragmentation"


def test_plan_compares_with_the_same_top_two_as_the_win_rate(bank):
    deal_with_survey(bank)
    wr = run_json("winrate", "核心系统")
    plan = run_json("plan", "核心系统")
    assert plan["value"]["top_two"] == wr["field"] == ["云擎", "澜拓"]
    assert plan["suggestion"]["strategy"] and plan["suggestion"]["reason"]
    run("value", "compare", "核心系统", "云擎", "--solution", "优于", "--relationship", "worse", "--strength", "equal",
        "--note", "对方与分管行长关系密切")
    plan = run_json("plan", "核心系统")
    assert plan["value"]["comparison"]["云擎"]["solution"] == {"verdict": "better", "note": "对方与分管行长关系密切"}
    assert not any("云擎" in m["what"] for m in plan["missing"])
    assert any("澜拓" in m["what"] for m in plan["missing"])


def test_strategy_tactics_value_and_the_analyze_gate(tasplus_home, bank):
    deal_with_survey(bank)
    run("opp", "advance", "核心系统", "--force", "--reason", "t")  # → initiate
    run("opp", "approve", "核心系统")
    run("opp", "team", "add", "核心系统", "陈静", "--department", "presales")
    run("opp", "advance", "核心系统")  # → analyze
    r = run("opp", "advance", "核心系统", code=1)
    assert "no value proposition" in r.stderr and "no competitive strategy" in r.stderr
    before = dump(tasplus_home)
    assert_clean_error(run("strategy", "set", "核心系统", "sneaky", code=None), 2)
    assert_clean_error(run("tactic", "add", "核心系统", "--pick", "1", code=None), 2)  # no strategy yet
    assert_clean_error(run("value", "compare", "核心系统", "云擎", code=None), 2)
    assert_clean_error(run("value", "compare", "核心系统", "云擎", "--solution", "meh", code=None), 2)
    assert dump(tasplus_home) == before
    run("strategy", "set", "核心系统", "侧翼", "--rationale", "推动招标加入信创指标")
    run("tactic", "add", "核心系统", "--pick", "1")
    run("tactic", "add", "核心系统", "邀请客户参观样板行")
    run("value", "set", "核心系统", "--solution", "分布式核心", "--business-value", "日终批处理从6小时降到1小时",
        "--proof", "两家样板行")
    run("activity", "log", "核心系统", "--kind", "meeting", "--planned", "--date", "+7d", "--summary", "方案汇报",
        "--tactic", "邀请客户参观样板行")
    run("opp", "advance", "核心系统")  # the analyze gate now passes on real data
    plan = run_json("plan", "核心系统")
    assert plan["strategy"] == "flanking" and plan["stage"] == "present"
    assert [t["text"] for t in plan["tactics"]] == ["shape tender specs", "邀请客户参观样板行"]
    assert plan["activities"]["planned"][0]["tactic"] == "邀请客户参观样板行"
    assert plan["value"]["solution"] == "分布式核心"
    run("tactic", "done", "核心系统", "1")
    assert run_json("tactic", "list", "核心系统")[0]["status"] == "done"
    pitch = run("value", "pitch", "核心系统").stdout
    assert "分布式核心" in pitch and "监管要求" in pitch
    fields = [h["field"] for h in run_json("opp", "history", "核心系统")]
    assert {"strategy", "tactic", "value_proposition", "value_comparison"} - set(fields) == {"value_comparison"}
    assert "Missing" in run("plan", "核心系统").stdout or run_json("plan", "核心系统")["missing"] == []


def test_tactic_catalogue():
    cat = run_json("tactic", "catalogue")
    assert set(cat) == {"frontal", "flanking", "fragmentation", "defensive", "development"}
    assert run_json("tactic", "catalogue", "发展") == {"development": cat["development"]}
