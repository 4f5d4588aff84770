"""The shared report (``tasplus report KIND --html FILE``): one self-contained HTML page, a pure
function ``document(data, view) -> str`` of the dict ``cli/report.py`` builds from the same
read models the other commands print with ``--json`` (``review_view``, ``funnel_view``, …),
embedded unchanged: nothing here computes a figure, it only formats and draws.

Invariants:
- Self-contained: inline CSS, charts as inline SVG (``render.svg``), no script, no font, image,
  style sheet or link to fetch; a Content-Security-Policy of ``default-src 'none'`` says so to
  the browser too, so even a text that escaped escaping could not run or fetch anything.
- Every text that comes from the data is escaped (``svg.esc``: HTML escaping after
  ``domain.text.visible``), in the page and in the charts; the page's own words come from the
  catalogue in ``view.lang`` (``<html lang>`` follows it).
- Every figure taken from the data is in an element with ``data-json="<path>"`` (its place in the
  embedded dict, e.g. ``funnel.totals.amount``), shown as the terminal shows it (``fmt``, ``pct``),
  so a test can check the page against ``--json``.
"""

from __future__ import annotations

from datetime import date

from tasplus_cli import __version__
from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.money import fmt, parse_amount
from tasplus_cli.messages import label, plural, text
from tasplus_cli.messages.phrase import say
from tasplus_cli.render import changes, svg
from tasplus_cli.render.fx import money_notes
from tasplus_cli.render.svg import esc
from tasplus_cli.render.view import View

FONTS = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", '
         '"Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
         '"WenQuanYi Micro Hei", sans-serif')
CSS = ("body{font-family:%s;color:#222;margin:0 auto;max-width:960px;padding:24px;line-height:1.45}"
       "h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 8px;border-bottom:1px solid #ccc}"
       "h3{font-size:1.05em;margin:20px 0 4px}.meta,.note,footer{color:#666;font-size:.9em}.warn{color:#a15c00}"
       "table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #eee;"
       "text-align:left}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
       ".cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px}"
       ".card b{display:block;font-size:1.3em}svg{max-width:100%%;height:auto;display:block;margin:6px 0}"
       "code{background:#f4f4f4;padding:1px 4px;border-radius:3px;word-break:break-all}"
       ".wide{overflow-x:auto}.wide table{font-size:.9em}li{margin:2px 0}q{font-style:italic}section.deal{page-break-inside:avoid}") % FONTS
CSP = "default-src 'none'; style-src 'unsafe-inline'"
CLASSES = ("AB", "CD", "E")


def _money(v) -> str:  # noqa: ANN001 - a JSON number in major units
    return fmt(parse_amount(v))


def figure(path: str, shown: str, tag: str = "td") -> str:
    """A figure from the data at ``path``, shown as given."""
    return f'<{tag} class="num" data-json="{esc(path)}">{esc(shown)}</{tag}>'


def cell(value: object) -> str:
    """A cell of text from the data, escaped."""
    return f"<td>{esc(value)}</td>"


def row(*cells: str) -> str:
    """A row of cells already made (``_td``, ``_n``)."""
    return "<tr>" + "".join(cells) + "</tr>"


def head(lang: str, *words: str, nums: int = 0) -> str:
    """A header row; the last ``nums`` columns hold figures (right-aligned)."""
    first = len(words) - nums
    return "<tr>" + "".join(f'<th{" class=num" if i >= first else ""}>{esc(label(w, lang))}</th>'
                            for i, w in enumerate(words)) + "</tr>"


def notes(money: dict, lang: str) -> str:
    return "".join(f'<p class="{"note warn" if warns else "note"}">{esc(line)}</p>'
                   for line, warns in money_notes(money, lang))


def scope(data: dict, lang: str) -> str:
    """Whose deals: ``data["scope"]`` holds the filters the report was made with."""
    sc = data["scope"]
    if sc.get("team"):
        return text("report.scope.team", lang, name=sc["team"])
    return sc.get("owner") or label("the whole team", lang)


def page(title: str, subtitle: str, body: str, view: View) -> str:
    lang = view.lang
    made = text("report.generated", lang, version=__version__, day=(view.today or date.today()).isoformat())
    return ("<!DOCTYPE html>\n"
            f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body><header><h1>{esc(title)}</h1>"
            f'<p class="meta">{esc(subtitle)}</p></header>\n<main>{body}</main>\n'
            f"<footer><p>{esc(made)}</p></footer></body></html>\n")


# --- the funnel -------------------------------------------------------------------------------

