"""Competitive strategy suggestion (METHOD §10).

``suggest`` reads the latest survey's standing and the compelling-event state
and returns a strategy key with the reason; the user decides. Rules, in order:
1. no confirmed compelling event → development;
2. no survey, or no competitor scored → no suggestion (say what to do);
3. rank > 3 → development;
4. rank 1 with a margin ≥ ``clear_margin`` strength points → frontal;
5. rank 1 (narrow), or we are the incumbent at rank 1–3 → defensive;
6. rank 2–3 and our fit beats the leader's fit → flanking (change the rules
   towards where we are strong);
7. rank 2–3 otherwise → fragmentation (win a part).

The reason is a ``Phrase``: English in JSON, the reader's language on a screen.
``standing_of`` reads the standing from a win rate's parties or stored inputs,
so the plan, ``strategy suggest`` and the review judge from the same facts;
``contradicts`` is the review's "strategy contradicts standing".
``pick_tactic`` is the rule of ``tactic add --pick N``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import STRATEGY
from tasplus_cli.messages import command, language, msg
from tasplus_cli.messages.phrase import Phrase, counted, phrase


@dataclass(frozen=True)
class Standing:
    """Our position from the latest survey: strengths are fit + closeness."""

    rank: int
    our_strength: int
    our_fit: int
    leader_strength: int  # strongest competitor (when we lead: the runner-up)
    leader_fit: int
    leader_name: str


@dataclass(frozen=True)
class Suggestion:
    strategy: str | None
    reason: Phrase


def standing_of(us: Mapping | None, competitors: Sequence[Mapping]) -> Standing | None:
    """Our standing from the parties of a survey (``us``: fit, closeness, strength; each competitor
    also its name); None when we or the competitors are not scored."""
    if not us or not competitors:
        return None
    lead = sorted(competitors, key=lambda c: -c["strength"])[0]  # stable: ties keep the earlier-added
    rank = 1 + sum(1 for c in competitors if c["strength"] > us["strength"])
    return Standing(rank=rank, our_strength=us["strength"], our_fit=us["fit"], leader_strength=lead["strength"],
                    leader_fit=lead["fit"], leader_name=lead["name"])


def contradicts(chosen: str | None, suggestion: Suggestion) -> bool:
    """A chosen strategy that is not the one suggested for where we stand (no suggestion: no contradiction)."""
    return bool(chosen) and suggestion.strategy is not None and chosen != suggestion.strategy


def suggest(standing: Standing | None, event_confirmed: bool, surveyed: bool = True,
            incumbent: bool = False, clear_margin: int = 2) -> Suggestion:
    if not event_confirmed:
        return Suggestion("development", phrase("strategy.reason.no_event"))
    if not surveyed:
        return Suggestion(None, phrase("strategy.reason.no_survey"))
    if standing is None:
        return Suggestion(None, phrase("strategy.reason.unknown"))
    s = standing
    if s.rank > 3:
        return Suggestion("development", phrase("strategy.reason.outside", rank=s.rank))
    if s.rank == 1:
        margin = s.our_strength - s.leader_strength
        if margin >= clear_margin and not incumbent:
            return Suggestion("frontal", phrase("strategy.reason.frontal", leader=s.leader_name,
                                                points=_points(margin, f"{margin} points")))
        if incumbent:
            return Suggestion("defensive", phrase("strategy.reason.incumbent"))
        return Suggestion("defensive", phrase("strategy.reason.narrow", leader=s.leader_name, points=_points(margin)))
    gap = _points(s.leader_strength - s.our_strength)
    if incumbent:
        return Suggestion("defensive", phrase("strategy.reason.incumbent_behind", rank=s.rank, points=gap,
                                              leader=s.leader_name))
    if s.our_fit > s.leader_fit:
        return Suggestion("flanking", phrase("strategy.reason.flanking", rank=s.rank, points=gap, leader=s.leader_name,
                                             ours=s.our_fit, theirs=s.leader_fit))
    return Suggestion("fragmentation", phrase("strategy.reason.fragmentation", rank=s.rank, points=gap,
                                              leader=s.leader_name))


def _points(n: int, english: str | None = None) -> Phrase:
    """Strength points, counted on screen (``1 point``, ``3 points``); JSON keeps its ``3 point(s)``."""
    return counted("strategy.points", n, english if english is not None else f"{n} point(s)")


def pick_tactic(catalogue: Mapping[str, Sequence[str]], strategy: str | None, pick: int) -> str:
    """Tactic number ``pick`` (from 1) of the catalogue of the deal's ``strategy``; a deal
    without a strategy, or a number outside the list, is an ``InvalidValue``."""
    tactics = catalogue.get(strategy or "", ())
    if not strategy or not 1 <= pick <= len(tactics):
        name = STRATEGY.label(strategy, language()) if strategy else msg("tactic.none_chosen")
        raise InvalidValue(msg("error.tactic.no_such_pick", pick=pick, strategy=name),
                           msg("hint.tactic.see_catalogue",
                               command=command("tactic", "catalogue", *([strategy] if strategy else []))))
    return tactics[pick - 1]
