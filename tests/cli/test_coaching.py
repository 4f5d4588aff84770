"""Coaching actions and acknowledged warnings (METHOD §13, issue "the manager's week", item 2):
``coach add|done|list``, ``review ack``, what is "in hand" in the review, the warning "commit
without backing", and the bad input of each (exit code, one line, nothing written)."""

from __future__ import annotations

import pytest
from coach_helpers import add_users, set_category
from helpers import assert_clean_error, dump, run, run_json

TODAY = "2026-11-17"


@pytest.fixture
def deal(bank, monkeypatch):
    """OPP-0001, an A deal of 张伟 (team of 王磊), on 2026-11-17."""
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)
    add_users(("王磊", None), ("张伟", "王磊"), ("李娜", "王磊"))
    return run_json("opp", "new", "Core", "--account", bank, "--amount", "6000000", "--owner", "张伟")["code"]


def item(data, code):
    return next((d for d in data["deals"] if d["code"] == code), None)


def open_keys(code):
    d = item(run_json("review"), code)
    return [w["key"] for w in d["warnings"]] if d else []


def test_add_list_done_and_done_twice_is_refused(deal, tasplus_home):
    out = run("coach", "add", deal, "约信息中心主任面谈", "--owner", "张伟", "--due", "+3d",
              "--warning", "no_inside_source")
    assert "AGR-0001" in out.stderr + out.stdout
    [a] = run_json("coach", "list")
    assert a == {"code": "AGR-0001", "deal": deal, "text": "约信息中心主任面谈", "owner": "张伟", "due": "2026-11-20",
                 "warning": "no_inside_source", "status": "open", "agreed_on": TODAY, "done_on": None, "note": None}
    run("coach", "add", deal, "Plan the demo", "--owner", "李娜", "--due", "2026-11-18")
    assert [r["code"] for r in run_json("coach", "list", "--owner", "李娜")] == ["AGR-0002"]
    assert [r["code"] for r in run_json("coach", "list", "--team", "王磊")] == ["AGR-0002", "AGR-0001"]  # due first
    assert "约信息中心主任面谈" in run("coach", "list").stdout
    run("coach", "done", "AGR-0001", "--note", "已约到下周二")
    assert [r["code"] for r in run_json("coach", "list", "--open")] == ["AGR-0002"]
    done = next(r for r in run_json("coach", "list") if r["code"] == "AGR-0001")
    assert (done["status"], done["done_on"], done["note"]) == ("done", TODAY, "已约到下周二")

    before = dump(tasplus_home)
    for ref in ("AGR-0001", "1", "agr-1"):
        r = run("coach", "done", ref, code=None)
        assert_clean_error(r, 1)
        assert r.stderr.splitlines()[0] == "error: AGR-0001 is already done on 2026-11-17"
    assert dump(tasplus_home) == before


def test_overdue_and_the_mine_filter(deal, monkeypatch):
    run("coach", "add", deal, "Call the CIO", "--owner", "张伟", "--due", "+1d")
    assert run_json("coach", "list", "--overdue") == []
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-19")
    [a] = run_json("coach", "list", "--overdue")
    assert a["status"] == "overdue"
    assert "overdue" in run("coach", "list").stdout
    monkeypatch.setenv("TASPLUS_USER", "张伟")
    assert [r["code"] for r in run_json("coach", "list", "--mine")] == ["AGR-0001"]
    monkeypatch.setenv("TASPLUS_USER", "李娜")
    assert run_json("coach", "list", "--mine") == []


