"""What ``tasplus demo`` shows: the demo company's pipeline and its weekly
review, then the commands to explore it.

``demo(data, view)`` lays out ``data["deals"]`` (the rows of ``opp list``)
with ``render.deals.pipeline`` and ``data["review"]`` (the data of
``review``) with ``render.review.document``. ``explore(path, lang)`` gives the
lines to try next: a heading, then one command per line, each pointing at the
demo database with ``--db`` and shell-quoted (``messages.command``), so any one
line runs as pasted, alone, in any order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Group

from tasplus_cli.messages import command, text
from tasplus_cli.render.deals import pipeline
from tasplus_cli.render.review import document

# the screens a newcomer should see next, on the deal the demo tells the story of
EXPLORE = (("review", "--owner", "张伟"), ("forecast", "--team", "王磊"), ("coach", "list", "--open"), ("funnel",),
           ("map", "OPP-0004"), ("winrate", "OPP-0004"), ("plan", "OPP-0004"))


def demo(data: dict, view: Any) -> Group:
    return Group(pipeline(data["deals"], view), document(data["review"], view))


def explore(path: Path | str, lang: str) -> list[str]:
    """``Explore it:`` and one ``tasplus --db PATH …`` line per command, indented."""
    return [text("setup.explore", lang)] + [f"  {command('--db', path, *words)}" for words in EXPLORE]