def funnel_section(f: dict, view: View, at: str = "funnel") -> str:
    """The pipeline per stage by grade class (chart and table), both forecasts, conversion."""
    lang, stage = view.lang, view.template.label
    rows = [svg.Row(stage(r["stage"], lang), tuple(float(r["by_class"][c]["amount"]) for c in CLASSES))
            for r in f["stages"]]
    chart = svg.bars(rows, [text(f"funnel.class.{c}", lang) for c in CLASSES],
                     label("Pipeline", lang), _money)
    out = [f"<h2>{esc(label('Pipeline', lang))}</h2>", chart,
           f'<p class="note">{esc(text("funnel.legend", lang, currency=f["currency"]))}</p>', "<table>",
           head(lang, "Stage", "Deals", "Amount", "Classic", "TAS+", nums=4)]
    for i, r in enumerate(f["stages"]):
        p = f"{at}.stages.{i}"
        out.append(row(cell(stage(r["stage"], lang)), figure(f"{p}.count", str(r["count"])),
                        figure(f"{p}.amount", _money(r["amount"])), figure(f"{p}.classic", _money(r["classic"])),
                        figure(f"{p}.tasplus", _money(r["tasplus"]))))
    t = f["totals"]
    out += ["<tfoot>", row(f"<th>{esc(label('Total', lang))}</th>", figure(f"{at}.totals.count", str(t["count"]), "th"),
                            figure(f"{at}.totals.amount", _money(t["amount"]), "th"),
                            figure(f"{at}.totals.classic_forecast", _money(t["classic_forecast"]), "th"),
                            figure(f"{at}.totals.tasplus_forecast", _money(t["tasplus_forecast"]), "th")),
            "</tfoot></table>", notes(f, lang),
            f"<h3>{esc(label('Stage-to-stage conversion', lang))}</h3><table>",
            head(lang, "From", "To", "Entered", "Moved on", "Rate", nums=3)]
    for i, c in enumerate(f["conversion"]):
        p = f"{at}.conversion.{i}"
        out.append(row(cell(stage(c["from"], lang)), cell(stage(c["to"], lang)), figure(f"{p}.entered", str(c["entered"])),
                        figure(f"{p}.moved_on", str(c["moved_on"])), figure(f"{p}.rate", pct(c["rate"], "—"))))
    return "".join(out) + "</table>"


def funnel_report(data: dict, view: View) -> str:
    f = data["funnel"]
    title = f"{label('Pipeline', view.lang)} · {scope(data, view.lang)}"
    return page(title, text("report.currency", view.lang, currency=f["currency"]), funnel_section(f, view), view)


# --- the weekly review ------------------------------------------------------------------------

def _curve(series: dict, view: View) -> str:
    """A deal's TAS+ win rate (points) against its classic stage probability (steps)."""
    lang = view.lang
    days = [date.fromisoformat(p["date"]) for p in series["win_rate"]]
    start = min([date.fromisoformat(series["start"]), *days])
    end = max([date.fromisoformat(series["end"]), *days])
    rates = svg.Series(text("report.series.win_rate", lang), tuple(zip(days, (p["win_rate"] for p in series["win_rate"]))))
    steps = svg.Series(text("report.series.stage", lang), tuple(
        (date.fromisoformat(p["date"]), p["probability"]) for p in series["stage_probability"]), step=True)
    title = text("report.curve", lang, code=series["code"])
    return svg.lines([rates, steps], start, end, title, na=text("report.na", lang))


def _deal(i: int, d: dict, series: dict | None, data: dict, view: View) -> str:
    lang, p = view.lang, f"review.deals.{i}"
    facts = [series["account"]] if series else []
    facts += [d["owner"], d["grade"], view.template.label(d["stage"], lang)]
    out = [f'<section class="deal" data-code="{esc(d["code"])}"><h3>{esc(d["code"])} {esc(d["name"])}</h3><p class="meta">',
           " · ".join(esc(x) for x in facts if x),
           f' · <span class="num" data-json="{p}.amount">{esc(_money(d["amount"]))}</span> '
           f'{esc(d.get("currency") or data["currency"])} · {esc(label("Win rate", lang))} '
           f'<span class="num" data-json="{p}.win_rate">{esc(pct(d["win_rate"]))}</span> · '
           f'{esc(label("Probability", lang))} '
           f'<span class="num" data-json="{p}.stage_probability">{esc(pct(d["stage_probability"]))}</span></p>']
    if series:
        out.append(_curve(series, view))
    if d["changes"]:
        out.append(f"<h4>{esc(label('What changed', lang))}</h4><ul>")
        out += [f"<li>{esc(changes.line(c, view))}</li>" for c in d["changes"]]
        out.append("</ul>")
    if d["warnings"]:
        out.append(f"<h4>{esc(label('Warnings and questions', lang))}</h4><ul>")
        for w in d["warnings"]:
            title, detail, question, command = (str(say(w[k], lang)) for k in ("title", "detail", "question",
                                                                             "command"))
            out.append(f'<li><span class="warn">⚠ {esc(title)}</span>{" — " + esc(detail) if detail else ""}'
                       f"<br><q>{esc(question)}</q><br><code>{esc(command)}</code></li>")
        out.append("</ul>")
    return "".join(out) + "</section>"


