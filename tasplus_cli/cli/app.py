"""The root ``tasplus`` command: global options and the command tree (CLI.md).

Each noun lives in its own module with its own ``typer.Typer()``; this module
only composes them. Nothing here imports the store.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli import __version__
from tasplus_cli.cli import account, config_cmd, contact, event, opp, setup
from tasplus_cli.cli.env import Env, set_env
from tasplus_cli.cli.errors import TasplusGroup

app = typer.Typer(
    cls=TasplusGroup,
    name="tasplus",
    help="TAS+ for B2B sales teams: deals through the seven stages, graded, with gates and history.\n\n"
         "Start with [bold]tasplus demo[/bold], then [bold]tasplus opp list[/bold].",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",
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
    set_env(Env(db_flag=db, no_input_flag=no_input))


app.add_typer(config_cmd.app, name="config")
app.add_typer(account.app, name="account")
app.add_typer(contact.app, name="contact")
app.add_typer(opp.app, name="opp")
app.add_typer(event.app, name="event")
setup.register(app)
