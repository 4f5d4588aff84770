"""``tasplus review``: the weekly coaching agenda (METHOD §13), and ``review ack``.

``review`` is a group whose callback is the review itself (``tasplus review
[options]`` runs it; ``ReviewGroup`` lets it run without a subcommand), so that
``review ack OPP KEY`` can acknowledge a warning in the meeting.
"""

from __future__ import annotations

from typing import Any, Optional

import typer
from typer.core import TyperGroup

from tasplus_cli.cli.command import ShellGroup, metavar, police
from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import FILTER_MINE, FILTER_OWNER, deal_filter

FORMATS = ("table", "markdown", "json")


class ReviewGroup(ShellGroup):
    """A group that is also a command: without a subcommand its callback runs (the review); its
    options have the readable metavars of every command (``cli.command.metavar``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
                param.metavar = metavar(param)

    def invoke(self, ctx: Any) -> Any:
        police(ctx)
        return TyperGroup.invoke(self, ctx)


app = typer.Typer(cls=ReviewGroup, rich_markup_mode=None, no_args_is_help=False)


@app.callback(invoke_without_command=True)
def review(ctx: typer.Context,
           since: Optional[str] = typer.Option(None, "--since", help="Count changes from DATE (default: the last "
                                                                     "recorded review, else 7 days ago)."),
           owner: Optional[str] = FILTER_OWNER, mine: bool = FILTER_MINE,
           team: Optional[str] = typer.Option(None, "--team", help="The team review: this manager and everyone "
                                                                   "below them, grouped by rep."),
           limit: int = typer.Option(30, "--limit", "-n", min=0, help="Show at most N deals, most important first "
                                                                      "(0: all)."),
           fmt: str = typer.Option("table", "--format", "-f", help="table|markdown|json."),
           as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
           record: bool = typer.Option(False, "--record", help="Record this review: the next one counts from now."),
           note: Optional[str] = typer.Option(None, "--note", help="A note kept with the recorded review.")) -> None:
    """The weekly review: the actions agreed last time, then the important deals that changed, carry a
    warning or have an overdue action: what changed, the coaching question for each open warning and
    the command that records the answer, what is in hand, the actions due; both forecasts.
    With --team, the same grouped by rep. Acknowledge a warning with: review ack.

    \b
    Example: tasplus review --team 王磊 --format markdown > review.md
    """
    if ctx.invoked_subcommand is not None:
        return
    from datetime import datetime, time, timezone

    from tasplus_cli.cli.options import opt_date
    from tasplus_cli.cli.output import emit, success
    from tasplus_cli.domain.errors import InvalidValue
    from tasplus_cli.messages import command, msg
    from tasplus_cli.render import review as render
    from tasplus_cli.store import review as store_review

    fmt = "json" if as_json else fmt
    if fmt not in FORMATS:
        raise InvalidValue(msg("error.review.format", value=fmt, choices=", ".join(FORMATS)), msg("hint.review.format"))
    if note and not record:
        raise InvalidValue(msg("error.review.note"), command("review", "--record", "--note", "TEXT"))
    if team and (owner or mine):
        raise InvalidValue(msg("error.coach.scope"), msg("hint.coach.scope"))
    e = env()
    deals = deal_filter(owner=owner, mine=mine, team=team)
    start = opt_date(since, "--since")
    start_dt = datetime.combine(start, time(0, 0), tzinfo=timezone.utc) if start else None
    with e.session(write=record) as s:
        data = store_review.review_view(s, e.settings, e.today, deals, since=start_dt, limit=limit)
        if record:
            store_review.record_review(s, e.user, deals.owner, datetime.fromisoformat(data["since"]), note,
                                       team=deals.team)
    emit(data, {"table": render.document, "markdown": render.markdown}, fmt)
    if record:
        success(msg("success.review.recorded"))


@app.command("ack")
def ack(opp: str = typer.Argument(..., help="Deal code (OPP-0007) or an unambiguous name."),
        key: str = typer.Argument(..., metavar="KEY", help="The warning, by its key as review --json names it "
                                                           "(survey_stale, no_inside_source …)."),
        until: str = typer.Option(..., "--until", metavar="DATE", help="When to look again (after today)."),
        reason: str = typer.Option(..., "--reason", "-r", help="Why it can wait.")) -> None:
    """Acknowledge a warning of a deal: it leaves the agenda until DATE, or until its facts change.

    \b
    Example: tasplus review ack OPP-0003 survey_stale --until +14d --reason "客户封闭评标，两周后再做问卷"
    """
    from tasplus_cli.cli.options import opt_date
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import coaching, opps
    from tasplus_cli.store.review import carried

    e = env()
    warning = coaching.warning_key(key, "KEY")
    day = opt_date(until, "--until")
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        row = coaching.acknowledge(s, o, warning, carried(s, e.settings, e.today, o), day, reason, e.user, e.today)
    success(msg("success.coach.acked", code=o.code, warning=row.warning, until=row.until.isoformat()))
