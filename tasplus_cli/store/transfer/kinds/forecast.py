"""Targets and managers' calls in CSV (METHOD §14): ``targets`` (typed by hand too: a
manager's quota sheet) and ``forecast-calls`` (carried by ``--all``). One row per user
and period, matched on both (unique). A period is a key (``2027Q1``, ``2027-03``); the
relative words of ``domain.periods`` (``this-quarter``) are refused in a file, whose rows
must mean the same whenever it is imported."""

from __future__ import annotations

from datetime import date
from typing import Any

from tasplus_cli.domain import periods
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg
from tasplus_cli.store.models import ForecastCall, SalesTarget
from tasplus_cli.store.transfer import fields as c
from tasplus_cli.store.transfer.spec import Field, Kind
from tasplus_cli.store.transfer.values import VT, Amount, Currency, Name, User


class PeriodKey(VT):
    """``2027Q1`` or ``2027-03`` (canonical key stored); a relative word is an error naming it."""

    cacheable = True

    def parse(self, raw: str, flag: str, ctx: Any) -> str:
        if raw.strip().lower() in periods.WORDS:
            raise InvalidValue(msg("error.period.bad", flag=flag, text=repr(raw)),
                               msg("hint.period.keys"))
        return periods.parse(raw, date.today(), flag=flag).key


def _fields(note: bool) -> tuple[Field, ...]:
    return (Field("user", "用户", User(), required=True, aliases=("销售", "rep", "manager", "经理")),
            Field("period", "期间", PeriodKey(), required=True, aliases=("季度", "quarter", "month")),
            Field("amount", "金额", Amount(), column="amount_minor", required=True, aliases=("target", "目标")),
            Field("currency", "币种", Currency(), default=c.CURRENCY, aliases=("货币",)),
            *((c.notes("note"),) if note else ()),
            Field("set_by", "设定人", Name(repeats=True), default=c.USER, aliases=("set by",)), c.updated())


TARGETS = Kind("targets", SalesTarget, unique_key=True, natural_key=("user", "period"), aliases=("quotas",),
               doc="targets per user and period; matched by user + period", fields=_fields(note=False))

FORECAST_CALLS = Kind("forecast-calls", ForecastCall, unique_key=True, natural_key=("user", "period"), extra=True,
                      aliases=("calls",), doc="managers' calls per period; matched by user + period",
                      fields=_fields(note=True))
