"""``tasplus init`` and ``tasplus demo``: getting started.

``demo`` never touches the user's own database: it (re)builds a separate demo
database (``<data dir>/demo.db`` unless ``--path``; never through a symbolic
link: ``store.demo.make_room``) and shows it (``render.setup``): the pipeline,
then the team review of the demo's manager (``review --team 王磊``), then the
commands to explore it, each runnable as pasted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.messages import msg


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
    success(msg("success.setup.ready", config=e.config.path, database=redact(e.url)))


def demo(path: Optional[Path] = typer.Option(None, "--path", help="Where to build the demo database "
                                                                  "(default: demo.db in the data folder)."),
         yes: bool = typer.Option(False, "--yes", "-y", help="Replace an existing file given with --path.")) -> None:
    """Build a fresh demo database from the sample company, show its pipeline and its team review.

    Your own database is never touched. Explore the demo afterwards with
    TASPLUS_DB=<path> tasplus opp list.

    \b
    Example: tasplus demo
    """
    from tasplus_cli import paths
    from tasplus_cli.cli.output import console, emit, success
    from tasplus_cli.domain.deals import DealFilter
    from tasplus_cli.render import setup as screens
    from tasplus_cli.store import review
    from tasplus_cli.store.review_team import top_manager
    from tasplus_cli.store.demo import make_room
    from tasplus_cli.store.fx import fx_on
    from tasplus_cli.store.read import opps as opp_views

    e = env()
    target = make_room(path or paths.demo_db(), given=path is not None, replace=yes)
    ws = e.workspace(str(target))
    counts = ws.load_demo()
    with ws.session() as s:
        team = top_manager(s)  # the demo ends with the manager's weekly team review (review --team 王磊)
        data = {"deals": opp_views.list_opps(s, DealFilter(), fx_on(s, e.settings.currency, e.today)),  # open ones
                "review": review.review_view(s, e.settings, e.today, DealFilter(team=team) if team else None, limit=30)}
    success(msg("success.setup.demo", accounts=counts["accounts"], people=counts["contacts"], deals=counts["deals"],
                path=target))
    emit(data, screens.demo)
    err = console(stderr=True)
    for line in screens.explore(target, e.lang):
        err.print(line, soft_wrap=True, markup=False, highlight=False)  # a command folded over two lines would not run
