"""What the review, the map, the funnel and the stakeholder and activity lists print (issue 11):
Chinese without English fragments, no trailing padding in a file, readable change lines in both
languages, tables that fit 80 columns without breaking words, suggested commands that run."""

from __future__ import annotations

import re
import shlex

import pytest
from helpers import run, run_json
from test_chinese import _user_text, english_words

SCREENS = [("review",), ("review", "--limit", "0"), ("review", "--format", "markdown"), ("funnel",),
           ("map", "OPP-0004"), ("map", "OPP-0008"), ("map", "--account", "ACC-0001"),
           ("stakeholder", "list", "OPP-0004"), ("activity", "list", "OPP-0001"), ("activity", "list")]
MERMAID = [("map", "OPP-0004", "--format", "mermaid"), ("map", "--account", "ACC-0001", "--format", "mermaid")]


@pytest.fixture
def demo(demo_db, monkeypatch):
    path = demo_db()
    monkeypatch.setenv("TASPLUS_DB", str(path))
    return path


@pytest.mark.parametrize("args", SCREENS)
def test_chinese_screens_have_no_english(demo, monkeypatch, args):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    monkeypatch.setenv("COLUMNS", "200")  # commands to type stay on one line
    r = run(*args)
    assert english_words(r.stdout + r.stderr, _user_text(demo)) == [], r.stdout


@pytest.mark.parametrize("args", MERMAID)
def test_chinese_mermaid_labels_have_no_english(demo, monkeypatch, args):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    labels = re.findall(r'\["([^"]*)"\]', run(*args).stdout)
    assert labels and english_words(" ".join(labels).replace("<br/>", " "), _user_text(demo)) == []


def test_chinese_review_says_every_warning_and_reason_in_chinese(demo, monkeypatch):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    out = run("review", "--limit", "0").stdout
    assert "内线 无 → 有" in out and "inside source" not in out  # why a win rate moved
    assert "单线联系：本商机只接触了" in out and "无人" not in out
    assert "EVT-0005 已确认 → EVT-0005 已失去" in out  # a compelling event's status, said in Chinese
    assert "，或 tasplus opp close" in out and ", or" not in out
    assert "在本商机对我们" in out  # a key person against us: which status, where


@pytest.mark.parametrize("args", SCREENS + MERMAID + [("stakeholder", "list", "OPP-0001")])
def test_output_to_a_file_has_no_trailing_spaces(demo, args):
    out = run(*args).stdout
    assert out.strip()
    assert [line for line in out.split("\n") if line != line.rstrip()] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("args", [("stakeholder", "list", "OPP-0004"), ("stakeholder", "list", "OPP-0001"),
                                  ("activity", "list", "OPP-0004"), ("activity", "list")])
def test_tables_fit_80_columns_without_breaking_words(demo, monkeypatch, lang, args):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TASPLUS_LANG", lang)
    out = run(*args).stdout
    from rich.cells import cell_len

    assert max(cell_len(line) for line in out.split("\n")) <= 80
    words = ("decision-maker", "occasional", "approver", "evaluator", "negative", "positive", "balance/coordinate",
             "meeting", "executive", "cancelled", "overdue", "决策者", "批准者", "深层接触", "偶尔接触", "未接触过",
             "平衡协调", "高层会面", "王建国", "赵磊", "孙悦", "许文博")
    assert broken_words(out, words) == [], out


def _at(line: str, cells: int) -> str:
    """``line`` from the character that starts at terminal cell ``cells``."""
    from rich.cells import cell_len

    for i in range(len(line) + 1):
        if cell_len(line[:i]) == cells:
            return line[i:]
    return ""


def broken_words(out: str, words: tuple[str, ...]) -> list[str]:
    """Words cut at the end of a cell and carried on in the same column on the next line."""
    from rich.cells import cell_len

    found = []
    lines = out.split("\n")
    for word in words:
        for cut in range(1, len(word)):
            head, tail = word[:cut], word[cut:]
            if head.endswith("-"):  # decision- / maker: a hyphen is where a word may break
                continue
            for a, b in zip(lines, lines[1:]):
                for m in re.finditer(re.escape(head) + r"(?= |$)", a):
                    if m.start() and not a[m.start() - 1].isspace():
                        continue
                    if re.match(re.escape(tail) + r"(?= |$)", _at(b, cell_len(a[:m.start()]))):
                        found.append(f"{head}/{tail}")
    return found


