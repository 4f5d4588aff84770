"""``tasplus db doctor``: every check of the database, with how to fix what it finds.

Invariants:
- It only reads, but for the query planner's statistics: it never creates,
  migrates or switches the journal mode of the database, and reads one its
  user may not write as every command does (``sqlite_open.opened``: a
  snapshot, said as a note, never as a failure of the file). A sound database
  at the current schema that it may write gets fresh statistics
  (``migrate.gather_statistics``, ``ANALYZE``: they only guide the planner,
  no record changes), reported as the ``statistics`` check; a snapshot or a
  read-only server is left as it is and the check says whether it has any.
- On SQLite and PostgreSQL alike, a database at the current schema has its
  tables and columns compared with the models and every value checked as
  ``db restore`` checks a backup (``store.audit``): each value tasplus cannot
  read is a ``values`` row naming its table, row and column (the first
  ``audit.LIMIT``, all counted). Abandoned temporaries of a killed backup or
  restore beside the database are reported.
- A check's ``detail`` and ``fix`` are ``Phrase``s: English in ``--json``, the
  reader's language on screen. ``warn`` and ``fail`` make doctor exit 1.
"""

from __future__ import annotations

import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from tasplus_cli.messages import command
from tasplus_cli.messages.phrase import counted, phrase
from tasplus_cli.store import audit, migrate
from tasplus_cli.store.db import Unavailable, backend, check_open, make_engine, redact
from tasplus_cli.store.maintenance import (columns, database_file, integrity, pg_command, revision, sqlite_dialect,
                                           sqlite_reader, tables)
from tasplus_cli.store.sqlite_copies import abandoned
from tasplus_cli.store.sqlite_open import journal_mode, opened

_RESTORE = phrase("db.fix.restore")


@dataclass(frozen=True)
class Check:
    check: str  # the check's English name: file, integrity, foreign keys, schema, columns, values …
    status: str  # ok | note | warn | fail; warn and fail make doctor exit 1
    detail: str  # a Phrase, or a path/URL as it is
    fix: str | None = None  # a Phrase, or a command to type

    def as_dict(self) -> dict:
        """The check as ``--json`` prints it; ``detail`` and ``fix`` stay phrases (English as strings)."""
        return {"check": self.check, "status": self.status, "detail": self.detail, "fix": self.fix}


def doctor(url: str, known: audit.Known) -> list[Check]:
    """Every check of ``tasplus db doctor``; reads only."""
    if backend(url) == "postgresql":
        return _doctor_pg(url, known)
    path = database_file(url, "doctor", "pg_dump")
    checks = []
    try:
        with opened(path, live=True) as o:
            checks.append(Check("file", "note", phrase("db.check.read_only", path=path)) if o.snapshot
                          else Check("file", "ok", str(path)))
            checks += _sqlite_checks(o.conn, known)
            if _sound(checks):
                checks.append(_sqlite_statistics(o.conn, o.snapshot))
            mode = journal_mode(o)
            checks.append(Check("journal mode", "ok", phrase("db.check.wal")) if mode == "wal"
                          else Check("journal mode", "note", phrase("db.check.not_wal", mode=mode)))
    except Unavailable as e:
        checks.append(Check("file", "warn", e.message, e.hint))
    except sqlite3.DatabaseError as e:
        checks.append(Check("integrity", "fail", phrase("db.check.unreadable", path=path, reason=str(e)), _RESTORE))
    return checks + _temporaries(path) + _perm_checks(path)


def _sqlite_checks(conn: sqlite3.Connection, known: audit.Known) -> list[Check]:
    problems = integrity(conn)
    found = counted("db.count.problems", len(problems), f"{len(problems)} problem(s)")
    out = [Check("integrity", "fail", phrase("db.check.problems", problems=found, first=problems[0]), _RESTORE)
           if problems else Check("integrity", "ok", phrase("db.check.integrity_ok"))]
    bad = conn.execute("PRAGMA foreign_key_check").fetchall()
    rows = counted("db.count.broken_rows", len(bad), f"{len(bad)} row(s) point")
    out.append(Check("foreign keys", "fail", phrase("db.check.broken_links", rows=rows, table=bad[0][0]), _RESTORE)
               if bad else Check("foreign keys", "ok", phrase("db.check.links_ok")))
    rev = revision(conn)
    out.append(_revision_check(rev, bool(tables(conn))))
    if rev == migrate.HEAD and not problems:
        out += _content_checks(columns(conn), lambda: audit.check_values(sqlite_reader(conn), sqlite_dialect(), known))
    return out


def _sound(checks: list[Check]) -> bool:
    """At the current schema and nothing failed: statistics are worth gathering."""
    return (any(c.check == "schema" and c.status == "ok" for c in checks)
            and not any(c.status == "fail" for c in checks))


class _Driver:
    """The driver's connection, as ``migrate.gather_statistics`` uses an SQLAlchemy one."""

    def __init__(self, conn: sqlite3.Connection):
        self.exec_driver_sql = conn.execute


