"""``tasplus init`` and ``tasplus demo``: getting started.

``demo`` never touches the user's own database: it (re)builds a separate demo
database (``<data dir>/demo.db`` unless ``--path``) and shows it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tasplus_cli.cli.env import env


def init() -> None:
    """Create the config folder and the database (idempotent).

    \b
    Example: tasplus init
    """
    from tasplus_cli import paths
    from tasplus_cli.cli.output import success
    from tasplus_cli.store.db import redact

    e = env()
    paths.ensure_private_dir(e.config.path.parent)
    with e.session(write=True):
        pass
    success(f"ready: config {e.config.path} · database {redact(e.url)}")


def demo(path: Optional[Path] = typer.Option(None, "--path", help="Where to build the demo database "
                                                                  "(default: demo.db in the data folder)."),
         yes: bool = typer.Option(False, "--yes", "-y", help="Replace an existing file given with --path.")) -> None:
    """Build a fresh demo database from the sample company, show its pipeline and its weekly review.

    Your own database is never touched. Explore the demo afterwards with
    TASPLUS_DB=<path> tasplus opp list.

    \b
    Example: tasplus demo
    """
    from tasplus_cli import paths
    from tasplus_cli.cli import views
    from tasplus_cli.cli.output import info, success
    from tasplus_cli.domain.errors import Conflict
    from tasplus_cli.cli.output import show
    from tasplus_cli.render.review import document
    from tasplus_cli.store import demo as demo_store, review
    from tasplus_cli.store.read import opps as opp_views
    from tasplus_cli.store.db import session, to_url

    e = env()
    target = (path or paths.demo_db()).expanduser().resolve()
    if path is not None and target.exists() and not yes:
        raise Conflict(f"{target} exists and would be replaced by the demo", "pass --yes, or choose another --path")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    url = to_url(str(target))
    with session(url, write=True) as s:
        counts = demo_store.load(s, e.config, e.today)
    with session(url) as s:
        rows = opp_views.list_opps(s, status=None)
        agenda = review.review_view(s, e.config, e.today, limit=30)
    success(f"demo company built: {counts['accounts']} accounts, {counts['contacts']} people, "
            f"{counts['deals']} deals → {target}")
    views.show_opps(rows, e)
    show(document(agenda, {st.key: st.label(e.lang) for st in e.config.template.stages}, e.lang))
    info(f"Explore it:  export TASPLUS_DB={target}   then: tasplus review · tasplus funnel · tasplus map OPP-0004 · "
         "tasplus winrate OPP-0004 · tasplus plan OPP-0004")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("demo")(demo)
