"""The weekly review (METHOD §13): which deals to discuss, the warnings each
raises, and the coaching question a manager asks for each.

Everything is computed from ``DealReview`` facts gathered by the store;
``today`` and the thresholds are parameters. A deal is on the agenda when it
is A/B (or graded up by hand) and changed since the last review or carries a
warning; C/D/E deals only on a big change (a win-rate event, a stage move, a
lost compelling event, closing, or an amount move of ≥ 20 %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tasplus_cli.domain.forecast import stage_optimism

# key: (title, the manager's question, the command that records the answer)
WARNINGS: dict[str, tuple[str, str, str]] = {
    "no_compelling_event": ("no confirmed compelling event",
                            "Why must the customer do this, and by when? Who said so?",
                            "tasplus event add {code} TEXT --confirmed"),
    "compelling_event_lost": ("a compelling event was lost",
                              "Is this still a project? Should we keep investing presales time?",
                              "tasplus event add {code} TEXT, or tasplus opp close {code} --abandoned"),
    "no_inside_source": ("no inside source",
                         "Who inside tells us the truth? Whom could we develop?",
                         "tasplus stakeholder add {code} CONTACT --role evaluator --inside-source"),
    "not_top_three": ("not in the top three",
                      "What would have to change for us to be a real contender — or should we withdraw?",
                      "tasplus strategy set {code} development --rationale TEXT, or tasplus opp close {code}"),
    "competition_unknown": ("competition unknown (no competitor scored)",
                            "Who else is bidding? What do they offer, whom do they know?",
                            "tasplus survey run {code} --competitor NAME=FIT,CLOSENESS"),
    "survey_stale": ("survey older than {survey_days} days",
                     "Let's answer the four questions together now.", "tasplus survey run {code}"),
    "win_rate_moved": ("win rate moved",
                       "What happened? Which input moved, and what do we do about it?",
                       "tasplus winrate {code}; tasplus activity log {code} --planned …"),
    "stage_optimism": ("stage optimism",
                       "The stage says we're close; the comparison says we're behind. Which is true?",
                       "tasplus survey run {code}; tasplus plan {code}"),
    "key_person_not_contacted": ("approver / decision-maker not contacted",
                                 "Who can get us a meeting with them, and when?",
                                 "tasplus activity log {code} --with CONTACT --planned --date DATE --summary TEXT"),
    "key_person_negative": ("approver / decision-maker negative",
                            "Why are they against us? Suppress or defend — what is the tactic?",
                            "tasplus tactic add {code} TEXT; tasplus activity log {code} --planned …"),
    "single_threaded": ("single-threaded", "If our contact leaves or loses, what remains?",
                        "tasplus stakeholder add {code} CONTACT --role ROLE"),
    "no_recent_activity": ("no activity in {activity_days} days", "Is the deal stalled, or are we?",
                           "tasplus activity log {code} --kind KIND --summary TEXT"),
    "overdue_activities": ("overdue planned activities", "Did it happen? What came of it?",
                           "tasplus activity done ID --outcome TEXT / tasplus activity cancel ID"),
    "close_date_passed": ("close date passed", "When will it really close? What moved it?",
                          "tasplus opp edit {code} --close-date DATE --reason TEXT"),
    "plan_missing": ("plan missing past analyze (strategy or value proposition)",
                     "How do we win this one, in two minutes?",
                     "tasplus strategy set {code} …; tasplus value set {code} …"),
}


@dataclass(frozen=True)
class KeyPerson:
    name: str
    role: str  # approver / decision-maker
    interaction: str  # none / occasional / multiple / deep
    relationship: str | None


@dataclass
class DealReview:
    code: str
    name: str
    owner: str
    grade: str
    graded_up: bool  # set by hand above its amount grade
    stage: str
    stage_index: int
    analyze_index: int
    stage_probability: int
    status: str
    close_date: date | None
    confirmed_events: int
    events_lost: list[str] = field(default_factory=list)  # since the last review
    last_survey: date | None = None
    inside_source: bool | None = None  # latest survey, or a stakeholder flagged
    competitors_scored: int = 0
    rank: int | None = None
    win_rate: int | None = None
    win_rate_moves: list[tuple[int | None, int | None, str]] = field(default_factory=list)  # (old, new, why)
    last_done_activity: date | None = None
    overdue_activities: int = 0
    key_people: list[KeyPerson] = field(default_factory=list)
    contacted_people: int = 0
    has_strategy: bool = False
    has_value_proposition: bool = False
    changes: list[str] = field(default_factory=list)  # human lines: "stage analyze → present", …
    big_change: bool = False


@dataclass(frozen=True)
class Warning:
    key: str
    title: str
    question: str
    command: str
    detail: str = ""


@dataclass(frozen=True)
class Params:
    survey_days: int = 7
    activity_days: int = 14
    optimism_points: int = 30


def warnings(d: DealReview, today: date, p: Params = Params()) -> list[Warning]:
    """Every review warning that applies to an open deal, in the METHOD §13 order."""
    if d.status != "open":
        return []
    hits: list[tuple[str, str]] = []
    if d.confirmed_events == 0:
        hits.append(("no_compelling_event", ""))
    if d.events_lost:
        hits.append(("compelling_event_lost", "; ".join(d.events_lost)))
    if d.inside_source is False or (d.inside_source is None and d.last_survey is not None):
        hits.append(("no_inside_source", ""))
    if d.rank is not None and d.rank > 3:
        hits.append(("not_top_three", f"rank {d.rank}"))
    if d.last_survey is not None and d.competitors_scored == 0:
        hits.append(("competition_unknown", ""))
    if d.last_survey is None or (today - d.last_survey).days > p.survey_days:
        hits.append(("survey_stale", f"last survey {d.last_survey}" if d.last_survey else "never surveyed"))
    for old, new, why in d.win_rate_moves:
        hits.append(("win_rate_moved", f"{_pct(old)} → {_pct(new)}" + (f": {why}" if why else "")))
    if stage_optimism(d.stage_probability, d.win_rate, p.optimism_points):
        hits.append(("stage_optimism", f"stage {d.stage_probability}% vs win rate {d.win_rate}%"))
    for kp in d.key_people:
        if kp.interaction == "none":
            hits.append(("key_person_not_contacted", f"{kp.role} {kp.name}"))
    for kp in d.key_people:
        if kp.relationship in ("negative", "strong-negative"):
            hits.append(("key_person_negative", f"{kp.role} {kp.name} ({kp.relationship})"))
    if d.contacted_people == 1:
        hits.append(("single_threaded", ""))
    if d.last_done_activity is None or (today - d.last_done_activity).days > p.activity_days:
        hits.append(("no_recent_activity", f"last {d.last_done_activity}" if d.last_done_activity else "none yet"))
    if d.overdue_activities:
        hits.append(("overdue_activities", f"{d.overdue_activities} overdue"))
    if d.close_date is not None and d.close_date < today:
        hits.append(("close_date_passed", f"was {d.close_date}"))
    if d.stage_index > d.analyze_index and not (d.has_strategy and d.has_value_proposition):
        missing = [w for w, ok in (("strategy", d.has_strategy), ("value proposition", d.has_value_proposition))
                   if not ok]
        hits.append(("plan_missing", "no " + " and no ".join(missing)))
    fmt = {"code": d.code, "survey_days": p.survey_days, "activity_days": p.activity_days}
    return [Warning(k, WARNINGS[k][0].format(**fmt), WARNINGS[k][1], WARNINGS[k][2].format(**fmt), detail)
            for k, detail in hits]


def on_agenda(d: DealReview, warns: list[Warning]) -> bool:
    """A/B or graded-up deals that changed or warn; C/D/E only on a big change."""
    if d.grade in ("A", "B") or d.graded_up:
        return bool(d.changes or warns)
    return d.big_change


def _pct(v: int | None) -> str:
    return "n/a" if v is None else f"{v}%"
