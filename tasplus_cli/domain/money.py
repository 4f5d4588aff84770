"""Money as integer minor units (fen/cents) plus an ISO currency code.

``parse_amount`` is the one place that turns typed text into minor units; it
accepts ``1200000``, ``1,200,000.50``, ``120万`` and ``1.2亿`` and refuses
negatives, non-numbers and absurd values (above 10^15 major units).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg

MAX_MAJOR = Decimal(10) ** 15
_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "k": Decimal(1_000), "m": Decimal(1_000_000)}


def parse_amount(text: str | int | float, flag: str = "--amount") -> int:
    """Return minor units for a typed amount; raise InvalidValue with a hint."""
    raw = str(text).strip().replace(",", "").replace("_", "").replace(" ", "")
    mult = Decimal(1)
    if raw and raw[-1].lower() in _UNITS:
        mult = _UNITS[raw[-1].lower()]
        raw = raw[:-1]
    try:
        value = Decimal(raw) * mult
    except InvalidOperation:
        raise InvalidValue(msg("error.amount.not_amount", flag=flag, text=repr(str(text))),
                           msg("hint.amount.example")) from None
    if not value.is_finite():
        raise InvalidValue(msg("error.amount.not_amount", flag=flag, text=repr(str(text))), msg("hint.amount.number"))
    if value < 0:
        raise InvalidValue(msg("error.amount.negative", flag=flag, text=text), msg("hint.amount.positive"))
    if value > MAX_MAJOR:
        raise InvalidValue(msg("error.amount.absurd", flag=flag, text=text), msg("hint.amount.zeros"))
    minor = value * 100
    if minor != minor.to_integral_value():
        raise InvalidValue(msg("error.amount.decimals", flag=flag, text=text), msg("hint.amount.cents"))
    return int(minor)


def major(minor: int | None) -> int | float | None:
    """Minor units → a JSON number in major units (int when whole)."""
    if minor is None:
        return None
    return minor // 100 if minor % 100 == 0 else minor / 100


def fmt(minor: int | None, currency: str = "") -> str:
    """Human format: thousands separators, decimals only when present."""
    if minor is None:
        return ""
    whole, cents = divmod(minor, 100)
    text = f"{whole:,}" + (f".{cents:02d}" if cents else "")
    return f"{text} {currency}".strip()


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise InvalidValue(msg("error.currency.code", text=repr(text)), msg("hint.currency.code"))
    return code
