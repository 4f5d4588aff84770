"""The competitor-comparison win rate (METHOD §9): every worked example, the
issue's "done when" numbers, and properties of the default formula."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from tasplus_cli.config import DEFAULTS
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.winrate import (Params, Score, SurveyAnswers, check_params, check_score, is_event,
                                        parse_competitor_score, win_rate)


def us(fit: int, closeness: int) -> Score:
    return Score("us", fit, closeness)


def comps(*pairs: tuple[int, int]) -> list[Score]:
    return [Score(f"C{i}", f, c, f"CMP-{i:04d}") for i, (f, c) in enumerate(pairs, 1)]


@pytest.mark.parametrize("ours, theirs, inside, expected", [
    ((4, 4), [(5, 3), (3, 2)], True, 42),             # 64/(64+64+25)
    ((5, 5), [(4, 2), (2, 2)], True, 66),             # 100/(100+36+16)
    ((4, 4), [(5, 3), (3, 2)], False, 29),            # 42 % × 0.7
    ((2, 2), [(5, 5), (4, 4), (3, 3)], True, 0),      # rank 4 → 0
    ((1, 1), [], True, 50),                           # none scored
    ((5, 5), [], True, 50),
    ((3, 2), [], False, 35),                          # 50 × 0.7
])
def test_method_worked_examples(ours, theirs, inside, expected):
    assert win_rate(confirmed_event=True, us=us(*ours), competitors=comps(*theirs), inside_source=inside).value == expected


@pytest.mark.parametrize("ours, theirs", [((4, 4), [(5, 3)]), ((1, 1), []), ((5, 5), [(1, 1)])])
def test_no_confirmed_event_is_not_computed_and_says_why(ours, theirs):
    r = win_rate(confirmed_event=False, us=us(*ours), competitors=comps(*theirs), inside_source=True)
    assert r.value is None and r.base is None
    assert any("no confirmed compelling event" in reason for reason in r.reasons)
    assert r.rank is not None  # the strategy still reads the rank


def test_no_survey_is_not_computed():
    r = win_rate(confirmed_event=True, us=None)
    assert r.value is None and r.rank is None and any("no survey" in x for x in r.reasons)


def test_breakdown_of_the_first_example():
    r = win_rate(confirmed_event=True, us=us(4, 4), competitors=comps((5, 3), (3, 2), (1, 1)), inside_source=True)
    assert r.rank == 1 and r.field == ["C1", "C2"] and r.base == 41.8 and r.factors == []
    assert [(p["strength"], p["rank"], p["in_field"]) for p in r.parties] == [
        (8, 1, True), (8, 1, True), (5, 3, True), (2, 4, False)]
    assert r.parties[0]["share"] == 41.8 and r.parties[3]["share"] is None
    assert r.inputs["us"] == {"fit": 4, "closeness": 4, "strength": 8} and len(r.inputs["competitors"]) == 3


def test_factor_is_listed_when_no_inside_source():
    r = win_rate(confirmed_event=True, us=us(4, 4), competitors=comps((5, 3), (3, 2)), inside_source=False)
    assert r.factors == [{"rule": "no inside source (rule 3)", "factor": 0.7}] and r.base == 41.8
    assert any("× 0.7" in x for x in r.reasons)


def test_field_ties_keep_the_earlier_added():
    r = win_rate(confirmed_event=True, us=us(5, 5), competitors=comps((3, 3), (4, 2), (2, 4)), inside_source=True)
    assert r.field == ["C1", "C2"]


def test_rank_counts_only_strictly_stronger_competitors():
    r = win_rate(confirmed_event=True, us=us(3, 3), competitors=comps((3, 3), (3, 3), (3, 3)), inside_source=True)
    assert r.rank == 1 and r.value == 33  # 36/108


def test_rank_three_still_counts():
    r = win_rate(confirmed_event=True, us=us(3, 3), competitors=comps((5, 5), (4, 4), (3, 3)), inside_source=True)
    assert r.rank == 3 and r.value == round(100 * 36 / (36 + 100 + 64))


def test_exponent_and_factor_come_from_params():
    p = Params(exponent=1, no_inside_source_factor=0.5)
    r = win_rate(confirmed_event=True, us=us(4, 4), competitors=comps((5, 3), (3, 2)), inside_source=False, params=p)
    assert r.value == round(100 * 8 / 21 * 0.5)  # 19.0 → 19


@pytest.mark.parametrize("prev, cur, event", [(40, 50, True), (50, 40, True), (40, 49, False), (None, 80, False),
                                             (80, None, False), (0, 10, True)])
def test_a_move_of_the_threshold_is_an_event(prev, cur, event):
    assert is_event(prev, cur, 10) is event


def test_config_defaults_are_valid_and_guarded():
    check_params(DEFAULTS["winrate"])
    assert Params.from_config(DEFAULTS["winrate"]) == Params()
    for bad in ({"no_inside_source_factor": 0.8}, {"no_inside_source_factor": 0}, {"exponent": 0},
                {"exponent": "2"}, {"change_threshold": 0}, {"change_threshold": 2.5}):
        with pytest.raises(InvalidValue):
            check_params({**DEFAULTS["winrate"], **bad})


@pytest.mark.parametrize("text, parsed", [("翼辰软件=5,3", ("翼辰软件", 5, 3)), ("A=B Corp=1, 2", ("A=B Corp", 1, 2)),
                                          ("澜拓数科＝3，2", ("澜拓数科", 3, 2))])
def test_parse_competitor_score(text, parsed):
    assert parse_competitor_score(text) == parsed


@pytest.mark.parametrize("text", ["翼辰软件", "=3,2", "X=6,2", "X=0,2", "X=3", "X=a,b", "X=3,2,1"])
def test_parse_competitor_score_refuses(text):
    with pytest.raises(InvalidValue):
        parse_competitor_score(text)


def test_scores_are_one_to_five_and_answers_name_the_missing_flag():
    assert check_score(5, "--our-fit") == 5
    for bad in (0, 6, -1, True):
        with pytest.raises(InvalidValue):
            check_score(bad, "--our-fit")
    assert SurveyAnswers().missing_flag().startswith("--inside-source")
    assert SurveyAnswers(inside_source=False, our_fit=3).missing_flag() == "--our-closeness N"
    assert SurveyAnswers(inside_source=True, our_fit=3, our_closeness=2).missing_flag() is None


# --- properties ------------------------------------------------------------------------------

SCORE = st.integers(1, 5)
PAIR = st.tuples(SCORE, SCORE)
FIELD = st.lists(PAIR, max_size=6)


@given(PAIR, FIELD, st.booleans())
def test_always_0_to_100_and_computed_with_a_confirmed_event(ours, theirs, inside):
    r = win_rate(confirmed_event=True, us=us(*ours), competitors=comps(*theirs), inside_source=inside)
    assert r.value is not None and 0 <= r.value <= 100
    assert r.value <= 70 or inside  # rule 3 caps what we can reach without an inside source


@given(PAIR, FIELD, st.booleans(), st.sampled_from(["fit", "closeness"]))
def test_rises_with_our_scores(ours, theirs, inside, which):
    before = win_rate(confirmed_event=True, us=us(*ours), competitors=comps(*theirs), inside_source=inside).value
    fit, close = ours
    better = (min(5, fit + 1), close) if which == "fit" else (fit, min(5, close + 1))
    after = win_rate(confirmed_event=True, us=us(*better), competitors=comps(*theirs), inside_source=inside).value
    assert after >= before


@given(PAIR, FIELD.filter(bool), st.booleans(), st.data())
def test_falls_with_a_competitors_scores(ours, theirs, inside, data):
    i = data.draw(st.integers(0, len(theirs) - 1))
    before = win_rate(confirmed_event=True, us=us(*ours), competitors=comps(*theirs), inside_source=inside).value
    stronger = list(theirs)
    stronger[i] = (min(5, theirs[i][0] + 1), theirs[i][1])
    after = win_rate(confirmed_event=True, us=us(*ours), competitors=comps(*stronger), inside_source=inside).value
    assert after <= before


@given(PAIR, FIELD, st.booleans())
def test_zero_when_rank_above_three(ours, theirs, inside):
    r = win_rate(confirmed_event=True, us=us(*ours), competitors=comps(*theirs), inside_source=inside)
    stronger = sum(1 for f, c in theirs if f + c > sum(ours))
    assert r.rank == stronger + 1
    assert (r.value == 0) == (r.rank > 3)


@given(PAIR, FIELD, st.booleans())
def test_never_computed_without_a_confirmed_event(ours, theirs, inside):
    assert win_rate(confirmed_event=False, us=us(*ours), competitors=comps(*theirs), inside_source=inside).value is None


def test_reasons_keep_their_english_and_are_said_in_chinese():
    from tasplus_cli.messages.phrase import say

    r = win_rate(confirmed_event=True, us=us(4, 4), competitors=comps((5, 3), (3, 2)), inside_source=False)
    assert r.reasons == ["we rank 1 of 3; field: us, C1, C2", "base = 64 / (64 + 64 + 25) = 41.8 %",
                         "no inside source: × 0.7 (rule 3)"]  # --json and the stored points, as always
    assert [say(x, "zh") for x in r.reasons] == ["我方排第 1（共 3 方）；入围：我方、C1、C2",
                                                 "基础份额 = 64 / (64 + 64 + 25) = 41.8 %", "没有内部消息来源：× 0.7（规则3）"]
    r = win_rate(confirmed_event=False, us=us(2, 2), competitors=comps((5, 5), (4, 4), (3, 3)))
    assert [say(x, "zh") for x in r.reasons] == ["没有已确认的必要事件：不计算赢单率（规则1）",
                                                 "按实力（满足度 + 关系紧密度）我方排第 4（共 4 方）"]
    r = win_rate(confirmed_event=True, us=us(2, 2), competitors=comps((5, 5), (4, 4), (3, 3)))
    assert r.reasons == ["we rank 4 of 4: 3 competitors are stronger than our 4; not in the top three → 0 % (rule 2)"]
