"""On a terminal, a required value left off the command line is asked for, for every command (CLI.md
"Prompts"), then the command runs as if it had been typed; Ctrl-C at the question exits 130 and
writes nothing. Driven through prompt_toolkit's pipe input, as the survey's prompts are."""

from __future__ import annotations

from helpers import dump, run, run_json

ENTER, CTRL_C = "\r", "\x03"


def test_missing_arguments_and_options_are_asked_for_then_the_command_runs(bank, terminal):
    terminal("核心系统升级" + ENTER + "华东省农商银行" + ENTER + "600万" + ENTER)
    r = run("opp", "new", "--close-date", "2027-06-30")
    assert "OPP-0001" in r.stderr
    deal = run_json("opp", "show", "OPP-0001")
    assert (deal["name"], deal["account_code"], deal["amount"], deal["close_date"]) == (
        "核心系统升级", "ACC-0001", 6000000, "2027-06-30")


def test_a_typed_value_may_start_with_a_dash(bank, terminal):
    """Typed values go in as ``--flag=value`` and after ``--``: never read as an option."""
    terminal("-1号项目" + ENTER + "600万" + ENTER)
    run("opp", "new", "--account", "ACC-0001")
    assert run_json("opp", "show", "OPP-0001")["name"] == "-1号项目"


def test_ctrl_c_at_the_question_exits_130_and_writes_nothing(tasplus_home, bank, terminal):
    before = dump(tasplus_home)
    terminal("核心系统升级" + ENTER + CTRL_C)
    r = run("opp", "new", code=130)
    assert r.stderr.splitlines() == ["error: cancelled; nothing was written"]
    assert dump(tasplus_home) == before


def test_no_input_never_asks_even_on_a_terminal(bank, terminal):
    terminal("never read" + ENTER)
    for args in (["--no-input", "opp", "show"], ["survey", "run", "--no-input"]):
        r = run(*args, code=2)
        assert r.stderr.startswith("error: missing OPP (Deal code"), args
