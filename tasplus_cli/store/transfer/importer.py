"""The import engine: plan the rows of a kind (``rows.Planner``) a batch at a
time as the file is read, and write the good ones in bulk inside the
caller's transaction.

Invariants:
- Nothing is written per row: rows are planned in memory against indexes
  loaded once, then inserted/updated with one ``executemany`` per table and
  batch. Memory holds one batch of rows; across batches only what matching
  needs (the key of each row, a bit per new record) and the bad rows'
  reports, at most ``max_bad_rows`` of them: one more stops the import.
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
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any, Callable, Iterable, Iterator


from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.stages import Template
from tasplus_cli.messages import command, msg
from tasplus_cli.store.models import OppChange, utcnow
from tasplus_cli.store.transfer import bulk, writer
from tasplus_cli.store.transfer.matcher import Binding, Planned, binding
from tasplus_cli.store.transfer.refs import Index, load_index
from tasplus_cli.store.transfer.rows import Planner
from tasplus_cli.store.transfer.spec import Kind
from tasplus_cli.store.transfer.usernames import UserNames

_BOOKKEEPING = {"id", "code", "created_at", "updated_at"}


@dataclass
class Options:
    create_missing: bool = False
    date_format: str | None = None
    history: bool = True  # write deal-history lines for what the import changes
    source: str = ""
    max_bad_rows: int = 10_000  # settings.csv.max_bad_rows: more bad rows than this stop the import


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
        self._users: UserNames | None = None

    @property
    def users(self) -> UserNames:
        """The users' names, loaded on first use (``transfer.usernames``)."""
        if self._users is None:
            self._users = UserNames(self.s)
        return self._users

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
        if self._users is not None:
            self._users.flush(self.s, self.now)
        for idx in self._indexes.values():
            bulk.insert_rows(self.s, idx.kind.table, idx.pending)
            idx.pending = []


def _defaults(ctx: Ctx, kind: Kind) -> dict:
    """A new row before its cells: the field defaults, else the column's plain default, else None."""
    row = {c.name: c.default.arg if c.default is not None and c.default.is_scalar else None
           for c in kind.table.c if c.name != "id"}
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


def _check_columns(kind: Kind, columns: dict[str, int], headers: list[str]) -> None:
    """A file that can only insert (no code, no external_id) must have every required column;
    the error lists the columns the file has."""
    if "code" in columns or "external_id" in columns:
        return
    for col, names in kind.required_columns().items():
        if not any(n in columns for n in names):
            f = kind.field(names[0])
            raise InvalidValue(msg("error.csv.no_column", names=msg("csv.or").join(names), zh=f.zh),
                               msg("hint.csv.no_column_found", field=names[0],
                                   columns=", ".join(h or msg("csv.blank") for h in headers)))


def import_table(ctx: Ctx, kind: Kind, table: Any, value_maps: dict | None = None,
                 progress: Callable[..., None] | None = None) -> Report:
    """Import one ``csvio.CsvTable`` of ``kind``, its rows read as they come; return what happened.

    Rows are planned and written a batch at a time (``BATCH``), or all at once for a kind whose
    rows refer to each other or are checked together (a person's boss may come later in the
    file). ``progress(rows_done[, "writing"])`` is called before each batch and its writes."""
    rep = Report(kind.name, table.source, ignored_columns=list(table.ignored))
    bindings = _bindings(ctx, kind, table.columns, table.headers, value_maps or {})
    _check_columns(kind, table.columns, table.headers)
    planner = Planner(ctx, kind, bindings, _defaults(ctx, kind))
    ctx.notes = Counter()
    kids = [b.field for b in bindings if b.role == "kids"]
    whole = kind.check is not None or any(b.role == "self" for b in bindings)
    bad = _BadRows(ctx.opts.max_bad_rows, table, rep)
    with _Loading(ctx, kind, None if whole else BATCH) as loading:
        for batch in loading.batches(table.rows):
            if progress:
                progress(rep.rows)
            planned = bad.batch = []
            planner.prefetch(batch)
            for line, cells in batch:
                p = planner.plan(line, cells)
                planned.append(p)
                if p.errors:
                    bad.count(p)
            rep.rows += len(planned)
            loading.before_write(rep.rows)
            old = [p.old["id"] for p in planned if p.old is not None]
            kids_stored = {f.name: f.type.load(ctx.s, old) for f in kids}  # the matched records' child lists
            _settle(ctx, kind, planned, planner.stored, kids_stored, rep)
            if progress:
                progress(rep.rows, "writing")
            bad.count_all()
    rep.errors.extend(table.problems)
    rep.errors.sort(key=lambda e: e["line"])
    rep.encoding = table.encoding
    rep.notes = dict(ctx.notes)
    return rep


