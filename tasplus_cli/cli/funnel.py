"""``tasplus funnel``: count and amount per stage, both forecasts, conversion."""

from __future__ import annotations

from typing import Optional

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import (
    FILTER_CLOSE_BEFORE,
    FILTER_GRADE,
    FILTER_MINE,
    FILTER_OWNER,
    FILTER_TEAM,
    JSON,
    deal_filter,
)


def funnel(owner: Optional[str] = FILTER_OWNER, mine: bool = FILTER_MINE, team: Optional[str] = FILTER_TEAM,
           grade: Optional[str] = FILTER_GRADE, close_before: Optional[str] = FILTER_CLOSE_BEFORE,
           as_json: bool = JSON) -> None:
    """The pipeline at a glance: deals and amount per stage by grade class, the classic
    stage-weighted forecast beside the TAS+ win-rate forecast, and stage-to-stage conversion.

    \b
    Example: tasplus funnel --close-before 2027-03-31
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.store import funnel as store_funnel

    e = env()
    deals = deal_filter(owner=owner, mine=mine, team=team, grade=grade, close_before=close_before)
    with e.session() as s:
        data = store_funnel.funnel_view(s, e.settings.template, e.settings.currency, e.today, deals)
    if as_json:  # the screen (and rich) imported only to draw it
        emit(data, fmt="json")
        return
    from tasplus_cli.render.funnel import funnel as draw

    emit(data, draw)
