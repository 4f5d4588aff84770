"""Table-driven tests of the pure TAS+ rules of the foundation (METHOD §1–2)."""

from __future__ import annotations

from datetime import date

import pytest

from tasplus_cli.config import DEFAULTS, load
from tasplus_cli.domain.dates import parse_date
from tasplus_cli.domain.errors import GateBlocked, InvalidValue
from tasplus_cli.domain.deals import DealFilter
from tasplus_cli.domain.grading import DEFAULT_THRESHOLDS, Graded, auto_grade, grade_class, grade_for_amount
from tasplus_cli.domain.money import fmt, major, parse_amount
from tasplus_cli.domain.names import NAME_MAX, require_text
from tasplus_cli.domain.people import would_cycle
from tasplus_cli.domain.stages import FULL_PROCESS, DealFacts, blocked, check_move, check_win, gate_report
from tasplus_cli.domain.stages import gates_between, missing_gates
from tasplus_cli.domain import vocab
from tasplus_cli.messages.phrase import say

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def tpl():
    return load().settings.template


@pytest.mark.parametrize("amount, grade", [
    (6_000_000, "A"), (5_000_000, "A"), (4_999_999, "B"), (1_000_000, "B"), (999_999.99, "C"),
    (300_000, "C"), (299_999, "D"), (200_000, "D"), (0, "D"),
])
def test_grade_by_amount(amount, grade):
    assert grade_for_amount(parse_amount(str(amount)), DEFAULT_THRESHOLDS) == grade


def test_partner_deals_are_e_whatever_the_amount():
    assert auto_grade(parse_amount("9000000"), "宁波智联", DEFAULT_THRESHOLDS) == "E"
    assert [grade_class(g) for g in "ABCDE"] == ["AB", "AB", "CD", "CD", "E"]


@pytest.mark.parametrize("text, minor", [
    ("1200000", 120_000_000), ("1,200,000.50", 120_000_050), ("120万", 120_000_000), ("1.2亿", 12_000_000_000),
    ("0", 0), (" 300_000 ", 30_000_000),
])
def test_parse_amount(text, minor):
    assert parse_amount(text) == minor


@pytest.mark.parametrize("text", ["abc", "-5", "1e30", "NaN", "", "1.234", "inf", "10000000000000000"])
def test_parse_amount_refuses(text):
    with pytest.raises(InvalidValue):
        parse_amount(text)


def test_money_display():
    assert fmt(120_000_050, "CNY") == "1,200,000.50 CNY"
    assert major(600_000_000) == 6_000_000 and major(150) == 1.5


