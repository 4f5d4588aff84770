"""``tasplus winrate`` end to end: the issue's "done when" numbers in the table and
in --json, recomputing on compelling events, the curve and its events, --all."""

from __future__ import annotations

import json

import pytest

from helpers import assert_clean_error, dump, run, run_json

SCORES = ["--our-fit", "4", "--our-closeness", "4", "--competitor", "翼辰软件=5,3", "--competitor", "澜拓数科=3,2"]


@pytest.fixture
def deal(bank, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-27")
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "8000000")
    run("competitor", "add", "翼辰软件")
    run("competitor", "add", "澜拓数科")
    return "OPP-0001"


def survey(*args: str, date: str = "today"):
    return run("survey", "run", "OPP-0001", "--date", date, *args)


@pytest.mark.parametrize("inside, scores, expected", [
    ("yes", SCORES, 42),
    ("no", SCORES, 29),
    ("yes", ["--our-fit", "2", "--our-closeness", "2", "--competitor", "翼辰软件=5,5", "--competitor", "澜拓数科=4,4",
             "--competitor", "Halvorsen=3,3"], 0),
    ("yes", ["--our-fit", "3", "--our-closeness", "1"], 50),
])
def test_done_when_numbers(deal, inside, scores, expected):
    run("event", "add", deal, "监管要求", "--confirmed")
    if "Halvorsen=3,3" in scores:
        run("competitor", "add", "Halvorsen")
    survey("--inside-source", inside, *scores)
    data = run_json("winrate", deal)
    assert data["win_rate"] == expected and data["code"] == deal
    assert {"code", "win_rate", "rank", "reasons", "inputs", "history", "stage_probability"} <= set(data)
    assert data["history"][-1]["win_rate"] == expected and data["history"][-1]["date"] == "2026-11-27"
    assert f"Win rate {expected}%" in run("winrate", deal).stdout
    assert run_json("opp", "show", deal)["win_rate"] == expected
    assert run_json("opp", "list")[0]["win_rate"] == expected
    if expected == 0:
        assert data["rank"] == 4 and any("not in the top three" in r for r in data["reasons"])
    if expected == 50:
        assert data["inputs"]["competitors"] == [] and any("only know ourselves" in r for r in data["reasons"])


def test_not_computed_without_a_confirmed_event_and_says_why(deal):
    survey("--inside-source", "yes", *SCORES)
    data = run_json("winrate", deal)
    assert data["win_rate"] is None and data["rank"] == 1
    assert any("no confirmed compelling event" in r for r in data["reasons"])
    out = run("winrate", deal).stdout
    assert "Win rate n/a" in out and "no confirmed compelling event" in out
    assert run_json("opp", "show", deal)["win_rate"] is None


def test_no_survey_yet(deal):
    data = run_json("winrate", deal)
    assert data["win_rate"] is None and data["history"] == [] and any("no survey" in r for r in data["reasons"])
    assert "no points yet" in run("winrate", deal).stdout


def test_confirming_and_dropping_an_event_recompute(deal):
    run("event", "add", deal, "预算待批")
    survey("--inside-source", "yes", *SCORES)
    run("event", "confirm", "EVT-0001")
    assert run_json("opp", "show", deal)["win_rate"] == 42
    run("event", "drop", "EVT-0001", "--reason", "预算推迟")
    data = run_json("winrate", deal)
    assert [(p["win_rate"], p["trigger"]) for p in data["history"]] == [(None, "survey"), (42, "event"),
                                                                      (None, "event")]
    assert run_json("opp", "show", deal)["win_rate"] is None
    run("event", "add", deal, "新的监管要求", "--confirmed")
    run("event", "add", deal, "第二个理由", "--confirmed")  # nothing changes: no new point
    assert [p["win_rate"] for p in run_json("winrate", deal)["history"]] == [None, 42, None, 42]


def test_a_big_move_is_an_event_and_a_history_line(deal):
    run("event", "add", deal, "监管要求", "--confirmed")
    survey("--inside-source", "yes", *SCORES, date="-7d")
    survey("--inside-source", "no", *SCORES)  # 42 → 29
    survey("--inside-source", "no", "--our-fit", "4", "--our-closeness", "5", "--competitor", "翼辰软件=5,3",
           "--competitor", "澜拓数科=3,2")  # 29 → 33
    hist = run_json("winrate", deal)["history"]
    assert [(p["date"], p["win_rate"], p["change"], p["is_event"]) for p in hist] == [
        ("2026-11-20", 42, None, False), ("2026-11-27", 29, -13, True), ("2026-11-27", 33, 4, False)]
    lines = [h for h in run_json("opp", "history", deal) if h["field"] == "win_rate"]
    assert [(h["old"], h["new"]) for h in lines] == [("42%", "29%")]
    out = run("winrate", deal).stdout
    assert "11-20" in out and "11-27" in out and "▼" in out  # the chart with its dates and the event mark


def test_taking_a_competitor_off_recomputes(deal):
    run("event", "add", deal, "监管要求", "--confirmed")
    survey("--inside-source", "yes", *SCORES)
    run("competitor", "remove", "翼辰软件", "--opp", deal, "--reason", "资格预审未通过")
    data = run_json("winrate", deal)
    assert data["win_rate"] == 72 and data["field"] == ["澜拓数科"]  # 64/(64+25)
    assert data["history"][-1]["trigger"] == "competitor"


def test_all_recomputes_open_deals_and_reports_moves(deal):
    run("event", "add", deal, "监管要求", "--confirmed")
    survey("--inside-source", "yes", *SCORES)
    assert run_json("winrate", "--all") == {"recomputed": 1, "moves": []}
    run("config", "set", "winrate.exponent", "1")
    result = run_json("winrate", "--all")
    assert result["recomputed"] == 1 and [(m["code"], m["from"], m["to"]) for m in result["moves"]] == [
        (deal, 42, 38)]  # 8/(8+8+5)
    run("config", "set", "winrate.exponent", "2")
    r = run("winrate", "--all")
    assert "1 moved" in r.stderr and "OPP-0001" in r.stdout
    assert "\x1b" not in r.stderr  # no progress bar outside a terminal


def test_usage_errors(tasplus_home, deal):
    before = dump(tasplus_home)
    assert_clean_error(run("winrate", code=None), 2)
    assert_clean_error(run("winrate", deal, "--all", code=None), 2)
    assert_clean_error(run("winrate", "OPP-0099", code=None), 1)
    assert_clean_error(run("config", "set", "winrate.no_inside_source_factor", "0.8", code=None), 2)
    assert dump(tasplus_home) == before


def test_stored_point_keeps_inputs_and_reasons(deal):
    run("event", "add", deal, "监管要求", "--confirmed")
    r = json.loads(survey("--inside-source", "no", *SCORES, "--json").stdout)
    assert r["win_rate"] == 29 and r["code"] == "SUR-0001"
    point = run_json("winrate", deal)["history"][0]
    assert point["survey"] == "SUR-0001" and any("× 0.7" in x for x in point["reasons"])
