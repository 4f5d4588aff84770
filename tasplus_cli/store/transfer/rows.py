"""Planning the rows of one kind: cells → column values → the stored record
each row stands for (``plan.Matcher``) → the merged row, checked by the
kind's rules, with duplicates inside the file caught. Everything a row needs
is prepared once per import (defaults, bindings, required columns), so a
row costs dictionary work only.

Invariants: a kind's ``finish`` hook never changes natural-key columns, so
the key computed for matching a new row is also its identity in the file.
Every cell of every column, whatever its type, obeys the text policy of
``domain.text`` before it is parsed (multi-line when its field's name is, e.g.
``notes``; one line otherwise): a control character, an escape code or a bidi
override makes the row bad, naming its line and column.
"""

from __future__ import annotations

from typing import Any

from tasplus_cli.domain import text as policy
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg
from tasplus_cli.store.transfer import refs
from tasplus_cli.store.transfer.matcher import Binding, Claims, Matcher, Planned, problem
from tasplus_cli.store.transfer.spec import CellError, Kind
from tasplus_cli.store.transfer.values import User

STAMPS = ("created_at", "updated_at")


def _policy(field: str) -> tuple[Any, bool]:
    """(search for a refused character, multi-line?) of a column filling ``field``."""
    lines = policy.is_multiline(field)
    return (policy.MULTI_LINE_BAD if lines else policy.SINGLE_LINE_BAD).search, lines


