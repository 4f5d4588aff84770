"""``tasplus funnel``: count and amount per stage, both forecasts, conversion."""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.options import JSON, opt_date, opt_vocab
from tasplus_cli.cli.env import env
from tasplus_cli.domain import vocab


def funnel(owner: Optional[str] = typer.Option(None, help="Only this owner's deals."),
           mine: bool = typer.Option(False, "--mine", help="Only my deals."),
           grade: Optional[str] = typer.Option(None, help="Only this grade (A–E)."),
           close_before: Optional[str] = typer.Option(None, "--close-before", help="Only deals closing before DATE."),
           as_json: bool = JSON) -> None:
    """The pipeline at a glance: deals and amount per stage by grade class, the classic
    stage-weighted forecast beside the TAS+ win-rate forecast, and stage-to-stage conversion.

    \b
    Example: tasplus funnel --close-before 2027-03-31
    """
    from tasplus_cli.cli.output import emit_json, show
    from tasplus_cli.render.funnel import funnel as draw
    from tasplus_cli.store import funnel as store_funnel

    e = env()
    who = e.user if mine else owner
    gr = opt_vocab(vocab.GRADES, grade, "--grade")
    before = opt_date(close_before, "--close-before")
    with e.session() as s:
        data = store_funnel.funnel_view(s, e.config, owner=who, grade=gr, close_before=before)
    if as_json:
        emit_json(data)
        return
    tpl = e.config.template
    show(draw(data, {st.key: st.label(e.lang) for st in tpl.stages}, e.lang))
