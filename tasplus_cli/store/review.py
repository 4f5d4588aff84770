"""Read model of the weekly review (METHOD §13): gathers, in a fixed number of
bulk queries whatever the number of deals (no per-deal queries), the facts
``domain.review`` judges, and records a review.

The review window starts at the last recorded review of the same scope, else
seven days ago; ``since`` overrides it. Scopes: one owner (``--owner``/``--mine``),
a manager's team (``--team``: a review of that team, or of the whole team, counts),
or the whole team (only reviews of the whole team count).

A deal's acks and actions (``store.coaching``) decide which of its warnings are
in hand (``domain.coaching``); the JSON shows the open ones under ``warnings``,
the others under ``acknowledged`` and ``actions`` (``in_hand`` names them).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain.deals import OPEN, DealFilter
from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.interaction import Rule
from tasplus_cli.messages.phrase import Phrase
from tasplus_cli.domain.review import DealReview, agenda, important
from tasplus_cli.domain.review_changes import SHOWN_FIELDS, big_change, what_moved
from tasplus_cli.domain.stages import Template
from tasplus_cli.store.models import (
    Activity,
    CompellingEvent,
    DealPlan,
    OppChange,
    Opportunity,
    Review,
    Survey,
    SurveyScore,
    WinRatePoint,
    utcnow,
)
from tasplus_cli.store import coaching as coaching_store
from tasplus_cli.store.read.opps import where_deals
from tasplus_cli.store.review_map import ByDeal, MapJudge
from tasplus_cli.store.review_told import said_maps, shown
from tasplus_cli.store.review_slow import amount_since, slow_facts, suggestion

if TYPE_CHECKING:
    from tasplus_cli.settings import Settings

NONE = ()  # the empty list every deal without such facts shares


def _scope(owner: str | None, team: str | None):  # noqa: ANN202 - a SQL condition on Review
    whole = Review.owner.is_(None) & Review.team.is_(None)
    return (Review.owner == owner) if owner else ((Review.team == team) | whole) if team else whole


def window_start(s: Session, owner: str | None, today: date, team: str | None = None) -> datetime:
    last = s.exec(select(func.max(Review.at)).where(_scope(owner, team))).one()
    if last is not None:
        return last if last.tzinfo else last.replace(tzinfo=timezone.utc)
    return datetime.combine(today - timedelta(days=7), time(0, 0), tzinfo=timezone.utc)


def previous_review(s: Session, owner: str | None, team: str | None, before: datetime) -> datetime | None:
    """When the review of the same scope before ``before`` was recorded (None: there was none)."""
    at = s.exec(select(func.max(Review.at)).where(_scope(owner, team), Review.at < before)).one()
    return None if at is None else _aware(at)


def _one(rows: list, default, whole: bool = False):  # noqa: ANN001, ANN202
    """The one row a deal has in a per-deal query (``ByDeal.take``), without its deal id (``whole``: with
    it), else ``default``."""
    if not rows:
        return default
    return rows[0] if whole else tuple(rows[0])[1:]


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def gather(s: Session, tpl: Template, rule: Rule, big_pct: int, today: date, since: datetime,
           deals: DealFilter | None = None, clear_margin: int = 2, opp_id: int | None = None) -> list[DealReview]:
    """Facts for every open deal (and every deal closed since ``since``) of ``deals`` (its status
    aside); ``big_pct``: the amount move (in %) that puts a C/D/E deal on the agenda;
    ``clear_margin``: the strategy suggestion's (``settings.plan``); ``opp_id``: only that deal.

    Plain column tuples, not ORM objects: a team database has 10,000s of rows here.
    """
    run = s.connection().execute  # Core rows: the ORM's per-row loading costs more than the queries here
    O = Opportunity  # noqa: N806

    def in_scope(*cols):  # noqa: ANN002, ANN202 - the deals of the review, these columns, in id order
        q = select(*cols).where((O.status == OPEN) | (O.closed_on >= since.date()))
        return where_deals(s, q if opp_id is None else q.where(O.id == opp_id),
                           replace(deals or DealFilter(), status=None)).order_by(O.id)

    ids = set(run(in_scope(O.id)).scalars())  # the deals' rows stream by at the end, one at a time

    def mine(rows):  # noqa: ANN001, ANN202 - keep rows of deals in scope (one query each, filtered here)
        return [r for r in rows if r[0] in ids]

    def by_deal(q, *order):  # noqa: ANN001, ANN002, ANN202 - q's rows in deal order, taken deal by deal below
        return ByDeal(run(q.order_by(*order)))

    changes = by_deal(select(OppChange.opp_id, OppChange.field, OppChange.old, OppChange.new, OppChange.reason)
                      .where(OppChange.at >= since), OppChange.opp_id, OppChange.id)
    confirmed = by_deal(select(CompellingEvent.opp_id, func.count()).where(
        CompellingEvent.status == "confirmed").group_by(CompellingEvent.opp_id), CompellingEvent.opp_id)
    lost: dict[int, list[str]] = defaultdict(list)
    for oid, text, reason in mine(run(select(CompellingEvent.opp_id, CompellingEvent.text,
                                                   CompellingEvent.status_reason)
                                            .where(CompellingEvent.status == "lost",
                                                   CompellingEvent.changed_at >= since)).all()):
        lost[oid].append(f"{text}" + (f" ({reason})" if reason else ""))
    W = WinRatePoint  # noqa: N806
    latest = by_deal(select(W.opp_id, W.win_rate, W.rank, W.inputs).where(
        W.id.in_(select(func.max(W.id)).group_by(W.opp_id))), W.opp_id)
    before = by_deal(select(W.opp_id, W.win_rate, W.inputs).where(
        W.id.in_(select(func.max(W.id)).where(W.at < since).group_by(W.opp_id))), W.opp_id)
    recent = by_deal(select(W.opp_id, W.id, W.previous, W.win_rate, W.is_event, W.inputs)  # points since the window
                     .where(W.at >= since), W.opp_id, W.day, W.id)                         # opened, the one before each
    ranked = select(Survey.opp_id, Survey.id, Survey.day, Survey.inside_source, func.row_number().over(
        partition_by=Survey.opp_id, order_by=(Survey.day.desc(), Survey.id.desc())).label("n")).subquery()
    scored = select(func.count()).where(SurveyScore.survey_id == ranked.c.id).scalar_subquery()
    last_survey = by_deal(select(ranked.c.opp_id, ranked.c.id, ranked.c.day, ranked.c.inside_source, scored)
                          .where(ranked.c.n == 1), ranked.c.opp_id)  # (opp, survey, day, inside source, scored)
    people = MapJudge(run, rule, [opp_id] if opp_id is not None else None,
                      worded=opp_id is not None)  # the agenda judges by key; said_maps words the deals shown
    last_done = by_deal(select(Activity.opp_id, func.max(Activity.day)).where(
        Activity.status == "done").group_by(Activity.opp_id), Activity.opp_id)
    overdue = by_deal(select(Activity.opp_id, func.count()).where(
        Activity.status == "planned", Activity.day < today).group_by(Activity.opp_id), Activity.opp_id)
    plans = by_deal(select(DealPlan.opp_id, DealPlan.strategy, DealPlan.solution, DealPlan.business_value),
                    DealPlan.opp_id)
    slow = slow_facts(s, run, mine, today)

    analyze = tpl.index("analyze") if "analyze" in tpl.keys else len(tpl.keys)
    probs = {st.key: st.probability for st in tpl.stages}
    stages: dict[str, tuple] = {}  # stage → index, expected days, label: once per stage
    out = []
    share = {}  # one string object per owner, grade, stage, status, category: 100,000 deals repeat them
    rows = run(in_scope(O.id, O.code, O.name, O.owner, O.grade, O.grade_manual, O.stage, O.status, O.close_date,
                        O.amount_minor, O.created_at, O.incumbent, O.forecast_category))
    for oid, code, name, own, grade, manual, stage, status, close_date, amount, created, incumbent, category in rows:
        own, grade, stage, status = (share.setdefault(v, v) for v in (own, grade, stage, status))
        if stage not in stages:
            stages[stage] = (tpl.index(stage), tpl.get(stage).days if stage in tpl.keys else 0,
                             Phrase(stage, shown=partial(tpl.label, stage)))
        moves = []
        rate_before, prev_inputs = _one(before.take(oid), (None, None))
        for _oid, _pid, previous, rate, is_event, inputs in recent.take(oid):
            if is_event:
                moves.append((previous, rate, what_moved(json.loads(prev_inputs or "{}"), json.loads(inputs))))
            prev_inputs = inputs
        rate_now, rank_now, inputs_now = _one(latest.take(oid), (None, None, None))
        sv = _one(last_survey.take(oid), None, whole=True)
        strategy, solution, value = _one(plans.take(oid), (None, None, None))
        mine_changes = [row[1:] for row in changes.take(oid)]
        lines = [{"field": f, "old": old, "new": new, "reason": why} for f, old, new, why in mine_changes
                 if f in SHOWN_FIELDS]
        lines += [{"field": "win_rate", "old": pct(a), "new": pct(b), "reason": why or None} for a, b, why in moves]
        big = big_change(mine_changes, bool(moves or lost.get(oid)), big_pct)
        out.append(DealReview(
            code=code, name=name, owner=own, grade=grade, graded_up=bool(manual) and important(grade, False), stage=stage,
            stage_index=stages[stage][0], analyze_index=analyze, stage_probability=probs.get(stage, 0),
            status=status, close_date=close_date, confirmed_events=_one(confirmed.take(oid), (0,))[0], events_lost=lost.get(oid, NONE),
            last_survey=sv[2] if sv else None, competitors_scored=sv[4] if sv else 0,
            rank=rank_now, win_rate=rate_now,
            win_rate_moves=moves or NONE, last_done_activity=_one(last_done.take(oid), (None,))[0], overdue_activities=_one(overdue.take(oid), (0,))[0],
            map_flags=people.hits(oid, sv[3] if sv else None), survey_inside_source=sv[3] if sv else None,
            has_strategy=bool(strategy), has_value_proposition=bool(solution and value),
            changes=lines or NONE, big_change=big, amount_minor=amount,
            win_rate_before=rate_before,
            amount_since=amount_since(mine_changes), close_date_moves=slow["close_dates"].get(oid, NONE),
            competitor_scores=slow["scores"].get(oid, NONE), unreviewed_surveys=slow["unreviewed"].get(oid, NONE),
            confirmed_deadlines=slow["deadlines"].get(oid, NONE),
            stage_entered=_aware(slow["entered"].get(oid) or created).date(), stage_days=stages[stage][1],
            stage_label=stages[stage][2],
            strategy=strategy, suggestion=suggestion(inputs_now, incumbent, clear_margin) if strategy else None,
            forecast_category=share.setdefault(category or "pipeline", category or "pipeline"), id=oid))
    return out


def record_review(s: Session, by: str, owner: str | None, since: datetime, note: str | None,
                  team: str | None = None) -> Review:
    r = Review(by=by, owner=owner, team=team, since=since, note=note, at=utcnow())
    s.add(r)
    return r


def params(settings: Settings):  # noqa: ANN201 - domain.review.Params
    """The review's thresholds: the ``review`` section, and the forecast's ``commit_backing`` (one
    threshold for the review's "commit without backing" and the forecast's flag)."""
    from tasplus_cli.domain.review import Params

    return Params(**vars(settings.review), commit_backing=settings.forecast.commit_backing)


def carried(s: Session, settings: Settings, today: date, opp: Opportunity) -> list:
    """The warnings ``opp`` carries now (``domain.review.Warning``), counted from the whole team's window."""
    from tasplus_cli.domain.review import warnings

    rv = params(settings)
    facts = gather(s, settings.template, settings.interaction, rv.big_amount_change, today,
                   window_start(s, None, today), None, settings.plan.clear_margin, opp_id=opp.id)
    return warnings(facts[0], today, rv) if facts else []


