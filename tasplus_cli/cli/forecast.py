"""``tasplus forecast``: a period's numbers per rep and per team against the targets, the
manager's call, and the commits without a win rate to back them (METHOD §14).

The period is parsed by ``domain.periods`` (fiscal year start from ``forecast.fiscal_year_start``),
the numbers come from ``store.forecast.forecast_view`` in one read session, and the screens
from ``render.forecast`` (table, markdown) or ``--json``.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import FILTER_MINE, FILTER_OWNER, FILTER_TEAM

FORMATS = ("table", "markdown", "json")
PERIOD_HELP = "A quarter (2027Q1), a month (2027-03), or this-quarter, next-quarter, last-quarter, this-month, " \
              "next-month, last-month."


def forecast(period: Optional[str] = typer.Option(None, "--period", "-p", metavar="PERIOD",
                                                  help=PERIOD_HELP + " Default: this quarter."),
             team: Optional[str] = FILTER_TEAM, owner: Optional[str] = FILTER_OWNER, mine: bool = FILTER_MINE,
             fmt: str = typer.Option("table", "--format", "-f", help="table|markdown|json."),
             as_json: bool = typer.Option(False, "--json", help="Same as --format json.")) -> None:
    """The forecast for a period against the targets: per rep and per team, target, closed won,
    commit, best case, open pipeline, the classic and TAS+ forecasts side by side, coverage, gap
    and the manager's call; commits without a win rate to back them are listed.

    Open deals count in the period of their expected close date, won deals in that of the
    day they closed. Set targets with tasplus target set, the manager's call with tasplus
    target call, a deal's category with tasplus opp edit OPP --forecast commit.

    \b
    Example: tasplus forecast --team 王磊 --period next-quarter --format markdown > forecast.md
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.domain import periods
    from tasplus_cli.domain.errors import InvalidValue
    from tasplus_cli.messages import command, msg
    from tasplus_cli.render import forecast as render
    from tasplus_cli.store import forecast as store

    fmt = "json" if as_json else fmt
    if fmt not in FORMATS:
        raise InvalidValue(msg("error.forecast.format", value=fmt, choices=", ".join(FORMATS)),
                           msg("hint.forecast.format"))
    given = [f"{flag} {value!r}" if isinstance(value, str) else flag
             for flag, value in (("--team", team), ("--owner", owner), ("--mine", mine)) if value]
    if len(given) > 1:
        raise InvalidValue(msg("error.forecast.scope", flags=", ".join(given)),
                           msg("hint.forecast.scope", command=command("forecast", "--team", "王磊")))
    e = env()
    start = e.settings.forecast.fiscal_year_start
    p = periods.parse(period, e.today, start) if period is not None else periods.quarter_of(e.today, start)
    with e.session() as s:
        data = store.forecast_view(s, e.settings, e.today, p, team=team, owner=e.user if mine else owner)
    emit(data, {"table": render.forecast, "markdown": render.markdown}, fmt)
