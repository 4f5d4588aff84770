"""``tasplus stakeholder``: people on a deal, end to end (METHOD §8)."""

from __future__ import annotations

import pytest

from helpers import assert_clean_error, dump, run, run_json


@pytest.fixture
def deal(bank):
    """The bank (王建国 from the shared fixture) with 刘芳 reporting to him, an outsider, and an A deal."""
    run("contact", "add", "刘芳", "-a", bank, "--reports-to", "王建国", "--relationship", "负向", "--influence", "high")
    run("account", "add", "瑞康医疗集团")
    run("contact", "add", "黄丽", "-a", "瑞康医疗集团")
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000")
    return "OPP-0001"


def test_add_list_edit_remove_with_history(deal):
    run("stakeholder", "add", deal, "王建国", "--role", "批准者", "--relationship", "中立", "--reason", "行长拍板")
    run("stakeholder", "add", deal, "CON-0002", "--role", "Decision Maker", "--inside-source")
    rows = {r["name"]: r for r in run_json("stakeholder", "list", deal)}
    assert rows["王建国"]["role"] == "approver" and rows["王建国"]["relationship"] == "neutral"
    assert rows["王建国"]["strategy"] == "attack" and rows["王建国"]["interaction"] == "none"
    # not judged on this deal yet: the overall status (negative) drives the strategy, marked as such
    assert (rows["刘芳"]["relationship"], rows["刘芳"]["relationship_source"], rows["刘芳"]["strategy"]) == (
        None, "overall", "defend")
    assert rows["刘芳"]["inside_source"] is True
    run("stakeholder", "edit", deal, "刘芳", "--relationship", "strong-negative", "--no-inside-source",
        "--reason", "倾向竞争对手")
    r = {r["name"]: r for r in run_json("stakeholder", "list", deal)}["刘芳"]
    assert (r["relationship"], r["strategy"], r["inside_source"]) == ("strong-negative", "suppress", False)
    run("stakeholder", "remove", deal, "王建国", "--reason", "调岗")
    assert [r["name"] for r in run_json("stakeholder", "list", deal)] == ["刘芳"]
    hist = [h for h in run_json("opp", "history", deal) if h["field"] == "stakeholder"]
    assert [(h["old"] is None, h["new"] is None) for h in hist] == [(True, False), (True, False), (False, False),
                                                                    (False, True)]
    assert "approver" in hist[0]["new"] and hist[0]["reason"] == "行长拍板"
    assert "strong-negative" in hist[2]["new"] and hist[2]["reason"] == "倾向竞争对手"


def test_the_present_gate_reads_real_stakeholders(deal):
    run("opp", "grade", deal, "--set", "C", "--reason", "fast track to reach present")
    run("opp", "advance", deal, "--to", "present")
    run("opp", "grade", deal, "--auto")
    gate = run_json("opp", "show", deal)["next_gate"]
    assert {m["gate"] for m in gate["missing"]} >= {"approver", "decision_maker"}
    run("stakeholder", "add", deal, "王建国", "--role", "approver")
    run("stakeholder", "add", deal, "刘芳", "--role", "decision-maker")
    gate = run_json("opp", "show", deal)["next_gate"]
    assert not {m["gate"] for m in gate["missing"]} & {"approver", "decision_maker"}


@pytest.mark.parametrize("args, code, words", [
    (("王建国", "--role", "boss"), 2, "unknown decision role"),
    (("黄丽", "--role", "user"), 2, "not at 华东省农商银行"),
    (("王建国", "--role", "user", "--relationship", "friendly"), 2, "unknown relationship status"),
    (("nobody", "--role", "user"), 1, "no contact"),
])
def test_bad_input_writes_nothing(tasplus_home, deal, args, code, words):
    before = dump(tasplus_home)
    r = run("stakeholder", "add", deal, *args, code=None)
    assert_clean_error(r, code)
    assert words in r.stderr
    assert dump(tasplus_home) == before


def test_duplicates_and_unknown_stakeholders_are_clear_errors(tasplus_home, deal):
    run("stakeholder", "add", deal, "王建国", "--role", "approver")
    before = dump(tasplus_home)
    r = run("stakeholder", "add", deal, "王建国", "--role", "user", code=None)
    assert_clean_error(r, 1)
    assert "already a stakeholder" in r.stderr and "stakeholder edit" in r.stderr
    assert_clean_error(run("stakeholder", "edit", deal, "刘芳", "--role", "user", code=None), 1)
    assert_clean_error(run("stakeholder", "remove", deal, "刘芳", code=None), 1)
    assert_clean_error(run("stakeholder", "edit", deal, "王建国", "--relationship", "正向", "--no-relationship",
                           code=None), 2)
    assert dump(tasplus_home) == before


def test_table_shows_labels_and_symbols(deal, monkeypatch):
    run("stakeholder", "add", deal, "刘芳", "--role", "decision-maker", "--relationship", "strong-negative")
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    out = run("stakeholder", "list", deal).stdout
    assert "决策者" in out and "-- 强负向" in out and "压制" in out and "未接触过" in out
