"""``tasplus event add|list|confirm|drop``: compelling events (METHOD §5); the list is
``render.deals.events``."""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.options import JSON, opt_date
from tasplus_cli.cli.env import env
from tasplus_cli.domain import vocab
from tasplus_cli.messages import msg

app = typer.Typer(rich_markup_mode=None, help="Compelling events: why the customer must buy, and by when.", no_args_is_help=True)


@app.command("add")
def add(opp: str = typer.Argument(..., help="Deal code or name."),
        text: str = typer.Argument(..., help="What compels the customer, e.g. 监管要求年底前完成系统改造."),
        kind: str = typer.Option("other", help="budget|deadline|regulation|contract|other."),
        deadline: Optional[str] = typer.Option(None, help="Date by which it bites."),
        evidence: Optional[str] = typer.Option(None, help="Who said so, which document."),
        confirmed: bool = typer.Option(False, "--confirmed", help="Already confirmed.")) -> None:
    """Add a compelling event to a deal.

    \b
    Example: tasplus event add OPP-0001 "预算已批复 600万" --kind budget --evidence 行长办公会纪要 --confirmed
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import events, opps

    e = env()
    k = vocab.EVENT_KIND.parse(kind, "--kind")
    dl = opt_date(deadline, "--deadline")
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        ev = events.add(s, o, text, k, e.user, e.today, deadline=dl, evidence=evidence, confirmed=confirmed,
                        params=e.settings.winrate)
    success(msg("success.event.added", code=ev.code, opp=o.code, status=vocab.EVENT_STATUS.label(ev.status, e.lang)))


@app.command("list")
def list_(opp: str = typer.Argument(..., help="Deal code or name."), as_json: bool = JSON) -> None:
    """List a deal's compelling events.

    \b
    Example: tasplus event list OPP-0001
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import deals
    from tasplus_cli.store import opps
    from tasplus_cli.store.read import opps as opp_views

    with env().session() as s:
        rows = opp_views.events(s, opps.get_opp(s, opp))
    emit(rows, deals.events, "json" if as_json else "table")


def _set(ref: str, status: str, reason: Optional[str], deadline: Optional[str] = None) -> None:
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import events
    from tasplus_cli.store.models import Opportunity

    from tasplus_cli.domain.dates import not_in_past

    e = env()
    day = not_in_past(opt_date(deadline, "--deadline"), e.today, "--deadline")  # else it is expired again at once
    with e.session(write=True) as s:
        ev = events.get_event(s, ref)
        o = s.get(Opportunity, ev.opp_id)
        events.set_status(s, ev, o, status, e.user, e.today, reason, params=e.settings.winrate, deadline=day)
    if day is not None:
        success(msg("success.event.reconfirmed", code=ev.code, opp=o.code, deadline=day.isoformat()))
    else:
        success(msg("success.event.status", code=ev.code, opp=o.code,
                    status=vocab.EVENT_STATUS.label(status, e.lang)))


@app.command("confirm")
def confirm(event: str = typer.Argument(..., help="Event code (EVT-0003) or number."),
            deadline: Optional[str] = typer.Option(None, "--deadline", help="The new date by which it bites (confirms "
                                                                            "again an event whose deadline passed).")
            ) -> None:
    """Mark a compelling event confirmed; with --deadline, confirm it again with a new date.

    \b
    Example: tasplus event confirm EVT-0003 --deadline 2027-06-30
    """
    _set(event, "confirmed", None, deadline)


@app.command("drop")
def drop(event: str = typer.Argument(..., help="Event code (EVT-0003) or number."),
         reason: str = typer.Option(..., "--reason", "-r", help="Why it no longer holds.")) -> None:
    """Mark a compelling event lost (it no longer compels the customer).

    \b
    Example: tasplus event drop EVT-0003 --reason "预算推迟到明年"
    """
    _set(event, "lost", reason)
