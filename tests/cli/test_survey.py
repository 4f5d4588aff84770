"""``tasplus survey run|list``: the flag form with no terminal, and the interactive
form driven through prompt_toolkit's pipe input (arrow keys, digits, Enter, Ctrl-C)."""

from __future__ import annotations

import pytest

from helpers import assert_clean_error, dump, run, run_json

DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"


@pytest.fixture
def deal(bank, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-27")
    run("user", "add", "王磊")  # the manager who reviews surveys, and a rep who answers them
    run("user", "add", "张伟", "--manager", "王磊")
    run("contact", "add", "孙悦", "--account", bank, "--title", "架构师")
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "8000000")
    run("event", "add", "OPP-0001", "监管要求", "--confirmed")
    run("competitor", "add", "翼辰软件", "--opp", "OPP-0001")
    return "OPP-0001"


def test_flag_form_without_a_terminal(deal):
    r = run("survey", "run", deal, "--inside-source", "yes", "--source-contact", "孙悦", "--our-fit", "4",
            "--our-closeness", "4", "--competitor", "翼辰软件=5,3", "--competitor", "澜拓=3,2",
            "--answered-by", "张伟", "--reviewed-by", "王磊", code=None)
    assert_clean_error(r, 1)  # 澜拓 is not in the library: no terminal to ask
    assert "tasplus competitor add" in r.stderr
    run("competitor", "add", "澜拓数科")
    r = run("survey", "run", deal, "--inside-source", "yes", "--source-contact", "孙悦", "--our-fit", "4",
            "--our-closeness", "4", "--competitor", "翼辰软件=5,3", "--competitor", "澜拓=3,2",
            "--answered-by", "张伟", "--reviewed-by", "王磊")
    assert "SUR-0001" in r.stderr and "42%" in r.stderr
    [s] = run_json("survey", "list", deal)
    assert (s["inside_source"], s["source"], s["source_contact"], s["our_fit"], s["our_closeness"]) == (
        True, "孙悦", "CON-0002", 4, 4)
    assert [(c["name"], c["fit"], c["closeness"]) for c in s["competitors"]] == [("翼辰软件", 5, 3), ("澜拓数科", 3, 2)]
    assert (s["answered_by"], s["reviewed_by"], s["win_rate"], s["date"]) == ("张伟", "王磊", 42, "2026-11-27")
    assert {c["name"] for c in run_json("competitor", "list", "--opp", deal)} == {"翼辰软件", "澜拓数科"}
    out = run("survey", "list", deal).stdout
    assert "翼辰软件 5/3" in out and "yes (孙悦)" in out


def test_a_source_that_is_not_a_contact_is_kept_as_a_name(deal):
    run("survey", "run", deal, "--inside-source", "yes", "--source-contact", "老同学", "--our-fit", "3",
        "--our-closeness", "3", "--competitor", "翼辰软件=3,3")
    [s] = run_json("survey", "list", deal)
    assert s["source"] == "老同学" and s["source_contact"] is None and s["answered_by"] == "tester"


@pytest.mark.parametrize("args, flag", [
    (["--our-fit", "4", "--our-closeness", "4"], "--inside-source"),
    (["--inside-source", "no", "--our-closeness", "4"], "--our-fit"),
    (["--inside-source", "no", "--our-fit", "4"], "--our-closeness"),
])
def test_a_missing_answer_names_its_flag(tasplus_home, deal, args, flag):
    before = dump(tasplus_home)
    r = run("survey", "run", deal, *args, code=None)
    assert_clean_error(r, 2)
    assert flag in r.stderr.splitlines()[0]
    assert dump(tasplus_home) == before


@pytest.mark.parametrize("args", [
    ["--our-fit", "6", "--our-closeness", "4"], ["--our-fit", "0", "--our-closeness", "4"],
    ["--our-fit", "4", "--our-closeness", "4", "--competitor", "翼辰软件=5,9"],
    ["--our-fit", "4", "--our-closeness", "4", "--competitor", "翼辰软件"],
    ["--our-fit", "4", "--our-closeness", "4", "--competitor", "翼辰软件=5,3", "--competitor", "翼辰=4,4"],
    ["--our-fit", "four", "--our-closeness", "4"],
    ["--our-fit", "4", "--our-closeness", "4", "--date", "+3d"],
])
def test_bad_scores_write_nothing(tasplus_home, deal, args):
    before = dump(tasplus_home)
    assert_clean_error(run("survey", "run", deal, "--inside-source", "no", *args, code=None), 2)
    assert dump(tasplus_home) == before


