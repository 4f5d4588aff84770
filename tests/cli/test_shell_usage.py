"""Usage errors come out as the tool's own ``error:``/``hint:`` lines, exit 2, for every command:
a missing argument or option names its flag (and, with no terminal, is never asked for), an unknown
option or command says what was meant, a bad number says which flag. Nothing on stdout, no Click
``Usage:``/``Error:`` lines. The prefixes stay English in Chinese; the sentences do not."""

from __future__ import annotations

import pytest

from helpers import dump, run

CASES = [  # args, the error line, the hint line (both: the start of the line)
    (["opp", "new"], "error: missing NAME (Deal name.)", "hint: for example: tasplus opp new 核心系统升级 --account"),
    (["opp", "new", "新项目"], "error: missing --account (Account code or name.)", "hint: for example: tasplus opp new"),
    (["opp", "new", "新项目", "--account", "华东省农商银行"],
     "error: missing --amount (Deal value, e.g. 6000000, 6,000,000 or 600万.)", "hint: for example:"),
    (["opp", "team", "add", "OPP-0001"], "error: missing NAME (Team member's name.)", "hint: for example:"),
    (["config", "set", "user"], "error: missing VALUE", "hint: for example: tasplus config set user 张伟"),
    (["opp", "list", "--acount", "x"], "error: no such option: --acount",
     "hint: did you mean --account? (tasplus opp list --help lists every one)"),
    (["opp", "list", "--bogus"], "error: no such option: --bogus", "hint: see tasplus opp list --help"),
    (["opp", "lst"], "error: tasplus opp has no command 'lst'", "hint: did you mean list?"),
    (["bogus"], "error: tasplus has no command 'bogus'", "hint: tasplus --help lists the commands"),
    (["--no-input"], "error: missing a command", "hint: tasplus --help lists the commands"),
    (["opp", "list", "--account"], "error: --account needs a value", "hint: for example: tasplus opp list"),
    (["--db"], "error: --db needs a value", "hint: see tasplus --help"),
    (["opp", "show", "OPP-0001", "extra"], "error: unexpected extra argument: extra",
     "hint: for example: tasplus opp show OPP-0001"),
    (["review", "--limit", "many"], "error: --limit: 'many' is not a whole number", "hint: see tasplus review --help"),
    (["review", "--limit", "-3"], "error: --limit must be at least 0, not -3", "hint: see tasplus review --help"),
    (["opp", "team", "add", "OPP-0001", "陈静", "--person-days", "abc"], "error: --person-days: 'abc' is not a number",
     "hint: see tasplus opp team add --help"),
    (["tactic", "done", "OPP-0001", "x"], "error: TACTIC_ID: 'x' is not a whole number", "hint: see tasplus tactic"),
]


@pytest.mark.parametrize("args, said, hinted", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_usage_errors_are_the_tools_own_lines(tasplus_home, args, said, hinted):
    before = dump(tasplus_home)
    r = run(*args, code=2)
    lines = r.stderr.splitlines()
    assert r.stdout == "" and len(lines) == 2, r.stderr
    assert lines[0].startswith(said) and lines[1].startswith(hinted), r.stderr
    assert dump(tasplus_home) == before


def test_no_input_and_its_variable_refuse_as_without_a_terminal(monkeypatch):
    r = run("--no-input", "opp", "new", "新项目", code=2)
    assert r.stderr.startswith("error: missing --account")
    monkeypatch.setenv("TASPLUS_NO_INPUT", "1")
    assert run("account", "show", code=2).stderr.startswith("error: missing ACCOUNT")


def test_in_chinese_the_sentences_are_chinese_and_the_prefixes_stay(monkeypatch):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    r = run("opp", "new", "新项目", code=2)
    assert r.stderr.splitlines() == [
        "error: 缺少 --account（Account code or name.）",
        "hint: 例如：tasplus opp new 核心系统升级 --account 华东省农商银行 --amount 6000000 --close-date 2027-06-30"]
    assert run("opp", "lst", code=2).stderr.splitlines() == [
        "error: tasplus opp 没有 'lst' 这个命令", "hint: 您是不是要输入 list？（tasplus opp --help 列出全部）"]
    assert run("review", "--limit", "x", code=2).stderr.startswith("error: --limit：'x' 不是整数")


def test_the_configured_language_is_spoken_before_any_command_reads_the_config(tasplus_home):
    run("config", "set", "language", "zh")
    assert run("opp", "list", "--bogus", code=2).stderr.startswith("error: 没有这个选项：--bogus")


def test_an_enormous_argument_is_refused_without_quoting_it():
    r = run("account", "add", "x" * 1_000_001, code=2)
    assert r.stderr.splitlines() == [
        "error: an argument is 1,000,001 characters long (at most 1,000,000)",
        "hint: shorten it; no name, note or other value may be that long"]
