"""Money in several currencies and amounts as Chinese reps type them (METHOD §2, §9 forecasts):
ISO 4217 codes everywhere a currency enters, dated exchange rates (``fx``), grades and every
total in the base currency naming its rates, a deal without a rate left out and counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_clean_error, dump, run, run_json


def _usd_deal(bank) -> None:
    run("fx", "set", "USD", "7.12")
    run("opp", "new", "美元项目", "--account", bank, "--amount", "1000000", "--currency", "USD")
    run("opp", "new", "人民币项目", "--account", bank, "--amount", "600万元")


def _totals() -> tuple[dict, dict, dict]:
    rows = run_json("opp", "list")
    funnel, review = run_json("funnel"), run_json("review")
    return rows, funnel, review


def test_a_usd_deal_is_graded_by_its_base_amount_and_every_total_agrees(bank):
    _usd_deal(bank)
    grade = run_json("opp", "grade", "美元项目")
    assert grade["grade"] == "A" and grade["by_amount"] == "A" and grade["amount_base"] == 7_120_000
    assert "7,120,000 CNY" in grade["why"] and "USD 7.12" in grade["why"]
    rows, funnel, review = _totals()
    usd = next(r for r in rows if r["currency"] == "USD")
    assert usd["amount_base"] == 7_120_000 and usd["fx"]["rate"] == 7.12
    expected = 7_120_000 + 6_000_000
    assert sum(r["amount_base"] for r in rows) == expected
    assert funnel["totals"]["amount"] == expected == review["summary"]["amount"]
    assert funnel["totals"]["classic_forecast"] == review["summary"]["classic_forecast"] == expected // 10
    assert funnel["rates"] == review["summary"]["rates"] == [{"currency": "USD", "rate": 7.12,
                                                              "date": funnel["rates"][0]["date"]}]
    assert funnel["left_out"] == review["summary"]["left_out"] == []
    screen = run("opp", "list").stdout
    assert "13,120,000 CNY" in screen and "USD 7.12" in screen
    assert "USD 7.12" in run("funnel").stdout and "13,120,000 CNY" in run("review").stdout


def test_without_a_rate_a_deal_is_left_out_of_every_total_and_counted(bank):
    _usd_deal(bank)
    assert "removed the rate of USD" in run("fx", "remove", "USD").stderr
    rows, funnel, review = _totals()
    assert next(r for r in rows if r["currency"] == "USD")["amount_base"] is None
    assert funnel["totals"]["amount"] == 6_000_000 == review["summary"]["amount"]
    left = [{"currency": "USD", "deals": 1, "amount": 1_000_000}]
    assert funnel["left_out"] == review["summary"]["left_out"] == left and funnel["totals"]["left_out"] == 1
    assert review["summary"]["open_deals"] == len(rows) == funnel["totals"]["count"] + 1  # counted, not hidden
    said = "1 deal in USD left out: no rate; tasplus fx set USD RATE"
    for args in (("opp", "list"), ("funnel",), ("review",)):
        out = run(*args).stdout
        assert said in " ".join(out.split()), args
        assert "7,000,000" not in out  # never added as if it were CNY
    assert "cannot be compared" in run_json("opp", "grade", "美元项目")["why"]


def test_a_new_deal_in_a_currency_without_a_rate_is_refused(bank, tasplus_home):
    before = dump(tasplus_home)
    r = run("opp", "new", "欧元项目", "--account", bank, "--amount", "100", "--currency", "EUR", code=2)
    assert_clean_error(r, 2)
    assert "EUR" in r.stderr and "tasplus fx set EUR RATE" in r.stderr
    assert dump(tasplus_home) == before


def test_the_latest_rate_on_or_before_the_day_applies(bank):
    run("fx", "set", "USD", "7.00", "--date", "2020-01-01")
    run("fx", "set", "USD", "7.12", "--date", "2021-01-01")
    run("fx", "set", "USD", "9.99", "--date", "2999-01-01")  # not yet in force
    listed = run_json("fx", "list")
    assert [(r["rate"], r["in_force"]) for r in listed["rates"]] == [(7, False), (7.12, True), (9.99, False)]
    run("opp", "new", "美元项目", "--account", bank, "--amount", "100", "--currency", "usd")
    assert run_json("opp", "list")[0]["amount_base"] == 712
    run("fx", "set", "USD", "7.2", "--date", "2021-01-01")  # the same day: replaced
    assert [r["rate"] for r in run_json("fx", "list", "USD")["rates"]] == [7, 7.2, 9.99]
    assert "fx set USD 7.12" in run("fx", "set", "--help").stdout


@pytest.mark.parametrize("args, named", [
    (("fx", "set", "XYZ", "7"), "XYZ"),
    (("fx", "set", "USD", "0"), "'0'"),
    (("fx", "set", "USD", "abc"), "'abc'"),
    (("fx", "set", "USD", "--", "-7.12"), "'-7.12'"),
    (("fx", "set", "USD", "nan"), "'nan'"),
    (("fx", "set", "CNY", "1"), "CNY"),
    (("opp", "new", "新项目", "--account", "ACC-0001", "--amount", "1", "--currency", "ABC"), "'ABC'"),
    (("opp", "edit", "OPP-0001", "--currency", "XXX"), "'XXX'"),
    (("competitor", "quote", "add", "翼辰软件", "100", "--account", "ACC-0001", "--currency", "RMB"), "'RMB'"),
    (("opp", "new", "新项目", "--account", "ACC-0001", "--amount", "1,5"), "'1,5'"),
    (("opp", "new", "新项目", "--account", "ACC-0001", "--amount", "1,50,000"), "'1,50,000'"),
    (("opp", "new", "新项目", "--account", "ACC-0001", "--amount", "1.500.000"), "'1.500.000'"),
    (("opp", "edit", "OPP-0001", "--amount", "12,34万"), "'12,34万'"),
    (("opp", "new", "新项目", "--account", "ACC-0001", "--amount", "六百万"), "'六百万'"),
])
def test_bad_money_is_refused_naming_the_value(bank, tasplus_home, args, named):
    run("opp", "new", "已有项目", "--account", bank, "--amount", "100")
    run("competitor", "add", "翼辰软件")
    before = dump(tasplus_home)
    r = run(*args, code=2)
    assert_clean_error(r, 2)
    assert named in r.stderr.splitlines()[0]
    assert dump(tasplus_home) == before


def test_amounts_as_chinese_reps_type_them(bank):
    for i, typed in enumerate(("600万元", "￥600万", "¥600万", "6000000元", "6，000，000", "６００万")):
        run("opp", "new", f"项目{i}", "--account", bank, "--amount", typed)
    run("opp", "new", "大项目", "--account", bank, "--amount", "6千万")
    run("opp", "new", "超大项目", "--account", bank, "--amount", "1.2亿元")
    amounts = [r["amount"] for r in run_json("opp", "list")]
    assert amounts == [6_000_000] * 6 + [60_000_000, 120_000_000]


def test_csv_cells_use_the_same_rules(bank, tasplus_home, tmp_path: Path):
    path = tmp_path / "deals.csv"
    path.write_text("name,account,amount,currency\n甲,ACC-0001,600万元,CNY\n乙,ACC-0001,\"1,5\",CNY\n", encoding="utf-8")
    before = dump(tasplus_home)
    r = run("import", "opportunities", str(path), code=1)
    assert "'1,5' is ambiguous" in r.stderr
    assert dump(tasplus_home) == before
    path.write_text('name,account,amount,currency\n甲,ACC-0001,600万元,CNY\n乙,ACC-0001,"1,500",ZZZ\n',
                    encoding="utf-8")
    r = run("import", "opportunities", str(path), code=1)
    assert "'ZZZ'" in r.stderr and dump(tasplus_home) == before
    path.write_text('name,account,amount,currency\n甲,ACC-0001,"6，000，000",CNY\n乙,ACC-0001,1000000,USD\n',
                    encoding="utf-8")
    r = run("import", "opportunities", str(path), code=1)
    assert "tasplus fx set USD RATE" in r.stderr and dump(tasplus_home) == before
    run("fx", "set", "USD", "7.12")
    run("import", "opportunities", str(path))
    assert [(r["amount"], r["grade"]) for r in run_json("opp", "list")] == [(6_000_000, "A"), (1_000_000, "A")]


def test_the_config_currency_is_an_iso_code(tasplus_home):
    r = run("config", "set", "currency", "RMB", code=2)
    assert_clean_error(r, 2)
    assert "'RMB'" in r.stderr
    run("config", "set", "currency", "USD")
    assert run_json("config", "show")["currency"] == "USD"


def test_fx_in_chinese(bank):
    import os

    _usd_deal(bank)
    run("fx", "remove", "USD")
    os.environ["TASPLUS_LANG"] = "zh"
    try:
        out = " ".join(run("funnel").stdout.split())
        assert "1 个 USD 商机未计入：没有汇率；tasplus fx set USD RATE" in out
        assert "汇率" in run("fx", "list").stdout
    finally:
        del os.environ["TASPLUS_LANG"]
