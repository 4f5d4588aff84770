"""People on a deal (METHOD §8): decision role, this deal's relationship
status, inside source.

Invariants:
- A stakeholder is a contact of the deal's own account, at most once per deal
  (``uq_stakeholder_opp_contact``).
- Every add, edit and remove loads the deal for change (``records.for_change``)
  and is a ``stakeholder`` line of the deal's history (``records.record``), so
  a review sees who changed sides and when.
- Interaction levels shown with stakeholders are derived here from the done
  activities (``domain.interaction``), never stored.
"""

from __future__ import annotations

from sqlmodel import Session, select

from tasplus_cli.domain import interaction
from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.domain.relations import (
    INSIDE_SOURCE,
    Person,
    Stake,
    effective,
    strategy_for,
)
from tasplus_cli.messages import command, msg
from tasplus_cli.store import activities
from tasplus_cli.store.tables import Account, Contact, Opportunity, Stakeholder, utcnow
from tasplus_cli.store.records import for_change, record


def account_of(s: Session, opp: Opportunity) -> Account:
    return s.get(Account, opp.account_id)


def _check_account(s: Session, opp: Opportunity, c: Contact) -> None:
    if c.account_id != opp.account_id:
        acc = s.get(Account, opp.account_id)
        raise InvalidValue(msg("error.stakeholder.not_contact", contact=c.code, name=c.name, account=acc.name,
                               code=opp.code),
                           msg("hint.stakeholder.not_contact", list=command("contact", "list", "--account", acc.code),
                               add=command("contact", "add", "NAME", "--account", acc.code)))


def find(s: Session, opp: Opportunity, c: Contact) -> Stakeholder | None:
    return s.exec(select(Stakeholder).where(Stakeholder.opp_id == opp.id, Stakeholder.contact_id == c.id)).first()


def _get(s: Session, opp: Opportunity, c: Contact) -> Stakeholder:
    st = find(s, opp, c)
    if st is None:
        raise NotFound(msg("error.stakeholder.not_found", name=c.name, code=opp.code),
                       msg("hint.stakeholder.add", command=command("stakeholder", "add", opp.code, c.code, "--role", "ROLE")))
    return st


def _describe(st: Stakeholder, c: Contact) -> str:
    parts = [st.role] + ([st.relationship] if st.relationship else []) + ([INSIDE_SOURCE] if st.inside_source else [])
    return f"{c.code} {c.name}: {', '.join(parts)}"


def add(s: Session, opp: Opportunity, c: Contact, role: str, by: str, relationship: str | None = None,
        inside_source: bool = False, notes: str | None = None, reason: str | None = None) -> Stakeholder:
    for_change(s, opp)
    _check_account(s, opp, c)
    if find(s, opp, c) is not None:
        raise Conflict(msg("error.stakeholder.exists", name=c.name, code=opp.code),
                       msg("hint.stakeholder.edit", command=command("stakeholder", "edit", opp.code, c.code, "--role", "ROLE")))
    st = Stakeholder(opp_id=opp.id, contact_id=c.id, role=role, relationship=relationship,
                     inside_source=inside_source, notes=activities.note_text(notes, "--notes"))
    s.add(st)
    record(s, opp, "stakeholder", None, _describe(st, c), by, reason)
    return st


def edit(s: Session, opp: Opportunity, c: Contact, by: str, role: str | None = None, relationship: str | None = None,
         clear_relationship: bool = False, inside_source: bool | None = None, notes: str | None = None,
         reason: str | None = None) -> list[str]:
    """Apply the given changes; return the fields that changed (history only when something did)."""
    for_change(s, opp)
    st = _get(s, opp, c)
    before = _describe(st, c)
    if clear_relationship and relationship is not None:
        raise InvalidValue(msg("error.stakeholder.contradict"), msg("hint.stakeholder.contradict"))
    given = {"role": role, "relationship": relationship, "inside_source": inside_source,
             "notes": activities.note_text(notes, "--notes")}
    new = {k: v for k, v in given.items() if v is not None}
    if clear_relationship:
        new["relationship"] = None
    changed = [k for k, v in new.items() if getattr(st, k) != v]
    for k in changed:
        setattr(st, k, new[k])
    if changed:
        st.updated_at = utcnow()
        s.add(st)
        record(s, opp, "stakeholder", before, _describe(st, c), by, reason)
    return changed


