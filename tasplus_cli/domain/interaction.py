"""Interaction levels derived from done activities (METHOD §8, §12).

Invariants:
- A level is never typed and never stored: it is computed here, every time,
  from the *done* activities a person took part in. Planned and cancelled
  activities do not count.
- Per deal, only the activities logged on that deal count; overall, every
  activity with the person counts (all deals and account-level ones).
- The rule (thresholds and deep kinds) comes from the config section
  ``interaction``; the default is METHOD §8's: 0 → none, 1 → occasional,
  2–4 → multiple, ≥ 5 or any activity of a deep kind → deep.
- Activity kinds are configurable too (section ``activities``): ``kind_vocab``
  turns them into a ``Vocab`` so ``--kind`` accepts the key or a label.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import INTERACTION, Vocab
from tasplus_cli.messages import command, msg

LEVELS = tuple(INTERACTION.keys)  # none, occasional, multiple, deep: weakest first


@dataclass(frozen=True)
class Rule:
    """Thresholds are the least number of done activities for each level."""

    occasional: int = 1
    multiple: int = 2
    deep: int = 5
    deep_kinds: frozenset[str] = frozenset({"executive-meeting", "site-visit", "dinner", "workshop"})

    def level(self, count: int, any_deep: bool = False) -> str:
        """The level of ``count`` done activities (``any_deep``: one of them of a deep kind)."""
        if count <= 0:
            return "none"
        if any_deep or count >= self.deep:
            return "deep"
        if count >= self.multiple:
            return "multiple"
        return "occasional" if count >= self.occasional else "none"


@dataclass(frozen=True)
class Touch:
    """One done activity with one person: ``opp_id`` None for an account-level activity."""

    contact_id: int
    opp_id: int | None
    kind: str


def rule_from(section: dict) -> Rule:
    """The rule of config section ``interaction`` (already validated)."""
    return Rule(occasional=int(section["occasional"]), multiple=int(section["multiple"]), deep=int(section["deep"]),
                deep_kinds=frozenset(section["deep_kinds"]))


def validate_rule(section: dict, kinds: Iterable[str]) -> None:
    """Raise InvalidValue when thresholds are not 1 ≤ occasional < multiple < deep or a deep kind is unknown."""
    try:
        o, m, d = (int(section[k]) for k in ("occasional", "multiple", "deep"))
    except (KeyError, TypeError, ValueError):
        raise InvalidValue(msg("error.interaction.numbers"), command("config", "set", "interaction.deep", "5")) from None
    if not 1 <= o < m < d:
        raise InvalidValue(msg("error.interaction.rise", occasional=o, multiple=m, deep=d),
                           command("config", "set", "interaction.deep", "5"))
    unknown = sorted(set(section.get("deep_kinds", [])) - set(kinds))
    if unknown:
        raise InvalidValue(msg("error.interaction.deep_kinds", unknown=unknown), msg("hint.interaction.deep_kinds"))


def _level_of(touches: list[Touch], rule: Rule) -> str:
    return rule.level(len(touches), any(t.kind in rule.deep_kinds for t in touches))


def overall_levels(touches: Iterable[Touch], rule: Rule) -> dict[int, str]:
    """Each person's overall level; people without a touch are absent (read them as ``none``)."""
    by_person: dict[int, list[Touch]] = defaultdict(list)
    for t in touches:
        by_person[t.contact_id].append(t)
    return {cid: _level_of(ts, rule) for cid, ts in by_person.items()}


def deal_levels(touches: Iterable[Touch], rule: Rule, opp_id: int) -> dict[int, str]:
    """Each person's level on one deal (only that deal's activities count)."""
    return overall_levels((t for t in touches if t.opp_id == opp_id), rule)


def levels_by_deal(touches: Iterable[Touch], rule: Rule) -> dict[tuple[int, int], str]:
    """``(contact_id, opp_id) → level`` for every deal a person was touched on (bulk form of ``deal_levels``)."""
    by_pair: dict[tuple[int, int], list[Touch]] = defaultdict(list)
    for t in touches:
        if t.opp_id is not None:
            by_pair[(t.contact_id, t.opp_id)].append(t)
    return {pair: _level_of(ts, rule) for pair, ts in by_pair.items()}


def kind_vocab(section: dict) -> Vocab:
    """Activity kinds of config section ``activities`` as a vocabulary (key, English, Chinese label)."""
    labels = section.get("labels", {})
    return Vocab("activity kind", tuple((k, k.replace("-", " "), labels.get(k, k)) for k in section["kinds"]))


def validate_kinds(section: dict) -> None:
    kinds = section.get("kinds")
    if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) and k.strip() for k in kinds):
        raise InvalidValue(msg("error.activities.kinds"),
                           command("config", "set", "activities.kinds", "call,email,meeting,dinner"))
    if len(set(kinds)) != len(kinds):
        raise InvalidValue(msg("error.activities.twice"), msg("hint.activities.twice"))
