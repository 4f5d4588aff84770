"""The public Python API of tasplus: a ``Workspace`` is one database with its
settings, the person acting and the day it is.

    from tasplus_cli.api import Workspace

    ws = Workspace("pipeline.db", user="张伟")
    ws.add_account("华东省农商银行")
    deal = ws.new_deal("核心系统升级", account="华东省农商银行", amount="6,000,000")
    ws.add_event(deal["code"], "监管要求年底前上线", kind="regulation", confirmed=True)
    ws.advance(deal["code"])
    ws.run_survey(deal["code"], inside_source=True, our_fit=4, our_closeness=4,
                  competitors={"翼辰软件": (5, 3), "澜拓数科": (3, 2)})
    ws.win_rate(deal["code"])["win_rate"]       # 42 (METHOD §9's worked example)
    ws.review()["deals"]                        # the weekly agenda

The command line is a thin layer over the same objects (``cli/env.Env`` opens its
sessions through a ``Workspace``); the demo loader and the tests use it too.

Invariants: each method is one transaction (all of its writes or none) and
returns the same plain dicts the matching ``--json`` prints; methods that
change a record load it for change (``store.records.for_change``), so
concurrent callers of one deal take turns, as commands do; records are named
by code or unambiguous name, as on the command line; errors are the named
exceptions of ``domain.errors`` (``NotFound``, ``GateBlocked`` …) with a message
and a hint. Nothing here prints, prompts or reads the environment, except
``Workspace.from_environment``, which resolves the database and config exactly
as the command line does.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from tasplus_cli.settings import DEFAULTS, Settings, parse

if TYPE_CHECKING:
    from sqlmodel import Session

    from tasplus_cli.domain.deals import DealFilter


@dataclass
class Workspace:
    """A database (file path or URL), its typed settings, who acts, and today."""

    target: str | Path
    settings: Settings = field(default_factory=lambda: parse(DEFAULTS))
    user: str = "me"
    today: date = field(default_factory=date.today)

    @classmethod
    def from_environment(cls, db: str | None = None) -> Workspace:
        """The workspace a ``tasplus`` command would use: ``--db`` (``db``) > ``TASPLUS_DB`` >
        the config's ``database`` > the data dir; config file, user and today as the CLI reads them."""
        from tasplus_cli import config, envvars, paths
        from tasplus_cli.domain.dates import today_or

        cfg = config.load()
        return cls(paths.database_target(db, cfg.settings.database or None), cfg.settings, cfg.user,
                   today_or(envvars.today()))

    @property
    def url(self) -> str:
        from tasplus_cli.store.db import to_url

        return to_url(str(self.target))

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        """One transaction (migrating the database first if it is behind): commit on success."""
        from tasplus_cli.store.db import session

        with session(self.url, write=write) as s:
            yield s

    # --- accounts and deals (METHOD §1–5) --------------------------------------------------

    def add_account(self, name: str, **fields: Any) -> dict:
        from tasplus_cli.store import accounts

        with self.session(write=True) as s:
            return accounts.account_dict(accounts.add_account(s, name, **fields))

    def add_contact(self, account: str, name: str, reports_to: str | None = None, **fields: Any) -> dict:
        from tasplus_cli.store import accounts

        with self.session(write=True) as s:
            acc = accounts.get_account(s, account)
            boss = accounts.get_contact(s, reports_to, acc) if reports_to else None
            c = accounts.add_contact(s, acc, name, reports_to=boss, **fields)
            return accounts.contact_dict(c, acc, boss)

    def new_deal(self, name: str, *, account: str, amount: str | int, **options: Any) -> dict:
        """Create a deal graded from ``amount`` (major units, ``6,000,000`` or ``600万``); ``options``
        are those of ``opp new``: currency, owner, close_date, partner, registration_id, stage."""
        from tasplus_cli.domain.money import parse_amount
        from tasplus_cli.store import accounts, opps
        from tasplus_cli.store.read import opps as read

        with self.session(write=True) as s:
            acc = accounts.get_account(s, account)
            o = opps.create(s, self.settings, name=name, account=acc, amount_minor=parse_amount(str(amount)),
                            by=self.user, today=self.today, **options)
            return read.opp_dict(o, acc, None)

    def deal(self, opp: str) -> dict:
        """What ``opp show --json`` prints."""
        from tasplus_cli.store import opps, plans, team, winrate
        from tasplus_cli.store.fx import fx_on
        from tasplus_cli.store.tables import Account
        from tasplus_cli.store.read import opps as read

        with self.session() as s:
            o = opps.get_opp(s, opp)
            data = read.opp_dict(o, s.get(Account, o.account_id), read.latest_win_rates(s, [o.id]).get(o.id))
            data = read.in_base(data, fx_on(s, self.settings.currency, self.today))
            data["incumbent"] = plans.incumbent_of(s, o)
            data["events"] = read.events(s, o)
            data["team"] = team.members(s, o)
            data["next_gate"] = opps.next_gate(s, self.settings, o, self.today)
            data["closed"] = winrate.closed_info(s, o)  # a closed deal's win rate is frozen (METHOD §9)
            if data["closed"]:
                data["win_rate"] = winrate.frozen(s, o).value
            return data

    def deals(self, where: DealFilter | None = None, **filters: Any) -> list[dict]:
        """What ``opp list --json`` prints: deals matching ``where`` (a ``domain.deals.DealFilter``)
        or its fields given by name (``status=None``: every status); open deals by default, each
        also in the base currency at today's rate (``amount_base``, ``fx``)."""
        from tasplus_cli.domain.deals import DealFilter
        from tasplus_cli.store.read import opps as read

        from tasplus_cli.store.fx import fx_on

        with self.session() as s:
            return read.list_opps(s, where or DealFilter(**filters), fx_on(s, self.settings.currency, self.today))

    def add_event(self, opp: str, text: str, *, kind: str = "other", deadline: date | None = None,
                  evidence: str | None = None, confirmed: bool = False) -> str:
        """Add a compelling event; returns its code."""
        from tasplus_cli.store import events, opps

        with self.session(write=True) as s:
            e = events.add(s, opps.get_opp(s, opp), text, kind, self.user, self.today, deadline, evidence,
                           confirmed, params=self.settings.winrate)
            return e.code

    def advance(self, opp: str, to: str | None = None, *, force: bool = False, reason: str | None = None) -> str:
        """Move a deal to the next stage (or ``to``), through its gate; returns the new stage key."""
        from tasplus_cli.store import opps

        with self.session(write=True) as s:
            o = opps.get_opp(s, opp)
            target = self.settings.template.parse(to) if to else None
            return opps.advance(s, self.settings, o, self.user, self.today, target=target, force=force,
                                reason=reason)

    def close(self, opp: str, outcome: str, *, reason: str | None = None, competitor: str | None = None,
              on: date | None = None, force: bool = False) -> None:
        """Close as ``won``, ``lost`` or ``abandoned``."""
        from tasplus_cli.store import competitors, opps

        with self.session(write=True) as s:
            o = opps.get_opp(s, opp)
            comp = competitors.get_competitor(s, competitor) if competitor else None
            opps.close(s, self.settings, o, self.user, self.today, outcome, on=on, reason=reason,
                       competitor=comp, force=force)

    # --- the survey and the win rate (METHOD §6–9) -----------------------------------------

    def run_survey(self, opp: str, *, inside_source: bool, our_fit: int, our_closeness: int,
                   competitors: dict[str, tuple[int, int]], source: str | None = None,
                   answered_by: str | None = None, reviewed_by: str | None = None,
                   day: date | None = None) -> dict:
        """Record the four answers; competitors new to the library are added. Returns the
        win rate it gives (``winrate OPP --json``)."""
        from tasplus_cli.domain.winrate import SurveyAnswers
        from tasplus_cli.store import opps, surveys
        from tasplus_cli.store.competitors import find_competitor

        with self.session(write=True) as s:
            o = opps.get_opp(s, opp)
            new = [name for name in competitors if find_competitor(s, name) is None]
            answers = SurveyAnswers(inside_source=inside_source, source=source, our_fit=our_fit,
                                    our_closeness=our_closeness,
                                    competitors=[(n, f, c) for n, (f, c) in competitors.items()], create=new,
                                    answered_by=answered_by or self.user, reviewed_by=reviewed_by)
            surveys.record(s, self.settings.winrate, o, answers, day=day or self.today, today=self.today,
                           by=self.user)
        return self.win_rate(opp)

    def win_rate(self, opp: str) -> dict:
        """What ``winrate OPP --json`` prints: value, rank, field, reasons, the curve."""
        from tasplus_cli.store import opps, winrate

        with self.session() as s:
            return winrate.report(s, self.settings.winrate, self.settings.template, opps.get_opp(s, opp))

    # --- the weekly review (METHOD §13) ----------------------------------------------------

    def review(self, owner: str | None = None, limit: int = 0) -> dict:
        """What ``review --json`` prints: the agenda, each deal's changes and warnings, the summary."""
        from tasplus_cli.domain.deals import DealFilter
        from tasplus_cli.store.review import review_view

        with self.session() as s:
            return review_view(s, self.settings, self.today, DealFilter(owner=owner) if owner else None,
                               limit=limit)

    def load_demo(self) -> dict:
        """Fill an empty database with the demo company (``tasplus demo``); returns its counts."""
        from tasplus_cli.store import demo

        with self.session(write=True) as s:
            return demo.load(s, self.settings, self.today)
