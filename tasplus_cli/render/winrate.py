"""Rich renderables of the win rate (METHOD §9): the breakdown of one deal,
the curve of its points drawn with block characters, the moves of
``winrate --all`` and a deal's surveys. Built from the store's dicts; never prints.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tasplus_cli.render.i18n import t
from tasplus_cli.render.tables import Col, table

BLOCKS = " ▁▂▃▄▅▆▇█"
CHART_ROWS = 5
CHART_POINTS = 12


def pct(v: int | float | None) -> str:
    return "n/a" if v is None else f"{v:g}%"


def _style(v: int | None) -> str:
    return "dim" if v is None else "green" if v >= 50 else "yellow" if v >= 25 else "red"


def sparkline(values: list[int | None]) -> str:
    """One character per point, 0–100 scaled to eight heights; n/a is '·'."""
    return "".join("·" if v is None else BLOCKS[max(1, round(v / 100 * 8))] for v in values)


def curve_chart(history: list[dict]) -> Text:
    """The last points as columns (value above, MM-DD below) on a 0–100 axis; ▲▼ mark event moves."""
    pts = history[-CHART_POINTS:]
    out = Text()
    head = "       "
    for p in pts:
        mark = ("▲" if (p["change"] or 0) > 0 else "▼") if p["is_event"] else " "
        head += f"{mark}{pct(p['win_rate']):>4} "
    out.append(head.rstrip() + "\n")
    for row in range(CHART_ROWS - 1, -1, -1):
        out.append({CHART_ROWS - 1: " 100 ┤ ", 0: "   0 ┤ "}.get(row, "     ┤ "), style="dim")
        for p in pts:
            v = p["win_rate"]
            eighths = 0 if v is None else max(1, round(v / 100 * CHART_ROWS * 8))
            fill = min(8, max(0, eighths - row * 8))
            cell = ("·" if v is None and row == 0 else BLOCKS[fill]) * (1 if v is None and row == 0 else 4)
            out.append(f" {cell:<4} ", style=_style(v))
        out.append("\n")
    out.append("       " + "".join(f"{p['date'][5:]} " for p in pts) + "\n", style="dim")
    return out


def parties_table(d: dict, lang: str):  # noqa: ANN201
    rows = [{**p, "party": "us (我方)" if p["is_us"] else f"{p['name']} ({p['code']})" if p["code"] else p["name"],
             "field": "✓" if p["in_field"] else ""} for p in sorted(d["parties"], key=lambda p: p["rank"])]
    return table(rows, [Col("party", "Party"), Col("fit", "Fit", justify="right"),
                        Col("closeness", "Closeness", justify="right"),
                        Col("strength", "Strength", justify="right"), Col("rank", "Rank", justify="right"),
                        Col("field", "In field", justify="center"),
                        Col("share", "Share", lambda v, r: "" if v is None else f"{v:g}%", justify="right")],
                 lang, caption="strength = fit + closeness · field = us + the two strongest competitors")


def report(d: dict, lang: str, stage_label: str) -> Group:
    """``tasplus winrate OPP``: value and why, breakdown, curve, classic stage probability."""
    head = Text(f"{d['code']} {d['name']}\n", style="bold")
    head.append(f"{t('Win rate', lang)} ")
    head.append(pct(d["win_rate"]), style="bold " + _style(d["win_rate"]))
    if d["rank"]:
        head.append(f" · rank {d['rank']} of {len(d['parties'])}")
    head.append(f" · classic stage probability {d['stage_probability']}% ({stage_label})", style="dim")
    inp = d["inputs"]
    if inp.get("survey"):
        src = "yes" if inp["inside_source"] else "no"
        head.append(f"\nfrom {inp['survey']} of {inp['survey_date']} · inside source {src}", style="dim")
    parts: list = [head, Text("\n".join(f"  • {r}" for r in d["reasons"]))]
    if d["parties"]:
        parts.append(parties_table(d, lang))
    curve = d["history"]
    if curve:
        values = [p["win_rate"] for p in curve]
        line = Text(f"Curve (概率曲线) · {len(curve)} point{'s' if len(curve) > 1 else ''} · "
                    f"{curve[0]['date']} → {curve[-1]['date']}  ",
                    style="bold")
        line.append(sparkline(values))
        parts += [line, curve_chart(curve)]
        moves = [p for p in curve if p["is_event"]]
        if moves:
            parts.append(Text("events: " + " · ".join(f"{p['date']} {p['previous']}→{p['win_rate']}% ({p['trigger']})"
                                                      for p in moves), style="yellow"))
    else:
        parts.append(Text("no points yet: each survey adds one (tasplus survey run)", style="dim"))
    if curve and curve[-1]["win_rate"] != d["win_rate"]:
        parts.append(Text(f"the curve's last point says {pct(curve[-1]['win_rate'])}; "
                          "tasplus winrate --all records the current value", style="yellow"))
    return Group(*parts)


def moves_table(moves: list[dict], lang: str):  # noqa: ANN201
    return table(moves, [Col("code", "Code", no_wrap=True), Col("name", "Name"),
                         Col("from", "From", lambda v, r: pct(v), justify="right"),
                         Col("to", "To", lambda v, r: pct(v), justify="right"),
                         Col("change", "Change", lambda v, r: "" if v is None else f"{v:+d}", justify="right"),
                         Col("is_event", "Event", lambda v, r: "⚡" if v else "", justify="center"),
                         Col("reasons", "Why", lambda v, r: "; ".join(v))], lang, title="Win-rate moves")


def _scores(v: list[dict], r: dict) -> str:
    return " · ".join(f"{c['name']} {c['fit']}/{c['closeness']}" for c in v) or "none scored"


def surveys_table(rows: list[dict], lang: str, title: str):  # noqa: ANN201
    return table(rows, [Col("code", "Code", no_wrap=True), Col("date", "Date", no_wrap=True),
                        Col("inside_source", "Inside source",
                            lambda v, r: ("yes" + (f" ({r['source']})" if r["source"] else "")) if v else "no"),
                        Col("our_fit", "Us fit/closeness", lambda v, r: f"{v}/{r['our_closeness']}", justify="center"),
                        Col("competitors", "Competitors fit/closeness", _scores),
                        Col("answered_by", "Answered by"), Col("reviewed_by", "Reviewed by"),
                        Col("win_rate", "Win rate", lambda v, r: pct(v), justify="right")],
                 lang, title=f"Surveys · {title}", caption="1 none · 2 weak · 3 partial · 4 strong · 5 full")
