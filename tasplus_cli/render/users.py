"""Screens of the sales team's users (METHOD §14): ``user list`` (``store.users.user_rows``,
in tree order: a report is indented under their manager) and the deals ``opp reassign``
moves. Each takes ``(data, view)``: the dict or list ``--json`` prints, and the reader."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from tasplus_cli.messages import text
from tasplus_cli.render.deals import opp_cols
from tasplus_cli.render.tables import Col, table
from tasplus_cli.render.view import View


def user_list(rows: list[dict], view: View) -> RenderableType:
    """``user list``: each user under their manager (two spaces a level), manager, email, open deals."""
    if not rows:
        return Text(text("user.none", view.lang, command="tasplus user add NAME"))

    def name(v, r) -> str:  # noqa: ANN001
        return ("  " * r["level"] + "└ " if r["level"] else "") + v

    cols = [Col("name", "User", name, min_width=8), Col("manager", "Manager", drop=2),
            Col("email", "Email", drop=1), Col("open_deals", "Open deals", justify="right", no_wrap=True)]
    return table(rows, cols, view.lang, title="Users", width=view.width)


def moving(data: dict, view: View) -> Table:
    """``opp reassign`` (preview or done): the deals that move from ``from`` to ``to``."""
    return table(data["deals"], opp_cols(view, True), view.lang, title="Deals to move", width=view.width)
