"""What changed in a deal since the review window opened (METHOD §13): the history
fields a review shows, the amount move and the big change that put a C/D/E deal on
the agenda, and which win-rate inputs moved between two points. Pure rules over
history rows and ``domain.winrate`` inputs; ``domain.review`` judges the warnings.
"""

from __future__ import annotations

from tasplus_cli.messages import text
from tasplus_cli.messages.phrase import Phrase, phrase, say

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
