"""The command classes every ``tasplus`` command is built from (set once by ``adopt``).

- ``TasplusCommand`` (every leaf command): readable metavars in help and usage
  (``OPP``, ``TEXT``, ``DATE``, ``N``: from the parameter's name, else its type),
  and the missing-value rule of CLI.md: a required argument or option left out is
  asked for when stdin and stdout are terminals (and neither ``--no-input`` nor
  ``TASPLUS_NO_INPUT``), otherwise it is an ``error:`` naming the flag with a
  ``hint:`` quoting the command's own example (exit 2). Unexpected extra
  arguments are an ``error:`` too. Every text value (option or argument, typed
  or answered at a prompt) obeys the text policy of ``domain.text`` before the
  command runs (``police``): a control character, an escape code or a bidi
  override is an ``error:`` naming the flag (exit 2), so no command needs its own check.
- ``ShellGroup`` (every group): with no arguments it prints its help on stdout
  and exits 0 (``tasplus``, ``tasplus opp``); an unknown command or a missing
  one is an ``error:`` with a "did you mean" hint (exit 2).
- ``TasplusGroup`` (the root): runs the whole invocation inside ``errors.reported``,
  so every error of every command comes out one way (see ``cli/errors.py``); its
  own options (``--db``) obey the text policy too.

Typer internals this module relies on (Typer is pinned ``<0.30`` in pyproject.toml):
``typer.core.TyperCommand``/``TyperGroup`` (documented as bases for a custom ``cls``),
the ``cls`` attribute of ``Typer.registered_commands``/``registered_groups`` entries,
``TyperParameter.type_descriptor`` (0.29: the annotation behind a metavar) and the
exceptions of ``typer._click.exceptions``. If one moves, tests/cli/test_help.py and
tests/cli/test_shell_*.py fail rather than the help silently changing.
"""

from __future__ import annotations

import difflib
import re
from pathlib import PurePath
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any, get_args, get_origin

import typer
from typer._click.exceptions import MissingParameter, UsageError
from typer.core import TyperCommand, TyperGroup
from typer.models import DefaultPlaceholder

from tasplus_cli.cli.env import env, reset
from tasplus_cli.cli.errors import check_length, reported, short
from tasplus_cli.domain import text
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg, plural

# metavar by parameter name: the kind of value, where the name says it
BY_NAME = {
    "opp": "OPP", "account": "ACCOUNT", "contact": "CONTACT", "with_": "CONTACT", "reports_to": "CONTACT",
    "source_contact": "CONTACT", "competitor": "COMPETITOR", "amount": "AMOUNT", "stage": "STAGE", "to": "STAGE",
    "stage_owner": "STAGE", "grade": "GRADE", "set_": "GRADE", "date": "DATE", "on": "DATE", "since": "DATE",
    "close_date": "DATE", "close_before": "DATE", "deadline": "DATE", "tender_issued": "DATE",
    "contract_signed": "DATE", "day": "DATE",
}
BY_TYPE = {int: "N", float: "NUMBER"}


def _annotation(param: Any) -> Any:
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", str)
    return get_args(annotation)[0] if get_origin(annotation) is list else annotation


def metavar(param: Any) -> str:
    """The readable placeholder of ``param``: its own, else derived (arguments: the name in capitals)."""
    if param.metavar:
        return param.metavar
    if param.param_type_name == "argument":
        return param.name.rstrip("_").upper()
    if getattr(getattr(param, "type_descriptor", None), "is_path", False):
        return "PATH"
    return BY_NAME.get(param.name) or BY_TYPE.get(_annotation(param), "TEXT")


def flag(param: Any) -> str:
    """How a message names ``param``: its longest option (``--account``) or its metavar (``NAME``)."""
    if param.param_type_name == "option":
        return max(param.opts, key=len)
    return metavar(param)


def _first_sentence(words: str | None) -> str:
    """Up to the first full stop that ends a sentence (not the one of "e.g. 6000000")."""
    words = " ".join((words or "").split())
    end = re.search(r"\.\s+(?=[A-Z(])", words)
    return words[:end.start() + 1] if end else words


def police(ctx: Any) -> None:
    """Every text value in ``ctx.params`` (one, or each of a repeated option; a path's name too) by
    ``domain.text.check``, under its flag: multi-line when the parameter's name is (``--notes``), else
    one line. A refusal is an ``InvalidValue`` in the configured language; a multi-line value's CR LF
    becomes LF."""
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        many = isinstance(value, (list, tuple))
        items = list(value) if many else [value]
        if not any(isinstance(v, (str, PurePath)) for v in items):
            continue
        lines = text.is_multiline(param.name)
        if any(text.bad_character(str(v).replace("\r\n", "\n"), lines) for v in items if v is not None):
            env().settle_language()  # the refusal below speaks the configured language
        checked = [_checked(v, flag(param), lines) for v in items]
        ctx.params[param.name] = type(value)(checked) if many else checked[0]


def _checked(value: Any, name: str, lines: bool) -> Any:
    if isinstance(value, PurePath):  # a file name is one line; the path itself is passed on
        text.check(str(value), name, multiline=False)
        return value
    return text.check(value, name, lines) if isinstance(value, str) else value


def example(cmd: Any) -> str | None:
    """The first example of a command's help (``Example: tasplus opp new …``), or None."""
    for line in (cmd.help or "").splitlines():
        head, sep, rest = line.strip().partition(":")
        if sep and head in ("Example", "Examples") and rest.strip():
            return rest.split(" · ")[0].strip()
    return None


