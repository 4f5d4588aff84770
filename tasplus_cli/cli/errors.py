"""The one place errors become output and exit codes (CLI.md).

The root command runs the whole invocation inside ``reported()``, so a
``TasplusError`` anywhere prints ``error: …`` and ``hint: …`` on stderr and exits
with the error's code; a usage error (unknown option, bad number, option
without its value) is an ``error:``/``hint:`` pair too, exit 2; Ctrl-C exits
130; a locked database exits 3. A reader that closes the pipe early
(``tasplus opp list | head -1``, ``… | true``) is a quiet exit 0, whether the
output fitted in the pipe's buffer or not: stdout is pointed at ``/dev/null``
as the Python docs recommend, and ``close_stdout`` does the same for the last
flush at exit. Any other exception is a bug: one line and a hint, or the
traceback with ``TASPLUS_DEBUG=1``.

The ``error:``/``hint:``/``warning:`` prefixes stay English in every language
(scripts and CI logs grep them); the sentence after them is the catalogue's.
No argument may be longer than ``MAX_ARGUMENT`` characters (a CSV cell's limit
too): a 10 MB note is refused before any command runs, and no message ever
quotes one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import Any

import typer
from typer._click.exceptions import BadOptionUsage, BadParameter, ClickException, NoSuchOption, UsageError

from tasplus_cli.cli.env import env
from tasplus_cli.domain.errors import InvalidValue, TasplusError
from tasplus_cli.messages import msg

MAX_ARGUMENT = 1_000_000  # characters, as csvio.reader.MAX_CELL


class Exit(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    BUSY = 3
    CANCELLED = 130


def _is_locked(exc: BaseException) -> bool:
    return type(exc).__name__ == "OperationalError" and "locked" in str(exc).lower()


def check_length(longest: int) -> None:
    if longest > MAX_ARGUMENT:
        env().settle_language()
        raise InvalidValue(msg("error.shell.argument_too_long", length=f"{longest:,}", max=f"{MAX_ARGUMENT:,}"),
                           msg("hint.shell.argument_too_long"))


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so nothing more is written to a pipe nobody reads."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a test's captured stream: nothing to redirect
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def close_stdout() -> None:
    """The last flush of stdout at exit; a reader gone by then is not an error."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def short(value: Any, width: int = 60) -> str:
    """A value quoted in a message: at most ``width`` characters of it."""
    text = str(value)
    return text if len(text) <= width else text[:width] + "…"


def _bad_value(e: BadParameter) -> str:
    """A bad option or argument value, in the catalogue's words where Typer says why in a known way."""
    from tasplus_cli.cli.command import flag

    name = flag(e.param) if e.param is not None else "?"
    errors = getattr(e.__cause__, "errors", None)  # Typer ≥ 0.29 validates through pydantic
    first = errors()[0] if callable(errors) and errors() else {}
    kind, value, limits = first.get("type"), short(first.get("input")), first.get("ctx") or {}
    if kind in ("int_parsing", "int_from_float"):
        return msg("error.shell.not_whole", name=name, value=value)
    if kind == "float_parsing":
        return msg("error.shell.not_number", name=name, value=value)
    if kind in ("greater_than_equal", "greater_than"):
        return msg("error.shell.too_small", name=name, value=value, limit=limits.get("ge", limits.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return msg("error.shell.too_big", name=name, value=value, limit=limits.get("le", limits.get("lt")))
    return msg("error.shell.invalid", name=name, reason=e.message)


def usage(e: UsageError) -> tuple[str, str]:
    """The ``error:`` and ``hint:`` lines of a Click usage error."""
    from tasplus_cli.cli.command import help_hint

    command = e.ctx.command_path if e.ctx is not None else "tasplus"
    if isinstance(e, NoSuchOption):
        message = msg("error.shell.no_such_option", option=e.option_name)
        if e.possibilities:
            return message, msg("hint.shell.did_you_mean", words=", ".join(sorted(e.possibilities)), command=command)
        return message, msg("hint.shell.see_help", command=command)
    if isinstance(e, BadOptionUsage) and "requires an argument" in e.message:
        return msg("error.shell.needs_value", option=e.option_name), help_hint(e.ctx)
    if isinstance(e, BadParameter):
        return _bad_value(e), msg("hint.shell.see_help", command=command)
    return e.format_message(), msg("hint.shell.see_help", command=command)


def _stop(message: str, hint: str | None, code: int) -> typer.Exit:
    from tasplus_cli.cli.output import error

    error(message, hint)
    return typer.Exit(code)


@contextmanager
def reported() -> Iterator[None]:
    """Run a command; whatever it raises becomes output and an exit code, once, here."""
    try:
        yield
    except TasplusError as e:
        raise _stop(e.message, e.hint, e.exit_code) from None
    except UsageError as e:
        env().settle_language()
        raise _stop(*usage(e), Exit.USAGE) from None
    except ClickException as e:  # not a usage error: Click's own message
        raise _stop(e.format_message(), None, e.exit_code) from None
    except KeyboardInterrupt:
        raise _stop(msg("error.shell.cancelled"), None, Exit.CANCELLED) from None
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(Exit.OK) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as e:  # the last resort for bugs; TASPLUS_DEBUG=1 re-raises with the traceback
        from tasplus_cli import envvars

        if envvars.debug():
            raise
        raise _last_resort(e) from None


def _last_resort(e: Exception) -> typer.Exit:
    if _is_locked(e):
        return _stop(msg("error.shell.busy"), msg("hint.shell.busy"), Exit.BUSY)
    detail = (str(e).splitlines() or [""])[0]
    return _stop(msg("error.shell.internal", kind=type(e).__name__, detail=detail), msg("hint.shell.internal"),
                 Exit.ERROR)
