"""Screens of the forecast by period (``store.forecast.forecast_view``) and of the targets
(``store.targets.list_targets``): a table per rep and per team, the commits without a win
rate to back them, the rates used and the deals left out; the same as Markdown for the
meeting notes. Amounts are the dict's major units of the base currency; every word is in
``view.lang``.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.money import fmt
from tasplus_cli.messages import command, label, text
from tasplus_cli.render.fx import money_notes
from tasplus_cli.render.review import md  # the one Markdown escape of user text
from tasplus_cli.render.tables import Col, table
from tasplus_cli.render.view import View

NUMBERS = (("target", "Target"), ("closed_won", "Closed won"), ("commit", "Commit"), ("best_case", "Best case"),
           ("open_pipeline", "Open pipeline"), ("classic_forecast", "Classic"), ("tasplus_forecast", "TAS+"))


def money(v: int | float | None) -> str:
    """A major-unit amount with thousands separators (negative for a gap beyond the target); "—" for None."""
    if v is None:
        return "—"
    minor = round(abs(v) * 100)
    return ("-" if v < 0 and minor else "") + fmt(minor)


def times(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}×"


# on a screen the numbers come in two tables, so that each fits 80 columns: against the target,
# then the pipeline and both forecasts (Markdown keeps one table: it does not wrap)
AGAINST_TARGET = ("target", "closed_won", "commit", "gap", "coverage")
PIPELINE = ("best_case", "open_pipeline", "classic_forecast", "tasplus_forecast")
HEADS = dict(NUMBERS, coverage="Coverage", gap="Gap")


def _number_cols(keys: tuple[str, ...]) -> list[Col]:
    return [Col(k, HEADS[k], lambda v, r, k=k: times(v) if k == "coverage" else money(v), justify="right",
                no_wrap=True) for k in keys]


def heading(data: dict, lang: str) -> str:
    scope = data["scope"]
    who = scope["owner"] or (text("forecast.scope.team", lang, name=scope["team"]) if scope["team"]
                             else text("forecast.scope.all", lang))
    return text("forecast.title", lang, period=data["period"], start=data["start"], end=data["end"], scope=who)


def forecast(data: dict, view: View) -> RenderableType:
    """``tasplus forecast``: per rep, per team (with the manager's call), the unbacked commits."""
    lang, width = view.lang, view.width
    parts: list[RenderableType] = [Text(heading(data, lang), style="bold")]
    if not data["reps"] and not data["teams"]:
        return Group(*parts, Text(nothing(data, lang)))
    if data["reps"]:
        who = Col("user", "Rep", min_width=6)
        parts.append(table(data["reps"], [who] + _number_cols(AGAINST_TARGET) + [Col("manager", "Manager", drop=1)],
                           lang, title=label("Per rep", lang), width=width))
        parts.append(table(data["reps"], [who] + _number_cols(PIPELINE), lang,
                           title=label("Per rep: pipeline and forecasts", lang), width=width))
    if data["teams"]:
        who = Col("manager", "Team of", min_width=6)
        call = Col("adjusted", "Manager's call", lambda v, r: money(v), justify="right", no_wrap=True)
        parts.append(table(data["teams"], [who] + _number_cols(AGAINST_TARGET), lang,
                           title=label("Per team", lang), width=width))
        parts.append(table(data["teams"], [who] + _number_cols(PIPELINE) + [call], lang,
                           title=label("Per team: pipeline and forecasts", lang), width=width))
        parts += [Text("  " + call_note(t, lang), style="dim") for t in data["teams"] if t.get("adjusted_note")]
    parts.append(Text("  " + text("forecast.legend", lang, currency=data["currency"]), style="dim"))
    parts += [Text("  " + line, style="yellow" if warns else "dim") for line, warns in money_notes(data, lang)]
    if data["unbacked_commits"]:
        parts.append(table(data["unbacked_commits"], _unbacked_cols(view), lang,
                           title=text("forecast.unbacked", lang, backing=data["commit_backing"]), width=width))
        parts.append(Text("  " + unbacked_fix(data, lang), style="yellow"))
    return Group(*parts)


def _unbacked_cols(view: View) -> list[Col]:
    return [Col("code", "Code", no_wrap=True), Col("name", "Name", min_width=10), Col("owner", "Owner"),
            Col("win_rate", "Win rate", lambda v, r: pct(v), justify="right", no_wrap=True),
            Col("amount", "Amount", lambda v, r: money(v), justify="right", no_wrap=True),
            Col("close_date", "Close date", no_wrap=True, drop=1)]


def unbacked_fix(data: dict, lang: str) -> str:
    code = data["unbacked_commits"][0]["code"]
    return text("forecast.unbacked.fix", lang, survey=command("survey", "run", code),
                edit=command("opp", "edit", code, "--forecast", "best-case"))


def call_note(t: dict, lang: str) -> str:
    return text("forecast.call_note", lang, name=t["manager"], amount=money(t["adjusted"]), note=t["adjusted_note"])


def nothing(data: dict, lang: str) -> str:
    scope = data["scope"]
    who = scope["owner"] or (text("forecast.scope.team", lang, name=scope["team"]) if scope["team"]
                             else text("forecast.scope.all", lang))
    return text("forecast.nothing", lang, period=data["period"], scope=who)


def _md_table(rows: list[dict], first: tuple[str, str], lang: str, extra: tuple[str, str] | None = None) -> list[str]:
    heads = [first[1]] + [h for _, h in NUMBERS] + ["Coverage", "Gap"] + ([extra[1]] if extra else [])
    out = ["| " + " | ".join(label(h, lang) for h in heads) + " |", "|---" + "|---:" * (len(heads) - 1) + "|"]
    for r in rows:
        cells = [md(r[first[0]])] + [money(r[k]) for k, _ in NUMBERS] + [times(r["coverage"]), money(r["gap"])]
        out.append("| " + " | ".join(cells + ([money(r[extra[0]])] if extra else [])) + " |")
    return out + [""]


def markdown(data: dict, view: View) -> str:
    """The forecast as Markdown for the meeting notes: the same numbers as the table."""
    lang = view.lang
    lines = [f"# {md(heading(data, lang))}", ""]
    if not data["reps"] and not data["teams"]:
        return "\n".join(lines + [md(nothing(data, lang)), ""])
    if data["reps"]:
        lines += [f"## {label('Per rep', lang)}", ""] + _md_table(data["reps"], ("user", "Rep"), lang)
    if data["teams"]:
        lines += [f"## {label('Per team', lang)}", ""]
        lines += _md_table(data["teams"], ("manager", "Team of"), lang, ("adjusted", "Manager's call"))
        notes = [f"- {md(call_note(t, lang))}" for t in data["teams"] if t.get("adjusted_note")]
        lines += notes + [""] if notes else []
    lines += [md(text("forecast.legend", lang, currency=data["currency"])), ""]
    notes = [md(line) for line, _ in money_notes(data, lang)]
    lines += notes + [""] if notes else []
    if data["unbacked_commits"]:
        lines += [f"## ⚠ {md(text('forecast.unbacked', lang, backing=data['commit_backing']))}", ""]
        lines += [f"- {md(d['code'])} {md(d['name'])} · {md(d['owner'])} · {label('Win rate', lang)} "
                  f"{pct(d['win_rate'])} · {money(d['amount'])}" for d in data["unbacked_commits"]]
        lines += ["", md(unbacked_fix(data, lang))]
    return "\n".join(lines).rstrip("\n") + "\n"


def targets(rows: list[dict], view: View, *, calls: bool = False) -> RenderableType:
    """``target list``: each target (or manager's call) with the user's manager."""
    lang = view.lang
    cols = [Col("period", "Period", no_wrap=True), Col("user", "Manager" if calls else "Rep"),
            Col("manager", "Manager", drop=2) if not calls else None,
            Col("amount", "Amount", lambda v, r: money(v) + ("" if r["currency"] == view.currency
                                                              else f" {r['currency']}"), justify="right", no_wrap=True),
            Col("note", "Note") if calls else None, Col("set_by", "Set by", drop=1)]
    return table(rows, [c for c in cols if c is not None], lang,
                 title=label("Managers' calls" if calls else "Targets", lang), width=view.width)
