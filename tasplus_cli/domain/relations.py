"""The relationship map's rules (METHOD §8): the org chart as a forest, the map
warnings of one deal, and the suggested relationship strategy per stakeholder.

Pure functions over plain dataclasses; the store gathers the facts.

Choices tasplus makes where METHOD is silent (documented in README):
- A stakeholder's *effective* relationship is this deal's status when one was
  given, else the person's overall status (``source`` says which). Warnings
  and strategies read the effective status, so a rep who has not yet judged
  the person on this deal still sees the account's view.
- "Single-threaded" fires when at most one person of the account has a done
  activity on this deal (nobody contacted is the extreme case of it).
- "No inside source": no stakeholder is flagged inside source and the latest
  survey, when there is one, says no (a survey naming a source outside the
  stakeholders counts as having one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import RELATION_STRATEGY, RELATIONSHIP, ROLE

NEGATIVE = ("negative", "strong-negative")
KEY_ROLES = ("approver", "decision-maker")
DEFAULT_STRATEGY = {"strong-negative": "suppress", "negative": "defend", "neutral": "attack",
                    "positive": "motivate", "strong-positive": "balance"}


@dataclass(frozen=True)
class Person:
    """A contact of the account, with the account-level dimensions."""

    id: int
    code: str
    name: str
    reports_to: int | None = None
    title: str | None = None
    orientation: str | None = None
    relationship: str | None = None  # overall
    influence: str | None = None
    circle: str | None = None


@dataclass(frozen=True)
class Stake:
    """A person's place in one deal: decision role and this deal's relationship status."""

    contact_id: int
    role: str
    relationship: str | None = None
    inside_source: bool = False


@dataclass(frozen=True)
class Flag:
    """One map warning; ``contacts`` are the codes it is about, ``fix`` the command that answers it."""

    key: str
    message: str
    question: str
    fix: str
    role: str | None = None
    contacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    contact_id: int
    role: str
    relationship: str | None  # effective
    source: str | None  # "deal", "overall" or None (unknown)
    strategy: str | None  # vocab.RELATION_STRATEGY; None while the relationship is unknown


@dataclass
class Forest:
    roots: list[int] = field(default_factory=list)  # heads of a reporting tree with at least one report
    children: dict[int, list[int]] = field(default_factory=dict)
    loose: list[int] = field(default_factory=list)  # in no reporting line at all (or caught in a cycle)


def effective(stake: Stake, person: Person | None) -> tuple[str | None, str | None]:
    """``(status, source)``: this deal's status, else the overall one, else unknown."""
    if stake.relationship:
        return stake.relationship, "deal"
    if person is not None and person.relationship:
        return person.relationship, "overall"
    return None, None


def org_forest(people: list[Person]) -> Forest:
    """Reporting trees in the order of ``people``; a boss outside the list counts as none."""
    ids = {p.id for p in people}
    f = Forest(children={p.id: [] for p in people})
    for p in people:
        if p.reports_to in ids and p.reports_to != p.id:
            f.children[p.reports_to].append(p.id)
    tops = [p.id for p in people if p.reports_to not in ids or p.reports_to == p.id]
    f.roots = [i for i in tops if f.children[i]]
    reached: set[int] = set()
    stack = list(f.roots)
    while stack:
        node = stack.pop()
        if node not in reached:
            reached.add(node)
            stack.extend(f.children[node])
    f.loose = [p.id for p in people if p.id not in reached]
    for kids in f.children.values():
        kids[:] = [k for k in kids if k in reached]
    return f


def strategy_for(status: str | None, mapping: dict[str, str]) -> str | None:
    return mapping.get(status) if status else None


def suggestions(stakes: list[Stake], people: dict[int, Person], mapping: dict[str, str]) -> list[Suggestion]:
    """The relationship strategy for each stakeholder, approvers first (then by role, then input order)."""
    order = {r: i for i, r in enumerate(ROLE.keys)}
    out = []
    for st in sorted(stakes, key=lambda x: order.get(x.role, 99)):
        status, source = effective(st, people.get(st.contact_id))
        out.append(Suggestion(st.contact_id, st.role, status, source, strategy_for(status, mapping)))
    return out


def warnings(opp_code: str, stakes: list[Stake], people: dict[int, Person], deal_levels: dict[int, str],
             survey_inside_source: bool | None) -> list[Flag]:
    """The map warnings of one deal (METHOD §8 and the coaching questions of §13).

    ``deal_levels`` maps contact id → interaction level on this deal (absent = none);
    ``survey_inside_source`` is the latest survey's answer, None when there is no survey.
    """
    c = opp_code
    out: list[Flag] = []
    if not any(st.role == "approver" for st in stakes):
        out.append(Flag("no_approver", "no approver identified", "Who signs off on this, and who can get us to them?",
                        f"tasplus stakeholder add {c} CONTACT --role approver"))
    key = [st for st in stakes if st.role in KEY_ROLES]
    key.sort(key=lambda st: KEY_ROLES.index(st.role))
    for st in key:
        p = people.get(st.contact_id)
        status, source = effective(st, p)
        if status in NEGATIVE and p is not None:
            where = "on this deal" if source == "deal" else "overall"
            out.append(Flag("negative", f"{st.role} {p.name} is {RELATIONSHIP.label(status)} {where}",
                            "Why are they against us? Suppress or defend — what is the tactic?",
                            f"tasplus activity log {c} --kind meeting --with {p.code} --planned --date +7d "
                            f"--answers relationship --tactic TEXT --summary TEXT", st.role, (p.code,)))
    for st in key:
        p = people.get(st.contact_id)
        if p is not None and deal_levels.get(st.contact_id, "none") == "none":
            out.append(Flag("not_contacted", f"{st.role} {p.name} has never been contacted on this deal",
                            "Who can get us a meeting with them, and when?",
                            f"tasplus activity log {c} --kind meeting --with {p.code} --planned --date +7d "
                            f"--summary TEXT", st.role, (p.code,)))
    contacted = [cid for cid, lvl in deal_levels.items() if lvl != "none"]
    if len(contacted) <= 1:
        names = [people[cid].name for cid in contacted if cid in people]
        what = f"only {names[0]} has been contacted" if names else "no one has been contacted yet"
        out.append(Flag("single_threaded", f"single-threaded: {what} on this deal",
                        "If our contact leaves or loses, what remains?",
                        f"tasplus activity log {c} --kind meeting --with CONTACT --summary TEXT",
                        contacts=tuple(people[cid].code for cid in contacted if cid in people)))
    if not any(st.inside_source for st in stakes) and survey_inside_source is not True:
        why = "the latest survey says none" if survey_inside_source is False else "no stakeholder is one"
        out.append(Flag("no_inside_source", f"no inside source: {why}",
                        "Who inside tells us the truth? Whom could we develop?",
                        f"tasplus stakeholder edit {c} CONTACT --inside-source"))
    return out


def validate_mapping(mapping: object) -> None:
    """Config ``relationship_strategy``: every relationship status → a known relationship strategy."""
    if not isinstance(mapping, dict):
        raise InvalidValue("config: relationship_strategy must be a table", "see tasplus config show")
    for status, strategy in mapping.items():
        if status not in RELATIONSHIP.keys:
            raise InvalidValue(f"config: relationship_strategy has unknown status {status!r}",
                               "use: " + ", ".join(RELATIONSHIP.keys))
        if strategy not in RELATION_STRATEGY.keys:
            raise InvalidValue(f"config: relationship_strategy.{status} = {strategy!r} is not a strategy",
                               "use: " + ", ".join(RELATION_STRATEGY.keys))