def remove(s: Session, opp: Opportunity, c: Contact, by: str, reason: str | None = None) -> None:
    for_change(s, opp)
    st = _get(s, opp, c)
    s.delete(st)
    record(s, opp, "stakeholder", _describe(st, c), None, by, reason)


def stakes_of(s: Session, opp: Opportunity) -> list[tuple[Stakeholder, Contact]]:
    q = (select(Stakeholder, Contact).join(Contact, Contact.id == Stakeholder.contact_id)
         .where(Stakeholder.opp_id == opp.id).order_by(Stakeholder.id))
    return list(s.exec(q).all())


def person(c: Contact) -> Person:
    return Person(id=c.id, code=c.code, name=c.name, reports_to=c.reports_to_id, title=c.title,
                  orientation=c.orientation, relationship=c.relationship, influence=c.influence, circle=c.circle)


def stake(st: Stakeholder) -> Stake:
    return Stake(contact_id=st.contact_id, role=st.role, relationship=st.relationship, inside_source=st.inside_source)


def rows(s: Session, opp: Opportunity, rule: interaction.Rule, mapping: dict[str, str]) -> list[dict]:
    """The deal's stakeholders with interaction (this deal and overall) and the strategy ``mapping``
    (relationship status → relationship strategy) suggests."""
    pairs = stakes_of(s, opp)
    touched = activities.touches(s, contact_ids=[c.id for _, c in pairs]) if pairs else []
    overall = interaction.overall_levels(touched, rule)
    on_deal = interaction.deal_levels(touched, rule, opp.id)
    out = []
    for st, c in pairs:
        status, source = effective(stake(st), person(c))
        out.append({"opp": opp.code, "contact": c.code, "name": c.name, "title": c.title, "role": st.role,
                    "relationship": st.relationship, "relationship_overall": c.relationship,
                    "relationship_source": source, "inside_source": st.inside_source,
                    "interaction": on_deal.get(c.id, "none"), "interaction_overall": overall.get(c.id, "none"),
                    "strategy": strategy_for(status, mapping), "notes": st.notes})
    return out


def roles_of(s: Session, rule: interaction.Rule, c: Contact) -> list[dict]:
    """Every deal the person is a stakeholder of, with their role and interaction on it."""
    q = (select(Stakeholder, Opportunity).join(Opportunity, Opportunity.id == Stakeholder.opp_id)
         .where(Stakeholder.contact_id == c.id).order_by(Opportunity.code))
    pairs = s.exec(q).all()
    levels = interaction.levels_by_deal(activities.touches(s, contact_ids=[c.id]), rule)
    return [{"opp": o.code, "name": o.name, "status": o.status, "role": st.role, "relationship": st.relationship,
             "inside_source": st.inside_source, "interaction": levels.get((c.id, o.id), "none")} for st, o in pairs]


# --- demo steps (sample_data/demo_people.toml) --------------------------------------------

def _demo_add(d, step: dict) -> None:  # noqa: ANN001 - d is store.demo.Demo
    o = d.deal(step)
    c = d.contact(account_of(d.s, o), step["contact"])
    add(d.s, o, c, step["role"], step.get("by", o.owner), relationship=step.get("relationship"),
        inside_source=step.get("inside_source", False), notes=step.get("notes"), reason=step.get("reason"))


def _demo_edit(d, step: dict) -> None:  # noqa: ANN001
    o = d.deal(step)
    c = d.contact(account_of(d.s, o), step["contact"])
    edit(d.s, o, c, step.get("by", o.owner), role=step.get("role"), relationship=step.get("relationship"),
         inside_source=step.get("inside_source"), reason=step.get("reason"))


DEMO_HANDLERS = {"stakeholder": _demo_add, "stakeholder_edit": _demo_edit}
