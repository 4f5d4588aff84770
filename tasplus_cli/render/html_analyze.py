"""The analyze page of the shared report (``tasplus report analyze --html FILE``): a pure function
``report(data, view) -> str`` of the dict ``store.analyze.analyze`` returns (the one ``tasplus
analyze --json`` prints), embedded unchanged under ``data["analyze"]``.

What it shows: the closed deals counted (and "not yet meaningful" under ``min_deals``); the
calibration: the Brier scores of the TAS+ win rate and the stage probability side by side at the
close and 30/60/90 days before it (each horizon with deals), one plot per such horizon of both
forecasts' 10-point bins against the diagonal (``svg.calibration``), the bins at the close as
tables; win/loss: per dimension a bar per key (won, lost, abandoned stacked, the win share at the
end) and its table, the competitors with who won when we lost, the lost reasons with every text
as written; velocity: conversion per stage as bars, days per stage (median, then up to the 80th
percentile), the cycle and the close-date slippage.

Invariants (those of ``render.html``): every figure of the dict is in an element with
``data-json="analyze.<path>"``, shown as ``tasplus analyze`` shows it (``--json``'s precision);
a sentence of the terminal's catalogue that carries figures keeps each one marked (``_said``);
every user text (competitor, owner, manager, industry, deal names, lost reasons) goes through
``esc``; the page's words come from the catalogue in ``view.lang``. The one value drawn that
the dict does not hold is the days bar's second segment, the 80th percentile minus the median
(the bar ends at the 80th percentile); its series name says so.
"""

from __future__ import annotations

from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.vocab import STATUS
from tasplus_cli.messages import ids, label, text
from tasplus_cli.render import svg
from tasplus_cli.render.analyze import key_label, num
from tasplus_cli.render.html import cell, figure, head, page, row, scope
from tasplus_cli.render.svg import esc
from tasplus_cli.render.view import View

AT = "analyze"
TOP = 20  # rows of a win/loss dimension shown; the rest are in --json
DIMENSIONS = ("by_competitor", "by_grade", "by_owner", "by_manager", "by_strategy", "by_industry", "by_name")
OPTIONAL = ("by_manager", "by_strategy", "by_industry")  # left out when nothing is recorded


def _share(v: float | None) -> str:
    return pct(v, "—")


def _said(key: str, lang: str, figures: dict[str, tuple[str, str]], **words: object) -> str:
    """The catalogue's sentence ``key`` with each figure placeholder (name → (data-json path,
    shown)) in its own marked element, the rest escaped."""
    sentence = esc(text(key, lang, **{k: f"⟦{k}⟧" for k in figures}, **words))
    for k, (path, shown) in figures.items():
        sentence = sentence.replace(f"⟦{k}⟧", f'<span class="num" data-json="{esc(path)}">{esc(shown)}</span>')
    return sentence


def _counts(at: str, r: dict, keys: tuple[str, ...]) -> list[str]:
    return [figure(f"{at}.{k}", num(r[k])) for k in keys]


# --- calibration -----------------------------------------------------------------------------

def _when(h: int, lang: str) -> str:
    return text("analyze.at_close" if h == 0 else "analyze.before", lang, days=h)


def _plot(i: int, h: dict, lang: str) -> str:
    """Both forecasts' bins at one horizon against the diagonal (empty bins are not drawn)."""
    series = [(text(name, lang), [svg.Bin(b["mean_predicted"], b["win_share"], b["n"]) for b in h[key]["bins"]
                                  if b["n"]])
              for key, name in (("tasplus", "report.series.win_rate"), ("classic", "report.series.stage"))]
    title = text("report.analyze.plot", lang, when=_when(h["days_before"], lang))
    chart = svg.calibration(series, title, text("analyze.col.predicted", lang), text("report.analyze.actual", lang),
                            text("report.analyze.deals", lang))
    return f'<div class="plot" data-horizon="{i}"><h4>{esc(title)}</h4>{chart}</div>'


