"""``tasplus analyze``: does the win rate predict? Calibration, win/loss and velocity of
closed deals (METHOD §15; docs/analyze.md)."""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import FILTER_GRADE, FILTER_MINE, FILTER_OWNER, FILTER_TEAM, JSON, deal_filter


def analyze(section: Optional[str] = typer.Argument(None, metavar="PART",
                                                    help="calibration, winloss or velocity (default: all three)."),
            since: Optional[str] = typer.Option(None, "--from", metavar="DATE",
                                                help="Only deals closed on or after DATE."),
            until: Optional[str] = typer.Option(None, "--to", metavar="DATE",
                                                help="Only deals closed on or before DATE."),
            period: Optional[str] = typer.Option(None, "--period", metavar="PERIOD",
                                                 help="Only deals closed in this quarter or month (2027Q1, "
                                                      "2027-03, last-quarter…); instead of --from/--to."),
            team: Optional[str] = FILTER_TEAM, owner: Optional[str] = FILTER_OWNER, mine: bool = FILTER_MINE,
            grade: Optional[str] = FILTER_GRADE,
            industry: Optional[str] = typer.Option(None, "--industry", help="Only deals of accounts in this "
                                                                           "industry (as typed on the account)."),
            exclude_abandoned: bool = typer.Option(False, "--exclude-abandoned",
                                                   help="Leave abandoned deals out (default: they count as not won)."),
            as_json: bool = JSON) -> None:
    """Closed deals analysed: how well the TAS+ win rate and the stage probability predicted
    the outcome (Brier score, 10-point bins), win share by competitor, grade, owner, lost reason
    and strategy, and stage conversion, days per stage, cycle length and close-date slippage.

    \b
    Example: tasplus analyze calibration --period last-quarter --team 王磊
    """
    from tasplus_cli.cli.options import opt_date
    from tasplus_cli.cli.output import emit
    from tasplus_cli.domain.errors import InvalidValue
    from tasplus_cli.messages import msg
    from tasplus_cli.render.analyze import analysis
    from tasplus_cli.store import analyze as store

    if section is not None and section not in store.SECTIONS:
        raise InvalidValue(msg("error.analyze.section", value=section, choices=", ".join(store.SECTIONS)),
                           msg("hint.analyze.section"))
    e = env()
    start, end = opt_date(since, "--from"), opt_date(until, "--to")
    if period is not None:
        from tasplus_cli.domain import periods

        if since or until:
            raise InvalidValue(msg("error.analyze.period_with_range"), msg("hint.analyze.period_with_range"))
        p = periods.parse(period, e.today, e.settings.forecast.fiscal_year_start)
        start, end = p.start, p.end
    if start and end and start > end:
        raise InvalidValue(msg("error.analyze.range", start=start, end=end), msg("hint.analyze.range"))
    f = store.Closed(deal_filter(owner=owner, mine=mine, team=team, grade=grade, status=None), start, end,
                     industry, exclude_abandoned)
    with e.session() as s:
        data = store.analyze(s, e.settings, f, (section,) if section else store.SECTIONS)
    emit(data, analysis, "json" if as_json else "table")
