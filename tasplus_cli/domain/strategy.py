"""Competitive strategy suggestion (METHOD §10).

``suggest`` reads the latest survey's standing and the compelling-event state
and returns a strategy key with the reason; the user decides. Rules, in order:
1. no confirmed compelling event → development;
2. no survey, or no competitor scored → no suggestion (say what to do);
3. rank > 3 → development;
4. rank 1 with a margin ≥ ``clear_margin`` strength points → frontal;
5. rank 1 (narrow) or incumbent → defensive;
6. rank 2–3 and our fit beats the leader's fit → flanking (change the rules
   towards where we are strong);
7. rank 2–3 otherwise → fragmentation (win a part).
"""

from __future__ import annotations

from dataclasses import dataclass


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
    reason: str


def suggest(standing: Standing | None, event_confirmed: bool, surveyed: bool = True,
            incumbent: bool = False, clear_margin: int = 2) -> Suggestion:
    if not event_confirmed:
        return Suggestion("development", "no confirmed compelling event: build position instead of fighting now")
    if not surveyed:
        return Suggestion(None, "no survey yet: answer the four questions first (tasplus survey run)")
    if standing is None:
        return Suggestion(None, "competition unknown: score the competitors in a survey first")
    s = standing
    if s.rank > 3:
        return Suggestion("development", f"we rank {s.rank}, outside the top three: develop the approver "
                                         "relationship or position for the next phase")
    if s.rank == 1:
        margin = s.our_strength - s.leader_strength
        if margin >= clear_margin and not incumbent:
            return Suggestion("frontal", f"we rank 1, {margin} points ahead of {s.leader_name}: compete head-on")
        why = "we are the incumbent" if incumbent else f"we rank 1 but only {margin} point(s) ahead of {s.leader_name}"
        return Suggestion("defensive", f"{why}: protect the lead, lock the criteria early")
    gap = s.leader_strength - s.our_strength
    if s.our_fit > s.leader_fit:
        return Suggestion("flanking", f"we rank {s.rank}, {gap} point(s) behind {s.leader_name}, but our fit is "
                                      f"better ({s.our_fit} vs {s.leader_fit}): change the rules toward it")
    return Suggestion("fragmentation", f"we rank {s.rank}, {gap} point(s) behind {s.leader_name}, with no fit "
                                       "advantage: split the deal and win a part")
