"""The import engine: plan every row of a kind (``plan``), then write the good
ones in bulk inside the caller's transaction.

Invariants:
- Nothing is written per row: rows are planned in memory against indexes
  loaded once, then inserted/updated with one ``executemany`` per table.
- A row with any error is never written; whether the others are kept
  (``--skip-errors``) or the whole transaction is rolled back is the
  caller's decision, made from ``Report.errors``.
- A row equal to its stored record (compared column by column, child lists
  included, bookkeeping timestamps excluded) is "unchanged" and not touched,
  so importing a file twice changes nothing.
- ``created_at`` is kept from the file on insert and never changed;
  ``updated_at`` becomes now when a row changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable

from sqlalchemy import select

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.stages import Template
from tasplus_cli.messages import msg
from tasplus_cli.store.models import utcnow
from tasplus_cli.store.transfer import bulk, writer
from tasplus_cli.store.transfer.matcher import Binding, Planned, binding
from tasplus_cli.store.transfer.refs import Index, load_index
from tasplus_cli.store.transfer.rows import Planner
from tasplus_cli.store.transfer.spec import Kind
from tasplus_cli.store.transfer.values import utc

_BOOKKEEPING = {"id", "code", "created_at", "updated_at"}


@dataclass
class Options:
    create_missing: bool = False
    date_format: str | None = None
    history: bool = True  # write deal-history lines for what the import changes
    source: str = ""


@dataclass
class Report:
    kind: str
    source: str
    encoding: str | None = None
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    renumbered: dict[str, str] = field(default_factory=dict)
    notes: dict[str, int] = field(default_factory=dict)

    @property
    def bad_rows(self) -> int:
        return len({e["line"] for e in self.errors})

    def as_dict(self) -> dict:
        return {"kind": self.kind, "file": self.source, "encoding": self.encoding, "rows": self.rows,
                "inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged,
                "bad_rows": self.bad_rows, "errors": self.errors, "ignored_columns": self.ignored_columns,
                "renumbered": self.renumbered, **self.notes}


class Ctx:
    """What one import (of one or many kinds) shares: session, rules (the stage template, the
    home currency, the grade thresholds), indexes, code remaps."""

    def __init__(self, s: Any, template: Template, currency: str, thresholds: dict[str, int], user: str, today: date,
                 opts: Options, kinds: dict[str, Kind]):
        self.s, self.user, self.today, self.opts, self.kinds = s, user, today, opts, kinds
        self.template, self.currency, self.thresholds = template, currency, thresholds
        self.now = utcnow()
        self.remap: dict[str, dict[str, int]] = {}
        self.failed: dict[str, dict[str, int]] = {}
        self.created: dict[str, int] = {}
        self.notes: Counter = Counter()
        self._indexes: dict[str, Index] = {}

    def kind(self, name: str) -> Kind:
        return self.kinds[name]

    def index(self, name: str) -> Index:
        if name not in self._indexes:
            self._indexes[name] = load_index(self.s, self.kinds[name])
        return self._indexes[name]

    def note(self, what: str) -> None:
        self.notes[what] += 1

    def flush_created(self) -> None:
        """Insert the records --create-missing planned (before rows that refer to them)."""
        for idx in self._indexes.values():
            bulk.insert_rows(self.s, idx.kind.table, idx.pending)
            idx.pending = []

    def forget(self, name: str) -> None:
        self.flush_created()
        self._indexes.pop(name, None)


def _stored(s: Any, kind: Kind) -> dict[int, dict]:
    t = kind.table
    out = {}
    for r in s.execute(select(t).order_by(t.c.id)).mappings():
        row = dict(r)
        for k, v in row.items():
            if isinstance(v, datetime):
                row[k] = utc(v)
        out[row["id"]] = row
    return out


def _defaults(ctx: Ctx, kind: Kind) -> dict:
    row = {c.name: None for c in kind.table.c if c.name != "id"}
    for f in kind.fields:
        if f.col and f.default is not None:
            row[f.col] = f.default(ctx) if callable(f.default) else f.default
    return row


def _bindings(ctx: Ctx, kind: Kind, columns: dict[str, int], headers: list[str],
              value_maps: dict[str, dict[str, str]]) -> list[Binding]:
    unknown = sorted(set(value_maps) - {f.name for f in kind.fields})
    if unknown:
        raise InvalidValue(msg("error.csv.value_map_field", fields=", ".join(unknown), kind=kind.name),
                           msg("hint.csv.fields", fields=", ".join(f.name for f in kind.fields)))
    return [binding(kind, f, columns[f.name], headers[columns[f.name]], value_maps.get(f.name), ctx)
            for f in kind.fields if f.name in columns]


def _check_columns(kind: Kind, columns: dict[str, int]) -> None:
    """A file that can only insert (no code, no external_id) must have every required column."""
    if "code" in columns or "external_id" in columns:
        return
    for col, names in kind.required_columns().items():
        if not any(n in columns for n in names):
            f = kind.field(names[0])
            raise InvalidValue(msg("error.csv.no_column", names=msg("csv.or").join(names), zh=f.zh),
                               msg("hint.csv.no_column", field=names[0]))


def import_table(ctx: Ctx, kind: Kind, table: Any, value_maps: dict | None = None,
                 progress: Callable[..., None] | None = None) -> Report:
    """Import one ``csvio.CsvTable`` of ``kind``; return what happened.

    ``progress(rows_done[, "writing"])`` is called every 2,000 rows and before the writes."""
    rep = Report(kind.name, table.source, table.encoding, ignored_columns=list(table.ignored))
    rep.errors.extend(table.problems)
    bindings = _bindings(ctx, kind, table.columns, table.headers, value_maps or {})
    _check_columns(kind, table.columns)
    stored = _stored(ctx.s, kind)
    planner = Planner(ctx, kind, bindings, stored, _defaults(ctx, kind))
    ctx.notes = Counter()
    planned: list[Planned] = []
    failed = ctx.failed.setdefault(kind.name, {})
    for n, (line, cells) in enumerate(table.rows):
        if progress and n % 2000 == 0:
            progress(n)
        p = planner.plan(line, cells)
        if p.errors and p.file_code:
            failed[p.file_code] = line
        planned.append(p)
    rep.rows = len(planned)
    writer.assign_ids(ctx, kind, planned, rep)
    writer.resolve_late(ctx, kind, planned)
    if kind.check:
        kind.check(planned, stored, ctx)
    good = [p for p in planned if not p.errors]
    kids_stored = {b.field.name: b.field.type.load(ctx.s) for b in bindings if b.role == "kids"}
    changed = [p for p in good if p.old is None or _differs(p, kids_stored)]
    rep.inserted = sum(1 for p in changed if p.old is None)
    rep.updated = len(changed) - rep.inserted
    rep.unchanged = len(good) - len(changed)
    rep.errors.extend(e for p in planned for e in p.errors)
    rep.errors.sort(key=lambda e: e["line"])
    if progress:
        progress(len(planned), "writing")
    writer.write(ctx, kind, changed, kids_stored)
    rep.notes = dict(ctx.notes)
    return rep


def _differs(p: Planned, kids_stored: dict[str, dict]) -> bool:
    old, row = p.old, p.row
    if any(old[c] != row[c] for c in row if c not in _BOOKKEEPING):
        return True
    return any(value != kids_stored[name].get(old["id"], ()) for name, value in p.kids.items())
