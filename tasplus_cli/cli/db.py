"""``tasplus db backup|restore|doctor|upgrade``: the database itself (QUALITY "Backups").

Unlike the other nouns these commands do not open the usual auto-migrating
session: ``doctor`` and ``backup`` only read (a backup is of the database as
it is), ``restore`` and ``upgrade`` migrate explicitly and say what they did.
The work is in ``store.maintenance``, the doctor's screen in ``render.db``;
messages show the URL without its password, in the reader's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import JSON
from tasplus_cli.messages import command, msg

app = typer.Typer(rich_markup_mode=None, help="The database: backup, restore, health check, upgrade.", no_args_is_help=True)


def _known():  # noqa: ANN202 - store.audit.Known
    """The configured stage keys and activity kinds that stored rows must use."""
    from tasplus_cli.store.audit import Known

    s = env().settings
    return Known(tuple(s.template.keys), tuple(s.activities.kinds))


@app.command("backup")
def backup(path: Optional[Path] = typer.Argument(None, help="File or folder for the copy "
                                                           "(default: tasplus.db.REV.TIME.bak beside the database)."),
           as_json: bool = JSON) -> None:
    """Copy the database with SQLite's online backup API: safe while others use it; the copy is 0600.

    The copy appears under its name only when complete and checked: an interrupted
    backup leaves nothing (the next backup removes what a killed one left). A
    database you may only read is copied from a snapshot. On PostgreSQL use pg_dump instead.

    \b
    Example: tasplus db backup ~/backups/
    """
    from tasplus_cli.cli.output import emit, success
    from tasplus_cli.store import maintenance

    dest = maintenance.backup(env().url, path)
    if as_json:
        return emit({"backup": str(dest)}, None, "json")
    success(msg("success.db.backup", path=dest))


@app.command("restore")
def restore(path: Path = typer.Argument(..., help="A backup: a file from tasplus db backup, or an automatic .bak."),
            yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask (required when not interactive).")) -> None:
    """Replace every record with those of a backup, in one transaction; the current data is kept as a .bak.

    Nothing is replaced unless the backup has exactly the tables and columns of
    its schema revision and every value is one tasplus can read (the first bad
    one is named); an older backup is upgraded to the current schema on the way in.

    \b
    Example: tasplus db restore ~/backups/tasplus.db.0002.20270105T090000.bak
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.errors import Cancelled, InvalidValue
    from tasplus_cli.store import maintenance
    from tasplus_cli.store.db import redact

    e = env()
    if not yes and not e.interactive:
        raise InvalidValue(msg("error.db.restore_confirm"), command("db", "restore", path, "--yes"))
    with maintenance.prepared(e.url, path, _known()) as ready:
        if not yes:
            from tasplus_cli.cli import prompts

            if not prompts.confirm(msg("db.restore.confirm", url=redact(e.url), path=path, rev=ready.revision),
                                   default=False):
                raise Cancelled(msg("error.db.cancelled"))
        done = maintenance.restore(e.url, ready)
    upgraded = msg("db.restore.upgraded", rev=done.source_revision) if done.migrated else ""
    kept = msg("db.restore.kept", path=done.previous) if done.previous else ""
    success(msg("success.db.restored", path=path, upgraded=upgraded, url=redact(e.url), kept=kept))


@app.command("doctor")
def doctor(as_json: bool = JSON) -> None:
    """Check the database: integrity, foreign keys, schema, columns, every value, journal mode, leftovers, permissions.

    Reads only, but refreshes the query planner's statistics (ANALYZE) when it
    may write. Lists the values tasplus cannot read by table, row and column.
    Exits 1 when something needs fixing; each finding says how.

    \b
    Example: tasplus db doctor
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import db as screens
    from tasplus_cli.store.db import redact
    from tasplus_cli.store.doctor import doctor as run_checks

    e = env()
    checks = run_checks(e.url, _known())
    ok = not any(c.status in ("warn", "fail") for c in checks)
    emit({"database": redact(e.url), "ok": ok, "checks": [c.as_dict() for c in checks]}, screens.doctor,
         "json" if as_json else "table")
    if not ok:
        raise typer.Exit(1)


@app.command("upgrade")
def upgrade(as_json: bool = JSON) -> None:
    """Migrate the database to this tasplus's schema now (it otherwise happens when first opened).

    A SQLite file that holds data is backed up first. For admins who upgrade a
    shared PostgreSQL database at a chosen time.

    \b
    Example: tasplus db upgrade
    """
    from tasplus_cli.cli.output import emit, info, success
    from tasplus_cli.store import maintenance

    done = maintenance.upgrade(env().url)
    if as_json:
        return emit({"from": done.old, "to": done.new, "backup": str(done.backup) if done.backup else None}, None,
                    "json")
    if done.old == done.new:
        return info(msg("db.upgrade.nothing", rev=done.new))
    kept = msg("db.upgrade.backup", path=done.backup) if done.backup else ""
    success(msg("success.db.upgraded", old=done.old or msg("db.upgrade.empty"), new=done.new, kept=kept))
