"""Rules about people on an account (METHOD §8) that need no database."""

from __future__ import annotations


def would_cycle(reports_to: dict[int, int | None], person: int, new_boss: int) -> bool:
    """True when making ``person`` report to ``new_boss`` closes a loop.

    ``reports_to`` maps every person of the account to their current boss.
    A person reporting to themselves is a cycle too.
    """
    seen: set[int] = set()
    node: int | None = new_boss
    while node is not None and node not in seen:
        if node == person:
            return True
        seen.add(node)
        node = reports_to.get(node)
    return False
