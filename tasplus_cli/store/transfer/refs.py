"""References between records during an import or export: one in-memory
index per referenced kind (code, name, scope), loaded by one query and kept
current as rows are planned, so no row costs a query.

A reference cell holds a code or an exact name (case ignored). Codes first
look in ``remap`` (the codes of this import's own files, which may have been
renumbered on a collision), then in the database. Names must match exactly
one record (contacts: within the row's account, or the account of the row's
deal). With ``--create-missing`` an unknown account or competitor name is
created (new code, nothing else); a missing name otherwise is an error.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import command, msg
from tasplus_cli.store.records import normalize_code


class Index:
    """Codes, names and parents of one coded table, plus rows to create.
    The by-name lookup is built on first use (most imports never need it)."""

    def __init__(self, kind: Any):
        self.kind = kind
        self.code_of: dict[int, str] = {}
        self.name_of: dict[int, str] = {}
        self.scope_of: dict[int, Any] = {}
        self.codes: dict[str, int] = {}
        self._names: dict[tuple, list[int]] | None = None
        self.next_id = 1
        self.pending: list[dict] = []  # created by --create-missing, not yet inserted

    def add(self, rid: int, code: str, name: str | None = None, parent: Any = None) -> None:
        self.code_of[rid] = code
        self.codes[code] = rid
        if name is not None:
            self.name_of[rid] = name
            self._names = None
        if parent is not None:
            self.scope_of[rid] = parent
        if rid >= self.next_id:
            self.next_id = rid + 1

    @property
    def names(self) -> dict[tuple, list[int]]:
        """``(scope or None, folded name)`` → ids."""
        if self._names is None:
            scoped = self.kind.scoped_names
            self._names = {}
            for rid, name in self.name_of.items():
                key = (self.scope_of.get(rid) if scoped else None, name.strip().casefold())
                self._names.setdefault(key, []).append(rid)
        return self._names

    def add_new(self, rows: list[dict]) -> None:
        """Give each new row the next free id and its code (``PFX-0042``), and index it."""
        kind, codes, code_of = self.kind, self.codes, self.code_of
        rid = self.next_id
        for row in rows:
            code = f"{kind.prefix}-{rid:04d}"
            while code in codes or rid in code_of:
                rid += 1
                code = f"{kind.prefix}-{rid:04d}"
            row["id"], row["code"] = rid, code
            codes[code], code_of[rid] = rid, code
            if kind.name_column:
                self.name_of[rid] = row[kind.name_column]
            if kind.parent and row[kind.parent] is not None:
                self.scope_of[rid] = row[kind.parent]
            rid += 1
        self.next_id, self._names = rid, None


def load_index(s: Any, kind: Any) -> Index:
    t = kind.table
    extra = [c for c in (kind.name_column, kind.parent) if c]
    idx = Index(kind)
    for r in s.execute(select(t.c.id, t.c.code, *[t.c[c] for c in extra])).mappings():
        idx.add(r["id"], r["code"], r[kind.name_column] if kind.name_column else None,
                r[kind.parent] if kind.parent else None)
    return idx


def resolve(ctx: Any, kind: Any, raw: str, flag: str, scope: Any = None) -> int:
    """The id a reference cell names (see module docstring)."""
    idx = ctx.index(kind.name)
    code = normalize_code(raw, kind.prefix)
    if code is not None:
        failed = ctx.failed.get(kind.name, {}).get(code)
        if failed is not None:
            raise InvalidValue(msg("error.csv.ref_failed", flag=flag, code=code, noun=kind.noun(), line=failed),
                               msg("hint.csv.fix_that_row"))
        rid = ctx.remap.get(kind.name, {}).get(code, idx.codes.get(code))
        if rid is None:
            raise InvalidValue(msg("error.csv.no_code", flag=flag, noun=kind.noun(), code=code),
                               msg("hint.csv.see_codes", command=command("export", kind.name)))
        if kind.scoped_names and scope is not None and idx.scope_of.get(rid) != scope:
            raise InvalidValue(msg("error.csv.other_account", flag=flag, code=code), msg("hint.csv.other_account"))
        return rid
    if not kind.name_column:
        raise InvalidValue(msg("error.csv.not_ref_code", flag=flag, raw=repr(raw), noun=kind.noun()),
                           msg("hint.csv.code_shape", prefix=kind.prefix))
    key = (scope if kind.scoped_names else None, raw.strip().casefold())
    found = idx.names.get(key, [])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        shown = ", ".join(idx.code_of[i] for i in found[:8])
        raise InvalidValue(msg("error.csv.ambiguous", flag=flag, raw=repr(raw), n=len(found),
                               nouns=kind.noun(len(found)), shown=shown), msg("hint.csv.write_code"))
    if kind.creatable and ctx.opts.create_missing:
        return create(ctx, idx, raw.strip())
    missing = "error.csv.no_name_here" if kind.scoped_names else "error.csv.no_name"
    raise InvalidValue(msg(missing, flag=flag, noun=kind.noun(), name=repr(raw.strip())),
                       msg("hint.csv.create_missing") if kind.creatable else msg("hint.csv.add_first", kind=kind.name))


def create(ctx: Any, idx: Index, name: str) -> int:
    """Plan a new record from its name alone (--create-missing)."""
    row = {idx.kind.name_column: name, "created_at": ctx.now, "updated_at": ctx.now}
    idx.add_new([row])
    idx.pending.append(row)
    ctx.created[idx.kind.name] = ctx.created.get(idx.kind.name, 0) + 1
    return row["id"]
