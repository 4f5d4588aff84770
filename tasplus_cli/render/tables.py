"""Generic tables of record dicts.

A ``Col`` names the dict key, its English header (translated by ``i18n``)
and how to show the value. Cells are ``Text`` (never markup) and wrap
(``overflow="fold"``) so long Chinese text breaks inside its cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from rich import box
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


def cell(value: Any) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, Text):
        return value
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    return Text(str(value))


def table(rows: list[dict], cols: list[Col], lang: str = "en", title: str | None = None,
          caption: str | None = None) -> Table:
    tbl = Table(title=t(title, lang) if title else None, caption=caption, box=box.SIMPLE_HEAVY,
                header_style="bold", title_justify="left", expand=False)
    for c in cols:
        tbl.add_column(t(c.header, lang), justify=c.justify, style=c.style, overflow="fold", no_wrap=c.no_wrap)
    for r in rows:
        tbl.add_row(*[cell(c.show(r.get(c.key), r) if c.show else r.get(c.key)) for c in cols])
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
