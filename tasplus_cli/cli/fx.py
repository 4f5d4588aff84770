"""``tasplus fx set|list|remove``: exchange rates into the base currency (METHOD §2).

The base currency is the config's ``currency`` (default CNY). A rate is base
units per one unit of the currency, from a day on; grades and every total use
the latest rate on or before the day they are made. The list is ``render.fx``.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import JSON, opt_date
from tasplus_cli.messages import msg, plural

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Exchange rates into the base currency (the config's currency, default CNY).")

CURRENCY = typer.Argument(..., help="ISO 4217 code, e.g. USD.")


@app.command("set")
def set_(currency: str = CURRENCY,
         rate: str = typer.Argument(..., help="Base units per 1 unit of the currency, e.g. 7.12."),
         day: Optional[str] = typer.Option(None, "--date", help="From which day the rate applies (default today).")
         ) -> None:
    """Keep a rate: one unit of CURRENCY is worth RATE base units from --date on (replaces that day's rate).

    \b
    Example: tasplus fx set USD 7.12
    Example: tasplus fx set EUR 7.85 --date 2027-01-01
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.fx import parse_rate, rate_number
    from tasplus_cli.domain.money import parse_currency
    from tasplus_cli.store import fx

    e = env()
    cur = parse_currency(currency, "CURRENCY")
    micro = parse_rate(rate, cur)
    on = opt_date(day, "--date") or e.today
    with e.session(write=True) as s:
        old = fx.set_rate(s, e.settings.currency, cur, micro, on, e.user)
    params = dict(currency=cur, rate=rate_number(micro), base=e.settings.currency, day=on.isoformat())
    if old is None:
        success(msg("success.fx.set", **params))
    else:
        success(msg("success.fx.replaced", old=rate_number(old), **params))


@app.command("list")
def list_(currency: Optional[str] = typer.Argument(None, help="Only this currency."), as_json: bool = JSON) -> None:
    """List the rates kept, marking the ones in force today.

    \b
    Example: tasplus fx list
    Example: tasplus fx list USD --json
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.domain.money import parse_currency
    from tasplus_cli.render.fx import rates as draw
    from tasplus_cli.store import fx

    e = env()
    cur = parse_currency(currency, "CURRENCY") if currency else None
    with e.session() as s:
        now = fx.fx_on(s, e.settings.currency, e.today)
        rows = [dict(r.as_dict(), in_force=now.rates.get(r.currency) == r) for r in fx.list_rates(s, cur)]
    emit({"base": e.settings.currency, "date": e.today.isoformat(), "rates": rows}, draw,
         "json" if as_json else "table")


@app.command("remove")
def remove(currency: str = CURRENCY,
           day: Optional[str] = typer.Option(None, "--date", help="Only the rate of this day (default: every rate).")
           ) -> None:
    """Remove a rate entered by mistake (one day's, or every rate of the currency); deals in a
    currency without a rate are then left out of totals, and counted as left out.

    \b
    Example: tasplus fx remove USD --date 2027-01-05
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.money import parse_currency
    from tasplus_cli.store import fx

    e = env()
    cur = parse_currency(currency, "CURRENCY")
    on = opt_date(day, "--date")
    with e.session(write=True) as s:
        n = fx.remove(s, cur, on)
    success(plural("success.fx.removed", n, currency=cur))
