"""The screen of ``tasplus config show``: the effective settings as the TOML
a ``config.toml`` would hold, highlighted (colour only on a terminal).

``data`` is the dict ``--json`` prints: the settings merged with their
defaults, plus the effective ``user`` and ``language``. Keys stay as typed in
the file, in every language: they are what ``config set KEY`` takes.
"""

from __future__ import annotations

from typing import Any


def settings(data: dict, view: Any) -> Any:
    import tomli_w
    from rich.syntax import Syntax

    return Syntax(tomli_w.dumps(data), "toml", theme="ansi_dark", background_color="default")
