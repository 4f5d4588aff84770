"""What a new user tripped over in the competition's output (issue 11, item 8), each
reproduced first: tables at 80 columns, plurals and grammar, internal names, hints
that fail when pasted, notes printed three times. ``--json`` keeps its old wording."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from helpers import run, run_json
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.strategy import pick_tactic
from tasplus_cli.messages.phrase import Phrase, counted, phrase, say


@pytest.fixture
def deal(bank, monkeypatch):
    """A deal with a confirmed event and a survey: us 8, Halvorsen Data 8, 澜拓数科 5 (rank 1, no margin)."""
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-27")
    run("user", "add", "王磊")  # the manager who reviews the survey, and the rep who answers it
    run("user", "add", "张伟", "--manager", "王磊")
    run("competitor", "add", "Halvorsen Data", "--website", "https://halvorsen-data.example",
        "--strengths", "Plant-floor and grid references worldwide; mature product")
    run("competitor", "add", "澜拓数科", "--website", "https://lantuo.example", "--strengths", "价格低，响应快；本地服务团队")
    run("opp", "new", "核心系统", "--account", bank, "--amount", "6000000")
    run("event", "add", "核心系统", "监管要求", "--confirmed")
    run("survey", "run", "OPP-0001", "--inside-source", "yes", "--our-fit", "4", "--our-closeness", "4",
        "--competitor", "Halvorsen Data=5,3", "--competitor", "澜拓数科=3,2", "--answered-by", "张伟",
        "--reviewed-by", "王磊", "--no-input")
    return "OPP-0001"


def _words_whole(out: str, words: list[str]) -> None:
    for w in words:
        assert w in out, f"{w!r} broken inside:\n{out}"


def test_tables_at_80_columns_hide_columns_instead_of_breaking_words(deal, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = run("survey", "list", deal).stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    _words_whole(out, ["SUR-0001", "2026-11-27", "Halvorsen", "fit/closeness", "Win rate", "42%"])
    assert "hidden columns:" in out
    out = run("competitor", "list").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    _words_whole(out, ["CMP-0001", "Halvorsen", "Plant-floor", "references", "worldwide;", "They won"])
    assert "hidden columns: Website" in out
    monkeypatch.setenv("COLUMNS", "200")  # wide: nothing hidden
    assert "hidden" not in run("competitor", "list").stdout + run("survey", "list", deal).stdout


def test_points_are_counted_on_screen_and_json_keeps_its_wording(deal):
    assert "only 0 point(s) ahead of Halvorsen Data" in run_json("strategy", "suggest", deal)["reason"]
    out = run("strategy", "suggest", deal).stdout
    assert "only 0 points ahead of Halvorsen Data" in out and "point(s)" not in out
    assert "0 points ahead" in run("plan", deal).stdout
    run("survey", "run", deal, "--inside-source", "yes", "--our-fit", "4", "--our-closeness", "5",
        "--competitor", "Halvorsen Data=5,3", "--no-input")  # 9 against 8
    assert "only 1 point ahead of Halvorsen Data" in run("strategy", "suggest", deal).stdout


def test_no_suggestion_says_why_without_empty_dashes(bank):
    run("opp", "new", "手机银行", "--account", bank, "--amount", "2500000")
    run("event", "add", "OPP-0001", "监管要求", "--confirmed")
    out = run("strategy", "suggest", "OPP-0001").stdout
    assert out.startswith("OPP-0001: no survey yet") and "—" not in out


def test_tactic_catalogue_names_each_strategy_once(monkeypatch):
    out = run("tactic", "catalogue").stdout
    assert "frontal (frontal)" not in out and re.search(r"^frontal$", out, re.M)
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    assert "正面 (frontal)" in run("tactic", "catalogue", "frontal").stdout


def test_success_lines_name_fields_not_internal_keys(deal):
    r = run("value", "set", deal, "--solution", "分布式核心", "--business-value", "降本", "--proof", "样板行")
    assert "value proposition updated (solution, business value, proof points)" in r.stderr
    assert "business_value" not in r.stderr and "proof_points" not in r.stderr
    r = run("value", "set", deal, "--proof", " ", code=2)
    assert "--proof cannot be empty" in r.stderr  # the flag the command has, not --proof-points


def test_suggested_commands_run_when_pasted(deal):
    r = run("value", "compare", deal, "Halvorsen Data", code=2)
    hint = r.stderr.split("hint: ", 1)[1].strip()
    assert hint == "tasplus value compare OPP-0001 'Halvorsen Data' --solution better"
    assert shlex.split(hint)[4] == "Halvorsen Data"
    fixes = [m["fix"] for m in run_json("plan", deal)["missing"]]
    assert "tasplus value compare OPP-0001 Halvorsen Data --solution V --relationship V --strength V" in fixes
    out = run("plan", deal).stdout
    assert "tasplus value compare OPP-0001 'Halvorsen Data' --solution V" in out


def test_a_note_given_for_three_dimensions_is_shown_once(deal):
    run("value", "compare", deal, "Halvorsen Data", "--solution", "better", "--relationship", "worse",
        "--strength", "equal", "--note", "对方与分管行长关系密切")
    value = run_json("value", "show", deal)
    assert [r["note"] for r in value["comparison"]["Halvorsen Data"].values()] == ["对方与分管行长关系密切"] * 3
    assert run("value", "show", deal).stdout.count("对方与分管行长关系密切") == 1
    assert run("plan", deal).stdout.count("对方与分管行长关系密切") == 1


def test_pick_tactic_is_a_domain_rule():
    cat = {"flanking": ("shape tender specs", "bring a partner")}
    assert pick_tactic(cat, "flanking", 2) == "bring a partner"
    for strategy, pick in (("flanking", 3), ("flanking", 0), (None, 1), ("frontal", 1)):
        with pytest.raises(InvalidValue):
            pick_tactic(cat, strategy, pick)


def test_a_phrase_is_its_english_in_json_and_said_in_chinese():
    p = phrase("strategy.reason.narrow", leader="云擎", points=counted("strategy.points", 0, "0 point(s)"))
    assert p == "we rank 1 but only 0 point(s) ahead of 云擎: protect the lead, lock the criteria early"
    assert json.dumps({"r": p}, ensure_ascii=False) == json.dumps({"r": str(p)}, ensure_ascii=False)
    assert say(p, "en") == "we rank 1 but only 0 points ahead of 云擎: protect the lead, lock the criteria early"
    assert say(p, "zh").startswith("我方排第 1，但只领先云擎 0 分")
    assert say(Phrase("x", shown=lambda lang: lang), "zh") == "zh" and say("plain", "zh") == "plain"
    assert say(["a", "b"], "zh") == "a、b"
