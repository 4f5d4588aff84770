"""The screen of ``tasplus analyze``: the ``store.analyze.analyze`` dict as tables with bars
drawn in block characters, legible at 80 columns and without colour (bars are characters,
the predicted mark is ``┃``). Every word in ``view.lang``; user text (names, reasons) is
shown as typed. Win/loss tables show the ``TOP`` largest rows and say how many more the
JSON holds.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tasplus_cli.domain.vocab import GRADES, STATUS, STRATEGY
from tasplus_cli.messages import label as t
from tasplus_cli.messages import ids, text
from tasplus_cli.render.view import View

BAR = 20
TOP = 10
WHEN = {0: "analyze.at_close", 30: "analyze.before", 60: "analyze.before", 90: "analyze.before"}


def _bar(share: float | None, mark: float | None = None, width: int = BAR) -> Text:
    """``share`` (0–100) filled with █ over ``width`` cells of ·, ``mark`` (0–100) as ┃."""
    if share is None:
        return Text("")
    cells = ["█" if i < round(share / 100 * width) else "·" for i in range(width)]
    if mark is not None:
        cells[min(width - 1, int(mark / 100 * width))] = "┃"
    return Text("".join(cells), style="green")


def _c(key: str, lang: str) -> str:
    return text(f"analyze.col.{key}", lang)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:g}%"


def num(v: float | int | None) -> str:
    return "—" if v is None else f"{v:g}"


def _table(title: str, heads: list[tuple[str, str]]) -> Table:
    """A borderless table; its title is printed by ``_titled`` as a line of its own (a table's own
    title wraps at the table's width, which is narrow)."""
    tbl = Table(box=None, padding=(0, 1))
    tbl.heading = title
    for head, just in heads:
        tbl.add_column(head, justify=just, no_wrap=just == "right")
    return tbl


def _titled(tbl: Table) -> Group:
    return Group(Text(tbl.heading, style="bold"), tbl)


def _summary(data: dict, lang: str) -> list[Text]:
    c, f = data["closed"], data["filters"]
    line = text("analyze.summary", lang, deals=c["deals"], won=c["won"], lost=c["lost"], abandoned=c["abandoned"])
    if f["from"] or f["to"]:
        line += " · " + text("analyze.closed_between", lang, start=f["from"] or "…", end=f["to"] or "…")
    out = [Text(line, style="bold")]
    if not data["meaningful"]:
        out.append(Text(text("analyze.not_meaningful", lang, n=c["deals"], min=data["min_deals"]), style="yellow"))
    return out


def _when(h: int, lang: str) -> str:
    return text(WHEN[h], lang, days=h)


def _calibration(cal: dict, lang: str) -> list:
    tbl = _table(text("analyze.brier_title", lang), [(t("When", lang), "left"), (_c("tasplus", lang), "right"),
                                                     (_c("classic", lang), "right"),
                                                     (_c("same", lang), "right")])
    for h in cal["horizons"]:
        tp, cl, same = h["tasplus"], h["classic"], h["classic_same_deals"]
        tbl.add_row(_when(h["days_before"], lang), f"{num(tp['brier'])} (n {tp['n']})",
                    f"{num(cl['brier'])} (n {cl['n']})", f"{num(same['brier'])} (n {same['n']})")
    at_close = cal["horizons"][0]
    out: list = [_titled(tbl)]
    if at_close["tasplus_na"] or at_close["tasplus_none"]:
        out.append(Text("  " + text("analyze.na", lang, na=at_close["tasplus_na"], none=at_close["tasplus_none"]),
                        style="dim"))
    for key, title in (("tasplus", "analyze.bins_tasplus"), ("classic", "analyze.bins_classic")):
        bins = _table(text(title, lang), [(_c("predicted", lang), "left"), (_c("mean", lang), "right"),
                                          (_c("won", lang), "right"), (t("Deals", lang), "right"), ("", "left")])
        for b in at_close[key]["bins"]:
            if b["n"]:
                bins.add_row(b["bin"] + "%", _pct(b["mean_predicted"]), _pct(b["win_share"]), str(b["n"]),
                             _bar(b["win_share"], b["mean_predicted"]))
        out += [Text(""), _titled(bins)]
    out.append(Text("  " + text("analyze.bins_legend", lang), style="dim"))
    return out


def key_label(dim: str, key: object, lang: str) -> str:
    if key is None:
        return text("analyze.none", lang)
    vocab = {"by_grade": GRADES, "by_strategy": STRATEGY}.get(dim)
    return vocab.label(str(key), lang) if vocab and str(key) in vocab.keys else str(key)


def _dimension(dim: str, rows: list[dict], lang: str) -> Table | None:
    if not rows:
        return None  # nothing recorded in this dimension (by_name: no name shared by two deals)
    heads = [(_c(dim, lang), "left"), (t("Deals", lang), "right"),
             (_c("won", lang), "right"), (_c("lost", lang), "right")]
    if dim == "by_competitor":
        heads.append((t("They won", lang), "right"))
    heads += [(_c("win_share", lang), "right"), ("", "left")]
    tbl = _table(text(f"analyze.{dim}", lang), heads)
    for r in rows[:TOP]:
        cells = [Text(key_label(dim, r["key"], lang)), str(r["deals"]), str(r["won"]), str(r["lost"])]
        if dim == "by_competitor":
            cells.append(str(r["lost_to"]))
        tbl.add_row(*cells, _pct(r["win_share"]), _bar(r["win_share"], width=10))
    if len(rows) > TOP:
        tbl.add_row(Text(text("analyze.more", lang, n=len(rows) - TOP), style="dim"))
    return tbl


def _reasons(rows: list[dict], lang: str) -> Table | None:
    if not rows:
        return None
    tbl = _table(text("analyze.by_lost_reason", lang), [(_c("reason", lang), "left"), (_c("lost", lang), "right"),
                                                        (_c("abandoned", lang), "right"), (t("Share", lang), "right"),
                                                        (_c("most_said", lang), "left")])
    for r in rows:
        said = next((x["text"] for x in r["texts"] if x["text"]), "")
        known = f"analyze.reason.{r['reason']}" in ids(lang)  # the default reasons; others as configured
        tbl.add_row(text(f"analyze.reason.{r['reason']}", lang) if known else Text(r["reason"]),
                    str(r["lost"]), str(r["abandoned"]), _pct(r["share"]), Text(said[:40]))
    return tbl


def _winloss(w: dict, lang: str) -> list:
    out: list = []
    for dim in ("by_competitor", "by_grade", "by_owner", "by_manager", "by_strategy", "by_industry", "by_name"):
        rows = w[dim]
        if dim in ("by_manager", "by_industry", "by_strategy") and all(r["key"] is None for r in rows):
            continue
        tbl = _dimension(dim, rows, lang)
        if tbl is not None:
            out += [_titled(tbl), Text("")]
    h = w["head_to_head"]
    if h["lost"]:
        out.append(Text("  " + text("analyze.head_to_head", lang, **h), style="dim"))
    reasons = _reasons(w["by_lost_reason"], lang)
    if reasons is not None:
        out += [Text(""), _titled(reasons)]
    return out


def _velocity(v: dict, view: View) -> list:
    lang, stage = view.lang, view.template.label
    conv = _table(t("Stage-to-stage conversion", lang), [(t("From", lang), "left"), (t("To", lang), "left"),
                                                        (t("Entered", lang), "right"), (t("Moved on", lang), "right"),
                                                        (t("Rate", lang), "right"), ("", "left")])
    for c in v["conversion"]:
        to = STATUS.label("won", lang) if c["to"] == "won" else stage(c["to"], lang)
        conv.add_row(Text(stage(c["from"], lang)), Text(to), str(c["entered"]), str(c["moved_on"]), _pct(c["rate"]),
                     _bar(c["rate"], width=10))
    days = _table(text("analyze.days_title", lang), [(t("Stage", lang), "left"), (_c("stays", lang), "right"),
                                                    (_c("median", lang), "right"), ("P80", "right"), ("", "left")])
    top = max((s["p80_days"] or 0 for s in v["stages"]), default=0) or 1
    for s in v["stages"]:
        bar = Text("█" * round((s["median_days"] or 0) / top * BAR) + "░" * (
            round((s["p80_days"] or 0) / top * BAR) - round((s["median_days"] or 0) / top * BAR)), style="cyan")
        days.add_row(Text(stage(s["stage"], lang)), str(s["n"]), num(s["median_days"]), num(s["p80_days"]), bar)
    lines = [Text("  " + text("analyze.days_legend", lang), style="dim"), Text("")]
    for k in ("all", "won", "lost", "abandoned"):
        c = v["cycle"][k]
        if c["n"]:
            who = text("analyze.all_deals", lang) if k == "all" else STATUS.label(k, lang)
            lines.append(Text(text("analyze.cycle", lang, who=who, n=c["n"], median=num(c["median_days"]),
                                   p80=num(c["p80_days"]), mean=num(c["mean_days"]))))
    sl = v["slippage"]
    lines.append(Text(text("analyze.slippage", lang, deals=sl["deals"], slipped=sl["slipped"],
                           pulled=sl["pulled_in"], median=num(sl["median_days"]), p80=num(sl["p80_days"]))))
    return [_titled(conv), Text(""), _titled(days), *lines]


def analysis(data: dict, view: View) -> Group:
    """The whole screen: the summary, then each section the dict holds."""
    lang = view.lang
    parts: list = _summary(data, lang)
    if "calibration" in data:
        parts += [Text(""), *_calibration(data["calibration"], lang)]
    if "winloss" in data:
        parts += [Text(""), *_winloss(data["winloss"], lang)]
    if "velocity" in data:
        parts += [Text(""), *_velocity(data["velocity"], view)]
    return Group(*parts)
