"""Helpers of the coaching and team-review tests: users and a forecast category written straight
into the test's database (their own commands belong to other parts of the CLI)."""

from __future__ import annotations


def add_users(*people: tuple[str, str | None]) -> None:
    """``(name, manager)`` pairs as users."""
    from tasplus_cli.api import Workspace
    from tasplus_cli.store.models import AppUser

    with Workspace.from_environment().session(write=True) as s:
        for name, manager in people:
            s.add(AppUser(name=name, manager=manager))


def set_category(code: str, category: str) -> None:
    """The deal's forecast category (pipeline|best-case|commit|omitted)."""
    from sqlmodel import select

    from tasplus_cli.api import Workspace
    from tasplus_cli.store.models import Opportunity

    with Workspace.from_environment().session(write=True) as s:
        o = s.exec(select(Opportunity).where(Opportunity.code == code)).one()
        o.forecast_category = category
        s.add(o)
