"""The relationship map's facts (METHOD §8), gathered for one deal or one
account in a fixed handful of bulk queries (contacts, stakeholders, done
activities, latest survey), never one per person.

The dicts returned here are both the ``--json`` output of ``tasplus map`` and
what ``render.map`` draws, so the tree, the Mermaid text and the JSON always
show the same facts. Keys are stable English keys; values are vocabulary keys.
"""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, select

from tasplus_cli.domain import interaction, relations
from tasplus_cli.store import activities
from tasplus_cli.store.tables import Account, Contact, Opportunity, Stakeholder, Survey
from tasplus_cli.store.stakeholders import person, stake


def _people(s: Session, acc: Account) -> list[Contact]:
    return list(s.exec(select(Contact).where(Contact.account_id == acc.id).order_by(Contact.code)).all())


def _tree(forest: relations.Forest, code: dict[int, str]) -> list[dict]:
    def node(i: int) -> dict:
        return {"code": code[i], "children": [node(k) for k in forest.children[i]]}
    return [node(r) for r in forest.roots]


def _base(c: Contact, code: dict[int, str], overall: dict[int, str]) -> dict:
    return {"code": c.code, "name": c.name, "title": c.title, "reports_to": code.get(c.reports_to_id),
            "orientation": c.orientation, "relationship_overall": c.relationship, "influence": c.influence,
            "circle": c.circle, "interaction_overall": overall.get(c.id, "none")}


def rule_dict(rule: interaction.Rule) -> dict:
    return {"occasional": rule.occasional, "multiple": rule.multiple, "deep": rule.deep,
            "deep_kinds": sorted(rule.deep_kinds)}


def latest_inside_source(s: Session, opp: Opportunity) -> bool | None:
    """The latest survey's inside-source answer; None when the deal has no survey."""
    return s.exec(select(Survey.inside_source).where(Survey.opp_id == opp.id)
                  .order_by(Survey.day.desc(), Survey.id.desc())).first()


def deal_map(s: Session, opp: Opportunity, rule: interaction.Rule, mapping: dict[str, str]) -> dict:
    """The map of one deal; ``mapping``: relationship status → suggested relationship strategy."""
    acc = s.get(Account, opp.account_id)
    contacts = _people(s, acc)
    code = {c.id: c.code for c in contacts}
    people = {c.id: person(c) for c in contacts}
    stakes = {st.contact_id: st for st in s.exec(select(Stakeholder).where(Stakeholder.opp_id == opp.id)).all()}
    touched = activities.touches(s, account_id=acc.id)
    overall = interaction.overall_levels(touched, rule)
    on_deal = interaction.deal_levels(touched, rule, opp.id)
    inside = latest_inside_source(s, opp)
    dstakes = [stake(st) for st in stakes.values()]
    forest = relations.org_forest(list(people.values()))
    rows = []
    for c in contacts:
        row = _base(c, code, overall)
        st = stakes.get(c.id)
        status, source = relations.effective(stake(st), people[c.id]) if st else (c.relationship,
                                                                                 "overall" if c.relationship else None)
        row.update({"role": st.role if st else None, "relationship": st.relationship if st else None,
                    "relationship_effective": status, "relationship_source": source,
                    "inside_source": bool(st and st.inside_source), "interaction": on_deal.get(c.id, "none"),
                    "strategy": relations.strategy_for(status, mapping) if st else None})
        rows.append(row)
    return {
        "kind": "deal",
        "opp": {"code": opp.code, "name": opp.name, "stage": opp.stage, "status": opp.status},
        "account": {"code": acc.code, "name": acc.name},
        "people": rows, "tree": _tree(forest, code), "outside": [code[i] for i in forest.loose],
        "contacted": sum(1 for lvl in on_deal.values() if lvl != "none"), "survey_inside_source": inside,
        "warnings": [{"key": f.key, "message": f.message, "question": f.question, "fix": f.fix, "role": f.role,
                      "contacts": list(f.contacts)}
                     for f in relations.warnings(opp.code, dstakes, people, on_deal, inside)],
        "strategies": [{"contact": code[g.contact_id], "name": people[g.contact_id].name, "role": g.role,
                        "relationship": g.relationship, "relationship_source": g.source, "strategy": g.strategy}
                       for g in relations.suggestions(dstakes, people, mapping)],
        "interaction_rule": rule_dict(rule), "relationship_strategy": dict(mapping),
    }


def account_map(s: Session, acc: Account, rule: interaction.Rule) -> dict:
    contacts = _people(s, acc)
    code = {c.id: c.code for c in contacts}
    overall = interaction.overall_levels(activities.touches(s, account_id=acc.id), rule)
    roles: dict[int, list[dict]] = defaultdict(list)
    q = (select(Stakeholder.contact_id, Stakeholder.role, Opportunity.code)
         .join(Opportunity, Opportunity.id == Stakeholder.opp_id)
         .where(Opportunity.account_id == acc.id, Opportunity.status == "open").order_by(Opportunity.code))
    for cid, role, ocode in s.exec(q).all():
        roles[cid].append({"opp": ocode, "role": role})
    forest = relations.org_forest([person(c) for c in contacts])
    rows = [{**_base(c, code, overall), "deals": roles.get(c.id, [])} for c in contacts]
    circles: dict[str, list[str]] = defaultdict(list)
    for c in contacts:
        if c.circle:
            circles[c.circle].append(c.code)
    return {
        "kind": "account", "account": {"code": acc.code, "name": acc.name},
        "people": rows, "tree": _tree(forest, code), "outside": [code[i] for i in forest.loose],
        "circles": [{"name": name, "members": members} for name, members in circles.items()],
        "interaction_rule": rule_dict(rule),
    }
