"""Screens of money in the base currency: the rates kept (``fx list``) and the
notes under every total (``money_notes``): the rates a total used and the deals
it left out for want of a rate, with the command that fixes it. Each takes the
dict ``--json`` prints; every word in the reader's language."""

from __future__ import annotations

from rich.table import Table

from tasplus_cli.messages import command, plural, text
from tasplus_cli.render.tables import Col, table
from tasplus_cli.render.view import View


def rates(data: dict, view: View) -> Table:
    """``fx list``: currency, rate, from which day, in force today (✓)."""
    lang = view.lang
    cols = [Col("currency", "Currency", no_wrap=True),
            Col("rate", "Exchange rate", lambda v, r: str(v), justify="right"),
            Col("date", "Valid from", no_wrap=True),
            Col("in_force", "In force", lambda v, r: "✓" if v else "", no_wrap=True)]
    title = text("fx.title", lang, base=data["base"], day=data["date"])
    return table(data["rates"], cols, lang, title=title, width=view.width)


def money_notes(money: dict, lang: str) -> list[tuple[str, bool]]:
    """The lines under a total, each with whether it warns: ``rates: USD 7.12 (2027-01-05)``, and one
    ``1 deal in USD left out: no rate; tasplus fx set USD RATE`` per currency without a rate (none
    when every deal is in the base currency). ``money``: ``currency``, ``rates``, ``left_out``."""
    out = []
    if money["rates"]:
        used = ", ".join(f"{r['currency']} {r['rate']} ({r['date']})" for r in money["rates"])
        out.append((text("fx.rates_used", lang, base=money["currency"], rates=used), False))
    for lo in money["left_out"]:
        out.append((plural("fx.left_out", lo["deals"], lang, currency=lo["currency"],
                           command=command("fx", "set", lo["currency"], "RATE")), True))
    return out