class Planner:
    def __init__(self, ctx: Any, kind: Kind, bindings: list[Binding], defaults: dict):
        self.ctx, self.kind, self.bindings, self.defaults = ctx, kind, bindings, defaults
        self.match = Matcher(kind, ctx.s)
        self.stored = self.match.stored  # the kind's records when the import started (``stored.Stored``)
        self.by_name = {b.field.name: b for b in bindings}
        self.required = list(kind.required_columns().items())
        with_default = {f.col for f in kind.fields if f.col and f.default is not None}
        # NOT NULL columns with a default: an empty cell keeps the default (new) or the stored value
        self.keep = frozenset(c.name for c in kind.table.c if not c.nullable and c.name in with_default)
        self.claimed: dict[Any, int] = Claims()
        self.ref_cache: dict[tuple, int] = {}
        self.steps = [(b, b.index, b.conv, b.role, b.col, _policy(b.field.name)) for b in bindings]  # once per cell
        finding = {"code", "external_id", *kind.natural_key}
        self.finders = [b for b in bindings if b.col in finding and b.role in ("value", "ref")
                        and not isinstance(b.field.type, User)]

    def prefetch(self, batch: list[tuple[int, list[str]]]) -> None:
        """Read beforehand, in a few queries, the stored records the rows of ``batch`` point at (a guess
        from their cells, made without side effects: ``plan`` reads a record it needs and was not guessed)."""
        self.match.forget()
        if not self.stored:
            return
        wanted: list[int] = []
        for _, cells in batch:
            vals = dict(self.defaults)
            for b in self.finders:
                raw = cells[b.index] if b.index < len(cells) else ""
                try:
                    v = b.conv(raw)
                    if b.role == "ref" and v is not None:
                        v = refs.peek(self.ctx, self.ctx.kind(b.field.type.kind), v, vals.get("account_id"))
                except InvalidValue:
                    continue
                if v is not None:
                    vals[b.col] = v
            wanted += self.match.candidates(vals.get("code"), vals.get("external_id"), self.match.key(vals))
        self.stored.fetch(wanted)

    def plan(self, line: int, cells: list[str]) -> Planned:
        p = Planned(line, cells, self.by_name)
        vals = self.read(p)
        if not p.errors:
            self.complete(p, vals)
        return p

    def read(self, p: Planned) -> dict:
        """Column values of one row; bad cells go to ``p.errors``."""
        vals: dict[str, Any] = {}
        cells = p.cells
        n = len(cells)
        for b, index, conv, role, col, (bad, lines) in self.steps:
            raw = cells[index] if index < n else ""
            try:
                if bad(raw) is not None:
                    raw = policy.check(raw, b.header, lines)  # refuses, or makes a CR LF a newline
                v = conv(raw)
                if role != "value" and (v is not None or role == "kids"):
                    if role == "kids":
                        p.kids[b.field.name] = (b, v or [])  # resolved once the row is complete
                        continue
                    if role == "self":
                        p.late.append((b, v))
                        vals.setdefault(col, None)
                        continue
                    v = self.ref(b, v, vals)
            except InvalidValue as e:
                p.errors.append(problem(p.line, b, raw, e.message, e.hint))
                continue
            if col in vals:
                if v is None:
                    continue
                if vals[col] is not None and vals[col] != v:
                    other = next(o for o in self.bindings if o.col == col and o is not b)
                    p.fail(b.field.name, msg("error.csv.disagrees", column=repr(other.header),
                                             value=repr(cells[other.index].strip())), msg("hint.csv.disagrees"))
                    continue
            vals[col] = v
        return vals

    def ref(self, b: Binding, text: str, vals: dict) -> int:
        kind = self.ctx.kind(b.field.type.kind)
        scope = None
        if kind.scoped_names:
            scope = vals.get("account_id") or self.ctx.index("opportunities").scope_of.get(vals.get("opp_id"))
        key = (b.field.name, scope, text)
        rid = self.ref_cache.get(key)
        if rid is None:
            rid = self.ref_cache[key] = refs.resolve(self.ctx, kind, text, b.header, scope)
        return rid

    def complete(self, p: Planned, vals: dict) -> None:
        """Match, merge, check and de-duplicate one row whose cells all parsed."""
        kind, keep = self.kind, self.keep
        p.file_code = vals.pop("code", None)
        given = {k: v for k, v in vals.items() if v is not None or k not in keep} if None in vals.values() else vals
        candidate = {**self.defaults, **given}
        key = self.match.key(candidate)
        try:
            target = self.match.find(p.file_code, vals.get("created_at"), vals.get("external_id"), key,
                                     self.claimed) if self.stored else None
        except InvalidValue as e:
            return p.fail(None, e.message, e.hint)
        if target is not None:
            p.old = self.stored[target]
            p.row = {**p.old, **{k: v for k, v in given.items() if k not in STAMPS}}
        else:
            p.row = candidate
        for col, names in self.required:
            if p.row.get(col) is None and not any(b.col == col for b, _ in p.late):
                empty = (msg("error.csv.empty_either", field=names[0], others=msg("csv.or").join(names[1:]))
                         if len(names) > 1 else msg("error.csv.empty", field=names[0]))
                return p.fail(names[0], empty, msg("hint.csv.fill", field=names[0]))
        try:
            if kind.finish:
                kind.finish(p.row, vals.keys(), self.ctx)
            if p.kids:
                for name, (b, items) in list(p.kids.items()):
                    p.kids[name] = b.field.type.resolve(items, p.row, b.header, self.ctx)
        except CellError as e:
            return p.fail(e.field, e.message, e.hint)
        except InvalidValue as e:
            return p.fail(next(iter(p.kids), None), e.message, e.hint)
        self.claim(p, target, key if target is None else self.match.key(p.row))

    def claim(self, p: Planned, target: int | None, key: tuple) -> None:
        """Two rows may not reach one record, nor create two records a unique key allows once."""
        kind, claimed = self.kind, self.claimed
        ext = p.row.get("external_id") if target is None else None
        if target is not None:
            ident: Any = target
            if kind.unique_key:
                others = [o for o in self.match.keyed(key) if o != target]
                if others:
                    code = self.stored[others[0]].get("code") or msg("csv.a_stored_one")
                    return p.fail(None, msg("error.csv.same_key", noun=kind.noun(), code=code,
                                            key=kind.said(kind.natural_key)), msg("hint.csv.rename_one"))
        elif kind.unique_key:
            ident = ("new", key)
        elif p.file_code:
            ident = ("code", p.file_code)
        elif ext:
            ident = ("ext", ext)
        elif kind.prefix:
            ident = ("new", key)
        else:
            return  # e.g. two equal history lines: both kept
        for one in (ident, ("ext", ext) if ext and ident != ("ext", ext) else None):
            if one is not None and one in claimed:
                by_ext = isinstance(one, tuple) and one[0] == "ext"  # else a stored record's id, or a key
                what = "external_id" if by_ext else kind.noun()
                return p.fail("external_id" if by_ext else None,
                              msg("error.csv.twice", line=claimed[one], what=what), msg("hint.csv.remove_one"))
        claimed[ident] = p.line
        if ext:
            claimed[("ext", ext)] = p.line
