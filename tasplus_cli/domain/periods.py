"""Forecast periods: quarters and months (METHOD §14), pure rules.

Forms accepted (``parse``), case and surrounding spaces ignored:

- ``2027Q1`` (also ``2027-Q1``): a quarter of fiscal year 2027;
- ``2027-03``: a calendar month (months are never shifted by the fiscal year);
- words relative to today: ``this-quarter``, ``next-quarter``, ``last-quarter``,
  ``this-month``, ``next-month``, ``last-month`` (and 本季度, 下季度, 上季度, 本月,
  下月, 上月).

Fiscal years: ``fiscal_start`` (config ``forecast.fiscal_year_start``, 1–12,
default 1) is the month a fiscal year begins; a fiscal year is named by the
calendar year in which it **starts**. With start 4, fiscal 2027 runs from
2027-04-01 to 2028-03-31: 2027Q1 = 2027-04-01..2027-06-30 and 2027Q4 =
2028-01-01..2028-03-31. With start 1, quarters are calendar quarters.

A period is stored and shown by its canonical key (``2027Q1``, ``2027-03``);
the dates of a quarter key follow the fiscal start in force when they are
read, so changing the fiscal start moves what a stored quarter means.
A value in none of these forms (``2027Q5``, ``2027-13``, ``Q1``) is an
``InvalidValue`` naming it, with a hint listing the forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg

MIN_YEAR, MAX_YEAR = 1900, 9998
_QUARTER = re.compile(r"(\d{4})-?q(\d)")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
# relative words → (kind, offset from the period containing today)
WORDS = {"this-quarter": ("quarter", 0), "next-quarter": ("quarter", 1), "last-quarter": ("quarter", -1),
         "this-month": ("month", 0), "next-month": ("month", 1), "last-month": ("month", -1),
         "本季度": ("quarter", 0), "下季度": ("quarter", 1), "上季度": ("quarter", -1),
         "本月": ("month", 0), "下月": ("month", 1), "上月": ("month", -1)}


@dataclass(frozen=True)
class Period:
    """A quarter (``index`` 1–4 of fiscal ``year``) or a calendar month (``index`` 1–12 of ``year``)."""

    kind: str  # "quarter" | "month"
    year: int
    index: int
    fiscal_start: int = 1

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.index}" if self.kind == "quarter" else f"{self.year}-{self.index:02d}"

    @property
    def start(self) -> date:
        if self.kind == "month":
            return date(self.year, self.index, 1)
        return _month_start(self.year, self.fiscal_start - 1 + 3 * (self.index - 1))

    @property
    def end(self) -> date:
        return self.shift(1).start - timedelta(days=1)

    def shift(self, n: int) -> Period:
        """The period ``n`` quarters (or months) later (earlier when negative)."""
        size = 4 if self.kind == "quarter" else 12
        i = self.year * size + self.index - 1 + n
        return Period(self.kind, i // size, i % size + 1, self.fiscal_start)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def as_dict(self) -> dict:
        return {"period": self.key, "start": self.start.isoformat(), "end": self.end.isoformat()}


def _month_start(year: int, months_after_january: int) -> date:
    """The first day of the month ``months_after_january`` months after January of ``year``."""
    y, m = divmod(months_after_january, 12)
    return date(year + y, m + 1, 1)


def quarter_of(day: date, fiscal_start: int = 1) -> Period:
    """The fiscal quarter containing ``day``."""
    months = (day.month - fiscal_start) % 12
    year = day.year if day.month >= fiscal_start else day.year - 1
    return Period("quarter", year, months // 3 + 1, fiscal_start)


def month_of(day: date) -> Period:
    return Period("month", day.year, day.month)


def containing(kind: str, day: date, fiscal_start: int = 1) -> Period:
    """The quarter or month containing ``day``."""
    return quarter_of(day, fiscal_start) if kind == "quarter" else month_of(day)


def parse(text: str, today: date, fiscal_start: int = 1, flag: str = "--period") -> Period:
    """A period in one of the module's forms; InvalidValue naming ``text`` (and ``flag``) otherwise."""
    raw = str(text).strip().lower()
    if raw in WORDS:
        kind, offset = WORDS[raw]
        return containing(kind, today, fiscal_start).shift(offset)
    m = _QUARTER.fullmatch(raw)
    if m and 1 <= int(m.group(2)) <= 4 and MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
        return Period("quarter", int(m.group(1)), int(m.group(2)), fiscal_start)
    m = _MONTH.fullmatch(raw)
    if m and 1 <= int(m.group(2)) <= 12 and MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
        return Period("month", int(m.group(1)), int(m.group(2)))
    raise InvalidValue(msg("error.period.bad", flag=flag, text=repr(str(text))),
                       msg("hint.period.forms", quarter=quarter_of(today, fiscal_start).key,
                           month=month_of(today).key))


def check_fiscal_start(value: object) -> int:
    """The ``forecast.fiscal_year_start`` setting: a month number 1–12."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 12:
        raise InvalidValue(msg("error.period.fiscal_start", value=repr(value)), msg("hint.period.fiscal_start"))
    return value
