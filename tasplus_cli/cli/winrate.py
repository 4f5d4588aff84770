"""``tasplus winrate OPP`` and ``tasplus winrate --all`` (METHOD §9).

``winrate OPP`` computes the win rate from the current data (nothing is
written) and shows it with its breakdown, the stored curve and the classic
stage probability. ``--all`` recomputes every open deal in one write session
(a progress bar on stderr in a terminal) and reports the moves.
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
        raise InvalidValue("give one deal or --all", "tasplus winrate OPP-0001  or  tasplus winrate --all")
    if all_:
        _all(as_json)
    else:
        _one(opp, as_json)


def _one(opp: str, as_json: bool) -> None:
    from tasplus_cli.cli.output import emit_json, show
    from tasplus_cli.render.winrate import report
    from tasplus_cli.store import opps, winrate as store

    e = env()
    with e.session() as s:
        data = store.report(s, e.config, opps.get_opp(s, opp))
    if as_json:
        emit_json(data)
        return
    show(report(data, e.lang, e.config.template.label(data["stage"], e.lang)))


def _all(as_json: bool) -> None:
    import sys

    from tasplus_cli.cli.output import console, emit_json, info, show, success
    from tasplus_cli.render.winrate import moves_table
    from tasplus_cli.store import winrate as store

    e = env()
    with e.session(write=True) as s:
        if sys.stderr.isatty():
            from rich.progress import Progress

            with Progress(console=console(stderr=True), transient=True) as bar:
                task = bar.add_task("recomputing win rates", total=None)
                count, moves = store.recompute_all(s, e.config, e.today, e.user,
                                                   each=lambda done, total: bar.update(task, completed=done, total=total))
        else:
            count, moves = store.recompute_all(s, e.config, e.today, e.user)
    if as_json:
        emit_json({"recomputed": count, "moves": moves})
        return
    if moves:
        show(moves_table(moves, e.lang))
    events = sum(1 for m in moves if m["is_event"])
    success(f"{count} open deals recomputed: {len(moves)} moved" + (f", {events} by the event threshold" if events else ""))
    if not moves:
        info("no win rate moved since the last points")


def register(app: typer.Typer) -> None:
    app.command("winrate")(winrate)
