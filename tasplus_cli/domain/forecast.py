"""Forecasts and the funnel (METHOD §9 "Forecasts", issue: funnel).

- classic forecast = Σ amount × stage probability (the stage-weighted funnel);
- TAS+ forecast = Σ amount × win rate, a win rate of n/a counting as 0;
- only open deals count, and E deals only when their registration is approved;
- stage optimism: stage probability − win rate ≥ threshold (default 30) for a
  deal whose win rate is known.
Amounts are minor units; results are minor units rounded down to whole units.
Every sum here is of lines in one currency: ``in_base`` turns a deal's lines
into the base currency first (``domain.fx``), leaving out, and counting, those
whose currency has no rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dataclasses import replace

from tasplus_cli.domain.fx import Total
from tasplus_cli.domain.grading import grade_class


@dataclass(frozen=True)
class DealLine:
    code: str
    stage: str
    grade: str
    amount_minor: int
    stage_probability: int
    win_rate: int | None
    registration_status: str | None = None
    currency: str = ""  # "" : already in the base currency


def in_base(deals: list[DealLine], total: Total) -> list[DealLine]:
    """The deals that count in the forecast, with amounts in the base currency; ``total`` adds
    them up and keeps the rates used and the deals left out (no rate)."""
    out = []
    for d in deals:
        if not counts_in_forecast(d):
            continue
        base = total.add(d.amount_minor, d.currency or total.fx.base)
        if base is not None:
            out.append(replace(d, amount_minor=base, currency=total.fx.base))
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
