"""The second half of an import: give new records their ids and codes,
resolve references to records of the same file, and write in bulk.

Codes: a new coded record keeps the file's code when no stored record has
it (its id is then the code's number, so later ``assign_code`` calls never
collide); otherwise it gets the next free code, reported as renumbered.
A row's file code that now names another record (renumbered, or matched to
a record with another code) is remembered in ``ctx.remap`` so later kinds of
the same ``--all`` import follow it. ``write`` may run once per batch of
rows: the rows it inserted then settle in the kind's index (a bit each).
"""

from __future__ import annotations

from typing import Any

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg
from tasplus_cli.store.models import OppChange
from tasplus_cli.store.transfer import bulk, refs
from tasplus_cli.store.transfer.spec import Kind
from tasplus_cli.store.transfer.values import Ref


def assign_ids(ctx: Any, kind: Kind, planned: list, rep: Any) -> None:
    if not kind.prefix:
        return
    idx = ctx.index(kind.name)
    new = [p for p in planned if not p.errors and p.old is None]
    later = []
    for p in new:
        number = int(p.file_code.split("-")[1]) if p.file_code else None
        if number is not None and p.file_code not in idx.codes and number not in idx.code_of:
            _register(idx, kind, p, number, p.file_code)
        else:
            later.append(p)
    idx.add_new([p.row for p in later])
    rep.renumbered.update((p.file_code, p.row["code"]) for p in later if p.file_code)
    remap = ctx.remap.setdefault(kind.name, {})
    for p in planned:  # a code kept as it is needs no entry: the index has it
        if p.file_code and not p.errors and p.row["code"] != p.file_code:
            remap[p.file_code] = p.row["id"]


def _register(idx: Any, kind: Kind, p: Any, rid: int, code: str) -> None:
    p.row["id"], p.row["code"] = rid, code
    idx.add(rid, code, p.row.get(kind.name_column) if kind.name_column else None,
            p.row.get(kind.parent) if kind.parent else None)


def resolve_late(ctx: Any, kind: Kind, planned: list) -> None:
    """References to this same kind (a person's boss), once every row has its id."""
    for p in planned:
        seen: dict[str, int] = {}
        for b, text in p.late if not p.errors else ():
            try:
                rid = refs.resolve(ctx, kind, text, b.header, p.row.get(kind.parent))
            except InvalidValue as e:
                p.fail(b.field.name, e.message, e.hint)
                continue
            col = b.field.col
            if seen.get(col, rid) != rid:
                p.fail(b.field.name, msg("error.csv.reference_disagrees"), msg("hint.csv.fix_a_cell"))
            seen[col] = p.row[col] = rid
    failed = {p.row.get("id") for p in planned if p.errors and p.old is None}
    while failed:  # a row pointing at a new record that will not be written fails too
        newly = set()
        for p in planned:
            if not p.errors and any(p.row.get(b.field.col) in failed for b, _ in p.late):
                p.fail(p.late[0][0].field.name, msg("error.csv.refers_to_bad_row"), msg("hint.csv.fix_that_row"))
                newly.add(p.row.get("id"))
        failed = newly - {None}


def write(ctx: Any, kind: Kind, changed: list, kids_stored: dict[str, dict]) -> None:
    ctx.flush_created()
    t = kind.table
    self_cols = [f.col for f in kind.fields if isinstance(f.type, Ref) and f.type.kind == kind.name]
    inserts = [p for p in changed if p.old is None]
    updates = [p for p in changed if p.old is not None]
    rows = [dict(p.row, **{c: None for c in self_cols}) for p in inserts] if self_cols else [p.row for p in inserts]
    with bulk.loading(ctx.s, t, len(rows)):
        bulk.insert_rows(ctx.s, t, rows)
    later = [{"id": p.row["id"], **{c: p.row[c] for c in self_cols}} for p in inserts
             if any(p.row[c] is not None for c in self_cols)]
    if "updated_at" in t.c:
        for p in updates:
            p.row["updated_at"] = ctx.now
    bulk.update_rows(ctx.s, t, [p.row for p in updates])
    bulk.update_rows(ctx.s, t, later)
    _write_children(ctx, kind, inserts, updates, kids_stored)
    if ctx.opts.history and kind.history:
        _write_history(ctx, kind, inserts + updates)
    if kind.prefix:
        idx = ctx.index(kind.name)
        for p in updates:  # a renamed or moved record is found by its new name
            idx.changed(p.row["id"], p.row.get(kind.name_column) if kind.name_column else None,
                        p.row.get(kind.parent) if kind.parent else None)
        idx.settle(p.row["id"] for p in inserts)


def _write_children(ctx: Any, kind: Kind, inserts: list, updates: list, kids_stored: dict[str, dict]) -> None:
    for f in kind.fields:
        if f.name not in kids_stored:
            continue
        ft = f.type
        redo = [p for p in updates if p.kids[f.name] != kids_stored[f.name].get(p.row["id"], ())]
        bulk.delete_where(ctx.s, ft.table, ft.parent_col, [p.row["id"] for p in redo])
        bulk.insert_rows(ctx.s, ft.table, [r for p in inserts + redo for r in ft.rows(p.row["id"], p.kids[f.name])])


def _write_history(ctx: Any, kind: Kind, rows: list) -> None:
    reason = f"imported from {ctx.opts.source}" if ctx.opts.source else "imported"
    lines = [{"opp_id": opp_id, "at": ctx.now, "by": ctx.user, "field": field, "old": old, "new": new,
              "reason": reason}
             for p in rows for opp_id, field, old, new in kind.history(p.old, p.row, ctx)]
    with bulk.loading(ctx.s, OppChange.__table__, len(lines)):
        bulk.insert_rows(ctx.s, OppChange.__table__, lines)
