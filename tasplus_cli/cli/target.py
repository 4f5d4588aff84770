"""``tasplus target …``: targets (quotas) per rep and period, and the manager's call, their
adjusted forecast for the team (METHOD §14).

Periods are parsed by ``domain.periods`` and stored by their key (``2027Q1``, ``2027-03``);
amounts are in the base currency (``domain.money.parse_amount``: a negative one is refused,
exit 2). Setting again replaces, and the success line says old → new. Rows live in
``store.targets``; ``tasplus forecast`` reads them.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.forecast import PERIOD_HELP
from tasplus_cli.cli.options import JSON

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Targets per rep and period (quarter or month), and the manager's call for the team.")

PERIOD = typer.Argument(..., help=PERIOD_HELP)
AMOUNT = typer.Argument(..., help="Amount in the base currency, e.g. 5000000, 5,000,000 or 500万.")
# a negative amount reaches the amount rule (and its message) instead of reading as an unknown option
NUMBERS = {"ignore_unknown_options": True}


def _period(text: str, flag: str = "PERIOD") -> str:
    from tasplus_cli.domain import periods

    e = env()
    return periods.parse(text, e.today, e.settings.forecast.fiscal_year_start, flag).key


@app.command("set", context_settings=NUMBERS)
def set_(rep: str = typer.Argument(..., help="The rep (a user) the target is for; a manager's target is "
                                              "their team's."),
         period: str = PERIOD, amount: str = AMOUNT) -> None:
    """Set a rep's target for a period (replacing the one set before).

    \b
    Example: tasplus target set 张伟 2027Q1 5000000
    """
    from tasplus_cli.domain.money import parse_amount
    from tasplus_cli.store import targets

    e = env()
    key, minor = _period(period), parse_amount(amount, "AMOUNT")
    with e.session(write=True) as s:
        r = targets.set_target(s, rep, key, minor, e.settings.currency, e.user)
    _said(("success.target.set", "success.target.replaced"), r, key, minor, e.settings.currency)


@app.command("call", context_settings=NUMBERS)
def call(manager: str = typer.Argument(..., help="The manager (a user with reps below them)."),
         period: str = PERIOD, amount: str = AMOUNT,
         note: Optional[str] = typer.Option(None, "--note", help="Why this number (shown with the forecast).")) -> None:
    """The manager's call: their adjusted forecast for the team and a period (replacing the one before).

    \b
    Example: tasplus target call 王磊 this-quarter 9000000 --note "DMS slips to next quarter"
    """
    from tasplus_cli.domain.money import parse_amount
    from tasplus_cli.store import targets

    e = env()
    key, minor = _period(period), parse_amount(amount, "AMOUNT")
    with e.session(write=True) as s:
        r = targets.set_call(s, manager, key, minor, e.settings.currency, e.user, note=note)
    _said(("success.target.call", "success.target.call_replaced"), r, key, minor, e.settings.currency)


def _said(ids: tuple[str, str], r, period: str, minor: int, currency: str) -> None:  # noqa: ANN001
    """The success line of a set (``ids``: new, replaced; ``r``: ``store.targets.Replaced``)."""
    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.money import fmt
    from tasplus_cli.messages import msg

    if r.old_minor is None:
        success(msg(ids[0], name=r.user, period=period, amount=fmt(minor, currency)))
    else:
        success(msg(ids[1], name=r.user, period=period, old=fmt(r.old_minor, r.old_currency or currency),
                    amount=fmt(minor, currency)))


@app.command("list")
def list_(period: Optional[str] = typer.Option(None, "--period", "-p", metavar="PERIOD",
                                               help="Only this period. " + PERIOD_HELP),
          team: Optional[str] = typer.Option(None, "--team", help="Only this manager and everyone below them."),
          calls: bool = typer.Option(False, "--calls", help="The managers' calls instead of the targets."),
          as_json: bool = JSON) -> None:
    """List targets (or the managers' calls), by period then user.

    \b
    Example: tasplus target list --period this-quarter --team 王磊
    """
    from functools import partial

    from tasplus_cli.cli.output import emit
    from tasplus_cli.render.forecast import targets as draw
    from tasplus_cli.store import targets
    from tasplus_cli.store.users import team_names

    e = env()
    key = _period(period, "--period") if period is not None else None
    with e.session() as s:
        rows = targets.list_targets(s, key, team_names(s, team) if team else None, call=calls)
    emit(rows, partial(draw, calls=calls), "json" if as_json else "table")


@app.command("remove")
def remove(user: str = typer.Argument(..., help="The rep (or with --call the manager)."), period: str = PERIOD,
           call_: bool = typer.Option(False, "--call", help="Remove the manager's call instead of the target.")) -> None:
    """Remove a target (or a manager's call) for a period.

    \b
    Example: tasplus target remove 张伟 2027Q1
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import targets

    e = env()
    key = _period(period)
    with e.session(write=True) as s:
        name = targets.remove(s, user, key, call=call_)
    success(msg("success.target.call_removed" if call_ else "success.target.removed", name=name, period=key))
