"""``tasplus contact add|list|show|edit``: people at an account (METHOD §8).

Orientation, relationship and influence accept English keys or Chinese
labels; a reports-to line that would form a cycle is refused. Screens in
``render.accounts``.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.options import JSON, opt_vocab
from tasplus_cli.cli.env import env
from tasplus_cli.domain import vocab
from tasplus_cli.messages import msg

app = typer.Typer(rich_markup_mode=None, help="People at customer accounts: title, reports-to, orientation, attitude.", no_args_is_help=True)

TITLE = typer.Option(None, help="Job title, e.g. 信息科技部总经理.")
DEPT = typer.Option(None, "--department", help="Department.")
BOSS = typer.Option(None, "--reports-to", help="Code or name of the person they report to (same account).")
ORIENT = typer.Option(None, help="Behaviour orientation: professional|pragmatic|professional-pragmatic|"
                                 "pragmatic-professional|balanced (or 专业型 …).")
REL = typer.Option(None, "--relationship", help="Overall relationship: strong-positive|positive|neutral|negative|"
                                                "strong-negative (or 强正向 …).")
INFL = typer.Option(None, help="Influence: high|medium|low (or 高/中/低).")
CIRCLE = typer.Option(None, help="Political circle (圈子), a camp name.")


def _vocab_fields(orientation, relationship, influence) -> dict:  # noqa: ANN001
    return {"orientation": opt_vocab(vocab.ORIENTATION, orientation, "--orientation"),
            "relationship": opt_vocab(vocab.RELATIONSHIP, relationship, "--relationship"),
            "influence": opt_vocab(vocab.INFLUENCE, influence, "--influence")}


@app.command("add")
def add(name: str = typer.Argument(..., help="The person's name."),
        account: str = typer.Option(..., "--account", "-a", help="Account code or name."),
        title: Optional[str] = TITLE, department: Optional[str] = DEPT, reports_to: Optional[str] = BOSS,
        orientation: Optional[str] = ORIENT, relationship: Optional[str] = REL, influence: Optional[str] = INFL,
        circle: Optional[str] = CIRCLE, phone: Optional[str] = typer.Option(None, help="Phone."),
        email: Optional[str] = typer.Option(None, help="E-mail."),
        notes: Optional[str] = typer.Option(None, help="Free notes.")) -> None:
    """Add a person at an account.

    \b
    Example: tasplus contact add 王建国 --account 华东省农商银行 --title 行长 --influence high
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import accounts

    fields = _vocab_fields(orientation, relationship, influence)
    with env().session(write=True) as s:
        acc = accounts.get_account(s, account)
        boss = accounts.get_contact(s, reports_to, acc) if reports_to else None
        c = accounts.add_contact(s, acc, name, reports_to=boss, title=title, department=department, circle=circle,
                                 phone=phone, email=email, notes=notes, **fields)
    success(msg("success.contact.added", code=c.code, name=c.name, account=acc.name))


@app.command("list")
def list_(account: Optional[str] = typer.Option(None, "--account", "-a", help="Only this account."),
          as_json: bool = JSON) -> None:
    """List people, optionally of one account.

    \b
    Example: tasplus contact list --account ACC-0001
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import accounts as screens
    from tasplus_cli.store import accounts, activities

    with env().session() as s:
        acc = accounts.get_account(s, account) if account else None
        rows = accounts.list_contacts(s, acc)
        levels = activities.overall_by_code(s, env().settings.interaction, account=acc)
    for r in rows:
        r["interaction"] = levels.get(r["code"], "none")  # derived from done activities, never stored
    emit(rows, screens.contacts, "json" if as_json else "table")


@app.command("show")
def show_(contact: str = typer.Argument(..., help="Contact code or name."), as_json: bool = JSON) -> None:
    """Show one person.

    \b
    Example: tasplus contact show CON-0003
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import accounts as screens
    from tasplus_cli.store import accounts, activities, stakeholders
    from tasplus_cli.store.models import Account, Contact

    with env().session() as s:
        c = accounts.get_contact(s, contact)
        boss = s.get(Contact, c.reports_to_id) if c.reports_to_id else None
        data = accounts.contact_dict(c, s.get(Account, c.account_id), boss)
        data["interaction"] = activities.overall_by_code(s, env().settings.interaction, contact=c)[c.code]
        data["deals"] = stakeholders.roles_of(s, env().settings.interaction, c)
    emit(data, screens.contact, "json" if as_json else "table")


@app.command("edit")
def edit(contact: str = typer.Argument(..., help="Contact code or name."),
         name: Optional[str] = typer.Option(None, help="New name."),
         title: Optional[str] = TITLE, department: Optional[str] = DEPT, reports_to: Optional[str] = BOSS,
         no_reports_to: bool = typer.Option(False, "--no-reports-to", help="Clear the reporting line."),
         orientation: Optional[str] = ORIENT, relationship: Optional[str] = REL, influence: Optional[str] = INFL,
         circle: Optional[str] = CIRCLE, phone: Optional[str] = typer.Option(None, help="Phone."),
         email: Optional[str] = typer.Option(None, help="E-mail."),
         notes: Optional[str] = typer.Option(None, help="Free notes.")) -> None:
    """Change a person's details or reporting line.

    \b
    Example: tasplus contact edit 李明 --reports-to 王建国 --relationship 正向
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import accounts
    from tasplus_cli.store.models import Account

    fields = _vocab_fields(orientation, relationship, influence)
    with env().session(write=True) as s:
        c = accounts.get_contact(s, contact)
        boss = accounts.get_contact(s, reports_to, s.get(Account, c.account_id)) if reports_to else None
        accounts.edit_contact(s, c, reports_to=boss, clear_reports_to=no_reports_to, name=name, title=title,
                              department=department, circle=circle, phone=phone, email=email, notes=notes, **fields)
    success(msg("success.contact.updated", code=c.code, name=c.name))
