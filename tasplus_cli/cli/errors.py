"""The one place errors become output and exit codes (CLI.md).

``TasplusGroup`` is the root command class: every command runs inside its
``invoke``, so a ``TasplusError`` anywhere prints ``error: …`` and ``hint: …``
on stderr and exits with the error's code. A locked database exits 3. Any
other exception is a bug: one line and a hint, or the traceback with
``TASPLUS_DEBUG=1``.
"""

from __future__ import annotations

import os
from enum import IntEnum

import typer
from typer.core import TyperGroup

from tasplus_cli.domain.errors import TasplusError


class Exit(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    BUSY = 3
    CANCELLED = 130


def _is_locked(exc: BaseException) -> bool:
    return type(exc).__name__ == "OperationalError" and "locked" in str(exc).lower()


class TasplusGroup(TyperGroup):
    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        from tasplus_cli.cli.complete import attach

        attach(self)

    def invoke(self, ctx):  # noqa: ANN001, ANN201
        from tasplus_cli.cli.output import error

        try:
            return super().invoke(ctx)
        except TasplusError as e:
            error(e.message, e.hint)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            error("cancelled; nothing was written")
            raise typer.Exit(Exit.CANCELLED) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as e:  # the last resort for bugs; TASPLUS_DEBUG=1 re-raises with the traceback
            if os.environ.get("TASPLUS_DEBUG"):
                raise
            if _is_locked(e):
                error("the database is busy: another tasplus process is writing to it", "try again in a moment")
                raise typer.Exit(Exit.BUSY) from None
            if type(e).__module__.split(".")[0] == "click" or type(e).__module__.startswith("typer"):
                raise
            error(f"internal error ({type(e).__name__}): {e}".splitlines()[0],
                  "this is a bug in tasplus; rerun with TASPLUS_DEBUG=1 to see the traceback and report it")
            raise typer.Exit(Exit.ERROR) from None
