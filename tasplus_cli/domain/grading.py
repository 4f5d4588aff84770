"""Grading by amount (METHOD §2): A ≥ 5,000,000, B ≥ 1,000,000, C ≥ 300,000,
else D (thresholds in major units of the base currency, from the settings); E is
partner-led whatever the amount. A grade set by hand is kept until set again or
reset to auto. The amount compared is the deal's amount converted to the base
currency (``domain.fx``); a deal in another currency without a rate cannot be
graded by amount (``no_rate``), never graded as if its amount were base currency.

``Graded`` is what ``opp grade`` shows: the grade, the grade the amount would
give, and why, as a ``Phrase`` (English in JSON, the reader's language on screen).
"""

from __future__ import annotations

from dataclasses import dataclass

from tasplus_cli.domain import vocab
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.money import fmt, major
from tasplus_cli.domain.stages import FULL_PROCESS
from tasplus_cli.messages import command, msg, text
from tasplus_cli.messages.phrase import Phrase, phrase

DEFAULT_THRESHOLDS = {"A": 5_000_000, "B": 1_000_000, "C": 300_000}


def grade_for_amount(amount_minor: int, thresholds: dict[str, int]) -> str:
    """Grade for an amount in minor units against thresholds in major units."""
    for grade in ("A", "B", "C"):
        if amount_minor >= thresholds[grade] * 100:
            return grade
    return "D"


def explain(amount_minor: int, thresholds: dict[str, int]) -> Phrase:
    """Where the amount stands against the thresholds: "at or above A's threshold of 5,000,000"."""
    g = grade_for_amount(amount_minor, thresholds)
    if g == "D":
        return phrase("grade.threshold.below", threshold=f"{thresholds['C']:,}")
    return phrase("grade.threshold.at_or_above", grade=g, threshold=f"{thresholds[g]:,}")


def auto_grade(amount_minor: int, partner: str | None, thresholds: dict[str, int]) -> str:
    """The grade a deal gets when nobody set it by hand: E when partner-led."""
    return "E" if partner else grade_for_amount(amount_minor, thresholds)


def no_rate(currency: str, base: str) -> InvalidValue:
    """The error of grading an amount of ``currency`` that has no rate into ``base``."""
    return InvalidValue(msg("error.fx.no_rate_grade", currency=currency, base=base),
                        msg("hint.fx.set", command=command("fx", "set", currency, "RATE")))


def grade_class(grade: str) -> str:
    """Funnel class: AB (the full process), CD or E."""
    return "AB" if grade in FULL_PROCESS else "CD" if grade in ("C", "D") else "E"


def validate_thresholds(t: dict[str, int]) -> None:
    if not (t["A"] > t["B"] > t["C"] > 0):
        raise InvalidValue(msg("error.grade.thresholds"), msg("hint.grade.thresholds"))


@dataclass(frozen=True)
class Graded:
    """One deal's grade and what decided it (``opp grade``)."""

    code: str
    grade: str
    manual: bool
    reason: str | None
    amount_minor: int
    currency: str
    partner: str | None
    registration_id: str | None
    registration_status: str | None
    thresholds: dict[str, int]
    base_minor: int | None = None  # the amount in the base currency (None: no rate)
    base: str = ""  # the base currency ("": ``currency`` is it, ``base_minor`` unused)
    rate: str | None = None  # the rate used, said (``USD 7.12 (2027-01-05)``), when converted

    @property
    def in_base(self) -> int | None:
        """The amount in the base currency (None: its currency has no rate)."""
        return self.amount_minor if self.base in ("", self.currency) else self.base_minor

    @property
    def by_amount(self) -> str | None:
        """The grade the amount gives (None: in a currency without a rate)."""
        if self.partner:
            return "E"
        return None if self.in_base is None else grade_for_amount(self.in_base, self.thresholds)

    @property
    def why(self) -> Phrase:
        if self.manual:
            return phrase("grade.why.manual", reason=self.reason, grade=self.by_amount or "?")
        if self.partner:
            status = self.registration_status
            return phrase("grade.why.partner", partner=self.partner, registration=self.registration_id,
                          status=Phrase(str(status), shown=lambda lang: vocab.REGISTRATION.label(status, lang)))
        if self.in_base is None:
            return phrase("grade.why.no_rate", amount=fmt(self.amount_minor, self.currency), currency=self.currency)
        if self.rate:
            return phrase("grade.why.converted", amount=fmt(self.amount_minor, self.currency),
                          base=fmt(self.base_minor, self.base), rate=self.rate,
                          explanation=explain(self.base_minor, self.thresholds))
        return phrase("grade.why.amount", amount=fmt(self.amount_minor, self.currency),
                      explanation=explain(self.amount_minor, self.thresholds))

    def as_dict(self) -> dict:
        """The JSON of ``opp grade`` (stable keys)."""
        return {"code": self.code, "grade": self.grade, "manual": self.manual, "by_amount": self.by_amount,
                "why": self.why, "thresholds": self.thresholds, "partner": self.partner,
                "registration_id": self.registration_id, "registration_status": self.registration_status,
                "base_currency": self.base or self.currency, "amount_base": major(self.in_base),
                "rate": self.rate}


def thresholds_line(thresholds: dict[str, int], lang: str) -> str:
    """``A ≥ 5,000,000 · B ≥ 1,000,000 · C ≥ 300,000 · D below · E partner-led``."""
    return text("grade.thresholds_line", lang, a=f"{thresholds['A']:,}", b=f"{thresholds['B']:,}",
                c=f"{thresholds['C']:,}")
