"""Stages, moves between them, and the stage gates (METHOD §1–2).

The stage template is data (keys, labels, classic probability, gates), passed
in from config; the default lives in ``config.DEFAULTS``. Gates are checked
only for A and B deals: C, D and E are on the fast track. ``missing_gates`` is
the one function that decides whether a deal may leave a stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tasplus_cli.domain.errors import GateBlocked, InvalidValue
from tasplus_cli.domain.vocab import normalize

FULL_PROCESS = ("A", "B")
CLOSED = ("won", "lost", "abandoned")


@dataclass(frozen=True)
class Stage:
    key: str
    en: str
    zh: str
    probability: int
    days: int = 0
    gates: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Template:
    stages: tuple[Stage, ...]

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.stages]

    def get(self, key: str) -> Stage:
        for s in self.stages:
            if s.key == key:
                return s
        raise InvalidValue(f"unknown stage {key!r}", "use one of: " + ", ".join(self.keys))

    def index(self, key: str) -> int:
        return self.keys.index(self.get(key).key)

    def parse(self, text: str, flag: str = "--to") -> str:
        wanted = normalize(text)
        for s in self.stages:
            if wanted in (normalize(s.key), normalize(s.en), normalize(s.zh)):
                return s.key
        choices = ", ".join(f"{s.key} ({s.zh})" for s in self.stages)
        raise InvalidValue(f"{flag}: unknown stage {text!r}", f"use one of: {choices}")

    def next(self, key: str) -> str | None:
        i = self.index(key)
        return self.stages[i + 1].key if i + 1 < len(self.stages) else None

    def label(self, key: str, lang: str = "en") -> str:
        for s in self.stages:
            if s.key == key:
                return s.label(lang)
        return key


@dataclass
class DealFacts:
    """What the gates look at, gathered by the store from every table."""

    code: str
    grade: str
    confirmed_events: int = 0
    approved: bool = False
    team_departments: set[str] = field(default_factory=set)
    has_value_proposition: bool = False
    strategy: str | None = None
    planned_activities: int = 0
    last_survey: date | None = None
    has_approver: bool = False
    has_decision_maker: bool = False
    tender_issued_on: date | None = None
    bid_result: str | None = None
    contract_signed_on: date | None = None


@dataclass(frozen=True)
class Missing:
    gate: str
    what: str
    fix: str


SURVEY_GATE_DAYS = 14


def _gate_checks(f: DealFacts, today: date, survey_days: int) -> dict[str, tuple[bool, str, str]]:
    c = f.code
    fresh = f.last_survey is not None and (today - f.last_survey).days <= survey_days
    return {
        "confirmed_event": (f.confirmed_events > 0, "no confirmed compelling event",
                            f"tasplus event add {c} TEXT --kind budget --confirmed"),
        "initiation_approved": (f.approved, "the initiation review (立项审核) is not approved",
                                f"tasplus opp approve {c}"),
        "team_outside_sales": (bool(f.team_departments - {"sales"}), "no one outside sales on the deal team",
                               f"tasplus opp team add {c} NAME --department presales"),
        "value_proposition": (f.has_value_proposition, "no value proposition",
                              f"tasplus value set {c} --solution TEXT --business-value TEXT"),
        "strategy": (f.strategy is not None, "no competitive strategy chosen",
                     f"tasplus strategy set {c} STRATEGY --rationale TEXT"),
        "planned_activity": (f.planned_activities > 0, "no planned activity",
                             f"tasplus activity log {c} --kind meeting --planned --date +7d --summary TEXT"),
        "recent_survey": (fresh, f"no survey in the last {survey_days} days", f"tasplus survey run {c}"),
        "approver": (f.has_approver, "no approver identified",
                     f"tasplus stakeholder add {c} CONTACT --role approver"),
        "decision_maker": (f.has_decision_maker, "no decision-maker identified",
                           f"tasplus stakeholder add {c} CONTACT --role decision-maker"),
        "tender_issued": (f.tender_issued_on is not None, "tender issue date not recorded",
                          f"tasplus opp edit {c} --tender-issued DATE"),
        "bid_won": (f.bid_result == "won", "bid result not recorded as won",
                    f"tasplus opp edit {c} --bid-result won"),
        "contract_signed": (f.contract_signed_on is not None, "contract signed date not recorded",
                            f"tasplus opp edit {c} --contract-signed DATE"),
    }


GATE_KEYS = tuple(_gate_checks(DealFacts(code="", grade="A"), date(2000, 1, 1), 0))


def missing_gates(gates: tuple[str, ...], facts: DealFacts, today: date,
                  survey_days: int = SURVEY_GATE_DAYS) -> list[Missing]:
    """The unmet gates among ``gates`` for this deal; empty for C/D/E (fast track)."""
    if facts.grade not in FULL_PROCESS:
        return []
    checks = _gate_checks(facts, today, survey_days)
    return [Missing(g, checks[g][1], checks[g][2]) for g in gates if not checks[g][0]]


def check_move(template: Template, current: str, target: str, grade: str) -> str:
    """Validate a stage move; return ``"forward"``, ``"back"`` or raise.

    AB deals move forward one stage at a time; C, D and E may jump forward to
    any later stage (fast track, e.g. straight to ``negotiate``). Any grade may
    move back any number of stages.
    """
    i, j = template.index(current), template.index(target)
    if i == j:
        raise InvalidValue(f"the deal is already in '{target}'", "name another stage with --to")
    if j < i:
        return "back"
    if j > i + 1 and grade in FULL_PROCESS:
        raise GateBlocked(
            f"a grade {grade} deal moves one stage at a time ('{current}' → '{template.next(current)}'), not to '{target}'",
            "advance stage by stage; only C, D and E deals take the fast track")
    return "forward"


def gates_between(template: Template, current: str, target: str) -> tuple[str, ...]:
    """The gates of every stage left on a forward move (just ``current``'s for one step)."""
    i, j = template.index(current), template.index(target)
    out: list[str] = []
    for s in template.stages[i:j]:
        out.extend(g for g in s.gates if g not in out)
    return tuple(out)