def _bins(i: int, key: str, title: str, h: dict, lang: str) -> str:
    at = f"{AT}.calibration.horizons.{i}.{key}.bins"
    out = [f"<h3>{esc(text(title, lang))}</h3><table>",
           head(lang, text("analyze.col.predicted", lang), text("analyze.col.mean", lang),
                text("analyze.col.win_share", lang), text("analyze.col.won", lang), "Deals", nums=4)]
    out += [row(cell(b["bin"] + "%"), figure(f"{at}.{j}.mean_predicted", _share(b["mean_predicted"])),
                figure(f"{at}.{j}.win_share", _share(b["win_share"])), figure(f"{at}.{j}.won", str(b["won"])),
                figure(f"{at}.{j}.n", str(b["n"])))
            for j, b in enumerate(h[key]["bins"]) if b["n"]]
    return "".join(out) + "</table>"


def _calibration(cal: dict, lang: str) -> str:
    shown = [(i, h) for i, h in enumerate(cal["horizons"]) if h["deals"] or h["days_before"] == 0]
    out = [f"<h2>{esc(text('report.analyze.calibration', lang))}</h2>",
           f"<h3>{esc(text('analyze.brier_title', lang))}</h3><div class=wide><table>",
           head(lang, "When", "Deals", text("analyze.col.tasplus", lang), "n", text("analyze.col.classic", lang), "n",
                text("analyze.col.same", lang), "n", text("report.analyze.col.na", lang),
                text("report.analyze.col.none", lang), nums=9)]
    for i, h in shown:
        at = f"{AT}.calibration.horizons.{i}"
        cells = [cell(_when(h["days_before"], lang)), figure(f"{at}.deals", str(h["deals"]))]
        for key in ("tasplus", "classic", "classic_same_deals"):
            cells += [figure(f"{at}.{key}.brier", num(h[key]["brier"])), figure(f"{at}.{key}.n", str(h[key]["n"]))]
        cells += [figure(f"{at}.tasplus_na", str(h["tasplus_na"])), figure(f"{at}.tasplus_none", str(h["tasplus_none"]))]
        out.append(row(*cells))
    out += ["</table></div>", f'<p class="note">{esc(text("report.analyze.hindsight", lang))}</p>',
            "<div class=cards>", *(_plot(i, h, lang) for i, h in shown if h["tasplus"]["n"] or h["classic"]["n"]),
            "</div>", f'<p class="note">{esc(text("report.analyze.plot_legend", lang))}</p>']
    if cal["horizons"]:
        close = cal["horizons"][0]
        out += [_bins(0, "tasplus", "analyze.bins_tasplus", close, lang),
                _bins(0, "classic", "analyze.bins_classic", close, lang)]
    return "".join(out)


# --- win/loss --------------------------------------------------------------------------------

def _chart(bars: list[svg.Row], series: list[str], title: str) -> str:
    return svg.bars(bars, series, title, num)


def _dimension(dim: str, rows: list[dict], lang: str) -> str:
    at, title = f"{AT}.winloss.{dim}", text(f"analyze.{dim}", lang)
    kinds = [text(f"analyze.col.{k}", lang) for k in ("won", "lost", "abandoned")]
    bars = [svg.Row(key_label(dim, r["key"], lang), (r["won"], r["lost"], r["abandoned"]), note=_share(r["win_share"]))
            for r in rows[:TOP]]
    words = [text(f"analyze.col.{dim}", lang), "Deals", *kinds] + (["They won"] if dim == "by_competitor" else [])
    out = [f"<h3>{esc(title)}</h3>", _chart(bars, kinds, title), "<table>",
           head(lang, *words, text("analyze.col.win_share", lang), nums=len(words))]
    for i, r in enumerate(rows[:TOP]):
        keys = ("deals", "won", "lost", "abandoned") + (("lost_to",) if dim == "by_competitor" else ())
        out.append(row(cell(key_label(dim, r["key"], lang)), *_counts(f"{at}.{i}", r, keys),
                       figure(f"{at}.{i}.win_share", _share(r["win_share"]))))
    out.append("</table>")
    if len(rows) > TOP:
        out.append(f'<p class="note">{esc(text("analyze.more", lang, n=len(rows) - TOP))}</p>')
    return "".join(out)


