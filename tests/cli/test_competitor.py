"""``tasplus competitor …``: the library, competitors on deals, the record against us."""

from __future__ import annotations

import pytest

from helpers import assert_clean_error, dump, run, run_json


@pytest.fixture
def deal(bank, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-27")
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "8000000")
    return "OPP-0001"


def test_library_add_edit_show(deal, bank):
    run("competitor", "add", "翼辰软件", "--website", "https://yichen.example", "--strengths", "银行核心案例多",
        "--weaknesses", "实施周期长", "--tactics", "低价拿一期", "--description", "national vendor")
    run("competitor", "edit", "翼辰", "--notes", "刘芳的老关系", "--tactics", "高层拜访先行")
    run("competitor", "partner", "add", "CMP-0001", "华信系统集成", "--notes", "总集成商")
    run("competitor", "event", "add", "翼辰软件", "发布分布式核心 V9", "--date", "2026-09-15")
    run("competitor", "quote", "add", "翼辰软件", "760万", "--opp", deal, "--product", "核心 V9", "--date", "-10d")
    run("competitor", "quote", "add", "翼辰软件", "1,200,000", "--account", bank, "--currency", "usd")
    run("competitor", "relation", "add", "翼辰软件", "--account", bank, "--contact", "王建国",
        "--relationship", "强正向", "--notes", "老同事")
    c = run_json("competitor", "show", "cmp-1")
    assert (c["name"], c["tactics"], c["notes"], c["website"]) == ("翼辰软件", "高层拜访先行", "刘芳的老关系",
                                                                   "https://yichen.example")
    assert c["partners"] == [{"name": "华信系统集成", "notes": "总集成商"}]
    assert c["events"] == [{"date": "2026-09-15", "text": "发布分布式核心 V9"}]
    assert [(q["date"], q["deal"], q["account"], q["amount"], q["currency"], q["product"]) for q in c["quotes"]] == [
        ("2026-11-17", deal, "华东省农商银行", 7_600_000, "CNY", "核心 V9"),
        ("2026-11-27", None, "华东省农商银行", 1_200_000, "USD", None)]
    assert [(r["account"], r["contact"], r["relationship"]) for r in c["relations"]] == [
        ("华东省农商银行", "王建国", "strong-positive")]
    out = run("competitor", "show", "翼辰软件").stdout
    for text in ("华信系统集成", "发布分布式核心 V9", "7,600,000 CNY", "strong positive", "Record against us"):
        assert text in out
    assert [r["code"] for r in run_json("competitor", "list")] == ["CMP-0001"]


def test_duplicate_names_are_clear_errors_and_write_nothing(tasplus_home, deal):
    run("competitor", "add", "翼辰软件")
    run("competitor", "add", "Halvorsen Data")
    run("competitor", "partner", "add", "翼辰软件", "华信系统集成")
    before = dump(tasplus_home)
    for args in (["competitor", "add", "翼辰软件"], ["competitor", "add", " halvorsen data "],
                 ["competitor", "edit", "翼辰软件", "--name", "HALVORSEN DATA"],
                 ["competitor", "partner", "add", "翼辰软件", "华信系统集成"]):
        r = run(*args, code=None)
        assert_clean_error(r, 1)
        assert "already" in r.stderr
    assert dump(tasplus_home) == before


@pytest.mark.parametrize("args, code", [
    (["competitor", "add", "  "], 2),
    (["competitor", "show", "nobody"], 1),
    (["competitor", "quote", "add", "翼辰软件", "100"], 2),  # neither deal nor account
    (["competitor", "quote", "add", "翼辰软件", "-5", "--opp", "OPP-0001"], 2),
    (["competitor", "relation", "add", "翼辰软件", "--account", "华东省农商银行", "--relationship", "friends"], 2),
    (["competitor", "relation", "add", "翼辰软件", "--account", "瑞康医疗集团", "--contact", "王建国"], 1),
    (["competitor", "event", "add", "翼辰软件", "x", "--date", "someday"], 2),
    (["competitor", "add", "New", "--opp", "OPP-0099"], 1),
    (["competitor", "remove", "翼辰软件", "--opp", "OPP-0001"], 1),  # not on the deal
])
def test_bad_input_is_a_clean_error(tasplus_home, deal, args, code):
    run("account", "add", "瑞康医疗集团")
    run("competitor", "add", "翼辰软件")
    before = dump(tasplus_home)
    assert_clean_error(run(*args, code=None), code)
    assert dump(tasplus_home) == before


