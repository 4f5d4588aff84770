"""Does the win rate predict? (METHOD §15): the pure maths of ``tasplus analyze``.

Everything here folds one closed deal at a time into a small running total, so
the store can stream any number of deals through it and memory stays flat:

- ``Scored``: a Brier score (mean of (p/100 − outcome)², outcome 1 = won, 0 =
  not won) and the calibration table of 10-point bins (0–9, 10–19, …, 80–89,
  90–100: each bin's mean prediction, actual win share and count);
- ``Histogram``: whole-day durations counted by value; exact median and
  percentiles (nearest rank) without keeping the values;
- ``Conversion``: of the closed deals that entered stage k, how many reached
  a later stage or won;
- ``lost_reason``: free text → the canonical reason whose alias it contains
  (case-blind substring), else ``other``;
- ``stays``: a deal's stage timeline → (stage, days) per stay;
- ``stage_on`` / ``rate_on``: what was true of a deal at the end of a day.

Percentages in and out are 0–100; shares are rounded to one decimal, Brier
scores to four. Standard library only.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Sequence

HORIZONS = (0, 30, 60, 90)  # days before the close at which the predictions are scored
MIN_DEALS = 20  # fewer closed deals: the figures are shown but "not yet meaningful"
BINS = 10


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, one decimal; None of nothing."""
    return round(100 * part / whole, 1) if whole else None


def bin_of(p: int) -> int:
    """The 10-point bin of a prediction in percent (100 falls in the last bin, 90–100)."""
    return min(max(int(p), 0) // 10, BINS - 1)


def bin_label(i: int) -> str:
    return f"{i * 10}–{i * 10 + 9}" if i < BINS - 1 else f"{i * 10}–100"


@dataclass
class Scored:
    """Predictions (percent) against outcomes (won or not), folded one at a time."""

    n: int = 0
    sq: float = 0.0
    bins: list[list[float]] = field(default_factory=lambda: [[0, 0.0, 0] for _ in range(BINS)])  # n, Σp, wins

    def add(self, p: int, won: bool) -> None:
        self.n += 1
        self.sq += (p / 100 - (1 if won else 0)) ** 2
        b = self.bins[bin_of(p)]
        b[0] += 1
        b[1] += p
        b[2] += 1 if won else 0

    @property
    def brier(self) -> float | None:
        return round(self.sq / self.n, 4) if self.n else None

    def as_dict(self) -> dict:
        return {"n": self.n, "brier": self.brier, "bins": [
            {"bin": bin_label(i), "from": i * 10, "to": 100 if i == BINS - 1 else i * 10 + 9, "n": int(n),
             "mean_predicted": round(total / n, 1) if n else None, "won": int(won), "win_share": share(int(won), int(n))}
            for i, (n, total, won) in enumerate(self.bins)]}


@dataclass
class Histogram:
    """Whole-day durations by value: count, mean, median and 80th percentile, exactly."""

    counts: Counter = field(default_factory=Counter)

    def add(self, days: int) -> None:
        self.counts[days] += 1

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    def percentile(self, q: float) -> int | None:
        """The nearest-rank ``q``-th percentile (``q`` 0–100): the smallest value with at least q % of
        the values at or below it."""
        n = self.n
        if not n:
            return None
        rank = max(1, math.ceil(q / 100 * n))
        seen = 0
        for value in sorted(self.counts):
            seen += self.counts[value]
            if seen >= rank:
                return value
        return None  # unreachable: rank ≤ n

    def as_dict(self) -> dict:
        n = self.n
        total = sum(v * c for v, c in self.counts.items())
        return {"n": n, "mean_days": round(total / n, 1) if n else None,
                "median_days": self.percentile(50), "p80_days": self.percentile(80)}


def percentile(values: Iterable[int], q: float) -> int | None:
    """The nearest-rank percentile of ``values`` (the rule ``Histogram`` applies)."""
    h = Histogram()
    for v in values:
        h.add(v)
    return h.percentile(q)


@dataclass
class Conversion:
    """Stage-to-stage conversion of closed deals: of those that entered stage k, how many reached
    any later stage or were won (a jump over stages counts as reaching them)."""

    stages: Sequence[str]
    entered: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.entered = [0] * len(self.stages)
        self.moved = [0] * len(self.stages)

    def add(self, seen: set[str], won: bool) -> None:
        idx = [i for i, k in enumerate(self.stages) if k in seen]
        if not idx:
            return
        furthest = max(idx)
        for i in idx:
            self.entered[i] += 1
            if won or i < furthest:
                self.moved[i] += 1

    def rows(self) -> list[dict]:
        keys = list(self.stages)
        return [{"from": k, "to": keys[i + 1] if i + 1 < len(keys) else "won", "entered": self.entered[i],
                 "moved_on": self.moved[i], "rate": share(self.moved[i], self.entered[i])}
                for i, k in enumerate(keys)]


def stage_on(day: date, initial: str, moves: Sequence[tuple[date, str]]) -> str:
    """The stage at the end of ``day``: the last move on or before it, else ``initial``.
    ``moves``: (day, new stage) in the order they happened."""
    stage = initial
    for when, new in moves:
        if when > day:
            break
        stage = new
    return stage


def rate_on(day: date, points: Sequence[tuple[date, int | None]]) -> tuple[bool, int | None]:
    """(a point exists on or before ``day``, its win rate or None when n/a). ``points``: (day, win
    rate) ordered by day then entry; the last one of a day counts."""
    i = bisect_right([d for d, _ in points], day)
    return (True, points[i - 1][1]) if i else (False, None)


def stays(created: date, closed: date, initial: str, moves: Sequence[tuple[date, str]]) -> list[tuple[str, int]]:
    """(stage, whole days) of each stay of a closed deal: from its creation in ``initial``, each move
    ends a stay and starts one, the close ends the last. Days never negative."""
    out, stage, since = [], initial, created
    for when, new in moves:
        out.append((stage, max(0, (when - since).days)))
        stage, since = new, max(since, when)
    out.append((stage, max(0, (closed - since).days)))
    return out


@dataclass(frozen=True)
class Reason:
    """A canonical lost reason and the words that name it (matched case-blind, as substrings)."""

    key: str
    aliases: tuple[str, ...]


def lost_reason(text: str | None, reasons: Sequence[Reason]) -> str:
    """The first canonical reason whose key or an alias occurs in ``text``; ``other`` when none
    does (or the text is empty)."""
    folded = (text or "").casefold()
    if folded.strip():
        for r in reasons:
            if any(a.casefold() in folded for a in (r.key, *r.aliases) if a.strip()):
                return r.key
    return "other"


def outcome_counts(won: int, lost: int, abandoned: int) -> dict:
    """A row of a win/loss table: counts and the win share (abandoned deals count as not won)."""
    deals = won + lost + abandoned
    return {"deals": deals, "won": won, "lost": lost, "abandoned": abandoned, "win_share": share(won, deals)}
