"""Stages, moves between them, the stage gates and the win rule (METHOD §1–2).

The stage template is data (keys, labels, classic probability, gates), passed
in from the settings; the default lives in ``settings.DEFAULTS``. Gates are checked
only for the grades of ``FULL_PROCESS`` (A and B): C, D and E are on the fast
track. ``missing_gates`` is the one function that decides whether a deal may
leave a stage; ``check_win`` the one that decides whether it may be won where it is.
Gates apply however a deal gets to a stage: ``gates_at_start`` is what a new deal
created directly in a later stage lacks (every gate on the way from the first stage).

A gate's sentence (``Missing.what``) is a ``Phrase``: English in JSON and in
stored history, the reader's language on a screen or in an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tasplus_cli.domain.errors import GateBlocked, InvalidValue
from tasplus_cli.domain.vocab import normalize
from tasplus_cli.messages import command, language, msg
from tasplus_cli.messages.phrase import Phrase, phrase, say

FULL_PROCESS = ("A", "B")  # the grades that pass every gate, one stage at a time (the only such literal)
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
        raise InvalidValue(msg("error.stage.unknown", stage=repr(key)),
                           msg("hint.stage.choices", choices=", ".join(self.keys)))

    def index(self, key: str) -> int:
        return self.keys.index(self.get(key).key)

    def parse(self, text: str, flag: str = "--to") -> str:
        wanted = normalize(text)
        for s in self.stages:
            if wanted in (normalize(s.key), normalize(s.en), normalize(s.zh)):
                return s.key
        choices = ", ".join(f"{s.key} ({s.zh})" for s in self.stages)
        raise InvalidValue(msg("error.stage.unknown_flag", flag=flag, stage=repr(text)),
                           msg("hint.stage.choices", choices=choices))

    def next(self, key: str) -> str | None:
        i = self.index(key)
        return self.stages[i + 1].key if i + 1 < len(self.stages) else None

    def label(self, key: str, lang: str = "en") -> str:
        for s in self.stages:
            if s.key == key:
                return s.label(lang)
        return key

    def here(self, key: str) -> str:
        """The stage's label in this invocation's language (for error messages)."""
        return self.label(key, language())


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
    what: Phrase  # English as a str (JSON); ``say(what, lang)`` in another language
    fix: str  # the command that meets the gate, quoted for the shell


SURVEY_GATE_DAYS = 14


def _gate_checks(f: DealFacts, today: date, survey_days: int) -> dict[str, tuple[bool, str]]:
    """gate key → (met, the command that meets it)."""
    c = f.code
    fresh = f.last_survey is not None and (today - f.last_survey).days <= survey_days
    return {
        "confirmed_event": (f.confirmed_events > 0,
                            command("event", "add", c, "TEXT", "--kind", "budget", "--confirmed")),
        "initiation_approved": (f.approved, command("opp", "approve", c)),
        "team_outside_sales": (bool(f.team_departments - {"sales"}),
                               command("opp", "team", "add", c, "NAME", "--department", "presales")),
        "value_proposition": (f.has_value_proposition,
                              command("value", "set", c, "--solution", "TEXT", "--business-value", "TEXT")),
        "strategy": (f.strategy is not None, command("strategy", "set", c, "STRATEGY", "--rationale", "TEXT")),
        "planned_activity": (f.planned_activities > 0, command("activity", "log", c, "--kind", "meeting", "--planned",
                                                               "--date", "+7d", "--summary", "TEXT")),
        "recent_survey": (fresh, command("survey", "run", c)),
        "approver": (f.has_approver, command("stakeholder", "add", c, "CONTACT", "--role", "approver")),
        "decision_maker": (f.has_decision_maker,
                           command("stakeholder", "add", c, "CONTACT", "--role", "decision-maker")),
        "tender_issued": (f.tender_issued_on is not None, command("opp", "edit", c, "--tender-issued", "DATE")),
        "bid_won": (f.bid_result == "won", command("opp", "edit", c, "--bid-result", "won")),
        "contract_signed": (f.contract_signed_on is not None, command("opp", "edit", c, "--contract-signed", "DATE")),
    }


GATE_KEYS = tuple(_gate_checks(DealFacts(code="", grade="A"), date(2000, 1, 1), 0))


def gate_what(gate: str, survey_days: int = SURVEY_GATE_DAYS) -> Phrase:
    """What an unmet gate lacks, as a sentence (``gate.missing.<gate>`` in the catalogue)."""
    return phrase(f"gate.missing.{gate}", days=survey_days)


def missing_gates(gates: tuple[str, ...], facts: DealFacts, today: date,
                  survey_days: int = SURVEY_GATE_DAYS) -> list[Missing]:
    """The unmet gates among ``gates`` for this deal; empty for C/D/E (fast track)."""
    if facts.grade not in FULL_PROCESS:
        return []
    checks = _gate_checks(facts, today, survey_days)
    return [Missing(g, gate_what(g, survey_days), checks[g][1]) for g in gates if not checks[g][0]]


def gate_report(template: Template, stage: str, facts: DealFacts, today: date,
                survey_days: int = SURVEY_GATE_DAYS) -> dict:
    """What the gate of ``stage`` still needs (``next_gate`` of ``opp show``): whether gates
    apply to this grade at all, and each unmet gate with its sentence and its command."""
    missing = missing_gates(template.get(stage).gates, facts, today, survey_days)
    return {"stage": stage, "applies": facts.grade in FULL_PROCESS,
            "missing": [{"gate": m.gate, "what": m.what, "fix": m.fix} for m in missing]}


def _said(missing: list[Missing]) -> str:
    return msg("gate.separator").join(say(m.what, language()) for m in missing)


def blocked(template: Template, code: str, stage: str, missing: list[Missing]) -> GateBlocked:
    """The error of a deal held at ``stage``'s gate: what is missing, and the commands that fix it."""
    return GateBlocked(msg("error.gate.blocked", code=code, stage=template.here(stage), what=_said(missing)),
                       msg("hint.gate.blocked", fixes=" | ".join(m.fix for m in missing)))


