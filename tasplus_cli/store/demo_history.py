"""The demo company's past year: closed deals generated from a hidden truth, so
``tasplus analyze`` has something to measure on ``tasplus demo``.

``sample_data/history.toml`` holds the parameters, ``sample_data/HIDDEN_TRUTH.md``
says them in words. Each deal draws its true strengths, inside source and
relationship; its real chance of winning follows from them; the outcome is a
draw against that chance (``random.Random(seed)``: the same deals every
build). What the rep records is the truth seen through the rep's noise and
bias, so the win rate is an honest but imperfect estimate: nothing is forced
to make a figure come out.

Every deal goes through the store functions the commands use (``opps.create``,
``events.add``, ``surveys.record``, ``plans.set_strategy``, ``opps.edit`` for a
slipped close date, ``opps.advance`` forced with a reason where a gate's
evidence is not in the demo, ``opps.close`` with its reason and winner), one
deal at a time from creation to close, and each step's history lines,
win-rate points and the deal's ``created_at`` are dated back to the step's
day (as ``store.demo.load`` dates the weekly demo). Every deal is closed at
least 10 days before today, outside the current weekly review's window, and is
created after the weekly demo's deals, whose codes do not move.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from random import Random
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, select

from tasplus_cli.domain.winrate import SurveyAnswers
from tasplus_cli.settings import Settings
from tasplus_cli.store import accounts, competitors, events, opps, surveys
from tasplus_cli.store import plans
from tasplus_cli.store.models import Competitor, OppChange, Opportunity, WinRatePoint

REASON = "historical deal entered after the fact: gate evidence kept outside tasplus"


@dataclass
class _Deal:
    """One past deal: its truth and its timeline."""

    owner: str
    account: Any
    industry: str
    name: str
    amount: int
    us: tuple[int, int]  # true (fit, closeness)
    rivals: list[tuple[Competitor, int, int]]  # true (fit, closeness) of each competitor
    inside: bool
    relationship: str
    confirmed: bool
    created: date
    closed: date


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=timezone.utc)


def read(folder: Path | None = None) -> dict:
    from tasplus_cli.store.demo import sample_dir

    return tomllib.loads(((folder or sample_dir()) / "history.toml").read_text(encoding="utf-8"))


def chance(cfg: dict, d: _Deal, strategy: str) -> float:
    """The real chance of winning (HIDDEN_TRUTH.md)."""
    t = cfg["truth"]
    ours = sum(d.us) ** t["exponent"]
    p = ours / (ours + sum((f + c) ** t["exponent"] for _, f, c in d.rivals))
    p *= 1.0 if d.inside else t["no_inside_source"]
    p *= t["relationship"][d.relationship]
    if strategy == "frontal" and any(f + c > sum(d.us) for _, f, c in d.rivals):
        p *= t["frontal_when_weaker"]
    return min(t["ceiling"], max(t["floor"], p))


class _History:
    """Generates and records the deals (module docstring)."""

    def __init__(self, s: Session, settings: Settings, today: date, cfg: dict):
        self.s, self.settings, self.today, self.cfg = s, settings, today, cfg
        self.rng = Random(cfg["seed"])
        self.day = today

    def pick(self, options: list, weights: list | None = None) -> Any:
        return self.rng.choices(options, weights=weights)[0]

    def score(self, v: int) -> int:
        return min(5, max(1, v))

    def draw(self, n: int, library: dict[str, Competitor], accts: list[tuple[Any, str]]) -> _Deal:
        cfg, r = self.cfg, self.rng
        t = cfg["truth"]
        account, industry = self.pick(accts)
        ind = cfg["industries"][industry]
        closed = self.today - timedelta(days=r.randint(*cfg["closed_days_ago"]))
        created = closed - timedelta(days=r.randint(*cfg["cycle_days"]))
        names = r.sample(ind["competitors"], k=r.choice([1, 2, 2, 3][:len(ind["competitors"]) + 1]))
        rels = list(t["relationship_odds"])
        return _Deal(
            owner=self.pick(cfg["owners"]), account=account, industry=industry,
            name=f"{self.pick(ind['products'])} {created:%Y-%m} #{n}",
            amount=self.pick(cfg["amounts"], cfg["amount_odds"]), us=(r.randint(2, 5), r.randint(1, 5)),
            rivals=[(library[c], r.randint(2, 5), r.randint(1, 5)) for c in names],
            inside=r.random() < t["inside_source_odds"], relationship=self.pick(rels, [t["relationship_odds"][k]
                                                                                     for k in rels]),
            confirmed=r.random() < t["confirmed_event_odds"], created=created, closed=closed)

    def on(self, when: date, call: Any, /, *args: Any, **kwargs: Any) -> Any:
        """``call`` a store function on ``when``: what it writes is flushed dated to it (``_dated``)."""
        self.day = when
        out = call(*args, **kwargs)
        self.s.flush()
        return out

    def _dated(self, session: Session, *_: Any) -> None:
        """Before a flush: new history lines dated to the step's day, new win-rate points to their
        own day, a new deal created on the step's day."""
        for obj in session.new:
            if isinstance(obj, OppChange):
                obj.at = _stamp(self.day)
            elif isinstance(obj, WinRatePoint):
                obj.at = _stamp(obj.day)
            elif isinstance(obj, Opportunity):
                obj.created_at = obj.updated_at = _stamp(self.day)

    def seen(self, d: _Deal, v: tuple[int, int], progress: float, ours: bool) -> tuple[int, int]:
        rep = self.cfg["reps"][d.owner]
        sd = rep["noise"] * (1 - 2 * progress / 3)
        fit = self.score(round(v[0] + self.rng.gauss(0, sd)))
        close = self.score(round(v[1] + self.rng.gauss(0, sd) + (rep["closeness_bias"] if ours else 0)))
        return fit, close

    def deal(self, d: _Deal) -> None:
        s, st, r, by = self.s, self.settings, self.rng, d.owner
        cfg, t = self.cfg, self.cfg["truth"]
        life = (d.closed - d.created).days
        slips = [r.randint(14, 45) for _ in range(r.choice([1, 2]))] if r.random() < t["slip_odds"] else []
        o = self.on(d.created, opps.create, s, st, name=d.name, account=d.account, amount_minor=d.amount * 100, by=by, owner=d.owner,
                        close_date=max(d.created + timedelta(days=14),
                                       d.closed - timedelta(days=sum(slips) + r.randint(-7, 7))), today=d.created)
        if d.confirmed:
            day = d.created + timedelta(days=r.randint(1, 10))
            self.on(day, events.add, s, o, self.pick(["年底前必须上线（监管检查）", "Budget approved for this fiscal year",
                                        "旧系统维保到期", "Board mandate to go live before the peak season"]),
                       "other", by, day, confirmed=True, params=st.winrate)
        days = sorted(r.sample(range(12, max(13, life - 2)), k=r.choice([1, 2, 2])))
        strategy = None
        for i, off in enumerate(days):
            day, progress = d.created + timedelta(days=off), off / life
            fit, close = self.seen(d, d.us, progress, True)
            rivals = [(c.name, *self.seen(d, (f, cl), progress, False)) for c, f, cl in d.rivals]
            inside = d.inside if r.random() > 0.1 * (1 - progress) else not d.inside
            self.on(day, surveys.record, s, st.winrate, o, SurveyAnswers(
                inside_source=inside, our_fit=fit, our_closeness=close, competitors=rivals, reviewed_by=cfg["by"]),
                day=day, today=self.today, by=by)
            if strategy is None:
                ahead = fit + close - max(f + c for _, f, c in rivals)
                strategy = "frontal" if ahead >= 2 else self.pick(
                    ["frontal", "flanking", "fragmentation", "development"], [2, 4, 3, 1])
                self.on(day, plans.set_strategy, s, o, strategy, None, by)
        for k, slip in enumerate(slips):
            day = d.created + timedelta(days=life * (k + 1) // (len(slips) + 1))
            self.on(day, opps.edit, s, st.grades, o, by, "客户推迟决策", close_date=o.close_date + timedelta(days=slip))
        self.outcome(o, d, chance(cfg, d, strategy or "frontal"), days)

    def outcome(self, o: Opportunity, d: _Deal, p: float, survey_days: list[int]) -> None:
        s, st, r, t = self.s, self.settings, self.rng, self.cfg["truth"]
        keys = st.template.keys
        if r.random() < t["abandoned_odds"]:
            status, furthest = "abandoned", r.randint(0, 3)
        elif r.random() < p:
            status, furthest = "won", len(keys) - 1
        else:
            weights = [1, 2, 3, 3, 3, 3, 1] if len(keys) == 7 else None
            status, furthest = "lost", self.pick(range(len(keys)), weights)
        life = (d.closed - d.created).days
        targets = sorted(r.sample(range(1, furthest), k=min(2, furthest - 1))) + [furthest] if furthest else []
        if o.grade in ("A", "B"):  # they move one stage at a time; a C or D deal may jump (three moves at most)
            targets = list(range(1, furthest + 1))
        for i, target in enumerate(targets):
            day = d.created + timedelta(days=life * (i + 1) // (len(targets) + 1))
            self.on(day, opps.advance, s, st, o, d.owner, day, target=keys[target], force=True, reason=REASON)
        last_survey = d.created + timedelta(days=survey_days[-1]) if survey_days else d.created
        on = max(d.closed, last_survey)
        reasons = self.cfg["reasons"]
        if status == "won":
            self.on(on, opps.close, s, st, o, d.owner, self.today, "won", on=on, reason=REASON, contract_signed=on,
                    force=True)
        elif status == "abandoned":
            self.on(on, opps.close, s, st, o, d.owner, self.today, "abandoned", on=on,
                    reason=self.pick(reasons["abandoned"]))
        else:
            winner = max(d.rivals, key=lambda x: x[1] + x[2] + r.random() * 3)[0]
            why = ("relationship" if d.relationship == "hostile" else "incumbent" if r.random() < 0.1
                   else self.pick(["price", "product", "unexplained"], [4, 3, 1]))
            self.on(on, opps.close, s, st, o, d.owner, self.today, "lost", on=on, reason=self.pick(reasons[why]),
                    competitor=winner if r.random() < t["winner_recorded_odds"] else None)


def generate(s: Session, settings: Settings, today: date, folder: Path | None = None) -> int:
    """Add the past year's closed deals (``history.toml``) to the demo; how many."""
    cfg = read(folder)
    h = _History(s, settings, today, cfg)
    for c in cfg.get("competitors", []):
        if competitors.find_competitor(s, c["name"]) is None:
            competitors.add_competitor(s, c["name"], description=c.get("description"))
    accts = [(accounts.add_account(s, a["name"], industry=a["industry"], region=a.get("region")), a["industry"])
             for a in cfg["accounts"]]
    library = {c.name: c for c in s.exec(select(Competitor)).all()}
    event.listen(s, "before_flush", h._dated)
    try:
        for n in range(1, cfg["deals"] + 1):
            h.deal(h.draw(n, library, accts))
    finally:
        event.remove(s, "before_flush", h._dated)
    return cfg["deals"]
