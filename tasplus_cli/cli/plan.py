"""``tasplus plan OPP``: strategy and why, tactics, value proposition against
the top two, the activity plan, relationship strategy per stakeholder, and
what is missing — on one screen (``render.plan.plan_screen``)."""

from __future__ import annotations

import typer

from tasplus_cli.cli.options import JSON
from tasplus_cli.cli.env import env


def plan(opp: str = typer.Argument(..., help="Deal code or name."), as_json: bool = JSON) -> None:
    """The deal's plan on one screen, with what is still missing and the command for each.

    Edit it with: strategy set|suggest, tactic add|done|drop|catalogue, value set|compare|pitch,
    activity log --planned.

    \b
    Example: tasplus plan OPP-0001
    """
    from functools import partial

    from tasplus_cli.cli.output import emit
    from tasplus_cli.render.plan import plan_screen
    from tasplus_cli.store import opps
    from tasplus_cli.store.read import plans as plan_views

    e = env()
    with e.session() as s:
        data = plan_views.plan_view(s, e.settings, opps.get_opp(s, opp), e.today)
    emit(data, partial(plan_screen, kinds=e.settings.activities.vocab), "json" if as_json else "table")
