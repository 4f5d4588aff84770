"""The relationship map's rules (METHOD §8): the org chart as a forest, the map
warnings of one deal, and the suggested relationship strategy per stakeholder.

Pure functions over plain dataclasses; the store gathers the facts. A warning's
sentence and question are ``Phrase`` strings of the catalogue (``map.<key>.*``).

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
- "Inside source conflict" (one source of truth, METHOD §7/§13): a stakeholder
  is marked inside source while the latest survey says none, or the latest
  survey says yes while no stakeholder is marked. ``judge`` is the one place
  of every map rule (``warnings`` words its hits), so ``map``, ``plan`` and
  the review say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Callable, NamedTuple

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import RELATION_STRATEGY, RELATIONSHIP, ROLE, Vocab
from tasplus_cli.messages import command, msg
from tasplus_cli.messages.phrase import Phrase, phrase

NEGATIVE = ("negative", "strong-negative")
INSIDE_SOURCE = "inside source"  # the words a stakeholder's history line stores for the flag
KEY_ROLES = ("approver", "decision-maker")
DEFAULT_STRATEGY = {"strong-negative": "suppress", "negative": "defend", "neutral": "attack",
                    "positive": "motivate", "strong-positive": "balance"}


class Person(NamedTuple):
    """A contact of the account, with the account-level dimensions (a named tuple: a review reads
    tens of thousands of them)."""

    id: int
    code: str
    name: str
    reports_to: int | None = None
    title: str | None = None
    orientation: str | None = None
    relationship: str | None = None  # overall
    influence: str | None = None
    circle: str | None = None


class Stake(NamedTuple):
    """A person's place in one deal: decision role and this deal's relationship status (a named tuple:
    a review reads every stakeholder of the company)."""

    contact_id: int
    role: str
    relationship: str | None = None
    inside_source: bool = False


@dataclass(frozen=True)
class Flag:
    """One map warning; ``contacts`` are the codes it is about, ``fix`` the command that answers it.
    ``message`` and ``question`` are ``Phrase`` strings (English in JSON, any language on screen)."""

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


def _label(v: Vocab, key: str) -> Phrase:
    """A vocabulary label in a sentence: the English label in JSON, the reader's on a screen."""
    return Phrase(v.label(key), shown=lambda lang: v.label(key, lang))


def flag_message(key: str, *, role: str | None = None, name: str | list[str] | None = None, status: str | None = None,
                 source: str | None = None, survey_inside_source: bool | None = None) -> Phrase:
    """The sentence of map warning ``key`` from its facts (``source``: ``deal`` or ``overall``)."""
    if key in ("negative", "not_contacted"):
        variant = ("map.negative.deal" if source == "deal" else "map.negative.overall") if key == "negative" \
            else "map.not_contacted.message"
        return phrase(variant, role=_label(ROLE, role), name=name,
                      **({"status": _label(RELATIONSHIP, status)} if key == "negative" else {}))
    if key == "single_threaded":
        return phrase("map.single_threaded.one", name=name) if name else phrase("map.single_threaded.none")
    if key == "no_inside_source":
        return phrase("map.no_inside_source.survey" if survey_inside_source is False
                      else "map.no_inside_source.stakeholders")
    if key == "inside_source_conflict":
        return phrase("map.inside_source_conflict.marked", name=name) if name \
            else phrase("map.inside_source_conflict.unmarked")
    return phrase(f"map.{key}.message")


def flag_question(key: str) -> Phrase:
    return phrase(f"map.{key}.question")


def _meeting(code: str, contact: str, *extra: str) -> str:
    return command("activity", "log", code, "--kind", "meeting", "--with", contact, *extra)


class MapHit(NamedTuple):
    """A map warning decided (``judge``) but not yet said: ``word(opp_code)`` builds its ``Flag``
    (sentence, question, command), so a caller that only needs the keys pays for no text."""

    key: str
    word: Callable[[str], Flag]


