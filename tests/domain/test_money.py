"""The one amount parser, ISO 4217 codes and conversion into the base currency (pure rules)."""

from __future__ import annotations

from datetime import date

import pytest

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.fx import Fx, Rate, parse_rate
from tasplus_cli.domain.money import parse_amount, parse_currency


@pytest.mark.parametrize("text, major", [
    ("600万元", 6_000_000), ("￥600万", 6_000_000), ("¥600万", 6_000_000), ("6000000元", 6_000_000),
    ("6千万", 60_000_000), ("6，000，000", 6_000_000), ("1.2亿元", 120_000_000), ("1,200万", 12_000_000),
    ("6 000 000", 6_000_000), ("1.5", 1.5), ("5m", 5_000_000),
])
def test_amounts_as_typed(text, major):
    assert parse_amount(text) == round(major * 100)


@pytest.mark.parametrize("text", ["1,5", "1,50", "12,3456", "1.500.000", "1,500.000,00", "1 5", "六百万", "600万万万"])
def test_ambiguous_amounts_are_refused(text):
    with pytest.raises(InvalidValue):
        parse_amount(text)


def test_currency_codes_are_iso_4217():
    assert parse_currency(" usd ") == "USD"
    for bad in ("RMB", "XXX", "ABC", "US"):
        with pytest.raises(InvalidValue):
            parse_currency(bad)


@pytest.mark.parametrize("text", ["0", "-1", "abc", "nan", "inf", "7.1234567"])
def test_bad_rates(text):
    with pytest.raises(InvalidValue):
        parse_rate(text, "USD")


def test_a_total_names_its_rates_and_counts_what_it_left_out():
    fx = Fx("CNY", date(2027, 1, 5), {"USD": Rate("USD", 7_120_000, date(2027, 1, 1))})
    t = fx.total()
    assert t.add(100_000_000, "USD") == 712_000_000 and t.add(5, "CNY") == 5 and t.add(7, "EUR") is None
    assert t.minor == 712_000_005 and t.deals_left_out == 1
    assert t.as_dict() == {"currency": "CNY", "rates": [{"currency": "USD", "rate": 7.12, "date": "2027-01-01"}],
                           "left_out": [{"currency": "EUR", "deals": 1, "amount": 0.07}]}
