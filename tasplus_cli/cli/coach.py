"""``tasplus coach add|done|list``: the actions agreed in the weekly review (METHOD §13).

The rules (owner is a user, due not in the past, the warning a known key, done
once) are ``store.coaching``'s; the table is ``render.coaching``'s.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import JSON

app = typer.Typer(rich_markup_mode=None, help="Coaching actions agreed in the weekly review: who does what by when.",
                  no_args_is_help=True)

ACTION = typer.Argument(..., help="Action code (AGR-0007) or number.")


@app.command("add")
def add(opp: str = typer.Argument(..., help="Deal code (OPP-0007) or an unambiguous name."),
        text: str = typer.Argument(..., metavar="TEXT", help="What is to be done."),
        owner: str = typer.Option(..., "--owner", metavar="NAME", help="Who does it (a user)."),
        due: str = typer.Option(..., "--due", metavar="DATE", help="By when (today or later: 2026-11-20, +7d)."),
        warning: Optional[str] = typer.Option(None, "--warning", metavar="KEY",
                                              help="The review warning it answers (its key: survey_stale …); "
                                                   "while the action is open and not overdue, the warning is in hand.")
        ) -> None:
    """Agree an action on a deal.

    \b
    Example: tasplus coach add OPP-0003 "约信息中心主任面谈" --owner 张伟 --due +7d --warning no_inside_source
    """
    from tasplus_cli.cli.options import opt_date
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import coaching, opps

    e = env()
    day = opt_date(due, "--due")
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        a = coaching.add_action(s, o, text, owner, day, warning, e.user, e.today)
    success(msg("success.coach.added", code=a.code, deal=o.code, owner=a.owner, due=a.due.isoformat()))


@app.command("done")
def done(action: str = ACTION,
         note: Optional[str] = typer.Option(None, "--note", help="What came of it.")) -> None:
    """Mark an action done (once).

    \b
    Example: tasplus coach done AGR-0007 --note "已约到下周二面谈"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import coaching

    e = env()
    with e.session(write=True) as s:
        a = coaching.done_action(s, coaching.get_action(s, action), e.today, note)
    success(msg("success.coach.done", code=a.code, day=a.done_on.isoformat()))


@app.command("list")
def list_(open_: bool = typer.Option(False, "--open", help="Only actions not done yet."),
          overdue: bool = typer.Option(False, "--overdue", help="Only open actions whose due day has passed."),
          owner: Optional[str] = typer.Option(None, "--owner", metavar="NAME", help="Only this user's actions."),
          team: Optional[str] = typer.Option(None, "--team", metavar="NAME",
                                             help="Only actions of this manager and everyone below them."),
          mine: bool = typer.Option(False, "--mine", help="Only my actions (the configured user)."),
          opp: Optional[str] = typer.Option(None, "--opp", help="Only actions on this deal."),
          as_json: bool = JSON) -> None:
    """List agreed actions, the earliest due first, with their status: done, overdue or open.

    \b
    Example: tasplus coach list --team 王磊 --overdue
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.domain.errors import InvalidValue
    from tasplus_cli.messages import msg
    from tasplus_cli.render import coaching as screens
    from tasplus_cli.store import coaching, opps, users

    if team and (owner or mine):
        raise InvalidValue(msg("error.coach.scope"), msg("hint.coach.scope"))
    e = env()
    with e.session() as s:
        who = [users.require_user(s, e.user if mine else owner, "--mine" if mine else "--owner")] \
            if (owner or mine) else users.team_names(s, team) if team else None
        o = opps.get_opp(s, opp) if opp else None
        rows = coaching.list_actions(s, e.today, open_only=open_, overdue_only=overdue, owners=who, opp=o)
    emit(rows, screens.actions, "json" if as_json else "table")