def test_other_clear_errors(tasplus_home, deal):
    before = dump(tasplus_home)
    assert_clean_error(run("survey", "run", "OPP-0042", "--inside-source", "no", "--our-fit", "3",
                           "--our-closeness", "3", code=None), 1)
    assert_clean_error(run("survey", "run", deal, "--inside-source", "maybe", "--our-fit", "3",
                           "--our-closeness", "3", code=None), 2)
    assert_clean_error(run("survey", "run", deal, "--inside-source", "no", "--source-contact", "孙悦",
                           "--our-fit", "3", "--our-closeness", "3", code=None), 2)
    assert_clean_error(run("survey", "list", "OPP-0042", code=None), 1)
    assert dump(tasplus_home) == before
    run("opp", "close", deal, "--abandoned", "--reason", "客户取消")
    after_close = dump(tasplus_home)
    r = run("survey", "run", deal, "--inside-source", "no", "--our-fit", "3", "--our-closeness", "3",
            "--competitor", "翼辰软件=3,3", code=None)
    assert_clean_error(r, 2)  # a closed deal's win rate is frozen
    assert "closed" in r.stderr and "2026-11-27" in r.stderr
    assert dump(tasplus_home) == after_close


def test_interactive_survey_with_arrow_keys_digits_and_enter(deal, terminal):
    terminal(
        ENTER                       # inside source: yes
        + DOWN + DOWN + ENTER       # who: 王建国, 孙悦, someone else
        + "老同学" + ENTER          # their name
        + DOWN + ENTER              # our fit: 3 → 4
        + "4" + ENTER               # our closeness: 4
        + "5" + ENTER + "3" + ENTER  # 翼辰软件 (on the deal): fit 5, closeness 3
        + "y" + "澜拓数科" + ENTER + "y"  # add a competitor not on the deal; new to the library: add it
        + "3" + ENTER + "2" + ENTER  # its fit and closeness
        + "n"                       # no more competitors
        + ENTER                     # answered by: tester (the default)
        + "王磊" + ENTER            # reviewed by
        + "y")                      # save
    r = run("survey", "run", deal)
    assert "42%" in r.stderr and "SUR-0001" in r.stderr
    [s] = run_json("survey", "list", deal)
    assert (s["inside_source"], s["source"], s["our_fit"], s["our_closeness"]) == (True, "老同学", 4, 4)
    assert [(c["name"], c["fit"], c["closeness"]) for c in s["competitors"]] == [("翼辰软件", 5, 3), ("澜拓数科", 3, 2)]
    assert (s["answered_by"], s["reviewed_by"]) == ("tester", "王磊")
    assert "澜拓数科" in {c["name"] for c in run_json("competitor", "list")}


def test_interactive_asks_only_what_the_flags_left_out(deal, terminal):
    terminal(DOWN + ENTER           # inside source: no
                       + DOWN + DOWN + ENTER  # 翼辰软件 fit: the pointer starts at 3 → 5
                       + ENTER                # closeness: 3
                       + "n" + ENTER + ENTER + "y")
    run("survey", "run", deal, "--our-fit", "4", "--our-closeness", "4")
    assert run_json("winrate", deal)["win_rate"] == 35  # 64/(64+64) × 0.7


