"""Forecasts, funnel, conversion, strategy suggestion and review warnings (METHOD §9–§13)."""

from __future__ import annotations

from datetime import date

import pytest

from tasplus_cli.domain import forecast
from tasplus_cli.domain.relations import Flag
from tasplus_cli.domain.review import DealReview, on_agenda, warnings
from tasplus_cli.domain.strategy import Standing, suggest
from tasplus_cli.messages import text

TODAY = date(2026, 11, 27)


def line(code, stage, grade, amount, prob, rate, reg=None):
    return forecast.DealLine(code, stage, grade, amount * 100, prob, rate, reg)


def test_forecasts_side_by_side():
    deals = [line("a", "present", "A", 8_000_000, 40, 42), line("b", "bid", "C", 900_000, 80, None),
             line("e1", "present", "E", 800_000, 40, 60, "approved"), line("e2", "present", "E", 500_000, 40, 60, "pending")]
    assert forecast.classic(deals) == (3_200_000 + 720_000 + 320_000) * 100
    assert forecast.tasplus(deals) == (3_360_000 + 0 + 480_000) * 100


@pytest.mark.parametrize("prob, rate, flagged", [(80, 50, True), (80, 51, False), (40, 10, True), (90, None, False)])
def test_stage_optimism(prob, rate, flagged):
    assert forecast.stage_optimism(prob, rate) is flagged


def test_funnel_splits_by_grade_class_and_counts_only_approved_e():
    deals = [line("a", "present", "A", 100, 40, 50), line("c", "present", "C", 10, 40, 0),
             line("e", "present", "E", 7, 40, 0, "pending"), line("e2", "bid", "E", 5, 80, 20, "approved")]
    rows = {r.stage: r for r in forecast.funnel(["present", "bid"], deals)}
    assert rows["present"].count == 2 and rows["present"].amount_minor == 11_000
    assert rows["present"].by_class == {"AB": (1, 10_000), "CD": (1, 1_000), "E": (0, 0)}
    assert rows["bid"].by_class["E"] == (1, 500)


def test_conversion_from_history():
    stages = ["validate", "initiate", "analyze"]
    reached = {"1": {"validate", "initiate", "analyze"}, "2": {"validate"}, "3": {"validate", "initiate"},
               "4": {"analyze"}}
    assert forecast.conversion(stages, reached) == [("validate", "initiate", 3, 2), ("initiate", "analyze", 2, 1)]
    # deal 3 is still open in initiate: undecided, so it does not count against initiate yet
    assert forecast.conversion(stages, reached, {"3": "initiate"})[1] == ("initiate", "analyze", 1, 1)


def st(rank, us, our_fit, lead, lead_fit):
    return Standing(rank=rank, our_strength=us, our_fit=our_fit, leader_strength=lead, leader_fit=lead_fit,
                    leader_name="云擎")


@pytest.mark.parametrize("standing, event, surveyed, expected", [
    (st(1, 9, 5, 6, 3), True, True, "frontal"),
    (st(1, 8, 4, 7, 4), True, True, "defensive"),
    (st(2, 6, 4, 8, 3), True, True, "flanking"),
    (st(3, 5, 2, 8, 4), True, True, "fragmentation"),
    (st(4, 4, 2, 10, 5), True, True, "development"),
    (st(1, 9, 5, 6, 3), False, True, "development"),
    (None, True, False, None),
    (None, True, True, None),
])
def test_strategy_suggestion(standing, event, surveyed, expected):
    s = suggest(standing, event, surveyed)
    assert s.strategy == expected and s.reason


def test_incumbent_defends_even_with_a_margin():
    assert suggest(st(1, 9, 5, 6, 3), True, incumbent=True).strategy == "defensive"


