"""``tasplus user add|list|edit|remove`` and ``tasplus opp reassign``: the sales team's people
(METHOD §14). The rules live in ``store.users``; the screens in ``render.users``.

``opp reassign`` is a bulk change (CLI.md): it asks when interactive, needs ``--yes``
otherwise, and ``--dry-run`` previews. The deals are listed in a read session, the prompt
comes before the write session opens, and the write moves the deals it finds then.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import JSON
from tasplus_cli.messages import command, msg, plural

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="The sales team: users, their managers and emails; deal owners are users.")

NAME = typer.Argument(..., help="The user's name (compared without case).")
MANAGER = typer.Option(None, "--manager", metavar="NAME", help="Their manager (a user).")
EMAIL = typer.Option(None, "--email", help="Email address.")


@app.command("add")
def add(name: str = NAME, manager: Optional[str] = MANAGER, email: Optional[str] = EMAIL) -> None:
    """Add a user: someone who owns deals, answers or reviews surveys, or manages reps.

    \b
    Example: tasplus user add 张伟 --manager 王磊 --email zhangwei@example.cn
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import users

    with env().session(write=True) as s:
        u = users.add_user(s, name, manager=manager, email=email)
    success(msg("success.user.added", name=u.name))


@app.command("list")
def list_(team: Optional[str] = typer.Option(None, "--team", metavar="NAME",
                                             help="Only this manager and everyone below them."),
          as_json: bool = JSON) -> None:
    """List the users, each under their manager, with email and number of open deals owned.

    \b
    Example: tasplus user list --team 王磊
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import users as screens
    from tasplus_cli.store import users

    with env().session() as s:
        rows = users.user_rows(s, team)
    emit(rows, screens.user_list, "json" if as_json else "table")


@app.command("edit")
def edit(name: str = NAME,
         new_name: Optional[str] = typer.Option(None, "--name", metavar="NEW",
                                                help="Rename: every deal, survey, review and target follows."),
         manager: Optional[str] = MANAGER,
         no_manager: bool = typer.Option(False, "--no-manager", help="They report to nobody."),
         email: Optional[str] = EMAIL) -> None:
    """Change a user's name, manager or email. A rename is written everywhere the name is, at once.

    \b
    Example: tasplus user edit "Mike Chen" --manager 王磊 --email mike.chen@example.com
    """
    from tasplus_cli.cli.output import info, success
    from tasplus_cli.store import users

    e = env()
    with e.session(write=True) as s:
        u = users.get_user(s, name)
        old = u.name
        changed = users.edit_user(s, u, name=new_name, manager=manager, no_manager=no_manager, email=email)
    if not changed:
        return info(msg("info.user.unchanged", name=old))
    fields = msg("list.separator").join(msg(f"user.field.{f}") for f in changed)
    success(msg("success.user.changed", name=old, fields=fields))


@app.command("remove")
def remove(name: str = NAME) -> None:
    """Remove a user no record names. Refused while they own deals (the message gives the
    opp reassign command), manage someone, own coaching actions or targets, or are named in
    surveys and recorded reviews (rename them instead).

    \b
    Example: tasplus user remove "Mike Chen"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import users

    with env().session(write=True) as s:
        u = users.get_user(s, name)
        gone = u.name
        users.remove_user(s, u)
    success(msg("success.user.removed", name=gone))


def reassign(old: str = typer.Argument(..., metavar="FROM", help="The owner whose deals move (a user, or a name on deals)."),
             new: str = typer.Argument(..., metavar="TO", help="The user who takes them over."),
             status: str = typer.Option("open", "--status", help="Which of FROM's deals move: open (default), won, lost, abandoned or all."),
             reason: Optional[str] = typer.Option(None, "--reason", "-r", help="Why (recorded in each deal's history)."),
             yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask (required when not interactive)."),
             dry_run: bool = typer.Option(False, "--dry-run", help="List the deals that would move; write nothing."),
             as_json: bool = JSON) -> None:
    """Give every open deal (or --status all) of one owner to another user, each change in the deal's history.

    \b
    Example: tasplus opp reassign 李娜 张伟 --reason "李娜 moved to the north region"
    """
    from tasplus_cli.cli.output import emit, info, success
    from tasplus_cli.domain import vocab
    from tasplus_cli.domain.errors import Cancelled, InvalidValue
    from tasplus_cli.render import users as screens

    e = env()
    which = None if status.strip().lower() == "all" else vocab.STATUS.parse(status, "--status")
    data = _moving(old, new, which, write=False)
    if data["deals"] and not (dry_run or yes):
        if not e.interactive:
            raise InvalidValue(plural("error.reassign.confirm", len(data["deals"]), old=data["from"], new=data["to"]),
                               msg("hint.reassign.confirm", command=command("opp", "reassign", old, new, "--status",
                                                                             status, "--yes")))
        from tasplus_cli.cli import prompts
        from tasplus_cli.cli.output import show

        show(screens.moving(data, e.view))
        if not prompts.confirm(plural("reassign.confirm", len(data["deals"]), old=data["from"], new=data["to"]),
                               default=False):
            raise Cancelled(msg("error.prompt.cancelled"))
    if data["deals"] and not dry_run:
        data = _moving(old, new, which, write=True, reason=reason)
    data["dry_run"] = dry_run
    if as_json:
        return emit(data, None, "json")
    if not data["deals"]:
        return info(msg("info.reassign.none", old=data["from"]))
    if dry_run:
        emit(data, screens.moving)
        return info(plural("info.reassign.dry_run", len(data["deals"]), old=data["from"], new=data["to"]))
    success(plural("success.reassign.done", len(data["deals"]), old=data["from"], new=data["to"]))


def _moving(old: str, new: str, status: str | None, write: bool, reason: str | None = None) -> dict:
    """The deals of ``old`` with ``status`` (None: all) and the names as stored; with ``write``,
    moved to ``new`` in one transaction."""
    from tasplus_cli.domain.errors import InvalidValue
    from tasplus_cli.store import users
    from tasplus_cli.store.models import Account
    from tasplus_cli.store.read.opps import latest_win_rates, opp_dict

    e = env()
    with e.session(write=write) as s:
        src, dest = users.owner_name(s, old, "FROM"), users.require_user(s, new, "TO")
        if src == dest:
            raise InvalidValue(msg("error.reassign.same", name=src), msg("hint.reassign.same"))
        deals = users.owned_deals(s, src, status)
        if write:
            users.reassign(s, deals, dest, e.user, reason)
        rates = latest_win_rates(s, [o.id for o in deals])
        rows = [opp_dict(o, s.get(Account, o.account_id), rates.get(o.id)) for o in deals]
    return {"from": src, "to": dest, "status": status or "all", "deals": rows}
