"""Charts as inline SVG strings for the HTML report (``render.html``): pure functions of plain
values, no library, no script, nothing fetched.

- ``bars``: horizontal bars, stacked by series, each row with an optional target mark (the funnel
  by grade class; the forecast against target).
- ``lines``: a 0–100 % chart over days with several series, each drawn as points joined by a line
  or as steps (a deal's TAS+ win rate against its classic stage probability).
- ``calibration``: predicted against actual share, 0–100 % on both axes, the diagonal of a perfect
  forecast, one point per bin sized by its count (``data-p``: its predicted value as given,
  ``data-n``: its count), one series per forecast.

Invariants: every text given (labels, series names, titles, tooltips) is escaped here
(``esc``), in ``<text>`` and ``<title>`` alike, so a caller cannot forget; every data point is
an element with ``class="pt"``, ``data-series`` (the index of its series) and ``data-v`` (its
value as given), with a ``<title>`` tooltip
that says it; the ``<svg>`` carries ``role="img"`` and an ``aria-label``. Colours are inline
attributes (the chart reads the same outside the report's style sheet); a series is also told
apart by its legend entry and tooltip, not by colour alone.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import date
from typing import Callable, Sequence

from tasplus_cli.domain.text import visible

PALETTE = ("#2e7d32", "#0277bd", "#8e24aa", "#ef6c00", "#757575")
INK, GRID, MUTED = "#222", "#ddd", "#666"
FONT = 12


def esc(value: object) -> str:
    """Text or attribute value, escaped for HTML and SVG (quotes included), each control, escape
    or bidi-override character made U+FFFD first (``domain.text.visible``: stored by an older
    version or another program, it would still garble the page)."""
    return html.escape(visible(str(value)), quote=True)


def _num(v: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros."""
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, s: str, anchor: str = "start", size: int = FONT, fill: str = INK,
          extra: str = "") -> str:
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"'
            f'{extra}>{esc(s)}</text>')


def _short(s: str, n: int) -> str:
    """At most ``n`` characters (a CJK character counts two), cut with an ellipsis."""
    out, used = "", 0
    for ch in str(s):
        w = 2 if ord(ch) > 0x2E7F else 1
        if used + w > n:
            return out + "…"
        out, used = out + ch, used + w
    return out


def _width(s: str) -> int:
    """About how wide ``s`` is drawn at the chart's font size, in pixels (a CJK character: 12)."""
    return sum(12 if ord(ch) > 0x2E7F else 7 for ch in str(s))


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{esc(label)}"><title>{esc(label)}</title>'
            + "".join(body) + "</svg>")


def _legend(names: Sequence[str], x: float, y: float, dashed: Sequence[bool] = (), mark: str = "") -> list[str]:
    """A swatch and name per series (a dashed line for a dashed series), then ``mark``'s entry
    (the target mark: a short upright bar) if given."""
    out = []
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        if i < len(dashed) and dashed[i]:
            out.append(f'<line x1="{_num(x)}" y1="{_num(y - 4)}" x2="{_num(x + 14)}" y2="{_num(y - 4)}" '
                       f'stroke="{colour}" stroke-width="2" stroke-dasharray="4 3"/>')
        else:
            out.append(f'<rect x="{_num(x)}" y="{_num(y - 10)}" width="12" height="12" fill="{colour}"/>')
        out.append(_text(x + 18, y, name))
        x += 30 + _width(name)
    if mark:
        out += [f'<line x1="{_num(x + 5)}" y1="{_num(y - 12)}" x2="{_num(x + 5)}" y2="{_num(y + 2)}" stroke="{INK}" '
                f'stroke-width="3"/>', _text(x + 14, y, mark)]
    return out


@dataclass(frozen=True)
class Row:
    """One bar: its label, one value per series (stacked), an optional target, and an optional
    note said after the row's total (the forecast's coverage)."""

    label: str
    values: tuple[float, ...]
    target: float | None = None
    note: str = ""


def bars(rows: Sequence[Row], series: Sequence[str], title: str, shown: Callable[[float], str] = str,
         target_name: str = "", width: int = 640) -> str:
    """Horizontal stacked bars scaled to the largest row total or target; ``shown`` formats a
    value for the tooltips and the total at the end of each row (then the row's note, if any)."""
    ends = [shown(sum(r.values)) + (f" · {r.note}" if r.note else "") for r in rows]
    label_w, right_w, row_h, top = 150, max([110, *(_width(e) + 12 for e in ends)]), 26, 34
    plot_w = width - label_w - right_w
    height = top + row_h * max(len(rows), 1) + 10
    top_value = max([sum(r.values) for r in rows] + [r.target or 0 for r in rows] + [0]) or 1
    body = _legend(series, label_w, 16, mark=target_name if any(r.target is not None for r in rows) else "")
    for i, r in enumerate(rows):
        y = top + i * row_h
        body.append(_text(label_w - 8, y + 15, _short(r.label, 22), "end"))
        x = float(label_w)
        for k, v in enumerate(r.values):
            w = plot_w * v / top_value
            body.append(f'<rect class="pt" data-series="{k}" data-v="{esc(v)}" x="{_num(x)}" y="{y + 3}" width="{_num(w)}" '
                        f'height="{row_h - 8}" fill="{PALETTE[k % len(PALETTE)]}">'
                        f'<title>{esc(f"{r.label} · {series[k]}: {shown(v)}")}</title></rect>')
            x += w
        body.append(_text(x + 6, y + 15, ends[i], fill=MUTED))
        if r.target is not None:
            tx = label_w + plot_w * r.target / top_value
            body.append(f'<line class="target" data-v="{esc(r.target)}" x1="{_num(tx)}" y1="{y}" x2="{_num(tx)}" '
                        f'y2="{y + row_h - 2}" stroke="{INK}" stroke-width="3">'
                        f'<title>{esc(f"{r.label} · {target_name}: {shown(r.target)}")}</title></line>')
    return _svg(width, height, title, body)


