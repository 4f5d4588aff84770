"""``tasplus map OPP`` and ``tasplus map --account A``: the relationship map
(METHOD §8) as a rich tree, as JSON (the same facts) or as a Mermaid flowchart.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.options import JSON
from tasplus_cli.cli.env import env
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
    from tasplus_cli.cli.output import console, emit_json, show
    from tasplus_cli.render import map as render
    from tasplus_cli.store import accounts, activities, opps, relmap

    e = env()
    if fmt not in FORMATS:
        raise InvalidValue(f"--format {fmt!r} is not one of {', '.join(FORMATS)}", "use --format tree or --format mermaid")
    if (opp is None) == (account is None):
        raise InvalidValue("name a deal (tasplus map OPP) or an account (tasplus map --account A), not both",
                           "e.g. tasplus map OPP-0001")
    with e.session() as s:
        if opp is not None:
            data = relmap.deal_map(s, e.config, opps.get_opp(s, opp))
        else:
            data = relmap.account_map(s, e.config, accounts.get_account(s, account))
    if as_json:
        emit_json(data)
    elif fmt == "mermaid":
        typer.echo(render.mermaid(data, e.lang), nl=False)
    else:
        draw = render.deal_map if data["kind"] == "deal" else render.account_map
        show(draw(data, e.lang, console().width, activities.kinds(e.config)))
