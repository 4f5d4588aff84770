"""Accounts and their people (contacts): create, edit, look up, list as dicts.

Invariants: account names are unique (case-blind; ``records.claim_name`` makes
two writers of one name take turns); a contact's name is unique within its
account; ``reports_to`` points at a contact of the same account and never
forms a cycle (checked by ``domain.people.would_cycle``). Contact changes load
their account for change first, so two edits of one account's people (a
cycle made from both ends, one name twice) take turns.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain.errors import Conflict, InvalidValue
from tasplus_cli.domain.names import require_text
from tasplus_cli.domain.people import would_cycle
from tasplus_cli.messages import command, msg
from tasplus_cli.store.records import assign_code, claim_name, for_change, normalize_code, resolve
from tasplus_cli.store.tables import Account, Contact, Opportunity, utcnow

ACCOUNT_FIELDS = ("name", "industry", "region", "notes")
CONTACT_FIELDS = ("name", "title", "department", "orientation", "relationship", "influence", "circle",
                  "phone", "email", "notes")


def get_account(s: Session, ref: str) -> Account:
    return resolve(s, Account, ref, "ACC", "account", command("account", "list"))


def get_contact(s: Session, ref: str, account: Account | None = None) -> Contact:
    """By code anywhere, or by name within ``account`` when given (names repeat across accounts)."""
    scope = Contact.account_id == account.id if account is not None and not normalize_code(ref, "CON") else None
    return resolve(s, Contact, ref, "CON", "contact", command("contact", "list"), scope=scope)


def add_account(s: Session, name: str, **fields: Any) -> Account:
    name = require_text(name, "NAME", details="--notes")
    claim_name(s, "account", name)
    if s.exec(select(Account).where(func.lower(Account.name) == name.lower())).first():
        raise Conflict(msg("error.account.exists", name=repr(name)),
                       msg("hint.account.edit", command=command("account", "edit")))
    acc = Account(name=name, **{k: v for k, v in fields.items() if v is not None})
    assign_code(s, acc, "ACC")
    return acc


def edit_account(s: Session, acc: Account, **fields: Any) -> Account:
    for_change(s, acc)
    if fields.get("name") is not None:
        fields["name"] = require_text(fields["name"], "--name", details="--notes")
        claim_name(s, "account", fields["name"])
        other = s.exec(select(Account).where(func.lower(Account.name) == fields["name"].lower(),
                                             Account.id != acc.id)).first()
        if other:
            raise Conflict(msg("error.account.name_taken", code=other.code, name=repr(fields["name"])),
                           msg("hint.account.other_name"))
    _apply(acc, fields)
    s.add(acc)
    return acc


def add_contact(s: Session, account: Account, name: str, reports_to: Contact | None = None, **fields: Any) -> Contact:
    name = require_text(name, "NAME", details="--notes")
    for_change(s, account)
    if s.exec(select(Contact).where(Contact.account_id == account.id, Contact.name == name)).first():
        raise Conflict(msg("error.contact.exists", account=account.name, name=repr(name)),
                       msg("hint.contact.edit", command=command("contact", "edit")))
    c = Contact(account_id=account.id, name=name, **{k: v for k, v in fields.items() if v is not None})
    if reports_to is not None:
        _check_same_account(c, reports_to)
    assign_code(s, c, "CON")
    if reports_to is not None:
        c.reports_to_id = reports_to.id
        s.add(c)
    return c


def edit_contact(s: Session, c: Contact, reports_to: Contact | None = None, clear_reports_to: bool = False,
                 **fields: Any) -> Contact:
    for_change(s, s.get(Account, c.account_id))  # the account first: its hierarchy and names change together
    for_change(s, c)
    if fields.get("name") is not None:
        fields["name"] = require_text(fields["name"], "--name", details="--notes")
        if s.exec(select(Contact).where(Contact.account_id == c.account_id, Contact.name == fields["name"],
                                        Contact.id != c.id)).first():
            account = s.get(Account, c.account_id)
            raise Conflict(msg("error.contact.exists", account=account.name, name=repr(fields["name"])),
                           msg("hint.contact.other_name"))
    if reports_to is not None:
        _check_same_account(c, reports_to)
        lines = dict(s.exec(select(Contact.id, Contact.reports_to_id).where(Contact.account_id == c.account_id)).all())
        if would_cycle(lines, c.id, reports_to.id):
            raise Conflict(msg("error.contact.cycle", name=c.name, boss=reports_to.name),
                           msg("hint.contact.cycle", boss=reports_to.name))
        c.reports_to_id = reports_to.id
    elif clear_reports_to:
        c.reports_to_id = None
    _apply(c, fields)
    s.add(c)
    return c


def _check_same_account(c: Contact, boss: Contact) -> None:
    if boss.account_id != c.account_id:
        raise InvalidValue(msg("error.contact.other_account", code=boss.code, name=boss.name),
                           msg("hint.contact.same_account"))


def _apply(row: Any, fields: dict) -> None:
    changed = False
    for k, v in fields.items():
        if v is not None:
            setattr(row, k, v)
            changed = True
    if changed:
        row.updated_at = utcnow()


def account_dict(a: Account, deals: int = 0, contacts: int = 0) -> dict:
    return {"code": a.code, "name": a.name, "industry": a.industry, "region": a.region, "notes": a.notes,
            "external_id": a.external_id, "deals": deals, "contacts": contacts}


def list_accounts(s: Session) -> list[dict]:
    deals = dict(s.exec(select(Opportunity.account_id, func.count()).group_by(Opportunity.account_id)).all())
    people = dict(s.exec(select(Contact.account_id, func.count()).group_by(Contact.account_id)).all())
    return [account_dict(a, deals.get(a.id, 0), people.get(a.id, 0))
            for a in s.exec(select(Account).order_by(Account.code)).all()]


def contact_dict(c: Contact, account: Account | None, boss: Contact | None) -> dict:
    return {"code": c.code, "name": c.name, "account": account.name if account else None,
            "account_code": account.code if account else None, "title": c.title, "department": c.department,
            "reports_to": boss.code if boss else None, "reports_to_name": boss.name if boss else None,
            "orientation": c.orientation, "relationship": c.relationship, "influence": c.influence,
            "circle": c.circle, "phone": c.phone, "email": c.email, "notes": c.notes, "external_id": c.external_id}


def list_contacts(s: Session, account: Account | None = None) -> list[dict]:
    q = select(Contact).order_by(Contact.code)
    if account is not None:
        q = q.where(Contact.account_id == account.id)
    rows = s.exec(q).all()
    accounts = {a.id: a for a in s.exec(select(Account)).all()}
    by_id = {c.id: c for c in s.exec(select(Contact)).all()}
    return [contact_dict(c, accounts.get(c.account_id), by_id.get(c.reports_to_id)) for c in rows]
