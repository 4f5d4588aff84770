"""The deal team (METHOD §3): members with department, role and the stage
they are accountable for. Every change loads the deal for change (one writer at a
time: a name is on the team once) and is recorded in the deal's history."""

from __future__ import annotations

from sqlmodel import Session, select

from tasplus_cli.domain.errors import Conflict, NotFound
from tasplus_cli.domain.names import require_text
from tasplus_cli.messages import command, msg
from tasplus_cli.store.records import for_change, record
from tasplus_cli.store.tables import Opportunity, TeamMember


def add(s: Session, opp: Opportunity, name: str, department: str, by: str, role: str | None = None,
        stage_owner: str | None = None, person_days: float | None = None) -> TeamMember:
    name = require_text(name, "NAME")
    for_change(s, opp)
    if s.exec(select(TeamMember).where(TeamMember.opp_id == opp.id, TeamMember.name == name)).first():
        raise Conflict(msg("error.team.already", name=name, code=opp.code),
                       msg("hint.team.see", command=command("opp", "team", "list", opp.code)))
    m = TeamMember(opp_id=opp.id, name=name, department=department, role=role, stage_owner=stage_owner,
                   person_days=person_days)
    s.add(m)
    record(s, opp, "team", None, f"+ {name} ({department}{', ' + role if role else ''})", by)
    return m


def remove(s: Session, opp: Opportunity, name: str, by: str, reason: str | None = None) -> None:
    for_change(s, opp)
    m = s.exec(select(TeamMember).where(TeamMember.opp_id == opp.id, TeamMember.name == name.strip())).first()
    if m is None:
        raise NotFound(msg("error.team.not_on", name=name, code=opp.code),
                       msg("hint.team.see", command=command("opp", "team", "list", opp.code)))
    s.delete(m)
    record(s, opp, "team", f"{m.name} ({m.department})", None, by, reason)


def members(s: Session, opp: Opportunity) -> list[dict]:
    rows = s.exec(select(TeamMember).where(TeamMember.opp_id == opp.id).order_by(TeamMember.id)).all()
    return [{"name": m.name, "department": m.department, "role": m.role, "stage_owner": m.stage_owner,
             "person_days": m.person_days} for m in rows]