def _reason(key: str, lang: str) -> str:
    return text(f"analyze.reason.{key}", lang) if f"analyze.reason.{key}" in ids(lang) else key


def _reasons(rows: list[dict], lang: str) -> str:
    at, title = f"{AT}.winloss.by_lost_reason", text("analyze.by_lost_reason", lang)
    kinds = [text("analyze.col.lost", lang), text("analyze.col.abandoned", lang)]
    bars = [svg.Row(_reason(r["reason"], lang), (r["lost"], r["abandoned"]), note=_share(r["share"])) for r in rows]
    out = [f"<h3>{esc(title)}</h3>", _chart(bars, kinds, title), "<div class=wide><table>",
           head(lang, text("analyze.col.reason", lang), text("report.analyze.col.written", lang), "Deals", *kinds,
                "Share", nums=4)]
    for i, r in enumerate(rows):
        said = "; ".join(f'{x["text"] or text("analyze.none", lang)} ×{x["count"]}' for x in r["texts"])
        out.append(row(cell(_reason(r["reason"], lang)), cell(said),
                       *_counts(f"{at}.{i}", r, ("deals", "lost", "abandoned")),
                       figure(f"{at}.{i}.share", _share(r["share"]))))
    return "".join(out) + "</table></div>"


def _winloss(w: dict, lang: str) -> str:
    out = [f"<h2>{esc(text('report.analyze.winloss', lang))}</h2>"]
    for dim in DIMENSIONS:
        rows = w[dim]
        if not rows or (dim in OPTIONAL and all(r["key"] is None for r in rows)) or (
                dim == "by_name" and max(r["deals"] for r in rows) < 2):
            continue  # nothing recorded, or names that all differ: nothing to group (--json keeps them)
        out.append(_dimension(dim, rows, lang))
        if dim == "by_competitor" and w["head_to_head"]["lost"]:
            at = f"{AT}.winloss.head_to_head"
            out.append('<p class="note">' + _said("analyze.head_to_head", lang, {
                k: (f"{at}.{k}", str(v)) for k, v in w["head_to_head"].items()}) + "</p>")
    if w["by_lost_reason"]:
        out.append(_reasons(w["by_lost_reason"], lang))
    return "".join(out)


# --- velocity --------------------------------------------------------------------------------

