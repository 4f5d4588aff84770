"""Value types of CSV columns: cell text ⇄ stored value, by the domain rules.

``parse(raw, flag, ctx)`` gets a non-empty cell (the importer turns an empty
cell into ``None`` before) and returns what the table stores, or raises
``InvalidValue``; ``show(value, ctx)`` gives what the exporter writes (a
JSON-like value: str, number, bool or None). ``cacheable`` types are parsed
once per distinct cell text (stages, dates, vocabularies repeat a lot).
References (``Ref``) and child lists are resolved by ``refs``/``children``,
not here, because they need the rest of the row.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

from tasplus_cli.domain import vocab
from tasplus_cli.domain.dates import parse_date
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.fx import parse_rate, rate_number
from tasplus_cli.domain.money import major, parse_amount, parse_currency
from tasplus_cli.domain.names import require_text
from tasplus_cli.domain.text import SINGLE_LINE_BAD
from tasplus_cli.domain.vocab import parse_yes_no
from tasplus_cli.messages import msg


class VT:
    cacheable = False
    strip = True  # cells are stripped before parsing (free text is not)

    def parse(self, raw: str, flag: str, ctx: Any) -> Any:
        return raw

    def show(self, value: Any, ctx: Any) -> Any:
        return value


class Text(VT):
    """Free text, kept as typed (spaces and line breaks included). Like every cell it has
    passed the text policy before (``rows.Planner.read``): one line unless its field is
    multi-line (``domain.text.MULTILINE``)."""

    strip = False


class Name(VT):
    """A name or short label, by ``require_text``: trimmed, non-empty, ≤ 200
    characters, one line of allowed characters. ``repeats``: cache (owners, people)."""

    def __init__(self, repeats: bool = False):
        self.cacheable = repeats

    def parse(self, raw: str, flag: str, ctx: Any) -> str:
        text = raw.strip()
        if len(text) <= 200 and not SINGLE_LINE_BAD.search(text):  # the common case, without a call per character
            return text
        return require_text(raw, flag)


class User(Name):
    """A user's name (``transfer.usernames``): a ``Name`` that is the stored spelling of a user,
    matched case-blind; an unknown name is a bad cell, or a new user with ``--create-missing``."""

    def __init__(self) -> None:
        super().__init__(repeats=True)

    def parse(self, raw: str, flag: str, ctx: Any) -> str:
        return ctx.users.resolve(super().parse(raw, flag, ctx), flag, ctx)


class Int(VT):
    cacheable = True

    def __init__(self, lo: int | None = None, hi: int | None = None):
        self.lo, self.hi = lo, hi

    def parse(self, raw: str, flag: str, ctx: Any) -> int:
        whole = re.fullmatch(r"(-?\d+)(\.0*)?", raw.replace(",", ""))
        if whole is None:
            raise InvalidValue(msg("error.csv.not_whole", flag=flag, raw=repr(raw)), msg("hint.csv.whole"))
        value = int(whole.group(1))
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            raise _outside(flag, value, self.lo, self.hi)
        return value


def _outside(flag: str, value: Any, lo: Any, hi: Any) -> InvalidValue:
    return InvalidValue(msg("error.csv.outside", flag=flag, value=value, lo=lo, hi=hi),
                        msg("hint.csv.range", lo=lo, hi=hi))


class Float(Int):
    def parse(self, raw: str, flag: str, ctx: Any) -> float:
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            raise InvalidValue(msg("error.csv.not_number", flag=flag, raw=repr(raw)), msg("hint.csv.number")) from None
        if value != value or not self.lo <= value <= self.hi:
            raise _outside(flag, raw, self.lo, self.hi)
        return value


class Amount(VT):
    """Money in major units in the file, minor units in the table."""

    def parse(self, raw: str, flag: str, ctx: Any) -> int:
        if raw.isascii() and raw.isdigit() and len(raw) <= 15:  # fast path: a plain whole number below the limit
            return int(raw) * 100
        return parse_amount(raw, flag)

    def show(self, value: Any, ctx: Any) -> Any:
        return major(value)


class Currency(VT):
    cacheable = True

    def parse(self, raw: str, flag: str, ctx: Any) -> str:
        return parse_currency(raw, flag)


def parse_day(raw: str, flag: str, today: date, fmt: str | None = None) -> date:
    """The dates ``domain.dates.parse_date`` accepts, or exactly ``fmt`` when given."""
    if fmt:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            raise InvalidValue(msg("error.csv.date_format", flag=flag, raw=repr(raw), fmt=fmt),
                               msg("hint.csv.date_format")) from None
    return parse_date(raw, today, flag)


class Day(VT):
    cacheable = True

    def parse(self, raw: str, flag: str, ctx: Any) -> date:
        return parse_day(raw, flag, ctx.today, ctx.opts.date_format)

    def show(self, value: Any, ctx: Any) -> Any:
        return value.isoformat() if value else None


def utc(value: datetime) -> datetime:
    """Aware UTC (a naive value is taken as UTC: that is how the store keeps them)."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Stamp(VT):
    """A UTC timestamp, ISO 8601 in the file."""

    def parse(self, raw: str, flag: str, ctx: Any) -> datetime:
        try:
            return utc(datetime.fromisoformat(raw))
        except ValueError:
            return utc(datetime.combine(Day().parse(raw, flag, ctx), datetime.min.time()))

    def show(self, value: Any, ctx: Any) -> Any:
        return utc(value).isoformat() if value else None


class Bool(VT):
    cacheable = True

    def parse(self, raw: str, flag: str, ctx: Any) -> bool:
        return parse_yes_no(raw, flag)


class Choice(VT):
    """A closed vocabulary of ``domain.vocab``, by attribute name; free text if
    the vocabulary does not exist (yet) in this version."""

    cacheable = True

    def __init__(self, name: str):
        self.name = name

    def parse(self, raw: str, flag: str, ctx: Any) -> str:
        v = getattr(vocab, self.name, None)
        return require_text(raw, flag) if v is None else v.parse(raw, flag)


class Stage(VT):
    cacheable = True

    def parse(self, raw: str, flag: str, ctx: Any) -> str:
        return ctx.template.parse(raw, flag)


class Ref(VT):
    """A reference to a coded record: a code or an exact name in the file,
    a row id in the table. ``show`` is ``code`` or ``name``."""

    def __init__(self, kind: str, show: str = "code"):
        self.kind, self.shown = kind, show

    def show(self, value: Any, ctx: Any) -> Any:
        if value is None:
            return None
        idx = ctx.index(self.kind)
        return (idx.code_of if self.shown == "code" else idx.name_of).get(value)


class Code(VT):
    """A record's own short code (``OPP-0007``, ``opp-7``), normalized."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def parse(self, raw: str, flag: str, ctx: Any) -> str:
        from tasplus_cli.store.records import normalize_code

        code = normalize_code(raw, self.prefix)
        if code is None:
            raise InvalidValue(msg("error.csv.not_code", flag=flag, raw=repr(raw), prefix=self.prefix),
                               msg("hint.csv.own_code", prefix=self.prefix))
        return code


class FxRate(VT):
    """An exchange rate in the file (``7.12``), ``rate_micro`` in the table (``domain.fx``)."""

    def parse(self, raw: str, flag: str, ctx: Any) -> int:
        return parse_rate(raw, flag)

    def show(self, value: Any, ctx: Any) -> Any:
        return rate_number(value)
