"""Database upkeep behind ``tasplus db``: backup, restore, upgrade (doctor: ``store.doctor``).

Invariants:
- Backups use SQLite's online backup API (never a file copy of an open
  database), land 0600 and are checked with ``PRAGMA integrity_check``; a
  backup appears under its name only when complete (``sqlite_copies.copy_to``),
  so a killed or cancelled backup leaves no file but an abandoned temporary,
  which the next backup or restore removes and ``db doctor`` reports. A
  database the user may only read is backed up from a snapshot
  (``sqlite_open.opened``: the read-only rule of every command). Another
  program's SQLite file is refused, as every command refuses it; a damaged
  tasplus one (no ``alembic_version``) is copied. PostgreSQL
  has no file to copy: ``backup``/``restore`` say to use
  ``pg_dump``/``pg_restore`` (``Conflict``, exit 1).
- ``restore`` never touches the live database until the file to restore is
  proven a tasplus database: a known revision, the core tables, integrity ok,
  the tables and columns of its revision exactly (missing or extra ones are
  named), then, in a private copy migrated to head (an older backup is
  restored and upgraded, never refused for its age), every value readable
  (``store.audit``: the first bad ones named by table, row and column). The
  swap is ONE write transaction on the live database (every table emptied and
  refilled under ``BEGIN IMMEDIATE`` with deferred foreign keys), so other
  processes see the old or the new data, never a mix, and no ``-wal`` file can
  meet the wrong database. The previous content is saved first, under the same
  lock, as a ``.bak`` next to the database (removed again if the swap fails:
  then nothing changed).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy.engine import make_url

from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.messages import command, language, msg
from tasplus_cli.messages.phrase import counted, say
from tasplus_cli.paths import ensure_private_dir
from tasplus_cli.store import audit, migrate
from tasplus_cli.store.db import backend, busy_error, busy_timeout_ms, check_open, make_engine, redact, sqlite_path
from tasplus_cli.store.sqlite_copies import copy_sqlite, copy_to, sweep, temporary
from tasplus_cli.store.sqlite_open import Opening, opened, raw_connect


# --- shared -----------------------------------------------------------------------------

def pg_command(url: str, tool: str) -> str:
    """The pg_dump / pg_restore line for this server (never with the password)."""
    u = make_url(url)
    where = " ".join(f"{flag} {value}" for flag, value in (("-h", u.host), ("-p", u.port), ("-U", u.username))
                     if value)
    if tool == "pg_dump":
        return f"pg_dump -Fc {where} -f tasplus.dump {u.database or ''}".replace("  ", " ")
    return f"pg_restore --clean {where} -d {u.database or 'DBNAME'} tasplus.dump".replace("  ", " ")


def database_file(url: str, doing: str, pg_tool: str) -> Path:
    """The database file, or a clear refusal for PostgreSQL."""
    if backend(url) == "postgresql":
        raise Conflict(msg("error.db.postgres_file", command=command("db", doing), url=redact(url)),
                       msg("hint.db.pg_tool", tool=pg_tool, command=pg_command(url, pg_tool)))
    path = sqlite_path(url)
    if path is None:
        raise InvalidValue(msg("error.db.needs_file", command=command("db", doing), url=redact(url)),
                           msg("hint.db.give_path"))
    return path


def integrity(conn: sqlite3.Connection) -> list[str]:
    """Problems found by ``PRAGMA integrity_check`` (empty when ok)."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def revision(conn: sqlite3.Connection) -> str | None:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone():
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def tables(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    return [r[0] for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type='table' "
                                       "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()]


def columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    return {t: [r[1] for r in conn.execute(f'PRAGMA main.table_info("{t}")')] for t in tables(conn)}


def sqlite_reader(conn: sqlite3.Connection) -> audit.Reader:
    """Rows of a table of ``conn``, one at a time, for ``audit.check_values``."""
    return lambda table, cols: conn.execute(f'SELECT {", ".join(_q(c) for c in cols)} FROM {_q(table)}')


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_dialect():  # noqa: ANN201 - an SQLAlchemy Dialect
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect()


def schema_at(rev: str) -> dict[str, list[str]]:
    """The tables and columns of schema revision ``rev``: the models' at head, else what the
    migrations make of an empty file (in a private temporary folder)."""
    if rev == migrate.HEAD:
        return audit.expected()
    with tempfile.TemporaryDirectory(prefix="tasplus-schema-") as folder:
        url = f"sqlite:///{Path(folder) / 'schema.db'}"
        engine = make_engine(url, write=True)
        try:
            migrate.upgrade(engine, None, revision=rev)
        finally:
            engine.dispose()
        with closing(sqlite3.connect(Path(folder) / "schema.db")) as conn:
            return columns(conn)


# --- backup --------------------------------------------------------------------------------

def backup(url: str, dest: Path | None = None) -> Path:
    """Copy the live database to ``dest`` (a file or a folder; default next to it)."""
    path = database_file(url, "backup", "pg_dump")
    with opened(path, live=True) as o:
        rev = revision(o.conn)
        migrate.check_foreign(rev, tables(o.conn), url)  # a damaged tasplus database is copied
        if dest is None or dest.is_dir():
            dest = migrate.backup_name((dest or path.parent) / path.name, rev)
        dest = dest.expanduser().resolve()
        if dest.exists():
            raise Conflict(msg("error.db.backup_exists", path=dest), msg("hint.db.backup_exists"))
        if dest == path:
            raise InvalidValue(msg("error.db.backup_is_database"), msg("hint.db.another_path"))
        if not dest.parent.is_dir():
            raise NotFound(msg("error.db.no_folder", path=dest.parent), msg("hint.db.no_folder"))
        sweep(dest.parent)
        return copy_to(o.conn, dest)


# --- restore -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Prepared:
    """A backup proven restorable: its revision and its private copy at head, ready to swap in."""

    source: Path
    revision: str
    stage: Path


@dataclass(frozen=True)
class Restored:
    source_revision: str
    previous: Path | None  # the database as it was, kept as a .bak (None when there was none)
    migrated: bool  # the restored file was older and was upgraded


def verify(src: Path) -> str:
    """Raise unless ``src`` is a tasplus database this version can open, with the tables and columns
    of its revision; return that revision."""
    try:
        with opened(src) as o:
            rev = revision(o.conn)
            missing = [t for t in migrate.CORE_TABLES if t not in tables(o.conn)]
            if rev is None or missing:
                raise InvalidValue(msg("error.db.not_tasplus", path=src), _made_by_backup())
            migrate.check_known(rev)
            problems = integrity(o.conn)
            found = columns(o.conn)
    except sqlite3.DatabaseError as e:
        raise InvalidValue(msg("error.db.not_tasplus_because", path=src, reason=e), _made_by_backup()) from None
    if problems:
        raise Conflict(msg("error.db.damaged", path=src, problem=problems[0]), msg("hint.db.another_backup"))
    _same_schema(src, rev, found, schema_at(rev))
    return rev


def _same_schema(src: Path, rev: str, found: dict[str, list[str]], wanted: dict[str, list[str]]) -> None:
    differ = audit.schema_problems(found, wanted)
    if differ:
        shown = _here(differ[:6] + ["…"] * (len(differ) > 6))
        raise InvalidValue(msg("error.db.schema_differs", path=src, rev=rev, problems=shown),
                           msg("hint.db.schema_differs", command=command("db", "backup")))


def _here(said) -> str:  # noqa: ANN001 - a Phrase or a list of them
    """A phrase in this invocation's language, for an error message."""
    return say(said, language())


def _made_by_backup() -> str:
    return msg("hint.db.made_by_backup", command=command("db", "backup"))


@contextmanager
def prepared(url: str, src: Path, known: audit.Known) -> Iterator[Prepared]:
    """Everything ``restore`` checks before it changes anything, in a private copy of ``src`` beside
    the live database (removed when the block ends, however it ends)."""
    live = database_file(url, "restore", "pg_restore")
    src = src.expanduser().resolve()
    if src == live:
        raise InvalidValue(msg("error.db.restore_itself"), msg("hint.db.give_backup"))
    rev = verify(src)
    if live.parent.exists():
        sweep(live.parent)
    else:
        ensure_private_dir(live.parent)
    with temporary(live, "restore") as stage:
        with opened(src) as o:
            copy_sqlite(o.conn, stage)
        if rev != migrate.HEAD:
            upgrade(f"sqlite:///{stage}", backup=False)  # the source file itself is the backup
        with opened(stage) as o:
            _same_schema(src, migrate.HEAD, columns(o.conn), audit.expected())
            found = audit.check_values(sqlite_reader(o.conn), sqlite_dialect(), known)
        if found.count:
            values = counted("db.count.bad_values", found.count)
            raise InvalidValue(msg("error.db.bad_values", path=src, values=_here(values), first=_here(found.bad[0].said())),
                               msg("hint.db.bad_values", command=command("db", "doctor", "--db", src)))
        yield Prepared(src, rev, stage)


def restore(url: str, ready: Prepared) -> Restored:
    """Replace the database's content with the prepared copy (see module docstring)."""
    live = database_file(url, "restore", "pg_restore")
    migrated = ready.revision != migrate.HEAD
    if not live.exists():  # nothing to keep, nobody to disturb
        os.replace(ready.stage, live)
        return Restored(ready.revision, None, migrated)
    upgrade(url)  # the live database must be at head too, so that the tables match
    return Restored(ready.revision, _swap(live, ready.stage), migrated)


def _swap(live: Path, stage: Path) -> Path:
    conn = raw_connect(Opening(live, "rw"), busy_timeout_ms())
    conn.isolation_level = None  # we issue BEGIN ourselves
    previous = None
    try:
        conn.execute("PRAGMA foreign_keys = ON")  # checked at COMMIT (deferred below)
        conn.execute("ATTACH DATABASE ? AS r", (str(stage),))  # not allowed inside a transaction
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            raise busy_error() from None
        try:
            # a second connection sees what is committed: nobody else can commit now
            with closing(raw_connect(Opening(live, "rw"), busy_timeout_ms())) as reader:
                previous = copy_to(reader, migrate.backup_name(live, revision(reader)))
            names = tables(conn)
            if names != tables(conn, "r"):
                raise Conflict(msg("error.db.tables_differ"),
                               msg("hint.db.doctor_both", command=command("db", "doctor")))
            conn.execute("PRAGMA defer_foreign_keys = ON")
            for t in names:
                cols = ", ".join(_q(r[1]) for r in conn.execute(f"PRAGMA main.table_info({_q(t)})"))
                conn.execute(f"DELETE FROM main.{_q(t)}")
                conn.execute(f"INSERT INTO main.{_q(t)} ({cols}) SELECT {cols} FROM r.{_q(t)}")
            try:
                conn.execute("COMMIT")
            except sqlite3.IntegrityError:  # a deferred foreign key: the backup is inconsistent
                raise Conflict(msg("error.db.broken_backup"), msg("hint.db.broken_backup")) from None
        except BaseException:
            conn.execute("ROLLBACK")
            if previous is not None:  # nothing changed: the copy of it is not needed
                previous.unlink(missing_ok=True)
            raise
        return previous
    finally:
        conn.close()


# --- upgrade --------------------------------------------------------------------------------

def upgrade(url: str, backup: bool = True) -> migrate.Upgrade:
    """Migrate to head now (first a backup of a SQLite file that holds data, unless ``backup=False``)."""
    engine = make_engine(url, write=True)
    try:
        check_open(engine, url)
        return migrate.upgrade(engine, url if backup else None)
    finally:
        engine.dispose()
