"""The environment a command runs in: database target, config, user, today,
whether it may prompt. One ``Env`` per invocation, set by the root callback;
tests replace it through environment variables, not by mocking internals.

Precedence for the database (CLI.md): ``--db`` > ``TASPLUS_DB`` > the
config's ``database`` > ``<data dir>/tasplus.db``. ``TASPLUS_TODAY`` pins
"today" (scripts, tests, demos recorded for a given date). The config is
read before any session opens, so a bad config file is the same error
whichever database is used.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from tasplus_cli import envvars, messages, paths

if TYPE_CHECKING:
    from sqlmodel import Session

    from tasplus_cli.api import Workspace
    from tasplus_cli.config import Config
    from tasplus_cli.render.view import View
    from tasplus_cli.settings import Settings


@dataclass
class Env:
    db_flag: str | None = None
    no_input_flag: bool = False
    extra: dict = field(default_factory=dict)

    @cached_property
    def config(self) -> Config:
        """The config file, read once; reading it sets the catalogue's language (``TASPLUS_LANG`` first)."""
        from tasplus_cli import config

        cfg = config.load()
        messages.set_language(cfg.language)
        return cfg

    def settle_language(self) -> None:
        """Speak the configured language before the config is otherwise needed (a usage error, a
        missing value). A bad config file is left for the command to report."""
        from tasplus_cli.domain.errors import TasplusError

        try:
            self.config  # noqa: B018
        except TasplusError:
            pass

    @property
    def settings(self) -> Settings:
        return self.config.settings

    @cached_property
    def view(self) -> View:
        from tasplus_cli.cli.output import width
        from tasplus_cli.render.view import View

        s = self.settings
        return View(lang=self.lang, template=s.template, currency=s.currency, width=width(), today=self.today)

    def workspace(self, target: str | None = None) -> Workspace:
        """The API object commands work through: this invocation's database (or ``target``),
        settings, user and today."""
        from tasplus_cli.api import Workspace

        return Workspace(target or paths.database_target(self.db_flag, self.settings.database or None),
                         self.settings, self.user, self.today)

    @property
    def url(self) -> str:
        return self.workspace().url

    @property
    def user(self) -> str:
        """Who is typing (``TASPLUS_USER``, else the config's ``user``, else the login name), one line
        by the text policy: a control character refuses the command, naming the variable or key."""
        from tasplus_cli.domain import text
        from tasplus_cli.messages import msg

        name = self.config.user
        if envvars.user():
            return text.check(name, "TASPLUS_USER", multiline=False,
                              hint=msg("hint.text.variable", name="TASPLUS_USER"))
        return text.check(name, "user", multiline=False)

    @property
    def lang(self) -> str:
        """``en`` or ``zh``: ``TASPLUS_LANG``, else the config's ``language``."""
        return self.config.language

    @property
    def today(self) -> date:
        from tasplus_cli.domain.dates import today_or

        return today_or(envvars.today())

    @property
    def interactive(self) -> bool:
        """May this invocation prompt? Only with stdin and stdout on a terminal, and neither
        ``--no-input`` nor ``TASPLUS_NO_INPUT`` (CLI.md)."""
        if self.no_input_flag or envvars.no_input():
            return False
        return sys.stdin.isatty() and sys.stdout.isatty()

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        self.config  # noqa: B018 - a bad config file fails every command, also when --db/TASPLUS_DB skip it
        with self.workspace().session(write=write) as s:
            yield s


_current: Env | None = None


def set_env(env: Env) -> None:
    global _current
    _current = env


def reset() -> None:
    """A new invocation begins: forget the last one's Env and language (tests and other in-process
    callers run many invocations in one process)."""
    global _current
    _current = None
    messages.set_language(envvars.language() or "en")


def env() -> Env:
    """The current invocation's Env (a default one outside the root callback)."""
    global _current
    if _current is None:
        _current = Env()
    return _current
