"""``TASPLUS_LANG=zh`` on the deal screens and messages: ``opp show/list/history/grade``,
gate errors, the win rule, success lines. No English is left beside codes, commands,
options and the user's own data; ``--json`` stays English."""

from __future__ import annotations

import re

import pytest

from helpers import run, run_json

CODE = re.compile(r"\b[A-Z]{3}-\d{4}\b")
COMMAND = re.compile(r"tasplus [^\n（）]*")  # a command to type runs to the end of its line
OPTION = re.compile(r"--?[a-z][a-z-]*(?:[ =][A-Z][A-Z_]*)?")
PREFIX = re.compile(r"^(error|hint|warning):", re.M)  # stderr labels of cli.output, checked by tests/test_chinese.py
KEEP = {"CNY", "TEXT", "NAME", "DATE", "ID"}
USER = ["华东省农商银行", "核心系统升级", "智能排班", "tester", "scope", "grew", "样板客户"]


def english(output: str) -> list[str]:
    for pattern in (COMMAND, PREFIX, OPTION, CODE):
        output = pattern.sub(" ", output)
    for value in USER:
        output = output.replace(value, " ")
    return [w for w in re.findall(r"[A-Za-z]{2,}", output) if w not in KEEP]


@pytest.fixture
def zh(bank, monkeypatch):
    """A grade A deal in validate with no confirmed event (its gate holds), and a small D deal."""
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000", "--close-date", "2027-06-30")
    run("opp", "new", "智能排班", "--account", bank, "--amount", "200000")
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    return "OPP-0001"


def test_opp_show_says_the_gate_in_chinese(zh):
    out = run("opp", "show", zh).stdout
    assert "关卡：离开「验证商机」" in out and "没有已确认的必要事件" in out
    assert "leaving" not in out and "classic" not in out
    assert english(out) == [], out
    assert "— 快速通道" in run("opp", "show", "OPP-0002").stdout


def test_opp_show_json_keeps_english(zh):
    gate = run_json("opp", "show", zh)["next_gate"]
    assert gate["missing"][0]["what"] == "no confirmed compelling event"


def test_opp_list_caption_and_screen(zh):
    out = run("opp", "list").stdout
    assert "2 个商机" in out and english(out) == [], out


def test_gate_error_is_chinese(zh):
    r = run("opp", "advance", zh, code=1)
    assert "不能离开「验证商机」" in r.stderr and "没有已确认的必要事件" in r.stderr
    assert english(r.stderr) == [], r.stderr


@pytest.mark.parametrize("args, code, words", [
    (("opp", "advance", "OPP-0001", "--to", "需求分析"), 1, "一次只能前进一个阶段"),
    (("opp", "close", "OPP-0001", "--won"), 1, "只能在「谈判签约」阶段赢单"),
    (("opp", "show", "OPP-0099"), 1, "没有商机 OPP-0099"),
    (("opp", "grade", "OPP-0001", "--set", "B"), 2, "需要 --reason"),
    (("opp", "new", "X", "--account", "ACC-0001", "--amount", "-5"), 2, "金额不能为负"),
])
def test_errors_are_chinese(zh, args, code, words):
    r = run(*args, code=code)
    assert words in r.stderr and english(r.stderr) == [], r.stderr


def test_history_and_success_lines_are_chinese(zh):
    r = run("opp", "edit", zh, "--amount", "7000000", "--tender-issued", "2026-01-05", "--reason", "scope grew")
    assert "金额" in r.stderr and "发标日期" in r.stderr and english(r.stderr) == [], r.stderr
    run("opp", "grade", zh, "--set", "B", "--reason", "样板客户")
    run("opp", "grade", zh, "--auto")
    run("opp", "advance", "OPP-0002", "--to", "谈判签约")
    out = run("opp", "history", zh).stdout
    assert "手动定级" in out and "发标日期" in out and "grade_manual" not in out
    hist = run("opp", "history", "OPP-0002").stdout
    assert "验证商机" in hist and "谈判签约" in hist  # stage keys said as the stage's label


def test_grade_why_is_chinese(zh):
    assert "达到 A 级门槛 5,000,000" in run("opp", "grade", zh).stdout
    r = run("opp", "grade", zh, "--set", "B", "--reason", "样板客户")
    assert "手动定级：样板客户（按金额应为 A）" in r.stderr
    assert run_json("opp", "grade", zh)["why"] == "set by hand: 样板客户 (by amount it would be A)"
