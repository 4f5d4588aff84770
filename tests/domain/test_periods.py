"""Forecast periods (METHOD §14): quarters, months, relative words, the fiscal year start."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tasplus_cli.domain import periods
from tasplus_cli.domain.errors import InvalidValue

TODAY = date(2027, 2, 15)


@pytest.mark.parametrize("text,key,start,end", [
    ("2027Q1", "2027Q1", date(2027, 1, 1), date(2027, 3, 31)),
    ("2027q4", "2027Q4", date(2027, 10, 1), date(2027, 12, 31)),
    (" 2027-Q2 ", "2027Q2", date(2027, 4, 1), date(2027, 6, 30)),
    ("2027-03", "2027-03", date(2027, 3, 1), date(2027, 3, 31)),
    ("2028-2", "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
    ("this-quarter", "2027Q1", date(2027, 1, 1), date(2027, 3, 31)),
    ("next-quarter", "2027Q2", date(2027, 4, 1), date(2027, 6, 30)),
    ("last-quarter", "2026Q4", date(2026, 10, 1), date(2026, 12, 31)),
    ("this-month", "2027-02", date(2027, 2, 1), date(2027, 2, 28)),
    ("Next-Month", "2027-03", date(2027, 3, 1), date(2027, 3, 31)),
    ("last-month", "2027-01", date(2027, 1, 1), date(2027, 1, 31)),
    ("本季度", "2027Q1", date(2027, 1, 1), date(2027, 3, 31)),
    ("下月", "2027-03", date(2027, 3, 1), date(2027, 3, 31)),
])
def test_forms_and_their_days(text, key, start, end):
    p = periods.parse(text, TODAY)
    assert (p.key, p.start, p.end) == (key, start, end)
    assert p.contains(start) and p.contains(end)
    assert not p.contains(start - timedelta(days=1)) and not p.contains(end + timedelta(days=1))


def test_fiscal_year_starting_in_april_is_named_by_the_year_it_starts():
    q1 = periods.parse("2027Q1", TODAY, fiscal_start=4)
    assert (q1.start, q1.end) == (date(2027, 4, 1), date(2027, 6, 30))
    q4 = periods.parse("2027Q4", TODAY, fiscal_start=4)
    assert (q4.start, q4.end) == (date(2028, 1, 1), date(2028, 3, 31))
    # 2027-02-15 lies in the last quarter of fiscal 2026 (2026-04-01 .. 2027-03-31)
    assert periods.quarter_of(TODAY, 4).key == "2026Q4"
    assert periods.parse("next-quarter", TODAY, 4).key == "2027Q1"
    assert periods.parse("2027-03", TODAY, 4).start == date(2027, 3, 1)  # months stay calendar months
    assert periods.quarter_of(date(2027, 12, 31), 10).key == "2027Q1"


def test_quarters_follow_each_other_across_years():
    p = periods.parse("2026Q4", TODAY)
    assert p.shift(1).key == "2027Q1" and p.shift(-4).key == "2025Q4"
    assert p.shift(1).start == p.end + timedelta(days=1)
    assert periods.parse("2026-12", TODAY).shift(1).key == "2027-01"
    for start in range(1, 13):
        days = set()
        for i in range(1, 5):
            q = periods.parse(f"2027Q{i}", TODAY, start)
            assert periods.quarter_of(q.start, start) == q and periods.quarter_of(q.end, start) == q
            days.add((q.end - q.start).days)
        assert all(88 <= d <= 91 for d in days)


@pytest.mark.parametrize("bad", ["2027Q5", "2027Q0", "2027-13", "2027-00", "Q1", "2027", "27Q1", "next-year", "",
                                 "2027Q1x"])
def test_a_bad_period_names_the_value_and_shows_the_forms(bad):
    with pytest.raises(InvalidValue) as e:
        periods.parse(bad, TODAY, flag="--period")
    assert repr(bad) in e.value.message and "--period" in e.value.message
    assert "2027Q1" in e.value.hint and "2027-02" in e.value.hint and "this-quarter" in e.value.hint


@pytest.mark.parametrize("bad", [0, 13, "4", True, 4.5])
def test_fiscal_start_must_be_a_month(bad):
    with pytest.raises(InvalidValue):
        periods.check_fiscal_start(bad)
