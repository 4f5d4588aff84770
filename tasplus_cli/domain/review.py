"""The weekly review (METHOD §13): which deals to discuss, the warnings each
raises, and the coaching question a manager asks for each.

Everything is computed from ``DealReview`` facts gathered by the store;
``today`` and the thresholds are parameters. A deal is on the agenda when it
is A/B (or graded up by hand) and changed since the last review or carries a
warning; C/D/E deals only on a big change (a win-rate event, a stage move, a
lost compelling event, closing, or an amount move of ≥ 20 %).

A warning's title, detail and question are ``Phrase`` strings: the English of
the catalogue (``review.<key>.*``) in JSON, the reader's language on a screen.
Its command is a shell-quoted command line (``messages.command``), the same in
every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tasplus_cli.domain.forecast import stage_optimism
from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.stages import FULL_PROCESS
from tasplus_cli.messages import command, text
from tasplus_cli.messages.phrase import Phrase, phrase, say

ETC = "…"  # a placeholder for the rest of a command line: shown as typed, never quoted

# key → the commands that record the answer; two commands: both ("; ") or either (", or ", " / ")
ANSWERS: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {
    "no_compelling_event": ("", (("event", "add", "{code}", "TEXT", "--confirmed"),)),
    "compelling_event_lost": ("or", (("event", "add", "{code}", "TEXT"), ("opp", "close", "{code}", "--abandoned"))),
    "not_top_three": ("or", (("strategy", "set", "{code}", "development", "--rationale", "TEXT"),
                             ("opp", "close", "{code}"))),
    "competition_unknown": ("", (("survey", "run", "{code}", "--competitor", "NAME=FIT,CLOSENESS"),)),
    "survey_stale": ("", (("survey", "run", "{code}"),)),
    "win_rate_moved": ("; ", (("winrate", "{code}"), ("activity", "log", "{code}", "--planned", ETC))),
    "stage_optimism": ("; ", (("survey", "run", "{code}"), ("plan", "{code}"))),
    "no_recent_activity": ("", (("activity", "log", "{code}", "--kind", "KIND", "--summary", "TEXT"),)),
    "overdue_activities": (" / ", (("activity", "done", "ID", "--outcome", "TEXT"), ("activity", "cancel", "ID"))),
    "close_date_passed": ("", (("opp", "edit", "{code}", "--close-date", "DATE", "--reason", "TEXT"),)),
    "plan_missing": ("; ", (("strategy", "set", "{code}", ETC), ("value", "set", "{code}", ETC))),
}

# map warnings (domain.relations.Flag keys) → review warning keys; their questions come with the flag
MAP_KEYS = {"no_inside_source": "no_inside_source", "no_approver": "no_approver",
            "not_contacted": "key_person_not_contacted", "negative": "key_person_negative",
            "single_threaded": "single_threaded"}


def command_line(*words: str) -> str:
    """``messages.command`` with a trailing ``…`` kept as typed (it stands for the rest of the line)."""
    if words and words[-1] == ETC:
        return command(*words[:-1]) + " " + ETC
    return command(*words)


def answer(key: str, code: str) -> str:
    """The command line(s) that record the answer to warning ``key`` on deal ``code``."""
    joiner, lines = ANSWERS[key]
    cmds = [command_line(*(w.format(code=code) for w in words)) for words in lines]
    if joiner == "or":
        return phrase("review.command.or", first=cmds[0], second=cmds[1])
    return joiner.join(cmds)


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
    data: dict = field(default_factory=dict)  # the facts behind the words


@dataclass(frozen=True)
class Params:
    """The review's thresholds (``settings.Review`` carries the same fields and serves as one)."""

    survey_days: int = 7
    activity_days: int = 14
    optimism_points: int = 30


def _joined(items: list[str]) -> Phrase:
    """User texts joined by the language's list separator (``; `` in English JSON)."""
    return Phrase(text("review.separator", "en").join(items),
                  shown=lambda lang: text("review.separator", lang).join(items))


def _since(key: str, last: date | None) -> Phrase:
    return phrase(f"review.{key}.detail", last=last.isoformat()) if last else phrase(f"review.{key}.never")


def _moved_detail(old: int | None, new: int | None, why: str) -> Phrase:
    if why:
        return phrase("review.win_rate_moved.why", old=pct(old), new=pct(new), why=why)
    return phrase("review.win_rate_moved.detail", old=pct(old), new=pct(new))