def _velocity(v: dict, view: View) -> str:
    lang, stage = view.lang, view.template.label
    at = f"{AT}.velocity"

    def to(key: str) -> str:
        return STATUS.label("won", lang) if key == "won" else stage(key, lang)

    conv = [svg.Row(f"{stage(c['from'], lang)} → {to(c['to'])}", (c["rate"],)) for c in v["conversion"]
            if c["rate"] is not None]
    title = label("Stage-to-stage conversion", lang)
    out = [f"<h2>{esc(text('report.analyze.velocity', lang))}</h2><h3>{esc(title)}</h3>",
           svg.bars(conv, [label("Rate", lang)], title, _share), "<table>",
           head(lang, "From", "To", "Entered", "Moved on", "Rate", nums=3)]
    for i, c in enumerate(v["conversion"]):
        p = f"{at}.conversion.{i}"
        out.append(row(cell(stage(c["from"], lang)), cell(to(c["to"])),
                       *_counts(p, c, ("entered", "moved_on")), figure(f"{p}.rate", _share(c["rate"]))))
    title = text("analyze.days_title", lang)
    days = [svg.Row(stage(s["stage"], lang), (s["median_days"], s["p80_days"] - s["median_days"]))
            for s in v["stages"] if s["n"]]
    series = [text("analyze.col.median", lang), text("report.analyze.beyond_median", lang)]
    out += ["</table>", f"<h3>{esc(title)}</h3>", svg.bars(days, series, title, num),
            f'<p class="note">{esc(text("report.analyze.days_legend", lang))}</p><table>',
            head(lang, "Stage", text("analyze.col.stays", lang), text("analyze.col.median", lang),
                 text("report.analyze.col.p80", lang), text("analyze.col.mean", lang), nums=4)]
    out += [row(cell(stage(s["stage"], lang)),
                *_counts(f"{at}.stages.{i}", s, ("n", "median_days", "p80_days", "mean_days")))
            for i, s in enumerate(v["stages"])]
    out += ["</table>", f"<h3>{esc(text('report.analyze.cycle', lang))}</h3><table>",
            head(lang, "Deals", "n", text("analyze.col.median", lang), text("report.analyze.col.p80", lang),
                 text("analyze.col.mean", lang), nums=4)]
    for k, c in v["cycle"].items():
        if c["n"]:
            who = text("analyze.all_deals", lang) if k == "all" else STATUS.label(k, lang)
            out.append(row(cell(who), *_counts(f"{at}.cycle.{k}", c, ("n", "median_days", "p80_days", "mean_days"))))
    sl, p = v["slippage"], f"{at}.slippage"
    slipped = {"deals": "deals", "slipped": "slipped", "pulled": "pulled_in", "median": "median_days",
               "p80": "p80_days"}
    out += ["</table>", f"<h3>{esc(text('report.analyze.slippage', lang))}</h3>",
            "<p>" + _said("analyze.slippage", lang, {k: (f"{p}.{key}", num(sl[key])) for k, key in slipped.items()})
            + "</p>"]
    return "".join(out)


# --- the page --------------------------------------------------------------------------------

def _subtitle(a: dict, lang: str) -> str:
    f = a["filters"]
    parts = [text("analyze.closed_between", lang, start=f["from"] or "…", end=f["to"] or "…")] if (
        f["from"] or f["to"]) else []
    if f["grade"]:
        parts.append(f"{label('Grade', lang)} {f['grade']}")
    if f["industry"]:
        parts.append(f"{text('analyze.col.by_industry', lang)} {f['industry']}")
    parts.append(text("report.analyze.abandoned_out" if f["exclude_abandoned"] else "report.analyze.abandoned_in",
                      lang))
    return " · ".join(parts)


def _summary(a: dict, lang: str) -> str:
    c = a["closed"]
    cards = [("report.analyze.closed", "deals"), ("analyze.col.won", "won"), ("analyze.col.lost", "lost"),
             ("analyze.col.abandoned", "abandoned")]
    out = ["<div class=cards>"]
    out += [f'<div class=card>{esc(text(word, lang))}{figure(f"{AT}.closed.{k}", str(c[k]), "b")}</div>'
            for word, k in cards]
    out.append("</div>")
    if not a["meaningful"]:
        out.append('<p class="note warn">' + _said("analyze.not_meaningful", lang, {
            "n": (f"{AT}.closed.deals", str(c["deals"])), "min": (f"{AT}.min_deals", str(a["min_deals"]))}) + "</p>")
    return "".join(out)


def report(data: dict, view: View) -> str:
    """The whole analyze page: the counts, then each part the dict holds."""
    lang, a = view.lang, data["analyze"]
    body = [_summary(a, lang)]
    if "calibration" in a:
        body.append(_calibration(a["calibration"], lang))
    if "winloss" in a:
        body.append(_winloss(a["winloss"], lang))
    if "velocity" in a:
        body.append(_velocity(a["velocity"], view))
    title = f"{text('report.analyze.title', lang)} · {scope(data, lang)}"
    return page(title, _subtitle(a, lang), "".join(body), view)
