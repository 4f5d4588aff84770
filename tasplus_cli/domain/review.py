"""The weekly review (METHOD §13): which deals to discuss, the warnings each
raises, and the coaching question a manager asks for each.

Everything is computed from ``DealReview`` facts gathered by the store;
``today`` and the thresholds are parameters. A deal is on the agenda when it
is A/B (or graded up by hand) and changed since the last review or carries a
warning; C/D/E deals only on a big change (a win-rate event, a stage move, a
lost compelling event, closing, or an amount move of ≥ 20 %).

Besides what moved in the window, ``review_trends`` judges what builds up slowly:
a win rate or amount drifting since the last review in small steps, a close
date pushed again and again, stale competitor scores, unreviewed surveys,
expired compelling events, a stalled stage, a strategy that contradicts the
standing (``domain.strategy``) and a commit without a win rate to back it; the
"what changed" rules are ``review_changes``.

Warnings acknowledged in a meeting, or answered by an agreed action that is not
overdue, are "in hand" (``domain.coaching``): they no longer count for the
agenda, which also takes a deal with an overdue action.

``judge`` decides a deal's warnings (keys, in order) without building a text;
``Pending.make`` words one: the agenda judges every deal in scope and the store
words only the deals it shows.

A warning's title, detail and question are ``Phrase`` strings: the English of
the catalogue (``review.<key>.*``) in JSON, the reader's language on a screen.
Its command is a shell-quoted command line (``messages.command``), the same in
every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Callable, NamedTuple

from tasplus_cli.domain.coaching import Action, Hand, Split, overdue, split
from tasplus_cli.domain.forecast import stage_optimism
from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.relations import Flag, MapHit
from tasplus_cli.domain.review_answers import MAP_KEYS, answer
from tasplus_cli.domain.review_trends import Hit, important, joined, trend_hits
from tasplus_cli.domain.strategy import Suggestion
from tasplus_cli.messages.phrase import Phrase, phrase

__all__ = ["DealReview", "Item", "Params", "Pending", "Warning", "agenda", "important", "judge", "on_agenda",
           "Told", "warnings"]

# the warnings of METHOD §13 that follow "plan missing", in its order (the people warnings come before them)
LATER = ("win_rate_drifted", "amount_moved", "competitor_not_rescored", "survey_not_reviewed",
         "compelling_event_expired", "stalled_in_stage", "close_date_pushed", "strategy_contradicts_standing",
         "commit_without_backing")


@dataclass(slots=True)
class DealReview:
    code: str
    name: str
    owner: str
    grade: str
    graded_up: bool  # set by hand above its amount grade
    stage: str
    stage_index: int
    analyze_index: int
    stage_probability: int
    status: str
    close_date: date | None
    confirmed_events: int
    events_lost: list[str] = field(default_factory=list)  # since the last review
    last_survey: date | None = None
    competitors_scored: int = 0
    rank: int | None = None
    win_rate: int | None = None
    win_rate_moves: list[tuple[int | None, int | None, str]] = field(default_factory=list)  # (old, new, why)
    last_done_activity: date | None = None
    overdue_activities: int = 0
    map_flags: list = field(default_factory=list)  # domain.relations.Flag or MapHit of this deal's map
    survey_inside_source: bool | None = None  # the latest survey's answer (what the map was judged with)
    has_strategy: bool = False
    has_value_proposition: bool = False
    changes: list[dict] = field(default_factory=list)  # {field, old, new, reason} since the window opened
    big_change: bool = False
    amount_minor: int = 0
    win_rate_before: int | None = None  # the win rate when the window opened (None: n/a or none yet)
    amount_since: tuple[str | None, str | None] | None = None  # amount history text when the window opened, now
    close_date_moves: list[tuple[str | None, str | None]] = field(default_factory=list)  # every one since creation
    competitor_scores: list[tuple[str, date]] = field(default_factory=list)  # (name, day of its latest score)
    unreviewed_surveys: list[tuple[str, date]] = field(default_factory=list)  # (code, day) without a reviewer
    confirmed_deadlines: list[tuple[str, str, date]] = field(default_factory=list)  # (code, text, deadline)
    stage_entered: date | None = None
    stage_days: int = 0  # the stage's expected days (0: no limit)
    stage_label: str = ""  # a Phrase: the stage as the reader says it
    strategy: str | None = None  # the chosen one
    suggestion: Suggestion | None = None  # domain.strategy's, for the same standing
    forecast_category: str = "pipeline"  # vocab.FORECAST
    id: int | None = None  # the deal's row (the store's, to find its actions and acks)


@dataclass(frozen=True)
class Warning:
    key: str
    title: str
    question: str
    command: str
    detail: str = ""
    data: dict = field(default_factory=dict)  # the facts behind the words


@dataclass(frozen=True)
class Params:
    """The review's thresholds (``settings.Review`` carries the same fields and serves as one)."""

    survey_days: int = 7
    activity_days: int = 14
    optimism_points: int = 30
    big_amount_change: int = 20
    drift_points: int = 10
    rescore_days: int = 14
    commit_backing: int = 40  # a commit deal's win rate below this (or n/a) is "commit without backing"


