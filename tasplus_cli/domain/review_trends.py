"""The review warnings that build up slowly (METHOD §13, after "plan missing"): a win
rate or amount drifting since the last review in small steps, stale competitor scores,
unreviewed surveys, expired compelling events, a stalled stage, a close date pushed
again and again, a strategy that contradicts the standing and a commit without a win
rate to back it. ``domain.review`` calls ``trend_hits`` and words the hits.

A hit is ``(key, facts)``: the rule is decided here, for every deal; ``facts()``
builds the detail and the data only when the warning is shown (a deal on a long
agenda that is not shown never pays for its sentences).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Callable

from tasplus_cli.domain.deals import days_in_stage, stalled
from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.review_changes import amount_moved
from tasplus_cli.domain.stages import FULL_PROCESS
from tasplus_cli.domain.strategy import contradicts
from tasplus_cli.domain.vocab import STRATEGY
from tasplus_cli.messages import text
from tasplus_cli.messages.phrase import Phrase, phrase

if TYPE_CHECKING:
    from tasplus_cli.domain.review import DealReview, Params

Hit = tuple[str, Callable[[], tuple[str, dict]]]  # (key, () → (detail, data))


def important(grade: str, graded_up: bool) -> bool:
    """A/B deals, and deals graded up by hand, are discussed whenever they changed or warn."""
    return grade in FULL_PROCESS or graded_up


def joined(items: list[str]) -> Phrase:
    """User texts joined by the language's list separator (``; `` in English JSON)."""
    return Phrase(text("review.separator", "en").join(items),
                  shown=lambda lang: text("review.separator", lang).join(items))


def _signed(n: int) -> str:
    """``−22``, ``+12``: a move with its direction (a true minus sign)."""
    return f"−{-n}" if n < 0 else f"+{n}"


def _strategy(key: str) -> Phrase:
    return Phrase(STRATEGY.label(key), shown=lambda lang: STRATEGY.label(key, lang))


def close_date_pushes(moves: list[tuple[str | None, str | None]]) -> int:
    """How many times a close date moved later (ISO dates; setting a first date is no push)."""
    return sum(1 for old, new in moves if old and new and new > old)


def trend_hits(d: DealReview, today: date, p: Params) -> list[Hit]:
    """The warnings METHOD §13 added after "plan missing" (see the module docstring). A hit's data
    may carry ``_title`` (the title's facts) and ``_command`` (the answer's) beside its facts."""
    hits: list[Hit] = []
    before, now = d.win_rate_before, d.win_rate
    if before is not None and now is not None and abs(now - before) >= p.drift_points \
            and (before, now) not in [(old, new) for old, new, _ in d.win_rate_moves]:  # one event says it already
        hits.append(("win_rate_drifted", lambda: (
            phrase("review.win_rate_drifted.detail", change=_signed(now - before), old=pct(before), new=pct(now)),
            {"from": before, "to": now, "change": now - before})))
    if d.amount_since and amount_moved(*d.amount_since, p.big_amount_change):
        old, new = d.amount_since
        hits.append(("amount_moved", lambda: (phrase("review.amount_moved.detail", old=old, new=new),
                                              {"old": old, "new": new})))
    for name, last in d.competitor_scores:
        days = (today - last).days
        if days > p.rescore_days:
            hits.append(("competitor_not_rescored", lambda name=name, last=last, days=days: (
                phrase("review.competitor_not_rescored.detail", name=name, days=days, last=last.isoformat()),
                {"competitor": name, "days": days, "last": last.isoformat(), "_command": {"competitor": name}})))
    if d.unreviewed_surveys and important(d.grade, d.graded_up):
        hits.append(("survey_not_reviewed", lambda: (
            joined([f"{c} ({day.isoformat()})" for c, day in d.unreviewed_surveys]),
            {"surveys": [c for c, _ in d.unreviewed_surveys], "_command": {"survey": d.unreviewed_surveys[-1][0]}})))
    for code, what, deadline in d.confirmed_deadlines:
        if deadline < today:
            hits.append(("compelling_event_expired", lambda code=code, what=what, deadline=deadline: (
                f"{code} {what}", {"event": code, "deadline": deadline.isoformat(),
                                   "_title": {"deadline": deadline.isoformat()}, "_command": {"event": code}})))
    if d.stage_entered is not None and stalled(d.stage_entered, today, d.stage_days):
        days = days_in_stage(d.stage_entered, today)
        hits.append(("stalled_in_stage", lambda: (
            phrase("review.stalled_in_stage.detail", expected=d.stage_days, entered=d.stage_entered.isoformat()),
            {"stage": d.stage, "days": days, "expected_days": d.stage_days, "entered": d.stage_entered.isoformat(),
             "_title": {"stage": d.stage_label or d.stage, "days": days}})))
    pushes = close_date_pushes(d.close_date_moves)
    if pushes >= 2:
        first = next(old for old, new in d.close_date_moves if old)
        hits.append(("close_date_pushed", lambda: (
            phrase("review.close_date_pushed.detail", first=first, now=d.close_date.isoformat() if d.close_date else "?"),
            {"times": pushes, "first": first, "_title": {"times": pushes}})))
    if d.suggestion is not None and contradicts(d.strategy, d.suggestion):
        suggested = d.suggestion.strategy
        hits.append(("strategy_contradicts_standing", lambda: (
            phrase("review.strategy_contradicts_standing.detail", chosen=_strategy(d.strategy),
                   suggested=_strategy(suggested), why=d.suggestion.reason),
            {"chosen": d.strategy, "suggested": suggested, "why": d.suggestion.reason,
             "_command": {"suggested": suggested}})))
    if d.forecast_category == "commit" and (d.win_rate is None or d.win_rate < p.commit_backing):
        hits.append(("commit_without_backing", lambda: (
            phrase("review.commit_without_backing.detail", win_rate=pct(d.win_rate), backing=p.commit_backing),
            {"win_rate": d.win_rate, "backing": p.commit_backing})))
    return hits