@dataclass(frozen=True)
class Series:
    """A named list of (day, value %) points; ``step``: held until the next point (and to the
    chart's end), else points joined by a line; a None value is shown as n/a, not drawn."""

    name: str
    points: tuple[tuple[date, float | None], ...]
    step: bool = False


def lines(series: Sequence[Series], start: date, end: date, title: str, na: str = "n/a",
          width: int = 640, height: int = 220) -> str:
    """A 0–100 % chart from ``start`` to ``end`` (days); points outside are clamped to it."""
    left, right, top, bottom = 44, 16, 30, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max((end - start).days, 1)

    def px(d: date) -> float:
        return left + plot_w * min(max((d - start).days, 0), span) / span

    def py(v: float) -> float:
        return top + plot_h * (1 - min(max(v, 0), 100) / 100)

    body = _legend([s.name for s in series], left, 16, [s.step for s in series])
    for v in (0, 25, 50, 75, 100):
        body.append(f'<line x1="{left}" y1="{_num(py(v))}" x2="{width - right}" y2="{_num(py(v))}" '
                    f'stroke="{GRID}"/>')
        body.append(_text(left - 6, py(v) + 4, f"{v}%", "end", 10, MUTED))
    body += [_text(left, height - 8, start.isoformat(), "start", 10, MUTED),
             _text(width - right, height - 8, end.isoformat(), "end", 10, MUTED)]
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        known = [(d, v) for d, v in s.points if v is not None]
        if s.step and known:
            path = f"M{_num(px(known[0][0]))} {_num(py(known[0][1]))}"
            for d, v in known[1:]:
                path += f" H{_num(px(d))} V{_num(py(v))}"
            path += f" H{_num(px(end))}"
            body.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2" '
                        f'stroke-dasharray="5 4"/>')
        elif len(known) > 1:
            pts = " ".join(f"{_num(px(d))},{_num(py(v))}" for d, v in known)
            body.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for d, v in s.points:
            tip = esc(f"{s.name} · {d.isoformat()}: {na if v is None else f'{_num(v)}%'}")
            if v is None:
                body.append(f'<text class="na" x="{_num(px(d))}" y="{_num(py(0) - 3)}" font-size="10" '
                            f'fill="{MUTED}" text-anchor="middle">×<title>{tip}</title></text>')
            else:
                body.append(f'<circle class="pt" data-series="{k}" data-v="{esc(v)}" cx="{_num(px(d))}" cy="{_num(py(v))}" '
                            f'r="{2.5 if s.step else 3.5}" fill="{colour}"><title>{tip}</title></circle>')
    return _svg(width, height, title, body)


@dataclass(frozen=True)
class Bin:
    """One calibration bin: the average predicted %, the actual share won %, how many deals."""

    predicted: float
    actual: float
    count: int


def calibration(series: Sequence[tuple[str, Sequence[Bin]]], title: str, predicted: str, actual: str,
                deals: str = "deals", size: int = 360) -> str:
    """Predicted (x) against actual (y), 0–100 %, with the diagonal; a point's area grows with
    its count. ``predicted``, ``actual`` and ``deals`` are the axis and tooltip words."""
    left, top, pad = 44, 30, 30
    plot = size - left - pad
    height = top + plot + pad + 4

    def at(v: float) -> float:
        return min(max(v, 0), 100) / 100 * plot

    body = _legend([name for name, _ in series], left, 16)
    for v in (0, 25, 50, 75, 100):
        body += [f'<line x1="{left}" y1="{_num(top + plot - at(v))}" x2="{left + plot}" '
                 f'y2="{_num(top + plot - at(v))}" stroke="{GRID}"/>',
                 _text(left - 6, top + plot - at(v) + 4, f"{v}%", "end", 10, MUTED),
                 _text(left + at(v), top + plot + 14, f"{v}%", "middle", 10, MUTED)]
    body.append(f'<line class="diagonal" x1="{left}" y1="{top + plot}" x2="{left + plot}" y2="{top}" '
                f'stroke="{MUTED}" stroke-dasharray="4 4"/>')
    body += [_text(left + plot / 2, height - 2, predicted, "middle", 11, MUTED),
             _text(12, top + plot / 2, actual, "middle", 11, MUTED,
                   f' transform="rotate(-90 12 {_num(top + plot / 2)})"')]
    most = max((b.count for _, bins in series for b in bins), default=1) or 1
    for k, (name, bins) in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        for b in bins:
            r = 3 + 7 * math.sqrt(b.count / most)
            tip = esc(f"{name}: {predicted} {_num(b.predicted)}% · {actual} {_num(b.actual)}% · {b.count} {deals}")
            body.append(f'<circle class="pt" data-series="{k}" data-v="{esc(b.actual)}" data-p="{esc(b.predicted)}" '
                        f'data-n="{b.count}" cx="{_num(left + at(b.predicted))}" '
                        f'cy="{_num(top + plot - at(b.actual))}" r="{_num(r)}" fill="{colour}" '
                        f'fill-opacity="0.75"><title>{tip}</title></circle>')
    return _svg(size, height, title, body)
