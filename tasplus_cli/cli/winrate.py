"""``tasplus winrate OPP`` and ``tasplus winrate --all`` (METHOD §9).

``winrate OPP`` computes the win rate from the current data (nothing is
written) and shows it with its breakdown, the stored curve and the classic
stage probability. ``--all`` recomputes every open deal in one write session
(a progress bar on stderr in a terminal) and reports the moves. Screens are in
``render.winrate``; every sentence is in the catalogue.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.options import JSON
from tasplus_cli.cli.env import env
from tasplus_cli.domain.errors import InvalidValue


def winrate(opp: Optional[str] = typer.Argument(None, help="Deal code (OPP-0007) or an unambiguous name."),
            all_: bool = typer.Option(False, "--all", help="Recompute every open deal and report the moves."),
            as_json: bool = JSON) -> None:
    """The TAS+ win rate: us against the competitors, its reasons, and its curve over time.

    \b
    Example: tasplus winrate OPP-0001 · tasplus winrate --all
    """
    if all_ == (opp is not None):
        from tasplus_cli.messages import command, msg

        raise InvalidValue(msg("error.winrate.one_or_all"),
                           msg("hint.winrate.one_or_all", one=command("winrate", "OPP-0001"),
                               all=command("winrate", "--all")))
    if all_:
        _all(as_json)
    else:
        _one(opp, as_json)


def _one(opp: str, as_json: bool) -> None:
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render.winrate import report

    emit(env().workspace().win_rate(opp), report, "json" if as_json else "table")


def _all(as_json: bool) -> None:
    import sys

    from tasplus_cli.cli.output import console, emit, info, success
    from tasplus_cli.messages import msg, plural
    from tasplus_cli.render.winrate import moves
    from tasplus_cli.store import winrate as store

    e = env()
    params = e.settings.winrate
    with e.session(write=True) as s:
        if sys.stderr.isatty():
            from rich.progress import Progress

            with Progress(console=console(stderr=True), transient=True) as bar:
                task = bar.add_task(msg("winrate.recomputing"), total=None)
                count, moved = store.recompute_all(s, params, e.today, e.user,
                                                   each=lambda done, total: bar.update(task, completed=done, total=total))
        else:
            count, moved = store.recompute_all(s, params, e.today, e.user)
    data = {"recomputed": count, "moves": moved}
    if as_json or moved:
        emit(data, moves, "json" if as_json else "table")
    if as_json:
        return
    events = sum(1 for m in moved if m["is_event"])
    success(plural("success.winrate.recomputed", count, moved=len(moved))
            + (msg("winrate.by_threshold", events=events) if events else ""))
    if not moved:
        info(msg("winrate.none_moved"))
