"""The survey's rules of METHOD §7 and §9 through the CLI (flag form and --json):
every competitor on the deal is ranked (carried scores, unscored ones refused),
surveys are reviewed together (``survey review``), a closed deal's win rate is frozen."""

from __future__ import annotations

import json

import pytest

from helpers import _workspace, assert_clean_error, dump, run, run_json

FOUR = ["甲科技", "乙软件", "丙数据", "丁系统"]


@pytest.fixture
def deal(bank, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-27")
    run("user", "add", "王磊")  # the manager who reviews surveys, and a rep who answers them
    run("user", "add", "张伟", "--manager", "王磊")
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "8000000")
    run("event", "add", "OPP-0001", "监管要求", "--confirmed")
    for name in FOUR:
        run("competitor", "add", name)
    return "OPP-0001"


def survey(*args: str, date: str = "today", code: int | None = 0):
    return run("survey", "run", "OPP-0001", "--inside-source", "yes", "--date", date, *args, code=code)


def four_at_5_5(date: str = "-7d") -> None:
    survey("--our-fit", "2", "--our-closeness", "2", *[a for n in FOUR for a in ("--competitor", f"{n}=5,5")],
           date=date)


# --- item 1: a survey cannot escape rule 2 by leaving competitors out -------------------------

def test_leaving_competitors_out_keeps_them_in_the_ranking(tasplus_home, deal):
    four_at_5_5()
    assert (run_json("winrate", deal)["win_rate"], run_json("winrate", deal)["rank"]) == (0, 5)
    r = survey("--our-fit", "2", "--our-closeness", "2", "--competitor", "甲科技=5,5", "--competitor", "乙软件=5,5")
    assert "win rate 0%, rank 5" in r.stderr  # not 7 % "rank 3 of 3"
    assert "carried" in r.stderr and "丙数据 5/5 (2026-11-20)" in r.stderr and "丁系统 5/5 (2026-11-20)" in r.stderr
    data = run_json("winrate", deal)
    assert (data["win_rate"], data["rank"], len(data["parties"])) == (0, 5, 5)
    carried = {c["name"]: (c["carried"], c["scored_on"]) for c in data["inputs"]["competitors"]}
    assert carried == {"甲科技": (False, "2026-11-27"), "乙软件": (False, "2026-11-27"),
                       "丙数据": (True, "2026-11-20"), "丁系统": (True, "2026-11-20")}
    assert any("carried" in x and "丙数据 5/5 (2026-11-20)" in x for x in data["reasons"])
    out = run("winrate", deal).stdout
    assert "rank 5 of 5" in out and "carried from 2026-11-20" in out


def test_the_stored_point_records_which_scores_were_carried(deal):
    four_at_5_5()
    survey("--our-fit", "2", "--our-closeness", "2", "--competitor", "甲科技=5,5")
    from sqlmodel import select

    from tasplus_cli.store.models import WinRatePoint

    with _workspace().session() as s:
        last = s.exec(select(WinRatePoint).order_by(WinRatePoint.id.desc())).first()
        inputs = json.loads(last.inputs)
    assert last.win_rate == 0 and last.rank == 5
    assert [(c["name"], c["carried"]) for c in inputs["competitors"]] == [
        ("甲科技", False), ("乙软件", True), ("丙数据", True), ("丁系统", True)]


def test_survey_run_json_lists_the_carried_scores(deal):
    four_at_5_5()
    data = run_json("survey", "run", deal, "--inside-source", "yes", "--our-fit", "2", "--our-closeness", "2",
                    "--competitor", "甲科技=5,5")
    assert (data["win_rate"], data["rank"]) == (0, 5)
    assert [(c["name"], c["fit"], c["closeness"], c["carried"], c["scored_on"]) for c in data["carried"]] == [
        (n, 5, 5, True, "2026-11-20") for n in FOUR[1:]]


def test_survey_list_and_show_mark_carried_scores(deal):
    four_at_5_5()
    survey("--our-fit", "2", "--our-closeness", "2", "--competitor", "甲科技=4,4")
    new, old = run_json("survey", "list", deal)
    assert [(c["name"], c["fit"], c["carried"], c["scored_on"]) for c in new["competitors"]] == [
        ("甲科技", 4, False, "2026-11-27"), ("乙软件", 5, True, "2026-11-20"), ("丙数据", 5, True, "2026-11-20"),
        ("丁系统", 5, True, "2026-11-20")]
    assert not any(c["carried"] for c in old["competitors"])
    assert run_json("survey", "show", new["code"]) == new
    out = " ".join(run("survey", "show", new["code"]).stdout.split())
    assert "乙软件 5/5 (carried from 2026-11-20)" in out and "甲科技 4/4 ·" in out
    listed = {c["name"]: (c["fit"], c["scored_on"]) for c in run_json("competitor", "list", "--opp", deal)}
    assert listed == {"甲科技": (4, "2026-11-27"), "乙软件": (5, "2026-11-20"), "丙数据": (5, "2026-11-20"),
                      "丁系统": (5, "2026-11-20")}