BATCH = 5_000  # rows planned and written together: memory holds one batch of full rows, not the file


class _Loading(ExitStack):
    """The rows in batches of ``size`` (``None``: one), read as the previous batch is done with; once
    a big load into a mostly empty table is under way, that table's (and the deal history's) plain
    indexes are dropped and built again at the end (``bulk.loading``), as one big write would."""

    def __init__(self, ctx: Ctx, kind: Kind, size: int | None):
        super().__init__()
        self.ctx, self.size, self.started = ctx, size, size is None  # one batch: the writer decides
        self.tables = [kind.table, *([OppChange.__table__] if kind.history and ctx.opts.history else [])]
        self.before = {t.name: bulk.size(ctx.s, t) for t in self.tables} if size else {}

    def batches(self, rows: Iterable) -> Iterator[list]:
        it = iter(rows)
        while True:
            batch = list(islice(it, self.size)) if self.size else list(it)
            if not batch:
                return
            yield batch

    def before_write(self, rows: int) -> None:
        if self.started or rows < bulk.REBUILD_AT:
            return
        self.started = True
        for t in self.tables:
            self.enter_context(bulk.loading(self.ctx.s, t, rows, before=self.before[t.name]))


def _settle(ctx: Ctx, kind: Kind, planned: list[Planned], stored: Any, kids_stored: dict, rep: Report) -> None:
    """Codes, references to the same kind, the kind's check, then write what changed."""
    failed = ctx.failed.setdefault(kind.name, {})
    for p in planned:
        if p.errors and p.file_code:
            failed[p.file_code] = p.line
    writer.assign_ids(ctx, kind, planned, rep)
    writer.resolve_late(ctx, kind, planned)
    if kind.check:
        kind.check(planned, stored, ctx)
    good = [p for p in planned if not p.errors]
    changed = [p for p in good if p.old is None or _differs(p, kids_stored)]
    inserted = sum(1 for p in changed if p.old is None)
    rep.inserted += inserted
    rep.updated += len(changed) - inserted
    rep.unchanged += len(good) - len(changed)
    rep.errors.extend(e for p in planned for e in p.errors)
    writer.write(ctx, kind, changed, kids_stored)


class _BadRows:
    """Stops the import once more than ``limit`` rows are bad (an endless stream of duplicates, a
    file read with the wrong delimiter): their reports are all that would still grow."""

    def __init__(self, limit: int, table: Any, rep: Report):
        self.limit, self.table, self.rep, self.lines = limit, table, rep, set()
        self.batch: list[Planned] = []  # the rows being planned, whose errors are not in the report yet

    def count(self, p: Planned) -> None:
        if p.errors:
            self.lines.add(p.line)
        if len(self.lines) + len(self.table.problems) > self.limit:
            self.stop()

    def count_all(self) -> None:
        self.lines.update(e["line"] for e in self.rep.errors)
        if len(self.lines) + len(self.table.problems) > self.limit:
            self.stop()

    def stop(self) -> None:
        lines = sorted(self.lines | {e["line"] for e in self.table.problems})
        planning = [e for p in self.batch for e in p.errors]
        first = min(self.rep.errors + planning + self.table.problems, key=lambda e: e["line"])
        raise InvalidValue(msg("error.csv.too_many_bad", source=self.table.source, limit=f"{self.limit:,}",
                               line=f"{lines[self.limit]:,}", first=f"{first['line']:,}", reason=first["reason"]),
                           msg("hint.csv.too_many_bad",
                               command=command("config", "set", "csv.max_bad_rows", str(self.limit * 10))))


def _differs(p: Planned, kids_stored: dict[str, dict]) -> bool:
    old, row = p.old, p.row
    if any(old[c] != row[c] for c in row if c not in _BOOKKEEPING):
        return True
    return any(value != kids_stored[name].get(old["id"], ()) for name, value in p.kids.items())
