"""``tasplus stakeholder add|list|edit|remove``: people on a deal (METHOD §8).

A stakeholder is a contact of the deal's account with a decision role
(approver, decision-maker, evaluator, user) and this deal's relationship
status, separate from the person's overall one. Roles and statuses accept
English keys or Chinese labels. Every change is a line of the deal history.
Interaction levels are shown, never typed: they come from activities.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import JSON, opt_vocab
from tasplus_cli.domain import vocab

app = typer.Typer(rich_markup_mode=None, help="People on a deal: decision role, this deal's relationship, inside source.",
                  no_args_is_help=True)

OPP = typer.Argument(..., help="Deal code or name.")
CONTACT = typer.Argument(..., help="Contact code or name (a person at the deal's account).")
ROLE_HELP = "Decision role: approver|decision-maker|evaluator|user (or 批准者/决策者/评估者/使用者)."
REL = typer.Option(None, "--relationship", help="Relationship on this deal: strong-positive|positive|neutral|"
                                                "negative|strong-negative (or 强正向/正向/中立/负向/强负向).")
NOTES = typer.Option(None, help="Free notes about their stake.")
REASON = typer.Option(None, "--reason", "-r", help="Why (kept in the deal history).")


@app.command("add")
def add(opp: str = OPP, contact: str = CONTACT,
        role: str = typer.Option(..., "--role", help=ROLE_HELP), relationship: Optional[str] = REL,
        inside_source: bool = typer.Option(False, "--inside-source", help="They are our inside source (内线)."),
        notes: Optional[str] = NOTES, reason: Optional[str] = REASON) -> None:
    """Put a person on a deal with their decision role.

    \b
    Example: tasplus stakeholder add OPP-0001 王建国 --role 批准者 --relationship neutral
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import activities, opps, stakeholders

    e = env()
    r = vocab.ROLE.parse(role, "--role")
    rel = opt_vocab(vocab.RELATIONSHIP, relationship, "--relationship")
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        c = activities.contact_at(s, stakeholders.account_of(s, o), contact, "CONTACT")
        stakeholders.add(s, o, c, r, e.user, relationship=rel, inside_source=inside_source, notes=notes,
                         reason=reason)
    success(msg("success.stakeholder.added", name=c.name, role=vocab.ROLE.label(r, e.lang), code=o.code))


@app.command("list")
def list_(opp: str = OPP, as_json: bool = JSON) -> None:
    """List a deal's stakeholders with their interaction levels and suggested strategy.

    \b
    Example: tasplus stakeholder list OPP-0001
    """
    from functools import partial

    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import people
    from tasplus_cli.store import opps, stakeholders

    e = env()
    with e.session() as s:
        o = opps.get_opp(s, opp)
        rows = stakeholders.rows(s, o, e.settings.interaction, e.settings.plan.relationship_strategy)
    emit(rows, partial(people.stakeholders, deal=f"{o.code} {o.name}"), "json" if as_json else "table")


@app.command("edit")
def edit(opp: str = OPP, contact: str = CONTACT,
         role: Optional[str] = typer.Option(None, "--role", help=ROLE_HELP), relationship: Optional[str] = REL,
         no_relationship: bool = typer.Option(False, "--no-relationship",
                                              help="Forget this deal's status (fall back to the overall one)."),
         inside_source: Optional[bool] = typer.Option(None, "--inside-source/--no-inside-source",
                                                      help="Whether they are our inside source."),
         notes: Optional[str] = NOTES, reason: Optional[str] = REASON) -> None:
    """Change a stakeholder's role, relationship on this deal or inside-source flag.

    \b
    Example: tasplus stakeholder edit OPP-0001 刘芳 --relationship 负向 --reason "倾向竞争对手方案"
    """
    from tasplus_cli.cli.output import info, success
    from tasplus_cli.messages import msg
    from tasplus_cli.messages.phrase import say
    from tasplus_cli.store import activities, opps, stakeholders

    e = env()
    r = opt_vocab(vocab.ROLE, role, "--role")
    rel = opt_vocab(vocab.RELATIONSHIP, relationship, "--relationship")
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        c = activities.contact_at(s, stakeholders.account_of(s, o), contact, "CONTACT")
        changed = stakeholders.edit(s, o, c, e.user, role=r, relationship=rel, clear_relationship=no_relationship,
                                    inside_source=inside_source, notes=notes, reason=reason)
    if changed:
        fields = say([msg(f"stakeholder.field.{f}") for f in changed], e.lang)
        success(msg("success.stakeholder.updated", name=c.name, code=o.code, fields=fields))
    else:
        info(msg("info.stakeholder.unchanged", name=c.name, code=o.code))


@app.command("remove")
def remove(opp: str = OPP, contact: str = CONTACT, reason: Optional[str] = REASON) -> None:
    """Take a person off a deal (they stay a contact of the account).

    \b
    Example: tasplus stakeholder remove OPP-0001 周敏 --reason "调岗，不再参与"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import activities, opps, stakeholders

    e = env()
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        c = activities.contact_at(s, stakeholders.account_of(s, o), contact, "CONTACT")
        stakeholders.remove(s, o, c, e.user, reason)
    success(msg("success.stakeholder.removed", name=c.name, code=o.code))
