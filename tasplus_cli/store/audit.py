"""What ``db restore`` checks in a backup before it replaces anything and ``db doctor`` in the
live database: the tables and columns against ``store.models``, then every value against what
tasplus can read.

No rule is restated here; this module only says which column obeys which one:
- a column's kind (whole number, number, yes/no, text, date, time) and whether it may be empty
  come from ``store.models``; a date or time is read by the SQL dialect's own parser, so a value
  passes exactly when the ORM can read it;
- vocabularies (grade, status, roles …), money bounds, currency codes and the survey scale
  come from ``domain``; stage keys and activity kinds from the settings (``Known``);
- a column holding a user's name (``store.users.USER_COLUMNS``) names a user of ``app_user``,
  spelled as stored (a deal whose owner is no user is listed; ``opp reassign`` fixes it).

Rows are read one at a time through a DB-API cursor (a SQLite file or, through SQLAlchemy,
PostgreSQL), so memory is bounded by the ``limit`` bad values kept; all are counted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Iterable

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, TypeDecorator
from sqlalchemy.engine import Dialect

from tasplus_cli.domain import money, vocab
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages.phrase import Phrase, phrase
from tasplus_cli.store.users import USER_COLUMNS

LIMIT = 20  # bad values listed; the rest are counted
Reader = Callable[[str, list[str]], Iterable[tuple]]  # (table, columns) -> rows


@dataclass(frozen=True)
class Known:
    """The configured keys that stored rows must use (``settings.template`` and ``activities``)."""

    stages: tuple[str, ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Bad:
    """One value tasplus cannot read: where it is (table, the row's code or id, column) and why."""

    table: str
    key: str
    column: str
    value: str  # repr, cut short
    problem: Phrase

    def said(self) -> Phrase:
        return phrase("db.bad.row", table=self.table, row=self.key, column=self.column, value=self.value,
                      problem=self.problem)


@dataclass(frozen=True)
class Found:
    bad: list[Bad]  # the first ``limit``
    count: int  # all of them


def expected() -> dict[str, list[str]]:
    """Every table of ``store.models`` with its columns (the schema at ``migrate.HEAD``)."""
    from sqlmodel import SQLModel

    from tasplus_cli.store import models  # noqa: F401 - registers the tables

    return {t.name: [c.name for c in t.columns] for t in SQLModel.metadata.sorted_tables}


def schema_problems(actual: dict[str, list[str]], wanted: dict[str, list[str]]) -> list[Phrase]:
    """Tables and columns missing from or extra in ``actual`` (``alembic_version`` aside), named
    ``table`` or ``table.column``; empty when they match."""
    actual = {t: c for t, c in actual.items() if t != "alembic_version"}
    wanted = {t: c for t, c in wanted.items() if t != "alembic_version"}
    out = [phrase("db.schema.missing_table", table=t) for t in sorted(set(wanted) - set(actual))]
    out += [phrase("db.schema.extra_table", table=t) for t in sorted(set(actual) - set(wanted))]
    for t in sorted(set(actual) & set(wanted)):
        out += [phrase("db.schema.missing_column", column=f"{t}.{c}") for c in wanted[t] if c not in actual[t]]
        out += [phrase("db.schema.extra_column", column=f"{t}.{c}") for c in actual[t] if c not in wanted[t]]
    return out


# --- which column obeys which rule -------------------------------------------------------

_VOCAB = {
    ("opportunity", "grade"): vocab.GRADES, ("opportunity", "status"): vocab.STATUS,
    ("opportunity", "registration_status"): vocab.REGISTRATION, ("opportunity", "bid_result"): vocab.BID_RESULT,
    ("opportunity", "incumbent"): vocab.INCUMBENT,
    ("contact", "orientation"): vocab.ORIENTATION, ("contact", "relationship"): vocab.RELATIONSHIP,
    ("contact", "influence"): vocab.INFLUENCE, ("team_member", "department"): vocab.DEPARTMENT,
    ("compelling_event", "kind"): vocab.EVENT_KIND, ("compelling_event", "status"): vocab.EVENT_STATUS,
    ("competitor_relation", "relationship"): vocab.RELATIONSHIP, ("stakeholder", "role"): vocab.ROLE,
    ("stakeholder", "relationship"): vocab.RELATIONSHIP, ("activity", "status"): vocab.ACTIVITY_STATUS,
    ("activity", "answers"): vocab.ANSWERS, ("value_comparison", "dimension"): vocab.DIMENSION,
    ("value_comparison", "verdict"): vocab.VERDICT, ("deal_plan", "strategy"): vocab.STRATEGY,
    ("tactic", "strategy"): vocab.STRATEGY,
}
_SCALE = {("survey", "our_fit"), ("survey", "our_closeness"), ("survey_score", "fit"), ("survey_score", "closeness")}
_PERCENT = {("win_rate_point", "win_rate"), ("win_rate_point", "previous")}
_JSON = {("win_rate_point", "reasons"): list, ("win_rate_point", "inputs"): dict}


def _one_of(keys: Iterable[str]) -> Callable[[Any], Phrase | None]:
    keys = tuple(keys)
    return lambda v: None if v in keys else phrase("db.bad.one_of", choices=", ".join(keys))


def _between(low: int, high: int) -> Callable[[Any], Phrase | None]:
    return lambda v: None if low <= v <= high else phrase("db.bad.range", low=low, high=high)


def _amount(v: int) -> Phrase | None:
    top = int(money.MAX_MAJOR) * 100
    return None if 0 <= v <= top else phrase("db.bad.amount", top=top)


def _currency(v: str) -> Phrase | None:
    try:
        ok = money.parse_currency(v) == v
    except InvalidValue:
        ok = False
    return None if ok else phrase("db.bad.currency")


def _json(kind: type) -> Callable[[Any], Phrase | None]:
    def check(v: str) -> Phrase | None:
        try:
            ok = isinstance(json.loads(v), kind)
        except ValueError:
            ok = False
        return None if ok else phrase("db.bad.json", kind=phrase(f"config.kind.{'list' if kind is list else 'table'}"))
    return check


def _domain_rule(table: str, column: str, known: Known) -> Callable[[Any], Phrase | None] | None:
    """The domain's rule for a value already of the column's kind, if any."""
    where = (table, column)
    if where in _VOCAB:
        return _one_of(_VOCAB[where].keys)
    if where in (("opportunity", "stage"), ("team_member", "stage_owner")):
        return _one_of(known.stages)
    if where == ("activity", "kind"):
        return _one_of(known.kinds)
    if where in _SCALE:
        return _between(min(vocab.SCALE), max(vocab.SCALE))
    if where in _PERCENT:
        return _between(0, 100)
    if where in _JSON:
        return _json(_JSON[where])
    if column.endswith("_minor"):
        return _amount
    if column == "currency":
        return _currency
    return None


def _is_user(names: set[str]) -> Callable[[Any], Phrase | None]:
    return lambda v: None if v in names else phrase("db.bad.not_user")


def _kind_rule(col: Any, dialect: Dialect) -> Callable[[Any], Phrase | None]:
    """The value has the column's kind, as the ORM would read it on this dialect."""
    t = col.type.impl_instance if isinstance(col.type, TypeDecorator) else col.type  # AutoString, UTCDateTime
    if isinstance(t, Boolean):
        return lambda v: None if v in (0, 1) and not isinstance(v, float) else _not("bool")
    if isinstance(t, Integer):
        return lambda v: None if isinstance(v, int) and not isinstance(v, bool) else _not("int")
    if isinstance(t, Float):
        return lambda v: None if isinstance(v, (int, float)) and not isinstance(v, bool) else _not("float")
    if isinstance(t, (Date, DateTime)):
        proc = col.type.dialect_impl(dialect).result_processor(dialect, None)
        want, word = (datetime, "datetime") if isinstance(t, DateTime) else (date, "date")

        def read(v: Any) -> Phrase | None:
            try:
                v = proc(v) if proc else v
            except (ValueError, TypeError):
                return _not(word)
            ok = isinstance(v, want) and (want is datetime or not isinstance(v, datetime))
            return None if ok else _not(word)
        return read
    if isinstance(t, String):
        return lambda v: None if isinstance(v, str) else _not("str")
    return lambda v: None


def _not(kind: str) -> Phrase:
    return phrase("db.bad.kind", kind=phrase(f"db.kind.{kind}" if kind in ("date", "datetime") else f"config.kind.{kind}"))


def check_values(read: Reader, dialect: Dialect, known: Known, limit: int = LIMIT) -> Found:
    """Every value of every table of ``store.models`` (whose columns must already match)."""
    from sqlmodel import SQLModel

    from tasplus_cli.store import models  # noqa: F401 - registers the tables

    bad: list[Bad] = []
    count = 0
    user_rule = _is_user({r[0] for r in read("app_user", ["name"])})
    for table in SQLModel.metadata.sorted_tables:
        cols = list(table.columns)
        rules = [(_kind_rule(c, dialect), _domain_rule(table.name, c.name, known)
                  or (user_rule if (table.name, c.name) in USER_COLUMNS else None), c.nullable) for c in cols]
        names = [c.name for c in cols]
        for row in read(table.name, names):
            for name, value, (kind, rule, nullable) in zip(names, row, rules):
                if value is None:
                    problem = None if nullable else phrase("db.bad.empty")
                else:
                    problem = kind(value) or (rule(value) if rule else None)
                if problem is not None:
                    count += 1
                    if len(bad) < limit:
                        bad.append(Bad(table.name, _key(names, row), name, _shown(value), problem))
    return Found(bad, count)


def _key(names: list[str], row: tuple) -> str:
    """The row as users know it: its code, else its id (or its whole primary key)."""
    values = dict(zip(names, row))
    if isinstance(values.get("code"), str) and values["code"]:
        return values["code"] if values["code"].isprintable() else _shown(values["code"])
    if "id" in values:
        return f"id {values['id']}"
    return ", ".join(f"{k} {v}" for k, v in values.items() if k.endswith("_id"))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
