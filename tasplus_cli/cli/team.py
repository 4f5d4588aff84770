"""``tasplus opp team add|list|remove``: the deal team (METHOD §3); the list is
``render.deals.team``."""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.options import JSON
from tasplus_cli.cli.env import env
from tasplus_cli.domain import vocab
from tasplus_cli.messages import msg

app = typer.Typer(rich_markup_mode=None, help="The deal team: who works on a deal, from which department.", no_args_is_help=True)


@app.command("add")
def add(opp: str = typer.Argument(..., help="Deal code or name."),
        name: str = typer.Argument(..., help="Team member's name."),
        department: str = typer.Option("sales", help="sales|presales|delivery|partner|management|other (or 售前 …)."),
        role: Optional[str] = typer.Option(None, help="Role on the deal, e.g. solution architect."),
        stage_owner: Optional[str] = typer.Option(None, "--stage-owner", help="Stage this member is accountable for."),
        person_days: Optional[float] = typer.Option(None, "--person-days", help="Planned presales effort.")) -> None:
    """Add someone to a deal's team.

    \b
    Example: tasplus opp team add OPP-0001 陈静 --department presales --role 方案架构师
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.errors import InvalidValue
    from tasplus_cli.store import opps, team

    e = env()
    dept = vocab.DEPARTMENT.parse(department, "--department")
    stage = e.settings.template.parse(stage_owner, "--stage-owner") if stage_owner else None
    if person_days is not None and not 0 <= person_days <= 10_000:
        raise InvalidValue(msg("error.team.person_days"), None)
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        team.add(s, o, name, dept, e.user, role=role, stage_owner=stage, person_days=person_days)
    success(msg("success.team.joined", name=name, code=o.code, department=vocab.DEPARTMENT.label(dept, e.lang)))


@app.command("list")
def list_(opp: str = typer.Argument(..., help="Deal code or name."), as_json: bool = JSON) -> None:
    """List a deal's team.

    \b
    Example: tasplus opp team list OPP-0001
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import deals
    from tasplus_cli.store import opps, team

    with env().session() as s:
        rows = team.members(s, opps.get_opp(s, opp))
    emit(rows, deals.team, "json" if as_json else "table")


@app.command("remove")
def remove(opp: str = typer.Argument(..., help="Deal code or name."),
           name: str = typer.Argument(..., help="Team member's name."),
           reason: Optional[str] = typer.Option(None, "--reason", "-r", help="Why (recorded).")) -> None:
    """Remove someone from a deal's team.

    \b
    Example: tasplus opp team remove OPP-0001 陈静 --reason "moved to another project"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import opps, team

    e = env()
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        team.remove(s, o, name, e.user, reason)
    success(msg("success.team.left", name=name, code=o.code))
