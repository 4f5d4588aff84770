"""The funnel drawn in the terminal: one bar per stage, split by grade class
with distinct characters (█ AB, ▓ CD, ░ E) so it reads without colour, the two
forecasts side by side (in the base currency, naming the rates used and the deals
left out for want of one), and the stage-to-stage conversion: the screen of the
``store.funnel.funnel_view`` dict, every word in ``view.lang``."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.money import fmt, parse_amount
from tasplus_cli.messages import label as t
from tasplus_cli.messages import text
from tasplus_cli.render.fx import money_notes
from tasplus_cli.render.view import View

BAR = {"AB": ("█", "green"), "CD": ("▓", "cyan"), "E": ("░", "magenta")}
WIDTH = 40


def _minor(v) -> int:  # noqa: ANN001
    return parse_amount(v)


def funnel(data: dict, view: View) -> Group:
    lang, stage = view.lang, view.template.label
    stages = data["stages"]
    top = max((_minor(r["amount"]) for r in stages), default=0) or 1
    tbl = Table(title=t("Pipeline", lang), title_justify="left", box=None, padding=(0, 1))
    for head, just in (("Stage", "left"), ("Deals", "right"), ("Amount", "right"), ("", "left"),
                       ("Classic", "right"), ("TAS+", "right")):
        tbl.add_column(t(head, lang), justify=just, no_wrap=True)
    for r in stages:
        bar = Text()
        for cls in ("AB", "CD", "E"):
            n = round(_minor(r["by_class"][cls]["amount"]) / top * WIDTH)
            ch, style = BAR[cls]
            bar.append(ch * n, style=style)
        tbl.add_row(Text(stage(r["stage"], lang)), str(r["count"]), fmt(_minor(r["amount"])), bar,
                    fmt(_minor(r["classic"])), fmt(_minor(r["tasplus"])))
    tot = data["totals"]
    tbl.add_row(Text(t("Total", lang), style="bold"), str(tot["count"]), fmt(_minor(tot["amount"])), Text(""),
                fmt(_minor(tot["classic_forecast"])), fmt(_minor(tot["tasplus_forecast"])), style="bold")
    legend = Text("  ")
    for cls, (ch, style) in BAR.items():
        legend.append(f"{ch} {text(f'funnel.class.{cls}', lang)}  ", style=style)
    legend.append(text("funnel.legend", lang, currency=data["currency"]))
    conv = Table(title=t("Stage-to-stage conversion", lang), title_justify="left", box=None, padding=(0, 1))
    for head in ("From", "To", "Entered", "Moved on", "Rate"):
        conv.add_column(t(head, lang), justify="right" if head in ("Entered", "Moved on", "Rate") else "left")
    for c in data["conversion"]:
        conv.add_row(Text(stage(c["from"], lang)), Text(stage(c["to"], lang)), str(c["entered"]),
                     str(c["moved_on"]), pct(c["rate"], "—"))
    notes = [Text("  " + line, style="yellow" if warns else "dim") for line, warns in money_notes(data, lang)]
    return Group(tbl, legend, *notes, Text(""), conv)
