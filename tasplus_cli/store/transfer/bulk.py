"""Bulk writes for imports: many rows per statement, no ORM objects.

On SQLite the statement SQLAlchemy compiles is run with the driver's
``executemany`` on the session's own connection (same transaction), with
values adapted the way SQLAlchemy stores them (dates ISO, timestamps as
naive UTC text, booleans 0/1): several times faster than Core's per-row
parameter processing. Other databases get Core ``executemany``. Rows given
explicit ids on PostgreSQL move the id sequence past them, so later inserts
by the ORM never collide. Big loads into a mostly empty SQLite table drop the
table's non-unique indexes and build them again afterwards (inside the same
transaction, so a failure leaves them as they were).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timezone
from operator import itemgetter
from typing import Any, Iterator

from sqlalchemy import Boolean, Date, DateTime, TypeDecorator, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from tasplus_cli.domain.errors import Conflict
from tasplus_cli.messages import msg

REBUILD_AT = 20_000  # rows: below this, keeping indexes current is cheaper
ANALYZE_AT = 1_000  # rows an import writes from which the planner's statistics are refreshed


def _sqlite(s: Any) -> bool:
    return s.get_bind().dialect.name == "sqlite"


def _stamp(v: Any) -> Any:
    if isinstance(v, datetime):
        if v.tzinfo is not None:
            v = v.astimezone(timezone.utc).replace(tzinfo=None)
        return v.strftime("%Y-%m-%d %H:%M:%S.%f")
    return v


def _day(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def _flag(v: Any) -> Any:
    return None if v is None else int(v)


def _adapter(col: Any) -> Any:
    t = col.type
    t = t.impl if isinstance(t, TypeDecorator) else t  # sqlmodel's UTCDateTime stores like DateTime
    if isinstance(t, DateTime):
        return _stamp
    if isinstance(t, Date):
        return _day
    if isinstance(t, Boolean):
        return _flag
    return None


def _memo(fn: Any) -> Any:
    """Adapt each distinct value once (dates and ``now`` repeat on every row)."""
    seen: dict = {None: None}

    def adapt(v: Any) -> Any:
        try:
            return seen[v]
        except KeyError:
            out = seen[v] = fn(v)
            return out

    return adapt


def _driver_many(s: Any, stmt: Any, table: Any, rows: list[dict]) -> None:
    """Run ``stmt`` (bind parameters named ``b_<column>``) once per row with the driver."""
    compiled = stmt.compile(dialect=s.get_bind().dialect)
    keys = [name.removeprefix("b_") for name in compiled.positiontup]
    get = itemgetter(*keys) if len(keys) > 1 else (lambda r: (r[keys[0]],))
    adapt = [(i, _memo(a)) for i, a in enumerate(_adapter(table.c[k]) for k in keys) if a is not None]
    if not adapt:
        data: Any = map(get, rows)
    else:
        def values(r: dict) -> tuple:
            v = list(get(r))
            for i, a in adapt:
                v[i] = a(v[i])
            return tuple(v)

        data = map(values, rows)
    s.connection().exec_driver_sql(compiled.string, list(data))


def _run(s: Any, what: str, fn: Any) -> None:
    try:
        fn()
    except IntegrityError as e:
        detail = str(e.orig).splitlines()[0] if e.orig is not None else "constraint failed"
        raise Conflict(msg("error.csv.write_failed", table=what, detail=detail), msg("hint.csv.clash")) from None


def _always_null(table: Any, key: str, rows: list[dict]) -> bool:
    """A nullable column no row fills: left out of the INSERT (fewer values to bind)."""
    col = table.c[key]
    return col.nullable and col.server_default is None and all(r[key] is None for r in rows)


def processors(table: Any, dialect: Any) -> list[Any]:
    """Per column of ``table``: the function turning the driver's value into SQLAlchemy's (None: as is)."""
    return [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in table.c]


def driver_rows(s: Any, table: Any, ids: list[int]) -> Iterator[tuple]:
    """SQLite: the rows with these ids (every column, as the driver reads them: ``processors``),
    through the driver's cursor on the session's connection."""
    dialect = s.get_bind().dialect
    head = str(select(table).compile(dialect=dialect))
    cur = s.connection().connection.cursor()
    try:
        for n in range(0, len(ids), 500):
            part = ids[n:n + 500]
            cur.execute(f"{head} WHERE {dialect.identifier_preparer.quote(table.name)}.id IN "
                        f"({','.join('?' * len(part))})", part)
            yield from cur.fetchall()
    finally:
        cur.close()


def insert_rows(s: Any, table: Any, rows: list[dict]) -> None:
    """INSERT every row (all rows have the same keys)."""
    if not rows:
        return
    keys = [k for k in rows[0] if not _always_null(table, k, rows)]
    if _sqlite(s):
        stmt = insert(table).values({k: bindparam("b_" + k) for k in keys})
        _run(s, table.name, lambda: _driver_many(s, stmt, table, rows))
    else:
        _run(s, table.name, lambda: s.execute(insert(table), rows))
    if "id" in keys and s.get_bind().dialect.name == "postgresql":
        seq = func.pg_get_serial_sequence(table.name, "id")
        s.execute(select(func.setval(seq, select(func.max(table.c.id)).scalar_subquery())))


def update_rows(s: Any, table: Any, rows: list[dict]) -> None:
    """UPDATE by ``id`` (all rows have the same keys)."""
    if not rows:
        return
    keys = [k for k in rows[0] if k != "id"]
    stmt = update(table).where(table.c.id == bindparam("b_id")).values({k: bindparam("b_" + k) for k in keys})
    if _sqlite(s):
        _run(s, table.name, lambda: _driver_many(s, stmt, table, rows))
    else:
        renamed = [{"b_" + k: v for k, v in r.items()} for r in rows]
        _run(s, table.name, lambda: s.execute(stmt, renamed))


def delete_where(s: Any, table: Any, column: str, ids: list[int]) -> None:
    for i in range(0, len(ids), 500):
        s.execute(delete(table).where(table.c[column].in_(ids[i:i + 500])))


def size(s: Any, table: Any) -> int:
    """The table's largest id (about its size), 0 when empty or without ids."""
    return (s.execute(select(func.max(table.c.id))).scalar() or 0) if "id" in table.c else 0