def _summary(r: dict, lang: str) -> str:
    sm = r["summary"]
    cards = [("Open deals", "open_deals", str(sm["open_deals"])), ("Amount", "amount", _money(sm["amount"])),
             ("Classic forecast (stage-weighted)", "classic_forecast", _money(sm["classic_forecast"])),
             ("TAS+ forecast (win rate)", "tasplus_forecast", _money(sm["tasplus_forecast"]))]
    out = [f"<h2>{esc(label('Summary', lang))}</h2><div class=cards>"]
    out += [f'<div class=card>{esc(label(word, lang))}{figure(f"review.summary.{key}", shown, "b")}</div>'
            for word, key, shown in cards]
    out.append("</div>" + notes({"currency": r["currency"], "rates": sm.get("rates", []),
                                  "left_out": sm.get("left_out", [])}, lang))
    if sm["moved_most"]:
        out.append(f"<h3>{esc(label('Moved most', lang))}</h3><ul>")
        out += [f'<li>{esc(m["code"])} {esc(m["name"])}: <span class="num" data-json="review.summary.moved_most.{i}'
                f'.from">{esc(pct(m["from"]))}</span> → <span class="num" data-json="review.summary.moved_most.{i}.to">'
                f'{esc(pct(m["to"]))}</span></li>' for i, m in enumerate(sm["moved_most"])]
        out.append("</ul>")
    if sm["stage_optimism"]:
        out.append(f'<p>{esc(label("Stage optimism", lang))}: {esc(", ".join(sm["stage_optimism"]))}</p>')
    return "".join(out)


def _reps(r: dict, lang: str) -> str:
    """A team review (``--team``): one line per rep of ``review_view``'s ``reps``, its pipeline and
    counts and the deal most worth discussing."""
    out = [f"<h2>{esc(label('Per rep', lang))}</h2><div class=wide><table>",
           head(lang, "Rep", "Most worth discussing", "Open deals", "Amount", "Classic", "TAS+", "On the agenda",
                "Overdue actions", "Unreviewed surveys", nums=7)]
    for i, rep in enumerate(r["reps"]):
        p, focus = f"review.reps.{i}", rep["focus"]
        out.append(row(cell(rep["name"]), cell(f'{focus["code"]} {focus["name"]}' if focus else "—"),
                       figure(f"{p}.open_deals", str(rep["open_deals"])), figure(f"{p}.amount", _money(rep["amount"])),
                       figure(f"{p}.classic_forecast", _money(rep["classic_forecast"])),
                       figure(f"{p}.tasplus_forecast", _money(rep["tasplus_forecast"])),
                       f'<td class="num">{len(rep["agenda"])}</td>', f'<td class="num">{len(rep["overdue_actions"])}</td>',
                       figure(f"{p}.unreviewed_surveys", str(rep["unreviewed_surveys"]))))
    return "".join(out) + "</table></div>"


def review_report(data: dict, view: View) -> str:
    lang, r = view.lang, data["review"]
    by_code = {s["code"]: s for s in data["series"]}
    body = [_summary(r, lang), _reps(r, lang) if r.get("reps") else "", funnel_section(data["funnel"], view),
            f"<h2>{esc(plural('report.agenda', r['summary']['deals_on_agenda'], lang))}</h2>"]
    if not r["deals"]:
        body.append(f"<p>{esc(label('Nothing to discuss: no important deal changed or carries a warning.', lang))}</p>")
    body += [_deal(i, d, by_code.get(d["code"]), r, view) for i, d in enumerate(r["deals"])]
    if r["summary"]["deals_not_shown"]:
        body.append(f'<p class="note warn">{esc(plural("report.not_shown", r["summary"]["deals_not_shown"], lang))}</p>')
    title = f"{label('Weekly review', lang)} · {scope(data, lang)} · {r['since'][:10]} → {r['until']}"
    return page(title, text("report.currency", lang, currency=r["currency"]), "".join(body), view)


SCREENS = {"review": review_report, "funnel": funnel_report}


def document(data: dict, view: View) -> str:
    """The whole page for ``data["kind"]``: a screen of this module, else ``report(data, view)`` of
    ``render.html_<kind>`` (imported only for that kind: ``html_forecast``, and any kind added later)."""
    screen = SCREENS.get(data["kind"])
    if screen is None:
        from importlib import import_module

        screen = import_module(f"tasplus_cli.render.html_{data['kind']}").report
    return screen(data, view)
