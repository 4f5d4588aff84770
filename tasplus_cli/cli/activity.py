"""``tasplus activity log|list|done|cancel``: customer actions (METHOD §12).

An activity is on a deal (``activity log OPP``) or on an account with no deal
(``activity log --account A``). Without ``--planned`` it is done; a planned
one counts for interaction only once marked done. Kinds come from the config
(``activities.kinds``; English key or Chinese label). Interaction levels are
derived from done activities and printed after each change, never typed.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import JSON, opt_date, opt_vocab
from tasplus_cli.domain import vocab
from tasplus_cli.domain.errors import InvalidValue

app = typer.Typer(rich_markup_mode=None, help="Activities: planned and done customer actions; they drive interaction levels.",
                  no_args_is_help=True)

OPP = typer.Argument(None, help="Deal code or name (leave out with --account for an account-level activity).",
                     show_default=False)
ACCOUNT = typer.Option(None, "--account", "-a", help="Account code or name.")
ACT = typer.Argument(..., help="Activity code (ACT-0007) or number.")


def _split(values: list[str] | None) -> list[str]:
    """``--with A --with B`` and ``--with A,B`` (or the full-width ``，``) both name two people."""
    return [part.strip() for v in values or [] for part in v.replace("，", ",").split(",") if part.strip()]


def _where(s, opp: Optional[str], account: Optional[str]):  # noqa: ANN001, ANN202
    """(account, deal or None) from OPP and/or --account; at least one is needed and they must agree."""
    from tasplus_cli.messages import command, msg
    from tasplus_cli.store import accounts, opps, stakeholders

    o = opps.get_opp(s, opp) if opp else None
    acc = accounts.get_account(s, account) if account else None
    if o is None and acc is None:
        raise InvalidValue(msg("error.activity.where"),
                           command("activity", "log", "OPP-0001", "--kind", "call", "--with", "NAME", "--summary", "TEXT"))
    if o is not None and acc is not None and acc.id != o.account_id:
        raise InvalidValue(msg("error.activity.other_account", code=o.code, account=acc.name),
                           msg("hint.activity.deal_alone"))
    return acc or stakeholders.account_of(s, o), o


@app.command("log")
def log(opp: Optional[str] = OPP, account: Optional[str] = ACCOUNT,
        kind: str = typer.Option(..., "--kind", "-k", help="call|email|meeting|demo|proposal|poc|executive-meeting|"
                                                           "site-visit|dinner|workshop|other (config: activities.kinds; "
                                                           "or 电话/宴请 …)."),
        with_: Optional[list[str]] = typer.Option(None, "--with", "-w", help="A person there (repeat, or A,B)."),
        date: Optional[str] = typer.Option(None, "--date", "-d", help="When (default today; needed with --planned)."),
        summary: str = typer.Option(..., "--summary", "-s", help="What happened or is to happen."),
        planned: bool = typer.Option(False, "--planned", help="Still to happen (counts once marked done)."),
        tactic: Optional[str] = typer.Option(None, help="The tactic it serves: text, or #N of tactic list."),
        answers: Optional[str] = typer.Option(None, help="The problem it answers: relationship|survey|winrate|value.")
        ) -> None:
    """Log a done activity, or plan one with --planned.

    \b
    Example: tasplus activity log OPP-0001 --kind dinner --with 王建国 --with 刘芳 --summary "与行领导晚宴"
    """
    from tasplus_cli.cli.output import info, success, warn
    from tasplus_cli.messages import msg
    from tasplus_cli.render.people import levels_line
    from tasplus_cli.store import activities

    e = env()
    kinds = e.settings.activities.vocab
    k = kinds.parse(kind, "--kind")
    if planned and date is None:
        raise InvalidValue(msg("error.activity.planned_date"), msg("hint.activity.planned_date"))
    day = opt_date(date, "--date") or e.today
    ans = opt_vocab(vocab.ANSWERS, answers, "--answers")
    with e.session(write=True) as s:
        acc, o = _where(s, opp, account)
        people = [activities.contact_at(s, acc, ref, "--with") for ref in _split(with_)]
        act = activities.log(s, account=acc, opp=o, kind=k, people=people, day=day, summary=summary, by=e.user,
                             today=e.today, planned=planned, tactic=tactic, answers=ans)
        levels = activities.levels_now(s, e.settings.interaction, act)
    success(msg("success.activity.logged", code=act.code, status=vocab.ACTIVITY_STATUS.label(act.status, e.lang),
                kind=kinds.label(k, e.lang), where=o.code if o else acc.name, day=act.day))
    if planned and act.day < e.today:
        warn(msg("warn.activity.past", code=act.code))
    if levels and not planned:
        info(msg("info.activity.levels", levels=levels_line(levels, e.lang)))


@app.command("list")
def list_(opp: Optional[str] = OPP, account: Optional[str] = ACCOUNT,
          contact: Optional[str] = typer.Option(None, "--contact", "-c", help="Only activities with this person."),
          overdue: bool = typer.Option(False, "--overdue", help="Only planned activities whose date has passed."),
          status: Optional[str] = typer.Option(None, help="planned|done|cancelled."), as_json: bool = JSON) -> None:
    """List activities, oldest first: all, a deal's, an account's or a person's.

    \b
    Example: tasplus activity list OPP-0001 --overdue
    """
    from functools import partial

    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import people
    from tasplus_cli.store import accounts, activities, opps

    e = env()
    st = opt_vocab(vocab.ACTIVITY_STATUS, status, "--status")
    with e.session() as s:
        o = opps.get_opp(s, opp) if opp else None
        acc = accounts.get_account(s, account) if account else None
        c = accounts.get_contact(s, contact, acc) if contact else None
        rows = activities.list_activities(s, e.today, opp=o, account=acc, contact=c, status=st, overdue=overdue)
    emit(rows, partial(people.activities, kinds=e.settings.activities.vocab), "json" if as_json else "table")


@app.command("done")
def done(activity: str = ACT, outcome: Optional[str] = typer.Option(None, "--outcome", "-o", help="What came of it."),
         date: Optional[str] = typer.Option(None, "--date", "-d", help="When it happened (default: its planned "
                                                                       "date, or today if that is ahead).")) -> None:
    """Mark a planned activity done; it now counts for interaction levels.

    \b
    Example: tasplus activity done ACT-0007 --outcome "行长同意下周听取方案汇报"
    """
    from tasplus_cli.cli.output import info, success
    from tasplus_cli.messages import msg
    from tasplus_cli.render.people import levels_line
    from tasplus_cli.store import activities

    e = env()
    on = opt_date(date, "--date")
    with e.session(write=True) as s:
        act = activities.get_activity(s, activity)
        activities.done(s, act, e.today, outcome=outcome, on=on)
        levels = activities.levels_now(s, e.settings.interaction, act)
    success(msg("success.activity.done", code=act.code, day=act.day))
    if levels:
        info(msg("info.activity.levels", levels=levels_line(levels, e.lang)))


@app.command("cancel")
def cancel(activity: str = ACT,
           reason: Optional[str] = typer.Option(None, "--reason", "-r", help="Why it will not happen.")) -> None:
    """Cancel a planned activity (it never counts).

    \b
    Example: tasplus activity cancel ACT-0007 --reason "客户临时取消"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import activities

    with env().session(write=True) as s:
        act = activities.get_activity(s, activity)
        activities.cancel(s, act, reason)
    success(msg("success.activity.cancelled", code=act.code))
