"""``tasplus db backup|restore|doctor|upgrade``: the database itself (QUALITY "Backups").

Unlike the other nouns these commands do not open the usual auto-migrating
session: ``doctor`` and ``backup`` only read (a backup is of the database as
it is), ``restore`` and ``upgrade`` migrate explicitly and say what they did.
The work is in ``store.maintenance``; messages show the URL without its
password.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tasplus_cli.cli.options import JSON
from tasplus_cli.cli.env import env

app = typer.Typer(rich_markup_mode=None, help="The database: backup, restore, health check, upgrade.", no_args_is_help=True)


@app.command("backup")
def backup(path: Optional[Path] = typer.Argument(None, help="File or folder for the copy "
                                                           "(default: tasplus.db.REV.TIME.bak beside the database)."),
           as_json: bool = JSON) -> None:
    """Copy the database with SQLite's online backup API: safe while others use it; the copy is 0600.

    On PostgreSQL use pg_dump instead.

    \b
    Example: tasplus db backup ~/backups/
    """
    from tasplus_cli.cli.output import emit_json, success
    from tasplus_cli.store import maintenance

    dest = maintenance.backup(env().url, path)
    if as_json:
        emit_json({"backup": str(dest)})
        return
    success(f"backup written: {dest}")


@app.command("restore")
def restore(path: Path = typer.Argument(..., help="A backup: a file from tasplus db backup, or an automatic .bak."),
            yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask (required when not interactive).")) -> None:
    """Replace every record with those of a backup, in one transaction; the current data is kept as a .bak.

    An older backup is upgraded to the current schema on the way in.

    \b
    Example: tasplus db restore ~/backups/tasplus.db.0002.20270105T090000.bak
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.errors import Cancelled, InvalidValue
    from tasplus_cli.store import maintenance
    from tasplus_cli.store.db import redact

    e = env()
    rev = maintenance.check_restore(e.url, path)
    if not yes:
        if not e.interactive:
            raise InvalidValue("db restore replaces every record in the database: confirm with --yes",
                               f"tasplus db restore {path} --yes")
        from tasplus_cli.cli import prompts

        if not prompts.confirm(f"Replace every record in {redact(e.url)} with {path} (schema {rev})? "
                               "The current data is kept as a .bak.", default=False):
            raise Cancelled("cancelled; nothing was written")
    done = maintenance.restore(e.url, path)
    kept = f"; the previous data is in {done.previous}" if done.previous else ""
    upgraded = f" (upgraded from schema {done.source_revision})" if done.migrated else ""
    success(f"restored {path}{upgraded} into {redact(e.url)}{kept}")


@app.command("doctor")
def doctor(as_json: bool = JSON) -> None:
    """Check the database: integrity, foreign keys, schema revision, journal mode, file permissions.

    Exits 1 when something needs fixing; each finding says how.

    \b
    Example: tasplus db doctor
    """
    from tasplus_cli.cli.output import emit_json, show
    from tasplus_cli.render.tables import Col, table
    from tasplus_cli.store import maintenance
    from tasplus_cli.store.db import redact

    e = env()
    checks = maintenance.doctor(e.url)
    ok = not any(c.status in ("warn", "fail") for c in checks)
    if as_json:
        emit_json({"database": redact(e.url), "ok": ok, "checks": [c.as_dict() for c in checks]})
    else:
        rows = [dict(c.as_dict(), detail=c.detail + (f"\n→ {c.fix}" if c.fix else "")) for c in checks]
        show(table(rows, [Col("status", "status", style="bold", no_wrap=True), Col("check", "check", no_wrap=True),
                          Col("detail", "detail")], e.lang, title=f"tasplus db doctor · {redact(e.url)}"))
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
    from tasplus_cli.cli.output import emit_json, info, success
    from tasplus_cli.store import maintenance

    done = maintenance.upgrade(env().url)
    if as_json:
        emit_json({"from": done.old, "to": done.new, "backup": str(done.backup) if done.backup else None})
        return
    if done.old == done.new:
        info(f"already at the current schema ({done.new}); nothing to do")
        return
    kept = f"; backup first: {done.backup}" if done.backup else ""
    success(f"upgraded schema {done.old or '(empty)'} → {done.new}{kept}")