def test_interactive_may_keep_a_competitors_latest_score(deal, terminal, monkeypatch):
    from tasplus_cli.cli import prompts

    run("survey", "run", deal, "--inside-source", "yes", "--our-fit", "4", "--our-closeness", "4",
        "--competitor", "翼辰软件=5,3", "--date", "-7d")
    lines: list[str] = []
    monkeypatch.setattr(prompts, "say", lines.append)  # the lines between prompts, summary included
    terminal(DOWN + ENTER + "6" + ENTER + "n" + ENTER + ENTER + "y")  # 6: keep its latest score (carried)
    r = run("survey", "run", deal, "--our-fit", "4", "--our-closeness", "4")
    assert "carried" in r.stderr and "翼辰软件 5/3 (2026-11-20)" in r.stderr
    said = "\n".join(lines)  # the summary before "Save?" names the carried score, not "50 %"
    assert "翼辰软件: fit 5, closeness 3  (carried from 2026-11-20)" in said and "50 %" not in said
    data = run_json("winrate", deal)
    assert data["win_rate"] == 35  # 64/(64+64) × 0.7: the carried 5,3 still counts
    [c] = data["inputs"]["competitors"]
    assert (c["name"], c["carried"], c["scored_on"]) == ("翼辰软件", True, "2026-11-20")


def test_interactive_asks_for_a_competitor_never_scored_without_a_way_to_skip(deal, terminal):
    terminal(DOWN + ENTER + "6" + "4" + ENTER + "2" + ENTER + "n" + ENTER + ENTER + "y")  # 6 is no choice here
    run("survey", "run", deal, "--our-fit", "4", "--our-closeness", "4")
    [c] = run_json("winrate", deal)["inputs"]["competitors"]
    assert (c["fit"], c["closeness"], c["carried"]) == (4, 2, False)


def test_complete_flags_in_a_terminal_only_ask_about_a_new_competitor(deal, terminal):
    terminal("y")
    run("survey", "run", deal, "--inside-source", "yes", "--our-fit", "4", "--our-closeness", "4",
        "--competitor", "翼辰软件=5,3", "--competitor", "Halvorsen Data=3,2")
    assert run_json("winrate", deal)["win_rate"] == 42
    assert "Halvorsen Data" in {c["name"] for c in run_json("competitor", "list")}


def test_declining_a_new_competitor_leaves_it_unscored(deal, terminal):
    terminal("n")
    r = run("survey", "run", deal, "--inside-source", "yes", "--our-fit", "4", "--our-closeness", "4",
            "--competitor", "翼辰软件=5,3", "--competitor", "Halvorsen Data=3,2")
    assert "Halvorsen Data" in r.stderr and run_json("winrate", deal)["win_rate"] == 50
    assert "Halvorsen Data" not in {c["name"] for c in run_json("competitor", "list")}


@pytest.mark.parametrize("keys", [
    CTRL_C,                                           # at the first question
    ENTER + DOWN * 3 + ENTER + "4" + ENTER + CTRL_C,  # half way
    ENTER + DOWN * 3 + ENTER + "4" + ENTER + "4" + ENTER + "5" + ENTER + "3" + ENTER + "n" + ENTER + ENTER
    + "n",  # not saved
    ENTER + DOWN * 3 + ENTER + "4" + ENTER,           # the keys run out (end of input)
])
def test_cancelling_writes_nothing_and_exits_130(tasplus_home, deal, terminal, keys):
    before = dump(tasplus_home)
    terminal(keys)
    r = run("survey", "run", deal, code=130)
    assert "nothing was written" in r.stderr and "Traceback" not in r.stderr
    assert ("survey not saved" in r.stderr) == keys.endswith(ENTER + "n")
    assert dump(tasplus_home) == before


def test_no_input_forbids_prompts_even_in_a_terminal(tasplus_home, deal, terminal):
    before = dump(tasplus_home)
    for args in (["survey", "run", deal, "--no-input"], ["--no-input", "survey", "run", deal]):
        r = run(*args, "--our-fit", "4", code=None)
        assert_clean_error(r, 2)
        assert "--inside-source" in r.stderr
    assert dump(tasplus_home) == before


def test_surveys_are_recorded_in_date_order(tasplus_home, deal):
    run("survey", "run", deal, "--inside-source", "no", "--our-fit", "3", "--our-closeness", "3", "--date", "-3d",
        "--competitor", "翼辰软件=3,3")
    before = dump(tasplus_home)
    r = run("survey", "run", deal, "--inside-source", "no", "--our-fit", "3", "--our-closeness", "3",
            "--competitor", "翼辰软件=3,3", "--date", "-5d", code=None)
    assert_clean_error(r, 2)
    assert "latest survey" in r.stderr and "2026-11-24" in r.stderr
    assert dump(tasplus_home) == before