def _since(key: str, last: date | None) -> Phrase:
    return phrase(f"review.{key}.detail", last=last.isoformat()) if last else phrase(f"review.{key}.never")


def _moved_detail(old: int | None, new: int | None, why: str) -> Phrase:
    if why:
        return phrase("review.win_rate_moved.why", old=pct(old), new=pct(new), why=why)
    return phrase("review.win_rate_moved.detail", old=pct(old), new=pct(new))


class Pending(NamedTuple):
    """A warning decided by ``judge`` but not yet said: ``make()`` builds its ``Warning``."""

    key: str
    make: Callable[[], Warning]


def warnings(d: DealReview, today: date, p: Params = Params()) -> list[Warning]:
    """Every review warning that applies to an open deal, in the METHOD §13 order, with its texts."""
    return [w.make() for w in judge(d, today, p)]


def judge(d: DealReview, today: date, p: Params = Params()) -> list[Pending]:
    """Every review warning that applies to an open deal, in the METHOD §13 order: the one place
    their rules live. Cheap: the titles, details, questions, commands and data are built only by
    ``Pending.make`` (the agenda judges every deal in scope and words only the deals it shows)."""
    if d.status != "open":
        return []
    hits: list[Hit] = []
    if d.confirmed_events == 0:
        hits.append(("no_compelling_event", _nothing))
    if d.events_lost:
        hits.append(("compelling_event_lost", lambda: (joined(d.events_lost), {"events": d.events_lost})))
    if d.rank is not None and d.rank > 3:
        hits.append(("not_top_three", lambda: (phrase("review.not_top_three.detail", rank=d.rank), {"rank": d.rank})))
    if d.last_survey is not None and d.competitors_scored == 0:
        hits.append(("competition_unknown", _nothing))
    if d.last_survey is None or (today - d.last_survey).days > p.survey_days:
        hits.append(("survey_stale", lambda: (_since("survey_stale", d.last_survey),
                                              {"last": d.last_survey.isoformat() if d.last_survey else None})))
    for old, new, why in d.win_rate_moves:
        hits.append(("win_rate_moved", lambda old=old, new=new, why=why: (
            _moved_detail(old, new, why), {"old": old, "new": new, "why": why})))
    if stage_optimism(d.stage_probability, d.win_rate, p.optimism_points):
        hits.append(("stage_optimism", lambda: (
            phrase("review.stage_optimism.detail", stage_probability=d.stage_probability, win_rate=d.win_rate),
            {"stage_probability": d.stage_probability, "win_rate": d.win_rate})))
    if d.last_done_activity is None or (today - d.last_done_activity).days > p.activity_days:
        hits.append(("no_recent_activity", lambda: (
            _since("no_recent_activity", d.last_done_activity),
            {"last": d.last_done_activity.isoformat() if d.last_done_activity else None})))
    if d.overdue_activities:
        hits.append(("overdue_activities", lambda: (
            phrase("review.overdue_activities.detail", count=d.overdue_activities), {"count": d.overdue_activities})))
    if d.close_date is not None and d.close_date < today:
        hits.append(("close_date_passed", lambda: (
            phrase("review.close_date_passed.detail", close_date=d.close_date.isoformat()),
            {"close_date": d.close_date.isoformat()})))
    if d.stage_index > d.analyze_index and not (d.has_strategy and d.has_value_proposition):
        hits.append(("plan_missing", lambda: _plan_missing(d)))
    hits += trend_hits(d, today, p)
    fmt = {"code": d.code, "survey_days": p.survey_days, "activity_days": p.activity_days}
    out = [Pending(k, partial(_worded, k, d.code, facts, fmt)) for k, facts in hits]
    people = [Pending(MAP_KEYS.get(f.key, f.key), partial(_person, f, d.code)) for f in d.map_flags]
    # METHOD §13 order: the inside-source questions early, the people questions after stage optimism
    first = ("no_inside_source", "inside_source_conflict")
    early = [w for w in people if w.key in first]
    late = [w for w in people if w.key not in first]
    cut = next((i for i, w in enumerate(out) if w.key not in ("no_compelling_event", "compelling_event_lost")), len(out))
    out[cut:cut] = early
    cut = next((i for i, w in enumerate(out) if w.key in ("no_recent_activity", "overdue_activities",
                                                           "close_date_passed", "plan_missing") + LATER), len(out))
    out[cut:cut] = late
    return out