def help_hint(ctx: Any) -> str:
    """``see tasplus opp new --help``, or the command's example when it has one."""
    found = example(ctx.command) if ctx is not None else None
    if found:
        return msg("hint.shell.example", example=found)
    return msg("hint.shell.see_help", command=ctx.command_path if ctx is not None else "tasplus")


class TasplusCommand(TyperCommand):
    """Every leaf command: readable metavars, and a missing value asked for or refused by name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
                param.metavar = metavar(param)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                pieces += param.get_usage_pieces(ctx)
                continue
            name = param.metavar + ("..." if param.nargs != 1 else "")
            pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """Arguments and options as Click lays them out, arguments named by their metavar alone."""
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((param.metavar, record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse; a missing required value is asked for on a terminal, else refused by name."""
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        given = list(args)
        options: list[str] = []
        positional: list[str] = []
        while True:
            try:
                rest = super().parse_args(ctx, _with(given, options, positional))
                break
            except UsageError as e:
                if not isinstance(e, MissingParameter) or e.param is None or ctx.resilient_parsing:
                    e.ctx = e.ctx or ctx  # the parser's own errors come without the command
                    raise
                value = self._ask(ctx, e.param, given)
                if e.param.param_type_name == "option":
                    options.append(f"{flag(e.param)}={value}")
                else:
                    positional.append(value)
                ctx.params.clear()
        ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            env().settle_language()
            raise InvalidValue(plural("error.shell.extra_arguments", len(rest), arguments=short(" ".join(rest), 200)),
                               help_hint(ctx))
        return rest

    def invoke(self, ctx: Any) -> Any:
        police(ctx)
        return super().invoke(ctx)

    @staticmethod
    def _ask(ctx: Any, param: Any, given: list[str]) -> str:
        """The value of a missing ``param``: typed at the terminal, or refused naming the flag."""
        env().settle_language()
        about = _first_sentence(param.help)
        if env().interactive and "--no-input" not in given:
            from tasplus_cli.cli.prompts import missing_value

            return missing_value(msg("prompt.shell.missing", name=flag(param), help=about.rstrip(".") or flag(param)))
        message = msg("error.shell.missing", name=flag(param), help=about) if about else \
            msg("error.shell.missing_bare", name=flag(param))
        raise InvalidValue(message, help_hint(ctx))


def _with(given: list[str], options: list[str], positional: list[str]) -> list[str]:
    """A new list (the parser consumes its argument): ``given`` with typed options (``--flag=value``,
    before any ``--``) and arguments (after one)."""
    if not options and not positional:
        return list(given)
    cut = given.index("--") if "--" in given else len(given)
    tail = given[cut:] if cut < len(given) else (["--"] if positional else [])
    return given[:cut] + options + tail + positional


class ShellGroup(TyperGroup):
    """Every group: its help when called bare, and the tool's own words for an unknown or missing command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invoke_without_command = True  # so that a missing command reaches invoke, which refuses it

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())
            ctx.exit(0)
        try:
            return super().parse_args(ctx, args)
        except UsageError as e:
            e.ctx = e.ctx or ctx
            raise

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            env().settle_language()
            close = difflib.get_close_matches(name, self.list_commands(ctx))
            hint = msg("hint.shell.did_you_mean", words=", ".join(close), command=ctx.command_path) if close else \
                msg("hint.shell.commands", command=ctx.command_path)
            raise InvalidValue(msg("error.shell.no_such_command", command=ctx.command_path, name=name), hint)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        result = super().invoke(ctx)
        if ctx.invoked_subcommand is None:
            env().settle_language()
            raise InvalidValue(msg("error.shell.missing_command"), msg("hint.shell.commands", command=ctx.command_path))
        return result


class LazyCommands(MutableMapping):
    """A group's commands by name, each built by ``load(name)`` when first looked up: the names
    (and their order) are known without importing anything. Iterating the names loads nothing;
    ``items()``/``values()`` load every command (the reference, the full help)."""

    def __init__(self, names: Iterable[str], load: Callable[[str], Any]) -> None:
        self._names = list(names)
        self._load = load
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = self._load(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._names:
            self._names.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names


class TasplusGroup(ShellGroup):
    """The root ``tasplus``: every error reported one way (completers are attached to each
    command as it is built: ``cli/app.load``)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # names only: nothing is loaded to list them

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # the root sees every argument once
        reset()
        ctx.meta["tasplus.longest_argument"] = max(map(len, args), default=0)
        with reported():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        with reported():
            check_length(ctx.meta.get("tasplus.longest_argument", 0))
            police(ctx)
            return super().invoke(ctx)


def adopt(app: typer.Typer, command_cls: type = TasplusCommand, group_cls: type = ShellGroup) -> None:
    """Make ``command_cls`` and ``group_cls`` the class of every command and group under ``app``
    (unless one names its own): the one place the whole tree gets the shell's behaviour."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):  # Typer's default, filled in by ``Typer.command``
            info.cls = command_cls
    for info in app.registered_groups:
        own = info.typer_instance.info.cls
        if isinstance(info.cls, DefaultPlaceholder) and isinstance(own, DefaultPlaceholder):
            info.cls = group_cls
        adopt(info.typer_instance, command_cls, group_cls)