def test_bad_input_is_one_line_and_writes_nothing(deal, tasplus_home):
    run("coach", "add", deal, "Call the CIO", "--owner", "张伟", "--due", "+1d")
    before = dump(tasplus_home)
    cases = [
        (("coach", "add", deal, "x", "--owner", "赵六", "--due", "+1d"), 1, "赵六"),
        (("coach", "add", deal, "x", "--owner", "张伟", "--due", "2026-11-16"), 2, "2026-11-16"),
        (("coach", "add", deal, "x", "--owner", "张伟", "--due", "+1d", "--warning", "bad_luck"), 2, "bad_luck"),
        (("coach", "add", deal, "  ", "--owner", "张伟", "--due", "+1d"), 2, "TEXT"),
        (("coach", "done", "AGR-0099"), 1, "AGR-0099"),
        (("coach", "done", "ACT-0001"), 2, "ACT-0001"),
        (("coach", "list", "--team", "王磊", "--owner", "张伟"), 2, "--team"),
        (("coach", "list", "--owner", "赵六"), 1, "赵六"),
        (("review", "ack", deal, "survey_stale", "--until", "2026-11-10", "--reason", "r"), 2, "2026-11-10"),
        (("review", "ack", deal, "survey_stale", "--until", "today", "--reason", "r"), 2, TODAY),
        (("review", "ack", deal, "bad_luck", "--until", "+7d", "--reason", "r"), 2, "bad_luck"),
        (("review", "ack", deal, "commit_without_backing", "--until", "+7d", "--reason", "r"), 1,
         "commit_without_backing"),
        (("review", "ack", "OPP-0099", "survey_stale", "--until", "+7d", "--reason", "r"), 1, "OPP-0099"),
        (("review", "--team", "王磊", "--owner", "张伟"), 2, "--team"),
        (("review", "--team", "王磊", "--mine"), 2, "--team"),
        (("review", "--team", "赵六"), 1, "赵六"),
    ]
    for args, code, named in cases:
        r = run(*args, code=None)
        assert_clean_error(r, code)
        assert named in r.stderr.splitlines()[0], (args, r.stderr)
        assert dump(tasplus_home) == before, args
    r = run("review", "ack", deal, "commit_without_backing", "--until", "+7d", "--reason", "r", code=None)
    assert r.stderr.splitlines()[0] == "error: OPP-0001 does not carry 'commit_without_backing' now"
    assert "survey_stale" in r.stderr.splitlines()[1] and "no_compelling_event" in r.stderr.splitlines()[1]


def test_an_ack_holds_until_its_day_or_until_its_facts_change(deal, monkeypatch):
    assert "survey_stale" in open_keys(deal) and "no_recent_activity" in open_keys(deal)
    run("review", "ack", deal, "survey-stale", "--until", "+7d", "--reason", "客户封闭评标，两周后再做问卷")
    run("review", "ack", deal, "no_recent_activity", "--until", "+14d", "--reason", "等招标文件")
    d = item(run_json("review"), deal)
    assert "survey_stale" not in [w["key"] for w in d["warnings"]]
    assert [h["key"] for h in d["in_hand"]] == ["survey_stale", "no_recent_activity"]
    ack = next(a for a in d["acknowledged"] if a["key"] == "survey_stale")
    assert ack == {"key": "survey_stale", "title": "survey older than 7 days", "until": "2026-11-24",
                   "reason": "客户封闭评标，两周后再做问卷", "by": "tester", "day": TODAY}
    assert "In hand: survey older than 7 days: acknowledged until 2026-11-24 (客户封闭评标，两周后再做问卷)" \
        in run("review").stdout
    # the facts change: an activity 20 days ago is still not recent, but it is news
    run("activity", "log", deal, "--kind", "call", "--summary", "电话沟通", "--date", "-20d")
    assert "no_recent_activity" in open_keys(deal) and "survey_stale" not in open_keys(deal)
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-23")  # time alone lifts nothing before the day
    assert "survey_stale" not in open_keys(deal)
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-24")  # the day to look again
    assert "survey_stale" in open_keys(deal)


def test_an_action_holds_a_warning_until_it_is_overdue(deal, monkeypatch):
    run("coach", "add", deal, "核实预算批复", "--owner", "张伟", "--due", "+3d", "--warning", "no_compelling_event")
    d = item(run_json("review"), deal)
    assert "no_compelling_event" not in [w["key"] for w in d["warnings"]]
    assert d["in_hand"][0] == {"key": "no_compelling_event", "title": "no confirmed compelling event",
                               "acknowledged": False, "actions": ["AGR-0001"]}
    assert [a["code"] for a in d["actions"]] == ["AGR-0001"] and d["actions_due"] == []
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-20")  # due today: still in hand, and due
    d = item(run_json("review"), deal)
    assert "no_compelling_event" not in [w["key"] for w in d["warnings"]] and d["actions_due"] == ["AGR-0001"]
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-21")  # overdue: the warning is back
    d = item(run_json("review"), deal)
    assert "no_compelling_event" in [w["key"] for w in d["warnings"]]
    assert d["actions"][0]["status"] == "overdue" and d["actions_due"] == ["AGR-0001"]
    out = run("review").stdout
    assert "Actions due" in out and "AGR-0001 核实预算批复 · 张伟 · due 2026-11-20" in out


