"""The in-memory index of one coded table during an import or export: codes,
names and parents by id, loaded by one query and kept current as rows are
planned, so no row costs a query.

Memory: a record this import wrote (``settle``, called once its batch is in
the database) keeps only a bit: its code is its id written the canonical
way (``OPP-0042``), and its name and parent are read back from the database
the first time anyone asks for names or parents (``name_of``, ``scope_of``,
``names``). So a 300,000-deal import holds 300,000 bits here, not 300,000
dictionaries; a later kind that refers to those deals by name pays for
their names then, once. The same holds for the records already stored when
the index is loaded: one with a canonical code is a bit. Records with other
codes and rows of the batch being planned are held in dictionaries.
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select

_BITS_UP_TO = 1 << 26  # ids below this settle into the bitmap (at most 8 MiB); larger ones stay in dictionaries


class _Lookup:
    """A read-only mapping over one of the index's dictionaries plus the settled records."""

    def __init__(self, held: dict, derive: Any):
        self.held, self.derive = held, derive

    def get(self, key: Any, default: Any = None) -> Any:
        v = self.held.get(key)
        if v is None:
            v = self.derive(key)
        return default if v is None else v

    def __getitem__(self, key: Any) -> Any:
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def __contains__(self, key: Any) -> bool:
        return self.get(key) is not None


class Index:
    """Codes, names and parents of one coded table, plus rows to create.
    The by-name lookup is built on first use (most imports never need it)."""

    def __init__(self, kind: Any, s: Any = None):
        self.kind, self.s = kind, s
        self._code_of: dict[int, str] = {}
        self._codes: dict[str, int] = {}
        self._name_of: dict[int, str] = {}
        self._scope_of: dict[int, Any] = {}
        self._bits = bytearray()  # settled ids: in the database, code canonical
        self._unread = False  # settled records whose names and parents are not in the dictionaries
        self._names: dict[tuple, list[int]] | None = None
        self.next_id = 1
        self.pending: list[dict] = []  # created by --create-missing, not yet inserted
        self.code_of = _Lookup(self._code_of, self._settled_code)
        self.codes = _Lookup(self._codes, self._settled_id)

    # -- settled records ---------------------------------------------------------------------------
    def _settled(self, rid: Any) -> bool:
        return isinstance(rid, int) and 0 <= rid < len(self._bits) * 8 and bool(self._bits[rid >> 3] & 1 << (rid & 7))

    def _settled_code(self, rid: Any) -> str | None:
        return f"{self.kind.prefix}-{rid:04d}" if self._settled(rid) else None

    def _settled_id(self, code: Any) -> int | None:
        head, _, digits = str(code).rpartition("-")
        if head != self.kind.prefix or not digits.isdigit() or len(digits) > 9:
            return None
        rid = int(digits)
        return rid if self._settled(rid) and f"{rid:04d}" == digits else None

    def settle(self, rids: Iterator[int]) -> None:
        """These records are in the database now: keep a bit for each instead of its entries."""
        canonical = self._canonical
        for rid in rids:
            if rid >= _BITS_UP_TO or self._code_of.get(rid) != canonical(rid):
                continue
            self._set_bit(rid)
            del self._codes[self._code_of.pop(rid)]
            self._name_of.pop(rid, None)
            self._scope_of.pop(rid, None)
            self._unread = self._unread or bool(self.kind.name_column or self.kind.parent)

    def _set_bit(self, rid: int) -> None:
        need = (rid >> 3) + 1
        if len(self._bits) < need:
            self._bits.extend(bytes(max(need - len(self._bits), len(self._bits))))
        self._bits[rid >> 3] |= 1 << (rid & 7)

    def _canonical(self, rid: int) -> str:
        return f"{self.kind.prefix}-{rid:04d}"

    def _read_settled(self) -> None:
        """Names and parents of the settled records, from the database (once, when first asked)."""
        if not self._unread:
            return
        self._unread = False
        kind, t = self.kind, self.kind.table
        extra = [t.c[c] for c in (kind.name_column, kind.parent) if c]
        for r in self.s.execute(select(t.c.id, *extra)):
            if self._settled(r[0]) and r[0] not in self._name_of and r[0] not in self._scope_of:
                self._keep(r[0], r[1] if kind.name_column else None,
                           r[-1] if kind.parent else None)

    def _keep(self, rid: int, name: str | None, parent: Any) -> None:
        if name is not None:
            self._name_of[rid] = name
        if parent is not None:
            self._scope_of[rid] = parent

    @property
    def name_of(self) -> dict[int, str]:
        self._read_settled()
        return self._name_of

    @property
    def scope_of(self) -> dict[int, Any]:
        self._read_settled()
        return self._scope_of

    # -- adding ------------------------------------------------------------------------------------
    def taken(self, rid: int, code: str) -> bool:
        if rid in self._code_of or code in self._codes or self._settled(rid):
            return True
        return code != self._canonical(rid) and self._settled_id(code) is not None

    def add(self, rid: int, code: str, name: str | None = None, parent: Any = None) -> None:
        self._code_of[rid] = code
        self._codes[code] = rid
        self._keep(rid, name, parent)
        if name is not None:
            self._names = None
        if rid >= self.next_id:
            self.next_id = rid + 1

    def changed(self, rid: int, name: str | None, parent: Any) -> None:
        """A stored record's name or parent was updated (the dictionaries hold it, or the database does)."""
        if rid in self._name_of or rid in self._scope_of:
            self._name_of.pop(rid, None)
            self._scope_of.pop(rid, None)
            self._keep(rid, name, parent)
            self._names = None

    @property
    def names(self) -> dict[tuple, list[int]]:
        """``(scope or None, folded name)`` → ids."""
        self._read_settled()
        if self._names is None:
            scoped = self.kind.scoped_names
            self._names = {}
            for rid, name in sorted(self._name_of.items()):  # ids in order, whether read at load or later
                key = (self._scope_of.get(rid) if scoped else None, name.strip().casefold())
                self._names.setdefault(key, []).append(rid)
        return self._names

    def add_new(self, rows: list[dict]) -> None:
        """Give each new row the next free id and its code (``PFX-0042``), and index it."""
        kind = self.kind
        rid = self.next_id
        for row in rows:
            code = self._canonical(rid)
            while self.taken(rid, code):
                rid += 1
                code = self._canonical(rid)
            row["id"], row["code"] = rid, code
            self._code_of[rid], self._codes[code] = code, rid
            self._keep(rid, row[kind.name_column] if kind.name_column else None,
                       row[kind.parent] if kind.parent else None)
            rid += 1
        self.next_id, self._names = rid, None


def load_index(s: Any, kind: Any) -> Index:
    """The table's codes and names; a record whose code is canonical keeps only a bit (``settle``)."""
    t = kind.table
    extra = [t.c[c] for c in (kind.name_column, kind.parent) if c]
    idx = Index(kind, s)
    rows = s.execute(select(t.c.id, t.c.code, *extra).execution_options(yield_per=5_000)).partitions()
    for rid, code, *more in (r for part in rows for r in part):
        if rid < _BITS_UP_TO and code == idx._canonical(rid):
            idx._set_bit(rid)
            idx._unread = bool(extra)
            idx.next_id = max(idx.next_id, rid + 1)
        else:
            idx.add(rid, code, more[0] if kind.name_column else None, more[-1] if kind.parent else None)
    return idx
