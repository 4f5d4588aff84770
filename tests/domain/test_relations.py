"""Map warnings, relationship strategies and the org forest (METHOD §8): table-driven."""

from __future__ import annotations

import pytest

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.relations import (DEFAULT_STRATEGY, Person, Stake, effective, org_forest, strategy_for,
                                          suggestions, validate_mapping, warnings)

BOSS = Person(1, "CON-0001", "王建国", relationship="neutral")
VP = Person(2, "CON-0002", "刘芳", reports_to=1, relationship="negative")
IT = Person(3, "CON-0003", "赵磊", reports_to=2, relationship="positive")
ARCH = Person(4, "CON-0004", "孙悦", reports_to=3)
PEOPLE = {p.id: p for p in (BOSS, VP, IT, ARCH)}


def keys(flags):
    return [(f.key, f.role, f.contacts) for f in flags]


CASES = [
    # (stakes, deal levels, latest survey inside source, expected flag keys)
    pytest.param([], {}, None, ["no_approver", "single_threaded", "no_inside_source"], id="empty deal"),
    pytest.param([Stake(1, "approver", "positive"), Stake(2, "decision-maker", "positive", inside_source=True)],
                 {1: "occasional", 2: "deep"}, None, [], id="healthy"),
    pytest.param([Stake(1, "approver"), Stake(2, "decision-maker", "negative")], {2: "occasional", 3: "multiple"},
                 True, ["negative", "not_contacted", "inside_source_conflict"], id="approver never contacted, decision-maker negative"),
    pytest.param([Stake(1, "approver", "strong-negative")], {1: "deep", 3: "occasional"}, True, ["negative", "inside_source_conflict"],
                 id="approver strong negative"),
    pytest.param([Stake(1, "approver", "neutral"), Stake(2, "decision-maker", "neutral")], {3: "deep"}, True,
                 ["not_contacted", "not_contacted", "single_threaded", "inside_source_conflict"], id="only one person contacted"),
    pytest.param([Stake(1, "approver", "neutral")], {1: "none", 3: "none"}, True,
                 ["not_contacted", "single_threaded", "inside_source_conflict"],
                 id="levels of none do not count as contacted"),
    pytest.param([Stake(1, "approver", "neutral")], {1: "deep", 2: "deep"}, False, ["no_inside_source"],
                 id="survey says no inside source"),
    pytest.param([Stake(1, "approver", "neutral", inside_source=True)], {1: "deep", 2: "deep"}, False, ["inside_source_conflict"],
                 id="a flagged stakeholder and a survey saying none conflict"),
    pytest.param([Stake(3, "evaluator", "strong-negative"), Stake(1, "approver", "neutral")], {1: "deep", 2: "deep"},
                 True, ["inside_source_conflict"],
                 id="evaluators and users raise no people warnings (a survey yes with nobody marked conflicts)"),
    pytest.param([Stake(2, "decision-maker"), Stake(1, "approver", "neutral")], {1: "deep", 2: "deep"}, True,
                 ["negative", "inside_source_conflict"], id="negative overall counts when not judged on the deal"),
    pytest.param([Stake(1, "approver", "neutral", inside_source=True)], {1: "deep", 2: "deep"}, True, [],
                 id="a flagged stakeholder and a survey saying yes agree"),
    pytest.param([Stake(2, "decision-maker", "positive"), Stake(1, "approver", "neutral")], {1: "deep", 2: "deep"},
                 True, ["inside_source_conflict"], id="this deal's status wins over the overall one"),
]


@pytest.mark.parametrize("stakes, levels, survey, expected", CASES)
def test_warnings(stakes, levels, survey, expected):
    flags = warnings("OPP-0001", stakes, PEOPLE, levels, survey)
    assert [f.key for f in flags] == expected
    for f in flags:
        assert f.message and f.question.endswith("?") and f.fix.startswith("tasplus ") and "OPP-0001" in f.fix


def test_warnings_name_the_people_and_roles():
    flags = warnings("OPP-0001", [Stake(1, "approver"), Stake(2, "decision-maker", "negative")],
                     PEOPLE, {2: "occasional", 3: "multiple"}, True)
    assert keys(flags) == [("negative", "decision-maker", ("CON-0002",)), ("not_contacted", "approver", ("CON-0001",)),
                           ("inside_source_conflict", None, ())]
    assert "刘芳" in flags[0].message and "CON-0001" in flags[1].fix
    single = warnings("OPP-0001", [], PEOPLE, {3: "deep"}, True)
    assert keys(single)[-2] == ("single_threaded", None, ("CON-0003",)) and "赵磊" in single[-2].message


@pytest.mark.parametrize("status, strategy", list(DEFAULT_STRATEGY.items()) + [(None, None)])
def test_default_strategy(status, strategy):
    assert strategy_for(status, DEFAULT_STRATEGY) == strategy


def test_strategy_follows_a_configured_mapping():
    assert strategy_for("neutral", {**DEFAULT_STRATEGY, "neutral": "motivate"}) == "motivate"


@pytest.mark.parametrize("stake, person, result", [
    (Stake(2, "user", "positive"), VP, ("positive", "deal")),
    (Stake(2, "user"), VP, ("negative", "overall")),
    (Stake(4, "user"), ARCH, (None, None)),
])
def test_effective_relationship(stake, person, result):
    assert effective(stake, person) == result


def test_suggestions_put_approvers_first():
    out = suggestions([Stake(4, "user"), Stake(2, "decision-maker"), Stake(1, "approver", "strong-positive")],
                      PEOPLE, DEFAULT_STRATEGY)
    assert [(g.contact_id, g.strategy, g.source) for g in out] == [
        (1, "balance", "deal"), (2, "defend", "overall"), (4, None, None)]


@pytest.mark.parametrize("people, roots, children, loose", [
    pytest.param([BOSS, VP, IT, ARCH], [1], {1: [2], 2: [3], 3: [4], 4: []}, [], id="one line"),
    pytest.param([BOSS, Person(5, "CON-0005", "周敏")], [], {1: [], 5: []}, [1, 5], id="nobody reports: all loose"),
    pytest.param([VP, IT], [2], {2: [3], 3: []}, [], id="a boss outside the list counts as none"),
    pytest.param([Person(1, "A", "a", reports_to=2), Person(2, "B", "b", reports_to=1), Person(9, "C", "c")],
                 [], {1: [], 2: [], 9: []}, [1, 2, 9], id="a cycle from old data is listed outside, never loops"),
    pytest.param([Person(1, "A", "a", reports_to=1), Person(2, "B", "b", reports_to=1)], [1], {1: [2], 2: []}, [],
                 id="self-report is a root"),
])
def test_org_forest(people, roots, children, loose):
    f = org_forest(people)
    assert (f.roots, f.children, f.loose) == (roots, children, loose)


@pytest.mark.parametrize("mapping", [{"friendly": "attack"}, {"neutral": "hug"}, ["neutral"]])
def test_bad_strategy_mapping_is_refused(mapping):
    with pytest.raises(InvalidValue):
        validate_mapping(mapping)
