"""Export: every record of a kind as rows of cells, in id order, with the
columns the kind declares (the JSON keys). References are written as codes
(or names where the JSON shows names), child lists in their one cell, money
in major units, dates and timestamps ISO 8601. One query per table, read as
it is written (``rows`` is a generator over the cursor: memory does not grow
with the table; the session must stay open while it is consumed).
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select

from tasplus_cli.store.transfer.children import Children
from tasplus_cli.store.transfer.importer import Ctx
from tasplus_cli.store.transfer.spec import Kind


def export_rows(ctx: Ctx, kind: Kind) -> tuple[list[str], Iterator[list[Any]]]:
    """The kind's column names and its rows, one at a time."""
    return [f.name for f in kind.fields], _rows(ctx, kind)


def _rows(ctx: Ctx, kind: Kind) -> Iterator[list[Any]]:
    t = kind.table
    kids = {f.name: f.type.load(ctx.s) for f in kind.fields if isinstance(f.type, Children)}
    shows = [(f.name in kids, f.name, f.col, f.type.show) for f in kind.fields]
    result = ctx.s.execute(select(t).order_by(t.c.id).execution_options(yield_per=2000))
    for r in result.mappings():
        yield [show(kids[name].get(r["id"], ()), ctx) if child else show(r[col], ctx)
               for child, name, col, show in shows]