def review_view(s: Session, settings: Settings, today: date, deals: DealFilter | None = None,
                since: datetime | None = None, limit: int = 0) -> dict:
    """The JSON shape of ``tasplus review``: the actions agreed last time, the agenda (at most ``limit``
    deals, 0 = all), each deal's changes, open warnings, what is in hand and its open actions, and a
    summary that also counts the deals left out; with ``deals.team``, the same per rep (``reps``:
    ``store.review_team``). Titles, details, questions and the reasons a win rate moved are ``Phrase``
    strings: English in JSON, any language on a screen. Reads the sections review, interaction,
    template and currency: the summary's amounts are in the base currency at ``today``'s rates,
    naming them, and count the deals left out for want of a rate (each deal's own amount keeps its
    currency). ``deals`` narrows the review (its owner or team is also the scope of the window)."""
    owner, team = (deals.owner, deals.team) if deals else (None, None)
    from tasplus_cli.domain import forecast
    from tasplus_cli.domain.money import major
    from tasplus_cli.store.funnel import base_lines

    start = since or window_start(s, owner, today, team)
    rv = params(settings)
    facts = gather(s, settings.template, settings.interaction, rv.big_amount_change, today, start, deals,
                   settings.plan.clear_margin)
    ids = {d.id: d.code for d in facts}
    hands = coaching_store.hands(s, ids)
    acked = said_maps(s, settings.interaction, [d for d in facts if d.code in hands and hands[d.code].acks])
    items = agenda([acked.get(d.id, d) for d in facts], today, rv, hands)  # an ack's facts need the words
    lines, total = base_lines(s, settings.template, settings.currency, today, deals)
    currency = dict(s.connection().execute(where_deals(s, select(Opportunity.code, Opportunity.currency),
                                                       replace(deals or DealFilter(), status=None))).all())
    moved = sorted((d for d in facts if d.win_rate is not None and d.win_rate_before is not None
                    and d.win_rate != d.win_rate_before), key=lambda d: -abs(d.win_rate - d.win_rate_before))
    deals_shown = shown(s, settings.interaction, items, limit, today, rv, currency)  # only these are worded
    out = {
        "since": start.isoformat(timespec="minutes"), "until": today.isoformat(), "owner": owner, "team": team,
        "currency": settings.currency,
        "actions_last_time": coaching_store.last_time(s, ids, start, previous_review(s, owner, team, start), today),
        "deals": deals_shown,
        "summary": {
            "open_deals": len(lines) + total.deals_left_out, "amount": major(total.minor),  # every open deal; the amount of those with a rate
            "classic_forecast": major(forecast.classic(lines)), "tasplus_forecast": major(forecast.tasplus(lines)),
            "rates": total.as_dict()["rates"], "left_out": total.as_dict()["left_out"],
            "moved_most": [{"code": d.code, "name": d.name, "from": d.win_rate_before, "to": d.win_rate,
                            "change": d.win_rate - d.win_rate_before} for d in moved[:5]],
            "stage_optimism": [it.deal.code for it in items if "stage_optimism" in it.keys],
            "deals_on_agenda": len(items), "deals_not_shown": max(0, len(items) - limit) if limit else 0,
            "deals_in_scope": len(facts),
        },
    }
    if team:
        from tasplus_cli.store.review_team import reps

        out["reps"] = reps(s, team, facts, items, lines, today)
    return out
