"""The forecast page of the shared report (``tasplus report forecast --html FILE``): a pure
function ``report(data, view) -> str`` of the dict ``store.forecast.forecast_view`` returns (the
one ``tasplus forecast --json`` prints), embedded unchanged under ``data["forecast"]``.

What it shows, per rep and per team: a chart of closed won, commit and best case stacked against
the target mark, with the coverage at the end of each bar; the table of every number of the
forecast (target, closed won, commit, best case, open pipeline, both forecasts, coverage, gap, and
the manager's call for a team); the manager's call with its note; the commits without a win rate
to back them, with the manager's question.

Invariants (those of ``render.html``): every figure of the dict is in an element with
``data-json="forecast.<path>"`` and shown as ``tasplus forecast`` shows it (the coverage with the
precision ``--json`` has); every user text (names, deal names, the call's note) goes through
``esc``; the page's words come from the catalogue in ``view.lang``. The one value drawn that the
dict does not hold is the best-case bar segment: best case includes commit, so the segment is
best case minus commit (the bar ends at closed won + best case); its tooltip says so.
"""

from __future__ import annotations

from tasplus_cli.domain.formats import pct
from tasplus_cli.messages import label, text
from tasplus_cli.render import svg
from tasplus_cli.render.forecast import NUMBERS, call_note, heading, money, nothing, unbacked_fix
from tasplus_cli.render.html import cell, figure, head, notes, page, row
from tasplus_cli.render.svg import esc
from tasplus_cli.render.view import View

AT = "forecast"


def coverage(v: float | None) -> str:
    """Coverage as ``--json`` has it (two decimals at most): ``0.81×``; "—" without one."""
    return "—" if v is None else f"{v:g}×"


def _chart(rows: list[dict], who: str, title: str, lang: str) -> str:
    """Closed won, commit and best case beyond commit, stacked, against each row's target."""
    bars = [svg.Row(r[who], (float(r["closed_won"]), float(r["commit"]), round(r["best_case"] - r["commit"], 2)),
                    target=None if r["target"] is None else float(r["target"]),
                    note="" if r["coverage"] is None else f"{label('Coverage', lang)} {coverage(r['coverage'])}")
            for r in rows]
    series = [label("Closed won", lang), label("Commit", lang), text("report.forecast.best_beyond", lang)]
    return svg.bars(bars, series, title, money, label("Target", lang))


def _table(rows: list[dict], at: str, first: tuple[str, str], lang: str, call: bool = False) -> str:
    words = [first[1]] + [w for _, w in NUMBERS] + ["Coverage", "Gap"] + (["Manager's call"] if call else [])
    out = ["<div class=wide><table>", head(lang, *words, nums=len(words) - 1)]
    for i, r in enumerate(rows):
        p = f"{at}.{i}"
        cells = [cell(r[first[0]])] + [figure(f"{p}.{k}", money(r[k])) for k, _ in NUMBERS]
        cells += [figure(f"{p}.coverage", coverage(r["coverage"])), figure(f"{p}.gap", money(r["gap"]))]
        if call:
            cells.append(figure(f"{p}.adjusted", money(r["adjusted"])))
        out.append(row(*cells))
    return "".join(out) + "</table></div>"


def _calls(data: dict, lang: str) -> str:
    """The manager's call of each team: the number, against the target, and its note."""
    out = ["<h2>" + esc(label("Manager's call", lang)) + "</h2>"]
    made = [(i, t) for i, t in enumerate(data["teams"]) if t["adjusted"] is not None]
    if not made:
        return out[0] + f'<p class="note">{esc(text("report.forecast.no_call", lang, period=data["period"]))}</p>'
    out.append("<div class=cards>")
    for i, t in made:
        p = f"{AT}.teams.{i}"
        out.append(f'<div class=card>{esc(text("forecast.scope.team", lang, name=t["manager"]))}'
                   f'{figure(f"{p}.adjusted", money(t["adjusted"]), "b")}{esc(label("Target", lang))} '
                   f'<span class="num" data-json="{p}.target">{esc(money(t["target"]))}</span></div>')
    out.append("</div>")
    out += [f'<p class="note">{esc(call_note(t, lang))}</p>' for _, t in made if t.get("adjusted_note")]
    return "".join(out)


def _unbacked(data: dict, lang: str) -> str:
    out = [f'<h2 class="warn">⚠ {esc(text("forecast.unbacked", lang, backing=data["commit_backing"]))}</h2><table>',
           head(lang, "Code", "Name", "Owner", "Close date", "Win rate", "Amount", nums=2)]
    for i, d in enumerate(data["unbacked_commits"]):
        p = f"{AT}.unbacked_commits.{i}"
        out.append(row(cell(d["code"]), cell(d["name"]), cell(d["owner"]), cell(d["close_date"] or "—"),
                       figure(f"{p}.win_rate", pct(d["win_rate"])), figure(f"{p}.amount", money(d["amount"]))))
    return "".join(out) + f'</table><p class="note warn">{esc(unbacked_fix(data, lang))}</p>'


def report(data: dict, view: View) -> str:
    """The whole forecast page."""
    lang, f = view.lang, data["forecast"]
    body: list[str] = []
    if not f["reps"] and not f["teams"]:
        body.append(f"<p>{esc(nothing(f, lang))}</p>")
    if f["reps"]:
        body += [f"<h2>{esc(label('Per rep', lang))}</h2>",
                 _chart(f["reps"], "user", text("report.forecast.chart.reps", lang), lang),
                 _table(f["reps"], f"{AT}.reps", ("user", "Rep"), lang)]
    if f["teams"]:
        body += [f"<h2>{esc(label('Per team', lang))}</h2>",
                 _chart(f["teams"], "manager", text("report.forecast.chart.teams", lang), lang),
                 _table(f["teams"], f"{AT}.teams", ("manager", "Team of"), lang, call=True), _calls(f, lang)]
    body += [f'<p class="note">{esc(text("forecast.legend", lang, currency=f["currency"]))}</p>', notes(f, lang)]
    if f["unbacked_commits"]:
        body.append(_unbacked(f, lang))
    return page(heading(f, lang), text("report.currency", lang, currency=f["currency"]), "".join(body), view)
