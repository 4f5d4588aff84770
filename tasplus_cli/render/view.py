"""What a screen needs to know about the reader, beside the data: language,
stage template, home currency, the width to lay tables out for, and today.

``cli/`` builds one ``View`` per invocation (``Env.view``); render functions
take ``(data, view)`` and return a rich renderable or a string. Nothing in
``render/`` reads the environment, the config or the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tasplus_cli.domain.stages import Template


@dataclass(frozen=True)
class View:
    lang: str
    template: Template
    currency: str
    width: int | None = None
    today: date | None = None
