"""Rich renderables of the win rate (METHOD §9): the breakdown of one deal,
the curve of its points drawn with block characters, the moves of
``winrate --all`` and a deal's surveys. Built from the store's dicts (the same
dicts ``--json`` prints); the reasons are ``Phrase`` strings, said here in the
reader's language. Never prints.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.vocab import STATUS
from tasplus_cli.domain.winrate import scale
from tasplus_cli.messages import label, plural, text
from tasplus_cli.messages.phrase import say
from tasplus_cli.render.tables import Col, table
from tasplus_cli.render.view import View

BLOCKS = " ▁▂▃▄▅▆▇█"
CHART_ROWS = 5
CHART_POINTS = 12


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


def parties_table(d: dict, view: View) -> Table:
    lang = view.lang
    us = text("winrate.us", lang)
    rows = [{**p, "party": (us if p["is_us"] else f"{p['name']} ({p['code']})" if p["code"] else p["name"])
             + (f" · {text('survey.carried_from', lang, day=p['scored_on'])}" if p.get("carried") else ""),
             "field": "✓" if p["in_field"] else ""} for p in sorted(d["parties"], key=lambda p: p["rank"])]
    return table(rows, [Col("party", "Party"), Col("fit", "Fit", justify="right"),
                        Col("closeness", "Closeness", justify="right"),
                        Col("strength", "Strength", justify="right"), Col("rank", "Rank", justify="right"),
                        Col("field", "In field", justify="center"),
                        Col("share", "Share", lambda v, r: "" if v is None else pct(v), justify="right")],
                 lang, caption=text("winrate.parties_caption", lang))


def report(d: dict, view: View) -> Group:
    """``tasplus winrate OPP``: value and why, breakdown, curve, classic stage probability."""
    lang = view.lang
    head = Text(f"{d['code']} {d['name']}\n", style="bold")
    head.append(f"{label('Win rate', lang)} ")
    head.append(pct(d["win_rate"]), style="bold " + _style(d["win_rate"]))
    if d["rank"]:
        head.append(text("winrate.rank_of", lang, rank=d["rank"], n=len(d["parties"])))
    head.append(text("winrate.classic", lang, probability=d["stage_probability"],
                     stage=view.template.label(d["stage"], lang)), style="dim")
    if d.get("closed"):
        head.append("\n" + closed_line(d["closed"], lang), style="bold")
    inp = d["inputs"]
    if inp.get("survey") and "inside_source" in inp:  # a deal closed before any point has no inputs
        head.append("\n" + text("winrate.from_survey", lang, survey=inp["survey"], date=inp["survey_date"],
                                 inside=text("survey.yes" if inp["inside_source"] else "survey.no", lang)),
                    style="dim")
    parts: list = [head, Text("\n".join(f"  • {say(r, lang)}" for r in d["reasons"]))]
    if d["parties"]:
        parts.append(parties_table(d, view))
    curve = d["history"]
    if curve:
        line = Text(text("winrate.curve", lang, points=plural("winrate.points", len(curve), lang),
                         first=curve[0]["date"], last=curve[-1]["date"]) + "  ", style="bold")
        line.append(sparkline([p["win_rate"] for p in curve]))
        parts += [line, curve_chart(curve)]
        moves = [p for p in curve if p["is_event"]]
        if moves:
            parts.append(Text(text("winrate.events", lang, moves=" · ".join(
                f"{p['date']} {p['previous']}→{p['win_rate']}% ({_trigger(p['trigger'], lang)})"
                for p in moves)), style="yellow"))
    else:
        parts.append(Text(text("winrate.no_points", lang), style="dim"))
    if curve and curve[-1]["win_rate"] != d["win_rate"]:
        parts.append(Text(text("winrate.stale", lang, value=pct(curve[-1]["win_rate"])), style="yellow"))
    return Group(*parts)


def closed_line(closed: dict, lang: str) -> str:
    """"closed won on DATE · win rate frozen …" (``winrate``, ``plan`` and ``opp show`` say the same)."""
    return text("winrate.closed", lang, status=STATUS.label(closed["status"], lang), day=closed["on"] or "?",
                on=closed.get("win_rate_on") or "—")


def _trigger(trigger: str, lang: str) -> str:
    """What stored a point (survey, event, competitor, recompute); an imported unknown one as it is."""
    try:
        return text(f"winrate.trigger.{trigger}", lang)
    except KeyError:
        return trigger


def moves(data: dict, view: View) -> Table:
    """``winrate --all``: the deals whose win rate moved, and why."""
    sep = text("winrate.reason_separator", view.lang)
    return table(data["moves"], [Col("code", "Code", no_wrap=True), Col("name", "Name"),
                                 Col("from", "From", lambda v, r: pct(v), justify="right"),
                                 Col("to", "To", lambda v, r: pct(v), justify="right"),
                                 Col("change", "Change", lambda v, r: "" if v is None else f"{v:+d}", justify="right"),
                                 Col("is_event", "Event", lambda v, r: "⚡" if v else "", justify="center"),
                                 Col("reasons", "Why", lambda v, r: sep.join(say(x, view.lang) for x in v))],
                 view.lang, title="Win-rate moves", width=view.width)


def surveys_table(rows: list[dict], view: View, title: str) -> Table:
    """``survey list``: at 80 columns who reviewed and who answered go first."""
    lang = view.lang
    yes, no, none = (text(k, lang) for k in ("survey.yes", "survey.no", "survey.none_scored"))

    def scores(v: list[dict], r: dict) -> str:
        return " · ".join(f"{c['name']} {c['fit']}/{c['closeness']}"
                          + (f" ({text('survey.carried_from', lang, day=c['scored_on'])})" if c.get("carried") else "")
                          for c in v) or none

    def reviewed(v: str | None, r: dict) -> str:
        if not v:
            return text("survey.unreviewed", lang)
        return text("survey.reviewed_on", lang, by=v, day=r["reviewed_on"]) if r.get("reviewed_on") else v

    return table(rows, [Col("code", "Code", no_wrap=True), Col("date", "Date", no_wrap=True),
                        Col("inside_source", "Inside source",
                            lambda v, r: (yes + (f" ({r['source']})" if r["source"] else "")) if v else no),
                        Col("our_fit", "Us fit/closeness", lambda v, r: f"{v}/{r['our_closeness']}", justify="center"),
                        Col("competitors", "Competitors fit/closeness", scores),
                        Col("answered_by", "Answered by", drop=2),
                        Col("reviewed_by", "Reviewed by", reviewed, drop=1),
                        Col("win_rate", "Win rate", lambda v, r: pct(v), justify="right", no_wrap=True)],
                 lang, title=f"{label('Surveys', lang)} · {title}", caption=scale(lang), width=view.width)
