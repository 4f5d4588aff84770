"""Closed deals analysed (``tasplus analyze``, METHOD §15): which deals, and the one dict
``analyze --json`` prints (docs/analyze.md describes every key).

Invariants:
- The deals are the closed ones of a ``Closed`` filter: won and lost, abandoned
  unless excluded, closed (``closed_on``) between ``since`` and ``until``
  (inclusive), of an owner, a team or a grade (``store.read.opps.where_deals``),
  of accounts whose industry is ``industry`` (case-blind). ``selected`` is that
  set as one subquery; every query below narrows to it, so a filter reads only
  its deals.
- Plain aggregates are SQL (counts by status, win/loss by every dimension,
  ``store.analyze_winloss``); what needs a deal's timeline (the stage and win
  rate on a day, stays, slippage) streams the rows in deal order and keeps one
  deal's lines at a time (``store.analyze_stream``): memory does not grow with
  the history.
- No closed deal selected: ``NotFound`` (exit 1) naming the filters, nothing
  computed; fewer than ``MIN_DEALS``: every figure, ``meaningful`` false.
- Read only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain.calibration import MIN_DEALS
from tasplus_cli.domain.deals import DealFilter
from tasplus_cli.domain.errors import NotFound
from tasplus_cli.messages import command, msg
from tasplus_cli.settings import Settings
from tasplus_cli.store.models import Account, Opportunity
from tasplus_cli.store.read.opps import where_deals

SECTIONS = ("calibration", "winloss", "velocity")


@dataclass(frozen=True)
class Closed:
    """Which closed deals ``analyze`` reads (see the module docstring)."""

    deals: DealFilter = DealFilter(status=None)
    since: date | None = None
    until: date | None = None
    industry: str | None = None
    exclude_abandoned: bool = False

    @property
    def statuses(self) -> tuple[str, ...]:
        return ("won", "lost") if self.exclude_abandoned else ("won", "lost", "abandoned")

    def as_dict(self) -> dict:
        d = self.deals
        return {"from": self.since.isoformat() if self.since else None,
                "to": self.until.isoformat() if self.until else None,
                "owner": d.owner, "team": d.team, "grade": d.grade, "industry": self.industry,
                "exclude_abandoned": self.exclude_abandoned}


def selected(s: Session, f: Closed) -> Any:
    """The ids of the deals ``f`` selects, as a subquery (owner and team checked: NotFound)."""
    q = select(Opportunity.id).where(Opportunity.status.in_(f.statuses))
    q = where_deals(s, q, replace(f.deals, status=None))
    if f.since is not None:
        q = q.where(Opportunity.closed_on >= f.since)
    if f.until is not None:
        q = q.where(Opportunity.closed_on <= f.until)
    if f.industry:
        q = q.where(Opportunity.account_id.in_(select(Account.id).where(
            func.lower(Account.industry) == f.industry.strip().lower())))
    return q


def counts(s: Session, sel: Any) -> dict:
    rows = dict(s.exec(select(Opportunity.status, func.count()).where(Opportunity.id.in_(sel))
                       .group_by(Opportunity.status)).all())
    won, lost, abandoned = (int(rows.get(k, 0)) for k in ("won", "lost", "abandoned"))
    return {"deals": won + lost + abandoned, "won": won, "lost": lost, "abandoned": abandoned}


def _nothing(f: Closed) -> NotFound:
    """No closed deal matches: the one line names the filters given."""
    given = [f"{k} {v}" for k, v in f.as_dict().items() if v not in (None, False)]
    return NotFound(msg("error.analyze.no_deals", filters=", ".join(given) or msg("analyze.no_filter")),
                    msg("hint.analyze.no_deals", command=command("opp", "list", "--status", "all")))


def analyze(s: Session, settings: Settings, f: Closed, sections: tuple[str, ...] = SECTIONS) -> dict:
    """The ``analyze --json`` dict of ``sections`` over the deals ``f`` selects."""
    from tasplus_cli.store import analyze_stream, analyze_winloss

    sel = selected(s, f)
    closed = counts(s, sel)
    if not closed["deals"]:
        raise _nothing(f)
    data: dict[str, Any] = {"filters": f.as_dict(), "closed": closed, "min_deals": MIN_DEALS,
                            "meaningful": closed["deals"] >= MIN_DEALS, "sections": list(sections)}
    if "calibration" in sections or "velocity" in sections:
        data.update(analyze_stream.timelines(s, settings.template, sel, sections))
    if "winloss" in sections:
        data["winloss"] = analyze_winloss.winloss(s, sel, settings.analyze.lost_reasons)
    return data