@pytest.mark.parametrize("as_json", [False, True])
def test_a_competitor_never_scored_is_refused_naming_it_and_the_ways_out(tasplus_home, deal, as_json):
    four_at_5_5()
    run("competitor", "add", "戊集团", "--opp", deal)
    before = dump(tasplus_home)
    r = survey("--our-fit", "2", "--our-closeness", "2", "--competitor", "甲科技=5,5",
               *(["--json"] if as_json else []), code=None)
    assert_clean_error(r, 2)
    first, hint = r.stderr.splitlines()[:2]
    assert "戊集团" in first and "never scored" in first
    assert '--competitor "戊集团=F,C"' in hint and "tasplus competitor remove 戊集团 --opp OPP-0001 --reason" in hint
    assert dump(tasplus_home) == before
    run("competitor", "remove", "戊集团", "--opp", deal, "--reason", "资格预审未通过")  # way out 2
    assert survey("--our-fit", "2", "--our-closeness", "2").exit_code == 0
    assert run_json("winrate", deal)["rank"] == 5


def test_a_first_survey_must_score_every_competitor_on_the_deal(tasplus_home, deal):
    run("competitor", "add", "甲科技", "--opp", deal)
    before = dump(tasplus_home)
    assert_clean_error(survey("--our-fit", "4", "--our-closeness", "4", code=None), 2)
    assert dump(tasplus_home) == before
    survey("--our-fit", "4", "--our-closeness", "4", "--competitor", "甲科技=3,3")  # way out 1


def test_carried_scores_in_chinese(deal, monkeypatch):
    four_at_5_5()
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    r = survey("--our-fit", "2", "--our-closeness", "2", "--competitor", "甲科技=5,5")
    assert "沿用" in r.stderr and "carried" not in r.stderr
    out = run("winrate", deal).stdout
    assert "沿用自 2026-11-20" in out and "carried" not in out
    run("competitor", "add", "戊集团", "--opp", deal)
    r = survey("--our-fit", "2", "--our-closeness", "2", code=None)
    assert "从未打分" in r.stderr and "never" not in r.stderr


# --- item 3: surveys are answered together: unreviewed, then reviewed -------------------------

def test_a_survey_without_reviewer_is_unreviewed_until_survey_review(tasplus_home, deal):
    r = survey("--our-fit", "4", "--our-closeness", "4", date="-3d")
    assert "tasplus survey review SUR-0001 --by NAME" in r.stderr
    [s] = run_json("survey", "list", deal)
    assert (s["reviewed"], s["reviewed_by"], s["reviewed_on"]) == (False, None, None)
    assert "unreviewed" in run("survey", "show", "SUR-0001").stdout
    data = run_json("survey", "review", "SUR-0001", "--by", "王磊", "--date", "-1d")
    assert data == {"code": "SUR-0001", "opp": deal, "reviewed_by": "王磊", "reviewed_on": "2026-11-26"}
    s = run_json("survey", "show", "sur-1")
    assert (s["reviewed"], s["reviewed_by"], s["reviewed_on"]) == (True, "王磊", "2026-11-26")
    assert "王磊 on 2026-11-26" in run("survey", "show", "SUR-0001").stdout
    before = dump(tasplus_home)
    r = run("survey", "review", "SUR-0001", "--by", "李强", code=None)
    assert_clean_error(r, 2)
    assert "already reviewed by 王磊 on 2026-11-26" in r.stderr
    assert dump(tasplus_home) == before


@pytest.mark.parametrize("args, said", [
    (["SUR-0001", "--by", "王磊", "--date", "+1d"], "in the future"),
    (["SUR-0001", "--by", "王磊", "--date", "-5d"], "before SUR-0001"),
    (["SUR-0009", "--by", "王磊"], "SUR-0009"),
    (["OPP-0001", "--by", "王磊"], "not a survey code"),
    (["SUR-0001", "--by", " "], "--by"),
])
def test_bad_reviews_write_nothing(tasplus_home, deal, args, said):
    survey("--our-fit", "4", "--our-closeness", "4", date="-3d")
    before = dump(tasplus_home)
    r = run("survey", "review", *args, code=None)
    assert r.exit_code in (1, 2) and said in r.stderr.splitlines()[0]
    assert_clean_error(r, 1 if "SUR-0009" in args else 2)
    assert dump(tasplus_home) == before


