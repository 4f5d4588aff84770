"""``tasplus map OPP`` and ``tasplus map --account A``: the relationship map
(METHOD §8) as a rich tree, as JSON (the same facts) or as a Mermaid flowchart.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import JSON
from tasplus_cli.domain.errors import InvalidValue

FORMATS = ("tree", "mermaid")


def map_(opp: Optional[str] = typer.Argument(None, help="Deal code or name.", show_default=False),
         account: Optional[str] = typer.Option(None, "--account", "-a",
                                               help="Draw the account's org chart and political circles instead."),
         fmt: str = typer.Option("tree", "--format", "-f", help="tree (terminal) or mermaid (for wikis and slides)."),
         as_json: bool = JSON) -> None:
    """Who decides: the decision map of a deal on the account's org chart, with warnings and strategies.

    Each person shows their decision role on the deal, this deal's relationship
    (colour and symbol), interaction level (derived from done activities),
    orientation, influence and circle.

    \b
    Example: tasplus map OPP-0001  ·  tasplus map --account 华东省农商银行 --format mermaid
    """
    from functools import partial

    from tasplus_cli.cli.output import emit
    from tasplus_cli.messages import command, msg
    from tasplus_cli.render import map as render, mermaid
    from tasplus_cli.store import accounts, opps, relmap

    e = env()
    if fmt not in FORMATS:
        raise InvalidValue(msg("error.map.format", value=fmt, choices=", ".join(FORMATS)), msg("hint.map.format"))
    if (opp is None) == (account is None):
        raise InvalidValue(msg("error.map.target"), msg("hint.map.example", command=command("map", "OPP-0001")))
    rule = e.settings.interaction
    with e.session() as s:
        if opp is not None:
            data = relmap.deal_map(s, opps.get_opp(s, opp), rule, e.settings.plan.relationship_strategy)
        else:
            data = relmap.account_map(s, accounts.get_account(s, account), rule)
    emit(data, {"tree": partial(render.tree, kinds=e.settings.activities.vocab), "mermaid": mermaid.mermaid},
         "json" if as_json else fmt)
