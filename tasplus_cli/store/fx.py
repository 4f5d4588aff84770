"""Exchange rates into the base currency (table ``fx_rate``; METHOD §2).

One rate per currency and day (unique): ``set_rate`` replaces the rate of
that day (the old value is returned so the command can say it), ``remove``
deletes one day's rate or every rate of a currency. ``fx_on`` is the choice the
totals and the grades read: per currency, the latest rate on or before a day,
in one query; ``grade_of`` grades an amount by it. Rates are kept for currencies other than the base one; a rate
for the base currency itself is refused (it is 1 by definition).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain import grading
from tasplus_cli.domain.errors import InvalidValue, NotFound
from tasplus_cli.domain.fx import Fx, Rate
from tasplus_cli.messages import command, msg
from tasplus_cli.settings import Grades
from tasplus_cli.store.tables import FxRate
from tasplus_cli.store.records import claim_name, for_change


def fx_on(s: Session, base: str, day: date) -> Fx:
    """The rates in force on ``day``: per currency, its latest rate on or before it."""
    last = (select(FxRate.currency, func.max(FxRate.day).label("day")).where(FxRate.day <= day)
            .group_by(FxRate.currency).subquery())
    rows = s.exec(select(FxRate.currency, FxRate.rate_micro, FxRate.day)
                  .join(last, (FxRate.currency == last.c.currency) & (FxRate.day == last.c.day))).all()
    return Fx(base, day, {c: Rate(c, r, d) for c, r, d in rows if c != base})


def set_rate(s: Session, base: str, currency: str, rate_micro: int, day: date, by: str) -> int | None:
    """Keep ``currency``'s rate from ``day`` on; return the rate it replaced that day, if any."""
    if currency == base:
        raise InvalidValue(msg("error.fx.base", currency=currency), msg("hint.fx.base"))
    claim_name(s, "fx_rate", f"{currency} {day.isoformat()}")
    row = s.exec(select(FxRate).where(FxRate.currency == currency, FxRate.day == day)).first()
    if row is None:
        s.add(FxRate(currency=currency, day=day, rate_micro=rate_micro, set_by=by))
        return None
    row = for_change(s, row)
    old = row.rate_micro
    row.rate_micro, row.set_by = rate_micro, by
    s.add(row)
    return old


def list_rates(s: Session, currency: str | None = None) -> list[Rate]:
    """Every stored rate (of ``currency``), by currency then day."""
    q = select(FxRate.currency, FxRate.rate_micro, FxRate.day)
    if currency:
        q = q.where(FxRate.currency == currency)
    return [Rate(c, r, d) for c, r, d in s.exec(q.order_by(FxRate.currency, FxRate.day)).all()]


def remove(s: Session, currency: str, day: date | None) -> int:
    """Delete ``currency``'s rate of ``day`` (every rate of it when None); return how many."""
    q = select(FxRate).where(FxRate.currency == currency)
    if day is not None:
        q = q.where(FxRate.day == day)
    rows = s.exec(q.order_by(FxRate.id)).all()
    if not rows:
        what = f"{currency} {day.isoformat()}" if day else currency
        raise NotFound(msg("error.fx.none", what=what), msg("hint.fx.list", command=command("fx", "list")))
    for row in rows:
        s.delete(for_change(s, row))
    return len(rows)


def grade_of(s: Session, grades: Grades, amount_minor: int, currency: str, partner: str | None,
             day: date | None) -> str:
    """The automatic grade of an amount (E when partner-led), compared in the base currency at the
    rate in force on ``day`` (default today); no rate for ``currency``: an error naming it."""
    if partner:
        return "E"
    base = fx_on(s, grades.base, day or date.today()).to_base(amount_minor, currency)
    if base is None:
        raise grading.no_rate(currency, grades.base)
    return grading.grade_for_amount(base, grades.thresholds)