def test_reviewed_by_at_entry_sets_the_review_day(deal):
    survey("--our-fit", "4", "--our-closeness", "4", "--reviewed-by", "王磊", date="-2d")
    s = run_json("survey", "show", "SUR-0001")
    assert (s["reviewed"], s["reviewed_by"], s["reviewed_on"]) == (True, "王磊", "2026-11-25")
    assert_clean_error(run("survey", "review", "SUR-0001", "--by", "李强", code=None), 2)


def test_review_in_chinese(deal, monkeypatch):
    survey("--our-fit", "4", "--our-closeness", "4")
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    assert "未审阅" in run("survey", "show", "SUR-0001").stdout
    r = run("survey", "review", "SUR-0001", "--by", "王磊")
    assert "已标记为由 王磊" in r.stderr
    r = run("survey", "review", "SUR-0001", "--by", "王磊", code=None)
    assert "已由 王磊 于 2026-11-27 审阅" in r.stderr and "already" not in r.stderr


def test_store_functions_for_the_review(deal, bank):
    from datetime import date

    from tasplus_cli.store.surveys import latest_scores, unreviewed_surveys

    four_at_5_5()
    survey("--our-fit", "2", "--our-closeness", "2", "--competitor", "甲科技=4,3", "--reviewed-by", "王磊")
    survey("--our-fit", "2", "--our-closeness", "2", "--answered-by", "张伟")
    run("competitor", "remove", "丁系统", "--opp", deal, "--reason", "退出")
    with _workspace().session() as s:
        from tasplus_cli.store.opps import get_opp

        oid = get_opp(s, deal).id
        scores = latest_scores(s, [oid])
        pending = unreviewed_surveys(s, [oid])
    ids = {name: i for i, name in enumerate(FOUR, 1)}
    assert scores == {oid: {ids["甲科技"]: (4, 3, date(2026, 11, 27)), ids["乙软件"]: (5, 5, date(2026, 11, 20)),
                            ids["丙数据"]: (5, 5, date(2026, 11, 20))}}
    assert pending == [(oid, "SUR-0001", date(2026, 11, 20), "tester"), (oid, "SUR-0003", date(2026, 11, 27), "张伟")]


# --- item 8: a closed deal's win rate and plan freeze at the close -----------------------------

def test_a_closed_deal_is_frozen_in_opp_show_winrate_and_plan(tasplus_home, deal):
    survey("--our-fit", "4", "--our-closeness", "4", "--competitor", "甲科技=5,3", "--competitor", "乙软件=3,2",
           date="-10d")
    run("opp", "close", deal, "--lost", "--reason", "价格高", "--competitor", "甲科技", "--date", "-5d")
    run("event", "drop", "EVT-0001", "--reason", "项目取消", code=None)  # would make it n/a if recomputed
    show, wr, plan = run_json("opp", "show", deal), run_json("winrate", deal), run_json("plan", deal)
    closed = {"status": "lost", "on": "2026-11-22", "win_rate_on": "2026-11-17"}
    assert show["closed"] == wr["closed"] == plan["closed"] == closed
    assert show["win_rate"] == wr["win_rate"] == plan["win_rate"] == 42
    assert wr["rank"] == plan["rank"] == 1 and wr["reasons"][0].startswith("closed lost on 2026-11-22")
    for out in (run("opp", "show", deal).stdout, run("winrate", deal).stdout, run("plan", deal).stdout):
        assert "closed lost on 2026-11-22" in out.replace("\n", " ")
    before = dump(tasplus_home)
    data = run_json("winrate", "--all")
    assert data == {"recomputed": 0, "moves": []}  # --all skips closed deals
    r = survey("--our-fit", "5", "--our-closeness", "5", "--competitor", "甲科技=1,1", "--competitor", "乙软件=1,1",
               code=None)
    assert_clean_error(r, 2)
    assert "closed" in r.stderr and "2026-11-22" in r.stderr
    assert dump(tasplus_home) == before


def test_a_deal_closed_without_a_win_rate(deal, monkeypatch):
    run("opp", "close", deal, "--abandoned", "--reason", "客户取消")
    data = run_json("winrate", deal)
    assert data["win_rate"] is None and data["closed"]["win_rate_on"] is None
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    out = run("winrate", deal).stdout
    assert "2026-11-27 关闭（放弃）" in out and "closed" not in out
    assert "关闭（放弃）" in run("plan", deal).stdout and "关闭（放弃）" in run("opp", "show", deal).stdout
