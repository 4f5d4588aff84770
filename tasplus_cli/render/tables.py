"""Generic tables of record dicts.

A ``Col`` names the dict key, its English header (translated by ``i18n``)
and how to show the value. Cells are ``Text`` (never markup) and wrap
(``overflow="fold"``) so long Chinese text breaks inside its cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from tasplus_cli.render.i18n import t


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    show: Callable[[Any, dict], str] | None = None
    justify: str = "left"
    style: str | None = None
    no_wrap: bool = False
    min_width: int | None = None  # a wrapping column never gets narrower than this
    drop: int = 0  # when the terminal is too narrow, columns with the highest ``drop`` go first (0: never)


def cell(value: Any) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, Text):
        return value
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    return Text(str(value))


def table(rows: list[dict], cols: list[Col], lang: str = "en", title: str | None = None,
          caption: str | None = None, width: int | None = None) -> Table:
    """A table of ``rows``; given the terminal ``width``, droppable columns are hidden (and the
    caption says which) until the unbreakable ones and the minimum widths fit."""
    cells = [[cell(c.show(r.get(c.key), r) if c.show else r.get(c.key)) for c in cols] for r in rows]
    keep = list(range(len(cols)))
    hidden = []
    if width:
        def need(i: int) -> int:
            c = cols[i]
            head = cell_len(t(c.header, lang))
            if c.no_wrap:
                return max([head] + [row[i].cell_len for row in cells]) + 3
            return max(head, c.min_width or 4) + 3
        for i in sorted((i for i, c in enumerate(cols) if c.drop), key=lambda i: -cols[i].drop):
            if sum(need(k) for k in keep) <= width:
                break
            keep.remove(i)
            hidden.append(t(cols[i].header, lang))
    if hidden:
        note = ("隐藏的列: " if lang == "zh" else "hidden columns: ") + ", ".join(hidden) + (
            "（加宽终端或用 --json）" if lang == "zh" else " (widen the terminal or use --json)")
        caption = f"{caption}\n{note}" if caption else note
    tbl = Table(title=t(title, lang) if title else None, caption=caption, box=box.SIMPLE_HEAVY,
                header_style="bold", title_justify="left", expand=False)
    for i in keep:
        c = cols[i]
        tbl.add_column(t(c.header, lang), justify=c.justify, style=c.style, overflow="fold", no_wrap=c.no_wrap,
                       min_width=c.min_width)
    for row in cells:
        tbl.add_row(*[row[i] for i in keep])
    return tbl


def fields(pairs: list[tuple[str, Any]], lang: str = "en", title: str | None = None) -> Table:
    """A two-column key/value panel for ``show`` commands."""
    tbl = Table(title=t(title, lang) if title else None, box=None, show_header=False, title_justify="left",
                padding=(0, 1))
    tbl.add_column(style="bold", no_wrap=True)
    tbl.add_column(overflow="fold")
    for k, v in pairs:
        tbl.add_row(Text(t(k, lang)), cell(v))
    return tbl