def test_broken_words_are_caught():
    old = ("  CON-0001   王建国   行长    approv   =       none\n"
           "                              er       neutr\n")
    assert broken_words(old, ("neutral",)) == []  # "neutr" starts a line: not a word cut at its end
    assert broken_words(old, ("approver",)) == ["approv/er"]


def _add_deal_with_competitor():
    run("account", "add", "华东省农商银行")
    run("opp", "new", "核心系统升级", "--account", "华东省农商银行", "--amount", "6000000")
    run("competitor", "add", "云擎科技", "--opp", "OPP-0001")
    run("review", "--record")


def test_a_removed_competitor_reads_as_removed(monkeypatch):
    _add_deal_with_competitor()
    run("competitor", "remove", "云擎科技", "--opp", "OPP-0001", "--reason", "资格预审未通过")
    change = next(c for c in run_json("review")["deals"][0]["changes"] if c["field"] == "competitor")
    assert (change["old"], change["new"]) == ("CMP-0001 云擎科技", None)  # JSON as stored
    out = run("review").stdout
    assert "competitor removed: CMP-0001 云擎科技 (资格预审未通过)" in out and "None" not in out
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    assert "竞争对手已移除：CMP-0001 云擎科技（资格预审未通过）" in run("review").stdout


def test_change_lines_name_fields_as_users_know_them(monkeypatch):
    run("account", "add", "华东省农商银行")
    run("contact", "add", "王建国", "--account", "华东省农商银行")
    run("opp", "new", "核心系统升级", "--account", "华东省农商银行", "--amount", "6000000", "--partner", "P",
        "--registration", "R1")
    run("review", "--record")
    run("opp", "grade", "OPP-0001", "--registration-status", "approved")
    run("opp", "advance", "OPP-0001", "--to", "analyze")  # a partner (E) deal is discussed on a big change
    run("stakeholder", "add", "OPP-0001", "王建国", "--role", "approver", "--relationship", "neutral",
        "--inside-source")
    run("opp", "edit", "OPP-0001", "--close-date", "2027-06-30", "--reason", "客户推迟")
    out = run("review", "--limit", "0").stdout
    assert "registration status: pending → approved" in out and "registration_status" not in out
    assert "close date: " in out and "close_date" not in out
    assert "stakeholder: CON-0001 王建国: approver, neutral, inside source" in out
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    out = run("review", "--limit", "0").stdout
    assert "报备状态：待审批 → 已批准" in out
    assert "关键人：CON-0001 王建国：批准者、中立、内线" in out
    assert "预计签约日期：" in out and "（客户推迟）" in out


def _commands(line: str) -> list[list[str]]:
    """The commands of a suggestion (``a; b``, ``a, or b``, ``a / b``), each as the shell splits it."""
    parts = re.split(r"(?:;|, or| /) (?=tasplus )", line)
    return [shlex.split(p) for p in parts]


PLACEHOLDERS = {"TEXT", "…", "...", "KIND", "ID", "DATE", "CONTACT", "NAME=FIT,CLOSENESS", "STATUS", "ROLE"}


def test_suggested_commands_run_when_pasted(demo):
    """Every command a review or map warning suggests parses as the shell splits it, names options
    that exist, and those without placeholders run."""
    review = run_json("review", "--limit", "0")
    lines = [w["command"] for d in review["deals"] for w in d["warnings"]]
    for code in ("OPP-0001", "OPP-0004", "OPP-0006", "OPP-0008"):
        data = run_json("map", code)
        lines += [w["fix"] for w in data["warnings"]]
    assert lines
    for line in set(lines):
        for words in _commands(line):
            assert words[0] == "tasplus", line
            args = [w for w in words[1:] if w not in ("…",)]
            r = run(*args, "--help", code=None)  # the command and its options exist (else exit 2 before help)
            assert r.exit_code == 0, (line, r.stderr)
            if not PLACEHOLDERS & set(words) and args[0] in ("winrate", "plan"):  # those that only read: run them
                assert run(*args, code=None).exit_code == 0, line
