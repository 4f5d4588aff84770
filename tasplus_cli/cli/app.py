"""The root ``tasplus`` command: global options and the command tree (CLI.md).

Each noun lives in its own module with its own ``typer.Typer()``; this module
only names them (``COMMANDS``, in the order ``--help`` lists them: single
commands first, then groups, as Typer orders them). A command's module is
imported, and Typer builds its Click command, only when the command is named
(``LazyCommands`` in ``cli/command.py``): ``tasplus opp show`` loads ``cli/opp.py``
alone; ``--help``, the reference and completion of the top level load every
one, as before. Each loaded command gets the shell's classes (``adopt``) and
its completers (``cli/complete.attach``) as it is built. Nothing here imports
the store.
"""


from __future__ import annotations

from typing import Any, Optional

import typer

from tasplus_cli import __version__
from tasplus_cli.cli.command import LazyCommands, TasplusGroup, adopt
from tasplus_cli.cli.env import Env, set_env
from tasplus_cli.cli.lazy_coercion import install as install_lazy_coercion

install_lazy_coercion()

# name → (module in tasplus_cli.cli, attribute: a command function or a group's Typer). Typer lists
# single commands first, then groups: getting started, the weekly reports, then the nouns in the
# order of the method. tests/cli/test_help.py checks every entry loads and --help lists them all.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("setup", "init"), "demo": ("setup", "demo"), "funnel": ("funnel", "funnel"),
    "report": ("report", "report"), "forecast": ("forecast", "forecast"), "plan": ("plan", "plan"),
    "analyze": ("analyze", "analyze"), "winrate": ("winrate", "winrate"), "map": ("map", "map_"),
    "import": ("io", "import_cmd"), "export": ("io", "export_cmd"),
    "review": ("review", "app"), "opp": ("opp", "app"), "user": ("user", "app"), "account": ("account", "app"),
    "contact": ("contact", "app"), "event": ("event", "app"), "competitor": ("competitor", "app"),
    "survey": ("survey", "app"), "stakeholder": ("stakeholder", "app"), "activity": ("activity", "app"),
    "coach": ("coach", "app"), "strategy": ("strategy", "strategy_app"), "tactic": ("strategy", "tactic_app"),
    "value": ("value", "app"), "target": ("target", "app"), "fx": ("fx", "app"), "config": ("config_cmd", "app"),
    "db": ("db", "app"),
}


def load(name: str) -> Any:
    """The Click command ``name`` of the root, built by Typer exactly as a sub-command of ``app``
    would be (same settings: no rich markup, plain exceptions), with the shell's classes and completers."""
    from tasplus_cli.cli.complete import attach

    module, attribute = COMMANDS[name]
    # __import__, not importlib.import_module: the same import as a statement (python -X importtime shows it)
    target = getattr(__import__(f"tasplus_cli.cli.{module}", fromlist=[attribute]), attribute)
    holder = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    adopt(holder)
    group = typer.main.get_group(holder)
    attach(group)
    return group.commands[name]


class RootGroup(TasplusGroup):
    """``tasplus`` itself: its commands are ``COMMANDS``, each built when first named."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(COMMANDS, load)


app = typer.Typer(
    cls=RootGroup,
    name="tasplus",
    help="TAS+ for B2B sales teams: deals through the seven stages, graded, with gates and history.\n\n"
         "Start with tasplus demo, then tasplus opp list.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tasplus {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Optional[str] = typer.Option(None, "--db", help="Database file or URL (overrides TASPLUS_DB and the config).",
                                     metavar="PATH|URL"),
    no_input: bool = typer.Option(False, "--no-input", help="Never prompt; a missing value is an error."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    if db and "://" in db:
        from urllib.parse import urlsplit

        from tasplus_cli.domain.errors import InvalidValue
        from tasplus_cli.messages import msg

        if urlsplit(db).password:  # a flag shows in ps and the shell history
            raise InvalidValue(msg("error.shell.db_password"), msg("hint.shell.db_password"))
    set_env(Env(db_flag=db, no_input_flag=no_input))  # the config's language is set when it is read