def test_competitors_on_a_deal(deal):
    run("competitor", "add", "翼辰软件")
    r = run("competitor", "add", "翼辰", "--opp", deal)  # an existing one is put on the deal as it is
    assert "now on OPP-0001" in r.stderr and "added" not in r.stderr.split("\n")[0]
    run("competitor", "add", "澜拓数科", "--opp", deal, "--strengths", "价格低")  # a new one is created too
    assert [c["name"] for c in run_json("competitor", "list")] == ["翼辰软件", "澜拓数科"]
    on = run_json("competitor", "list", "--opp", deal)
    assert [(c["name"], c["fit"], c["winner"]) for c in on] == [("翼辰软件", None, False), ("澜拓数科", None, False)]
    assert_clean_error(run("competitor", "add", "翼辰软件", "--opp", deal, code=None), 1)  # already on it
    assert_clean_error(run("competitor", "add", "翼辰软件", "--opp", deal, "--website", "x", code=None), 1)
    run("competitor", "remove", "澜拓数科", "--opp", deal, "--reason", "资格预审未通过")
    assert [c["name"] for c in run_json("competitor", "list", "--opp", deal)] == ["翼辰软件"]
    hist = [(h["old"], h["new"], h["reason"]) for h in run_json("opp", "history", deal) if h["field"] == "competitor"]
    assert hist == [(None, "CMP-0001 翼辰软件", None), (None, "CMP-0002 澜拓数科", None),
                    ("CMP-0002 澜拓数科", None, "资格预审未通过")]
    assert "翼辰软件" in run("competitor", "list", "--opp", deal).stdout


def test_record_against_us(bank, deal):
    run("competitor", "add", "翼辰软件", "--opp", deal)
    run("opp", "new", "手机银行", "--account", bank, "--amount", "2500000")
    run("competitor", "add", "翼辰软件", "--opp", "OPP-0002")
    run("opp", "new", "数据中台", "--account", bank, "--amount", "600000")
    run("opp", "close", deal, "--lost", "--reason", "价格高", "--competitor", "翼辰软件")
    run("opp", "close", "OPP-0002", "--won", "--force", "--reason", "签了")
    run("opp", "close", "OPP-0003", "--lost", "--reason", "价格", "--competitor", "翼辰软件")
    c = run_json("competitor", "show", "翼辰软件")
    assert c["record"] == {"deals": 3, "open": 0, "we_won": 1, "they_won": 2, "lost_to_others": 0, "abandoned": 0}
    assert [(d["code"], d["status"], d["winner"]) for d in c["deals"]] == [
        (deal, "lost", True), ("OPP-0002", "won", False), ("OPP-0003", "lost", True)]
    r = run("competitor", "remove", "翼辰软件", "--opp", deal, code=None)
    assert_clean_error(r, 1)
    assert "winner" in r.stderr
    [row] = run_json("competitor", "list")
    assert (row["we_won"], row["they_won"]) == (1, 2)


def test_user_text_is_printed_as_typed(deal):
    run("competitor", "add", "[bold]Acme", "--strengths", "[red]cheap", "--opp", deal)
    out = run("competitor", "show", "[bold]Acme").stdout
    assert "[bold]Acme" in out and "[red]cheap" in out
    assert "[bold]Acme" in run("competitor", "list").stdout