def warnings(d: DealReview, today: date, p: Params = Params()) -> list[Warning]:
    """Every review warning that applies to an open deal, in the METHOD §13 order."""
    if d.status != "open":
        return []
    hits: list[tuple[str, str, dict]] = []
    if d.confirmed_events == 0:
        hits.append(("no_compelling_event", "", {}))
    if d.events_lost:
        hits.append(("compelling_event_lost", _joined(d.events_lost), {"events": d.events_lost}))
    if d.rank is not None and d.rank > 3:
        hits.append(("not_top_three", phrase("review.not_top_three.detail", rank=d.rank), {"rank": d.rank}))
    if d.last_survey is not None and d.competitors_scored == 0:
        hits.append(("competition_unknown", "", {}))
    if d.last_survey is None or (today - d.last_survey).days > p.survey_days:
        hits.append(("survey_stale", _since("survey_stale", d.last_survey),
                     {"last": d.last_survey.isoformat() if d.last_survey else None}))
    for old, new, why in d.win_rate_moves:
        hits.append(("win_rate_moved", _moved_detail(old, new, why), {"old": old, "new": new, "why": why}))
    if stage_optimism(d.stage_probability, d.win_rate, p.optimism_points):
        hits.append(("stage_optimism", phrase("review.stage_optimism.detail", stage_probability=d.stage_probability,
                                              win_rate=d.win_rate),
                     {"stage_probability": d.stage_probability, "win_rate": d.win_rate}))
    if d.last_done_activity is None or (today - d.last_done_activity).days > p.activity_days:
        hits.append(("no_recent_activity", _since("no_recent_activity", d.last_done_activity),
                     {"last": d.last_done_activity.isoformat() if d.last_done_activity else None}))
    if d.overdue_activities:
        hits.append(("overdue_activities", phrase("review.overdue_activities.detail", count=d.overdue_activities),
                     {"count": d.overdue_activities}))
    if d.close_date is not None and d.close_date < today:
        hits.append(("close_date_passed", phrase("review.close_date_passed.detail", close_date=d.close_date.isoformat()),
                     {"close_date": d.close_date.isoformat()}))
    if d.stage_index > d.analyze_index and not (d.has_strategy and d.has_value_proposition):
        missing = [w for w, ok in (("strategy", d.has_strategy), ("value proposition", d.has_value_proposition))
                   if not ok]
        which = "both" if len(missing) == 2 else "strategy" if d.has_value_proposition else "value"
        hits.append(("plan_missing", phrase(f"review.plan_missing.{which}"), {"missing": missing}))
    fmt = {"code": d.code, "survey_days": p.survey_days, "activity_days": p.activity_days}
    out = [Warning(k, phrase(f"review.{k}.title", **fmt), phrase(f"review.{k}.question"), answer(k, d.code), detail,
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


# the history fields a review shows under "what changed" (beside the win-rate moves)
SHOWN_FIELDS = ("stage", "amount", "close_date", "status", "event", "grade", "owner", "stakeholder", "strategy",
                "competitor", "registration_status", "won_by", "gate_override")


def amount_moved(old_text: str | None, new_text: str | None, pct: int) -> bool:
    """Whether an amount history line (``6,000,000 CNY`` → ``6,800,000 CNY``) moved by ``pct`` % or more."""
    def num(text: str | None) -> float | None:
        try:
            return float((text or "").split()[0].replace(",", ""))
        except (ValueError, IndexError):
            return None

    old, new = num(old_text), num(new_text)
    return old is not None and new is not None and old > 0 and abs(new - old) / old * 100 >= pct


def big_change(changes: list[tuple], win_rate_or_event: bool, big_pct: int) -> bool:
    """A change that puts a C/D/E deal on the agenda: a win-rate event or a lost compelling event
    (``win_rate_or_event``), a stage move, closing, or an amount move of ``big_pct`` % or more.
    ``changes``: history rows ``(field, old, new, …)`` since the window opened."""
    return win_rate_or_event or any(
        f in ("stage", "status") or (f == "amount" and amount_moved(old, new, big_pct)) for f, old, new, *_ in changes)


def agenda(deals: list[DealReview], today: date, params: Params) -> list[tuple[DealReview, list[Warning]]]:
    """The deals to discuss with their warnings, most important first: grade, then how many warnings,
    then amount."""
    out = []
    for d in deals:
        w = warnings(d, today, params)
        if on_agenda(d, w):
            out.append((d, w))
    out.sort(key=lambda dw: (dw[0].grade, -len(dw[1]), -dw[0].amount_minor))
    return out


def important(grade: str, graded_up: bool) -> bool:
    """A/B deals, and deals graded up by hand, are discussed whenever they changed or warn."""
    return grade in FULL_PROCESS or graded_up


def on_agenda(d: DealReview, warns: list[Warning]) -> bool:
    """A/B or graded-up deals that changed or warn; C/D/E only on a big change."""
    if important(d.grade, d.graded_up):
        return bool(d.changes or warns)
    return d.big_change


def what_moved(before: dict, after: dict) -> Phrase:
    """Which win-rate inputs changed between two points (the ``inputs`` of ``domain.winrate``)."""
    if not before:
        return phrase("review.moved.first")
    out = []
    if before.get("confirmed_event") != after.get("confirmed_event"):
        out.append(phrase("review.moved.event_confirmed" if after.get("confirmed_event")
                          else "review.moved.event_unconfirmed"))
    if before.get("inside_source") != after.get("inside_source"):
        out.append(phrase("review.moved.inside_source", old=_yn(before.get("inside_source")),
                          new=_yn(after.get("inside_source"))))
    b_us, a_us = before.get("us") or {}, after.get("us") or {}
    for key in ("fit", "closeness"):
        if b_us.get(key) != a_us.get(key):
            out.append(phrase(f"review.moved.our_{key}", old=b_us.get(key), new=a_us.get(key)))
    b_c = {c["name"]: c for c in before.get("competitors", [])}
    a_c = {c["name"]: c for c in after.get("competitors", [])}
    # in the surveys' own order (sets would order them differently from one run to the next)
    for name in (n for n in a_c if n not in b_c):
        out.append(phrase("review.moved.scored", name=name, fit=a_c[name]["fit"], closeness=a_c[name]["closeness"]))
    for name in (n for n in b_c if n not in a_c):
        out.append(phrase("review.moved.unscored", name=name))
    for name in (n for n in a_c if n in b_c):
        for key in ("fit", "closeness"):
            if a_c[name][key] != b_c[name][key]:
                out.append(phrase(f"review.moved.their_{key}", name=name, old=b_c[name][key], new=a_c[name][key]))
    return Phrase("; ".join(out), shown=lambda lang: text("review.separator", lang).join(say(p, lang) for p in out))


def _yn(v: bool | None) -> Phrase | str:
    return "?" if v is None else phrase("review.moved.yes" if v else "review.moved.no")
