"""Users named in CSV cells (``values.User``: a deal's owner, a survey's answerer and reviewer,
a recorded review's scope, a user's manager), over one in-memory map per import.

A cell naming a user holds their name, matched case-blind (``domain.users.fold``) and stored
as the user's own spelling, like ``store.users.require_user``. An unknown name is a bad cell
naming the column and the value, unless ``--create-missing``: then it becomes a new user (no
manager, no email), inserted before the rows that name it (``flush``), counted in
``ctx.created["users"]``. ``ensure`` adds a name whatever the options: the person typing, who
owns the deals of a file without an owner column, as ``opp new`` makes them a user.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.users import fold
from tasplus_cli.messages import msg
from tasplus_cli.store.models import AppUser
from tasplus_cli.store.transfer import bulk


class UserNames:
    def __init__(self, s: Any):
        self.known: dict[str, str] = {fold(n): n for n in s.execute(select(AppUser.name)).scalars()}
        self.pending: list[str] = []

    def get(self, name: str) -> str | None:
        """The stored spelling of a user's name, or None."""
        return self.known.get(fold(name))

    def add(self, name: str) -> None:
        """A user this import writes (a row of the ``users`` kind)."""
        self.known.setdefault(fold(name), name)

    def ensure(self, name: str, ctx: Any) -> str:
        hit = self.get(name)
        if hit is not None:
            return hit
        self.known[fold(name)] = name
        self.pending.append(name)
        ctx.created["users"] = ctx.created.get("users", 0) + 1
        return name

    def resolve(self, name: str, flag: str, ctx: Any) -> str:
        """The stored spelling of the user ``name``; see the module docstring."""
        hit = self.get(name)
        if hit is not None:
            return hit
        if ctx.opts.create_missing:
            return self.ensure(name, ctx)
        raise InvalidValue(msg("error.csv.no_user", flag=flag, name=name), msg("hint.csv.no_user"))

    def flush(self, s: Any, now: Any) -> None:
        """Insert the users planned by ``ensure``."""
        bulk.insert_rows(s, AppUser.__table__, [{"name": n, "created_at": now, "updated_at": now}
                                                for n in self.pending])
        self.pending = []
