"""Forecasts and the funnel (METHOD §9 "Forecasts", issue: funnel).

- classic forecast = Σ amount × stage probability (the stage-weighted funnel);
- TAS+ forecast = Σ amount × win rate, a win rate of n/a counting as 0;
- only open deals count, and E deals only when their registration is approved;
- stage optimism: stage probability − win rate ≥ threshold (default 30) for a
  deal whose win rate is known;
- by period against a target (``period_numbers``, METHOD §14): see its docstring.
Amounts are minor units; results are minor units rounded down to whole units.
Every sum here is of lines in one currency: ``in_base`` turns a deal's lines
into the base currency first (``domain.fx``), leaving out, and counting, those
whose currency has no rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from tasplus_cli.domain.fx import Total
from tasplus_cli.domain.grading import grade_class


class DealLine(NamedTuple):
    """One deal as the forecast counts it. A named tuple, not a dataclass: a funnel or a review
    builds one per deal in scope (100,000 on a company's database), and a tuple builds in half the time."""

    code: str
    stage: str
    grade: str
    amount_minor: int
    stage_probability: int
    win_rate: int | None
    registration_status: str | None = None
    currency: str = ""  # "" : already in the base currency
    owner: str = ""
    name: str = ""
    category: str = "pipeline"  # the rep's forecast category (vocab.FORECAST)
    won: bool = False  # a won deal (``period_numbers``: closed won in the period); else open
    close_date: date | None = None


def in_base(deals: list[DealLine], total: Total) -> list[DealLine]:
    """The deals that count in the forecast, with amounts in the base currency; ``total`` adds
    them up and keeps the rates used and the deals left out (no rate)."""
    out = []
    for d in deals:
        if not counts_in_forecast(d):
            continue
        base = total.add(d.amount_minor, d.currency or total.fx.base)
        if base is not None:
            out.append(d if d.currency == total.fx.base else d._replace(amount_minor=base, currency=total.fx.base))
    return out


def counts_in_forecast(d: DealLine) -> bool:
    return d.grade != "E" or d.registration_status == "approved"


def classic(deals: list[DealLine]) -> int:
    return sum(d.amount_minor * d.stage_probability // 100 for d in deals if counts_in_forecast(d))


def tasplus(deals: list[DealLine]) -> int:
    return sum(d.amount_minor * (d.win_rate or 0) // 100 for d in deals if counts_in_forecast(d))


def stage_optimism(stage_probability: int, win_rate: int | None, threshold: int = 30) -> bool:
    return win_rate is not None and stage_probability - win_rate >= threshold


CLASSES = ("AB", "CD", "E")  # the funnel's grade classes: the full process, the fast track, partner deals


@dataclass
class StageRow:
    stage: str
    count: int = 0
    amount_minor: int = 0
    by_class: dict[str, tuple[int, int]] = field(default_factory=dict)  # class → (count, amount)
    classic_minor: int = 0
    tasplus_minor: int = 0


def funnel(stages: list[str], deals: list[DealLine]) -> list[StageRow]:
    """Per stage: count and amount split by grade class (E only if approved), both forecasts."""
    rows = {s: StageRow(s, by_class={c: (0, 0) for c in CLASSES}) for s in stages}
    for d in deals:
        if d.stage not in rows or not counts_in_forecast(d):
            continue
        r = rows[d.stage]
        r.count += 1
        r.amount_minor += d.amount_minor
        c, a = r.by_class[grade_class(d.grade)]
        r.by_class[grade_class(d.grade)] = (c + 1, a + d.amount_minor)
        r.classic_minor += d.amount_minor * d.stage_probability // 100
        r.tasplus_minor += d.amount_minor * (d.win_rate or 0) // 100
    return [rows[s] for s in stages]


def conversion(stages: list[str], reached: dict[str, set[str]],
               open_in: dict[str, str] | None = None) -> list[tuple[str, str, int, int]]:
    """Stage-to-stage conversion from history.

    ``reached`` maps each deal code to the set of stages it has ever been in;
    ``open_in`` maps open deals to their current stage. Returns ``(from, to,
    entered, moved_on)`` for consecutive stages: of the deals that reached
    ``from`` and are no longer open in it (undecided deals do not count yet),
    how many later reached ``to`` or any later stage (fast-track jumps count).
    """
    open_in = open_in or {}
    out = []
    for i in range(len(stages) - 1):
        later = set(stages[i + 1:])
        entered = [c for c, seen in reached.items() if stages[i] in seen and open_in.get(c) != stages[i]]
        moved = [c for c in entered if reached[c] & later]
        out.append((stages[i], stages[i + 1], len(entered), len(moved)))
    return out


# --- by period against a target (METHOD §14) ---------------------------------------------

@dataclass(frozen=True)
class PeriodNumbers:
    """One rep's or one team's numbers for a period, in base minor units (``period_numbers``)."""

    target: int | None
    closed_won: int
    won_deals: int
    commit: int
    best_case: int
    open_pipeline: int
    open_deals: int
    classic: int
    tasplus: int

    @property
    def coverage(self) -> float | None:
        return coverage(self.open_pipeline, self.target, self.closed_won)

    @property
    def gap(self) -> int | None:
        return gap(self.target, self.closed_won, self.commit)


def period_numbers(lines: list[DealLine], target: int | None) -> PeriodNumbers:
    """The numbers of ``lines`` (open deals closing in the period and deals won in it, amounts in
    the base currency) against ``target``:

    - E deals count only when their registration is approved (``counts_in_forecast``);
    - closed won = Σ won deals; open pipeline = Σ open deals except the omitted ones;
    - commit = Σ open commit deals; best case = commit + Σ open best-case deals (Salesforce's
      convention: best case includes commit);
    - the classic and TAS+ forecasts are those of the open pipeline (omitted deals left out).
    """
    counted = [d for d in lines if counts_in_forecast(d)]
    won = [d for d in counted if d.won]
    pipe = [d for d in counted if not d.won and d.category != "omitted"]
    commit = sum(d.amount_minor for d in pipe if d.category == "commit")
    best = commit + sum(d.amount_minor for d in pipe if d.category == "best-case")
    return PeriodNumbers(target=target, closed_won=sum(d.amount_minor for d in won), won_deals=len(won),
                         commit=commit, best_case=best, open_pipeline=sum(d.amount_minor for d in pipe),
                         open_deals=len(pipe), classic=classic(pipe), tasplus=tasplus(pipe))


def coverage(open_pipeline: int, target: int | None, closed_won: int) -> float | None:
    """Open pipeline ÷ what is left of the target (2 decimals); None with no target or a target met."""
    if target is None or target - closed_won <= 0:
        return None
    return round(open_pipeline / (target - closed_won), 2)


def gap(target: int | None, closed_won: int, commit: int) -> int | None:
    """target − closed won − commit: positive, what is still missing beyond the commit; negative,
    by how much won and commit exceed the target; None with no target."""
    return None if target is None else target - closed_won - commit


def unbacked_commits(lines: list[DealLine], backing: int) -> list[DealLine]:
    """Open commit deals whose TAS+ win rate is n/a or under ``backing`` (``forecast.commit_backing``,
    default 40): "commit without a win rate to back it" (METHOD §13)."""
    return [d for d in lines if not d.won and d.category == "commit" and counts_in_forecast(d)
            and (d.win_rate is None or d.win_rate < backing)]


def reports(managers: dict[str, str | None]) -> dict[str, list[str]]:
    """Each manager's direct reports (sorted), from every user's name → their manager."""
    out: dict[str, list[str]] = {}
    for name, boss in sorted(managers.items()):
        if boss:
            out.setdefault(boss, []).append(name)
    return out


def team_target(manager: str, below: dict[str, list[str]], targets: dict[str, int]) -> int | None:
    """A team's target: the manager's own target when set (it is the team's); else the sum over
    their direct reports of each one's (a sub-manager's: their team's); None when none is set."""
    if manager in targets:
        return targets[manager]
    parts = [team_target(r, below, targets) if r in below else targets.get(r) for r in below.get(manager, [])]
    known = [p for p in parts if p is not None]
    return sum(known) if known else None
