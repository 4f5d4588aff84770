"""The sales team's people (METHOD §14): look a user up, the team below a manager,
and the user who is typing.

Invariants:
- A user is named by a unique ``name`` (matched case-blind, stored as first
  typed); every column that holds a user holds that name (``USER_COLUMNS``).
- ``manager`` is another user's name or None; managers form a tree (no cycle,
  ``domain.people.would_cycle``).
- A name given for a user (``--owner``, ``--by``, ``--manager``) must be a user:
  ``require_user`` raises NotFound (exit 1) with the command that adds it.
  The person typing (``TASPLUS_USER`` / ``config user``) becomes a user the
  first time they write a deal they own (``ensure_user``), so a rep never has
  to register themself before their first deal.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain.errors import NotFound
from tasplus_cli.messages import command, msg
from tasplus_cli.store.models import AppUser

# (table, column) of every stored user name; a rename updates them all
USER_COLUMNS = (("opportunity", "owner"), ("survey", "answered_by"), ("survey", "reviewed_by"),
                ("review", "owner"), ("review", "team"), ("app_user", "manager"), ("sales_target", "user"),
                ("forecast_call", "user"), ("coaching_action", "owner"))


def find_user(s: Session, name: str) -> AppUser | None:
    """The user called ``name`` (case-blind, surrounding spaces ignored), or None."""
    return s.exec(select(AppUser).where(func.lower(AppUser.name) == name.strip().lower())).first()


def require_user(s: Session, name: str, flag: str = "--owner") -> str:
    """The stored name of the user ``name``; NotFound naming ``flag`` and the command that adds it."""
    u = find_user(s, name)
    if u is None:
        raise NotFound(msg("error.user.unknown", name=name, flag=flag),
                       msg("hint.user.unknown", add=command("user", "add", name.strip()), list=command("user", "list")))
    return u.name


def ensure_user(s: Session, name: str) -> tuple[str, bool]:
    """The stored name of ``name``, adding it as a user (no manager) when it is not one yet;
    ``(name, added)``."""
    u = find_user(s, name)
    if u is not None:
        return u.name, False
    s.add(AppUser(name=name.strip()))
    s.flush()
    return name.strip(), True


def managers(s: Session) -> dict[str, str | None]:
    """Every user's name → their manager's name."""
    return dict(s.exec(select(AppUser.name, AppUser.manager)).all())


def team_names(s: Session, manager: str) -> list[str]:
    """``manager`` (a user; NotFound otherwise) and everyone below them, recursively, sorted."""
    top = require_user(s, manager, "--team")
    below: dict[str | None, list[str]] = {}
    for name, boss in managers(s).items():
        below.setdefault(boss, []).append(name)
    out, todo = set(), [top]
    while todo:
        n = todo.pop()
        if n not in out:
            out.add(n)
            todo.extend(below.get(n, []))
    return sorted(out)
