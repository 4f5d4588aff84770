"""``TASPLUS_LANG=zh`` over the competition (METHOD §6–§11): the demo's win rates,
plans, value propositions, strategy suggestions, competitors and surveys say no
English sentence; the interactive survey asks and reports in Chinese; errors and
hints are Chinese. ``--json`` stays English whatever the language."""

from __future__ import annotations

import json

import pytest

from helpers import assert_clean_error, dump, run, run_json
from test_chinese import _user_text, english_words
from cli.test_survey import CTRL_C, DOWN, ENTER, deal  # noqa: F401 - fixtures shared with the survey tests
OPPS = ("OPP-0001", "OPP-0004", "OPP-0006", "OPP-0013")


def test_the_demo_competition_screens_have_no_english(demo_db, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-30")
    db = demo_db()
    monkeypatch.setenv("TASPLUS_DB", str(db))
    english = run_json("strategy", "suggest", "OPP-0001")
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    user = _user_text(db)
    commands = [("competitor", "list"), ("competitor", "show", "CMP-0001"), ("competitor", "show", "CMP-0003"),
                ("winrate", "--all")]
    for o in OPPS:
        commands += [("winrate", o), ("plan", o), ("value", "show", o), ("value", "pitch", o),
                     ("strategy", "suggest", o), ("competitor", "list", "--opp", o), ("survey", "list", o),
                     ("tactic", "list", o)]
    left = {}
    for args in commands:
        r = run(*args)
        words = english_words(r.stdout + r.stderr, user)
        if words:
            left[" ".join(args)] = words
    assert left == {}
    assert run_json("strategy", "suggest", "OPP-0001") == english  # JSON keeps English in any language
    assert "分割" in run("strategy", "suggest", "OPP-0001").stdout


@pytest.fixture
def zh(deal, monkeypatch):
    """The survey test's deal (OPP-0001, 翼辰软件 on it, a confirmed event), read in Chinese."""
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    return deal


def test_interactive_survey_in_chinese(zh, terminal):
    deal = zh
    terminal(
        ENTER                       # 有内部消息来源
        + DOWN + DOWN + ENTER       # 王建国, 孙悦, 其他人
        + "老同学" + ENTER
        + DOWN + ENTER              # 我方满足度 3 → 4
        + "4" + ENTER               # 关系紧密度 4
        + "5" + ENTER + "3" + ENTER  # 翼辰软件
        + "y" + "澜拓数科" + ENTER + "y"  # 添加新对手
        + "3" + ENTER + "2" + ENTER
        + "n" + ENTER + "王磊" + ENTER + "y")
    r = run("survey", "run", deal)
    assert "42%" in r.stderr and "已记录" in r.stderr and "已把 澜拓数科 加入对手库" in r.stderr
    assert english_words(r.stderr, ["tester", "SUR-0001"]) == []
    [s] = run_json("survey", "list", deal)
    assert (s["source"], s["our_fit"], s["our_closeness"], s["reviewed_by"]) == ("老同学", 4, 4, "王磊")
    assert [(c["name"], c["fit"], c["closeness"]) for c in s["competitors"]] == [("翼辰软件", 5, 3), ("澜拓数科", 3, 2)]


@pytest.mark.parametrize("keys, said", [
    (CTRL_C, "已取消；没有写入任何内容"),
    (ENTER + DOWN * 3 + ENTER + "4" + ENTER + "4" + ENTER + "5" + ENTER + "3" + ENTER + "n" + ENTER + ENTER + "n",
     "问卷未保存；没有写入任何内容"),
])
def test_cancelling_in_chinese_writes_nothing(tasplus_home, zh, terminal, keys, said):
    deal = zh
    before = dump(tasplus_home)
    terminal(keys)
    r = run("survey", "run", deal, code=130)
    assert said in r.stderr and dump(tasplus_home) == before


def test_errors_and_hints_are_chinese(tasplus_home, zh):
    deal = zh
    cases = [
        (("survey", "run", deal, "--our-fit", "4", "--our-closeness", "4"), 2, "缺少 --inside-source"),
        (("survey", "run", deal, "--inside-source", "no", "--our-fit", "7", "--our-closeness", "4"), 2,
         "必须是 1–5 的整数"),
        (("survey", "run", deal, "--inside-source", "no", "--our-fit", "4", "--our-closeness", "4",
          "--competitor", "新对手=3,3"), 1, "没有匹配"),
        (("winrate",), 2, "给出一个商机"),
        (("competitor", "add", "翼辰软件"), 1, "竞争对手名称不能重复"),
        (("tactic", "add", deal, "--pick", "1"), 2, "（尚未选择）"),
        (("value", "compare", deal, "翼辰软件"), 2, "说明我方与对手的比较"),
        (("tactic", "done", deal, "9"), 1, "没有 #9 号战术"),
    ]
    before = dump(tasplus_home)
    for args, code, said in cases:
        r = run(*args, code=None)
        assert_clean_error(r, code)
        assert said in r.stderr, (args, r.stderr)
        said_here = "\n".join(line.split(": ", 1)[-1] for line in r.stderr.splitlines())  # the prefixes are cli's
        assert english_words(said_here.replace("yes|no", ""), ["翼辰软件"]) == [], (args, r.stderr)
    assert dump(tasplus_home) == before


def test_success_lines_are_chinese_and_json_is_english(zh):
    deal = zh
    r = run("value", "set", deal, "--solution", "分布式核心", "--business-value", "降本")
    assert "价值主张已更新（解决方案、业务价值）" in r.stderr
    r = run("value", "compare", deal, "翼辰软件", "--solution", "better", "--note", "信创")
    assert "已在解决方案方面与翼辰软件对比" in r.stderr
    r = run("strategy", "set", deal, "flanking")
    assert "竞争策略 侧翼" in r.stderr
    r = run("tactic", "add", deal, "--pick", "1")
    assert "战术 #1" in r.stderr
    out = run("survey", "run", deal, "--inside-source", "yes", "--our-fit", "4", "--our-closeness", "4",
              "--competitor", "翼辰软件=5,3", "--json").stdout
    assert json.loads(out)["reasons"] == ["we rank 1 of 2; field: us, 翼辰软件",
                                          "base = 64 / (64 + 64) = 50.0 %"]
    shown = run("winrate", deal).stdout
    assert "我方排第 1（共 2 方）；入围：我方、翼辰软件" in shown and "基础份额" in shown
