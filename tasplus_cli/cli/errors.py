"""The one place errors become output and exit codes (CLI.md).

``TasplusGroup`` is the root command class: every command runs inside its
``invoke``, so a ``TasplusError`` anywhere prints ``error: …`` and ``hint: …``
on stderr and exits with the error's code. A locked database exits 3. Any
other exception is a bug: one line and a hint, or the traceback with
``TASPLUS_DEBUG=1``. No argument may be longer than ``MAX_ARGUMENT``
characters (a CSV cell's limit too): a 10 MB note is refused before any
command runs, and no message ever quotes one.
"""

from __future__ import annotations

from enum import IntEnum

import typer
from typer.core import TyperGroup

from tasplus_cli.domain.errors import InvalidValue, TasplusError

MAX_ARGUMENT = 1_000_000  # characters, as csvio.reader.MAX_CELL


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

    def parse_args(self, ctx, args):  # noqa: ANN001, ANN201 - the root sees every argument once
        ctx.meta["tasplus.longest_argument"] = max(map(len, args), default=0)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):  # noqa: ANN001, ANN201
        from tasplus_cli.cli.output import error

        try:
            longest = ctx.meta.get("tasplus.longest_argument", 0)
            if longest > MAX_ARGUMENT:
                raise InvalidValue(f"an argument is {longest:,} characters long (at most {MAX_ARGUMENT:,})",
                                   "shorten it; no name, note or other value may be that long")
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
            from tasplus_cli import envvars

            if envvars.debug():
                raise
            if _is_locked(e):
                error("the database is busy: another tasplus process is writing to it", "try again in a moment")
                raise typer.Exit(Exit.BUSY) from None
            if type(e).__module__.split(".")[0] == "click" or type(e).__module__.startswith("typer"):
                raise
            error(f"internal error ({type(e).__name__}): {e}".splitlines()[0],
                  "this is a bug in tasplus; rerun with TASPLUS_DEBUG=1 to see the traceback and report it")
            raise typer.Exit(Exit.ERROR) from None
