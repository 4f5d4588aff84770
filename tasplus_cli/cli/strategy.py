"""``tasplus strategy …`` and ``tasplus tactic …``: the competitive strategy of
a deal, why, and the tactics that carry it out (METHOD §10). Screens are in
``render.plan``; the ``--pick`` rule is ``domain.strategy.pick_tactic``."""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.options import JSON
from tasplus_cli.cli.env import env
from tasplus_cli.domain import vocab

strategy_app = typer.Typer(rich_markup_mode=None, help="A deal's competitive strategy: suggest, set.", no_args_is_help=True)
tactic_app = typer.Typer(rich_markup_mode=None, help="Tactics in use on a deal, and the tactic catalogue.", no_args_is_help=True)

OPP = typer.Argument(..., help="Deal code or name.")


@strategy_app.command("set")
def set_(opp: str = OPP,
         strategy: str = typer.Argument(..., help="frontal|flanking|fragmentation|defensive|development (or 正面 …)."),
         rationale: Optional[str] = typer.Option(None, "--rationale", "-r", help="Why this strategy.")) -> None:
    """Choose a deal's strategy (recorded in its history).

    \b
    Example: tasplus strategy set OPP-0001 flanking --rationale "我们在信创适配上领先，推动招标加入该指标"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import opps, plans as plan

    e = env()
    key = vocab.STRATEGY.parse(strategy, "STRATEGY")
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        plan.set_strategy(s, o, key, rationale, e.user)
    success(msg("success.strategy.set", code=o.code, strategy=vocab.STRATEGY.label(key, e.lang)))


@strategy_app.command("suggest")
def suggest(opp: str = OPP, as_json: bool = JSON) -> None:
    """Suggest a strategy from the latest survey and the compelling events, and say why.

    \b
    Example: tasplus strategy suggest OPP-0001
    """
    from tasplus_cli.cli.output import emit, info
    from tasplus_cli.messages import command, msg
    from tasplus_cli.render import plan as screens
    from tasplus_cli.store import opps
    from tasplus_cli.store.read import plans as plan_views

    e = env()
    with e.session() as s:
        o = opps.get_opp(s, opp)
        sug = plan_views.suggestion(s, o, e.settings.winrate, e.settings.plan)
    emit({"code": o.code, "strategy": sug.strategy, "reason": sug.reason}, screens.suggestion,
         "json" if as_json else "table")
    if sug.strategy and not as_json:
        info(msg("strategy.to_choose", command=command("strategy", "set", o.code, sug.strategy, "--rationale", "TEXT")))


@tactic_app.command("add")
def tactic_add(opp: str = OPP,
               text: Optional[str] = typer.Argument(None, help="The tactic, in your words."),
               pick: Optional[int] = typer.Option(None, "--pick", help="Take tactic N of the catalogue of the deal's "
                                                                       "strategy (see tactic catalogue).")) -> None:
    """Record a tactic in use on a deal (activities can reference it with --tactic).

    \b
    Example: tasplus tactic add OPP-0001 "邀请客户参观省联社样板行"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.errors import InvalidValue
    from tasplus_cli.domain.strategy import pick_tactic
    from tasplus_cli.messages import command, msg
    from tasplus_cli.store import opps, plans as plan

    e = env()
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        p = plan.plan_of(s, o)
        strategy = p.strategy if p else None
        if pick is not None:
            text = pick_tactic(e.settings.plan.tactics, strategy, pick)
        if not text:
            raise InvalidValue(msg("error.tactic.no_text"), command("tactic", "add", o.code, "…"))
        t = plan.add_tactic(s, o, text, strategy, e.user)
    success(msg("success.tactic.added", code=o.code, id=t.id, text=t.text))


@tactic_app.command("list")
def tactic_list(opp: str = OPP, as_json: bool = JSON) -> None:
    """List a deal's tactics.

    \b
    Example: tasplus tactic list OPP-0001
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import plan as screens
    from tasplus_cli.store import opps, plans as plan

    with env().session() as s:
        rows = plan.tactics(s, opps.get_opp(s, opp))
    emit(rows, screens.tactics, "json" if as_json else "table")


def _tactic_status(opp: str, tactic_id: int, status: str) -> None:
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import opps, plans as plan

    e = env()
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        t = plan.set_tactic_status(s, o, tactic_id, status, e.user)
    success(msg("success.tactic.status", code=o.code, id=t.id, status=msg(f"tactic.status.{status}")))


@tactic_app.command("done")
def tactic_done(opp: str = OPP, tactic_id: int = typer.Argument(..., help="Tactic number.")) -> None:
    """Mark a tactic carried out.

    \b
    Example: tasplus tactic done OPP-0001 2
    """
    _tactic_status(opp, tactic_id, "done")


@tactic_app.command("drop")
def tactic_drop(opp: str = OPP, tactic_id: int = typer.Argument(..., help="Tactic number.")) -> None:
    """Drop a tactic that no longer serves.

    \b
    Example: tasplus tactic drop OPP-0001 2
    """
    _tactic_status(opp, tactic_id, "dropped")


@tactic_app.command("catalogue")
def catalogue(strategy: Optional[str] = typer.Argument(None, help="Only this strategy."), as_json: bool = JSON) -> None:
    """The tactic catalogue per strategy (edit [tactics] in config.toml).

    \b
    Example: tasplus tactic catalogue flanking
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import plan as screens

    cat = {k: list(v) for k, v in env().settings.plan.tactics.items()}
    if strategy:
        key = vocab.STRATEGY.parse(strategy, "STRATEGY")
        cat = {key: cat.get(key, [])}
    emit(cat, screens.catalogue, "json" if as_json else "table")
