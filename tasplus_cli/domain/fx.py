"""Exchange rates into the base currency and totals in it (METHOD §2).

A rate says how many base units one unit of a currency is worth from a day on
(stored as ``rate_micro`` = rate × 1,000,000); the latest rate on or before the
day asked applies. ``Fx`` is that choice made for one day: the base currency
and, per currency, the rate in force. It converts amounts (minor units) into the
base currency, or says it cannot (``None``): no rate. Nothing here ever adds an
amount as if it were in the base currency.

``Total`` is a sum in the base currency that keeps its account: the rates it
used and, per currency, the deals it left out for want of a rate (and their
amounts in their own currency). Every total a screen prints (``opp list``,
``funnel``, ``review``, both forecasts) is made through it, so the numbers
agree and name their rates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.money import major
from tasplus_cli.messages import msg

SCALE = 1_000_000  # rate_micro per 1.0
MAX_RATE = 10 ** 9  # a rate above a billion base units per unit is a typo


def parse_rate(text: str, currency: str) -> int:
    """``7.12`` → 7,120,000 (rate_micro); a non-number, a rate ≤ 0, more than six decimals or an
    absurd rate is an error naming the value."""
    raw = str(text).strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0 or value > MAX_RATE:
        raise InvalidValue(msg("error.fx.rate", text=repr(raw), currency=currency), msg("hint.fx.rate",
                                                                                        currency=currency))
    micro = value * SCALE
    if micro != micro.to_integral_value():
        raise InvalidValue(msg("error.fx.rate_decimals", text=repr(raw)), msg("hint.fx.rate", currency=currency))
    return int(micro)


def rate_number(rate_micro: int) -> int | float:
    """7,120,000 → 7.12 (a JSON number; int when whole)."""
    return rate_micro // SCALE if rate_micro % SCALE == 0 else rate_micro / SCALE


@dataclass(frozen=True)
class Rate:
    currency: str
    rate_micro: int
    day: date

    def as_dict(self) -> dict:
        return {"currency": self.currency, "rate": rate_number(self.rate_micro), "date": self.day.isoformat()}

    def said(self) -> str:
        """``USD 7.12 (2027-01-05)``."""
        return f"{self.currency} {rate_number(self.rate_micro)} ({self.day.isoformat()})"


@dataclass(frozen=True)
class Fx:
    """The base currency and, per other currency, the rate in force on ``day``."""

    base: str
    day: date
    rates: dict[str, Rate] = field(default_factory=dict)

    def rate(self, currency: str) -> Rate | None:
        return None if currency == self.base else self.rates.get(currency)

    def to_base(self, minor: int, currency: str) -> int | None:
        """``minor`` of ``currency`` in base minor units (rounded half up), or None: no rate."""
        if currency == self.base:
            return minor
        r = self.rates.get(currency)
        return None if r is None else (minor * r.rate_micro + SCALE // 2) // SCALE

    def total(self) -> Total:
        return Total(self)


@dataclass
class Total:
    """A sum in the base currency, the rates it used and the deals it left out (no rate)."""

    fx: Fx
    minor: int = 0
    used: dict[str, Rate] = field(default_factory=dict)
    left_out: dict[str, list[int]] = field(default_factory=dict)  # currency → [deals, amount in it]

    def add(self, minor: int, currency: str) -> int | None:
        """Count one deal: its base amount (added), or None when its currency has no rate
        (left out and counted as such)."""
        base = self.fx.to_base(minor, currency)
        if base is None:
            n, amount = self.left_out.get(currency, [0, 0])
            self.left_out[currency] = [n + 1, amount + minor]
            return None
        self.minor += base
        r = self.fx.rate(currency)
        if r is not None:
            self.used[currency] = r
        return base

    @property
    def deals_left_out(self) -> int:
        return sum(n for n, _ in self.left_out.values())

    def as_dict(self) -> dict:
        """``{"currency", "rates": [...], "left_out": [{"currency", "deals", "amount"}]}`` (the
        amount in the base currency is the caller's: it names it as it sums it)."""
        return {"currency": self.fx.base, "rates": [self.used[c].as_dict() for c in sorted(self.used)],
                "left_out": [{"currency": c, "deals": n, "amount": major(a)}
                             for c, (n, a) in sorted(self.left_out.items())]}
