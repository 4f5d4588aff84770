"""Grading by amount (METHOD §2): A ≥ 5,000,000, B ≥ 1,000,000, C ≥ 300,000,
else D (thresholds in major units, from config); E is partner-led whatever
the amount. A grade set by hand is kept until set again or reset to auto.
"""

from __future__ import annotations

from tasplus_cli.domain.errors import InvalidValue

DEFAULT_THRESHOLDS = {"A": 5_000_000, "B": 1_000_000, "C": 300_000}


def grade_for_amount(amount_minor: int, thresholds: dict[str, int]) -> str:
    """Grade for an amount in minor units against thresholds in major units."""
    for grade in ("A", "B", "C"):
        if amount_minor >= thresholds[grade] * 100:
            return grade
    return "D"


def explain(amount_minor: int, thresholds: dict[str, int]) -> str:
    g = grade_for_amount(amount_minor, thresholds)
    if g == "D":
        return f"below C's threshold of {thresholds['C']:,}"
    return f"at or above {g}'s threshold of {thresholds[g]:,}"


def auto_grade(amount_minor: int, partner: str | None, thresholds: dict[str, int]) -> str:
    """The grade a deal gets when nobody set it by hand: E when partner-led."""
    return "E" if partner else grade_for_amount(amount_minor, thresholds)


def grade_class(grade: str) -> str:
    """Funnel class: AB, CD or E."""
    return "AB" if grade in ("A", "B") else "CD" if grade in ("C", "D") else "E"


def validate_thresholds(t: dict[str, int]) -> None:
    if not (t["A"] > t["B"] > t["C"] > 0):
        raise InvalidValue("grade thresholds must fall strictly: A > B > C > 0", "e.g. A=5000000, B=1000000, C=300000")
