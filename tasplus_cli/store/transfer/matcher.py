"""Planning one kind's import: every row is parsed, resolved, matched to the
record it stands for and checked, in memory and without a query per row.

Matching a row to a stored record, first hit wins:
1. its ``code``, unless the row's ``created_at`` differs from that record's:
   then the code was given by another database (a rep's ``OPP-0003`` is not
   the manager's ``OPP-0003``) and matching goes on;
2. its ``external_id`` (the id in the CRM it came from);
3. its natural key (e.g. account + name for a deal; text compared without
   case), among records without an external id when the row has one.
No match: a new record, keeping the file's code when that code is free,
else the next free code (reported as renumbered). Two rows of one file
that reach the same record are an error on the second.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import normalize
from tasplus_cli.messages import msg
from tasplus_cli.store.transfer.children import Children
from tasplus_cli.store.transfer.spec import Kind
from tasplus_cli.store.transfer.stored import Stored, digest
from tasplus_cli.store.transfer.values import Ref, utc


@dataclass
class Binding:
    """One CSV column feeding one field, with its converter and its role:
    ``value`` (a plain cell), ``ref`` (another kind's record), ``self`` (a
    record of the same kind, resolved once every row has its id) or ``kids``
    (a child list)."""

    field: Any
    index: int
    header: str
    conv: Any
    role: str = "value"
    col: str | None = None  # the table column (a plain attribute: read once per cell)


class Planned:
    """One row of the file on its way to the database."""

    __slots__ = ("line", "cells", "row", "old", "file_code", "bindings", "kids", "late", "errors")

    def __init__(self, line: int, cells: list[str], bindings: dict[str, Binding]):
        self.line, self.cells, self.bindings = line, cells, bindings
        self.row: dict = {}
        self.old: dict | None = None
        self.file_code: str | None = None
        self.kids: dict[str, Any] = {}  # child-list field → (binding, items), then its value
        self.late: list[tuple] = []  # (binding, text) of references to this same kind
        self.errors: list[dict] = []

    def fail(self, name: str | None, message: str, hint: str | None = None) -> None:
        b = self.bindings.get(name) if name else None
        self.errors.append(problem(self.line, b, self.cells[b.index] if b and b.index < len(self.cells) else None,
                                   message, hint, name))


def problem(line: int, b: Binding | None, value: str | None, message: str, hint: str | None,
            name: str | None = None) -> dict:
    """One bad cell or row, as reported (and printed by ``--json``)."""
    flag = b.header if b else name
    if flag and message.startswith((f"{flag}: ", f"{flag}：")):  # the column is reported beside it
        message = message[len(flag) + 1:].lstrip()
    return {"line": line, "column": b.header if b else None, "field": b.field.name if b else name,
            "value": value, "reason": message, "hint": hint}


CACHE_SIZE = 4_096  # parsed cells remembered per column


def converter(ft: Any, flag: str, vmap: dict[str, str] | None, ctx: Any) -> Any:
    """cell text → value (None when empty), memoized for cacheable types."""
    cache: dict[str, Any] | None = {} if ft.cacheable else None
    strip = ft.strip
    parse = ft.parse

    def conv(raw: str) -> Any:
        if vmap:
            key = normalize(raw)
            raw = vmap[key] if key in vmap else vmap["*"] if key and "*" in vmap else raw
        text = raw.strip()
        if not text:
            return None
        if cache is not None:
            try:
                return cache[text]
            except KeyError:
                if len(cache) >= CACHE_SIZE:  # a column of distinct numbers must not grow with the file
                    cache.clear()
                value = cache[text] = parse(text, flag, ctx)
                return value
        return parse(text if strip else raw, flag, ctx)

    return conv


def binding(kind: Kind, f: Any, index: int, header: str, vmap: dict | None, ctx: Any) -> Binding:
    ft = f.type
    role = ("kids" if isinstance(ft, Children) else
            ("self" if ft.kind == kind.name else "ref") if isinstance(ft, Ref) else "value")
    return Binding(f, index, header, converter(ft, header, vmap, ctx), role, f.col)


class Claims:
    """What rows of the file have claimed (a stored record's id, or a new record's key) → the line.

    Compact, as it grows with the file: each key is kept as a 128-bit digest of its ``repr`` (the
    chance that two of n keys share one is about n²/2¹²⁹: none, in practice) in an open-addressing
    table of three machine-word arrays, 24 bytes a slot, at most two thirds full: 36 to 72 bytes a
    row, where a dictionary of tuples holding the names took 300."""

    def __init__(self) -> None:
        self._n = 0
        self._make(1 << 10)
        self._last: tuple = (None, 0, 0)  # (key, hi, lo): a row asks for its key, then claims it

    def _make(self, size: int) -> None:
        self._mask = size - 1
        self._hi, self._lo, self._line = array("Q", bytes(8 * size)), array("Q", bytes(8 * size)), \
            array("Q", bytes(8 * size))

    def _digest(self, key: Any) -> tuple[int, int]:
        last, hi, lo = self._last
        if key is not last or not isinstance(key, tuple):
            hi, lo = digest(key)
            self._last = (key, hi, lo)
        return hi, lo

    def _slot(self, hi: int, lo: int) -> int:
        i, mask, his, los = lo & self._mask, self._mask, self._hi, self._lo
        while his[i] and (his[i] != hi or los[i] != lo):
            i = (i + 1) & mask
        return i

    def get(self, key: Any, default: Any = None) -> Any:
        i = self._slot(*self._digest(key))
        return self._line[i] if self._hi[i] else default

    def __contains__(self, key: Any) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: Any) -> int:
        line = self.get(key)
        if line is None:
            raise KeyError(key)
        return line

    def __setitem__(self, key: Any, line: int) -> None:
        hi, lo = self._digest(key)
        i = self._slot(hi, lo)
        if not self._hi[i]:
            self._n += 1
        self._hi[i], self._lo[i], self._line[i] = hi, lo, line
        if self._n * 3 > self._mask * 2:  # at most two thirds full: probes stay short
            self._grow()

    def _grow(self) -> None:
        old = self._hi, self._lo, self._line
        self._make((self._mask + 1) * 2)
        for hi, lo, line in zip(*old):
            if not hi:
                continue
            i = self._slot(hi, lo)
            self._hi[i], self._lo[i], self._line[i] = hi, lo, line


def _text(v: str) -> str:
    return v.strip().lower()  # as store.records.resolve compares names (SQL lower)


_FOLDS = {"String": _text, "AutoString": _text, "DateTime": utc, "UTCDateTime": utc}


class Matcher:
    """Stored records by code, external id and natural key (see module docstring), found through
    ``stored.Stored``'s compact arrays; a matched record's row is read from it."""

    def __init__(self, kind: Kind, s: Any):
        self.kind = kind
        self.folds = [(c, _FOLDS.get(type(kind.table.c[c].type).__name__)) for c in kind.natural_key]
        self.pair = len(self.folds) == 2
        self.stored = Stored(s, kind, self.key)
        self._keyed: dict[tuple, list[int]] = {}  # the batch's keys → stored ids (``candidates``)

    def key(self, row: dict) -> tuple:
        """The natural key, text without case or surrounding spaces, timestamps in UTC."""
        if self.pair:  # the common shape (parent id, name): no loop
            (a, fa), (b, fb) = self.folds
            va, vb = row[a], row[b]
            return (va if fa is None or va is None else fa(va), vb if fb is None or vb is None else fb(vb))
        return tuple([row[c] if f is None or row[c] is None else f(row[c]) for c, f in self.folds])

    def keyed(self, key: tuple) -> list[int]:
        """The stored records whose natural key is ``key``, in id order."""
        found = self._keyed.get(key)
        return self.stored.by_key.get(key) if found is None else found

    def candidates(self, code: str | None, ext: str | None, key: tuple | None) -> list[int]:
        """Every stored record a row with these values could match (rows to read beforehand); the
        batch's keys are remembered until ``forget``."""
        keyed = self._keyed[key] = self.stored.by_key.get(key)
        return [*self.stored.by_code(code), *self.stored.by_ext.get(ext), *keyed]

    def forget(self) -> None:
        """A new batch: the previous one's rows and keys are done with."""
        self._keyed = {}
        self.stored.forget()

    def find(self, code: str | None, stamp: Any, ext: str | None, key: tuple, claimed: Any) -> int | None:
        if code:
            rid = next(iter(self.stored.by_code(code)), None)
            if rid is not None and (stamp is None or utc(self.stored[rid]["created_at"]) == stamp):
                return rid
        found = self.keyed(key)
        if ext:
            rid = self._one(self.stored.by_ext.get(ext), "external_id", claimed)
            if rid is not None:
                return rid
            if found:  # a record another system's id already names is another record
                found = [i for i in found if not self.stored.had_ext(i)]
        return self._one(found, None, claimed)

    def _one(self, found: list[int] | None, by: str | None, claimed: Any) -> int | None:
        """The one record ``found`` (``by`` external id, or else the natural key) or an error."""
        if not found:
            return None
        if not self.kind.prefix:  # rows without codes: the n-th equal row is the n-th stored one
            return next((i for i in found if i not in claimed), None)
        if len(found) == 1:
            return found[0]
        shown = ", ".join(str(self.stored[i]["code"]) for i in found[:8])
        by = by or self.kind.said(self.kind.natural_key)
        raise InvalidValue(msg("error.csv.matches_stored", n=len(found), nouns=self.kind.noun(len(found)), by=by,
                               shown=shown), msg("hint.csv.add_code"))
