"""Build the demo company from ``sample_data/demo.toml`` through the same store
functions the commands use, so its history, gates and grades are real.

Dates in the file are relative (``days_ago``, ``close_in_days``) so the demo
always looks current. After each step the history lines it wrote are dated
back to the step's day, so "what changed this week" means something.
Each ``[[steps]]`` entry names a handler in ``HANDLERS`` with ``do``. The
company is split over ``sample_data/demo*.toml`` (one file per part of the
method); their accounts, contacts and steps are read together.

The loader takes the typed ``settings.Settings`` (grades, stage template,
win-rate parameters, home currency: what the commands it replays need),
never the config file.

``make_room`` clears the demo's file before a build: the path itself, never
through a symbolic link (a link there is refused, exit 2, so ``demo --yes``
cannot replace the link's target); a file given with ``--path`` is replaced
only when the user said so.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import func, update
from sqlmodel import Session, select

from tasplus_cli.domain.errors import Conflict, InvalidValue
from tasplus_cli.domain.money import parse_amount
from tasplus_cli.messages import msg
from tasplus_cli.settings import Settings
from tasplus_cli.store import (accounts, activities, coaching, competitors, events, forecast, opps, stakeholders,
                               surveys, team)
from tasplus_cli.store import plans as plan
from tasplus_cli.store.models import Account, AppUser, CompellingEvent, Contact, OppChange, Opportunity, WinRatePoint, utcnow


def sample_dir() -> Path:
    from tasplus_cli.paths import shipped

    return shipped("sample_data", "demo.toml")


def read_sample(folder: Path | None = None) -> dict[str, list]:
    """All ``demo*.toml`` files of ``folder`` merged: lists concatenated in file order."""
    merged: dict[str, list] = {}
    for f in sorted((folder or sample_dir()).glob("demo*.toml")):
        for key, items in tomllib.loads(f.read_text(encoding="utf-8")).items():
            merged.setdefault(key, []).extend(items)
    return merged


def make_room(path: Path, given: bool, replace: bool) -> Path:
    """The demo database's path (absolute, its folders' links resolved, its own name never),
    with the file and its -wal/-shm/-journal removed (see the module docstring). ``given``:
    named with ``--path``; ``replace``: ``--yes``."""
    path = Path(os.path.abspath(path.expanduser()))
    path = path.parent.resolve() / path.name
    if path.is_symlink():
        raise InvalidValue(msg("error.setup.demo_symlink", path=path), msg("hint.setup.demo_symlink"))
    if given and os.path.lexists(path) and not replace:
        raise Conflict(msg("error.setup.demo_exists", path=path), msg("hint.setup.demo_exists"))
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


class Demo:
    """Loader state: the session, the settings, today, and deals by their file key."""

    def __init__(self, s: Session, settings: Settings, today: date):
        self.s, self.settings, self.today = s, settings, today
        self.deals: dict[str, Opportunity] = {}
        self.day = today

    def when(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def deal(self, step: dict) -> Opportunity:
        return self.deals[step["deal"]]

    def account(self, name: str) -> Account:
        return accounts.get_account(self.s, name)

    def contact(self, account: Account, name: str) -> Contact:
        return accounts.get_contact(self.s, name, account)


def _deal(d: Demo, step: dict) -> None:
    o = opps.create(d.s, d.settings, name=step["name"], account=d.account(step["account"]),
                    amount_minor=parse_amount(step["amount"]), by=step.get("by", step["owner"]), owner=step["owner"],
                    close_date=d.today + timedelta(days=step["close_in_days"]), partner=step.get("partner"),
                    registration_id=step.get("registration"))
    d.deals[step["key"]] = o
    if step.get("registration_status"):
        opps.set_grade(d.s, d.settings.grades, o, step["owner"], registration_status=step["registration_status"])
    if step.get("grade"):
        opps.set_grade(d.s, d.settings.grades, o, step["owner"], grade=step["grade"], reason=step["grade_reason"])


def _event(d: Demo, step: dict) -> None:
    o = d.deal(step)
    deadline = d.today + timedelta(days=step["deadline_in_days"]) if "deadline_in_days" in step else None
    ev = events.add(d.s, o, step["text"], step.get("kind", "other"), step.get("by", o.owner), d.day,
                    deadline=deadline, evidence=step.get("evidence"), confirmed=step.get("confirmed", False),
                    params=d.settings.winrate)
    step.setdefault("_code", ev.code)


def _event_status(d: Demo, step: dict) -> None:
    o = d.deal(step)
    ev = d.s.exec(select(CompellingEvent).where(CompellingEvent.opp_id == o.id,
                                                CompellingEvent.text == step["text"])).one()
    events.set_status(d.s, ev, o, step["status"], step.get("by", o.owner), d.day, step.get("reason"),
                      params=d.settings.winrate)


def _advance(d: Demo, step: dict) -> None:
    o = d.deal(step)
    opps.advance(d.s, d.settings, o, step.get("by", o.owner), d.day, target=step.get("to"),
                 force=step.get("force", False), reason=step.get("reason"))


def _team(d: Demo, step: dict) -> None:
    o = d.deal(step)
    team.add(d.s, o, step["name"], step["department"], step.get("by", o.owner), role=step.get("role"),
             stage_owner=step.get("stage_owner"), person_days=step.get("person_days"))


def _approve(d: Demo, step: dict) -> None:
    o = d.deal(step)
    opps.approve(d.s, o, step.get("by", "王磊"), d.day, step.get("note"))


def _edit(d: Demo, step: dict) -> None:
    o = d.deal(step)
    changes: dict[str, Any] = {}
    if "amount" in step:
        changes["amount_minor"] = parse_amount(step["amount"])
    if "close_in_days" in step:
        changes["close_date"] = d.today + timedelta(days=step["close_in_days"])
    for key in ("tender_issued", "contract_signed"):
        if f"{key}_days_ago" in step:
            changes[f"{key}_on"] = d.when(step[f"{key}_days_ago"])
    if "bid_result" in step:
        changes["bid_result"] = step["bid_result"]
    opps.edit(d.s, d.settings.grades, o, step.get("by", o.owner), step.get("reason"), **changes)


def _close(d: Demo, step: dict) -> None:
    o = d.deal(step)
    opps.close(d.s, d.settings, o, step.get("by", o.owner), d.day, step["outcome"], on=d.day,
               reason=step.get("reason"), force=step.get("force", False))


HANDLERS: dict[str, Callable[[Demo, dict], None]] = {
    "deal": _deal, "event": _event, "event_status": _event_status, "advance": _advance, "team": _team,
    "approve": _approve, "edit": _edit, "close": _close,
}
HANDLERS.update(competitors.DEMO_HANDLERS)
HANDLERS.update(surveys.DEMO_HANDLERS)
HANDLERS.update(stakeholders.DEMO_HANDLERS)
HANDLERS.update(activities.DEMO_HANDLERS)
HANDLERS.update(plan.DEMO_HANDLERS)
HANDLERS.update(coaching.DEMO_HANDLERS)
HANDLERS.update(forecast.DEMO_HANDLERS)


def load(s: Session, settings: Settings, today: date, folder: Path | None = None) -> dict[str, int]:
    """Load the demo into an empty database; return counts by record kind."""
    data = read_sample(folder)
    d = Demo(s, settings, today)
    for u in data.get("users", []):
        s.add(AppUser(name=u["name"], manager=u.get("manager"), email=u.get("email")))
    for a in data.get("accounts", []):
        accounts.add_account(s, a["name"], industry=a.get("industry"), region=a.get("region"), notes=a.get("notes"))
    for c in data.get("contacts", []):
        acc = d.account(c["account"])
        boss = d.contact(acc, c["reports_to"]) if c.get("reports_to") else None
        accounts.add_contact(s, acc, c["name"], reports_to=boss, **{k: c.get(k) for k in accounts.CONTACT_FIELDS
                                                                      if k != "name"})
    last_change, last_deal, start = 0, 0, utcnow()
    for step in sorted(data.get("steps", []), key=lambda st: -st.get("days_ago", 0)):
        d.day = d.when(step.get("days_ago", 0))
        HANDLERS[step["do"]](d, step)
        s.flush()
        stamp = datetime.combine(d.day, time(9, 0), tzinfo=timezone.utc)
        s.execute(update(OppChange).where(OppChange.id > last_change).values(at=stamp))
        s.execute(update(WinRatePoint).where(WinRatePoint.day == d.day, WinRatePoint.at > start).values(at=stamp))
        s.execute(update(Opportunity).where(Opportunity.id > last_deal).values(created_at=stamp))
        last_change = s.exec(select(OppChange.id).order_by(OppChange.id.desc())).first() or 0
        last_deal = max([o.id for o in d.deals.values()], default=0)
    from tasplus_cli.store import demo_history  # the past year of closed deals (sample_data/history.toml)

    past = demo_history.generate(s, settings, today, folder) if (folder or sample_dir()).joinpath(
        "history.toml").exists() else 0
    return {"accounts": s.exec(select(func.count()).select_from(Account)).one(),
            "contacts": len(data.get("contacts", [])), "deals": len(d.deals) + past}