NEW_DEAL = "OPP"  # the deal's place in the commands of a creation's gate error: it has no code yet


def gates_at_start(template: Template, grade: str, stage: str) -> list[Missing]:
    """What a new deal of ``grade`` created directly in ``stage`` lacks: a new deal has no facts, so
    every gate of every stage from the first up to ``stage`` (none for C/D/E, the fast track)."""
    first = template.stages[0].key
    facts = DealFacts(code=NEW_DEAL, grade=grade)
    return missing_gates(gates_between(template, first, stage), facts, date.min)


def blocked_at_start(template: Template, grade: str, stage: str, missing: list[Missing]) -> GateBlocked:
    """The error of a new deal that may not start in ``stage``: the gates on the way and their commands."""
    return GateBlocked(msg("error.gate.new_blocked", grade=grade, stage=template.here(stage), what=_said(missing)),
                       msg("hint.gate.new_blocked", first=template.here(template.stages[0].key),
                           fixes=" | ".join(m.fix for m in missing)))


def check_win(template: Template, code: str, stage: str, grade: str, force: bool) -> bool:
    """A/B deals are won only from the last stage. Raise GateBlocked for an earlier win unless
    ``force``; return True when this win skips the last stage (a forced override to record)."""
    last = template.stages[-1].key
    early = grade in FULL_PROCESS and stage != last
    if early and not force:
        raise GateBlocked(msg("error.gate.win_early", code=code, stage=template.here(stage), grade=grade,
                              last=template.here(last)), msg("hint.gate.win_early", last=template.here(last)))
    return early


def check_move(template: Template, current: str, target: str, grade: str) -> str:
    """Validate a stage move; return ``"forward"``, ``"back"`` or raise.

    AB deals move forward one stage at a time; C, D and E may jump forward to
    any later stage (fast track, e.g. straight to ``negotiate``). Any grade may
    move back any number of stages.
    """
    i, j = template.index(current), template.index(target)
    if i == j:
        raise InvalidValue(msg("error.stage.same", stage=template.here(target)), msg("hint.stage.same"))
    if j < i:
        return "back"
    if j > i + 1 and grade in FULL_PROCESS:
        raise GateBlocked(msg("error.stage.one_at_a_time", grade=grade, current=template.here(current),
                              next=template.here(template.next(current)), target=template.here(target)),
                          msg("hint.stage.one_at_a_time"))
    return "forward"


def gates_between(template: Template, current: str, target: str) -> tuple[str, ...]:
    """The gates of every stage left on a forward move (just ``current``'s for one step)."""
    i, j = template.index(current), template.index(target)
    out: list[str] = []
    for s in template.stages[i:j]:
        out.extend(g for g in s.gates if g not in out)
    return tuple(out)
