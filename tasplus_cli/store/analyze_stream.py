"""Calibration and velocity of closed deals (METHOD §15), streamed one deal at a time.

Three queries in deal-id order, read as cursors side by side: the deals, their
``stage`` and ``close_date`` history lines, their win-rate points. Each deal's
lines are folded into the running totals of ``domain.calibration`` and
dropped, so memory holds one deal's timeline and the totals, whatever the
size of the history.

What a deal's timeline says (docs/analyze.md):
- created: the day of ``created_at``, never after the close (a deal entered
  after it was closed, with a back-dated ``--date``, has a cycle of 0 days);
  an import gives it from a creation-date column mapped to ``created_at``;
- its stage on a day: the last ``stage`` line on or before that day (by the
  line's time), else the stage it was created in (the first line's ``old``,
  or its current stage when it never moved);
- its TAS+ win rate on a day: the last point dated on or before it (by day,
  then entry); n/a when that point is n/a, none when there is no point yet;
- at 30/60/90 days before the close a deal created after that day has no
  prediction there (neither classic nor TAS+);
- first close date: the ``old`` of its first ``close_date`` line (the ``new``
  when the first line set it from nothing); final: its ``close_date`` now.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import groupby
from typing import Any, Iterator

from sqlmodel import Session, select

from tasplus_cli.domain.calibration import HORIZONS, Conversion, Histogram, Scored, rate_on, stage_on, stays
from tasplus_cli.domain.stages import Template
from tasplus_cli.store.models import OppChange, Opportunity, WinRatePoint

_BATCH = 2000


def _day(v: Any) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, str):  # a raw SQLite value read without its column type
        return date.fromisoformat(v[:10])
    return v


def _stream(s: Session, q: Any) -> Iterator[tuple[int, list]]:
    """(deal id, its rows) in deal order, read ``_BATCH`` rows at a time."""
    rows = s.connection().execute(q.execution_options(yield_per=_BATCH))
    yield from ((k, list(g)) for k, g in groupby(rows, key=lambda r: r[0]))


class _Follow:
    """The rows of one deal at a time from a stream in deal order."""

    def __init__(self, it: Iterator[tuple[int, list]]):
        self.it, self.head = it, next(it, None)

    def of(self, opp_id: int) -> list:
        while self.head is not None and self.head[0] < opp_id:
            self.head = next(self.it, None)
        if self.head is not None and self.head[0] == opp_id:
            rows, self.head = self.head[1], next(self.it, None)
            return rows
        return []


class _Totals:
    def __init__(self, tpl: Template):
        self.probs = {st.key: st.probability for st in tpl.stages}
        self.keys = tpl.keys
        self.tasplus = {h: Scored() for h in HORIZONS}
        self.classic = {h: Scored() for h in HORIZONS}
        self.paired = {h: Scored() for h in HORIZONS}  # classic over the deals TAS+ scored
        self.na = dict.fromkeys(HORIZONS, 0)
        self.none = dict.fromkeys(HORIZONS, 0)
        self.reached = dict.fromkeys(HORIZONS, 0)
        self.conversion = Conversion(self.keys)
        self.stays = {k: Histogram() for k in self.keys}
        self.cycle = {k: Histogram() for k in ("all", "won", "lost", "abandoned")}
        self.slip = Histogram()  # days slipped, of the deals that slipped
        self.with_dates = self.slipped = self.pulled_in = 0

    def deal(self, d: Any, lines: list, points: list) -> None:
        closed, won = _day(d.closed_on), d.status == "won"
        created = min(_day(d.created_at), closed)
        lines = sorted(lines, key=lambda r: (r.at, r.id))
        moves = [(_day(r.at), r.new) for r in lines if r.field == "stage"]
        first_move = next((r for r in lines if r.field == "stage"), None)
        initial = first_move.old if first_move is not None and first_move.old else d.stage
        pts = [(_day(p.day), p.win_rate) for p in points]
        for h in HORIZONS:
            on = closed - timedelta(days=h)
            if h and created > on:
                continue
            self.reached[h] += 1
            prob = self.probs.get(stage_on(on, initial, moves))
            if prob is not None:
                self.classic[h].add(prob, won)
            has, rate = rate_on(on, pts)
            if not has:
                self.none[h] += 1
            elif rate is None:
                self.na[h] += 1
            else:
                self.tasplus[h].add(rate, won)
                if prob is not None:
                    self.paired[h].add(prob, won)
        self.conversion.add({initial} | {r.new for r in lines if r.field == "stage"}
                            | {r.old for r in lines if r.field == "stage" and r.old}, won)
        for stage, days in stays(created, closed, initial, moves):
            if stage in self.stays:
                self.stays[stage].add(days)
        cycle = (closed - created).days
        self.cycle["all"].add(cycle)
        self.cycle[d.status].add(cycle)
        self._slippage(d, [r for r in lines if r.field == "close_date"])

    def _slippage(self, d: Any, lines: list) -> None:
        final = _day(d.close_date) if d.close_date else None
        if final is None:
            return
        raw = (lines[0].old or lines[0].new) if lines else None
        first = date.fromisoformat(raw[:10]) if raw else final
        self.with_dates += 1
        moved = (final - first).days
        if moved > 0:
            self.slipped += 1
            self.slip.add(moved)
        elif moved < 0:
            self.pulled_in += 1

    def calibration(self) -> dict:
        return {"horizons": [{
            "days_before": h, "deals": self.reached[h], "tasplus": self.tasplus[h].as_dict(),
            "tasplus_na": self.na[h], "tasplus_none": self.none[h], "classic": self.classic[h].as_dict(),
            "classic_same_deals": {"n": self.paired[h].n, "brier": self.paired[h].brier}} for h in HORIZONS]}

    def velocity(self) -> dict:
        return {"conversion": self.conversion.rows(),
                "stages": [{"stage": k, **self.stays[k].as_dict()} for k in self.keys],
                "cycle": {k: h.as_dict() for k, h in self.cycle.items()},
                "slippage": {"deals": self.with_dates, "slipped": self.slipped, "pulled_in": self.pulled_in,
                             **{k: v for k, v in self.slip.as_dict().items() if k != "n"}}}


def timelines(s: Session, tpl: Template, sel: Any, sections: tuple[str, ...]) -> dict:
    """``calibration`` and/or ``velocity`` (as ``sections`` asks) of the deals ``sel`` selects."""
    O, C, P = Opportunity, OppChange, WinRatePoint  # noqa: N806
    deals = select(O.id, O.status, O.closed_on, O.created_at, O.stage, O.close_date).where(O.id.in_(sel)).order_by(O.id)
    lines = (select(C.opp_id, C.id, C.at, C.field, C.old, C.new)
             .where(C.opp_id.in_(sel), C.field.in_(("stage", "close_date"))).order_by(C.opp_id, C.id))
    points = select(P.opp_id, P.day, P.win_rate).where(P.opp_id.in_(sel)).order_by(P.opp_id, P.day, P.id)
    t = _Totals(tpl)
    history, rates = _Follow(_stream(s, lines)), _Follow(_stream(s, points))
    for opp_id, rows in _stream(s, deals):
        t.deal(rows[0], history.of(opp_id), rates.of(opp_id))
    out = {}
    if "calibration" in sections:
        out["calibration"] = t.calibration()
    if "velocity" in sections:
        out["velocity"] = t.velocity()
    return out