def base(**kw):
    d = dict(code="OPP-0001", name="核心系统升级", owner="张伟", grade="A", graded_up=False, stage="present",
             stage_index=3, analyze_index=2, stage_probability=40, status="open", close_date=date(2027, 3, 1),
             confirmed_events=1, last_survey=date(2026, 11, 25), competitors_scored=2, rank=1,
             win_rate=42, last_done_activity=date(2026, 11, 20), has_strategy=True, has_value_proposition=True)
    d.update(kw)
    return DealReview(**d)


@pytest.mark.parametrize("change, key", [
    ({"confirmed_events": 0}, "no_compelling_event"),
    ({"events_lost": ["预算推迟"]}, "compelling_event_lost"),
    ({"rank": 4}, "not_top_three"),
    ({"competitors_scored": 0}, "competition_unknown"),
    ({"last_survey": date(2026, 11, 19)}, "survey_stale"),
    ({"win_rate_moves": [(30, 45, "inside source found")]}, "win_rate_moved"),
    ({"stage_probability": 80, "win_rate": 42}, "stage_optimism"),
    ({"last_done_activity": date(2026, 11, 12)}, "no_recent_activity"),
    ({"overdue_activities": 2}, "overdue_activities"),
    ({"close_date": date(2026, 11, 26)}, "close_date_passed"),
    ({"has_value_proposition": False}, "plan_missing"),
])
def test_each_warning_fires_alone(change, key):
    assert [w.key for w in warnings(base(), TODAY)] == []
    got = warnings(base(**change), TODAY)
    assert [w.key for w in got] == [key]
    assert got[0].question == text(f"review.{key}.question", "en") and got[0].command.startswith("tasplus")


def test_map_flags_become_review_warnings_in_method_order():
    flags = [Flag("not_contacted", "approver 王建国 has never been contacted", "Who can get us a meeting?", "tasplus a"),
             Flag("no_inside_source", "no inside source", "Who inside tells us the truth?", "tasplus b")]
    got = warnings(base(confirmed_events=0, map_flags=flags, overdue_activities=1), TODAY)
    assert [w.key for w in got] == ["no_compelling_event", "no_inside_source", "key_person_not_contacted",
                                    "overdue_activities"]
    assert got[2].question == "Who can get us a meeting?" and got[2].command == "tasplus a"


def test_agenda_selection():
    quiet = base()
    assert not on_agenda(quiet, [])
    assert on_agenda(base(changes=[{"field": "stage", "old": "analyze", "new": "present", "reason": None}]), [])
    small = base(grade="C", changes=[{"field": "amount", "old": "1", "new": "2", "reason": None}])
    assert not on_agenda(small, warnings(small, TODAY) or [object()])
    assert on_agenda(base(grade="D", big_change=True), [])


def test_closed_deals_raise_no_warnings():
    assert warnings(base(status="won", confirmed_events=0), TODAY) == []


def test_what_moved_names_the_inputs_in_survey_order_in_both_languages():
    from tasplus_cli.domain.review_changes import what_moved
    from tasplus_cli.messages.phrase import say

    before = {"confirmed_event": True, "inside_source": False, "us": {"fit": 3, "closeness": 3},
              "competitors": [{"name": "B", "fit": 4, "closeness": 4}, {"name": "A", "fit": 2, "closeness": 2}]}
    after = {"confirmed_event": True, "inside_source": True, "us": {"fit": 3, "closeness": 4},
             "competitors": [{"name": "C", "fit": 3, "closeness": 3}, {"name": "B", "fit": 5, "closeness": 4},
                             {"name": "A", "fit": 2, "closeness": 1}]}
    why = what_moved(before, after)
    assert why == "inside source no → yes; our closeness 3 → 4; C scored (3,3); B fit 4 → 5; A closeness 2 → 1"
    assert say(why, "zh") == "内线 无 → 有；我方关系紧密度 3 → 4；C 已打分（3,3）；B 满足度 4 → 5；A 关系紧密度 2 → 1"
    assert what_moved({}, after) == "first computed value"
