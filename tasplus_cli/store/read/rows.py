"""Rows straight from the driver's cursor, for the long reads (``opp list``, the funnel).

The store still writes every statement with SQLAlchemy (compiled and bound by it, on SQLite and
PostgreSQL alike) over the SQLModel tables; only the rows skip SQLAlchemy's result processing:
a plain tuple per row, as the driver returns it, which costs half as much for 100,000 rows as
SQLAlchemy's rows with their type conversions. So the values come as the driver gives them —
on SQLite a date is the ISO text SQLAlchemy stored and a boolean 0 or 1, on PostgreSQL a
``date`` and a ``bool`` — and ``iso`` reads both. Select only the columns shown: a column the
output does not print costs its conversion for nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session


def raw_rows(s: Session, stmt: Any) -> list[tuple]:
    """Every row of ``stmt`` (a select) as the driver's tuples, in the session's transaction."""
    result = s.connection().execute(stmt)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def iso(value: str | date | None) -> str | None:
    """A date column's value as ISO text (``YYYY-MM-DD``), whichever driver read it."""
    return value if value is None or value.__class__ is str else value.isoformat()
