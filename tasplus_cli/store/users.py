"""The sales team's people (METHOD §14): add, edit, rename and remove users, look one up,
the team below a manager, the list of users, and handing deals from one owner to another.

Invariants:
- A user is named by a unique ``name`` (matched case-blind, stored as first
  typed); every column that holds a user holds that name (``USER_COLUMNS``),
  so a rename updates them all in the caller's one transaction.
- ``manager`` is another user's name or None; managers form a tree (no cycle,
  ``domain.users.manager_loop``).
- A name given for a user (``--owner``, ``--by``, ``--manager``) must be a user:
  ``require_user`` raises NotFound (exit 1) with the command that adds it.
  The person typing (``TASPLUS_USER`` / ``config user``) becomes a user the
  first time they write a deal they own (``ensure_user``), so a rep never has
  to register themself before their first deal.
- A user is removed only while no record names them (``references``): deals
  (reassign them), reports (give them another manager), coaching actions,
  targets, forecast calls, and the history of surveys and recorded reviews
  (a person in the history stays a user; rename them instead). So every stored
  name of ``USER_COLUMNS`` is a user, and ``store.audit`` reports one that is not.
- ``reassign`` changes the owner of a set of deals, one history line each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, update
from sqlmodel import Session, SQLModel, select

from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.domain.names import require_text
from tasplus_cli.domain.users import check_email, fold, manager_loop
from tasplus_cli.messages import command, msg, plural
from tasplus_cli.store.tables import Opportunity, utcnow
from tasplus_cli.store.records import all_for_change, claim_name, for_change, record, writing

if TYPE_CHECKING:  # annotations only: the table is built where a function uses it
    from tasplus_cli.store.tables import AppUser

# (table, column) of every stored user name; a rename updates them all
USER_COLUMNS = (("opportunity", "owner"), ("survey", "answered_by"), ("survey", "reviewed_by"),
                ("review", "owner"), ("review", "team"), ("app_user", "manager"), ("sales_target", "user"),
                ("forecast_call", "user"), ("coaching_action", "owner"))
# why a user cannot be removed: the columns that name them, grouped as the refusal says them
_HELD = (("deals", (("opportunity", "owner"),)), ("reports", (("app_user", "manager"),)),
         ("actions", (("coaching_action", "owner"),)),
         ("targets", (("sales_target", "user"), ("forecast_call", "user"))),
         ("history", (("survey", "answered_by"), ("survey", "reviewed_by"), ("review", "owner"), ("review", "team"))))


def find_user(s: Session, name: str) -> AppUser | None:
    """The user called ``name`` (case-blind, surrounding spaces ignored), or None."""
    from tasplus_cli.store.tables import AppUser

    return s.exec(select(AppUser).where(func.lower(AppUser.name) == name.strip().lower())).first()


def _unknown(name: str, flag: str) -> NotFound:
    if flag == "--mine":  # the person typing: say where that name comes from
        return NotFound(msg("error.user.not_you", name=name),
                        msg("hint.user.not_you", add=command("user", "add", name.strip()),
                            config=command("config", "set", "user", "NAME")))
    return NotFound(msg("error.user.unknown", name=name, flag=flag),
                    msg("hint.user.unknown", add=command("user", "add", name.strip()), list=command("user", "list")))


def require_user(s: Session, name: str, flag: str = "--owner") -> str:
    """The stored name of the user ``name``; NotFound naming ``flag`` and the command that adds it
    (``--mine``: the person typing, named as TASPLUS_USER or the config's ``user``)."""
    u = find_user(s, name)
    if u is None:
        raise _unknown(name, flag)
    return u.name


def ensure_user(s: Session, name: str) -> tuple[str, bool]:
    """The stored name of ``name``, adding it as a user (no manager) when it is not one yet;
    ``(name, added)``."""
    from tasplus_cli.store.tables import AppUser

    claim_name(s, "user", name.strip())
    u = find_user(s, name)
    if u is not None:
        return u.name, False
    s.add(AppUser(name=name.strip()))
    s.flush()
    return name.strip(), True


def managers(s: Session) -> dict[str, str | None]:
    """Every user's name → their manager's name."""
    from tasplus_cli.store.tables import AppUser

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


# --- add, edit, remove ------------------------------------------------------------------------

def _free_name(s: Session, name: str, but: AppUser | None = None) -> None:
    claim_name(s, "user", name)
    other = find_user(s, name)
    if other is not None and other is not but:
        raise Conflict(msg("error.user.exists", name=other.name),
                       msg("hint.user.exists", list=command("user", "list"),
                           edit=command("user", "edit", other.name, "--name", "NEW")))


def _manager(s: Session, person: str, manager: str) -> str:
    boss = require_user(s, require_text(manager, "--manager"), "--manager")
    if manager_loop(managers(s), person, boss):
        key = "error.user.self_manager" if fold(boss) == fold(person) else "error.user.cycle"
        raise InvalidValue(msg(key, name=person, manager=boss),
                           msg("hint.user.cycle", name=person, manager=boss,
                               command=command("user", "edit", boss, "--manager", "OTHER")))
    return boss


def add_user(s: Session, name: str, manager: str | None = None, email: str | None = None) -> AppUser:
    """A new user; ``name`` free (case-blind), ``manager`` a user, ``email`` an address."""
    from tasplus_cli.store.tables import AppUser

    name = require_text(name, "NAME")
    _free_name(s, name)
    u = AppUser(name=name, manager=_manager(s, name, manager) if manager is not None else None,
                email=check_email(email) if email is not None else None)
    s.add(u)
    s.flush()
    return u


def edit_user(s: Session, u: AppUser, *, name: str | None = None, manager: str | None = None,
              no_manager: bool = False, email: str | None = None) -> list[str]:
    """Change a user; return the fields that changed (``name``, ``manager``, ``email``). A new name
    is written into every column of ``USER_COLUMNS`` that held the old one."""
    for_change(s, u)
    if manager is not None and no_manager:
        raise InvalidValue(msg("error.user.manager_flags"), msg("hint.user.manager_flags"))
    new = {"email": check_email(email) if email is not None else None,
           "manager": _manager(s, u.name, manager) if manager is not None else None}
    changed = [k for k in ("manager", "email") if new[k] is not None and new[k] != getattr(u, k)]
    if no_manager and u.manager is not None:
        new["manager"], changed = None, [*changed, "manager"]
    for k in changed:
        setattr(u, k, new[k])
    if name is not None:
        name = require_text(name, "--name")
        _free_name(s, name, but=u)
        if name != u.name:
            _rename(s, u, name)
            changed.insert(0, "name")
    if changed:
        u.updated_at = utcnow()
        s.add(u)
        s.flush()
    return changed


def _rename(s: Session, u: AppUser, new: str) -> None:
    from tasplus_cli.store import models  # noqa: F401 - registers every table of USER_COLUMNS

    old = u.name
    s.flush()
    tables = SQLModel.metadata.tables
    for table, column in USER_COLUMNS:
        t = tables[table]
        s.exec(update(t).where(t.c[column] == old).values({column: new}))
    u.name = new
    s.add(u)
    s.flush()
    s.expire_all()  # rows loaded before (a report's manager, a deal's owner) read the new name


def references(s: Session, name: str) -> dict[tuple[str, str], int]:
    """How many rows of each ``USER_COLUMNS`` column hold ``name`` (exactly as stored); only the
    columns with some."""
    from tasplus_cli.store import models  # noqa: F401 - registers every table of USER_COLUMNS

    tables = SQLModel.metadata.tables
    out = {}
    for table, column in USER_COLUMNS:
        t = tables[table]
        n = s.exec(select(func.count()).select_from(t).where(t.c[column] == name)).one()
        if n:
            out[(table, column)] = n
    return out


def remove_user(s: Session, u: AppUser) -> None:
    """Delete a user no record names (module docstring); Conflict saying which records do, and
    the command that frees the first of them."""
    from tasplus_cli.store.tables import AppUser

    for_change(s, u)
    held = references(s, u.name)
    if not held:
        s.delete(u)
        s.flush()
        return
    reasons, hints = [], []
    for group, columns in _HELD:
        n = sum(held.get(c, 0) for c in columns)
        if not n:
            continue
        if group == "deals":
            still = s.exec(select(func.count()).where(Opportunity.owner == u.name,
                                                      Opportunity.status == "open")).one()
            reasons.append(plural("user.in_use.deals", n, open=still))
            words = ("opp", "reassign", u.name, "OTHER", *(() if still == n else ("--status", "all")))
            hints.append(msg("hint.user.reassign", command=command(*words)))
        elif group == "reports":
            names = s.exec(select(AppUser.name).where(AppUser.manager == u.name).order_by(AppUser.name)).all()
            reasons.append(plural("user.in_use.reports", n, names=msg("list.separator").join(names)))
            hints.append(msg("hint.user.reports", command=command("user", "edit", names[0], "--manager", "OTHER")))
        else:
            reasons.append(plural(f"user.in_use.{group}", n))
            hints.append(msg("hint.user.history", command=command("user", "edit", u.name, "--name", "NEW")))
    raise Conflict(msg("error.user.in_use", name=u.name, reasons=msg("list.separator").join(reasons)), hints[0])


def get_user(s: Session, name: str, flag: str = "NAME") -> AppUser:
    """The user called ``name``; NotFound naming ``flag`` otherwise. Loaded for change in a write session."""
    u = find_user(s, name)
    if u is None:
        raise _unknown(name, flag)
    return for_change(s, u) if writing(s) else u


# --- the list ---------------------------------------------------------------------------------

def user_rows(s: Session, team: str | None = None) -> list[dict]:
    """Every user (or ``team``'s: the manager and everyone below), in tree order: each manager
    before their reports, names sorted; ``level`` is the depth below the list's top."""
    from tasplus_cli.store.tables import AppUser

    open_deals = dict(s.exec(select(Opportunity.owner, func.count()).where(Opportunity.status == "open")
                             .group_by(Opportunity.owner)).all())
    users = {u.name: u for u in s.exec(select(AppUser)).all()}
    keep = set(team_names(s, team)) if team else set(users)
    below: dict[str | None, list[str]] = {}
    for name in sorted(keep, key=fold):
        boss = users[name].manager
        below.setdefault(boss if boss in keep else None, []).append(name)
    out: list[dict] = []

    def walk(name: str, level: int) -> None:
        u = users[name]
        out.append({"name": u.name, "manager": u.manager, "email": u.email, "open_deals": open_deals.get(u.name, 0),
                    "reports": len(below.get(u.name, [])), "level": level})
        for n in below.get(name, []):
            walk(n, level + 1)

    for top in below.get(None, []):
        walk(top, 0)
    return out


# --- handing deals over -----------------------------------------------------------------------

def owner_name(s: Session, name: str, flag: str = "FROM") -> str:
    """The owner name as stored: a user's name, or (for deals whose owner is no user, as
    ``db doctor`` reports them) the exact name on some deal; NotFound otherwise."""
    u = find_user(s, name)
    if u is not None:
        return u.name
    if s.exec(select(Opportunity.id).where(Opportunity.owner == name.strip())).first() is not None:
        return name.strip()
    raise _unknown(name, flag)


def owned_deals(s: Session, owner: str, status: str | None = "open") -> list[Opportunity]:
    """The deals ``owner`` owns (``status`` None: every status), by code; loaded for change in a
    write session."""
    where = [Opportunity.owner == owner, *([Opportunity.status == status] if status else [])]
    if writing(s):
        return sorted(all_for_change(s, Opportunity, *where), key=lambda o: o.code)
    return list(s.exec(select(Opportunity).where(*where).order_by(Opportunity.code)).all())


def reassign(s: Session, deals: list[Opportunity], to: str, by: str, reason: str | None = None) -> None:
    """Make ``to`` (a stored user name) the owner of ``deals``, one history line each."""
    for o in deals:
        if o.owner != to:
            record(s, o, "owner", o.owner, to, by, reason)
            o.owner = to