def test_after_recording_a_review_that_handled_every_warning_the_deal_is_off_the_agenda(deal):
    keys = open_keys(deal)
    assert len(keys) >= 4
    run("coach", "add", deal, "约行长", "--owner", "张伟", "--due", "+7d", "--warning", keys[0])
    for key in keys[1:]:
        run("review", "ack", deal, key, "--until", "+14d", "--reason", "下周再看")
    run("review", "--record")
    data = run_json("review")
    assert item(data, deal) is None and data["deals"] == []
    assert [a["code"] for a in data["actions_last_time"]] == ["AGR-0001"]
    out = run("review").stdout
    assert "Nothing to discuss" in out and "Actions agreed last time" in out and "[open]" in out


def test_commit_without_backing(deal, bank):
    assert "commit_without_backing" not in open_keys(deal)
    set_category(deal, "commit")
    d = item(run_json("review"), deal)
    w = d["warnings"][-1]  # the last row of METHOD §13
    assert w["key"] == "commit_without_backing" and w["data"]["win_rate"] is None
    assert w["title"] == "commit without a win rate to back it" and w["detail"] == "win rate n/a, under 40%"
    assert w["question"] == "What makes this a commit when the comparison says otherwise?"
    assert w["command"] == (f"tasplus survey run {deal}, or tasplus opp edit {deal} --forecast best-case")
    run("competitor", "add", "翼辰软件")
    run("event", "add", deal, "预算已批", "--confirmed")
    run("survey", "run", deal, "--inside-source", "yes", "--our-fit", "5", "--our-closeness", "5",
        "--competitor", "翼辰软件=2,2", "--no-input")
    rate = run_json("winrate", deal)["win_rate"]
    assert rate >= 40 and "commit_without_backing" not in open_keys(deal)
    run("config", "set", "forecast.commit_backing", str(rate + 1))
    assert "commit_without_backing" in open_keys(deal)
    set_category(deal, "best-case")
    assert "commit_without_backing" not in open_keys(deal)


def test_review_is_a_group_and_keeps_its_options():
    out = run("review", "--help").stdout
    for words in ("--since DATE", "--owner", "--team", "--limit", "--format", "--json", "--record", "ack"):
        assert words in out
    assert "--until DATE" in run("review", "ack", "--help").stdout
    assert "Weekly review" in run("review").stdout
    assert_clean_error(run("review", "acknowledge", code=None), 2)


def test_chinese_screens(deal, monkeypatch):
    run("coach", "add", deal, "核实预算批复", "--owner", "张伟", "--due", "+3d", "--warning", "no_compelling_event")
    run("review", "ack", deal, "survey_stale", "--until", "+7d", "--reason", "两周后再做问卷")
    run("review", "--record")
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-21")
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    out = run("review").stdout
    for words in ("上次约定的行动", "已逾期", "到期行动", "已在跟进", "已确认", "两周后再做问卷"):
        assert words in out, words
    assert "Actions" not in out and "overdue" not in out and "In hand" not in out
    assert "已逾期" in run("coach", "list").stdout
    r = run("coach", "done", "AGR-0009", code=None)
    assert r.stderr.startswith("错误") or "没有行动 AGR-0009" in r.stderr


def test_stored_control_characters_in_an_action_are_shown_not_executed(deal, monkeypatch):
    """An action's text and note as an older version or another program may have left them."""
    from sqlalchemy import update

    from tasplus_cli.api import Workspace
    from tasplus_cli.store.models import CoachingAction

    run("coach", "add", deal, "Call", "--owner", "张伟", "--due", "+1d", "--warning", "survey_stale")
    with Workspace.from_environment().session(write=True) as s:
        s.execute(update(CoachingAction).values(text="Call [/bold]\x1b[31m\u202e!", note="n\x1b]8;;x\x07"))
    for args in (("coach", "list"), ("review",), ("review", "--format", "markdown")):
        out = run(*args).stdout
        assert "\x1b" not in out and "\u202e" not in out and "\ufffd" in out, args
        assert ("Call \\[/bold\\]" if "markdown" in args else "Call [/bold]") in out, args
