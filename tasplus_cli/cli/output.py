"""Where output goes: tables and JSON to stdout, messages to stderr.

``emit`` is the one way a command prints its result: the same data dict feeds
``--json`` and the screen (a ``render/`` function of ``(data, view)``), so the
two cannot disagree. Other formats (markdown, mermaid, html) are further
screens of the same data, chosen by name.

User text never reaches rich as markup: ``cell`` wraps it in ``Text`` so a
customer called ``[bold]Acme[/bold]`` prints as typed. Nor does it reach the terminal
with a control character, an escape code or a bidi override, even when stored by an
older version or another program (``domain.text``): every screen gets its data (and
the values bound to it, such as a title) through ``visible_all`` (each such character
shown as U+FFFD), a string screen (Markdown,
Mermaid) and every message line through ``visible``, and JSON writes them as
``\\uXXXX`` escapes (``json_visible``: the same JSON value). Consoles are made per call so
they follow the streams of the current invocation (CliRunner swaps them).
Colour follows rich's rules: off when not a terminal, with NO_COLOR or
TERM=dumb. The ``error:``, ``hint:`` and ``warning:`` prefixes stay English in
every language (scripts grep them); the sentence after them is the catalogue's.
"""

from __future__ import annotations

import json
import os
import sys
from functools import partial
from typing import Any, Callable, Mapping

from tasplus_cli.domain.text import json_visible, visible, visible_all

PIPE_WIDTH = 160  # rich's 80 columns fold every table when output goes to a file or pipe


def console(stderr: bool = False):  # noqa: ANN201 - rich imported lazily
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    width = None if is_tty or os.environ.get("COLUMNS") else PIPE_WIDTH
    return Console(file=stream, highlight=False, soft_wrap=False, width=width)


def width() -> int:
    """The width tables are laid out for (the terminal's, or PIPE_WIDTH for a file or pipe)."""
    return console().width


def emit_json(data: Any) -> None:
    """Indented for a person at a terminal; compact (and much faster: the C encoder) for a pipe or a
    file. ``data`` is a tree of plain values (the read models never share a container with
    itself), so the encoder skips its cycle check; the text is written as it is, not copied to
    append the newline (``opp list --json`` at 100,000 deals is 59 MB)."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json_visible(json.dumps(data, ensure_ascii=False, indent=indent, default=str,
                                             check_circular=False)))
    sys.stdout.write("\n")


def show(renderable: Any) -> None:
    """Print a rich renderable (or a string, as plain text) on stdout. To a file or a pipe,
    lines carry no trailing padding (rich pads table rows to the layout width)."""
    if isinstance(renderable, str):
        renderable = visible(renderable)
        sys.stdout.write(renderable if renderable.endswith("\n") else renderable + "\n")
        return
    c = console()
    if c.is_terminal:
        c.print(renderable)
        return
    with c.capture() as cap:
        c.print(renderable)
    sys.stdout.write("\n".join(line.rstrip() for line in cap.get().split("\n")))


Screen = Callable[[Any, Any], Any]


def emit(data: Any, screens: Screen | Mapping[str, Screen] | None = None, fmt: str = "table",
         view: Any = None) -> None:
    """Print ``data`` as JSON (``fmt="json"``) or through the screen for ``fmt``.

    ``screens`` is one render function (the table) or a mapping of format name → function;
    ``view`` defaults to this invocation's ``Env.view``."""
    if fmt == "json":
        emit_json(data)
        return
    if screens is None:
        return
    screen = screens.get(fmt) if isinstance(screens, Mapping) else screens if fmt == "table" else None
    if screen is None:
        raise ValueError(f"no {fmt} screen")  # a bug: a command offered a format it cannot render
    if view is None:
        from tasplus_cli.cli.env import env

        view = env().view
    if isinstance(screen, partial):  # a title or a deal name bound to the screen is user text too
        screen = partial(screen.func, *visible_all(screen.args), **visible_all(screen.keywords))
    show(screen(visible_all(data), view))


def info(message: str) -> None:
    """A plain message on stderr (never parsed as markup)."""
    from rich.text import Text

    console(stderr=True).print(Text(visible(message)))


def success(message: str) -> None:
    from rich.text import Text

    console(stderr=True).print(Text("✓ ", style="green") + Text(visible(message)))


def warn(message: str) -> None:
    from rich.text import Text

    console(stderr=True).print(Text("warning: ", style="yellow") + Text(visible(message)))


def error(message: str, hint: str | None = None) -> None:
    from rich.text import Text

    c = console(stderr=True)
    c.print(Text("error: ", style="bold red") + Text(visible(message)), soft_wrap=True)
    if hint:
        c.print(Text("hint: ", style="cyan") + Text(visible(hint)), soft_wrap=True)