def _nothing() -> tuple[str, dict]:
    return "", {}


def _plan_missing(d: DealReview) -> tuple[str, dict]:
    missing = [w for w, ok in (("strategy", d.has_strategy), ("value proposition", d.has_value_proposition)) if not ok]
    which = "both" if len(missing) == 2 else "strategy" if d.has_value_proposition else "value"
    return phrase(f"review.plan_missing.{which}"), {"missing": missing}


def _worded(k: str, code: str, facts: Callable[[], tuple[str, dict]], fmt: dict) -> Warning:
    detail, data = facts()
    data = dict(data)
    return Warning(k, phrase(f"review.{k}.title", **dict(data.pop("_title", {}), **fmt)), phrase(f"review.{k}.question"),
                   answer(k, code, **data.pop("_command", {})), detail, dict(data, **fmt))


def _person(f: Flag | MapHit, code: str) -> Warning:
    """A map warning (a ``Flag``, or a ``MapHit`` worded now) as a review warning."""
    flag = f.word(code) if isinstance(f, MapHit) else f
    return Warning(MAP_KEYS.get(flag.key, flag.key), flag.message, flag.question, flag.fix,
                   data={"role": flag.role, "contacts": list(flag.contacts)})


@dataclass(frozen=True, slots=True)
class Item:
    """A deal on the agenda, compact: the keys of every warning it carries (in order), how many are
    open (what the agenda sorts on) and its coaching state. ``told`` says it in full."""

    deal: DealReview
    keys: tuple[str, ...]
    open: int
    hand: Hand | None = None

    def told(self, today: date, params: Params) -> Told:
        """Its warnings worded, split into open and in hand (the same rules that put it here)."""
        w = warnings(self.deal, today, params)
        hand = self.hand or Hand()
        return Told(self.deal, w, split(w, hand, today), hand.actions)


@dataclass(frozen=True)
class Told:
    """A deal on the agenda in full: every warning it carries, and those split into open and in hand."""

    deal: DealReview
    warnings: list[Warning]
    hand: Split
    actions: tuple[Action, ...] = ()


def agenda(deals: list[DealReview], today: date, params: Params,
           hands: dict[str, Hand] | None = None) -> list[Item]:
    """The deals to discuss, most important first: grade, then how many open warnings, then amount.
    ``hands``: each deal's acks and actions by code (``domain.coaching``). Judged, not worded
    (``Item.told`` words one); a deal with an ack is worded here, its facts need the data."""
    out = []
    hands = hands or {}
    for d in deals:
        hand = hands.get(d.code)
        if hand is None:
            keys = tuple(w.key for w in judge(d, today, params))
            if on_agenda(d, keys):
                out.append(Item(d, keys, len(keys)))
            continue
        w: list = warnings(d, today, params) if hand.acks else judge(d, today, params)
        parts = split(w, hand, today)
        if on_agenda(d, parts.open) or (d.status == "open" and overdue(hand.actions, today)):
            out.append(Item(d, tuple(x.key for x in w), len(parts.open), hand))
    out.sort(key=lambda it: (it.deal.grade, -it.open, -it.deal.amount_minor))
    return out


def on_agenda(d: DealReview, warns: list | tuple) -> bool:
    """A/B or graded-up deals that changed or warn; C/D/E only on a big change."""
    if important(d.grade, d.graded_up):
        return bool(d.changes or warns)
    return d.big_change
