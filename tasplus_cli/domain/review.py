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


# map warnings (domain.relations.Flag keys) → review warning keys; their questions come with the flag
MAP_KEYS = {"no_inside_source": "no_inside_source", "no_approver": "no_approver",
            "not_contacted": "key_person_not_contacted", "negative": "key_person_negative",
            "single_threaded": "single_threaded"}


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
    competitors_scored: int = 0
    rank: int | None = None
    win_rate: int | None = None
    win_rate_moves: list[tuple[int | None, int | None, str]] = field(default_factory=list)  # (old, new, why)
    last_done_activity: date | None = None
    overdue_activities: int = 0
    map_flags: list = field(default_factory=list)  # domain.relations.Flag of this deal's map
    has_strategy: bool = False
    has_value_proposition: bool = False
    changes: list[dict] = field(default_factory=list)  # {field, old, new, reason} since the window opened
    big_change: bool = False
    amount_minor: int = 0
    win_rate_before: int | None = None  # the win rate when the window opened (None: n/a or none yet)


@dataclass(frozen=True)
class Warning:
    key: str
    title: str
    question: str
    command: str
    detail: str = ""
    data: dict = field(default_factory=dict)  # the facts behind the words, to say them in another language


@dataclass(frozen=True)
class Params:
    survey_days: int = 7
    activity_days: int = 14
    optimism_points: int = 30


def warnings(d: DealReview, today: date, p: Params = Params()) -> list[Warning]:
    """Every review warning that applies to an open deal, in the METHOD §13 order."""
    if d.status != "open":
        return []
    hits: list[tuple[str, str, dict]] = []
    if d.confirmed_events == 0:
        hits.append(("no_compelling_event", "", {}))
    if d.events_lost:
        hits.append(("compelling_event_lost", "; ".join(d.events_lost), {"events": d.events_lost}))
    if d.rank is not None and d.rank > 3:
        hits.append(("not_top_three", f"rank {d.rank}", {"rank": d.rank}))
    if d.last_survey is not None and d.competitors_scored == 0:
        hits.append(("competition_unknown", "", {}))
    if d.last_survey is None or (today - d.last_survey).days > p.survey_days:
        hits.append(("survey_stale", f"last survey {d.last_survey}" if d.last_survey else "never surveyed",
                     {"last": d.last_survey.isoformat() if d.last_survey else None}))
    for old, new, why in d.win_rate_moves:
        hits.append(("win_rate_moved", f"{_pct(old)} → {_pct(new)}" + (f": {why}" if why else ""),
                     {"old": old, "new": new, "why": why}))
    if stage_optimism(d.stage_probability, d.win_rate, p.optimism_points):
        hits.append(("stage_optimism", f"stage {d.stage_probability}% vs win rate {d.win_rate}%",
                     {"stage_probability": d.stage_probability, "win_rate": d.win_rate}))
    if d.last_done_activity is None or (today - d.last_done_activity).days > p.activity_days:
        hits.append(("no_recent_activity", f"last {d.last_done_activity}" if d.last_done_activity else "none yet",
                     {"last": d.last_done_activity.isoformat() if d.last_done_activity else None}))
    if d.overdue_activities:
        hits.append(("overdue_activities", f"{d.overdue_activities} overdue", {"count": d.overdue_activities}))
    if d.close_date is not None and d.close_date < today:
        hits.append(("close_date_passed", f"was {d.close_date}", {"close_date": d.close_date.isoformat()}))
    if d.stage_index > d.analyze_index and not (d.has_strategy and d.has_value_proposition):
        missing = [w for w, ok in (("strategy", d.has_strategy), ("value proposition", d.has_value_proposition))
                   if not ok]
        hits.append(("plan_missing", "no " + " and no ".join(missing), {"missing": missing}))
    fmt = {"code": d.code, "survey_days": p.survey_days, "activity_days": p.activity_days}
    out = [Warning(k, WARNINGS[k][0].format(**fmt), WARNINGS[k][1], WARNINGS[k][2].format(**fmt), detail,
                   dict(data, **fmt)) for k, detail, data in hits]
    people = [Warning(MAP_KEYS.get(f.key, f.key), f.message, f.question, f.fix,
                      data={"role": f.role, "contacts": list(f.contacts)}) for f in d.map_flags]
    # METHOD §13 order: the inside-source question early, the people questions after stage optimism
    early = [w for w in people if w.key == "no_inside_source"]
    late = [w for w in people if w.key != "no_inside_source"]
    cut = next((i for i, w in enumerate(out) if w.key not in ("no_compelling_event", "compelling_event_lost")), len(out))
    out[cut:cut] = early
    cut = next((i for i, w in enumerate(out) if w.key in ("no_recent_activity", "overdue_activities",
                                                           "close_date_passed", "plan_missing")), len(out))
    out[cut:cut] = late
    return out


def on_agenda(d: DealReview, warns: list[Warning]) -> bool:
    """A/B or graded-up deals that changed or warn; C/D/E only on a big change."""
    if d.grade in ("A", "B") or d.graded_up:
        return bool(d.changes or warns)
    return d.big_change


def _pct(v: int | None) -> str:
    return "n/a" if v is None else f"{v}%"


def what_moved(before: dict, after: dict) -> str:
    """Which win-rate inputs changed between two points (the ``inputs`` of ``domain.winrate``)."""
    if not before:
        return "first computed value"
    out = []
    if before.get("confirmed_event") != after.get("confirmed_event"):
        out.append("compelling event " + ("confirmed" if after.get("confirmed_event") else "no longer confirmed"))
    if before.get("inside_source") != after.get("inside_source"):
        out.append(f"inside source {_yn(before.get('inside_source'))} → {_yn(after.get('inside_source'))}")
    b_us, a_us = before.get("us") or {}, after.get("us") or {}
    for key in ("fit", "closeness"):
        if b_us.get(key) != a_us.get(key):
            out.append(f"our {key} {b_us.get(key)} → {a_us.get(key)}")
    b_c = {c["name"]: c for c in before.get("competitors", [])}
    a_c = {c["name"]: c for c in after.get("competitors", [])}
    for name in a_c.keys() - b_c.keys():
        out.append(f"{name} scored ({a_c[name]['fit']},{a_c[name]['closeness']})")
    for name in b_c.keys() - a_c.keys():
        out.append(f"{name} no longer scored")
    for name in a_c.keys() & b_c.keys():
        for key in ("fit", "closeness"):
            if a_c[name][key] != b_c[name][key]:
                out.append(f"{name} {key} {b_c[name][key]} → {a_c[name][key]}")
    return "; ".join(out)


def _yn(v: bool | None) -> str:
    return "?" if v is None else "yes" if v else "no"
