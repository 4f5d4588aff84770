"""The review's slow warnings (METHOD §13, issue "numbers a manager can trust"): a win rate or an
amount drifting since the last review, a close date pushed again and again, stale competitor
scores, unreviewed surveys, expired compelling events, the inside-source conflict (map, plan,
review), a stalled stage (review and ``opp list --stalled``), a strategy that contradicts the
standing and the incumbent rule. Through the CLI, flag form and ``--json``; Chinese screens."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from helpers import assert_clean_error, dump, run, run_json

TODAY = "2026-11-17"


@pytest.fixture(autouse=True)
def rivals(bank):
    """Two competitors in the library (a survey scores only known competitors), and the manager who
    reviews the surveys (a user)."""
    run("user", "add", "王磊")
    run("competitor", "add", "翼辰软件")
    run("competitor", "add", "澜拓数科")


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)
    return TODAY


def deal(bank, name="Core", amount="6000000", *more):
    """An A deal with a confirmed compelling event (its win rate is computed)."""
    code = run_json("opp", "new", name, "--account", bank, "--amount", amount, *more)["code"]
    run("event", "add", code, "预算已批", "--confirmed")
    return code


def survey(code, day, us, *competitors, inside="yes", reviewed=True):
    args = ["survey", "run", code, "--date", day, "--inside-source", inside, "--our-fit", str(us[0]),
            "--our-closeness", str(us[1])]
    for name, fit, closeness in competitors:
        args += ["--competitor", f"{name}={fit},{closeness}"]
    return run(*args, *(["--reviewed-by", "王磊"] if reviewed else []))


def warnings_of(data, code):
    return next((d["warnings"] for d in data["deals"] if d["code"] == code), [])


def keyed(data, code, key):
    return [w for w in warnings_of(data, code) if w["key"] == key]


def test_five_week_slide_is_one_warning_of_minus_22(bank, today):
    code = deal(bank)
    weeks = [("2026-10-19", (4, 4), (2, 2), (3, 2)), ("2026-10-26", (4, 3), (1, 1), (3, 3)),
             ("2026-11-02", (4, 4), (2, 2), (4, 3)), ("2026-11-09", (4, 3), (3, 2), (3, 3)),
             ("2026-11-16", (2, 2), (2, 1), (2, 2))]
    rates = []
    for i, (day, us, a, b) in enumerate(weeks):
        survey(code, day, us, ("翼辰软件", *a), ("澜拓数科", *b))
        rates.append(run_json("winrate", code)["win_rate"])
        if i == 0:
            run("review", "--record")  # the last recorded review: the slide counts from 61
    assert rates == [61, 55, 50, 45, 39]  # each step < 10 points: no single "win rate moved" event
    data = run_json("review")
    assert not keyed(data, code, "win_rate_moved")
    [w] = keyed(data, code, "win_rate_drifted")
    assert w["data"]["change"] == -22 and (w["data"]["from"], w["data"]["to"]) == (61, 39)
    assert "−22" in w["detail"] and w["question"].startswith("We have been losing ground")
    assert "tasplus winrate OPP-0001" in w["command"]
    out = run("review").stdout
    assert "win rate drifted" in out and "−22" in out


def test_a_slide_counts_from_the_window_start_when_no_review_was_recorded(bank, today):
    code = deal(bank)
    survey(code, "2026-11-01", (4, 4), ("翼辰软件", 2, 2), ("澜拓数科", 3, 2))  # 61
    data = run_json("review", "--since", "2026-11-01")  # the window opens after the first point
    assert not keyed(data, code, "win_rate_drifted")


def test_amount_moved_since_the_last_review(bank, today):
    code = deal(bank)
    run("review", "--record")
    run("opp", "edit", code, "--amount", "6500000", "--reason", "扩容")
    assert not keyed(run_json("review"), code, "amount_moved")  # +8 %: below big_amount_change (20 %)
    run("opp", "edit", code, "--amount", "8000000", "--reason", "再扩容")
    [w] = keyed(run_json("review"), code, "amount_moved")
    assert w["data"] == dict(w["data"], old="6,000,000 CNY", new="8,000,000 CNY")


def test_close_date_pushed_twice(bank, today):
    code = deal(bank, "Core", "6000000", "--close-date", "2026-12-31")
    run("opp", "edit", code, "--close-date", "2027-03-31", "--reason", "客户推迟")
    assert not keyed(run_json("review"), code, "close_date_pushed")  # once is not yet a pattern
    run("opp", "edit", code, "--close-date", "2027-02-28", "--reason", "提前")  # earlier: no push
    run("opp", "edit", code, "--close-date", "2027-06-30", "--reason", "又推迟")
    [w] = keyed(run_json("review"), code, "close_date_pushed")
    assert w["title"] == "close date pushed 2 times" and w["data"]["times"] == 2
    assert w["detail"] == "first expected 2026-12-31, now 2027-06-30"
    assert w["question"] == "What really decides the date?"


def test_competitor_not_rescored(bank, today):
    code = deal(bank)
    survey(code, "2026-10-20", (4, 4), ("翼辰软件", 3, 3), ("澜拓数科", 3, 2))
    survey(code, "2026-11-16", (4, 4), ("翼辰软件", 3, 3))  # 澜拓数科 left out: its score is carried
    [w] = keyed(run_json("review"), code, "competitor_not_rescored")
    assert w["data"] == dict(w["data"], competitor="澜拓数科", days=28, last="2026-10-20")
    assert w["detail"] == "澜拓数科 not re-scored for 28 days (last scored 2026-10-20)"
    assert "--competitor '澜拓数科=FIT,CLOSENESS'" in w["command"] or "--competitor 澜拓数科=FIT,CLOSENESS" in w["command"]


def test_survey_not_reviewed_lists_the_surveys_of_ab_deals(bank, today):
    code = deal(bank)
    small = deal(bank, "Small", "100000")
    survey(code, "2026-11-10", (4, 4), ("翼辰软件", 3, 3), reviewed=False)
    survey(code, "2026-11-16", (4, 4), ("翼辰软件", 3, 3), reviewed=True)
    survey(small, "2026-11-16", (4, 4), ("翼辰软件", 3, 3), reviewed=False)
    data = run_json("review", "--limit", "0")
    [w] = keyed(data, code, "survey_not_reviewed")
    assert w["data"]["surveys"] == ["SUR-0001"] and w["question"] == "Let's go through these four answers together."
    assert w["command"] == "tasplus survey review SUR-0001 --by NAME" and "SUR-0001 (2026-11-10)" in w["detail"]
    assert not keyed(data, small, "survey_not_reviewed")  # a D deal's surveys are not the meeting's


def test_expired_event_until_confirmed_with_a_new_deadline(bank, tasplus_home, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2026-10-15")
    code = run_json("opp", "new", "Core", "--account", bank, "--amount", "6000000")["code"]
    run("event", "add", code, "监管要求年底前上线", "--kind", "regulation", "--deadline", "2026-11-01", "--confirmed")
    assert not keyed(run_json("review"), code, "compelling_event_expired")
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)
    [w] = keyed(run_json("review"), code, "compelling_event_expired")
    assert w["title"] == "compelling event expired on 2026-11-01: is it still true?"
    assert w["detail"] == "EVT-0001 监管要求年底前上线" and w["data"]["event"] == "EVT-0001"
    assert w["command"] == ("tasplus event confirm EVT-0001 --deadline DATE, "
                            "or tasplus event drop EVT-0001 --reason TEXT")
    before = dump(tasplus_home)
    assert_clean_error(run("event", "confirm", "EVT-0001", code=None), 1)  # confirmed already, no new date
    assert_clean_error(run("event", "confirm", "EVT-0001", "--deadline", "someday", code=None), 2)
    r = run("event", "confirm", "EVT-0001", "--deadline", "2026-11-10", code=None)  # passed already: still expired
    assert_clean_error(r, 2)
    assert r.stderr.startswith("error: --deadline 2026-11-10 has already passed (today is 2026-11-17)")
    assert dump(tasplus_home) == before
    out = run("event", "confirm", "EVT-0001", "--deadline", "2027-03-31").stderr
    assert "EVT-0001" in out and "2027-03-31" in out
    assert run_json("event", "list", code)[0]["deadline"] == "2027-03-31"
    assert not keyed(run_json("review"), code, "compelling_event_expired")
    history = run_json("opp", "history", code)
    assert history[-1]["old"] == "EVT-0001 confirmed, deadline 2026-11-01"
    assert history[-1]["new"] == "EVT-0001 confirmed, deadline 2027-03-31"


def test_dropping_an_expired_event_clears_it(bank, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)
    code = run_json("opp", "new", "Core", "--account", bank, "--amount", "6000000")["code"]
    run("event", "add", code, "合同到期", "--deadline", "2026-11-01", "--confirmed")
    assert keyed(run_json("review"), code, "compelling_event_expired")
    run("event", "drop", "EVT-0001", "--reason", "续签了")
    assert not keyed(run_json("review"), code, "compelling_event_expired")


def test_inside_source_conflict_in_map_plan_and_review(bank, today):
    code = deal(bank)
    run("stakeholder", "add", code, "王建国", "--role", "approver", "--inside-source")
    survey(code, "2026-11-16", (4, 4), ("翼辰软件", 3, 3), inside="no")
    expected = "inside source conflict: 王建国 marked inside source, but the latest survey says none"
    [m] = [w for w in run_json("map", code)["warnings"] if w["key"] == "inside_source_conflict"]
    assert m["message"] == expected and m["question"] == "Do we have someone inside or not?"
    assert m["contacts"] == ["CON-0001"] and "--no-inside-source" in m["fix"]
    [p] = run_json("plan", code)["warnings"]
    assert p["key"] == "inside_source_conflict" and p["message"] == expected
    [r] = keyed(run_json("review"), code, "inside_source_conflict")
    assert r["title"] == expected
    assert "inside source conflict" in run("map", code).stdout and "inside source conflict" in run("plan", code).stdout
    # the reverse: the survey says yes while nobody is marked
    run("stakeholder", "edit", code, "王建国", "--no-inside-source")
    survey(code, "2026-11-17", (4, 4), ("翼辰软件", 3, 3), inside="yes")
    [r] = keyed(run_json("review"), code, "inside_source_conflict")
    assert r["title"] == "inside source conflict: the latest survey says we have one, but no stakeholder is marked"
    # they agree: no conflict anywhere
    run("stakeholder", "edit", code, "王建国", "--inside-source")
    assert not keyed(run_json("review"), code, "inside_source_conflict")
    assert run_json("plan", code)["warnings"] == []
    assert not [w for w in run_json("map", code)["warnings"] if w["key"] == "inside_source_conflict"]


def test_stalled_in_review_and_opp_list(bank, monkeypatch):
    later = datetime.now(timezone.utc).date() + timedelta(days=20)  # the deals entered their stage today (UTC)
    monkeypatch.setenv("TASPLUS_TODAY", later.isoformat())
    stuck = deal(bank, "Core")  # validate: 14 days expected
    small = run_json("opp", "new", "Small", "--account", bank, "--amount", "100000")["code"]
    [w] = keyed(run_json("review"), stuck, "stalled_in_stage")
    assert w["title"] == "stalled in validate for 20 days" and w["data"]["expected_days"] == 14
    assert w["question"] == "What is holding this stage up, and what moves it?"
    assert "tasplus plan OPP-0001" in w["command"]
    assert [d["code"] for d in run_json("opp", "list", "--stalled")] == [stuck, small]
    run("opp", "advance", small, "--to", "analyze")  # a stage move restarts the count; analyze expects 30 days
    assert [d["code"] for d in run_json("opp", "list", "--stalled")] == [stuck]
    assert run_json("opp", "list", "--stalled", "--stage", "analyze") == []
    assert [d["code"] for d in run_json("opp", "list", "--stage", "analyze")] == [small]
    assert "Small" not in run("opp", "list", "--stalled").stdout
    run("opp", "close", stuck, "--abandoned", "--reason", "放弃")
    assert run_json("opp", "list", "--stalled", "--status", "all") == []  # only open deals stall


def test_frontal_at_rank_three_contradicts_the_standing(bank, today):
    code = deal(bank)
    survey(code, "2026-11-16", (3, 3), ("翼辰软件", 4, 4), ("澜拓数科", 4, 3))  # rank 3, no fit advantage
    run("strategy", "set", code, "frontal", "--rationale", "硬拼")
    [w] = keyed(run_json("review"), code, "strategy_contradicts_standing")
    assert (w["data"]["chosen"], w["data"]["suggested"]) == ("frontal", "fragmentation")
    assert w["detail"].startswith("chosen frontal; suggested fragmentation: we rank 3")
    assert w["command"] == "tasplus strategy set OPP-0001 fragmentation --rationale TEXT"
    assert w["question"] == "Why this strategy from where we stand?"
    run("strategy", "set", code, "fragmentation", "--rationale", "分包")
    assert not keyed(run_json("review"), code, "strategy_contradicts_standing")


def test_incumbent_us_suggests_defensive_everywhere(bank, tasplus_home, today):
    code = deal(bank)
    survey(code, "2026-11-16", (3, 3), ("翼辰软件", 4, 4), ("澜拓数科", 2, 2))  # rank 2, no fit advantage
    assert run_json("strategy", "suggest", code)["strategy"] == "fragmentation"
    run("opp", "edit", code, "--incumbent", "us", "--reason", "现有核心系统是我们的")
    sug = run_json("strategy", "suggest", code)
    assert sug["strategy"] == "defensive" and "incumbent" in sug["reason"]
    assert run_json("plan", code)["suggestion"]["strategy"] == "defensive"
    run("strategy", "set", code, "fragmentation")
    [w] = keyed(run_json("review"), code, "strategy_contradicts_standing")
    assert w["data"]["suggested"] == "defensive"
    history = run_json("opp", "history", code)
    assert [h for h in history if h["field"] == "incumbent"][-1]["new"] == "us"
    run("opp", "edit", code, "--incumbent", "翼辰软件")
    assert run_json("strategy", "suggest", code)["strategy"] == "fragmentation"
    before = dump(tasplus_home)
    assert_clean_error(run("opp", "edit", code, "--incumbent", "无名公司", code=None), 1)
    assert_clean_error(run("opp", "edit", code, "--incumbent", " ", code=None), 2)
    assert dump(tasplus_home) == before
    run("opp", "edit", code, "--incumbent", "none")
    assert [h for h in run_json("opp", "history", code) if h["field"] == "incumbent"][-1]["old"] == "翼辰软件"


def test_incumbent_at_rank_one_with_a_clear_margin(bank, today):
    code = deal(bank)
    survey(code, "2026-11-16", (5, 5), ("翼辰软件", 3, 3))
    assert run_json("strategy", "suggest", code)["strategy"] == "frontal"
    run("opp", "edit", code, "--incumbent", "us")
    assert run_json("strategy", "suggest", code)["strategy"] == "defensive"


def test_new_warnings_in_chinese(bank, monkeypatch):
    later = datetime.now(timezone.utc).date() + timedelta(days=20)
    monkeypatch.setenv("TASPLUS_TODAY", later.isoformat())
    run("competitor", "add", "云擎科技")
    code = run_json("opp", "new", "Core", "--account", bank, "--amount", "6000000", "--close-date", "+30d")["code"]
    run("event", "add", code, "预算已批", "--deadline", "-1d", "--confirmed")
    day = lambda n: (later - timedelta(days=n)).isoformat()  # noqa: E731
    survey(code, day(30), (4, 4), ("翼辰软件", 2, 2), ("澜拓数科", 3, 2), ("云擎科技", 1, 1), reviewed=False)  # 61
    run("review", "--record")
    survey(code, day(7), (4, 3), ("翼辰软件", 1, 1), ("澜拓数科", 3, 3), reviewed=False)  # 55
    survey(code, day(0), (4, 4), ("翼辰软件", 2, 2), ("澜拓数科", 4, 3), reviewed=False)  # 50: rank 1, narrow
    run("strategy", "set", code, "frontal")
    run("opp", "edit", code, "--close-date", "+60d", "--amount", "9000000")
    run("opp", "edit", code, "--close-date", "+90d")
    keys = {w["key"] for w in warnings_of(run_json("review"), code)}
    assert {"win_rate_drifted", "amount_moved", "competitor_not_rescored", "survey_not_reviewed",
            "compelling_event_expired", "inside_source_conflict", "stalled_in_stage", "close_date_pushed",
            "strategy_contradicts_standing"} <= keys
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    out = run("review").stdout
    for words in ("赢单率持续漂移", "自上次周会以来赢单率变化 −11", "自上次周会以来金额变化较大", "云擎科技 已 30 天未重新打分",
                  "问卷未经经理审核", "必要事件已于", "内线信息矛盾：最近一次问卷说有内线", "在「验证商机」阶段停滞 20 天",
                  "预计签约日期已推迟 2 次", "竞争策略与当前排名不符", "已选正面；建议", "我们到底有没有内线？",
                  "我们一起把这四个回答过一遍。"):
        assert words in out, words
    for english in ("win rate drifted", "not re-scored", "stalled in", "pushed", "contradicts", "inside source"):
        assert english not in out, english
    md = run("review", "--format", "markdown").stdout
    assert "赢单率持续漂移" in md and "预计签约日期已推迟 2 次" in md
