"""Money as integer minor units (fen/cents) plus an ISO currency code.

``parse_amount`` is the one place that turns typed text into minor units; it
accepts ``1200000``, ``1,200,000.50``, ``120万`` and ``1.2亿`` and refuses
negatives, non-numbers and absurd values (above 10^15 major units).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from tasplus_cli.domain.errors import InvalidValue

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
        raise InvalidValue(f"{flag}: {str(text)!r} is not an amount", "write a number such as 1200000, 1,200,000.50 or 120万") from None
    if not value.is_finite():
        raise InvalidValue(f"{flag}: {str(text)!r} is not an amount", "write a number such as 1200000")
    if value < 0:
        raise InvalidValue(f"{flag}: amount cannot be negative ({text})", "write the deal value as a positive number")
    if value > MAX_MAJOR:
        raise InvalidValue(f"{flag}: amount {text} is beyond any real deal", "check the number of zeros")
    minor = value * 100
    if minor != minor.to_integral_value():
        raise InvalidValue(f"{flag}: {text} has more than two decimals", "round to cents (fen)")
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
        raise InvalidValue(f"--currency: {text!r} is not a currency code", "use a three-letter ISO code such as CNY, USD or EUR")
    return code
