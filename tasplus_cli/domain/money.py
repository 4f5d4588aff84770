"""Money as integer minor units (fen/cents) plus an ISO 4217 currency code.

``parse_amount`` is the one place that turns typed text (a flag, a CSV cell, a
demo step) into minor units. It takes the amounts Chinese reps type:
``1200000``, ``1,200,000.50``, ``6，000，000`` (full-width commas), ``120万``,
``6千万``, ``1.2亿元``, ``￥600万``, ``¥600万``, ``6000000元``; separators must
group thousands (``1,5`` is ambiguous and refused, never read as 15). It
refuses negatives, non-numbers and absurd values (above 10^15 major units).

``parse_currency`` accepts only the ISO 4217 codes of ``CURRENCIES`` (the
codes in use, funds and metals included; ``XXX`` "no currency" and ``XTS``
"testing" left out): an unknown code is an error naming it, wherever a
currency enters (flags, CSV cells, the config).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg

MAX_MAJOR = Decimal(10) ** 15
_UNITS = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000, "k": 1_000, "m": 1_000_000}
_CHINESE_UNITS = "十百千万亿"
# a whole part (plain digits, or groups of three after 1-3 digits, one separator kind), decimals, exponent
_NUMBER = re.compile(r"-?(?:\d{1,3}(?P<sep>[, _])\d{3}(?:(?P=sep)\d{3})*|\d+)(?:\.\d+)?(?:e[+-]?\d+)?", re.I)
_DIGITS_AND_MARKS = re.compile(r"-?[\d., _]+")

CURRENCIES = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL
GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD
KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO
NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS
SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND
VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG ZWL
""".split())


def _split_units(raw: str) -> tuple[str, Decimal]:
    """``6千万`` → (``6``, 10,000,000): at most two Chinese units (``千万``, ``百万``), or one ``k``/``m``."""
    mult, n = Decimal(1), 0
    while raw and raw[-1] in _CHINESE_UNITS and n < 2:
        mult *= _UNITS[raw[-1]]
        raw, n = raw[:-1], n + 1
    if not n and raw and raw[-1].lower() in "km":
        mult, raw = Decimal(_UNITS[raw[-1].lower()]), raw[:-1]
    return raw, mult


def parse_amount(text: str | int | float, flag: str = "--amount") -> int:
    """Return minor units for a typed amount; raise InvalidValue naming the value, with a hint."""
    shown = repr(str(text))
    raw = unicodedata.normalize("NFKC", str(text)).strip()  # full-width digits, commas, ￥ → ASCII, ¥
    raw = raw.removeprefix("¥").strip()
    raw = raw.removesuffix("元").strip()
    raw, mult = _split_units(raw)
    m = _NUMBER.fullmatch(raw.strip())
    if not m:
        if _DIGITS_AND_MARKS.fullmatch(raw.strip()) and re.search(r"\d", raw):
            raise InvalidValue(msg("error.amount.ambiguous", flag=flag, text=shown), msg("hint.amount.ambiguous"))
        raise InvalidValue(msg("error.amount.not_amount", flag=flag, text=shown), msg("hint.amount.example"))
    try:
        value = Decimal(re.sub(r"[, _]", "", m.group(0))) * mult
    except InvalidOperation:  # an exponent beyond Decimal's range
        raise InvalidValue(msg("error.amount.absurd", flag=flag, text=text), msg("hint.amount.zeros")) from None
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


def parse_currency(text: str, flag: str = "--currency") -> str:
    """An ISO 4217 code, upper-cased (``usd`` → ``USD``); anything else is an error naming it."""
    code = str(text).strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise InvalidValue(msg("error.currency.code", flag=flag, text=repr(text)), msg("hint.currency.code"))
    if code not in CURRENCIES:
        raise InvalidValue(msg("error.currency.unknown", flag=flag, text=repr(text)), msg("hint.currency.code"))
    return code