@pytest.mark.parametrize("text, expected", [
    ("2027-03-31", date(2027, 3, 31)), ("today", TODAY), ("+14d", date(2026, 12, 11)), ("-1w", date(2026, 11, 20)),
    ("next-friday", date(2026, 12, 4)), ("last-friday", date(2026, 11, 20)), ("tomorrow", date(2026, 11, 28)),
])
def test_parse_date(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2027-02-30", "31/12/2027", "soon", "+d"])
def test_parse_date_refuses(text):
    with pytest.raises(InvalidValue):
        parse_date(text, TODAY)


@pytest.mark.parametrize("vocab_, text, key", [
    (vocab.ROLE, "批准者", "approver"), (vocab.ROLE, "Decision Maker", "decision-maker"),
    (vocab.RELATIONSHIP, "强负向", "strong-negative"), (vocab.RELATIONSHIP, "strong_positive", "strong-positive"),
    (vocab.ORIENTATION, "务实专业型", "pragmatic-professional"), (vocab.GRADES, "b", "B"),
    (vocab.STRATEGY, "侧翼", "flanking"), (vocab.INTERACTION, "深层接触", "deep"),
])
def test_vocab_accepts_keys_and_chinese(vocab_, text, key):
    assert vocab_.parse(text) == key


def test_vocab_unknown_lists_choices():
    with pytest.raises(InvalidValue) as e:
        vocab.ROLE.parse("boss", "--role")
    assert "approver (批准者)" in e.value.hint


@pytest.mark.parametrize("text, key", [("需求分析", "analyze"), ("Negotiate", "negotiate"), ("招标准备", "tender")])
def test_stage_parse(tpl, text, key):
    assert tpl.parse(text) == key


@pytest.mark.parametrize("grade, current, target, outcome", [
    ("A", "validate", "initiate", "forward"), ("B", "analyze", "present", "forward"),
    ("A", "bid", "validate", "back"), ("B", "negotiate", "analyze", "back"),
    ("C", "validate", "negotiate", "forward"), ("D", "initiate", "negotiate", "forward"),
    ("E", "validate", "negotiate", "forward"), ("A", "validate", "analyze", GateBlocked),
    ("B", "validate", "negotiate", GateBlocked), ("A", "analyze", "analyze", InvalidValue),
])
def test_moves(tpl, grade, current, target, outcome):
    if isinstance(outcome, str):
        assert check_move(tpl, current, target, grade) == outcome
    else:
        with pytest.raises(outcome):
            check_move(tpl, current, target, grade)


FULL = DealFacts(code="OPP-0001", grade="A", confirmed_events=1, approved=True, team_departments={"sales", "presales"},
                 has_value_proposition=True, strategy="frontal", planned_activities=1, last_survey=TODAY,
                 has_approver=True, has_decision_maker=True, tender_issued_on=TODAY, bid_result="won",
                 contract_signed_on=TODAY)


@pytest.mark.parametrize("stage, change, missing", [
    ("validate", {"confirmed_events": 0}, ["confirmed_event"]),
    ("initiate", {"approved": False}, ["initiation_approved"]),
    ("initiate", {"team_departments": {"sales"}}, ["team_outside_sales"]),
    ("analyze", {"has_value_proposition": False, "strategy": None}, ["value_proposition", "strategy"]),
    ("analyze", {"planned_activities": 0}, ["planned_activity"]),
    ("present", {"last_survey": date(2026, 11, 12)}, ["recent_survey"]),
    ("present", {"last_survey": date(2026, 11, 13)}, []),
    ("present", {"has_approver": False, "has_decision_maker": False}, ["approver", "decision_maker"]),
    ("tender", {"tender_issued_on": None}, ["tender_issued"]),
    ("bid", {"bid_result": "lost"}, ["bid_won"]),
    ("negotiate", {"contract_signed_on": None}, ["contract_signed"]),
    ("validate", {}, []),
])
def test_gates(tpl, stage, change, missing):
    facts = DealFacts(**{**FULL.__dict__, **change})
    got = missing_gates(tpl.get(stage).gates, facts, TODAY)
    assert [m.gate for m in got] == missing
    assert all(m.fix.startswith("tasplus ") and "OPP-0001" in m.fix for m in got)


@pytest.mark.parametrize("grade", ["C", "D", "E"])
def test_fast_track_grades_skip_gates(tpl, grade):
    facts = DealFacts(code="OPP-0002", grade=grade)
    assert missing_gates(gates_between(tpl, "validate", "negotiate"), facts, TODAY) == []


def test_default_stage_template_matches_method(tpl):
    assert tpl.keys == ["validate", "initiate", "analyze", "present", "tender", "bid", "negotiate"]
    assert [s.probability for s in tpl.stages] == [10, 20, 30, 40, 60, 80, 90]
    assert [s.zh for s in tpl.stages] == ["验证商机", "商机立项", "需求分析", "价值呈现", "招标准备", "组织投标", "谈判签约"]
    assert DEFAULTS["grades"] == {"A": 5_000_000, "B": 1_000_000, "C": 300_000}


@pytest.mark.parametrize("lines, person, boss, cycle", [
    ({1: None, 2: 1, 3: 2}, 1, 3, True), ({1: None, 2: 1, 3: 2}, 3, 1, False),
    ({1: None}, 1, 1, True), ({1: None, 2: None}, 2, 1, False),
])
def test_reports_to_cycles(lines, person, boss, cycle):
    assert would_cycle(lines, person, boss) is cycle


@pytest.mark.parametrize("grade, stage, force, early", [
    ("A", "negotiate", False, False), ("B", "negotiate", True, False), ("C", "validate", False, False),
    ("E", "bid", False, False), ("A", "bid", True, True), ("B", "validate", False, GateBlocked),
])
def test_ab_deals_are_won_from_the_last_stage(tpl, grade, stage, force, early):
    if early is GateBlocked:
        with pytest.raises(GateBlocked) as e:
            check_win(tpl, "OPP-0001", stage, grade, force)
        assert "won from 'negotiate'" in e.value.message and "--force" in e.value.hint
    else:
        assert check_win(tpl, "OPP-0001", stage, grade, force) is early


def test_gate_report_and_blocked_message(tpl):
    facts = DealFacts(**{**FULL.__dict__, "last_survey": None, "has_approver": False})
    report = gate_report(tpl, "present", facts, TODAY, 14)
    assert report["applies"] and [m["gate"] for m in report["missing"]] == ["recent_survey", "approver"]
    assert report["missing"][0]["what"] == "no survey in the last 14 days"
    assert say(report["missing"][0]["what"], "zh") == "最近 14 天内没有问卷"
    assert gate_report(tpl, "present", DealFacts(code="OPP-0002", grade="D"), TODAY)["applies"] is False
    err = blocked(tpl, "OPP-0001", "present", missing_gates(tpl.get("present").gates, facts, TODAY))
    assert err.message == "OPP-0001 cannot leave 'present': no survey in the last 14 days; no approver identified"
    assert err.hint.startswith("tasplus survey run OPP-0001 | ") and err.hint.endswith("(or --force --reason TEXT)")


@pytest.mark.parametrize("manual, partner, amount, english, chinese", [
    (False, None, 6_000_000, "amount 6,000,000 CNY is at or above A's threshold of 5,000,000",
     "金额 6,000,000 CNY 达到 A 级门槛 5,000,000"),
    (False, None, 200_000, "amount 200,000 CNY is below C's threshold of 300,000",
     "金额 200,000 CNY 低于 C 级门槛 300,000"),
    (True, None, 200_000, "set by hand: 样板 (by amount it would be D)", "手动定级：样板（按金额应为 D）"),
    (False, "宁波智联", 800_000, "partner-led by 宁波智联, registration BB-1 pending",
     "由伙伴 宁波智联 主导，报备号 BB-1，待审批"),
])
def test_why_a_deal_has_its_grade(manual, partner, amount, english, chinese):
    g = Graded(code="OPP-0001", grade="A", manual=manual, reason="样板" if manual else None, amount_minor=amount * 100,
               currency="CNY", partner=partner, registration_id="BB-1" if partner else None,
               registration_status="pending" if partner else None, thresholds=DEFAULT_THRESHOLDS)
    assert g.why == english and say(g.why, "zh") == chinese
    assert g.as_dict()["why"] == english and g.as_dict()["by_amount"] == g.by_amount


@pytest.mark.parametrize("value, flag, details, message, hint", [
    ("  ", "NAME", None, "NAME cannot be empty", "give NAME a value"),
    ("x" * 201, "NAME", None, "NAME is 201 characters long (at most 200)", "shorten it"),
    ("x" * 201, "--name", "--notes", "--name is 201 characters long (at most 200)",
     "shorten it; put details in --notes"),
    ("a\tb", "--owner", None, "--owner contains control characters (U+0009)",
     "type it on one line, without tabs, escape codes or direction marks"),
])
def test_name_rules(value, flag, details, message, hint):
    with pytest.raises(InvalidValue) as e:
        require_text(value, flag, details)
    assert (e.value.message, e.value.hint) == (message, hint)
    assert require_text(" 华东 ", flag) == "华东" and len(require_text("x" * NAME_MAX, flag)) == NAME_MAX


def test_deal_filter_defaults_to_open_deals():
    assert DealFilter() == DealFilter(stage=None, grade=None, owner=None, status="open", account=None)
    assert FULL_PROCESS == ("A", "B")
