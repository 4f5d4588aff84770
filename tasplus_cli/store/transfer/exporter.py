"""Export: every record of a kind as rows of cells, in id order, with the
columns the kind declares (the JSON keys). References are written as codes
(or names where the JSON shows names), child lists in their one cell, money
in major units, dates and timestamps ISO 8601. One query per table, read as
it is written (``chunks`` is a generator over the cursor: memory does not
grow with the table; the session must stay open while it is consumed).

Each cell is ``csvio.cell(field.type.show(value))`` of the value SQLAlchemy
would read. On SQLite the rows come from the driver's cursor on the
session's connection (same snapshot) and are turned into cells a column of
a chunk at a time (``_Column``): a value's type processor and ``show`` run
once per distinct value where values repeat (references, dates, flags),
text columns go through ``csvio.cells``, timestamps stored in the usual shape
are reshaped as text. (Letting SQLite join the referenced codes or write the
timestamps' text costs more than this: measured.) Every shortcut gives the same text as the
general path (a test compares them on every kind); other databases take
the general path, streamed with ``yield_per``.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator

from sqlalchemy import select

from tasplus_cli.csvio import cell, cells
from tasplus_cli.store.transfer import bulk
from tasplus_cli.store.transfer.children import Children
from tasplus_cli.store.transfer.importer import Ctx
from tasplus_cli.store.transfer.spec import Kind
from tasplus_cli.store.transfer.values import VT, Bool, Day, Ref, Stamp

CHUNK = 2_000  # rows fetched and turned into cells together
_MEMO = 4_096  # distinct values a column remembers the cell of (then forgets them all)
_STORED_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")  # how the store writes a timestamp
_STAMP_SAMPLES = ("2026-01-02 03:04:05.000006", "2026-01-02 03:04:05.000000", "1999-12-31 23:59:59.999999")


def export_rows(ctx: Ctx, kind: Kind) -> tuple[list[str], Iterator[list[list[str]]]]:
    """The kind's column names and its rows of cells, a chunk (a list of rows) at a time."""
    sqlite = ctx.s.get_bind().dialect.name == "sqlite"
    return [f.name for f in kind.fields], (_driver_chunks if sqlite else _chunks)(ctx, kind)


def _children(ctx: Ctx, kind: Kind) -> dict[str, dict]:
    return {f.name: f.type.load(ctx.s) for f in kind.fields if isinstance(f.type, Children)}


def _chunks(ctx: Ctx, kind: Kind) -> Iterator[list[list[str]]]:
    """The general path: SQLAlchemy's rows, every cell made on its own."""
    t = kind.table
    kids = _children(ctx, kind)
    shows = [(f.name in kids, f.name, f.col, f.type.show) for f in kind.fields]
    result = ctx.s.execute(select(t).order_by(t.c.id).execution_options(yield_per=CHUNK))
    while rows := result.mappings().fetchmany(CHUNK):
        yield [[cell(show(kids[name].get(r["id"], ()), ctx)) if child else cell(show(r[col], ctx))
                for child, name, col, show in shows] for r in rows]


def _driver_chunks(ctx: Ctx, kind: Kind) -> Iterator[list[list[str]]]:
    t = kind.table
    dialect = ctx.s.get_bind().dialect
    kids = _children(ctx, kind)
    at = {c.name: i for i, c in enumerate(t.c)}
    process = dict(zip([c.name for c in t.c], bulk.processors(t, dialect)))
    columns = [_Column(ctx, f, at["id"], kids[f.name]) if f.name in kids
               else _Column(ctx, f, at[f.col], None, process[f.col]) for f in kind.fields]
    cur = ctx.s.connection().connection.cursor()  # the session's own connection: its snapshot
    try:
        cur.execute(str(select(t).order_by(t.c.id).compile(dialect=dialect)))
        while rows := cur.fetchmany(CHUNK):
            by_column = list(zip(*rows))
            yield list(zip(*[c.cells(by_column[c.at]) for c in columns]))
    finally:
        cur.close()


class _Column:
    """One field's cells from its column's raw values: ``cell(show(process(raw)))``, by the
    shortest path that gives the same text."""

    def __init__(self, ctx: Ctx, field: Any, at: int, kids: dict | None, process: Callable | None = None):
        ft, self.at = field.type, at
        if kids is not None:
            self.cells = lambda ids: [cell(ft.show(kids.get(i, ()), ctx)) for i in ids]
            return

        def one(raw: Any) -> str:
            return cell(ft.show(raw if raw is None or process is None else process(raw), ctx))

        self.one = one
        if process is None and type(ft).show is VT.show:  # text as stored, escaped where it must be
            self.cells = cells
        elif isinstance(ft, (Ref, Day, Bool)):  # few distinct values
            self.memo = _Memo(one)
            self.cells = lambda raws: list(map(self.memo.__getitem__, raws))
        elif isinstance(ft, Stamp) and all(_stamp_text(r) == one(r) for r in _STAMP_SAMPLES):  # checked once
            self.cells = lambda raws: list(map(self._stamp_cell, raws))
        else:
            self.cells = lambda raws: list(map(one, raws))

    def _stamp_cell(self, raw: Any) -> str:
        return _stamp_text(raw) if type(raw) is str and _STORED_STAMP.fullmatch(raw) else self.one(raw)


def _stamp_text(raw: str) -> str:
    """``2026-01-02 03:04:05.000006`` (naive UTC, as stored) → ``2026-01-02T03:04:05.000006+00:00``,
    as ``datetime.isoformat`` writes it (no fraction when it is 0)."""
    return f"{raw[:10]}T{raw[11:19]}{'' if raw.endswith('.000000') else raw[19:]}+00:00"


class _Memo(dict):
    """raw value → its cell, made once (``__missing__``); forgets everything past ``_MEMO`` values."""

    def __init__(self, make: Callable[[Any], str]):
        super().__init__()
        self.make = make

    def __missing__(self, raw: Any) -> str:
        if len(self) >= _MEMO:
            self.clear()
        text = self[raw] = self.make(raw)
        return text