@contextmanager
def loading(s: Any, table: Any, new_rows: int, before: int | None = None) -> Iterator[None]:
    """Around a big insert into a mostly empty SQLite table: drop and rebuild its plain indexes.
    ``before``: the table's ``size`` before the import began (else: now)."""
    plain = [ix for ix in table.indexes if not ix.unique]
    if not (_sqlite(s) and new_rows >= REBUILD_AT and plain):
        yield
        return
    if (size(s, table) if before is None else before) >= new_rows:
        yield  # a big table already: keeping its indexes current is cheaper than rebuilding them
        return
    conn = s.connection()  # SQLite's own page cache (2 MB): a bigger one sorts faster but stays resident
    for ix in plain:
        ix.drop(conn)
    yield
    for ix in plain:
        ix.create(conn)


def refresh_statistics(s: Any, written: int) -> bool:
    """After an import that wrote ``written`` rows (inserted or updated), in its transaction: the
    query planner's statistics (``migrate.gather_statistics``, ``ANALYZE``), when it wrote at least
    ``ANALYZE_AT`` rows. A big import into an empty database otherwise leaves none (SQLite then
    picks the index on activities' status, which most share, to count a deal's activities), and
    one that multiplies a table leaves them wrong. On SQLite sampled (``sqlite_open.ANALYSIS_LIMIT`` rows per
    index: milliseconds where a full pass costs seconds at 100,000 deals; ``db doctor`` and
    migrations do the full pass); PostgreSQL samples by itself. Returns whether it ran."""
    from tasplus_cli.store.migrate import gather_statistics
    from tasplus_cli.store.sqlite_open import ANALYSIS_LIMIT

    if written < ANALYZE_AT:
        return False
    conn = s.connection()
    sqlite = _sqlite(s)
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
    gather_statistics(conn)
    if sqlite:
        conn.exec_driver_sql("PRAGMA analysis_limit = 0")
    return True