def judge(stakes: list[Stake], people: dict[int, Person], deal_levels: dict[int, str],
          survey_inside_source: bool | None) -> list[MapHit]:
    """The map warnings of one deal (METHOD §8 and the coaching questions of §13), in order: the one
    place their rules live (``warnings`` words them).

    ``deal_levels`` maps contact id → interaction level on this deal (absent = none);
    ``survey_inside_source`` is the latest survey's answer, None when there is no survey.
    The inside-source conflict: marked people while the survey says none, or a survey saying
    yes while nobody is marked (nothing when they agree, or without a survey).
    """
    out: list[MapHit] = []
    if not any(st.role == "approver" for st in stakes):
        out.append(MapHit("no_approver", _no_approver))
    key = [st for st in stakes if st.role in KEY_ROLES]
    key.sort(key=lambda st: KEY_ROLES.index(st.role))
    for st in key:
        p = people.get(st.contact_id)
        status, source = effective(st, p)
        if status in NEGATIVE and p is not None:
            out.append(MapHit("negative", partial(_negative, st.role, p, status, source)))
    for st in key:
        p = people.get(st.contact_id)
        if p is not None and deal_levels.get(st.contact_id, "none") == "none":
            out.append(MapHit("not_contacted", partial(_not_contacted, st.role, p)))
    contacted = [cid for cid, lvl in deal_levels.items() if lvl != "none"]
    if len(contacted) <= 1:
        out.append(MapHit("single_threaded", partial(_single_threaded, [people[c] for c in contacted if c in people])))
    if not any(st.inside_source for st in stakes) and survey_inside_source is not True:
        out.append(MapHit("no_inside_source", partial(_no_inside_source, survey_inside_source)))
    marked = [people[st.contact_id] for st in stakes if st.inside_source and st.contact_id in people]
    if marked and survey_inside_source is False:
        out.append(MapHit("inside_source_conflict", partial(_conflict_marked, marked)))
    elif not marked and survey_inside_source is True:
        out.append(MapHit("inside_source_conflict", _conflict_unmarked))
    return out


def warnings(opp_code: str, stakes: list[Stake], people: dict[int, Person], deal_levels: dict[int, str],
             survey_inside_source: bool | None) -> list[Flag]:
    """The map warnings of one deal (``judge``), said."""
    return [h.word(opp_code) for h in judge(stakes, people, deal_levels, survey_inside_source)]


def _no_approver(c: str) -> Flag:
    return Flag("no_approver", flag_message("no_approver"), flag_question("no_approver"),
                command("stakeholder", "add", c, "CONTACT", "--role", "approver"))


def _negative(role: str, p: Person, status: str, source: str | None, c: str) -> Flag:
    return Flag("negative", flag_message("negative", role=role, name=p.name, status=status, source=source),
                flag_question("negative"),
                _meeting(c, p.code, "--planned", "--date", "+7d", "--answers", "relationship", "--tactic",
                         "TEXT", "--summary", "TEXT"), role, (p.code,))


def _not_contacted(role: str, p: Person, c: str) -> Flag:
    return Flag("not_contacted", flag_message("not_contacted", role=role, name=p.name), flag_question("not_contacted"),
                _meeting(c, p.code, "--planned", "--date", "+7d", "--summary", "TEXT"), role, (p.code,))


def _single_threaded(contacted: list[Person], c: str) -> Flag:
    return Flag("single_threaded", flag_message("single_threaded", name=contacted[0].name if contacted else None),
                flag_question("single_threaded"), _meeting(c, "CONTACT", "--summary", "TEXT"),
                contacts=tuple(p.code for p in contacted))


def _no_inside_source(survey_inside_source: bool | None, c: str) -> Flag:
    return Flag("no_inside_source", flag_message("no_inside_source", survey_inside_source=survey_inside_source),
                flag_question("no_inside_source"), command("stakeholder", "edit", c, "CONTACT", "--inside-source"))


def _conflict_marked(marked: list[Person], c: str) -> Flag:
    names = [p.name for p in marked]  # said with the reader's list separator
    fix = phrase("review.command.or", first=command("survey", "run", c),
                 second=command("stakeholder", "edit", c, marked[0].code, "--no-inside-source"))
    return Flag("inside_source_conflict", flag_message("inside_source_conflict", name=names),
                flag_question("inside_source_conflict"), fix, contacts=tuple(p.code for p in marked))


def _conflict_unmarked(c: str) -> Flag:
    fix = phrase("review.command.or", first=command("stakeholder", "edit", c, "CONTACT", "--inside-source"),
                 second=command("survey", "run", c))
    return Flag("inside_source_conflict", flag_message("inside_source_conflict"),
                flag_question("inside_source_conflict"), fix)


def validate_mapping(mapping: object) -> None:
    """Config ``relationship_strategy``: every relationship status → a known relationship strategy."""
    if not isinstance(mapping, dict):
        raise InvalidValue(msg("error.relations.table"), msg("hint.relations.see", command=command("config", "show")))
    for status, strategy in mapping.items():
        if status not in RELATIONSHIP.keys:
            raise InvalidValue(msg("error.relations.status", status=status),
                               msg("hint.relations.use", choices=", ".join(RELATIONSHIP.keys)))
        if strategy not in RELATION_STRATEGY.keys:
            raise InvalidValue(msg("error.relations.strategy", status=status, strategy=strategy),
                               msg("hint.relations.use", choices=", ".join(RELATION_STRATEGY.keys)))
