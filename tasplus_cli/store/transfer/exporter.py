"""Export: every record of a kind as rows of cells, in id order, with the
columns the kind declares (the JSON keys). References are written as codes
(or names where the JSON shows names), child lists in their one cell, money
in major units, dates and timestamps ISO 8601. One query per table.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tasplus_cli.store.transfer.children import Children
from tasplus_cli.store.transfer.importer import Ctx
from tasplus_cli.store.transfer.spec import Kind


def export_rows(ctx: Ctx, kind: Kind) -> tuple[list[str], list[list[Any]]]:
    t = kind.table
    kids = {f.name: f.type.load(ctx.s) for f in kind.fields if isinstance(f.type, Children)}
    rows = []
    for r in ctx.s.execute(select(t).order_by(t.c.id)).mappings():
        rows.append([f.type.show(kids[f.name].get(r["id"], ()), ctx) if f.name in kids else f.type.show(r[f.col], ctx)
                     for f in kind.fields])
    return [f.name for f in kind.fields], rows