def _sqlite_statistics(conn: sqlite3.Connection, snapshot: bool) -> Check:
    if not snapshot:
        try:
            migrate.gather_statistics(_Driver(conn))
            conn.commit()
            return Check("statistics", "ok", phrase("db.check.analyzed"))
        except sqlite3.OperationalError as e:  # busy: another process is writing
            return Check("statistics", "note", phrase("db.check.not_analyzed", reason=str(e)),
                         command("db", "doctor"))
    has = (conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
           and conn.execute("SELECT 1 FROM sqlite_stat1 LIMIT 1").fetchone())
    return Check("statistics", "ok" if has else "note", phrase("db.check.stats_read_only" if has
                                                               else "db.check.no_stats_read_only"))


def _content_checks(found: dict[str, list[str]], values) -> list[Check]:  # noqa: ANN001 - () -> audit.Found
    """The columns against the models, then (when they match) every value."""
    differ = audit.schema_problems(found, audit.expected())
    if differ:
        return [Check("columns", "fail", phrase("db.check.columns_differ", problems=differ), _RESTORE)]
    checked = values()
    out = [Check("columns", "ok", phrase("db.check.columns_ok"))]
    if not checked.count:
        return out + [Check("values", "ok", phrase("db.check.values_ok"))]
    out.append(Check("values", "fail", phrase("db.check.bad_values",
                                              values=counted("db.count.bad_values", checked.count)),
                     phrase("db.fix.bad_values")))
    return out + [Check("values", "fail", b.said()) for b in checked.bad]


def _revision_check(rev: str | None, has_tables: bool) -> Check:
    if rev == migrate.HEAD:
        return Check("schema", "ok", phrase("db.check.current", rev=rev))
    if rev is None:
        return (Check("schema", "fail", phrase("db.check.no_revision"), None) if has_tables
                else Check("schema", "note", phrase("db.check.empty")))
    if rev not in migrate.known_revisions():
        return Check("schema", "fail", phrase("db.check.newer", rev=rev, head=migrate.HEAD),
                     phrase("db.fix.upgrade_tasplus"))
    return Check("schema", "note", phrase("db.check.older", rev=rev, head=migrate.HEAD), phrase("db.fix.upgrade_now"))


def _temporaries(path: Path) -> list[Check]:
    """Temporaries of a killed ``db backup`` or ``db restore`` beside the database."""
    left = abandoned(path.parent, path.name)
    if not left:
        return []
    return [Check("temporaries", "warn", phrase("db.check.temporaries", files=counted("db.count.files", len(left)),
                                                 first=left[0]),
                  phrase("db.fix.temporaries", command=command("db", "backup")))]


def _perm_checks(path: Path) -> list[Check]:
    """The database, its -wal/-shm and its backups (``<name>.*.bak`` beside it) must be private."""
    out = []
    files = [path] + [Path(f"{path}{s}") for s in ("-wal", "-shm")] + sorted(path.parent.glob(f"{path.name}.*.bak"))
    exposed = [(f, stat.S_IMODE(f.stat().st_mode)) for f in files if f.exists() and
               stat.S_IMODE(f.stat().st_mode) & 0o077]
    if not exposed:
        private = "db.check.private_wal" if files[1].exists() else "db.check.private"
        n = len(files) - 3
        out.append(Check("permissions", "ok", phrase(private, backups=counted("db.count.backups", n, f"{n} backup(s)"))))
    for f, mode in exposed:
        who = phrase("db.who.others" if mode & 0o004 else "db.who.group")
        out.append(Check("permissions", "warn", phrase("db.check.readable", path=f, who=who, mode=f"{mode:04o}"),
                         f"chmod 600 {f}"))
    return out


def _doctor_pg(url: str, known: audit.Known) -> list[Check]:
    from sqlalchemy import inspect

    engine = make_engine(url)
    try:
        check_open(engine, url)
        with engine.connect() as conn:
            rev = migrate.current_revision(engine)
            checks = [Check("server", "ok", redact(url)), _revision_check(rev, rev is not None)]
            if rev == migrate.HEAD:
                insp = inspect(conn)
                found = {t: [c["name"] for c in insp.get_columns(t)] for t in insp.get_table_names()}
                stream = conn.execution_options(stream_results=True)

                def read(table: str, cols: list[str]):  # noqa: ANN202
                    q = ", ".join(f'"{c}"' for c in cols)
                    return stream.exec_driver_sql(f'SELECT {q} FROM "{table}"')

                checks += _content_checks(found, lambda: audit.check_values(read, engine.dialect, known))
                if _sound(checks):
                    checks.append(_pg_statistics(conn))
    finally:
        engine.dispose()
    return checks + [Check("integrity", "note", phrase("db.check.pg_keys"), phrase("db.fix.pg_amcheck")),
                     Check("backups", "note", phrase("db.check.pg_backups"), pg_command(url, "pg_dump"))]


def _pg_statistics(conn) -> Check:  # noqa: ANN001 - an SQLAlchemy Connection
    """ANALYZE now (autovacuum does it too, but only once enough rows changed and a minute passed);
    a read-only server or role says so instead."""
    from sqlalchemy.exc import DBAPIError

    try:
        migrate.gather_statistics(conn)
        conn.commit()
        return Check("statistics", "ok", phrase("db.check.analyzed"))
    except DBAPIError as e:
        conn.rollback()
        return Check("statistics", "note", phrase("db.check.not_analyzed", reason=str(e.orig).splitlines()[0]))
