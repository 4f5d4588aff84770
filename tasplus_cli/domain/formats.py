"""How numbers read in sentences and cells: one percent format for every layer.

``pct(None)`` is ``"n/a"`` (a win rate that cannot be computed is not zero);
whole numbers print without a decimal point, fractions with as many digits as
they carry (``33.3%``). JSON never uses it: it keeps numbers.
"""

from __future__ import annotations


def pct(value: float | int | None, missing: str = "n/a") -> str:
    if value is None:
        return missing
    return f"{value:g}%" if isinstance(value, float) else f"{value}%"
