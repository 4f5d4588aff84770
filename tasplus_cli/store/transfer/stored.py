"""The records of one kind already stored when its import starts, without holding them.

Matching (``matcher.Matcher``) needs, of every stored record, only how to find it: by code,
by external id, by natural key, as they were when the import started. ``DigestIds`` keeps each
of those as one sorted array of (128-bit digest of the value's ``repr``, id): 24 bytes a record
and way of finding it (two values share a digest with a chance of about n²/2¹²⁹: none, in
practice; ``matcher.Claims`` counts on the same). A code that is its id written the canonical
way (``OPP-0042``: nearly all) is one bit, as is whether a record had an external id
(``had_ext``: an update may change it, matching must not see that).

``Stored`` is the mapping id → full row that the planner reads a matched record from
(``p.old``). Rows are fetched a batch at a time (``fetch``: the ids the batch's cells point
at, guessed by ``rows.Planner.prefetch``) and one at a time on a miss, so a wrong guess only
costs a query; ``forget`` drops them before the next batch. Memory: the arrays (24 or 48 bytes
a stored record) and one batch of rows, never the table (before: every stored row, about
2.7 KB each, 865 MiB for 300,000 deals).
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import select

from tasplus_cli.store.transfer import bulk
from tasplus_cli.store.transfer.values import utc

_WORD = (1 << 64) - 1
_ID_WORD, _SPREAD = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9  # odd: an int's digest (``digest``)
_CHUNK = 500  # ids per IN (…) when fetching rows
_STREAM = 5_000  # rows per fetch while reading the ways to find them
_BITS_UP_TO = 1 << 26  # ids below this are a bit in ``Bits`` (at most 8 MiB)


def digest(value: Any) -> tuple[int, int]:
    """128 bits of ``repr(value)``, as two words; the first is never 0 (``Claims``: an empty slot).
    A record's id (an int) is its own: a fixed odd word and the id spread by an odd multiplier (one
    to one), so ids never collide with each other, and with text only as two random words would."""
    if type(value) is int and 0 <= value <= _WORD:
        return _ID_WORD, value * _SPREAD & _WORD
    d = hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return int.from_bytes(d[:8], "little") | 1, int.from_bytes(d[8:], "little")


class DigestIds:
    """value → ids of the records having it (ascending), through arrays sorted by digest."""

    def __init__(self, pairs: Iterable[tuple[Any, int]]):
        packed = []
        for value, rid in pairs:
            if value is not None:
                hi, lo = digest(value)
                packed.append(hi << 128 | lo << 64 | rid)
        packed.sort()
        self._hi = array("Q", (p >> 128 for p in packed))
        self._lo = array("Q", (p >> 64 & _WORD for p in packed))
        self._id = array("q", (p & _WORD for p in packed))

    def __len__(self) -> int:
        return len(self._id)

    def get(self, value: Any) -> list[int]:
        if value is None or not self._id:
            return []
        hi, lo = digest(value)
        his, los = self._hi, self._lo
        i, out = bisect_left(his, hi), []
        while i < len(his) and his[i] == hi:
            if los[i] == lo:
                out.append(self._id[i])
            i += 1
        return out


class Bits:
    """A set of small ids (below ``_BITS_UP_TO``), a bit each; larger ones in a plain set."""

    def __init__(self) -> None:
        self._bits, self._big = bytearray(), set()

    def add(self, rid: int) -> None:
        if not 0 <= rid < _BITS_UP_TO:
            self._big.add(rid)
            return
        need = (rid >> 3) + 1
        if len(self._bits) < need:
            self._bits.extend(bytes(max(need - len(self._bits), len(self._bits))))
        self._bits[rid >> 3] |= 1 << (rid & 7)

    def __contains__(self, rid: int) -> bool:
        if not 0 <= rid < _BITS_UP_TO:
            return rid in self._big
        return rid >> 3 < len(self._bits) and bool(self._bits[rid >> 3] & 1 << (rid & 7))


class Stored:
    """A kind's stored records: ways to find them as at the start (``by_code``, ``by_ext``,
    ``by_key``, ``had_ext``) and their rows on demand (``self[rid]``, timestamps in UTC).
    ``key`` is the matcher's natural-key fold of a row."""

    def __init__(self, s: Any, kind: Any, key: Callable[[dict], tuple]):
        self.s, self.t, self.kind = s, kind.table, kind
        t, cols = self.t, list(kind.natural_key)
        self._canonical = Bits()
        self._other_codes = DigestIds(self._codes() if kind.prefix else ())
        self._had_ext = Bits()
        self.by_ext = DigestIds(self._exts() if kind.has_external_id else ())
        rows = _rows(s, select(t.c.id, *[t.c[c] for c in cols]))
        self.by_key = DigestIds((key(dict(zip(cols, r[1:]))), r[0]) for r in rows)  # ``key`` folds stamps to UTC
        self._rows: dict[int, dict] = {}
        self._readers: list | None = None

    def _stream(self, col: Any) -> Iterator[tuple[Any, int]]:
        yield from _rows(self.s, select(col, self.t.c.id).where(col.is_not(None)))

    def _codes(self) -> Iterator[tuple[Any, int]]:
        """Codes that are not their id written the canonical way (``OPP-0042``: those are a bit)."""
        prefix = self.kind.prefix
        for code, rid in self._stream(self.t.c.code):
            if 0 <= rid < _BITS_UP_TO and code == f"{prefix}-{rid:04d}":
                self._canonical.add(rid)
            else:
                yield code, rid

    def by_code(self, code: str | None) -> list[int]:
        """The stored record whose code this is, as a list (empty or one)."""
        if not code:
            return []
        head, _, digits = code.rpartition("-")
        if head == self.kind.prefix and digits.isdigit() and len(digits) <= 9:
            rid = int(digits)
            if rid in self._canonical and f"{rid:04d}" == digits:
                return [rid]
        return self._other_codes.get(code)

    def _exts(self) -> Iterator[tuple[Any, int]]:
        for ext, rid in self._stream(self.t.c.external_id):
            if ext:
                self._had_ext.add(rid)
                yield ext, rid

    def had_ext(self, rid: int) -> bool:
        """Whether the record had an external id when the import started."""
        return rid in self._had_ext

    def __bool__(self) -> bool:
        return len(self.by_key) > 0

    def __getitem__(self, rid: int) -> dict:
        row = self._rows.get(rid)
        if row is None:
            self.fetch([rid])
            row = self._rows[rid]
        return row

    def fetch(self, ids: Iterable[int]) -> None:
        """Read these records' rows (those not read yet) in a few queries (on SQLite with the
        driver, each value through its column's processor, as SQLAlchemy reads it)."""
        t, missing = self.t, sorted({i for i in ids if i not in self._rows})
        if self.s.get_bind().dialect.name != "sqlite":
            for n in range(0, len(missing), _CHUNK):
                for r in self.s.execute(select(t).where(t.c.id.in_(missing[n:n + _CHUNK]))).mappings():
                    self._rows[r["id"]] = _utc(dict(r))
            return
        if self._readers is None:
            self._readers = [(i, p) for i, p in enumerate(bulk.processors(t, self.s.get_bind().dialect)) if p]
        names, readers, at = [c.name for c in t.c], self._readers, [c.name for c in t.c].index("id")
        for raw in bulk.driver_rows(self.s, t, missing):
            row = list(raw)
            for i, process in readers:
                row[i] = process(row[i])
            self._rows[row[at]] = _utc(dict(zip(names, row)))

    def forget(self) -> None:
        """Drop the rows read so far (the batch that needed them is written)."""
        self._rows = {}

    def each(self, *cols: str) -> Iterator[tuple]:
        """These columns of every stored record, from the database (a kind's whole-file check)."""
        yield from _rows(self.s, select(*[self.t.c[c] for c in cols]))


def _rows(s: Any, stmt: Any) -> Iterator[Any]:
    """The rows of ``stmt``, fetched ``_STREAM`` at a time."""
    for part in s.execute(stmt.execution_options(yield_per=_STREAM)).partitions():
        yield from part


def _utc(row: dict) -> dict:
    for k, v in row.items():
        if isinstance(v, datetime):
            row[k] = utc(v)
    return row
